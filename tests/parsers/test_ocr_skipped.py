"""Parts of a scanned page that Tesseract's page segmentation leaves out (parsers/documents/skipped.py): a form's
ruled tables, taken for pictures, had no word read at all ("Navn | Lærke Kragh", "Mail | laerke@…", the
networks; outside check seed 22, a form read 5 of 11 from its scan), so their labels and values were lost. They
are found by the ink no word covers and read again."""
from __future__ import annotations

import pathlib

from PIL import Image, ImageDraw, ImageFont

from parsers.documents import ocr, skipped
from tests.servers.ocr import ensure_tesseract


def _table_page() -> Image.Image:
    """A page picture at 300 dpi: a heading read, and under it a ruled two-column table nobody read."""
    page = Image.new("L", (2400, 1400), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=42)
    draw.text((100, 100), "D. KONTAKTPERSON", fill=0, font=font)
    rows = [("Navn", "Lærke Kragh"), ("Mail", "laerke@birkelund.example"), ("Mobil", "9194 2657")]
    y = 250
    for label, value in rows:
        draw.rectangle((100, y, 900, y + 80), outline=110, width=3)
        draw.rectangle((900, y, 2000, y + 80), outline=110, width=3)
        draw.text((120, y + 15), label, fill=0, font=font)
        draw.text((920, y + 15), value, fill=0, font=font)
        y += 80
    return page


HEADING = [((1, 1, 1), "D.", 100.0, 150.0, 100.0, 145.0, 95.0),
           ((1, 1, 1), "KONTAKTPERSON", 170.0, 560.0, 100.0, 145.0, 95.0)]


def test_a_table_no_word_was_read_in_is_read_again(tmp_path: pathlib.Path) -> None:
    """The page's reading had only the heading: the table's labels and values are added, after the heading, and
    the heading is not read twice."""
    ensure_tesseract()
    path = tmp_path / "page.png"
    _table_page().save(path)
    lang = ocr.languages()
    assert lang is not None
    read = skipped.read_again(str(path), list(HEADING), lambda crop, wall: ocr.tesseract(crop, lang, ocr.CROP_CONFIG,
                                                                                          wall), ocr._unruled, 60.0)
    texts = [r[1] for r in read]
    assert texts[:2] == ["D.", "KONTAKTPERSON"]
    assert texts.count("KONTAKTPERSON") == 1
    for word in ("Navn", "Kragh", "Mobil", "2657"):
        assert word in texts, texts
    kragh = read[texts.index("Kragh")]
    assert 900 < kragh[2] < 2000 and 250 < kragh[4] < 330  # where it stands on the page


def test_ink_no_word_covers_is_a_region_and_read_ink_is_not() -> None:
    """A block of letters nobody read is a region; the same letters with a word read over them are none."""
    page = Image.new("L", (1600, 800), 255)
    draw = ImageDraw.Draw(page)
    draw.text((100, 100), "Navn    Lærke Kragh", fill=0, font=ImageFont.load_default(size=44))
    draw.text((100, 400), "Mobil    9194 2657", fill=0, font=ImageFont.load_default(size=44))
    read = [((1, 1, 1), "Mobil", 95.0, 1000.0, 390.0, 460.0, 95.0)]
    found = skipped.regions(page, read)
    assert len(found) == 1
    x0, top, x1, bottom = found[0]
    assert top <= 110 and bottom >= 140 and bottom < 390
