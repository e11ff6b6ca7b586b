"""A seventh hand: information forms and agreements as yet other organisations write them, with tools none of
the six other hands uses (fpdf2, Typst, SVG drawn by librsvg's `rsvg-convert`, groff's `mom` macros straight to
PDF with `-Tpdf`), in layouts and words of its own.

Written without reading the reader (issue 22): only MedCom's seed (what the agreements and the form must hold),
the domain, and the truth the other hands return. What this hand does that the others do not:

* fpdf2: a questionnaire whose questions are numbered and whose answers are free text on the line under each
  ("3. Hvem er jeres kontaktperson for aftalen?"), tick boxes drawn as ☐/☒ glyphs; a key: value list with [x]
  marks; an agreement whose party block is a table with the role in the first column and name, registration
  number and address across, signed with a picture (a scanned signature's stand-in, a PNG of ink strokes).
* Typst: a form in lettered sections ("A. Om jer", "B. Aftalekontakt", "C. Drift og netværk", "D. Hvor skal
  boksen stå?") with one table per section, the role in the first column and name, mail and phone across; an
  agreement with a two-column party table (controller | processor) and a signing service's evidence page in
  this hand's wording (Penneo, Visma Addo, DocuSign, Adobe Acrobat Sign, Scrive, Criipto Verify, Dokobit,
  MitID Erhverv), in Danish and English.
* rsvg-convert (librsvg, Cairo): a form drawn as an SVG page with every text placed by x/y, in two columns,
  radio marks as (•)/( ), labels in small caps above their values.
* groff -mom -Tpdf: the form as a letter in prose ("Vi kan oplyse følgende: ..."), the agreement's parties in
  a sentence and a typed "/s/ Name" signature or an unsigned signature block.
* Forms with fields truly left empty (a blank after the label; the truth has the field null and
  `missing_field`), agreements unsigned, pending at the service, blank, and own-template data processor
  agreements that are not the SDN one (truth: `wrong_template`).

The truth is the model's (`forms.form_truth`, `agreements.agreement_truth`), as for the other hands.
`plan()` in generate.py asks `document()` for the tool `seventh`; `render_all` calls `draw()`.
"""
from __future__ import annotations

import html as H
import random
import shutil
import subprocess
import zlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth_for, party_lacking
from bench.outside.people import Party, Person, party
from bench.outside.render_reportlab import RLDocument

# the Debian packages of this hand's command-line tools (tests/servers/_util.py installs them when missing);
# fpdf2 and typst come from PyPI (the dev extras)
PACKAGES = {"rsvg-convert": "librsvg2-bin", "gropdf": "groff"}
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

FORM_LAYOUTS = ["s7-fpdf-questions", "s7-typst-sections", "s7-svg-columns", "s7-mom-letter", "s7-fpdf-keyvalue"]
AGREEMENT_LAYOUTS = ["s7-agr-typst", "s7-agr-fpdf", "s7-agr-mom"]
SERVICES = ["penneo", "addo", "docusign", "acrobat", "scrive", "criipto", "dokobit", "mitid"]
SIGNINGS = {"s7-agr-typst": ["evidence", "unsigned", "evidence", "pending", "typed"],
            "s7-agr-fpdf": ["image", "blank", "evidence", "unsigned", "image"],
            "s7-agr-mom": ["typed", "pending", "unsigned", "typed", "evidence"]}
FORM_PARTIES = [None, "public_hospital", "pharmacy", "private_hospital", "practitioner", "foreign", "laboratory",
                "it_supplier", "municipality", "region"]
# every fourth form leaves one field truly empty
EMPTY_EVERY = 4

MONTHS = {"da": ["jan.", "feb.", "marts", "april", "maj", "juni", "juli", "aug.", "sept.", "okt.", "nov.", "dec."],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}

# ---------------------------------------------------------------- this hand's words

KIND_WORDS = {
    "da": {"municipality": "Kommunal myndighed", "region": "Regional myndighed",
           "public_hospital": "Offentligt sygehus / hospital", "private_hospital": "Privat sygehus eller klinik",
           "practitioner": "Praksis under sygesikringen (læge, tandlæge, speciallæge)", "pharmacy": "Apotek",
           "laboratory": "Privat laboratorium", "it_supplier": "Leverandør af IT-systemer",
           "foreign": "Samarbejdspartner i udlandet"},
    "en": {"municipality": "Local authority (municipality)", "region": "Regional authority",
           "public_hospital": "Public hospital", "private_hospital": "Private hospital or clinic",
           "practitioner": "Practice under public health insurance (GP, dentist, specialist)",
           "pharmacy": "Pharmacy", "laboratory": "Private laboratory", "it_supplier": "Supplier of IT systems",
           "foreign": "Partner abroad"},
}

