"""Names and addresses in a form's cells and parts, where another organisation's words or a cell's wrap stand near
them (held-out seed 1956, the eighth hand's Word forms): made with reportlab at test time, read as `mailbot parse`
reads them."""
from __future__ import annotations

from typing import Any

from parsers.documents.pipeline import read_pdf
from parsers.values import email_norm
from tests.parsers.pdfmaker import pdf


def _read(pages: list[list[tuple]]) -> dict[str, Any]:
    reading: dict[str, Any] = read_pdf(pdf(pages), "form.pdf").as_json()
    return reading


def _contacts_page(first: list[tuple]) -> list[tuple]:
    return first + [
        (90, 330, "Teknisk kontakt", 10),
        (312, 345, "Navn"), (420, 345, "Signe"), (420, 357, "Christoffersen"),
        (312, 380, "Mail"), (420, 380, "signe.christoffersen@lindholt-it.example"),
        (312, 400, "Mobil"), (420, 400, "+45 73 55 44 90"),
        (90, 430, "Teknisk kontakt 2", 10),
        (312, 445, "Navn"), (420, 445, "Hanne Østergaard"),
        (312, 465, "Mail"), (420, 465, "hanne.oestergaard@lindholt-it.example"),
        (312, 485, "Mobil"), (420, 485, "+45 36 70 71 38"),
        (90, 520, "Leveringssted for SD-WAN-boksen", 10),
        (90, 540, "Gade og nr."), (306, 540, "Sygehusvej 41"),
        (90, 555, "Postnr. og by"), (306, 555, "8654 Bryrup"),
        (90, 590, "Interne net (CIDR)", 10), (90, 610, "172.31.134.0/24"),
    ]


def test_a_first_name_wrapped_in_its_cell_keeps_its_contact() -> None:
    """"Navn | Signe" over "Christoffersen" in the name's cell: the first name alone was no name, and the first
    technical contact took the next one's name ("Hanne Østergaard" with Signe's address), with confidence."""
    got = _read([_contacts_page([(90, 60, "Informationsskema til SDN", 14),
                                 (90, 100, "Organisationens navn"), (306, 100, "Fysioterapi Lindholt A/S")])])
    names = [(c["name"], c["email"]) for c in got["fields"]["technical_contacts"]]
    assert names == [("Signe Christoffersen", "signe.christoffersen@lindholt-it.example"),
                     ("Hanne Østergaard", "hanne.oestergaard@lindholt-it.example")]


def test_a_supplier_named_in_a_wrapped_option_is_not_the_party() -> None:
    """"[x] Gennem vores" over "journalsystemleverandør: Medisys Nord ApS", on a form whose party's name stands in
    no field: the supplier had been read as the organisation, with confidence. Now nothing is read for it (staff)."""
    got = _read([_contacts_page([(90, 60, "Skema: tilslutning til Sundhedsdatanettet", 14),
                  (90, 100, "Organisation", 11),
                  (90, 120, "Hvilken slags organisation er I?"), (306, 120, "[x] Region (regionens IT)"),
                  (306, 134, "[ ] Kommune / kommunal institution"),
                  (90, 160, "Forbindelsesvej"), (306, 160, "[ ] Selvstændigt (egen forbindelse)"),
                  (306, 174, "[ ] Gennem KMD"), (306, 188, "[x] Gennem vores"),
                  (306, 202, "journalsystemleverandør: Medisys Nord ApS")])])
    assert got["kind"] == "information_form"
    assert got["fields"]["organisation"] != "Medisys Nord ApS"


def test_a_part_named_about_you_is_the_partys() -> None:
    """"Part A – About you" over "Name of organisation | Klinik Egelev ApS": the lettered part's words were no
    heading the reader knew, so the part was another's and the name and CVR were not found."""
    got = _read([_contacts_page([(58, 77, "Form: connecting to the Health Data Network", 14),
                  (58, 120, "Part A – About you", 10),
                  (58, 134, "Name of organisation"), (177, 134, "Klinik Egelev ApS"),
                  (58, 147, "CVR no."), (177, 147, "75741197")])])
    assert (got["fields"]["organisation"], got["fields"]["cvr"]) == ("Klinik Egelev ApS", "75741197")


def test_an_address_broken_inside_its_local_part_is_joined() -> None:
    """"bjarke.christofferse n@birkelund.example" (the cell wrapped inside the local part): the piece after the
    space alone had been read as the address, "n@birkelund.example", with confidence."""
    assert email_norm("bjarke.christofferse n@birkelund.example") == ("bjarke.christoffersen@birkelund.example", True)
    # a name beside an address is no piece of it
    assert email_norm("Bjarke bc@birkelund.example") == ("bc@birkelund.example", True)


