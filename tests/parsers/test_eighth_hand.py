"""Classes the eighth outside hand (bench/outside/eighth_hand.py: LibreOffice Calc and Draw, pango-view, xhtml2pdf,
python-docx) showed, each made here by that hand's own functions and real tools at test time, and read as
`mailbot parse` reads them."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.outside import eighth_hand as e8
from bench.outside.people import Party, party
from parsers.documents.pipeline import read_pdf


def _party(seed: int, kind: str | None, language: str) -> Party:
    return party(random.Random(seed), kind, language)


def _read(doc: Any, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / doc.name
    doc.draw(out)
    reading: dict[str, Any] = read_pdf(out.read_bytes(), doc.name).as_json()
    return reading


def _agreement(tmp_path: Path, seed: int, layout: str, signing: str, language: str,
               kind: str = "data_processor_agreement", service: str = "signicat") -> tuple[Party, dict[str, Any]]:
    p = _party(seed, "public_hospital" if kind != "sub_data_processor_agreement" else "it_supplier", language)
    doc = e8.agreement(random.Random(seed), p, kind, layout, signing, service, f"agr-{seed}.pdf")
    return p, _read(doc, tmp_path)


def _codes(doc: dict[str, Any]) -> set[str]:
    return {p["code"] for p in doc["problems"]}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_line_saying_who_signed_through_a_service_is_a_signature(tmp_path: Path, language: str) -> None:
    """"Underskrevet digitalt med Signicat af Karen Lund, Direktør, ..." in the party's block, with no evidence
    page: the agreement was read as not signed, with confidence. The party's own statement of who signed, and
    how, is as good as a typed name."""
    p, doc = _agreement(tmp_path, 31, "s8-agr-pango", "inline", language)
    assert doc["fields"]["signed"] is True
    assert doc["fields"]["signatory_name"] == p.signatory.name
    assert "not_signed" not in _codes(doc)


def test_a_script_name_first_in_the_block_is_no_heading(tmp_path: Path) -> None:
    """The block under its own heading ("Underskrift for Ålund Kommune"), the signatory's name typed in a script
    face on its first line, above the rule: that line was set aside as the block's heading, and the agreement read
    as not signed."""
    _, doc = _agreement(tmp_path, 32, "s8-agr-pango", "script", "da", kind="connection_agreement")
    assert doc["fields"]["signed"] is True
    assert "not_signed" not in _codes(doc)


@pytest.mark.parametrize("language", ["da", "en"])
def test_numbered_signers_on_a_receipt_of_signing(tmp_path: Path, language: str) -> None:
    """A service's receipt ("Kvittering for elektronisk underskrift" / "Record of electronic signature") listing
    "Underskriver 1: name, title, organisation" with its status under it: the numbered label hid the signer, so a
    signed agreement read as not signed; and the page was not seen as evidence at all, so a pending one took
    MedCom's time of signing as the party's date."""
    p, doc = _agreement(tmp_path, 33, "s8-agr-xhtml", "evidence", language, service="penneo")
    assert doc["fields"]["signed"] is True
    assert doc["fields"]["signature_date"] == p.signature_date.isoformat()
    _, doc = _agreement(tmp_path, 34, "s8-agr-xhtml", "pending", language, service="verified")
    assert doc["fields"]["signed"] is False
    assert doc["fields"]["signature_date"] is None


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_connected_partys_heading_is_no_part_of_its_name(tmp_path: Path, language: str) -> None:
    """The parties side by side under their roles' headings ("Den tilsluttede part | MedCom", "The connected
    party | MedCom"): the heading was read into the organisation's name ("Den tilsluttede part Region Havrum")."""
    p, doc = _agreement(tmp_path, 35, "s8-agr-xhtml", "unsigned", language, kind="connection_agreement")
    assert doc["fields"]["organisation"] == p.organisation


@pytest.mark.parametrize("seed", [51, 52])
def test_a_name_wrapped_in_the_parties_table_is_whole(tmp_path: Path, seed: int) -> None:
    """The parties as a Word table, "Rolle | Navn | CVR-nr. | Adresse", the name wrapped in its narrow cell
    ("Vester Lyng" over "Apotek", the address's town between): only the first line was read, with confidence."""
    p = replace(_party(seed, "foreign", "en"), organisation="Nørreå Health AB, filial af svensk selskab")
    doc = e8.agreement(random.Random(seed), p, "connection_agreement", "s8-agr-docx", "image", "penneo", "a.pdf")
    assert _read(doc, tmp_path)["fields"]["organisation"] == p.organisation