Q = {  # the questionnaire's questions, numbered in the order drawn
    "da": {"org": ["Hvad hedder organisationen (juridisk navn)?", "Organisationens fulde navn"],
           "cvr": ["Hvad er jeres CVR-nummer?", "CVR-nummer (8 cifre)"],
           "reg": ["Registreringsnummer i hjemlandet (kun udenlandske parter)"],
           "kind": ["Hvilken slags organisation er I? (sæt ét kryds)", "Vælg organisationstype"],
           "via": ["Bliver I koblet på gennem KMD eller gennem jeres systemleverandør?",
                   "Sker tilslutningen gennem en paraplyaftale?"],
           "contact": ["Hvem er jeres kontaktperson for aftalen?", "Kontaktperson hos organisationen"],
           "tech": ["Hvem kan TDC kontakte om det tekniske?", "Kontaktpersoner til den tekniske opsætning"],
           "nets": ["Hvilke IP-net skal kunne nås via SDN? (angiv CIDR)", "Jeres IP-adresseområder"],
           "site": ["Hvor skal SD-WAN-boksen installeres?", "Adresse for installation af udstyret"]},
    "en": {"org": ["What is the organisation's registered name?", "Full legal name of your organisation"],
           "cvr": ["What is your CVR number?", "Danish company number (CVR, 8 digits)"],
           "reg": ["Registration number in your home country (foreign parties only)"],
           "kind": ["Which kind of organisation are you? (tick one)", "Select your organisation type"],
           "via": ["Will you be connected through KMD or through your system supplier?",
                   "Is the connection made under an umbrella agreement?"],
           "contact": ["Who is your contact person for the agreement?", "Contact person at your organisation"],
           "tech": ["Whom can TDC contact about the technical set-up?", "Contacts for the technical set-up"],
           "nets": ["Which IP networks must be reachable over SDN? (CIDR)", "Your IP address ranges"],
           "site": ["Where should the SD-WAN box be installed?", "Address where the equipment is installed"]},
}
L = {  # short labels (key: value lists, tables)
    "da": {"org": "Organisation", "cvr": "CVR", "reg": "Udl. reg.-nr.", "name": "Fulde navn", "mail": "Mailadresse",
           "phone": "Telefonnummer", "street": "Vejnavn og husnr.", "pc": "Postnr.", "city": "By", "role": "Rolle",
           "contact": "Aftalekontakt", "tech": "Teknisk kontakt", "nets": "IP-net", "kind": "Type",
           "via": "Paraply", "none": "Ingen – direkte tilslutning", "kmd": "Gennem KMD",
           "vendor": "Gennem systemleverandør:"},
    "en": {"org": "Organisation", "cvr": "CVR", "reg": "Foreign reg. no.", "name": "Full name", "mail": "Mail address",
           "phone": "Phone number", "street": "Street and no.", "pc": "Postcode", "city": "Town", "role": "Role",
           "contact": "Agreement contact", "tech": "Technical contact", "nets": "IP networks", "kind": "Type",
           "via": "Umbrella", "none": "None – connected directly", "kmd": "Through KMD",
           "vendor": "Through system supplier:"},
}
SECTION = {
    "da": [("A", "Om jer"), ("B", "Aftalekontakt"), ("C", "Drift og netværk"), ("D", "Hvor skal boksen stå?")],
    "en": [("A", "About you"), ("B", "Agreement contact"), ("C", "Operations and network"),
           ("D", "Where will the box go?")],
}


def s7_date(rng: random.Random, d: date, lang: str) -> str:
    """A date as this hand writes it."""
    m = MONTHS[lang][d.month - 1]
    if lang == "da":
        return rng.choice([f"{d.day}. {m} {d.year}", f"{d:%d-%m-%Y}", f"{d.year}-{d.month:02d}-{d.day:02d}",
                           f"{d.day}.{d.month}.{d:%y}"])
    return rng.choice([f"{m} {d.day}, {d.year}", f"{d.day} {m} {d.year}", f"{d:%Y-%m-%d}", f"{d.day}-{m[:3]}-{d.year}"])


def s7_phone(rng: random.Random, p: Person) -> str:
    if not p.phone:
        return ""
    d = p.phone.removeprefix("+45")
    return rng.choice([f"+45 {d[:4]} {d[4:]}", f"{d[:2]}-{d[2:4]}-{d[4:6]}-{d[6:]}", f"+45{d}",
                       f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"])


def s7_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"DK {cvr}", f"{cvr[:2]}.{cvr[2:4]}.{cvr[4:6]}.{cvr[6:]}"])


# ---------------------------------------------------------------- tools

def ensure() -> None:
    """Install this hand's tools where missing (Debian ones need root, as CI has; fpdf2 and typst: the dev extras)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    if missing or not FONT.exists():
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-dejavu-core")
    for mod in ("fpdf", "typst"):
        try:
            __import__(mod)
        except ImportError as e:
            raise RuntimeError(f"the seventh hand needs {mod} (pip install -e '.[dev]')") from e


def _run(cmd: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    r = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, timeout=240,
                       env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"})
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-600:]!r}")
    return r.stdout


def _in_scratch(make: Callable[[Path], Path], out: Path) -> None:
    ensure()
    w = tools.scratch()
    try:
        shutil.move(str(make(w)), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def typst_pdf(source: str, out: Path, files: dict[str, bytes] | None = None) -> None:
    """Typst (the PyPI binding) compiles a .typ source to PDF."""
    import typst

    def make(w: Path) -> Path:
        for name, data in (files or {}).items():
            (w / name).write_bytes(data)
        (w / "doc.typ").write_text(source, encoding="utf-8")
        typst.compile(str(w / "doc.typ"), output=str(w / "doc.pdf"), font_paths=[str(FONT.parent)])
        return w / "doc.pdf"
    _in_scratch(make, out)


def svg_pdf(svg: str, out: Path) -> None:
    """librsvg's rsvg-convert draws an SVG page to PDF through Cairo."""
    def make(w: Path) -> Path:
        (w / "page.svg").write_text(svg, encoding="utf-8")
        _run(["rsvg-convert", "-f", "pdf", "-o", "doc.pdf", "page.svg"], w)
        return w / "doc.pdf"
    _in_scratch(make, out)


def mom_pdf(source: str, out: Path) -> None:
    """groff with the mom macros, straight to PDF (-Tpdf), UTF-8 input through preconv (-k)."""
    def make(w: Path) -> Path:
        (w / "doc.mom").write_text(source, encoding="utf-8")
        pdf = _run(["groff", "-k", "-mom", "-Tpdf", "doc.mom"], w)
        (w / "doc.pdf").write_bytes(pdf)
        return w / "doc.pdf"
    _in_scratch(make, out)


