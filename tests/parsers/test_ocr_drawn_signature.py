"""A signature drawn by hand on a scanned agreement (parsers/documents/ink_marks.py): on a picture the page is one
image, so the pen strokes over the party's line were never seen and a signed agreement read from its scan was
never signed. The strokes are found by their ink where OCR read no word; an empty signature line is no mark,
and a scan is never told "not signed": a person decides."""
from __future__ import annotations

import io
import pathlib
import random

import pytest
from reportlab.pdfgen import canvas

from parsers import read_pdf
from parsers.documents import ink_marks
from tests.servers.ocr import ensure_tesseract

from . import tools

W, H = 595, 842


def _agreement(drawn: bool) -> bytes:
    """A Danish connection agreement whose party signs on a line in the left column of the signature block,
    with a pen scribble over that line (bezier strokes, as a signature pad or a scanned pen gives) or none."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(W, H))
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, 780, "Tilslutningsaftale")
    c.setFont("Helvetica", 11)
    y = 740
    for text in ["Aftale om tilslutning til Sundhedsdatanettet (SDN)", "", "Parten: Kragsø Sygehus",
                 "CVR-nr.: 29189978", "", "MedCom, CVR-nr. 26919991", "",
                 "Parten tilsluttes Sundhedsdatanettet (SDN), som MedCom driver, og overholder aftalens vilkår.",
                 "Aftalen træder i kraft, når den er underskrevet af begge parter."]:
        c.drawString(60, y, text)
        y -= 18
    c.setFont("Helvetica-Bold", 13)
    c.drawString(60, 520, "Underskrifter")
    c.setFont("Helvetica", 11)
    c.drawString(60, 490, "For Kragsø Sygehus")
    c.drawString(330, 490, "For MedCom")
    c.drawString(60, 466, "Dato: 20.11.2026")
    c.drawString(330, 466, "Dato: 21.11.2026")
    c.line(60, 400, 260, 400)
    c.line(330, 400, 530, 400)
    c.drawString(60, 386, "Underskrift")
    c.drawString(330, 386, "Underskrift")
    c.drawString(60, 362, "Navn: Asger Krøyer")
    c.drawString(330, 362, "Navn: Mette Jensen")
    c.drawString(60, 344, "Titel: Direktør")
    c.drawString(330, 344, "Titel: Direktør")
    if drawn:
        rng = random.Random(7)
        c.setLineWidth(1.4)
        x = 75.0
        for _ in range(6):  # loops and strokes of a written name, over the line
            c.bezier(x, 405 + rng.uniform(0, 6), x + 8, 440, x + 18, 395, x + 26, 425 + rng.uniform(-6, 6))
            x += 24
    c.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def scans() -> dict[bool, bytes]:
    tools.ensure("gs")
    ensure_tesseract()
    return {drawn: tools.gs_picture(_agreement(drawn), dpi=150) for drawn in (True, False)}


def test_a_signature_drawn_on_a_scanned_agreement_is_seen_and_left_to_staff(scans: dict[bool, bytes]) -> None:
    doc = read_pdf(scans[True], "scan0001.pdf").as_json()
    assert doc["ocr"] is True and doc["kind"] == "connection_agreement"
    assert doc["fields"]["signed"] is True
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])  # never accepted unseen


def test_an_empty_signature_line_on_a_scan_is_no_signature_and_no_word_to_the_party(scans: dict[bool, bytes]) -> None:
    """The rule and its caption are no pen strokes; not signed is not said from a picture either: staff decide."""
    doc = read_pdf(scans[False], "scan0001.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert not any(p["code"] == "not_signed" for p in doc["problems"])
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])


def test_a_rule_a_frame_and_a_filled_box_are_no_strokes(tmp_path: pathlib.Path) -> None:
    """Found on a picture drawn here: only the scribble is a mark, not the signature line beside it, a table's
    cell or a filled block."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (2000, 1200), 255)
    draw = ImageDraw.Draw(page)
    draw.line((100, 300, 700, 300), fill=0, width=4)                     # an empty signature line
    draw.rectangle((900, 100, 1700, 400), outline=0, width=4)            # a table's cell
    draw.rectangle((100, 600, 500, 760), fill=0)                         # a filled block (a logo)
    points = [(1000 + 12 * k, 800 + (60 if k % 2 else -40) + 3 * k) for k in range(40)]
    draw.line(points, fill=0, width=5, joint="curve")                    # a scribble
    path = f"{tmp_path}/page.png"
    page.save(path)
    marks = ink_marks.find(path, [])
    assert len(marks) == 1
    x0, top, x1, bottom = marks[0]
    assert x0 <= 1000 and x1 >= 1460 and top <= 760 and bottom >= 900
