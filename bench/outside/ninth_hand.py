"""A ninth hand: information forms and agreements as a dental clinic, a chiropractor, a private psychiatrist, a
municipality's home care, a region's laboratory, a Swedish or German telemedicine firm or a system supplier acting
for many practices would make them, with tools none of the eight other hands uses:

* LibreOffice **Impress** (a flat .fodp): the form as slides, one section a slide, label and value in separate
  text boxes on one line;
* LibreOffice **Writer with form controls** exported as a *filled, unflattened AcroForm* (text fields and check
  boxes), the party block in the page's running header, the contacts one table whose role is a row-group heading
  spanning the columns;
* **paps** (text to PostScript through Pango, every glyph drawn as an outline) and ps2pdf: a page that looks like
  text but has no text layer at all;
* **Tesseract's sandwich PDF** (what OCRmyPDF and a scanner's software make): the page as a picture with an
  invisible OCR text layer over it, which must stay `uncertain` like any scan;
* **pdftocairo -pdf** and **pdftops + ps2pdf** round trips of Writer's agreements.

Written without reading the reader (issue 22), from MedCom's seed, the domain and the truth the other hands
return (`forms.form_truth`, `agreements.agreement_truth`). Its own words and ways: questions numbered "1.1 / 1.2"
with the answers in a right column, labels after values ("12345678 (CVR)"), CVR as "DK12345678" or "CVR-nr. 1234
5678", addresses with floor and side ("Lupinvej 12, 2. th."), a technical contact "= organisatorisk kontakt"
(the same person as the organisation's), ticks as ■/□, "(x)" and filled check boxes; signing evidence of
Dokobit, Oneflow, Signicat, MitID Erhverv, Criipto and Scrive in its own Danish and English, a scanned
handwritten signature, a typed name; unsigned, pending and blank agreements, forms with a field truly left empty
and the party's own data processing agreement (not the SDN one).

`plan()` in generate.py asks `document()` for the tool `ninth`; `render_all` calls `draw()`; `cases.py --hand
ninth` asks `case_document()`.
"""
# ruff: noqa: E501
from __future__ import annotations

import base64
import io
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.sax.saxutils import escape as xesc

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth_for
from bench.outside.people import TOWNS, Party, Person, party
from bench.outside.render_reportlab import RLDocument

PACKAGES = {"paps": "paps", "tesseract": "tesseract-ocr", "pdftoppm": "poppler-utils", "pdftocairo": "poppler-utils", "ps2pdf": "ghostscript",
            "qpdf": "qpdf",
            "soffice": "libreoffice-writer-nogui"}
# Impress is there when LibreOffice's registry holds its part (the package ships no program of its own name)
IMPRESS = (Path("/usr/lib/libreoffice/share/registry/impress.xcd"), "libreoffice-impress-nogui")

FORM_LAYOUTS = ["s9-impress-slides", "s9-writer-controls", "s9-paps-numbered", "s9-sandwich"]
AGREEMENT_LAYOUTS = ["s9-agr-cairo", "s9-agr-ps", "s9-agr-controls"]
SERVICES = ["dokobit", "oneflow", "signicat", "mitid", "criipto", "scrive"]
SIGNINGS = {"s9-agr-cairo": ["scan", "typed", "unsigned", "evidence", "blank"],
            "s9-agr-ps": ["evidence", "pending", "typed", "evidence"],
            "s9-agr-controls": ["typed", "evidence", "unsigned", "scan"]}
FORM_PARTIES = ["practitioner", "municipality", "region", "foreign", "laboratory", "it_supplier", "pharmacy",
                "private_hospital", "public_hospital"]
EMPTY_EVERY = 3
EMPTIES = ["tech_phone", "ip_scopes", "site"]

# this hand's own organisations of each kind ({t} a town, {n} a person's surname)
ORGS = {"practitioner": ["Tandklinikken {t}", "Kiropraktorerne {t} I/S", "Speciallæge i psykiatri {n}",
                         "Tandlægeselskabet {t} ApS"],
        "municipality": ["{t} Kommune"], "region": ["Region {t}"],
        "foreign": ["{t} Telemedicin AB, filial i Danmark", "{t} Telemedizin GmbH, Zweigniederlassung Dänemark"],
        "laboratory": ["Klinisk Laboratorium {t} ApS"], "it_supplier": ["{t} Praksissystemer A/S", "{t} Dental IT ApS"],
        "pharmacy": ["{t} Løve Apotek"], "private_hospital": ["Privatklinikken {t} ApS"],
        "public_hospital": ["Hospice og Sygehus {t}"]}
UNITS = {"municipality": ["Hjemmeplejen, Område Nord", "Sygeplejen og hjemmeplejen"],
         "region": ["Klinisk Biokemisk Afdeling", "Regionens Laboratorier"]}

