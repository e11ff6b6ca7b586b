"""A text layer whose glyphs lie but whose boxes are right, read with the letters OCR sees in the picture.

`mutool convert` (and other re-encoders) drop or garble a font's Unicode map: the layer says "\\x01\\x02\\x03"
or "áblehùj" where the page shows "Æblehøj", but every glyph still stands where it is drawn, in its font and
size. A font's glyph is one letter wherever it stands, so the layer is a substitution cipher: the page's
OCR, laid over the glyphs, votes for each glyph's letter (all its instances on the page), and the layer is
decoded with the letters most votes give. The page keeps the layer's layout (labels, cells, columns, bold
headings, tick boxes by position), which the form reader relies on and OCR's own page segmentation loses,
and a letter OCR misreads in one word is outvoted by its other instances (a name's "rn" read "m" once).

A layer's fonts are the document's (mutool convert numbers a font's glyphs as they first appear in it): a later
page set in glyphs a page OCR read has decoded keeps their letters, and only its lines holding new glyphs are
read by OCR (`known`, `read_new_lines`), each glyph checked to be as wide for its size as it was there.

Used only on evidence: the glyphs' boxes are regular (sizes, widths and places a text layer has) and the
decoded layer agrees with OCR on most well-read words; otherwise the page is read by OCR alone, as before.
The page stays a page read by OCR (`uncertain` for staff)."""
from __future__ import annotations

import difflib
import logging
import os
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from . import ocr
from .glyphs import ligature_letters, unmapped
from .page_types import PdfChar, Word

RESOLUTION = 300    # dpi of the page's picture
AGREE = 0.6         # share of well-read OCR words the decoded layer must spell alike
WELL_READ = 70.0    # an OCR word this sure (0-100) is one the decoded layer is checked against
MIN_WORDS = 5       # fewer well-read words than this: no evidence either way, the page is read by OCR alone
WEAK_LINE = 0.1     # share of a line's glyphs with a weak reading that has the line read again
MAX_LINES = 40      # lines of the layer read again from their crops (headings set light on dark)
BLANK_SHARE = 0.6   # share of a glyph's instances drawing no ink that makes it a space
AT_WEIGHT = 3.0     # an "@" OCR saw (the English re-read of an address) outweighs Danish readings of it as "æ"

Key = tuple[str, str]  # a glyph: its font and the layer's (lying) text for it

log = logging.getLogger(__name__)


def regular(chars: list[PdfChar], width: float, height: float) -> bool:
    """Glyph boxes a text layer has: upright, inside the page, of a readable size, each as wide as a glyph can
    be for its size (a layer whose boxes are nonsense cannot lend its layout)."""
    if len(chars) < 20:
        return False
    odd = 0
    for c in chars:
        size = float(c["size"] or 0)
        w = c["x1"] - c["x0"]
        if (not c["upright"] or not 3 <= size <= 72 or c["x0"] < -1 or c["x1"] > width + 1 or c["top"] < -1
                or c["bottom"] > height + 1 or not 0 <= w <= 2.5 * size):
            odd += 1
    return odd <= 0.02 * len(chars)


def read_layer(page: Any, chars: list[PdfChar],
               timeout_s: float) -> tuple[list[PdfChar] | None, list[Word], float] | None:
    """The page read by OCR: (the layer's glyphs with the letters OCR sees, when the layer can be read so;
    OCR's own words; their mean confidence 0..1), None when OCR failed or read nothing. The layer is not used
    when its boxes are not regular or its decoding does not agree with OCR."""
    began = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="mailbot-ocr-") as tmp:
            path = os.path.join(tmp, "page.png")
            ocr._picture(page, RESOLUTION).save(path, format="PNG")
            read = ocr.read_picture(path, timeout_s, bands=False)
            plain = ocr.as_words(read) if read else None
            if read is None or plain is None:
                return None
            if not regular(chars, float(page.width), float(page.height)):
                return None, *plain
            scale = 72.0 / RESOLUTION
            seen = [(r[0], r[1], r[2] * scale, r[3] * scale, r[4] * scale, r[5] * scale, r[6]) for r in read]
            votes, groups = _votes(chars, seen)
            left = timeout_s - (time.monotonic() - began)
            lines = _undecoded_lines(chars, votes)
            try:
                again = _lines_read(path, chars, lines, left) if lines and left > 1 else []
            except Exception as exc:  # OCR's time or memory cap: the page's own reading stands
                log.info("OCR of a lying layer's lines failed (%s)", type(exc).__name__)
                again = []
            for key, counter in _votes(chars, again)[0].items():
                for text, weight in counter.items():
                    votes[key][text] += weight
            blank = _blank_glyphs(path, chars)
            for key in blank:  # a glyph that draws no ink is a space, whatever OCR's words laid over it say
                votes[key] = defaultdict(float, {" ": 1.0})
            decoded = decode(chars, seen, votes, groups, path)
    except Exception as exc:  # a page the renderer refuses, OCR's time or memory cap
        log.info("OCR of a page's lying text layer failed (%s)", type(exc).__name__)
        return None
    return (decoded, *plain) if decoded is not None else (None, *plain)


