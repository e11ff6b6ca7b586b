"""A form's part headings set in spaced capitals (issue 22, held-out whole cases): Chromium prints a letter-spaced
heading as letters a little apart ("A N S VA R L I G  K O N TA K T P E R S O N"), and a heading whose words stand
far apart (word spacing, or `mutool convert`'s re-encoding of one) as two cells ("ANSVARLIG | KONTAKTPERSON"). A
heading is a line of one cell, so the part was never opened and the organisation's contact not found: the case
waited for staff. Two columns' headings side by side, each naming its own part, stay two."""
from __future__ import annotations

import pytest

from parsers import read_pdf
from parsers.documents.form import _spaced_capitals
from parsers.documents.page_types import Line, Segment, Word

from . import tools
from .test_layout_geometry import _cells, _page


def _form(heading_css: str) -> bytes:
    css = ("body{font-family:'Liberation Sans',sans-serif;font-size:10pt;margin:20mm} "
           f"h2{{text-transform:uppercase;font-size:10pt;{heading_css}}}")
    body = ("<h1>Informationsskema</h1><h2>Ansvarlig kontaktperson</h2>"
            + _cells([("Navn", "Sofie Kragh"), ("E-mail", "sofie@egelev.example"), ("Telefon", "20 30 40 50")])
            + "<h2>Tekniske kontaktpersoner</h2>"
            + _cells([("Navn", "Bo Lind"), ("E-mail", "bo@egelev.example"), ("Telefon", "21 31 41 51")]))
    tools.ensure("chromium")
    return tools.chromium_print(_page(body, css))


@pytest.mark.parametrize("heading_css", ["letter-spacing:.2em", "word-spacing:10pt;letter-spacing:.05em"])
@pytest.mark.parametrize("convert", [False, True])
def test_a_part_heading_in_spaced_capitals_opens_its_part(heading_css: str, convert: bool) -> None:
    data = _form(heading_css)
    if convert:
        tools.ensure("mutool")
        data = tools.mutool_convert(data)
    f = read_pdf(data, "form.pdf").as_json()["fields"]
    assert (f["org_contact"]["name"], f["org_contact"]["email"]) == ("Sofie Kragh", "sofie@egelev.example")
    assert [(t["name"], t["email"]) for t in f["technical_contacts"]] == [("Bo Lind", "bo@egelev.example")]


def _line(*cells: tuple[str, float]) -> Line:
    return Line(0, 0, 10, [Segment([Word(text, x, x + 8 * len(text), 0, 10)]) for text, x in cells])


def test_two_columns_headings_side_by_side_each_naming_its_part_stay_two() -> None:
    apart = _line(("KONTAKTPERSON", 0.0), ("TEKNISK", 118.0))
    apart.segments[1].words.append(Word("KONTAKT", 184.0, 240.0, 0, 10))
    assert [len(ln.segments) for ln in _spaced_capitals([apart])] == [2]
    split = _line(("ANSVARLIG", 0.0), ("KONTAKTPERSON", 86.0))
    assert [[sg.text for sg in ln.segments] for ln in _spaced_capitals([split])] == [["ANSVARLIG KONTAKTPERSON"]]
