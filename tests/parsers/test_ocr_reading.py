"""What the OCR layer makes of a scan's words (parsers/documents/ocr.py), beyond Tesseract's own reading: check
boxes told by their ink, an e-mail address's "@" from a second reading in English, a dash kept in a title.
The pages are drawn with reportlab and made pictures-only by Ghostscript at 150 dpi, as a scanner makes them."""
from __future__ import annotations

import io

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from parsers import read_pdf
from parsers.documents import ocr
from tests.servers.ocr import ensure_tesseract

from . import tools

OPTIONS = ["Kommune", "Region", "Offentligt sygehus", "Privathospital", "Apotek", "Laboratorium", "Udenlandsk"]
TICKED = "Apotek"


def _options_page() -> bytes:
    """A form's party-type question: a square drawn before each option, the ticked one crossed."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, 780, "Informationsskema – tilslutning til Sundhedsdatanettet")
    c.setFont("Helvetica", 11)
    c.drawString(60, 740, "Organisation: Kragsø Apotek")
    c.drawString(60, 720, "Hvilken type organisation er I? Sæt ét kryds")
    for n, option in enumerate(OPTIONS):
        y = 690 - 22 * n
        c.rect(60, y - 1, 10, 10)
        if option == TICKED:
            c.line(61, y, 69, y + 8)
            c.line(61, y + 8, 69, y)
        c.drawString(78, y, option)
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def scanned_options() -> bytes:
    tools.ensure("gs")
    ensure_tesseract()
    return tools.gs_picture(_options_page(), dpi=150)


def _page_words(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        read = ocr.ocr_page(pdf.pages[0])
    assert read is not None
    return [w.text for w in read[0]]


def test_check_boxes_are_told_by_their_ink_not_by_what_tesseract_reads(scanned_options: bytes) -> None:
    """Tesseract read an empty box as "OC", "[I", "CI" or "[" and a crossed one as "xl" or left it out: the
    reader saw no box and no option ticked. Each box is now "☐" or "☒" before its option."""
    words = _page_words(scanned_options)
    before = {words[n + 1]: w for n, w in enumerate(words[:-1]) if w in "☐☒"}
    assert before.get(TICKED) == "☒"
    assert [o.split()[0] for o in OPTIONS if o != TICKED and before.get(o.split()[0]) == "☐"] == [
        o.split()[0] for o in OPTIONS if o != TICKED]


def test_a_scanned_form_s_ticked_party_type_is_read_and_left_to_staff(scanned_options: bytes) -> None:
    doc = read_pdf(scanned_options, "scan0002.pdf").as_json()
    assert doc["ocr"] is True
    assert doc["fields"].get("party_type") == "pharmacy"
    assert any(p["code"] == "uncertain" for p in doc["problems"])


def test_the_at_sign_comes_from_english_and_the_letters_from_danish() -> None:
    """Danish reads "@" as a letter or sign; English reads it, but a 150 dpi scan's letters worse."""
    assert ocr._at_from("ullaæskovlund.example", "ullaa@skovilund.example") == "ulla@skovlund.example"
    assert ocr._at_from("soaaQegelev-sundhed.example", "soaa@egelev-sundhed.example") == "soaa@egelev-sundhed.example"
    assert ocr._at_from("kafyæøskovlund.example", "kafy@skoviund.example") == "kafy@skovlund.example"
    # an address is ASCII: Danish's "å" where English read none is not taken
    assert ocr._at_from("sådnæmedcom.example", "sdn@medcom.example") == "sdn@medcom.example"
    # no "@" in the English reading, or one that cannot be placed: nothing is made up
    assert ocr._at_from("kragsø.example", "kragso.example") is None
    assert ocr._at_from("a.very.long.namexyzexample.dk", "@") is None
    # the "@" read as three signs ("æ&æ", outside check seed 22): the contact's e-mail was None
    assert ocr._at_from("cecilie.abildgaardæ&æhavrum-it.example",
                        "cecilie.abildgaard@havrum-it.example") == "cecilie.abildgaard@havrum-it.example"


def test_an_address_cut_after_a_dot_of_its_domain_is_read_again_whole() -> None:
    """Tesseract saw a space after "havrum-it." and read "vihjæhavrum-it." "example": neither word ends as a
    domain, so the address was not read again in English and the contact's e-mail was None. The two words are
    now one span, read again from their crop."""
    line = (1, 1, 1)
    read = [(line, "E-mail:", 0.0, 60.0, 0.0, 20.0, 95.0), (line, "vihjæhavrum-it.", 80.0, 240.0, 0.0, 20.0, 90.0),
            (line, "example", 250.0, 330.0, 0.0, 20.0, 96.0)]
    assert ocr._reread_spans(read) == [(1, 2)]
    apart = [(line, "Slut.", 0.0, 60.0, 0.0, 20.0, 95.0), (line, "Næste", 200.0, 260.0, 0.0, 20.0, 95.0)]
    assert ocr._reread_spans(apart) == []


