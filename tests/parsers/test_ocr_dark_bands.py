"""Scans whose section headings are set white on a coloured bar (parsers/documents/dark_bands.py): Tesseract,
told not to invert (it halves its CPU), reads such a heading as noise, and a form named only by its headings
was `unknown` with nothing read (outside check, the "matrix" forms: 0.41 from pictures, 1.00 from text)."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen import canvas

from parsers import read_pdf
from parsers.documents import dark_bands, ocr
from tests.servers.ocr import ensure_tesseract

from . import tools

W, H = 595, 842
SECTIONS = [
    ("Organisation", [("Organisationens navn", "Birkelund Kommune"), ("Virksomhedens CVR", "21373036")]),
    ("IT-ansvarlig", [("Fulde navn", "Dorthe Vestergaard"), ("Telefon", "25 16 70 32")]),
    ("Adresse for opstilling", [("Vej og nr.", "Præstevænget 112"), ("Postnummer", "1731"),
                                ("Bynavn", "København V")]),
    ("Interne netværk (CIDR)", [("Netværk 1", "192.168.227.64/27")]),
]


def _banded_form() -> bytes:
    """A form in the matrix layout's manner: a plain title naming no document, each part under a heading set
    white on a dark-blue bar, its fields in a ruled two-column table."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(W, H))
    c.setFont("Times-Bold", 18)
    c.drawString(60, H - 60, "Tilslutning til SDN")
    y = H - 100
    for heading, rows in SECTIONS:
        c.setFillColor(HexColor("#1f4e79"))
        c.rect(60, y - 6, 475, 20, stroke=0, fill=1)
        c.setFillColor(white)
        c.setFont("Times-Bold", 12)
        c.drawString(66, y, heading)
        c.setFillColor(HexColor("#000000"))
        c.setFont("Times-Roman", 11)
        y -= 26
        for label, value in rows:
            c.rect(60, y - 5, 237, 18, stroke=1, fill=0)
            c.rect(297, y - 5, 238, 18, stroke=1, fill=0)
            c.drawString(64, y, label)
            c.drawString(301, y, value)
            y -= 18
        y -= 22
    c.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def scanned_banded_form() -> bytes:
    tools.ensure("gs")
    ensure_tesseract()
    return tools.gs_picture(_banded_form(), dpi=150)


def test_a_form_named_only_by_its_white_on_dark_headings_is_read_from_its_scan(scanned_banded_form: bytes) -> None:
    """The headings read make it a form and give its tables their parts: the technical contact, the site's
    address and the network are read, and all of it is for staff to confirm."""
    doc = read_pdf(scanned_banded_form, "scan0001.pdf").as_json()
    assert doc["ocr"] is True and doc["kind"] == "information_form"
    fields = doc["fields"]
    assert [t["name"] for t in fields["technical_contacts"]] == ["Dorthe Vestergaard"]
    assert fields["installation_address"]["postcode"] == "1731"
    assert fields["ip_scopes"] == ["192.168.227.64/27"]
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])


def test_a_bar_is_found_by_its_ink_and_bold_print_is_not() -> None:
    """A dark bar is found to its edges; a line of large bold black letters, however dark its strokes, is no
    band (read as it is, it would be inverted into noise)."""
    page = Image.new("L", (1200, 600), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 1100, 160), fill=60)
    draw.text((120, 110), "Teknisk kontakt", fill=255, font=ImageFont.load_default(size=40))
    draw.text((100, 300), "TILSLUTNING TIL SDN", fill=0, font=ImageFont.load_default(size=90), stroke_width=3)
    bands = dark_bands.find(page)
    assert len(bands) == 1
    x0, top, x1, bottom = bands[0]
    assert abs(x0 - 100) <= 2 and abs(top - 100) <= 2 and abs(x1 - 1101) <= 2 and abs(bottom - 161) <= 2
    light = dark_bands.light(page.crop(bands[0]))
    assert light.getpixel((2, 2)) == 255  # the bar's ground is white, its letters dark


def test_an_address_cut_at_its_at_sign_after_a_word_gap_is_one_span_with_its_local_part() -> None:
    """"dorthe.vestergaard" "&birkelund-sundhed.example": the local part ends as a domain does and was read again
    alone, so the two halves were never joined; a capitalised label before the sign ("Mail") is not a local
    part."""
    line = (1, 1, 1)
    read = [(line, "Mail", 0.0, 70.0, 0.0, 43.0, 96.0), (line, "dorthe.vestergaard", 990.0, 1280.0, 0.0, 43.0, 60.0),
            (line, "&birkelund-sundhed.example", 1300.0, 1750.0, 0.0, 43.0, 90.0)]
    assert ocr._reread_spans(read) == [(1, 2)]
    label = [(line, "Mail", 980.0, 1050.0, 0.0, 43.0, 96.0),
             (line, "&birkelund-sundhed.example", 1070.0, 1500.0, 0.0, 43.0, 90.0)]
    assert ocr._reread_spans(label) == [(1,)]


def test_an_address_wrapped_in_its_cell_is_one_span_with_the_domain_s_end_under_it() -> None:
    """"rasmus€havrum-" with the phone beside it and "sundhed.example" under its start: one address to read
    again; a hyphenated word with no sign of an address in it ("Region-") is not."""
    first, second = (1, 1, 1), (1, 1, 2)
    read = [(first, "rasmus€havrum-", 760.0, 1060.0, 1000.0, 1043.0, 30.0),
            (first, "+4561788347", 1300.0, 1560.0, 1000.0, 1043.0, 90.0),
            (second, "sundhed.example", 762.0, 1080.0, 1055.0, 1098.0, 85.0)]
    assert (0, 2) in ocr._reread_spans(read)
    plain = [(first, "Region-", 760.0, 900.0, 1000.0, 1043.0, 90.0),
             (second, "Hovedstaden", 762.0, 1000.0, 1055.0, 1098.0, 90.0)]
    assert ocr._reread_spans(plain) == []


def test_a_tick_read_as_a_lone_v_after_its_option_is_a_tick_and_a_city_s_capital_is_not() -> None:
    line, other = (5, 3, 1), (5, 4, 1)
    read = [(line, "Public", 297.0, 413.0, 936.0, 970.0, 96.0), (line, "hospital", 427.0, 575.0, 936.0, 978.0, 93.0),
            (line, "v", 595.0, 619.0, 940.0, 964.0, 34.0),
            (other, "København", 297.0, 500.0, 990.0, 1030.0, 95.0), (other, "V", 520.0, 540.0, 990.0, 1030.0, 95.0)]
    marked = ocr._check_marks(read)
    assert marked[2][1] == "✓" and marked[2][6] >= ocr.MIN_CONFIDENCE
    assert marked[4][1] == "V"
