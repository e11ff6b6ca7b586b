"""Information forms whose cells broke their text where a clerk's office tool put it (issue 22, the outside
check's tables, leaders and reprinted forms): an address broken inside a word at its cell's edge, a label
and its value each wrapped in their cells, a question whose answer went to the next line, a network run
into its label's leaders, headings told by their size where the fonts carry no names, and a printed blank
that is no answer."""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from parsers import read_pdf
from parsers.documents.form import _joined_phones
from parsers.documents.page import read_content
from parsers.documents.page_types import Line, Segment, Word
from tests.parsers.form_reading import read_form

from .layouts import BOLD, REGULAR, Page, render


def _read(p: Page) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return read_form(read_content(render([p])))


def _party(p: Page) -> Page:
    return p.heading("1. Organisation").pair("Name", "Egelev Apotek").pair("CVR", "29189846")


def test_an_address_broken_inside_a_word_at_its_cell_s_edge_is_joined() -> None:
    """A contacts table whose e-mail column is narrower than an address: the office tool breaks the address
    where the cell ends ("sosk@egelev.exampl" over "e"), the next cell's number run right up against it.
    The piece right under the address's first letter is its rest; a next row (its own name and "@") never
    is."""
    p = _party(Page())
    p.heading("2. Tekniske kontaktpersoner")
    p.row([(64, "Navn"), (183, "E-post"), (302, "Telefon")], font=BOLD)
    for name, cut, rest, phone in [("Søren Skovbo", "sosk@egelev.exampl", "e", "5311 8951"),
                                   ("Åse Frost", "aase.frost@egelev.e", "xample", "88866347")]:
        p.at(64, p.y, name).at(183, p.y, cut).at(183 + stringWidth(cut, REGULAR, 10) + 3.5, p.y, phone)
        p.y += 11.5
        p.at(183, p.y, rest)
        p.y += 17
    p.row([(64, "Bo Lind"), (183, "bo@egelev.example"), (302, "21 22 23 24")])
    f, problems = _read(p)
    assert [(c["name"], c["email"], c["phone"]) for c in f["technical_contacts"]] == [
        ("Søren Skovbo", "sosk@egelev.example", "+4553118951"),
        ("Åse Frost", "aase.frost@egelev.example", "+4588866347"),
        ("Bo Lind", "bo@egelev.example", "+4521222324")]
    assert not [q for q in problems if q["code"] in ("invalid_email", "uncertain")]


def test_a_label_and_its_value_each_wrapped_in_their_cells() -> None:
    """"Legal name of the" over "organisation:" beside "Privathospitalet Skovlund" over "A/S": the two pieces
    of the label make one wording, so the value is both its lines, not the last one alone."""
    p = Page()
    p.heading("1. The organisation")
    p.at(60, p.y, "Legal name of the").at(157, p.y, "Privathospitalet Skovlund")
    p.y += 12.5
    p.at(60, p.y, "organisation:").at(157, p.y, "A/S")
    p.y += 17
    p.pair("Danish CVR no.:", "61349308", value_x=157)
    f, _ = _read(p)
    assert f["organisation"] == "Privathospitalet Skovlund A/S"


def test_a_street_whose_number_wrapped_back_under_its_label() -> None:
    """"Gade/vej:<tab>Industrivænget" over "49" in a narrow column: the number could not have fitted, so it
    is the street's; a postcode under its own label stays the postcode."""
    p = Page()
    _party(p)
    p.heading("2. Installationssted")
    street = "Industrivænget"
    p.at(60, p.y, "Gade/vej:").at(220, p.y, street)
    p.y += 11.5
    p.at(60, p.y, "49")
    p.y += 14
    p.pair("Postnummer:", "7500").pair("Postdistrikt:", "Holstebro")
    p.at(60, p.y + 30, "x" * 40)  # the page's text block ends before the street's number would
    assert 220 + stringWidth(f"{street} 49", REGULAR, 10) > 60 + stringWidth("x" * 40, REGULAR, 10)
    f, _ = _read(p)
    assert f["installation_address"] == {"street": "Industrivænget 49", "postcode": "7500", "city": "Holstebro"}


def test_a_question_s_answer_on_the_next_line_is_its_answer() -> None:
    """"Connected via KMD or a system vendor?:" is too long for the answer's tab stop, so the answer stands on
    the next line in the values' column ("Yes" and the vendor, or "No"). The question alone is no umbrella's
    name."""
    for answer, wanted in [("Yes – Multimed", "Multimed"), ("No", None), ("Yes, via KMD", "KMD")]:
        p = _party(Page())
        p.heading("2. Connection route")
        p.at(60, p.y, "Connected via KMD or a system vendor?:")
        p.y += 12
        p.at(260, p.y, answer)
        p.y += 17
        f, problems = _read(p)
        assert f["connected_via"] == wanted, answer
        assert "connected_via" not in {q.get("field") for q in problems}, answer