def _fpdf() -> Any:
    from fpdf import FPDF

    class Page(FPDF):
        """Every multi_cell ends at the next line's left margin, as a clerk's paragraphs do."""

        def multi_cell(self, *args: Any, **kw: Any) -> Any:
            kw.setdefault("new_x", "LMARGIN")
            kw.setdefault("new_y", "NEXT")
            return super().multi_cell(*args, **kw)

    ensure()
    pdf = Page(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    return pdf


def _typ(s: str) -> str:
    """Text as Typst markup reads it literally."""
    out = s
    for c in "\\#*_`$<>@[]~/":
        out = out.replace(c, "\\" + c)
    return out


def _mom(s: str) -> str:
    """Text as groff reads it literally (a leading dot or quote would be a request)."""
    s = s.replace("\\", "\\e")
    return "\\&" + s if s[:1] in ".'" else s


def _png_strokes(rng: random.Random) -> bytes:
    """A scanned signature's stand-in: ink strokes on white, as a 1-bit-ish grey PNG (written by hand, zlib)."""
    w, h = 240, 70
    px = bytearray(b"\xff" * (w * h))
    x, y = 10.0, 40.0
    for _ in range(7):
        tx, ty = x + rng.uniform(15, 40), rng.uniform(12, 58)
        for t in range(60):
            u = t / 60
            cx, cy = x + (tx - x) * u, y + (ty - y) * u + 8 * (u * (1 - u)) * rng.choice([-1, 1])
            for dx in (0, 1):
                for dy in (0, 1):
                    xi, yi = int(cx) + dx, int(cy) + dy
                    if 0 <= xi < w and 0 <= yi < h:
                        px[yi * w + xi] = 20
        x, y = tx, ty
    raw = b"".join(b"\x00" + bytes(px[r * w:(r + 1) * w]) for r in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + tag + data + zlib.crc32(tag + data).to_bytes(4, "big")
    ihdr = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- the form's answers, decided once

class Answers:
    """What one form says, in this hand's writing; `empty` names a field left truly empty."""

    def __init__(self, rng: random.Random, p: Party, empty: str = "") -> None:
        self.p, self.lang, self.empty = p, p.language, empty
        self.q = {k: rng.choice(v) for k, v in Q[p.language].items()}
        self.cvr = s7_cvr(rng, p.cvr) if p.cvr else ""
        self.contact = (p.org_contact.name, p.org_contact.email, s7_phone(rng, p.org_contact))
        self.techs = [(t.name, t.email, s7_phone(rng, t)) for t in p.technical]
        self.nets = [n for n in p.ip_scopes if n]
        inst = p.installation
        self.street, self.pc, self.city = inst.street, inst.postcode, inst.city

    @property
    def l(self) -> dict[str, str]:  # noqa: E743
        return L[self.lang]

    def kinds(self) -> list[tuple[str, bool]]:
        return [(text, k == self.p.party_type) for k, text in KIND_WORDS[self.lang].items()]

    def via(self) -> list[tuple[str, bool]]:
        v, lab = self.p.connected_via, self.l
        vendor = v if v not in (None, "KMD") else ""
        return [(lab["none"], v is None), (lab["kmd"], v == "KMD"), (f"{lab['vendor']} {vendor}".strip(),
                                                                     bool(vendor))]


def _box(on: bool, style: str) -> str:
    return {"glyph": ("☒", "☐"), "bracket": ("[x]", "[ ]"), "radio": ("(•)", "( )")}[style][0 if on else 1]


# ---- fpdf2: a numbered questionnaire, answers under the questions

def _fpdf_questions(rng: random.Random, a: Answers, out: Path) -> None:
    pdf = _fpdf()
    da = a.lang == "da"
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, "Spørgeskema: tilslutning til SDN" if da else "Questionnaire: joining SDN")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, "Besvar spørgsmålene og returnér skemaet til MedCom." if da
                   else "Please answer the questions and return the form to MedCom.")
    pdf.ln(3)
    n = 0

    def question(text: str) -> None:
        nonlocal n
        n += 1
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, f"{n}. {text}")
        pdf.set_font("DejaVu", "", 10)

    def answer(text: str) -> None:
        pdf.set_x(pdf.l_margin + 8)
        pdf.multi_cell(0, 6, text or " ", border="B")

    question(a.q["org"])
    answer(a.p.organisation)
    question(a.q["cvr"])
    answer(a.cvr)
    if a.p.foreign_reg:
        question(a.q["reg"])
        answer(a.p.foreign_reg)
    question(a.q["kind"])
    for text, on in a.kinds():
        pdf.set_x(pdf.l_margin + 8)
        pdf.cell(0, 5.5, f"{_box(on, 'glyph')}  {text}", new_x="LMARGIN", new_y="NEXT")
    question(a.q["via"])
    for text, on in a.via():
        pdf.set_x(pdf.l_margin + 8)
        pdf.cell(0, 5.5, f"{_box(on, 'glyph')}  {text}", new_x="LMARGIN", new_y="NEXT")
    question(a.q["contact"])
    name, mail, phone = a.contact
    answer(f"{name}, {mail}, {'tlf.' if da else 'tel.'} {phone}")
    question(a.q["tech"])
    for name, mail, phone in a.techs:
        answer(f"{name} – {mail} – {phone}" if phone else f"{name} – {mail} –")
    question(a.q["nets"])
    answer(", ".join(a.nets))
    question(a.q["site"])
    answer("" if a.empty == "site" else f"{a.street}, {a.pc} {a.city}")
    pdf.output(str(out))


# ---- fpdf2: key: value, [x] marks

