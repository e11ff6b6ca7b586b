"""An eighth hand: information forms and agreements as a region's IT department, a care centre, a pharmacy, a
physiotherapist, a private hospital, a telemedicine company abroad or a system supplier would make them, with tools
none of the seven other hands uses: LibreOffice **Calc** (a form laid out as a spreadsheet, merged cells and
borders), LibreOffice **Draw** (a form as text frames placed on two drawing pages), **pango-view** (Pango and
Cairo: plain marked-up text, one long page), **xhtml2pdf** (HTML and CSS of its own, no browser) and
**python-docx** with Word's own features (the party block in the page header, nested tables, a picture of a
signature, a typed name in a script font) converted by LibreOffice.

Written without reading the reader (issue 22): from MedCom's seed (what the agreements and the form must hold),
the domain, and the truth the other hands return (`forms.form_truth`, `agreements.agreement_truth`). Its own
words and ways:

* phone numbers in every Danish way ("+45 12 34 56 78", "(+45) 12345678", "tlf. 1234 5678", "0045 1234 5678"),
  CVR as "DK-12345678", "CVR nr.: 12 34 56 78" or bare; a "c/o" line above the street;
* the contacts one row per person with the role in the first column, or "Navn / e-mail / telefon" in one cell;
* a questionnaire with the answers on the next line, the connection asked as two yes/no questions ("Via KMD?
  Nej", "Via a supplier? Ja, Novax");
* ticks as "X" in a column, ☑/☐, ✓ after the chosen option, or "Ja"/"Nej";
* signing: evidence pages of Penneo, Visma Addo, DocuSign, Adobe Acrobat Sign, Scrive, Verified, Dokobit, MitID
  Erhverv, Oneflow and Signicat in its own words (Danish and English), an inline "signed digitally" line, a
  picture of a handwritten signature, a typed name in a script font (URW Z003); unsigned, pending and blank
  agreements; forms with a field truly left empty; the party's own data processing agreement (not the SDN one).

`plan()` in generate.py asks `document()` for the tool `eighth`; `render_all` calls `draw()`; `cases.py --hand
eighth` asks `case_document()`.
"""
# ruff: noqa: E501
# (the flat ODS and ODG files' XML heads below are kept as LibreOffice writes them, one element a line)
from __future__ import annotations

import html as H
import io
import random
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xesc

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth_for, party_lacking
from bench.outside.people import Party, party
from bench.outside.render_reportlab import RLDocument

# Debian packages of this hand's command-line tools (tests/servers/_util.py installs them when missing);
# xhtml2pdf and python-docx come from PyPI (python-docx is a main dependency, xhtml2pdf a dev extra)
PACKAGES = {"pango-view": "pango1.0-tools", "soffice": "libreoffice-writer-nogui"}
LO_PARTS = {"scalc": "libreoffice-calc-nogui", "sdraw": "libreoffice-draw-nogui"}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SCRIPT_FONT = Path("/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf")

FORM_LAYOUTS = ["s8-calc-sheet", "s8-pango-questions", "s8-xhtml-cells", "s8-draw-frames", "s8-docx-header"]
AGREEMENT_LAYOUTS = ["s8-agr-docx", "s8-agr-xhtml", "s8-agr-pango"]
SERVICES = ["oneflow", "signicat", "verified", "penneo", "addo", "docusign", "acrobat", "scrive", "dokobit",
            "mitid"]
SIGNINGS = {"s8-agr-docx": ["script", "image", "unsigned", "image", "blank"],
            "s8-agr-xhtml": ["evidence", "pending", "evidence", "unsigned", "evidence"],
            "s8-agr-pango": ["inline", "script", "pending", "inline", "unsigned"]}
FORM_PARTIES = [None, "region", "municipality", "pharmacy", "practitioner", "private_hospital", "foreign",
                "it_supplier", "public_hospital", "laboratory"]
EMPTY_EVERY = 3  # every third form leaves one field truly empty
EMPTIES = ["site", "tech_phone", "ip_scopes"]

MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}

# ---------------------------------------------------------------- this hand's words