def test_a_printed_blank_is_no_vendor() -> None:
    """Ticked "directly (not through KMD)", the vendor's option printed with its blank ("…………") unticked:
    not connected through anyone, and the blank is never a vendor's name."""
    p = _party(Page())
    p.heading("2. How will you be connected?")
    p.line("Tick how the organisation is connected")
    p.at(64, p.y, "X").at(183, p.y, "Connected directly (not through KMD)")
    p.y += 17
    p.line("Through KMD", x=183).line("Through a system vendor: …………", x=183)
    f, _ = _read(p)
    assert f["connected_via"] is None


def test_a_network_run_into_its_label_s_leaders_and_a_direct_line() -> None:
    """"Network 1.......10.223.14.0/24": the leaders are no part of the network; "Direct line" is a phone's
    label."""
    p = _party(Page())
    p.heading("2. Technical contacts")
    p.line("Name" + "." * 60 + "Malin Solberg")
    p.line("Email address" + "." * 40 + "malin@roennebaek.example")
    p.line("Direct line" + "." * 60 + "53 45 72 45")
    p.heading("3. IP ranges to be opened")
    p.line("Network 1" + "." * 70 + "10.223.14.0/24").line("Network 2" + "." * 66 + "192.168.169.64/27")
    f, _ = _read(p)
    assert f["ip_scopes"] == ["10.223.14.0/24", "192.168.169.64/27"]
    assert f["technical_contacts"] == [{"name": "Malin Solberg", "email": "malin@roennebaek.example",
                                        "phone": "+4553457245"}]


def _unnamed_faces() -> Page:
    """A form printed again through a tool that keeps no font names (no face is bold): its title and
    headings stand out by their size only, in words no vocabulary lists as a part's heading."""
    p = Page()
    p.line("Health Data Network: information for connecting", size=16, step=20)
    p.line("a new party", size=16, step=24)
    p.line("To be completed by the connecting organisation and returned to MedCom by e-mail.")
    for heading, rows in [
            ("Party", [("Name", "Fjeldså Laboratorium ApS"), ("Company reg. no. (CVR)", "DK70463164")]),
            ("Main contact", [("Full name", "Viggo Pape"), ("E-mail", "viggo@fjeldsaa.example"),
                              ("Mobile", "+45 58 90 83 04")]),
            ("IT operations contacts", [("Full name", "Hanne Krøyer"), ("E-mail", "hanne@fjeldsaa.example"),
                                        ("Mobile", "+45 64 31 06 70")]),
            ("Place of installation", [("Street and number", "Rådhustorvet 44"), ("Postcode", "4250"),
                                       ("Town", "Fuglebjerg")]),
            ("Network ranges", [("Range 1", "172.23.183.0/24")])]:
        p.y += 6
        p.line(heading, size=11.5, step=18)
        for label, value in rows:
            p.at(66, p.y, label).at(230, p.y, value)
            p.y += 16
    p.y += 6
    p.line("What kind of organisation are you?", size=11.5, step=18)
    p.line("Type: Private laboratory", x=66)
    return p


def test_headings_told_by_their_size_where_no_face_is_bold() -> None:
    """No face is bold (the fonts carry no names): the headings set larger than the body still open their
    parts, so the technical contact is no main contact's second and the site is read."""
    f, problems = _read(_unnamed_faces())
    assert f["org_contact"] == {"name": "Viggo Pape", "email": "viggo@fjeldsaa.example", "phone": "+4558908304"}
    assert f["technical_contacts"] == [{"name": "Hanne Krøyer", "email": "hanne@fjeldsaa.example",
                                        "phone": "+4564310670"}]
    assert f["installation_address"] == {"street": "Rådhustorvet 44", "postcode": "4250", "city": "Fuglebjerg"}
    assert not [q for q in problems if q["code"] == "missing_field"]


def test_a_form_whose_parts_are_named_in_other_words_is_a_form() -> None:
    """Its title names no form, and its headings are in words the vocabulary does not list: the form
    reader's reading of its headings (technical contacts, the site, the networks, the party's type) says it
    is the information form."""
    page = _unnamed_faces()
    headings = [k for k, item in enumerate(page.items) if item[3] == 11.5]
    for n, k in enumerate(headings, 1):  # numbered and bold, as many forms set them
        x, y, text, size, _ = page.items[k]
        page.items[k] = (x, y, f"{n}. {text}", size, BOLD)
    doc = read_pdf(render([page]), "f.pdf").as_json()
    assert doc["kind"] == "information_form"
    assert doc["fields"]["ip_scopes"] == ["172.23.183.0/24"]


