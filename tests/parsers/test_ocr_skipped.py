"""Parts of a scanned page that Tesseract's page segmentation leaves out (parsers/documents/skipped.py): a form's
ruled tables, taken for pictures, had no word read at all ("Navn | Lærke Kragh", "Mail | laerke@…", the
networks; outside check seed 22, a form read 5 of 11 from its scan), so their labels and values were lost. They
are found by the ink no word covers and read again."""
from __future__ import annotations

import pathlib

from PIL import Image, ImageDraw, ImageFont

from parsers.documents import ocr, ocr_words, skipped
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


def test_an_unsure_word_that_shows_a_value_s_kind_is_not_displaced_by_a_surer_word_that_does_not(
        tmp_path: pathlib.Path) -> None:
    """The page's reading held an address, unsure ("…@…" at 30: the English re-read of addresses would still mend
    it); the part read again gave a surer word there that is no address ("«NV" on a held-out form, here the
    name the cell really shows). The unsure address stands, the surer word over it goes; the rest of the part's
    words are still added."""
    ensure_tesseract()
    path = tmp_path / "page.png"
    _table_page().save(path)
    lang = ocr.languages()
    assert lang is not None
    unsure = ((2, 1, 1), "kragh@birkelund.example", 920.0, 1350.0, 262.0, 312.0, 30.0)  # over "Lærke Kragh"
    read = skipped.read_again(str(path), [*HEADING, unsure],
                              lambda crop, wall: ocr.tesseract(crop, lang, ocr.CROP_CONFIG, wall), ocr._unruled, 60.0)
    texts = [r[1] for r in read]
    assert unsure in read, texts
    assert not any(r[1] in ("Lærke", "Kragh") and skipped._overlap(r, unsure) for r in read), texts
    for word in ("Navn", "Mobil", "2657"):
        assert word in texts, texts


def test_a_re_read_word_may_replace_one_only_keeping_its_value_marks() -> None:
    """An "@" or a run of digits read before must be in the word that replaces it; a word without them may be
    replaced by anything."""
    assert not ocr_words.better_as_value("laerke@birkelund.example", "«NV")
    assert not ocr_words.better_as_value("9194", "Mobil")
    assert ocr_words.better_as_value("faerkegbrkelund", "laerke@birkelund.example")
    assert ocr_words.better_as_value("laerke&birkelund.example", "laerke@birkelund.example")
    assert ocr_words.better_as_value("9l94", "9194")


def test_a_doubtful_line_read_again_keeps_its_address_where_the_band_s_reading_lost_it() -> None:
    """A doubtful line's band read again (ocr._bands) replaces the line, but not an "@" or digits with a word that
    has none: the band's garbage over the address goes, its other words stand."""
    line = [((3, 1, 1), "Mail:", 100.0, 200.0, 400.0, 440.0, 35.0),
            ((3, 1, 1), "ida@vestergaard.example", 220.0, 700.0, 400.0, 440.0, 30.0)]
    again = [(("band", 0, 1, 1, 1), "Mail:", 100.0, 200.0, 401.0, 441.0, 90.0),
             (("band", 0, 1, 1, 1), "«NV", 230.0, 690.0, 401.0, 441.0, 70.0)]
    kept = ocr._kept_values(line, again)
    assert [k[1] for k in kept] == ["Mail:", "ida@vestergaard.example"]
    mended = [again[0], (("band", 0, 1, 1, 1), "ida@vestergaard.example", 220.0, 700.0, 401.0, 441.0, 88.0)]
    assert ocr._kept_values(line, mended) == mended
