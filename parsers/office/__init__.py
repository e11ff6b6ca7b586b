"""Word, Excel and OpenDocument files read into the PDF reader's page model, then read as a PDF is.

Each format's module turns the file into blocks (paragraphs, table rows, page breaks; docx.py,
xlsx.py, odf.py), layout.py places them as positioned lines and words, and the document pipeline
(parsers/documents/pipeline.read_page_model) gives the kinds, fields, problems and confidence,
unchanged. The ZIP package and its XML are checked first (package.py).

An agreement is signed by a digital signature on a PDF or by hand on paper: a Word or ODF file
cannot carry either. What the file holds where a signature may be (pictures, a typed name, an XML
signature part) is judged in the core (mailbot/core/judgements/signing.py): `not_signed` with how to
sign it when there is nothing, else staff decide (`uncertain`), never the bot.
"""
from __future__ import annotations

import unicodedata

from mailbot.core.judgements import signing
from mailbot.core.vocabulary import AGREEMENT_KINDS, DocumentKind

from ..problems import new_problem
from ..reading import Document, Problem
from . import strict
from .layout import Paragraph, lay_out
from .package import Refused, open_package
from .remarks import Remark, remarks_problem, sheet_comments

FORMATS = {"docx": "Word file", "xlsx": "Excel workbook", "odt": "LibreOffice/OpenDocument text",
           "ods": "LibreOffice/OpenDocument spreadsheet", "odp": "LibreOffice/OpenDocument presentation"}


def _failed(filename: str, code: str, message: str) -> list[Document]:
    return [Document.model_validate({"filename": filename, "kind": DocumentKind.UNKNOWN, "fields": {},
                                     "problems": [new_problem(code, message)], "source": "office"})]


def read_office(data: bytes, filename: str, fmt: str) -> list[Document]:
    """Every document in an Office file of format `fmt` ("docx", "xlsx", "odt", "ods"), as
    `Document`s (contracts.md's document objects). Never raises on bad input."""
    from ..documents.pipeline import amended, read_page_model  # local: pipeline imports this package's callers

    filename = unicodedata.normalize("NFC", filename)
    what = f"The {FORMATS[fmt]} {filename}"
    notes: list[str] = []
    pictures = 0
    xml_signed = False
    header: list[Paragraph] = []
    footer: list[Paragraph] = []
    remarks: list[Remark] = []
    controls = 0
    revisions = 0
    try:
        pkg = open_package(data, what)
        if fmt in ("docx", "xlsx") and "_rels/.rels" in pkg.names and strict.is_strict(pkg.read("_rels/.rels")):
            data = strict.transitional(pkg.zip, pkg.names)  # Word's or Excel's Strict Open XML, named back
            pkg = open_package(data, what)
        if fmt == "docx":
            from .docx import read_docx

            word = read_docx(data, pkg.names)
            blocks, pictures, xml_signed = word.blocks, word.pictures, word.digitally_signed
            header = [b for b in word.header if isinstance(b, Paragraph)]
            footer = [b for b in word.footer if isinstance(b, Paragraph)]
            remarks, controls, revisions = word.remarks, word.controls, word.revisions
        elif fmt == "xlsx":
            from .sheet_parts import activex_controls
            from .xlsx import read_xlsx

            blocks = read_xlsx(data, notes)
            remarks, controls = sheet_comments(pkg), activex_controls(data)
        else:
            from .odf import read_odf

            if "content.xml" not in pkg.names:
                raise Refused("unreadable", f"{what} has no content (content.xml is missing); please save it "
                              "again or send it as a PDF.")
            odf = read_odf(pkg.read("content.xml"), pkg.read("styles.xml") if "styles.xml" in pkg.names else None)
            blocks, pictures, header, footer, remarks = odf.blocks, odf.pictures, odf.header, odf.footer, odf.remarks
            xml_signed = any(n.startswith("META-INF/documentsignatures") for n in pkg.names)
    except Refused as exc:
        return _failed(filename, exc.code, str(exc))
    except MemoryError:
        raise
    except Exception as exc:  # a damaged file the libraries refuse: a reason, never a crash
        return _failed(filename, "unreadable", f"{what} could not be read ({type(exc).__name__}); please save "
                       "it again and resend it, or send it as a PDF.")
    content = lay_out(blocks, header, footer)
    content.notes.extend(notes)
    if not content.has_text:
        return _failed(filename, "unreadable", f"{what} holds no text the reader can use.")
    limits = [new_problem("too_large", "; ".join(content.notes))] if content.notes else []
    doubts = [p for p in (remarks_problem(remarks, what), _unread_controls(controls, what),
                          _unaccepted(revisions, what)) if p is not None]
    docs = [amended(doc, source="office", problems=[*doc.problems, *doubts])
            for doc in read_page_model(content, filename, limits)]
    return [_judge_signing(doc, what, pictures, xml_signed) if doc.kind in AGREEMENT_KINDS else doc for doc in docs]


def _unread_controls(count: int, what: str) -> Problem | None:
    """The `uncertain` problem for a Word file's or a workbook's ActiveX form controls, whose answers the reader
    cannot see (a value typed into one, a box ticked, reads as nothing: never `missing` to the party on that word);
    None without any."""
    if not count:
        return None
    return new_problem("uncertain", f"{what} holds {'a form control' if count == 1 else f'{count} form controls'} "
                       "(ActiveX) whose answers the reader cannot read; a member of staff should check the file, or "
                       "ask for it as a PDF.")


def _unaccepted(count: int, what: str) -> Problem | None:
    """The `uncertain` problem for a Word file with tracked changes not yet accepted: it is read as it will stand
    (insertions in, deletions out), but which words stand is the party's decision, not yet made; None without."""
    if not count:
        return None
    return new_problem("uncertain", f"{what} holds {'a tracked change' if count == 1 else f'{count} tracked changes'} "
                       "not yet accepted or rejected; it is read as it would stand with them accepted, and a member of "
                       "staff should check which words the party meant.")


def _own_template(doc: Document) -> bool:
    """An agreement on another template than MedCom's (positive evidence, `wrong_template`): it is judged by its
    template alone, as its PDF is (parsers/documents/agreements.py), and staff decide; whether it is signed is
    never asked on top, since the party must sign MedCom's template anyway."""
    return any(p.code == "wrong_template" for p in doc.problems)


def _judge_signing(doc: Document, what: str, pictures: int, xml_signed: bool) -> Document:
    """An agreement in an editable file, judged by the core (mailbot/core/judgements/signing.py) on what the
    file holds: its pictures, an XML signature, and whether its laid-out pages read as signed (a typed name)."""
    from ..documents.pipeline import amended

    if _own_template(doc):
        return amended(doc, problems=[p for p in doc.problems if p.code != "not_signed"], signatures=[])
    fields = doc.agreement()
    judged = signing.judge(signing.SigningEvidence(editable=signing.EditableFile(
        what, pictures=pictures, xml_signature=xml_signed, read_as_signed=bool(fields and fields.signed))))
    problems = [p for p in doc.problems if p.code != "not_signed"]
    problems += judged.problems
    if judged.not_signed is not None:
        problems.append(judged.not_signed)
    if fields is not None:
        fields.signed = judged.signed
    if judged.confidence is not None:
        confidence = {**doc.confidence, "signed": judged.confidence}
        return amended(doc, problems=problems, signatures=[], confidence=confidence)
    return amended(doc, problems=problems, signatures=[])