KIND_WORDS = {
    "da": {"region": "Regional myndighed", "municipality": "Kommunal enhed (fx hjemmepleje)",
           "public_hospital": "Hospital i offentligt regi", "private_hospital": "Privat klinik eller privathospital",
           "practitioner": "Behandler i praksis (tandlæge, kiropraktor, speciallæge)", "pharmacy": "Apotek",
           "laboratory": "Laboratorium (privat)", "it_supplier": "Systemleverandør, der handler for flere praksis",
           "foreign": "Virksomhed registreret uden for Danmark"},
    "en": {"region": "Regional authority", "municipality": "Municipal unit (e.g. home care)",
           "public_hospital": "Publicly run hospital", "private_hospital": "Private clinic or hospital",
           "practitioner": "Practice (dentist, chiropractor, specialist)", "pharmacy": "Community pharmacy",
           "laboratory": "Laboratory (private)", "it_supplier": "System supplier acting for several practices",
           "foreign": "Company registered outside Denmark"},
}
WORDS = {
    "da": {"s1": "Om jeres organisation", "org": "Organisationens fulde navn", "cvr": "CVR", "unit": "Afdeling/enhed",
           "kind": "Hvilken type part er I?", "conn": "Hvordan kobles I på Sundhedsdatanettet?",
           "direct": "Selvstændigt (egen forbindelse)", "kmd": "Gennem KMD", "vendor": "Gennem systemhus:",
           "s2": "Personer", "role_org": "Kontakt for organisationen", "role_tech": "Kontakt for det tekniske",
           "name": "Fulde navn", "mail": "Mail", "phone": "Telefonnummer", "same": "= organisatorisk kontakt (se ovenfor)",
           "s3": "Netværk og placering", "nets": "IP-adresseområder (CIDR)", "site": "Her skal SD-WAN-boksen stå",
           "street": "Vej, nr., etage", "pc": "Postnr.", "city": "By", "title": "Informationsskema til Sundhedsdatanettet",
           "note": "Returneres til MedCom når det er udfyldt. Spørgsmål: skriv til sdn@medcom.example."},
    "en": {"s1": "About your organisation", "org": "Full legal name", "cvr": "CVR", "unit": "Department/unit",
           "kind": "What kind of party are you?", "conn": "How will you be connected to the Health Data Network?",
           "direct": "On our own (own line)", "kmd": "Through KMD", "vendor": "Through a system vendor:",
           "s2": "People", "role_org": "Contact for the organisation", "role_tech": "Contact for technical matters",
           "name": "Full name", "mail": "Mail", "phone": "Phone number", "same": "= organisational contact (see above)",
           "s3": "Network and location", "nets": "IP address ranges (CIDR)", "site": "Where the SD-WAN box will stand",
           "street": "Street, no., floor", "pc": "Postcode", "city": "Town", "title": "Health Data Network information sheet",
           "note": "Send back to MedCom when complete. Questions: write to sdn@medcom.example."},
}
MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}


def n9_phone(rng: random.Random, e164: str) -> str:
    """A Danish number as people write it: "+45 12 34 56 78", "12-34-56-78", "(+45) 1234 5678", "tlf. 12345678"."""
    d = e164[3:]
    return rng.choice([f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"{d[:2]}-{d[2:4]}-{d[4:6]}-{d[6:]}",
                       f"(+45) {d[:4]} {d[4:]}", f"tlf. {d}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"+45{d}"])


def n9_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([f"DK{cvr}", f"CVR-nr. {cvr[:4]} {cvr[4:]}", cvr, f"DK {cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}"])


def n9_date(rng: random.Random, d: date, lang: str) -> str:
    m = MONTHS[lang][d.month - 1]
    if lang == "da":
        return rng.choice([f"{d.day}. {m} {d.year}", f"{d:%d.%m.%Y}", f"{d:%d-%m-%Y}", f"d. {d.day}/{d.month} {d.year}"])
    return rng.choice([f"{d.day} {m} {d.year}", f"{m} {d.day}, {d.year}", f"{d:%d/%m/%Y}", f"{d:%Y-%m-%d}"])


def with_floor(rng: random.Random, street: str) -> str:
    """A street address with floor and side, as flats and office floors are written in Denmark."""
    return rng.choice([street, f"{street}, {rng.randint(1, 4)}. th.", f"{street}, st. tv.", f"{street}, {rng.randint(1, 3)}. sal"])


def ninth_party(rng: random.Random, ptype: str) -> Party:
    """A party of `ptype` under this hand's own organisation names, its installation address with floor/side."""
    p = party(rng, ptype)
    town = next((t for t in TOWNS if t in p.organisation), p.installation.city)
    org = rng.choice(ORGS[ptype]).format(t=town, n=p.signatory.name.split()[-1])
    inst = replace(p.installation, street=with_floor(rng, p.installation.street))
    return replace(p, organisation=org, installation=inst)


# ---------------------------------------------------------------- tools

def ensure() -> None:
    """Install this hand's tools where missing (Debian packages; needs root, as CI has)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    if not IMPRESS[0].exists():
        missing.append(IMPRESS[1])
    if missing:
        from tests.servers._util import apt_install
        apt_install(*missing, "tesseract-ocr-dan", "fonts-dejavu-core")


def _run(cmd: list[str], cwd: Path, timeout: float = 240) -> None:
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout,
                       env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd), "LANG": "C.UTF-8"})
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-400:]!r}")


def _make(build: Callable[[Path], Path], out: Path) -> None:
    ensure()
    w = tools.scratch()
    try:
        shutil.move(str(build(w)), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def _office(w: Path, name: str, data: str, fmt: str = "pdf") -> Path:
    (w / name).write_text(data, encoding="utf-8")
    tools.libreoffice([w / name], w, w, fmt)
    return w / (Path(name).stem + ".pdf")


def _paps(w: Path, text: str) -> Path:
    (w / "doc.txt").write_text(text, encoding="utf-8")
    r = subprocess.run(["paps", "--font=DejaVu Sans Mono 9", "--left-margin=48", "--top-margin=48", "doc.txt"],
                       cwd=w, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(w), "LANG": "C.UTF-8"})
    if r.returncode != 0:
        raise RuntimeError(f"paps failed: {r.stderr[-400:]!r}")
    (w / "doc.ps").write_bytes(r.stdout)
    _run(["ps2pdf", "-sPAPERSIZE=a4", "doc.ps", "doc.pdf"], w)
    return w / "doc.pdf"


def _sandwich(w: Path, pdf: Path) -> Path:
    """The page rasterised at 200 dpi and OCR'd by Tesseract into a sandwich PDF (picture + invisible text). The
    form is flattened first, as its printout shows it: pdftoppm draws Writer's filled text fields but not its
    ticked check boxes (their appearance names a font the form does not hold), so the scan showed no tick and
    the party's type and connection were in the truth but on no page."""
    _run(["qpdf", "--warning-exit-0", "--generate-appearances", "--flatten-annotations=all", str(pdf),
          str(w / "printed.pdf")], w)
    pdf = w / "printed.pdf"
    _run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(w / "page")], w)
    pages = sorted(w.glob("page*.png"))
    (w / "pages.txt").write_text("\n".join(str(p) for p in pages) + "\n", encoding="utf-8")
    _run(["tesseract", str(w / "pages.txt"), str(w / "sandwich"), "-l", "dan+eng", "pdf"], w, timeout=600)
    return w / "sandwich.pdf"


