"""What a party wrote in a message its mail carries is its words (issue 22): a form written in the body of an
Outlook item (attached, or given alone) or of a mail forwarded as an attachment is read as the mail's own text is,
named for the message, `from_mail` and `uncertain` for staff; an item that only says "here is the agreement"
gives no form. The items are written by the tests' own .msg writer (msgmaker), the mails by the standard
library."""
from __future__ import annotations

import email.utils
from email.message import EmailMessage
from typing import Any

from parsers import read_mail, reading_of
from tests.parsers import containermaker as cm
from tests.parsers import pdfmaker
from tests.parsers.msgmaker import outlook_item

OUTLOOK = "application/vnd.ms-outlook"
FORM_IN_TEXT = ("Hej MedCom\n\nHer er vores svar til informationsskemaet:\n\n"
                "Organisation: Kystby Kommune\nCVR-nummer: 29189919\n\n"
                "Teknisk kontakt: Bo Berg\nE-mail: bo.berg@kystby.example\nTelefon: 87654321\n\n"
                "IP-adresser: 10.1.0.0/24\n\nMed venlig hilsen\nKaren Lund\n")


def _form(reading: dict[str, Any]) -> dict[str, Any]:
    (doc,) = [d for d in reading["documents"] if d["kind"] == "information_form"]
    assert isinstance(doc, dict)
    return doc


def _party_read(doc: dict[str, Any]) -> None:
    assert doc["fields"]["organisation"] == "Kystby Kommune"
    assert doc["fields"]["cvr"] == "29189919"
    assert [c["email"] for c in doc["fields"]["technical_contacts"]] == ["bo.berg@kystby.example"]
    assert doc["fields"]["ip_scopes"] == ["10.1.0.0/24"]
    assert doc["from_mail"] is True
    assert any(p["code"] == "uncertain" and p.get("from_mail") for p in doc["problems"])


def test_a_form_written_in_an_attached_outlook_items_body_is_read_as_the_partys_words() -> None:
    item = outlook_item("Informationsskema", [], body=FORM_IN_TEXT)
    reading = read_mail(cm.mail_with([("VS Skema.msg", OUTLOOK, item)], subject="VS: skema")).as_json()
    doc = _form(reading)
    assert doc["filename"] == "VS Skema.msg/(mail body)"
    _party_read(doc)


def test_a_form_written_in_an_outlook_item_given_alone_is_read() -> None:
    doc = _form(reading_of(outlook_item("Informationsskema", [], body=FORM_IN_TEXT), "Skema.msg").as_json())
    assert doc["filename"] == "Skema.msg/(mail body)"
    _party_read(doc)


def test_a_form_written_in_a_mail_forwarded_as_an_attachment_is_read() -> None:
    inner = EmailMessage()
    inner["From"] = "Karen Lund <karen.lund@kystby.example>"
    inner["To"] = "it@kystby.example"
    inner["Subject"] = "Informationsskema"
    inner["Date"] = email.utils.format_datetime(email.utils.localtime())
    inner.set_content(FORM_IN_TEXT)
    outer = EmailMessage()
    outer["From"] = "Sekretariatet <sekretariat@kystby.example>"
    outer["To"] = "sdn@medcom.example"
    outer["Subject"] = "VS: Informationsskema"
    outer.set_content("Videresendt, se nedenfor.")
    outer.add_attachment(inner)
    _party_read(_form(read_mail(outer.as_bytes()).as_json()))


def test_an_item_that_only_carries_the_agreement_gives_no_form_from_its_text() -> None:
    agreement = pdfmaker.pdf([pdfmaker.lines(60, 80, ["Tilslutningsaftale", "Organisation: Kystby Kommune",
                                                      "CVR-nr.: 29189919"])])
    item = outlook_item("Aftale", [("Tilslutningsaftale.pdf", "application/pdf", agreement)],
                        body="Hej\n\nHermed den underskrevne aftale.\n\nMvh Karen Lund\n87654321")
    reading = read_mail(cm.mail_with([("Aftale.msg", OUTLOOK, item)])).as_json()
    assert [d["filename"] for d in reading["documents"]] == ["Aftale.msg/Tilslutningsaftale.pdf"]
    assert not [d for d in reading["documents"] if d["filename"].endswith("(mail body)")]


def test_the_mails_own_form_wins_over_one_in_a_held_item() -> None:
    """A form in the mail's own text is the party's newest word: an older one in an attached item adds none."""
    item = outlook_item("Informationsskema", [], body=FORM_IN_TEXT.replace("10.1.0.0/24", "10.9.0.0/24"))
    own = FORM_IN_TEXT
    msg = EmailMessage()
    msg["From"] = "Karen Lund <karen.lund@kystby.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = "Informationsskema"
    msg.set_content(own)
    msg.add_attachment(item, maintype="application", subtype="vnd.ms-outlook", filename="Gammel.msg")
    doc = _form(read_mail(msg.as_bytes()).as_json())
    assert doc["filename"] == "(mail body)"
    assert doc["fields"]["ip_scopes"] == ["10.1.0.0/24"]
