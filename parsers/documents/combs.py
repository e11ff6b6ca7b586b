"""Answers written one character a box, as on a paper form ("V i g g o   H j o r t" in a row of boxes): each
glyph stands alone in its box, farther from the next than a word's gap, so every letter was read as a word of
its own and a name, an address or a CVR came out letter-spaced ("2 4" for a CVR), with confidence.

A comb is told by its geometry alone: four or more glyphs (three letters) of one size on one baseline whose
centres step by one constant pitch (an empty box, two or three pitches), the pitch well over the widest glyph's
width, so the glyphs stand apart as no typeset word does (a monospaced word's pitch is its glyphs' width). Its
glyphs are one word, an empty box in it a space."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

COMB = "sdn_comb"  # the mark on a glyph in a comb: (which comb, its box's place)
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
        for c, place in zip(glyphs[i:end], places, strict=True):
            c[COMB] = (comb, place)
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
