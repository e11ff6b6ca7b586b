"""An e-mail address a sheet's cell clipped where the next column begins (held-out outside check seed 4330,
the sixth hand: "pernille.abildgaard@boegeskov-sundhed.examp" in the text layer itself): read as drawn, it
was a confident wrong address for TDC. A domain ending in the first letters of a known end is maybe cut."""
from __future__ import annotations

from typing import Any

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


def _technician_with(org: str, name: str, mail: str, phone: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A form whose one technician's address is as given, read from a rendered page."""
    p = Page()
    p.heading("1. Organisation").pair("Navn", org).pair("CVR", "29189846")
    p.heading("2. Tekniske kontaktpersoner")
    p.pair("Navn", name).pair("E-mail", mail).pair("Tlf.", phone)
    return read_form(read_content(render([p])))


def _for_staff_never_invalid(problems: list[dict[str, Any]]) -> None:
    assert [q for q in problems if q["code"] == "uncertain" and q.get("field") == "technical_contacts[0]"]
    assert not [q for q in problems if q["code"] == "invalid_email"]


def test_a_clipped_address_is_for_staff_never_said_invalid_or_taken() -> None:
    f, problems = _technician_with("Bøgeskov Kommune", "Pernille Abildgaard",
                                   "pernille.abildgaard@boegeskov-sundhed.examp", "+45 92 86 05 74")
    assert f["technical_contacts"][0]["email"] == "pernille.abildgaard@boegeskov-sundhed.examp"
    _for_staff_never_invalid(problems)


def test_an_address_cut_after_a_hyphen_in_its_domain_is_for_staff_never_said_invalid() -> None:
    """Seed 72's form 49 (eleventh hand): "torben.vestergaard@noerreaa-" over "it.example", the rest run into the
    phone's cell; the address read cut was said invalid to the party. A domain ending in a hyphen (or a dot) stops
    where it was cut: staff look ("bo@labtek" stays invalid)."""
    _f, problems = _technician_with("Nørreå Kommune", "Torben Vestergaard", "torben.vestergaard@noerreaa-",
                                    "+45 70 41 51 75")
    _for_staff_never_invalid(problems)


def test_a_phone_in_the_row_of_a_contact_read_without_one_makes_the_contacts_uncertain() -> None:
    """Held-out outside check seed 5307, the eleventh hand's form 39 (WeasyPrint): the technicians' phone column
    ran over into the next part and was read as that part's, so every technician was read without a phone, with
    confidence. A phone in the row of a contact read without one is for staff to place."""
    from parsers.documents.form import _Contact, _phones_unread

    p = Page()
    p.row([(60, "Primær tekniker"), (150, "Søren Aagaard"), (250, "soaa@hvidmose.example"),
           (420, "0045 69979187")])
    lines = read_content(render([p])).lines
    assert _phones_unread(lines, [_Contact("Søren Aagaard", "soaa@hvidmose.example", None)]) is not None
    assert _phones_unread(lines, [_Contact("Søren Aagaard", "soaa@hvidmose.example", "+4569979187")]) is None
    assert _phones_unread(lines, [_Contact("Søren Aagaard", "other@hvidmose.example", None)]) is None


def test_a_phone_begun_in_the_row_of_a_wrapped_address_makes_the_contacts_uncertain() -> None:
    """Held-out eleventh hand (WeasyPrint): the technician's address wrapped in its cell ("emli@boegeskov-" over
    "sundhed.example") and the phone one group a line ("+45" / "74" / "60" / ...), the next part's lines between:
    the contact was read without a phone, with confidence. The address begun in the row is the contact's, and a
    phone begun beside it is one the reader did not place."""
    from parsers.documents.form import _Contact, _phones_unread

    p = Page()
    p.row([(60, "Primær"), (130, "Emil"), (200, "emli@boegeskov-"), (330, "+45"), (400, "Q3. Vej og husnr.")])
    p.row([(60, "tekniker"), (130, "Lindhardt"), (200, "sundhed.example"), (330, "74"), (400, "Q4. Postnr. og by")])
    p.row([(330, "60"), (400, "A4. 6470 Sydals")])
    lines = read_content(render([p])).lines
    emil = _Contact("Emil Lindhardt", "emli@boegeskov-sundhed.example", None)
    assert _phones_unread(lines, [emil]) is not None
    assert _phones_unread(lines, [_Contact("Emil Lindhardt", "emli@boegeskov-sundhed.example", "+4574606269")]) is None
    q = Page()
    q.row([(60, "Primær"), (130, "Emil"), (200, "emli@boegeskov-"), (400, "Q3. Vej og husnr.")])
    q.row([(60, "tekniker"), (130, "Lindhardt"), (200, "sundhed.example"), (400, "Q4. Postnr. og by")])
    assert _phones_unread(read_content(render([q])).lines, [emil]) is None  # no phone begun in its row
