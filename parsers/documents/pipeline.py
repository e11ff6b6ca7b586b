"""read_pdf: one PDF document as the contract's document object."""
from __future__ import annotations

import unicodedata
from typing import Any

from ..problems import problem
from .agreements import AGREEMENT_FIELDS, read_agreement
from .form import FORM_FIELDS, read_information_form
from .kinds import classify
from .page import MAX_PDF_BYTES, read_content

AGREEMENTS = ("connection_agreement", "data_processor_agreement", "sub_data_processor_agreement")


# files that are something else, even when a PDF is hidden inside (an uncompressed ZIP holds one whole)
_OTHER_FORMATS = ((b"PK\x03\x04", "a ZIP archive"), (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"),
                  (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\xd0\xcf\x11\xe0", "an Office document"),
                  (b"MZ", "a program"), (b"\x7fELF", "a program"))


def empty_fields(kind: str) -> dict[str, Any]:
    """The contract's fields of a kind, all absent."""
    if kind in AGREEMENTS:
        return {k: (False if k == "signed" else None) for k in AGREEMENT_FIELDS}
    if kind == "information_form":
        f: dict[str, Any] = {k: None for k in FORM_FIELDS}
        f["technical_contacts"], f["ip_scopes"] = [], []
        f["org_contact"] = {"name": None, "email": None, "phone": None}
        f["installation_address"] = {"street": None, "postcode": None, "city": None}
        return f
    return {}


def read_pdf(data: bytes, filename: str) -> dict[str, Any]:
    """The document object {filename, kind, fields, problems} of contracts.md section 1.

    Never raises on bad input: an unreadable, encrypted or oversized PDF is a document with a problem.
    """
    filename = unicodedata.normalize("NFC", filename or "document.pdf")
    doc: dict[str, Any] = {"filename": filename, "kind": "unknown", "fields": {}, "problems": []}
    if len(data) > MAX_PDF_BYTES:
        doc["problems"].append(problem("too_large", f"The PDF is {len(data) / 1e6:.0f} MB; the limit is "
                                       f"{MAX_PDF_BYTES // 1_000_000} MB."))
        return doc
    if not data:
        doc["problems"].append(problem("unreadable", f"The PDF {filename} is empty (0 bytes)."))
        return doc
    other = next((what for magic, what in _OTHER_FORMATS if data.startswith(magic)), None)
    if other or b"%PDF-" not in data[:1024]:  # PDF readers look only there; pdfminer would search on
        what = other or "something else"
        doc["problems"].append(problem("not_pdf", f"The attachment {filename} is not a PDF file (it is {what}). "
                                       "Please send the document itself as a PDF."))
        return doc
    try:
        content = read_content(data)
    except Exception as exc:  # last line of defence: report, never crash the caller
        doc["problems"].append(problem("unreadable", f"The PDF could not be read ({type(exc).__name__})."))
        return doc
    if content.error == "encrypted":
        doc["problems"].append(problem("encrypted", "The PDF is protected by a password; please send it "
                                       "without a password."))
        return doc
    if content.error:
        doc["problems"].append(problem(content.error, " ".join(content.notes) or "The PDF could not be read."))
        return doc
    if any("MemoryError" in n for n in content.notes):  # a page that inflates beyond the reader's memory cap
        doc["problems"].append(problem("too_large", "The PDF expands to more than can be read safely "
                                       "(" + "; ".join(content.notes)[:200] + ")."))
        return doc
    broken = [n for n in content.notes if "could not be read" in n]
    if not content.has_text and broken:  # not a scan: the reader failed on it (a bomb, a broken stream)
        doc["problems"].append(problem("unreadable", "The PDF could not be read (" + "; ".join(broken)[:200]
                                       + "). Please send it again, saved anew as PDF."))
        return doc
    if not content.has_text:
        doc["problems"].append(problem("unreadable", "The PDF has no text layer (a scan or an image); please "
                                       "send the filled-in PDF itself or fill in the form electronically."))
        return doc
    if any("pages" in n or "stopped" in n or "too much" in n for n in content.notes):
        doc["problems"].append(problem("too_large", " ".join(content.notes)))
    kind = classify(content)
    doc["kind"] = kind
    try:
        if kind in AGREEMENTS:
            doc["fields"], probs = read_agreement(content)
            doc["signatures"] = doc["fields"].pop("signatures", [])  # how each signature was judged
        elif kind == "information_form":
            doc["fields"], probs = read_information_form(content)
        else:
            probs = []
    except Exception as exc:  # a layout we did not foresee must not lose the mail
        doc["fields"] = empty_fields(kind)
        probs = [problem("parse_error", f"The document could not be interpreted ({type(exc).__name__}).")]
    doc["problems"].extend(probs)
    return doc
