"""A third hand: information forms and agreements drawn with reportlab as a programmer draws them.

Nothing here comes from the reader or from the other renderers' blocks: each document is drawn straight onto
a reportlab canvas (or built from platypus flowables) in layouts and words of its own, the way a pharmacy's,
a dentist's, a municipality's or a foreign branch's developer would produce a PDF: every label and value a
separate `drawString`, runs that touch or overlap on one baseline, values set right with `drawRightString`,
tables of `rect`s and `line`s, check boxes as drawn squares crossed by two lines or holding a ZapfDingbats
tick, Helvetica beside TrueType fonts, a page per section, a page turned by /Rotate, a letterhead with a logo
picture, signatures typed, drawn as a picture, or only on a signing service's evidence page.

The truth is the model's (`forms.form_truth`, the agreements' fields), as for the other renderers.
`plan()` in generate.py asks `document()` for the tool `reportlab`; `render_all` calls `draw()`.
"""
from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bench.outside.agreements import MEDCOM, agreement_truth, written_date
from bench.outside.forms import form_truth
from bench.outside.model import Document
from bench.outside.people import Party, Person, party

FORM_LAYOUTS = ["rl-boxes", "rl-runs", "rl-platypus", "rl-letterhead"]
AGREEMENT_LAYOUTS = ["rl-agr-canvas", "rl-agr-platypus", "rl-agr-evidence"]
# the organisations this hand writes for (dentists and physiotherapists are "practitioner" parties)
FORM_PARTIES = ["pharmacy", "laboratory", "practitioner", "municipality", "foreign", "private_hospital"]
W, H = A4
M = 50.0  # page margin
_FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _ttf() -> tuple[str, str, str]:
    """DejaVu (regular, bold, oblique) when the machine has it, else the standard Helvetica faces."""
    try:
        for name, file in (("DVS", "DejaVuSans.ttf"), ("DVS-B", "DejaVuSans-Bold.ttf"),
                           ("DVS-I", "DejaVuSans-Oblique.ttf")):
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(_FONTS / file)))
        return "DVS", "DVS-B", "DVS-I"
    except Exception:  # noqa: BLE001 - no TrueType font here: the standard faces draw the same words
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


@dataclass
class RLDocument(Document):
    """A Document drawn by `draw(path)` instead of from blocks."""

    draw: Callable[[Path], None] = field(default=lambda p: None)
    # the office file the hand's tool made before its PDF, as (name, bytes): a .docx, a Calc sheet (the `own`
    # delivery sends it instead of the PDF); None when the hand draws the PDF directly
    source: Callable[[], tuple[str, bytes]] | None = None


# ---------------------------------------------------------------- words (this hand's own)

ORG_LABEL = {
    "da": {"pharmacy": "Apotekets navn", "laboratory": "Laboratoriets navn", "practitioner": "Klinikkens navn",
           "municipality": "Myndighed", "foreign": "Filialens navn i Danmark", "private_hospital": "Klinikkens navn"},
    "en": {"pharmacy": "Name of pharmacy", "laboratory": "Name of laboratory", "practitioner": "Name of practice",
           "municipality": "Authority", "foreign": "Name of the Danish branch", "private_hospital": "Name of clinic"},
}
WORDS = {
    "da": {"cvr": ["CVR-nr. (8 cifre)", "Virksomhedens CVR", "CVR/SE"],
           "contact": ["Kontaktperson hos os", "Ansvarlig for aftalen", "Daglig kontakt"],
           "tech": ["IT-kontakt", "Teknisk ansvarlig", "Teknisk kontaktperson"],
           "name": ["Navn (blokbogstaver)", "Navn", "For- og efternavn"],
           "email": ["E-mail", "Mailadresse", "E-mail-adresse"], "phone": ["Telefon", "Tlf. (dag)", "Mobilnr."],
           "nets": ["IP-net (CIDR)", "Lokalt net", "Subnet der skal på SDN"],
           "site": ["Adresse for installation", "Fysisk placering af udstyret", "Hvor skal udstyret stå?"],
           "street": ["Gade og nr.", "Vejnavn og nummer", "Adresse"], "pc": ["Postnr.", "Postnummer"],
           "city": ["By", "Bynavn"], "type": ["Vi er", "Organisationstype (sæt kryds)"],
           "via": ["Kobles I på via KMD?", "Tilsluttes via KMD"],
           "vendor": ["Systemleverandør (hvis I kobles på gennem den)", "Via systemhus"],
           "yes": "Ja", "no": "Nej",
           "title": ["Oplysninger til SDN-tilslutning", "Tilmelding til Sundhedsdatanettet – stamdata",
                     "Skema: tilslutning til SDN"],
           "sec_org": ["Om organisationen", "Stamoplysninger"], "sec_people": ["Personer", "Kontaktoplysninger"],
           "sec_net": ["Netværk", "Teknik"], "sec_site": ["Levering og installation", "Installationsadresse"]},
    "en": {"cvr": ["CVR no. (8 digits)", "Danish company no. (CVR)", "CVR"],
           "contact": ["Our contact for the agreement", "Day-to-day contact", "Responsible person"],
           "tech": ["IT contact", "Technical lead", "Technical contact person"],
           "name": ["Name (block capitals)", "Name", "First and last name"],
           "email": ["E-mail", "Email address", "E-mail address"], "phone": ["Phone", "Tel. (daytime)", "Mobile no."],
           "nets": ["IP network (CIDR)", "Local subnet", "Subnet to be put on SDN"],
           "site": ["Installation address", "Physical location of the equipment", "Where will the box go?"],
           "street": ["Street and no.", "Street address", "Address"], "pc": ["Postcode", "Post code"],
           "city": ["Town", "City"], "type": ["We are", "Type of organisation (tick one)"],
           "via": ["Connected through KMD?", "Connection via KMD"],
           "vendor": ["System vendor (if connected through one)", "Via software house"],
           "yes": "Yes", "no": "No",
           "title": ["Details for connecting to SDN", "Health Data Network sign-up – master data",
                     "Form: SDN connection"],
           "sec_org": ["About the organisation", "Master data"], "sec_people": ["People", "Contact details"],
           "sec_net": ["Network", "Technical"], "sec_site": ["Delivery and installation", "Installation address"]},
}
TYPE_OPTIONS = {
    "da": [("pharmacy", "Apotek"), ("laboratory", "Privat laboratorium"),
           ("practitioner", "Praktiserende læge, tandlæge eller fysioterapeut"), ("municipality", "Kommune"),
           ("private_hospital", "Privat klinik eller hospital"), ("foreign", "Udenlandsk virksomhed (dansk filial)")],
    "en": [("pharmacy", "Pharmacy"), ("laboratory", "Private laboratory"),
           ("practitioner", "GP, dentist or physiotherapist"), ("municipality", "Municipality"),
           ("private_hospital", "Private clinic or hospital"), ("foreign", "Foreign company (Danish branch)")],
}