def test_a_question_with_a_remark_after_its_mark_ends_there() -> None:
    """"5. Hvem er kontaktperson for aftalen? (navn, e-mail og telefon)" over "Mette Pape": the name had been taken
    for the question's wrapped rest, the contact read without it, and the case held for staff (held-out cases
    seed 6126, a form of numbered questions)."""
    q = [(56, 64, "Informationer til opkobling", 14), (56, 83, "Region Skovlund"),
         (56, 102, "1. Hvad er organisationens juridiske navn?"), (58, 116, "Region Skovlund"),
         (56, 135, "2. Oplys CVR/SE-nr."), (58, 150, "52175607"),
         (56, 169, "3. Hvilken type organisation er I?"), (58, 183, "Region"),
         (56, 236, "5. Hvem er kontaktperson for aftalen? (navn, e-mail og telefon)"),
         (58, 250, "Mette Pape"), (58, 267, "mette@skovlund.example"), (58, 284, "0045 40946272"),
         (56, 303, "6. Hvem er jeres IT-ansvarlige / tekniske kontaktpersoner?"),
         (58, 318, "Ida Østergaard"), (58, 335, "ida@skovlund.example"), (58, 352, "6478 9700"),
         (56, 422, "7. Hvilke netværk (IP-adresser) skal åbnes?"), (58, 436, "10.99.69.64/26"),
         (56, 489, "8. Hvor skal udstyret leveres?"), (58, 504, "Gammel Kongevej 128, 4640 Faxe")]
    got = _read([q])
    assert got["fields"]["org_contact"] == {"name": "Mette Pape", "email": "mette@skovlund.example",
                                            "phone": "+4540946272"}


def test_a_part_named_for_the_technicians_holds_the_technical_contacts() -> None:
    """"3 Teknikere" (and "3 Teknikere (fortsat)" on the next page) over a table of names, addresses and phones:
    the part's name was no heading the reader knew, so it was another's part and no technical contact was found."""
    first = [(50, 45, "Stamoplysninger til SDN-tilslutning", 14),
             (50, 88, "1 Organisationen", 11), (50, 116, "Virksomhed / myndighed"), (390, 116, "CVR"),
             (50, 129, "Kragsø Data A/S"), (390, 129, "DK23282267"),
             (50, 315, "Del B – Kontakt vedr. aftalen", 11),
             (50, 343, "Navn"), (220, 343, "Mail"), (404, 343, "Telefon"),
             (50, 356, "Emil Aagaard"), (220, 356, "emil@kragsoe-sundhed.example"), (404, 356, "(+45) 42382298"),
             (50, 388, "3 Teknikere", 11),
             (50, 417, "Navn"), (220, 417, "Mail"), (404, 417, "Telefon"),
             (50, 430, "Sofie Winther"), (220, 430, "sofie@kragsoe-sundhed.example"), (404, 430, "+45 29 40 97 89")]
    second = [(50, 45, "3 Teknikere (fortsat)", 11),
              (50, 71, "Navn"), (220, 71, "Mail"), (404, 71, "Telefon"),
              (50, 84, "Ida Uldall"), (220, 84, "ida@kragsoe-sundhed.example"), (404, 84, "+4555161619"),
              (50, 162, "Del D – Installationssted", 11),
              (50, 190, "Adresse"), (333, 190, "Postnr."), (427, 190, "By"),
              (50, 203, "Lupinvej 139"), (333, 203, "1611"), (427, 203, "København V"),
              (50, 247, "5 Netværk", 11), (50, 275, "CIDR"), (50, 288, "192.168.195.64/27")]
    got = _read([first, second])
    assert [c["name"] for c in got["fields"]["technical_contacts"]] == ["Sofie Winther", "Ida Uldall"]
    assert got["fields"]["org_contact"]["name"] == "Emil Aagaard"


def test_an_address_wrapped_in_a_contacts_rows_cell_is_one_address() -> None:
    """A contacts table's row whose address cell wraps ("viggo.overgaard@noerreaa-" over "it.example"), the row
    joined whole with the lines its cells wrapped onto: the two pieces stood apart as two words, so the cut piece
    was read as the address and said invalid to the party (held-out seed 1956, the seventh hand's fpdf2 form)."""
    rows = [(57, 57, "Registration for the Health Data Network", 14), (57, 82, "A. About you", 11),
            (62, 113, "Organisation"), (136, 113, "Nørreå Laboratorium ApS"),
            (62, 131, "CVR"), (136, 131, "DK 93536150"),
            (57, 377, "B. Agreement contact", 11),
            (62, 399, "Role"), (168, 399, "Full name"), (233, 399, "Mail address"), (378, 399, "Phone number"),
            (62, 417, "Agreement contact"), (168, 417, "Åse Frost"), (233, 417, "aase@noerreaa-it.example"),
            (378, 417, "42-89-07-80"),
            (57, 444, "C. Operations and network", 11),
            (62, 465, "Role"), (168, 465, "Full name"), (262, 465, "Mail address"), (451, 465, "Phone number"),
            (62, 483, "Technical contact 1"), (168, 483, "Jens Gram"), (262, 483, "jegr@noerreaa-it.example"),
            (451, 483, "+4575640518"),
            (62, 518, "Technical contact 2"), (168, 518, "Viggo Overgaard"), (262, 518, "viggo.overgaard@noerreaa-"),
            (451, 518, "78 64 09 25"), (262, 528, "it.example"),
            (62, 562, "IP networks", 11), (62, 579, "10.20.153.64/26")]
    got = _read([rows])
    assert [c["email"] for c in got["fields"]["technical_contacts"]] == [
        "jegr@noerreaa-it.example", "viggo.overgaard@noerreaa-it.example"]
    assert "invalid_email" not in {p["code"] for p in got["problems"]}
