"""The reader reports what it saw (issue 22): a field's place found empty, or not found at all. The case
machine tells a party only the first (mailbot/core/certainty.py)."""
from __future__ import annotations

import copy
from typing import Any

import pytest

import parsers
from mailbot.blank_forms import attachment_path

from . import generator as g


def _missing(doc: dict[str, Any]) -> dict[str, str]:
    """field -> evidence of the document's missing_field problems."""
    return {f: p["evidence"] for p in doc["problems"] if p["code"] == "missing_field" for f in p["fields"]}


@pytest.mark.parametrize("style", g.styles(10), ids=str)
def test_sections_left_empty_are_found_empty(style: g.Style) -> None:
    truth = copy.deepcopy(g.FORM_TRUTH)
    truth["technical_contacts"], truth["ip_scopes"] = [], []
    truth["installation_address"] = {"street": "", "postcode": "", "city": ""}
    doc = parsers.read_pdf(g.information_form(style, truth), "skema.pdf").as_json()
    assert _missing(doc) == {"technical_contacts": "found_empty", "ip_scopes": "found_empty",
                             "installation_address": "found_empty"}


def test_a_section_under_a_heading_the_reader_does_not_know_is_not_found() -> None:
    style = g.Style(layout="inline", extra={"tech_sec": "5. Folk der kan skrue"})
    doc = parsers.read_pdf(g.information_form(style), "skema.pdf").as_json()
    assert _missing(doc) == {"technical_contacts": "not_found"}


def test_the_blank_form_and_agreement_are_found_empty_throughout() -> None:
    form = parsers.read_pdf(attachment_path("information_form", "da").read_bytes(), "skema.pdf").as_json()
    assert set(_missing(form).values()) == {"found_empty"}
    agreement = parsers.read_pdf(attachment_path("connection_agreement", "da").read_bytes(), "aftale.pdf").as_json()
    assert _missing(agreement) == dict.fromkeys(["organisation", "cvr", "signatory_name", "signature_date"],
                                                "found_empty")
    (unsigned,) = [p for p in agreement["problems"] if p["code"] == "not_signed"]
    assert unsigned["evidence"] == "found_empty"


@pytest.mark.parametrize("block", ["labels", "table", "columns", "unlabelled"])
def test_an_empty_signature_line_is_found_empty_and_a_typed_one_signs(block: str) -> None:
    truth = dict(g.AGREEMENT_TRUTH, signatory_name="")
    unsigned = parsers.read_pdf(g.agreement(block, truth=truth), "aftale.pdf").as_json()
    assert [p.get("evidence") for p in unsigned["problems"] if p["code"] == "not_signed"] == ["found_empty"]
    signed = parsers.read_pdf(g.agreement(block), "aftale.pdf").as_json()
    assert signed["fields"]["signed"] and not [p for p in signed["problems"] if p["code"] == "not_signed"]


@pytest.mark.parametrize(("role", "organisation", "title"), [
    # the organisation's own name under the signer, cut at its comma, is no title
    ("Egelev Medical GmbH, dansk filial", "Egelev Medical GmbH, dansk filial", None),
    ("Egelev Medical GmbH, dansk filial", None, None),
    ("Mosede Strand Helse AS, NUF", None, None),
    # a title beside it still is one
    ("Egelev Medical GmbH, dansk filial, Country Manager", "Egelev Medical GmbH, dansk filial", "Country Manager"),
    ("Hospitalsdirektør, Region Lindholt", "Region Lindholt", "Hospitalsdirektør"),
])
def test_the_signers_title_is_no_piece_of_its_organisations_name(role: str, organisation: str | None,
                                                                 title: str | None) -> None:
    from parsers.documents.signatures import Signer, signer_title
    assert signer_title(Signer("Matthias Schneider", role, "2026-10-23", 2), organisation) == title

