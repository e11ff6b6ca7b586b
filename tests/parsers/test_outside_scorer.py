"""The outside check's scorer counts a wrong value as "confident" only when no doubt the bot acts on names its
field: an `uncertain` problem on the field, on one of its entries or parts (`technical_contacts[0]`,
`org_contact.email`), or on the whole document; never a doubt about another field, nor a field's name in a
message's words."""
from __future__ import annotations

import copy
from typing import Any

from bench.outside.score import compare

TRUTH: dict[str, Any] = {"message": None, "documents": [{
    "filename": "Informationsskema Æblehøj Kommune.pdf", "kind": "information_form",
    "fields": {"organisation": "Æblehøj Kommune", "cvr": "29189846",
               "org_contact": {"name": "Bo Berg", "email": "bo@aeblehoj.example", "phone": "12345678"},
               "technical_contacts": [{"name": "Ida Holm", "email": "ida@aeblehoj.example", "phone": "23456789"}],
               "ip_scopes": ["10.20.0.0/24"]}}]}


def _reading(problems: list[dict[str, Any]]) -> dict[str, Any]:
    """The truth read back with the technical contact's e-mail wrong, and `problems`."""
    doc = copy.deepcopy(TRUTH["documents"][0])
    doc["fields"]["technical_contacts"][0]["email"] = "ida@aeblehoj.exampl"
    return {"message": None, "documents": [{**doc, "problems": problems}]}


def _confident(problems: list[dict[str, Any]]) -> list[str]:
    r = compare(TRUTH, _reading(problems))
    assert r.good == r.total - 1
    return r.confident_wrong


def test_a_doubt_on_an_entry_or_part_flags_its_field() -> None:
    for field in ("technical_contacts", "technical_contacts[0]", "technical_contacts[0].email",
                  "technical_contacts.0.email"):
        assert _confident([{"code": "uncertain", "field": field, "message": "?"}]) == [], field


def test_a_doubt_on_the_whole_document_flags_every_field() -> None:
    assert _confident([{"code": "uncertain", "message": "read by OCR"}]) == []


def test_a_doubt_on_another_field_does_not() -> None:
    for field in ("org_contact", "org_contact.email", "technical_contact", "ip_scopes", "cvr"):
        assert len(_confident([{"code": "uncertain", "field": field, "message": "?"}])) == 1, field


def test_words_of_a_message_or_another_code_do_not() -> None:
    """The bot knows a doubt's field by its `field` alone; a message naming the field, or a problem that is no
    doubt (an invalid e-mail said to the party), sends nothing about it to staff as a doubt."""
    said = [{"code": "uncertain", "field": "cvr", "message": "technical_contacts may be cut"},
            {"code": "invalid_email", "field": "technical_contacts[0]", "message": "not valid"}]
    assert len(_confident(said)) == 1