def _fpdf_keyvalue(rng: random.Random, a: Answers, out: Path) -> None:
    pdf = _fpdf()
    lab = a.l
    da = a.lang == "da"
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, "SDN – stamdata for tilslutningen" if da else "SDN – master data for the connection",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)

    def kv(k: str, v: str) -> None:
        pdf.cell(0, 6, f"{k}: {v}", new_x="LMARGIN", new_y="NEXT")

    def head(t: str) -> None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, t, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)

    head("Organisation")
    kv(lab["org"], a.p.organisation)
    kv(lab["cvr"], a.cvr)
    if a.p.foreign_reg:
        kv(lab["reg"], a.p.foreign_reg)
    for text, on in a.kinds():
        pdf.cell(0, 5.5, f"{_box(on, 'bracket')} {text}", new_x="LMARGIN", new_y="NEXT")
    head(lab["via"])
    for text, on in a.via():
        pdf.cell(0, 5.5, f"{_box(on, 'bracket')} {text}", new_x="LMARGIN", new_y="NEXT")
    head(lab["contact"])
    kv(lab["name"], a.contact[0])
    kv(lab["mail"], a.contact[1])
    kv(lab["phone"], a.contact[2])
    for i, (name, mail, phone) in enumerate(a.techs):
        head(f"{lab['tech']} {i + 1}")
        kv(lab["name"], name)
        kv(lab["mail"], mail)
        kv(lab["phone"], phone)
    head(lab["nets"])
    for net in a.nets:
        kv("CIDR", net)
    if not a.nets:
        kv("CIDR", "")
    head("Installationssted" if da else "Installation site")
    site = a.empty == "site"
    kv(lab["street"], "" if site else a.street)
    kv(lab["pc"], "" if site else a.pc)
    kv(lab["city"], "" if site else a.city)
    pdf.output(str(out))


# ---- Typst: lettered sections, one table per section, role first

def _typst_sections(rng: random.Random, a: Answers, out: Path) -> None:
    lab, da = a.l, a.lang == "da"
    sec = SECTION[a.lang]
    t = _typ

    def table(header: list[str], rows: list[list[str]]) -> str:
        cells = ", ".join(f"[*{t(h)}*]" for h in header)
        for r in rows:
            cells += ", " + ", ".join(f"[{t(c)}]" for c in r)
        return f"#table(columns: {len(header)}, inset: 5pt, stroke: 0.5pt + gray, {cells})\n\n"

    src = ('#set page(paper: "a4", margin: 2cm)\n#set text(font: "DejaVu Sans", size: 10pt, lang: "'
           + a.lang + '")\n')
    src += f"= {t('Anmeldelse til Sundhedsdatanettet' if da else 'Registration for the Health Data Network')}\n\n"
    src += f"== {sec[0][0]}. {t(sec[0][1])}\n\n"
    rows = [[lab["org"], a.p.organisation], [lab["cvr"], a.cvr]]
    if a.p.foreign_reg:
        rows.append([lab["reg"], a.p.foreign_reg])
    src += table(["", ""], rows)
    src += t(a.q["kind"]) + "\n\n" + "".join(f"{_box(on, 'glyph')} {t(x)} \\\n" for x, on in a.kinds()) + "\n"
    src += t(a.q["via"]) + "\n\n" + "".join(f"{_box(on, 'glyph')} {t(x)} \\\n" for x, on in a.via()) + "\n"
    src += f"== {sec[1][0]}. {t(sec[1][1])}\n\n"
    src += table([lab["role"], lab["name"], lab["mail"], lab["phone"]], [[lab["contact"], *a.contact]])
    src += f"== {sec[2][0]}. {t(sec[2][1])}\n\n"
    src += table([lab["role"], lab["name"], lab["mail"], lab["phone"]],
                 [[f"{lab['tech']} {i + 1}", *x] for i, x in enumerate(a.techs)])
    src += table([lab["nets"]], [[n] for n in a.nets] or [[""]])
    src += f"== {sec[3][0]}. {t(sec[3][1])}\n\n"
    site = a.empty == "site"
    src += table(["", ""], [[lab["street"], "" if site else a.street], [lab["pc"], "" if site else a.pc],
                            [lab["city"], "" if site else a.city]])
    typst_pdf(src, out)


# ---- SVG (rsvg-convert): two columns, small-caps labels above values, radio marks

