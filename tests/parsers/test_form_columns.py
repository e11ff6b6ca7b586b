"""Information forms in two columns of parts, and values a word processor wrapped back under their label
(issue 22, the outside check's two-column forms): the columns are told by where the headings stand even
where an option's or a label's words name a part elsewhere on the page, and a value's last words set on
the next line at the paragraph's left edge are the value's, only where they could not have fitted."""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from parsers.documents.page import read_content
from tests.parsers.form_reading import read_form

from .layouts import BOLD, REGULAR, Page, render

LEFT, RIGHT = 64.0, 302.0          # the two columns' left edges
L_VALUE, R_VALUE = 205.0, 400.0    # where each column's values stand (a tab stop)
OPTIONS = 183.0                    # the options of a "tick one" question, a cross left of them


def _read(p: Page) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return read_form(read_content(render([p])))


def _missing(problems: list[dict[str, Any]], evidence: str) -> set[str]:
    return {f for p in problems if p["code"] == "missing_field" and p.get("evidence") == evidence
            for f in p["fields"]}


class Column:
    """One column of a two-column page, written top-down at its own pace (the rows of the two columns
    interleave, as a word processor's table of two cells lays them out)."""

    def __init__(self, page: Page, x: float, value_x: float, y: float = 112.0) -> None:
        self.p, self.x, self.value_x, self.y = page, x, value_x, y

    def heading(self, text: str) -> Column:
        self.y += 4
        self.p.at(self.x, self.y, text, font=BOLD)
        self.y += 15
        return self

    def pair(self, label: str, value: str, wrapped: str = "") -> Column:
        """`label` and `value` on one line; `wrapped` on the next, back at the paragraph's left edge."""
        self.p.at(self.x, self.y, label).at(self.value_x, self.y, value)
        self.y += 11.5
        if wrapped:
            self.p.at(self.x, self.y, wrapped)
            self.y += 11.5
        self.y += 2
        return self

    def text(self, text: str, x: float | None = None, font: str = REGULAR) -> Column:
        self.p.at(self.x if x is None else x, self.y, text, font=font)
        self.y += 13.5
        return self


def _page(title: str) -> Page:
    p = Page()
    p.at(62, 52, title, size=15, font=BOLD)
    p.at(62, 90, "Udfyldes af den organisation, der skal tilsluttes, og returneres til MedCom pr. mail.")
    return p


def test_an_option_wrapped_onto_a_part_s_word_leaves_the_two_columns_standing() -> None:
    """Lettered headings at two left edges, and the type's options in a column of their own, one of them
    wrapped in its cell ("Udenlandsk" over "organisation"): that lone word names the organisation's part
    but stands as no heading (not bold, not numbered), so the page is still read column by column and the
    contacts on the right are the contacts'."""
    p = _page("Oplysninger til brug for opkobling på SDN")
    left = Column(p, LEFT, L_VALUE)
    left.heading("A. Den tilsluttende organisation").pair("Navn:", "Egelev Kommune").pair("CVR-nummer:", "DK-81962928")
    left.heading("B. Hvilken type organisation er I?").text("Sæt kryds")
    p.at(LEFT + 1, left.y, "X")
    for option in ["Kommune", "Region", "Offentligt sygehus", "Apotek", "IT-leverandør", "Udenlandsk",
                   "organisation", "Andet"]:
        left.text(option, x=OPTIONS)
    left.heading("C. Tilslutningsform").text("Tilsluttes direkte (ikke via KMD)")
    left.heading("D. Leveringsadresse for SDN-udstyr").pair("Adresse:", "Lupinvej 23")
    left.pair("Postnr. og by:", "4173 Fjenneslev")
    right = Column(p, RIGHT, R_VALUE)
    right.heading("E. Kontaktperson (administrativ)").pair("Navn:", "Cecilie Lindhardt")
    right.pair("Mail:", "cecilie@egelev.example").pair("Tlf.:", "34 13 60 52")
    right.heading("F. Tekniske kontaktpersoner").pair("Navn:", "Viggo Mørch")
    right.pair("Mail:", "viggo@egelev.example").pair("Tlf.:", "50 46 68 60")
    right.heading("G. IP-adresser der skal åbnes for").pair("Adresseområde 1:", "10.109.252.0/24")
    f, problems = _read(p)
    assert f["org_contact"] == {"name": "Cecilie Lindhardt", "email": "cecilie@egelev.example",
                                "phone": "+4534136052"}
    assert f["technical_contacts"] == [{"name": "Viggo Mørch", "email": "viggo@egelev.example",
                                        "phone": "+4550466860"}]
    assert f["party_type"] == "municipality"
    assert not _missing(problems, "found_empty") and not _missing(problems, "not_found")


