"""Information forms whose parts are told by how they are set, not by numbers: headings in a bold face,
two columns whose cells run together, page furniture over every page or laid over the text, options
offered as a choice, a "Ja | Nej" grid whose option wraps (issue 22, the outside check's classes)."""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from parsers import read_pdf
from parsers.documents.form import kmd_said
from parsers.documents.page import Dispute, Word, _second_reading, bold_face, read_content
from tests.parsers.form_reading import read_form

from .layouts import BOLD, REGULAR, Page, render


def _fields(pages: list[Page]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return read_form(read_content(render(pages)))


def _party(p: Page, name: str = "Nordby Apotek", cvr: str = "DK-29189846") -> Page:
    return p.heading("Party").pair("Name", name).pair("Company reg. no. (CVR)", cvr)


def test_a_bold_face_is_read_from_the_font() -> None:
    assert bold_face([{"text": "P", "fontname": "ABCDEF+LiberationSans-Bold"}, {"text": " ", "fontname": "X"}])
    assert not bold_face([{"text": "P", "fontname": "LiberationSans"}])
    p = Page().heading("Place of installation").pair("Address", "Havnevej 4")
    lines = read_content(render([p])).lines
    assert [s.bold for ln in lines for s in ln.segments] == [True, False, False]


def test_bold_headings_without_numbers_set_the_parts() -> None:
    """Headings that are neither numbered nor asked nor in capitals, only bold: the contact's part, the
    place of installation and the networks are told from each other by them; the document's title, set
    larger and wrapped ("... Health Data" / "Network (SDN)"), is no heading of the networks."""
    p = Page()
    p.line("SDN connection – information form for the Health Data", size=16, font=BOLD, step=22)
    p.line("Network (SDN)", size=16, font=BOLD, step=22)
    p.line("To be completed by the connecting organisation.")
    _party(p)
    p.heading("Contact person at the organisation")
    p.pair("Full name", "Åse Bødker").pair("Email address", "aabo@nordby.example").pair("Telephone", "8226 4555")
    p.heading("Technical contact(s)")
    p.row([(60, "Full name"), (200, "Email address"), (360, "Telephone")], font=BOLD)
    p.row([(60, "Lasse Fynbo"), (200, "lasse@nordby.example"), (360, "41 87 85 82")])
    p.heading("Place of installation")
    p.pair("Address", "Industrivænget 26").pair("Postcode", "9982").pair("City", "Ålbæk")
    p.heading("IP ranges to be opened")
    p.row([(60, "No."), (200, "Network")], font=BOLD)
    p.row([(60, "1"), (200, "192.168.134.64/27")])
    p.heading("What kind of organisation are you?")
    p.line("[ ] Municipality").line("[X] Pharmacy").line("[ ] Other")
    f, problems = _fields([p])
    assert f["organisation"] == "Nordby Apotek" and f["cvr"] == "29189846"
    assert f["org_contact"] == {"name": "Åse Bødker", "email": "aabo@nordby.example", "phone": "+4582264555"}
    assert f["technical_contacts"] == [{"name": "Lasse Fynbo", "email": "lasse@nordby.example",
                                        "phone": "+4541878582"}]
    assert f["installation_address"] == {"street": "Industrivænget 26", "postcode": "9982", "city": "Ålbæk"}
    assert f["ip_scopes"] == ["192.168.134.64/27"]
    assert f["party_type"] == "pharmacy"
    assert not [x for x in problems if x["code"] == "missing_field"]


def test_a_bold_value_or_label_is_no_heading() -> None:
    """Only a few words with no label's colon and no number are a heading by their face: a bold label
    with its value, or a bold street and number, stay what they are."""
    p = Page()
    _party(p)
    p.heading("Place of installation")
    p.pair("Address:", "Havnevej 4", label_font=BOLD).pair("Postcode and town:", "8000 Aarhus C", label_font=BOLD)
    f, _ = _fields([p])
    assert f["installation_address"] == {"street": "Havnevej 4", "postcode": "8000", "city": "Aarhus C"}


def test_a_value_that_runs_into_the_next_columns_label_is_cut_at_the_column() -> None:
    """Two columns of parts: the left value set so close to the right column's label that words alone would
    make one cell of them ("Klinik Lindholt ApS Name:") is cut at the right column's edge; the organisation
    is never the CVR below it."""
    p = Page()
    p.at(60, 90, "1. Party", font=BOLD).at(300, 90, "5. Administrative contact", font=BOLD)
    value = "Klinik Lindholt ApS"
    p.at(60, 106, "Organisation:").at(296 - stringWidth(value, REGULAR, 10), 106, value)  # 4 pt before "Name:"
    p.at(300, 106, "Name:").at(420, 106, "Viggo Mørch")
    p.at(60, 120, "Company reg. no. (CVR):").at(190, 120, "DK40090975").at(300, 120, "Email address:")
    p.at(420, 120, "viggo@lindholt.example")
    p.at(60, 143, "2. Type of organisation", font=BOLD).at(300, 143, "Direct line:").at(420, 143, "+45 37 55 74 96")
    p.at(60, 160, "[X] Private hospital or clinic").at(300, 168, "6. Technical contacts", font=BOLD)
    p.at(60, 175, "[ ] Pharmacy").at(300, 185, "Name:").at(420, 185, "Lasse Iversen")
    p.at(60, 190, "[ ] Other").at(300, 199, "Email address:").at(420, 199, "lasse@lindholt.example")
    p.at(60, 220, "3. Delivery address", font=BOLD).at(300, 213, "Direct line:").at(420, 213, "43187086")
    p.at(60, 236, "Street address:").at(190, 236, "Sygehusvej 131").at(300, 240, "7. IP address ranges", font=BOLD)
    p.at(60, 250, "Post code:").at(190, 250, "6500").at(300, 256, "Range 1:").at(420, 256, "192.168.53.64/27")
    p.at(60, 264, "Town/City:").at(190, 264, "Vojens")
    content = read_content(render([p]))
    # the page itself cuts the cell where the right column's label starts, as other rows' cells start there
    row = next(ln for ln in content.lines if "Klinik" in ln.text)
    assert [s.text for s in row.segments] == ["Organisation:", "Klinik Lindholt ApS", "Name:", "Viggo Mørch"]
    f, _ = read_form(content)
    assert f["organisation"] == "Klinik Lindholt ApS" and f["cvr"] == "40090975"
    assert f["org_contact"]["name"] == "Viggo Mørch"


def test_an_organisation_is_never_a_cvr_number() -> None:
    p = Page().heading("1. The organisation").pair("Organisation:", "DK40090975").pair("CVR:", "DK40090975")
    p.heading("2. Technical contact").pair("Name:", "Lasse Iversen").pair("Email:", "lasse@lindholt.example")
    f, _ = _fields([p])
    assert f["organisation"] is None and f["cvr"] == "40090975"


def _stacked(p: Page, label: str, value: str) -> Page:
    p.line(label, size=7.5, step=11)
    return p.line(value, step=14)


def test_a_footer_on_every_page_is_no_contact() -> None:
    """A running footer in the labels' size that names MedCom's address stands under the technical contacts
    at the end of the first page: neither it nor MedCom's address is a contact of the party's."""
    foot = "Spørgsmål: sdn-support@medcom.example · Skema udfyldt 20.10.2026"
    one = Page()
    one.heading("Part")
    _stacked(_stacked(one, "Juridisk navn", "Mosede Strand Apotek"), "CVR-nr.", "42 37 40 83")
    one.heading("Teknisk kontakt")
    for label, value in (("Navn", "Ida Krøyer"), ("E-post", "ida@mosede.example"), ("Tlf.", "+45 32 59 02 96")):
        _stacked(one, label, value)
    one.at(60, 790, foot, size=7.5)
    two = Page()
    two.heading("Netværk")
    _stacked(two, "Netværk 1", "172.25.114.0/24")
    two.at(60, 790, foot, size=7.5)
    f, problems = _fields([one, two])
    assert f["technical_contacts"] == [{"name": "Ida Krøyer", "email": "ida@mosede.example", "phone": "+4532590296"}]
    assert not any("technical contact 2" in x["message"] for x in problems)
    # on a page of its own, MedCom's address under the contacts is still no contact
    alone = Page()
    alone.heading("Teknisk kontakt").pair("Navn:", "Ida Krøyer").pair("E-mail:", "ida@mosede.example")
    alone.line("Spørgsmål: sdn-support@medcom.example")
    f, _ = _fields([alone])
    assert [c["email"] for c in f["technical_contacts"]] == ["ida@mosede.example"]


def test_a_footer_laid_over_a_question_leaves_the_question_whole() -> None:
    """The page's text runs into its footer: the footer lies over the wrapped question and its answer on
    one line. The question is read with its answer ("Ja – XMO"), never as "KMD" because it names KMD."""
    p = Page()
    _party(p, "Rønnebæk Apotek", "92546888")
    p.heading("Hvordan tilsluttes I?")
    p.at(62, p.y, "Spørgsmål: sdn-support@medcom.example · Skema udfyldt 29.10.2026", size=7.5)
    p.at(70, p.y, "Tilsluttes I via KMD eller en").at(270, p.y, "Ja – XMO")
    p.y += 13
    p.line("systemleverandør?:", x=70)
    f, _ = _fields([p])
    assert f["connected_via"] == "XMO"


def test_kmd_offered_as_a_choice_is_no_answer() -> None:
    assert not kmd_said("Tilsluttes I via KMD eller en systemleverandør")
    assert not kmd_said("Connected via KMD or a system vendor")
    assert kmd_said("Ja, via KMD") and kmd_said("Through KMD")


def test_a_ticked_vendor_option_names_the_vendor() -> None:
    p = Page()
    _party(p)
    p.heading("Hvordan tilsluttes I?")
    p.line("[ ] Tilsluttes direkte (ikke via KMD)").line("[ ] Via KMD")
    p.line("[x] Via systemleverandør: Journalhuset A/S")
    assert _fields([p])[0]["connected_via"] == "Journalhuset A/S"
    q = Page()
    _party(q)
    q.heading("Connection route")
    q.line("[ ] Through KMD").line("[X] Through a system vendor: Medisys Nord ApS")
    assert _fields([q])[0]["connected_via"] == "Medisys Nord ApS"


def test_a_yes_no_grid_whose_option_wraps_in_its_cell() -> None:
    """ "Tilsluttes via" over "systemleverandør" in one cell, the cross under "Ja": the provider named
    below is the answer."""
    p = Page()
    _party(p)
    p.heading("Tilslutningsform")
    p.row([(300, "Ja"), (360, "Nej")], font=BOLD)
    p.row([(60, "Tilsluttes via KMD"), (364, "X")])
    p.at(60, p.y, "Tilsluttes via").at(304, p.y, "X")
    p.y += 12
    p.line("systemleverandør")
    p.pair("Leverandørens navn:", "Medisys Nord ApS")
    f, _ = _fields([p])
    assert f["connected_via"] == "Medisys Nord ApS"


def test_the_whole_reading_of_a_form_in_bold_headings() -> None:
    """Through the whole pipeline (kind, confidence): the form above is an information form read right."""
    p = Page()
    p.line("Informationsskema – tilslutning til Sundhedsdatanettet", size=16, font=BOLD, step=24)
    p.heading("Den tilsluttende organisation")
    p.pair("Organisationens navn", "Vester Lyng Sygehus").pair("CVR", "57708107")
    p.heading("Primær kontakt hos organisationen")
    p.pair("Fulde navn", "Mads Overgaard").pair("Mail", "maov@vester-lyng.example").pair("Telefon", "3358 2957")
    p.heading("IT-ansvarlige (drift)")
    p.pair("Fulde navn", "Sofie Vestergaard").pair("Mail", "sofie@vester-lyng.example").pair("Telefon", "90809390")
    p.heading("Adresse hvor udstyret skal installeres")
    p.pair("Gade/vej", "Lupinvej 103").pair("Postnr. og by", "9280 Storvorde")
    p.heading("IP-adresser der skal åbnes for")
    p.pair("IP-område 1", "172.16.246.0/24")
    p.heading("Organisationstype")
    p.line("[ ] Kommune").line("[x] Offentligt sygehus", font=REGULAR)
    doc = read_pdf(render([p]), "skema.pdf").as_json()
    f = doc["fields"]
    assert doc["kind"] == "information_form"
    assert f["org_contact"]["name"] == "Mads Overgaard"
    assert [c["name"] for c in f["technical_contacts"]] == ["Sofie Vestergaard"]
    assert f["installation_address"] == {"street": "Lupinvej 103", "postcode": "9280", "city": "Storvorde"}
    assert f["ip_scopes"] == ["172.16.246.0/24"] and f["party_type"] == "public_hospital"


def test_a_suspect_page_that_ocr_could_not_check_trusts_no_letter_beyond_ascii() -> None:
    """A font whose Unicode map is wrong reads "Offentligt" as "Oûentligt" (an odd letter: the page is
    suspect) and "Sofie" as "Soüe" (a usual letter). When the page's picture cannot be read to check it,
    "Soüe" is disputed too, so the contact holding it is `uncertain`, not a confident wrong name."""
    words = [Word(t, 60 + 60 * i, 100 + 60 * i, 100, 110) for i, t in enumerate(["Oûentligt", "Soüe", "Vej", "12"])]
    disputes: list[Dispute] = []
    _second_reading(words, None, 1, disputes)
    assert [d.shown for d in disputes] == ["Oûentligt", "Soüe"]


def test_values_wrapped_in_their_cells_are_read_whole() -> None:
    """Narrow cells wrap: "Region" over "Rønnebæk" (a tab's value wrapped back to the label's edge),
    "Lindholt Medical" over its legal form "GmbH, dansk filial" right under it, a street's name before its
    number ("Gammel" over "Kongevej 14"), an address cut in its local part ("lars-" over
    "erik.bergstrom@lindholt-" over "sundhed.example"). Each is one value, never its first piece."""
    p = Page()
    p.heading("1. Organisationen")
    p.at(60, p.y, "Navn:").at(190, p.y, "Region")
    p.y += 12
    p.line("Rønnebæk")
    p.pair("CVR-nummer:", "DK70729091", value_x=190)
    p.heading("2. Installationssted")
    p.at(60, p.y, "Gade/vej:").at(190, p.y, "Gammel")
    p.y += 12
    p.line("Kongevej 14")
    p.pair("Postnr.:", "3782", value_x=190).pair("Postdistrikt:", "Klemensker", value_x=190)
    p.heading("3. Teknisk kontakt")
    p.pair("Navn:", "Lars-Erik Bergström", value_x=190)
    for k, piece in enumerate(("lars-", "erik.bergstrom@lindholt-", "sundhed.example")):
        if k == 0:
            p.at(60, p.y, "E-mail:")
        p.at(190, p.y, piece)
        p.y += 12
    p.pair("Telefon:", "57 42 42 86", value_x=190)
    f, problems = _fields([p])
    assert f["organisation"] == "Region Rønnebæk"
    assert f["installation_address"] == {"street": "Gammel Kongevej 14", "postcode": "3782", "city": "Klemensker"}
    lars = {"name": "Lars-Erik Bergström", "email": "lars-erik.bergstrom@lindholt-sundhed.example",
            "phone": "+4557424286"}
    assert f["technical_contacts"] == [lars]
    assert not [x for x in problems if x["code"] == "invalid_email"]
    q = Page()
    q.heading("A. Party")
    q.at(60, q.y, "Name:").at(150, q.y, "Lindholt Medical")
    q.y += 12
    q.line("GmbH, dansk filial", x=150)
    q.pair("Danish CVR no.:", "DK-23228602", value_x=150)
    assert _fields([q])[0]["organisation"] == "Lindholt Medical GmbH, dansk filial"


def test_a_name_cut_after_its_comma_or_before_a_branch_s_word_is_read_whole_and_sure() -> None:
    """A Norwegian company's Danish branch, its name wrapped in a narrow cell after the comma ("Mosede Strand
    Helse AS," over "NUF"): the piece is the name's rest (a branch's word, and a name does not end in a comma),
    not a line that may stand on its own, so the name is read whole without a doubt for staff."""
    for first, rest in (("Mosede Strand Helse AS,", "NUF"), ("Vika Helse AS", "NUF"), ("Fjord Tand &", "Kæbe")):
        q = Page()
        q.heading("A. Party")
        q.at(60, q.y, "Name:").at(150, q.y, first)
        q.y += 12
        q.line(rest, x=150)
        q.pair("Foreign company number:", "Org.nr. 964211744", value_x=150)
        f, problems = _fields([q])
        assert f["organisation"] == f"{first} {rest}"
        assert not [x for x in problems if x.get("field") == "organisation"], first


def test_an_organisation_read_as_its_kind_alone_is_uncertain() -> None:
    p = Page().heading("1. Organisationen").pair("Navn:", "Region").pair("CVR-nummer:", "DK70729091")
    f, problems = _fields([p])
    assert f["organisation"] == "Region"
    assert any(x["code"] == "uncertain" and x.get("field") == "organisation" for x in problems)


def test_a_question_wrapped_over_three_lines_is_read_with_its_answer() -> None:
    p = Page()
    _party(p)
    p.heading("Tilslutningsform")
    p.at(60, p.y, "Tilsluttes I via").at(250, p.y, "Nej")
    p.y += 12
    p.line("KMD eller en", step=12).line("systemleverandør?:")
    f, problems = _fields([p])
    assert f["connected_via"] is None
    assert not any(x.get("field") == "connected_via" for x in problems)


def test_a_cross_run_into_the_options_cell_is_read_under_its_column() -> None:
    """The cross under "Ja" set so close to its option that the page reads "Tilsluttes via systemleverandør X"
    as one cell: the cross is still the answer of its column."""
    p = Page()
    _party(p)
    p.heading("Tilslutningsform")
    option = "Tilsluttes via systemleverandør"
    yes_x = 60 + stringWidth(option, REGULAR, 10) + 4
    p.row([(yes_x - 1, "Ja"), (yes_x + 60, "Nej")], font=BOLD)
    p.row([(60, "Tilsluttes via KMD"), (yes_x + 64, "X")])
    p.at(60, p.y, option).at(yes_x, p.y, "X")
    p.y += 17
    p.pair("Leverandørens navn:", "XMO")
    content = read_content(render([p]))
    assert any(s.text == f"{option} X" for ln in content.lines for s in ln.segments)  # the class
    assert read_form(content)[0]["connected_via"] == "XMO"


def _run_together(p: Page, cells: list[str], x: float = 60) -> Page:
    """Cells set closer than a word gap, as narrow table cells print: one cell to the page."""
    for cell in cells:
        p.at(x, p.y, cell)
        x += stringWidth(cell, REGULAR, 10) + 4
    return p


def test_an_address_run_together_with_its_row_is_joined_with_its_wrapped_tail() -> None:
    """"Dorthe Vestergaard dorthe@roennebaek 89 49 60 40" over "-it.example" (under the address): the
    address is whole, found under the address itself, not under the row's first cell."""
    p = Page()
    _party(p)
    p.heading("5. Tekniske kontaktpersoner")
    p.row([(60, "Navn"), (183, "E-post"), (302, "Telefon")], font=BOLD)
    name = "Dorthe Vestergaard"
    _run_together(p, [name, "dorthe@roennebaek", "89 49 60 40"])
    p.y += 13
    p.at(60 + stringWidth(name, REGULAR, 10) + 4, p.y, "-it.example")
    f, problems = _fields([p])
    assert f["technical_contacts"] == [{"name": name, "email": "dorthe@roennebaek-it.example", "phone": "+4589496040"}]


def test_a_wrapped_question_answered_yes_with_the_provider_on_the_next_line() -> None:
    """"Tilsluttes I via KMD eller en" over "systemleverandør?: | Ja –", the provider's name wrapped onto the
    line under it ("Journalhuset A/S"): the provider is read. Answered yes with no name read at all, the
    party is connected through someone: never null (a direct connection) without a doubt for staff."""
    for answer, rest, via in (("Ja –", "Journalhuset A/S", "Journalhuset A/S"), ("Ja", None, None)):
        p = Page()
        _party(p)
        p.heading("G. Tilslutningsform")
        p.line("Tilsluttes I via KMD eller en", step=12)
        p.at(60, p.y, "systemleverandør?:").at(250, p.y, answer)
        p.y += 12
        if rest:
            p.line(rest, step=14)
        p.heading("H. Bemærkninger").line("Ingen.")
        f, problems = _fields([p])
        assert f["connected_via"] == via
        unsure = [x for x in problems if x["code"] == "uncertain" and x.get("field") == "connected_via"]
        assert bool(unsure) == (via is None), problems
