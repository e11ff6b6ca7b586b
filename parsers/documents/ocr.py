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
import shutil
import tempfile
from typing import Any

from .page_types import Word

RESOLUTION = 200          # dpi: enough for printed text at 9 pt and up, and half the time of 300 dpi
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


def ocr_page(page: Any, timeout_s: float = PAGE_TIMEOUT_S) -> tuple[list[Word], float] | None:
    """(words in page coordinates, mean confidence 0..1) of one pdfplumber page, or None when OCR
    is not available or fails."""
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
            image, extension = prepare(page.to_image(resolution=RESOLUTION).original)
            path = os.path.join(tmp, f"page.{extension.lower()}")
            image.save(path, format=image.format)
            del image
            data = pytesseract.image_to_data(path, lang=langs, config="--psm 3",
                                             output_type=pytesseract.Output.DICT, timeout=timeout_s)
    except Exception as exc:  # timeout, memory cap, a page the renderer refuses
        log.info("OCR of a page failed (%s)", type(exc).__name__)
        return None
    scale = 72.0 / RESOLUTION
    words: list[Word] = []
    confs: list[float] = []
    for i, text in enumerate(data.get("text", [])):
        text = (text or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            continue
        if not text or conf < MIN_CONFIDENCE:
            continue
        x0, top = data["left"][i] * scale, data["top"][i] * scale
        x1, bottom = x0 + data["width"][i] * scale, top + data["height"][i] * scale
        words.append(Word(text, x0, x1, top, bottom, "ocr"))
        confs.append(conf)
    if not words:
        return None
    return words, sum(confs) / len(confs) / 100.0
