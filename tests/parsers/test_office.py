"""Word, Excel and LibreOffice files read as the PDF is: same fields, same kinds, same problems.

Every fixture is made here with python-docx, openpyxl or LibreOffice (tests/parsers/officemaker.py).
"""
from __future__ import annotations

import email.utils
import io
import json
import shutil
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from parsers import read_mail
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH, score

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="tests/run.sh installs LibreOffice (tests/servers/libreoffice.py)")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def mail_with(*files: tuple[str, bytes, str]) -> bytes:
    m = EmailMessage()
    m["From"] = "Anna Holm <anna.holm@kystby.example>"
    m["To"] = "sdn@medcom.example"
    m["Subject"] = "Informationsskema"
    m["Date"] = email.utils.format_datetime(email.utils.localtime())
    m["Message-ID"] = email.utils.make_msgid(domain="kystby.example")
    m.set_content("Hej MedCom\n\nHermed vores dokumenter.\n\nAnna Holm\n")
    for name, data, ctype in files:
        main, sub = ctype.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return m.as_bytes()


def only_doc(raw: bytes) -> dict[str, Any]:
    out = read_mail(raw).as_json()
    (doc,) = out["documents"]
    return doc


def codes(doc: dict[str, Any]) -> list[str]:
    return [p["code"] for p in doc["problems"]]


@pytest.mark.parametrize("boxes", ["sdt", "legacy"])
def test_word_form_with_content_controls_and_check_boxes_reads_every_field(boxes: str) -> None:
    doc = only_doc(mail_with(("Informationsskema.docx", om.word_form(boxes=boxes), DOCX)))
    assert doc["kind"] == "information_form" and doc["source"] == "office"
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong
    assert codes(doc) == [] and doc["ocr"] is False


def test_a_content_control_still_showing_its_prompt_is_empty_not_a_value() -> None:
    doc = only_doc(mail_with(("Informationsskema.docx", om.word_form(empty_field="organisation"), DOCX)))
    assert doc["fields"]["organisation"] is None
    assert "Klik" not in json.dumps(doc["fields"], ensure_ascii=False)
    assert "missing_field" in codes(doc)


def test_excel_form_reads_every_field() -> None:
    doc = only_doc(mail_with(("Informationsskema.xlsx", om.excel_form(), "application/octet-stream")))
    assert doc["kind"] == "information_form"
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong


@needs_soffice
def test_excel_formula_is_read_as_the_value_the_spreadsheet_computed() -> None:
    saved = om.soffice_convert(om.excel_form(formula=True), ".xlsx", "xlsx")  # recalculated and saved
    doc = only_doc(mail_with(("Informationsskema.xlsx", saved, "application/vnd.openxmlformats-officedocument"
                                                               ".spreadsheetml.sheet")))
    assert doc["fields"]["organisation"] == "Kystby Kommune"


@needs_soffice
@pytest.mark.parametrize("name,make,to", [
    ("Informationsskema.odt", lambda: om.word_form(), "odt"),
    ("Informationsskema-felter.odt", lambda: om.word_form(boxes="legacy"), "odt"),
    ("Informationsskema.ods", lambda: om.excel_form(formula=True), "ods"),
])
def test_libreoffice_files_read_as_the_form(name: str, make: Any, to: str) -> None:
    data = om.soffice_convert(make(), ".xlsx" if to == "ods" else ".docx", to)
    doc = only_doc(mail_with((name, data, "application/octet-stream")))
    assert doc["kind"] == "information_form"
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong


@pytest.mark.parametrize("name,make", [
    ("Informationsskema.docx", lambda: om.word_form()),
    ("Informationsskema-felter.docx", lambda: om.word_form(boxes="legacy")),
    ("Informationsskema.xlsx", lambda: om.excel_form()),
])
def test_strict_open_xml_is_read_as_the_form(name: str, make: Any) -> None:
    """Word's and Excel's "Strict Open XML" save (namespaces under purl.oclc.org): before, python-docx found no
    document part and openpyxl no sheet, and the file was `unreadable`, the party asked to send it again."""
    strict = om.strict_ooxml(make())
    assert b"purl.oclc.org/ooxml/" in zipfile.ZipFile(io.BytesIO(strict)).read("_rels/.rels")
    doc = only_doc(mail_with((name, strict, "application/octet-stream")))
    assert doc["kind"] == "information_form"
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong
    assert codes(doc) == []


