"""Information forms in other hands' layouts (tests/parsers/layouts.py): role sections with generic
labels, label and value runs drawn over each other, footers, negations and party types in words."""
from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from parsers import read_pdf
from parsers.documents.form import _via_value, heading_role, type_of
from parsers.documents.page import read_content
from parsers.values import phone_like
from tests.parsers.form_reading import read_form

from .layouts import CASES, CASES2, CASES3, CASES4, REGULAR, Case, Measure, Page, address, measure, render
from .office_layouts import OFFICE_CASES


def _read(case: Case) -> dict[str, Any]:
    data = case.pdf()
    doc = read_pdf(data, case.name + ".pdf").as_json()
    if doc["kind"] != "information_form":  # telling the kind is kinds.py's; the reading is tested here
        fields, problems = read_form(read_content(data))
        doc = {"kind": doc["kind"], "fields": fields, "problems": problems}
    return doc


@pytest.mark.parametrize("case", CASES + CASES2 + CASES3 + CASES4, ids=lambda c: c.name)
def test_form_in_another_layout_reads_as_written(case: Case) -> None:
    m = measure(_read(case), case.truth, name=case.name)
    assert m.confident_wrong == [] and m.flagged == []


def test_no_confident_wrong_value_over_all_layouts() -> None:
    m = Measure()
    for case in CASES + CASES2 + CASES3 + CASES4:
        measure(_read(case), case.truth, m, case.name)
    assert m.confident_wrong == []


def test_a_wrong_value_is_counted_unless_flagged() -> None:
    truth = CASES[0].truth
    wrong = {**truth, "connected_via": "KMD"}
    assert measure({"fields": wrong, "problems": []}, truth).confident_wrong
    flagged = {"fields": wrong, "problems": [{"code": "uncertain", "field": "connected_via"}]}
    assert not measure(flagged, truth).confident_wrong


def test_runs_drawn_over_each_other_are_not_interleaved() -> None:
    p = Page()
    p.at(60, 100, "Navn (blokbogstaver):")
    p.at(100, 100, "Sørensen")
    p.at(60, 130, "Organisation . . . . . . . . . . . . . . .")
    p.at(110, 130, "Fjordby Kommune")
    p.at(60, 160, "Plain text that is one run")
    lines = read_content(render([p])).lines
    assert [[s.text for s in ln.segments] for ln in lines] == [
        ["Navn (blokbogstaver):", "Sørensen"], ["Organisation . . . . . . . . . . . . . . .", "Fjordby Kommune"],
        ["Plain text that is one run"]]


def test_text_drawn_twice_in_place_reads_once() -> None:
    p = Page()
    p.at(60, 100, "Navn: Ida Vang")
    p.at(60.3, 100, "Navn: Ida Vang")
    assert [ln.text for ln in read_content(render([p])).lines] == ["Navn: Ida Vang"]


@pytest.mark.parametrize("written, expected", [
    ("KMD", (True, "KMD")), ("via KMD", (True, "KMD")), ("direkte, ikke via KMD", (True, None)),
    ("connected directly, not via KMD", (True, None)), ("KMD or a system provider? No", (True, None)),
    ("KMD eller systemleverandør: nej", (True, None)), ("KMD? Ja", (True, "KMD")),
    ("KMD or a system provider? Yes", (False, None)), ("direkte (ikke KMD)", (True, None)),
])
def test_umbrella_read_with_its_negation_and_answer(written: str, expected: tuple[bool, str | None]) -> None:
    assert _via_value(written) == expected


@pytest.mark.parametrize("written, expected", [
    ("Offentligt sygehus", "public_hospital"), ("Apotek", "pharmacy"), ("almen lægepraksis", "practitioner"),
    ("Privat laboratorium", "laboratory"), ("Public hospital", "public_hospital"), ("Pharmacy", "pharmacy"),
    ("General practice", "practitioner"), ("Private laboratory", "laboratory"), ("Kommune", "municipality"),
    ("Privathospital", "private_hospital"),
])
def test_party_types_in_words(written: str, expected: str) -> None:
    assert type_of(written) == expected


def test_labelled_type_the_reader_does_not_know_is_uncertain() -> None:
    p = Page()
    p.line("A. Organisationen", font=REGULAR)
    p.line("Navn: Havbakke Vandværk")
    p.line("Organisationstype: Forsyningsselskab")
    fields, problems = read_form(read_content(render([p])))
    assert fields["party_type"] is None
    assert any(q["code"] == "uncertain" and q.get("field") == "party_type" for q in problems)


@pytest.mark.parametrize("text, phone", [
    ("70 20 30 40", True), ("+45 21 43 65 87", True), ("12.34.56.78", True), ("10.1.2.0", False),
    ("2024-118723", False), ("24/08812", False), ("12.03.2024", False), ("5000", False),
    ("J.nr. 2024-00417", False), ("24-11-64-88", True), ("24-11-64", False), ("24-11-2064", False),
])
def test_phone_is_never_a_date_network_or_journal_number(text: str, phone: bool) -> None:
    assert phone_like(text) is phone


@pytest.mark.parametrize("case", OFFICE_CASES, ids=lambda c: c.name)
def test_form_printed_by_office_tools_reads_as_written(case: Case) -> None:
    m = measure(_read(case), case.truth, name=case.name)
    assert m.confident_wrong == [] and m.flagged == []


