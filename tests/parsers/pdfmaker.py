"""Build varied test PDFs with reportlab: other layouts and wordings than the shared corpus."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

W, H = A4


def pdf(pages: list[list[tuple]], *, image_at: tuple[float, float, float, float] | None = None,
        curve_at: tuple[float, float] | None = None) -> bytes:
    """pages: lists of (x, y_from_top, text[, size]) or ("cols", y, [(x, text), ...])."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for n, items in enumerate(pages):
        for it in items:
            size = it[3] if len(it) > 3 else 10
            c.setFont("Helvetica", size)
            c.drawString(it[0], H - it[1], it[2])
        if n == len(pages) - 1 and image_at:
            x, y, w, h = image_at
            from PIL import Image  # reportlab depends on pillow
            from reportlab.lib.utils import ImageReader
            im = Image.new("RGB", (60, 20), "white")
            for i in range(60):
                im.putpixel((i, 10 + (i % 7) - 3), (0, 0, 0))
            c.drawImage(ImageReader(im), x, H - y - h, w, h)
        if n == len(pages) - 1 and curve_at:
            x, y = curve_at
            p = c.beginPath()
            p.moveTo(x, H - y)
            p.curveTo(x + 20, H - y + 15, x + 40, H - y - 15, x + 60, H - y + 5)
            p.curveTo(x + 80, H - y + 15, x + 100, H - y - 10, x + 120, H - y)
            c.drawPath(p, stroke=1, fill=0)
        c.showPage()
    c.save()
    return buf.getvalue()


def lines(x: float, y0: float, texts: list[str], step: float = 16, size: float = 10) -> list[tuple]:
    return [(x, y0 + i * step, t, size) for i, t in enumerate(texts)]