KIND = {
    "da": {"region": "Region (regionens IT)", "municipality": "Kommune / kommunal institution",
           "public_hospital": "Hospital i offentligt regi", "private_hospital": "Privathospital eller privatklinik",
           "practitioner": "Praksis med ydernummer (almen læge, speciallæge, tandlæge, fysioterapeut)",
           "pharmacy": "Apotek eller apoteksfilial", "laboratory": "Laboratorium (privat ejet)",
           "it_supplier": "Systemhus / IT-leverandør til sundhedssektoren",
           "foreign": "Virksomhed med hjemsted uden for Danmark"},
    "en": {"region": "Danish region (regional IT)", "municipality": "Municipality or municipal care unit",
           "public_hospital": "Hospital run by the public sector", "private_hospital": "Private hospital or clinic",
           "practitioner": "Practice with a provider number (GP, specialist, dentist, physiotherapist)",
           "pharmacy": "Pharmacy or pharmacy branch", "laboratory": "Laboratory (privately owned)",
           "it_supplier": "Software house / IT vendor to the health sector",
           "foreign": "Company based outside Denmark"},
}
W = {  # labels, each a few ways
    "da": {"title": ["SDN – oplysninger til opsætning af forbindelse", "Skema: tilslutning til Sundhedsdatanettet",
                     "Stamoplysninger til SDN-tilslutning"],
           "org": ["Organisationens navn", "Juridisk enhed", "Virksomhed / myndighed"],
           "cvr": ["CVR", "CVR nr.", "CVR-nummer (SE)"],
           "kind": ["Hvilken slags organisation er I?", "Organisationstype", "Vi er"],
           "via": ["Hvordan kobles I på SDN?", "Forbindelsesvej", "Adgang til SDN sker"],
           "direct": ["Direkte – egen SD-WAN-boks", "Selvstændigt (egen forbindelse)"],
           "kmd": ["Gennem KMD", "Via KMD's aftale"],
           "vendor": ["Gennem vores journalsystemleverandør:", "Via systemleverandør:"],
           "s_org": ["1  Organisationen", "Del A – Om organisationen", "Organisation"],
           "s_contact": ["2  Den ansvarlige hos jer", "Del B – Kontakt vedr. aftalen", "Organisatorisk kontaktperson"],
           "s_tech": ["3  Teknikere", "Del C – Teknisk personale", "Tekniske kontaktpersoner"],
           "s_site": ["4  Hvor skal udstyret stå?", "Del D – Installationssted", "Leveringssted for SD-WAN-boksen"],
           "s_net": ["5  Netværk", "Del E – IP-adresser der skal på SDN", "Interne net (CIDR)"],
           "role_contact": ["Aftaleansvarlig", "Organisatorisk kontakt", "Kontaktperson (ledelse)"],
           "role_tech": ["Teknisk kontakt", "IT-drift", "Netværksansvarlig"],
           "name": ["Navn", "Fulde navn"], "mail": ["E-mail", "Mail"], "phone": ["Telefon", "Tlf.", "Mobil"],
           "street": ["Gade og nr.", "Adresse"], "pc": ["Postnummer", "Postnr."], "city": ["By", "Bynavn"],
           "net": ["Net", "IP-område"], "role": ["Rolle", "Funktion"],
           "nvp": ["Navn / e-mail / telefon"], "remark": "Bemærkning: udfyld gerne med blokbogstaver."},
    "en": {"title": ["SDN – details for setting up the connection", "Form: connecting to the Health Data Network",
                     "Site and contact details for SDN"],
           "org": ["Name of organisation", "Legal entity", "Company / authority"],
           "cvr": ["CVR", "CVR no.", "Danish CVR number"],
           "kind": ["What kind of organisation are you?", "Type of organisation", "We are a"],
           "via": ["How will you connect to SDN?", "Route of connection", "Access to SDN is"],
           "direct": ["Directly – our own SD-WAN box", "On our own (own connection)"],
           "kmd": ["Through KMD", "Under KMD's agreement"],
           "vendor": ["Through our clinical system vendor:", "Via system supplier:"],
           "s_org": ["1  Your organisation", "Part A – About you", "Organisation"],
           "s_contact": ["2  Person responsible", "Part B – Contact for the agreement", "Organisational contact"],
           "s_tech": ["3  Technical staff", "Part C – Technical people", "Technical contacts"],
           "s_site": ["4  Where will the equipment go?", "Part D – Installation site", "Delivery site for the box"],
           "s_net": ["5  Networks", "Part E – Address ranges to route via SDN", "Internal networks (CIDR)"],
           "role_contact": ["Responsible for the agreement", "Organisational contact", "Main contact (management)"],
           "role_tech": ["Technical contact", "IT operations", "Network lead"],
           "name": ["Name", "Full name"], "mail": ["E-mail", "Email address"], "phone": ["Phone", "Tel.", "Mobile"],
           "street": ["Street and number", "Address"], "pc": ["Postcode", "Post code"], "city": ["Town", "City"],
           "net": ["Network", "Range"], "role": ["Role", "Function"],
           "nvp": ["Name / e-mail / phone"], "remark": "Note: please write in block letters."},
}


def e8_phone(rng: random.Random, e164: str) -> str:
    """A Danish number as people write it."""
    if not e164:
        return ""
    d = e164.removeprefix("+45")
    return rng.choice([f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"(+45) {d}", f"tlf. {d[:4]} {d[4:]}",
                       f"0045 {d[:4]} {d[4:]}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"+45{d}"])


def e8_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"DK-{cvr}", f"{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}", f"DK{cvr}"])


def e8_date(rng: random.Random, d: date, lang: str) -> str:
    m = MONTHS[lang][d.month - 1]
    if lang == "da":
        return rng.choice([f"{d.day}/{d.month}-{d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}",
                           f"den {d.day}. {m} {d.year}", f"{d.day}. {m[:3]}. {d.year}"])
    return rng.choice([f"{d.day} {m} {d.year}", f"{m[:3]} {d.day}, {d.year}", f"{d:%Y-%m-%d}",
                       f"{d.day}.{d.month}.{d.year}"])


# ---------------------------------------------------------------- tools

def ensure() -> None:
    """Install this hand's tools where missing (Debian ones need root, as CI has; xhtml2pdf: the dev extras)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    program = Path("/usr/lib/libreoffice/program")
    missing += [pkg for exe, pkg in LO_PARTS.items() if not (program / exe).exists()]
    if missing or not SCRIPT_FONT.exists():
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-dejavu-core", "fonts-urw-base35")
    for mod in ("xhtml2pdf", "docx"):
        try:
            __import__(mod)
        except ImportError as e:
            raise RuntimeError(f"the eighth hand needs {mod} (pip install -e '.[dev]')") from e


def _in_scratch(make: Callable[[Path], Path], out: Path) -> None:
    ensure()
    w = tools.scratch()
    try:
        shutil.move(str(make(w)), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def office_pdf(name: str, data: bytes, out: Path) -> None:
    """LibreOffice (Writer, Calc or Draw, by the file's type) converts one file to PDF."""
    def make(w: Path) -> Path:
        (w / name).write_bytes(data)
        tools.libreoffice([w / name], w, w)
        return w / (Path(name).stem + ".pdf")
    _in_scratch(make, out)


def pango_pdf(markup: str, out: Path, width: int = 520) -> None:
    """pango-view (Pango through Cairo) sets marked-up text on one page as long as the text."""
    def make(w: Path) -> Path:
        (w / "doc.txt").write_text(markup, encoding="utf-8")
        r = subprocess.run(["pango-view", "-q", "--markup", "--font=DejaVu Sans 9.5", f"--width={width}",
                            "--margin=40", "-o", "doc.pdf", "doc.txt"], cwd=w, capture_output=True, timeout=120,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(w), "LANG": "C.UTF-8"})
        if r.returncode != 0:
            raise RuntimeError(f"pango-view failed: {r.stderr[-500:]!r}")
        return w / "doc.pdf"
    _in_scratch(make, out)


def xhtml_pdf(html: str, out: Path) -> None:
    """xhtml2pdf (pisa, on reportlab) turns HTML and its own subset of CSS into PDF, no browser."""
    ensure()
    from xhtml2pdf import pisa

    buf = io.BytesIO()
    try:  # xhtml2pdf >= 0.2.17 confines local reads to the working directory: the fonts' directory is let in
        from xhtml2pdf.config.resources import ResourceAccessPolicy
        policy: dict[str, Any] = {"resource_policy": ResourceAccessPolicy(extra_roots=[str(DEJAVU.parent)])}
    except ImportError:
        policy = {}
    status = pisa.CreatePDF(html, dest=buf, encoding="utf-8", **policy)
    if status.err:
        raise RuntimeError(f"xhtml2pdf failed ({status.err} errors)")
    out.write_bytes(buf.getvalue())


