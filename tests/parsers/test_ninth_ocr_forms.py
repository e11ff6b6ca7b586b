"""The ninth outside hand's information forms read by OCR (bench/outside/ninth_hand.py): set by paps, every glyph
an outline with no text layer, questions numbered "1.1 / 2.2" with their answers in a right column, options typed
as "( )" and "(x)". Made here by that hand's own functions and real tools (paps, ps2pdf, Tesseract) at test time."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from bench.outside import ninth_hand as n9
from bench.outside.people import Party
from parsers.documents import form, ocr
from parsers.documents.labels import label_of
from parsers.documents.page_types import Line, Segment, Word
from parsers.documents.pipeline import read_pdf


def _party(seed: int, kind: str, language: str) -> Party:
    return replace(n9.ninth_party(random.Random(seed), kind), language=language)


def _paps_form(tmp_path: Path, p: Party, same: bool = False) -> Path:
    a = n9.Answers(random.Random(1), p, same=same)
    out = tmp_path / f"form-{p.language}.pdf"
    n9._make(lambda w: n9._paps(w, n9._paps_numbered(random.Random(2), a)), out)
    return out


def test_a_questions_number_before_its_label() -> None:
    """"1.1 Organisationens fulde navn Region Tornby": a question's number with no stop after it, or as OCR reads
    it (its first figure read as an "l"), hid the label, and the whole line was read as the organisation."""
    assert label_of("1.1 Organisationens fulde navn Region Tornby") == ("organisation", "Region Tornby")
    assert label_of("1.1 Full legal name Region Lindholt") == ("organisation", "Region Lindholt")
    assert label_of("l Organisationens fulde navn") == ("organisation", "")
    assert label_of("1.2. Navn: Anne Lykke") == ("name", "Anne Lykke")


@pytest.mark.parametrize(("language", "kind"), [("da", "pharmacy"), ("en", "region")])
def test_a_numbered_plain_text_form(tmp_path: Path, language: str, kind: str) -> None:
    """Parts numbered apart from their headings ("1  OM JERES ORGANISATION") and questions naming the contact's
    role with the person beside them ("2.2 Kontakt for det tekniske   Lasse Lindhardt", "Jørgen Gram (navn)"): no
    part was opened, the organisation was read with its question in front of it and the contacts' names were
    lost; the phone of one contact ran into the next question's number ("+45)843335252.2")."""
    p = _party(61, kind, language)
    doc = read_pdf(_paps_form(tmp_path, p).read_bytes(), "form.pdf").as_json()
    f = doc["fields"]
    assert f["organisation"] == p.organisation
    assert f["org_contact"]["name"] == p.org_contact.name
    assert f["org_contact"]["phone"] in (p.org_contact.phone, None)
    assert [t["name"] for t in f["technical_contacts"]] == [t.name for t in p.technical]
    assert all(t["phone"] in (s.phone, None) for t, s in zip(f["technical_contacts"], p.technical, strict=True))
    assert f["installation_address"]["street"] in (p.installation.street, None)
    assert "uncertain" in {pr["code"] for pr in doc["problems"]}  # a page read by OCR is for staff to confirm


def test_options_typed_as_brackets_are_told_by_their_ink(tmp_path: Path) -> None:
    """"( ) Gennem KMD", "(x) Apotek": Tesseract reads an empty box as "(|)" or as its two brackets apart, and a
    crossed one now and then not at all; the party's type was not found and an unticked "Gennem KMD" read as the
    answer. Each box is told by the ink between its brackets, and an option whose box was not read is looked at
    where the others' boxes stand."""
    p = replace(_party(62, "pharmacy", "da"), connected_via=None)
    with pdfplumber.open(_paps_form(tmp_path, p)) as pdf:
        read = ocr.read_page(pdf.pages[0])
    assert read is not None
    lines: dict[Any, list[str]] = {}
    for r in read:
        lines.setdefault(r[0], []).append(r[1])
    ticked = [" ".join(ws[1:]) for ws in lines.values() if ws[0] == "☒"]
    unticked = [" ".join(ws[1:]) for ws in lines.values() if ws[0] == "☐"]
    assert any(t.startswith("Apotek") for t in ticked)
    assert any(t.startswith("Selvstændigt") for t in ticked) or not any("Selvstændigt" in t for t in unticked)
    assert not any("KMD" in t for t in ticked)
    assert len(ticked) <= 2
    assert not [w for ws in lines.values() for w in ws if w in ("(|)", "(", ")")]


def test_an_address_whose_at_was_read_as_a_letter() -> None:
    """"nibegegelev.example" beside "bjth@egelev.example": the "@" read as a "g" by both readings; the domain another
    address on the page has, after a sign OCR reads an "@" as, makes it that address. A domain no address on the
    page has stays as read."""
    def word(text: str, line: int) -> ocr.Read:
        return ((1, 1, line), text, 100, 400, 50 * line, 50 * line + 30, 90.0)

    read = [word("nibegegelev.example", 1), word("bjth@egelev.example", 2), word("lalighavrum.example", 3),
            word("Egelev.example", 4)]
    out = [r[1] for r in ocr._at_by_domain(read)]
    assert out == ["nibe@egelev.example", "bjth@egelev.example", "lalighavrum.example", "Egelev.example"]


def _line(top: float, *cells: tuple[float, str]) -> Line:
    """A line of a scan read by OCR: each cell (x0, text) its words, 5 points a letter, 10 points high."""
    segments = []
    for x0, text in cells:
        words, x = [], x0
        for w in text.split():
            words.append(Word(w, x, x + 5 * len(w), top, top + 10, "ocr"))
            x += 5 * len(w) + 5
        segments.append(Segment(words))
    return Line(1, top, top + 10, segments)


def test_a_town_in_its_field_drawn_lower_than_its_label() -> None:
    """A Writer form's fields scanned (the ninth hand's sandwich PDF): "Postnr.: [6560]  By: [Sommersted]", each
    field's box drawn a little lower than its label, so the town was read as a line of its own under the row and
    the "By:" label as empty: the town was not found. A town the postcode table knows, just after the label and
    less than a line below it, is its value; anything else is not."""
    lines = [_line(677, (57, "Vej, nr., etage: Kirkestræde 84, 3. sal")),
             _line(692, (57, "Postnr.:"), (102, "6560"), (173, "By:")), _line(696.5, (196, "Sommersted"))]
    assert form._labelled_address(lines) == {"street": "Kirkestræde 84, 3. sal", "postcode": "6560",
                                             "city": "Sommersted"}
    note = [*lines[:2], _line(696.5, (196, "Ikke postboks"))]
    assert form._labelled_address(note)["city"] is None
    far = [*lines[:2], _line(704, (196, "Sommersted"))]  # a line of its own, a line's height below
    assert form._labelled_address(far)["city"] is None