Votes = dict[Key, dict[str, float]]
Learnt = dict[Key, tuple[str, float]]
PRIOR = 5.0         # weight of a letter an earlier page decoded, in sure readings
UNKNOWN = 0.3       # share of a page's glyphs not decoded before above which the page is read whole
SAME_WIDTH = 0.02   # a glyph's width per point of size on another page may differ this much (rounding)


def read_new_lines(page: Any, chars: list[PdfChar], letters: Learnt,
                   timeout_s: float) -> list[PdfChar] | None:
    """A page of the layer in fonts earlier pages decoded, most of its glyphs among theirs: only its lines
    holding a glyph not decoded yet are read by OCR (their crops, one Tesseract run), and their glyphs take
    the letters OCR sees there; the others keep the letters they had. None when the page is not so (a glyph
    of another width, many new ones) or its lines' reading does not agree with the letters: it is read whole."""
    prior: dict[Key, str] = {}
    new = 0
    for c in chars:
        seen = letters.get(_key(c))
        if seen is None:
            new += 1
        elif abs(_width(c) - seen[1]) > SAME_WIDTH * max(seen[1], 0.1):
            return None
        else:
            prior[_key(c)] = seen[0]
    if new > UNKNOWN * len(chars) or not regular(chars, float(page.width), float(page.height)):
        return None
    began = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="mailbot-ocr-") as tmp:
            path = os.path.join(tmp, "page.png")
            ocr._picture(page, RESOLUTION).save(path, format="PNG")
            lines = _undecoded_lines(chars, {key: {letter: PRIOR} for key, letter in prior.items()})
            left = timeout_s - (time.monotonic() - began)
            again = _lines_read(path, chars, lines, left) if lines and left > 1 else []
            blank = _blank_glyphs(path, chars)
            votes, groups = _votes(chars, again, prior)
            for key in blank - set(prior):
                votes[key] = defaultdict(float, {" ": 1.0})
            table = _one_letter_each(_decided(votes), votes)
            table = checked_marks(path, chars, table, set(table) - set(prior))
            table.update(prior)
    except Exception as exc:  # a page the renderer refuses, OCR's time or memory cap
        log.info("OCR of a lying layer's new lines failed (%s)", type(exc).__name__)
        return None
    if any(_key(c) not in table for c in chars if c["x1"] > c["x0"]):
        return None  # a new glyph its line's reading left undecoded (OCR's time, a crop it could not read)
    out: list[PdfChar] = []
    for c in chars:
        glyph = c.copy()
        glyph["text"] = table.get(_key(c)) or ""
        out.append(glyph)
    words = [s for s in again if s[1] not in ("☐", "☒")]
    checked = [n for n, _ in groups.items() if words[n][6] >= WELL_READ and len(_PUNCT.sub("", words[n][1])) >= 3]
    if checked and not _agrees(out, groups, words, need=1):
        return None
    return out


def _width(c: PdfChar) -> float:
    return (c["x1"] - c["x0"]) / max(0.1, float(c["size"] or 0))


def learnt(lying: list[PdfChar], decoded: list[PdfChar]) -> Learnt:
    """What a page OCR read taught of the layer's glyphs: each glyph's letters and width, where every instance
    of it was decoded alike (a tick box OCR found in one place and not another is no letter to carry on)."""
    out: Learnt = {}
    mixed: set[Key] = set()
    for c, d in zip(lying, decoded, strict=True):
        key = _key(c)
        if key in out and out[key][0] != d["text"]:
            mixed.add(key)
        out.setdefault(key, (d["text"], _width(c)))
    # a glyph of ink the page left undecoded is not known to be nothing: a later page's OCR reads it
    return {key: v for key, v in out.items() if key not in mixed and (v[0] or v[1] <= 0)}


def remember(letters: Learnt, page: Learnt) -> None:
    """Add what a page taught to what earlier pages did; a glyph two pages decoded differently is known to
    neither (its width is set to none a glyph has, so `known` refuses a page holding it)."""
    for key, (text, width) in page.items():
        if key in letters and letters[key][0] != text:
            letters[key] = ("", -1.0)
        else:
            letters.setdefault(key, (text, width))