def _png_signature(rng: random.Random) -> bytes:
    """A handwritten signature's picture: a pen's loops drawn with Pillow on white."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (360, 110), 255)
    d = ImageDraw.Draw(img)
    x, y = 12.0, 70.0
    pts = [(x, y)]
    for _ in range(rng.randint(9, 14)):
        x += rng.uniform(14, 30)
        y = rng.uniform(25, 90)
        pts.append((x, y))
    d.line(pts, fill=30, width=3, joint="curve")
    d.line([(pts[1][0], 95), (x, 88)], fill=30, width=2)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# ---------------------------------------------------------------- a form's answers, decided once

class Answers:
    """What one form says, in this hand's writing; `empty` names the field left truly empty."""

    def __init__(self, rng: random.Random, p: Party, empty: str = "") -> None:
        self.p, self.lang, self.empty = p, p.language, empty
        self.w = {k: (rng.choice(v) if isinstance(v, list) else v) for k, v in W[p.language].items()}
        self.cvr = e8_cvr(rng, p.cvr) if p.cvr else (p.foreign_reg or "")
        self.contact = (p.org_contact.name, p.org_contact.email, e8_phone(rng, p.org_contact.phone))
        self.techs = [(t.name, t.email, e8_phone(rng, t.phone)) for t in p.technical]
        self.nets = list(p.ip_scopes)
        inst = p.installation
        self.site = ("", "", "") if empty == "site" else (inst.street, inst.postcode, inst.city)
        self.co = rng.choice(["", "", f"c/o {rng.choice(['IT-afdelingen', 'Serverrummet', 'Driftscentret'])}"])
        self.tech_roles = [self.w["role_tech"] if i == 0 else f"{self.w['role_tech']} {i + 1}"
                           for i in range(len(self.techs))]

    @property
    def da(self) -> bool:
        return self.lang == "da"

    def kinds(self) -> list[tuple[str, bool]]:
        return [(text, k == self.p.party_type) for k, text in KIND[self.lang].items()]

    def via(self) -> list[tuple[str, bool]]:
        v = self.p.connected_via
        vendor = v if v not in (None, "KMD") else ""
        return [(self.w["direct"], v is None), (self.w["kmd"], v == "KMD"),
                (f"{self.w['vendor']} {vendor}".strip() if vendor else self.w["vendor"].rstrip(":"), bool(vendor))]

    def yes(self, on: bool) -> str:
        return ("Ja" if on else "Nej") if self.da else ("Yes" if on else "No")


# ---- LibreOffice Calc: the form as a spreadsheet (flat ODS), merged cells, "X" in a tick column

_FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <style:style style:name="ca" style:family="table-column"><style:table-column-properties style:column-width="4.2cm"/></style:style>
 <style:style style:name="cb" style:family="table-column"><style:table-column-properties style:column-width="4.0cm"/></style:style>
 <style:style style:name="cc" style:family="table-column"><style:table-column-properties style:column-width="5.0cm"/></style:style>
 <style:style style:name="cd" style:family="table-column"><style:table-column-properties style:column-width="3.0cm"/></style:style>
 <style:style style:name="box" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:wrap-option="wrap"/><style:text-properties fo:font-size="9pt"/></style:style>
 <style:style style:name="lab" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:background-color="#e6eef5" fo:wrap-option="wrap"/><style:text-properties fo:font-size="8.5pt"/></style:style>
 <style:style style:name="head" style:family="table-cell"><style:table-cell-properties fo:background-color="#1f4e79"/><style:text-properties fo:color="#ffffff" fo:font-weight="bold" fo:font-size="10pt"/></style:style>
 <style:style style:name="title" style:family="table-cell"><style:text-properties fo:font-weight="bold" fo:font-size="14pt"/></style:style>
 <style:style style:name="tick" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"/><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Skema">
