"""A fourth hand: information forms and agreements as yet other people write them, with Word, a browser and
reportlab, in words and layouts none of the other three hands uses.

Written without reading the reader (issue 22): only the domain (what a form and an agreement must say) and
the truth format. What this hand does that the others do not:

* Word files made with python-docx and converted by LibreOffice: a form in one grid table whose section
  headings are merged cells across it and whose technical contacts sit under a label merged *down* over
  their rows; a form of tab-aligned paragraphs whose values are content controls (`w:sdt`), the party's
  name and CVR in the page header and a page number in the footer; an agreement whose parties stand in a
  table under a merged "Parter" row and whose signature places are a borderless two-column table.
* HTML printed by Chromium: a form of `<fieldset>`s laid out by CSS grid, each value in a bordered box
  under its label (real `<input>`s, check boxes and radio buttons drawn by the browser, not typed marks);
  a form of definition lists beside each other (flex) with a contacts table long enough to run onto the
  next page, its header repeated; an agreement with flex signature places and a signing service's
  evidence page in this hand's words (Penneo, Visma Addo, DocuSign, Adobe Acrobat Sign, Scrive, Verified).
* reportlab: a landscape form in two halves whose values are a coloured typewriter face set far from
  their labels; a form whose labels are small grey words under the value's rule, continued on page 2
  under "(fortsat)"; an agreement whose signature is drawn as a picture, or left as "Underskrift: ______".
* Words of its own ("Virksomhedens navn", "Juridisk enhed", "Driftsansvarlig", "Adresse for opstilling",
  "Netværk (CIDR)", "Main contact", "IT operations contact", "Site address"), CVRs as "12 34 56 78",
  phones as "+45 1234 5678", dates as "2. nov. 2026", "02/11/2026", "November 2nd 2026".

The truth is the model's (`forms.form_truth`, the agreements' fields), as for the other renderers.
`plan()` in generate.py asks `document()` for the tool `fourth`; `render_all` calls `draw()`.
"""
from __future__ import annotations

import html as H
import io
import random
import shutil
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth
from bench.outside.people import Party, Person, party
from bench.outside.render_reportlab import RLDocument

FORM_LAYOUTS = ["fh-docx-merged", "fh-html-fieldset", "fh-rl-landscape", "fh-docx-controls", "fh-html-dl",
                "fh-rl-continued"]
AGREEMENT_LAYOUTS = ["fh-agr-docx", "fh-agr-html", "fh-agr-rl"]
SERVICES = ["penneo", "addo", "docusign", "acrobat", "scrive", "verified"]
# each agreement layout's signings in turn: by hand (typed in a script face, drawn as a picture), a service's
# evidence page, nothing ("Underskrift: ______" under printed names), blank, a service's round not finished
SIGNINGS = {"fh-agr-docx": ["drawn", "unsigned", "typed", "evidence", "blank"],
            "fh-agr-html": ["evidence", "typed", "pending", "evidence", "unsigned"],
            "fh-agr-rl": ["drawn", "evidence", "unsigned", "evidence", "typed"]}
FORM_PARTIES = [None, "pharmacy", "municipality", "practitioner", "foreign", "laboratory", "region",
                "private_hospital"]

# ---------------------------------------------------------------- this hand's words

WORDS: dict[str, dict[str, list[str]]] = {
    "da": {"title": ["Stamdata til Sundhedsdatanettet", "Tilmeldingsblanket – SDN", "SDN: oplysninger om jer"],
           "intro": ["Blanketten sendes i udfyldt stand til MedCom sammen med de underskrevne aftaler.",
                     "Alle felter skal udfyldes. Ved spørgsmål kontakt MedCom."],
           "sec_org": ["Virksomheden", "Juridisk enhed", "Om jer"],
           "org": ["Virksomhedens navn", "Juridisk enhed", "Registreret navn"],
           "cvr": ["CVR-nr.", "CVR-nummer (virksomhed)", "Virksomhedens CVR-nr."],
           "reg": ["Udenlandsk reg.nr.", "Registrering i hjemlandet"],
           "sec_contact": ["Hovedkontakt", "Kontakt vedr. aftalen", "Administrativ kontakt"],
           "sec_tech": ["Driftsansvarlig", "IT-drift", "Teknisk drift"],
           "tech_one": ["Driftsansvarlig", "IT-driftskontakt", "Driftskontakt"],
           "name": ["Navn", "Kontaktperson", "Fulde navn"], "email": ["E-mail", "Mail"],
           "phone": ["Telefon", "Tlf.nr.", "Direkte nr."],
           "sec_net": ["Netværk (CIDR)", "IP-net", "Netværksoplysninger"],
           "net": ["Netværk (CIDR)", "IP-net", "Subnet"],
           "sec_site": ["Adresse for opstilling", "Opstillingsadresse", "Hvor står udstyret"],
           "street": ["Gadenavn og husnr.", "Adresse", "Vej og nr."], "pc": ["Postnr."], "city": ["By"],
           "pc_city": ["Postnr./by", "Postnr. og by"],
           "sec_type": ["Virksomhedstype", "Hvad er I?"],
           "sec_via": ["Opkobling", "Adgang til nettet"],
           "via_q": ["Adgang via KMD", "Kobles på gennem KMD"],
           "vendor_q": ["Adgang via leverandør af lægesystem", "Kobles på gennem systemleverandør"],
           "vendor": ["Leverandørens navn", "Hvilken leverandør"],
           "yes": ["Ja"], "no": ["Nej"], "cont": ["(fortsat)"], "page": ["Side"]},
    "en": {"title": ["Health Data Network – registration details", "SDN sign-up sheet", "SDN: about you"],
           "intro": ["Please send this sheet completed to MedCom together with the signed agreements.",
                     "All fields are required. Contact MedCom with any questions."],
           "sec_org": ["Company", "Legal entity", "About you"],
           "org": ["Company name", "Legal entity", "Registered name"],
           "cvr": ["CVR", "Registered number (CVR)", "Company CVR"],
           "reg": ["Home-country registration", "Foreign registration no."],
           "sec_contact": ["Main contact", "Contact for the agreement", "Administrative contact"],
           "sec_tech": ["IT operations", "IT operations contacts", "Operations"],
           "tech_one": ["IT operations contact", "Operations contact", "Ops contact"],
           "name": ["Name", "Contact person", "Full name"], "email": ["E-mail", "Email"],
           "phone": ["Phone", "Telephone no.", "Direct line"],
           "sec_net": ["Network (CIDR)", "IP networks", "Network details"],
           "net": ["Network (CIDR)", "IP network", "Subnet"],
           "sec_site": ["Site address", "Where the equipment goes", "Installation site"],
           "street": ["Street and number", "Address", "Street"], "pc": ["Postcode"], "city": ["Town"],
           "pc_city": ["Postcode/town", "Postcode and town"],
           "sec_type": ["Type of organisation", "What are you?"],
           "sec_via": ["Connection", "Access to the network"],
           "via_q": ["Access through KMD", "Connected through KMD"],
           "vendor_q": ["Access through a GP-system vendor", "Connected through a system vendor"],
           "vendor": ["Vendor's name", "Which vendor"],
           "yes": ["Yes"], "no": ["No"], "cont": ["(continued)"], "page": ["Page"]},
}
TYPES = {
    "da": [("municipality", "Kommune"), ("region", "Region"), ("public_hospital", "Offentligt hospital"),
           ("private_hospital", "Privathospital eller privatklinik"),
           ("practitioner", "Lægepraksis, speciallæge, tandlæge, fysioterapeut"), ("pharmacy", "Apotek"),
           ("laboratory", "Laboratorium (privat)"), ("it_supplier", "Softwarehus / IT-leverandør"),
           ("foreign", "Udenlandsk selskab")],
    "en": [("municipality", "Municipality"), ("region", "Region"), ("public_hospital", "Public hospital"),
           ("private_hospital", "Private hospital or clinic"),
           ("practitioner", "GP, specialist, dentist, physiotherapist"), ("pharmacy", "Pharmacy"),
           ("laboratory", "Laboratory (private)"), ("it_supplier", "Software house / IT supplier"),
           ("foreign", "Foreign company")],
}
MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}