def _cairo(w: Path, pdf: Path) -> Path:
    _run(["pdftocairo", "-pdf", str(pdf), str(w / "cairo.pdf")], w)
    return w / "cairo.pdf"


def _pspdf(w: Path, pdf: Path) -> Path:
    _run(["pdftops", str(pdf), str(w / "round.ps")], w)
    _run(["ps2pdf", str(w / "round.ps"), str(w / "round.pdf")], w)
    return w / "round.pdf"


def _png_signature(rng: random.Random) -> bytes:
    """A handwritten signature as a scanner gives it: grey paper, a pen's strokes, slightly rotated."""
    from PIL import Image, ImageDraw, ImageFilter

    img = Image.new("L", (420, 120), rng.randint(228, 245))
    d = ImageDraw.Draw(img)
    x, y = 20.0, 80.0
    for _ in range(rng.randint(2, 3)):  # first name, surname: separate strokes
        pts = [(x, y)]
        for _ in range(rng.randint(6, 10)):
            x += rng.uniform(8, 22)
            y = rng.uniform(30, 100)
            pts.append((x, y))
        d.line(pts, fill=rng.randint(10, 60), width=rng.choice([2, 3]))
        x += 25
    img = img.rotate(rng.uniform(-4, 4), fillcolor=235).filter(ImageFilter.GaussianBlur(0.7))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# ---------------------------------------------------------------- the form's answers

class Answers:
    """What one form says, in this hand's writing; `empty` names the field left truly empty."""

    def __init__(self, rng: random.Random, p: Party, empty: str = "", same: bool = False) -> None:
        self.p, self.lang, self.empty, self.same = p, p.language, empty, same
        self.w = WORDS[p.language]
        self.cvr = n9_cvr(rng, p.cvr) if p.cvr else (p.foreign_reg or "")
        self.foreign = p.foreign_reg or ""
        self.unit = rng.choice(UNITS.get(p.party_type, [""]))
        self.contact = self._person(rng, p.org_contact)
        self.techs = [self._person(rng, t) for t in p.technical]
        if empty == "tech_phone":
            self.techs[0] = (self.techs[0][0], self.techs[0][1], rng.choice(["", "—"]))
        self.nets = [] if empty == "ip_scopes" else list(p.ip_scopes)
        inst = p.installation
        self.site = ("", "", "") if empty == "site" else (inst.street, inst.postcode, inst.city)

    @staticmethod
    def _person(rng: random.Random, x: Person) -> tuple[str, str, str]:
        return (x.name, x.email, n9_phone(rng, x.phone) if x.phone else "")

    @property
    def da(self) -> bool:
        return self.lang == "da"

    def kinds(self) -> list[tuple[str, bool]]:
        return [(text, k == self.p.party_type) for k, text in KIND_WORDS[self.lang].items()]

    def via(self) -> list[tuple[str, bool]]:
        v = self.p.connected_via
        vendor = v if v not in (None, "KMD") else ""
        return [(self.w["direct"], v is None), (self.w["kmd"], v == "KMD"),
                (f"{self.w['vendor']} {vendor}" if vendor else self.w["vendor"].rstrip(":"), bool(vendor))]


# ---- Impress: the form as slides

