"""Information forms laid out by the fourth outside hand's tools (issue 22, the classes its seeds left open),
each drawn here by the real tool: a browser's ruled contacts table whose every cell wraps, a person named
after a role label, the browser's own radio buttons and check boxes."""
from __future__ import annotations

import pytest

from parsers.documents.pipeline import read_pdf

from .tools import chromium_print, ensure

TABLE_CSS = ("body{font-family:'Liberation Sans',sans-serif;font-size:%spt;margin:14mm}"
             "dl{display:grid;grid-template-columns:max-content auto;gap:1mm 5mm;margin:0} dt{font-weight:bold}"
             "dd{margin:0} table{border-collapse:collapse;width:100%%} thead{display:table-header-group}"
             "th,td{border-bottom:1px solid #bbb;text-align:left;padding:2mm} th{background:#e8eef3}")


def _contacts_table_form(size: float, rows: list[tuple[str, ...]], head: tuple[str, ...]) -> bytes:
    ensure("chromium")
    table = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in rows) + "</tbody></table>")
    page = (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{TABLE_CSS % size}</style>"
            "</head><body><h1>Tilmelding til SDN</h1>"
            "<h2>Virksomheden</h2><dl><dt>Virksomhedens navn</dt><dd>Region Egelev</dd>"
            "<dt>CVR-nr.</dt><dd>29 19 06 96</dd></dl>"
            f"<h2>Kontakter</h2>{table}"
            "<h2>Netværk (CIDR)</h2><ul><li>10.20.30.0/24</li></ul>"
            "<h2>Adresse for opstilling</h2><dl><dt>Adresse</dt><dd>Industrivænget 49</dd>"
            "<dt>Postnr. og by</dt><dd>4900 Nakskov</dd></dl></body></html>")
    return chromium_print(page)


@pytest.mark.parametrize("size", [10.5, 15])
def test_a_ruled_table_row_whose_cells_wrap_or_stand_centred_is_one_contact(size: float) -> None:
    """A browser's contacts table with a role column, set so large that every cell of a row wraps ("Jens" /
    "Winther", "jens.winther@egelev-" / "sundhed.example", "IT-" / "driftskontakt"), a cell of one line
    standing in the middle of the row's height. Read line by line, the role cell "Hovedkontakt" stood on a line
    of its own, so the organisation's contact was taken as the first technical contact (a confident wrong
    value) and its phone was cut. The row between two of the table's borders is one contact, its role the
    first cell's."""
    rows = [("Hovedkontakt", "Jens Winther", "jens.winther@egelev-sundhed.example", "+45 4497 6371"),
            ("IT-driftskontakt", "Ulla Eskildsen", "ules@egelev-sundhed.example", "(+45) 76 44 81 01"),
            ("IT-driftskontakt", "Hanne Pape", "hanne.pape@egelev-sundhed.example", "+45 7645 4748")]
    doc = read_pdf(_contacts_table_form(size, rows, ("Rolle", "Fulde navn", "Mail", "Direkte nummer")),
                   "Tilmelding.pdf")
    assert doc.kind == "information_form"
    f = doc.fields
    assert (f.org_contact.name, f.org_contact.email, f.org_contact.phone) == (
        "Jens Winther", "jens.winther@egelev-sundhed.example", "+4544976371")
    assert [(t.name, t.email, t.phone) for t in f.technical_contacts] == [
        ("Ulla Eskildsen", "ules@egelev-sundhed.example", "+4576448101"),
        ("Hanne Pape", "hanne.pape@egelev-sundhed.example", "+4576454748")]


def test_rows_between_borders_are_joined_only_inside_the_table() -> None:
    """The lines over and under a ruled table (its heading, the paragraph after it) are no row of it, and a
    table's rows are never joined to each other: each border ends a row."""
    from parsers.documents.page import read_content

    rows = [("Hovedkontakt", "Jens Winther", "jens@egelev.example", "+45 4497 6371"),
            ("Driftskontakt", "Ulla Eskildsen", "ules@egelev.example", "+45 7644 8101")]
    lines = read_content(_contacts_table_form(15, rows, ("Rolle", "Navn", "Mail", "Telefon"))).lines
    texts = [ln.text for ln in lines]
    assert "Kontakter" in texts
    assert "Rolle Navn Mail Telefon" in texts
    joined = [t for t in texts if "Winther" in t or "Eskildsen" in t]
    assert joined == ["Hovedkontakt Jens Winther jens@egelev.example +45 4497 6371",
                      "Driftskontakt Ulla Eskildsen ules@egelev.example +45 7644 8101"]
