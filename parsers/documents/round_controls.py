"""Radio buttons and check boxes a browser draws, read as ticked or not by what is drawn inside them.

A browser prints a form's `<input type=radio>` as a ring (a round path stroked grey, over a white disc) and,
when it is checked, a filled dot inside the ring (the ring then in the accent colour); a check box as a square
with round corners, filled in the accent colour with a white tick when checked. None of it is text, so a form
printed this way says nothing of its answers to a text reader. Here each such control becomes a word "[X]" or
"[ ]" at its place, as a typed box would read:

* a ring (a round path of many points, as wide as high, 6 to 24 points) is a control; a filled disc alone is a
  list's bullet, or the mark a flattened form draws inside its square box (read with that box), no control;
* a control holding a smaller inked round shape at its centre is ticked (a radio button's dot); one filled
  with ink whole, with a mark of another colour inside, is ticked (a check box's tick on its filled ground);
* a control with nothing inked inside is not ticked;
* anything else inside (ink off its centre, a shape near its own size without a mark in it) cannot be told:
  it is told to the reading as a dispute over a mark, and the options it belongs to are for staff to read.
"""
from __future__ import annotations

from dataclasses import dataclass

from .page_types import Dispute, Word

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (as page.py's)

MIN_SIDE, MAX_SIDE = 3.0, 24.0   # a round path's size in points that may be a control or its dot
CONTROL_SIDE = 6.0               # a control is at least this wide (a list's bullet is smaller)
ROUND = 0.2                      # a control is as wide as high, within this share
MIN_POINTS = 8                   # a round path: a ring has many points, a box four


@dataclass
class Round:
    """A round or round-cornered path of a page: its box, whether it is filled with ink (not white), and
    whether it is stroked."""

    box: Box
    inked: bool
    stroked: bool


def inked(colour: object) -> bool:
    """A fill of ink: a colour that is not white (gray or RGB near 1, CMYK near 0); a pattern or an unknown
    colour counts as ink."""
    if colour is None:
        return False
    if isinstance(colour, (int, float)):
        return float(colour) < 0.95
    if isinstance(colour, (tuple, list)) and all(isinstance(c, (int, float)) for c in colour):
        values = [float(c) for c in colour]
        if len(values) == 4:
            return max(values) > 0.05
        return bool(values) and min(values) < 0.95
    return True


def _centre(b: Box) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _side(b: Box) -> float:
    return max(b[2] - b[0], b[3] - b[1])


def _is_round(b: Box) -> bool:
    w, h = b[2] - b[0], b[3] - b[1]
    return CONTROL_SIDE <= w <= MAX_SIDE and CONTROL_SIDE <= h <= MAX_SIDE and abs(w - h) <= ROUND * max(w, h)


def _same_place(a: Box, b: Box) -> bool:
    """Two paths drawn as one control: the same centre and about the same size (a ring over its white disc)."""
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    return abs(ax - bx) <= 1.5 and abs(ay - by) <= 1.5 and abs(_side(a) - _side(b)) <= 0.25 * _side(a)


def drawn_controls(rounds: list[Round], marks: list[Box], pno: int, disputes: list[Dispute]) -> list[Word]:
    """"[X]" or "[ ]" for each round control of a page (see the module); `marks` are the page's small strokes
    (a tick drawn white inside a filled check box)."""
    groups: list[list[Round]] = []
    for r in sorted((r for r in rounds if _is_round(r.box)), key=lambda r: -_side(r.box)):
        home = next((g for g in groups if _same_place(g[0].box, r.box)), None)
        if home is not None:
            home.append(r)
        else:
            groups.append([r])
    out: list[Word] = []
    for parts in groups:
        box = parts[0].box
        if not any(p.stroked for p in parts) and not any(p.inked for p in parts):
            continue  # white on white: nothing to see
        side = _side(box)
        cx, cy = _centre(box)

        def within(b: Box, box: Box = box) -> bool:
            return box[0] - 1 <= b[0] and b[2] <= box[2] + 1 and box[1] - 1 <= b[1] and b[3] <= box[3] + 1

        inside = [r for r in rounds if r not in parts and r.inked and _side(r.box) < 0.9 * side and within(r.box)]
        filled = [p for p in parts if p.inked]
        ticks = [m for m in marks if within(m) and 0.3 * side <= _side(m) < 0.9 * side
                 and not any(m == r.box for r in inside)]
        ticked: bool | None
        if not inside and not filled:
            ticked = False
        elif inside and not filled and all(abs(_centre(r.box)[0] - cx) <= 0.15 * side
                                           and abs(_centre(r.box)[1] - cy) <= 0.15 * side
                                           and _side(r.box) >= 0.3 * side for r in inside):
            ticked = True  # a radio button's dot
        elif filled and not inside and ticks:
            ticked = True  # a check box filled with its colour, the tick drawn over it
        elif filled and not any(p.stroked for p in parts):
            continue  # a filled dot with no ring round it: a bullet, or the mark inside a square box drawn apart
        else:
            ticked = None
        if ticked is None:
            disputes.append(Dispute(pno, "", None, "mark"))
            continue
        mid = (box[1] + box[3]) / 2
        out.append(Word("[X]" if ticked else "[ ]", box[0], max(box[2], box[0] + 8), mid - 4, mid + 4, "check"))
    return out