<table:table-column table:style-name="ca"/><table:table-column table:style-name="cb"/>
<table:table-column table:style-name="cc"/><table:table-column table:style-name="cd"/>
"""


def _cell(text: str, style: str = "box", span: int = 1) -> str:
    attrs = f' table:style-name="{style}"' + (f' table:number-columns-spanned="{span}"' if span > 1 else "")
    paras = "".join(f"<text:p>{xesc(line)}</text:p>" for line in text.split("\n")) if text else ""
    cell = f'<table:table-cell office:value-type="string"{attrs}>{paras}</table:table-cell>'
    return cell + "<table:covered-table-cell/>" * (span - 1)


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>\n"


def _calc_sheet(rng: random.Random, a: Answers) -> bytes:
    w = a.w
    rows = [_row(_cell(w["title"], "title", 4)), _row(_cell(w["remark"], "box", 4)), _row(_cell("", "box", 4)),
            _row(_cell(w["s_org"], "head", 4)),
            _row(_cell(w["org"], "lab"), _cell(a.p.organisation, "box", 3)),
            _row(_cell(w["cvr"], "lab"), _cell(a.cvr, "box", 3)),
            _row(_cell(w["kind"], "lab", 3), _cell("X = valgt" if a.da else "X = chosen", "lab"))]
    rows += [_row(_cell(t, "box", 3), _cell("X" if on else "", "tick")) for t, on in a.kinds()]
    rows += [_row(_cell(w["via"], "lab", 3), _cell("", "lab"))]
    rows += [_row(_cell(t, "box", 3), _cell("X" if on else "", "tick")) for t, on in a.via()]
    rows += [_row(_cell(f"{w['s_contact']} / {w['s_tech']}", "head", 4)),
             _row(_cell(w["role"], "lab"), _cell(w["name"], "lab"), _cell(w["mail"], "lab"), _cell(w["phone"], "lab")),
             _row(_cell(w["role_contact"], "lab"), *(_cell(v) for v in a.contact))]
    rows += [_row(_cell(role, "lab"), *(_cell(v) for v in t)) for role, t in zip(a.tech_roles, a.techs, strict=True)]
    rows += [_row(_cell(w["s_site"], "head", 4))]
    street = f"{a.co}\n{a.site[0]}" if a.co and a.site[0] else a.site[0]
    rows += [_row(_cell(w["street"], "lab"), _cell(street, "box", 3)),
             _row(_cell(w["pc"], "lab"), _cell(a.site[1]), _cell(w["city"], "lab"), _cell(a.site[2]))]
    rows += [_row(_cell(w["s_net"], "head", 4))]
    nets = a.nets or [""]
    rows += [_row(_cell(f"{w['net']} {i + 1}", "lab"), _cell(n, "box", 3)) for i, n in enumerate(nets)]
    return (_FODS_HEAD + "".join(rows) + "</table:table></office:spreadsheet></office:body></office:document>\n"
            ).encode("utf-8")


# ---- pango-view: a questionnaire, each answer on the line under its question

def _pango_questions(rng: random.Random, a: Answers) -> str:
    e, w, da = xesc, a.w, a.da
    v = a.p.connected_via
    out = [f"<span size='x-large' weight='bold'>{e(w['title'])}</span>", ""]
    n = 0

    def q(text: str, *answers: str) -> None:
        nonlocal n
        n += 1
        out.append(f"<b>{n}. {e(text)}</b>")
        out.extend(f"      {e(x)}" for x in answers)
        out.append("")
    q("Hvad hedder organisationen?" if da else "What is the name of your organisation?", a.p.organisation)
    q("CVR-nummer" if da else "Company registration number (CVR)", a.cvr)
    kind = KIND[a.lang][a.p.party_type]
    q(("Hvilken type organisation? (sæt ✓)" if da else "Which type of organisation? (tick ✓)"),
      *[f"{t}  ✓" if on else t for t, on in a.kinds() if on or rng.random() < 0.5] or [kind])
    q("Bliver I koblet på gennem KMD?" if da else "Will you be connected through KMD?", a.yes(v == "KMD"))
    vendor = v not in (None, "KMD")
    q("Bliver I koblet på gennem en leverandør af journalsystem? Hvis ja: hvilken?" if da else
      "Will you be connected through a clinical system vendor? If yes, which one?",
      f"{a.yes(True)}, {v}" if vendor else a.yes(False))
    q(("Hvem er kontaktperson for aftalen hos jer? (" if da else "Who is your contact for the agreement? (")
      + w["nvp"] + ")", " / ".join(a.contact))
    for i, t in enumerate(a.techs):
        q((f"Teknisk kontaktperson nr. {i + 1}" if da else f"Technical contact no. {i + 1}"),
          f"{w['name']}: {t[0]}", f"{w['mail']}: {t[1]}", f"{w['phone']}: {t[2]}")
    site = [x for x in (a.co, a.site[0], f"{a.site[1]} {a.site[2]}".strip()) if x]
    q("Adresse hvor SD-WAN-boksen skal installeres" if da else "Address where the SD-WAN box is to be installed",
      *(site or [""]))
    q("Hvilke IP-net (CIDR) skal kunne nå SDN?" if da else "Which IP networks (CIDR) must reach SDN?",
      ", ".join(a.nets) if a.nets else "")
    return "\n".join(out)


# ---- xhtml2pdf: a table, each person's name, mail and phone in one cell

_XCSS = """<style>
@font-face { font-family: DejaVu; src: url(/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf); }
@font-face { font-family: DejaVu; font-weight: bold; src: url(/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf); }
@page { size: a4; margin: 1.8cm; }
body { font-family: DejaVu; font-size: 9.5pt; }
h1 { font-size: 15pt; color: #6b1d1d; margin-bottom: 2pt; }
h2 { font-size: 11pt; background-color: #f0e6d2; padding: 3pt; margin-top: 10pt; }
table { width: 100%; border: 0.5pt solid #555; }
td, th { border: 0.5pt solid #555; padding: 3pt; vertical-align: top; }
th { background-color: #eeeeee; text-align: left; }
.small { font-size: 7.5pt; color: #444; }
</style>"""


def _xhtml_cells(rng: random.Random, a: Answers) -> str:
    e, w, da = H.escape, a.w, a.da
    mark = rng.choice(["☑☐", "✓ "])
    kinds = "<br/>".join(f"{mark[0] if on else mark[1]} {e(t)}" for t, on in a.kinds())
    vias = "<br/>".join(f"{mark[0] if on else mark[1]} {e(t)}" for t, on in a.via())
    people = [(w["role_contact"], a.contact)] + list(zip(a.tech_roles, a.techs, strict=True))
    prow = "".join(f"<tr><td width='30%'>{e(r)}</td><td>{e(' / '.join(x for x in p if x))}</td></tr>"
                   for r, p in people)
    site = "<br/>".join(e(x) for x in (a.co, a.site[0], f"{a.site[1]} {a.site[2]}".strip()) if x)
    nets = "<br/>".join(e(n) for n in a.nets)
    cvr_label = "CVR nr.:" if da else "CVR no.:"
    return f"""<html><head><meta charset="utf-8"/>{_XCSS}</head><body>
<h1>{e(w['title'])}</h1><p class="small">{e(w['remark'])}</p>
<h2>{e(w['s_org'])}</h2>
<table><tr><td width="30%">{e(w['org'])}</td><td>{e(a.p.organisation)}</td></tr>
<tr><td>{cvr_label}</td><td>{e(a.cvr)}</td></tr>
<tr><td>{e(w['kind'])}</td><td>{kinds}</td></tr>
<tr><td>{e(w['via'])}</td><td>{vias}</td></tr></table>
<h2>{e(w['s_contact'])} – {e(w['s_tech'])}</h2>
<table><tr><th width="30%">{e(w['role'])}</th><th>{e(w['nvp'])}</th></tr>{prow}</table>
<h2>{e(w['s_site'])}</h2><table><tr><td width="30%">{e(w['street'])}</td><td>{site}</td></tr></table>
<h2>{e(w['s_net'])}</h2><table><tr><td width="30%">CIDR</td><td>{nets}</td></tr></table>
</body></html>"""


# ---- LibreOffice Draw: text frames placed on two pages, label above value

_FODG_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.graphics">
<office:styles/>
<office:automatic-styles>
 <style:page-layout style:name="pl"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
  fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm"/></style:page-layout>
 <style:style style:name="dp" style:family="drawing-page"/>
 <style:style style:name="fr" style:family="graphic"><style:graphic-properties draw:stroke="solid" svg:stroke-width="0.02cm"
  svg:stroke-color="#404040" draw:fill="none" draw:textarea-vertical-align="top" fo:padding="0.1cm"
  draw:auto-grow-height="false" fo:wrap-option="wrap"/></style:style>
 <style:style style:name="nf" style:family="graphic"><style:graphic-properties draw:stroke="none" draw:fill="none"
  draw:textarea-vertical-align="top" draw:auto-grow-height="false" fo:padding="0cm"/></style:style>
 <style:style style:name="hd" style:family="graphic"><style:graphic-properties draw:stroke="none" draw:fill="solid"
  draw:fill-color="#2e6b3a" draw:textarea-vertical-align="middle" fo:padding="0.1cm"/></style:style>
 <style:style style:name="t9" style:family="paragraph"><style:text-properties fo:font-size="9.5pt" style:font-name="DejaVu Sans"/></style:style>
 <style:style style:name="t7" style:family="paragraph"><style:text-properties fo:font-size="7pt" fo:color="#555555"/></style:style>
 <style:style style:name="th" style:family="paragraph"><style:text-properties fo:font-size="11pt" fo:font-weight="bold" fo:color="#ffffff"/></style:style>
 <style:style style:name="tt" style:family="paragraph"><style:text-properties fo:font-size="15pt" fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pl" draw:style-name="dp"/></office:master-styles>
<office:body><office:drawing>
"""


def _frame(x: float, y: float, wd: float, ht: float, text: str, style: str = "fr", para: str = "t9") -> str:
    paras = "".join(f'<text:p text:style-name="{para}">{xesc(line)}</text:p>' for line in text.split("\n"))
    return (f'<draw:frame draw:style-name="{style}" svg:x="{x:.2f}cm" svg:y="{y:.2f}cm" svg:width="{wd:.2f}cm" '
            f'svg:height="{ht:.2f}cm"><draw:text-box>{paras}</draw:text-box></draw:frame>\n')


def _draw_frames(rng: random.Random, a: Answers) -> bytes:
    w = a.w
    pages: list[list[str]] = [[], []]
    pg, y = 0, 1.5

    def put(s: str) -> None:
        pages[pg].append(s)

    def field(x: float, wd: float, label: str, value: str, lines: int = 1) -> None:
        put(_frame(x, y, wd, 0.45, label, "nf", "t7"))
        put(_frame(x, y + 0.45, wd, 0.2 + 0.5 * lines, value))

    def head(text: str) -> None:
        nonlocal y
        put(_frame(1.5, y, 18.0, 0.7, text, "hd", "th"))
        y += 1.0
    put(_frame(1.5, y, 18.0, 1.0, w["title"], "nf", "tt"))
    y += 1.5
    head(w["s_org"])
    field(1.5, 11.5, w["org"], a.p.organisation)
    field(13.5, 6.0, w["cvr"], a.cvr)
    y += 1.5
    kinds = "\n".join(f"{'☑' if on else '☐'} {t}" for t, on in a.kinds())
    field(1.5, 10.5, w["kind"], kinds, lines=len(a.kinds()))
    vias = "\n".join(f"{'☑' if on else '☐'} {t}" for t, on in a.via())
    field(12.5, 7.0, w["via"], vias, lines=5)
    y += 1.0 + 0.5 * len(a.kinds())
    head(w["s_contact"])
    for x, wd, lab, val in zip((1.5, 7.5, 14.0), (5.5, 6.0, 5.5), (w["name"], w["mail"], w["phone"]), a.contact,
                               strict=True):
        field(x, wd, lab, val)
    y += 1.6
    head(w["s_tech"])
    for i, t in enumerate(a.techs):
        if i == 1:  # the section breaks over the page: the rest of the technical staff on page two
            pg, y = 1, 1.5
            put(_frame(1.5, y, 18.0, 0.6, f"{w['s_tech']} ({'fortsat' if a.da else 'continued'})", "nf", "t9"))
            y += 0.9
        for x, wd, lab, val in zip((1.5, 7.5, 14.0), (5.5, 6.0, 5.5), (w["name"], w["mail"], w["phone"]), t,
                                   strict=True):
            field(x, wd, f"{lab} ({i + 1})", val)
        y += 1.6
    if pg == 0:
        pg, y = 1, 1.5
    head(w["s_site"])
    street = f"{a.co}\n{a.site[0]}" if a.co and a.site[0] else a.site[0]
    field(1.5, 9.5, w["street"], street, lines=2 if "\n" in street else 1)
    field(11.5, 2.8, w["pc"], a.site[1])
    field(14.8, 4.7, w["city"], a.site[2])
    y += 2.0
    head(w["s_net"])
    field(1.5, 18.0, "CIDR", "\n".join(a.nets), lines=max(1, len(a.nets)))
    body = "".join(f'<draw:page draw:name="p{i + 1}" draw:master-page-name="Default">{"".join(p)}</draw:page>\n'
                   for i, p in enumerate(pages))
    return (_FODG_HEAD + body + "</office:drawing></office:body></office:document>\n").encode("utf-8")


# ---- python-docx: the party block in the page header, the rest in nested tables, converted by LibreOffice

def _docx_header_form(rng: random.Random, a: Answers) -> bytes:
    from docx import Document as Docx
    from docx.shared import Pt

    w, p = a.w, a.p
    d = Docx()
    d.styles["Normal"].font.size = Pt(9.5)
    hdr = d.sections[0].header
    hp = hdr.paragraphs[0]
    hp.text = f"{p.organisation}  ·  {w['cvr']} {a.cvr}"
    hdr.add_paragraph(f"{p.office.street}, {p.office.postcode} {p.office.city}")
    d.sections[0].footer.paragraphs[0].text = ("Returneres til MedCom, sdn@medcom.dk" if a.da else
                                               "Return to MedCom, sdn@medcom.dk")
    d.add_heading(w["title"], level=1)
    d.add_paragraph(w["remark"])
    d.add_heading(w["s_org"], level=2)
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for lab, val in ((w["kind"], "\n".join(f"{'☑' if on else '☐'} {x}" for x, on in a.kinds())),
                     (w["via"], "\n".join(f"{'☑' if on else '☐'} {x}" for x, on in a.via()))):
        r = t.add_row().cells
        r[0].text, r[1].text = lab, val
    d.add_heading(f"{w['s_contact']} · {w['s_tech']}", level=2)
    outer = d.add_table(rows=0, cols=2)
    outer.style = "Table Grid"
    for role, person in [(w["role_contact"], a.contact), *zip(a.tech_roles, a.techs, strict=True)]:
        r = outer.add_row().cells
        r[0].text = role
        inner = r[1].add_table(rows=0, cols=2)  # a table inside the cell: label | value
        for lab, val in zip((w["name"], w["mail"], w["phone"]), person, strict=True):
            ir = inner.add_row().cells
            ir[0].text, ir[1].text = lab, val
    d.add_heading(w["s_site"], level=2)
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    rows = ([("", a.co)] if a.co else []) + [(w["street"], a.site[0]), (w["pc"], a.site[1]), (w["city"], a.site[2])]
    for lab, val in rows:
        r = t.add_row().cells
        r[0].text, r[1].text = lab, val
    d.add_heading(w["s_net"], level=2)
    d.add_paragraph("\n".join(a.nets))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _draw_form(layout: str, seed: float, a: Answers, out: Path) -> None:
    rng = random.Random(seed)
    if layout == "s8-calc-sheet":
        office_pdf("skema.fods", _calc_sheet(rng, a), out)
    elif layout == "s8-pango-questions":
        pango_pdf(_pango_questions(rng, a), out)
    elif layout == "s8-xhtml-cells":
        xhtml_pdf(_xhtml_cells(rng, a), out)
    elif layout == "s8-draw-frames":
        office_pdf("skema.fodg", _draw_frames(rng, a), out)
    else:
        office_pdf("skema.docx", _docx_header_form(rng, a), out)


def _form_source(layout: str, seed: float, a: Answers) -> Callable[[], tuple[str, bytes]] | None:
    """The office file a form's PDF is converted from (the `own` delivery sends it): the python-docx file, the
    Calc sheet; None for the drawn ones."""
    if layout == "s8-docx-header":
        return lambda: ("skema.docx", _docx_header_form(random.Random(seed), a))
    if layout == "s8-calc-sheet":
        return lambda: ("skema.fods", _calc_sheet(random.Random(seed), a))
    return None


def form(rng: random.Random, p: Party, layout: str, name: str, empty: str = "") -> RLDocument:
    """The information form of `p` in `layout`; `empty` leaves one field truly empty (site, tech_phone,
    ip_scopes)."""
    q = party_lacking(p, empty)
    a = Answers(rng, q, empty)
    seed = rng.random()
    truth = form_truth_for(q, name, empty)
    variants = f"empty-{empty}" if empty else ""
    return RLDocument(name, [], truth, f"form-{layout}", p.language, note=f"variants={variants}",
                      draw=lambda out: _draw_form(layout, seed, a, out), source=_form_source(layout, seed, a))


# ---------------------------------------------------------------- agreements

TITLE = {
    ("connection_agreement", "da"): "Tilslutningsaftale vedrørende Sundhedsdatanettet (SDN)",
    ("connection_agreement", "en"): "Connection Agreement – Danish Health Data Network (SDN)",
    ("data_processor_agreement", "da"): "Databehandleraftale vedrørende SDN",
    ("data_processor_agreement", "en"): "Data Processor Agreement concerning SDN",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale vedrørende SDN",
    ("sub_data_processor_agreement", "en"): "Sub-data Processor Agreement concerning SDN",
}
ROLE = {
    ("connection_agreement", "da"): ("Den tilsluttede part", "MedCom"),
    ("connection_agreement", "en"): ("The connected party", "MedCom"),
    ("data_processor_agreement", "da"): ("Dataansvarlig", "Databehandler"),
    ("data_processor_agreement", "en"): ("Data controller", "Data processor"),
    ("sub_data_processor_agreement", "da"): ("Databehandler", "Underdatabehandler"),
    ("sub_data_processor_agreement", "en"): ("Data processor", "Sub-data processor"),
}
SERVICE_NAME = {"oneflow": "Oneflow", "signicat": "Signicat", "verified": "Verified", "penneo": "Penneo",
                "addo": "Visma Addo", "docusign": "DocuSign", "acrobat": "Adobe Acrobat Sign", "scrive": "Scrive",
                "dokobit": "Dokobit", "mitid": "MitID Erhverv"}
MEDCOM_SIGNERS = ["Helle Kjærsgaard", "Morten Brøndum", "Lise Vinther Holm"]


class Agr:
    """One agreement's facts and how this hand writes them."""

    def __init__(self, rng: random.Random, p: Party, kind: str, signing: str, service: str,
                 clauses: list[tuple[str, str]]) -> None:
        self.p, self.kind, self.signing, self.service, self.lang = p, kind, signing, service, p.language
        self.clauses = clauses
        self.filled = signing != "blank"
        self.number = e8_cvr(rng, p.cvr) if p.cvr else (p.foreign_reg or "")
        self.date_text = e8_date(rng, p.signature_date, p.language) if signing not in ("blank", "pending") else ""
        self.at = datetime.combine(p.signature_date, time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)))
        self.medcom_at = self.at + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 5))
        self.ref = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))
        self.medcom_signer = rng.choice(MEDCOM_SIGNERS)
        self.png = _png_signature(rng)
        self.title = TITLE[(kind, p.language)]

    @property
    def da(self) -> bool:
        return self.lang == "da"

    def roles(self) -> tuple[str, str]:
        return ROLE[(self.kind, self.lang)]

    def number_label(self) -> str:
        if self.p.cvr:
            return "CVR-nr." if self.da else "CVR no."
        return "Reg.-nr." if self.da else "Reg. no."

    def sig_labels(self) -> tuple[str, str, str]:
        return ("Navn (blokbogstaver)", "Titel", "Dato") if self.da else ("Name (block letters)", "Title", "Date")

    def signer(self) -> tuple[str, str, str]:
        if not self.filled:
            return "", "", ""
        return self.p.signatory.name, self.p.signatory_title, self.date_text

    def evidence(self) -> list[str]:
        """A signing service's evidence page in this hand's words, as lines (the first a title)."""
        svc, p, da = SERVICE_NAME[self.service], self.p, self.da
        pending = self.signing == "pending"
        t1, t2 = f"{self.at:%d.%m.%Y %H:%M} CET", f"{self.medcom_at:%d.%m.%Y %H:%M} CET"
        if da:
            lines = [f"{svc} · Kvittering for elektronisk underskrift", f"Sagsreference {self.ref}",
                     f"Dokument: {self.title}", ""]
            lines += [f"Underskriver 1: {p.signatory.name}, {p.signatory_title}, {p.organisation}",
                      "Status: Venter – ikke underskrevet endnu" if pending else
                      f"Status: Underskrevet {t1} med MitID", "",
                      f"Underskriver 2: {self.medcom_signer}, MedCom", f"Status: Underskrevet {t2} med MitID", ""]
            lines.append("Forsendelsen er ikke afsluttet; dokumentet er ikke gyldigt, før alle har skrevet under."
                         if pending else "Forsendelsen er afsluttet. Alle underskrivere har underskrevet.")
        else:
            lines = [f"{svc} · Record of electronic signature", f"Transaction {self.ref}",
                     f"Document: {self.title}", ""]
            lines += [f"Signatory 1: {p.signatory.name}, {p.signatory_title}, {p.organisation}",
                      "Status: Waiting – not yet signed" if pending else f"Status: Signed {t1} (eID verified)", "",
                      f"Signatory 2: {self.medcom_signer}, MedCom", f"Status: Signed {t2} (eID verified)", ""]
            lines.append("The transaction is still open; the document is not valid until everyone has signed."
                         if pending else "Transaction completed. Every signatory has signed.")
        return lines


