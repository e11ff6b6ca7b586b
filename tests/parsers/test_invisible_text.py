"""Text a page does not show (parsers/documents/invisible.py): a "searchable PDF" made by Tesseract lays OCR's
words over the page's picture as invisible text; it is read as a scan, never as a trustworthy text layer."""
from __future__ import annotations

import io
import pathlib
import subprocess
import tempfile

import pdfplumber

from parsers import read_pdf
from parsers.documents.invisible import all_invisible, shown_glyphs
from parsers.documents.page import read_content
from tests.servers.ocr import ensure_tesseract

from . import tools
from .test_ocr_layer import FONTS, _form


def _tesseract_pdf(data: bytes, lang: str) -> bytes:
    """What `ocrmypdf` or a scanner's "searchable PDF" gives: the page as a picture (pdftoppm, 150 dpi) with
    Tesseract's words over it as invisible text (`tesseract page.png out -l LANG pdf`)."""
    tools.ensure("poppler")
    ensure_tesseract()
    with tempfile.TemporaryDirectory(prefix="tess-layer-") as tmp:
        src = pathlib.Path(tmp) / "in.pdf"
        src.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(src), f"{tmp}/page"], check=True,
                       capture_output=True, timeout=120)
        subprocess.run(["tesseract", f"{tmp}/page.png", f"{tmp}/out", "-l", lang, "pdf"], check=True,
                       capture_output=True, timeout=300)
        return (pathlib.Path(tmp) / "out.pdf").read_bytes()


def _drawn(mode: int) -> bytes:
    """A page of text drawn by reportlab in text rendering mode `mode` (0 shows it, 3 shows nothing)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    t = c.beginText(60, 780)
    t.setTextRenderMode(mode)
    t.setFont("Helvetica", 11)
    for line in ["Organisation: Kystby Kommune", "CVR-nummer: 29189919", "E-mail: karen@kystby.example"]:
        t.textLine(line)
    c.drawText(t)
    c.showPage()
    c.save()
    return out.getvalue()


def test_text_drawn_invisibly_is_told_from_text_shown() -> None:
    with pdfplumber.open(io.BytesIO(_drawn(3))) as pdf:
        hidden, shown = shown_glyphs(pdf.pages[0])
        assert hidden > 50 and shown == 0 and all_invisible(pdf.pages[0])
    with pdfplumber.open(io.BytesIO(_drawn(0))) as pdf:
        assert shown_glyphs(pdf.pages[0]) == (0, 0) and not all_invisible(pdf.pages[0])


def test_a_tesseract_text_layer_over_a_picture_is_read_as_a_scan() -> None:
    """English OCR's layer over a Danish form (what a scanner set to English makes): its words read like a text
    layer's, but they are one program's guess at the picture; the page is read as a scan, for staff."""
    data = _tesseract_pdf(_form(), "eng")
    content = read_content(data)
    assert content.ocr_pages == [1]
    assert any("invisible" in n for n in content.notes)
    doc = read_pdf(data, "scannet skema.pdf").as_json()
    assert doc["ocr"] is True
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])


def test_a_text_layer_that_shows_its_text_is_read_as_before() -> None:
    content = read_content(_drawn(0))
    assert content.ocr_pages == [] and not any("invisible" in n for n in content.notes)
    assert any("Kystby Kommune" in " ".join(w.text for s in ln.segments for w in s.words) for ln in content.lines)


def _ocrmypdf_scan(data: bytes) -> bytes:
    """A scanner's "searchable PDF" as ocrmypdf makes it: the page scanned (200 dpi, grey, turned 2 degrees, JPEG
    at quality 60) and ocrmypdf's Tesseract words grafted onto the page as an invisible form XObject."""
    import sys

    from PIL import Image

    tools.ensure("poppler", "gs")
    ensure_tesseract()
    with tempfile.TemporaryDirectory(prefix="ocrmypdf-") as tmp:
        src = pathlib.Path(tmp) / "in.pdf"
        src.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(src), f"{tmp}/page"],
                       check=True, capture_output=True, timeout=120)
        page = Image.open(f"{tmp}/page.png").convert("L").rotate(2.0, resample=Image.Resampling.BICUBIC,
                                                                 fillcolor=255)
        jpeg = io.BytesIO()
        page.save(jpeg, "JPEG", quality=60)
        Image.open(io.BytesIO(jpeg.getvalue())).save(f"{tmp}/scan.pdf", "PDF", resolution=200)
        ocrmypdf = pathlib.Path(sys.executable).with_name("ocrmypdf")
        subprocess.run([str(ocrmypdf), "-q", "-l", "dan", "--output-type", "pdf", f"{tmp}/scan.pdf",
                        f"{tmp}/out.pdf"], check=True, capture_output=True, timeout=300)
        return (pathlib.Path(tmp) / "out.pdf").read_bytes()


