"""Old formats a party still sends (issue 22): a Word 97-2003 .doc, an Excel 97-2003 .xls and a Rich Text .rtf
are converted by LibreOffice and read as Word and Excel files are; one LibreOffice cannot convert, and a format
no converter here takes, is named for staff, with no request to the party. The old files are written here by
LibreOffice itself from files python-docx and openpyxl made."""
from __future__ import annotations

import io
import shutil
from typing import Any

import docx
import pytest

from parsers import read_mail, reading_of
from tests.parsers import containermaker as cm
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH, score

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="tests/run.sh installs LibreOffice (tests/servers/libreoffice.py)")


def _word_form() -> bytes:
    """The Word form with a closing line after its last table (as a filled-in form ends: a greeting)."""
    d = docx.Document(io.BytesIO(om.word_form()))
    d.add_paragraph("Med venlig hilsen, Kystby Kommune")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _only_document(reading: dict[str, Any]) -> dict[str, Any]:
    (doc,) = reading["documents"]
    assert isinstance(doc, dict)
    return doc


@needs_soffice
@pytest.mark.parametrize("suffix,ctype,make,source", [
    (".doc", "application/msword", _word_form, ".docx"),
    (".rtf", "application/rtf", _word_form, ".docx"),
    (".xls", "application/vnd.ms-excel", om.excel_form, ".xlsx")])
def test_an_old_format_attached_is_converted_and_read_as_the_form(suffix: str, ctype: str, make: Any,
                                                                   source: str) -> None:
    old = om.soffice_convert(make(), source, suffix.lstrip("."))
    reading = read_mail(cm.mail_with([(f"Informationsskema{suffix}", ctype, old)])).as_json()
    doc = _only_document(reading)
    assert doc["filename"] == f"Informationsskema{suffix}"
    assert doc["kind"] == "information_form"
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong
    assert not [p for p in reading["message"]["problems"] if p["code"] == "unsupported_attachment"]


@needs_soffice
def test_an_old_word_file_given_alone_is_read() -> None:
    old = om.soffice_convert(_word_form(), ".docx", "doc")
    doc = _only_document(reading_of(old, "Skema.doc").as_json())
    assert doc["kind"] == "information_form"
    assert doc["fields"]["cvr"] == FORM_TRUTH["cvr"]


@needs_soffice
def test_an_rtf_without_a_name_is_known_by_its_content() -> None:
    old = om.soffice_convert(_word_form(), ".docx", "rtf")
    reading = read_mail(cm.mail_with([("", "application/rtf", old)])).as_json()
    assert _only_document(reading)["fields"]["organisation"] == FORM_TRUTH["organisation"]


def test_a_damaged_old_word_file_reaches_staff_without_a_request_to_the_party() -> None:
    """Garbage behind a Word file's header: LibreOffice reads it as some text or not at all; either way it is no
    document of the case's, staff are told of it by its name, and nothing asks the party for anything."""
    broken = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20
    reading = read_mail(cm.mail_with([("Aftale.doc", "application/msword", broken)])).as_json()
    problems = [p for d in reading["documents"] for p in d["problems"]] + reading["message"]["problems"]
    assert all(d["kind"] == "unknown" and d["filename"] == "Aftale.doc" for d in reading["documents"])
    assert {p["code"] for p in problems} <= {"unknown_document", "unsupported_attachment"}
    assert problems and all("staff" in p["message"] and "please" not in p["message"].lower() for p in problems)


def test_a_file_named_doc_that_is_no_word_file_is_not_converted() -> None:
    reading = read_mail(cm.mail_with([("Aftale.doc", "application/msword", b"just some text, not a document")]))
    (p,) = [p for p in reading.as_json()["message"]["problems"] if p["code"] == "unsupported_attachment"]
    assert "not in that format" in p["message"]


@needs_soffice
@pytest.mark.parametrize(("fmt", "name"), [("pptx", "skema.pptx"), ("ppt", "skema.ppt"), ("pptx", "")])
def test_a_form_set_as_powerpoint_slides_is_read_as_its_impress_copy(fmt: str, name: str) -> None:
    """The ninth hand's form as slides, saved by LibreOffice Impress as PowerPoint (.pptx, .ppt; one without a
    name is known by its parts): converted back to .odp and read as the slides are (before: named for staff as a
    format the bot does not read, every answer lost)."""
    import random

    from bench.outside import ninth_hand as n9
    from bench.outside.deliveries import accusing

    p = n9.ninth_party(random.Random(11), "laboratory")
    a = n9.Answers(random.Random(11), p, "", False)
    data = om.soffice_convert(n9._impress_slides(random.Random(11), a).encode(), ".fodp", fmt)
    reading = read_mail(cm.mail_with([(name, "application/octet-stream", data)])).as_json()
    doc = _only_document(reading)
    f = doc["fields"]
    assert doc["kind"] == "information_form"
    assert (f["organisation"], f["cvr"]) == (p.organisation, p.cvr)
    assert f["ip_scopes"] == a.nets
    assert accusing(reading) == []


def test_a_damaged_old_presentation_is_named_for_staff() -> None:
    reading = read_mail(cm.mail_with([("Slides.ppt", "application/vnd.ms-powerpoint", b"\xd0\xcf\x11\xe0" * 64)]))
    (p,) = [p for p in reading.as_json()["message"]["problems"] if p["code"] == "unsupported_attachment"]
    assert p["filename"] == "Slides.ppt" and "please" not in p["message"].lower()


def test_old_files_beyond_a_mails_share_are_named_for_staff_unread() -> None:
    """Each conversion costs LibreOffice seconds: a mail's fourth and later old files are named for staff with
    the reason (the reading must fit its time), never dropped and never asked for again."""
    from parsers.office.legacy import MAX_CONVERSIONS

    junk = b"just some text, not a document"
    files = [(f"Bilag {k}.doc", "application/msword", junk) for k in range(MAX_CONVERSIONS + 2)]
    problems = read_mail(cm.mail_with(files)).as_json()["message"]["problems"]
    named = {p["filename"]: p["message"] for p in problems if p["code"] == "unsupported_attachment"}
    assert set(named) == {name for name, _, _ in files}
    beyond = [f"Bilag {k}.doc" for k in range(MAX_CONVERSIONS, MAX_CONVERSIONS + 2)]
    assert all("only the first" in named[b] and "staff" in named[b] for b in beyond)


@needs_soffice
def test_an_old_word_file_is_converted_inside_the_daemons_bounded_reading_child() -> None:
    """The daemon reads in a child whose address space may grow by only parse_memory_mb (128 MB by default);
    LibreOffice maps some 400 MB as it starts, so under that cap every .doc came out unconverted ("may be damaged
    or protected") and the party's agreements and form went to staff as unread."""
    from parsers import bounded
    old = om.soffice_convert(_word_form(), ".docx", "doc")
    mail = cm.mail_with([("Informationsskema.doc", "application/msword", old)])
    reading = bounded.read_mail_bounded(mail, max_memory_mb=128, timeout_s=60).as_json()
    assert not [p for p in reading["message"]["problems"] if p["code"] == "unsupported_attachment"], reading
    assert _only_document(reading)["kind"] == "information_form"