def known(chars: list[PdfChar], letters: Learnt) -> list[PdfChar] | None:
    """A page of the layer decoded with the letters earlier pages of the document taught, without OCR: only
    when every glyph on it was decoded there and is as wide for its size as it was there (the same font, not
    one of the same name whose codes stand for other glyphs); else None, and the page is read by OCR."""
    out: list[PdfChar] = []
    for c in chars:
        seen = letters.get(_key(c))
        if seen is None or abs(_width(c) - seen[1]) > SAME_WIDTH * max(seen[1], 0.1):
            return None
        glyph = c.copy()
        glyph["text"] = seen[0]
        out.append(glyph)
    return out


def _votes(chars: list[PdfChar], seen: list[ocr.Read],
           prior: dict[Key, str] | None = None) -> tuple[Votes, dict[int, list[int]]]:
    """Each glyph's letters as OCR's words (in page points) laid over the layer read them, weighed by their
    confidence (with `prior`, the letters earlier pages decoded, as many sure readings); and the glyphs of
    each OCR word."""
    words = [s for s in seen if s[1] not in ("☐", "☒")]
    groups = _groups(chars, words)
    votes: Votes = defaultdict(lambda: defaultdict(float))
    for key, letter in (prior or {}).items():
        votes[key][letter] += PRIOR
    unsure: list[tuple[list[int], ocr.Read]] = []
    for n, members in groups.items():
        word = words[n]
        if len(members) == len(word[1]):
            for k, ch in zip(members, word[1], strict=True):
                votes[_key(chars[k])][ch] += _weight(ch, word[6])
        else:
            unsure.append((members, word))
    inside = {k for members in groups.values() for k in members}
    for k in _between(chars, words, inside):
        votes[_key(chars[k])][" "] += 0.5
    # a word whose glyph count is not its OCR letter count (a ligature, a letter OCR dropped or split): its
    # known glyphs align it, and each unknown glyph takes what OCR read in its place
    table = _decided(votes)
    for members, word in unsure:
        spelt = _spelt(chars, members, word[1], table)
        for k, text in spelt if spelt is not None else _aligned(chars, members, word[1], table):
            votes[_key(chars[k])][text] += _weight(text, word[6])
    return votes, groups


def _spelt(chars: list[PdfChar], members: list[int], text: str,
           table: dict[Key, str]) -> list[tuple[int, str]] | None:
    """(glyph, its letters) for the glyphs of one word not yet decoded, when the word's glyphs spell OCR's
    letters in one way only, each glyph one letter or the letters of one of Unicode's ligatures and each
    decoded glyph its own letters: a script signature "Sofie" of glyphs S, o, fi, e none of which the page
    decoded elsewhere. None when there is no such way or more than one."""
    known = [table.get(_key(chars[k])) for k in members]
    if all(t is not None for t in known) or len(text) > 3 * len(members) or len(members) > 60:
        return None
    pieces = (1, *sorted({len(lig) for lig in ligature_letters()}))
    ligatures = ligature_letters()
    # ways[i][j]: in how many ways (0, 1, or 2 for more) glyphs i.. spell text j..
    ways = [[0] * (len(text) + 1) for _ in range(len(members) + 1)]
    ways[len(members)][len(text)] = 1
    for i in range(len(members) - 1, -1, -1):
        for j in range(len(text) - 1, -1, -1):
            n = 0
            for size in pieces:
                piece = text[j:j + size]
                if len(piece) == size and (size == 1 or piece in ligatures) and known[i] in (None, piece):
                    n += ways[i + 1][j + size]
            ways[i][j] = min(n, 2)
    if ways[0][0] != 1:
        return None
    out: list[tuple[int, str]] = []
    j = 0
    for i, k in enumerate(members):
        size = next(size for size in pieces if ways[i + 1][min(len(text), j + size)] == 1 and len(text[j:j + size])
                    == size and (size == 1 or text[j:j + size] in ligatures) and known[i] in (None, text[j:j + size]))
        if known[i] is None:
            out.append((k, text[j:j + size]))
        j += size
    return out