@dataclass
class Words:
    """One draw of this hand's words for one form."""

    lang: str
    w: dict[str, str]
    org: str

    @classmethod
    def draw(cls, rng: random.Random, p: Party) -> Words:
        lang = p.language
        w = {k: (rng.choice(v) if isinstance(v, list) else v) for k, v in WORDS[lang].items()}
        return cls(lang, w, ORG_LABEL[lang].get(p.party_type, ORG_LABEL[lang]["private_hospital"]))


def _vendor(p: Party) -> str:
    return p.connected_via if p.connected_via not in (None, "KMD") else ""


# ---------------------------------------------------------------- canvas helpers

def _box(c: Canvas, x: float, y: float, on: bool, style: str, size: float = 8.0) -> None:
    """A check box drawn as a square; ticked by two crossing lines or a ZapfDingbats mark."""
    c.setLineWidth(0.7)
    c.rect(x, y, size, size)
    if not on:
        return
    if style == "cross":
        c.line(x + 1.2, y + 1.2, x + size - 1.2, y + size - 1.2)
        c.line(x + 1.2, y + size - 1.2, x + size - 1.2, y + 1.2)
    else:
        c.setFont("ZapfDingbats", size)
        c.drawString(x + 0.8, y + 1, "4" if style == "tick" else "8")


def _logo(rng: random.Random, text: str) -> ImageReader:
    """A letterhead's logo: a coloured mark with initials, as a picture (no text layer)."""
    img = Image.new("RGB", (240, 120), "white")
    d = ImageDraw.Draw(img)
    col = rng.choice([(0, 94, 140), (0, 128, 96), (150, 30, 60), (60, 60, 140)])
    d.ellipse((8, 8, 112, 112), fill=col)
    d.rectangle((120, 40, 232, 80), fill=col)
    d.text((40, 50), "".join(w[0] for w in text.split()[:2]).upper(), fill="white")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return ImageReader(buf)