def test_a_label_in_the_options_column_and_the_title_open_no_column() -> None:
    """Headings in bold only, side by side ("Part | Organisationens kontaktperson"), a title that names the
    connection, and "Via systemleverandør:" (an option with its label's colon) standing between the two
    columns: the technical contacts are read under their heading, never said to be left empty."""
    p = _page("Informationsskema – tilslutning til Sundhedsdatanettet")
    left = Column(p, LEFT, L_VALUE)
    left.heading("Part").pair("Navn:", "Ålund Apotek").pair("CVR:", "DK56732128")
    left.heading("Hvilken type organisation er I?").pair("Type:", "Apotek")
    left.heading("Tilslutningsform").text("Angiv hvordan organisationen kobles på nettet")
    left.text("Tilsluttes direkte (ikke via", x=OPTIONS).text("KMD)", x=OPTIONS)
    p.at(LEFT + 1, left.y, "X")
    left.text("Via KMD", x=OPTIONS).text("Via systemleverandør:", x=OPTIONS).text("…………", x=OPTIONS)
    left.heading("Installationssted").pair("Vej og husnummer:", "Hospitalsvej 69").pair("Postnummer:", "4173")
    left.pair("Postdistrikt:", "Fjenneslev")
    right = Column(p, RIGHT, R_VALUE)
    right.heading("Organisationens kontaktperson").pair("Navn:", "Bjarke Riis")
    right.pair("E-post:", "bjri@aalund.example").pair("Mobil:", "8941 0967")
    right.heading("Teknisk kontakt").text("Kontakt 1").pair("Navn:", "Dorthe Vestergaard")
    right.pair("E-post:", "dorthe@aalund.example").pair("Mobil:", "+45 57 18 11 33")
    right.text("Kontakt 2").pair("Navn:", "Viggo Riis").pair("E-post:", "viggo@aalund.example")
    right.pair("Mobil:", "7213 9068")
    right.heading("IP-adresser der skal åbnes for").pair("Netværk 1:", "192.168.82.32/27")
    f, problems = _read(p)
    assert [c["name"] for c in f["technical_contacts"]] == ["Dorthe Vestergaard", "Viggo Riis"]
    # the contact's heading reaches over the values' column: no label's first words ("Organisationens" over
    # "Navn:" would be the organisation's name label)
    assert f["org_contact"] == {"name": "Bjarke Riis", "email": "bjri@aalund.example", "phone": "+4589410967"}
    assert f["organisation"] == "Ålund Apotek"
    assert f["connected_via"] == "KMD"
    assert "technical_contacts" not in _missing(problems, "found_empty")


def test_values_wrapped_back_under_their_label_are_joined() -> None:
    """A word processor's "Label:<tab>value" paragraph in a narrow column wraps the value's last words to
    the paragraph's left edge: "Hvidmose" over "Kommune", "1633 København" over "V", "Dorthe Marie" over
    "Vestergaard" (right column). Each first word could not have fitted on the line above, so it is the
    value's; read whole, nothing cut short is left to be taken for a complete name or town."""
    p = _page("SDN – informationsskema for ny tilslutning")
    left = Column(p, LEFT, L_VALUE)
    left.heading("A. Part").pair("Organisationens navn:", "Hvidmose", wrapped="Kommune").pair("CVR:", "DK-59731726")
    left.heading("B. Organisationstype").pair("Type:", "Kommune")
    left.heading("C. Installationssted").pair("Gade/vej:", "Lupinvej 23")
    left.pair("Postnr. og by:", "1633 København", wrapped="V")
    right = Column(p, RIGHT, R_VALUE)
    right.heading("D. Kontaktperson (administrativ)").pair("Navn:", "Asger Uldall")
    right.pair("E-mail:", "asger@hvid.example")
    right.pair("Telefon:", "92 29 14 62")
    right.heading("E. Tekniske kontaktpersoner").pair("Navn:", "Dorthe Marie", wrapped="Vestergaard")
    right.pair("E-mail:", "dorthe@hvid.example").pair("Telefon:", "56 22 55 28")
    right.heading("F. Netværk").pair("IP-område 1:", "10.48.234.128/25")
    # the evidence of each wrap: the next word would have run past the column's right edge
    assert L_VALUE + stringWidth("Hvidmose Kommune", REGULAR, 10) > RIGHT - 6
    f, _ = _read(p)
    assert f["organisation"] == "Hvidmose Kommune"
    assert f["installation_address"] == {"street": "Lupinvej 23", "postcode": "1633", "city": "København V"}
    assert f["technical_contacts"][0]["name"] == "Dorthe Marie Vestergaard"
    assert f["party_type"] == "municipality"