def test_a_dash_tesseract_is_unsure_of_stays_between_two_words() -> None:
    line = (1, 1, 1)
    read = [(line, "Information", 0.0, 40.0, 0.0, 10.0, 96.0), (line, "form", 44.0, 60.0, 0.0, 10.0, 92.0),
            (line, "-—", 66.0, 70.0, 4.0, 6.0, 37.9), (line, "connection", 76.0, 120.0, 0.0, 10.0, 96.0)]
    assert [w[1] for w in ocr._dashes_kept(read) if w[6] >= ocr.MIN_CONFIDENCE] == [
        "Information", "form", "–", "connection"]
    noise = [(line, "Mail", 0.0, 20.0, 0.0, 10.0, 67.0), (line, "eee", 24.0, 40.0, 8.0, 9.0, 0.0)]
    assert ocr._dashes_kept(noise) == noise


def test_an_option_s_name_beside_its_box_is_kept_however_unsure_tesseract_is() -> None:
    """"Udenlandsk" read right at confidence 24 beside its box was dropped: the box stood without its option."""
    line = (1, 1, 1)
    assert ocr._option_kept((line, "Udenlandsk", 0.0, 50.0, 0.0, 10.0, 24.5))[6] == ocr.MIN_CONFIDENCE
    assert ocr._option_kept((line, "-=.", 0.0, 5.0, 0.0, 10.0, 20.0))[6] == 20.0  # no word: still dropped


NETWORK_TABLE = """<html><head><meta charset=utf-8><style>
@page { size: A4; margin: 0 }
body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;margin:12mm 15mm}
h2{font-size:11.5pt;margin:12pt 0 4pt;background:#e8eef5;padding:2px 4px}
table{border-collapse:collapse;margin:3pt 0 6pt} td,th{padding:2pt 6pt;vertical-align:top;text-align:left}
table.b td, table.b th{border:0.6pt solid #777}
</style></head><body>
<h1>Informationsskema</h1>
<p>Postnr. og by<br>7141 Frøstrup</p>
<h2>Netværk</h2>
<table class=b><tr><th>Nr.</th><th>Netværk</th></tr><tr><td>1</td><td>172.28.93.0/24</td></tr></table>
<h2>Hvilken type organisation er I?</h2><p>Sæt kryds</p>
</body></html>"""


def test_a_small_ruled_table_read_as_noise_is_read_again_as_a_block() -> None:
    """Tesseract's page segmentation took a small ruled table of networks for a picture: its header read as
    'fr' '[Netværk' '"|' and its one row, the party's network, not at all (ip_scopes [] on pictures-only
    forms of the outside check). Its band of the page is read again as a block of text."""
    tools.ensure("gs", "chromium")
    ensure_tesseract()
    scan = tools.gs_picture(tools.chromium_print(NETWORK_TABLE), dpi=150)
    words = _page_words(scan)
    assert "172.28.93.0/24" in words
    assert words.index("Netværk") < words.index("172.28.93.0/24") < words.index("Hvilken")


def test_a_network_s_dot_read_as_a_comma_is_a_dot_again_only_in_a_network() -> None:
    """"10.153.49,0/24" was lost as no valid network; a list of numbers or a decimal stays as read."""
    assert ocr._network_dots("10.153.49,0/24") == "10.153.49.0/24"
    assert ocr._network_dots("172.28.93,0/24,") == "172.28.93.0/24,"
    assert ocr._network_dots("1,2,3,4") == "1,2,3,4"
    assert ocr._network_dots("12,50") == "12,50"


def test_a_table_s_rules_are_taken_out_of_a_band_read_again() -> None:
    """A ruled table is read as one picture with no word in it; without its rules its cells are lines of text."""
    from PIL import Image, ImageDraw

    band = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(band)
    for y in (10, 60, 110):
        draw.line([(10, y), (390, y)], fill=110, width=2)
    for x in (10, 150, 390):
        draw.line([(x, 10), (x, 110)], fill=110, width=2)
    draw.text((20, 30), "1", fill=0)
    unruled = ocr._unruled(band)
    assert unruled.getpixel((200, 10)) == 255 and unruled.getpixel((150, 80)) == 255
    assert sum(unruled.crop((18, 28, 40, 45)).histogram()[:100]) > 0  # the cell's text stays
