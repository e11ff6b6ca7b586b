"""A scanned page's box and table sides made white before Tesseract reads the page.

A filled-in form's values stand in boxes, typed a hair from the box's left side ("|Lindholt Laboratorium ApS").
On the scan the side and the first letter touch or nearly so, and Tesseract's page segmentation throws the two
away together as a line: "indholt", "asper Gram", "0.235.187.192/26" for "10.235…", "770 København V" (outside
check seed 22, pictures-only: every value of two forms lost its first letter). Without the sides the same page
reads whole. A rule is a thin run of ink at least H_MIN pixels long (a box's top or bottom, a table's row line);
a box's or table's side is a vertical run that starts and ends on such a rule. Only the sides are made white:
the rules themselves keep a table's rows apart (without them a signing service's table was read as one block,
its times at lower confidence, and a signing date was lost), and a fill-in line stays a fill-in line. A dark band
(a white-on-dark heading) is thick, no rule. Only the page's own reading uses this picture; the re-reads, tick
boxes and pen strokes look at the page as it was scanned.
"""
from __future__ import annotations

import re
from typing import Any

RULE_INK = 160   # a grey value below this is ink (a grey rule, smoothed, is darker)
H_MIN = 150      # pixels at 300 dpi (13 mm): no letter or word is one unbroken run of ink this long
THICK = 14       # rows (1.2 mm): a rule is at most this thick (a 1 pt line scanned at 150 dpi is 9); a bar is thicker
V_MIN = 25       # pixels: a box's side is at least a small letter's height
REACH = 3        # pixels a side's end may stand from the rule it meets


def _horizontal(ink: bytes, width: int, height: int) -> list[tuple[int, int, int]]:
    """(row, x0, x1) of every row's piece of a thin horizontal rule."""
    long_run = re.compile(rb"\xff{%d,}" % H_MIN)
    runs: dict[int, list[tuple[int, int]]] = {}
    for y in range(height):
        row = ink[y * width:(y + 1) * width]
        if b"\xff" * H_MIN in row:
            runs[y] = [(m.start(), m.end()) for m in long_run.finditer(row)]

    def covered(y: int, x0: int, x1: int) -> bool:
        return any(a <= x0 + 5 and b >= x1 - 5 for a, b in runs.get(y, ()))

    out = []
    for y, pieces in runs.items():
        for x0, x1 in pieces:
            thick = 1
            for step in (-1, 1):
                k = y + step
                while thick <= THICK and covered(k, x0, x1):
                    thick += 1
                    k += step
            if thick <= THICK:
                out.append((y, x0, x1))
    return out


def _vertical(ink: Any, rules: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(column, top, bottom) of every box's or table's side: a vertical run of ink from one rule to another."""
    from PIL import Image

    width, height = ink.size
    at: dict[int, list[tuple[int, int]]] = {}
    for y, x0, x1 in rules:
        at.setdefault(y, []).append((x0, x1))

    def on_rule(x: int, y: int) -> bool:
        return any(a - REACH <= x <= b + REACH for k in range(y - REACH, y + REACH + 1) for a, b in at.get(k, ()))

    columns = ink.transpose(Image.Transpose.TRANSPOSE).tobytes()
    long_run = re.compile(rb"\xff{%d,}" % V_MIN)
    out = []
    for x in range(width):
        for m in long_run.finditer(columns, x * height, (x + 1) * height):
            top, bottom = m.start() - x * height, m.end() - x * height
            if on_rule(x, top) and on_rule(x, bottom - 1):
                out.append((x, top, bottom))
    return out


def unruled_page(page: Any) -> Any | None:
    """The grey page picture with the sides of its boxes and tables white, or None when it has none."""
    from PIL import ImageDraw

    ink = page.point(lambda v: 255 if v < RULE_INK else 0)
    rules = _horizontal(ink.tobytes(), *page.size)
    sides = _vertical(ink, rules) if rules else []
    if not sides:
        return None
    out = page.copy()
    draw = ImageDraw.Draw(out)
    for x, top, bottom in sides:
        draw.line([(x, top), (x, bottom - 1)], fill=255)
    return out
