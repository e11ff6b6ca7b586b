"""Blocks to a fillable AcroForm (reportlab), filled and flattened by pdftk as a clerk's PDF reader would.

Field boxes start at one fixed column, so a long label may run under its value: the overlapping runs a
flattened form really has.
"""
from __future__ import annotations

import io
import random

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bench.outside import model

FONT_FILES = {"DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "DejaVuSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}


def _fonts() -> None:
    for name, path in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))


class _Form:
    def __init__(self, rng: random.Random) -> None:
        _fonts()
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=A4)
        self.y = A4[1] - 60
        self.x0 = 56.0
        self.col = rng.choice([150.0, 170.0, 200.0])
        self.values: dict[str, str] = {}
        self.n = 0
        self.footer = ""

    def need(self, h: float) -> None:
        if self.y - h < 60:
            self.page()

    def page(self) -> None:
        if self.footer:
            self.c.setFont("DejaVuSans", 7)
            self.c.drawString(self.x0, 30, self.footer)
        self.c.showPage()
        self.y = A4[1] - 60

    def text(self, s: str, size: float = 9.5, bold: bool = False, gap: float = 4) -> None:
        words, line = s.split(), ""
        font = "DejaVuSans-Bold" if bold else "DejaVuSans"
        lines = []
        for w in words:
            if pdfmetrics.stringWidth(line + " " + w, font, size) > 480 and line:
                lines.append(line)
                line = w
            else:
                line = (line + " " + w).strip()
        lines.append(line)
        for ln in lines:
            self.need(size + gap)
            self.c.setFont(font, size)
            self.c.drawString(self.x0, self.y - size, ln)
            self.y -= size + gap

    def field(self, value: str, x: float, w: float, h: float = 14) -> None:
        self.n += 1
        name = f"f{self.n}"
        self.values[name] = value
        self.c.acroForm.textfield(name=name, x=x, y=self.y - h, width=w, height=h, borderWidth=0.5,
                                  fontName="Helvetica", fontSize=9, value="", forceBorder=True)

    def check(self, on: bool, x: float) -> None:
        self.n += 1
        name = f"c{self.n}"
        self.values[name] = "Yes" if on else "Off"
        self.c.acroForm.checkbox(name=name, x=x, y=self.y - 11, size=10, buttonStyle="cross", borderWidth=0.5,
                                 checked=False)

    def block(self, b: model.Block) -> None:
        if isinstance(b, model.Title):
            self.text(b.text, 15, True, 6)
            if b.sub:
                self.text(b.sub, 8.5, gap=10)
        elif isinstance(b, model.Heading) and b.band:
            self.y -= 6
            self.need(20)
            self.c.setFillColorRGB(0.12, 0.31, 0.47)
            self.c.rect(self.x0 - 3, self.y - 15, 486, 16, stroke=0, fill=1)
            self.c.setFillColorRGB(1, 1, 1)
            self.c.setFont("DejaVuSans-Bold", 11)
            self.c.drawString(self.x0, self.y - 11, b.text)
            self.c.setFillColorRGB(0, 0, 0)
            self.y -= 20
        elif isinstance(b, model.Heading):
            self.y -= 6
            self.text(b.text, 11, True)
        elif isinstance(b, model.Para):
            for part in b.text.split("\n"):
                self.text(part, 8 if b.small else 9.5)
        elif isinstance(b, model.Fields) and b.style in ("question", "qbox"):
            for q, v in b.rows:
                self.text(q, 9.5)
                for line in v.split("\n"):
                    self.need(18)
                    self.field(line, self.x0 + (0 if b.style == "qbox" else 20), 440 if b.style == "qbox" else 380)
                    self.y -= 17
                self.y -= 3
        elif isinstance(b, model.Fields) and b.style == "below":
            for i in range(0, len(b.rows), 3):
                part = b.rows[i:i + 3]
                self.need(34)
                self.y -= 4
                for j, (_, v) in enumerate(part):
                    self.field(v, self.x0 + j * 160, 150)
                self.y -= 15
                self.c.setFont("DejaVuSans", 7.5)
                for j, (lab, _) in enumerate(part):
                    self.c.line(self.x0 + j * 160, self.y, self.x0 + j * 160 + 150, self.y)
                    self.c.drawString(self.x0 + j * 160, self.y - 8, lab)
                self.y -= 14
        elif isinstance(b, model.Fields):
            for lab, v in b.rows:
                self.need(20)
                self.c.setFont("DejaVuSans", 9)
                self.c.drawString(self.x0, self.y - 10, lab + ("" if b.style == "nocolon" else ":"))
                self.field(v, self.x0 + self.col, 300)
                self.y -= 19
        elif isinstance(b, model.Grid):
            w = 480 / len(b.header)
            self.need(18)
            self.c.setFont("DejaVuSans-Bold", 8.5)
            for i, h in enumerate(b.header):
                self.c.drawString(self.x0 + i * w, self.y - 10, h)
            self.y -= 15
            for r in b.rows:
                if any("\n" in cell for cell in r):  # a cell of several lines (a service's signer events): text
                    n = max(cell.count("\n") + 1 for cell in r)
                    self.need(11 * n + 6)
                    self.c.setFont("DejaVuSans", 7.5)
                    for i, cell in enumerate(r):
                        for k, part in enumerate(cell.split("\n")):
                            self.c.drawString(self.x0 + i * w, self.y - 9 - 11 * k, part)
                    self.y -= 11 * n + 6
                    continue
                self.need(18)
                for i, cell in enumerate(r):
                    self.field(cell, self.x0 + i * w, w - 4)
                self.y -= 17
        elif isinstance(b, model.Checks) and b.per_line > 1:
            self.text(b.question)
            w = 480 / b.per_line
            for i in range(0, len(b.options), b.per_line):
                self.need(15)
                for j, (t, on) in enumerate(b.options[i:i + b.per_line]):
                    self.check(on, self.x0 + j * w)
                    self.c.setFont("DejaVuSans", 8.5)
                    self.c.drawString(self.x0 + j * w + 14, self.y - 9, t.replace("…………", "________"))
                self.y -= 15
        elif isinstance(b, model.Checks):
            self.text(b.question)
            for t, on in b.options:
                self.need(15)
                self.check(on, self.x0)
                self.c.setFont("DejaVuSans", 9)
                self.c.drawString(self.x0 + 16, self.y - 9, t.replace("…………", "________"))
                self.y -= 15
        elif isinstance(b, model.Columns):
            for x in b.left + b.right:
                self.block(x)
        elif isinstance(b, model.SignLine):
            self.need(40)
            self.y -= 6
            sig = ("/s/ " + b.signature if b.style == "slash" else b.signature) if b.signature else ""
            self.field(sig, self.x0, 220, 18)
            self.y -= 20
            self.c.setFont("DejaVuSans", 7.5)
            self.c.drawString(self.x0, self.y - 8, b.caption)
            self.y -= 14
        elif isinstance(b, model.SignTable):
            self.sign_table(b)
        elif isinstance(b, model.PageBreak):
            self.page()
        elif isinstance(b, model.Footer):
            self.footer = b.text

    def sign_table(self, t: model.SignTable) -> None:
        """The parties' places side by side: static lines above, a signature field on a rule, lines under it."""
        w = 480 / len(t.cells)
        rows = max(len(c.above) for c in t.cells)
        below = max(len(c.below or []) for c in t.cells)
        self.need(14 * (rows + below) + 50)
        top = self.y
        for i, c in enumerate(t.cells):
            x, self.y = self.x0 + i * w, top
            for line in c.above:
                self.c.setFont("DejaVuSans", 9)
                self.c.drawString(x, self.y - 10, line)
                self.y -= 13
            self.y = top - 13 * rows - 8
            sig = ("/s/ " + c.signature if c.style == "slash" else c.signature) if c.signature else ""
            self.field(sig, x, w - 20, 18)
            self.y -= 20
            self.c.line(x, self.y, x + w - 20, self.y)
            for line in c.below or []:
                self.c.setFont("DejaVuSans", 9)
                self.c.drawString(x, self.y - 11, line)
                self.y -= 13
        self.y = top - 13 * rows - 8 - 20 - 13 * below - 8

    def finish(self) -> tuple[bytes, dict[str, str]]:
        if self.footer:
            self.c.setFont("DejaVuSans", 7)
            self.c.drawString(self.x0, 30, self.footer)
        self.c.save()
        return self.buf.getvalue(), self.values


def render(blocks: list[model.Block], rng: random.Random) -> tuple[bytes, dict[str, str]]:
    """(blank fillable PDF, the values to fill in by field name)."""
    f = _Form(rng)
    foot = next((b for b in blocks if isinstance(b, model.Footer)), None)
    if foot:
        f.footer = foot.text
    for b in blocks:
        f.block(b)
    return f.finish()


def xfdf(values: dict[str, str]) -> bytes:
    from xml.sax.saxutils import escape
    fields = "".join(f'<field name="{k}"><value>{escape(v)}</value></field>' for k, v in values.items())
    return ('<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/">'
            f"<fields>{fields}</fields></xfdf>").encode()