def test_a_line_that_would_have_fitted_is_no_wrapped_value() -> None:
    """A short line right under a label and its value at the label's edge, that would have fitted after
    the value ("Type: Apotek" over "Sæt kryds"; "Navn: Bo Lind" over "Ansvarlig"), is a line of its own."""
    p = Page()
    p.heading("1. Organisation").pair("Navn:", "Nordby Apotek").pair("CVR:", "29189846")
    p.heading("2. Teknisk kontakt")
    p.at(60, p.y, "Navn:").at(220, p.y, "Bo Lind")
    p.y += 11.5
    p.at(60, p.y, "Ansvarlig")
    p.y += 15
    p.pair("E-mail:", "bo@nordby.example").pair("Telefon:", "21 22 23 24")
    p.at(60, p.y + 40, "x" * 90)  # the page's text runs far to the right
    f, _ = _read(p)
    assert f["technical_contacts"][0]["name"] == "Bo Lind"
    assert f["organisation"] == "Nordby Apotek"


def test_slashed_town_and_postcode_labels_and_a_connection_label() -> None:
    """A table's labels without colons written with a slash ("Postcode/city", "Town/City") are the
    address's labels, and "Forbindelse via: XMO" names the system provider the party connects through."""
    p = Page()
    p.heading("1. Organisation").pair("Name", "Havrum Sygehus").pair("CVR number", "29189846")
    p.heading("2. Tilslutningsform").pair("Forbindelse via:", "XMO")
    p.heading("3. Site address for the equipment").pair("Address", "Nørregade 12").pair("Post code", "2770")
    p.pair("Town/City", "Kastrup")
    f, _ = _read(p)
    assert f["installation_address"] == {"street": "Nørregade 12", "postcode": "2770", "city": "Kastrup"}
    assert f["connected_via"] == "XMO"
    q = Page()
    q.heading("1. Organisation").pair("Name", "Havrum Sygehus")
    q.heading("2. Site address for the equipment").pair("Address", "Nørregade 12").pair("Postcode/city", "2770 Kastrup")
    f, _ = _read(q)
    assert f["installation_address"] == {"street": "Nørregade 12", "postcode": "2770", "city": "Kastrup"}


def test_a_heading_wrapped_in_its_column_beside_taller_cells_stays_one_heading() -> None:
    """"B. PRIMÆR KONTAKT HOS" over "ORGANISATIONEN" in the left column, the right column's cells beside
    them set larger: the heading's own words, not the lines' heights, show the wrap, so the contact under
    it is the organisation's contact and "ORGANISATIONEN" opens no part of the organisation's."""
    p = _page("Oplysninger til brug for opkobling på SDN")
    left = Column(p, LEFT, L_VALUE)
    left.heading("A. DEN TILSLUTTENDE ORGANISATION").pair("Navn:", "Kragsø Apotek")
    left.pair("CVR-nr.:", "DK57488409")
    left.y += 4
    p.at(LEFT, left.y, "B. PRIMÆR KONTAKT HOS", font=BOLD).at(LEFT, left.y + 11.5, "ORGANISATIONEN", font=BOLD)
    for dy in (0.0, 11.5):  # the right column's taller cells on the same lines
        p.at(RIGHT, left.y + dy + 2, "Stor tekst", size=13)
    left.y += 27
    left.pair("Navn:", "Torben Hjort").pair("E-post:", "th@kragsoe.example").pair("Telefon:", "71 80 22 03")
    right = Column(p, RIGHT, R_VALUE, y=left.y + 10)
    right.heading("C. TEKNISK KONTAKT").pair("Navn:", "Karoline Bødker").pair("E-post:", "kb@kragsoe.example")
    right.pair("Telefon:", "48 99 57 79")
    right.heading("D. NETVÆRK").pair("Netværk 1:", "10.34.0.0/26")
    f, _ = _read(p)
    assert f["org_contact"] == {"name": "Torben Hjort", "email": "th@kragsoe.example", "phone": "+4571802203"}
    assert f["organisation"] == "Kragsø Apotek"