_FODP_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:automatic-styles>
<style:page-layout style:name="PM"><style:page-layout-properties fo:page-width="28cm" fo:page-height="15.75cm" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm"/></style:page-layout>
<style:style style:name="dp" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#f4f7fb"/></style:style>
<style:style style:name="g" style:family="graphic"><style:graphic-properties draw:stroke="none" draw:fill="none" draw:textarea-vertical-align="top" draw:auto-grow-height="false" fo:padding="0.05cm"/></style:style>
<style:style style:name="gb" style:family="graphic"><style:graphic-properties draw:stroke="solid" svg:stroke-color="#7a8da8" draw:fill="solid" draw:fill-color="#ffffff" draw:textarea-vertical-align="top" draw:auto-grow-height="false" fo:padding="0.08cm"/></style:style>
<style:style style:name="gh" style:family="graphic"><style:graphic-properties draw:stroke="none" draw:fill="solid" draw:fill-color="#1f3b63" draw:textarea-vertical-align="middle" fo:padding="0.1cm"/></style:style>
<style:style style:name="pl" style:family="paragraph"><style:text-properties fo:font-size="12pt" style:font-name="DejaVu Sans" fo:color="#33445a"/></style:style>
<style:style style:name="pv" style:family="paragraph"><style:text-properties fo:font-size="13pt" style:font-name="DejaVu Sans" fo:font-weight="bold"/></style:style>
<style:style style:name="ph" style:family="paragraph"><style:text-properties fo:font-size="20pt" style:font-name="DejaVu Sans" fo:color="#ffffff" fo:font-weight="bold"/></style:style>
<style:style style:name="ps" style:family="paragraph"><style:text-properties fo:font-size="9pt" style:font-name="DejaVu Sans" fo:color="#666666"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM" draw:style-name="dp"/></office:master-styles>
<office:body><office:presentation>
"""


def _box(x: float, y: float, wd: float, ht: float, text: str, style: str = "g", para: str = "pl") -> str:
    paras = "".join(f'<text:p text:style-name="{para}">{xesc(line)}</text:p>' for line in text.split("\n"))
    return (f'<draw:frame draw:style-name="{style}" svg:x="{x:.2f}cm" svg:y="{y:.2f}cm" svg:width="{wd:.2f}cm" '
            f'svg:height="{ht:.2f}cm"><draw:text-box>{paras}</draw:text-box></draw:frame>\n')


def _impress_slides(rng: random.Random, a: Answers) -> str:
    w, slides = a.w, []
    label_w = rng.choice([8.0, 9.5])

    def slide(n: int, head: str, rows: list[tuple[str, str]], foot: str = "") -> str:
        s = f'<draw:page draw:name="s{n}" draw:master-page-name="Default">\n'
        s += _box(0, 0, 28, 1.9, f"{n}. {head}", "gh", "ph")
        y = 2.5
        for label, value in rows:
            lines = max(1, value.count("\n") + 1)
            s += _box(1.0, y, label_w, 0.9 * lines, label)
            s += _box(1.2 + label_w, y, 26.5 - label_w - 1.2, 0.9 * lines, value, "gb", "pv")
            y += 0.9 * lines + 0.35
        if foot:
            s += _box(1.0, 14.6, 26, 0.8, foot, "g", "ps")
        return s + "</draw:page>\n"

    mark = rng.choice(["■□", "☒☐"])
    ticks = lambda opts: "\n".join(f"{mark[0] if on else mark[1]} {t}" for t, on in opts)  # noqa: E731
    rows1 = [(w["org"], a.p.organisation)]
    if a.unit:
        rows1.append((w["unit"], a.unit))
    rows1.append((w["cvr"], a.cvr))
    rows1.append((w["conn"], ticks(a.via())))
    slides.append(slide(1, w["s1"], rows1, w["note"]))
    slides.append(slide(2, w["kind"], [("", ticks(a.kinds()))]))
    c = a.contact
    rows2 = [(f"{w['role_org']} – {w['name']}", c[0]), (w["mail"], c[1]), (w["phone"], c[2])]
    for i, t in enumerate(a.techs):
        n = f" {i + 1}" if len(a.techs) > 1 else ""
        rows2 += [(f"{w['role_tech']}{n} – {w['name']}", t[0]), (w["mail"], t[1]), (w["phone"], t[2])]
    slides.append(slide(3, w["s2"], rows2[:9]))
    if len(rows2) > 9:
        slides.append(slide(4, w["s2"] + (" (fortsat)" if a.da else " (continued)"), rows2[9:]))
    rows3 = [(w["nets"], "\n".join(a.nets)), (w["site"], ""), (w["street"], a.site[0]),
             (f"{w['pc']} / {w['city']}", f"{a.site[1]} {a.site[2]}".strip())]
    slides.append(slide(len(slides) + 1, w["s3"], rows3))
    return _FODP_HEAD + "".join(slides) + "</office:presentation></office:body></office:document>\n"


# ---- Writer: form controls (a filled AcroForm), the party block in the running header, one contacts table

_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ooo="http://openoffice.org/2004/office" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt" fo:language="da" fo:country="DK"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
</office:styles>
<office:automatic-styles>
<style:style style:name="T" style:family="table"><style:table-properties style:width="17cm" table:align="left"/></style:style>
<style:style style:name="C" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #888888" fo:padding="0.08cm"/></style:style>
<style:style style:name="CH" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #888888" fo:background-color="#dfe6ee" fo:padding="0.08cm"/></style:style>
<style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.15cm"/><style:text-properties style:font-name="DejaVu Sans" fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="TT" style:family="paragraph"><style:text-properties style:font-name="DejaVu Sans" fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="HD" style:family="paragraph"><style:paragraph-properties fo:border-bottom="0.5pt solid #444444"/><style:text-properties style:font-name="DejaVu Sans" fo:font-size="8pt"/></style:style>
<style:style style:name="SM" style:family="paragraph"><style:text-properties fo:font-size="8pt" fo:color="#555555"/></style:style>
<style:style style:name="B" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="gr" style:family="graphic"><style:graphic-properties style:vertical-pos="middle" style:vertical-rel="baseline"/></style:style>
<style:style style:name="fr" style:family="graphic"><style:graphic-properties style:wrap="none" style:vertical-pos="top" style:horizontal-pos="left" style:horizontal-rel="paragraph" fo:border="none"/></style:style>
<style:page-layout style:name="pm"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="1.2cm" fo:margin-bottom="0.4cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
"""


