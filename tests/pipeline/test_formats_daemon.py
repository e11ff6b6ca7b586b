"""Word forms, Word agreements and phone photos through the running bot (Maildir in, .eml out, the
parse workers, the case machine): what the party is told, what staff are asked, what TDC receives."""
from __future__ import annotations

import email.utils
import shutil
from email.message import EmailMessage
from typing import Any

import pytest

from tests.parsers import officemaker as om

from . import mails
from .conftest import Bot, steps

PARTY = mails.PARTY[1]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VESTBY_FORM: dict[str, Any] = {
    "organisation": "Vestby Kommune", "cvr": "29189846", "party_type": "municipality", "connected_via": None,
    "org_contact": {"name": "Mette Holm", "email": PARTY, "phone": "+4530593086"},
    "technical_contacts": [{"name": "Jonas Krag", "email": "jonas.krag@vestby-kommune.example",
                            "phone": "+4521436587"}],
    "ip_scopes": ["10.42.0.0/24", "10.42.8.0/22"],
    "installation_address": {"street": "Rådhuspladsen 1", "postcode": "9999", "city": "Vestby"},
}
VESTBY_PARTY = {"organisation": "Vestby Kommune", "cvr": "29189846", "signatory_name": "Mette Holm",
                "signatory_title": "Digitaliseringschef"}


def party_mail(ref: str, subject: str, at: str, *files: tuple[str, bytes, str]) -> bytes:
    m = EmailMessage()
    m["From"] = email.utils.formataddr(mails.PARTY)
    m["To"] = "MedCom SDN <sdn@medcom.example>"
    m["Subject"] = f"SV: [{ref}] {subject}"
    m["Date"] = email.utils.format_datetime(email.utils.parsedate_to_datetime("Mon, 16 Nov 2026 09:00:00 +0100"))
    m["Message-ID"] = email.utils.make_msgid(domain="vestby-kommune.example")
    m.set_content("Hej\n\nHermed.\n\nSendt fra min iPhone\n")
    for name, data, ctype in files:
        main, sub = ctype.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    del at
    return m.as_bytes()


def started(bot: Bot) -> str:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    return str(bot.case()["ref"])


def test_a_word_form_goes_to_tdc_as_it_came(bot: Bot) -> None:
    ref = started(bot)
    bot.deliver(mails.agreements(ref))
    assert steps(bot.cycle("2026-11-09T09:15:00+01:00")) == [("information_form_request", PARTY)]
    bot.deliver(party_mail(ref, "Informationsskema", "", ("Informationsskema.docx", om.word_form(VESTBY_FORM), DOCX)))
    out = bot.cycle("2026-11-16T09:15:00+01:00")
    assert [s for s, _ in steps(out)] == ["forwarded_to_tdc", "tdc_order"]
    order = next(m for m in out if m["X-SDN-Step"] == "tdc_order")
    assert [p.get_filename() for p in order.iter_attachments()] == ["Informationsskema.docx"]
    assert bot.case()["ip_scopes"] == VESTBY_FORM["ip_scopes"]


def test_an_unsigned_word_agreement_is_answered_not_signed(bot: Bot) -> None:
    ref = started(bot)
    bot.deliver(party_mail(ref, "Aftaler", "",
                           ("Tilslutningsaftale.docx", om.word_agreement(party=VESTBY_PARTY), DOCX),
                           ("Databehandleraftale.pdf", mails.agreement("data_processor_agreement"),
                            "application/pdf")))
    out = bot.cycle("2026-11-09T09:15:00+01:00")
    assert steps(out) == [("agreements_incomplete", PARTY)]
    text = " ".join(out[0].get_body(("plain",)).get_content().split())
    assert "Tilslutningsaftale.docx" in text
    assert "underskriv PDF-filen digitalt" in text and "scannede sider" in text  # how to sign, in Danish


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tests/run.sh installs tesseract-ocr")
def test_a_photo_of_the_signed_agreement_goes_to_staff_and_the_party_is_not_asked_again(bot: Bot) -> None:
    ref = started(bot)
    photo = om.page_photo(mails.agreement("connection_agreement"), angle=2.0)
    bot.deliver(party_mail(ref, "Aftaler", "", ("IMG_0001.JPG", photo, "image/jpeg"),
                           ("Databehandleraftale.pdf", mails.agreement("data_processor_agreement"),
                            "application/pdf")))
    out = bot.cycle("2026-11-04T09:15:00+01:00")  # before the starter pack's reminder is due
    assert [s for s, _ in steps(out)] == ["staff_notice"]
    assert bot.case()["needs_attention"] is True


def test_form_details_written_in_the_mail_wait_for_staff_and_nothing_goes_to_tdc(bot: Bot) -> None:
    ref = started(bot)
    bot.deliver(mails.agreements(ref))
    bot.cycle("2026-11-09T09:15:00+01:00")
    body = ("Hej MedCom\n\nHer er vores oplysninger:\n\nOrganisation: Vestby Kommune\nCVR: 29189846\n"
            "Teknisk kontakt: Jonas Krag, jonas.krag@vestby-kommune.example, 21436587\n"
            "IP-adresser: 10.42.0.0/24\nInstallationsadresse: Rådhuspladsen 1, 9999 Vestby\n\nMvh Mette Holm\n")
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{ref}] Informationsskema", body, "2026-11-12T09:00:00+01:00"))
    out = bot.cycle("2026-11-12T09:15:00+01:00")  # before the form request's reminder is due
    assert [s for s, _ in steps(out)] == ["staff_notice"]  # staff confirm; no order to TDC, no word to the party
    case = bot.case()
    assert case["state"] == "clarification" and case["needs_attention"] is True
    assert case["ip_scopes"] == ["10.42.0.0/24"]
