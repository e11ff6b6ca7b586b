"""A text layer whose glyphs do not decode but stand where they are drawn (parsers/documents/ocr_layer.py): the
page keeps the layer's layout and fonts and takes its letters from OCR of the page's picture."""
from __future__ import annotations

import io
import pathlib
from collections import defaultdict

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from parsers import read_pdf
from parsers.documents import ocr, ocr_layer
from parsers.documents.page import _page_objects, read_content, text_words
from parsers.documents.page_types import PdfChar
from tests.servers.ocr import ensure_tesseract

from . import tools
from .rows_page import rows_page
from .test_real_tools import unsure

FONTS = "/usr/share/fonts/truetype/dejavu/"
ROWS = [("Organisation", [("Navn på organisation", "Æblehøj Kommune"), ("CVR-nummer", "29189919")]),
        ("Ansvarlig kontaktperson", [("Fulde navn", "Søren Ærø"), ("E-mail", "soren@aeblehoj.example"),
                                     ("Telefon", "12345678")])]


def _form(pages: int = 1, last: str = "") -> bytes:
    """An information form set in DejaVu Serif: a bold title, section headings white on a dark band, labels and
    values in two columns (on each of `pages` pages, the sections in turn)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", FONTS + "DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont("SerifBold", FONTS + "DejaVuSerif-Bold.ttf"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        y = 780.0
        c.setFont("SerifBold", 16)
        c.drawString(60, y, "Informationsskema til Sundhedsdatanettet")
        y -= 40
        for heading, pairs in ROWS[n % len(ROWS):] + ROWS[:n % len(ROWS)]:
            c.setFillColorRGB(0.12, 0.3, 0.5)
            c.rect(58, y - 5, 480, 20, fill=1, stroke=0)
            c.setFillColorRGB(1, 1, 1)
            c.setFont("SerifBold", 12)
            c.drawString(62, y, heading)
            y -= 26
            c.setFillColorRGB(0, 0, 0)
            c.setFont("Serif", 11)
            for label, value in pairs:
                c.drawString(62, y, label)
                c.drawString(300, y, value)
                y -= 20
            y -= 14
        if last and n == pages - 1:
            c.setFont("Serif", 11)
            c.drawString(62, y, last)
        c.showPage()
    c.save()
    return out.getvalue()


def _without_unicode_maps(data: bytes) -> bytes:
    """The PDF with its fonts' ToUnicode maps taken out (as re-encoders leave them): every glyph is read as its
    glyph code, "(cid:42)", but still stands where it is drawn."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def lying_layer() -> bytes:
    tools.ensure("mutool")
    ensure_tesseract()
    return _without_unicode_maps(tools.mutool_convert(_form()))


def test_the_layer_keeps_its_layout_and_fonts_with_the_letters_ocr_sees(lying_layer: bytes) -> None:
    """OCR alone lost the headings set white on a dark band and every word's font; the layer's glyphs read with
    OCR's letters keep both, and a value stays in its own cell beside its label."""
    content = read_content(lying_layer)
    assert content.broken_pages == [1] and content.ocr_pages == [1]  # the layer did not decode; OCR read it
    assert any("glyphs were read with the letters OCR sees" in n for n in content.notes)
    cells = {" ".join(w.text for w in s.words): s for line in content.lines for s in line.segments}
    for _, pairs in ROWS:
        for label, value in pairs:
            assert label in cells and value in cells, (label, value, sorted(cells))
            assert not any(w.bold for w in cells[value].words)
    title = cells["Informationsskema til Sundhedsdatanettet"]
    assert all(w.bold for w in title.words)


