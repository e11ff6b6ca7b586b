"""A value wrapped where it stands, joined again by the page model (parsers/documents/wraps.py): a table cell's
text going on under the cell's start, a value after a tab stop going on at its paragraph's start (under its
label), an address broken inside the word at its cell's edge. Each is drawn with reportlab as LibreOffice sets
it (size 9.5, lines 12 pt apart, paragraphs 14 to 17), and each has its look-alike that is no wrap and stays
apart. The last test prints a real table through LibreOffice."""
from __future__ import annotations

import shutil

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from parsers.documents.agreements import read_agreement
from parsers.documents.page import read_content

from .layouts import BOLD, REGULAR, Page, render
from .tools import libreoffice_print

SIZE = 9.5


def _width(text: str) -> float:
    return stringWidth(text, REGULAR, SIZE)


def _lines(p: Page) -> list[list[str]]:
    return [[s.text for s in ln.segments] for ln in read_content(render([p])).lines]


def _at(p: Page, x: float, y: float, text: str, font: str = REGULAR) -> None:
    p.at(x, y, text, SIZE, font)


def _ending_at(p: Page, x1: float, y: float, text: str) -> None:
    """`text` set so that it ends at x1 (the cell's edge)."""
    _at(p, x1 - _width(text), y, text)


def _right_column(p: Page, top: float) -> None:
    """A second column of labels at x=302, as in a form of two columns (its start is a column's start)."""
    for n, label in enumerate(("Fulde navn:", "E-mail:", "Tlf.:", "Kontakt 1")):
        _at(p, 302, top + 14 * n, label)


def test_a_cells_text_wrapped_under_its_start_is_one_value() -> None:
    p = Page()
    _at(p, 64, 100, "Organisation")
    _ending_at(p, 370, 100, "Egelev Health AB, filial af svensk")  # "selskab" did not fit before MedCom
    _at(p, 382, 100, "MedCom")
    _at(p, 370 - _width("Egelev Health AB, filial af svensk"), 112, "selskab")
    _at(p, 64, 129, "CVR no.")
    _at(p, 223, 129, "80428480")
    lines = _lines(p)
    assert lines[0] == ["Organisation", "Egelev Health AB, filial af svensk selskab", "MedCom"]
    assert lines[1] == ["CVR no.", "80428480"]


def test_a_value_after_a_tab_stop_wrapped_to_its_paragraphs_start_is_one_value() -> None:
    p = Page()
    _right_column(p, 100)
    _at(p, 64, 100, "Navn:")
    _ending_at(p, 299, 100, "Klinik Birkelund")  # "ApS" did not fit before the right column
    _at(p, 64, 112, "ApS")
    _at(p, 64, 126, "CVR-nummer:")
    _at(p, 220, 126, "DK-83463198")
    _at(p, 64, 150, "Gade/vej:")
    _at(p, 220, 150, "Industrivænget")
    _at(p, 64, 162, "109")
    lines = _lines(p)
    assert lines[0] == ["Navn:", "Klinik Birkelund ApS", "Fulde navn:"]
    assert ["Gade/vej:", "Industrivænget 109"] in lines
    assert ["CVR-nummer:", "DK-83463198", "Tlf.:"] in lines


def test_two_columns_whose_rows_do_not_line_up_wrap_each_on_its_own() -> None:
    """Two columns printed side by side, their rows at different heights: a line of the other column stands
    between a value and its rest ("Åboulevarden" / "10" under "Vej og husnummer:", "Lasse" / "Overgaard"
    under "Fulde navn:"); each rest is still the next line of its own column."""
    p = Page()
    _right_column(p, 30)
    _at(p, 64, 100, "Vej og husnummer:")
    _ending_at(p, 289, 100, "Åboulevarden")
    _at(p, 302, 107, "Fulde navn:")
    _ending_at(p, 486, 107, "Lasse")
    _at(p, 64, 112, "10")
    _at(p, 302, 119, "Overgaard")
    _at(p, 64, 128, "Postnr.:")
    _at(p, 220, 128, "4690")
    _at(p, 302, 135, "Mail:")
    _at(p, 400, 135, "lasse@vester-lyng.example")  # the page's text reaches x=529: "Overgaard" had no room
    lines = _lines(p)
    assert ["Vej og husnummer:", "Åboulevarden 10"] in lines
    assert ["Fulde navn:", "Lasse Overgaard"] in lines
    assert ["Postnr.:", "4690"] in lines


def test_a_tab_stops_value_in_the_right_column_wraps_under_its_label() -> None:
    """The label that opens the paragraph is not the line's first cell when the other column has one beside it
    ("Contact 1 | Connection through: | None – direct" / "connection"); line pitch measured word to word (the
    line's top is its italic heading's)."""
    p = Page()
    _at(p, 62, 98, "Contact 1", "Helvetica-Oblique")
    _at(p, 312, 100, "Connection through:")
    _ending_at(p, 528, 100, "None – direct")
    _at(p, 62, 112, "Full name")
    _at(p, 312, 112, "connection")
    _ending_at(p, 528, 140, "the page's right edge")
    lines = _lines(p)
    assert lines[0] == ["Contact 1", "Connection through:", "None – direct connection"]
    assert lines[1] == ["Full name"]