def test_field_value_laid_over_its_printed_label_comes_after_it() -> None:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for y, label, value, x in ((100, "Navn (blokbogstaver):", "Bækgaard", 80),
                               (130, "Organisation ..................", "Fjordby Kommune", 95),
                               (160, "Navn:", "Ib Thygesen", 70)):
        c.setFont("Helvetica", 10)
        c.drawString(60, A4[1] - y, label)
        c.acroForm.textfield(name=f"f{y}", value=value, x=x, y=A4[1] - y - 4, width=200, height=14,
                             borderWidth=0, fontSize=10)
    c.save()
    assert [ln.text for ln in read_content(buf.getvalue()).lines] == [
        "Navn (blokbogstaver): Bækgaard", "Organisation .................. Fjordby Kommune", "Navn: Ib Thygesen"]


def _form_with(lines: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    p = Page()
    for t in lines:
        p.line(t)
    return read_form(read_content(render([p])))


def test_organisation_under_a_bare_name_label_that_reads_as_a_person_is_uncertain() -> None:
    fields, problems = _form_with(["A. Organisationen", "Navn: Jens Holm", "CVR: 12701179"])
    assert fields["organisation"] == "Jens Holm"
    assert any(q["code"] == "uncertain" and q.get("field") == "organisation" for q in problems)
    fields, problems = _form_with(["A. Organisationen", "Navn: Holm Tandlæger ApS", "CVR: 12701179"])
    assert fields["organisation"] == "Holm Tandlæger ApS"
    assert not any(q["code"] == "uncertain" for q in problems)


def test_organisation_is_never_a_number() -> None:
    fields, _ = _form_with(["A. Organisationen", "Navn: 97122849", "Organisation: Vestby Kommune"])
    assert fields["organisation"] == "Vestby Kommune"


@pytest.mark.parametrize("written, flagged", [("Tilsluttes via: Novax A/S", False),
                                              ("Tilsluttes via: se vedlagte bilag 2.", True),
                                              ("Tilsluttes via: afventer svar fra leverandøren", True)])
def test_umbrella_written_as_a_remark_is_uncertain(written: str, flagged: bool) -> None:
    _, problems = _form_with(["A. Organisationen", "Navn: Vestby Kommune", "B. Tilslutning", written])
    assert any(q["code"] == "uncertain" and q.get("field") == "connected_via" for q in problems) is flagged


def test_an_address_read_in_part_is_uncertain() -> None:
    """The town and postcode read, the street not found where the reader looked: staff look, the party
    is not told its street is missing."""
    p = Page()
    p.line("Informationsskema", size=14, step=26)
    p.heading("4. Installationsadresse")
    p.pair("Bygning", "Kirkegade, bagbygningen")
    p.pair("Postnr. og by", "7100 Vejle")
    fields, problems = read_form(read_content(render([p])))
    assert fields["installation_address"] == address(None, "7100", "Vejle")
    assert any(q["code"] == "uncertain" and q.get("field") == "installation_address" for q in problems)
    assert not any(q["code"] == "missing_field" and q.get("evidence") == "found_empty"
                   and "installation_address" in q.get("fields", []) for q in problems)


def test_a_heading_or_a_postcode_is_no_contact() -> None:
    """A heading in capitals after the contacts and a lone postcode under it are no further contact."""
    p = Page()
    p.heading("TEKNISKE KONTAKTPERSONER")
    p.pair("Navn", "Ole Tang")
    p.pair("E-mail", "ole@tang.example")
    p.pair("Telefon", "51 52 53 54")
    p.line("ADRESSE HVOR UDSTYRET SKAL STÅ")
    p.line("Møllevej 12")
    p.line("8800")
    p.line("Viborg")
    fields, _ = read_form(read_content(render([p])))
    assert [c["name"] for c in fields["technical_contacts"]] == ["Ole Tang"]
    assert fields["installation_address"]["postcode"] == "8800"


@pytest.mark.parametrize(("heading", "role"), [
    ("A. Den tilsluttende organisation", "organisation"),
    ("1. Connecting organisation", "organisation"),
    ("DEN TILSLUTTENDE ORGANISATION", "organisation"),
    ("B. ORGANISATIONSTYPE", "party_type"),
    ("C. Tilslutningsform", "via"),
    ("PRIMÆR KONTAKT HOS ORGANISATIONEN", "org_contact"),
    ("2, Organisationens kontaktperson", "org_contact"),
    ("KLINIK NORDLYS", None),
    ("BJARKE FYNBO", None),
])
def test_a_heading_names_its_part(heading: str, role: str | None) -> None:
    """The connecting organisation is the organisation's part, not the connection's; a name in capitals
    is no heading; a heading read by OCR with a comma for its dot is still one."""
    p = Page()
    p.line(heading)
    assert heading_role(read_content(render([p])).lines[0]) == role


def test_a_label_below_is_no_tail_of_an_address() -> None:
    """An address cut in its cell takes its tail from the line below, never the next label."""
    p = Page()
    p.heading("B. Teknisk kontakt")
    p.pair("Navn", "Ole Tang")
    p.pair("E-mail", "ole.tang@lyngbakke-")
    p.at(220, p.y, "drift.example")
    p.y += 17
    p.pair("Telefon", "51 52 53 54")
    fields, _ = read_form(read_content(render([p])))
    assert fields["technical_contacts"][0]["email"] == "ole.tang@lyngbakke-drift.example"
    q = Page()
    q.heading("B. Teknisk kontakt")
    q.pair("Navn", "Ole Tang")
    q.pair("E-mail", "ole.tang@lyngbakke-")
    q.pair("Telefon", "51 52 53 54")
    fields, _ = read_form(read_content(render([q])))
    assert "telefon" not in (fields["technical_contacts"][0]["email"] or "").casefold()