def test_headings_set_light_on_dark_are_read_from_their_line_s_crop(lying_layer: bytes) -> None:
    """Tesseract does not read white letters on a dark band on the page; cut out as the layer's line and made
    dark on light, they give their glyphs' letters (OCR's wall-clock budget left out: the machine's load is
    not what is tested)."""
    with pdfplumber.open(io.BytesIO(lying_layer)) as pdf:
        page = pdf.pages[0]
        read = ocr_layer.read_layer(page, _page_objects(page).chars, 600.0)
    assert read is not None and read[0] is not None
    words = [w for w in text_words([c for c in read[0] if c["text"]])]
    text = " ".join(w.text for w in words)
    for heading, _ in ROWS:
        assert heading in text
        assert all(w.bold for w in words if w.text in heading.split())


def test_what_is_read_so_is_still_a_scan_s_reading_for_staff(lying_layer: bytes) -> None:
    doc = read_pdf(lying_layer, "converted.pdf").as_json()
    assert doc["ocr"] is True and any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])
    assert doc["fields"]["organisation"] == "Æblehøj Kommune" or "organisation" in unsure(doc)
    assert doc["fields"]["org_contact"]["email"] == "soren@aeblehoj.example"


def _glyphs(text: str, x: float, top: float) -> list[PdfChar]:
    """A word of a layer whose glyph codes are the letters shifted by one (a cipher), 6 points a glyph."""
    return [PdfChar(text=chr(ord(ch) + 1), x0=x + 6 * n, x1=x + 6 * n + 6, top=top, bottom=top + 10, doctop=top,
                    upright=True, size=10.0, angle=0, fontname="F") for n, ch in enumerate(text)]


def _seen(text: str, x: float, top: float, conf: float = 90.0) -> ocr.Read:
    return ((1, 1, int(top)), text, x + 0.5, x + 6 * len(text) - 0.5, top + 1, top + 9, conf)


def test_a_letter_ocr_misreads_once_is_outvoted_by_its_other_instances() -> None:
    """The same glyph is the same letter wherever it stands: "Søren" read "Sgren" in one place is "Søren"."""
    names = ["Søren", "Sørensen", "Kragsø", "Søborg", "Nørreå", "Søren"]
    chars = [c for n, name in enumerate(names) for c in _glyphs(name, 50, 100 + 20 * n)]
    seen = [_seen(name if n else "Sgren", 50, 100 + 20 * n) for n, name in enumerate(names)]
    votes, groups = ocr_layer._votes(chars, seen)
    decoded = ocr_layer.decode(chars, seen, votes, groups)
    assert decoded is not None
    assert "".join(c["text"] for c in decoded) == "".join(names)


def test_a_layer_ocr_does_not_agree_with_is_not_used() -> None:
    """Glyphs that are not where OCR sees those words (a layer whose boxes are not the page's) give no reading."""
    names = ["Søren", "Sørensen", "Kragsø", "Søborg", "Nørreå", "Aabenraa"]
    chars = [c for n, name in enumerate(names) for c in _glyphs(name, 50, 100 + 20 * n)]
    seen = [_seen(name, 50, 100 + 20 * ((n + 1) % len(names))) for n, name in enumerate(names)]
    votes, groups = ocr_layer._votes(chars, seen)
    assert ocr_layer.decode(chars, seen, votes, groups) is None


def test_an_address_s_at_sign_danish_ocr_read_as_a_letter_is_an_at_sign() -> None:
    """Danish OCR reads "@" as "e" or "æ"; a glyph that stands only between addresses' local parts and their
    domains is their "@", while the "e" of a word stays an "e" (and a letter found in one address only is not
    taken for its "@")."""
    words = ["Kontakt", "dorthe.pape@tornby.example", "og", "signe@tornby.example", "Se", "mazu@dom.example"]
    chars: list[PdfChar] = []
    for n, word in enumerate(words):
        glyphs = _glyphs(word, 50, 100 + 20 * n)
        chars += [PdfChar(**{**g, "text": "#"}) if g["text"] == "A" else g for g in glyphs]  # "@" + 1 is "A"
    table = {("F", chr(ord(ch) + 1)): ch for ch in set("".join(words)) - {"@"}}
    table[("F", "#")] = "e"  # how Danish read the "@"
    assert ocr_layer._at_signs(chars, table) == {("F", "#")}
    table[("F", "#")] = "æ"
    assert ocr_layer._at_signs(chars, table) == {("F", "#")}
    lone = [c for c in chars if c["top"] >= 200]  # one address: its "z" and its "@" read "e" are alike
    assert ocr_layer._at_signs(lone, table) == {("F", "#")}  # "æ" cannot stand in an address's domain
    table[("F", "#")] = "e"
    assert ocr_layer._at_signs(lone, table) == set()


