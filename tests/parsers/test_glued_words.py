"""Words that are two things set against each other with no space between them (parsers/documents/glued.py):
a value run into the next cell's label, as LibreOffice prints a full cell or tab stop, and dotted leaders run
into the value they lead to. Each page is drawn with reportlab, glyph runs placed exactly as the tool sets them."""
from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from parsers.documents.page import read_content
from tests.parsers.form_reading import read_form

from .layouts import BOLD, REGULAR, Page, render


def _segments(pdf: bytes, top: float) -> list[str]:
    (line,) = [ln for ln in read_content(pdf).lines if abs(ln.top - top) < 8]
    return [s.text for s in line.segments]


def _glued(p: Page, y: float, x: float, value: str, then: str, gap: float, font: str = REGULAR) -> Page:
    """`value` at x and `then` right after it, `gap` points on, with no space glyph between them."""
    p.at(x, y, value)
    return p.at(x + stringWidth(value, REGULAR, 10) + gap, y, then, font=font)


def test_a_value_run_into_the_next_columns_label_is_two_cells() -> None:
    p = Page()
    p.at(60, 100, "Juridisk navn:")
    _glued(p, 100, 150, "Skovlund Sygehus", "Fulde navn:", 2.3)
    p.at(400, 100, "Ulla Hjort")
    assert _segments(render([p]), 92) == ["Juridisk navn:", "Skovlund Sygehus", "Fulde navn:", "Ulla Hjort"]


def test_a_label_in_another_face_set_right_against_a_value_is_its_own_cell() -> None:
    p = Page()
    _glued(p, 100, 60, "Klinik Nord ApS", "Telefon:", 0.0, font=BOLD)
    p.at(260, 100, "71 84 22 10")
    assert _segments(render([p]), 92) == ["Klinik Nord ApS", "Telefon:", "71 84 22 10"]


def test_a_gap_alone_or_a_label_word_inside_a_name_does_not_cut_it() -> None:
    """Never a name cut in two cells on a gap alone ("Sygehus" is no label), nor at a label's word that is
    part of the name without a gap ("Navnebo"). A gap of 2.3 pt in 10 pt type is a word space (small type's,
    glued.SizedWords): the name is read as its two words, in one cell."""
    p = Page()
    _glued(p, 100, 60, "Skovlund", "Sygehus", 2.3)
    p.at(60, 140, "Navnebo Apotek")
    pdf = render([p])
    assert _segments(pdf, 92) == ["Skovlund Sygehus"]
    assert _segments(pdf, 132) == ["Navnebo Apotek"]


def test_leaders_run_into_a_value_lead_to_it() -> None:
    """"Direct line.........67 71 88 66": the leaders are the tab's fill, so the number stands alone."""
    p = Page()
    p.at(60, 100, "Direct line" + "." * 40 + "67 71 88 66")
    p.at(60, 120, "Name" + "." * 40 + "Karoline Holm")
    words = [w.text for ln in read_content(render([p])).lines for s in ln.segments for w in s.words]
    assert words == ["Direct", "line", "." * 40, "67", "71", "88", "66", "Name", "." * 40, "Karoline", "Holm"]


def test_a_form_in_two_columns_whose_values_run_into_the_labels_reads_right() -> None:
    """The whole form, two columns of parts: the organisation's name run into the contact's label, the
    contact's phone after leaders run into it."""
    p = Page()
    rows = [
        ((60, "1. Organisationen", BOLD), (302, "5. Kontaktperson (administrativ)", BOLD)),
        ((60, "Juridisk navn:", REGULAR), (420, "Ulla Hjort", REGULAR)),
        ((60, "CVR:", REGULAR), (180, "82019448", REGULAR), (302, "Mail:", REGULAR),
         (420, "ulla.hjort@skovlund.example", REGULAR)),
        ((60, "2. Organisationstype", BOLD), (302, "Telefon" + "." * 20 + "94826736", REGULAR)),
        ((60, "[X] Offentligt sygehus", REGULAR), (302, "6. Tekniske kontaktpersoner", BOLD)),
        ((60, "[ ] Region", REGULAR), (302, "Fulde navn:", REGULAR), (420, "Jens Dalgas", REGULAR)),
        ((302, "Mail:", REGULAR), (420, "jens@skovlund.example", REGULAR)),
    ]
    for n, row in enumerate(rows):
        for x, text, font in row:
            p.at(x, 100 + 16 * n, text, font=font)
    _glued(p, 116, 180, "Skovlund Sygehus", "Fulde navn:", 2.3)
    fields, _ = read_form(read_content(render([p])))
    assert fields["organisation"] == "Skovlund Sygehus"
    assert fields["org_contact"] == {"name": "Ulla Hjort", "email": "ulla.hjort@skovlund.example",
                                     "phone": "+4594826736"}
