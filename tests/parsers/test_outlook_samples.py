"""Outlook items saved by Outlook itself, not by our own writer (tests/parsers/msgmaker.py): no library here
writes a real .msg, so three of MSGReader's test samples (MIT licence, tests/parsers/samples/outlook/LICENSE)
are read as a party sends them, attached to a mail. Every file the item holds, its attached item's included, is
read, left alone with a reason or named in a problem: none is dropped silently."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parsers import read_mail
from tests.parsers import containermaker as cm

SAMPLES = Path(__file__).with_name("samples") / "outlook"
OUTLOOK = "application/vnd.ms-outlook"


def read_item(name: str) -> dict[str, Any]:
    return read_mail(cm.mail_with([(name, OUTLOOK, (SAMPLES / name).read_bytes())])).as_json()


def accounted(reading: dict[str, Any]) -> set[str]:
    """The names of every file the reading says something of: read, left alone or named in a problem."""
    names = {d["filename"] for d in reading["documents"]}
    names |= {i.split(": ")[0] for i in reading["message"]["ignored_attachments"]}
    names |= {p["filename"] for p in reading["message"]["problems"] if p.get("filename")}
    return names


def files_in(name: str) -> set[str]:
    """What extract-msg lists in the item, its attached items opened in turn, as paths the party sees."""
    import extract_msg
    from extract_msg.enums import AttachmentType

    out: set[str] = set()

    def walk(item: Any, path: str) -> None:
        for a in item.attachments:
            if a.type == AttachmentType.MSG:
                walk(a.data, f"{path}/{a.displayName}")
            else:
                out.add(f"{path}/{a.longFilename or a.shortFilename}")

    item = extract_msg.openMsg(str(SAMPLES / name), strict=False)
    try:
        walk(item, name)
    finally:
        item.close()
    return out


@pytest.mark.parametrize("name", ["EmailWithInnerMailAndAttachments.msg", "EmailWith2Attachments.msg",
                                  "EmailWithAttachments.msg"])
def test_every_file_in_a_real_outlook_item_is_read_or_named(name: str) -> None:
    reading = read_item(name)
    inside = files_in(name)
    assert inside, "the sample holds files"
    assert inside <= accounted(reading), sorted(inside - accounted(reading))
    assert not [p for p in reading["message"]["problems"] if p["code"] == "malformed_mail"]


def test_the_files_of_an_item_attached_to_the_item_keep_its_path() -> None:
    """PDFs of the item and of the mail attached to it, each read as a PDF under the path the party sees."""
    reading = read_item("EmailWithInnerMailAndAttachments.msg")
    assert sorted(d["filename"] for d in reading["documents"]) == [
        "EmailWithInnerMailAndAttachments.msg/Inner mail/INNER 1.pdf",
        "EmailWithInnerMailAndAttachments.msg/Inner mail/INNER 2.pdf",
        "EmailWithInnerMailAndAttachments.msg/OUTER 1.pdf", "EmailWithInnerMailAndAttachments.msg/OUTER 2.pdf"]


def test_word_and_excel_files_in_a_real_outlook_item_are_read_as_office_files() -> None:
    reading = read_item("EmailWith2Attachments.msg")
    assert sorted((d["filename"].rsplit(".", 1)[1], d["source"]) for d in reading["documents"]) == [
        ("docx", "office"), ("xlsx", "office")]


def test_an_outlook_item_given_on_its_own_is_read_as_the_files_it_holds() -> None:
    """`mailbot parse Aftale.msg`: the item's files, as when it comes attached (it was read as a mail of MIME
    defects and nothing else)."""
    from parsers import reading_of

    name = "EmailWithInnerMailAndAttachments.msg"
    reading = reading_of((SAMPLES / name).read_bytes(), name).as_json()
    assert reading["message"] is None
    assert {d["filename"] for d in reading["documents"]} == files_in(name)
