"""How the page model forms words and cells from runs of text (parsers/documents/page.py): a run that only
spans another's gaps takes its place by x (a check box drawn in a fallback font between the options), a
run drawn glyph on glyph over another stays apart, and two cells run together are cut where the label
comes again."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from parsers.documents.page import read_content

H = A4[1]


def _texts(pdf: bytes, y_top: float) -> list[str]:
    content = read_content(pdf)
    (line,) = [ln for ln in content.lines if abs(ln.top - y_top) < 8]
    return [s.text for s in line.segments]


def test_boxes_drawn_after_the_line_in_another_font_stand_before_their_options() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(60, H - 100, "Partstype:       Kommune       Region       Apotek")
    width = c.stringWidth
    c.setFont("Courier", 11)  # the boxes: a second run, drawn later, in the gaps before each option
    for word in ("Kommune", "Region", "Apotek"):
        text = "Partstype:       Kommune       Region       Apotek"
        x = 60 + width(text[:text.index(word)], "Helvetica", 11) - width("X ", "Courier", 11)
        c.drawString(x, H - 100, "X" if word == "Kommune" else "O")
    c.showPage()
    c.save()
    segments = _texts(buf.getvalue(), 90)
    assert " ".join(segments).split() == ["Partstype:", "X", "Kommune", "O", "Region", "O", "Apotek"]


def test_a_value_typed_over_its_label_stays_apart_from_it() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(60, H - 100, "Navn (blokbogstaver):")
    c.setFont("Courier", 11)
    c.drawString(120, H - 100, "Bækgaard")  # drawn on top of the label's tail
    c.showPage()
    c.save()
    segments = _texts(buf.getvalue(), 90)
    assert "Bækgaard" in segments and "Navn (blokbogstaver):" in segments


def test_two_cells_run_together_are_cut_where_the_label_comes_again() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(60, H - 100, "Underskrift: Søren Ærø Underskrift: Mette Jensen")
    c.drawString(60, H - 130, "Note: see note: attached")  # a label once, and a word like it later: one cell
    c.showPage()
    c.save()
    assert _texts(buf.getvalue(), 90) == ["Underskrift: Søren Ærø", "Underskrift: Mette Jensen"]
    assert _texts(buf.getvalue(), 120) == ["Note: see note: attached"]


def test_a_small_footer_printed_over_a_larger_value_stays_apart_from_it() -> None:
    """A page's footer in small grey type drawn over the last value of the page (a browser's fixed footer
    over content that ran on): its foot stands 6 pt above the value's, yet half of it lies on the value's
    letters. Read glyph by glyph in x order, the two made "LQuaerssti-oEnsr: iskdn-Ssuoplpboret@rgmedcom",
    a garbled address read with confidence as a technical contact's (files round, seed 41)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Times-Roman", 11)
    c.drawString(57, H - 826, "Lars-Erik Solberg")
    c.setFont("Times-Roman", 7.5)
    c.setFillGray(0.4)
    c.drawString(57, H - 820.5, "Questions: sdn-support@medcom.example · Completed 08/10/2026")
    c.showPage()
    c.save()
    lines = [" ".join(s.text for s in ln.segments) for ln in read_content(buf.getvalue()).lines]
    assert "Lars-Erik Solberg" in lines
    assert "Questions: sdn-support@medcom.example · Completed 08/10/2026" in lines


def _row_of_addresses(overlap: float) -> bytes:
    """A sheet's row of e-mail cells, each address longer than its cell, in the same font: the next cell's
    address starts at its cell's edge, `overlap` points before the last glyph of the one before ends."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    first = "jooe@roennebaek-it.example"
    c.drawString(60, H - 100, "Email")
    c.drawString(120, H - 100, first)
    c.drawString(120 + c.stringWidth(first, "Helvetica", 10) - overlap, H - 100, "aase@roennebaek-it.example")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_an_address_overrunning_its_cell_stays_apart_from_the_next_cells() -> None:
    # the next address drawn over the overrunning one's last glyph (5.6 pt wide) by 3 pt (0.3 em): more than
    # any kerning draws a glyph back, less than the 0.6 of a glyph the runs were once cut at
    segments = _texts(_row_of_addresses(3.0), 90)
    assert " ".join(segments).split() == ["Email", "jooe@roennebaek-it.example", "aase@roennebaek-it.example"]


def test_a_glyph_drawn_back_as_kerning_does_stays_in_its_word() -> None:
    segments = _texts(_row_of_addresses(1.5), 90)  # a strong kerning pair's pull (0.15 em): one run, one word
    assert "jooe@roennebaek-it.exampleaase@roennebaek-it.example" in " ".join(segments)