def _svg_columns(rng: random.Random, a: Answers, out: Path) -> None:
    lab, da = a.l, a.lang == "da"
    items: list[str] = []

    def text(x: float, y: float, s: str, size: float = 10, weight: str = "normal", caps: bool = False) -> None:
        style = "font-variant:small-caps;" if caps else ""
        items.append(f"<text x='{x:.1f}' y='{y:.1f}' font-family='DejaVu Sans' font-size='{size}' "
                     f"font-weight='{weight}' style='{style}'>{H.escape(s)}</text>")

    text(40, 50, "Informationsskema · SDN" if da else "Information form · SDN", 16, "bold")
    y0 = 85
    left: list[tuple[str, str]] = [(lab["org"], a.p.organisation), (lab["cvr"], a.cvr)]
    if a.p.foreign_reg:
        left.append((lab["reg"], a.p.foreign_reg))
    left += [(f"{lab['contact']} – {lab['name']}", a.contact[0]), (f"{lab['contact']} – {lab['mail']}", a.contact[1]),
             (f"{lab['contact']} – {lab['phone']}", a.contact[2])]
    site = a.empty == "site"
    left += [(lab["street"], "" if site else a.street), (f"{lab['pc']} / {lab['city']}",
                                                         "" if site else f"{a.pc} {a.city}")]
    y = y0
    for k, v in left:
        text(40, y, k, 8, caps=True)
        text(40, y + 13, v, 10.5)
        y += 36
    right: list[tuple[str, str]] = []
    for i, (name, mail, phone) in enumerate(a.techs):
        right += [(f"{lab['tech']} {i + 1} – {lab['name']}", name), (f"{lab['tech']} {i + 1} – {lab['mail']}", mail),
                  (f"{lab['tech']} {i + 1} – {lab['phone']}", phone)]
    right.append((lab["nets"], ", ".join(a.nets)))
    y = y0
    for k, v in right:
        text(310, y, k, 8, caps=True)
        text(310, y + 13, v, 10.5)
        y += 36
    y = max(y, y0 + 36 * len(left)) + 10
    text(40, y, a.q["kind"], 10, "bold")
    y += 16
    for i, (x, on) in enumerate(a.kinds()):
        text(40 + (i % 2) * 270, y + (i // 2) * 15, f"{_box(on, 'radio')} {x}", 8.5)
    y += 15 * ((len(a.kinds()) + 1) // 2) + 12
    text(40, y, a.q["via"], 10, "bold")
    y += 16
    for x, on in a.via():
        text(40, y, f"{_box(on, 'radio')} {x}", 9.5)
        y += 15
    svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='595' height='842' viewBox='0 0 595 842'>"
           "<rect width='595' height='842' fill='white'/><line x1='300' y1='70' x2='300' y2='"
           f"{y0 + 36 * max(len(left), len(right))}' stroke='#999' stroke-width='0.5'/>" + "".join(items) + "</svg>")
    svg_pdf(svg, out)


# ---- groff mom: the form as a letter in prose

def _mom_letter(rng: random.Random, a: Answers, out: Path) -> None:
    da, p = a.lang == "da", a.p
    name, mail, phone = a.contact
    lines = [".PRINTSTYLE TYPESET", ".PAPER A4", ".FAMILY H", ".PT_SIZE 11", ".START",
             _mom(f"{p.organisation}"), ".LINEBREAK" if False else ".BR", _mom(f"{p.office.street}"), ".BR",
             _mom(f"{p.office.postcode} {p.office.city}"), ".SP", _mom("Til MedCom, sdn@medcom.dk" if da
                                                                     else "To MedCom, sdn@medcom.dk"), ".SP",
             ".PP", _mom("Vedr. informationsskema til SDN" if da else "Re: information form for SDN"), ".PP"]
    kind = KIND_WORDS[a.lang][p.party_type]
    via = p.connected_via
    if da:
        body = [f"Vi kan oplyse følgende: {p.organisation} har CVR-nummer {a.cvr or 'ikke oplyst'}"
                + (f" (registreret i udlandet som {p.foreign_reg})" if p.foreign_reg else "")
                + f" og er {kind.lower()}.",
                ("Vi tilsluttes direkte og ikke gennem KMD eller en systemleverandør." if via is None
                 else "Vi tilsluttes gennem KMD." if via == "KMD"
                 else f"Vi tilsluttes gennem vores systemleverandør {via}."),
                f"Kontaktperson for aftalen er {name} ({mail}, telefon {phone})."]
        techs = "; ".join(f"{n}, {m}, telefon {ph}" if ph else f"{n}, {m}, telefon: (ingen)" for n, m, ph in a.techs)
        body.append(f"Teknisk kontakt: {techs}.")
        body.append(f"Vores IP-net er {', '.join(a.nets)}." if a.nets else "IP-net: (ikke udfyldt)")
        body.append("Installationsadresse: (ikke udfyldt)" if a.empty == "site" else
                    f"Udstyret skal installeres på adressen {a.street}, {a.pc} {a.city}.")
        close = ["Med venlig hilsen", p.signatory.name]
    else:
        body = [f"We can confirm the following: {p.organisation} has CVR number {a.cvr or 'not given'}"
                + (f" (registered abroad as {p.foreign_reg})" if p.foreign_reg else "")
                + f" and is a {kind.lower()}.",
                ("We connect directly, not through KMD or a system supplier." if via is None else
                 "We connect through KMD." if via == "KMD" else f"We connect through our system supplier {via}."),
                f"Our contact person for the agreement is {name} ({mail}, phone {phone})."]
        techs = "; ".join(f"{n}, {m}, phone {ph}" if ph else f"{n}, {m}, phone: (none)" for n, m, ph in a.techs)
        body.append(f"Technical contact: {techs}.")
        body.append(f"Our IP networks are {', '.join(a.nets)}." if a.nets else "IP networks: (not filled in)")
        body.append("Installation address: (not filled in)" if a.empty == "site" else
                    f"The equipment is to be installed at {a.street}, {a.pc} {a.city}.")
        close = ["Kind regards", p.signatory.name]
    for b in body:
        lines += [_mom(b), ".PP"]
    lines += [_mom(close[0]), ".BR", _mom(close[1])]
    mom_pdf("\n".join(lines) + "\n", out)


FORM_DRAW: dict[str, Callable[[random.Random, Answers, Path], None]] = {
    "s7-fpdf-questions": _fpdf_questions, "s7-typst-sections": _typst_sections, "s7-svg-columns": _svg_columns,
    "s7-mom-letter": _mom_letter, "s7-fpdf-keyvalue": _fpdf_keyvalue}
EMPTIES = ["tech_phone", "ip_scopes", "site"]


def form(rng: random.Random, p: Party, layout: str, name: str, empty: str = "") -> RLDocument:
    """The information form of `p` in `layout`; `empty` leaves one field truly empty (tech_phone, ip_scopes,
    site)."""
    q = party_lacking(p, empty)
    a = Answers(rng, q, empty)
    seed = rng.random()
    truth = form_truth_for(q, name, empty)
    variants = f"empty-{empty}" if empty else ""
    return RLDocument(name, [], truth, f"form-{layout}", p.language, note=f"variants={variants}",
                      draw=lambda out: FORM_DRAW[layout](random.Random(seed), a, out))


# ---------------------------------------------------------------- agreements

AGR_TITLE = {
    ("connection_agreement", "da"): "Aftale om tilslutning til Sundhedsdatanettet",
    ("connection_agreement", "en"): "Agreement on connection to the Danish Health Data Network (SDN)",
    ("data_processor_agreement", "da"): "Databehandleraftale – Sundhedsdatanettet",
    ("data_processor_agreement", "en"): "Data Processor Agreement – Health Data Network",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale – Sundhedsdatanettet",
    ("sub_data_processor_agreement", "en"): "Sub-data Processor Agreement – Health Data Network",
}
ROLE = {
    ("connection_agreement", "da"): ("Tilslutningsparten", "MedCom"),
    ("connection_agreement", "en"): ("The connecting organisation", "MedCom"),
    ("data_processor_agreement", "da"): ("Den dataansvarlige", "Databehandleren"),
    ("data_processor_agreement", "en"): ("The controller", "The processor"),
    ("sub_data_processor_agreement", "da"): ("Databehandleren", "Underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): ("The processor", "The sub-processor"),
}
OWN_CLAUSES = {
    "da": [("Aftalens genstand", "Aftalen regulerer parternes forhold ved brug af Sundhedsdatanettet (SDN), som "
            "MedCom driver for sundhedsvæsenet."),
           ("Parternes forpligtelser", "Parterne overholder SDN's sikkerhedsregler og MedComs retningslinjer."),
           ("Ikrafttræden og ophør", "Aftalen træder i kraft ved underskrift og kan opsiges med 3 måneders varsel.")],
    "en": [("Subject of the agreement", "This agreement governs the parties' use of the Health Data Network (SDN) "
            "operated by MedCom for the Danish health sector."),
           ("Duties of the parties", "The parties comply with SDN's security rules and MedCom's guidelines."),
           ("Entry into force and termination", "The agreement enters into force when signed and may be "
            "terminated at 3 months' notice.")],
}
MEDCOM_SIGNERS = ["Rikke Holmsgaard", "Anders Bay Nielsen", "Tove Damsgaard"]


class Agr:
    """One agreement's facts and how this hand writes them."""

    def __init__(self, rng: random.Random, p: Party, kind: str, signing: str, service: str,
                 clauses: list[tuple[str, str]] | None = None) -> None:
        self.p, self.kind, self.signing, self.service, self.lang = p, kind, signing, service, p.language
        self.sections = clauses or [(f"§ {i + 1} {h}", t) for i, (h, t) in enumerate(OWN_CLAUSES[p.language])]
        self.cvr = s7_cvr(rng, p.cvr) if p.cvr else ""
        self.filled = signing != "blank"
        self.date_text = s7_date(rng, p.signature_date, p.language) if signing not in ("blank", "pending") else ""
        self.at = datetime.combine(p.signature_date, time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)))
        self.medcom_at = self.at + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 6))
        self.doc_id = "-".join("".join(rng.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 12))
        self.medcom_signer = rng.choice(MEDCOM_SIGNERS)
        self.png = _png_strokes(rng)

    @property
    def da(self) -> bool:
        return self.lang == "da"

    def title(self) -> str:
        return AGR_TITLE[(self.kind, self.lang)]

    def roles(self) -> tuple[str, str]:
        return ROLE[(self.kind, self.lang)]

    def party_cells(self) -> list[str]:
        """The party's name, number and address, as this hand writes them in a table cell."""
        p = self.p
        num = (f"CVR {self.cvr}" if self.cvr else f"{p.foreign_reg}") if self.filled else ("CVR: " if self.da
                                                                                          else "CVR: ")
        return [p.organisation if self.filled else "", num,
                f"{p.office.street}, {p.office.postcode} {p.office.city}" if self.filled else ""]

    def medcom_cells(self) -> list[str]:
        return ["MedCom", f"CVR {MEDCOM['cvr']}", f"{MEDCOM['street']}, {MEDCOM['town']}"]

    def signer_lines(self) -> list[tuple[str, str]]:
        """(label, value) under the party's signature: name, title, date; empty where the agreement is blank."""
        p = self.p
        if self.da:
            labs = ("Navn", "Stilling", "Dato")
        else:
            labs = ("Name", "Position", "Date")
        if not self.filled:
            return [(labs[0], ""), (labs[1], ""), (labs[2], "")]
        return [(labs[0], p.signatory.name), (labs[1], p.signatory_title), (labs[2], self.date_text)]

    def evidence(self) -> tuple[str, list[str], list[list[str]], str]:
        """A signing service's evidence page in this hand's words: title, the signer table's header and rows, the
        closing line. Pending: the party's row waits."""
        svc, da, p = self.service, self.da, self.p
        name = {"penneo": "Penneo", "addo": "Visma Addo", "docusign": "DocuSign", "acrobat": "Adobe Acrobat Sign",
                "scrive": "Scrive", "criipto": "Criipto Verify", "dokobit": "Dokobit", "mitid": "MitID Erhverv"}[svc]
        pending = self.signing == "pending"
        stamp = f"{self.at:%Y-%m-%d %H:%M:%S} UTC"
        mstamp = f"{self.medcom_at:%Y-%m-%d %H:%M:%S} UTC"
        if da:
            title = f"Underskriftsbevis – {name}"
            header = ["Underskriver", "Repræsenterer", "Metode", "Tidspunkt"]
            method = "MitID" if svc in ("penneo", "addo", "criipto", "mitid") else "e-signatur"
            rows = [[p.signatory.name, p.organisation, method, "Afventer underskrift" if pending else stamp],
                    [self.medcom_signer, "MedCom", method, mstamp]]
            close = (f"Dokumentet er endnu ikke underskrevet af alle parter. Dokument-ID {self.doc_id}" if pending
                     else f"Alle parter har underskrevet dokumentet elektronisk. Dokument-ID {self.doc_id}")
        else:
            title = f"{name} – signing certificate"
            header = ["Signer", "On behalf of", "Method", "Time"]
            method = "MitID" if svc in ("penneo", "addo", "criipto", "mitid") else "Electronic signature"
            rows = [[p.signatory.name, p.organisation, method, "Awaiting signature" if pending else stamp],
                    [self.medcom_signer, "MedCom", method, mstamp]]
            close = (f"This document has not yet been signed by every party. Document ID {self.doc_id}" if pending
                     else f"Every party has signed this document electronically. Document ID {self.doc_id}")
        return title, header, rows, close


