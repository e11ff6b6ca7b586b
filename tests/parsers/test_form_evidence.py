"""Issue 22 in the information form: the party is told a field is missing only where the form shows its
place empty. A heading wrapped over two lines in a column of a two-column form, a part with no place for a
value under its heading, an e-mail address cut where its cell wraps: none of them is evidence of an empty
field or a wrong address."""
from __future__ import annotations

from typing import Any

from parsers.documents.form import read_information_form
from parsers.documents.page import read_content
from parsers.reading import Address, FormFields, Person, Problem
from tests.parsers.form_reading import read_form

from .layouts import BOLD, REGULAR, Page, render

LEFT, RIGHT = 57.0, 315.0


def _read(p: Page) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return read_form(read_content(render([p])))


def _missing(problems: list[dict[str, Any]], evidence: str) -> set[str]:
    return {f for p in problems if p["code"] == "missing_field" and p.get("evidence") == evidence
            for f in p["fields"]}


def _two_columns(contact_heading: list[str]) -> Page:
    """The outside check's Chromium two-column form: the party, its type, its connection and the site on
    the left; the contact (under `contact_heading`, one line each), the technical contacts and the networks
    on the right, their labels and values side by side, the rows of the two columns interleaved."""
    p = Page()
    p.at(LEFT, 58, "SDN connection – site information form", size=14, font=BOLD)
    p.at(LEFT, 86, "To be completed by the connecting organisation and returned to MedCom by e-mail.")
    p.at(LEFT, 120, "PARTY", font=BOLD)
    p.at(LEFT + 6, 138, "Name:").at(155, 138, "Nordby Laboratorium ApS")
    p.at(LEFT + 6, 153, "Danish CVR no.:").at(155, 153, "DK29189846")
    p.at(LEFT, 176, "WHAT KIND OF ORGANISATION ARE YOU?", font=BOLD)
    for i, option in enumerate(["[ ] Municipality", "[ ] Region", "[x] Private laboratory", "[ ] Other"]):
        p.at(LEFT, 200 + 12 * i, option)
    p.at(LEFT, 270, "HOW WILL YOU BE CONNECTED?", font=BOLD)
    p.at(LEFT + 6, 288, "Connected via KMD or a system vendor?:").at(240, 288, "No")
    p.at(LEFT, 320, "SITE ADDRESS FOR THE EQUIPMENT", font=BOLD)
    p.at(LEFT + 6, 338, "Address:").at(137, 338, "Havnevej 4")
    p.at(LEFT + 6, 354, "Postcode/city:").at(137, 354, "9982 Ålbæk")
    y = 120.0
    for words in contact_heading:  # "" leaves a line free
        if words:
            p.at(RIGHT, y, words, font=BOLD)
        y += 11.3
    rows = [("Full name:", "Ida Krog"), ("E-mail:", "ida@nordby-lab.example"), ("Direct line:", "57487231")]
    for label, value in rows:
        y += 16
        p.at(RIGHT + 6, y, label, font=REGULAR).at(415, y, value)
    p.at(RIGHT, y + 26, "TECHNICAL CONTACT(S)", font=BOLD)
    y += 26
    for label, value in [("Full name:", "Nikolaj Bech"), ("E-mail:", "nibe@nordby-lab.example"),
                         ("Direct line:", "29043835")]:
        y += 16
        p.at(RIGHT + 6, y, label).at(415, y, value)
    p.at(RIGHT, y + 26, "IP RANGES TO BE OPENED", font=BOLD)
    p.at(RIGHT + 6, y + 44, "Network 1:").at(390, y + 44, "192.168.160.64/27")
    return p


def test_a_contact_heading_wrapped_in_its_column_keeps_the_contact() -> None:
    """"CONTACT PERSON AT THE" over "ORGANISATION": the second line ends the heading, it opens no part
    of the organisation's, so the contact written under it is the organisation's contact, found."""
    f, problems = _read(_two_columns(["CONTACT PERSON AT THE", "ORGANISATION"]))
    assert f["org_contact"] == {"name": "Ida Krog", "email": "ida@nordby-lab.example", "phone": "+4557487231"}
    assert f["organisation"] == "Nordby Laboratorium ApS"
    assert "org_contact" not in _missing(problems, "found_empty") | _missing(problems, "not_found")


