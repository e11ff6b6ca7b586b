"""A form's values typed against their boxes' left sides, scanned (parsers/documents/ocr_rules.py): Tesseract's page
segmentation threw each value's first letter away with the box's side ("indholt Laboratorium ApS", "0.235.187.192/26"
for "10.235.187.192/26"; outside check seed 22, pictures-only, a pdftk-filled form). The page is read with its
boxes' sides made white; their rules, a fill-in line and a dark band's heading stay as they were."""
from __future__ import annotations

import io
import pathlib

import pdfplumber
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from parsers.documents import ocr, ocr_rules
from tests.servers.ocr import ensure_tesseract

from . import tools

ROWS = [("Juridisk navn:", "Lindholt Laboratorium ApS"), ("Navn:", "Kasper Gram"),
        ("IP-område 1:", "10.235.187.192/26"), ("IP-område 2:", "172.21.246.0/24"),
        ("Postnummer og by:", "1770 København V")]


def _boxed_form() -> bytes:
    """Labels on the left and each value in a grey box with a black side, typed 1.5 pt from the box's left side
    (as a PDF form's field appearance draws it)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(56, 780, "1. Den tilsluttende organisation")
    y = 740
    for label, value in ROWS:
        c.setFont("Helvetica", 9)
        c.setFillGray(0)
        c.drawString(56, y + 4, label)
        c.setFillColorRGB(0.85, 0.87, 0.97)
        c.setStrokeGray(0)
        c.setLineWidth(1)
        c.rect(200, y, 290, 14, stroke=1, fill=1)
        c.setFillGray(0)
        c.drawString(201.5, y + 3.5, value)
        y -= 26
    c.save()
    return buf.getvalue()


def test_values_typed_against_their_box_s_side_are_read_whole(tmp_path: pathlib.Path) -> None:
    tools.ensure("gs")
    ensure_tesseract()
    path = tmp_path / "scan.pdf"
    path.write_bytes(tools.gs_picture(_boxed_form(), dpi=150))
    with pdfplumber.open(path) as pdf:
        read = ocr.read_page(pdf.pages[0])
    assert read is not None
    texts = [r[1] for r in read]
    for word in ("Lindholt", "Kasper", "10.235.187.192/26", "172.21.246.0/24", "1770"):
        assert word in texts, " ".join(texts)


def test_a_box_s_sides_go_white_and_its_rules_a_fill_in_line_a_dark_band_and_letters_stay() -> None:
    page = Image.new("L", (1600, 900), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 1200, 160), outline=0, width=3)    # a value's box
    draw.rectangle((100, 300, 1500, 380), fill=30)               # a dark band (a heading's bar)
    draw.rectangle((120, 500, 126, 560), fill=0)                 # a letter's stem, standing alone
    draw.line((100, 700, 1200, 700), fill=0, width=2)            # a fill-in line
    out = ocr_rules.unruled_page(page)
    assert out is not None
    px = out.load()
    assert px[101, 130] == 255 and px[1199, 130] == 255          # the box's sides
    assert px[600, 101] == 0 and px[600, 159] == 0               # its top and bottom: a table's rows stay apart
    assert px[600, 700] == 0                                     # the fill-in line
    assert px[600, 340] == 30 and px[600, 301] == 30             # the band, top to bottom
    assert px[123, 530] == 0                                     # the letter's stem
    assert ocr_rules.unruled_page(Image.new("L", (400, 400), 255)) is None