def decode(chars: list[PdfChar], seen: list[ocr.Read], votes: Votes,
           groups: dict[int, list[int]], path: str | None = None) -> list[PdfChar] | None:
    """The glyphs decoded with the letters most votes give (a tick box OCR found by its ink stays the box);
    None when the decoding does not agree with what OCR read surely."""
    marks = [s for s in seen if s[1] in ("☐", "☒")]
    words = [s for s in seen if s[1] not in ("☐", "☒")]
    table = _one_letter_each(_decided(votes), votes)
    table.update(dict.fromkeys(_at_signs(chars, table), "@"))
    if path is not None:  # the page's picture: a letter's diaeresis, which Danish OCR does not read, by its ink
        table = checked_marks(path, chars, table)
    out: list[PdfChar] = []
    for c in chars:
        glyph = c.copy()
        glyph["text"] = table.get(_key(c)) or ""
        out.append(glyph)
    for k, c in enumerate(out):
        width = c["x1"] - c["x0"]
        mark = next((m[1] for m in marks if _inside(c, m) and 0.6 <= width / max(0.1, m[3] - m[2]) <= 1.6), None)
        # a box is one glyph of about its size, standing alone: not a letter of a word (a heading set light on
        # a coloured band may look like a box to the ink)
        if mark is not None and not any(_touching(c, out[j]) for j in (k - 1, k + 1) if 0 <= j < len(out)):
            c["text"] = mark
    if not _agrees(out, groups, words):
        return None
    return out


_LOCAL = re.compile(r"[A-Za-z0-9._+-]*[A-Za-z0-9]")
# a domain, or one cut at a hyphen or dot where its table cell wraps it ("bjarke@aalund-" over "sundhed.example")
_DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*(\.[A-Za-z]{2,}|[-.])")


def _at_signs(chars: list[PdfChar], table: dict[Key, str]) -> set[Key]:
    """Glyphs that are an address's "@" whatever Danish OCR read them as ("e", "æ", "&", "Q"): a glyph that
    stands only between an address's local part and its domain ("dorthe.pape?tornby-it.example"), never
    anywhere else (the "e" or "æ" of a word is no "@"), and in each such address the glyph that stands so in
    the most of them (a letter found only in one address's local part is not its "@"); the English re-read of
    an address is not always there."""
    tokens: list[list[int]] = [[]]
    for k, c in enumerate(chars):
        text = table.get(_key(c))
        last = chars[tokens[-1][-1]] if tokens[-1] else None
        if not text or text.isspace() or (last is not None and (  # a new line, or a new cell of this one
                abs(last["top"] - c["top"]) > 2 or abs(c["x0"] - last["x1"]) > 0.3 * float(c["size"] or 1))):
            tokens.append([])
        if text and not text.isspace():
            tokens[-1].append(k)
    places: list[set[Key]] = []  # per address-like word: the glyphs that could be its "@"
    elsewhere: set[Key] = set()
    for token in tokens:
        letters = [table[_key(chars[k])] for k in token]
        if any(len(t) != 1 for t in letters):
            continue
        text = "".join(letters)
        lead = len(text) - len(text.lstrip("([<\"'"))
        core = text[lead:].rstrip(")]>\"',;:.")
        could = {_key(chars[token[lead + i]]) for i in range(1, len(core) - 1)
                 if "@" not in core and core[i] not in "._+-" and _LOCAL.fullmatch(core[:i])
                 and _DOMAIN.fullmatch(core[i + 1:])}
        if could:
            places.append(could)
        elsewhere.update(_key(chars[k]) for k in token if _key(chars[k]) not in could)
    counts: dict[Key, int] = defaultdict(int)
    for could in places:
        for key in could - elsewhere:
            counts[key] += 1
    found: set[Key] = set()
    for could in places:
        ranked = sorted(((counts[key], key) for key in could - elsewhere), reverse=True)
        # a glyph read as a letter of ASCII is an "@" only when it stands so in two addresses or more (one word
        # "sundhed.example" alone has its "h" between two possible halves)
        if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]) and (
                ranked[0][0] >= 2 or not (table[ranked[0][1]].isascii() and table[ranked[0][1]].isalnum())):
            found.add(ranked[0][1])
    return found


def _touching(c: PdfChar, other: PdfChar) -> bool:
    """Another glyph of a word beside this one on its line: a letter (not a space) closer than a space."""
    size = max(1.0, c["bottom"] - c["top"])
    return (other["text"].strip() != "" and abs(other["top"] - c["top"]) < 0.3 * size
            and min(abs(other["x0"] - c["x1"]), abs(c["x0"] - other["x1"])) < 0.1 * size)