def test_a_part_with_nothing_under_its_heading_in_two_columns_is_no_evidence() -> None:
    """In two columns the contact's heading has a line of its own naming the organisation below it, set
    apart as a heading of its own (not its wrap): the contact's rows go to the organisation's part and
    nothing stands under the contact's heading. Where its values went cannot be told, so staff look; the
    party is not asked for a contact it gave."""
    p = _two_columns(["CONTACT PERSON", "", "ORGANISATION"])
    f, problems = _read(p)
    assert f["org_contact"]["name"] is None
    assert "org_contact" not in _missing(problems, "found_empty")
    assert "org_contact" in _missing(problems, "not_found")


def test_a_contact_part_left_empty_is_still_asked_of_the_party() -> None:
    """The positive evidence stays: the contact's labels stand under its heading with nothing after them."""
    p = Page()
    p.heading("1. Organisation").pair("Name", "Nordby Apotek").pair("CVR", "29189846")
    p.heading("2. Organisational contact person").pair("Name", "").pair("E-mail", "").pair("Phone", "")
    p.heading("3. Technical contact").pair("Name", "Bo Lind").pair("E-mail", "bo@nordby.example")
    _, problems = _read(p)
    assert "org_contact" in _missing(problems, "found_empty")


def _contact_form(mail_lines: list[str], row_gap: float = 17, org_mail: str = "eva@labtek.example") -> Page:
    """A one-column form whose technical contact's e-mail address is written over `mail_lines` in its
    cell, the lines as close as a wrapped cell's (11.3 pt apart)."""
    p = Page()
    p.heading("1. Organisation").pair("Name", "Labtek ApS").pair("CVR", "29189846")
    p.heading("2. Organisational contact person").pair("Name", "Eva Sand").pair("E-mail", org_mail)
    p.heading("3. Technical contact").pair("Name", "Bo Lind")
    p.at(60, p.y, "E-mail")
    for piece in mail_lines:
        p.at(220, p.y, piece)
        p.y += 11.3
    p.y += row_gap - 11.3
    p.pair("Phone", "21 22 23 24")
    p.heading("4. IP scope").pair("Network", "10.40.0.0/24")
    p.heading("5. Installation address").pair("Street", "Labvej 1").pair("Postcode and city", "8000 Aarhus C")
    return p


def _email_problems(problems: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(p["code"], p.get("field")) for p in problems if p["code"] in ("invalid_email", "uncertain")]


def test_an_address_wrapped_before_its_dot_is_joined() -> None:
    """"bo@labtek" over ".example" in its cell: the piece right under it continues it (a domain's tail
    starting with its dot), so the address is read whole and nothing is said to be wrong. Broken at a letter
    of its domain ("bo@lab" over "tek.example") it is read whole too, but in doubt where no other address on the
    form says whether a hyphen stood at the break ("bo@lab-tek.example"; Chromium prints none there); where
    another prints the domain ("eva@labtek.example"), that tells it."""
    for pieces in (["bo@labtek", ".example"], ["bo@labtek.", "example"]):
        f, problems = _read(_contact_form(pieces))
        assert f["technical_contacts"][0]["email"] == "bo@labtek.example", pieces
        assert _email_problems(problems) == [], pieces
    f, problems = _read(_contact_form(["bo@lab", "tek.example"], org_mail="eva@sand.example"))
    assert f["technical_contacts"][0]["email"] == "bo@labtek.example"
    assert _email_problems(problems) == [("uncertain", "technical_contacts[0]")]
    f, problems = _read(_contact_form(["bo@lab", "tek.example"]))
    assert f["technical_contacts"][0]["email"] == "bo@labtek.example"
    assert _email_problems(problems) == []


def test_an_address_whose_cell_goes_on_below_is_uncertain_not_invalid() -> None:
    """"bo@labtek" with a piece under it in its cell that cannot be joined with certainty ("example",
    no dot between them): the address may be cut where the cell wraps, so it is uncertain (staff), never
    reported invalid to the party."""
    f, problems = _read(_contact_form(["bo@labtek", "example"]))
    assert "invalid_email" not in {c for c, _ in _email_problems(problems)}
    assert ("uncertain", "technical_contacts[0]") in _email_problems(problems)


