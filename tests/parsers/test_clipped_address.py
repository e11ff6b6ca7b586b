"""An e-mail address a sheet's cell clipped where the next column begins (held-out outside check seed 4330,
the sixth hand: "pernille.abildgaard@boegeskov-sundhed.examp" in the text layer itself): read as drawn, it
was a confident wrong address for TDC. A domain ending in the first letters of a known end is maybe cut."""
from __future__ import annotations

import pytest

from parsers.documents.form import _tld_cut
from parsers.documents.page import read_content
from tests.parsers.form_reading import read_form

from .layouts import Page, render


@pytest.mark.parametrize(("mail", "cut"), [("a@b-sundhed.examp", True), ("a@b.d", True), ("a@b.co", True),
                                           ("torben.vestergaard@noerreaa-", True), ("a@b-", True),
                                           ("a@b.example", False), ("a@b.dk", False), ("a@b.xyz", False)])
def test_a_domain_ending_in_the_start_of_a_known_end_may_be_cut(mail: str, cut: bool) -> None:
    assert _tld_cut(mail) is cut


def test_a_clipped_address_is_for_staff_never_said_invalid_or_taken() -> None:
    p = Page()
    p.heading("1. Organisation").pair("Navn", "Bøgeskov Kommune").pair("CVR", "29189846")
    p.heading("2. Tekniske kontaktpersoner")
    p.pair("Navn", "Pernille Abildgaard").pair("E-mail", "pernille.abildgaard@boegeskov-sundhed.examp")
    p.pair("Tlf.", "+45 92 86 05 74")
    f, problems = read_form(read_content(render([p])))
    assert f["technical_contacts"][0]["email"] == "pernille.abildgaard@boegeskov-sundhed.examp"
    assert [q for q in problems if q["code"] == "uncertain" and q.get("field") == "technical_contacts[0]"]
    assert not [q for q in problems if q["code"] == "invalid_email"]


def test_an_address_cut_after_a_hyphen_in_its_domain_is_for_staff_never_said_invalid() -> None:
    """Seed 72's form 49 (eleventh hand): "torben.vestergaard@noerreaa-" over "it.example", the rest run into the
    phone's cell; the address read cut was said invalid to the party. A domain ending in a hyphen (or a dot) stops
    where it was cut: staff look ("bo@labtek" stays invalid)."""
    p = Page()
    p.heading("1. Organisation").pair("Navn", "Nørreå Kommune").pair("CVR", "29189846")
    p.heading("2. Tekniske kontaktpersoner")
    p.pair("Navn", "Torben Vestergaard").pair("E-mail", "torben.vestergaard@noerreaa-")
    p.pair("Tlf.", "+45 70 41 51 75")
    f, problems = read_form(read_content(render([p])))
    assert not [q for q in problems if q["code"] == "invalid_email"]
    assert [q for q in problems if q["code"] == "uncertain" and q.get("field") == "technical_contacts[0]"]
