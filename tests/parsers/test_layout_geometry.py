"""Issue 22, documents laid out otherwise (made by the real tools: Chromium, Ghostscript): a cell's value
wrapped in a two-column form, a signatory line run across into MedCom's column, a footer drawn over a form's
last row, and an organisation whose name does not look like one. Each was read as a confident wrong value or
as an unsigned agreement."""
from __future__ import annotations

import html
import io

import pdfplumber

from parsers import read_pdf

from . import tools

CSS = ("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt} td{vertical-align:top}"
       "table.out{width:100%;table-layout:fixed} table.out>tbody>tr>td{width:50%}"
       "table.in{width:100%;table-layout:fixed} table.in td.l{width:45%}")


def _cells(rows: list[tuple[str, str]]) -> str:
    e = html.escape
    return "<table class='in'>" + "".join(f"<tr><td class='l'>{e(a)}</td><td>{e(b)}</td></tr>" for a, b in rows) \
        + "</table>"


def _page(body: str, css: str = CSS) -> str:
    return (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{css}</style></head>"
            f"<body>{body}</body></html>")


def _lines_of(data: bytes, word: str) -> set[int]:
    """The rounded tops of the lines of the text layer that hold `word`."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {round(w["top"]) for page in pdf.pages for w in page.extract_words() if w["text"] == word}


def two_column_form(org: str, email: str) -> str:
    """Sections 1-4 in the left column, 5-7 in the right, label | value cells in each."""
    left = ("<h3>1. Organisation</h3>" + _cells([("Organisationens navn", org), ("CVR-nr.", "29189846")])
            + "<h3>2. Type</h3>" + _cells([("Organisationstype", "☒ Region ☐ Kommune")])
            + "<h3>3. Tilslutning</h3>" + _cells([("Tilsluttes via", "☒ Direkte ☐ KMD")])
            + "<h3>4. Installationsadresse</h3>"
            + _cells([("Adresse", "Skovvej 12"), ("Postnr. og by", "7400 Herning")]))
    right = ("<h3>5. Kontaktperson</h3>"
             + _cells([("Navn", "Sofie Kragh"), ("E-mail", email), ("Telefon", "20 30 40 50")])
             + "<h3>6. Teknisk kontaktperson</h3>"
             + _cells([("Navn", "Bo Lind"), ("E-mail", "bo.lind@hvidmose-it.example"), ("Telefon", "21 31 41 51")])
             + "<h3>7. IP-adresser</h3>" + _cells([("Netværk 1", "10.20.30.0/24"), ("Netværk 2", "10.20.31.0/24")]))
    return _page("<h1>Informationsskema – tilslutning til Sundhedsdatanettet</h1>"
                 f"<table class='out'><tr><td>{left}</td><td>{right}</td></tr></table>")


def test_a_value_wrapped_in_its_cell_of_a_two_column_form_is_read_whole() -> None:
    """"Hospitalsenheden" / "Hvidmose" in the left column's value cell, the right column's "Navn" beside it: the
    next column begins at its headings, a gutter left of its cells, so "Hvidmose" had no room on the line above
    and is the name's rest (read alone, "Hospitalsenheden" was a confident wrong organisation)."""
    tools.ensure("chromium")
    data = tools.chromium_print(two_column_form("Hospitalsenheden Hvidmose", "sofie.kragh@hvidmose-it.example"))
    assert _lines_of(data, "Hospitalsenheden") != _lines_of(data, "Hvidmose"), "the fixture must wrap"
    f = read_pdf(data, "form.pdf").as_json()["fields"]
    assert f["organisation"] == "Hospitalsenheden Hvidmose"
    assert f["org_contact"]["email"] == "sofie.kragh@hvidmose-it.example"
    assert f["technical_contacts"][0]["email"] == "bo.lind@hvidmose-it.example"
    assert f["ip_scopes"] == ["10.20.30.0/24", "10.20.31.0/24"]