def test_a_strict_word_agreement_is_judged_as_a_transitional_one() -> None:
    doc = only_doc(mail_with(("Tilslutningsaftale.docx", om.strict_ooxml(om.word_agreement()), DOCX)))
    plain = only_doc(mail_with(("Tilslutningsaftale.docx", om.word_agreement(), DOCX)))
    assert (doc["kind"], doc["fields"], codes(doc)) == (plain["kind"], plain["fields"], codes(plain))


def test_unsigned_word_agreement_is_the_agreement_and_not_signed_with_how_to_sign() -> None:
    doc = only_doc(mail_with(("Tilslutningsaftale.docx", om.word_agreement(), DOCX)))
    assert doc["kind"] == "connection_agreement"
    assert doc["fields"]["organisation"] == om.AGREEMENT_PARTY["organisation"]
    assert doc["fields"]["cvr"] == om.AGREEMENT_PARTY["cvr"] and doc["fields"]["signed"] is False
    (ns,) = [p for p in doc["problems"] if p["code"] == "not_signed"]
    assert "Tilslutningsaftale.docx" in ns["message"]
    assert "digitally" in ns["how_to_sign"] and "print" in ns["how_to_sign"] and "scan" in ns["how_to_sign"]
    assert "uncertain" not in codes(doc)


@pytest.mark.parametrize("what", ["typed", "picture"])
def test_word_agreement_with_something_like_a_signature_goes_to_staff_not_to_the_party(what: str) -> None:
    picture = om.logo((300, 100)) if what == "picture" else None
    doc = only_doc(mail_with(("Tilslutningsaftale.docx", om.word_agreement(typed_name=what == "typed",
                                                                             picture=picture), DOCX)))
    assert doc["kind"] == "connection_agreement" and doc["fields"]["signed"] is False
    assert "not_signed" not in codes(doc)
    assert any(p["code"] == "uncertain" and p.get("field") == "signed" for p in doc["problems"])


@needs_soffice
def test_unsigned_agreement_as_odt_is_not_signed() -> None:
    data = om.soffice_convert(om.word_agreement(), ".docx", "odt")
    doc = only_doc(mail_with(("Tilslutningsaftale.odt", data, "application/vnd.oasis.opendocument.text")))
    assert doc["kind"] == "connection_agreement" and "not_signed" in codes(doc)


def test_a_signatory_in_an_unlabelled_word_signature_block_is_read_as_printed() -> None:
    """Name and title on lines of their own under the space to sign in, in a table that spans the page: the
    name is no caption's next line and the title no wrapped end of the name (both were read so, with confidence,
    where the layout packed the table's columns as narrow as their text)."""
    doc = only_doc(mail_with(("Tilslutningsaftale.docx", om.word_agreement_unlabelled_block(), DOCX)))
    fields = doc["fields"]
    assert doc["kind"] == "connection_agreement"
    assert (fields["signatory_name"], fields["signatory_title"]) == (om.AGREEMENT_PARTY["signatory_name"],
                                                                     "Digitaliseringschef")


def _own_template_as(fmt: str) -> dict[str, Any]:
    data = om.own_template_dpa()
    if fmt == "odt":
        data = om.soffice_convert(data, ".docx", "odt")
    ctype = DOCX if fmt == "docx" else "application/vnd.oasis.opendocument.text"
    return only_doc(mail_with((f"Databehandleraftale.{fmt}", data, ctype)))


@pytest.mark.parametrize("fmt", ["docx", pytest.param("odt", marks=needs_soffice)])
def test_own_template_agreement_as_word_or_odt_is_judged_by_its_template_alone(fmt: str) -> None:
    """The party's own DPA sent as an editable file: `wrong_template` (staff decide), never also told that it
    is unsigned, as its PDF is not."""
    doc = _own_template_as(fmt)
    assert doc["kind"] == "data_processor_agreement"
    assert codes(doc) == ["wrong_template"]
    assert doc["signatures"] == []


