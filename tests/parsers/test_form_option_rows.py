"""A row's label with its options beside it, the first on the label's row and the rest under it (a Word form's
two-column table: "Forbindelsesvej | ☐ Selvstændigt" over "☑ Gennem KMD"), made with reportlab at test time."""
from __future__ import annotations

import pytest

from parsers.documents.pipeline import read_pdf
from tests.parsers.pdfmaker import pdf


def _form(label: str, options: list[str], language: str) -> list[tuple]:
    contact = ("Kontaktperson", "Navn", "Mail") if language == "da" else ("Contact person", "Name", "Email")
    rows = [(54, 66, "Stamoplysninger til SDN-tilslutning" if language == "da" else "SDN site information", 14),
            (54, 120, "Del A – Om organisationen" if language == "da" else "Part A – The organisation", 11),
            (54, 154, "Organisationens navn" if language == "da" else "Name of organisation"),
            (202, 154, "Mosede Strand Kommune"), (54, 174, "CVR nr.:"), (202, 174, "21810177")]
    rows += [(54, 200, label), (202, 200, options[0])] + [(202, 214 + 14 * k, o) for k, o in enumerate(options[1:])]
    rows += [(54, 300, contact[0], 11), (54, 320, contact[1]), (202, 320, "Mads Bødker"),
             (54, 335, contact[2]), (202, 335, "mads.boedker@mosede-strand.example"),
             (54, 370, "Teknisk kontakt" if language == "da" else "Technical contact", 11),
             (54, 390, contact[1]), (202, 390, "Nikolaj Bech"), (54, 405, contact[2]),
             (202, 405, "nibe@mosede-strand.example"),
             (54, 440, "Interne net (CIDR)", 11), (54, 460, "172.20.158.0/24")]
    return rows


@pytest.mark.parametrize(("label", "options", "language", "via"), [
    ("Forbindelsesvej", ["[ ] Selvstændigt (egen forbindelse)", "[x] Gennem KMD", "[ ] Via systemleverandør"], "da",
     "KMD"),
    ("Route of connection", ["[ ] On our own (own connection)", "[x] Under KMD's agreement", "[ ] Via system supplier"],
     "en", "KMD"),
])
def test_the_connection_asked_by_a_rows_label_is_read_from_its_options(label: str, options: list[str], language: str,
                                                                       via: str) -> None:
    """The label was no heading the reader knew, so the options stayed in the party's part and how the party
    connects was not found (held-out seed 1956: 5 of the eighth hand's forms)."""
    got = read_pdf(pdf([_form(label, options, language)]), "form.pdf").as_json()
    assert got["kind"] == "information_form"
    assert got["fields"]["connected_via"] == via
    assert got["fields"]["organisation"] == "Mosede Strand Kommune"


def test_an_unticked_kmd_option_is_no_answer_beside_one_ticked_in_other_words() -> None:
    """"On our own (own connection) | X" over "Under KMD's agreement": the ticked option's words were none the reader
    knew, and the KMD option, printed unticked under it, was read as the answer, with confidence (the eighth hand's form
    with its crosses in a column of their own, held-out seed 1956)."""
    rows = _form("Forbindelse", ["[ ] Mosede", "[ ] Mosede"], "da")[:6] + [
        (54, 200, "Connection", 11), (54, 216, "On our own (own connection)"), (470, 216, "X"),
        (54, 230, "Under KMD's agreement"), (54, 244, "Through our clinical system vendor"),
    ] + _form("Forbindelse", ["[ ] Mosede"], "da")[8:]
    got = read_pdf(pdf([rows]), "form.pdf").as_json()
    assert got["kind"] == "information_form"
    assert got["fields"]["connected_via"] != "KMD"
