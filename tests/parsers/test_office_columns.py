"""A Word or Writer form set in two columns by a layout table (issue 22): each of the table's two cells holds its
sections' labels and values, as "Label: value" paragraphs, as "Label<tab>value" or as a small table of its own.
Each is read as printed, the labels beside their values in their column, its headings bold: a cell's tab and a
cell's own table were run together ("Organisationens navn  Kystby Kommune" one value), and a heading's bold face
was lost (the ticked type under its heading, and contacts, asked for again). The files are made here with
python-docx, and the Writer ones saved from them by LibreOffice."""
from __future__ import annotations

import io
import shutil
from typing import Any

import docx
import pytest

from parsers import reading_of
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH, score

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="tests/run.sh installs LibreOffice (tests/servers/libreoffice.py)")

T = FORM_TRUTH
OC, TC, ADDRESS = T["org_contact"], T["technical_contacts"][0], T["installation_address"]
# (label, value): a heading where value is None, a ticked or open option where value is ""
LEFT: list[tuple[str, str | None]] = [
    ("A. Organisationen", None), ("Organisationens navn", T["organisation"]), ("CVR-nummer", T["cvr"]),
    ("B. Type af part", None), ("☒ Kommune", ""), ("☐ Region", ""), ("☐ Apotek", ""),
    ("F. IP-adresser", None), *[(n, "") for n in T["ip_scopes"]]]
RIGHT: list[tuple[str, str | None]] = [
    ("D. Administrativ kontaktperson", None), ("Navn", OC["name"]), ("E-mail", OC["email"]), ("Telefon", OC["phone"]),
    ("E. Teknisk kontaktperson", None), ("Navn", TC["name"]), ("E-mail", TC["email"]), ("Telefon", TC["phone"]),
    ("G. Installationsadresse", None), ("Adresse", ADDRESS["street"]), ("Postnummer", ADDRESS["postcode"]),
    ("By", ADDRESS["city"])]


def _line(label: str, value: str | None, sep: str) -> str:
    return label if not value else f"{label}{sep}{value}"


def two_columns(cells: str) -> bytes:
    """The form in a layout table of one row and two columns; `cells`: "colon" ("Navn: Anna Holm" paragraphs),
    "tab" ("Navn<tab>Anna Holm") or "table" (a table of label | value in each column)."""
    d = docx.Document()
    d.add_heading("Informationsskema", 1)
    d.add_paragraph("Tilslutning til Sundhedsdatanettet (SDN)")
    layout = d.add_table(rows=1, cols=2)
    for cell, side in zip(layout.rows[0].cells, (LEFT, RIGHT), strict=True):
        if cells == "table":
            inner = cell.add_table(rows=0, cols=2)
            for label, value in side:
                row = inner.add_row().cells
                row[0].paragraphs[0].add_run(label).bold = value is None  # a section's heading is set bold
                row[1].text = value or ""
            continue
        for k, (label, value) in enumerate(side):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.add_run(_line(label, value, ": " if cells == "colon" else "\t")).bold = value is None
    d.add_paragraph("Med venlig hilsen, Kystby Kommune")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _read(data: bytes, name: str) -> dict[str, Any]:
    (doc,) = reading_of(data, name).as_json()["documents"]
    assert isinstance(doc, dict)
    return doc


def _all_read(doc: dict[str, Any]) -> None:
    assert doc["kind"] == "information_form"
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong
    assert not [p for p in doc["problems"] if p["code"] == "missing_field"]


@pytest.mark.parametrize("cells", ["colon", "tab", "table"])
def test_a_word_form_in_a_two_column_layout_table_is_read_as_printed(cells: str) -> None:
    _all_read(_read(two_columns(cells), "Informationsskema.docx"))


@needs_soffice
@pytest.mark.parametrize("cells", ["tab", "table"])
def test_a_writer_form_in_a_two_column_layout_table_is_read_as_printed(cells: str) -> None:
    odt = om.soffice_convert(two_columns(cells), ".docx", "odt")
    _all_read(_read(odt, "Informationsskema.odt"))


def _letterhead_form(where: str) -> bytes:
    """The Word form without its organisation section: the organisation and its CVR stand only in the page's
    running header or footer (a letterhead)."""
    d = docx.Document(io.BytesIO(om.word_form()))
    for p in list(d.paragraphs):
        if p.text.startswith(("A. Organisationen", "Organisationens navn", "CVR-nummer")):
            p._p.getparent().remove(p._p)
    running = getattr(d.sections[0], where)
    running.is_linked_to_previous = False
    running.paragraphs[0].text = f"{T['organisation']}\tCVR-nr. {T['cvr']}"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@needs_soffice
def test_a_writer_files_page_header_is_read_as_printed_atop_its_pages() -> None:
    """LibreOffice keeps a page's header in styles.xml, apart from the text: the organisation and CVR in it were
    never read, and asked for again."""
    odt = om.soffice_convert(_letterhead_form("header"), ".docx", "odt")
    _all_read(_read(odt, "Informationsskema.odt"))


def test_a_footer_is_laid_out_at_the_foot_of_its_page() -> None:
    """A Word file's running footer stands at the foot of the page, after the text, as printed."""
    from parsers.office.docx import read_docx
    from parsers.office.layout import lay_out
    from parsers.office.package import open_package

    data = _letterhead_form("footer")
    word = read_docx(data, open_package(data, "x").names)
    content = lay_out(word.blocks, word.header, word.footer)
    last = content.lines[-1]
    assert [s.text for s in last.segments] == [T["organisation"], f"CVR-nr. {T['cvr']}"]
    assert last.top > max(ln.top for ln in content.lines[:-1]) + 100


def test_bold_text_in_a_table_set_in_a_cell_reads_as_its_words() -> None:
    """A bold "Ja | Nej" header in a table set inside a layout table's cell: its words are "Ja" and "Nej" (the mark
    that carries a cell's bold face through the layout was read into them, and the grid of answers under them was
    no longer one: a "no" to KMD was read as via KMD)."""
    from parsers.office.docx import read_docx
    from parsers.office.layout import lay_out
    from parsers.office.package import open_package

    d = docx.Document()
    inner = d.add_table(rows=1, cols=2).rows[0].cells[0].add_table(rows=2, cols=3)
    for cell, text in zip(inner.rows[0].cells, ("", "Ja", "Nej"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for cell, text in zip(inner.rows[1].cells, ("Tilsluttes via KMD", "", "X"), strict=True):
        cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    word = read_docx(data, open_package(data, "x").names)
    words = [w.text for ln in lay_out(word.blocks).lines for s in ln.segments for w in s.words]
    assert "Ja" in words and "Nej" in words
    assert not [w for w in words if not w.isprintable()]