class Odt:
    """A flat ODT written paragraph by paragraph: text, tables with spans, form controls, a picture."""

    def __init__(self) -> None:
        self.body: list[str] = []
        self.controls: list[str] = []
        self.header: list[str] = []
        self.footer: list[str] = []

    def p(self, text: str, style: str = "Standard") -> None:
        self.body.append(f'<text:p text:style-name="{style}">{xesc(text)}</text:p>')

    def raw(self, xml: str) -> None:
        self.body.append(xml)

    def field(self, value: str, width: float = 9.0) -> str:
        """A text control holding `value` (exported as a filled AcroForm text field), as inline XML."""
        n = len(self.controls) + 1
        self.controls.append(f'<form:text form:name="felt{n}" form:control-implementation="ooo:com.sun.star.form.component.TextField" xml:id="c{n}" form:id="c{n}" form:value="{xesc(value)}" form:current-value="{xesc(value)}"/>')
        return (f'<draw:control draw:style-name="gr" svg:width="{width}cm" svg:height="0.6cm" '
                f'draw:control="c{n}" text:anchor-type="as-char"/>')

    def box(self, on: bool, label: str) -> str:
        n = len(self.controls) + 1
        state = "checked" if on else "unchecked"
        self.controls.append(f'<form:checkbox form:name="valg{n}" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" xml:id="c{n}" form:id="c{n}" form:current-state="{state}" form:state="{state}" form:image-position="center"/>')
        return (f'<draw:control draw:style-name="gr" svg:width="0.45cm" svg:height="0.45cm" draw:control="c{n}" '
                f'text:anchor-type="as-char"/> {xesc(label)}')

    def table(self, rows: list[list[tuple[str, str, int]]], cols: int) -> None:
        """Rows of (inline XML, cell style, columns spanned)."""
        x = f'<table:table table:style-name="T"><table:table-column table:number-columns-repeated="{cols}"/>'
        for row in rows:
            x += "<table:table-row>"
            for xml, style, span in row:
                x += (f'<table:table-cell table:style-name="{style}" office:value-type="string"'
                      + (f' table:number-columns-spanned="{span}"' if span > 1 else "") + f"><text:p>{xml}</text:p></table:table-cell>")
                x += "<table:covered-table-cell/>" * (span - 1)
            x += "</table:table-row>"
        self.body.append(x + "</table:table>")

    def picture(self, png: bytes, width: float, height: float) -> None:
        data = base64.b64encode(png).decode()
        self.body.append(f'<text:p><draw:frame draw:style-name="fr" text:anchor-type="as-char" svg:width="{width}cm" '
                         f'svg:height="{height}cm"><draw:image><office:binary-data>{data}</office:binary-data>'
                         f'</draw:image></draw:frame></text:p>')

    def render(self) -> str:
        head = "".join(f'<text:p text:style-name="HD">{xesc(h)}</text:p>' for h in self.header) or "<text:p/>"
        foot = "".join(f'<text:p text:style-name="SM">{xesc(h)}</text:p>' for h in self.footer) or "<text:p/>"
        master = (f'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm">'
                  f"<style:header>{head}</style:header><style:footer>{foot}</style:footer></style:master-page></office:master-styles>")
        forms = ('<office:forms form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="Skema" '
                 'form:control-implementation="ooo:com.sun.star.form.component.Form">' + "".join(self.controls)
                 + "</form:form></office:forms>") if self.controls else ""
        return (_FODT_HEAD + master + "<office:body><office:text>" + forms + "".join(self.body)
                + "</office:text></office:body></office:document>\n")


def _writer_controls(rng: random.Random, a: Answers) -> str:
    w, d = a.w, Odt()
    d.header = [f"{a.p.organisation} · {a.cvr} ({w['cvr']})", w["title"]]
    d.footer = [w["note"]]
    d.p(w["title"], "TT")
    d.p(f"1. {w['s1']}", "H1")
    d.raw(f'<text:p>1.1 {xesc(w["org"])}: {d.field(a.p.organisation)}</text:p>')
    if a.unit:
        d.raw(f'<text:p>1.2 {xesc(w["unit"])}: {d.field(a.unit)}</text:p>')
    d.raw(f'<text:p>1.3 {xesc(w["cvr"])}: {d.field(a.cvr, 5)}</text:p>')
    d.p(f"1.4 {w['kind']}")
    for text, on in a.kinds():
        d.raw(f"<text:p>{d.box(on, text)}</text:p>")
    d.p(f"1.5 {w['conn']}")
    for text, on in a.via():
        d.raw(f"<text:p>{d.box(on, text)}</text:p>")
    d.p(f"2. {w['s2']}", "H1")
    rows: list[list[tuple[str, str, int]]] = [[(xesc(w["name"]), "CH", 1), (xesc(w["mail"]), "CH", 1), (xesc(w["phone"]), "CH", 1)]]
    rows.append([(f"<text:span>{xesc(w['role_org'])}</text:span>", "CH", 3)])
    rows.append([(xesc(x), "C", 1) for x in a.contact])
    for i, t in enumerate(a.techs):
        n = f" ({i + 1})" if len(a.techs) > 1 else ""
        rows.append([(xesc(w["role_tech"] + n), "CH", 3)])
        if i == 0 and a.same:
            rows.append([(xesc(w["same"]), "C", 3)])
        else:
            rows.append([(xesc(x), "C", 1) for x in t])
    d.table(rows, 3)
    d.p(f"3. {w['s3']}", "H1")
    d.p(f"3.1 {w['nets']}")
    for net in a.nets or [""]:
        d.raw(f"<text:p>{d.field(net, 6)}</text:p>")
    d.p(f"3.2 {w['site']}")
    d.raw(f'<text:p>{xesc(w["street"])}: {d.field(a.site[0], 8)}</text:p>')
    d.raw(f'<text:p>{xesc(w["pc"])}: {d.field(a.site[1], 2.5)} {xesc(w["city"])}: {d.field(a.site[2], 6)}</text:p>')
    return d.render()


# ---- paps: numbered questions, the answers in a right column, labels after values; no text layer at all

def _paps_numbered(rng: random.Random, a: Answers) -> str:
    w = a.w
    col = rng.choice([40, 44])
    out = [w["title"].upper(), "=" * len(w["title"]), ""]

    def q(num: str, label: str, *answers: str) -> None:
        first = f"{num} {label}"
        vals = list(answers) or [""]
        out.append(f"{first:<{col}}{vals[0]}")
        out.extend(" " * col + v for v in vals[1:])

    out.append(f"1  {w['s1'].upper()}")
    q("1.1", w["org"], a.p.organisation)
    if a.unit:
        q("1.2", w["unit"], a.unit)
    q("1.3", "Registrering" if a.da else "Registration", f"{a.p.cvr} (CVR)" if a.p.cvr else a.foreign)
    q("1.4", w["kind"], *[f"({'x' if on else ' '}) {t}" for t, on in a.kinds()])
    q("1.5", w["conn"], *[f"({'x' if on else ' '}) {t}" for t, on in a.via()])
    out += ["", f"2  {w['s2'].upper()}"]
    c = a.contact
    q("2.1", w["role_org"], f"{c[0]} (navn)" if a.da else f"{c[0]} (name)", c[1], c[2])
    for i, t in enumerate(a.techs):
        if i == 0 and a.same:
            q(f"2.{i + 2}", w["role_tech"], w["same"])
        else:
            q(f"2.{i + 2}", w["role_tech"], t[0], t[1], t[2] or "—")
    out += ["", f"3  {w['s3'].upper()}"]
    q("3.1", w["nets"], *(a.nets or ["—"]))
    q("3.2", w["site"], a.site[0] or "—", f"{a.site[1]} {a.site[2]}".strip())
    out += ["", w["note"]]
    return "\n".join(out) + "\n"


