"""Option lists marked ✓ for the options chosen and ✗ for the ones not chosen, or "Ja: X" and "Nej".

A cross alone marks a choice (the Danish paper habit: "X" in the box); beside ticks in the same list it is the
list's "no": a form that writes "✓ Apotek" and "✗ Kommune" chose the pharmacy only. Read as a cross alone, every
option of such a list would be ticked, and the first one (or a wrong one) taken with confidence. A list whose
options each open with "Ja: X" or "Nej" ("Nej Offentligt sygehus", "Ja: X Apotek") says the same in words: the
options are read as boxes, ticked and not, and no "Nej ..." line is read as a name."""
from __future__ import annotations

import dataclasses
import re

from .page_types import Line, Segment

_TICKS = {"✓", "✔", "☑"}
_CROSSES = {"✗", "✘"}
_YES = re.compile(r"^(?:ja|yes)\s*:?\s*[xX✓✔]?$", re.I)
_NO = re.compile(r"^(?:nej|no)\s*:?$", re.I)
_PAGE_NUMBER = re.compile(r"\s*\d{1,3}\s*")


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


def _answer_words(ln: Line) -> tuple[bool, int] | None:
    """(yes, how many words say it) when the line opens with "Ja: X" / "Yes: X" or "Nej" / "No" before an
    option's words; None otherwise."""
    words = ln.segments[0].words if ln.segments else []
    for n in (2, 1):
        if len(words) > n:
            head = " ".join(w.text for w in words[:n])
            if _YES.match(head) and (n == 2 or head.rstrip(":").lower() not in ("ja", "yes")):
                return True, n
            if n == 1 and _NO.match(head):
                return False, n
    return None


def _boxed(ln: Line, yes: bool, n: int) -> Line:
    seg = ln.segments[0]
    box = dataclasses.replace(seg.words[0], text="☒" if yes else "☐", x1=seg.words[n - 1].x1)
    return dataclasses.replace(ln, segments=[Segment([box, *seg.words[n:]]), *ln.segments[1:]])


def yes_no_options(lines: list[Line]) -> list[Line]:
    """The lines with each run of three or more options opened by "Ja: X" / "Nej" (at least one of each, one
    left edge, a page break between them or not) written as boxes: ☒ for yes, ☐ for no."""
    out = list(lines)
    i = 0
    while i < len(out):
        run: list[int] = []
        j = i
        while j < len(out):
            if _answer_words(out[j]) is not None and abs(out[j].x0 - out[i].x0) <= 3:
                run.append(j)
            elif not (run and _PAGE_NUMBER.fullmatch(out[j].text)):  # a page's number between two options
                break
            j += 1
        said = [_answer_words(out[k]) for k in run]
        if len(run) >= 3 and any(s and s[0] for s in said) and any(s and not s[0] for s in said):
            for k, s in zip(run, said, strict=True):
                if s is not None:
                    out[k] = _boxed(out[k], *s)
        i = max(j, i + 1)
    return out


def crosses_as_no(lines: list[Line]) -> list[Line]:
    """The lines with each ✗ that opens an option of a list (consecutive lines, each opened by a mark) that also
    holds a ✓ written as an empty box: the list's "not chosen". A list goes on over a page break (the next page's
    first lines, at its left edge, past the page's number and a footnote): the ✗ alone on the second page are
    the same list's "no" (held-out seed 8852, LuaLaTeX: "✗ Apotek" read as chosen)."""
    out = list(lines)
    i = 0
    while i < len(out):
        if _mark(out[i]) is None:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(out):
            if _mark(out[j]) is not None and out[j].page == out[run[-1]].page:
                run.append(j)
                j += 1
                continue
            k = _over_the_break(out, run[-1])
            if k is None:
                break
            run.append(k)
            j = k + 1
        marks = [_mark(out[k]) for k in run]
        if any(m in _TICKS for m in marks) and any(m in _CROSSES for m in marks):
            for k in run:
                if _mark(out[k]) in _CROSSES:
                    out[k] = _as_empty(out[k])
        i = run[-1] + 1
    return out


def _size(ln: Line) -> float:
    """The largest type on the line, from its words' faces ("LMRoman8-Regular 8.0"); 0 where none says."""
    sizes = [float(w.face.rsplit(" ", 1)[1]) for sg in ln.segments for w in sg.words
             if re.fullmatch(r".+ \d+(?:\.\d+)?", w.face)]
    return max(sizes, default=0.0)


def _foot(ln: Line, option: Line) -> bool:
    """A line of the page's foot under an option: the page's number, or a footnote set smaller."""
    return _PAGE_NUMBER.fullmatch(ln.text) is not None or 0 < _size(ln) < _size(option) - 0.5


def _over_the_break(lines: list[Line], last: int) -> int | None:
    """Where a list whose last option on its page is `lines[last]` goes on: the next page's first line, an
    option at the list's left edge, with only the page's foot (its number, a footnote) between; else None."""
    k = last + 1
    while k < len(lines) and lines[k].page == lines[last].page and k - last <= 3 and _foot(lines[k], lines[last]):
        k += 1
    if k < len(lines) and lines[k].page == lines[last].page + 1 and _mark(lines[k]) is not None \
            and abs(lines[k].x0 - lines[last].x0) <= 3:
        return k
    return None


__all__ = ["crosses_as_no", "yes_no_options"]
