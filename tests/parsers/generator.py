"""Render one truth into many documents: layouts, wordings, check-box styles, spellings, rotation.

The generator knows the truth; the reader does not. Tests compare what the reader makes of each
rendering with the truth, so a reader tuned to one layout or wording shows up as a low figure.
"""
from __future__ import annotations

import io
import pathlib
import random
from dataclasses import dataclass, field
from typing import Any

import pypdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

W, H = A4
DEJAVU = pathlib.Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
if DEJAVU.exists():
    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
FONT = "DejaVu" if DEJAVU.exists() else "Helvetica"

FORM_TRUTH: dict[str, Any] = {
    "organisation": "Kystby Kommune", "cvr": "29189919", "party_type": "municipality", "connected_via": None,
    "org_contact": {"name": "Anna Holm", "email": "anna.holm@kystby.example", "phone": "+4512345678"},
    "technical_contacts": [{"name": "Bo Berg", "email": "bo.berg@kystby.example", "phone": "+4587654321"}],
    "ip_scopes": ["10.1.0.0/24", "10.2.0.0/24"],
    "installation_address": {"street": "Havnevej 1", "postcode": "7000", "city": "Kystby"},
}

# wordings: Danish, English, and words no vocabulary has (the reader must rely on types and sections)
WORDINGS: dict[str, dict[str, str]] = {
    "da": {"title": "Oplysninger til tilslutning", "org_sec": "A. Organisationen", "org": "Organisationens navn",
           "cvr": "CVR-nummer", "type_sec": "B. Type af part", "via_sec": "C. Tilslutning via",
           "contact_sec": "D. Administrativ kontaktperson", "tech_sec": "E. IT-kontaktperson",
           "name": "Fulde navn", "email": "E-mailadresse", "phone": "Telefonnummer", "ip_sec": "F. IP-adresser",
           "addr_sec": "G. Leveringsadresse", "street": "Vejnavn og nr.", "postcode": "Postnummer", "city": "By",
           "kmd": "KMD", "provider": "Systemleverandør", "none": "Ingen af delene", "municipality": "Kommune",
           "region": "Region", "pharmacy": "Apotek"},
    "en": {"title": "Connection details", "org_sec": "1. The organisation", "org": "Organization name",
           "cvr": "Company registration number", "type_sec": "2. Party type", "via_sec": "3. Connected via",
           "contact_sec": "4. Primary contact", "tech_sec": "5. Technical contacts", "name": "Full name",
           "email": "E-mail address", "phone": "Phone number", "ip_sec": "6. IP ranges",
           "addr_sec": "7. Installation site", "street": "Street address", "postcode": "Postal code",
           "city": "Town", "kmd": "KMD", "provider": "System provider", "none": "None", "municipality":
           "Municipality", "region": "Region", "pharmacy": "Pharmacy"},
}


@dataclass
class Style:
    layout: str = "inline"      # inline, nocolon, leaders, stacked, table
    boxes: str = "brackets"     # brackets, glyph, drawn, acro
    words: str = "da"           # da, en
    cvr: str = "{}"             # how the CVR is spelled, e.g. "DK{}", "{0:.2} {2:.2}..."
    phone: str = "plain"        # plain, spaced, intl
    rotate: bool = False        # content drawn sideways on a page with /Rotate, as a printer driver does
    extra: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.layout}-{self.boxes}-{self.words}-{self.phone}{'-rot' if self.rotate else ''}"


def _cvr(style: Style, cvr: str) -> str:
    if style.cvr == "spaced":
        return " ".join(cvr[i:i + 2] for i in range(0, 8, 2))
    if style.cvr == "dk":
        return "DK" + cvr
    return cvr


def _phone(style: Style, e164: str) -> str:
    digits = e164[3:]
    if style.phone == "spaced":
        return " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    if style.phone == "intl":
        return "+45 " + digits[:4] + " " + digits[4:]
    return digits