def _signature_png(rng: random.Random) -> io.BytesIO:
    """A hand-drawn signature: strokes on a transparent picture, no text in it."""
    img = Image.new("RGBA", (360, 110), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    x, y = 10.0, 70.0
    pts = [(x, y)]
    for _ in range(rng.randint(14, 22)):
        x += rng.uniform(8, 22)
        y = max(10.0, min(100.0, y + rng.uniform(-30, 30)))
        pts.append((x, y))
    d.line(pts, fill=(10, 20, 90, 255), width=3, joint="curve")
    d.line([(20, 85), (x, 80 + rng.uniform(-8, 8))], fill=(10, 20, 90, 255), width=2)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return buf


class Pen:
    """A cursor down a canvas page: the next line's baseline, and a new page when the page is full."""

    def __init__(self, c: Canvas, top: float = H - M) -> None:
        self.c, self.y = c, top

    def need(self, h: float) -> None:
        if self.y - h < M + 20:
            self.c.showPage()
            self.y = H - M

    def down(self, h: float) -> None:
        self.y -= h

    def text(self, s: str, font: str = "Helvetica", size: float = 10, x: float = M, lead: float = 0,
             width: float = W - 2 * M) -> None:
        for line in simpleSplit(s, font, size, width):
            self.need(size + 4)
            self.c.setFont(font, size)
            self.c.drawString(x, self.y, line)
            self.down(lead or size * 1.35)


# ---------------------------------------------------------------- forms

def _form_rows(p: Party, wd: Words) -> dict[str, Any]:
    w = wd.w
    inst = p.installation
    org = [(wd.org, p.organisation)] + ([(w["cvr"], p.cvr)] if p.cvr else [])
    if p.foreign_reg:
        org.append(({"da": "Reg.nr. i hjemlandet", "en": "Home-country registration no."}[wd.lang], p.foreign_reg))

    def person_rows(x: Person) -> list[tuple[str, str]]:
        return [(w["name"], x.name), (w["email"], x.email), (w["phone"], x.local_phone)]
    return {"org": org, "contact": person_rows(p.org_contact), "techs": [person_rows(t) for t in p.technical],
            "nets": list(p.ip_scopes),
            "site": [(w["street"], inst.street), (w["pc"], inst.postcode), (w["city"], inst.city)]}


def _draw_boxes(rng: random.Random, p: Party, wd: Words, out: Path) -> None:
    """An official-looking form: every field a ruled cell, its label small at the cell's top, the value under
    it; headings white on dark bands; options with drawn boxes crossed by two lines."""
    c = Canvas(str(out), pagesize=A4)
    w, r = wd.w, _form_rows(p, wd)
    pen = Pen(c)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(M, pen.y, w["title"])
    pen.down(28)
    mark = rng.choice(["cross", "tick", "x"])
    cell_h = 28.0

    def band(text: str) -> None:
        pen.need(60)
        c.setFillColor(colors.HexColor("#1f3b57"))
        c.rect(M, pen.y - 4, W - 2 * M, 16, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(M + 4, pen.y, text)
        c.setFillColor(colors.black)
        pen.down(14)

    def cells(row: list[tuple[str, str]], widths: list[float] | None = None) -> None:
        pen.need(cell_h + 4)
        total = W - 2 * M
        widths = widths or [total / len(row)] * len(row)
        x = M
        top = pen.y
        for (label, value), cw in zip(row, widths, strict=True):
            c.setLineWidth(0.6)
            c.rect(x, top - cell_h, cw, cell_h)
            c.setFont("Helvetica", 6.5)
            c.drawString(x + 2.5, top - 8, label)
            c.setFont("Helvetica", 10)
            c.drawString(x + 4, top - cell_h + 6, value)
            x += cw
        pen.down(cell_h)

    band(w["sec_org"])
    cells(r["org"][:1])
    if len(r["org"]) > 1:
        cells(r["org"][1:])
    pen.down(6)
    c.setFont("Helvetica", 9)
    c.drawString(M, pen.y - 8, w["type"] + ":")
    pen.down(22)
    x = M
    for key, text in TYPE_OPTIONS[wd.lang]:
        width = c.stringWidth(text, "Helvetica", 9) + 22
        if x + width > W - M:
            x = M
            pen.down(14)
        _box(c, x, pen.y - 1, key == p.party_type, mark)
        c.setFont("Helvetica", 9)
        c.drawString(x + 12, pen.y, text)
        x += width
    pen.down(20)
    c.drawString(M, pen.y, w["via"])
    vx = M + c.stringWidth(w["via"], "Helvetica", 9) + 14
    for label, on in ((w["yes"], p.connected_via == "KMD"), (w["no"], p.connected_via != "KMD")):
        _box(c, vx, pen.y - 1, on, mark)
        c.setFont("Helvetica", 9)  # the box may have left ZapfDingbats set
        c.drawString(vx + 12, pen.y, label)
        vx += 50
    pen.down(8)
    cells([(w["vendor"], _vendor(p))])
    pen.down(10)
    band(w["sec_people"])
    c.setFont("Helvetica-Bold", 9)
    pen.need(40)
    c.drawString(M, pen.y - 10, w["contact"])
    pen.down(14)
    cells(r["contact"], [150, 200, W - 2 * M - 350])
    for i, t in enumerate(r["techs"]):
        pen.need(50)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(M, pen.y - 10, f"{w['tech']} {i + 1}" if len(r["techs"]) > 1 else w["tech"])
        pen.down(14)
        cells(t, [150, 200, W - 2 * M - 350])
    pen.down(10)
    band(w["sec_net"])
    for i in range(0, len(r["nets"]), 2):
        cells([(f"{w['nets']} {j + 1}", n) for j, n in enumerate(r["nets"][i:i + 2], start=i)])
    pen.down(10)
    band(w["sec_site"])
    s = r["site"]
    cells([s[0], s[1], s[2]], [240, 80, W - 2 * M - 320])
    c.setFont("Helvetica", 7)
    c.drawString(M, 30, f"{p.organisation} · {p.signature_date:%d.%m.%Y}")
    c.save()


def _draw_runs(rng: random.Random, p: Party, wd: Words, out: Path) -> None:
    """A developer's report: each label one drawString in bold, its value another at the label's end (touching,
    overlapping by a point, or after a small gap), some values set right against the margin with a dotted
    rule between; options ticked with ZapfDingbats in drawn squares."""
    c = Canvas(str(out), pagesize=A4)
    w, r = wd.w, _form_rows(p, wd)
    pen = Pen(c)
    lab_font, val_font = rng.choice([("Helvetica-Bold", "Helvetica"), ("Times-Bold", "Times-Roman"),
                                     ("Helvetica", "Courier")])
    gap = rng.choice([0.0, -0.8, 1.2])
    right = rng.random() < 0.5

    def pair(label: str, value: str, x: float = M) -> None:
        pen.need(16)
        lab = label + ":"
        c.setFont(lab_font, 10)
        c.drawString(x, pen.y, lab)
        c.setFont(val_font, 10)
        if right:
            lw = c.stringWidth(lab, lab_font, 10)
            c.setDash(1, 2)
            c.setLineWidth(0.4)
            c.line(x + lw + 4, pen.y - 1, W - M - c.stringWidth(value, val_font, 10) - 4, pen.y - 1)
            c.setDash()
            c.drawRightString(W - M, pen.y, value)
        else:
            c.drawString(x + c.stringWidth(lab, lab_font, 10) + gap, pen.y, value)
        pen.down(15)

    def head(text: str) -> None:
        pen.need(50)
        pen.down(8)
        c.setFont(lab_font, 12)
        c.drawString(M, pen.y, text.upper() if rng.random() < 0.4 else text)
        c.setLineWidth(0.8)
        c.line(M, pen.y - 3, W - M, pen.y - 3)
        pen.down(20)

    c.setFont(lab_font, 16)
    c.drawCentredString(W / 2, pen.y, w["title"])
    pen.down(34)
    head(w["sec_org"])
    for lab, val in r["org"]:
        pair(lab, val)
    pen.down(4)
    c.setFont(lab_font, 10)
    c.drawString(M, pen.y, w["type"] + ":")
    pen.down(15)
    for key, text in TYPE_OPTIONS[wd.lang]:
        _box(c, M + 10, pen.y - 1, key == p.party_type, "tick")
        c.setFont(val_font, 10)
        c.drawString(M + 24, pen.y, text)
        pen.down(13)
    pen.down(4)
    via = {"da": "Ja" if p.connected_via == "KMD" else "Nej", "en": "Yes" if p.connected_via == "KMD" else "No"}
    pair(w["via"].rstrip("?"), via[wd.lang])
    if _vendor(p):
        pair(w["vendor"], _vendor(p))
    head(w["sec_people"])
    c.setFont(lab_font, 10)
    c.drawString(M, pen.y, w["contact"])
    pen.down(15)
    for lab, val in r["contact"]:
        pair(lab, val, M + 14)
    for i, t in enumerate(r["techs"]):
        pen.need(60)
        c.setFont(lab_font, 10)
        c.drawString(M, pen.y, f"{w['tech']} {i + 1}" if len(r["techs"]) > 1 else w["tech"])
        pen.down(15)
        for lab, val in t:
            pair(lab, val, M + 14)
    head(w["sec_net"])
    for i, n in enumerate(r["nets"]):
        pair(f"{w['nets']} {i + 1}" if len(r["nets"]) > 1 else w["nets"], n)
    head(w["sec_site"])
    for lab, val in r["site"]:
        pair(lab, val)
    c.save()


def _draw_platypus(rng: random.Random, p: Party, wd: Words, out: Path) -> None:
    """Flowables in a TrueType font: Paragraph headings, a two-column Table of labels and values, the
    contacts as a Table with a header row, the options as a Table with an X in the chosen row."""
    reg, bold, _ = _ttf()
    w, r = wd.w, _form_rows(p, wd)
    st = ParagraphStyle("b", fontName=reg, fontSize=10, leading=13)
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=16, leading=20, spaceAfter=10)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5,
                        textColor=colors.HexColor("#204060"))
    grid = TableStyle([("FONT", (0, 0), (-1, -1), reg, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                       ("VALIGN", (0, 0), (-1, -1), "TOP")])
    head_grid = TableStyle([("FONT", (0, 0), (-1, -1), reg, 9.5), ("FONT", (0, 0), (-1, 0), bold, 9.5),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6ee")),
                            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])
    story: list[Any] = [Paragraph(w["title"], h1),
                        Paragraph({"da": f"Returneres til MedCom. Udfyldt af {p.organisation}.",
                                   "en": f"Return to MedCom. Completed by {p.organisation}."}[wd.lang], st),
                        Paragraph(w["sec_org"], h2)]
    story.append(Table([[a, b] for a, b in r["org"]], colWidths=[170, 300], style=grid))
    story.append(Spacer(1, 8))
    story.append(Paragraph(w["type"], st))
    story.append(Table([[text, "X" if key == p.party_type else ""] for key, text in TYPE_OPTIONS[wd.lang]],
                       colWidths=[300, 30], style=grid))
    story.append(Spacer(1, 8))
    yes, no = w["yes"], w["no"]
    story.append(Table([[w["via"], yes if p.connected_via == "KMD" else no]] +
                       ([[w["vendor"], _vendor(p)]] if _vendor(p) else []), colWidths=[250, 220], style=grid))
    story.append(Paragraph(w["sec_people"], h2))
    story.append(Paragraph(w["contact"], st))
    story.append(Table([[a for a, _ in r["contact"]], [b for _, b in r["contact"]]], colWidths=[150, 200, 120],
                       style=head_grid))
    story.append(Spacer(1, 8))
    story.append(Paragraph(w["tech"], st))
    story.append(Table([[a for a, _ in r["techs"][0]]] + [[b for _, b in t] for t in r["techs"]],
                       colWidths=[150, 200, 120], style=head_grid))
    story.append(Paragraph(w["sec_net"], h2))
    story.append(Table([["#", w["nets"]]] + [[str(i + 1), n] for i, n in enumerate(r["nets"])],
                       colWidths=[30, 200], style=head_grid))
    story.append(Paragraph(w["sec_site"], h2))
    story.append(Table([[a, b] for a, b in r["site"]], colWidths=[170, 300], style=grid))
    SimpleDocTemplate(str(out), pagesize=A4, leftMargin=M, rightMargin=M, topMargin=M, bottomMargin=M,
                      title=w["title"]).build(story)


def _draw_letterhead(rng: random.Random, p: Party, wd: Words, out: Path) -> None:
    """The party's letterhead (a logo picture, its name and address set right), one section a page, each label
    above its value; one page stored turned a quarter (/Rotate 90) with its drawing turned back, as a
    programmer's landscape page is."""
    c = Canvas(str(out), pagesize=A4)
    w, r = wd.w, _form_rows(p, wd)
    logo = _logo(rng, p.organisation)
    turned = rng.randrange(4)
    reg, bold, _ = _ttf() if rng.random() < 0.5 else ("Helvetica", "Helvetica-Bold", "")

    def page(i: int, title: str, rows: list[tuple[str, str]], extra: Callable[[Canvas, float], float] | None) -> None:
        pw, ph = W, H
        c.setPageRotation(0)  # reportlab keeps a page's rotation for the pages after it
        if i == turned:
            c.setPageRotation(90)
            c.translate(W, 0)
            c.rotate(90)
            pw, ph = H, W
        c.drawImage(logo, M, ph - M - 40, 80, 40, mask="auto")
        c.setFont(bold, 10)
        c.drawRightString(pw - M, ph - M - 10, p.organisation)
        c.setFont(reg, 8)
        c.drawRightString(pw - M, ph - M - 21, p.office.street)
        c.drawRightString(pw - M, ph - M - 31, f"{p.office.postcode} {p.office.city}")
        y = ph - M - 75
        if i == 0:
            c.setFont(bold, 14)
            c.drawString(M, y, w["title"])
            y -= 26
        c.setFont(bold, 12)
        c.drawString(M, y, f"{i + 1}. {title}")
        y -= 24
        for lab, val in rows:
            if lab.startswith("#"):
                c.setFont(bold, 10)
                c.drawString(M, y, lab[1:])
                y -= 16
                continue
            c.setFont(reg, 8)
            c.setFillColor(colors.HexColor("#555555"))
            c.drawString(M, y, lab)
            c.setFillColor(colors.black)
            c.setFont(reg, 11)
            c.drawString(M, y - 13, val)
            c.setLineWidth(0.3)
            c.line(M, y - 16, M + 300, y - 16)
            y -= 32
        if extra:
            extra(c, y)
        c.setFont(reg, 7)
        c.drawCentredString(pw / 2, 25, {"da": f"Side {i + 1}", "en": f"Page {i + 1}"}[wd.lang])
        c.showPage()

    def types(c: Canvas, y: float) -> float:
        c.setFont(bold, 10)
        c.drawString(M, y, w["type"])
        y -= 16
        for key, text in TYPE_OPTIONS[wd.lang]:
            _box(c, M, y - 1, key == p.party_type, "cross")
            c.setFont(reg, 10)
            c.drawString(M + 14, y, text)
            y -= 14
        return y

    via_val = {"da": ("Ja" if p.connected_via == "KMD" else "Nej"),
               "en": ("Yes" if p.connected_via == "KMD" else "No")}[wd.lang]
    page(0, w["sec_org"], r["org"] + [(w["via"], via_val)] + ([(w["vendor"], _vendor(p))] if _vendor(p) else []),
         types)
    people = [("#" + w["contact"], "")] + r["contact"]
    for i, t in enumerate(r["techs"]):
        people += [("#" + (f"{w['tech']} {i + 1}" if len(r["techs"]) > 1 else w["tech"]), "")] + t
    page(1, w["sec_people"], people, None)
    page(2, w["sec_net"], [(w["nets"] if len(r["nets"]) == 1 else f"{w['nets']} {i + 1}", n)
                           for i, n in enumerate(r["nets"])], None)
    page(3, w["sec_site"], r["site"], None)
    c.save()


FORM_DRAW = {"rl-boxes": _draw_boxes, "rl-runs": _draw_runs, "rl-platypus": _draw_platypus,
             "rl-letterhead": _draw_letterhead}


def form(rng: random.Random, p: Party, layout: str, name: str) -> RLDocument:
    wd = Words.draw(rng, p)
    seed = rng.random()
    return RLDocument(name, [], form_truth(p, name), f"form-{layout}", p.language,
                      draw=lambda out: FORM_DRAW[layout](random.Random(seed), p, wd, out))


# ---------------------------------------------------------------- agreements

AGR_TITLE = {
    ("connection_agreement", "da"): "Aftale om tilslutning til Sundhedsdatanettet",
    ("connection_agreement", "en"): "Agreement for connection to the Health Data Network",
    ("data_processor_agreement", "da"): "Databehandleraftale om Sundhedsdatanettet (SDN)",
    ("data_processor_agreement", "en"): "Data processing agreement – Health Data Network",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale – Sundhedsdatanettet",
    ("sub_data_processor_agreement", "en"): "Sub-data processor agreement – Health Data Network",
}
AGR_ROLE = {
    ("connection_agreement", "da"): ("Tilsluttet organisation", "MedCom"),
    ("connection_agreement", "en"): ("Connected organisation", "MedCom"),
    ("data_processor_agreement", "da"): ("Den dataansvarlige", "Databehandleren"),
    ("data_processor_agreement", "en"): ("The controller", "The processor"),
    ("sub_data_processor_agreement", "da"): ("Databehandleren", "Underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): ("The processor", "The sub-processor"),
}
AGR_TEXT = {
    "da": ["Parterne er enige om, at organisationen kobles på Sundhedsdatanettet på de vilkår, der fremgår af "
           "denne aftale og MedComs til enhver tid gældende driftsbeskrivelse.",
           "Organisationen udpeger en teknisk ansvarlig og giver MedCom besked ved ændringer i netværk og "
           "kontaktpersoner.",
           "Personoplysninger behandles kun efter instruks og opbevares ikke længere end nødvendigt.",
           "Aftalen kan opsiges af begge parter med tre måneders skriftligt varsel."],
    "en": ["The parties agree that the organisation is connected to the Health Data Network on the terms of this "
           "agreement and MedCom's operating description as in force from time to time.",
           "The organisation appoints a technical lead and tells MedCom of any change in networks or contacts.",
           "Personal data are processed only on instruction and kept no longer than needed.",
           "Either party may terminate the agreement with three months' written notice."],
}
SIGNINGS = {"rl-agr-canvas": ["typed", "drawn", "unsigned", "blank"], "rl-agr-platypus": ["drawn", "typed", "unsigned"],
            "rl-agr-evidence": ["evidence", "evidence", "pending"]}
SERVICE = {"da": ("SignKlar", "Bevis for digital underskrift", "Underskrevet", "Afventer underskrift"),
           "en": ("TrustInk", "Signature evidence report", "Signed", "Awaiting signature")}


@dataclass
class Agr:
    """Everything one drawn agreement shows, decided before drawing."""

    p: Party
    kind: str
    lang: str
    signing: str
    date_text: str
    at: datetime | None = None


def _agr_party_table(c: Canvas, pen: Pen, a: Agr) -> None:
    """The parties as a ruled table of rects: labels | the party | MedCom."""
    p = a.p
    mine, theirs = AGR_ROLE[(a.kind, a.lang)]
    lab = {"da": ("Navn", "CVR-nr.", "Adresse"), "en": ("Name", "CVR no.", "Address")}[a.lang]
    rows = [("", mine, theirs), (lab[0], p.organisation, MEDCOM["name"]), (lab[1], p.cvr, MEDCOM["cvr"]),
            (lab[2], f"{p.office.street}, {p.office.postcode} {p.office.city}",
             f"{MEDCOM['street']}, {MEDCOM['town']}")]
    widths = [70.0, 220.0, W - 2 * M - 290]
    rh = 18.0
    for i, row in enumerate(rows):
        x = M
        for j, (txt, cw) in enumerate(zip(row, widths, strict=True)):
            c.setLineWidth(0.5)
            c.rect(x, pen.y - rh, cw, rh)
            c.setFont("Helvetica-Bold" if i == 0 or j == 0 else "Helvetica", 8.5 if j == 2 and i else 9)
            c.drawString(x + 3, pen.y - rh + 5.5, txt)
            x += cw
        pen.down(rh)
    pen.down(16)


def _agr_signature_canvas(rng: random.Random, c: Canvas, pen: Pen, a: Agr) -> None:
    """Two signature places side by side: the party's (date, signature over a rule, name and title as runs
    that touch their labels) and MedCom's, left empty."""
    p = a.p
    pen.need(170)
    mine, _ = AGR_ROLE[(a.kind, a.lang)]
    lab = {"da": ("Dato", "Underskrift", "Navn (blokbogstaver)", "Stilling"),
           "en": ("Date", "Signature", "Name (block capitals)", "Position")}[a.lang]
    blank = a.signing == "blank"
    col = (W - 2 * M) / 2
    top = pen.y
    for k, (who, ours) in enumerate(((f"{'For' if a.lang == 'en' else 'For'} {p.organisation}", True),
                                     ("For MedCom", False))):
        x = M + k * col
        y = top
        c.setFont("Helvetica-Bold", 10)
        c.drawString(x, y, who if ours else who)
        if ours:
            c.setFont("Helvetica", 8)
            c.drawString(x, y - 11, f"({mine.lower()})")
        y -= 30
        c.setFont("Helvetica", 9)
        c.drawString(x, y, lab[0] + ":")
        if ours and not blank:
            c.setFont("Helvetica", 10)
            c.drawString(x + c.stringWidth(lab[0] + ":", "Helvetica", 9) + 2, y, a.date_text)
        y -= 48
        if ours and a.signing == "typed":
            c.setFont("Times-Italic", 18)
            c.drawString(x + 8, y + 6, p.signatory.name)
        elif ours and a.signing == "drawn":
            c.drawImage(ImageReader(_signature_png(rng)), x + 6, y + 1, 150, 44, mask="auto")
        c.setLineWidth(0.7)
        c.line(x, y, x + col - 30, y)
        c.setFont("Helvetica", 7.5)
        c.drawString(x, y - 9, lab[1])
        y -= 26
        for label, value in ((lab[2], p.signatory.name),
                             (lab[3], p.signatory_title)):
            c.setFont("Helvetica", 9)
            c.drawString(x, y, label + ":")
            if ours and not blank:
                c.setFont("Helvetica-Bold", 10)
                c.drawString(x + c.stringWidth(label + ":", "Helvetica", 9) + rng.choice([0.0, -0.5, 1.0]), y,
                             value)
            y -= 16
    pen.y = top - 170


def _draw_agr_canvas(rng: random.Random, a: Agr, out: Path) -> None:
    c = Canvas(str(out), pagesize=A4)
    pen = Pen(c)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(M, pen.y, AGR_TITLE[(a.kind, a.lang)])
    pen.down(30)
    _agr_party_table(c, pen, a)
    for i, text in enumerate(AGR_TEXT[a.lang]):
        pen.text(f"§ {i + 1}", "Helvetica-Bold", 10)
        pen.text(text, "Helvetica", 9.5)
        pen.down(6)
    pen.down(14)
    _agr_signature_canvas(rng, c, pen, a)
    c.save()


def _draw_agr_platypus(rng: random.Random, a: Agr, out: Path) -> None:
    """Flowables: the parties named in a paragraph, the terms, then a signature Table whose cells hold the
    party's name, title and date unlabelled under a rule, a drawn signature picture or a typed one above it."""
    reg, bold, ital = _ttf()
    p = a.p
    st = ParagraphStyle("b", fontName=reg, fontSize=10, leading=14, spaceAfter=6)
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=16, leading=20, spaceAfter=12)
    mine, theirs = AGR_ROLE[(a.kind, a.lang)]
    intro = {"da": f"Mellem {p.organisation}, CVR-nr. {p.cvr}, {p.office.street}, {p.office.postcode} "
                   f"{p.office.city} (herefter {mine.lower()}) og MedCom, CVR-nr. {MEDCOM['cvr']}, "
                   f"{MEDCOM['street']}, {MEDCOM['town']} (herefter {theirs.lower()}) er indgået følgende aftale.",
             "en": f"This agreement is made between {p.organisation}, CVR no. {p.cvr}, {p.office.street}, "
                   f"{p.office.postcode} {p.office.city} ({mine.lower()}) and MedCom, CVR no. {MEDCOM['cvr']}, "
                   f"{MEDCOM['street']}, {MEDCOM['town']} ({theirs.lower()})."}[a.lang]
    story: list[Any] = [Paragraph(AGR_TITLE[(a.kind, a.lang)], h1), Paragraph(intro, st)]
    story += [Paragraph(f"<b>{i + 1}.</b> {t}", st) for i, t in enumerate(AGR_TEXT[a.lang])]
    story.append(Spacer(1, 30))
    if a.signing == "drawn":
        sig: Any = RLImage(_signature_png(rng), 150, 44)
    elif a.signing == "typed":
        sig = Paragraph(f"<i>{p.signatory.name}</i>", ParagraphStyle("s", fontName=ital, fontSize=16, leading=20))
    else:
        sig = ""
    where = {"da": "Sted og dato", "en": "Place and date"}[a.lang]
    left = [Paragraph(f"<b>{'For' if a.lang == 'en' else 'For'} {p.organisation}</b>", st), sig,
            Paragraph(p.signatory.name, st), Paragraph(p.signatory_title, st),
            Paragraph(f"{p.office.city}, {a.date_text}", st)]
    right = [Paragraph("<b>For MedCom</b>", st), "", Paragraph("", st), Paragraph("", st),
             Paragraph(where, st)]
    t = Table([list(x) for x in zip(left, right, strict=True)], colWidths=[240, 240],
              rowHeights=[None, 50, None, None, None])
    t.setStyle(TableStyle([("LINEBELOW", (0, 1), (-1, 1), 0.7, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(t)
    SimpleDocTemplate(str(out), pagesize=A4, leftMargin=M, rightMargin=M, topMargin=M, bottomMargin=M).build(story)


def _draw_agr_evidence(rng: random.Random, a: Agr, out: Path) -> None:
    """The agreement as printed (its signature place empty) and a signing service's evidence page in this
    hand's own words: who signed, how and when, and the document's checksum; or its status page of a round
    the party has not finished."""
    c = Canvas(str(out), pagesize=A4)
    pen = Pen(c)
    p = a.p
    c.setFont("Helvetica-Bold", 15)
    c.drawString(M, pen.y, AGR_TITLE[(a.kind, a.lang)])
    pen.down(30)
    _agr_party_table(c, pen, a)
    for i, text in enumerate(AGR_TEXT[a.lang]):
        pen.text(f"{i + 1}. " + text, "Helvetica", 9.5)
        pen.down(4)
    sig = Agr(p, a.kind, a.lang, "unsigned", "")
    pen.down(20)
    _agr_signature_canvas(rng, c, pen, sig)
    c.showPage()
    service, title, done, waiting = SERVICE[a.lang]
    pen = Pen(c)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(M, pen.y, f"{service} – {title}")
    pen.down(22)
    ref = "".join(rng.choice("0123456789abcdef") for _ in range(24))
    c.setFont("Helvetica", 9)
    for line in ({"da": [f"Dokument: {AGR_TITLE[(a.kind, a.lang)]}", f"Forsendelse: {ref}",
                         f"Sendt af: MedCom ({MEDCOM['name']}) den {(p.signature_date - timedelta(days=3)):%d.%m.%Y}"],
                  "en": [f"Document: {AGR_TITLE[(a.kind, a.lang)]}", f"Envelope: {ref}",
                         f"Sent by: MedCom on {(p.signature_date - timedelta(days=3)):%d %b %Y}"]}[a.lang]):
        c.drawString(M, pen.y, line)
        pen.down(13)
    pen.down(14)
    head = {"da": ["Underskriver", "Organisation", "Metode", "Status", "Tidspunkt"],
            "en": ["Signer", "Organisation", "Method", "Status", "Time"]}[a.lang]
    pending = a.signing == "pending"
    at = a.at or datetime.combine(p.signature_date, time(10, 0))
    stamp = "" if pending else (f"{at:%d.%m.%Y %H:%M:%S}" if a.lang == "da" else f"{at:%Y-%m-%d %H:%M:%S} CET")
    rows = [head, [p.signatory.name, p.organisation, "" if pending else "MitID Erhverv",
                   waiting if pending else done, stamp],
            ["Lone Kirkegaard", "MedCom", "", waiting, ""]]
    widths = [110.0, 150.0, 75.0, 75.0, W - 2 * M - 410]
    for i, row in enumerate(rows):
        x = M
        for txt, cw in zip(row, widths, strict=True):
            c.setLineWidth(0.4)
            c.line(x, pen.y - 5, x + cw, pen.y - 5)
            c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 8 if len(txt) > 24 else 8.5)
            c.drawString(x + 2, pen.y, txt)
            x += cw
        pen.down(17)
    pen.down(14)
    note = {"da": f"Dokumentets kontrolsum (SHA-256): {ref}{ref[:16]}. Beviset er dannet af {service} og hører "
                  "til dokumentet.",
            "en": f"Document checksum (SHA-256): {ref}{ref[:16]}. This report was produced by {service} and "
                  "belongs to the document."}[a.lang]
    pen.text(note, "Helvetica", 8)
    c.save()


AGR_DRAW = {"rl-agr-canvas": _draw_agr_canvas, "rl-agr-platypus": _draw_agr_platypus,
            "rl-agr-evidence": _draw_agr_evidence}


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, name: str) -> RLDocument:
    """One agreement of `kind` drawn in `layout`, signed as `signing` says (typed, drawn, evidence; unsigned:
    printed names but no signature; blank: nothing filled in; pending: the service's round not finished)."""
    lang = p.language
    date_text = "" if signing in ("blank", "evidence", "pending") else written_date(rng, p.signature_date, lang)
    at = datetime.combine(p.signature_date, time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))
    a = Agr(p, kind, lang, signing, date_text, at)
    doc = agreement_truth(p, kind, signing, name)
    seed = rng.random()
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", lang,
                      note=f"signing={signing};variants=", draw=lambda out: AGR_DRAW[layout](random.Random(seed), a,
                                                                                            out))


# ---------------------------------------------------------------- the plan's entry

_counter = {"form": 0, "agr": 0}


def document(rng: random.Random, what: str, name_of: Callable[[Party], str]) -> RLDocument:
    """The next reportlab document of kind `what` (a form, an agreement or the own-template DPA's slot, drawn
    here as a data processing agreement), its layouts and signings in turn."""
    if what == "form":
        p = party(rng, rng.choice(FORM_PARTIES))
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, p, FORM_LAYOUTS[i % len(FORM_LAYOUTS)], name_of(p))
    kind = "data_processor_agreement" if what == "own_template" else what
    p = party(rng, "it_supplier" if kind == "sub_data_processor_agreement" else rng.choice(FORM_PARTIES))
    i = _counter["agr"]
    _counter["agr"] += 1
    layout = AGREEMENT_LAYOUTS[i % len(AGREEMENT_LAYOUTS)]
    signings = SIGNINGS[layout]
    return agreement(rng, p, kind, layout, signings[(i // len(AGREEMENT_LAYOUTS)) % len(signings)], name_of(p))


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "RLDocument", "document", "reset", "form", "agreement"]
