"""The ZIP package of a .docx, .xlsx, .odt or .ods, checked before any XML in it is parsed.

Word, Excel and ODF files are ZIP archives of XML. A hostile one can inflate far beyond its size (a
zip bomb) or carry a DTD whose entities expand a billion times or reach outside (XXE). The formats
themselves never use a DTD, so a part that declares one is refused outright, whatever the parser
would have done with it (python-docx's lxml parser does not resolve entities, openpyxl parses through
defusedxml, our ODF reader through defusedxml too: this is the guard in front of all three).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .. import budget

MAX_ENTRIES = 2_000
MAX_RATIO = 200          # inflated / compressed of one part over 1 MB: a text part compresses 5-20 times
MAX_PART_BYTES = 30_000_000
MAX_XML_BYTES = 8_000_000  # one XML part: a 100-page Word document's is a few MB, and a parsed tree costs ~10x


class Refused(Exception):
    """The package is not read; `code` is the problem code, the message says why in plain words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Package:
    zip: zipfile.ZipFile
    names: list[str]

    def read(self, name: str) -> bytes:
        return self.zip.read(name)


def _password_protected(data: bytes) -> bool:
    """A Word, Excel or PowerPoint file saved with a password to open it: not a ZIP at all, but an OLE compound
    file holding the encrypted package (`EncryptionInfo` and `EncryptedPackage`, MS-OFFCRYPTO), as Office and
    LibreOffice write it."""
    if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return False
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return bool(ole.exists("EncryptedPackage") and ole.exists("EncryptionInfo"))
    except Exception:  # noqa: BLE001 - not a compound file olefile reads: damaged, as said
        return False


def open_package(data: bytes, what: str) -> Package:
    """The checked package, or Refused naming the reason (`what`: "The Word file x.docx")."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        if _password_protected(data):
            raise Refused("encrypted", f"{what} is protected by a password; please send it without a "
                          "password.") from exc
        raise Refused("unreadable", f"{what} is damaged and could not be opened ({type(exc).__name__}); "
                      "please save it again and resend it, or send it as a PDF.") from exc
    if len(infos) > MAX_ENTRIES:
        raise Refused("too_large", f"{what} holds {len(infos):,} parts; at most {MAX_ENTRIES:,} are read.")
    limit = budget.current().max_inflated_bytes
    total = sum(i.file_size for i in infos)
    if total > limit:
        budget.hit("max_inflated_bytes", f"{what} inflates to {total:,} bytes (limits.max_inflated_bytes)")
        raise Refused("too_large", f"{what} inflates to {total / 1e6:,.0f} MB; at most {limit / 1e6:,.0f} MB is "
                      "read (limits.max_inflated_bytes).")
    for i in infos:
        if i.flag_bits & 0x1:
            raise Refused("encrypted", f"{what} is protected by a password; please send it without a password.")
        bomb = i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(1, i.compress_size)
        if i.file_size > MAX_PART_BYTES or bomb:
            raise Refused("too_large", f"{what} holds a part ({i.filename}) that inflates to {i.file_size:,} "
                          "bytes, far beyond a document's (a zip bomb?); it was not read.")
    pkg = Package(z, [i.filename for i in infos])
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")):
            if i.file_size > MAX_XML_BYTES:
                raise Refused("too_large", f"{what} holds an XML part ({i.filename}) of {i.file_size / 1e6:,.0f} MB; "
                              f"at most {MAX_XML_BYTES // 1_000_000} MB is read. Please send it as a PDF.")
            _no_dtd(pkg.read(i.filename), i.filename, what)
    return pkg


def _no_dtd(xml: bytes, name: str, what: str) -> None:
    """Refuse a part that declares a DTD or entities (XXE, billion laughs); ODF and OOXML never do."""
    text = xml
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = xml.decode("utf-16", "replace").encode("utf-8", "replace")
    elif xml[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        text = xml.decode("utf-16-le" if xml[0] == 0x3C else "utf-16-be", "replace").encode("utf-8", "replace")
    upper = text.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise Refused("unreadable", f"{what} declares a DTD or XML entities in {name}, which Office and "
                      "LibreOffice files never do (it may be crafted to attack the reader); it was not read. "
                      "Please send the document as a PDF.")