@pytest.mark.parametrize("name,ctype,data,words", [
    ("Informationsskema.doc", "application/msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "Word 97-2003"),
    ("Slides.ppt", "application/vnd.ms-powerpoint", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "PowerPoint 97-2003"),
    ("Noter.pages", "application/octet-stream", b"PK\x03\x04" + b"\0" * 60, "Apple Pages"),
])
def test_legacy_and_unknown_formats_get_a_reason_naming_the_file(name: str, ctype: str, data: bytes,
                                                                  words: str) -> None:
    out = read_mail(mail_with((name, data, ctype))).as_json()
    assert out["documents"] == []
    (p,) = [p for p in out["message"]["problems"] if p["code"] == "unsupported_attachment"]
    assert name in p["message"] and words in p["message"]


def test_damaged_word_file_is_unreadable_with_its_name() -> None:
    broken = om.word_form()[:4000]
    doc = only_doc(mail_with(("Informationsskema.docx", broken, DOCX)))
    assert doc["kind"] == "unknown" and codes(doc) == ["unreadable"]
    assert "Informationsskema.docx" in doc["problems"][0]["message"]


def test_word_file_without_its_extension_is_known_by_its_parts() -> None:
    doc = only_doc(mail_with(("skema", om.word_form(), "application/octet-stream")))
    assert doc["kind"] == "information_form"


def test_password_protected_office_part_is_encrypted() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buf.getvalue())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag bit on every entry
        at = data.find(sig)
        while at >= 0:
            off = at + (6 if sig == b"PK\x03\x04" else 8)
            data[off] |= 1
            at = data.find(sig, at + 4)
    doc = only_doc(mail_with(("Informationsskema.docx", bytes(data), DOCX)))
    assert codes(doc) == ["encrypted"]


def test_mailbot_parse_reads_office_files_given_on_their_own(tmp_path: Path) -> None:
    path = tmp_path / "Informationsskema.docx"
    path.write_bytes(om.word_form())
    p = subprocess.run([sys.executable, "-m", "mailbot", "parse", str(path)], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["message"] is None
    (doc,) = out["documents"]
    assert doc["kind"] == "information_form" and doc["fields"]["cvr"] == FORM_TRUTH["cvr"]
    legacy = tmp_path / "Aftale.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    p = subprocess.run([sys.executable, "-m", "mailbot", "parse", str(legacy)], capture_output=True, text=True,
                       timeout=120)
    (doc,) = json.loads(p.stdout)["documents"]
    assert doc["problems"][0]["code"] == "unsupported_attachment" and "Aftale.doc" in doc["problems"][0]["message"]


def test_an_oversized_xml_part_is_refused_before_it_is_parsed() -> None:
    src = zipfile.ZipFile(io.BytesIO(om.word_form()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":  # 9 MB of paragraphs: far more than a form
                para = b"<w:p><w:r><w:t>lorem ipsum</w:t></w:r></w:p>"
                data = data.replace(b"<w:body>", b"<w:body>" + para * 200_000)
            z.writestr(info.filename, data)
    doc = only_doc(mail_with(("Informationsskema.docx", buf.getvalue(), DOCX)))
    assert codes(doc) == ["too_large"] and "word/document.xml" in doc["problems"][0]["message"]


@pytest.mark.parametrize(("name", "fmt"), [("Skema.docx", "docx"), ("Skema.xlsx", "xlsx")])
def test_a_file_saved_with_a_password_is_encrypted_not_damaged(name: str, fmt: str) -> None:
    """Office saves a password-protected .docx or .xlsx as an OLE compound file holding `EncryptionInfo` and
    `EncryptedPackage` (MS-OFFCRYPTO; written here by the tests' MS-CFB writer): `encrypted`, as a PDF with a
    password is (before: "damaged and could not be opened (BadZipFile)")."""
    from parsers.office import read_office
    from tests.parsers.msgmaker import Node, compound_file

    data = compound_file([Node("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00" + bytes(200)),
                          Node("EncryptedPackage", bytes(4096))])
    [doc] = read_office(data, name, fmt)
    assert [p.code for p in doc.problems] == ["encrypted"]
    assert "password" in doc.problems[0].message
