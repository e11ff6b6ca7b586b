"""Pen strokes on a page's picture: ink where OCR read no word, shaped as a hand writes (a drawn signature).

On a scan the whole page is one picture, so a signature drawn over the party's line is no image or vector curve
of its own, and the signature judgement saw nothing there: a signed agreement read from its picture was never
signed. Such a mark is found by its ink: the page is cut into cells, the cells holding ink that no word read
surely covers are joined into regions, and a region counts as a mark only where it is shaped as strokes are:
wide and tall enough to be a name written by hand, sparse (a pen line is thin; a filled box, a logo or a photo
is not), and neither a straight rule (an empty signature line is no signature) nor a frame (a table's border).
Each mark is handed on as a drawing in that place (`Image(kind="ink")`); whether it stands where the party signs
is for the signature judgement to decide, and a page read by OCR stays `uncertain` for staff whatever it found.
"""
from __future__ import annotations

from typing import Any

from .page_types import OcrRead as Read

CELL = 6            # pixels a cell (at 300 dpi: half a millimetre)
INK = 128           # a grey value below this is ink
SURE = 60.0         # a word read at least this surely is letters, not strokes
MIN_WIDTH = 120     # pixels (10 mm at 300 dpi): narrower is a tick, a dot, a letter OCR dropped
MIN_HEIGHT = 72     # pixels (6 mm): lower is a rule, a row of dots or a line of letters OCR was unsure of
MAX_HEIGHT = 420    # pixels (35 mm): taller is a picture, not a signature
MAX_FILL = 0.22     # share of the region's pixels that are ink: strokes are thin
MIN_FILL = 0.015    # ... but there are strokes, not a few specks spread far
RULE_ROW = 0.7      # a row (or column) this much ink is a straight line: a rule or a frame's side
MAX_MARKS = 8       # marks of one page handed on


def find(path: str, read: list[Read]) -> list[tuple[int, int, int, int]]:
    """The pen marks of a page picture (a PNG file) that OCR read as `read`: (x0, top, x1, bottom) in pixels."""
    from PIL import Image, ImageDraw

    with Image.open(path) as picture:
        page = picture.convert("L")
    ink = page.point(lambda v: 255 if v < INK else 0)
    draw = ImageDraw.Draw(ink)
    for r in read:  # letters read surely are no strokes; what OCR made noise of (a scribble's "Sf") is looked at
        if r[6] >= SURE and r[1]:
            draw.rectangle((int(r[2]) - 2, int(r[4]) - 2, int(r[3]) + 2, int(r[5]) + 2), fill=0)
    width, height = ink.size
    cells = ink.resize((max(1, width // CELL), max(1, height // CELL)), Image.Resampling.BOX)
    cols, rows = cells.size
    px: Any = cells.load()
    seen = bytearray(cols * rows)
    marks: list[tuple[int, int, int, int]] = []
    for y in range(rows):
        for x in range(cols):
            if seen[y * cols + x] or px[x, y] == 0:
                continue
            box = _region(px, seen, cols, rows, x, y)
            found = (box[0] * CELL, box[1] * CELL, (box[2] + 1) * CELL, (box[3] + 1) * CELL)
            if _stroked(ink, found):
                marks.append(found)
                if len(marks) >= MAX_MARKS:
                    return marks
    return marks


def _region(px: Any, seen: bytearray, cols: int, rows: int, x: int, y: int) -> tuple[int, int, int, int]:
    """The cells of ink joined to (x, y), a cell's gap bridged (a pen lifts between letters): their box."""
    stack = [(x, y)]
    seen[y * cols + x] = 1
    x0, y0, x1, y1 = x, y, x, y
    while stack:
        cx, cy = stack.pop()
        x0, y0, x1, y1 = min(x0, cx), min(y0, cy), max(x1, cx), max(y1, cy)
        for dx in (-2, -1, 0, 1, 2):
            for dy in (-2, -1, 0, 1, 2):
                nx, ny = cx + dx, cy + dy
                if 0 <= nx < cols and 0 <= ny < rows and not seen[ny * cols + nx] and px[nx, ny] > 0:
                    seen[ny * cols + nx] = 1
                    stack.append((nx, ny))
    return x0, y0, x1, y1


def _stroked(ink: Any, box: tuple[int, int, int, int]) -> bool:
    """A region shaped as handwriting: its size, thin strokes, no straight line across most of it."""
    x0, top, x1, bottom = box
    w, h = x1 - x0, bottom - top
    if w < MIN_WIDTH or not MIN_HEIGHT <= h <= MAX_HEIGHT or w > 12 * MAX_HEIGHT:
        return False
    crop = ink.crop(box)
    fill = crop.histogram()[255] / float(w * h)
    if not MIN_FILL <= fill <= MAX_FILL:
        return False
    # a rule (the empty signature line, "______") or a frame's side: one row or column nearly all ink, and
    # little ink off it
    row_share = _line_shares(crop, across=True)
    col_share = _line_shares(crop, across=False)
    ruled = [y for y, s in enumerate(row_share) if s >= RULE_ROW]
    off_rule = sum(1 for y, s in enumerate(row_share) if s > 0.02 and all(abs(y - r) > 3 for r in ruled))
    if ruled and off_rule < 0.25 * h:
        return False  # a line (and the specks about it): no strokes above or below it
    framed = [x for x, s in enumerate(col_share) if s >= RULE_ROW]
    return not (framed and len(ruled) >= 1)  # sides across and down: a box or a table's cell


def _line_shares(crop: Any, *, across: bool) -> list[float]:
    """The share of ink in each row (across) or column of a crop."""
    from PIL import Image

    w, h = crop.size
    size = (1, h) if across else (w, 1)
    return [v / 255.0 for v in crop.resize(size, Image.Resampling.BOX).tobytes()]