def _agr_docx(rng: random.Random, a: Agr) -> bytes:
    """Word: the title and the party's name in the page header, the parties as rows with the role first, the
    clauses, then a signature table (a picture of a signature, a typed name in a script font, or nothing)."""
    from docx import Document as Docx
    from docx.shared import Cm, Pt

    d = Docx()
    d.styles["Normal"].font.size = Pt(10)
    p = a.p
    d.sections[0].header.paragraphs[0].text = f"{a.title} – {p.organisation if a.filled else ''}".rstrip(" –")
    d.sections[0].footer.paragraphs[0].text = "MedCom · Forskerparken 10 · 5230 Odense M"
    d.add_heading(a.title, level=1)
    c, m = a.roles()
    t = d.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    hdr = ["Rolle", "Navn", a.number_label(), "Adresse"] if a.da else ["Role", "Name", a.number_label(), "Address"]
    for cell, text in zip(t.rows[0].cells, hdr, strict=True):
        cell.text = text
    rows = [[c, p.organisation if a.filled else "", a.number if a.filled else "",
             f"{p.office.street}, {p.office.postcode} {p.office.city}" if a.filled else ""],
            [m, "MedCom", f"{MEDCOM['cvr']}", f"{MEDCOM['street']}, {MEDCOM['town']}"]]
    for row in rows:
        for cell, text in zip(t.add_row().cells, row, strict=True):
            cell.text = text
    for head, body in a.clauses:
        d.add_heading(head, level=3)
        d.add_paragraph(body)
    d.add_heading("Underskrifter" if a.da else "Signatures", level=2)
    st = d.add_table(rows=2, cols=2)
    st.cell(0, 0).text = f"For {c.lower() if a.da else c}"
    st.cell(0, 1).text = "For MedCom"
    sig = st.cell(1, 0).paragraphs[0]
    if a.signing == "image":
        sig.add_run().add_picture(io.BytesIO(a.png), width=Cm(4.5))
    elif a.signing == "script":
        run = sig.add_run(p.signatory.name)
        run.font.name, run.font.size = "Z003", Pt(20)
    else:
        sig.add_run("\n")
    st.cell(1, 0).add_paragraph("_" * 34)
    name, title, when = a.signer()
    for lab, val in zip(a.sig_labels(), (name, title, when), strict=True):
        st.cell(1, 0).add_paragraph(f"{lab}: {val}")
    st.cell(1, 1).add_paragraph("\n" + "_" * 34)
    for lab in a.sig_labels():
        st.cell(1, 1).add_paragraph(f"{lab}:")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _agr_xhtml(rng: random.Random, a: Agr) -> str:
    """xhtml2pdf: the two parties side by side in one table (the party | MedCom), the clauses, an empty
    signature block, and on a new page the signing service's evidence (or nothing when unsigned)."""
    e, p = H.escape, a.p
    c, m = a.roles()
    left = ([e(p.organisation), f"{a.number_label()} {e(a.number)}", e(p.office.street),
             f"{p.office.postcode} {e(p.office.city)}"] if a.filled else ["", a.number_label(), "", ""])
    right = ["MedCom", f"CVR-nr. {MEDCOM['cvr']}" if a.da else f"CVR no. {MEDCOM['cvr']}", MEDCOM["street"],
             MEDCOM["town"]]
    clauses = "".join(f"<h3>{e(h)}</h3><p>{e(b)}</p>" for h, b in a.clauses)
    name, title, when = a.signer()
    labs = a.sig_labels()
    evidence = ""
    if a.signing in ("evidence", "pending"):
        ev = a.evidence()
        evidence = (f"<pdf:nextpage/><h1>{e(ev[0])}</h1>" + "".join(f"<p>{e(x) or '&nbsp;'}</p>" for x in ev[1:]))
    return f"""<html><head><meta charset="utf-8"/>{_XCSS}</head><body>
<h1>{e(a.title)}</h1>
<p>{'indgået mellem' if a.da else 'made between'}</p>
<table><tr><th width="50%">{e(c)}</th><th>{e(m)}</th></tr>
<tr><td>{'<br/>'.join(left)}</td><td>{'<br/>'.join(right)}</td></tr></table>
{clauses}
<h2>{'Underskrift' if a.da else 'Signature'}</h2>
<table><tr><td width="50%">{e(labs[0])}: {e(name)}<br/>{e(labs[1])}: {e(title)}<br/>{e(labs[2])}: {e(when)}</td>
<td>{e(labs[0])}: <br/>{e(labs[1])}: <br/>{e(labs[2])}: </td></tr></table>
<p class="small">{'Underskrives elektronisk.' if a.da else 'To be signed electronically.'}</p>
{evidence}</body></html>"""