def _blank_glyphs(path: str, chars: list[PdfChar]) -> set[Key]:
    """Glyphs that draw no ink in the page's picture: spaces (a space under an OCR word read "MadsFynbo" took a
    letter, "MadsMFynbo"). A glyph's shape is the same wherever it stands, so it is blank when most of its
    instances show no ink: the ink some show is another's (an underline, a rule the line stands on, a script
    letter's swash reaching over), and a space that took a letter there was a letter on the whole page
    ("fSofiefKragh")."""
    from PIL import Image

    px = RESOLUTION / 72.0
    counts: dict[Key, list[int]] = defaultdict(lambda: [0, 0])  # instances with ink, without
    with Image.open(path) as picture:
        page = picture.convert("L")
        for c in chars:
            count = counts[_key(c)]
            if count[0] + count[1] >= 40:  # enough instances to tell
                continue
            box = (int(c["x0"] * px) + 1, int(c["top"] * px) + 1, int(c["x1"] * px) - 1, int(c["bottom"] * px) - 1)
            if box[2] <= box[0] or box[3] <= box[1]:
                count[1] += 1
                continue
            histogram = page.crop(box).histogram()
            count[0 if sum(histogram[:128]) > 0.01 * sum(histogram) else 1] += 1
    return {key for key, (ink, none) in counts.items() if none > BLANK_SHARE * (ink + none)}


def _undecoded_lines(chars: list[PdfChar], votes: Votes) -> list[list[int]]:
    """The layer's lines (glyph indexes) holding a glyph with no letter yet, or many with only a weak one (less
    than one sure reading: a heading set light on dark, read as a few unsure letters and gaps), at most
    MAX_LINES (one weak glyph in a line of text is not worth its CPU)."""
    table = _decided(votes)
    weak = {key for key, counter in votes.items() if sum(counter.values()) < 1.0}
    rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, c in enumerate(chars):
        rows[(round(c["top"]), round(c["bottom"]))].append(k)
    lines = []
    for ks in rows.values():
        inked = [_key(chars[k]) for k in ks if chars[k]["x1"] > chars[k]["x0"]]
        if any(key not in table for key in inked) or sum(key in weak for key in inked) > WEAK_LINE * len(inked):
            lines.append(ks)
    return lines[:MAX_LINES]


def _lines_read(path: str, chars: list[PdfChar], lines: list[list[int]], wall_s: float) -> list[ocr.Read]:
    """OCR's words of the layer's lines cut from the page's picture, in page points: each line one crop, light
    on dark made dark on light (a heading set white on a coloured band, which Tesseract does not read on the
    page), all crops stacked into one picture read by one Tesseract (a line of text: psm 6)."""
    from PIL import Image, ImageOps

    lang = ocr.languages()
    if lang is None:
        return []
    px = RESOLUTION / 72.0
    crops: list[tuple[Any, int, int]] = []
    with Image.open(path) as picture:
        page = picture.convert("L")
        for ks in lines:
            x0, x1 = min(chars[k]["x0"] for k in ks), max(chars[k]["x1"] for k in ks)
            top, bottom = min(chars[k]["top"] for k in ks), max(chars[k]["bottom"] for k in ks)
            pad = int(0.2 * (bottom - top) * px) + 2
            box = (max(0, int(x0 * px) - pad), max(0, int(top * px) - pad), min(page.size[0], int(x1 * px) + pad),
                   min(page.size[1], int(bottom * px) + pad))
            if box[2] - box[0] < 8 or box[3] - box[1] < 8:
                continue
            crop = page.crop(box)
            histogram = crop.histogram()
            if sum(v * n for v, n in enumerate(histogram)) / max(1, sum(histogram)) < 128:
                crop = ImageOps.invert(crop)
            crops.append((crop, box[0], box[1]))
    if not crops:
        return []
    gap = min(60, max(c.size[1] for c, _, _ in crops))  # apart enough to be lines of their own, and no more
    sheet = Image.new("L", (max(c.size[0] for c, _, _ in crops) + 2 * gap,
                            sum(c.size[1] + gap for c, _, _ in crops) + gap), 255)
    places: list[tuple[int, int, int, int]] = []  # the crop's band on the sheet, and its shift to the page
    y = gap
    for crop, left, upper in crops:
        sheet.paste(crop, (gap, y))
        places.append((y, y + crop.size[1], left - gap, upper - y))
        y += crop.size[1] + gap
    sheet_path = path[:-4] + "-lines.png"
    sheet.save(sheet_path, format="PNG")
    out: list[ocr.Read] = []
    for s in ocr.tesseract(sheet_path, lang, ocr.CROP_CONFIG, wall_s):
        middle = (s[4] + s[5]) / 2
        place = next((p for p in places if p[0] <= middle <= p[1]), None)
        if place is None:
            continue
        dx, dy = place[2], place[3]
        out.append((("line", place[0], *s[0]), s[1], (s[2] + dx) / px, (s[3] + dx) / px, (s[4] + dy) / px,
                    (s[5] + dy) / px, s[6]))
    return out


def _key(c: PdfChar) -> Key:
    return (c["fontname"], c["text"])


def _weight(text: str, conf: float) -> float:
    """A vote's weight: the word's confidence (a word Tesseract barely read counts little)."""
    return max(0.05, conf / 100.0) * (AT_WEIGHT if text == "@" else 1.0)


