"""From a PDF's bytes to its readings: the page model, the kind(s), each kind's reader, confidence.

One pdfplumber pass builds the page model (page.py; OCR for pages without a usable text layer);
kinds.py weighs the evidence for what each part of the file is and splits a file holding several
documents; the agreement and form readers pair labels (vocabulary.toml) with typed values; and
confidence.py says how sure each field is, raising `uncertain` where a guess would be acted on.

A document is a `Document` (the core's model) from here on, through the dispatch, the Office, picture and
mail-body readers, the mail reader, the agreement and the form reader; `read_pdf` and `read_pdf_all` hand
out `Document`s too, and only `Document.as_json()` writes the contract's JSON (what `mailbot parse` prints).
"""
from __future__ import annotations

import copy
import hashlib
import unicodedata
from collections import OrderedDict

from mailbot.core.judgements import missing
from mailbot.core.vocabulary import AGREEMENT_KINDS, DocumentKind

from .. import budget
from ..problems import new_problem
from ..reading import AgreementFields, Document, Fields, FormFields, OtherFields, Problem, Signature
from .agreements import AGREEMENT_FIELDS, read_agreement
from .confidence import judge
from .form import FORM_FIELDS
from .kinds import classify, split
from .page import MAX_PDF_BYTES, PdfContent, read_content
from .positions import locate
from .prose import read_form

AGREEMENTS = AGREEMENT_KINDS