def test_address_ranges_are_the_networks_part_and_a_range_s_label_no_street() -> None:
    """"Part E – Address ranges to route via SDN" heads the networks, not a place: its "Range 1 |
    192.168.49.0/27" was the street of a site left empty ("Range 1", with confidence)."""
    p = _party(Page())
    p.heading("Part D – Where will the equipment go?")
    p.pair("Address", "").pair("Postcode", "").pair("Town", "")
    p.heading("Part E – Address ranges to route via SDN")
    p.pair("Range 1", "192.168.49.0/27").pair("Range 2", "10.20.30.0/24")
    f, problems = _read(p)
    assert f["installation_address"] == {"street": None, "postcode": None, "city": None}
    assert f["ip_scopes"] == ["192.168.49.0/27", "10.20.30.0/24"]
    assert [q["evidence"] for q in problems if q["code"] == "missing_field"
            and "installation_address" in q["fields"]] in (["found_empty"], ["not_found"])


def test_an_address_wrapped_in_its_cell_takes_its_own_rest_not_the_caption_under_the_name() -> None:
    """Labels set under their values ("Mads Frost" over "Contact", the address over "E-mail"): the address
    wrapped at its hyphen ("mads.frost@mosede-strand-" over "it.example") takes the piece under its own first
    letter, never the caption under the name beside it (read "mads.frost@mosede-strand-contact" and said
    invalid to the party: outside hand, form-below through mutool, cases.py seed 91)."""
    p = _party(Page())
    p.heading("2. Technical contact persons")
    for name, cut, rest, phone in [("Gustav Krøyer", "gustav@mosede-strand-it.example", "", "+45 88 10 53 92"),
                                   ("Mads Frost", "mads.frost@mosede-strand-", "it.example", "+45 98 56 26 41")]:
        p.row([(64, name), (183, cut), (302, phone)])
        p.y -= 5.5
        p.row([(64, "Contact"), (183, rest), (302, "Mobile no.")] if rest else [(64, "Contact"), (302, "Mobile no.")])
        p.y -= 5.5
        p.row([(183, "E-mail")])
    f, problems = _read(p)
    assert [(c["name"], c["email"]) for c in f["technical_contacts"]][-1] == (
        "Mads Frost", "mads.frost@mosede-strand-it.example")
    assert not [q for q in problems if q["code"] == "invalid_email"]


def _cells(top: float, bottom: float, *cells: tuple[float, str]) -> Line:
    return Line(1, top, bottom, [Segment([Word(t, x, x + 6.0 * len(t), top, bottom)]) for x, t in cells])


def test_a_phone_wrapped_in_its_cell_is_joined_where_the_next_line_reaches_a_little_above() -> None:
    """"Telephone: +45 61 38 00" over "28" (LibreOffice, form-twocol; outside hand, cases.py seed 91): the line
    of "28" was made taller by a tick box of the party types beside it in the left column, so its top stood 2
    points above the number's foot, and the number was read too short and said invalid to the party."""
    number = _cells(355.6, 366.6, (301.7, "Telephone:"), (457.6, "+45 61 38 00"))
    joined = _joined_phones([number, _cells(364.6, 379.8, (301.7, "28")), _cells(380.0, 395.2, (301.7, "Contact 2"))])
    assert [s.text for s in joined[0].segments] == ["Telephone:", "+45 61 38 00 28"] and len(joined) == 2
    # a line that stands a row lower is the next row, never the number's rest
    apart = _joined_phones([number, _cells(374.0, 385.0, (301.7, "28"))])
    assert [s.text for s in apart[0].segments] == ["Telephone:", "+45 61 38 00"]


def test_the_responsible_contacts_row_with_its_address_wrapped_is_that_contacts_not_a_row_unread() -> None:
    """Labels set under their values, the responsible contact's address wrapped in its cell ("lasse.lindhardt@
    vester-" over "lyng-sundhed.example"): the row is the contact read whole above the technical ones, not a
    contact's row no contact holds (said `uncertain`, and a corrected form left waiting for staff: outside
    hand, form-below through LibreOffice, cases.py c13-corrected_form, seed 42); so is one cut inside its
    domain's end ("ida@vester-lyng-sundhed.exa" over "mple"; ninth hand, c05 and c10, seed 131)."""
    p = _party(Page())
    for heading, people in [("Responsible contact", [("Lasse Lindhardt", "lasse.lindhardt@vester-",
                                                      "lyng-sundhed.example", "0045 91339596")]),
                            ("Operations staff", [("Hanne Skovbo", "hask@vester-", "lyng-sundhed.example",
                                                   "47 97 88 19"),
                                                  ("Ida Bødker", "ida@vester-lyng-sundhed.exa", "mple",
                                                   "+45 78 07 83 61")])]:
        p.heading(heading)
        for name, cut, rest, phone in people:
            p.row([(64, name), (222, cut), (381, phone)])
            p.y -= 5.5
            p.row([(64, "Contact"), (222, rest), (381, "Tel.")])
            p.y -= 5.5
            p.row([(222, "E-mail")])
    f, problems = _read(p)
    assert f["org_contact"]["email"] == "lasse.lindhardt@vester-lyng-sundhed.example"
    assert [c["email"] for c in f["technical_contacts"]] == ["hask@vester-lyng-sundhed.example",
                                                              "ida@vester-lyng-sundhed.example"]
    assert not [q for q in problems if q["code"] == "uncertain"], problems
