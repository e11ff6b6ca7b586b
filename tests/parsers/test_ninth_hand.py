"""Classes the ninth outside hand (bench/outside/ninth_hand.py: LibreOffice Impress, Writer form controls exported
as a filled AcroForm, paps, Tesseract sandwiches, pdftocairo and pdftops round trips) showed, each made here by that
hand's own functions and real tools at test time, and read as `mailbot parse` reads them."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.outside import ninth_hand as n9
from bench.outside.people import Party, Person
from parsers.documents.pipeline import read_pdf


def _party(seed: int, kind: str, language: str) -> Party:
    return replace(n9.ninth_party(random.Random(seed), kind), language=language)


def _read(doc: Any, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / doc.name
    doc.draw(out)
    reading: dict[str, Any] = read_pdf(out.read_bytes(), doc.name).as_json()
    return reading


def _codes(doc: dict[str, Any]) -> set[str]:
    return {p["code"] for p in doc["problems"]}


def _agreement(tmp_path: Path, p: Party, layout: str, signing: str, block: str,
               kind: str = "connection_agreement") -> dict[str, Any]:
    doc = n9.agreement(random.Random(7), p, kind, layout, signing, "scrive", f"agr-{p.cvr}.pdf", block)
    reading: dict[str, Any] = _read(doc, tmp_path)
    return reading


@pytest.mark.parametrize("language", ["da", "en"])
def test_form_controls_on_their_labels_rows_and_labels_after_values(tmp_path: Path, language: str) -> None:
    """Writer's form controls (a filled AcroForm) anchored as characters, each followed by what it is: "Lærke Skovbo
    (navn)", "Digitaliseringschef (stilling)". The fields' values were laid half a line below their labels, so the
    name under the signature rule was taken for a typed signature (an unsigned agreement read as signed, with
    confidence) and the name label for a place found empty; the party's name before "(herefter Parten)" was not
    found."""
    p = _party(41, "laboratory", language)
    doc = _agreement(tmp_path, p, "s9-agr-controls", "unsigned", "after")
    f = doc["fields"]
    assert f["signed"] is False
    assert "not_signed" in _codes(doc)
    assert f["signatory_name"] == p.signatory.name
    assert f["signatory_title"] == p.signatory_title
    assert f["signature_date"] == p.signature_date.isoformat()
    assert f["organisation"] == p.organisation
    assert "missing_field" not in _codes(doc)


def test_a_party_table_run_together_keeps_no_label_in_the_name(tmp_path: Path) -> None:
    """The parties side by side ("| The Party | MedCom", "Name | X | MedCom"), the party's name wrapped in its
    cell after a comma: read as prose, the row's label stood in front of the name ("Name Hvidmose Telemedizin
    GmbH, ...")."""
    p = replace(_party(42, "foreign", "en"), organisation="Hvidmose Telemedizin GmbH, Zweigniederlassung Dänemark")
    doc = _agreement(tmp_path, p, "s9-agr-cairo", "typed", "table")
    assert doc["fields"]["organisation"] in (p.organisation, None)
    assert not str(doc["fields"]["organisation"] or "").startswith("Name")


def test_a_partys_own_template_with_lettered_clauses(tmp_path: Path) -> None:
    """The party's own data processing agreement ("Afsnit A. Baggrund"), which names the network nowhere but
    carries MedCom's mail address ("sdn@...") in its footer: the address was taken for the network's name and
    the lettered clauses for no clauses, so it was accepted as the signed SDN agreement. (Its English twin, "Data
    processing terms", is no kind the reader knows: staff see it.)"""
    p = _party(43, "private_hospital", "da")
    doc = _read(n9.own_template(random.Random(3), p, "own.pdf"), tmp_path)
    assert "wrong_template" in _codes(doc)
    assert doc["fields"]["signed"] is False


def test_a_partys_own_english_terms_are_another_template(tmp_path: Path) -> None:
    """The English twin, "Data processing terms – X's own template": no title the reader knew, so the document was
    `unknown` (staff) instead of the data processor agreement on another template that it says it is."""
    p = _party(43, "private_hospital", "en")
    doc = _read(n9.own_template(random.Random(3), p, "own.pdf"), tmp_path)
    assert doc["kind"] == "data_processor_agreement"
    assert "wrong_template" in _codes(doc)
    assert doc["fields"]["signed"] is False


def _form(tmp_path: Path, p: Party, layout: str, same: bool = False) -> dict[str, Any]:
    reading: dict[str, Any] = _read(n9.form(random.Random(5), p, layout, f"form-{p.cvr}.pdf", same=same), tmp_path)
    return reading


@pytest.mark.parametrize("language", ["da", "en"])
def test_slides_a_roles_label_wrapped_and_the_same_person_again(tmp_path: Path, language: str) -> None:
    """Slides (Impress), label and answer in boxes side by side. The label naming the role and the field after a
    dash wrapped in its box ("Kontakt for organisationen – Fulde" over "navn"): its last word was read into the
    contact's name ("Fulde Nikolaj Frost"). The technical contact given as "= organisatorisk kontakt (se
    ovenfor)": the list of technical contacts was read without that person, with confidence. The question of
    how the party connects, wrapped in its box, was not found, and the connection read as "none" beside a
    ticked "Gennem KMD"."""
    p = _party(44, "laboratory", language)
    p = replace(p, org_contact=replace(p.org_contact, name="Nikolaj Frost"), connected_via="KMD")
    f = _form(tmp_path, p, "s9-impress-slides", same=True)["fields"]
    assert f["org_contact"]["name"] == p.org_contact.name
    assert f["org_contact"]["email"] == p.org_contact.email
    assert f["technical_contacts"][0]["name"] == p.org_contact.name
    assert len(f["technical_contacts"]) == len(p.technical)
    assert f["connected_via"] == "KMD"


