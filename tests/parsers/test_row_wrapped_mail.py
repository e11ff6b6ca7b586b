"""A contacts row whose e-mail address wrapped in its cell (held-out whole cases, seed 8417, case
c13-corrected_form: LibreOffice, values over their captions). The address's rest stands under its first
part ("rasmus.skovbo@noerreaa-" over "it.example"); the contact was read whole, so the row is held by it,
and the form is no reading in doubt: before, the corrected form waited for staff and the case stopped."""
from __future__ import annotations

from typing import Any

from parsers.documents.form import _Contact, _rows_unread
from parsers.documents.page import read_content
from parsers.documents.page_types import Line, Segment, Word
from tests.parsers.form_reading import read_form

from .layouts import BOLD, Page, render


def _form(rest_of_mail: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    p = Page()
    p.line("Information for MedCom - connection to SDN", font=BOLD)
    p.heading("Organisation")
    p.row([(60, "Nørreå Software ApS"), (330, "15354712")])
    p.row([(60, "Company"), (330, "VAT/CVR number")])
    p.heading("Organisation category")
    p.line("[X] IT supplier")
    p.heading("Responsible contact")
    p.row([(60, "Jens Kragh"), (260, "jens.kragh@noerreaa-it.example"), (430, "+45 8140 3523")])
    p.row([(60, "Full name"), (260, "E-mail address"), (430, "Phone")])
    p.heading("Operations staff")
    p.row([(60, "Gustav Riis"), (260, "guri@noerreaa-it.example"), (430, "34955036")])
    p.row([(60, "Full name"), (260, "E-mail address"), (430, "Phone")])
    first = "rasmus.skovbo@noerreaa-" if rest_of_mail else "rasmus.skovbo@noerreaa-it.example"
    p.row([(60, "Rasmus Skovbo"), (260, first), (430, "30683764")])
    p.row([(60, "Full name"), (260, rest_of_mail), (430, "Phone")] if rest_of_mail
          else [(60, "Full name"), (260, "E-mail address"), (430, "Phone")])
    if rest_of_mail:
        p.row([(260, "E-mail address")])
    p.heading("Installation site")
    p.row([(60, "Lupinvej 4"), (260, "5540"), (430, "Ullerslev")])
    p.row([(60, "Street"), (260, "Zip code"), (430, "City")])
    p.heading("Networks to be opened")
    p.line("172.26.247.0/24")
    return read_form(read_content(render([p])))


def test_a_row_whose_address_wrapped_in_its_cell_is_held_by_the_contact_read_whole() -> None:
    f, problems = _form("it.example")
    assert ("Rasmus Skovbo", "rasmus.skovbo@noerreaa-it.example") in [
        (c["name"], c["email"]) for c in f["technical_contacts"]]
    assert not [q for q in problems if q["code"] == "uncertain" and q.get("field") == "technical_contacts"], problems


def _row(top: float, *cells: tuple[float, str]) -> Line:
    return Line(1, top, top + 11, [Segment([Word(t, x, x + 6.0 * len(t), top, top + 11)]) for x, t in cells])


def test_a_row_no_contact_holds_is_still_for_staff() -> None:
    """The rule stays: a row whose address no contact read begins with is a row not read; one whose cut
    address a contact's whole address begins with is held."""
    row = _row(100, (60, "Rasmus Skovbo"), (260, "rasmus.skovbo@noerreaa-"), (430, "30683764"))
    whole = _Contact(name="Rasmus Skovbo", email="rasmus.skovbo@noerreaa-it.example", phone="+4530683764")
    other = _Contact(name="Gustav Riis", email="guri@noerreaa-it.example", phone="+4534955036")
    assert _rows_unread([row], [other, whole]) is None
    assert _rows_unread([row], [other]) == row.text
