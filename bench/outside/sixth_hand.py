"""A sixth hand: information forms and agreements as still other people make them, with tools none of the five
other hands uses (wkhtmltopdf, AbiWord, pandoc, Gnumeric's ssconvert, enscript, an AcroForm filled by pypdf or
pdftk and left unflattened), in layouts and words of its own.

Written without reading the reader (issue 22): only the domain (what a form and an agreement must say) and the
truth format. What this hand does that the others do not:

* wkhtmltopdf (Qt WebKit): a municipal letter with a drawn logo, a reference block (J.nr., Vores ref., Dato) and
  an "Att." address; the answers in three columns, each label small over its answer; the contacts as one card
  per person. A paper form whose answers stand one character a box. An agreement with a table of contents,
  numbered appendices ("Bilag 1", "Bilag 2"), the signature drawn as vector strokes (inline SVG) and the party
  block at the very end, after the signatures.
* AbiWord (`abiword --to=pdf`) converting a Word file written by python-docx: an agreement whose signing service's
  page is a table with the signers in columns (the party's signer and MedCom's side by side).
* pandoc (Markdown to ODT) then AbiWord: a form written as Markdown, labels in bold with the answer after them,
  contacts as a small table per person; an agreement in the same way.
* enscript then ps2pdf: a form typed as a mail reply that quotes the questions ("> Organisation:") and answers
  under each, printed from a mail client with enscript's page header.
* Gnumeric's ssconvert: the form as a spreadsheet (written by openpyxl) printed to PDF; the contacts as columns,
  one per person.
* An AcroForm (reportlab's fields, named as a form tool names them: "Tekst1", "Tekst2", ...) filled by pypdf with
  no appearance streams and NeedAppearances set, or by pdftk `fill_form ... need_appearances` (not flattened).
* Wordings of its own, formal and informal, Danish and English ("tlf.", "e-post", "att.", "CVR-nr.:",
  "CVR-/SE-nr."), dates as "6/12-26", "d. 6. dec. 2026", "06.12.2026", "6 Dec 2026", "06/12/2026"; phones as
  "+45 12 34 56 78", "1234 5678", "12345678"; CVRs as "1234 5678" or "12 34 56 78".

The truth is the model's (`forms.form_truth`, the agreements' fields), as for the other hands.
`plan()` in generate.py asks `document()` for the tool `sixth`; `render_all` calls `draw()`.
"""
from __future__ import annotations

import html as H
import random
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth
from bench.outside.people import Party, Person, party
from bench.outside.render_reportlab import RLDocument

# the Debian packages of this hand's tools (tests/servers/_util.py installs them when missing)
PACKAGES = {"wkhtmltopdf": "wkhtmltopdf", "abiword": "abiword", "pandoc": "pandoc", "ssconvert": "gnumeric",
            "enscript": "enscript", "ps2pdf": "ghostscript", "pdftk": "pdftk-java"}

FORM_LAYOUTS = ["s6-wk-letterhead", "s6-enscript-reply", "s6-wk-boxes", "s6-gnumeric-sheet", "s6-pandoc-form",
                "s6-acro-pypdf", "s6-acro-pdftk"]
AGREEMENT_LAYOUTS = ["s6-agr-wk", "s6-agr-abiword", "s6-agr-pandoc"]
SERVICES = ["penneo", "addo", "docusign", "dokobit", "scrive", "oneflow"]
SIGNINGS = {"s6-agr-wk": ["drawn", "unsigned", "typed", "drawn", "blank"],
            "s6-agr-abiword": ["evidence", "typed", "pending", "unsigned", "evidence"],
            "s6-agr-pandoc": ["evidence", "typed", "unsigned", "evidence", "pending"]}
FORM_PARTIES = [None, "municipality", "pharmacy", "practitioner", "foreign", "laboratory", "region",
                "private_hospital", "public_hospital"]

MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}
TYPES = {
    "da": {"municipality": "Kommune", "region": "Region", "public_hospital": "Offentligt hospital",
           "private_hospital": "Privat hospital/klinik", "practitioner": "Praktiserende (ydernummer)",
           "pharmacy": "Apotek", "laboratory": "Laboratorium (privat)", "it_supplier": "IT-leverandør",
           "foreign": "Udenlandsk selskab"},
    "en": {"municipality": "Municipality", "region": "Region", "public_hospital": "Public hospital",
           "private_hospital": "Private hospital/clinic", "practitioner": "General practice (provider number)",
           "pharmacy": "Pharmacy", "laboratory": "Laboratory (private)", "it_supplier": "IT vendor",
           "foreign": "Foreign company"},
}

# ---------------------------------------------------------------- this hand's words

WORDS: dict[str, dict[str, list[str]]] = {
    "da": {"title": ["Informationsskema – Sundhedsdatanettet", "SDN: oplysninger om tilslutningsstedet",
                     "Skema til tilslutning (SDN)"],
           "org": ["Organisation", "Myndighed/virksomhed", "Juridisk enhed"],
           "cvr": ["CVR-nr.", "CVR-/SE-nr.", "CVR nr"],
           "reg": ["Udenl. registreringsnr.", "Reg.nr. (udland)"],
           "type": ["Type", "Organisationstype", "Art"],
           "kmd": ["Via KMD", "Tilsluttes via KMD"],
           "vendor": ["Systemleverandør", "Lev. af lægesystem"],
           "contact": ["Kontaktperson", "Kontakt (aftale)", "Ansvarlig"],
           "tech": ["Teknisk kontakt", "IT-kontakt", "Tekn. kontaktperson"],
           "nets": ["IP-net", "Netværk (CIDR)", "IP-scope"],
           "site": ["Installationsadresse", "Leveringsadresse for udstyr", "Installationssted"],
           "name": ["Navn"], "email": ["E-post", "E-mail", "Mail"], "phone": ["Tlf.", "Tlf", "Telefon"],
           "yes": ["Ja", "JA"], "no": ["Nej", "NEJ"], "none": ["–", "Ingen", "Nej"]},
    "en": {"title": ["Information form – Health Data Network", "SDN: details of the connection site",
                     "Connection form (SDN)"],
           "org": ["Organisation", "Legal entity", "Company/authority"],
           "cvr": ["CVR no.", "CVR/SE no.", "Company reg. (CVR)"],
           "reg": ["Foreign reg. no.", "Reg. no. (abroad)"],
           "type": ["Type", "Kind of organisation"],
           "kmd": ["Via KMD", "Connected through KMD"],
           "vendor": ["System vendor", "Clinical system vendor"],
           "contact": ["Contact person", "Contact (agreement)", "Responsible"],
           "tech": ["Technical contact", "IT contact", "Tech. contact"],
           "nets": ["IP networks", "Networks (CIDR)", "IP scope"],
           "site": ["Installation address", "Delivery address for equipment", "Site"],
           "name": ["Name"], "email": ["E-mail", "Email"], "phone": ["Tel.", "Phone", "Tel"],
           "yes": ["Yes", "YES"], "no": ["No", "NO"], "none": ["–", "None", "No"]},
}