def test_a_ligature_glyph_takes_the_letters_ocr_read_in_its_place() -> None:
    """"Officer" set with an "ffi" ligature is five glyphs and seven letters: the known glyphs line the word
    up, and the ligature takes "ffi" (it was dropped: "Chief Operating O cer")."""
    words = ["Officer", "Chief", "Operating", "record", "Office"]
    chars: list[PdfChar] = []
    for n, word in enumerate(words):
        glyphs = _glyphs(word.replace("ffi", "#"), 50, 100 + 20 * n)
        chars += glyphs
    # OCR's box of each word is as wide as its glyphs
    seen = [((1, 1, n), word, 50.5, 50 + 6 * len(word.replace("ffi", "#")) - 0.5, 101 + 20 * n, 109 + 20 * n, 90.0)
            for n, word in enumerate(words)]
    votes, groups = ocr_layer._votes(chars, seen)
    decoded = ocr_layer.decode(chars, seen, votes, groups)
    assert decoded is not None
    assert "".join(c["text"] for c in decoded) == "".join(words)


def test_an_at_sign_is_found_in_an_address_its_table_cell_wraps() -> None:
    """"bjarke@aalund-" over "sundhed.example" in a narrow cell, beside the name's cell on the same line: the
    glyph Danish read "&" is its "@" (the e-mail was lost)."""
    chars = _glyphs("Bjarke", 50, 100) + _glyphs("bjarkeAaalund-", 150, 100) + _glyphs("sundhed.example", 150, 112)
    chars = [PdfChar(**{**g, "text": "#"}) if g["text"] == "B" and g["x0"] > 100 else g for g in chars]
    table = {("F", chr(ord(ch) + 1)): ch for ch in "Bjarkebjarkaalund-sundhed.example"}
    table[("F", "#")] = "&"
    assert ocr_layer._at_signs(chars, table) == {("F", "#")}


def test_a_glyph_that_draws_no_ink_is_a_space(tmp_path: pathlib.Path) -> None:
    """A space glyph under an OCR word read without its gap ("MadsFynbo") took a letter: "MadsMFynbo"."""
    from PIL import Image, ImageDraw

    px = ocr_layer.RESOLUTION / 72.0
    picture = Image.new("L", (int(200 * px), int(40 * px)), 255)
    glyphs = _glyphs("ab", 10, 10)  # "b" + 1 is "c": a glyph of ink; "a" + 1 is "b": a glyph of none
    x0, top, x1, bottom = (glyphs[1][k] for k in ("x0", "top", "x1", "bottom"))
    ImageDraw.Draw(picture).rectangle((x0 * px + 3, top * px + 3, x1 * px - 3, bottom * px - 3), fill=0)
    path = tmp_path / "page.png"
    picture.save(path)
    assert ocr_layer._blank_glyphs(str(path), glyphs) == {("F", "b")}


