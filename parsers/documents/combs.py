"""Answers written one character a box, as on a paper form ("V i g g o   H j o r t" in a row of boxes): each
glyph stands alone in its box, farther from the next than a word's gap, so every letter was read as a word of
its own and a name, an address or a CVR came out letter-spaced ("2 4" for a CVR), with confidence.

A comb is told by its geometry alone: four or more glyphs (three letters) of one size on one baseline whose
centres step by one constant pitch (an empty box, two or three pitches), the pitch well over the widest glyph's
width, so the glyphs stand apart as no typeset word does (a monospaced word's pitch is its glyphs' width). Its
glyphs are one word, an empty box in it a space. An answer longer than its row goes on in the next row of boxes,
under the first and with no label of its own (`join_rows`)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from .page_types import Line, Segment, Word

COMB = "sdn_comb"  # the mark on a glyph in a comb: (which comb, its box's place, the pitch)
_MIN_GLYPHS = 4
_PITCH_SLACK = 0.04  # a box's place may be off its pitch by this share of it
_WIDER = 1.6  # the pitch is at least this many times the widest glyph: they stand apart, a box each
_MIN_GAP = 1.5  # pt between two glyphs in neighbouring boxes, at least


def _centre(c: Any) -> float:
    return (float(c["x0"]) + float(c["x1"])) / 2


def mark_combs(chars: list[Any]) -> None:
    """Mark the glyphs of every comb among one line's `chars` (left to right) with `COMB`."""
    glyphs = [c for c in chars if len(str(c.get("text", ""))) == 1 and not str(c.get("text")).isspace()]
    i, comb = 0, 0
    while i < len(glyphs) - 1:
        run = _run_from(glyphs, i)
        if run is None:
            i += 1
            continue
        places, end = run
        comb += 1
        pitch = _centre(glyphs[i + 1]) - _centre(glyphs[i])
        for c, place in zip(glyphs[i:end], places, strict=True):
            c[COMB] = (comb, place, pitch)
        i = end


def _run_from(glyphs: list[Any], i: int) -> tuple[list[int], int] | None:
    """The comb starting at glyph i: each glyph's box place and the index after its last glyph, or None."""
    a, b = glyphs[i], glyphs[i + 1]
    pitch = _centre(b) - _centre(a)
    size = float(a.get("size") or 0)
    if pitch <= 0 or size <= 0:
        return None
    places, k = [0, 1], i + 1
    while k + 1 < len(glyphs):
        c, d = glyphs[k], glyphs[k + 1]
        step = (_centre(d) - _centre(c)) / pitch
        n = round(step)
        if abs(float(d["top"]) - float(a["top"])) > 0.5 or abs(float(d.get("size") or 0) - size) > 0.01 \
                or not 1 <= n <= 3 or abs(step - n) > _PITCH_SLACK:
            break
        places.append(places[-1] + n)
        k += 1
    run = glyphs[i:k + 1]
    # a comb's glyphs stand alone: a glyph of the line closer than the pitch before or after it makes the run
    # a word's letter and the next ("Tandlægerne i Lindholt" in Courier: "e i L" at two advances apart)
    before = glyphs[i - 1] if i > 0 else None
    after = glyphs[k + 1] if k + 1 < len(glyphs) else None
    if before is not None and abs(float(before["top"]) - float(a["top"])) <= 0.5 \
            and _centre(a) - _centre(before) < pitch * (1 - _PITCH_SLACK):
        return None
    if after is not None and abs(float(after["top"]) - float(a["top"])) <= 0.5 \
            and _centre(after) - _centre(run[-1]) < pitch * (1 - _PITCH_SLACK):
        return None
    widest = max(float(c["x1"]) - float(c["x0"]) for c in run)
    units = sum(1 for p, q in zip(places, places[1:], strict=False) if q - p == 1)
    gaps_ok = all(float(d["x0"]) - float(c["x1"]) >= _MIN_GAP for c, d in zip(run, run[1:], strict=False))
    # three boxes are a comb only when they hold letters ("N e j"): three digits apart may be a table's columns
    least = _MIN_GLYPHS - 1 if all(str(c["text"]).isalpha() for c in run) else _MIN_GLYPHS
    if 2 * sum(1 for c in run if str(c["text"]).isalnum()) < len(run):
        return None  # spaced dots or rules (". . . . ."): a leader, no answer
    if len(run) < least or units < least - 1 or pitch < _WIDER * widest or not gaps_ok \
            or abs(float(b["top"]) - float(a["top"])) > 0.5:
        return None
    return places, k + 1


