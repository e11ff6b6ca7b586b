"""Check boxes drawn as a font's glyphs whose text layer names them wrong, told by their ink.

A form's options printed with "□" and "■" (or "☐" and "☒") and then run through a tool that re-encodes the
fonts (Ghostscript's pdfwrite, held-out whole cases seed 6827: "¦ Kommune", "¥ Offentligt sygehus") keep
their drawing but lose their meaning: the text layer says "¦" and "¥", no box is seen, and the party's type
and connection are not found. Such a glyph stands as the first word of its line, alone, before an option's
words, in a column with others like it. Its picture says what it is: a square outline is an empty box, the
outline with ink in its middle a ticked one, a filled square the tick "■" a text layer would have written.
Anything else (a bullet, a dash, a letter) is left as the text layer says it; nothing is guessed from the
code the glyph was given.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from .page_types import Word

RESOLUTION = 300
_KNOWN = set("☐☒☑□■▪▫●○◉•◦‣∙·*-–—+>»✓✔✗✘×")
FULL = 0.85        # a square this much ink is filled: the tick "■"


def _odd_mark(w: Word) -> bool:
    """A single glyph that is no letter, digit, known mark or ordinary punctuation."""
    t = w.text
    if len(t) != 1 or t in _KNOWN or t.isalnum() or t.isspace():
        return False
    return unicodedata.category(t)[0] in "SP" and t not in ".,:;!?()[]{}'\"/\\&%#@=_|"


def _candidates(words: list[Word]) -> list[Word]:
    """Odd marks that open their line before an option's words, two or more of them in one column."""
    out: list[Word] = []
    for w in words:
        if not _odd_mark(w):
            continue
        size = max(1.0, w.bottom - w.top)
        row = [o for o in words if o is not w and abs((o.top + o.bottom) / 2 - (w.top + w.bottom) / 2) < 0.4 * size]
        if any(o.x1 <= w.x0 + 0.5 for o in row):
            continue  # something stands before it: no mark opening an option
        if not any(0 <= o.x0 - w.x1 <= 2.0 * size and o.text[:1].isalpha() for o in row):
            continue
        out.append(w)
    return [w for w in out if sum(abs(o.x0 - w.x0) <= 1.5 for o in out) >= 2]


def _read(picture: Any, w: Word) -> str | None:
    """What the glyph's ink draws: "☐", "☒", "■", or None when it is no box."""
    from . import ocr  # local, as page.py's: its box test is the one OCR tells boxes by
    k = RESOLUTION / 72
    x0, x1, top, bottom = w.x0 * k, w.x1 * k, w.top * k, w.bottom * k
    side = max(x1 - x0, 0.7 * (bottom - top))
    mid = (top + bottom) / 2
    region = (x0 - 2, mid - side / 2, x0 - 2 + side + 4, mid + side / 2)
    crop = picture.crop(tuple(int(v) for v in (region[0] - 4, region[1] - 4, region[2] + 4, region[3] + 4)))
    ink = crop.point(lambda v: 255 if v < ocr.INK else 0)
    bound = ink.getbbox()
    if bound is None:
        return None
    width, height = bound[2] - bound[0], bound[3] - bound[1]
    if width < 10 or height < 10 or not 0.75 <= width / height <= 1.33:
        return None
    inside = ink.crop(bound).histogram()
    if inside[255] / max(1, sum(inside)) >= FULL:
        return "■"
    box = ocr._box_at(picture, *region)
    if box is None:
        return None
    return "☒" if ocr._middle_ink(picture, box) > ocr.TICKED else "☐"


def read_by_ink(page: Any, words: list[Word]) -> list[Word]:
    """The page's words with each odd mark opening an option replaced by the box its ink draws."""
    found = _candidates(words)
    if not found:
        return words
    from . import ocr

    picture = ocr._picture(page, RESOLUTION)
    marks = {id(w): _read(picture, w) for w in found}
    return [Word(m, w.x0, w.x1, w.top, w.bottom, w.source, w.run, w.bold, w.opens_cell, w.face)
            if (m := marks.get(id(w))) else w for w in words]