def test_a_space_whose_places_an_underline_crosses_is_still_a_space(tmp_path: pathlib.Path) -> None:
    """A glyph's shape is the same wherever it stands: a space glyph in an underlined signature line shows the
    underline's ink there, yet it draws none in most of its places; it stays a space (taken for a letter there,
    every space of the page was that letter: "fSofiefKragh")."""
    from PIL import Image, ImageDraw

    px = ocr_layer.RESOLUTION / 72.0
    picture = Image.new("L", (int(300 * px), int(100 * px)), 255)
    draw = ImageDraw.Draw(picture)
    glyphs = [g for n in range(4) for g in _glyphs("c c", 10, 10 + 20 * n)]  # "c" + 1 is "d"; " " + 1 is "!"
    for g in glyphs:
        if g["text"] == "d":
            draw.rectangle((g["x0"] * px + 3, g["top"] * px + 3, g["x1"] * px - 3, g["bottom"] * px - 3), fill=0)
    draw.rectangle((10 * px, 18 * px, 30 * px, 19.5 * px), fill=0)  # the first line is underlined
    path = tmp_path / "page.png"
    picture.save(path)
    assert ocr_layer._blank_glyphs(str(path), glyphs) == {("F", "!")}


def test_a_word_of_glyphs_decoded_nowhere_else_is_spelt_with_its_ligature() -> None:
    """A typed signature in a script font ("Sofie Kragh" in Z003): its glyphs S, o, fi, e stand in no other word,
    so none is known to line OCR's "Sofie" up with; four glyphs spell five letters one way only, with "fi" as
    Unicode's ligature (the first name was dropped: "Kragh")."""
    chars = _glyphs("So#e", 50, 100) + _glyphs("Kragh", 90, 100)
    seen = [((1, 1, 1), "Sofie", 50.5, 50 + 6 * 4 - 0.5, 101, 109, 90.0), _seen("Kragh", 90, 100)]
    votes, _groups = ocr_layer._votes(chars, seen)
    table = ocr_layer._decided(votes)
    assert "".join(table[ocr_layer._key(c)] for c in chars) == "SofieKragh"
    # more than one way to spell it ("ff" + "i" or "f" + "fi"): no guess
    chars = _glyphs("O#$c", 50, 100)
    assert ocr_layer._spelt(chars, [0, 1, 2, 3], "Offic", {}) is None
    assert ocr_layer._spelt(chars[:3], [0, 1, 2], "Offic", {}) is not None  # "O", "ffi", "c": one way


def test_two_glyphs_of_one_font_are_two_letters() -> None:
    """Danish OCR read the "ö" of "Bergström" as "å" where the font's own "å" glyph stands in other words: the
    glyph with far fewer votes for "å" takes the letter OCR read next most often in its place."""
    votes: ocr_layer.Votes = defaultdict(lambda: defaultdict(float))
    votes[("F", "a")].update({"å": 4.0})
    votes[("F", "b")].update({"å": 1.5, "ö": 0.6})
    votes[("F", "c")].update({"o": 5.0})
    table = ocr_layer._one_letter_each(ocr_layer._decided(votes), votes)
    assert table == {("F", "a"): "å", ("F", "b"): "ö", ("F", "c"): "o"}
    # as strong as each other: neither is known to be wrong, both stay
    votes[("F", "b")]["å"] = 3.0
    assert ocr_layer._one_letter_each(ocr_layer._decided(votes), votes)[("F", "b")] == "å"


def test_a_later_page_in_the_fonts_a_read_page_decoded_is_read_with_their_letters() -> None:
    """The layer's fonts are the document's: a page whose glyphs a page OCR read has all decoded is read with
    those letters and no OCR (the time for OCR ran out before an agreement's signature page); a glyph as wide
    as none decoded there (another font of the same name), or one not decoded there, leaves it to OCR."""
    first = _glyphs("Søren Ærø", 50, 100)
    decoded = [PdfChar(**{**c, "text": ch}) for c, ch in zip(first, "Søren Ærø", strict=True)]
    letters: ocr_layer.Learnt = {}
    ocr_layer.remember(letters, ocr_layer.learnt(first, decoded))
    later = _glyphs("Ærø Søren", 80, 300)
    read = ocr_layer.known(later, letters)
    assert read is not None and "".join(c["text"] for c in read) == "Ærø Søren"
    assert ocr_layer.known(_glyphs("Søren Bø", 80, 300), letters) is None  # "B" was not decoded
    wider = [PdfChar(**{**c, "x1": c["x1"] + 2}) if c["text"] == "T" else c for c in later]  # "S" + 1 is "T"
    assert ocr_layer.known(wider, letters) is None
    # a glyph two pages decoded differently is known to neither
    ocr_layer.remember(letters, ocr_layer.learnt(first, [PdfChar(**{**c, "text": "x"}) for c in first]))
    assert ocr_layer.known(later, letters) is None


