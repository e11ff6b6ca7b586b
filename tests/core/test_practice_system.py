"""A practice names the medical system that connects it in its own words (issue 22, bench/outside/mail_hand.py):
"Vores lægesystem er fra Novax, som står for forbindelsen", "We use XMO as our medical system, and they connect
us". Read only as "our system provider is X", such an exempt practice was told its connection agreement was
missing (a wrong word); a system it merely uses, with no word of the connection, exempts nothing."""
from __future__ import annotations

import random
from dataclasses import replace
from email.message import EmailMessage

import pytest

from bench.outside import mail_hand
from bench.outside.people import party
from mailbot.core.case import Case
from mailbot.core.machine import decide
from mailbot.core.party import guess_umbrella
from parsers.mail.reader import read_mail
from tests.parsers.mailmaker import headers

from .helpers import SETTINGS, agreement, at, party_mail

NOW = at("2026-11-16T10:00:00")
DPA = "data_processor_agreement"


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("client", ["outlook", "gmail", "thunderbird", "webhtml"])
def test_a_practice_naming_the_system_that_connects_it_is_asked_only_for_the_dpa(language: str, client: str) -> None:
    p = replace(party(random.Random(7), "practitioner", language), connected_via="Novax")
    words = mail_hand.words("inquiry", p, [], [DPA], random.Random(1), "")
    head = headers(EmailMessage(), f"{p.org_contact.name} <{p.org_contact.email}>", "SDN")
    writer = mail_hand.Writer(p.org_contact.name, p.org_contact.email, "", p.org_contact.local_phone)
    raw = mail_hand.party_message(head, client, words, writer, p, [], None, random.Random(2)).as_bytes()
    body = read_mail(raw).message.body_text
    d = decide(Case(ref="SDN-2026-0040"), party_mail(body=body, language=language), NOW, SETTINGS)
    assert d.case.party_type == "practitioner" and d.case.umbrella == "Novax"
    assert d.mails[0].context["required_documents"] == [DPA]
    # the signed DPA is the whole set: the form is asked for, not a connection agreement
    nxt = decide(d.case, party_mail(agreement(DPA, org=p.organisation, cvr=p.cvr), language=language), NOW, SETTINGS)
    assert [m.step for m in nxt.mails if m.role == "party"] == ["information_form_request"]


@pytest.mark.parametrize("text, expected", [
    ("Vores lægesystem er fra Novax, som står for forbindelsen.", "Novax"),
    ("We use XMO as our medical system, and they connect us.", "XMO"),
    ("Our medical system is from Multimed and they connect us to SDN.", "Multimed"),
    ("Lægesystem: Clinea Data (vi er tilsluttet gennem dem)", "Clinea Data"),
    ("Vores lægesystem er fra Novax.", None),  # a system used, not said to connect them
    ("We use XMO as our medical system.", None),
    ("Vi vil gerne tilsluttes. Vores lægesystem er ikke opdateret.", None),
])
def test_the_system_named_with_the_connection_is_the_umbrella(text: str, expected: str | None) -> None:
    assert guess_umbrella(text, "practitioner") == expected
    assert guess_umbrella(text, "region") is None