class _Page:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=A4)
        self.y = 60.0
        self.n = 0
        if style.rotate:  # landscape content on a portrait page, turned back by /Rotate below
            self.c.translate(W, 0)
            self.c.rotate(90)
        self.height = W if style.rotate else H

    def text(self, x: float, s: str, size: float = 10) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.height - self.y, s)

    def line(self, s: str, size: float = 10, gap: float = 18) -> None:
        self.text(60, s, size)
        self.y += gap

    def heading(self, s: str) -> None:
        self.y += 4
        self.line(s, 12, 20)

    def kv(self, label: str, value: str) -> None:
        lay = self.style.layout
        if lay == "inline":
            self.line(f"{label}: {value}")
        elif lay == "nocolon":
            self.line(f"{label}  {value}")
        elif lay == "leaders":
            self.text(60, label + " " + "." * max(3, 40 - len(label)))
            self.text(260, value)
            self.y += 18
        elif lay == "stacked":
            self.line(label, 8, 11)
            self.line(value, 10, 18)
        else:  # table: label cell and value cell, drawn grid
            self.c.rect(55, self.height - self.y - 5, 190, 16)
            self.c.rect(245, self.height - self.y - 5, 260, 16)
            self.text(60, label)
            self.text(250, value)
            self.y += 16

    def options(self, opts: list[tuple[str, bool]]) -> None:
        x = 60.0
        for label, on in opts:
            b = self.style.boxes
            if b == "brackets":
                self.text(x, ("[x] " if on else "[ ] ") + label)
            elif b == "glyph":
                self.text(x, ("☒ " if on else "☐ ") + label)
            elif b == "drawn":
                top = self.height - self.y - 2
                self.c.rect(x, top, 9, 9)
                if on:
                    self.c.line(x + 1, top + 1, x + 8, top + 8)
                    self.c.line(x + 1, top + 8, x + 8, top + 1)
                self.text(x + 13, label)
            else:  # acro
                self.n += 1
                self.c.acroForm.checkbox(name=f"Afkrydsning{self.n}", x=x, y=self.height - self.y - 2, size=9,
                                         checked=on, buttonStyle="cross", borderWidth=1)
                self.text(x + 13, label)
            x += 150
        self.y += 20

    def done(self) -> bytes:
        self.c.showPage()
        self.c.save()
        data = self.buf.getvalue()
        if not self.style.rotate:
            return data
        reader = pypdf.PdfReader(io.BytesIO(data))
        writer = pypdf.PdfWriter()
        page = reader.pages[0]
        page.rotate(270)
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def information_form(style: Style, truth: dict[str, Any] = FORM_TRUTH) -> bytes:
    """The information form holding `truth`, laid out and worded as `style` says."""
    w = dict(WORDINGS[style.words], **style.extra)
    p = _Page(style)
    p.line(w["title"], 15, 26)
    p.heading(w["org_sec"])
    p.kv(w["org"], truth["organisation"])
    p.kv(w["cvr"], _cvr(style, truth["cvr"]))
    p.heading(w["type_sec"])
    p.options([(w[k], truth["party_type"] == k) for k in ("municipality", "region", "pharmacy")])
    p.heading(w["via_sec"])
    via = truth["connected_via"]
    p.options([(w["kmd"], via == "KMD"), (w["provider"], via not in (None, "KMD")), (w["none"], via is None)])
    p.heading(w["contact_sec"])
    oc = truth["org_contact"]
    p.kv(w["name"], oc["name"])
    p.kv(w["email"], oc["email"])
    p.kv(w["phone"], _phone(style, oc["phone"]))
    p.heading(w["tech_sec"])
    for tc in truth["technical_contacts"]:
        p.kv(w["name"], tc["name"])
        p.kv(w["email"], tc["email"])
        p.kv(w["phone"], _phone(style, tc["phone"]))
    p.heading(w["ip_sec"])
    for net in truth["ip_scopes"]:
        p.line(net.replace("/", " / ") if style.layout == "nocolon" else net)
    p.heading(w["addr_sec"])
    addr = truth["installation_address"]
    p.kv(w["street"], addr["street"])
    p.kv(w["postcode"], addr["postcode"])
    p.kv(w["city"], addr["city"])
    return p.done()


LAYOUTS = ["inline", "nocolon", "leaders", "stacked", "table"]
BOXES = ["brackets", "glyph", "drawn", "acro"]


def styles(n: int, seed: int = 12) -> list[Style]:
    """n styles covering every layout, box style and wording, the other choices drawn at random."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        out.append(Style(layout=LAYOUTS[i % len(LAYOUTS)], boxes=BOXES[(i // len(LAYOUTS)) % len(BOXES)],
                         words=("da", "en")[i % 2 if i % 3 else (i + 1) % 2],
                         cvr=rnd.choice(["plain", "spaced", "dk"]), phone=rnd.choice(["plain", "spaced", "intl"]),
                         rotate=i % 7 == 3))
    return out


def score(fields: dict[str, Any], truth: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(right, total, wrong field names): each truth key is one field, compared whole."""
    wrong = [k for k, v in truth.items() if fields.get(k) != v]
    return len(truth) - len(wrong), len(truth), wrong