class W:
    """One draw of this hand's words for one document."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.lang = lang
        self.w = {k: rng.choice(v) for k, v in WORDS[lang].items()}

    def __getitem__(self, k: str) -> str:
        return self.w[k]


def fh_date(rng: random.Random, d: date, lang: str) -> str:
    """A date as this hand writes it: "2. nov. 2026", "02/11/2026", "November 2nd 2026" and the like."""
    m = MONTHS[lang][d.month - 1]
    th = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    if lang == "da":
        return rng.choice([f"{d.day}. {m[:3]}. {d.year}", f"{d:%d/%m/%Y}", f"d. {d.day}. {m} {d.year}",
                           f"{d.day}/{d.month}-{d.year}", f"{d.day}. {m} {d.year}"])
    return rng.choice([f"{m} {d.day}{th} {d.year}", f"{d:%d/%m/%Y}", f"{d.day}{th} of {m}, {d.year}",
                       f"{d.day} {m[:3]} {d.year}", f"{m} {d.day}{th}, {d.year}"])


def fh_phone(rng: random.Random, p: Person) -> str:
    d = p.phone.removeprefix("+45")
    return rng.choice([f"+45 {d[:4]} {d[4:]}", f"(+45) {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"{d[:4]} {d[4:]}",
                       f"+45{d}"])


def fh_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([f"{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}", cvr, f"{cvr[:4]} {cvr[4:]}"])


def _signature_png(rng: random.Random) -> bytes:
    """A signature drawn by hand with a mouse: a few loops and a flourish, no text in the picture."""
    img = Image.new("RGBA", (420, 130), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    x, y = 12.0, 80.0
    for _ in range(rng.randint(3, 5)):  # letters as loops
        pts = []
        for k in range(10):
            pts.append((x + k * rng.uniform(2.5, 4.5), y - abs(rng.gauss(0, 1)) * 28 * (1 if k % 3 else -0.6)))
        d.line(pts, fill=(20, 30, 110, 255), width=3)
        x = pts[-1][0] + rng.uniform(4, 14)
    d.arc((30, 60, x + 40, 125), 190, 340, fill=(20, 30, 110, 255), width=2)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


class _Work:
    """One scratch folder for this hand's conversions (LibreOffice's profile and Chromium's are reused)."""

    path: Path | None = None

    @classmethod
    def get(cls) -> Path:
        if cls.path is None or not cls.path.exists():
            cls.path = tools.scratch()
        return cls.path


def _docx_to_pdf(doc: Any, out: Path) -> None:
    work = _Work.get()
    src = work / (out.stem.replace(" ", "_") + ".docx")
    doc.save(str(src))
    tools.libreoffice([src], work, work, "pdf")
    shutil.move(str(src.with_suffix(".pdf")), out)


def _html_to_pdf(page: str, out: Path) -> None:
    work = _Work.get()
    tmp = work / (out.stem.replace(" ", "_") + ".pdf")
    tools.chromium(page, tmp, work)
    shutil.move(str(tmp), out)


# ---------------------------------------------------------------- the form's content, decided once

def _content(rng: random.Random, p: Party, w: W) -> dict[str, Any]:
    org = [(w["org"], p.organisation), (w["cvr"], fh_cvr(rng, p.cvr))]
    if p.foreign_reg:
        org.append((w["reg"], p.foreign_reg))

    def person(x: Person) -> list[tuple[str, str]]:
        return [(w["name"], x.name), (w["email"], x.email), (w["phone"], fh_phone(rng, x))]
    inst = p.installation
    site = ([(w["street"], inst.street), (w["pc_city"], f"{inst.postcode} {inst.city}")] if rng.random() < 0.5 else
            [(w["street"], inst.street), (w["pc"], inst.postcode), (w["city"], inst.city)])
    vendor = p.connected_via if p.connected_via not in (None, "KMD") else ""
    return {"org": org, "contact": person(p.org_contact), "techs": [person(t) for t in p.technical],
            "nets": list(p.ip_scopes), "site": site, "kmd": p.connected_via == "KMD", "vendor": vendor,
            "types": [(label, k == p.party_type) for k, label in TYPES[w.lang]]}


# ---------------------------------------------------------------- Word forms (python-docx -> LibreOffice)

def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _header_footer(doc: Any, top: str, bottom: str) -> None:
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = top
    sec.header.paragraphs[0].runs[0].font.size = Pt(8)
    para = sec.footer.paragraphs[0]
    para.text = bottom + " "
    run = para.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._r.append(fc)
        else:
            it = OxmlElement("w:instrText")
            it.text = text
            run._r.append(it)