def _agr_pango(rng: random.Random, a: Agr) -> str:
    """pango-view: the agreement as plain text, the parties in a sentence, the signing as one line ("signed
    digitally with MitID Erhverv"), a typed name in the script font, or an empty line to sign on."""
    e, p = xesc, a.p
    c, _ = a.roles()
    out = [f"<span size='x-large' weight='bold'>{e(a.title)}</span>", ""]
    if a.filled:
        who = (f"{p.organisation}, {a.number_label()} {a.number}, {p.office.street}, {p.office.postcode} "
               f"{p.office.city}")
    else:
        who = "______________________________, " + a.number_label() + " __________"
    if a.da:
        out.append(e(f"Aftalen er indgået mellem {who} (herefter \"{c}\") og MedCom, CVR-nr. {MEDCOM['cvr']}, "
                     f"{MEDCOM['street']}, {MEDCOM['town']}."))
    else:
        out.append(e(f"This agreement is made between {who} (\"{c}\") and MedCom, CVR no. {MEDCOM['cvr']}, "
                     f"{MEDCOM['street']}, {MEDCOM['town']}."))
    out.append("")
    for h, b in a.clauses:
        out += [f"<b>{e(h)}</b>", e(b), ""]
    out += [f"<b>{'Underskrift for' if a.da else 'Signed for'} {e(p.organisation if a.filled else c)}</b>", ""]
    name, title, when = a.signer()
    if a.signing == "inline":
        svc = SERVICE_NAME[a.service]
        out.append(e(f"Underskrevet digitalt med {svc} af {name}, {title}, {when}." if a.da else
                     f"Signed digitally through {svc} by {name}, {title}, on {when}."))
    elif a.signing == "pending":
        svc = SERVICE_NAME[a.service]
        out.append(e(f"Sendt til underskrift via {svc} – afventer {name}." if a.da else
                     f"Sent for signature via {svc} – waiting for {name}."))
    elif a.signing == "script":
        out.append(f"<span font_family='Z003' size='xx-large'>{e(name)}</span>")
    else:
        out.append("")
    out.append("____________________________________")
    labs = a.sig_labels()
    out += [e(f"{labs[0]}: {name}"), e(f"{labs[1]}: {title}"), e(f"{labs[2]}: {when}")]
    return "\n".join(out)