def _decided(votes: dict[Key, dict[str, float]]) -> dict[Key, str]:
    """Each glyph's letter: the one most of its votes give, when more than a third of them do. A glyph OCR read
    as a letter in words is no space, however often it stands where OCR read nothing (dotted leaders)."""
    table: dict[Key, str] = {}
    for key, counter in votes.items():
        if sum(w for t, w in counter.items() if t != " ") >= 1.0:
            counter = {t: w for t, w in counter.items() if t != " "}
        letter, weight = max(counter.items(), key=lambda kv: kv[1])
        if weight > sum(counter.values()) / 3:
            table[key] = letter
    return table


def _one_letter_each(table: dict[Key, str], votes: Votes) -> dict[Key, str]:
    """Two glyphs of one font are two letters: where OCR's votes gave two glyphs one letter (Danish OCR reads
    the "ö" of "Bergström" as "o" or "å", which other glyphs of the font are), the glyph with far fewer votes
    for it takes the letter OCR read next most often there and no glyph of the font has, if OCR read one."""
    holders: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key, letter in table.items():
        if letter.strip():
            holders[(key[0], letter)].append(key)
    taken = {(key[0], letter) for key, letter in table.items()}
    out = dict(table)
    for (font, letter), keys in holders.items():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: votes[k][letter], reverse=True)
        for key in keys[1:]:
            if votes[keys[0]][letter] < 2 * votes[key][letter]:
                continue  # no glyph clearly holds the letter: each keeps what it was read as
            others = sorted(((w, t) for t, w in votes[key].items() if t.strip() and (font, t) not in taken),
                            reverse=True)
            if others:
                out[key] = others[0][1]
                taken.add((font, others[0][1]))
    return out


def _middle(c: PdfChar) -> tuple[float, float]:
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def _inside(c: PdfChar, w: ocr.Read) -> bool:
    """The glyph's middle lies in OCR's box of a word (a glyph's box runs from ascender to descender, OCR's
    only round the ink: its middle is what they share)."""
    x, y = _middle(c)
    pad = 0.15 * max(1.0, c["bottom"] - c["top"])
    return w[2] - 0.5 <= x <= w[3] + 0.5 and w[4] - pad <= y <= w[5] + pad


