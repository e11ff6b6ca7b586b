"""Strict Open XML (ISO/IEC 29500 Strict: Word's "Strict Open XML Document" and Excel's "Strict Open XML
Spreadsheet"): the same parts as a transitional file, under other namespaces (`http://purl.oclc.org/ooxml/...`
where a transitional file says `http://schemas.openxmlformats.org/.../2006/...`). python-docx and openpyxl know
only the transitional ones: python-docx found no document part and openpyxl no sheet, so the file was
`unreadable` and the party asked to send it again. The package is read with its namespaces named back, as Office
does when it opens one; the values Strict writes otherwise (`true` for `1`, measures with units) are ones the
transitional schema accepts too."""
from __future__ import annotations

import io
import re
import zipfile

_STRICT = b"http://purl.oclc.org/ooxml/"
_OFFICE_DOCUMENT = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
# the Strict names whose transitional twins are spelt otherwise (ECMA-376 part 1, annex A; the rest map
# `purl.oclc.org/ooxml/<area>/<name>` to `schemas.openxmlformats.org/<area>/2006/<name>`)
_RENAMED = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties"}
_NAMESPACE = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)((?:/[A-Za-z]+)?)")


def is_strict(rels: bytes) -> bool:
    """Is this the package of a Strict file, by its main part's relationship type (`_rels/.rels`)?"""
    return _OFFICE_DOCUMENT in rels


def _named_back(xml: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        area, name, rest = m.group(1), m.group(2), m.group(3)
        if rest:  # a relationship type: .../officeDocument/relationships/<type>
            rest = b"/" + _RENAMED.get(rest[1:], rest[1:])
        return b"http://schemas.openxmlformats.org/" + area + b"/2006/" + _RENAMED.get(name, name) + rest

    return _NAMESPACE.sub(one, xml)


def transitional(z: zipfile.ZipFile, names: list[str]) -> bytes:
    """The package with its XML parts' Strict namespaces named back (the parts were checked by open_package)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for name in names:
            data = z.read(name)
            if name.lower().endswith((".xml", ".rels", ".vml")) and _STRICT in data:
                data = _named_back(data)
            new.writestr(name, data)
    return out.getvalue()