class W:
    """One draw of this hand's words for one document."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.lang = lang
        self.w = {k: rng.choice(v) for k, v in WORDS[lang].items()}

    def __getitem__(self, k: str) -> str:
        return self.w[k]


def s6_date(rng: random.Random, d: date, lang: str) -> str:
    """A date as this hand writes it: short years, abbreviated months, "d." before the day."""
    m = MONTHS[lang][d.month - 1]
    if lang == "da":
        return rng.choice([f"{d.day}/{d.month}-{d.year % 100:02d}", f"d. {d.day}. {m[:3]}. {d.year}",
                           f"{d:%d.%m.%Y}", f"d. {d.day}/{d.month} {d.year}", f"{d.day}. {m} {d.year}"])
    return rng.choice([f"{d.day} {m[:3]} {d.year}", f"{d:%d/%m/%Y}", f"{d.day} {m}, {d.year}",
                       f"{d.day}.{d.month}.{d.year}"])


def s6_phone(rng: random.Random, p: Person) -> str:
    if not p.phone:
        return ""
    d = p.phone.removeprefix("+45")
    return rng.choice([f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"{d[:4]} {d[4:]}", d, f"(+45) {d}"])


def s6_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"{cvr[:4]} {cvr[4:]}", f"{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}"])


def ensure() -> None:
    """Install this hand's tools where missing (needs root, as CI has)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    if missing:
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-urw-base35", "fonts-dejavu-core")


def _run(cmd: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    r = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, timeout=240,
                       env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"})
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-600:]!r} {r.stdout[-600:]!r}")
    return r.stdout