def test_a_table_s_cells_naming_parts_make_no_columns() -> None:
    """A one-column form whose tables have a header cell ("IP-område") and a role cell ("Drift") naming a
    part, each at its own x: no two columns of parts, so every row is read across the page."""
    p = Page()
    p.heading("1. Organisationen").pair("Juridisk navn", "Klinik Ålund ApS", value_x=302)
    p.pair("CVR-nr.", "DK10588723", value_x=302)
    p.heading("2. Primær kontakt hos organisationen").pair("Navn", "Jørgen Bødker", value_x=302)
    p.pair("E-mail", "joergen@aalund.example", value_x=302).pair("Telefon", "+45 40 05 59 69", value_x=302)
    p.heading("3. Tekniske kontaktpersoner")
    p.row([(64, "Navn"), (183, "E-mail"), (302, "Telefon"), (421, "Rolle")], font=BOLD)
    p.row([(64, "Mads Kragh"), (183, "makr@aalund.example"), (302, "+45 60 59 14 62"), (421, "Drift")])
    p.heading("4. IP-adresseområder (CIDR)")
    p.row([(64, "#"), (302, "IP-område")], font=BOLD)
    p.row([(64, "1"), (302, "192.168.234.32/27")])
    p.heading("5. Installationssted").pair("Vej og husnummer", "Søndre Ringvej 43", value_x=302)
    p.pair("Postnummer og by", "1466 København K", value_x=302)
    f, _ = _read(p)
    assert f["organisation"] == "Klinik Ålund ApS" and f["cvr"] == "10588723"
    assert f["org_contact"] == {"name": "Jørgen Bødker", "email": "joergen@aalund.example", "phone": "+4540055969"}
    assert f["installation_address"] == {"street": "Søndre Ringvej 43", "postcode": "1466", "city": "København K"}


def test_a_label_named_as_its_part_and_a_wrapped_connection_label() -> None:
    """Stacked fields: "Organisation" over its value right under the heading "Party" is the value's label,
    not a second heading; "Connection" over "through:" beside "Medisys Nord ApS" is one label, wrapped in
    its cell."""
    p = Page()
    p.heading("Party")
    p.line("Organisation", step=13).line("Hospitalsenheden Fjeldså")
    p.line("Company reg. no. (CVR)", step=13).line("28 52 20 10")
    p.heading("How will you be connected?")
    p.at(60, p.y, "Connection").at(150, p.y, "Medisys Nord ApS")
    p.y += 11.5
    p.line("through:")
    p.heading("Main contact").pair("Name:", "Torben Fynbo").pair("E-mail:", "tf@fjeldsaa.example")
    f, _ = _read(p)
    assert f["organisation"] == "Hospitalsenheden Fjeldså" and f["cvr"] == "28522010"
    assert f["connected_via"] == "Medisys Nord ApS"


def test_a_table_s_header_inside_the_right_column_keeps_the_columns() -> None:
    """Stacked fields in two columns, the right column's networks a table whose bold header ("Netværk")
    stands further in than the column's edge: the right column is still one column of parts, so the
    installation address on the right is read whole and no label ("Mail") is taken for its town."""
    p = _page("SDN – informationsskema for ny tilslutning")
    left = Column(p, LEFT, L_VALUE)
    left.heading("A. Den tilsluttende organisation").text("Organisationens navn").text("Tandlægerne i Skovlund I/S")
    left.text("CVR-nummer").text("DK-55905096")
    left.heading("B. Organisationens kontaktperson").text("Navn").text("Jens Frost").text("Mail")
    left.text("jens@skovlund.example").text("Telefon").text("98829871")
    left.heading("C. Tekniske kontaktpersoner").text("Navn").text("Karoline Juhl").text("Mail")
    left.text("karoline@skovlund.example").text("Telefon").text("8521 6655")
    right = Column(p, RIGHT, R_VALUE, y=150)
    right.heading("D. Adresse hvor udstyret skal installeres").text("Vej og husnummer").text("Rådhustorvet 51")
    right.text("Postnr.").text("1103").text("Postdistrikt").text("København K")
    right.heading("E. Netværk")
    p.at(RIGHT + 2, right.y, "#", font=BOLD).at(427, right.y, "Netværk", font=BOLD)
    right.y += 14
    right.text("1").text("172.30.110.0/24", x=427)
    f, _ = _read(p)
    assert f["installation_address"] == {"street": "Rådhustorvet 51", "postcode": "1103", "city": "København K"}
    assert f["org_contact"] == {"name": "Jens Frost", "email": "jens@skovlund.example", "phone": "+4598829871"}
    assert f["ip_scopes"] == ["172.30.110.0/24"]


