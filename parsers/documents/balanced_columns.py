"""Key: value lists set in two balanced columns, read one column after the other.

XeLaTeX's `multicols` fills a section's "Navn: | Mail: | Telefon:" lines down the left column and on at the top of
the right one, so a line of the page holds one person's name on the left and the next person's on the right
("Navn: Dorthe Dalgas | Navn: Dorthe Thrane"). Read across the page, the two people's lines interleave and one of
them is lost, with confidence (thirteenth hand, seed 130). Where the right column's cells open with the same
labels as the left column's, the columns are one list each, so the left column is read before the right one. Where
the labels differ ("Navn: ... | Telefon: ..."), a line is one record's row and stays as it is.
"""
from __future__ import annotations

from .labels import label_of
from .page_types import Line

MIN_APART = 150.0  # points between the two columns' left edges at least
PART_GAP = 2.5     # line heights from a line's top to the next: more ends the run (a heading's space)


def _key(text: str) -> str | None:
    hit = label_of(text)
    return hit[0] if hit is not None and ":" in text[:len(text) - len(hit[1])] else None


def _right_edge(run: list[Line], left: float) -> float | None:
    """The right column's left edge in `run`: the x0 shared (within 2 points) by the second cells of two lines or
    more, far from the left edge."""
    xs = [ln.segments[1].x0 for ln in run if len(ln.segments) == 2 and ln.segments[1].x0 - left >= MIN_APART]
    for x in xs:
        if sum(abs(y - x) <= 2 for y in xs) >= 2:
            return x
    return None


def _balanced(run: list[Line]) -> list[Line] | None:
    """The run read left column first, or None where it is no pair of balanced lists."""
    left = min(ln.segments[0].x0 for ln in run)
    edge = _right_edge(run, left)
    if edge is None or any(abs(ln.segments[0].x0 - left) > 2 and abs(ln.segments[0].x0 - edge) > 2 for ln in run):
        return None  # a line starting elsewhere: no two columns
    if any(abs(next((s.x0 for s in ln.segments if s.x0 >= edge - 2), edge) - edge) > 2 for ln in run):
        return None  # the right part of a line starts elsewhere than the right column (an address may overrun
        # into the gutter, even under the right column's first letters: it starts in the left one)
    lefts = [_key(ln.segments[0].text) for ln in run if ln.segments[0].x0 < edge - 2]
    rights = [_key(ln.segments[-1].text) for ln in run if ln.segments[-1].x0 >= edge - 2]
    keys_left, keys_right = {k for k in lefts if k}, [k for k in rights if k]
    if len(keys_right) < 2 or not set(keys_right) <= keys_left or len(set(keys_right)) < 2:
        return None
    halves: list[list[Line]] = [[], []]
    for ln in run:
        for side, segs in enumerate(([s for s in ln.segments if s.x0 < edge - 2],
                                     [s for s in ln.segments if s.x0 >= edge - 2])):
            if segs:
                halves[side].append(Line(ln.page, ln.top, ln.bottom, segs))
    return halves[0] + halves[1]


def balanced_lists(lines: list[Line], split: set[int]) -> list[Line]:
    """The lines with each run of balanced key: value columns read left column first; pages in `split` (already
    read in columns) as they are. A run is the lines of one page between spaces wider than a paragraph's."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and lines[j].page == lines[i].page and lines[i].page not in split and lines[j].segments \
                and lines[j].top - lines[j - 1].top <= PART_GAP * max(4.0, lines[j - 1].bottom - lines[j - 1].top):
            j += 1
        run = lines[i:j]
        read = _balanced(run) if len(run) >= 3 and all(ln.segments for ln in run) else None
        out.extend(read if read is not None else run)
        i = j
    return out