def _draw_agreement(layout: str, seed: float, a: Agr, out: Path) -> None:
    rng = random.Random(seed)
    if layout == "s8-agr-docx":
        office_pdf("aftale.docx", _agr_docx(rng, a), out)
    elif layout == "s8-agr-xhtml":
        xhtml_pdf(_agr_xhtml(rng, a), out)
    else:
        pango_pdf(_agr_pango(rng, a), out)


# this hand's signings as the model's truth names them
TRUTH_SIGNING = {"script": "typed", "image": "drawn", "evidence": "evidence", "inline": "evidence",
                 "pending": "pending", "unsigned": "unsigned", "blank": "blank"}


def _template_clauses(kind: str, lang: str) -> list[tuple[str, str]]:
    """MedCom's SDN template's clauses (what a party fills in and signs), laid out by this hand's tools."""
    from mailbot.core.agreement_texts import AGREEMENTS

    t = AGREEMENTS[(kind, lang)]
    return t.clauses + (t.annex or [])


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str,
              name: str) -> RLDocument:
    """One SDN agreement of `kind` in `layout`, signed as `signing` says."""
    a = Agr(rng, p, kind, signing, service, _template_clauses(kind, p.language))
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)
    seed = rng.random()
    variants = service if signing in ("evidence", "pending", "inline") else ""
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", p.language,
                      note=f"signing={signing};variants={variants}",
                      draw=lambda out: _draw_agreement(layout, seed, a, out),
                      source=(lambda: ("aftale.docx", _agr_docx(random.Random(seed), a))) if layout == "s8-agr-docx"
                      else None)


