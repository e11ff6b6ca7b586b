"""The information form written in an HTML-only mail with no table (Outlook's Word HTML, one <p class=MsoNormal>
a line), our request quoted below it (bench/outside/mail_hand.py, issue 22): read as the form from the mail, as
its plain-text twin is. Looked for only in a table before, it was not read; the party's form then was never
received, and the party was reminded to send it."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

import pytest

from bench.outside import mail_hand
from bench.outside.people import party
from parsers import read_mail
from tests.parsers.mailmaker import from_kystby

OURS = ("Kære Anna\n\nJeres aftaler er godkendt. Udfyld venligst informationsskemaet med:\n\n- tekniske "
        "kontaktpersoner: navn, e-mail og telefonnummer\n- SDN IP-scope i CIDR-form (fx 10.20.0.0/24)\n"
        "- installationsadresse\n\nMedCom")


@pytest.mark.parametrize("quoted", [True, False])
@pytest.mark.parametrize("language", ["da", "en"])
def test_a_form_in_outlook_html_is_read_from_the_mail(quoted: bool, language: str) -> None:
    p = replace(party(random.Random(11), "laboratory", language), connected_via=None)
    words = mail_hand.words("body_form", p, [], [], random.Random(3), "")
    ours = mail_hand.Ours(OURS, "[SDN-2026-0001] Aftaler godkendt", datetime(2026, 12, 7, 10, 12),
                          p.org_contact.email)
    quote = (mail_hand.quote_head("outlook", ours, language == "en") + "\n\n" + OURS) if quoted else None
    writer = mail_hand.Writer(p.org_contact.name, p.org_contact.email, "IT-konsulent", p.org_contact.local_phone)
    msg = mail_hand.party_message(from_kystby("SV: [SDN-2026-0001] Informationsskema"), "outlook", words, writer, p,
                                  [], quote, random.Random(4))
    assert not msg.get_body(("plain",))  # HTML only
    docs = read_mail(msg.as_bytes()).documents
    assert [d.kind for d in docs] == ["information_form"]
    f = docs[0].form()
    assert f is not None
    assert f.ip_scopes == p.ip_scopes
    assert [c.email for c in f.technical_contacts] == [t.email for t in p.technical]
    assert f.installation_address is not None and f.installation_address.postcode == p.installation.postcode
    assert any(pr.code == "uncertain" for pr in docs[0].problems)  # from the mail: staff confirm it


def test_an_outlook_mail_without_a_form_gives_none() -> None:
    p = party(random.Random(12), "municipality", "da")
    words = mail_hand.words("question", p, [], [], random.Random(5), "")
    writer = mail_hand.Writer(p.org_contact.name, p.org_contact.email, "", p.org_contact.local_phone)
    msg = mail_hand.party_message(from_kystby("Spørgsmål"), "outlook", words, writer, p, [], None, random.Random(6))
    assert read_mail(msg.as_bytes()).documents == []