def test_a_multi_page_lying_layer_reads_every_page() -> None:
    """mutool convert's fonts are shared by a document's pages: its second page, set in the glyphs of its
    first, is read with the first page's letters."""
    ensure_tesseract()
    tools.ensure("mutool")
    content = read_content(_without_unicode_maps(tools.mutool_convert(_form(pages=2))))
    assert content.layer_pages == [1, 2]
    assert len(content.ocr_seconds) == 1  # the second page needed no OCR
    second = " ".join(ln.text for ln in content.page_lines(2))
    assert "Søren Ærø" in second and "Æblehøj Kommune" in second


def test_a_later_page_with_new_glyphs_has_only_their_lines_read() -> None:
    """A signature page in the fonts of the pages before it, with a name whose letters stand nowhere before:
    the line holding them is read by OCR and the rest keeps the letters the first page decoded."""
    ensure_tesseract()
    tools.ensure("mutool")
    name = "Underskrift: Quincy Wexford"  # Q, U, W, x, y, f, w: glyphs the first page has not
    content = read_content(_without_unicode_maps(tools.mutool_convert(_form(pages=2, last=name))))
    assert content.layer_pages == [1, 2]
    assert any("lines with new ones" in note for note in content.notes)
    second = " ".join(ln.text for ln in content.page_lines(2))
    assert name in second and "Søren Ærø" in second


def test_a_glyph_a_page_left_undecoded_is_not_carried_as_nothing() -> None:
    """A glyph the first page's OCR could not decode ("" there) is no letter to carry: a later page holding it
    is read by OCR, not with the letter dropped ("Lærke iis" for "Lærke Riis")."""
    first = _glyphs("Riis", 50, 100)
    decoded = [PdfChar(**{**c, "text": ch if n else ""}) for n, (c, ch) in enumerate(zip(first, "Riis", strict=True))]
    letters = ocr_layer.learnt(first, decoded)
    assert ("F", "S") not in letters  # "R" + 1
    assert ocr_layer.known(_glyphs("Riis", 80, 300), letters) is None


def _names_page() -> bytes:
    """Names with letters Danish OCR has not ("ö", "ä", "ü") beside Danish ones, in DejaVu Serif."""
    return rows_page(NAMES, "DejaVuSerif.ttf")


NAMES = [("Organisation", "Åbenrå Sundhedshus"), ("Kontaktperson", "Lena Bergström"), ("Adresse", "Mölle Allé 4"),
         ("By", "Næstved"), ("E-mail", "lena@aabenraa.example"), ("Teknisk kontakt", "Jürgen Häkkinen"),
         ("Telefon", "12345678"), ("Bemærkninger", "Ingen særlige forhold at nævne for installationen på stedet"),
         ("Leverandør", "Søndergård og Sønner ApS, Østergade 12")]


def test_a_diaeresis_danish_ocr_cannot_read_is_taken_from_the_glyph_s_ink() -> None:
    """Danish OCR reads "ö" as "å" or "o", "ä" as "å", "ü" as "u" ("Bergstråm"); the glyph's ink is a letter and
    two dots, and its body is the font's "o" (or "a", "u"): it is read "ö", and "å", "ø" stay as they are."""
    tools.ensure("mutool")
    ensure_tesseract()
    content = read_content(_without_unicode_maps(tools.mutool_convert(_names_page())))
    assert content.broken_pages == [1] and content.layer_pages == [1]
    lines = [" ".join(w.text for s in ln.segments for w in s.words) for ln in content.lines]
    for label, value in NAMES:
        assert f"{label} {value}" in lines, (label, value, lines)
