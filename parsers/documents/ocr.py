"""Scanned pages read with Tesseract (Debian's tesseract-ocr with its Danish data) via pytesseract.

A page is rendered with pdfplumber's renderer (pypdfium2) and its words come back with their
positions, so the OCR'd page goes through the same page model as a text layer. OCR runs in the
same bounded child as the other readers (its memory cap covers the tesseract process it starts),
for a few pages only and within a time budget; what it reads is marked as read by OCR, because a
scan's reading is never trusted on its own.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import tempfile
from typing import Any

from .page_types import Word

RESOLUTION = 300          # dpi, grey and smoothed: better letters than 200, at the CPU of the old colour 200
MAX_PAGES = 4             # a scanned agreement or form is a few pages; more is not read by OCR
PAGE_TIMEOUT_S = 8.0
TIME_BUDGET_S = 14.0      # all OCR of one PDF, so that a scan is read well within the parse timeout
MIN_CONFIDENCE = 40.0     # Tesseract's word confidence (0-100) below which a word is dropped

log = logging.getLogger(__name__)


@functools.cache
def languages() -> str | None:
    """"dan+eng" (or what of it is installed), or None when Tesseract is not installed."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        have = set(pytesseract.get_languages(config=""))
    except Exception:  # a broken installation: no OCR, the scan is reported unreadable
        return None
    langs = [lang for lang in ("dan", "eng") if lang in have]
    return "+".join(langs) if langs else None


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


def ocr_page(page: Any, timeout_s: float = PAGE_TIMEOUT_S,
             resolution: int = RESOLUTION) -> tuple[list[Word], float] | None:
    """(words in page coordinates, mean confidence 0..1) of one pdfplumber page (rendered at `resolution`
    dpi, smoothed), or None when OCR is not available or fails."""
    langs = languages()
    if langs is None:
        return None
    # one thread: on a shared two-core machine Tesseract's OpenMP threads only fight each other
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import pytesseract
        from pytesseract.pytesseract import prepare

        with tempfile.TemporaryDirectory(prefix="mailbot-ocr-") as tmp:
            # written as pytesseract writes a picture it is given (its prepare, the same format), so Tesseract
            # reads the same file; but the picture (12 MB at 200 dpi) is let go before Tesseract runs beside
            # this process (bench/hostile_each.py: a page of 5,000 images)
            image, extension = prepare(_picture(page, resolution))
            path = os.path.join(tmp, f"page.{extension.lower()}")
            image.save(path, format=image.format)
            del image
            data = pytesseract.image_to_data(path, lang=langs, config="--psm 3",
                                             output_type=pytesseract.Output.DICT, timeout=timeout_s)
    except Exception as exc:  # timeout, memory cap, a page the renderer refuses
        log.info("OCR of a page failed (%s)", type(exc).__name__)
        return None
    scale = 72.0 / resolution
    read: list[tuple[tuple[Any, ...], str, float, float, float, float, float]] = []
    for i, text in enumerate(data.get("text", [])):
        text = (text or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            continue
        if not text or conf < 0:
            continue
        x0, top = data["left"][i] * scale, data["top"][i] * scale
        x1, bottom = x0 + data["width"][i] * scale, top + data["height"][i] * scale
        line = tuple(data.get(k, [None] * (i + 1))[i] for k in ("block_num", "par_num", "line_num"))
        read.append((line, text, x0, x1, top, bottom, conf))
    words: list[Word] = []
    confs: list[float] = []
    for _, text, x0, x1, top, bottom, conf in _addresses_joined(read):
        if conf < MIN_CONFIDENCE:
            continue
        words.append(Word(text, x0, x1, top, bottom, "ocr"))
        confs.append(conf)
    if not words:
        return None
    return words, sum(confs) / len(confs) / 100.0


# what the two halves must make together: a name "Kragsø Laboratorium" read "Kragsg@ Laboratorium" stays apart
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+[.,;]?")


def _addresses_joined(
        read: list[tuple[tuple[Any, ...], str, float, float, float, float, float]],
) -> list[tuple[tuple[Any, ...], str, float, float, float, float, float]]:
    """Tesseract's words with an e-mail address it cut at its "@" made one again ("mekr@ hvidmose.example":
    the "@" is wider than its neighbours and Tesseract sees a space beside it), within one of its lines; the
    joined word keeps the lower confidence, so a doubtful half still drops the address."""
    out: list[tuple[tuple[Any, ...], str, float, float, float, float, float]] = []
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
