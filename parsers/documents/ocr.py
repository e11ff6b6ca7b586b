"""Scanned pages read with Tesseract (Debian's tesseract-ocr with its Danish data), run as a process of its own.

A page is rendered with pdfplumber's renderer (pypdfium2) and its words come back with their
positions, so the OCR'd page goes through the same page model as a text layer. OCR runs in the
same bounded child as the other readers (its memory cap covers the tesseract process it starts),
for a few pages only and within a time budget; what it reads is marked as read by OCR, because a
scan's reading is never trusted on its own.
"""
from __future__ import annotations

import difflib
import functools
import logging
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
from typing import Any

from ..values import TOP_LEVEL_DOMAINS
from . import dark_bands, ink_marks, ocr_numbers, ocr_rules, ocr_words, skipped
from .page_types import OcrRead, Word

RESOLUTION = 300          # dpi, grey and smoothed: better letters than 200, at the CPU of the old colour 200
MAX_PAGES = 4             # a scanned agreement or form is a few pages; more is not read by OCR
PAGE_CPU_S = 8            # Tesseract's own CPU seconds for one page (RLIMIT_CPU): a page that costs more is hostile
PAGE_TIMEOUT_S = 18.0     # wall clock for one page: only the PDF's budget (a loaded machine stretches CPU seconds)
TIME_BUDGET_S = 18.0      # all OCR of one PDF, so that a scan is read well within the parse timeout
MIN_CONFIDENCE = 40.0     # Tesseract's word confidence (0-100) below which a word is dropped
MAX_REREAD = 16           # e-mail addresses of one page read again from their crops
MAX_BANDS = 6             # parts of one page that page segmentation read as noise, read again as a block
PICTURE_PX = 40           # a box read as no text, this high and wide (pixels): maybe a table taken for a picture
RULE_INK = 160            # a table's grey rule (#777, smoothed) is ink when it is darker than this
DOUBTFUL = 65.0           # a line whose words' mean confidence is below this was probably not read as text

# Danish alone reads "æ/ø/å" that dan+eng turned into "ee/g/a" ("Industrivænget" read "Industriveenget"), at half
# the CPU (1.4 s against 2.8 s a page), and without inverting dark lines, which these pages have none of; it reads
# an address's "@" as "æ", "&", "Q" or "Ø", so addresses are read again from their crops in English (_reread)
PAGE_CONFIG = ("--psm", "3", "-c", "tessedit_do_invert=0")
CROP_CONFIG = ("--psm", "6", "-c", "tessedit_do_invert=0")

log = logging.getLogger(__name__)

Read = OcrRead  # line, text, x0, x1, top, bottom, conf


def page_wanted(pno: int, page_count: int, read: int) -> bool:
    """Whether page `pno` of a scan of `page_count` pages is read by OCR when `read` pages already were: all of a
    scan of MAX_PAGES or fewer; of a longer one its first pages and its last two (an agreement is signed at its
    end, and a signing service's evidence page follows the signatures: a five-page scan lost both)."""
    if read >= MAX_PAGES:
        return False
    return page_count <= MAX_PAGES or pno <= MAX_PAGES - 2 or pno > page_count - 2


@functools.cache
def installed() -> frozenset[str]:
    """The languages Tesseract has data for, none when it is not installed (or broken: no OCR, the scan is
    reported unreadable)."""
    if shutil.which("tesseract") is None:
        return frozenset()
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def languages() -> str | None:
    """The language a page is read in: Danish (or English when only that is installed); None without OCR."""
    have = installed()
    return next((lang for lang in ("dan", "eng") if lang in have), None)


def _address_language() -> str | None:
    """English reads an address's "@" (Danish reads it as a letter); Danish when English is not installed."""
    return "eng" if "eng" in installed() else languages()


def _picture(page: Any, resolution: int) -> Any:
    """A pdfplumber page rendered grey and smoothed by pdfium: a quarter of the memory of pdfplumber's own
    colour rendering (a BGRx bitmap, then RGB: 61 MB at 300 dpi, against 9 MB), and smoothing is what lets
    Tesseract read a 150 dpi scan's letters (nearest-neighbour scaling lost "ø" and e-mail dots). Anything
    else that renders itself (parsers/images: a photo) is asked for its picture."""
    pdf = getattr(page, "pdf", None)
    if pdf is None or not hasattr(page, "page_number"):
        return page.to_image(resolution=resolution).original
    import pypdfium2

    source = pdf.path or pdf.stream
    if source is pdf.stream:
        source.seek(0)
    document = pypdfium2.PdfDocument(source, password=pdf.password)
    try:
        document.init_forms()  # a filled form field's value is drawn into the picture
        return document[page.page_number - 1].render(scale=resolution / 72, grayscale=True).to_pil()
    finally:
        document.close()


