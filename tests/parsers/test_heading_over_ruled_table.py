"""A part's heading set right over a ruled table, the table's column edge falling in a word gap of the
heading (held-out whole cases, seed 6827, case c24-resend_all: Chromium, form-headrow). The heading
"Kontaktperson vedr. aftalen" was read as the table's header row and cut at the edge into "Kontaktperson
vedr." and "aftalen", so no heading of the organisation's contact was seen, the contact's row went into the
part above, and the case waited for staff. A header row's cells stand apart; words a word space apart are
one cell, whatever edge runs under them."""
from __future__ import annotations

from parsers.documents.page_types import Line, Segment, Word
from parsers.documents.ruled_rows import join_ruled_rows

EDGES = (57.0, 166.5, 360.0, 424.5)


def _line(top: float, cells: list[list[tuple[float, float, str]]], bold: bool = False) -> Line:
    return Line(1, top, top + 11.5, [Segment([Word(t, x0, x1, top, top + 11.5, bold=bold) for x0, x1, t in c])
                                     for c in cells])


def _border(y: float) -> list[tuple[float, float, float, float]]:
    return [(a, y, b, y + 0.75) for a, b in zip(EDGES, EDGES[1:], strict=False)]


def _page(heading: Line) -> list[Line]:
    return [heading,
            _line(336.4, [[(63.4, 134.3, "Kontaktperson")], [(172.7, 204.5, "E-mail")], [(365.7, 382.5, "Tlf.")]],
                  bold=True),
            _line(353.6, [[(63.4, 111.0, "Frederikke"), (113.8, 160.0, "Overgaard")],
                          [(172.7, 352.9, "frederikke.overgaard@egelev-it.example")],
                          [(365.7, 376.7, "71"), (379.4, 390.4, "27"), (393.2, 404.2, "05"), (406.9, 417.9, "49")]])]


RULES = _border(332.2) + _border(349.5) + _border(367.5)


def test_a_heading_over_a_ruled_table_is_not_cut_at_a_column_edge_in_its_word_gap() -> None:
    heading = _line(313.5, [[(62.7, 136.8, "Kontaktperson"), (139.7, 163.8, "vedr."), (166.7, 200.5, "aftalen")]],
                    bold=True)
    lines = join_ruled_rows(_page(heading), RULES)
    assert [s.text for s in lines[0].segments] == ["Kontaktperson vedr. aftalen"]


def test_a_header_row_whose_cells_stand_apart_is_still_cut_at_the_columns() -> None:
    """The rule stays for a `<th>` row over the first border: its cells set close, yet further apart than a
    word space, are cut at the edges."""
    header = _line(313.5, [[(63.4, 94.0, "Rolle"), (172.7, 200.0, "Navn"), (365.7, 390.0, "Telefon")]])
    header = Line(1, 313.5, 325.0, [Segment([w for s in header.segments for w in s.words])])
    lines = join_ruled_rows(_page(header), RULES)
    assert [s.text for s in lines[0].segments] == ["Rolle", "Navn", "Telefon"]
