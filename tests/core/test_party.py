"""Guessing the party from its own words, and telling an inquiry from other mail."""
from __future__ import annotations

import pytest

from mailbot.core.party import guess_party_type, guess_umbrella, looks_like_inquiry
from mailbot.core.readings import Document


@pytest.mark.parametrize("text, expected", [
    ("Fjordby Kommune ønsker at blive tilsluttet", "municipality"),
    ("Region Nordjylland, IT", "region"),
    ("Strandvejens Apotek", "pharmacy"),
    ("Lægerne i Søndergade I/S er en lægepraksis", "practitioner"),
    ("Lægehuset Tornby ønsker at blive tilsluttet", "practitioner"),
    ("Privathospitalet Kildegården", "private_hospital"),
    ("Nordlab Laboratorium ApS", "laboratory"),
    ("CareLink Systems ApS er systemleverandør", "it_supplier"),
    ("Vi er en forening", None),
])
def test_party_type_from_danish_words(text: str, expected: str | None) -> None:
    assert guess_party_type(text, "da") == expected


@pytest.mark.parametrize("text, expected", [
    ("We are a hospital in Malmö", "foreign"),
    ("Nørreå Health AB, filial af svensk selskab, would like to connect", "foreign"),
    ("Vogel Medical GmbH, dansk filial", "foreign"),
    ("Mosede Strand Data A/S would like to be connected to SDN", "it_supplier"),
    ("Ålund Kommune would like to be connected", "municipality"),
    ("Hospitalsenheden Rønnebæk would like to join", "public_hospital"),
    ("Birkelund Apotek would like to join", "pharmacy"),
    ("Hvidmose Laboratorium ApS would like to join", "laboratory"),
])
def test_english_is_foreign_unless_the_party_names_itself_in_danish(text: str, expected: str) -> None:
    # Danish organisations write English too: their legal form or Danish name says they are Danish
    assert guess_party_type(text, "en") == expected


def test_english_means_foreign_and_umbrellas() -> None:
    assert guess_party_type("We are a hospital in Malmö", "en") == "foreign"
    assert guess_umbrella("Kommunen er tilsluttet via KMD", "municipality") == "KMD"
    assert guess_umbrella("KMD har udsendt et nyhedsbrev", "municipality") is None
    assert guess_umbrella("via vores systemleverandør, Praksys Data A/S.", "practitioner") == "Praksys Data A/S"
    assert guess_umbrella("via KMD", "region") is None


@pytest.mark.parametrize("subject, body, docs, cvrs, expected", [
    ("Tilslutning til SDN", "", [], [], True),
    ("Spørgsmål", "Vi vil gerne tilsluttes Sundhedsdatanettet", [], [], True),
    ("Connecting", "We would like to connect to the Danish Health Data Network", [], [], True),
    ("Hej", "Se vedhæftede", [{"kind": "connection_agreement"}], [], True),
    ("Hej", "CVR 29189846", [], ["29189846"], True),
    ("Cheap watches", "Buy now", [], [], False),
    ("Faktura", "Vedhæftet faktura", [{"kind": "unknown"}], [], False),
])
def test_what_looks_like_an_inquiry(subject: str, body: str, docs: list, cvrs: list, expected: bool) -> None:  # type: ignore[type-arg]
    assert looks_like_inquiry(subject, body, [Document.model_validate(d) for d in docs], cvrs) is expected