def test_a_value_glued_to_the_right_column_s_label_is_cut_at_the_edge() -> None:
    """The left column's value set right against the right column's label, no space between
    ("Skovlund SygehusFulde navn:" read as one word "SygehusFulde"): where a capital follows a small letter
    right at the right column's edge, the word is the value's end and the label's start."""
    p = _page("SDN – informationsskema for ny tilslutning")
    value = "Skovlund Sygehus"
    left = Column(p, LEFT, RIGHT - 0.3 - stringWidth(value, REGULAR, 10))
    left.heading("A. Part").pair("Juridisk navn:", value).pair("CVR-nummer:", "54 97 71 15")
    left.heading("B. Organisationstype").pair("Type:", "Kommune")
    left.heading("C. Installationssted").pair("Gade/vej:", "Lupinvej 2").pair("Postnr.:", "7500")
    left.pair("By:", "Holstebro")
    right = Column(p, RIGHT, R_VALUE)
    right.heading("E. Kontaktperson (administrativ)")
    p.at(RIGHT, right.y, "Fulde navn:").at(R_VALUE, right.y, "Birthe Riis")
    right.y += 13.5
    right.pair("E-mail:", "biri@skovlund.example").pair("Mobil:", "59351533")
    right.heading("F. Tekniske kontaktpersoner").pair("Fulde navn:", "Jens Winther")
    right.pair("E-mail:", "jens@skovlund.example").pair("Mobil:", "5072 5974")
    right.heading("G. Netværk").pair("Netværk 1:", "10.69.78.64/26")
    words = [w.text for ln in read_content(render([p])).lines for s in ln.segments for w in s.words]
    assert "SygehusFulde" in words  # the page's words as the tool wrote them
    f, _ = _read(p)
    assert f["organisation"] == "Skovlund Sygehus"
    assert f["org_contact"]["name"] == "Birthe Riis"


def test_a_value_run_up_to_the_next_column_s_heading_ends_where_the_heading_starts() -> None:
    """The left column's street set up to a word gap before the right column's heading ("Industrivænget"
    + "G. Netværk", LibreOffice's two-column form): the heading's larger bold face starting at the right
    column's edge ends the value; the street is never "Industrivænget G. Netværk 125"."""
    p = _page("SDN – informationsskema for ny tilslutning")
    street = "Industrivænget"
    gap = 3.5
    value_x = RIGHT - gap - stringWidth(street, REGULAR, 10)
    left = Column(p, LEFT, value_x)
    left.heading("A. Organisationen").pair("Organisationens navn:", "Bøgeskov Lab ApS")
    left.pair("CVR:", "90884972")
    left.heading("B. Hvilken type organisation er I?").text("Sæt kryds")
    for option in ["Kommune", "Region", "Offentligt sygehus", "Apotek", "Privat laboratorium", "Andet"]:
        left.text(("X  " if option == "Privat laboratorium" else "") + option, x=OPTIONS)
    left.heading("C. Hvordan tilsluttes I?").pair("Via KMD eller en systemleverandør?", "Nej")
    left.heading("D. Leveringsadresse for SDN-udstyr")
    address_y = left.y
    left.pair("Adresse:", street, wrapped="125").pair("Postnummer og by:", "7182 Bredsten")
    right = Column(p, RIGHT, R_VALUE)
    right.heading("E. Organisationens kontaktperson").pair("Navn:", "Karoline Overgaard")
    right.pair("Mail:", "karo@boegeskov.example").pair("Telefon:", "81 29 77 69")
    right.heading("F. IT-ansvarlige (drift)").pair("Navn:", "Jens Uldall")
    right.pair("Mail:", "jeul@boegeskov.example").pair("Telefon:", "38 93 22 79")
    p.at(RIGHT, address_y - 1, "G. Netværk", size=11.5, font=BOLD)
    p.at(RIGHT, address_y + 30, "Nr.", size=11.5, font=BOLD).at(R_VALUE, address_y + 30, "Netværk", size=11.5,
                                                                  font=BOLD)
    p.at(RIGHT, address_y + 45, "1").at(R_VALUE, address_y + 45, "192.168.11.32/27")
    f, _ = _read(p)
    assert f["installation_address"] == {"street": "Industrivænget 125", "postcode": "7182", "city": "Bredsten"}
    assert f["organisation"] == "Bøgeskov Lab ApS"


