"""Answers on a line of their own with their questions as small captions right under them (the fourth outside
hand's reportlab layout: "No" | "No" over "Connected through KMD" | "Access through a GP-system vendor"). Read
as they stood, the caption named KMD and the "no" above it was lost: a confident "via KMD"."""
from __future__ import annotations

from parsers.documents.form import _captions_under_answers, _connected_via
from parsers.documents.page_types import Line, Segment, Word


def _line(top: float, size: float, *cells: tuple[float, str]) -> Line:
    segs = [Segment([Word(w, x + 30 * k, x + 30 * k + 25, top, top + size) for k, w in enumerate(text.split())])
            for x, text in cells]
    return Line(0, top, top + size, segs)


def _form(kmd: str, vendor: str, gap: float = 2.0) -> list[Line]:
    return [_line(100, 11, (52, kmd), (310, vendor)),
            _line(111 + gap, 7, (50, "Connected through KMD"), (308, "Access through a GP-system vendor"))]


def test_answers_over_their_captions_are_read_with_them() -> None:
    assert _connected_via(_form("No", "No")) == (None, False)
    assert _connected_via(_form("Yes", "No")) == ("KMD", False)


def test_a_caption_far_under_a_line_of_answers_is_no_caption_of_theirs() -> None:
    """A paragraph's space between them, or answers that do not stand over the captions: left as they are."""
    for lines in (_form("No", "No", gap=14.0),
                  [_line(100, 11, (52, "No")), _line(113, 7, (50, "Connected through KMD"), (308, "Vendor"))]):
        assert [ln.text for ln in _captions_under_answers(lines)] == [ln.text for ln in lines]
    joined = _captions_under_answers(_form("No", "No"))
    assert [ln.text for ln in joined] == ["Connected through KMD No", "Access through a GP-system vendor No"]
