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


def _form(tmp_path: Path, seed: int, layout: str, language: str, kind: str | None = "pharmacy",
          via: str | None = "", **change: Any) -> tuple[e8.Answers, dict[str, Any]]:
    """The eighth hand's form of a party (connected `via` this, when given), its answers changed as `change` says
    (attributes, or `w_*` for a label's words), drawn by the layout's tool and read."""
    p = _party(seed, kind, language)
    if via != "":
        p = replace(p, connected_via=via)
    a = e8.Answers(random.Random(seed), p)
    for k, v in change.items():
        if k.startswith("w_"):
            a.w[k[2:]] = v
        else:
            setattr(a, k, v)
    out = tmp_path / f"form-{seed}.pdf"
    e8._draw_form(layout, 0.5, a, out)
    reading: dict[str, Any] = read_pdf(out.read_bytes(), out.name).as_json()
    return a, reading


@pytest.mark.parametrize("language", ["da", "en"])
def test_name_mail_and_phone_between_slashes_in_one_cell(tmp_path: Path, language: str) -> None:
    """Each person as one cell under "Navn / e-mail / telefon" ("Mette Fynbo / mf@x.example / tlf. 1234 5678"),
    the role in the first column ("Aftaleansvarlig", "Network lead"): every name was read as missing, and the
    party would have been asked for names it gave."""
    a, doc = _form(tmp_path, 41, "s8-xhtml-cells", language, w_role_contact="Aftaleansvarlig",
                   w_role_tech="Network lead")
    f = doc["fields"]
    assert f["org_contact"]["name"] == a.p.org_contact.name
    assert [t["name"] for t in f["technical_contacts"]] == [t.name for t in a.p.technical]


def test_a_phone_read_as_its_country_code_alone_is_in_doubt_never_invalid(tmp_path: Path) -> None:
    """"... / (+45)" whose number's rest the reader did not join (held-out seed 1101: the line under it went to
    the other part of the heading "Part B – ... – Part C – ..."): a country code alone is a number not found
    whole. The party is never told its phone is invalid; staff see the doubt."""
    tech = ("Mette Fynbo", "mette.fynbo@birkelund-sundhed.example", "(+45)")
    _, doc = _form(tmp_path, 42, "s8-xhtml-cells", "da", "laboratory", techs=[tech], tech_roles=["Teknisk kontakt"])
    assert "invalid_phone" not in _codes(doc)
    assert any(p["code"] == "uncertain" and str(p.get("field", "")).startswith("technical_contacts")
               for p in doc["problems"])


def test_a_phone_wrapped_after_its_country_code_is_one_number(tmp_path: Path) -> None:
    """"... / mette.fynbo@birkelund-sundhed.example / (+45)" over "93210134" in a narrow cell: the number was read
    as "(+45)", invalid, and the party would have been told so."""
    p = _party(42, "laboratory", "da")
    tech = ("Mette Fynbo", "mette.fynbo@birkelund-sundhed.example", "(+45) 93210134")
    a, doc = _form(tmp_path, 42, "s8-xhtml-cells", "da", "laboratory", techs=[tech], tech_roles=["Teknisk kontakt"])
    assert doc["fields"]["technical_contacts"][0]["phone"] == "+4593210134"
    assert "invalid_phone" not in _codes(doc)
    assert a.p.organisation == p.organisation


@pytest.mark.parametrize("layout", ["s8-xhtml-cells", "s8-calc-sheet"])
def test_a_care_of_line_is_no_street(tmp_path: Path, layout: str) -> None:
    """A "c/o IT-afdelingen" line over the street: it was read into the street ("c/o IT-afdelingen Engtoften 77"),
    and where the street was left empty it was read as the street itself."""
    a, doc = _form(tmp_path, 43, layout, "da", co="c/o IT-afdelingen")
    street = doc["fields"]["installation_address"]["street"]
    if street is None:  # the spreadsheet's two-row cell read as one text: then in doubt, and never "empty"
        assert any(p["code"] == "uncertain" and p.get("field") == "installation_address" for p in doc["problems"])
        assert not any(p.get("evidence") == "found_empty" and "street" in p["message"] for p in doc["problems"])
    else:
        assert street == a.p.installation.street
    inst = a.p.installation
    _, doc = _form(tmp_path, 44, layout, "da", co="c/o IT-afdelingen", site=("", inst.postcode, inst.city))
    assert doc["fields"]["installation_address"]["street"] is None


