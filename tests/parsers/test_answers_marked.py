"""Questions and answers marked with their numbers ("Q3." over "A3."), read without their markers
(parsers/documents/answers_under.qa_unmarked): a pure function of the page's lines."""
from __future__ import annotations

from parsers.documents.answers_under import qa_unmarked
from parsers.documents.page_types import Line, Segment, Word


def _cell(x: float, top: float, *texts: str) -> Segment:
    words, at = [], x
    for t in texts:
        words.append(Word(t, at, at + 6 * len(t), top, top + 10))
        at += 6 * len(t) + 3
    return Segment(words)


def test_a_question_beside_another_cells_words_run_into_it() -> None:
    """Two parts side by side (WeasyPrint, held-out seed 8852): the technicians' table's last header "Tlf." ran
    into part 4's question "Q3. Adresse ..." as one cell, so the question's marker was not seen at the cell's
    start and its answer was read with its marker: the street "A3. Ved Kæret 26", with confidence."""
    lines = [Line(1, 100, 110, [_cell(40, 100, "Rolle"), _cell(120, 100, "Navn"),
                                _cell(300, 100, "Tlf.", "Q3.", "Adresse", "(vej,", "postnr.,", "by)")]),
             Line(1, 112, 122, [_cell(330, 112, "A3.", "Ved", "Kæret", "26,", "1801", "Frederiksberg", "C")])]
    out = qa_unmarked(lines)
    texts = [[sg.text for sg in ln.segments] for ln in out]
    assert texts == [["Rolle", "Navn", "Tlf.", "Adresse (vej, postnr., by)"],
                     ["Ved Kæret 26, 1801 Frederiksberg C"]], texts


def test_an_answer_marker_under_no_question_of_its_number_stays() -> None:
    """"A1" alone may be a value (a floor, a room): with no "Q1." over it, it is kept."""
    lines = [Line(1, 100, 110, [_cell(40, 100, "Lokale")]), Line(1, 112, 122, [_cell(40, 112, "A1.", "stuen")])]
    assert [[sg.text for sg in ln.segments] for ln in qa_unmarked(lines)] == [["Lokale"], ["A1. stuen"]]