def test_a_numbered_table_s_header_is_no_two_parts_side_by_side() -> None:
    """A network table's bold header "Nr. | Adresseområde" (a row number's column, then a heading-like word that
    names an address) over "1 | 10.35.15.0/24", then the installation address's own part: the header is a
    table's, so the address's heading and labels stay in the address's part; they were read into the
    networks' part and the address said to be found empty, and the party would have been asked for an address
    it had given (pdftk's flattened form, held-out outside check)."""
    p = _page("Informationsskema – tilslutning til Sundhedsdatanettet")
    col = Column(p, LEFT, LEFT + 200)  # the values' boxes start left of the header's second cell
    col.heading("A. Den tilsluttende organisation").pair("Navn:", "Birkelund Software ApS")
    col.pair("CVR-nr.:", "81172366")
    col.heading("D. Organisationens kontaktperson").pair("Navn:", "Cecilie Nørgaard")
    col.pair("E-post:", "ceno@birkelund.example").pair("Tlf.:", "90703722")
    col.heading("E. IT-ansvarlige (drift)").pair("Navn:", "Mads Nørgaard")
    col.pair("E-post:", "mads@birkelund.example").pair("Tlf.:", "4623 4044")
    col.heading("F. IP-adresseområder (CIDR)")
    p.at(LEFT, col.y, "Nr.", size=9, font=BOLD).at(LEFT + 240, col.y, "Adresseområde", size=9, font=BOLD)
    col.y += 14
    p.at(LEFT + 2, col.y, "1").at(LEFT + 242, col.y, "10.35.15.0/24")
    col.y += 20
    col.heading("G. Leveringsadresse for SDN-udstyr").pair("Adresse:", "Hospitalsvej 36")
    col.pair("Postnummer:", "1326").pair("Postdistrikt:", "København K")
    f, problems = _read(p)
    assert f["installation_address"] == {"street": "Hospitalsvej 36", "postcode": "1326", "city": "København K"}
    assert f["ip_scopes"] == ["10.35.15.0/24"]
    assert not _missing(problems, "found_empty")


def test_cards_whose_first_role_ends_close_to_the_next_card_are_read() -> None:
    """A header row of two roles ("Organisation (legal name) | Danish company number (CVR)") whose first cell ends
    a few points before the second starts, the answers under each: read as cards. The reader took no line
    of them and stood on the same line for ever (mutool clean's form timed out, read as unknown)."""
    p = _page("Connecting to the Health Data Network")
    p.at(LEFT, 100, "Organisation", size=12, font=BOLD)
    head = "Organisation (legal name)"
    second = LEFT + stringWidth(head, BOLD, 10) + 12
    p.at(LEFT, 120, head, font=BOLD).at(second, 120, "Danish company number (CVR)", font=BOLD)
    p.at(LEFT, 135, "Lægehuset Lindholt").at(second, 135, "71 41 06 09")
    p.at(LEFT, 170, "Responsible contact", size=12, font=BOLD)
    p.at(LEFT, 190, "Full name", font=BOLD).at(LEFT + 90, 190, "E-mail address", font=BOLD)
    p.at(LEFT + 240, 190, "Direct phone", font=BOLD)
    p.at(LEFT, 205, "Jørgen Lykke").at(LEFT + 90, 205, "joergen@lindholt.example").at(LEFT + 240, 205, "33400839")
    f, _ = _read(p)
    assert (f["organisation"], f["cvr"]) == ("Lægehuset Lindholt", "71410609")
    assert f["org_contact"]["email"] == "joergen@lindholt.example"