def _draw_form(layout: str, seed: float, a: Answers, out: Path) -> None:
    rng = random.Random(seed)
    if layout == "s9-impress-slides":
        _make(lambda w: _office(w, "skema.fodp", _impress_slides(rng, a)), out)
    elif layout == "s9-writer-controls":
        _make(lambda w: _office(w, "skema.fodt", _writer_controls(rng, a)), out)
    elif layout == "s9-paps-numbered":
        _make(lambda w: _paps(w, _paps_numbered(rng, a)), out)
    else:  # the Writer form printed, scanned and OCR'd by the party's scanner software
        _make(lambda w: _sandwich(w, _office(w, "skema.fodt", _writer_controls(rng, a))), out)


def form(rng: random.Random, p: Party, layout: str, name: str, empty: str = "", same: bool | None = None) -> RLDocument:
    """The information form of `p` in `layout`; `empty` leaves one field truly empty (tech_phone, ip_scopes,
    site); now and then (or as `same` says) the first technical contact is written as "the organisational
    contact" (the same person)."""
    drawn = not empty and rng.random() < 0.25
    same = drawn if same is None else same
    if same:
        p = replace(p, technical=[p.org_contact, *p.technical[1:]])
    if empty == "tech_phone":
        p = replace(p, technical=[replace(p.technical[0], phone=""), *p.technical[1:]])
    a = Answers(rng, p, empty, same)
    seed = rng.random()
    truth = form_truth_for(p, name, empty)
    variants = ",".join(v for v in (f"empty-{empty}" if empty else "", "same-as-org" if same else "") if v)
    return RLDocument(name, [], truth, f"form-{layout}", p.language, note=f"variants={variants}",
                      draw=lambda out: _draw_form(layout, seed, a, out), source=_form_source(layout, seed, a))


def _form_source(layout: str, seed: float, a: Answers) -> Callable[[], tuple[str, bytes]] | None:
    """The office file a form's PDF is exported from (the `own` delivery sends it, saved by LibreOffice as .odp
    or .odt): the Impress slides, the Writer form with its controls filled in; None for the others."""
    if layout == "s9-impress-slides":
        return lambda: ("skema.fodp", _impress_slides(random.Random(seed), a).encode())
    if layout == "s9-writer-controls":
        return lambda: ("skema.fodt", _writer_controls(random.Random(seed), a).encode())
    return None


# ---------------------------------------------------------------- agreements

SERVICE_NAME = {"dokobit": "Dokobit", "oneflow": "Oneflow", "signicat": "Signicat", "mitid": "MitID Erhverv",
                "criipto": "Criipto Verify", "scrive": "Scrive"}
MEDCOM_SIGNERS = ["Birgitte Holmgaard", "Anders Kjeldsen", "Camilla Rostgaard"]


