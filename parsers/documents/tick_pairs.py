"""Option lists marked ✓ for the options chosen and ✗ for the ones not chosen.

A cross alone marks a choice (the Danish paper habit: "X" in the box); beside ticks in the same list it is the
list's "no": a form that writes "✓ Apotek" and "✗ Kommune" chose the pharmacy only. Read as a cross alone, every
option of such a list would be ticked, and the first one (or a wrong one) taken with confidence."""
from __future__ import annotations

import dataclasses

from .page_types import Line, Segment

_TICKS = {"✓", "✔", "☑"}
_CROSSES = {"✗", "✘"}


def _mark(ln: Line) -> str | None:
    """The mark that opens the line, when its first word is one."""
    if not ln.segments or not ln.segments[0].words:
        return None
    first = ln.segments[0].words[0].text
    return first if first in _TICKS | _CROSSES else None


def _as_empty(ln: Line) -> Line:
    seg = ln.segments[0]
    words = [dataclasses.replace(seg.words[0], text="☐"), *seg.words[1:]]
    return dataclasses.replace(ln, segments=[Segment(words), *ln.segments[1:]])


def crosses_as_no(lines: list[Line]) -> list[Line]:
    """The lines with each ✗ that opens an option of a list (consecutive lines on one page, each opened by a
    mark) that also holds a ✓ written as an empty box: the list's "not chosen"."""
    out = list(lines)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _mark(out[j]) is not None and out[j].page == out[i].page:
            j += 1
        run = [_mark(ln) for ln in out[i:j]]
        if any(m in _TICKS for m in run) and any(m in _CROSSES for m in run):
            for k in range(i, j):
                if _mark(out[k]) in _CROSSES:
                    out[k] = _as_empty(out[k])
        i = max(j, i + 1)
    return out


__all__ = ["crosses_as_no"]