def test_a_wrapped_mail_set_above_its_row_is_that_rows(tmp_path: Path) -> None:
    """A spreadsheet's contacts, each cell aligned to its bottom: a long e-mail address wraps, and the address
    (joined again) stands on a line of its own above its row. It was given to the next row's person, the first
    technical contact was read without a name, and the organisational contact without an address."""
    a, doc = _form(tmp_path, 43, "s8-calc-sheet", "da")
    f = doc["fields"]
    assert (f["org_contact"]["name"], f["org_contact"]["email"]) == (a.p.org_contact.name, a.p.org_contact.email)
    assert [(t["name"], t["email"]) for t in f["technical_contacts"]] == [(t.name, t.email) for t in a.p.technical]


def test_unticked_options_after_we_are_a_say_no_type(tmp_path: Path) -> None:
    """"We are a | ☐ Danish region (regional IT) / ... / ☑ Company based outside Denmark": the label and the first,
    unticked, option were read as the sentence "We are a Danish region", with confidence."""
    a, doc = _form(tmp_path, 45, "s8-xhtml-cells", "en", "foreign", "Multimed", w_kind="We are a", site=("", "", ""))
    assert doc["fields"]["party_type"] in ("foreign", None)


def test_a_ticked_way_of_connecting_beside_the_types_is_no_type(tmp_path: Path) -> None:
    """The types and the ways of connecting in two frames side by side: the ticked "Gennem vores
    journalsystemleverandør: X" was read as the party type (an IT supplier), and "E-mail (1)", a label numbered
    for its person, as a technical contact's name."""
    p = _party(46, "laboratory", "da")
    a, doc = _form(tmp_path, 46, "s8-draw-frames", "da", "laboratory", "Journalhuset A/S")
    f = doc["fields"]
    assert f["party_type"] in (a.p.party_type, None)
    assert not any((t["name"] or "").startswith(("E-mail", "Navn", "Telefon")) for t in f["technical_contacts"])
    assert p.party_type == "laboratory"


@pytest.mark.parametrize("seed", [51, 52])
def test_a_name_wrapped_in_the_parties_table_is_whole(tmp_path: Path, seed: int) -> None:
    """The parties as a Word table, "Rolle | Navn | CVR-nr. | Adresse", the name wrapped in its narrow cell
    ("Vester Lyng" over "Apotek", the address's town between): only the first line was read, with confidence."""
    p = replace(_party(seed, "foreign", "en"), organisation="Nørreå Health AB, filial af svensk selskab")
    doc = e8.agreement(random.Random(seed), p, "connection_agreement", "s8-agr-docx", "image", "penneo", "a.pdf")
    assert _read(doc, tmp_path)["fields"]["organisation"] == p.organisation


@pytest.mark.parametrize("cvr_label", ["CVR", "CVR nr.", "CVR-nummer (SE)"])  # a remark in brackets: held-out 1101
def test_a_middle_dot_between_name_and_cvr_is_no_part_of_the_name(tmp_path: Path, cvr_label: str) -> None:
    """The party block in the page header, "Klinik Egelev ApS · CVR nr. DK-57316705": the name was read with the
    dot (and the CVR's label) at its end, a glyph that is no letter of a name."""
    a, doc = _form(tmp_path, 47, "s8-docx-header", "da", "private_hospital", w_cvr=cvr_label)
    assert doc["fields"]["organisation"] == a.p.organisation


