"""Parts of a page Tesseract's page segmentation left out: ruled tables it took for pictures, read again.

A form's ruled table ("Navn | Lærke Kragh", "Mail | laerke@…", a contacts table, the networks) is often taken
by Tesseract's layout analysis for a picture and given no box at all: its labels and values are simply not in
the reading, and no doubtful line marks the place for the band re-read (ocr._bands). Such parts are found by
their ink: what is left of the page's ink once every word read is blanked, joined into regions (a table's rules
join its cells into one); a region as large as a few lines of text, with its rules made white (ocr._unruled), is
read again as one block of text, all regions stacked into one picture for one Tesseract run. Its words are added
only where no word of the page's reading stands, with their own confidence; the page stays read by OCR.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .ocr_words import better_as_value
from .page_types import OcrRead as Read
from .stacked import read_stacked

CELL = 8            # pixels a cell (at 300 dpi: under a millimetre)
INK = 128           # a grey value below this is ink
BRIDGE = 3          # cells of white a region reaches across (a table's cells are joined by its rules)
MIN_WIDTH = 160     # pixels (13 mm): a few words
MIN_HEIGHT = 40     # pixels: a line of 10 pt letters
MIN_INK_CELLS = 40  # cells of ink left in a region: a rule alone or a few specks is nothing to read
MAX_REGIONS = 6     # regions of one page read again
CLEAR = 65.0        # a part's words are taken only when read this surely on average (ocr.DOUBTFUL)
SURE = 40.0         # a word of the page's reading at least this sure stands (ocr.MIN_CONFIDENCE); less is noise


def regions(page: Any, read: list[Read]) -> list[tuple[int, int, int, int]]:
    """The parts of a grey page picture holding ink that no word of `read` covers, as large as text: (x0, top,
    x1, bottom) in pixels, at most MAX_REGIONS, the largest first."""
    from PIL import Image, ImageDraw

    ink = page.point(lambda v: 255 if v < INK else 0)
    draw = ImageDraw.Draw(ink)
    for r in read:
        if r[1] and r[6] >= SURE:
            draw.rectangle((int(r[2]) - 3, int(r[4]) - 3, int(r[3]) + 3, int(r[5]) + 3), fill=0)
    width, height = ink.size
    cells = ink.resize((max(1, width // CELL), max(1, height // CELL)), Image.Resampling.BOX)
    cols, rows = cells.size
    px: Any = cells.load()
    lit = bytearray(1 if px[x, y] > 24 else 0 for y in range(rows) for x in range(cols))
    seen = bytearray(cols * rows)
    found: list[tuple[int, tuple[int, int, int, int]]] = []
    for start in range(cols * rows):
        if not lit[start] or seen[start]:
            continue
        seen[start] = 1
        stack = [start]
        count = 0
        x0, y0, x1, y1 = cols, rows, 0, 0
        while stack:
            k = stack.pop()
            cy, cx = divmod(k, cols)
            count += 1
            x0, y0, x1, y1 = min(x0, cx), min(y0, cy), max(x1, cx), max(y1, cy)
            for dy in range(-BRIDGE, BRIDGE + 1):
                ny = cy + dy
                if not 0 <= ny < rows:
                    continue
                for dx in range(-BRIDGE, BRIDGE + 1):
                    nx = cx + dx
                    n = ny * cols + nx
                    if 0 <= nx < cols and lit[n] and not seen[n]:
                        seen[n] = 1
                        stack.append(n)
        box = (x0 * CELL, y0 * CELL, (x1 + 1) * CELL, (y1 + 1) * CELL)
        if count >= MIN_INK_CELLS and box[2] - box[0] >= MIN_WIDTH and box[3] - box[1] >= MIN_HEIGHT:
            found.append((count, box))
    found.sort(key=lambda f: -f[0])
    return [box for _, box in found[:MAX_REGIONS]]


def read_again(path: str, read: list[Read], reader: Callable[[str, float], list[Read]],
               unruled: Callable[[Any], Any], wall_s: float) -> list[Read]:
    """The page's reading with the words of the parts it skipped added (each part's words, line by line, before
    the first word of the reading that stands below the part's top); `reader` is one Tesseract run over a
    picture (psm 6), `unruled` makes a crop's rules white. The words already read are blanked in the crops:
    only what was skipped is read, and nothing twice."""
    if wall_s < 1:
        return read
    from PIL import Image, ImageDraw

    with Image.open(path) as picture:
        page = picture.convert("L")
    boxes = regions(page, read)
    if not boxes:
        return read
    blanked = page.copy()
    draw = ImageDraw.Draw(blanked)
    for r in read:
        if r[1] and r[6] >= SURE:
            draw.rectangle((int(r[2]) - 2, int(r[4]) - 2, int(r[3]) + 2, int(r[5]) + 2), fill=255)
    crops = [unruled(blanked.crop(b)) for b in boxes]
    gap = 40
    stacked = read_stacked(path, "-skipped.png", "skipped", crops, boxes, gap, reader, wall_s)
    if stacked is None:
        return read
    out = list(read)
    for box, words in zip(boxes, stacked, strict=True):
        # only words read surely: the second reading's own noise ("Km", "rype") neither stands nor displaces
        words = [w for w in words if w[6] >= SURE and not any(_overlap(w, r) for r in read if r[1] and r[6] >= SURE)]
        if not words or sum(w[6] for w in words) / len(words) < CLEAR:
            continue  # a part read as noise again ("TIL 10" for an address's rest): the page's reading stands
        # a word of the page's reading, however unsure, that shows a value's kind ("laerke@…" at 30, an "@" or
        # digits) stands against a re-read word over it that does not ("«NV" at 60): that word goes instead
        words = [w for w in words if all(better_as_value(r[1], w[1]) for r in read if r[1] and _overlap(w, r))]
        if not words:
            continue
        words.sort(key=lambda w: (w[0], w[2]))
        # what the page's reading made of the part below the cut ("faerkegbrkelund" "term" "pe") goes where a
        # surer word now stands; an unsure piece of an address the English re-read may still mend is otherwise kept
        out = [r for r in out if r[6] >= SURE or not any(_overlap(w, r) and w[6] > r[6] for w in words)]
        at = next((k for k, r in enumerate(out) if r[4] > box[1] and r[0][:1] != ("skipped",)), len(out))
        out[at:at] = words
    return out


def _overlap(a: Read, b: Read) -> bool:
    """Two words' boxes share more than a sliver."""
    w = min(a[3], b[3]) - max(a[2], b[2])
    h = min(a[5], b[5]) - max(a[4], b[4])
    return w > 0.3 * min(a[3] - a[2], b[3] - b[2]) and h > 0.3 * min(a[5] - a[4], b[5] - b[4])