def _agr_typst(rng: random.Random, a: Agr, out: Path) -> None:
    """Typst: the parties as a two-column table (party | MedCom's side), clauses, then a signature table; an
    evidence page after a page break when a service signed."""
    t = _typ
    c, m = a.roles()
    src = ('#set page(paper: "a4", margin: 2.2cm, footer: align(center, text(size: 7pt)[SDN · MedCom]))\n'
           '#set text(font: "DejaVu Sans", size: 10pt)\n')
    src += f"#align(center, text(size: 15pt, weight: \"bold\")[{t(a.title())}])\n\n"
    src += ("Mellem" if a.da else "Between") + "\n\n"
    cells = [f"[*{t(c)}*]", f"[*{t(m)}*]"]
    for x, y in zip(a.party_cells(), a.medcom_cells(), strict=True):
        cells += [f"[{t(x)}]", f"[{t(y)}]"]
    src += f"#table(columns: (1fr, 1fr), inset: 6pt, {', '.join(cells)})\n\n"
    for h, body in a.sections:
        src += f"== {t(h)}\n{t(body)}\n\n"
    src += f"== {t('Underskrifter' if a.da else 'Signatures')}\n\n"
    left = [f"*{t(c)}*"]
    if a.signing == "typed":
        left.append(f"#text(style: \"italic\")[{t('/s/ ' + a.p.signatory.name)}]")
    else:
        left.append("#v(1.2em)")
    left.append("#line(length: 80%)")
    left += [f"{t(k)}: {t(v)}" for k, v in a.signer_lines()]
    right = [f"*{t(m)}*", "#v(1.2em)", "#line(length: 80%)",
             f"{t('Navn' if a.da else 'Name')}: {t(a.medcom_signer)}"]
    src += ("#grid(columns: (1fr, 1fr), gutter: 12pt, [" + " \\\n".join(left) + "], ["
            + " \\\n".join(right) + "])\n\n")
    if a.signing in ("evidence", "pending"):
        title, header, rows, close = a.evidence()
        src += f"#pagebreak()\n= {t(title)}\n\n{t(a.title())}\n\n"
        cells = [f"[*{t(h)}*]" for h in header] + [f"[{t(x)}]" for r in rows for x in r]
        src += f"#table(columns: {len(header)}, inset: 5pt, {', '.join(cells)})\n\n{t(close)}\n"
    typst_pdf(src, out)