def _in_scratch(make: Callable[[Path], Path], out: Path) -> None:
    ensure()
    w = tools.scratch()
    try:
        shutil.move(str(make(w)), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def wk_pdf(page: str, out: Path) -> None:
    """wkhtmltopdf (Qt WebKit), A4, as an intranet's "print to PDF" button calls it."""
    def make(w: Path) -> Path:
        (w / "doc.html").write_text(page, encoding="utf-8")
        _run(["wkhtmltopdf", "-q", "--page-size", "A4", "--encoding", "utf-8", "--margin-top", "18mm",
              "--margin-bottom", "18mm", "doc.html", "doc.pdf"], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


def abiword_pdf(src_name: str, data: bytes, out: Path) -> None:
    """AbiWord's command line converts a Word or ODF file to PDF."""
    def make(w: Path) -> Path:
        (w / src_name).write_bytes(data)
        _run(["abiword", "--to=pdf", "--to-name=doc.pdf", src_name], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


def pandoc_abiword_pdf(markdown: str, out: Path) -> None:
    """pandoc writes the Markdown as an ODF text file; AbiWord prints it."""
    def make(w: Path) -> Path:
        (w / "doc.md").write_text(markdown, encoding="utf-8")
        _run(["pandoc", "-f", "markdown", "-t", "odt", "-o", "doc.odt", "doc.md"], w)
        _run(["abiword", "--to=pdf", "--to-name=doc.pdf", "doc.odt"], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


def enscript_pdf(text: str, title: str, out: Path) -> None:
    """A mail printed from a text mail client: enscript's fancy page header, Courier 10, then ps2pdf."""
    def make(w: Path) -> Path:
        (w / "mail.txt").write_bytes(text.encode("latin-1", "replace"))
        _run(["enscript", "-q", "-G", "-X", "latin1", "-M", "A4", "-f", "Courier10", "--word-wrap",
              f"--title={title}", "-p", "mail.ps", "mail.txt"], w)
        _run(["ps2pdf", "-sPAPERSIZE=a4", "mail.ps", "doc.pdf"], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


def ssconvert_pdf(xlsx: bytes, out: Path) -> None:
    """Gnumeric's ssconvert prints a workbook to PDF."""
    def make(w: Path) -> Path:
        (w / "form.xlsx").write_bytes(xlsx)
        _run(["ssconvert", "form.xlsx", "doc.pdf"], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


# ---------------------------------------------------------------- the form's answers, decided once

class Answers:
    """What one form says, in this hand's writing."""

    def __init__(self, rng: random.Random, p: Party, w: W) -> None:
        self.p, self.w, self.lang = p, w, w.lang
        self.cvr = s6_cvr(rng, p.cvr) if p.cvr else ""
        self.contact = self._person(rng, p.org_contact)
        self.techs = [self._person(rng, t) for t in p.technical]
        inst = p.installation
        self.street, self.town = inst.street, f"{inst.postcode} {inst.city}"
        self.kind = TYPES[w.lang][p.party_type]
        self.kmd = w["yes"] if p.connected_via == "KMD" else w["no"]
        self.vendor = p.connected_via if p.connected_via not in (None, "KMD") else w["none"]
        self.nets = [n for n in p.ip_scopes if n]

    @staticmethod
    def _person(rng: random.Random, x: Person) -> tuple[str, str, str]:
        return x.name, x.email, s6_phone(rng, x)

    def pairs(self) -> list[tuple[str, str]]:
        """The organisation's answers as (label, answer), in this hand's order."""
        w, p = self.w, self.p
        out = [(w["org"], p.organisation), (w["cvr"], self.cvr)]
        if p.foreign_reg:
            out.append((w["reg"], p.foreign_reg))
        return out + [(w["type"], self.kind), (w["kmd"], self.kmd), (w["vendor"], self.vendor)]


def _logo_svg(rng: random.Random) -> str:
    """A municipality's coat of arms as a drawn shield (vector), as a letterhead carries it."""
    hue = rng.choice(["#1d4e89", "#7a1f2b", "#2e6b3a"])
    return (f"<svg width='54' height='64' viewBox='0 0 54 64'><path d='M2 2 H52 V30 C52 48 27 62 27 62 "
            f"C27 62 2 48 2 30 Z' fill='{hue}'/><path d='M14 18 L27 40 L40 18' stroke='#fff' stroke-width='5' "
            f"fill='none'/><circle cx='27' cy='12' r='4' fill='#fc3'/></svg>")


_WK_CSS = """
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10pt; color: #222; }
.head { width: 100%; border-bottom: 1.5pt solid #1d4e89; margin-bottom: 8mm; }
.head td { vertical-align: top; }
.org { font-size: 15pt; font-weight: bold; color: #1d4e89; }
.ref { font-size: 8pt; color: #444; text-align: left; }
.ref td { padding: 0 2mm 0.6mm 0; }
h1 { font-size: 14pt; margin: 4mm 0 3mm; } h2 { font-size: 10.5pt; color: #1d4e89; margin: 5mm 0 2mm; }
table.three { width: 100%; border-collapse: collapse; }
table.three td { width: 33%; vertical-align: top; padding: 1.5mm 3mm 2.5mm 0; border-top: 0.5pt solid #bbb; }
.lab { font-size: 7pt; color: #666; text-transform: uppercase; letter-spacing: 0.3pt; }
.val { font-size: 10pt; }
.card { float: left; width: 54mm; border: 0.8pt solid #999; border-radius: 2mm; margin: 0 4mm 4mm 0;
        padding: 2mm 3mm; min-height: 22mm; }
.card .who { font-weight: bold; font-size: 10.5pt; margin-bottom: 1mm; }
.card .role { font-size: 7pt; color: #666; }
.clear { clear: both; }
"""


def _wk_letterhead(rng: random.Random, a: Answers, out: Path) -> None:
    """A municipal letter: logo and the sender's name, a reference block on the right, "Att." to MedCom; the
    organisation's answers in three columns (label small over the answer); each contact a card."""
    w, p, da = a.w, a.p, a.lang == "da"
    today = p.signature_date + timedelta(days=rng.randint(1, 20))
    jnr = f"{rng.randint(10, 99)}.{rng.randint(10, 99)}.00-G01-{rng.randint(1, 99)}-26"
    ref = [("J.nr." if da else "File no.", jnr),
           ("Vores ref." if da else "Our ref.", "".join(x[0] for x in a.contact[0].split()).upper() or "–"),
           ("Dato" if da else "Date", s6_date(rng, today, a.lang))]
    att = (f"MedCom<br>Att.: SDN-sekretariatet<br>{MEDCOM['street']}<br>{MEDCOM['town']}" if da else
           f"MedCom<br>Attn.: SDN secretariat<br>{MEDCOM['street']}<br>{MEDCOM['town']}")
    head = (f"<table class='head'><tr><td style='width:18mm'>{_logo_svg(rng)}</td><td><div class='org'>"
            f"{H.escape(p.organisation)}</div><div class='ref'>{H.escape(p.office.street)} · "
            f"{H.escape(p.office.postcode)} {H.escape(p.office.city)}</div></td><td style='width:55mm'>"
            "<table class='ref'>" + "".join(f"<tr><td>{k}</td><td>{H.escape(v)}</td></tr>" for k, v in ref)
            + f"</table></td></tr></table><div style='font-size:9pt;margin-bottom:6mm'>{att}</div>")
    cells = [*a.pairs()]
    if a.nets:
        cells.append((w["nets"], "<br>".join(a.nets)))
    else:
        cells.append((w["nets"], ""))
    cells.append((w["site"], f"{a.street}<br>{a.town}"))
    rows = ""
    for i in range(0, len(cells), 3):
        part = cells[i:i + 3]
        rows += "<tr>" + "".join(
            f"<td><div class='lab'>{H.escape(k)}</div><div class='val'>"
            f"{v if '<br>' in v else H.escape(v)}</div></td>" for k, v in part)
        rows += "<td></td>" * (3 - len(part)) + "</tr>"

    def card(role: str, who: tuple[str, str, str]) -> str:
        n, e, ph = who
        return (f"<div class='card'><div class='role'>{H.escape(role)}</div><div class='who'>{H.escape(n)}</div>"
                f"{H.escape(w['email'].lower())}: {H.escape(e)}<br>{H.escape(w['phone'].lower())} {H.escape(ph)}</div>")
    cards = card(w["contact"], a.contact) + "".join(card(w["tech"], t) for t in a.techs)
    intro = ("Hermed vores oplysninger til brug for tilslutningen til SDN." if da else
             "Please find our details for the SDN connection below.")
    sign = (f"<p style='margin-top:8mm'>{'Med venlig hilsen' if da else 'Kind regards'}<br><br>"
            f"{H.escape(a.contact[0])}<br>{H.escape(p.organisation)}</p>")
    body = (head + f"<h1>{H.escape(w['title'])}</h1><p>{intro}</p><table class='three'>{rows}</table>"
            f"<h2>{'Kontaktpersoner' if da else 'Contacts'}</h2>{cards}<div class='clear'></div>{sign}")
    wk_pdf(f"<!doctype html><html lang='{a.lang}'><head><meta charset='utf-8'><style>{_WK_CSS}</style></head>"
           f"<body>{body}</body></html>", out)


_BOX_CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
h1 { font-size: 13pt; border: 1.2pt solid #000; padding: 2mm; text-align: center; }
table.row { border-collapse: collapse; margin: 1.2mm 0 2.5mm; }
table.row td.l { width: 38mm; font-size: 8pt; padding-right: 2mm; vertical-align: middle; }
table.row td.b { border: 0.7pt solid #333; width: 4.2mm; height: 5.6mm; text-align: center;
                 font-family: 'DejaVu Sans Mono', monospace; font-size: 9.5pt; padding: 0; }
.sec { background: #ddd; font-weight: bold; padding: 1mm 2mm; margin-top: 4mm; }
"""


def _wk_boxes(rng: random.Random, a: Answers, out: Path) -> None:
    """A paper form done on screen: every answer one character a box, as a tax form; long answers go on into a
    second row of boxes under the first."""
    w = a.w
    per_row = 32

    def boxes(label: str, value: str) -> str:
        value = value or ""
        chunks = [value[i:i + per_row] for i in range(0, max(len(value), 1), per_row)] or [""]
        html = ""
        for k, chunk in enumerate(chunks):
            lab = H.escape(label) if k == 0 else ""
            html += (f"<table class='row'><tr><td class='l'>{lab}</td>"
                     + "".join(f"<td class='b'>{H.escape(c) if c != ' ' else '&nbsp;'}</td>"
                               for c in chunk.ljust(per_row)) + "</tr></table>")
        return html
    da = a.lang == "da"
    body = f"<h1>{H.escape(w['title'])}</h1>"
    body += f"<div class='sec'>{'A. Organisation' if not da else 'A. Organisationen'}</div>"
    body += "".join(boxes(k, v) for k, v in a.pairs())
    body += f"<div class='sec'>B. {H.escape(w['contact'])}</div>"
    n, e, ph = a.contact
    body += boxes(w["name"], n) + boxes(w["email"], e) + boxes(w["phone"], ph)
    for i, (tn, te, tp) in enumerate(a.techs):
        body += f"<div class='sec'>{'C' if i == 0 else 'C' + str(i + 1)}. {H.escape(w['tech'])}</div>"
        body += boxes(w["name"], tn) + boxes(w["email"], te) + boxes(w["phone"], tp)
    body += f"<div class='sec'>D. {H.escape(w['nets'])} / {H.escape(w['site'])}</div>"
    for k, net in enumerate(a.nets or [""]):
        body += boxes(f"{w['nets']} {k + 1}", net)
    body += boxes("Adresse" if da else "Street", a.street) + boxes("Postnr. og by" if da else "Postcode, town", a.town)
    wk_pdf(f"<!doctype html><html><head><meta charset='utf-8'><style>{_BOX_CSS}</style></head>"
           f"<body>{body}</body></html>", out)


def _enscript_reply(rng: random.Random, a: Answers, out: Path) -> None:
    """A mail reply in plain text quoting MedCom's questions line by line, the answers typed under each,
    printed from the mail client (enscript's header with the subject)."""
    w, p, da = a.w, a.p, a.lang == "da"
    sent = p.signature_date + timedelta(days=rng.randint(1, 15))
    head = [f"{'Fra' if da else 'From'}: {a.contact[0]} <{a.contact[1]}>",
            f"{'Til' if da else 'To'}: sdn@medcom.example",
            f"{'Dato' if da else 'Date'}: {s6_date(rng, sent, a.lang)} {rng.randint(8, 16)}:{rng.randint(0, 59):02d}",
            f"{'Emne' if da else 'Subject'}: SV: SDN - {'informationsskema' if da else 'information form'}", "",
            "Hej," if da else "Hi,", "",
            "Svar herunder i jeres spørgsmål." if da else "Answers inline below.", ""]
    qa: list[tuple[str, list[str]]] = [(f"{k}:", [v or "-"]) for k, v in a.pairs()]
    qa.append((f"{w['contact']} ({w['name'].lower()}, {w['email'].lower()}, {w['phone'].lower()}):",
               [x for x in a.contact if x]))
    for i, t in enumerate(a.techs):
        num = f" {i + 1}" if len(a.techs) > 1 else ""
        qa.append((f"{w['tech']}{num}:", [x for x in t if x] or ["-"]))
    qa.append((f"{w['nets']}:", a.nets or ["-"]))
    qa.append((f"{w['site']}:", [a.street, a.town]))
    body = list(head)
    for q, ans in qa:
        body += [f"> {q}", *ans, ""]
    body += ["Mvh." if da else "Best,", a.contact[0].split()[0] if a.contact[0] else "", p.organisation]
    enscript_pdf("\n".join(body) + "\n", "SV: SDN", out)


def _gnumeric_sheet(rng: random.Random, a: Answers, out: Path) -> None:
    """The form as a spreadsheet printed by Gnumeric: labels in column A, answers in B; the contacts a block
    with one column per person (name, e-mail, phone down the rows)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, PatternFill, Side

    w, da = a.w, a.lang == "da"
    wb = Workbook()
    ws = wb.active
    ws.title = "Skema" if da else "Form"
    thin = Side(style="thin", color="888888")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    ws["A1"] = w["title"]
    ws["A1"].font = Font(bold=True, size=13)
    r = 3
    for k, v in a.pairs():
        ws.cell(r, 1, k).font = Font(bold=True)
        c = ws.cell(r, 2, v)
        c.border = box
        r += 1
    r += 1
    people = [(w["contact"], a.contact)] + [(f"{w['tech']} {i + 1}", t) for i, t in enumerate(a.techs)]
    ws.cell(r, 1, "Kontakter" if da else "Contacts").font = Font(bold=True, size=11)
    for j, (role, _) in enumerate(people):
        c = ws.cell(r, 2 + j, role)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4E79")
    for i, lab in enumerate((w["name"], w["email"], w["phone"])):
        ws.cell(r + 1 + i, 1, lab).font = Font(bold=True)
        for j, (_, who) in enumerate(people):
            ws.cell(r + 1 + i, 2 + j, who[i]).border = box
    r += 5
    ws.cell(r, 1, w["nets"]).font = Font(bold=True)
    for k, net in enumerate(a.nets or [""]):
        ws.cell(r + k, 2, net).border = box
    r += max(len(a.nets), 1) + 1
    ws.cell(r, 1, w["site"]).font = Font(bold=True)
    ws.cell(r, 2, a.street).border = box
    ws.cell(r + 1, 2, a.town).border = box
    ws.column_dimensions["A"].width = 26
    for col in "BCDE":
        ws.column_dimensions[col].width = 30
    ws.page_setup.orientation = "landscape"
    buf = io.BytesIO()
    wb.save(buf)
    ssconvert_pdf(buf.getvalue(), out)


def _pandoc_form(rng: random.Random, a: Answers, out: Path) -> None:
    """Markdown as a secretary types it (bold labels, the answer after the colon; each contact a small table),
    made an ODF file by pandoc and printed by AbiWord."""
    w, da = a.w, a.lang == "da"
    md = [f"# {w['title']}", ""]
    for k, v in a.pairs():
        md += [f"**{k}:** {v or '–'}  "]
    md += ["", f"## {'Kontaktpersoner' if da else 'Contact persons'}", ""]
    for role, (n, e, ph) in [(w["contact"], a.contact)] + [(w["tech"], t) for t in a.techs]:
        md += [f"| {role} | |", "|---|---|", f"| {w['name']} | {n} |", f"| {w['email']} | {e} |",
               f"| {w['phone']} | {ph} |", ""]
    md += [f"## {w['nets']}", ""]
    md += [f"- {n}" for n in a.nets] or ["–"]
    md += ["", f"## {w['site']}", "", f"{a.street}  ", a.town, ""]
    pandoc_abiword_pdf("\n".join(md), out)


def _acro_blank(a: Answers) -> tuple[bytes, list[tuple[str, str]]]:
    """A fillable form drawn with reportlab: printed labels, a text field beside each, the fields named as a
    form tool names them ("Tekst1", "Tekst2", ...). Returns the blank PDF and (field name, value) pairs."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    w, da = a.w, a.lang == "da"
    rows: list[tuple[str, str]] = [*a.pairs()]
    rows += [(f"{w['contact']} – {w['name'].lower()}", a.contact[0]), (w["email"], a.contact[1]),
             (w["phone"], a.contact[2])]
    for i, (tn, te, tp) in enumerate(a.techs):
        rows += [(f"{w['tech']} {i + 1} – {w['name'].lower()}", tn), (w["email"], te), (w["phone"], tp)]
    for k, net in enumerate(a.nets or [""]):
        rows.append((f"{w['nets']} {k + 1}", net))
    rows += [(w["site"], a.street), ("Postnr. og by" if da else "Postcode and town", a.town)]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    width, height = A4
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, height - 60, w["title"])
    y = height - 100
    values: list[tuple[str, str]] = []
    for i, (lab, val) in enumerate(rows):
        if y < 60:
            c.showPage()
            y = height - 60
        c.setFont("Helvetica", 9)
        c.drawString(50, y + 5, lab)
        name = f"Tekst{i + 1}"
        c.acroForm.textfield(name=name, x=220, y=y, width=320, height=18, borderWidth=0.6, fontSize=10,
                             fillColor=None, textColor=None, forceBorder=True, value="")
        values.append((name, val))
        y -= 26
    c.save()
    return buf.getvalue(), values


def _acro_pypdf(rng: random.Random, a: Answers, out: Path) -> None:
    """The fillable form filled by a script with pypdf: the values written into /V only, no appearance streams,
    NeedAppearances set so a viewer draws them."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject, TextStringObject

    blank, values = _acro_blank(a)
    wanted = dict(values)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            name = str(annot.get("/T", ""))
            if name in wanted:
                annot[NameObject("/V")] = TextStringObject(wanted[name])
                if "/AP" in annot:
                    del annot["/AP"]
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    with out.open("wb") as f:
        writer.write(f)


def _acro_pdftk(rng: random.Random, a: Answers, out: Path) -> None:
    """The fillable form filled by pdftk from an XFDF, `need_appearances` and not flattened."""
    blank, values = _acro_blank(a)
    xfdf = ("<?xml version='1.0' encoding='UTF-8'?><xfdf xmlns='http://ns.adobe.com/xfdf/'><fields>"
            + "".join(f"<field name='{n}'><value>{H.escape(v)}</value></field>" for n, v in values)
            + "</fields></xfdf>")

    def make(w: Path) -> Path:
        (w / "blank.pdf").write_bytes(blank)
        (w / "data.xfdf").write_text(xfdf, encoding="utf-8")
        _run(["pdftk", "blank.pdf", "fill_form", "data.xfdf", "output", "doc.pdf", "need_appearances"], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


FORM_DRAW: dict[str, Callable[[random.Random, Answers, Path], None]] = {
    "s6-wk-letterhead": _wk_letterhead, "s6-enscript-reply": _enscript_reply, "s6-wk-boxes": _wk_boxes,
    "s6-gnumeric-sheet": _gnumeric_sheet, "s6-pandoc-form": _pandoc_form, "s6-acro-pypdf": _acro_pypdf,
    "s6-acro-pdftk": _acro_pdftk}


def form(rng: random.Random, p: Party, layout: str, name: str) -> RLDocument:
    w = W(rng, p.language)
    a = Answers(rng, p, w)
    seed = rng.random()
    return RLDocument(name, [], form_truth(p, name), f"form-{layout}", p.language,
                      draw=lambda out: FORM_DRAW[layout](random.Random(seed), a, out))


# ---------------------------------------------------------------- agreements

AGR_TITLE = {
    ("connection_agreement", "da"): "Tilslutningsaftale – Sundhedsdatanettet (SDN)",
    ("connection_agreement", "en"): "SDN Connection Agreement",
    ("data_processor_agreement", "da"): "Databehandleraftale (SDN)",
    ("data_processor_agreement", "en"): "Data Processor Agreement (SDN)",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale (SDN)",
    ("sub_data_processor_agreement", "en"): "Sub-data Processor Agreement (SDN)",
}
AGR_ROLE = {
    ("connection_agreement", "da"): ("Kunden", "MedCom"),
    ("connection_agreement", "en"): ("the Customer", "MedCom"),
    ("data_processor_agreement", "da"): ("Den dataansvarlige", "Databehandleren"),
    ("data_processor_agreement", "en"): ("the Controller", "the Processor"),
    ("sub_data_processor_agreement", "da"): ("Databehandleren", "Underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): ("the Processor", "the Sub-processor"),
}
AGR_SECTIONS = {
    "da": [("Aftalens omfang", "Aftalen omfatter adgang til Sundhedsdatanettet og de tjenester, MedCom til enhver "
            "tid stiller til rådighed på nettet."),
           ("Forpligtelser", "Parterne overholder gældende lovgivning om behandling af personoplysninger, herunder "
            "databeskyttelsesforordningen og databeskyttelsesloven."),
           ("Sikkerhed", "Der anvendes kryptering og adgangsstyring svarende til risikoen, jf. Bilag 2."),
           ("Ikrafttræden og ophør", "Aftalen træder i kraft ved underskrift og kan opsiges med 3 mdr. varsel.")],
    "en": [("Scope", "The agreement covers access to the Health Data Network and the services MedCom provides on "
            "it from time to time."),
           ("Obligations", "The parties comply with the law on processing personal data, including the GDPR and "
            "the Danish Data Protection Act."),
           ("Security", "Encryption and access control commensurate with the risk are used, see Appendix 2."),
           ("Entry into force and termination", "The agreement enters into force on signature and may be "
            "terminated at 3 months' notice.")],
}
APPENDICES = {"da": [("Bilag 1", "Behandlingens formål og kategorier af oplysninger"),
                     ("Bilag 2", "Tekniske og organisatoriske sikkerhedsforanstaltninger")],
              "en": [("Appendix 1", "Purpose of processing and categories of data"),
                     ("Appendix 2", "Technical and organisational security measures")]}
MEDCOM_SIGNERS = ["Lone Kirkegaard", "Peter Hauge Rasmussen", "Birgit Munch"]


class Agr:
    """One agreement's facts and how this hand writes them."""

    def __init__(self, rng: random.Random, p: Party, kind: str, signing: str, service: str,
                 clauses: list[tuple[str, str]] | None = None) -> None:
        self.p, self.kind, self.signing, self.service, self.lang = p, kind, signing, service, p.language
        # the clauses as numbered headings and texts: this hand's own, or (cases.py) MedCom's template's
        self.own = clauses is None
        self.sections = clauses or [(f"{i + 1}. {h}", t) for i, (h, t) in enumerate(AGR_SECTIONS[p.language])]
        self.cvr = s6_cvr(rng, p.cvr) if p.cvr else ""
        self.names = signing != "blank"
        self.date_text = s6_date(rng, p.signature_date, p.language) if signing not in ("blank", "pending") else ""
        self.at = datetime.combine(p.signature_date, time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)))
        self.medcom_at = self.at + timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 5))
        self.sent = p.signature_date - timedelta(days=rng.randint(0, 5))
        self.ref = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))
        self.medcom_signer = rng.choice(MEDCOM_SIGNERS)
        self.strokes = _strokes(rng)

    def title(self) -> str:
        return AGR_TITLE[(self.kind, self.lang)]

    def party_rows(self) -> list[tuple[str, str]]:
        """The party block's lines (label, value) as this hand writes them."""
        p, da = self.p, self.lang == "da"
        rows = [("Navn" if da else "Name", p.organisation)]
        if self.cvr:
            rows.append(("CVR-nr.:" if da else "CVR no.:", self.cvr))
        elif p.foreign_reg:
            rows.append(("Udenl. reg.nr.:" if da else "Foreign reg. no.:", p.foreign_reg))
        rows += [("Adresse" if da else "Address", f"{p.office.street}, {p.office.postcode} {p.office.city}")]
        return rows


def _strokes(rng: random.Random) -> str:
    """A signature as vector strokes (an SVG path of curves), as a tablet or a PDF editor's ink tool saves it."""
    x, y = 6.0, 30.0
    d = f"M{x:.0f} {y:.0f}"
    for _ in range(rng.randint(7, 11)):
        nx = x + rng.uniform(10, 20)
        d += (f" C{x + 4:.1f} {y - rng.uniform(10, 26):.1f} {nx - 4:.1f} {y + rng.uniform(8, 20):.1f} "
              f"{nx:.1f} {30 + rng.uniform(-6, 6):.1f}")
        x, y = nx, 30.0
    return (f"<svg width='{x + 12:.0f}' height='52' viewBox='0 0 {x + 12:.0f} 52'><path d='{d}' stroke='#102a66' "
            f"stroke-width='1.6' fill='none'/><path d='M8 46 L{x:.0f} 42' stroke='#102a66' stroke-width='1.2'/></svg>")


def _service_table(a: Agr) -> tuple[str, list[str], list[list[str]]]:
    """The signing service's page as a table: a row per fact, a column per signer (the party's, MedCom's)."""
    p, da, pending = a.p, a.lang == "da", a.signing == "pending"
    names = {"penneo": "Penneo", "addo": "Visma Addo", "docusign": "DocuSign", "dokobit": "Dokobit",
             "scrive": "Scrive", "oneflow": "Oneflow"}
    svc = names[a.service]
    head = (f"{svc} – {'Underskriftsoversigt' if da else 'Signature overview'}")
    t, mt = a.at, a.medcom_at
    stamp = (lambda x: f"{x:%d-%m-%Y %H:%M:%S}") if da else (lambda x: f"{x:%Y-%m-%d %H:%M:%S} CET")
    status_ok, status_wait = ("Underskrevet", "Afventer") if da else ("Signed", "Awaiting")
    left = [p.signatory.name, p.signatory_title, p.organisation, p.signatory.email,
            "MitID Erhverv" if not pending else "–", status_wait if pending else status_ok,
            "–" if pending else stamp(t)]
    right = [a.medcom_signer, "Direktør" if da else "Director", "MedCom", "sdn@medcom.example",
             "MitID Erhverv" if not pending else "–", status_wait if pending else status_ok,
             "–" if pending else stamp(mt)]
    labels = (["Navn", "Titel", "Organisation", "E-mail", "Metode", "Status", "Tidspunkt"] if da else
              ["Name", "Title", "Organisation", "E-mail", "Method", "Status", "Time"])
    header = ["", f"{'Underskriver' if da else 'Signer'} 1", f"{'Underskriver' if da else 'Signer'} 2"]
    rows = [[lab, x, y] for lab, x, y in zip(labels, left, right, strict=True)]
    rows.insert(0, [("Dokument" if da else "Document"), a.title(), ""])
    rows.insert(1, [("Sags-ID" if da else "Case ID"), a.ref, ""])
    return head, header, rows


def _sig_words(lang: str) -> dict[str, str]:
    return {"da": {"for": "For", "date": "Dato", "sig": "Underskrift", "name": "Navn", "title": "Stilling",
                   "parties": "Aftalens parter", "toc": "Indhold", "signs": "Underskrifter"},
            "en": {"for": "For", "date": "Date", "sig": "Signature", "name": "Name", "title": "Title",
                   "parties": "Parties to the agreement", "toc": "Contents", "signs": "Signatures"}}[lang]


def _agr_wk(rng: random.Random, a: Agr, out: Path) -> None:
    """wkhtmltopdf: a table of contents, numbered sections, numbered appendices, the signatures, and the party
    block last (after the signatures); the party's signature drawn as vector strokes, typed in a script face,
    or absent."""
    p, lang, sw = a.p, a.lang, _sig_words(a.lang)
    secs = a.sections
    apps = APPENDICES[lang] if a.own else []  # MedCom's template brings its own annex among its clauses
    toc = "".join(f"<tr><td>{H.escape(h)}</td><td class='pg'>{1 + i // 3}</td></tr>"
                  for i, (h, _) in enumerate(secs))
    toc += "".join(f"<tr><td></td><td>{H.escape(n)}: {H.escape(t)}</td><td class='pg'>2</td></tr>" for n, t in apps)
    toc += f"<tr><td></td><td>{sw['signs']}</td><td class='pg'>2</td></tr>"
    body_secs = "".join(f"<h2>{H.escape(h)}</h2><p>{H.escape(t)}</p>" for h, t in secs)
    body_apps = "".join(f"<h2>{H.escape(n)}. {H.escape(t)}</h2><p>{H.escape(t)} "
                        f"{'– se aftalens pkt. 3.' if lang == 'da' else '– see clause 3.'}</p>" for n, t in apps)
    if a.signing == "drawn":
        mark = a.strokes
    elif a.signing == "typed":
        mark = (f"<span style=\"font-family: 'Z003', 'URW Chancery L', cursive; font-size: 22pt\">"
                f"{H.escape(p.signatory.name)}</span>")
    else:
        mark = "&nbsp;"
    nm = H.escape(p.signatory.name) if a.names else ""
    tt = H.escape(p.signatory_title) if a.names else ""
    mine, theirs = AGR_ROLE[(a.kind, lang)]
    sig = (f"<table class='sg'><tr><td>{sw['for']} {H.escape(mine.lower() if lang == 'en' else mine)}</td>"
           f"<td>{sw['for']} {H.escape(theirs)}</td></tr>"
           f"<tr><td>{sw['date']}: {H.escape(a.date_text)}</td><td>{sw['date']}:</td></tr>"
           f"<tr><td class='m'>{mark}</td><td class='m'>&nbsp;</td></tr>"
           f"<tr><td class='ln'>{nm}<br><small>{tt}</small></td><td class='ln'><br><small></small></td></tr></table>")
    parties = "".join(f"<tr><td>{H.escape(k)}</td><td>{H.escape(v)}</td></tr>" for k, v in a.party_rows())
    medcom = (f"<tr><td>{'Navn' if lang == 'da' else 'Name'}</td><td>MedCom</td></tr><tr><td>CVR</td>"
              f"<td>{MEDCOM['cvr']}</td></tr><tr><td>{'Adresse' if lang == 'da' else 'Address'}</td>"
              f"<td>{MEDCOM['street']}, {MEDCOM['town']}</td></tr>")
    css = """
body { font-family: 'DejaVu Serif', serif; font-size: 10pt; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 11pt; margin: 5mm 0 1.5mm; }
table.toc { width: 80%; margin: 0 auto 6mm; } table.toc td.pg { text-align: right; }
table.sg { width: 100%; margin-top: 10mm; page-break-inside: avoid; }
table.sg td { width: 50%; padding: 1mm 4mm 1mm 0; }
td.m { height: 18mm; vertical-align: bottom; } td.ln { border-top: 0.6pt solid #000; vertical-align: top; }
table.pt td { padding: 0.5mm 4mm 0.5mm 0; font-size: 9pt; } .pb { page-break-before: always; }
"""
    body = (f"<h1>{H.escape(a.title())}</h1><h3>{sw['toc']}</h3><table class='toc'>{toc}</table>{body_secs}"
            f"<div class='pb'></div>{body_apps}<h2>{sw['signs']}</h2>{sig}"
            f"<h2>{sw['parties']}</h2><p><b>{H.escape(mine)}</b></p><table class='pt'>{parties}</table>"
            f"<p><b>{H.escape(theirs)}</b></p><table class='pt'>{medcom}</table>")
    wk_pdf(f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><style>{css}</style></head>"
           f"<body>{body}</body></html>", out)


def _agr_abiword(rng: random.Random, a: Agr, out: Path) -> None:
    """A Word file (python-docx) printed by AbiWord: the parties as a two-column table at the top, the clauses,
    a signature place per side; a signing service's page as a table with the signers in columns."""
    import io

    from docx import Document as Docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    p, lang, sw = a.p, a.lang, _sig_words(a.lang)
    mine, theirs = AGR_ROLE[(a.kind, lang)]
    d = Docx()
    d.add_heading(a.title(), level=1)
    t = d.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    left = f"{mine}\n" + "\n".join(f"{k} {v}" if k.endswith(":") else v for k, v in a.party_rows())
    right = f"{theirs}\nMedCom\nCVR-nr.: {MEDCOM['cvr']}\n{MEDCOM['street']}, {MEDCOM['town']}"
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = left, right
    for h, body in a.sections:
        d.add_heading(h, level=2)
        d.add_paragraph(body)
    d.add_heading(sw["signs"], level=2)
    s = d.add_table(rows=4, cols=2)
    s.rows[0].cells[0].text = f"{sw['for']} {p.organisation}"
    s.rows[0].cells[1].text = f"{sw['for']} MedCom"
    s.rows[1].cells[0].text = f"{sw['date']}: {a.date_text}"
    s.rows[1].cells[1].text = f"{sw['date']}:"
    if a.signing == "typed":
        run = s.rows[2].cells[0].paragraphs[0].add_run(p.signatory.name)
        run.font.name, run.font.size, run.italic = "Z003", Pt(20), True
    s.rows[2].cells[0].add_paragraph("_" * 32)
    s.rows[2].cells[1].paragraphs[0].add_run("_" * 32)
    s.rows[3].cells[0].text = (f"{p.signatory.name}, {p.signatory_title}" if a.names
                               else f"{sw['name']}/{sw['title']}:")
    s.rows[3].cells[1].text = f"{sw['name']}/{sw['title']}:"
    if a.signing in ("evidence", "pending"):
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        head, header, rows = _service_table(a)
        d.add_heading(head, level=2)
        st = d.add_table(rows=1 + len(rows), cols=3)
        st.style = "Table Grid"
        for j, h in enumerate(header):
            st.rows[0].cells[j].text = h
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                st.rows[1 + i].cells[j].text = v
    buf = io.BytesIO()
    d.save(buf)
    abiword_pdf("agreement.docx", buf.getvalue(), out)


def _agr_pandoc(rng: random.Random, a: Agr, out: Path) -> None:
    """Markdown made an ODF file by pandoc and printed by AbiWord: numbered clauses, the parties as a list, the
    signature as "Sign.:" with the typed name in italics (or an empty line); a service's page as a pipe table
    with a column per signer."""
    p, lang, sw = a.p, a.lang, _sig_words(a.lang)
    mine, theirs = AGR_ROLE[(a.kind, lang)]
    md = [f"# {a.title()}", "", f"**{sw['parties']}**", ""]
    md += [f"1. {mine}: " + ", ".join(f"{k} {v}" if k.endswith(":") else v for k, v in a.party_rows())]
    md += [f"2. {theirs}: MedCom, CVR-nr. {MEDCOM['cvr']}, {MEDCOM['street']}, {MEDCOM['town']}", ""]
    for h, body in a.sections:
        md += [f"## {h.replace('§', 'Pkt.')}", "", body, ""]
    md += [f"## {sw['signs']}", "", f"**{sw['for']} {p.organisation}**", ""]
    md += [f"{sw['date']}: {a.date_text or '______________'}  "]
    md += [("Sign.: *" + p.signatory.name + "*  ") if a.signing == "typed" else "Sign.: ______________________  "]
    md += [f"{sw['name']}: {p.signatory.name if a.names else ''}  ",
           f"{sw['title']}: {p.signatory_title if a.names else ''}", ""]
    md += [f"**{sw['for']} MedCom**", "", f"{sw['date']}: ______________  ", "Sign.: ______________________", ""]
    if a.signing in ("evidence", "pending"):
        head, header, rows = _service_table(a)
        md += ["\\newpage", "", f"## {head}", "", "| " + " | ".join(h or " " for h in header) + " |",
               "|---|---|---|"]
        md += ["| " + " | ".join(c or " " for c in r) + " |" for r in rows]
        md += [""]
    pandoc_abiword_pdf("\n".join(md), out)


AGR_DRAW: dict[str, Callable[[random.Random, Agr, Path], None]] = {
    "s6-agr-wk": _agr_wk, "s6-agr-abiword": _agr_abiword, "s6-agr-pandoc": _agr_pandoc}


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str,
              name: str, clauses: list[tuple[str, str]] | None = None) -> RLDocument:
    """One agreement of `kind` in `layout`, signed as `signing` says (typed, drawn, evidence; unsigned: printed
    names, no signature; blank: nothing filled in; pending: the service's round not finished); `clauses` MedCom's
    template's (the text a party signs in a case), else this hand's own."""
    a = Agr(rng, p, kind, signing, service, clauses)
    doc = agreement_truth(p, kind, signing, name)
    seed = rng.random()
    variants = service if signing in ("evidence", "pending") else ""
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", p.language,
                      note=f"signing={signing};variants={variants}",
                      draw=lambda out: AGR_DRAW[layout](random.Random(seed), a, out))