def tesseract(path: str, lang: str, config: tuple[str, ...], wall_s: float, cpu_s: int = PAGE_CPU_S) -> list[Read]:
    """Tesseract's words of a picture file, in pixels. Its CPU time is capped by RLIMIT_CPU (the same on an idle
    and a loaded machine: a page is not lost because other work shares the cores) and its wall time by
    `wall_s`; raises on either, or when Tesseract fails."""
    cmd = ["tesseract", path, "stdout", "-l", lang, *config, "tsv"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        resource.prlimit(proc.pid, resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    except (OSError, ValueError, AttributeError):  # gone already (its exit says how it went); no prlimit: wall only
        pass
    try:
        out, _ = proc.communicate(timeout=wall_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract exited with {proc.returncode}")
    return _words_of(out.decode("utf-8", "replace"))


def _words_of(tsv: str) -> list[Read]:
    """The words of Tesseract's TSV (level 5 rows), each with its line's (block, paragraph, line)."""
    read: list[Read] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if not text and conf >= 0 and min(width, height) >= PICTURE_PX:
            # a part of the page segmentation took for a picture (a small ruled table): a line read as nothing,
            # for _bands to read again; dropped when that does not read it
            read.append(((int(cols[2]), int(cols[3]), int(cols[4])), "", left, left + width, top, top + height, 0.0))
            continue
        if not text or conf < 0:
            continue
        read.append(((int(cols[2]), int(cols[3]), int(cols[4])), text, left, left + width, top, top + height, conf))
    return read


def ocr_page(page: Any, timeout_s: float = PAGE_TIMEOUT_S, resolution: int = RESOLUTION,
             marks: list[tuple[float, float, float, float]] | None = None) -> tuple[list[Word], float] | None:
    """(words in page coordinates, mean confidence 0..1) of one pdfplumber page (rendered at `resolution`
    dpi, smoothed), or None when OCR is not available or fails. With `marks`, the page's pen strokes where no
    word was read (ink_marks: a drawn signature) are added to it, (x0, top, x1, bottom) in page points."""
    read = read_page(page, timeout_s, resolution, marks)
    if read is not None and marks:
        scale = 72.0 / resolution
        marks[:] = [(x0 * scale, top * scale, x1 * scale, bottom * scale) for x0, top, x1, bottom in marks]
    return None if read is None else as_words(read, resolution)


def as_words(read: list[Read], resolution: int = RESOLUTION) -> tuple[list[Word], float] | None:
    """(the words read surely enough, in page points; their mean confidence 0..1), None when there are none."""
    scale = 72.0 / resolution
    words: list[Word] = []
    confs: list[float] = []
    for _, text, x0, x1, top, bottom, conf in read:
        if conf < MIN_CONFIDENCE:
            continue
        words.append(Word(text, x0 * scale, x1 * scale, top * scale, bottom * scale, "ocr"))
        confs.append(conf)
    if not words:
        return None
    return words, sum(confs) / len(confs) / 100.0


def read_page(page: Any, timeout_s: float = PAGE_TIMEOUT_S, resolution: int = RESOLUTION,
              marks: list[tuple[float, float, float, float]] | None = None) -> list[Read] | None:
    """Everything Tesseract read on one page, in pixels at `resolution` dpi, whatever its confidence (the
    caller drops the unsure words, or weighs them: ocr_layer), after the re-reads of bands and addresses, tick
    boxes told by their ink, joined addresses and networks' dots; None when OCR is not available or fails.
    With `marks`, the pen strokes no word covers are added to it, in the same pixels."""
    try:
        with tempfile.TemporaryDirectory(prefix="mailbot-ocr-") as tmp:
            # the picture (9 MB at 300 dpi) is let go before Tesseract runs beside this process
            # (bench/hostile_each.py: a page of 5,000 images); the crops are taken from the file
            path = os.path.join(tmp, "page.png")
            _picture(page, resolution).save(path, format="PNG")
            # a PDF's page (a scan) is looked at for the parts its reading skipped; a photo's shading and edges
            # are ink that is no text (parsers/images: read as before)
            scan = getattr(page, "pdf", None) is not None and hasattr(page, "page_number")
            read = read_picture(path, timeout_s, skipped_parts=scan)
            if read is not None and marks is not None:
                marks.extend(ink_marks.find(path, read))
            return read
    except Exception as exc:  # a page the renderer refuses
        log.info("OCR of a page failed (%s)", type(exc).__name__)
        return None


def read_picture(path: str, timeout_s: float = PAGE_TIMEOUT_S, *, bands: bool = True,
                 skipped_parts: bool = False) -> list[Read] | None:
    """read_page's reading of a page already rendered into a PNG file (the crops are written beside it);
    without `bands`, lines read as noise are not read again from their band (ocr_layer reads them again as the
    layer's lines); with `skipped_parts` (a scan's page), the page is read without its boxes' rules (ocr_rules) and
    the parts its reading left out are read again (skipped.py)."""
    lang = languages()
    if lang is None:
        return None
    began = time.monotonic()
    # one thread: on a shared two-core machine Tesseract's OpenMP threads only fight each other
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        unruled = _without_rules(path) if skipped_parts else path
        read = tesseract(unruled, lang, PAGE_CONFIG, timeout_s)
        read = dark_bands.read_bands(path, read, lambda band, wall: tesseract(band, lang, CROP_CONFIG, wall),
                                     timeout_s - (time.monotonic() - began))
        if bands:
            read = _bands(path, _box_columns(path, read), lang, timeout_s - (time.monotonic() - began))
        if bands and skipped_parts:
            read = skipped.read_again(path, read, lambda crop, wall: tesseract(crop, lang, CROP_CONFIG, wall),
                                      _unruled, timeout_s - (time.monotonic() - began))
        read = [(r[0], _unruled_word(r[1]), *r[2:]) for r in read if r[1] and not _RULE.fullmatch(r[1])]
        read = _reread(path, read, timeout_s - (time.monotonic() - began))
        read = ocr_numbers.read_again(unruled if skipped_parts else path, read,
                                      lambda sheet, wall: tesseract(sheet, lang, CROP_CONFIG, wall),
                                      timeout_s - (time.monotonic() - began), MIN_CONFIDENCE - 1)
        read = _bracket_ink(path, _ticks(path, read))
    except Exception as exc:  # timeout, CPU or memory cap
        log.info("OCR of a page failed (%s)", type(exc).__name__)
        return None
    return [(r[0], ocr_words.respelt(_network_slash(_network_dots(r[1]))), *r[2:])
            for r in _bracket_boxes(_check_marks(_clocks_kept(_dashes_kept(_at_by_domain(_addresses_joined(read))))))]


def _without_rules(path: str) -> str:
    """The page picture with its boxes' and tables' sides made white, written beside it (ocr_rules: a value typed
    against its box's side lost its first letter); the page itself where it has no rules."""
    from PIL import Image

    with Image.open(path) as picture:
        unruled = ocr_rules.unruled_page(picture.convert("L"))
    if unruled is None:
        return path
    out = path[:-4] + "-unruled.png"
    unruled.save(out, format="PNG")
    return out


# a table's or a frame's vertical rule read as a letter: no word of any document (it ran into values beside the rule,
# "Digitaliseringschef |", "| Signe Bech")
_RULE = re.compile(r"[|¦]+")
# a clock read with a speck after it ("08:36:26." on an evidence page): the signing time was not found
_CLOCK_SPECK = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?)[.,']")


# a conformed signature's mark ("/s/ Mads Fynbo") with its last slash read as a one or an l ("/s1")
_SIGNATURE_MARK = re.compile(r"/[sS][1lI|/]")


def _unruled_word(text: str) -> str:
    """A word without the rule read into its edge ("|Pre-selected"), a clock without a speck after it, and a
    conformed signature's mark as it is written."""
    if _SIGNATURE_MARK.fullmatch(text):
        return "/s/"
    text = text.strip("|¦") or text
    m = _CLOCK_SPECK.fullmatch(text)
    return m.group(1) if m else text


def _bands(path: str, read: list[Read], lang: str, wall_s: float) -> list[Read]:
    """Lines Tesseract's page segmentation took for a picture and read as noise (a small ruled table, "Nr. |
    Netværk" over "1 | 172.28.93.0/24", read as 'fr' '[Netværk' '"|' with its value row not at all) read again
    as one block of text (psm 6) from their band of the page: from the last well-read line above them to the
    next one below, as wide as they are. What the second reading finds replaces them only where no well-read
    word stands (a column beside the band is not read twice); its words keep their own confidence."""
    lines: dict[tuple[Any, ...], list[Read]] = {}
    for r in read:
        lines.setdefault(r[0], []).append(r)
    doubtful = [ws for ws in lines.values() if sum(w[6] for w in ws) / len(ws) < DOUBTFUL][:MAX_BANDS]
    if not doubtful or wall_s < 1:
        return read
    from PIL import Image

    good = [r for r in read if all(r not in ws for ws in doubtful)]
    instead: dict[tuple[Any, ...], list[Read]] = {}  # a doubtful line's key: what stands in its place
    taken: list[Read] = list(good)  # two doubtful lines' bands may overlap: a word is read once
    began = time.monotonic()
    with Image.open(path) as picture:
        page = picture.convert("L")
        for n, ws in enumerate(doubtful):
            instead[ws[0][0]] = ws
            x0, x1 = min(w[2] for w in ws), max(w[3] for w in ws)
            top, bottom = min(w[4] for w in ws), max(w[5] for w in ws)
            pad = max(4.0, bottom - top)
            beside = [g for g in good if g[2] < x1 + pad and g[3] > x0 - pad]
            above = max((g[5] for g in beside if g[5] <= top + 2), default=0.0)
            below = min((g[4] for g in beside if g[4] >= bottom - 2), default=float(page.size[1]))
            box = (max(0, int(x0 - pad)), int(above) + 1, min(page.size[0], int(x1 + pad)),
                   max(int(below) - 1, int(bottom)))
            left = wall_s - (time.monotonic() - began)
            if box[2] - box[0] < 8 or box[3] - box[1] < 8 or left < 1:
                continue
            band_path = path[:-4] + f"-band{n}.png"
            _unruled(page.crop(box)).save(band_path, format="PNG")
            try:
                seen = tesseract(band_path, lang, CROP_CONFIG, left)
            except Exception:  # the page's first reading stands
                continue
            placed = [(("band", n, *s[0]), s[1], s[2] + box[0], s[3] + box[0], s[4] + box[1], s[5] + box[1], s[6])
                      for s in seen]
            if placed and sum(s[6] for s in placed) / len(placed) > sum(w[6] for w in ws) / len(ws):
                instead[ws[0][0]] = _kept_values(ws, [s for s in placed if not any(_overlap(s, g) for g in taken)])
                taken.extend(instead[ws[0][0]])
    out: list[Read] = []
    for r in read:
        if r[0] not in instead:
            out.append(r)
        elif r is lines[r[0]][0]:  # the line's first word: the band's reading goes where the line stood
            out.extend(instead[r[0]])
    return out


def _box_columns(path: str, read: list[Read]) -> list[Read]:
    """A column of tick boxes Tesseract read as one tall word, a line of its own ("OQOQOOODODOD", 37 x 561 px: the
    boxes before a question's options, one under the other), as its boxes, found by their ink: each a word "☐"
    before its option's first word, on its line, for _ticks to tell ticked or not. Its band was read again by
    Tesseract only to find them (0.4 s of CPU a page, a scan's third largest cost). A tall word whose ink is not
    boxes stays for the band re-read."""
    count: dict[tuple[Any, ...], int] = {}
    for r in read:
        count[r[0]] = count.get(r[0], 0) + 1
    tall = {n for n, r in enumerate(read) if count[r[0]] == 1 and r[6] < DOUBTFUL
            and r[5] - r[4] > max(3 * (r[3] - r[2]), 2 * PICTURE_PX)}
    if not tall:
        return read
    from PIL import Image

    with Image.open(path) as picture:
        page = picture.convert("L")
    out = list(read)
    for n in sorted(tall, reverse=True):
        boxes = _column_boxes(page, read[n])
        if len(boxes) < 2:
            continue
        del out[n]
        for k, b in enumerate(boxes):
            # before the option's first word, on its line: the word at the box's height just right of it
            at = next((m for m, w in enumerate(out) if (m == 0 or out[m - 1][0] != w[0]) and b[2] <= w[2] < b[2]
                       + 3 * (b[2] - b[0]) and b[1] <= (w[4] + w[5]) / 2 <= b[3]), None)
            line = (*read[n][0], k) if at is None else out[at][0]
            box = (line, "☐", float(b[0]), float(b[2]), float(b[1]), float(b[3]), 90.0)
            out.insert(len(out) if at is None else at, box)
    return out


def _column_boxes(page: Any, word: Read) -> list[tuple[int, int, int, int]]:
    """The square outlines one under the other in a tall word's place: its rows of ink parted where white runs
    across, each part that _box_at finds a box; none unless every part is one (a column of letters is no boxes)."""
    x0, x1, top, bottom = int(word[2]) - 4, int(word[3]) + 4, int(word[4]) - 4, int(word[5]) + 4
    crop = page.crop((max(0, x0), max(0, top), x1, bottom))
    ink = crop.point(lambda v: 255 if v < INK else 0)
    width, height = ink.size
    rows = [ink.crop((0, y, width, y + 1)).getbbox() is not None for y in range(height)]
    parts: list[tuple[int, int]] = []
    y = 0
    while y < height:
        if not rows[y]:
            y += 1
            continue
        start = y
        while y < height and rows[y]:
            y += 1
        parts.append((start, y))
    boxes = [_box_at(page, x0, max(0, top) + a, x1, max(0, top) + b) for a, b in parts]
    return [b for b in boxes if b is not None] if all(b is not None for b in boxes) else []


def _kept_values(line: list[Read], again: list[Read]) -> list[Read]:
    """A doubtful line's second reading, with each word of the first that shows a value's kind (an "@", digits)
    kept where the second reading's words over it lose that (ocr_words.better_as_value): those go instead."""
    out = list(again)
    for word in line:
        over = [s for s in out if _overlap(s, word)]
        if over and not all(ocr_words.better_as_value(word[1], s[1]) for s in over):
            out = [s for s in out if s not in over]
            # before the first word after it: on a line below, or on its line (their middles level) to its right
            at = next((k for k, s in enumerate(out) if (s[4] + s[5]) / 2 > word[5]
                       or (word[4] < (s[4] + s[5]) / 2 < word[5] and s[2] > word[2])), len(out))
            out.insert(at, word)
    return out


def _unruled(band: Any) -> Any:
    """The band with a table's rules made white (a row or column of it more than half ink): Tesseract reads a
    ruled table's cells as one picture and nothing in it ("No. | Subnet" over "1 | 10.153.49.0/24" read as no
    word at all); the letters of a line of text never fill half of its row or column."""
    from PIL import ImageDraw

    width, height = band.size
    ink = band.point(lambda v: 1 if v < RULE_INK else 0)
    rows = [y for y in range(height) if ink.crop((0, y, width, y + 1)).histogram()[1] > width / 2]
    cols = [x for x in range(width) if ink.crop((x, 0, x + 1, height)).histogram()[1] > height / 2]
    if not rows and not cols:
        return band
    out = band.copy()
    draw = ImageDraw.Draw(out)
    for y in rows:
        draw.line([(0, y), (width, y)], fill=255)
    for x in cols:
        draw.line([(x, 0), (x, height)], fill=255)
    return out


def _overlap(a: Read, b: Read) -> bool:
    """Two words' boxes share more than a sliver."""
    w = min(a[3], b[3]) - max(a[2], b[2])
    h = min(a[5], b[5]) - max(a[4], b[4])
    return w > 0.3 * min(a[3] - a[2], b[3] - b[2]) and h > 0.3 * min(a[5] - a[4], b[5] - b[4])


# an IPv4 network or address as Tesseract reads it, a dot read as a comma ("10.153.49,0/24")
_NETWORK = re.compile(r"(\d{1,3})([.,])(\d{1,3})([.,])(\d{1,3})([.,])(\d{1,3})(/\d{1,2})?([.,;:]?)")


# a network whose prefix's slash was read as a one, an "l", an "I" or a bar ("192.168.227.64127" for ".64/27")
_SLASHLESS = re.compile(r"(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{3,6})([.,;:]?)")


def _network_slash(text: str) -> str:
    """A network's last part that is no number of an address (above 255) parted at its one place where a "1"
    stood for the slash: an address's number before (0-255) and a prefix after (0-32). Only a reading that is no
    network becomes one, and only where it can be read one way; anything else stays as read."""
    m = _SLASHLESS.fullmatch(text)
    if m is None or _number(m.group(2), 255):
        return text
    last = m.group(2)
    ways = [(last[:k], last[k + 1:]) for k in range(1, len(last) - 1) if last[k] == "1"
            and _number(last[:k], 255) and _number(last[k + 1:], 32)]
    if len(ways) != 1:
        return text
    return f"{m.group(1)}{ways[0][0]}/{ways[0][1]}{m.group(3)}"


def _number(digits: str, most: int) -> bool:
    """Digits written as a number is (no leading zero) of at most `most`."""
    return digits == "0" or (digits[:1] != "0" and int(digits) <= most)


def _network_dots(text: str) -> str:
    """A network's dot that Tesseract read as a comma made a dot again (the network was lost as "not a valid
    network"), where the word is plainly a network: its other separators are dots, or it has a prefix."""
    m = _NETWORK.fullmatch(text)
    if m is None or "," not in m.group(2, 4, 6):
        return text
    if m.group(2, 4, 6).count(".") < 2 and m.group(8) is None:
        return text
    return ".".join(m.group(1, 3, 5, 7)) + (m.group(8) or "") + m.group(9)


# a word that ends as a domain does ("…@egelev.example", "…Qegelev.example") but is no address as read
_DOMAIN_TAIL = re.compile(r"[\w.+&@()-]{2,}[^\s.][\w-]*\.[A-Za-z]{2,}[.,;]?")


def _reread(path: str, read: list[Read], wall_s: float) -> list[Read]:
    """Words that end as an e-mail address's domain but are no address as read (Danish reads the "@" as "æ",
    "&", "Q", "Ø" or even "e": "soaaQegelev-sundhed.example"; or cuts the address there: "ase&" "aeblehoj.example")
    read again in English, each from its crop of the page (with the word just before it on its line, when
    that stands closer than a space), the crops stacked into one picture so that one Tesseract reads them all.
    The two readings together replace the word (and the piece before it) only when they make an address;
    otherwise the words stay as they were read."""
    spans = _reread_spans(read)
    language = _address_language()
    if not spans or language is None or wall_s < 1:
        return read
    from PIL import Image

    with Image.open(path) as page:
        crops = [_span_crop(page, [read[k] for k in span]) for span in spans]
    gap = max(c.size[1] for c in crops)
    sheet = Image.new("L", (max(c.size[0] for c in crops) + 2 * gap, sum(c.size[1] + gap for c in crops) + gap), 255)
    bands: list[tuple[int, int]] = []
    y = gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        bands.append((y, y + crop.size[1]))
        y += crop.size[1] + gap
    sheet_path = path[:-4] + "-addresses.png"
    sheet.save(sheet_path, format="PNG")
    seen = tesseract(sheet_path, language, CROP_CONFIG, wall_s)
    out: list[Read | None] = list(read)
    for span, (y0, y1) in zip(spans, bands, strict=True):
        words = [read[k] for k in span]
        # the crop's own line, not a piece of the line above or below that its padding took in (a photo's tilt)
        there = [s for s in seen if abs((s[4] + s[5]) / 2 - (y0 + y1) / 2) <= 0.3 * (y1 - y0)]
        danish = "".join(r[1] for r in words)
        english = _ADDRESS_EDGES.sub("", "".join(s[1] for s in sorted(there, key=lambda s: s[2])))
        text = _at_from(danish, english)
        if text is None and _ADDRESS.fullmatch(danish) and _spelt(danish) == _spelt(english) and len(span) > 1:
            text = danish  # its pieces make an address as read, and the English reading spells it alike
        if there and text is not None and all(out[k] is not None for k in span):
            conf = min(r[6] for r in words)
            if _spelt(text) == _spelt(english):  # two readings, each unsure, spell it alike: kept for staff
                conf = max(conf, MIN_CONFIDENCE)
            own = [r for r in words if r[0] == words[0][0]]  # a wrapped address stands where its first line does
            # two readings in two languages that make one address: as sure as the surer of them
            out[span[0]] = (words[0][0], text, words[0][2], max(r[3] for r in own), min(r[4] for r in own),
                            max(r[5] for r in own), max(conf, min(s[6] for s in there)))
            for k in span[1:]:
                out[k] = None
    return [r for r in out if r is not None]


def _span_crop(page: Any, words: list[Read]) -> Any:
    """The picture of the words of one address: their box, or where the address wraps onto the next line, each
    line's piece set after the one before on one line (as it would have been written unwrapped)."""
    from PIL import Image

    pieces = []
    for line in dict.fromkeys(w[0] for w in words):
        on = [w for w in words if w[0] == line]
        x0, x1 = min(w[2] for w in on), max(w[3] for w in on)
        top, bottom = min(w[4] for w in on), max(w[5] for w in on)
        pad = max(2, int((bottom - top) * 0.3))
        pieces.append(page.crop((max(0, int(x0) - pad), max(0, int(top) - pad), int(x1) + pad, int(bottom) + pad)))
    if len(pieces) == 1:
        return pieces[0]
    joined = Image.new("L", (sum(p.size[0] for p in pieces), max(p.size[1] for p in pieces)), 255)
    x = 0
    for piece in pieces:
        joined.paste(piece, (x, (joined.size[1] - piece.size[1]) // 2))
        x += piece.size[0]
    return joined


def _wrapped_rest(read: list[Read], n: int) -> tuple[int, ...] | None:
    """The indexes of the rest of an address that word n began and its cell wrapped, line by line: at a hyphen of
    its domain ("asger.kroeyeræfjeldsaa-" over "it.example"; in a table cell, "rasmus€havrum-" over
    "sundhed.example" with the phone beside it), or twice, where a narrow cell broke it inside a word too
    ("matthias.krugeræm" over "osede-strand-" over "sundhed.example"; "henrikæmosede-" over "strand-" over
    "sundhed.example": the middle piece was lost). Each piece stands on the next line, starting under the first,
    nothing between them; the last is a domain's end. A start not broken at a hyphen needs that end to hold a dot
    (its "@" or a dot is in the start already: _ADDRESS_BEGUN)."""
    word = read[n]
    height = word[5] - word[4]
    hyphen = word[1].endswith("-")
    chain: list[int] = []
    last = word
    for m in range(n + 1, min(len(read), n + 60)):
        rest = read[m]
        if rest[4] - last[5] > 1.2 * height:
            return None
        if rest[0] in (word[0], last[0]) or abs(rest[2] - word[2]) > 2 * height or rest[4] < last[5] - 0.2 * height:
            continue  # beside the piece (a phone in the next cell), or in another column
        ends = hyphen or "." in rest[1].rstrip(".,;") or _cut_domain(word[1])
        if _DOMAIN_END.fullmatch(rest[1]) is not None and ends:
            return (*chain, m)
        if len(chain) >= MAX_WRAPS - 2 or _ADDRESS_PIECE.fullmatch(rest[1]) is None:
            return None  # under the start stands what is no piece of an address
        chain.append(m)
        last = rest
    return None


MAX_WRAPS = 4  # lines one address is read from, its cell broke it on each
_DOMAIN_END = re.compile(r"[\w-]*\.?[A-Za-z]{2,}[.,;]?")
# an address broken after a hyphen of its domain: a dot or its "@" (as Danish reads it: "æ", "&", "Q", "Ø") in it
_ADDRESS_START = re.compile(r"(?=.*(?:[^\w\s-]|[æøØQ]).)\S{3,60}-")
# an address broken inside a word by a narrow cell: a local part with its "@" (as read) or a dot, nothing else
_ADDRESS_BEGUN = re.compile(r"(?=.*[.@&æøØQ©®])[\w.+&@©®-]{3,60}")
# a middle piece of an address broken twice: its characters only, ending where the cell broke it
_ADDRESS_PIECE = re.compile(r"[\w.+&@©®-]{2,60}")


def _cut_domain(word: str) -> bool:
    """An address as read whose domain's last part is no domain's end but begins one ("malin&hvidmose.ex" with
    "ample" on the line under it: the cell broke the address inside its domain's end)."""
    end = word.rstrip(".,;").rsplit(".", 1)[-1].lower()
    return (_READ_ADDRESS.fullmatch(word) is not None and end not in _TLDS
            and any(t.startswith(end) for t in _TLDS))


# an address as Danish reads it, its "@" maybe read as a sign or a letter ("malin&hvidmose.ex")
_READ_ADDRESS = re.compile(r"[\w.+-]+[@&æQ©®][\w-]+(\.[\w-]+)+[.,;]?")


def _reread_spans(read: list[Read]) -> list[tuple[int, ...]]:
    """The indexes of the words that may be one e-mail address not read as one, in its order."""
    spans: list[tuple[int, ...]] = []
    taken: set[int] = set()
    for n, r in enumerate(read):
        if n in taken:
            continue
        after = read[n + 1] if n + 1 < len(read) else None
        begun = _ADDRESS_START.fullmatch(r[1]) or (_ADDRESS_BEGUN.fullmatch(r[1]) and not _ADDRESS.fullmatch(r[1])) \
            or _cut_domain(r[1])
        rest = _wrapped_rest(read, n) if begun and len(spans) < MAX_REREAD else None
        if rest is not None:
            spans.append((n, *rest))
            taken.update((n, *rest))
            continue
        # the address cut after a dot of its domain ("vihjæhavrum-it." "example"): the two words are one
        if (after is not None and after[0] == r[0] and r[1].endswith(".") and 0 <= after[2] - r[3] < r[5] - r[4]
                and _DOMAIN_TAIL.fullmatch(r[1] + after[1]) and not _ADDRESS.fullmatch(r[1] + after[1])
                and len(spans) < MAX_REREAD):
            spans.append((n, n + 1))
            taken.add(n + 1)
            continue
        if _DOMAIN_TAIL.fullmatch(r[1]) and not _ADDRESS.fullmatch(r[1]) and len(spans) < MAX_REREAD:
            prev = read[n - 1] if n else None
            # the address cut at its "@" read as a sign ("ase&" "aeblehoj.example"), not a label before it
            # or a word gap before the sign ("dorthe.vestergaard" "&birkelund-sundhed.example"), where the word
            # before is written as a local part is (small letters, no label's capital or colon)
            close = (prev is not None and prev[0] == r[0] and 0 <= r[2] - prev[3] < 0.8 * (r[5] - r[4])
                     and (_LOCAL_PART.fullmatch(prev[1]) is not None
                          or (_BARE_LOCAL.fullmatch(prev[1]) is not None and not r[1][0].isalnum())))
            if close and spans and spans[-1] == (n - 1,):
                spans.pop()  # the word before, read alone as ending like a domain ("dorthe.vestergaard"): one span
            spans.append((n - 1, n) if close else (n,))
    return spans


def _at_from(danish: str, english: str) -> str | None:
    """The Danish reading with its "@" where the English reading of the same crop has it, or None when they do
    not make an address together. Only the "@" is taken: on a 150 dpi scan English reads the letters around it
    worse ("skovlund" read "skovilund"), so the letters stay the Danish reading's unless it has a letter beyond
    ASCII that the English reading has not."""
    at = english.find("@")
    if at < 0 or english.count("@") != 1:
        return None
    english = _dot_restored(english)
    for op, i0, i1, j0, j1 in difflib.SequenceMatcher(None, danish, english, autojunk=False).get_opcodes():
        if op != "equal" and j0 <= at < j1 and i1 - i0 <= 3:
            joined = _dot_restored(danish[:i0] + "@" + danish[i1:])
            if not joined.isascii() and english.isascii() and _ADDRESS.fullmatch(english):
                return english  # an address is written in ASCII: Danish read "sdn" as "sådn"
            if _ADDRESS.fullmatch(joined):
                return joined
            # the Danish reading lost a dot of the domain ("fjeldsaa-itexample"): the English reading's signs,
            # where both spell the same letters and digits but for the "@"
            return english if _ADDRESS.fullmatch(english) and _spelt(english) == _spelt(joined) else None
    return None


# the ends of domains the party's addresses have; a domain read without any dot lost the one before its end
_TLDS = TOP_LEVEL_DOMAINS
_UNDOTTED = re.compile(r"([\w.+-]+@[\w-]{2,}?)(" + "|".join(_TLDS) + r")([.,;]?)")


def _dot_restored(address: str) -> str:
    """An address whose domain was read without its dot ("laerke@fjeldsaa-itexample": a small dot set tight
    between two letters, at a line's wrap, is what a 150 dpi scan loses) with the dot before its last part put
    back, where that part is a domain's end ("example", "dk", "com", ...); any other text as it was. A domain
    has a dot: without one the reading is no address at all, so this only ever turns a lost address into one
    (for staff to confirm, as everything read by OCR)."""
    m = _UNDOTTED.fullmatch(address)
    if m is None or m.group(1).endswith("-"):
        return address
    return f"{m.group(1)}.{m.group(2)}{m.group(3)}"


def _spelt(text: str) -> str:
    """The letters and digits of a text, in order."""
    return "".join(c for c in text.lower() if c.isalnum())


_LOCAL_PART = re.compile(r"[A-Za-z0-9._+-]{1,40}[^\w\s:;,.]{1,2}")  # the "@" read as one or two signs ("ase(&")
_BARE_LOCAL = re.compile(r"[a-z0-9][a-z0-9._+-]{0,39}")
# what the crop's edges add to an address: a neighbour's rule or box read as "-", "_", "|", "»"
_ADDRESS_EDGES = re.compile(r"^[^\w]+|[^\w]+$")


# what the two halves must make together: a name "Kragsø Laboratorium" read "Kragsg@ Laboratorium" stays apart
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+[.,;]?")


def _addresses_joined(read: list[Read]) -> list[Read]:
    """Tesseract's words with an e-mail address it cut at its "@" made one again ("mekr@ hvidmose.example":
    the "@" is wider than its neighbours and Tesseract sees a space beside it), within one of its lines; the
    joined word keeps the lower confidence, so a doubtful half still drops the address."""
    out: list[Read] = []
    for word in read:
        if out:
            last = out[-1]
            cut = last[1].endswith("@") or word[1].startswith("@")
            if cut and last[0] == word[0] and _ADDRESS.fullmatch(last[1] + word[1]):
                out[-1] = (last[0], last[1] + word[1], last[2], word[3], min(last[4], word[4]),
                           max(last[5], word[5]), min(last[6], word[6]))
                continue
        out.append(word)
    return out


# what Tesseract makes of an "@" in an address's middle when both readings missed it ("nibegegelev.example")
_AT_READ_AS = set("gqQæÆ&Øø©®")


def _at_by_domain(read: list[Read]) -> list[Read]:
    """A word that is an address of the page's own domain with its "@" read as a letter or a sign
    ("nibegegelev.example" beside "bjth@egelev.example"): the domain another address on the page has, preceded by
    one sign Tesseract reads an "@" as, and a local part before it, is that address. A domain no address on the
    page has is left as read (the word stays no address: the contact's mail is not found)."""
    domains = {m.group(1).lower() for r in read if (m := _PAGE_ADDRESS.fullmatch(r[1]))}
    if not domains:
        return read
    out = list(read)
    for n, r in enumerate(read):
        word = r[1].rstrip(".,;")
        if "@" in word or not re.fullmatch(r"[\w.+&©®-]+", word):
            continue
        for domain in sorted(domains, key=len, reverse=True):
            local = word[:len(word) - len(domain)]
            if (word.lower().endswith(domain) and len(local) >= 3 and local[-1] in _AT_READ_AS
                    and re.fullmatch(r"[A-Za-z0-9][\w.+-]*", local[:-1])):
                out[n] = (r[0], f"{local[:-1]}@{word[len(local):]}{r[1][len(word):]}", *r[2:])
                break
    return out


_PAGE_ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)[.,;]?")


def _dashes_kept(read: list[Read]) -> list[Read]:
    """A dash between two words of a line kept whatever Tesseract's confidence in it (it is unsure of a lone
    "–", 38 in "Information form – connection to the Health Data Network"): dropped, it leaves a gap wide enough
    to cut the title in two, and its second half was taken for the organisation."""
    out = list(read)
    for n in range(1, len(read) - 1):
        line, text, x0, x1, top, bottom, conf = read[n]
        if (conf < MIN_CONFIDENCE and _DASH.fullmatch(text) and read[n - 1][0] == line == read[n + 1][0]
                and min(read[n - 1][6], read[n + 1][6]) >= MIN_CONFIDENCE):
            out[n] = (line, "–", x0, x1, top, bottom, MIN_CONFIDENCE)
    return out


_DASH = re.compile(r"[-–—]{1,3}")
# a time of day as a signing service prints it ("01:29:25PM", "14:52:58"), a speck after it allowed
_CLOCK = re.compile(r"([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?([AaPp][Mm])?[.,]?")


def _clocks_kept(read: list[Read]) -> list[Read]:
    """A time of day kept whatever Tesseract's confidence in it (it read DocuSign's "01:29:25PM" rightly at 25, below
    the cut, and the signing row it stood in was no longer one: the agreement's signing date was lost). A word
    shaped as a clock, with hours and minutes that are ones, is what it looks like; it is a scan's reading, for
    staff, as everything read by OCR."""
    return [(*r[:6], max(r[6], MIN_CONFIDENCE)) if r[6] < MIN_CONFIDENCE and _CLOCK.fullmatch(r[1]) else r
            for r in read]
# a check box typed as brackets ("[x] Offentligt sygehus", "[ ] Region"), as a plain-text form writes it
_BRACKET_TICKED = re.compile(r"[\[(][xX×✗✘][\])]")
_BRACKET_EMPTY = re.compile(r"[\[(]\s*[\])]")


def _bracket_boxes(read: list[Read]) -> list[Read]:
    """A box typed as brackets at the start of an option's line, "[x]" or "[ ]", as the box it is ("☒", "☐"),
    whatever Tesseract's confidence in it (it reads "[x]" at 13, below the cut: the ticked option was lost and
    the party's type with it), where a word of letters follows it on its line."""
    out = list(read)
    for n, (line, text, x0, x1, top, bottom, conf) in enumerate(read):
        first = n == 0 or read[n - 1][0] != line
        after = read[n + 1] if n + 1 < len(read) and read[n + 1][0] == line else None
        if not first or after is None or not after[1][:1].isalpha():
            continue
        if _BRACKET_TICKED.fullmatch(text):
            out[n] = (line, "☒", x0, x1, top, bottom, max(conf, 90.0))
        elif _BRACKET_EMPTY.fullmatch(text):
            out[n] = (line, "☐", x0, x1, top, bottom, max(conf, 90.0))
    return out


def _check_marks(read: list[Read]) -> list[Read]:
    """A tick set after an option ("Public hospital ✓"), which Tesseract reads as a lone small "v" at the end of
    the option's line, often below the confidence cut (34): a "✓" again, as a text layer writes it. A "v" alone
    at a line's end after a word of letters is no Danish or English word ("København V" is a capital)."""
    out = list(read)
    for n, (line, text, x0, x1, top, bottom, conf) in enumerate(read):
        last = n + 1 == len(read) or read[n + 1][0] != line
        before = read[n - 1] if n and read[n - 1][0] == line else None
        if (text in ("v", "✓", "√") and last and before is not None and before[1][-1:].isalpha()
                and before[6] >= MIN_CONFIDENCE and 0 < x0 - before[3] < 2 * (bottom - top)):
            out[n] = (line, "✓", x0, x1, top, bottom, max(conf, MIN_CONFIDENCE))
    return out


# ------------------------------------------------------------------------------------------------ tick boxes
INK = 128          # a grey value below this is ink
SIDE = 0.6         # each side of a box: a row or column along it at least this much ink
TICKED = 0.06      # a box whose middle holds more ink than this is ticked ...
FILLED = 0.7       # ... unless it is filled: a square bullet, no box


def _ticks(path: str, read: list[Read]) -> list[Read]:
    """Check boxes told by their ink, not by what Tesseract makes of them ("☐" read "OC", "[I", "CI", "[";
    "☒" read "xl" or not at all): a word drawn as a square outline is a box, ticked when its middle holds ink.
    Options are printed in a column after their boxes, so where other options' words start after a box, the
    same place before a word that has none read (a ticked box Tesseract left out) is looked at too. Each box
    becomes "☐" or "☒", as a text layer writes it."""
    from PIL import Image

    with Image.open(path) as picture:
        page = picture.convert("L")
    boxes: dict[int, tuple[int, int, int, int]] = {}
    for n, word in enumerate(read):
        # a word of a dark band's heading is no box: its white letters in the bar's ink look like one ("of")
        box = _box_at(page, word[2], word[4], word[3], word[5]) if len(word[1]) <= 4 and not _banded(word) else None
        if box is not None:
            boxes[n] = box
    if not boxes:
        return read
    # where an option's words start, measured from its box: the column of words after boxes
    starts = []
    for n, box in boxes.items():
        after = n + 1 if n + 1 < len(read) and read[n + 1][0] == read[n][0] else None
        if after is not None:
            starts.append((read[after][2], read[after][2] - box[0], box[2] - box[0]))
    out: list[Read] = []
    found = 0
    for n, word in enumerate(read):
        if n in boxes:
            out.append(_as_box(word, boxes[n], page))
            found += 1
            continue
        if n - 1 in boxes:  # its box was read
            out.append(_option_kept(word))
            continue
        if _banded(word):
            out.append(word)
            continue
        before = read[n - 1][3] if n and read[n - 1][0] == word[0] else None
        for x, offset, size in starts:
            if abs(word[2] - x) <= size / 3 and (before is None or before < word[2] - offset - size / 2):
                middle = (word[4] + word[5]) / 2
                box = _box_at(page, word[2] - offset - size / 4, middle - size * 0.75,
                              word[2] - offset + size * 1.25, middle + size * 0.75)
                # the same box as the column's: its size, where the others stand before their words
                if (box is not None and abs((box[2] - box[0]) - size) <= size / 4
                        and abs(word[2] - box[0] - offset) <= size / 3):
                    out.append(_as_box((word[0], "", box[0], box[2], box[1], box[3], 0.0), box, page))
                    word = _option_kept(word)
                break
        out.append(word)
    return out


def _banded(word: Read) -> bool:
    """A word read from a dark band (dark_bands: its line is named "dark")."""
    return bool(word[0]) and word[0][0] == "dark"


def _option_kept(word: Read) -> Read:
    """The word just after a box is its option's name: kept when it is a word of letters, however unsure
    Tesseract is of it ("Udenlandsk" at 24 beside its box), so that the box is not left without its option."""
    if word[6] < MIN_CONFIDENCE and re.fullmatch(r"[^\W\d_]{3,}[-\w]*", word[1]):
        return (*word[:6], MIN_CONFIDENCE)
    return word


def _as_box(word: Read, box: tuple[int, int, int, int], page: Any) -> Read:
    """The word as the box it is: "☒" ticked, "☐" not, at the box's place."""
    line = word[0]
    mark = "☒" if _middle_ink(page, box) > TICKED else "☐"
    return (line, mark, float(box[0]), float(box[2]), float(box[1]), float(box[3]), 90.0)


def _box_at(page: Any, x0: float, top: float, x1: float, bottom: float) -> tuple[int, int, int, int] | None:
    """The square outline drawn in this part of the page (tightened to its ink), or None: four straight sides
    of ink, about as wide as high, not filled."""
    width, height = x1 - x0, bottom - top
    if width < 12 or height < 12 or not 0.6 <= width / height <= 1.6:
        return None
    pad = max(2, int(0.15 * height))
    crop = page.crop((max(0, int(x0) - pad), max(0, int(top) - pad), int(x1) + pad, int(bottom) + pad))
    ink = crop.point(lambda v: 255 if v < INK else 0)
    bound = ink.getbbox()
    if bound is None:
        return None
    left, upper, right, lower = bound
    w, h = right - left, lower - upper
    if w < 10 or h < 10 or not 0.75 <= w / h <= 1.33:
        return None
    px = ink.load()
    band = max(2, int(0.2 * min(w, h)))

    def side(points: list[list[tuple[int, int]]]) -> bool:
        return bool(max(sum(px[p] > 0 for p in line) / len(line) for line in points) >= SIDE)

    rows = [[(x, y) for x in range(left, right)] for y in range(upper, upper + band)]
    rows_low = [[(x, y) for x in range(left, right)] for y in range(lower - band, lower)]
    cols = [[(x, y) for y in range(upper, lower)] for x in range(left, left + band)]
    cols_right = [[(x, y) for y in range(upper, lower)] for x in range(right - band, right)]
    corner = max(2, band // 2)  # a box's four corners are ink; "53" or "OC" lack one
    corners = [(left, upper), (right - corner, upper), (left, lower - corner), (right - corner, lower - corner)]
    if not all(side(s) for s in (rows, rows_low, cols, cols_right)) or not all(
            any(px[cx + i, cy + j] for i in range(corner) for j in range(corner)) for cx, cy in corners):
        return None
    ox, oy = max(0, int(x0) - pad), max(0, int(top) - pad)
    box = (ox + left, oy + upper, ox + right, oy + lower)
    return box if _middle_ink(page, box) <= FILLED else None


def _middle_ink(page: Any, box: tuple[int, int, int, int]) -> float:
    """The share of ink in the middle half of a box (inside its border)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    middle = page.crop((x0 + w // 4, y0 + h // 4, x1 - w // 4, y1 - h // 4))
    histogram = middle.histogram()
    total = sum(histogram)
    return sum(histogram[:INK]) / total if total else 0.0


# ------------------------------------------------------------------------------------------ boxes typed as brackets
_WHOLE_BOX = re.compile(r"[\[(].{0,2}[\])]")
_BRACKETS = re.compile(r"[\[(].{0,2}[\])]|[xX×][\])]|[\[(][xX×]")  # "(x)", "( )", "(|)"; a cross with one bracket
BRACKET_TICKED = 0.08  # ink in the middle of a typed "( )" beyond this is its cross ("(x)")


def _bracket_spans(read: list[Read]) -> list[tuple[list[int], int]]:
    """([indexes of the words of a box typed as brackets], index of its option's first word): the box read as one
    word ("( )", "(|)", "(x)") or as its two brackets ("(" ")"), the option's word right after it on its line
    (Tesseract may read the two as lines of their own), nothing before it on the line but a question it answers
    ("Hvilken type part er I? ( ) Regional myndighed"): "Ja (x) Nej ( )" are boxes after their options."""
    spans: list[tuple[list[int], int]] = []
    for n, r in enumerate(read):
        if _BRACKETS.fullmatch(r[1]):
            k = [n]
        elif r[1] in ("(", "[") and n + 1 < len(read) and read[n + 1][1] in (")", "]") \
                and 0 <= read[n + 1][2] - r[3] < 2 * (r[5] - r[4]):
            k = [n, n + 1]
        else:
            continue
        x0, x1, top, bottom = r[2], read[k[-1]][3], r[4], r[5]
        height = bottom - top

        def level(w: Read) -> bool:
            return top - height / 2 < (w[4] + w[5]) / 2 < bottom + height / 2  # noqa: B023

        right = [m for m, w in enumerate(read) if m not in k and level(w) and x1 <= w[2] < x1 + 3 * height]
        left = [w for m, w in enumerate(read) if m not in k and level(w) and x0 - 3 * height < w[3] <= x0]
        if not right or any(not w[1].endswith(("?", ":")) for w in left):
            continue
        after = min(right, key=lambda m: read[m][2])
        if read[after][1][:1].isalpha():
            spans.append((k, after))
    return spans


def _bracket_ink(path: str, read: list[Read]) -> list[Read]:
    """Options typed with brackets as their boxes ("( ) Apotek", "(x) Gennem KMD"), each box told by its ink:
    Tesseract reads an empty one as "(|)", as its two brackets apart, or not at all, and a crossed one as nothing
    now and then (the option's tick lost: a party type not found, an unticked option's words taken for the answer).
    Where boxes are read at a line's start before options' words, every box is looked at in the picture: a cross
    in its middle is "☒", none "☐"; an option's line in that column with nothing read before it is looked at in the
    same place, and gets a box only where two brackets are drawn there. Anything else stays as read."""
    read = _glued_boxes(read)
    spans = _bracket_spans(read)
    if len(spans) < 2:
        return read
    from PIL import Image

    with Image.open(path) as picture:
        page = picture.convert("L")
    boxes: dict[int, Read] = {}  # the index of an option's first word: its box
    drop: set[int] = set()
    geometry = []
    unsure = []
    for k, after in spans:
        first, last = read[k[0]], read[k[-1]]
        x0, x1, top, bottom = first[2], last[3], min(first[4], last[4]), max(first[5], last[5])
        whole = len(k) == 2 or _WHOLE_BOX.fullmatch(first[1])
        mark = _bracket_mark(page, x0, x1, top, bottom) if whole else None
        if mark is None:  # (a box read with one bracket, "X)", stands where the others' boxes do)
            unsure.append((k, after))
            continue
        boxes[after] = (read[after][0], mark, x0, x1, top, bottom, 90.0)
        drop.update(k)
        geometry.append((read[after][2] - x0, x1 - x0))
    if len(geometry) < 2:
        return read
    offset = sorted(g[0] for g in geometry)[len(geometry) // 2]
    width = sorted(g[1] for g in geometry)[len(geometry) // 2]
    columns = [read[after][2] for _, after in spans]
    for k, after in unsure:  # a box whose place was read wrong (glued to the question before it): where boxes stand
        option = read[after]
        x0 = option[2] - offset
        mark = _bracket_mark(page, x0, x0 + width, option[4], option[5])
        if mark is not None:
            boxes[after] = (option[0], mark, x0, x0 + width, option[4], option[5], 90.0)
            drop.update(k)
    for n, r in enumerate(read):
        if n in boxes or n in drop or (n and read[n - 1][0] == r[0] and read[n - 1][1] not in ("(", ")", "[", "]")):
            continue
        lone = r[1] in ("(", ")", "[", "]") and n + 1 < len(read) and read[n + 1][0] == r[0]
        option = read[n + 1] if lone else r  # a box of which one bracket alone was read (")" "Apotek")
        if not option[1][:1].isalpha() or not any(abs(option[2] - x) <= width / 3 for x in columns):
            continue
        x0 = option[2] - offset
        level = [w for w in read if w is not r and w is not option and w[3] > x0 - width and w[2] < option[2]
                 and abs((w[4] + w[5]) / 2 - (option[4] + option[5]) / 2) < (option[5] - option[4]) / 2]
        if any(w[1] not in ("x", "X", "|", "(", ")", "[", "]") for w in level):
            continue  # words stand there ("Health" wrapped in its question, "Data" at the options' column)
        mark = _bracket_mark(page, x0, x0 + width, option[4], option[5], margin=True)
        if mark is not None:
            boxes[n + 1 if lone else n] = (r[0], mark, x0, x0 + width, option[4], option[5], 90.0)
            if lone:
                drop.add(n)
    # a box's brackets read as a line of their own beside the option's words ("(|)" over "☐ Gennem KMD"): read twice
    # (or its cross alone: "x")
    drop.update(n for n, r in enumerate(read) if n not in boxes and (_BRACKETS.fullmatch(r[1]) or len(r[1]) <= 2)
                and any(_overlap(r, b) for b in boxes.values()))
    out: list[Read] = []
    for n, r in enumerate(read):
        if n in drop:
            continue
        if n in boxes:
            out.append(boxes[n])
        out.append(r)
    return out


_GLUED_BOX = re.compile(r"(.+[?:])([\[(].{0,2}[\])])")


def _glued_boxes(read: list[Read]) -> list[Read]:
    """A question read together with the box of its first answer ("Sundhedsdatanettet?(x)") as two words, the box's
    place its share of the word's width."""
    out: list[Read] = []
    for r in read:
        m = _GLUED_BOX.fullmatch(r[1])
        if m is None:
            out.append(r)
            continue
        cut = r[2] + (r[3] - r[2]) * len(m.group(1)) / len(r[1])
        out += [(r[0], m.group(1), r[2], cut, *r[4:]), (r[0], m.group(2), cut, r[3], *r[4:])]
    return out


def _bracket_mark(page: Any, x0: float, x1: float, top: float, bottom: float, margin: bool = False) -> str | None:
    """ "☒" or "☐" for two brackets drawn in this part of the page with or without a cross between them, None where
    no bracket stands at either end (ink in the outer fifths); with `margin`, also None where ink stands right
    before it (a word's letters run on there: no box of its own)."""
    width, height = x1 - x0, bottom - top
    if width < 8 or height < 8:
        return None
    pad = int(0.2 * height)
    if margin:
        before = page.crop((max(0, int(x0 - width / 2)), int(top), max(1, int(x0) - 1), int(bottom)))
        if sum(before.point(lambda v: 255 if v < INK else 0).histogram()[255:]) > 0:
            return None
    crop = page.crop((int(x0), max(0, int(top) - pad), int(x1) + 1, int(bottom) + pad))
    ink = crop.point(lambda v: 255 if v < INK else 0)
    w, h = ink.size
    fifth = max(1, w // 5)

    def share(left: int, right: int, upper: int = 0, lower: int = h) -> float:
        part = ink.crop((left, upper, right, lower))
        histogram = part.histogram()
        total = sum(histogram)
        return histogram[255] / total if total else 0.0

    if share(0, fifth) < 0.05 or share(w - fifth, w) < 0.05:
        return None  # no bracket at one end
    middle = share(int(w * 0.3), int(w * 0.7), h // 4, h - h // 4)
    return "☒" if middle > BRACKET_TICKED else "☐"