def _agr_fpdf(rng: random.Random, a: Agr, out: Path) -> None:
    """fpdf2: the party block as a table with the role in the first column, name/number/address across; the
    signature a picture (a scan's stand-in) on the signature line."""
    pdf = _fpdf()
    c, m = a.roles()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, a.title(), align="C")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 9)
    widths = (45, 55, 30, 50)
    head = (["Rolle", "Navn", "Reg.-nr.", "Adresse"] if a.da else ["Role", "Name", "Reg. no.", "Address"])
    for w, h in zip(widths, head, strict=True):
        pdf.cell(w, 7, h, border=1)
    pdf.ln()
    pdf.set_font("DejaVu", "", 8.5)
    for role, cells in ((c, a.party_cells()), (m, a.medcom_cells())):
        for w, x in zip(widths, [role, *cells], strict=True):
            pdf.cell(w, 7, x, border=1)
        pdf.ln()
    pdf.ln(4)
    for h, body in a.sections:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, h)
        pdf.set_font("DejaVu", "", 9.5)
        pdf.multi_cell(0, 5, body)
        pdf.ln(1)
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(90, 6, c)
    pdf.cell(90, 6, m, new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    if a.signing == "image":
        import io
        pdf.image(io.BytesIO(a.png), x=pdf.l_margin, y=y, w=55, h=16)
    elif a.signing == "typed":  # a case's "typed" signing (case_document): "/s/ Name" on the line, as typst's
        pdf.set_xy(pdf.l_margin, y + 11)
        pdf.cell(75, 6, "/s/ " + a.p.signatory.name)
    pdf.set_y(y + 18)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 75, pdf.get_y())
    pdf.line(pdf.l_margin + 90, pdf.get_y(), pdf.l_margin + 165, pdf.get_y())
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 9)
    for k, v in a.signer_lines():
        pdf.cell(90, 5.5, f"{k}: {v}")
        pdf.cell(90, 5.5, f"{k}: {a.medcom_signer}" if k in ("Navn", "Name") else "", new_x="LMARGIN", new_y="NEXT")
    if a.signing in ("evidence", "pending"):
        title, header, rows, close = a.evidence()
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, a.title())
        pdf.ln(2)
        for r in [header, *rows]:
            for w, x in zip((45, 55, 30, 50), r, strict=True):
                pdf.cell(w, 6.5, x, border=1)
            pdf.ln()
        pdf.ln(2)
        pdf.multi_cell(0, 5, close)
    pdf.output(str(out))


