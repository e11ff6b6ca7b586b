"""Text set light on a dark band (a form's section headings in white on a coloured bar), read from a page's picture.

Tesseract reads dark letters on a light ground; with `tessedit_do_invert=0` (ocr.PAGE_CONFIG: it halves the CPU)
it reads a white heading on a dark-blue bar as noise ("STED ENS KS ARNE ES" for "Kontaktperson vedr. aftalen") or
not at all, and a form whose parts are named only there loses its sections, its kind, and the values those
sections give their meaning. Such bands are found by their ink (a long run of the page that is dark even when
averaged over 8 x 8 pixels, as no line of printed letters is), cut out, made dark letters on white, stacked
into one picture and read by one more Tesseract run; their words take the place of what the page's reading
made of the band, only when they are read surer.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .page_types import OcrRead as Read
from .stacked import read_stacked

CELL = 8            # pixels averaged into one cell when looking for bands (at 300 dpi: under a letter's stroke run)
DARK = 110          # a cell this dark (grey 0-255) is ground, not letters: printed text averages far lighter
MIN_WIDTH = 12      # cells (96 px, 8 mm at 300 dpi): a band is as wide as a heading
MIN_HEIGHT = 2      # cells: a rule or a table's border is thinner
MAX_HEIGHT = 300    # pixels (25 mm at 300 dpi): taller is a picture or a scanner's dark edge, not a heading's bar
MAX_BANDS = 12      # bands of one page read again
EDGE = 128          # a row or column of the band's rim darker than this still belongs to the band


def find(page: Any) -> list[tuple[int, int, int, int]]:
    """The dark bands of a grey page picture: (x0, top, x1, bottom) in its pixels, at most MAX_BANDS."""
    from PIL import Image

    width, height = page.size
    small = page.resize((max(1, width // CELL), max(1, height // CELL)), Image.Resampling.BOX)
    cols, rows = small.size
    px = small.load()
    boxes: list[list[int]] = []  # [x0, x1, top, bottom] in cells
    for y in range(rows):
        x = 0
        while x < cols:
            if px[x, y] >= DARK:
                x += 1
                continue
            start = x
            while x < cols and px[x, y] < DARK:
                x += 1
            if x - start < MIN_WIDTH:
                continue
            # the run goes on a band of the row above (one band is found once, however its letters cut its runs)
            box = next((b for b in boxes if b[3] >= y and min(b[1], x) > max(b[0], start)), None)
            if box is None:
                boxes.append([start, x, y, y + 1])
            else:
                box[0], box[1], box[3] = min(box[0], start), max(box[1], x), y + 1
    found = [(b[0] * CELL, b[2] * CELL, b[1] * CELL, b[3] * CELL) for b in boxes
             if MIN_HEIGHT <= b[3] - b[2] and (b[3] - b[2]) * CELL <= MAX_HEIGHT]
    return [_rim(page, b) for b in found[:MAX_BANDS]]


def _rim(page: Any, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The band's box moved out to its true edges (the cells cut it to a multiple of CELL pixels): a rim left
    dark beside the inverted band reads as a rule or "|"."""
    from PIL import Image

    x0, top, x1, bottom = box
    width, height = page.size

    def means(crop: tuple[int, int, int, int], across: bool) -> list[int]:
        strip = page.crop(crop)
        size = (1, strip.size[1]) if across else (strip.size[0], 1)
        return list(strip.resize(size, Image.Resampling.BOX).tobytes())

    inner = (x0 + CELL, x1 - CELL) if x1 - x0 > 3 * CELL else (x0, x1)
    above = means((inner[0], max(0, top - CELL), inner[1], top + CELL), True)
    top = max(0, top - CELL) + next((i for i, v in enumerate(above) if v < EDGE), len(above))
    under = means((inner[0], bottom - CELL, inner[1], min(height, bottom + CELL)), True)
    bottom = bottom - CELL + max((i + 1 for i, v in enumerate(under) if v < EDGE), default=CELL)
    left = means((max(0, x0 - CELL), top, x0 + CELL, bottom), False)
    x0 = max(0, x0 - CELL) + next((i for i, v in enumerate(left) if v < EDGE), len(left))
    right = means((x1 - CELL, top, min(width, x1 + CELL), bottom), False)
    x1 = x1 - CELL + max((i + 1 for i, v in enumerate(right) if v < EDGE), default=CELL)
    return (x0, top, x1, bottom)


def light(band: Any) -> Any:
    """The band's letters dark on white: inverted, and its ground (the commonest grey) stretched to white."""
    histogram = band.histogram()
    ground = max(range(256), key=lambda v: histogram[v])
    scale = 255.0 / max(1, 255 - ground)
    return band.point(lambda v: min(255, int((255 - v) * scale)))


def read_bands(path: str, read: list[Read], reader: Callable[[str, float], list[Read]], wall_s: float) -> list[Read]:
    """The page's reading with each dark band's words read again from its crop, made dark on light, all bands
    stacked into one picture read by `reader` (a Tesseract run: the picture's path, its wall time). A band's
    words replace the page's words standing in it when their mean confidence is higher (or nothing stood
    there); otherwise the page's reading stands."""
    if wall_s < 1:
        return read
    from PIL import Image

    with Image.open(path) as picture:
        page = picture.convert("L")
    boxes = find(page)
    if not boxes:
        return read
    crops = [light(page.crop(b)) for b in boxes]
    gap = max(c.size[1] for c in crops)
    stacked = read_stacked(path, "-dark.png", "dark", crops, boxes, gap, reader, wall_s)
    if stacked is None:
        return read
    out = list(read)
    for box, words in zip(boxes, stacked, strict=True):
        inside = [r for r in out if _within(r, box)]
        if not words or (inside and _mean(inside) >= _mean(words)):
            continue
        at = next((k for k, r in enumerate(out) if _within(r, box) or r[4] > box[1]), len(out))
        rest = [r for r in out if not _within(r, box)]
        at = sum(1 for r in out[:at] if not _within(r, box))
        out = rest[:at] + words + rest[at:]
    return out


def _within(r: Read, box: tuple[int, int, int, int]) -> bool:
    """A word whose middle stands in the box."""
    x, y = (r[2] + r[3]) / 2, (r[4] + r[5]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _mean(words: list[Read]) -> float:
    return sum(w[6] for w in words) / len(words)
