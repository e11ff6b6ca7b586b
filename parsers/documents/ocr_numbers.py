"""Four-figure numbers of a scan (a postcode, a CVR number's groups) read again from their own crops.

A page's reading misreads a figure of a short number set in a form's field now and then (a postcode "1072" in its
box read "4972", at 79: the field's box beside it; the address was then lost, or with another town a wrong one).
Each such word the page's reading is not sure of is cut out of the page twice, as it stands and twice as large,
and all crops are stacked into one picture for one more Tesseract run. The readings vote: what two of the three
(the page's and the crops') read alike stands; where they disagree with no two alike the word is left unsure
(below the confidence cut: not found, for staff), never guessed. A crop read as nothing has no vote.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from .page_types import OcrRead as Read

MAX_NUMBERS = 10    # words of one page read again
SURE = 90.0         # a number the page's reading is this sure of is not read again (a page read well costs no run)
PAD = 0.3           # of the word's height, around its crop
GAP = 40            # pixels of white between the crops on the stacked picture
NUMBER = re.compile(r"\d{4}")
_EDGES = re.compile(r"^[^\w]+|[^\w]+$")  # a rule or a speck the crop's edge added ("|1072")


def wanted(read: list[Read]) -> list[int]:
    """The indexes of the words read as a four-figure number less than surely, at most MAX_NUMBERS."""
    return [n for n, r in enumerate(read) if NUMBER.fullmatch(r[1]) and r[6] < SURE][:MAX_NUMBERS]


def read_again(path: str, read: list[Read], reader: Callable[[str, float], list[Read]], wall_s: float,
               unsure: float) -> list[Read]:
    """The page's reading with its four-figure numbers as the vote of three readings makes them (the module's
    docstring); `reader` is one Tesseract run over a picture (psm 6), `unsure` a confidence below the cut."""
    numbers = wanted(read)
    if not numbers or wall_s < 1:
        return read
    from PIL import Image

    crops: list[Any] = []
    with Image.open(path) as picture:
        page = picture.convert("L")
        for n in numbers:
            _, _, x0, x1, top, bottom, _ = read[n]
            pad = max(2, int(PAD * (bottom - top)))
            crop = page.crop((max(0, int(x0) - pad), max(0, int(top) - pad), int(x1) + pad, int(bottom) + pad))
            crops += [crop, crop.resize((crop.size[0] * 2, crop.size[1] * 2), Image.Resampling.LANCZOS)]
    sheet = Image.new("L", (max(c.size[0] for c in crops) + 2 * GAP, sum(c.size[1] + GAP for c in crops) + GAP), 255)
    bands: list[tuple[int, int]] = []
    y = GAP
    for crop in crops:
        sheet.paste(crop, (GAP, y))
        bands.append((y, y + crop.size[1]))
        y += crop.size[1] + GAP
    sheet_path = path[:-4] + "-numbers.png"
    sheet.save(sheet_path, format="PNG")
    try:
        seen = reader(sheet_path, wall_s)
    except Exception:  # noqa: BLE001 - the page's own reading stands
        return read
    texts = [_EDGES.sub("", "".join(s[1] for s in sorted(seen, key=lambda s: s[2]) if y0 <= (s[4] + s[5]) / 2 < y1))
             for y0, y1 in bands]
    out = list(read)
    for k, n in enumerate(numbers):
        out[n] = voted(read[n], texts[2 * k: 2 * k + 2], unsure)
    return out


def voted(word: Read, again: list[str], unsure: float) -> Read:
    """The word as the readings' vote makes it: the page's reading and those of its crops (`again`; an empty
    one abstains). What all read alike, or two of three, stands where it is a four-figure number; else the word is
    made `unsure`."""
    votes = Counter([word[1], *(t for t in again if t)])
    text, count = votes.most_common(1)[0]
    if len(votes) == 1:
        return word
    if count >= 2 and list(votes.values()).count(count) == 1 and NUMBER.fullmatch(text):
        return (word[0], text, *word[2:])
    return (*word[:6], min(word[6], unsure))