def _agr_mom(rng: random.Random, a: Agr, out: Path) -> None:
    """groff mom: the parties in a sentence, the clauses as heads, a typed "/s/ Name" or an empty signature."""
    c, m = a.roles()
    p = a.p
    lines = [".PRINTSTYLE TYPESET", ".PAPER A4", ".FAMILY T", ".PT_SIZE 10.5", ".HEADING_STYLE 1 SIZE +3",
             ".START", ".HEADING 1 \"" + a.title().replace('"', "") + "\""]
    if a.filled:
        num = f"CVR-nr. {a.cvr}" if a.cvr else p.foreign_reg or ""
        party_s = (f"Denne aftale er indgået mellem {p.organisation}, {num}, {p.office.street}, {p.office.postcode} "
                   f"{p.office.city} ({c.lower()}) og MedCom, CVR-nr. {MEDCOM['cvr']}, {MEDCOM['street']}, "
                   f"{MEDCOM['town']} ({m.lower()})." if a.da else
                   f"This agreement is made between {p.organisation}, {num}, {p.office.street}, {p.office.postcode} "
                   f"{p.office.city} ({c.lower()}) and MedCom, CVR no. {MEDCOM['cvr']}, {MEDCOM['street']}, "
                   f"{MEDCOM['town']} ({m.lower()}).")
    else:
        party_s = ("Denne aftale er indgået mellem ______________________, CVR-nr. ________ og MedCom, CVR-nr. "
                   f"{MEDCOM['cvr']}." if a.da else "This agreement is made between ______________________, CVR no. "
                   f"________ and MedCom, CVR no. {MEDCOM['cvr']}.")
    lines += [".PP", _mom(party_s)]
    for h, body in a.sections:
        lines += [".HEADING 2 \"" + h.replace('"', "") + "\"", ".PP", _mom(body)]
    lines += [".HEADING 2 \"" + ("Underskrift" if a.da else "Signature") + "\"", ".PP",
              _mom(f"For {p.organisation if a.filled else '______________'}:")]
    if a.signing == "typed":
        lines += [".PP", "\\f[I]" + _mom(f"/s/ {p.signatory.name}").removeprefix("\\&") + "\\f[P]"]
    else:
        lines += [".PP", "\\l'2i'"]
    for k, v in a.signer_lines():
        lines += [".BR", _mom(f"{k}: {v}")]
    lines += [".PP", _mom(f"For MedCom: {a.medcom_signer}")]
    if a.signing in ("evidence", "pending"):
        title, header, rows, close = a.evidence()
        lines += [".NEWPAGE", ".HEADING 1 \"" + title.replace('"', "") + "\"", ".PP", _mom(a.title())]
        for r in rows:
            lines += [".PP", _mom(" · ".join(f"{h}: {x}" for h, x in zip(header, r, strict=True)))]
        lines += [".PP", _mom(close)]
    mom_pdf("\n".join(lines) + "\n", out)


AGR_DRAW: dict[str, Callable[[random.Random, Agr, Path], None]] = {
    "s7-agr-typst": _agr_typst, "s7-agr-fpdf": _agr_fpdf, "s7-agr-mom": _agr_mom}
# this hand's signings as the model's truth names them
TRUTH_SIGNING = {"typed": "typed", "image": "drawn", "evidence": "evidence", "pending": "pending",
                 "unsigned": "unsigned", "blank": "blank"}


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str,
              name: str, clauses: list[tuple[str, str]] | None = None) -> RLDocument:
    """One agreement of `kind` in `layout`, signed as `signing` says (typed "/s/", image, evidence; unsigned,
    pending, blank); `clauses` MedCom's template's (cases.py), else this hand's own."""
    a = Agr(rng, p, kind, signing, service, clauses)
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)
    if not a.filled:
        # this hand's blank agreement leaves the party's name and CVR empty too (`Agr.party_cells`): no right
        # reading finds them, so its truth names none
        doc["fields"].update(organisation=None, cvr=None)
    seed = rng.random()
    variants = service if signing in ("evidence", "pending") else ""
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", p.language,
                      note=f"signing={signing};variants={variants}",
                      draw=lambda out: AGR_DRAW[layout](random.Random(seed), a, out))


def own_template(rng: random.Random, p: Party, name: str) -> RLDocument:
    """The party's own data processing agreement (its own clauses under GDPR art. 28, MedCom as processor), signed:
    not the SDN template (truth: wrong_template)."""
    da = p.language == "da"
    clauses = ([("1. Baggrund", f"{p.organisation} indgår denne databehandleraftale med alle sine leverandører på "
                 "grundlag af databeskyttelsesforordningens artikel 28."),
                ("2. Instruks", "Databehandleren behandler kun oplysninger efter skriftlig instruks."),
                ("3. Sikkerhed", "Databehandleren gennemfører passende tekniske og organisatoriske foranstaltninger."),
                ("4. Underdatabehandlere", "Brug af underdatabehandlere kræver forudgående skriftlig godkendelse.")]
               if da else
               [("1. Background", f"{p.organisation} concludes this data processing agreement with every supplier "
                 "under Article 28 GDPR."),
                ("2. Instructions", "The processor processes data only on written instructions."),
                ("3. Security", "The processor takes appropriate technical and organisational measures."),
                ("4. Sub-processors", "Sub-processors require prior written approval.")])
    a = Agr(rng, p, "data_processor_agreement", "typed", "penneo", clauses)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}
    seed = rng.random()

    def draw(out: Path) -> None:
        a.sections = clauses
        title = f"{p.organisation} – {'Databehandleraftale (egen skabelon)' if da else 'Data processing agreement'}"
        a.title = lambda: title  # type: ignore[method-assign]
        _agr_typst(random.Random(seed), a, out)
    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      "own_template_dpa-s7", p.language, note="own template", draw=draw)


# ---------------------------------------------------------------- the plan's entry

_counter = {"form": 0, "agr": 0, "service": 0}


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


def _service(signing: str) -> str:
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if signing in ("evidence", "pending"):
        _counter["service"] += 1
    return service


# the case generator's signings (cases.py SIGNED and the unsigned ones by name) as this hand signs them
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "image", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """The seventh hand's document of kind `what` for a case's party `q` (cases.py --hand seventh): its form and
    agreement layouts in turn, the agreement with MedCom's template's clauses."""
    if what == "information_form":
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, q, FORM_LAYOUTS[i % len(FORM_LAYOUTS)], fname)
    i = _counter["agr"]
    _counter["agr"] += 1
    layout = AGREEMENT_LAYOUTS[i % len(AGREEMENT_LAYOUTS)]
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "image", "evidence"]))
    if how == "image":
        layout = "s7-agr-fpdf"  # only fpdf2 places the picture
    from mailbot.core.agreement_texts import AGREEMENTS

    template = AGREEMENTS[(what, q.language)]
    return agreement(rng, q, what, layout, how, _service(how), fname, template.clauses + (template.annex or []))


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "document", "reset", "form", "agreement", "own_template",
           "case_document"]