def test_an_address_broken_inside_the_word_at_its_cells_edge_is_whole() -> None:
    p = Page()
    for x, head in ((64, "Navn"), (183, "E-mail"), (302, "Telefon")):
        _at(p, x, 80, head, BOLD)
    _at(p, 64, 100, "Ida Lykke")
    _ending_at(p, 296.7, 100, "ida.lykke@aalund.exam")
    _at(p, 302.3, 100, "7845 7284")
    _at(p, 296.7 - _width("ida.lykke@aalund.exam"), 111, "ple")
    lines = _lines(p)
    assert lines[1] == ["Ida Lykke", "ida.lykke@aalund.example 7845 7284"]
    assert len(lines) == 2


def test_what_only_looks_like_a_wrap_stays_apart() -> None:
    p = Page()
    _right_column(p, 100)
    # a value with room left after it: the line below is its own
    _at(p, 64, 100, "Navn:")
    _at(p, 220, 100, "Klinik Nord")
    _at(p, 64, 112, "ApS")
    # a label whose value stands under it, beside a mark in another column
    _at(p, 64, 140, "E-mail")
    _at(p, 314, 140, "X")
    _at(p, 64, 152, "maso@egelev-it.example")
    # the next row of a table, its label under the label: a row of its own
    _at(p, 64, 180, "Fulde navn:")
    _ending_at(p, 296, 180, "Lasse Gram")
    _at(p, 64, 192, "E-mail:")
    _at(p, 220, 192, "lasse@x.example")
    # a line below at a paragraph's distance
    _at(p, 64, 220, "Gade/vej:")
    _ending_at(p, 299, 220, "Industrivænget")
    _at(p, 64, 237, "109")
    # leaders run up to the value at the page's right edge, and the next contact's heading in italics
    _at(p, 64, 260, "Telefon " + "." * 60 + " 95039785")
    _at(p, 64, 272, "Kontakt 2", "Helvetica-Oblique")
    lines = _lines(p)
    assert ["ApS", "E-mail:"] in lines
    assert ["maso@egelev-it.example"] in lines
    assert ["E-mail:", "lasse@x.example"] in lines
    assert ["109"] in lines
    assert ["Kontakt 2"] in lines


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_narrow_party_cells_wrap_into_one_name() -> None:
    """A data processor agreement's party table printed by LibreOffice Writer with narrow cells: the party's
    name and its e-mail wrap in their cells; read whole."""
    name = "Egelev Health AB, filial af svensk selskab"
    page = f"""<html><body style="font-family: 'DejaVu Serif'; font-size: 9.5pt">
<h1>Data processing agreement</h1><p>Health Data Network – MedCom template</p>
<table style="border-collapse: collapse" cellpadding="2">
<tr valign="top"><td width="150"></td><td width="160"><b>Data controller</b></td>
<td width="160"><b>Data processor</b></td></tr>
<tr valign="top"><td>Organisation</td><td>{name}</td><td>MedCom</td></tr>
<tr valign="top"><td>CVR no.</td><td>80428480</td><td>26919991</td></tr>
<tr valign="top"><td>Address</td><td>Møllebakken 11</td><td>Forskerparken 10</td></tr>
</table>
<p>MedCom processes personal data on behalf of the controller when transporting data over the Health Data
Network (SDN).</p>
<h2>Signatures</h2><p>For {name} (data controller)</p>
<p>Place and date: Boeslunde, 26 October 2026</p><p>Name in block letters: Sigrid Schneider</p>
<p>Title: Chief Information Officer</p></body></html>"""
    content = read_content(libreoffice_print(page))
    wrapped = [ln for ln in content.lines if ln.segments[0].text == "Organisation"]
    assert wrapped and wrapped[0].segments[1].text == name
    assert read_agreement(content).fields.organisation == name


def test_a_line_whose_own_label_stands_before_it_is_that_labels_row() -> None:
    """"Fulde navn:  Birthe Riis" over "E-mail:  biri@..." in the right column, the left column's value run into
    the right column's label: the address has its own label before it in its column, so it is the e-mail's row,
    never the name's wrapped rest (a contact named "Birthe Riis biri@skovlund.example")."""
    p = Page()
    _at(p, 64, 100, "Juridisk navn:")
    _ending_at(p, 301.7, 100, "Skovlund Sygehus")
    _at(p, 301.8, 100, "Fulde navn:")
    _ending_at(p, 480, 100, "Birthe Riis")
    _at(p, 302, 112, "E-mail:")
    _at(p, 480 - _width("Birthe Riis"), 112, "biri@skovlund.example")
    lines = _lines(p)
    assert not any("biri@skovlund.example" in cell and "Birthe" in cell for line in lines for cell in line)
    assert any("biri@skovlund.example" in cell for cell in lines[-1])


def test_an_address_broken_at_its_cells_edge_with_the_next_cells_number_run_against_it() -> None:
    """"aase.frost@egelev.e" with the next cell's "88866347" 3 pt after it (one word's gap, so one segment) over
    "xample": a number after an address is the next cell's (no top-level domain ends in a digit), so the rest is
    the address's, joined inside the word, and never set after the number."""
    p = Page()
    for x, head in ((64, "Navn"), (183, "E-post"), (302, "Telefon")):
        _at(p, x, 80, head, BOLD)
    cut = "aase.frost@egelev.e"
    _at(p, 64, 100, "Åse Frost")
    _at(p, 183, 100, cut)
    _at(p, 183 + _width(cut) + 3, 100, "88866347")
    _at(p, 183, 112, "xample")
    lines = _lines(p)
    assert lines[1] == ["Åse Frost", "aase.frost@egelev.example 88866347"]