AGREEMENT_TRUTH: dict[str, Any] = {
    "organisation": "Kystby Kommune", "cvr": "29189919", "signatory_name": "Karen Lund",
    "signatory_title": "Direktør", "signature_date": "2026-11-18", "signed": True,
}
AGREEMENT_WORDS: dict[str, dict[str, str]] = {
    "da": {"title": "Aftale om tilslutning til Sundhedsdatanettet", "party": "Parten", "org": "Navn på organisationen",
           "cvr": "CVR-nr.", "addr": "Adresse", "sig": "Underskrifter", "for_party": "For Parten",
           "for_us": "For MedCom", "date": "Sted og dato", "name": "Navn", "title_l": "Stilling",
           "sign": "Underskrift", "month": "november", "clause": "Parten tilsluttes Sundhedsdatanettet (SDN), som "
           "MedCom driver, og overholder aftalens vilkår."},
    "en": {"title": "Agreement on connection to the Health Data Network", "party": "The Party",
           "org": "Legal name", "cvr": "Company registration no.", "addr": "Address", "sig": "Signatures",
           "for_party": "On behalf of the Party", "for_us": "On behalf of MedCom", "date": "Place and date",
           "name": "Printed name", "title_l": "Position", "sign": "Signature", "month": "November",
           "clause": "The Party is connected to the Health Data Network (SDN), operated by MedCom, on these terms."},
}
PARTY_BLOCKS = ["labels", "table", "columns", "unlabelled", "prose"]
DATES = ["labelled", "place_line", "iso"]


def agreement(block: str = "labels", words: str = "da", date: str = "labelled",
              truth: dict[str, Any] = AGREEMENT_TRUTH) -> bytes:
    """A connection agreement holding `truth`: its party block and signature date written as asked."""
    w = AGREEMENT_WORDS[words]
    p = _Page(Style(layout="table" if block == "table" else "inline"))
    p.line(w["title"], 15, 26)
    org, cvr = truth["organisation"], truth["cvr"]
    if block == "prose":
        p.line(f"{'Mellem' if words == 'da' else 'Between'} {org} (CVR-nr. {cvr})")
        p.line(f"{'og' if words == 'da' else 'and'} MedCom (CVR-nr. 26919991)")
    elif block == "table":
        p.kv("", w["party"] + "                                   MedCom")
        p.kv(w["org"], f"{org}")
        p.kv(w["cvr"], cvr)
        p.kv(w["addr"], "Havnevej 1, 7000 Kystby")
    elif block == "columns":
        p.text(60, w["party"], 12)
        p.text(320, "MedCom", 12)
        p.y += 18
        for label, ours, theirs in ((w["org"], org, "MedCom"), (w["cvr"], cvr, "26919991")):
            p.text(60, f"{label}: {ours}")
            p.text(320, f"{label}: {theirs}")
            p.y += 16
    elif block == "unlabelled":
        p.heading(w["party"])
        p.line(org)
        p.line("Havnevej 1, 7000 Kystby")
        p.line(" ".join(cvr[i:i + 2] for i in range(0, 8, 2)))
        p.heading("MedCom")
        p.line("Forskerparken 10, 5230 Odense M")
    else:
        p.heading(w["party"])
        p.kv(w["org"], org)
        p.kv(w["cvr"], cvr)
        p.heading("MedCom")
        p.kv(w["org"], "MedCom")
    p.y += 10
    for _ in range(6):
        p.line(w["clause"])
    p.heading(w["sig"])
    p.text(60, w["for_party"], 11)
    p.text(320, w["for_us"], 11)
    p.y += 20
    day = {"labelled": f"{w['date']}: Kystby, 18. {w['month']} 2026",
           "place_line": f"Kystby, den 18. {w['month']} 2026", "iso": f"{w['date']}: 2026-11-18"}[date]
    for ours, theirs in ((day, f"{w['date']}: Odense, 20.11.2026"),
                         (f"{w['sign']}: {truth['signatory_name']}", f"{w['sign']}: Mette Jensen"),
                         (f"{w['name']}: {truth['signatory_name']}", f"{w['name']}: Mette Jensen"),
                         (f"{w['title_l']}: {truth['signatory_title']}", f"{w['title_l']}: Direktør")):
        p.text(60, ours)
        p.text(320, theirs)
        p.y += 18
    return p.done()