# ---------------------------------------------------------------- the plan's entry

_counter = {"form": 0, "agr": 0, "service": 0}


def document(rng: random.Random, what: str, name_of: Callable[[Party], str]) -> RLDocument:
    """The next document of kind `what` (the own-template slot is drawn as a data processing agreement), this
    hand's layouts, signings and services in turn."""
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
    return agreement(rng, p, kind, layout, signing, _service(signing), name_of(p))


def _service(signing: str) -> str:
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if signing in ("evidence", "pending"):
        _counter["service"] += 1
    return service


# the sixth hand's signing for the outside generator's names (cases.py: SIGNED, the unsigned ones by name)
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "drawn", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """The sixth hand's document of kind `what` for a case's party `q` (cases.py --hand sixth): its form and
    agreement layouts in turn; a signed agreement typed, drawn, or by a service."""
    if what == "information_form":
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, q, FORM_LAYOUTS[i % len(FORM_LAYOUTS)], fname)
    i = _counter["agr"]
    _counter["agr"] += 1
    layout = AGREEMENT_LAYOUTS[i % len(AGREEMENT_LAYOUTS)]
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "drawn", "evidence"]))
    if how == "drawn" and layout != "s6-agr-wk":
        layout = "s6-agr-wk"  # only the WebKit layout draws strokes
    if how == "evidence" and layout == "s6-agr-wk":
        layout = "s6-agr-abiword"  # the WebKit layout has no service page
    from mailbot.core.agreement_texts import AGREEMENTS

    template = AGREEMENTS[(what, q.language)]  # the party signs MedCom's template, laid out by its own tools
    return agreement(rng, q, what, layout, how, _service(how), fname, template.clauses + (template.annex or []))


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "document", "reset", "form", "agreement", "case_document"]