def _tick(on: bool) -> str:
    return "☒" if on else "☐"


def _docx_merged(rng: random.Random, p: Party, w: W, out: Path) -> None:
    """One grid table: section headings are cells merged across it, shaded; each technical contact's rows
    sit beside a label merged down over them; the options as ☒/☐ in one cell."""
    c = _content(rng, p, w)
    doc = DocxDocument()
    _header_footer(doc, f"{p.organisation}", f"{w['title']} · {w['page']}")
    doc.add_heading(w["title"], level=1)
    doc.add_paragraph(w["intro"])
    t = doc.add_table(rows=0, cols=3)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER

    def section(title: str) -> None:
        r = t.add_row()
        cell = r.cells[0].merge(r.cells[2])
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "D9E2F3")

    def pair(label: str, value: str) -> None:
        r = t.add_row()
        left = r.cells[0].merge(r.cells[1])
        left.text = label
        r.cells[2].text = value

    section(w["sec_org"])
    for k, v in c["org"]:
        pair(k, v)
    section(w["sec_type"])
    r = t.add_row()
    cell = r.cells[0].merge(r.cells[2])
    cell.text = "   ".join(f"{_tick(on)} {label}" for label, on in c["types"])
    section(w["sec_via"])
    pair(w["via_q"], f"{_tick(c['kmd'])} {w['yes']}   {_tick(not c['kmd'])} {w['no']}")
    pair(w["vendor_q"], f"{_tick(bool(c['vendor']))} {w['yes']}   {_tick(not c['vendor'])} {w['no']}")
    if c["vendor"]:
        pair(w["vendor"], c["vendor"])
    section(w["sec_contact"])
    for k, v in c["contact"]:
        pair(k, v)
    section(w["sec_tech"])
    for i, rows in enumerate(c["techs"]):
        first = None
        for k, v in rows:
            r = t.add_row()
            first = first or r.cells[0]
            r.cells[1].text = k
            r.cells[2].text = v
        assert first is not None
        merged = first.merge(r.cells[0])
        merged.text = f"{w['tech_one']} {i + 1}" if len(c["techs"]) > 1 else w["tech_one"]
    section(w["sec_net"])
    for n in c["nets"]:
        pair(w["net"], n)
    section(w["sec_site"])
    for k, v in c["site"]:
        pair(k, v)
    for row in t.rows:
        row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(3.5), Cm(4), Cm(8.5)
    _docx_to_pdf(doc, out)


