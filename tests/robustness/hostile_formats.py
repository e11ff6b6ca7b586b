"""Hostile Office files and pictures, made here: XML external entities and entity expansion (billion
laughs) in Word, Excel and ODF parts, an Office zip bomb, a 50-megapixel photo, a PNG whose header
claims a billion pixels. Each names the reason it must end with."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from tests.parsers import officemaker as om

from .hostile import Case, _with_pdfs

XXE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       b"<w:t>Informationsskema &xxe;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
          b"<office:body><office:text>&lol9;</office:text></office:body></office:document-content>")


def _replace_part(package: bytes, name: str, data: bytes) -> bytes:
    """The package with one part's bytes replaced (the other parts as they were)."""
    src = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out.getvalue()


def _odt_with(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    return out.getvalue()


def docx_bomb(inflated_mb: int = 200) -> bytes:
    """A Word file whose document part inflates to `inflated_mb` MB of nothing (about 200 KB sent)."""
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(om.word_form()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, src.read(info.filename))
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(inflated_mb):
                part.write(chunk)
    return out.getvalue()


def photo_50_megapixels() -> bytes:
    """A 8,660 x 5,774 JPEG (50 MP, as a phone's main camera takes) of a page of large text."""
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("L", (8660, 5774), 235)
    draw = ImageDraw.Draw(im)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 150)
    except OSError:
        font = ImageFont.load_default()
    for i, line in enumerate(["Tilslutningsaftale", "Sundhedsdatanettet (SDN)", "Organisation: Kystby Kommune",
                              "CVR-nr.: 29189919", "Dato: 18.11.2026", "Navn: Karen Lund"]):
        draw.text((600, 500 + i * 600), line, fill=20, font=font)
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def png_claiming_a_billion_pixels() -> bytes:
    """A PNG header saying 40,000 x 40,000 pixels (1.6 GP), with a few bytes of image data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 40_000, 40_000, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 40_001))
            + chunk(b"IEND", b""))


DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")

FORMAT_CASES = [
    Case("docx_xxe", lambda: _with_pdfs([("Informationsskema.docx", _replace_part(om.word_form(), "word/document.xml",
                                                                                  XXE))], ctype=DOCX),
         expect="declares a DTD"),
    Case("docx_billion_laughs", lambda: _with_pdfs([("Informationsskema.docx", _replace_part(
        om.word_form(), "word/document.xml", LAUGHS))], ctype=DOCX), expect="declares a DTD"),
    Case("xlsx_xxe", lambda: _with_pdfs([("Informationsskema.xlsx", _replace_part(
        om.excel_form(), "xl/workbook.xml", XXE))], ctype=("application", "octet-stream")), expect="declares a DTD"),
    Case("odt_billion_laughs", lambda: _with_pdfs([("Informationsskema.odt", _odt_with(LAUGHS))],
                                                  ctype=("application", "vnd.oasis.opendocument.text")),
         expect="declares a DTD"),
    Case("docx_zip_bomb", lambda: _with_pdfs([("Informationsskema.docx", docx_bomb())], ctype=DOCX),
         expect=("limits.max_inflated_bytes", "zip bomb")),
    Case("photo_50_megapixels", lambda: _with_pdfs([("IMG_5000.JPG", photo_50_megapixels())],
                                                   ctype=("image", "jpeg")),
         expect=("IMG_5000.JPG", "read by OCR")),
    Case("png_claiming_a_billion_pixels", lambda: _with_pdfs([("scan.png", png_claiming_a_billion_pixels())],
                                                             ctype=("image", "png")),
         expect=("far more pixels", "megapixels")),
]
