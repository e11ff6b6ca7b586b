"""A part's heading set at the foot of a page, drawn over the running footer (held-out whole cases, seed
8417, case c12-form_first: Chromium, form-overlap). The heading "Installationssted" and the footer
"Spørgsmål: ... · Skema udfyldt 03.11.2026" became one cell, so no heading was seen, the address went
into the networks' part, and the form was read with its installation address not found: the case waited
for staff. The footer stands alone at the same height on the next page: its words are furniture."""
from __future__ import annotations

from typing import Any

from parsers.documents.page import read_content
from tests.parsers.form_reading import read_form

from .layouts import BOLD, Page, render

FOOTER = "Spørgsmål: sdn-support@medcom.example · Skema udfyldt 03.11.2026"


def _form(footer_on_second_page: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    one, two = Page(), Page(y=24)
    one.line("Oplysninger til brug for opkobling på SDN", size=14, font=BOLD)
    one.heading("Organisationen")
    one.pair("Juridisk navn", "Vester Lyng Software ApS", value_x=147)
    one.pair("CVR-nr.", "25 63 07 26", value_x=147)
    one.heading("Hvilken type organisation er I?")
    one.line("[ ] Kommune").line("[x] IT-leverandør").line("[ ] Andet")
    one.heading("Kontaktperson (administrativ)")
    one.pair("Navn", "Nikolaj Nørgaard", value_x=147)
    one.pair("Mail", "nikolaj@vester-lyng.example", value_x=147)
    one.pair("Direkte telefon", "+45 77 90 53 27", value_x=147)
    one.heading("Tekniske kontaktpersoner")
    one.pair("Navn", "Bjarke Winther", value_x=147)
    one.pair("Mail", "bjwi@vester-lyng.example", value_x=147)
    one.pair("Direkte telefon", "+45 71 86 35 81", value_x=147)
    one.heading("IP-adresseområder (CIDR)")
    one.row([(60, "Nr."), (147, "IP-område")])
    one.row([(60, "1"), (147, "172.24.118.0/24")])
    one.at(57, 818, "Installationssted", size=11.5, font=BOLD)
    one.at(57, 818.5, FOOTER, size=7.5)
    one.at(57, 834, "Gade/vej").at(147, 834, "Nørregade 64")
    two.pair("Postnummer", "9560", value_x=147)
    two.pair("Postdistrikt", "Hadsund", value_x=147)
    if footer_on_second_page:
        two.at(57, 818.5, FOOTER, size=7.5)
    return read_form(read_content(render([one, two])))


def test_a_heading_drawn_over_the_running_footer_still_heads_its_part() -> None:
    f, problems = _form(footer_on_second_page=True)
    assert f["installation_address"] == {"street": "Nørregade 64", "postcode": "9560", "city": "Hadsund"}
    assert f["ip_scopes"] == ["172.24.118.0/24"]
    assert not [q for q in problems if q["code"] == "missing_field"], problems


def test_words_beside_a_heading_that_stand_on_no_other_page_are_kept() -> None:
    """A footer on one page only is no running furniture: nothing is taken out on a guess, so the part stays
    unseen and the address is not claimed missing with evidence of its place found empty."""
    f, problems = _form(footer_on_second_page=False)
    missing = [q for q in problems if q["code"] == "missing_field"]
    assert f["installation_address"]["street"] is None
    assert all(q.get("evidence") != "found_empty" for q in missing)