def own_template(rng: random.Random, p: Party, name: str) -> RLDocument:
    """The party's own data processing agreement (its own standard terms under GDPR art. 28, MedCom named as
    processor), signed with a script name: not the SDN template (truth: wrong_template)."""
    da = p.language == "da"
    clauses = ([("Punkt 1 – Anvendelse", f"Disse standardvilkår gælder for alle leverandører, der behandler "
                 f"personoplysninger på vegne af {p.organisation}."),
                ("Punkt 2 – Behandlingens omfang", "Leverandøren må alene behandle oplysningerne til levering af "
                 "den aftalte ydelse og efter dokumenteret instruks."),
                ("Punkt 3 – Fortrolighed og sikkerhed", "Leverandøren sikrer, at medarbejdere er underlagt "
                 "tavshedspligt, og at oplysningerne beskyttes efter artikel 32."),
                ("Punkt 4 – Revision", f"{p.organisation} kan én gang årligt kræve en revisorerklæring (ISAE 3000).")]
               if da else
               [("Clause 1 – Scope", f"These standard terms apply to every supplier processing personal data on "
                 f"behalf of {p.organisation}."),
                ("Clause 2 – Extent of processing", "The supplier processes the data only to deliver the agreed "
                 "service and on documented instructions."),
                ("Clause 3 – Confidentiality and security", "The supplier ensures its staff are bound by "
                 "confidentiality and protects the data under Article 32."),
                ("Clause 4 – Audit", f"{p.organisation} may once a year require an auditor's statement (ISAE 3000).")])
    a = Agr(rng, p, "data_processor_agreement", "script", "penneo", clauses)
    a.title = (f"{p.organisation} – standard databehandleraftale for leverandører" if da else
               f"{p.organisation} – standard data processing terms for suppliers")
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}
    seed = rng.random()
    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      "own_template_dpa-s8", p.language, note="own template",
                      draw=lambda out: _draw_agreement("s8-agr-docx", seed, a, out),
                      source=lambda: ("aftale.docx", _agr_docx(random.Random(seed), a)))


# ---------------------------------------------------------------- the plan's entry

_counter = {"form": 0, "agr": 0, "service": 0}


def _service(signing: str) -> str:
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if signing in ("evidence", "pending", "inline"):
        _counter["service"] += 1
    return service


def document(rng: random.Random, what: str, name_of: Callable[[Party], str]) -> RLDocument:
    """The next document of kind `what`, this hand's layouts, signings and services in turn."""
    if what == "form":
        p = party(rng, rng.choice(FORM_PARTIES))
        i = _counter["form"]
        _counter["form"] += 1
        empty = EMPTIES[(i // EMPTY_EVERY) % len(EMPTIES)] if i % EMPTY_EVERY == EMPTY_EVERY - 1 else ""
        return form(rng, p, FORM_LAYOUTS[i % len(FORM_LAYOUTS)], name_of(p), empty)
    if what == "own_template":
        p = party(rng, rng.choice([x for x in FORM_PARTIES if x != "it_supplier"]))
        return own_template(rng, p, name_of(p))
    p = party(rng, "it_supplier" if what == "sub_data_processor_agreement"
              else rng.choice([x for x in FORM_PARTIES if x != "it_supplier"]))
    i = _counter["agr"]
    _counter["agr"] += 1
    layout = AGREEMENT_LAYOUTS[i % len(AGREEMENT_LAYOUTS)]
    signings = SIGNINGS[layout]
    signing = signings[(i // len(AGREEMENT_LAYOUTS)) % len(signings)]
    return agreement(rng, p, what, layout, signing, _service(signing), name_of(p))


# the case generator's signings (cases.py) as this hand signs them
CASE_SIGNING = {"typed": "script", "slash": "inline", "italic": "script", "drawn": "image", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}
CASE_LAYOUT = {"script": ["s8-agr-docx", "s8-agr-pango"], "image": ["s8-agr-docx"], "inline": ["s8-agr-pango"],
               "evidence": ["s8-agr-xhtml"], "pending": ["s8-agr-xhtml", "s8-agr-pango"],
               "unsigned": AGREEMENT_LAYOUTS, "blank": ["s8-agr-docx"]}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """The eighth hand's document of kind `what` for a case's party `q` (cases.py --hand eighth)."""
    if what == "information_form":
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, q, FORM_LAYOUTS[i % len(FORM_LAYOUTS)], fname)
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["script", "image", "evidence",
                                                                                 "inline"]))
    i = _counter["agr"]
    _counter["agr"] += 1
    layouts = CASE_LAYOUT[how]
    return agreement(rng, q, what, layouts[i % len(layouts)], how, _service(how), fname)


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "document", "reset", "form", "agreement", "own_template",
           "case_document"]