@pytest.mark.parametrize(("language", "kind"), [("da", "pharmacy"), ("en", "region")])
def test_a_ticked_option_is_no_wrapped_rest_of_the_longer_option_above_it(tmp_path: Path, language: str,
                                                                          kind: str) -> None:
    """A list of options, one a line, ticked with "✓" in a face of its own (pango): under the list's longest
    option ("Praksis med ydernummer (..., fysioterapeut)") the next option ("Apotek eller apoteksfilial ✓") was
    joined to it as its wrapped rest, and the tick became the practice's; a tick after an option ("Danish region
    (regional IT) ✓") let the next option be joined after it. Both read a wrong type with confidence (held-out
    seed 1101)."""
    a, doc = _form(tmp_path, 15, "s8-pango-questions", language, kind)
    assert doc["fields"]["party_type"] == kind


def test_the_first_option_beside_the_types_label_is_no_answer_when_another_is_ticked() -> None:
    """"Type of organisation | Danish region (regional IT)" over the other options, "✓ Company based outside
    Denmark" ticked at the foot: the label's first option was read as the answer, a region, with confidence
    (held-out seed 1101). The first option beside a ticked list is never the answer; a ticked wording the reader
    does not know leaves the type for staff."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from parsers.documents.form import _labelled_type
    from parsers.documents.page import read_content
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(54, 700, "Type of organisation")
    for k, option in enumerate(["Danish region (regional IT)", "Municipality", "✓ Space agency on the moon"]):
        c.drawString(202, 700 - 14 * k, option)
    c.drawString(54, 640, "Route of connection")
    c.drawString(202, 640, "On our own")
    c.showPage()
    c.save()
    assert _labelled_type(read_content(buf.getvalue()).lines) == (None, "")


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_contacts_row_wrapped_in_its_cells_is_read_whole_in_its_part(tmp_path: Path, language: str) -> None:
    """Under a heading naming two parts ("Organisatorisk kontaktperson – Tekniske kontaktpersoner"), each person a
    row "role | name / e-mail / phone" whose cells wrap ("Teknisk kontakt | Pernille ... /" over "pernille@... /
    tlf." over "5413 6049", the role too: "Responsible for the" over "agreement"): the lines the row wrapped onto
    went to the part read before, so the organisational contact lost its address and phone to the technical
    contacts and every name was lost, with confidence."""
    contact = ("Søren Frost-Mikkelsen", "soeren.frost-mikkelsen@noerreaa-sundhedsit.example", "(+45) 6539 0992")
    techs = [("Pernille Overgaard-Christensen", "pernille.overgaard-christensen@noerreaa-sundhedsit.example",
              "tlf. 5413 6049"),
             ("Gustav Fynbo Andersen", "gustav.fynbo.andersen@noerreaa-sundhedsit.example", "0045 4643 0311")]
    a, doc = _form(tmp_path, 61, "s8-xhtml-cells", language, "region", contact=contact, techs=techs,
                   tech_roles=["Teknisk kontakt", "Teknisk kontakt 2"], w_s_contact="Organisatorisk kontaktperson",
                   w_s_tech="Tekniske kontaktpersoner")
    f = doc["fields"]
    assert (f["org_contact"]["name"], f["org_contact"]["email"], f["org_contact"]["phone"]) == (
        contact[0], contact[1], "+4565390992")
    assert [(t["name"], t["email"], t["phone"]) for t in f["technical_contacts"]] == [
        (techs[0][0], techs[0][1], "+4554136049"), (techs[1][0], techs[1][1], "+4546430311")]
    assert "invalid_phone" not in _codes(doc)
    assert not any(p["code"] == "missing_field" and "contact" in p["message"] for p in doc["problems"])


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("via", ["KMD", "Novax", None])
def test_the_connection_asked_as_two_yes_no_questions(tmp_path: Path, language: str, via: str | None) -> None:
    """"4. Bliver I koblet på gennem KMD?" over "Ja", "5. ... en leverandør af journalsystem? Hvis ja: hvilken?"
    over "Ja, Novax" (pango-view: each answer indented under its numbered question): neither answer was read, and
    the party read as connected directly. Two noes say no way the party connects: without a direct connection
    ticked or written, that is not found (in doubt, for staff), never "none" said with confidence."""
    _, doc = _form(tmp_path, 62, "s8-pango-questions", language, "municipality", via)
    assert doc["fields"]["connected_via"] == via
    doubted = any(p["code"] == "uncertain" and p.get("field") == "connected_via" for p in doc["problems"])
    assert doubted is (via is None)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_foreign_company_is_read_with_its_type_and_its_contacts_phones(tmp_path: Path, language: str) -> None:
    """"✓ Virksomhed med hjemsted uden for Danmark" / "✓ Company based outside Denmark" ticked at the foot of the
    types listed beside a label that wraps ("Hvilken slags organisation er" over "I?"): the list's first option
    beside the label was read as the answer, a region, with confidence; the foreign wordings were not known (taken
    out last round because a foreign form then read its contact's phone as "0045 6453", invalid: that was the row
    "Responsible for the | ... / 0045 6453" over "agreement | 3842", its wrapped phone left on the line under it,
    whatever the type read). Now the type and every phone are read whole."""
    a, doc = _form(tmp_path, 72, "s8-xhtml-cells", language, "foreign")
    f = doc["fields"]
    assert f["party_type"] == "foreign"
    assert f["org_contact"]["phone"] == "+4564533842"
    assert "invalid_phone" not in _codes(doc)
    assert [t["name"] for t in f["technical_contacts"]] == [t.name for t in a.p.technical]


def test_the_first_of_a_list_of_types_beside_a_wrapped_label_is_no_answer(tmp_path: Path) -> None:
    """The types listed beside "Hvilken slags organisation er" / "I?", none of them a known wording of the ticked
    one: the list's first option ("Region (regionens IT)") is no answer; the type is left to staff."""
    _, doc = _form(tmp_path, 71, "s8-xhtml-cells", "da", "foreign", w_kind="Hvilken slags organisation er I?",
                   p=replace(_party(71, "foreign", "da"), party_type="space_agency"))
    assert doc["fields"]["party_type"] is None


@pytest.mark.parametrize(("language", "tech_head"), [("da", "Del C – Teknisk personale"),
                                                     ("en", "Part C – Technical people")])
def test_the_technical_staff_and_a_way_ticked_beside_the_types_in_draw_frames(tmp_path: Path, language: str,
                                                                                tech_head: str) -> None:
    """LibreOffice Draw's frames: the technical staff under "Del C – Teknisk personale" (its people, not its
    "contacts"), each caption numbered for its person ("Fulde navn (1)"), and the way of connecting ticked in a
    frame beside the types ("Adgang til SDN sker" over "☑ Via KMD's aftale"): the heading was read as a part of
    no use, so no technical contact was found, and the ticked way was never read."""
    a, doc = _form(tmp_path, 63, "s8-draw-frames", language, "region", "KMD", w_s_tech=tech_head,
                   w_via="Adgang til SDN sker" if language == "da" else "Access to SDN is")
    f = doc["fields"]
    assert [(t["name"], t["email"]) for t in f["technical_contacts"]] == [(t.name, t.email) for t in a.p.technical]
    assert f["connected_via"] == "KMD"


def test_the_party_in_the_letterhead_and_a_wrapped_way_ticked_beside_the_types(tmp_path: Path) -> None:
    """A Word file's page header names the party ("Hospitalsenheden Fjeldså · CVR DK22947141") and runs over both
    pages, so it was set aside as furniture and the form read with no organisation or CVR; the way of connecting
    ticked in the cell beside the types wraps in it ("☑ Gennem vores" over "journalsystemleverandør: XMO") and was
    not read (the party read as connected directly)."""
    p = replace(_party(64, "public_hospital", "da"), organisation="Hospitalsenheden Fjeldså")
    a, doc = _form(tmp_path, 64, "s8-docx-header", "da", "public_hospital", "XMO", p=replace(p, connected_via="XMO"),
                   w_vendor="Gennem vores journalsystemleverandør:", w_via="Forbindelsesvej")
    f = doc["fields"]
    assert (f["organisation"], f["cvr"]) == ("Hospitalsenheden Fjeldså", a.p.cvr)
    assert f["connected_via"] == "XMO"


def test_a_phone_read_in_part_with_its_rest_left_below_is_in_doubt_never_invalid() -> None:
    """"Telefon: 0045 6453" with the number's last digits on the line under it, where no wrap of the reader joins
    them ("3842" set apart): the phone read "0045 6453" was said invalid to the party. A few digits alone right
    after a phone read too short are its rest: the contact was read in part, which staff see."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(54, 760, "Informationsskema SDN")
    c.drawString(54, 730, "Organisation: Havrum Kommune")
    for y, text, x in [(700, "B. Organisatorisk kontaktperson", 54), (680, "Navn: Mette Holm", 54),
                       (666, "E-mail: mette.holm@havrum.example", 54), (652, "Telefon: 0045 6453", 54),
                       (638, "3842", 240), (600, "C. Teknisk kontaktperson", 54), (580, "Navn: Ole Bak", 54),
                       (566, "E-mail: ole.bak@havrum.example", 54), (552, "Telefon: 12 34 56 78", 54)]:
        c.drawString(x, y, text)
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), "form.pdf").as_json()
    assert "invalid_phone" not in _codes(doc)
    assert any(p["code"] == "uncertain" and p.get("field") == "org_contact" for p in doc["problems"])


@pytest.mark.parametrize("language", ["da", "en"])
def test_numbered_captions_of_draw_frames_open_no_column(tmp_path: Path, language: str) -> None:
    """LibreOffice Draw's frames with numbered captions set small over their values ("1. Organisationens navn",
    "2. CVR" beside it, "3a Navn | 3b E-mail | 3c Telefon", "5. Forbindelse" beside the types): the captions at
    the right ("2. CVR", "5. Forbindelse") were taken for the headings of a right column, the page cut in two,
    and every phone in the right-hand frames read under the connection's part: the contacts lost their phones
    (and the first technical contact's was missing)."""
    da = language == "da"
    a, doc = _form(tmp_path, 65, "s8-draw-frames", language, "pharmacy",
                   w_org="1. Organisationens navn" if da else "1. Name of organisation", w_cvr="2. CVR",
                   w_name="3a Navn" if da else "3a Name", w_mail="3b E-mail",
                   w_phone="3c Telefon" if da else "3c Phone",
                   w_kind="4. Organisationstype" if da else "4. Type of organisation",
                   w_via="5. Forbindelse" if da else "5. Connection")
    f = doc["fields"]
    assert f["org_contact"]["phone"] == "+4586286533"
    assert [t["phone"] for t in f["technical_contacts"]] == ["+4563790412", "+4545595933"]
    assert (f["organisation"], f["cvr"], f["party_type"]) == (a.p.organisation, a.p.cvr, "pharmacy")
    assert "missing_field" not in _codes(doc)


def test_a_part_about_you_is_the_organisations(tmp_path: Path) -> None:
    """"Part A – About you" over the organisation's name and CVR: read as a part of no use, so the form had no
    organisation, no CVR and no way of connecting (its ticked vendor under "Route of connection")."""
    a, doc = _form(tmp_path, 66, "s8-xhtml-cells", "en", "private_hospital", "Multimed", w_s_org="Part A – About you",
                   w_via="Route of connection")
    f = doc["fields"]
    assert (f["organisation"], f["cvr"], f["connected_via"]) == (a.p.organisation, a.p.cvr, "Multimed")


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_cross_beside_on_our_own_is_no_kmd(tmp_path: Path, language: str) -> None:
    """A spreadsheet's options, "X" in a column of their own: "On our own (own connection) | X" over "Under KMD's
    agreement" left open. The ticked option was not known as a direct connection, and the open option naming KMD
    was then read as the answer: a party connected on its own read as under KMD's agreement, with confidence
    (exempt from the connection agreement it must sign)."""
    da = language == "da"
    _, doc = _form(tmp_path, 67, "s8-calc-sheet", language, "foreign", None,
                   w_direct="Selvstændigt (egen forbindelse)" if da else "On our own (own connection)",
                   w_kmd="Via KMD's aftale" if da else "Under KMD's agreement",
                   w_via="Hvordan kobles I på SDN?" if da else "How will you connect to SDN?")
    assert doc["fields"]["connected_via"] is None


def test_an_address_cut_at_the_foot_of_a_page_is_in_doubt_never_invalid() -> None:
    """A Word table's cell breaking over the page, the address's rest at the top of the next ("soju@noerreaa-" |
    "sundhed.example"): the address read cut was said invalid to the party. Cut where its page ends, it is in
    doubt (staff look), never invalid."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    for y, text in [(760, "Informationsskema SDN"), (730, "Organisation: Havrum Kommune"),
                    (700, "B. Organisatorisk kontaktperson"), (680, "Navn: Mette Holm"),
                    (666, "E-mail: mette.holm@havrum.example"), (652, "Telefon: 12 34 56 78"),
                    (600, "C. Teknisk kontaktperson"), (580, "Navn: Sofie Juhl"), (80, "E-mail: soju@noerreaa-")]:
        c.drawString(54, y, text)
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(92, 800, "sundhed.example")
    c.drawString(54, 780, "Telefon: 46 94 31 94")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), "form.pdf").as_json()
    assert "invalid_email" not in _codes(doc)
    assert any(p["code"] == "uncertain" and str(p.get("field", "")).startswith("technical_contacts")
               for p in doc["problems"])


def _drawn_form(tmp_path: Path, seed: int, language: str, layout: str = "s8-docx-header") -> tuple[Any, dict[str, Any]]:
    doc = e8.form(random.Random(seed), _party(seed, None, language), layout, f"form-{seed}-{language}.pdf")
    return doc, _read(doc, tmp_path)


@pytest.mark.parametrize(("seed", "language"), [(33, "da"), (37, "en"), (38, "da")])
def test_the_partys_name_and_cvr_in_the_running_header_are_its_own(tmp_path: Path, seed: int, language: str) -> None:
    """A Word form whose page header holds the party's name and CVR ("Vester Lyng Sygehus · CVR-nummer (SE)
    DK-58058157"), over two pages: the header is page furniture to the form's parts, so neither was found (held-out
    seed 1956: 6 of the eighth hand's forms). The first page's copy of the header names the party."""
    doc, got = _drawn_form(tmp_path, seed, language)
    want = doc.truth["documents"][0]["fields"]
    assert (got["fields"]["organisation"], got["fields"]["cvr"]) == (want["organisation"], want["cvr"])


@pytest.mark.parametrize(("seed", "language"), [(30, "en"), (34, "en")])
def test_danish_cvr_number_after_the_name_is_no_part_of_it(tmp_path: Path, seed: int, language: str) -> None:
    """"Lægehuset Tornby · Danish CVR number DK-34037140": the name had been read as "Lægehuset Tornby · Danish",
    with confidence."""
    doc, got = _drawn_form(tmp_path, seed, language)
    assert got["fields"]["organisation"] == doc.truth["documents"][0]["fields"]["organisation"]


def test_an_address_cut_at_the_foot_of_a_page_goes_on_at_the_head_of_the_next(tmp_path: Path) -> None:
    """"nikolaj.lykke@birke" at the foot of page 1, "lund-sundhed.example" under the running header of page 2: read
    apart, the address was `invalid_email`, a wrong word to the party. Joined, and in doubt (a hyphen may have
    stood at the break)."""
    doc, got = _drawn_form(tmp_path, 36, "en")
    want = doc.truth["documents"][0]["fields"]["technical_contacts"]
    assert [c["email"] for c in got["fields"]["technical_contacts"]] == [c["email"] for c in want]
    assert "invalid_email" not in _codes(got)


def test_a_printed_name_wrapped_in_its_cell_is_the_name_signed_in_a_script_face(tmp_path: Path) -> None:
    """Word's signature table: "Navn (blokbogstaver): Kasper" over "Lindhardt", the cell's edge a little short of
    where the page model puts the next cell, under "Kasper Lindhardt" typed in a script face on the signature
    line (held-out seed 24). The printed name was read cut, "Kasper", with confidence; the name signed with is
    the same person's, whole."""
    p = _party(24, "it_supplier", "da")
    p = replace(p, signatory=replace(p.signatory, name="Kasper Lindhardt"), signatory_title="Direktør")
    doc = _read(e8.agreement(random.Random(24), p, "connection_agreement", "s8-agr-docx", "script", "signicat",
                             "agr-24.pdf"), tmp_path)
    assert doc["fields"]["signed"] is True
    assert doc["fields"]["signatory_name"] == "Kasper Lindhardt"


def test_an_address_broken_inside_its_top_level_domain_in_a_text_frame(tmp_path: Path) -> None:
    """Draw's text frames, narrower than the gap to the next frame: "pernille.overgaard@kragsoe.exampl" over "e",
    "torben.oestergaard@noerreaa.exam" over "ple" (held-out seed 71). The cut addresses were read with
    confidence (the cell did not seem to run up to the next one); a domain ending in no known end, with the
    piece that makes one right under it, is one address."""
    contact = ("Pernille Overgaard", "pernille.overgaard@kragsoe.example", "84 93 16 61")
    techs = [("Signe Nørgaard", "signe@kragsoe.example", "86 60 23 60"),
             ("Torben Østergaard", "torben.oestergaard@noerreaa.example", "+4588439852")]
    a, doc = _form(tmp_path, 71, "s8-draw-frames", "da", "laboratory", contact=contact, techs=techs,
                   tech_roles=["Teknisk kontakt", "Teknisk kontakt 2"])
    f = doc["fields"]
    assert f["org_contact"]["email"] == contact[1]
    assert [t["email"] for t in f["technical_contacts"]] == [t[1] for t in techs]


def test_a_networks_caption_or_a_page_number_is_no_street(tmp_path: Path) -> None:
    """A Calc sheet's two-line cell ("c/o IT-afdelingen" over the street) set on one line above its label
    "Address", whose value was then not read: a street was taken by its look from the next part ("Range 1" beside
    a network, or the page's "Page 1"), with confidence. The street's label was found: what stands elsewhere is
    no answer to it, so the street is not found (staff look)."""
    a, doc = _form(tmp_path, 39, "s8-calc-sheet", "en", "private_hospital", co="c/o IT-afdelingen",
                   w_street="Address", w_net="Range", w_s_site="Part D – Installation site",
                   w_s_net="Part E – Address ranges to route via SDN")
    assert doc["fields"]["installation_address"]["street"] in (a.site[0], None)


@pytest.mark.parametrize(("name", "language"), [("Emil Christoffersen", "en"), ("Kasper Lindhardt", "da")])
def test_a_printed_name_wrapped_beside_medcoms_next_label(tmp_path: Path, name: str, language: str) -> None:
    """Word's signature table, a picture of a signature: "Name (block letters): Emil" over "Christoffersen" in the
    party's cell, MedCom's cell beside it a few points higher, so that the surname stands on one line with MedCom's
    "Title:". Measured by that whole line the surname seemed set larger than the name and was no wrap: the
    signatory read as "Emil", with confidence."""
    p = _party(41, "public_hospital", language)
    p = replace(p, signatory=replace(p.signatory, name=name))
    doc = _read(e8.agreement(random.Random(41), p, "connection_agreement", "s8-agr-docx", "image", "signicat",
                             "aftale.pdf"), tmp_path)
    assert doc["fields"]["signed"] is True
    unsure = {q.get("field") for q in doc["problems"] if q["code"] == "uncertain"}
    assert doc["fields"]["signatory_name"] in (None, name) or "signatory_name" in unsure
