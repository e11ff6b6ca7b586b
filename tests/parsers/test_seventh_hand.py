"""Classes the seventh outside hand (bench/outside/seventh_hand.py: fpdf2, Typst, rsvg-convert, groff -mom) showed,
each made here by that hand's own functions and real tools at test time, and read as `mailbot parse` reads them."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.outside import seventh_hand as s7
from bench.outside.people import Party, party
from parsers.documents.pipeline import read_pdf


def _party(seed: int, kind: str | None, language: str) -> Party:
    return party(random.Random(seed), kind, language)


def _read(doc: Any, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / doc.name
    doc.draw(out)
    reading: dict[str, Any] = read_pdf(out.read_bytes(), doc.name).as_json()
    return reading


def _agreement(tmp_path: Path, seed: int, layout: str, signing: str, language: str = "en",
               kind: str = "data_processor_agreement", service: str = "penneo") -> tuple[Party, dict[str, Any]]:
    p = _party(seed, "public_hospital" if kind != "sub_data_processor_agreement" else "it_supplier", language)
    doc = s7.agreement(random.Random(seed), p, kind, layout, signing, service, f"agr-{seed}.pdf")
    return p, _read(doc, tmp_path)


def _codes(doc: dict[str, Any]) -> set[str]:
    return {p["code"] for p in doc["problems"]}


def test_an_own_dpa_under_headings_like_the_templates_is_never_accepted(tmp_path: Path) -> None:
    """A party's own data processing agreement whose clause headings are the templates' words ("Instruks",
    "Sikkerhed", "Underdatabehandlere") but which holds none of the templates' sentences was read as the SDN
    agreement, signed, with nothing flagged. With no template text under its clauses, staff compare it."""
    p = _party(11, "region", "da")  # Danish: every heading is one of the templates' words
    doc = _read(s7.own_template(random.Random(11), p, "own.pdf"), tmp_path)
    assert doc["kind"] == "data_processor_agreement"
    assert _codes(doc) & {"uncertain", "wrong_template"}


def test_a_party_table_with_a_header_row_gives_the_name_under_its_heading(tmp_path: Path) -> None:
    """The parties as a table with the role first ("Rolle | Navn | Reg.-nr. | Adresse"): the header row's next
    heading was read as the organisation's name ("Reg.-nr."), with confidence. In a header row a label's value
    stands under it."""
    p, reading = _agreement(tmp_path, 12, "s7-agr-fpdf", "image", "da")  # "Reg.-nr.": a heading not known
    f = reading["fields"]
    assert (f["organisation"], f["cvr"]) == (p.organisation, p.cvr)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_role_heading_over_a_party_column_is_no_part_of_its_name(tmp_path: Path, language: str) -> None:
    """Two columns, the controller's and the processor's, each under its role's heading: the heading was read
    as the start of the name ("The controller Hospitalsenheden Kragsø")."""
    p, reading = _agreement(tmp_path, 13, "s7-agr-typst", "evidence", language)
    assert reading["fields"]["organisation"] == p.organisation


def test_a_blank_agreement_names_no_signatory_and_no_sentence_as_the_party(tmp_path: Path) -> None:
    """A blank agreement: the party's "Name:" left empty beside MedCom's filled one ("Name: Anders Bay Nielsen",
    under "The processor", MedCom's role) took MedCom's signer as the party's, and a wrapped sentence's last line
    ("Danish health sector.") became the organisation."""
    _, reading = _agreement(tmp_path, 14, "s7-agr-fpdf", "blank", "en")
    f = reading["fields"]
    assert (f["organisation"], f["signatory_name"], f["signed"]) == (None, None, False)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_form_in_lettered_sections_with_ruled_tables_reads_whole(tmp_path: Path, language: str) -> None:
    """Typst's tables set their cells close, with drawn column rules between them: each row read as one cell
    ("Agreement contact Ida Overgaard idov@... +45 ..."), the form taken for a letter, its title for the
    organisation, and `connected_via` "KMD" read from an unticked "☐ Through KMD". The drawn column edges part
    the cells; a row of three cells is a table's, not a sentence."""
    p = _party(15, "pharmacy", language)
    doc = s7.form(random.Random(15), p, "s7-typst-sections", "form.pdf")
    got = _read(doc, tmp_path)["fields"]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    assert {k: got[k] for k in want} == want


def test_captions_over_values_in_two_columns_are_no_values(tmp_path: Path) -> None:
    """A form drawn as an SVG page: small captions over each answer, in two columns. A caption beside a caption
    ("Organisation | Technical contact 1 – Full name") was read as its value: the organisation's name and the
    CVR became the other column's captions."""
    p = _party(16, "laboratory", "en")
    doc = s7.form(random.Random(16), p, "s7-svg-columns", "form.pdf")
    got = _read(doc, tmp_path)["fields"]
    assert (got["organisation"], got["cvr"]) == (p.organisation, p.cvr)


def test_a_cvr_written_with_dots_is_no_network(tmp_path: Path) -> None:
    """A CVR written in pairs with dots ("87.35.91.15") was read as a network too, and the party would have been
    told its IP scope is invalid. Four numbers that are the CVR read from the form are no network."""
    p = _party(24, "region", "da")  # this seed's form writes the CVR with dots
    doc = s7.form(random.Random(24), p, "s7-svg-columns", "form.pdf")
    got = _read(doc, tmp_path)
    assert got["fields"]["cvr"] == p.cvr
    assert got["fields"]["ip_scopes"] == p.ip_scopes
    assert "invalid_ip_scope" not in _codes(got)


def test_a_ligature_the_font_gives_no_width_opens_no_gap_in_a_name(tmp_path: Path) -> None:
    """groff's gropdf draws "fi" as one glyph whose width the font's table leaves at 0: the glyphs after it stood
    too far left up to the next kerned pair, where a gap opened inside the name ("Sofie V estergaard"), so the
    typed "/s/ Sofie Vestergaard" was no name and the agreement was read as unsigned."""
    p = _party(17, "it_supplier", "en")
    p = replace(p, signatory=replace(p.signatory, name="Sofie Vestergaard"))
    doc = s7.agreement(random.Random(17), p, "sub_data_processor_agreement", "s7-agr-mom", "typed", "penneo",
                       "agr.pdf")
    f = _read(doc, tmp_path)["fields"]
    assert (f["signatory_name"], f["signed"]) == ("Sofie Vestergaard", True)



def test_an_unticked_option_on_a_form_read_by_its_sentences_says_nothing(tmp_path: Path) -> None:
    """The outside plan's seed 23 form 31 (an SVG page, captions the labels' reading does not know, so the
    sentences' reading answered more and was taken): "( ) Gennem KMD", not chosen, was read as the party saying it
    connects through KMD (exempt from the connection agreement), and the network after an ".example" address was
    left out as an example's. Options with an empty box say nothing; an address is no "for example"."""
    from bench.outside.generate import plan

    doc = plan(31, 23, ["seventh"])[30][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)["fields"]
    assert (got["connected_via"], got["cvr"]) == (want["connected_via"], want["cvr"]) == (None, "31857686")
    assert got["ip_scopes"] == want["ip_scopes"]

def test_a_network_after_an_example_domains_address_is_no_example() -> None:
    """"signe@fjeldsaa-it.example 192.168.243.0/27": the address's ".example" was taken for "for example", and the
    network after it for the instructions' example, left out."""
    from parsers.documents.form import read_networks

    assert read_networks(["signe@fjeldsaa-it.example 192.168.243.0/27, 10.12.63.0/24"])[0] == [
        "192.168.243.0/27", "10.12.63.0/24"]
    assert read_networks(["Angiv net i CIDR-notation, fx 10.0.0.0/24"])[0] == []


@pytest.mark.parametrize(("seed", "language"), [(31, "da"), (32, "en")])
def test_captions_naming_a_role_and_a_field_read_down_each_column(tmp_path: Path, seed: int, language: str) -> None:
    """An SVG page of small captions over their answers in two columns, each caption naming a role and a field
    ("Teknisk kontakt 3 – Fulde navn", "Aftalekontakt – Mailadresse"): read across the page, the two columns'
    rows mixed, so the agreement contact and the address (under captions with no heading) were not found and a
    technical contact was read from the last row alone, with confidence ("name": null where the page shows it).
    Read down each column, every caption over its own answer."""
    p = _party(seed, "region", language)
    doc = s7.form(random.Random(seed), p, "s7-svg-columns", "form.pdf")
    got = _read(doc, tmp_path)
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    assert {k: got["fields"][k] for k in want} == want
    assert not _codes(got)


@pytest.mark.parametrize(("seed", "language"), [(0, "da"), (1, "da"), (32, "en")])
def test_captions_over_a_column_left_empty_are_no_answers_beside(tmp_path: Path, seed: int, language: str) -> None:
    """The SVG page with its technical contact left empty: the right column holds captions with nothing under
    them. Its rows of answers then had one cell, so the page was read across, and each left caption took the
    right one as its answer with confidence (organisation "Teknisk kontakt 1 – Fulde navn", CVR "Teknisk kontakt 1
    – Mailadresse": an invalid CVR, and a CVR written with dots an invalid network, told to the party). Read down
    each column, the contact's captions over nothing are its place found empty."""
    from bench.outside.people import Person

    p = replace(_party(seed, None, language), technical=[Person("", "", "", "")])
    doc = s7.form(random.Random(seed), p, "s7-svg-columns", "form.pdf")
    got = _read(doc, tmp_path)
    fields = got["fields"]
    assert (fields["organisation"], fields["cvr"], fields["ip_scopes"]) == (p.organisation, p.cvr, p.ip_scopes)
    assert fields["org_contact"]["email"] == p.org_contact.email and fields["technical_contacts"] == []
    assert [(x["code"], x.get("fields"), x.get("evidence")) for x in got["problems"]] == [
        ("missing_field", ["technical_contacts"], "found_empty")]


@pytest.mark.parametrize(("kind", "language"), [("region", "da"), ("pharmacy", "en")])
def test_an_own_dpa_that_says_it_is_the_partys_own_is_another_template(tmp_path: Path, kind: str,
                                                                       language: str) -> None:
    """The party's own data processing agreement, "Databehandleraftale (egen skabelon)", "concludes this data
    processing agreement with every supplier": its clauses headed in the templates' words, none of their text. It
    was left to staff (`uncertain`); it says what it is, so the party is told to use MedCom's template, and it is
    never taken for the signed SDN agreement."""
    p = _party(21, kind, language)
    doc = _read(s7.own_template(random.Random(21), p, "own.pdf"), tmp_path)
    assert doc["kind"] == "data_processor_agreement"
    assert "wrong_template" in _codes(doc)


def test_an_address_hyphenated_at_the_margin_is_read_whole_and_in_doubt(tmp_path: Path) -> None:
    """The outside plan's seed 23 form 21 (a letter set by groff's mom): "... Anne Lindhardt, anne.lind-" over
    "hardt@havrum-it.example": the address was read from its second line alone, "hardt@havrum-it.example", with
    confidence. Made whole again; whether the hyphen was the typesetter's or the address's own cannot be told,
    so staff see it."""
    from bench.outside.generate import plan

    doc = plan(40, 23, ["seventh"])[20][1]
    got = _read(doc, tmp_path)
    techs = got["fields"]["technical_contacts"]
    assert "anne.lindhardt@havrum-it.example" in [t["email"] for t in techs]
    k = next(i for i, t in enumerate(techs) if t["email"] == "anne.lindhardt@havrum-it.example")
    assert any(p["code"] == "uncertain" and p.get("field") == f"technical_contacts[{k}]" for p in got["problems"])


@pytest.mark.parametrize(("seed", "language"), [(30, "da"), (33, "en")])
def test_a_cvr_written_with_dots_after_the_partys_name_is_its_cvr(tmp_path: Path, seed: int, language: str) -> None:
    """"Denne aftale er indgået mellem Region X, CVR-nr. 34.03.71.40, Hospitalsvej 34, ..." (groff mom): the party
    and its CVR were not found where its digits stand in pairs with dots, and the party was asked for them."""
    p, reading = _agreement(tmp_path, seed, "s7-agr-mom", "typed", language)
    f = reading["fields"]
    assert (f["organisation"], f["cvr"]) == (p.organisation, p.cvr)


def test_a_signing_time_wrapped_after_its_date_is_one_moment(tmp_path: Path) -> None:
    """The outside plan's seed 22 agreement 30 (groff mom, Criipto's evidence in this hand's words): "Signer: Viggo
    Østergaard · On behalf of: ... · Time: 2026-10-28" over "10:39:42 UTC", the paragraph wrapped inside the
    moment. The party's signer had no time, MedCom's did: read as unsigned (staff asked, the party's signature in
    doubt)."""
    from bench.outside.generate import plan

    doc = plan(40, 22, ["seventh"])[29][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)["fields"]
    assert (got["signed"], got["signatory_name"], got["signature_date"]) == (
        True, want["signatory_name"], want["signature_date"])


def test_a_domain_hyphenated_at_the_margin_is_told_by_the_letters_other_addresses(tmp_path: Path) -> None:
    """The outside plan's seed 25 form 33 (groff mom): "torben@vester-lyng-sund-" over "hed.example" was read with
    the typesetter's hyphen kept, with confidence. The letter's other addresses name the domain without it."""
    from bench.outside.generate import plan

    doc = plan(40, 25, ["seventh"])[32][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)
    assert got["fields"]["org_contact"] == want["org_contact"]
    assert not any(p.get("field") == "org_contact" for p in got["problems"])


def test_a_widthless_ligature_in_a_justified_line_opens_no_gap_words_later(tmp_path: Path) -> None:
    """The outside plan's seed 24 agreement 18 (groff mom, justified): "filial" drawn with an "fi" of no width, the
    glyphs after it too far left over the justified spaces up to the next kerned pair, two words on, where a gap
    opened: "Kragsø Health AB, filial af sv ensk selskab", read with confidence."""
    from bench.outside.generate import plan

    doc = plan(40, 24, ["seventh"])[17][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)["fields"]
    assert got["organisation"] == want["organisation"] == "Kragsø Health AB, filial af svensk selskab"


def test_a_letters_cvr_with_dots_and_a_contact_after_one_without_phone(tmp_path: Path) -> None:
    """The outside plan's seed 22 form 9 (a letter set by groff mom): "har CVR-nummer 25.26.10.03" was not read, and
    "Anne Lindhardt, anne@..., telefon: (ingen); Karoline Pape, karoline.pape@..., telefon +45..." lost Karoline
    Pape: the empty phone between the two persons parted them, and the second took no role."""
    from bench.outside.generate import plan

    doc = plan(40, 22, ["seventh"])[8][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)["fields"]
    assert (got["cvr"], got["technical_contacts"]) == (want["cvr"], want["technical_contacts"])


def test_a_phone_in_pairs_that_starts_like_a_date_is_a_phone(tmp_path: Path) -> None:
    """The outside plan's seed 25 form 13 (fpdf2's questionnaire): "Asger Nørgaard – asger@... – 24-11-64-88": its
    first three pairs read as a date, so the phone was no phone, the name ran into the digits and was lost, and
    the contact was read as an address alone, with confidence."""
    from bench.outside.generate import plan

    doc = plan(40, 25, ["seventh"])[12][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)["fields"]
    assert got["technical_contacts"] == want["technical_contacts"]


def test_two_widthless_ligatures_before_the_writers_position_shift_by_both(tmp_path: Path) -> None:
    """The outside plan's seed 24 form 33 (groff mom): "Sofie Lindhardt (sofie@lindholt.example" holds two "fi"
    of no width before the writer's next position; the glyphs after the second lagged by both, and the gap opened
    inside the address ("sofie@lindholt.e xample", read in part)."""
    from bench.outside.generate import plan

    doc = plan(40, 24, ["seventh"])[32][1]
    want = doc.truth["documents"][0]["fields"]  # type: ignore[index]
    got = _read(doc, tmp_path)["fields"]
    assert got["org_contact"] == want["org_contact"]


@pytest.mark.parametrize(("seed", "layout", "kind", "name"), [
    (41, "s7-svg-columns", "public_hospital", "Hospitalsenheden Fjeldså"),
    (42, "s7-svg-columns", "practitioner", "Fysioterapi Ålund"),
    (40, "s7-fpdf-questions", "public_hospital", "Hospitalsenheden Mosede Strand"),
    (44, "s7-fpdf-questions", "public_hospital", "Hospitalsenheden Mosede Strand"),
])
def test_an_organisations_name_without_a_word_organisations_end_in_is_read_under_its_caption(
        tmp_path: Path, seed: int, layout: str, kind: str, name: str) -> None:
    """The name asked by a caption set small over it ("Organisation" over "Hospitalsenheden Fjeldså") or by a
    numbered question without its mark ("1. Full legal name of your organisation"): the caption had been taken
    for the part's heading and the question for its title, so a name that ends in no word organisations end in
    ("Kommune", "A/S") was not found (held-out seed 1956, the seventh hand)."""
    p = replace(_party(seed, kind, "en"), organisation=name)
    got = _read(s7.form(random.Random(seed), p, layout, "form.pdf"), tmp_path)
    assert got["fields"]["organisation"] == name
    assert got["fields"]["party_type"] == kind


def test_an_open_radio_button_beside_the_ticked_one_is_no_remark_of_it(tmp_path: Path) -> None:
    """"(•) Public hospital   ( ) Private hospital or clinic" on one line: the open button after the ticked option
    had been read as its remark in brackets, the option after it as the rest of its words, and the type as a
    private hospital, with confidence (held-out seed 1956, the seventh hand's SVG form)."""
    for seed in (41, 44, 45):
        p = _party(seed, "public_hospital", "en")
        got = _read(s7.form(random.Random(seed), p, "s7-svg-columns", "form.pdf"), tmp_path)
        assert got["fields"]["party_type"] == "public_hospital"