def test_an_ocrmypdf_layer_grafted_on_as_a_form_xobject_is_read_as_a_scan() -> None:
    """ocrmypdf draws its invisible words in a form XObject of their own ("/OCR-... Do"), not in the page's
    content: read as a text layer, OCR's "soren&aeblehoj.example" left the e-mail unread with no doubt (a
    `missing_field` the party would be told). Its mode is found in the form XObject; the page is a scan."""
    data = _ocrmypdf_scan(_form())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all_invisible(pdf.pages[0])
    content = read_content(data)
    assert content.ocr_pages == [1]
    doc = read_pdf(data, "scannet skema.pdf").as_json()
    assert doc["ocr"] is True
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])


def _image_over_text(data: bytes) -> bytes:
    """What some scanners write: OCR's words (Tesseract's, from the scanned page) drawn in a visible mode, and
    the page's picture drawn over them, hiding them (reportlab places each word where Tesseract found it)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    tools.ensure("poppler")
    ensure_tesseract()
    with tempfile.TemporaryDirectory(prefix="img-over-text-") as tmp:
        src = pathlib.Path(tmp) / "in.pdf"
        src.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(src), f"{tmp}/page"],
                       check=True, capture_output=True, timeout=120)
        tsv = subprocess.run(["tesseract", f"{tmp}/page.png", "-", "-l", "eng", "tsv"], check=True,
                             capture_output=True, text=True, timeout=300).stdout
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=A4)
        scale = 72.0 / 200
        for row in tsv.splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) == 12 and cols[11].strip():
                left, top, height = (int(cols[i]) * scale for i in (6, 7, 9))
                c.setFont("Helvetica", max(4.0, height))
                c.drawString(left, A4[1] - top - height, cols[11])
        c.drawImage(ImageReader(f"{tmp}/page.png"), 0, 0, *A4)
        c.showPage()
        c.save()
        return out.getvalue()


def test_ocr_words_under_the_page_picture_are_read_as_a_scan() -> None:
    """OCR's words drawn visibly but under the scan's picture (a scanner's "image over text"): hidden just the
    same, one program's guess at the picture; the page is read by OCR, for staff."""
    data = _image_over_text(_form())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        hidden, shown = shown_glyphs(pdf.pages[0])
        assert hidden > 50 and shown == 0
    doc = read_pdf(data, "scannet skema.pdf").as_json()
    assert doc["ocr"] is True
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])


def test_text_over_a_picture_covering_the_page_is_shown() -> None:
    """A letterhead's full-page background picture drawn first and the text over it: the text is the page's."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawImage(ImageReader(Image.new("L", (200, 280), 235)), 0, 0, *A4)
    c.setFont("Helvetica", 11)
    c.drawString(60, 780, "Organisation: Kystby Kommune")
    c.showPage()
    c.save()
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        hidden, shown = shown_glyphs(pdf.pages[0])
        assert hidden == 0 and shown > 20 and not all_invisible(pdf.pages[0])


def test_a_few_invisible_words_over_a_picture_on_a_text_page_are_for_staff() -> None:
    """`ocrmypdf --redo-ocr` keeps a page's text and lays OCR's words over a picture on it (here a pasted
    picture of "CVR 12345678"): the page stays a text layer, but a value read from those invisible words is
    OCR's guess, `uncertain` for staff (it was read as sure, the CVR told to the party as failing its check)."""
    import sys

    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = PILImage.new("L", (900, 160), 255)
    ImageDraw.Draw(picture).text((20, 40), "CVR 12345678", fill=0,
                                 font=ImageFont.truetype(FONTS + "DejaVuSerif.ttf", 60))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 11)
    for n, line in enumerate(["Informationsskema til Sundhedsdatanettet", "Navn på organisation: Kystby Kommune",
                              "E-mail: karen@kystby.example"]):
        c.drawString(60, 780 - 20 * n, line)
    c.drawImage(ImageReader(picture), 60, 600, 225, 40)
    c.showPage()
    c.save()
    tools.ensure("gs")
    ensure_tesseract()
    with tempfile.TemporaryDirectory(prefix="redo-ocr-") as tmp:
        (pathlib.Path(tmp) / "in.pdf").write_bytes(out.getvalue())
        subprocess.run([str(pathlib.Path(sys.executable).with_name("ocrmypdf")), "-q", "-l", "dan", "--redo-ocr",
                        "--output-type", "pdf", f"{tmp}/in.pdf", f"{tmp}/out.pdf"], check=True, capture_output=True,
                       timeout=300)
        data = (pathlib.Path(tmp) / "out.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        hidden, shown = shown_glyphs(pdf.pages[0])
        assert 0 < hidden < shown and not all_invisible(pdf.pages[0])
    doc = read_pdf(data, "skema.pdf").as_json()
    assert doc["ocr"] is False and doc["fields"]["organisation"] == "Kystby Kommune"
    assert doc["fields"]["cvr"] == "12345678"
    assert any(p["code"] == "uncertain" and p.get("field") == "cvr" for p in doc["problems"])
    assert not any(p["code"] == "uncertain" and p.get("field") == "organisation" for p in doc["problems"])