def test_a_short_address_alone_in_its_cell_is_invalid() -> None:
    """The positive evidence stays: "bo@labtek" alone in its cell, the next row's label under it."""
    f, problems = _read(_contact_form(["bo@labtek"]))
    assert f["technical_contacts"][0]["email"] == "bo@labtek"
    assert ("invalid_email", "technical_contacts[0]") in _email_problems(problems)


def test_an_address_wrapped_in_a_contacts_table() -> None:
    """A contacts table whose name and e-mail cells both wrap ("Bo" / "Lind", "bo@labtek" / "example"):
    the address is uncertain, not invalid; with the dot below (".example") it is joined."""
    def table(tail: str) -> Page:
        p = Page()
        p.heading("1. Organisation").pair("Name", "Labtek ApS").pair("CVR", "29189846")
        p.heading("2. Technical contacts")
        p.row([(60, "Name"), (220, "E-mail"), (420, "Phone")], font=BOLD)
        p.at(60, p.y, "Bo").at(220, p.y, "bo@labtek").at(420, p.y, "21 22 23 24")
        p.at(60, p.y + 11.3, "Lind").at(220, p.y + 11.3, tail)
        p.y += 30
        p.heading("3. IP scope").pair("Network", "10.40.0.0/24")
        return p

    f, problems = _read(table(".example"))
    assert f["technical_contacts"][0]["email"] == "bo@labtek.example" and _email_problems(problems) == []
    f, problems = _read(table("example"))
    assert ("uncertain", "technical_contacts[0]") in _email_problems(problems)
    assert "invalid_email" not in {c for c, _ in _email_problems(problems)}


def test_an_address_run_into_the_next_cells_number_is_read_apart() -> None:
    """A form field's address laid over the next field's phone, no space between them
    ("gustav@hvidmose-it.example98 11 03 33"): no top-level domain ends in a digit, so the address is whole
    and the digits are the phone; neither an invalid address nor a phone left empty is said."""
    p = Page()
    p.heading("1. Organisation").pair("Name", "Hvidmose Data A/S").pair("CVR", "44809796")
    p.heading("2. Technical contact")
    p.row([(60, "Full name"), (180, "E-mail"), (320, "Phone")], font=BOLD)
    p.row([(60, "Gustav Østergaard"), (180, "gustav@hvidmose-it.example98 11 03 33")])
    p.row([(60, "Asger Lykke"), (180, "asger.lykke@hvidmose-it.example"), (320, "86 84 48 04")])
    p.heading("3. IP scope").pair("Network", "10.40.0.0/24")
    f, problems = _read(p)
    assert f["technical_contacts"][0] == {"name": "Gustav Østergaard", "email": "gustav@hvidmose-it.example",
                                          "phone": "+4598110333"}
    assert _email_problems(problems) == []
    assert "technical_contacts" not in _missing(problems, "found_empty")


def test_a_label_wrapped_in_its_cell_keeps_its_whole_value() -> None:
    """Labels wrapped in their cells, the values beside them wrapped too (the Chromium two-column form):
    "Organisationens" / "navn:" beside "Mosede Strand" / "Laboratorium ApS" is the whole name, not its last
    line alone (a confident wrong name); "Vej og" / "husnummer:" beside "Sygehusvej 128" is the street,
    not a street left unread."""
    p = Page()
    p.at(60, 40, "SDN – informationsskema for ny tilslutning", size=14, font=BOLD)
    p.at(60, 80, "1. Part", font=BOLD)
    p.at(66, 100, "Organisationens").at(160, 100, "Mosede Strand")
    p.at(66, 111.3, "navn:").at(160, 111.3, "Laboratorium ApS")
    p.at(66, 130, "CVR-nummer:").at(160, 130, "65349396")
    p.at(60, 160, "2. Leveringsadresse for SDN-udstyr", font=BOLD)
    p.at(66, 180, "Vej og").at(160, 180, "Sygehusvej 128")
    p.at(66, 191.3, "husnummer:")
    p.at(66, 210, "Postnummer:").at(160, 210, "5700")
    p.at(66, 226, "Postdistrikt:").at(160, 226, "Svendborg")
    p.at(60, 256, "3. Teknisk kontakt", font=BOLD)
    p.at(66, 276, "Navn:").at(160, 276, "Mads Lykke")
    p.at(66, 292, "Mail:").at(160, 292, "mads.lykke@mosede-strand.example")
    f, problems = _read(p)
    assert f["organisation"] == "Mosede Strand Laboratorium ApS"
    assert f["installation_address"] == {"street": "Sygehusvej 128", "postcode": "5700", "city": "Svendborg"}
    assert "installation_address" not in _missing(problems, "not_found") | _missing(problems, "found_empty")