# files that are something else, even when a PDF is hidden inside (an uncompressed ZIP holds one whole)
_OTHER_FORMATS = ((b"PK\x03\x04", "a ZIP archive"), (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"),
                  (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\xd0\xcf\x11\xe0", "an Office document"),
                  (b"MZ", "a program"), (b"\x7fELF", "a program"))


def empty_fields(kind: str) -> Fields:
    """The contract's fields of a kind, all absent (given, so the contract prints each as absent)."""
    if kind in AGREEMENTS:
        return AgreementFields.model_validate({k: (False if k == "signed" else None) for k in AGREEMENT_FIELDS})
    if kind == DocumentKind.INFORMATION_FORM:
        f: dict[str, object] = {k: None for k in FORM_FIELDS}
        f["technical_contacts"], f["ip_scopes"] = [], []
        f["org_contact"] = {"name": None, "email": None, "phone": None}
        f["installation_address"] = {"street": None, "postcode": None, "city": None}
        return FormFields.model_validate(f)
    return OtherFields()


def read_pdf(data: bytes, filename: str) -> Document:
    """The first document of a PDF (contracts.md section 1: `as_json()` writes it as the contract's object)."""
    return read_pdf_all(data, filename)[0]


# readings of PDFs already read by this process, by the file's bytes, name and budgets (see remember_readings)
_READ: OrderedDict[tuple[bytes, str, budget.Budgets], list[Document]] | None = None
_READ_MAX = 0


def remember_readings(entries: int) -> None:
    """Keep the readings of the last `entries` PDFs this process read, so the same file read again (a
    signed agreement sent to two addresses, a form attached again to a reminder's answer, the starter
    pack's own documents quoted back) costs a lookup. A reading is a function of the file's bytes, its name
    and the budgets alone; a reading that hit a budget is not kept. For the long-lived parse workers
    (parsers/bounded.py); 0 switches it off."""
    global _READ, _READ_MAX
    _READ, _READ_MAX = (OrderedDict(), entries) if entries > 0 else (None, 0)


def read_pdf_all(data: bytes, filename: str) -> list[Document]:
    """Every document in a PDF; a file holding two documents (an agreement followed by the information form,
    say) gives two.

    Never raises on bad input: an unreadable, encrypted or oversized PDF is a document with a problem.
    """
    if _READ is None:
        return _read_pdf_all(data, filename)
    key = (hashlib.sha256(data).digest(), filename, budget.current())
    known = _READ.get(key)
    if known is not None:
        _READ.move_to_end(key)
        return copy.deepcopy(known)
    hits = len(budget.all_hits())
    docs = _read_pdf_all(data, filename)
    if len(budget.all_hits()) == hits:
        _READ[key] = copy.deepcopy(docs)
        while len(_READ) > _READ_MAX:
            _READ.popitem(last=False)
    return docs


def amended(doc: Document, **given: object) -> Document:
    """The document with `given` keys set: a key it has keeps its place, a new one is written after the others
    (as the contract prints them: a source's own keys, `source` and `pictures`, come last)."""
    return Document.model_validate(doc.as_json() | given)


def _unread(filename: str, code: str, message: str) -> list[Document]:
    """A PDF nothing was read from: one document of no kind, with the problem that says why."""
    return [Document(filename=filename, kind=DocumentKind.UNKNOWN, fields=OtherFields(),
                     problems=[new_problem(code, message)])]


def _read_pdf_all(data: bytes, filename: str) -> list[Document]:
    filename = unicodedata.normalize("NFC", filename or "document.pdf")
    if len(data) > MAX_PDF_BYTES:
        return _unread(filename, "too_large", f"The PDF is {len(data) / 1e6:.0f} MB; the limit is "
                       f"{MAX_PDF_BYTES // 1_000_000} MB.")
    if not data:
        return _unread(filename, "unreadable", f"The PDF {filename} is empty (0 bytes).")
    other = next((what for magic, what in _OTHER_FORMATS if data.startswith(magic)), None)
    if other or b"%PDF-" not in data[:1024]:  # PDF readers look only there; pdfminer would search on
        what = other or "something else"
        return _unread(filename, "not_pdf", f"The attachment {filename} is not a PDF file (it is {what}). "
                       "Please send the document itself as a PDF.")
    try:
        content = read_content(data)
    except Exception as exc:  # last line of defence: report, never crash the caller
        return _unread(filename, "unreadable", f"The PDF could not be read ({type(exc).__name__}).")
    if content.error == "encrypted":
        return _unread(filename, "encrypted", "The PDF is protected by a password; please send it "
                       "without a password.")
    if content.error == "too_large":  # over a budget ([limits]): which one is in the notes
        return _unread(filename, "too_large", "The PDF is beyond what is read safely: "
                       + "; ".join(content.notes)[:300] + ".")
    if content.error:
        return _unread(filename, content.error, " ".join(content.notes) or "The PDF could not be read.")
    if any("MemoryError" in n for n in content.notes):  # a page that inflates beyond the reader's memory cap
        return _unread(filename, "too_large", "The PDF expands to more than can be read safely "
                       "(" + "; ".join(content.notes)[:200] + ").")
    broken = [n for n in content.notes if "could not be read" in n]
    if not content.has_text and broken:  # not a scan: the reader failed on it (a bomb, a broken stream)
        return _unread(filename, "unreadable", "The PDF could not be read (" + "; ".join(broken)[:200]
                       + "). Please send it again, saved anew as PDF.")
    if not content.has_text:
        why = ("its text does not decode (a broken text layer)" if content.broken_pages
               else "it has no text layer (a scan or an image)")
        return _unread(filename, "unreadable", f"The PDF could not be read: {why}, and it could not be "
                       "read by OCR either; please send the filled-in PDF itself or fill in the "
                       "form electronically.")
    limits = [new_problem("too_large", " ".join(content.notes))] if any(
        "pages" in n or "stopped" in n or "too much" in n for n in content.notes) else []
    return read_page_model(content, filename, limits)


def read_page_model(content: PdfContent, filename: str, limits: list[Problem] | None = None,
                    kind: DocumentKind | None = None) -> list[Document]:
    """Every document in a page model, whatever it was read from: a PDF, a Word, Excel or ODF file
    laid out as pages (parsers/office), photos of pages (parsers/images), a form in a mail's body.
    `kind`: the caller knows what it is (the form in a mail's body), so it is one document of that kind."""
    if kind is not None:
        return [_read_part(content, filename, list(limits or []), kind=kind)]
    parts = split(content)
    return [_read_part(part, filename, list(limits or []), content if len(parts) > 1 else None) for part in parts]


def _read_part(content: PdfContent, filename: str, limits: list[Problem],
               whole: PdfContent | None = None, kind: DocumentKind | None = None) -> Document:
    """One document of a PDF. `whole` is the whole file when this is a part of it: an agreement's
    signatures are judged over the file (an invisible signature signs all of it), its blocks on its pages.

    The agreement and form readers give the model's fields and problems; a field a kind has not is still
    refused where the parse stage checks a reading strictly."""
    kind = kind or classify(content)
    signatures: list[Signature] | None = None
    fields: Fields
    try:
        if kind in AGREEMENTS:
            agreement = read_agreement(whole, content.pages_read) if whole is not None else read_agreement(content)
            fields, signatures, problems = agreement.fields, agreement.signatures, agreement.problems
        elif kind == DocumentKind.INFORMATION_FORM:
            # a form written as a letter is read by its sentences' meaning, a grid by its labels
            fields, problems = read_form(content)
        else:
            fields = OtherFields()
            problems = [new_problem("unknown_document", "This PDF is none of the documents the SDN connection needs "
                              "(a connection agreement, a data processor agreement, a sub-data processor "
                              "agreement or the information form); a staff member will look at it.")]
    except Exception as exc:  # a layout we did not foresee must not lose the mail
        fields = empty_fields(kind)
        signatures = None
        problems = [new_problem("parse_error", f"The document could not be interpreted ({type(exc).__name__}).")]
    if content.ocr_pages:  # a scan's signature is in the picture: OCR cannot say it is missing
        problems = [p for p in problems if p.code != "not_signed"]
    problems = limits + problems
    confidence, uncertain = judge(kind, fields, problems, content)
    problems = missing.unproven(problems, {p.field for p in uncertain}) + uncertain
    given: dict[str, object] = {"signatures": signatures} if signatures is not None else {}
    return Document.model_validate({
        "filename": filename, "kind": kind, "fields": fields, "problems": problems, **given,
        "ocr": bool(content.ocr_pages), "confidence": confidence,
        "positions": locate(content, fields),  # where each value stands, for staff to see it outlined
    })