class Agr:
    """One agreement's facts and how this hand writes them."""

    def __init__(self, rng: random.Random, p: Party, kind: str, signing: str, service: str,
                 clauses: list[tuple[str, str]], title: str, block: str | None = None) -> None:
        self.p, self.kind, self.signing, self.service, self.lang = p, kind, signing, service, p.language
        self.clauses, self.title = clauses, title
        self.filled = signing != "blank"
        self.reg = n9_cvr(rng, p.cvr) if p.cvr else (p.foreign_reg or "")
        self.date_text = n9_date(rng, p.signature_date, p.language) if signing not in ("blank", "pending") else ""
        self.at = datetime.combine(p.signature_date, time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)))
        self.medcom_at = self.at + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 6))
        self.ref = "-".join("".join(rng.choice("0123456789abcdef") for _ in range(4)) for _ in range(3))
        self.medcom_signer = rng.choice(MEDCOM_SIGNERS)
        self.png = _png_signature(rng)
        self.block = block or rng.choice(["after", "table"])

    @property
    def da(self) -> bool:
        return self.lang == "da"

    def party_lines(self) -> list[str]:
        """The party as this hand writes it: values first, what they are after them."""
        p = self.p
        role = "Parten" if self.da else "the Party"
        lines = [f"{p.organisation} (herefter {role})" if self.da else f"{p.organisation} (hereinafter {role})",
                 f"{self.reg} ({'CVR' if p.cvr else 'reg.'})", f"{p.office.street}, {p.office.postcode} {p.office.city}"]
        return lines

    def evidence(self) -> list[str]:
        """A signing service's evidence page, in this hand's own Danish or English."""
        svc, p, da = SERVICE_NAME[self.service], self.p, self.da
        pending = self.signing == "pending"
        z1 = (self.at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        z2 = (self.medcom_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        how = {"dokobit": "kvalificeret e-signatur (QES)", "oneflow": "MitID", "signicat": "MitID",
               "mitid": "MitID Erhverv medarbejdersignatur", "criipto": "MitID via Criipto", "scrive": "MitID"}[self.service]
        if da:
            head = {"dokobit": "Valideringsrapport for elektroniske underskrifter",
                    "oneflow": "Kontraktens historik", "signicat": "Signaturbevis",
                    "mitid": "Bevis for signering med MitID Erhverv", "criipto": "Signeringsbevis",
                    "scrive": "Verifikat"}[self.service]
            lines = [f"{svc} – {head}", f"Dokument-id: {self.ref}", f"Titel: {self.title}", ""]
            lines += ["Underskrivere", f"{p.signatory.name} ({p.organisation})",
                      (f"  Afventer underskrift fra {p.signatory.name} – invitation sendt, ikke åbnet" if pending else
                       f"  Underskrevet {z1} med {how}"),
                      f"{self.medcom_signer} (MedCom)", f"  Underskrevet {z2} med {how}", ""]
            lines.append("Dokumentet afventer fortsat underskrift og er ikke fuldført." if pending else
                         "Alle underskrivere har underskrevet dokumentet. Underskrifterne er forseglet i PDF-filen.")
        else:
            head = {"dokobit": "Electronic signature validation report", "oneflow": "Contract audit trail",
                    "signicat": "Proof of signature", "mitid": "Evidence of signing with MitID Erhverv",
                    "criipto": "Signing evidence", "scrive": "Evidence of signing"}[self.service]
            lines = [f"{svc} – {head}", f"Document ID: {self.ref}", f"Title: {self.title}", ""]
            lines += ["Signers", f"{p.signatory.name} ({p.organisation})",
                      (f"  Awaiting signature from {p.signatory.name} – invitation sent, not opened" if pending else
                       f"  Signed {z1} using {how}"),
                      f"{self.medcom_signer} (MedCom)", f"  Signed {z2} using {how}", ""]
            lines.append("The document is still awaiting signature and is not completed." if pending else
                         "All signers have signed the document. The signatures are sealed in this PDF.")
        return lines


def _agr_odt(rng: random.Random, a: Agr, controls: bool) -> str:
    d, p, da = Odt(), a.p, a.da
    d.footer = [f"MedCom · {MEDCOM['cvr']} · sdn@medcom.example" if rng.random() < 0.5 else a.title]
    d.p(a.title, "TT")
    d.p("mellem" if da else "between", "SM")
    if a.block == "table":
        rows = [[("", "CH", 1), (xesc("Parten" if da else "The Party"), "CH", 1), ("MedCom", "CH", 1)],
                [(xesc("Navn" if da else "Name"), "C", 1), (xesc(p.organisation), "C", 1), ("MedCom", "C", 1)],
                [("CVR" if p.cvr else ("Reg.-nr." if da else "Reg. no."), "C", 1), (xesc(a.reg), "C", 1), (xesc(MEDCOM["cvr"]), "C", 1)],
                [(xesc("Adresse" if da else "Address"), "C", 1), (xesc(f"{p.office.street}, {p.office.postcode} {p.office.city}"), "C", 1),
                 ("Forskerparken 10, 5230 Odense M", "C", 1)]]
        d.table(rows, 3)
    else:
        for line in a.party_lines():
            d.p(line, "B")
        d.p("og" if da else "and", "SM")
        d.p(f"MedCom, {MEDCOM['cvr']} (CVR), Forskerparken 10, 5230 Odense M")
    for h, t in a.clauses:
        d.p(h, "H1")
        d.p(t)
    d.p("Underskrifter" if da else "Signatures", "H1")
    d.p((f"For {p.organisation}:" if da else f"On behalf of {p.organisation}:"), "B")
    name, title, when = (p.signatory.name, p.signatory_title, a.date_text) if a.filled else ("", "", "")
    if a.signing == "pending":
        when = ""
    if a.signing == "scan":
        d.picture(a.png, 5.5, 1.6)
    elif a.signing == "typed":
        d.raw(f'<text:p text:style-name="B"><text:span>/{xesc(name)}/</text:span></text:p>')
    else:
        d.p("")
    d.p("_" * 40)
    labels = ("navn", "stilling", "dato") if da else ("name", "position", "date")
    for value, lab in zip((name, title, when), labels, strict=True):
        if controls:
            d.raw(f"<text:p>{d.field(value, 7)} ({xesc(lab)})</text:p>")
        else:
            d.p(f"{value} ({lab})" if value else f"{'.' * 30} ({lab})")
    if a.signing in ("evidence", "pending"):
        lines = a.evidence()
        d.raw('<text:p text:style-name="PB"/>')
        d.p(lines[0], "H1")
        for line in lines[1:]:
            d.p(line)
    return d.render()


def _agr_text(a: Agr) -> str:
    """The agreement as plain text (for paps); the party block with labels after the values."""
    p, da = a.p, a.da
    out = [a.title.upper(), "", "mellem" if da else "between", *["  " + x for x in a.party_lines()],
           "og" if da else "and", f"  MedCom, {MEDCOM['cvr']} (CVR)", ""]
    for h, t in a.clauses:
        out += [h, *_wrap(t, 84), ""]
    name, title, when = (p.signatory.name, p.signatory_title, a.date_text) if a.filled else ("", "", "")
    out += ["UNDERSKRIFT" if da else "SIGNATURE", f"For {p.organisation}"]
    out += [f"  /{name}/" if a.signing == "typed" else "", "  " + "_" * 36]
    for value, lab in zip((name, title, when), ("navn", "titel", "dato") if da else ("name", "title", "date"), strict=True):
        out.append(f"  {value} ({lab})" if value else f"  {'.' * 30} ({lab})")
    if a.signing in ("evidence", "pending"):
        out += ["\f", *a.evidence()]
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if len(cur) + len(word) + 1 > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return [*lines, cur] if cur else lines


def _draw_agreement(layout: str, seed: float, a: Agr, out: Path) -> None:
    rng = random.Random(seed)
    if layout == "s9-agr-cairo":
        _make(lambda w: _cairo(w, _office(w, "aftale.fodt", _agr_odt(rng, a, False))), out)
    elif layout == "s9-agr-ps":
        if rng.random() < 0.5:  # paps: outlines only, no text layer
            _make(lambda w: _paps(w, _agr_text(a)), out)
        else:
            _make(lambda w: _pspdf(w, _office(w, "aftale.fodt", _agr_odt(rng, a, False))), out)
    else:
        _make(lambda w: _office(w, "aftale.fodt", _agr_odt(rng, a, True)), out)


TRUTH_SIGNING = {"scan": "drawn", "typed": "typed", "evidence": "evidence", "unsigned": "unsigned",
                 "pending": "pending", "blank": "blank"}


def _template(kind: str, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """MedCom's SDN template (its title and clauses: what a party fills in and signs)."""
    from mailbot.core.agreement_texts import AGREEMENTS

    t = AGREEMENTS[(kind, lang)]
    return t.title, t.clauses + (t.annex or [])


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str,
              name: str, block: str | None = None) -> RLDocument:
    """One SDN agreement of `kind` in `layout`, signed as `signing` says; the party block (`block`: "after", its
    values with their labels after them, or "table", the parties side by side) drawn when not given."""
    title, clauses = _template(kind, p.language)
    a = Agr(rng, p, kind, signing, service, clauses, title, block)
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)
    seed = rng.random()
    variants = ",".join(x for x in (service if signing in ("evidence", "pending") else "", f"block-{a.block}") if x)
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", p.language,
                      note=f"signing={signing};variants={variants}",
                      draw=lambda out: _draw_agreement(layout, seed, a, out),
                      source=(lambda: ("aftale.fodt", _agr_odt(random.Random(seed), a, True).encode()))
                      if layout == "s9-agr-controls" else None)