def test_a_phone_number_wrapped_in_its_cell_is_joined() -> None:
    """"+45 38 88 03" over "61" in its cell: too short alone, whole with the digits right under it, so it is
    read whole and no invalid phone is said to the party. A short number alone stays invalid."""
    def form(pieces: list[str]) -> Page:
        p = Page()
        p.heading("1. Organisation").pair("Name", "Labtek ApS").pair("CVR", "29189846")
        p.heading("2. Teknisk kontakt").pair("Navn", "Bo Lind").pair("E-mail", "bo@labtek.example")
        p.at(60, p.y, "Tlf.:")
        for piece in pieces:
            p.at(220, p.y, piece)
            p.y += 11.3
        p.y += 6
        p.heading("3. Netværk").pair("Netværk 1", "10.40.0.0/24")
        return p

    f, problems = _read(form(["+45 38 88 03", "61"]))
    assert f["technical_contacts"][0]["phone"] == "+4538880361"
    assert "invalid_phone" not in {p["code"] for p in problems}
    f, problems = _read(form(["+45 38 88 03"]))
    assert "invalid_phone" in {p["code"] for p in problems}
    # the rest wrapped in pairs ("+45 96" over "25 52 82", the eighth hand's XHTML cells, cases.py seed 51): the
    # party was told "+45 96" is no valid phone, and reminded of it
    f, problems = _read(form(["+45 96", "25 52 82"]))
    assert f["technical_contacts"][0]["phone"] == "+4596255282"
    assert "invalid_phone" not in {p["code"] for p in problems}


def test_a_name_cut_after_a_joining_word_is_uncertain() -> None:
    """"Tandlægerne i" (the rest, "Kragsø I/S", wrapped where the reader did not find it): a name never ends
    in "i", so it is uncertain (staff), not a confident wrong name."""
    p = Page()
    p.heading("A. Part").pair("Juridisk navn", "Tandlægerne i").pair("CVR-nr.", "29189846")
    p.heading("B. Teknisk kontakt").pair("Navn", "Bo Lind").pair("E-mail", "bo@labtek.example")
    f, problems = _read(p)
    assert f["organisation"] == "Tandlægerne i"
    assert ("uncertain", "organisation") in {(q["code"], q.get("field")) for q in problems}
    f, problems = _read(Page().heading("A. Part").pair("Juridisk navn", "Tandlægerne i Kragsø I/S"))
    assert "organisation" not in {q.get("field") for q in problems if q["code"] == "uncertain"}


def test_the_reader_hands_the_document_model_its_doubts_said_as_problems_only() -> None:
    """The reader returns the model's values (issue 25): contacts as `Person`s, the address as an `Address`,
    problems as `Problem`s; what it doubted of a contact's address is said once, as a problem, and is no
    part of the contact the party's case keeps."""
    fields, problems = read_information_form(read_content(render([_contact_form(["bo@labtek"])])))
    assert isinstance(fields, FormFields) and all(isinstance(p, Problem) for p in problems)
    tech = fields.technical_contacts[0]
    assert isinstance(tech, Person) and tech.as_json() == {"name": "Bo Lind", "email": "bo@labtek",
                                                           "phone": "+4521222324"}
    assert isinstance(fields.installation_address, Address) and fields.installation_address.city == "Aarhus C"
    bad = [p for p in problems if p.code == "invalid_email"]
    assert [(p.field, p.detail) for p in bad] == [("technical_contacts[0]", "bo@labtek")]
