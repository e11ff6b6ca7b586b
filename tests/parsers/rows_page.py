"""A page of labels and values in a column each, drawn by reportlab in a TrueType font (a subset with its own
map, which rewriters lose): the page the OCR-layer and unmapped-glyph tests rewrite and read back."""
from __future__ import annotations

import io

FONTS = "/usr/share/fonts/truetype/dejavu/"


def rows_page(rows: list[tuple[str, str]], font_file: str, title: str | None = None) -> bytes:
    """One A4 page: `title` at 14 pt if given, then each (label, value) at 11 pt, 20 pt apart, the values at x=250."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    name = font_file.rsplit("/", 1)[-1].removesuffix(".ttf")
    pdfmetrics.registerFont(TTFont(name, font_file if "/" in font_file else FONTS + font_file))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    y = 780.0
    if title is not None:
        c.setFont(name, 14)
        c.drawString(60, 800, title)
        y = 760.0
    c.setFont(name, 11)
    for label, value in rows:
        c.drawString(60, y, label)
        c.drawString(250, y, value)
        y -= 20
    c.showPage()
    c.save()
    return out.getvalue()