def _sdt(par: Any, value: str) -> None:
    """A plain-text content control holding `value`, as Word's form fields are."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), "Felt")
    pr.append(alias)
    pr.append(OxmlElement("w:text"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    col = OxmlElement("w:color")
    col.set(qn("w:val"), "1F3864")
    rpr.append(col)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = value
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    content.append(r)
    sdt.append(content)
    par._p.append(sdt)


def _docx_controls(rng: random.Random, p: Party, w: W, out: Path) -> None:
    """Paragraphs "Label:<tab>value" with a tab stop (dotted leader or not) and the value in a content control;
    the party's name and CVR in the page header, a page number in the footer; headings as Word's styles."""
    c = _content(rng, p, w)
    doc = DocxDocument()
    _header_footer(doc, f"{p.organisation} · CVR {fh_cvr(rng, p.cvr)}", w["page"])
    doc.add_heading(w["title"], level=0 if rng.random() < 0.5 else 1)
    doc.add_paragraph(w["intro"]).runs[0].italic = True
    leader = rng.choice([WD_TAB_LEADER.DOTS, WD_TAB_LEADER.SPACES])
    colon = rng.choice([":", ""])

    def line(label: str, value: str) -> None:
        par = doc.add_paragraph()
        par.paragraph_format.tab_stops.add_tab_stop(Cm(6), WD_TAB_ALIGNMENT.LEFT, leader)
        par.paragraph_format.space_after = Pt(2)
        par.add_run(f"{label}{colon}\t")
        _sdt(par, value)

    doc.add_heading(w["sec_org"], level=2)
    for k, v in c["org"]:
        line(k, v)
    doc.add_heading(w["sec_type"], level=2)
    for label, on in c["types"]:
        doc.add_paragraph(f"{_tick(on)} {label}").paragraph_format.space_after = Pt(0)
    doc.add_heading(w["sec_via"], level=2)
    line(w["via_q"], w["yes"] if c["kmd"] else w["no"])
    line(w["vendor_q"], w["yes"] if c["vendor"] else w["no"])
    if c["vendor"]:
        line(w["vendor"], c["vendor"])
    doc.add_heading(w["sec_contact"], level=2)
    for k, v in c["contact"]:
        line(k, v)
    doc.add_heading(w["sec_tech"], level=2)
    for i, rows in enumerate(c["techs"]):
        if len(c["techs"]) > 1:
            doc.add_paragraph(f"{w['tech_one']} {i + 1}").runs[0].bold = True
        for k, v in rows:
            line(k, v)
    doc.add_heading(w["sec_net"], level=2)
    for i, n in enumerate(c["nets"]):
        line(f"{w['net']} {i + 1}" if len(c["nets"]) > 1 else w["net"], n)
    doc.add_heading(w["sec_site"], level=2)
    for k, v in c["site"]:
        line(k, v)
    _docx_to_pdf(doc, out)


# ---------------------------------------------------------------- HTML forms (Chromium)

_CSS = """
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; margin: 14mm; color: #222; }
h1 { font-size: 17pt; color: #004b6e; margin: 0 0 4mm; }
fieldset { border: 1px solid #9ab; border-radius: 4px; margin: 0 0 5mm; padding: 3mm 4mm; break-inside: avoid; }
legend { font-weight: bold; color: #004b6e; padding: 0 2mm; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 6mm; }
.grid3 { display: grid; grid-template-columns: 2fr 2fr 1fr; gap: 2mm 4mm; }
label { display: block; font-size: 8pt; color: #555; }
input[type=text] { width: 100%; border: 1px solid #888; padding: 1.5mm; font-size: 10.5pt; box-sizing: border-box; }
.opt { display: inline-flex; align-items: center; margin-right: 5mm; }
dl { display: grid; grid-template-columns: max-content auto; gap: 1mm 5mm; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; }
.row { display: flex; gap: 10mm; } .row > div { flex: 1; }
table { border-collapse: collapse; width: 100%; } thead { display: table-header-group; }
th, td { border-bottom: 1px solid #bbb; text-align: left; padding: 2mm; }
th { background: #e8eef3; }
"""


def _page(title: str, body: str, lang: str, css: str = _CSS) -> str:
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{H.escape(title)}</title>"
            f"<style>{css}</style></head><body>{body}</body></html>")


def _inp(label: str, value: str) -> str:
    return f"<div><label>{H.escape(label)}</label><input type='text' value='{H.escape(value, quote=True)}'></div>"


def _box(kind: str, name: str, label: str, on: bool) -> str:
    return (f"<span class='opt'><input type='{kind}' name='{name}'{' checked' if on else ''}>"
            f"&nbsp;{H.escape(label)}</span>")


def _html_fieldset(rng: random.Random, p: Party, w: W, out: Path) -> None:
    """Fieldsets in a CSS grid; every value in an `<input>` box under its small label; the options as the
    browser's own check boxes and radio buttons (drawn, not typed)."""
    c = _content(rng, p, w)
    parts = [f"<h1>{H.escape(w['title'])}</h1><p>{H.escape(w['intro'])}</p>"]

    def fs(legend: str, inner: str, cls: str = "grid") -> None:
        parts.append(f"<fieldset><legend>{H.escape(legend)}</legend><div class='{cls}'>{inner}</div></fieldset>")
    fs(w["sec_org"], "".join(_inp(k, v) for k, v in c["org"]))
    fs(w["sec_type"], "".join(_box("radio", "type", label, on) for label, on in c["types"]), "")
    via = (f"<div>{H.escape(w['via_q'])}: {_box('radio', 'kmd', w['yes'], c['kmd'])}"
           f"{_box('radio', 'kmd', w['no'], not c['kmd'])}</div>"
           f"<div>{H.escape(w['vendor_q'])}: {_box('radio', 'v', w['yes'], bool(c['vendor']))}"
           f"{_box('radio', 'v', w['no'], not c['vendor'])}</div>")
    if c["vendor"]:
        via += _inp(w["vendor"], c["vendor"])
    fs(w["sec_via"], via, "")
    fs(w["sec_contact"], "".join(_inp(k, v) for k, v in c["contact"]), "grid")
    techs = ""
    for i, rows in enumerate(c["techs"]):
        head = f"{w['tech_one']} {i + 1}" if len(c["techs"]) > 1 else ""
        techs += (f"<div style='grid-column: 1 / -1; font-weight: bold'>{H.escape(head)}</div>" if head else "")
        techs += "".join(_inp(k, v) for k, v in rows)
    fs(w["sec_tech"], techs, "grid")
    fs(w["sec_net"], "".join(_inp(f"{w['net']} {i + 1}", n) for i, n in enumerate(c["nets"])))
    fs(w["sec_site"], "".join(_inp(k, v) for k, v in c["site"]), "grid3")
    _html_to_pdf(_page(w["title"], "".join(parts), w.lang), out)


def _html_dl(rng: random.Random, p: Party, w: W, out: Path) -> None:
    """Definition lists side by side (flex), headings as h2; the contacts in one table with a role column,
    set large enough to run onto a second page under its repeated header."""
    c = _content(rng, p, w)

    def dl(rows: list[tuple[str, str]]) -> str:
        return "<dl>" + "".join(f"<dt>{H.escape(k)}</dt><dd>{H.escape(v)}</dd>" for k, v in rows) + "</dl>"
    ticks = "".join(f"<div>{'&#x2611;' if on else '&#x2610;'} {H.escape(label)}</div>" for label, on in c["types"])
    via = [(w["via_q"], w["yes"] if c["kmd"] else w["no"]), (w["vendor_q"], w["yes"] if c["vendor"] else w["no"])]
    if c["vendor"]:
        via.append((w["vendor"], c["vendor"]))
    role = {"da": "Rolle", "en": "Role"}[w.lang]
    rows = [[w["sec_contact"], *[v for _, v in c["contact"]]]]
    rows += [[w["tech_one"], *[v for _, v in t]] for t in c["techs"]]
    head = [role, w["name"], w["email"], w["phone"]]
    table = ("<table><thead><tr>" + "".join(f"<th>{H.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{H.escape(x)}</td>" for x in r) + "</tr>" for r in rows)
             + "</tbody></table>")
    nets = "<ul>" + "".join(f"<li>{H.escape(n)}</li>" for n in c["nets"]) + "</ul>"
    body = (f"<h1>{H.escape(w['title'])}</h1><p>{H.escape(w['intro'])}</p>"
            f"<div class='row'><div><h2>{H.escape(w['sec_org'])}</h2>{dl(c['org'])}</div>"
            f"<div><h2>{H.escape(w['sec_site'])}</h2>{dl(c['site'])}</div></div>"
            f"<h2>{H.escape(w['sec_type'])}</h2>{ticks}"
            f"<h2>{H.escape(w['sec_via'])}</h2>{dl(via)}"
            f"<h2>{H.escape(w['sec_tech'])}</h2>{table}"
            f"<h2>{H.escape(w['sec_net'])}</h2>{nets}")
    css = _CSS.replace("font-size: 10.5pt; margin", f"font-size: {rng.choice([10.5, 13, 15])}pt; margin")
    _html_to_pdf(_page(w["title"], body, w.lang, css), out)


# ---------------------------------------------------------------- reportlab forms

def _rl_landscape(rng: random.Random, p: Party, w: W, out: Path) -> None:
    """A landscape page in two halves; labels in Helvetica, values in a blue typewriter face 150 pt to their
    right; the technical contacts and networks in the right half."""
    c = _content(rng, p, w)
    size = landscape(A4)
    cv = Canvas(str(out), pagesize=size)
    pw, ph = size
    cv.setFont("Helvetica-Bold", 16)
    cv.drawString(40, ph - 45, w["title"])
    cv.setFont("Helvetica", 8.5)
    cv.drawString(40, ph - 60, w["intro"])
    colx = [40.0, pw / 2 + 10]
    ys = [ph - 90.0, ph - 90.0]

    def head(k: int, text: str) -> None:
        if ys[k] < 60:
            return
        cv.setFillColor(colors.HexColor("#004b6e"))
        cv.setFont("Helvetica-Bold", 11)
        cv.drawString(colx[k], ys[k], text)
        cv.setLineWidth(0.5)
        cv.line(colx[k], ys[k] - 3, colx[k] + pw / 2 - 60, ys[k] - 3)
        cv.setFillColor(colors.black)
        ys[k] -= 18

    def pair(k: int, label: str, value: str) -> None:
        cv.setFont("Helvetica", 9)
        cv.setFillColor(colors.black)
        cv.drawString(colx[k], ys[k], label)
        cv.setFont("Courier", 10)
        cv.setFillColor(colors.HexColor("#1a3d9e"))
        cv.drawString(colx[k] + 150, ys[k], value)
        cv.setFillColor(colors.black)
        ys[k] -= 14

    head(0, w["sec_org"])
    for k, v in c["org"]:
        pair(0, k, v)
    ys[0] -= 6
    head(0, w["sec_type"])
    for label, on in c["types"]:
        cv.rect(colx[0], ys[0] - 1, 8, 8)
        if on:
            cv.setFont("Helvetica-Bold", 9)
            cv.setFillColor(colors.HexColor("#1a3d9e"))
            cv.drawString(colx[0] + 1.3, ys[0], "X")
            cv.setFillColor(colors.black)
        cv.setFont("Helvetica", 9)
        cv.drawString(colx[0] + 13, ys[0], label)
        ys[0] -= 12
    ys[0] -= 6
    head(0, w["sec_via"])
    pair(0, w["via_q"], w["yes"] if c["kmd"] else w["no"])
    pair(0, w["vendor_q"][:34], w["yes"] if c["vendor"] else w["no"])
    if c["vendor"]:
        pair(0, w["vendor"], c["vendor"])
    ys[0] -= 6
    head(0, w["sec_site"])
    for k, v in c["site"]:
        pair(0, k, v)
    head(1, w["sec_contact"])
    for k, v in c["contact"]:
        pair(1, k, v)
    ys[1] -= 6
    head(1, w["sec_tech"])
    for i, rows in enumerate(c["techs"]):
        if len(c["techs"]) > 1:
            cv.setFont("Helvetica-Oblique", 9)
            cv.drawString(colx[1], ys[1], f"{w['tech_one']} {i + 1}")
            ys[1] -= 12
        for k, v in rows:
            pair(1, k, v)
        ys[1] -= 4
    ys[1] -= 6
    head(1, w["sec_net"])
    for i, n in enumerate(c["nets"]):
        pair(1, f"{w['net']} {i + 1}", n)
    cv.save()


def _rl_continued(rng: random.Random, p: Party, w: W, out: Path) -> None:
    """Each value on a rule with its label small and grey under it (as on paper forms), two fields to a
    line; the technical contacts continue on page 2 under the section's heading and "(fortsat)"."""
    c = _content(rng, p, w)
    cv = Canvas(str(out), pagesize=A4)
    pw, ph = A4
    y = ph - 60
    cv.setFont("Times-Bold", 18)
    cv.drawString(50, y, w["title"])
    y -= 30

    def head(text: str) -> None:
        nonlocal y
        cv.setFont("Times-Bold", 12)
        cv.drawString(50, y, text)
        y -= 24

    def fields(rows: list[tuple[str, str]]) -> None:
        nonlocal y
        half = (pw - 100) / 2
        for i in range(0, len(rows), 2):
            for j, (label, value) in enumerate(rows[i:i + 2]):
                x = 50 + j * (half + 10)
                cv.setFont("Times-Roman", 11)
                cv.drawString(x + 2, y, value)
                cv.setLineWidth(0.4)
                cv.line(x, y - 3, x + half - 10, y - 3)
                cv.setFont("Helvetica", 6.5)
                cv.setFillColor(colors.grey)
                cv.drawString(x, y - 11, label)
                cv.setFillColor(colors.black)
            y -= 30

    head(w["sec_org"])
    fields(c["org"])
    head(w["sec_type"])
    cv.setFont("Times-Roman", 10)
    for label, on in c["types"]:
        cv.drawString(60, y, f"{'[X]' if on else '[  ]'}  {label}")
        y -= 13
    y -= 8
    head(w["sec_via"])
    via = [(w["via_q"], w["yes"] if c["kmd"] else w["no"]), (w["vendor_q"], w["yes"] if c["vendor"] else w["no"])]
    if c["vendor"]:
        via.append((w["vendor"], c["vendor"]))
    fields(via)
    head(w["sec_contact"])
    fields(c["contact"])
    head(w["sec_tech"])
    for i, rows in enumerate(c["techs"]):
        if y < 150:
            cv.setFont("Helvetica", 7)
            cv.drawRightString(pw - 50, 40, f"{w['page']} 1/2")
            cv.showPage()
            y = ph - 60
            head(f"{w['sec_tech']} {w['cont']}")
        if len(c["techs"]) > 1:
            cv.setFont("Times-Italic", 10)
            cv.drawString(50, y, f"{w['tech_one']} {i + 1}")
            y -= 18
        fields(rows)
    head(w["sec_net"])
    fields([(f"{w['net']} {i + 1}", n) for i, n in enumerate(c["nets"])])
    if y < 120:
        cv.showPage()
        y = ph - 60
    head(w["sec_site"])
    fields(c["site"])
    cv.save()


FORM_DRAW: dict[str, Callable[[random.Random, Party, W, Path], None]] = {
    "fh-docx-merged": _docx_merged, "fh-docx-controls": _docx_controls, "fh-html-fieldset": _html_fieldset,
    "fh-html-dl": _html_dl, "fh-rl-landscape": _rl_landscape, "fh-rl-continued": _rl_continued}


def form(rng: random.Random, p: Party, layout: str, name: str) -> RLDocument:
    w = W(rng, p.language)
    seed = rng.random()
    return RLDocument(name, [], form_truth(p, name), f"form-{layout}", p.language,
                      draw=lambda out: FORM_DRAW[layout](random.Random(seed), p, w, out))


# ---------------------------------------------------------------- agreements

AGR_TITLE = {
    ("connection_agreement", "da"): "Tilslutningsaftale for Sundhedsdatanettet",
    ("connection_agreement", "en"): "SDN Connection Agreement",
    ("data_processor_agreement", "da"): "Databehandleraftale (SDN)",
    ("data_processor_agreement", "en"): "Data Processing Agreement (Health Data Network)",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale (SDN)",
    ("sub_data_processor_agreement", "en"): "Sub-processing Agreement (SDN)",
}
AGR_ROLE = {
    ("connection_agreement", "da"): ("Kunden", "MedCom"), ("connection_agreement", "en"): ("The Customer", "MedCom"),
    ("data_processor_agreement", "da"): ("Dataansvarlig", "Databehandler"),
    ("data_processor_agreement", "en"): ("Controller", "Processor"),
    ("sub_data_processor_agreement", "da"): ("Databehandler", "Underdatabehandler"),
    ("sub_data_processor_agreement", "en"): ("Processor", "Sub-processor"),
}
AGR_TERMS = {
    "da": [("Baggrund", "MedCom driver Sundhedsdatanettet, som sundhedsvæsenets parter bruger til at udveksle "
                        "data sikkert. Denne aftale fastsætter vilkårene for partens brug af nettet."),
           ("Forpligtelser", "Parten holder sine netværks- og kontaktoplysninger opdaterede og giver kun "
                             "relevant personale adgang."),
           ("Personoplysninger", "Oplysninger behandles efter instruks og i overensstemmelse med "
                                 "databeskyttelsesforordningen."),
           ("Ikrafttræden og opsigelse", "Aftalen træder i kraft ved underskrift og kan opsiges med tre "
                                         "måneders varsel.")],
    "en": [("Background", "MedCom runs the Health Data Network, which Danish health-care parties use to exchange "
                          "data securely. This agreement sets the terms of the party's use of the network."),
           ("Obligations", "The party keeps its network and contact details up to date and gives access only to "
                           "relevant staff."),
           ("Personal data", "Data are processed on instruction and in line with the General Data Protection "
                             "Regulation."),
           ("Entry into force and termination", "The agreement enters into force when signed and may be "
                                                "terminated with three months' notice.")],
}
# the place's labels: date, signature, name, title
SIG_LABELS = {"da": ("Dato", "Underskrift", "Navn", "Titel"), "en": ("Date", "Signature", "Printed name", "Title")}


class Agr:
    """Everything one agreement shows, decided before drawing."""

    def __init__(self, rng: random.Random, p: Party, kind: str, signing: str, service: str) -> None:
        self.p, self.kind, self.signing, self.service = p, kind, signing, service
        self.lang = p.language
        self.at = datetime.combine(p.signature_date, time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)))
        by_hand = signing in ("typed", "drawn", "unsigned")
        self.date_text = fh_date(rng, p.signature_date, self.lang) if by_hand else ""
        self.names = signing != "blank"  # the printed name and title are typed in


def _evidence_lines(rng: random.Random, a: Agr) -> tuple[str, list[str]]:
    """A signing service's page in this hand's words: its heading and lines (Danish or English)."""
    p, t, lang = a.p, a.at, a.lang
    doc = AGR_TITLE[(a.kind, lang)]
    ref = "-".join("".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(5)) for _ in range(4))
    sender = (p.signature_date - timedelta(days=rng.randint(1, 5)))
    pending = a.signing == "pending"
    mail = p.signatory.email
    if a.service == "penneo":
        head = {"da": "Penneo · Bevis for underskrift", "en": "Penneo · Proof of signature"}[lang]
        lines = {"da": [f"Dokument: {doc}", f"Nøgle: {ref}",
                        f"Underskriver: {p.signatory.name} ({p.signatory_title}), {p.organisation}",
                        "Metode: MitID Erhverv",
                        "Status: afventer underskrift" if pending else f"Underskrevet: {t:%d-%m-%Y %H:%M:%S} CET"],
                 "en": [f"Document: {doc}", f"Key: {ref}",
                        f"Signer: {p.signatory.name} ({p.signatory_title}), {p.organisation}",
                        "Method: MitID Business",
                        "Status: waiting for signature" if pending else f"Signed: {t:%Y-%m-%d %H:%M:%S} CET"]}[lang]
    elif a.service == "addo":
        head = {"da": "Visma Addo – kvittering", "en": "Visma Addo – signing receipt"}[lang]
        lines = {"da": [f"Forsendelse {ref} ({doc})", f"Oprettet af MedCom {sender:%d.%m.%Y}",
                        f"{p.signatory.name}, {mail}",
                        "Har endnu ikke underskrevet" if pending else f"Underskrevet med MitID {t:%d.%m.%Y kl. %H.%M}"],
                 "en": [f"Envelope {ref} ({doc})", f"Created by MedCom {sender:%d.%m.%Y}",
                        f"{p.signatory.name}, {mail}",
                        "Has not signed yet" if pending else f"Signed with MitID {t:%d.%m.%Y at %H:%M}"]}[lang]
    elif a.service == "docusign":
        head = "DocuSign – Envelope summary"
        lines = [f"Envelope ID: {ref}", f"Subject: Please sign: {doc}", f"Sender: MedCom, sent {sender:%m/%d/%Y}",
                 f"Signer: {p.signatory.name} <{mail}>", f"Title: {p.signatory_title}",
                 "Status: Sent, not yet signed" if pending else
                 f"Signed: {t.month}/{t.day}/{t.year} | {t:%I:%M} {t:%p} (UTC+01:00)"]
    elif a.service == "acrobat":
        head = "Adobe Acrobat Sign – Audit report"
        lines = [f"Document: {doc}", f"Transaction: {ref}",
                 f"Sent for signature to {p.signatory.name} ({mail}) {sender:%Y-%m-%d}",
                 "Awaiting signature" if pending else
                 f"E-signed by {p.signatory.name} ({mail}) - Signature date: {t:%Y-%m-%d - %H:%M:%S} GMT+1"]
    elif a.service == "scrive":
        head = {"da": "Scrive – Verifikat", "en": "Scrive – Verification"}[lang]
        lines = {"da": [f"Dokument-ID {ref}", doc, f"Part: {p.organisation}",
                        f"{p.signatory.name}, {p.signatory_title}",
                        "Ikke underskrevet endnu" if pending else f"Underskrevet {t:%Y-%m-%d %H:%M} med MitID"],
                 "en": [f"Document ID {ref}", doc, f"Party: {p.organisation}",
                        f"{p.signatory.name}, {p.signatory_title}",
                        "Not signed yet" if pending else f"Signed {t:%Y-%m-%d %H:%M} with MitID"]}[lang]
    else:  # Verified (Criipto)
        head = {"da": "Verified – signeringsbevis", "en": "Verified – signing evidence"}[lang]
        lines = {"da": [doc, f"Reference {ref}", f"Signeret af {p.signatory.name} via MitID (Criipto)"
                        if not pending else f"Venter på {p.signatory.name}",
                        "" if pending else f"Tidspunkt {t:%d.%m.%Y %H:%M:%S}"],
                 "en": [doc, f"Reference {ref}", f"Signed by {p.signatory.name} using MitID (Criipto)"
                        if not pending else f"Waiting for {p.signatory.name}",
                        "" if pending else f"Time {t:%d.%m.%Y %H:%M:%S}"]}[lang]
    return head, [x for x in lines if x]


def _party_rows(a: Agr) -> list[tuple[str, str, str]]:
    p = a.p
    mine, theirs = AGR_ROLE[(a.kind, a.lang)]
    lab = {"da": ("Navn", "CVR", "Adresse"), "en": ("Name", "CVR", "Address")}[a.lang]
    return [("", mine, theirs), (lab[0], p.organisation, MEDCOM["name"]), (lab[1], p.cvr, MEDCOM["cvr"]),
            (lab[2], f"{p.office.street}, {p.office.postcode} {p.office.city}",
             f"{MEDCOM['street']}, {MEDCOM['town']}")]


def _agr_docx(rng: random.Random, a: Agr, out: Path) -> None:
    """Word: a parties table under a merged "Parter" row; numbered terms; a borderless two-column signature
    table: "For <party>", date, the signature (a picture, a name in a script face, or a line of
    underscores), name and title typed after their labels."""
    p, lang = a.p, a.lang
    doc = DocxDocument()
    _header_footer(doc, AGR_TITLE[(a.kind, lang)], {"da": "Side", "en": "Page"}[lang])
    doc.add_heading(AGR_TITLE[(a.kind, lang)], level=1)
    rows = _party_rows(a)
    t = doc.add_table(rows=len(rows) + 1, cols=3)
    t.style = "Table Grid"
    top = t.rows[0].cells[0].merge(t.rows[0].cells[2])
    top.text = {"da": "Parter", "en": "Parties"}[lang]
    top.paragraphs[0].runs[0].bold = True
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.rows[i + 1].cells[j].text = v
    for i, (h, text) in enumerate(AGR_TERMS[lang]):
        doc.add_heading(f"{i + 1}. {h}", level=2)
        doc.add_paragraph(text)
    doc.add_paragraph()
    lab = SIG_LABELS[lang]
    s = doc.add_table(rows=5, cols=2)
    s.rows[0].cells[0].text = f"For {p.organisation}"
    s.rows[0].cells[1].text = "For MedCom"
    s.rows[1].cells[0].text = f"{lab[0]}: {a.date_text}" if a.date_text else f"{lab[0]}: ____________"
    s.rows[1].cells[1].text = f"{lab[0]}: ____________"
    cell = s.rows[2].cells[0]
    if a.signing == "drawn":
        cell.paragraphs[0].add_run().add_picture(io.BytesIO(_signature_png(rng)), width=Cm(5))
        cell.add_paragraph("_" * 30)
    elif a.signing == "typed":
        run = cell.paragraphs[0].add_run(p.signatory.name)
        run.font.name, run.font.size, run.italic = "Z003", Pt(20), True
        run.font.color.rgb = RGBColor(0x1F, 0x2F, 0x80)
        cell.add_paragraph("_" * 30)
    else:
        cell.text = f"{lab[1]}: ______________________"
    s.rows[2].cells[1].text = f"{lab[1]}: ______________________"
    s.rows[3].cells[0].text = f"{lab[2]}: {p.signatory.name if a.names else ''}"
    s.rows[3].cells[1].text = f"{lab[2]}:"
    s.rows[4].cells[0].text = f"{lab[3]}: {p.signatory_title if a.names else ''}"
    s.rows[4].cells[1].text = f"{lab[3]}:"
    if a.signing in ("evidence", "pending"):
        doc.add_page_break()
        head, lines = _evidence_lines(rng, a)
        doc.add_heading(head, level=1)
        for line in lines:
            doc.add_paragraph(line)
    _docx_to_pdf(doc, out)


def _agr_html(rng: random.Random, a: Agr, out: Path) -> None:
    """Chromium: the parties as a sentence, the terms in an ordered list, two signature places side by side
    (flex), each a stack of label-above-value lines; a service's evidence page after a page break."""
    p, lang = a.p, a.lang
    mine, theirs = AGR_ROLE[(a.kind, lang)]
    intro = {"da": f"Aftalen er indgået mellem <b>{H.escape(p.organisation)}</b> (CVR-nr. {fh_cvr(rng, p.cvr)}), "
                   f"{H.escape(p.office.street)}, {p.office.postcode} {H.escape(p.office.city)} – i det følgende "
                   f"»{mine}« – og MedCom (CVR-nr. {MEDCOM['cvr']}), {MEDCOM['street']}, {MEDCOM['town']} – "
                   f"»{theirs}«.",
             "en": f"This agreement is between <b>{H.escape(p.organisation)}</b> (CVR {fh_cvr(rng, p.cvr)}), "
                   f"{H.escape(p.office.street)}, {p.office.postcode} {H.escape(p.office.city)} (“{mine}”) and "
                   f"MedCom (CVR {MEDCOM['cvr']}), {MEDCOM['street']}, {MEDCOM['town']} (“{theirs}”)."}[lang]
    terms = "<ol>" + "".join(f"<li><b>{H.escape(h)}.</b> {H.escape(t)}</li>" for h, t in AGR_TERMS[lang]) + "</ol>"
    lab = SIG_LABELS[lang]
    if a.signing == "typed":
        sig = (f"<div style=\"font-family: 'Z003', cursive; font-size: 22pt; color: #1f2f80; height: 14mm\">"
               f"{H.escape(p.signatory.name)}</div>")
    else:
        sig = "<div style='height: 14mm'></div>"

    def place(who: str, ours: bool) -> str:
        def v(x: str) -> str:
            return H.escape(x) if ours and a.names else ""
        d = H.escape(a.date_text) if ours else ""
        space = sig if ours else "<div style='height: 14mm'></div>"
        return (f"<div class='sig'><div class='who'>For {H.escape(who)}</div>"
                f"<div class='l'>{lab[0]}</div><div class='v'>{d}&nbsp;</div>"
                f"{space}<div class='rule'>{lab[1]}</div>"
                f"<div class='l'>{lab[2]}</div><div class='v'>{v(p.signatory.name)}&nbsp;</div>"
                f"<div class='l'>{lab[3]}</div><div class='v'>{v(p.signatory_title)}&nbsp;</div></div>")
    css = _CSS + """
.sigs { display: flex; gap: 14mm; margin-top: 10mm; break-inside: avoid; } .sig { flex: 1; }
.who { font-weight: bold; margin-bottom: 3mm; } .l { font-size: 7.5pt; color: #666; } .v { margin-bottom: 2mm; }
.rule { border-top: 1px solid #000; font-size: 7.5pt; color: #666; margin-bottom: 3mm; }
.ev { break-before: page; } .ev p { margin: 1.5mm 0; }
"""
    body = (f"<h1>{H.escape(AGR_TITLE[(a.kind, lang)])}</h1><p>{intro}</p>{terms}"
            f"<div class='sigs'>{place(p.organisation, True)}{place('MedCom', False)}</div>")
    if a.signing in ("evidence", "pending"):
        head, lines = _evidence_lines(rng, a)
        body += (f"<div class='ev'><h1>{H.escape(head)}</h1>"
                 + "".join(f"<p>{H.escape(x)}</p>" for x in lines) + "</div>")
    _html_to_pdf(_page(AGR_TITLE[(a.kind, lang)], body, lang, css), out)


def _agr_rl(rng: random.Random, a: Agr, out: Path) -> None:
    """reportlab: the parties as two stacked address blocks, terms as paragraphs, and one signature place
    across the page: "Sted og dato", the signature (drawn as a picture, typed in a script face, or a printed
    "Underskrift: ______"), name and title in a table of two columns; an evidence page as a ruled list."""
    p, lang = a.p, a.lang
    cv = Canvas(str(out), pagesize=A4)
    pw, ph = A4
    y = ph - 60
    cv.setFont("Helvetica-Bold", 16)
    cv.drawString(50, y, AGR_TITLE[(a.kind, lang)])
    y -= 30
    rows = _party_rows(a)
    for col in (1, 2):
        cv.setFont("Helvetica-Bold", 9)
        cv.drawString(50, y, rows[0][col] + ":")
        cv.setFont("Helvetica", 10)
        for r in rows[1:]:
            y -= 13
            cv.drawString(70, y, (f"CVR-nr. {r[col]}" if r[0] == "CVR" else r[col]))
        y -= 22
    for i, (h, text) in enumerate(AGR_TERMS[lang]):
        cv.setFont("Helvetica-Bold", 10)
        cv.drawString(50, y, f"§{i + 1} {h}")
        y -= 13
        cv.setFont("Helvetica", 9.5)
        for line in simpleSplit(text, "Helvetica", 9.5, pw - 100):
            cv.drawString(50, y, line)
            y -= 12
        y -= 8
    y -= 20
    lab = {"da": ("Sted og dato", "Underskrift", "Navn", "Stilling"),
           "en": ("Place and date", "Signature", "Name", "Position")}[lang]
    cv.setFont("Helvetica-Bold", 10)
    cv.drawString(50, y, f"{'For' if lang == 'da' else 'On behalf of'} {p.organisation}")
    y -= 20
    cv.setFont("Helvetica", 10)
    place = f"{p.office.city}, {a.date_text}" if a.date_text else ""
    cv.drawString(50, y, f"{lab[0]}: {place}" if place else f"{lab[0]}: ______________________")
    y -= 50
    if a.signing == "drawn":
        cv.drawImage(ImageReader(io.BytesIO(_signature_png(rng))), 60, y, 160, 50, mask="auto")
        cv.line(50, y, 290, y)
        cv.setFont("Helvetica", 7.5)
        cv.drawString(50, y - 10, lab[1])
    elif a.signing == "typed":
        cv.setFont("Times-BoldItalic", 19)
        cv.setFillColor(colors.HexColor("#1f2f80"))
        cv.drawString(60, y + 4, p.signatory.name)
        cv.setFillColor(colors.black)
        cv.line(50, y, 290, y)
        cv.setFont("Helvetica", 7.5)
        cv.drawString(50, y - 10, lab[1])
    else:
        cv.setFont("Helvetica", 10)
        cv.drawString(50, y, f"{lab[1]}: ______________________________")
    y -= 34
    cv.setFont("Helvetica", 10)
    for label, value in ((lab[2], p.signatory.name), (lab[3], p.signatory_title)):
        cv.drawString(50, y, label)
        if a.names:
            cv.drawString(160, y, value)
        cv.setLineWidth(0.3)
        cv.line(158, y - 2, 400, y - 2)
        y -= 18
    if a.signing in ("evidence", "pending"):
        cv.showPage()
        head, lines = _evidence_lines(rng, a)
        y = ph - 60
        cv.setFont("Helvetica-Bold", 14)
        cv.drawString(50, y, head)
        y -= 26
        for line in lines:
            cv.setFont("Helvetica", 9.5)
            cv.drawString(50, y, line)
            cv.setLineWidth(0.2)
            cv.setStrokeColor(colors.lightgrey)
            cv.line(50, y - 4, pw - 50, y - 4)
            cv.setStrokeColor(colors.black)
            y -= 17
    cv.save()


AGR_DRAW: dict[str, Callable[[random.Random, Agr, Path], None]] = {
    "fh-agr-docx": _agr_docx, "fh-agr-html": _agr_html, "fh-agr-rl": _agr_rl}


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str,
              name: str) -> RLDocument:
    """One agreement of `kind` in `layout`, signed as `signing` says (typed, drawn, evidence; unsigned:
    printed names but no signature; blank: nothing filled in; pending: the service's round not finished)."""
    a = Agr(rng, p, kind, signing, service)
    doc = agreement_truth(p, kind, signing, name)
    seed = rng.random()
    variants = service if signing in ("evidence", "pending") else ""
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", p.language,
                      note=f"signing={signing};variants={variants}",
                      draw=lambda out: AGR_DRAW[layout](random.Random(seed), a, out))


# ---------------------------------------------------------------- the plan's entry

_counter = {"form": 0, "agr": 0, "service": 0}


def document(rng: random.Random, what: str, name_of: Callable[[Party], str]) -> RLDocument:
    """The next document of kind `what` (the own-template slot is drawn as a data processing agreement),
    this hand's layouts, signings and services in turn."""
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
    signing = signings[(i // len(AGREEMENT_LAYOUTS)) % len(signings)]
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if signing in ("evidence", "pending"):
        _counter["service"] += 1
    return agreement(rng, p, kind, layout, signing, service, name_of(p))


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "document", "reset", "form", "agreement"]