def test_a_supplier_for_practices_is_a_supplier_and_a_mail_broken_at_its_cells_edge(tmp_path: Path) -> None:
    """A ticked "Systemleverandør, der handler for flere praksis" was read as a practice (the first type in the
    list's order whose word it holds); an address too long for its table cell, broken inside its local part at the
    cell's edge ("karolinechristoffers" over "en@birkelund.example"), was read as its second line alone, with
    confidence (and one broken inside the domain, "aase@kragsoe.exa" over "mple", as its first)."""
    p = _party(45, "it_supplier", "da")
    long = Person("Karoline Christoffersen", "karolinechristoffersen@birkelund.example", p.org_contact.phone,
                  p.org_contact.local_phone)
    p = replace(p, org_contact=long)
    f = _form(tmp_path, p, "s9-writer-controls")["fields"]
    assert f["party_type"] == "it_supplier"
    assert f["org_contact"]["email"] in (long.email, None)


def test_text_drawn_as_outlines_is_read_like_a_scan(tmp_path: Path) -> None:
    """paps draws every letter as an outline: a page with no text layer and no picture either. It was said
    unreadable; it is read by OCR now, and like any scan what was read goes to staff (`uncertain`)."""
    p = _party(46, "region", "da")
    title, clauses = n9._template("connection_agreement", "da")
    a = n9.Agr(random.Random(8), p, "connection_agreement", "typed", "scrive", clauses, title, "after")
    out = tmp_path / "paps.pdf"
    n9._make(lambda w: n9._paps(w, n9._agr_text(a)), out)
    doc = read_pdf(out.read_bytes(), out.name).as_json()
    assert doc["kind"] == "connection_agreement"
    assert "unreadable" not in _codes(doc)
    assert "uncertain" in _codes(doc)


def test_a_technicians_mail_broken_over_three_lines_of_its_cell(tmp_path: Path) -> None:
    """Writer's people table, the technician's address too long for its cell and broken twice inside its words
    ("birthe.christofferse" over "n@roennebaek.exa" over "mple"): the cell's lines were read as one value with a
    space at the first break, and the address as its second piece alone, "n@roennebaek.example", with
    confidence (held-out seed 8852): TDC would have mailed nobody."""
    p = _party(46, "practitioner", "en")
    domain = p.org_contact.email.split("@", 1)[1]
    long = Person("Birthe Christoffersen", f"birthe.christoffersen@{domain}", p.technical[0].phone,
                  p.technical[0].local_phone)
    p = replace(p, technical=[long])
    f = _form(tmp_path, p, "s9-writer-controls")["fields"]
    assert [c["email"] for c in f["technical_contacts"]] in ([long.email], [None], [])


def test_a_signer_tables_captions_are_no_part_of_the_title(tmp_path: Path) -> None:
    """The agreement through pdftocairo, the party block as a table, the signature place's values each followed by
    its caption ("Sofie Kragh (navn)" over "Praksisindehaver (stilling)"): the title was read as "Sofie Kragh (navn)
    Praksisindehaver", with confidence (held out: "Katrin Solberg (name) Director"). A caption in brackets is no
    part of a value, and a name is never a title."""
    p = replace(n9.ninth_party(random.Random(0), "laboratory"), language="da")
    doc = n9.agreement(random.Random(0), p, "connection_agreement", "s9-agr-cairo", "typed", "scrive", "aftale.pdf",
                       "table")
    f = _read(doc, tmp_path)["fields"]
    assert f["signatory_title"] in (p.signatory_title, None)
    assert p.signatory.name not in (f["signatory_title"] or "")


@pytest.mark.parametrize(("service", "language", "block"), [("oneflow", "en", "table"), ("dokobit", "da", "after")])
def test_a_service_still_awaiting_the_party_is_positive_evidence_of_not_signed(
        tmp_path: Path, service: str, language: str, block: str) -> None:
    """The service's own page says it still awaits the party's signer ("Awaiting signature from Karen Lund –
    invitation sent, not opened", on the line under "Karen Lund (Region X)"), MedCom's countersignature below: the
    agreement was read unsigned, but only as "not found", so a party whose round was not finished heard nothing
    and the case waited for staff. The service's word is positive evidence: the party may be told."""
    p = _party(43, "region", language)
    doc = n9.agreement(random.Random(7), p, "connection_agreement", "s9-agr-cairo", "pending", service,
                       f"agr-{p.cvr}.pdf", block)
    reading = _read(doc, tmp_path)
    assert reading["fields"]["signed"] is False
    assert [pr["evidence"] for pr in reading["problems"] if pr["code"] == "not_signed"] == ["found_empty"]