def _groups(chars: list[PdfChar], words: list[ocr.Read]) -> dict[int, list[int]]:
    """OCR word index: the glyphs (index, left to right) whose middle lies in its box; a glyph in two boxes
    belongs to none."""
    rows: dict[int, list[int]] = defaultdict(list)
    for n, w in enumerate(words):
        rows[int(w[4] // 20)].append(n)
    groups: dict[int, list[int]] = defaultdict(list)
    for k, c in enumerate(chars):
        if c["x1"] - c["x0"] <= 0:
            continue
        y = _middle(c)[1]
        band = int(y // 20)
        near = [n for b in (band - 1, band, band + 1) for n in rows.get(b, ()) if _inside(c, words[n])]
        if len(near) == 1:
            groups[near[0]].append(k)
    for members in groups.values():
        members.sort(key=lambda k: chars[k]["x0"])
    return groups


def _between(chars: list[PdfChar], words: list[ocr.Read], inside: set[int]) -> list[int]:
    """Glyphs standing between two OCR words of one line and in neither: the spaces between them."""
    lines: dict[tuple[Any, ...], list[ocr.Read]] = defaultdict(list)
    for w in words:
        lines[w[0]].append(w)
    gaps: list[tuple[float, float, float, float]] = []
    for ws in lines.values():
        ws.sort(key=lambda w: w[2])
        for a, b in zip(ws, ws[1:], strict=False):
            if b[2] > a[3]:
                gaps.append((a[3], b[2], min(a[4], b[4]), max(a[5], b[5])))
    out = []
    for k, c in enumerate(chars):
        if k in inside:
            continue
        x, y = _middle(c)
        if any(x0 - 0.5 <= x <= x1 + 0.5 and top <= y <= bottom for x0, x1, top, bottom in gaps):
            out.append(k)
    return out


def _aligned(chars: list[PdfChar], members: list[int], text: str, table: dict[Key, str]) -> list[tuple[int, str]]:
    """(glyph, what OCR read in its place) for the glyphs of one word not yet decoded, aligned by the glyphs
    that are: a lone unknown glyph takes the one to three letters opposite it (a ligature "fi", "ffi")."""
    known = [table.get(_key(chars[k])) for k in members]
    if all(t is not None for t in known) or sum(t is None for t in known) > 3:
        return []
    layer = "".join(t if t is not None and len(t) == 1 else "\x00" for t in known)
    out: list[tuple[int, str]] = []
    for op, i0, i1, j0, j1 in difflib.SequenceMatcher(None, layer, text, autojunk=False).get_opcodes():
        if op != "replace" or any(known[i] is not None for i in range(i0, i1)):
            continue
        if i1 - i0 == j1 - j0:
            out += [(members[i], text[j0 + i - i0]) for i in range(i0, i1)]
        elif i1 - i0 == 1 and 2 <= j1 - j0 <= 3:
            out.append((members[i0], text[j0:j1]))
    return out


_PUNCT = re.compile(r"^[^\w@]+|[^\w@]+$")


def _agrees(out: list[PdfChar], groups: dict[int, list[int]], words: list[ocr.Read], need: int = MIN_WORDS) -> bool:
    """The decoded layer spells most words OCR read surely as OCR does (its letters being the majority of OCR's
    own readings, a word may differ where OCR slipped: it is the layer that is believed there)."""
    checked = agree = 0
    for n, members in groups.items():
        word = words[n]
        if word[6] < WELL_READ or len(_PUNCT.sub("", word[1])) < 3:
            continue
        checked += 1
        decoded = "".join(out[k]["text"] for k in members)
        agree += _marks_folded(_PUNCT.sub("", decoded)) == _marks_folded(_PUNCT.sub("", word[1]))
    return checked >= need and agree >= AGREE * checked


_SLASHED = str.maketrans("øØ", "oO")


def _marks_folded(text: str) -> str:
    """A word without its letters' marks ("Bergström", "Bergstråm" -> "Bergstrom"): the layer's letter whose
    diaeresis its ink shows (`checked_marks`) agrees with the letter Danish OCR reads for it."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).translate(_SLASHED)


def decode_unmapped(page: Any, chars: list[PdfChar], timeout_s: float,
                    unknown: Callable[[str], bool] = unmapped) -> list[PdfChar] | None:
    """A text layer whose glyphs decode but for a few (`unknown`: unmapped, or a letter the page's language has
    not): those few take the letters OCR sees in their lines (`read_new_lines`, the page's own decoded glyphs
    as the letters known), the others keep their own text. None when there are none, or OCR cannot decode them
    all and in agreement with the layer."""
    letters: Learnt = {}
    in_words: set[Key] = set()
    for k, c in enumerate(chars):
        if c["text"] and not unknown(c["text"]):
            letters.setdefault(_key(c), (c["text"], _width(c)))
        elif any(_touching(c, chars[j]) for j in (k - 1, k + 1) if 0 <= j < len(chars)):
            in_words.add(_key(c))
    # a glyph that never stands in a word keeps its code: alone among options it may be a check box, which
    # OCR reads as a letter ("O") or not at all; the form reader judges such signs by their place
    for c in chars:
        if _key(c) not in letters and _key(c) not in in_words:
            letters[_key(c)] = (c["text"], _width(c))
    if len(letters) == len({_key(c) for c in chars}):
        return None
    return read_new_lines(page, chars, letters, timeout_s)


# ---------------------------------------------------------------- a letter's marks, by the glyph's own ink
DIAERESIS = "\u0308"
SPECK = 6           # pixels (at RESOLUTION) of ink below which a piece is a speck, not a mark
MAX_LOOKS = 5       # instances of a glyph whose ink is looked at


def _pieces(picture: Any, c: PdfChar) -> list[set[tuple[int, int]]]:
    """The separate pieces of ink in a glyph's box ("o" 1, "å" 2, "ö" 3), specks left out, each its pixels; its
    neighbours' ink trimmed off by a pixel each side, light on dark taken as dark on light."""
    px = RESOLUTION / 72.0
    box = (int(c["x0"] * px) + 1, int(c["top"] * px), int(c["x1"] * px) - 1, int(c["bottom"] * px))
    if box[2] - box[0] < 3 or box[3] - box[1] < 3:
        return []
    crop = picture.crop(box)
    width, height = crop.size
    data = crop.tobytes()
    dark = {(x, y) for y in range(height) for x in range(width) if data[y * width + x] < 128}
    # a letter set light on a dark band: its ink is the light
    ink = dark if 2 * len(dark) < width * height else {(x, y) for y in range(height) for x in range(width)} - dark
    pieces = []
    while ink:
        todo = [ink.pop()]
        piece = set(todo)
        while todo:
            x, y = todo.pop()
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1), (x + 1, y + 1), (x - 1, y - 1),
                         (x + 1, y - 1), (x - 1, y + 1)):
                if near in ink:
                    ink.remove(near)
                    todo.append(near)
                    piece.add(near)
        if len(piece) >= SPECK:
            pieces.append(piece)
    return pieces


BODY = 16  # a letter's body (its largest piece of ink) is compared with others' at this many pixels a side


def _body(pieces: list[set[tuple[int, int]]]) -> list[bool]:
    """The largest piece of a glyph's ink (the letter without its marks) drawn into BODY x BODY cells."""
    piece = max(pieces, key=len)
    xs, ys = [x for x, _ in piece], [y for _, y in piece]
    x0, y0, w, h = min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    cells = [False] * (BODY * BODY)
    for x, y in piece:
        cells[(y - y0) * BODY // h * BODY + (x - x0) * BODY // w] = True
    return cells


def _base_by_body(body: list[bool], bases: dict[str, list[bool]]) -> str | None:
    """The base letter ("a", "o", "u") whose body the glyph's is most like, when one is clearly more alike."""
    ranked = sorted((sum(a != b for a, b in zip(body, other, strict=True)), letter) for letter, other in bases.items())
    if not ranked or (len(ranked) > 1 and ranked[0][0] * 1.5 > ranked[1][0]):
        return None
    return ranked[0][1]


def _with_diaeresis(base: str) -> str | None:
    """The letter with a diaeresis over a base Danish OCR reads for it (a, o, u: "ä", "ö", "ü")."""
    if base not in ("a", "o", "u", "A", "O", "U"):
        return None
    composed = unicodedata.normalize("NFC", base + DIAERESIS)
    return composed if len(composed) == 1 else None


def _base_of(letter: str) -> str:
    """The letter a decoded letter is drawn over ("å" "a", "ø" "o")."""
    return unicodedata.normalize("NFD", letter)[:1].translate(_SLASHED)


def checked_marks(path: str, chars: list[PdfChar], table: dict[Key, str],
                  only: set[Key] | None = None) -> dict[Key, str]:
    """Each glyph decoded as a letter of the bases a, o, u ("a", "å", "o", "ø", "u" and their capitals) whose ink
    is in three pieces takes the diaeresis its ink shows: Danish OCR has no "ö", "ä" or "ü" and reads them "o",
    "å", "u" ("Bergstråm", "Molle"), but a letter and two dots are three pieces of ink, a ring's "å" two, "o" and
    "ø" one. The base is the one whose body (the largest piece) is most like the glyph's, among the font's glyphs
    decoded as a plain "a", "o", "u" (OCR's "å" for "ö"), OCR's own base among them; else nothing changes. Only
    where every instance looked at shows three pieces (a neighbour's ink in the box would not); `only`: the glyphs
    to look at (the others' letters come from the layer itself)."""
    from PIL import Image

    wanted = {key for key, letter in table.items() if len(letter) == 1 and (only is None or key in only)
              and _with_diaeresis(_base_of(letter)) and _with_diaeresis(_base_of(letter)) != letter}
    if not wanted:
        return table
    plain = {key: letter for key, letter in table.items() if letter in ("a", "o", "u", "A", "O", "U")}
    seen: dict[Key, list[list[set[tuple[int, int]]]]] = defaultdict(list)
    try:
        with Image.open(path) as picture:
            page = picture.convert("L")
            for c in chars:
                key = _key(c)
                if (key in wanted or key in plain) and len(seen[key]) < MAX_LOOKS:
                    seen[key].append(_pieces(page, c))
    except (OSError, ValueError, MemoryError) as exc:  # the picture not to be had: OCR's letters stand
        log.info("a lying layer's marks could not be looked at (%s)", type(exc).__name__)
        return table
    bodies: dict[str, dict[str, list[bool]]] = defaultdict(dict)  # font: base letter: its body
    for key, letter in plain.items():
        whole = next((pieces for pieces in seen.get(key) or [] if len(pieces) == 1), None)
        if whole is not None and sum(len(pieces) == 1 for pieces in seen[key]) * 2 > len(seen[key]):
            bodies[key[0]][letter] = _body(whole)  # one piece in most instances: a plain letter
    out = dict(table)
    taken = {(key[0], letter) for key, letter in table.items()}
    for key in wanted:
        looks = seen.get(key) or []
        if not looks or any(len(pieces) != 3 for pieces in looks):
            continue
        case = str.upper if table[key].isupper() else str.lower
        bases = {b: v for b, v in bodies[key[0]].items() if b == case(b)}
        if len(bases) < 2 or _base_of(table[key]) not in bases:
            continue  # no other letter's body to tell OCR's base from: its letter stands
        base = _base_by_body(_body(looks[0]), bases)
        marked = _with_diaeresis(base) if base else None
        if marked and (key[0], marked) not in taken:
            out[key] = marked
            taken.add((key[0], marked))
    return out