def own_template(rng: random.Random, p: Party, name: str) -> RLDocument:
    """The party's own data processing agreement (its own terms under GDPR art. 28, MedCom as processor), signed
    with a scanned signature: not the SDN template (truth: wrong_template)."""
    da = p.language == "da"
    clauses = ([("Afsnit A. Baggrund", f"{p.organisation} indgår denne aftale med alle, der behandler personoplysninger for klinikken."),
                ("Afsnit B. Instruks", "Behandleren følger alene skriftlige instrukser fra den dataansvarlige og sletter data ved ophør."),
                ("Afsnit C. Sikkerhed", "Der træffes passende tekniske og organisatoriske foranstaltninger, jf. artikel 32."),
                ("Afsnit D. Brud på sikkerheden", "Brud meddeles den dataansvarlige uden unødig forsinkelse og senest inden 24 timer.")]
               if da else
               [("Part A. Background", f"{p.organisation} concludes these terms with everyone processing personal data on its behalf."),
                ("Part B. Instructions", "The processor follows written instructions of the controller only and deletes data on termination."),
                ("Part C. Security", "Appropriate technical and organisational measures are taken, cf. Article 32."),
                ("Part D. Personal data breaches", "Breaches are notified to the controller without undue delay and within 24 hours.")])
    title = (f"Databehandleraftale – {p.organisation}s egen skabelon" if da else
             f"Data processing terms – {p.organisation}'s own template")
    a = Agr(rng, p, "data_processor_agreement", "scan", "scrive", clauses, title)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}
    seed = rng.random()
    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      "own_template_dpa-s9", p.language, note="own template",
                      draw=lambda out: _draw_agreement("s9-agr-cairo", seed, a, out))


# ---------------------------------------------------------------- the plan's entry

_counter = {"form": 0, "agr": 0, "service": 0}


def _service(signing: str) -> str:
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if signing in ("evidence", "pending"):
        _counter["service"] += 1
    return service


def document(rng: random.Random, what: str, name_of: Callable[[Party], str]) -> RLDocument:
    """The next document of kind `what`, this hand's layouts, signings and services in turn."""
    if what == "form":
        i = _counter["form"]
        _counter["form"] += 1
        p = ninth_party(rng, FORM_PARTIES[i % len(FORM_PARTIES)])
        empty = EMPTIES[(i // EMPTY_EVERY) % len(EMPTIES)] if i % EMPTY_EVERY == EMPTY_EVERY - 1 else ""
        return form(rng, p, FORM_LAYOUTS[i % len(FORM_LAYOUTS)], name_of(p), empty)
    if what == "own_template":
        p = ninth_party(rng, rng.choice([x for x in FORM_PARTIES if x != "it_supplier"]))
        return own_template(rng, p, name_of(p))
    p = ninth_party(rng, "it_supplier" if what == "sub_data_processor_agreement"
                    else rng.choice([x for x in FORM_PARTIES if x != "it_supplier"]))
    i = _counter["agr"]
    _counter["agr"] += 1
    layout = AGREEMENT_LAYOUTS[i % len(AGREEMENT_LAYOUTS)]
    signings = SIGNINGS[layout]
    signing = signings[(i // len(AGREEMENT_LAYOUTS)) % len(signings)]
    return agreement(rng, p, what, layout, signing, _service(signing), name_of(p))


# the case generator's signings (cases.py) as this hand signs them
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "scan", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}
CASE_LAYOUT = {"typed": ["s9-agr-cairo", "s9-agr-controls"], "scan": ["s9-agr-cairo", "s9-agr-controls"],
               "evidence": ["s9-agr-ps", "s9-agr-cairo"], "pending": ["s9-agr-ps"],
               "unsigned": ["s9-agr-cairo", "s9-agr-controls"], "blank": ["s9-agr-cairo"]}
# a case's form: the text-layer layouts (a scan or a page without text goes to staff by design)
CASE_FORMS = ["s9-impress-slides", "s9-writer-controls"]


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """The ninth hand's document of kind `what` for a case's party `q` (cases.py --hand ninth)."""
    if what == "information_form":
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, q, CASE_FORMS[i % len(CASE_FORMS)], fname)
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "scan", "evidence"]))
    i = _counter["agr"]
    _counter["agr"] += 1
    layouts = CASE_LAYOUT[how]
    return agreement(rng, q, what, layouts[i % len(layouts)], how, _service(how), fname)


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "document", "reset", "form", "agreement", "own_template",
           "case_document", "ninth_party"]
