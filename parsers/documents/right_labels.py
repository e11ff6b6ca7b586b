"""A form whose labels stand to the right of their values (the answers in a left column, each question
right-aligned in a column beside it) read as the label-then-value rows every form reader expects.

People read such a row as "question: answer" whatever side the question is printed on; the readers look
for a label first in its line. A page is taken for one only on evidence of the layout as a whole: rows of
two cells whose right cells share one right edge (a right-aligned column) while their left cells share one
left edge, the right column holding labels we know (Email, Telefon) or questions and the left column none
but values (addresses, phones, networks, numbers). A question wrapped in its right-aligned cell ("Will you
be connected to SDN through" over "KMD?") is one label again. The words keep their places on the page."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter

from .labels import label_of
from .page_types import Line, Segment

_ALIGN = 3.0  # points: one column's edge


def _at_right(seg: Segment, right: float) -> bool:
    """The cell ends at the right-aligned column's edge, or short of it by a footnote mark's width (the mark
    is no word of the page, `page.note_marks`, but its place is kept)."""
    size = max(w.bottom - w.top for w in seg.words)
    return -_ALIGN <= right - seg.x1 <= _ALIGN + 0.6 * size
_VALUE = re.compile(r"@|^\s*(?:\+|00)?\d[\d\s/.-]{5,}$|\d{1,3}(?:\.\d{1,3}){3}")


def _asks(text: str) -> bool:
    """A label we know whole, or a question (its footnote's number may follow the question mark)."""
    hit = label_of(text)
    return hit is not None and not hit[1].strip() or re.search(r"\?\s*(?:\(\w+\))?\s*\d?$", text) is not None


def _edge(values: list[float]) -> float | None:
    """The edge most of these share (within `_ALIGN`), when at least three do."""
    if not values:
        return None
    common, _ = Counter(round(v / _ALIGN) for v in values).most_common(1)[0]
    near = [v for v in values if abs(v - common * _ALIGN) <= _ALIGN]
    return sum(near) / len(near) if len(near) >= 3 else None


def _page_edges(lines: list[Line]) -> tuple[float, float] | None:
    """(the values' left edge, the labels' right edge) of a page laid out with its labels on the right."""
    rows = [ln for ln in lines if len(ln.segments) == 2]
    right = _edge([ln.segments[1].x1 for ln in rows])
    left = _edge([ln.segments[0].x0 for ln in rows])
    if right is None or left is None:
        return None
    pairs = [ln for ln in rows if _at_right(ln.segments[1], right) and abs(ln.segments[0].x0 - left) <= _ALIGN]
    asked = sum(1 for ln in pairs if _asks(ln.segments[1].text))
    answered = sum(1 for ln in pairs if _VALUE.search(ln.segments[0].text))
    # a label on the left of any pair says the form is the usual way round
    if any(_asks(ln.segments[0].text) or label_of(ln.segments[0].text) is not None for ln in pairs):
        return None
    # cells of one right-aligned column start where their texts' lengths leave them: not at one edge
    starts = {round(ln.segments[1].x0 / _ALIGN) for ln in pairs}
    if asked < 3 or answered < 2 or len(starts) < 3:
        return None
    return left, right


def _moved(seg: Segment, dx: float) -> Segment:
    return Segment([dataclasses.replace(w, x0=w.x0 + dx, x1=w.x1 + dx) for w in seg.words])


def labels_first(lines: list[Line]) -> list[Line]:
    """The lines of a page laid out with its labels on the right as if its two columns changed places: the
    label column at the values' left edge and the values beside it, within the same width (see the module's
    docstring); other pages as they were. Only the reader's copy of the words is moved (`positions.py` finds
    the values where they are drawn)."""
    out: list[Line] = []
    for page in sorted({ln.page for ln in lines}):
        mine = [ln for ln in lines if ln.page == page]
        edges = _page_edges(mine)
        if edges is None:
            out += mine
            continue
        left, right = edges
        rows = {id(ln) for ln in mine if len(ln.segments) == 2 and _at_right(ln.segments[1], right)
                and abs(ln.segments[0].x0 - left) <= _ALIGN and label_of(ln.segments[0].text) is None}
        labels_x0 = min(ln.segments[1].x0 for ln in mine if id(ln) in rows)
        values_x1 = max(ln.segments[0].x1 for ln in mine if id(ln) in rows)
        to_left = left - labels_x0  # the label column's shift
        to_right = (right - labels_x0) + (labels_x0 - values_x1)  # the values' shift
        last: Line | None = None  # the last row turned round, while the next line may be a wrapped cell's rest
        for ln in mine:
            size = ln.bottom - ln.top
            if id(ln) in rows:
                value, label = ln.segments
                if last is not None and out[-1] is last and ln.top - last.bottom < 0.3 * size \
                        and label.x0 > last.segments[0].x0 - to_left + _ALIGN:
                    # both cells wrapped: the label's rest beside the value's, as close as a cell's lines
                    head, answer = last.segments
                    cells = [Segment(head.words + _moved(label, to_left).words),
                             Segment(answer.words + _moved(value, to_right).words)]
                    last = out[-1] = Line(page, last.top, ln.bottom, cells)
                    continue
                last = Line(page, ln.top, ln.bottom, [_moved(label, to_left), _moved(value, to_right)])
                out.append(last)
                continue
            if (last is not None and out[-1] is last and len(ln.segments) == 1 and ln.top - last.bottom < 0.6 * size):
                cell = ln.segments[0]
                if _at_right(cell, right) and cell.x0 >= labels_x0 - _ALIGN:
                    # the label's wrapped rest, right-aligned under its first line: one label again
                    label, value = last.segments
                    last = out[-1] = Line(page, last.top, ln.bottom,
                                          [Segment(label.words + _moved(cell, to_left).words), value])
                    continue
                if abs(cell.x0 - left) <= _ALIGN and cell.x1 <= values_x1 + _ALIGN:
                    out.append(Line(page, ln.top, ln.bottom, [_moved(cell, to_right)]))  # the value's rest
                    continue
            out.append(ln)
    return out