def joined(words: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """pdfplumber's words (lists of glyphs) with a comb's letters made one word again: neighbouring words whose
    glyphs are of one comb are joined, a space glyph standing in for each run of empty boxes between them."""
    held: list[Any] | None = None
    for word in words:
        if held and COMB in held[-1] and COMB in word[0] and held[-1][COMB][0] == word[0][COMB][0]:
            if word[0][COMB][1] - held[-1][COMB][1] > 1:
                space = dict(word[0])
                space.update(text=" ", x0=held[-1]["x1"], x1=word[0]["x0"])
                space.pop(COMB, None)
                held.append(space)
            held.extend(word)
            continue
        if held:
            yield held
        held = list(word)
    if held:
        yield held


def comb_pitch(chars: Iterable[Any]) -> float:
    """The pitch of the boxes a word's glyphs stand in, when they are a comb's; else 0."""
    return next((float(c[COMB][2]) for c in chars if COMB in c), 0.0)


_FULL_PLACES = 12  # a row that goes on in the next holds at least this many boxes


def _boxes_apart(a: Word, b: Word) -> float:
    """How many boxes b's first glyph stands right of a's (both combs of one pitch)."""
    return (b.x0 - a.x0) / a.comb


def _same_grid(a: Word, b: Word) -> bool:
    """Both combs of one pitch, their first glyphs in the same column of boxes or one box apart."""
    if not a.comb or not b.comb or abs(a.comb - b.comb) > 0.02 * a.comb:
        return False
    n = _boxes_apart(a, b)
    return abs(n - round(n)) <= 0.25 and abs(round(n)) <= 1


def join_rows(lines: list[Line]) -> list[Line]:
    """A page's lines with each answer that goes on into a second row of boxes joined again ("hanne.gram@hvid"
    over "mose-sundhed.example"): read row by row, the address, the name or the street was cut at the row's
    end, with confidence. The rest is joined only on evidence: the row above ends its line and reaches the last
    box any row of its boxes reaches (it is full), the row below is the very next line, the same boxes (its
    first glyph in the first box, or in the second after an empty one: a space), and nothing stands before it on
    its line (no label of its own: the next answer's row has one)."""
    combs = [w for ln in lines for seg in ln.segments for w in seg.words if w.comb]
    if len(combs) < 3:
        return lines
    out = [Line(ln.page, ln.top, ln.bottom, [Segment(_short_combs(s.words, combs)) for s in ln.segments])
           for ln in lines]
    combs = [w for ln in out for seg in ln.segments for w in seg.words if w.comb]
    for i, above in enumerate(out):
        if not above.segments or not above.segments[-1].words[-1].comb:
            continue
        head = above.segments[-1].words[-1]
        row, last = head, head  # the comb's first row (its place) and the row that ends it so far
        for below in out[i + 1:]:
            if not below.segments:
                continue
            rest = below.segments[0].words[0]
            sep = _continues(row, last, rest, combs)
            if sep is None or len(below.segments[0].words) > 1 or len(below.segments) > 1:
                break
            head = Word(head.text + sep + rest.text, head.x0, head.x1, head.top, head.bottom, head.source, head.run,
                        head.bold, face=head.face, comb=head.comb)
            below.segments.clear()
            last = rest
        above.segments[-1].words[-1] = head
    return [ln for ln in out if ln.segments]


def _on_grid(w: Word, combs: list[Word]) -> Word | None:
    """The comb whose boxes a lone glyph stands in: set in its face, its place a whole number of boxes from the
    comb's first glyph."""
    for c in combs:
        n = (w.x0 - c.x0) / c.comb
        if w.face == c.face and abs(n - round(n)) <= 0.1 and 0 <= round(n) < 64 \
                and abs((w.x1 - w.x0) - (c.x1 - c.x0) / max(1.0, (c.x1 - c.x0) / c.comb)) < c.comb:
            return c
    return None


def _short_combs(words: list[Word], combs: list[Word]) -> list[Word]:
    """A segment's words with an answer too short for a comb of its own ("J A", "1 4 2": two or three glyphs)
    made one word where its glyphs stand in the boxes of a comb on the page: each in its face, on its places."""
    out: list[Word] = []
    k = 0
    while k < len(words):
        w = words[k]
        grid = _on_grid(w, combs) if len(w.text) == 1 and not w.comb else None
        run = [w]
        while grid is not None and k + len(run) < len(words):
            nxt = words[k + len(run)]
            step = (nxt.x0 - run[-1].x0) / grid.comb
            if len(nxt.text) != 1 or nxt.comb or nxt.face != w.face or not 1 <= round(step) <= 3 \
                    or abs(step - round(step)) > 0.1:
                break
            run.append(nxt)
        if grid is None or len(run) < 2:
            out.append(w)
            k += 1
            continue
        text = run[0].text
        for a, b in zip(run, run[1:], strict=False):
            text += (" " if round((b.x0 - a.x0) / grid.comb) > 1 else "") + b.text
        out.append(Word(text, w.x0, run[-1].x1, min(x.top for x in run), max(x.bottom for x in run), w.source, w.run,
                        w.bold, face=w.face, comb=grid.comb))
        k += len(run)
    return out


def _continues(row: Word, last: Word, rest: Word, combs: list[Word]) -> str | None:
    """What stands between `last` (a row of boxes, begun by `row`) and `rest` (the next line's first word) when
    rest goes on with the same answer: "" or a space (an empty box at either row's end); else None."""
    if not rest.comb and len(rest.text) == 1 and _on_grid(rest, [row]) is not None:
        rest = replace(rest, comb=row.comb)  # the answer's last glyph alone in the row's first box
    if not rest.comb or not _same_grid(row, rest) or not _same_grid(row, last):
        return None
    height = max(1.0, last.bottom - last.top)
    if not 0 < rest.top - last.bottom <= 3 * height:
        return None
    grid = [w for w in combs if _same_grid(row, w)]
    reach = max(w.x1 for w in grid)
    places = (last.x1 - row.x0) / row.comb
    if len(grid) < 3 or places < _FULL_PLACES - 1:
        return None
    full = last.x1 >= reach - 0.5 * row.comb
    short = not full and last.x1 >= reach - 1.5 * row.comb  # the last box left empty: a space
    first = round(_boxes_apart(row, rest))
    if full and first == 0:
        return ""
    if full and first == 1 or short and first == 0:
        return " "
    return None
