"""A fifth hand: information forms and agreements as still other people write them, with LaTeX, groff and
WeasyPrint, in layouts and words none of the four other hands uses.

Written without reading the reader (issue 22): only the domain (what a form and an agreement must say) and the
truth format. What this hand does that the others do not:

* LaTeX (pdflatex, T1 Latin Modern fonts, ligatures and hyphenation): a questionnaire whose questions are
  numbered and whose answers stand under them in a sans-serif face and another colour, with a footnote; an
  agreement whose parties are one sentence ("Aftalen er indgået mellem X, CVR-nr. ..., og MedCom") and whose
  signature is a drawn picture, a name in italics or a dotted line.
* groff (`-ms`, `tbl`, PostScript then `ps2pdf`): a letter giving the answers in prose paragraphs; a boxed
  `tbl` form; an agreement whose evidence page comes from a signing service in this hand's words.
* WeasyPrint (HTML and CSS paged media, not a browser): a form in a table whose label column is on the right
  and whose answers are blue, with real CSS footnotes; a two-page form whose contacts continue on page 2 under
  a running header; an agreement with a signature table and a service's evidence page.
* Signing-service pages for Penneo, Visma Addo, DocuSign, Adobe Acrobat Sign, Scrive, Verified/Criipto and
  MitID Erhverv (NemLog-in) in this hand's words; dates as "3.11.2026", "den 3. november 2026", "3/11 2026",
  "Nov. 3, 2026", "3rd November 2026"; CVRs as "1234 5678"; phones as "0045 12 34 56 78", "+45 12345678".

The truth is the model's (`forms.form_truth`, the agreements' fields), as for the other hands.
`plan()` in generate.py asks `document()` for the tool `fifth`; `render_all` calls `draw()`.
"""
from __future__ import annotations

import html as H
import io
import random
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth
from bench.outside.people import Party, Person, party
from bench.outside.render_reportlab import RLDocument

# the Debian packages of this hand's tools (tests/servers/_util.py installs them when missing)
PACKAGES = {"groff": "groff", "ps2pdf": "ghostscript", "weasyprint": "weasyprint", "pdflatex": "texlive-latex-base"}
FONT_PACKAGES = ["lmodern"]

FORM_LAYOUTS = ["f5-tex-questions", "f5-weasy-right", "f5-groff-letter", "f5-weasy-twopage", "f5-groff-tbl"]
AGREEMENT_LAYOUTS = ["f5-agr-tex", "f5-agr-weasy", "f5-agr-groff"]
SERVICES = ["penneo", "addo", "docusign", "acrobat", "scrive", "verified", "mitid"]
SIGNINGS = {"f5-agr-tex": ["drawn", "unsigned", "typed", "evidence", "blank"],
            "f5-agr-weasy": ["evidence", "typed", "pending", "drawn", "unsigned"],
            "f5-agr-groff": ["evidence", "typed", "unsigned", "evidence", "pending"]}  # drawn too (cases.py asks)
FORM_PARTIES = [None, "pharmacy", "municipality", "practitioner", "foreign", "laboratory", "region",
                "private_hospital", "public_hospital"]

MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}
TYPES = {
    "da": {"municipality": "kommune", "region": "region", "public_hospital": "offentligt sygehus",
           "private_hospital": "privathospital", "practitioner": "praksis under sygesikringen", "pharmacy": "apotek",
           "laboratory": "privat laboratorium", "it_supplier": "it-leverandør", "foreign": "udenlandsk virksomhed"},
    "en": {"municipality": "municipality", "region": "region", "public_hospital": "public hospital",
           "private_hospital": "private hospital", "practitioner": "practice under public health insurance",
           "pharmacy": "pharmacy", "laboratory": "private laboratory", "it_supplier": "IT supplier",
           "foreign": "foreign company"},
}

# ---------------------------------------------------------------- this hand's words

WORDS: dict[str, dict[str, list[str]]] = {
    "da": {"title": ["Oplysninger til tilslutning til SDN", "Spørgeskema: tilslutning til Sundhedsdatanettet",
                     "SDN – jeres oplysninger"],
           "q_org": ["Hvad er organisationens fulde navn?", "Organisationens officielle navn"],
           "q_cvr": ["Hvilket CVR-nummer har organisationen?", "Organisationens CVR-nummer"],
           "q_reg": ["Registreringsnummer i hjemlandet (kun udenlandske virksomheder)"],
           "q_type": ["Hvilken slags organisation er I?", "Organisationens art"],
           "q_kmd": ["Bliver I koblet på SDN gennem KMD?", "Sker tilslutningen gennem KMD?"],
           "q_vendor": ["Sker tilslutningen gennem jeres systemleverandør? I så fald hvilken?",
                        "Leverandør af jeres lægesystem, hvis den står for tilslutningen"],
           "q_contact": ["Hvem er kontaktperson for aftalen?", "Primær kontaktperson hos jer"],
           "q_tech": ["Hvem er teknisk kontaktperson?", "Tekniske kontaktpersoner"],
           "q_nets": ["Hvilke IP-net skal på SDN? (CIDR)", "IP-adresseområder, der skal kunne nås"],
           "q_site": ["Hvor skal SD-WAN-udstyret installeres?", "Installationsadresse for udstyret"],
           "name": ["Navn", "Fulde navn"], "email": ["E-post", "Mail"], "phone": ["Tlf.", "Telefonnummer"],
           "yes": ["Ja"], "no": ["Nej"], "none": ["Ikke relevant", "–", "Nej, vi tilslutter selv"],
           "cont": ["Kontaktpersoner (fortsat fra side 1)", "Fortsættelse: kontaktpersoner"]},
    "en": {"title": ["Details for connecting to SDN", "Questionnaire: joining the Health Data Network",
                     "SDN – your details"],
           "q_org": ["What is the full legal name of your organisation?", "Official name of the organisation"],
           "q_cvr": ["What is the organisation's CVR number?", "Danish company registration (CVR)"],
           "q_reg": ["Registration number in the home country (foreign companies only)"],
           "q_type": ["What kind of organisation are you?", "Type of organisation"],
           "q_kmd": ["Will you be connected to SDN through KMD?", "Is the connection made through KMD?"],
           "q_vendor": ["Is the connection made by your system vendor? If so, which one?",
                        "Vendor of your clinical system, if it makes the connection"],
           "q_contact": ["Who is the contact person for the agreement?", "Primary contact at your end"],
           "q_tech": ["Who is the technical contact?", "Technical contact persons"],
           "q_nets": ["Which IP networks must be reachable on SDN? (CIDR)", "IP ranges to be connected"],
           "q_site": ["Where is the SD-WAN equipment to be installed?", "Installation address for the equipment"],
           "name": ["Name", "Full name"], "email": ["Email", "E-mail"], "phone": ["Phone", "Telephone"],
           "yes": ["Yes"], "no": ["No"], "none": ["Not applicable", "–", "No, we connect ourselves"],
           "cont": ["Contact persons (continued from page 1)", "Continued: contact persons"]},
}


class W:
    """One draw of this hand's words for one document."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.lang = lang
        self.w = {k: rng.choice(v) for k, v in WORDS[lang].items()}

    def __getitem__(self, k: str) -> str:
        return self.w[k]


def f5_date(rng: random.Random, d: date, lang: str) -> str:
    """A date as this hand writes it."""
    m = MONTHS[lang][d.month - 1]
    if lang == "da":
        return rng.choice([f"{d.day}.{d.month}.{d.year}", f"den {d.day}. {m} {d.year}", f"{d.day}/{d.month} {d.year}",
                           f"{d.day}. {m} {d.year}"])
    th = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    return rng.choice([f"{m[:3]}. {d.day}, {d.year}", f"{d.day}{th} {m} {d.year}", f"{d.day} {m} {d.year}"])


def f5_phone(rng: random.Random, p: Person) -> str:
    if not p.phone:
        return ""  # a field left empty (cases.py's empty_field)
    d = p.phone.removeprefix("+45")
    return rng.choice([f"0045 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"+45 {d}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
                       f"{d[:4]} {d[4:]}"])


def f5_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"{cvr[:4]} {cvr[4:]}"])


def signature_png(rng: random.Random) -> bytes:
    """A signature drawn with a pen on a tablet: one long stroke of slanted waves and a closing underline."""
    img = Image.new("RGB", (500, 150), (255, 255, 255))
    d = ImageDraw.Draw(img)
    x, pts = 10.0, []
    for k in range(rng.randint(28, 40)):
        x += rng.uniform(6, 12)
        pts.append((x + (k % 2) * 6, 75 + (-1) ** k * rng.uniform(15, 45)))
    d.line(pts, fill=(10, 10, 60), width=3, joint="curve")
    d.line([(20, 125), (x, 118)], fill=(10, 10, 60), width=2)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def ensure() -> None:
    """Install this hand's tools where missing (needs root, as CI has)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    if missing or not Path("/usr/share/texmf/tex/latex/lm").exists():
        from tests.servers._util import apt_install
        apt_install(*missing, *FONT_PACKAGES)


def _run(cmd: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    r = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, timeout=240)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-600:]!r} {r.stdout[-600:]!r}")
    return r.stdout


def latex_pdf(source: str, out: Path, files: dict[str, bytes] | None = None) -> None:
    """pdflatex, twice (footnotes and references settle), in a scratch folder."""
    ensure()
    w = tools.scratch()
    try:
        for n, b in (files or {}).items():
            (w / n).write_bytes(b)
        (w / "doc.tex").write_text(source, encoding="utf-8")
        for _ in range(2):
            _run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], w)
        shutil.move(str(w / "doc.pdf"), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def groff_pdf(source: str, out: Path, files: dict[str, bytes] | None = None) -> None:
    """groff -ms with tbl to PostScript, then Ghostscript's ps2pdf, as a Unix user prints a letter."""
    ensure()
    w = tools.scratch()
    try:
        for n, b in (files or {}).items():
            (w / n).write_bytes(b)
        ps = _run(["groff", "-Kutf8", "-t", "-ms", "-Tps", "-dpaper=a4", "-P-pa4"], w, source.encode("utf-8"))
        (w / "doc.ps").write_bytes(ps)
        _run(["ps2pdf", "-sPAPERSIZE=a4", "doc.ps", "doc.pdf"], w)
        shutil.move(str(w / "doc.pdf"), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def weasy_pdf(page: str, out: Path, files: dict[str, bytes] | None = None) -> None:
    """WeasyPrint's command line: HTML and CSS paged media straight to PDF (no browser)."""
    ensure()
    w = tools.scratch()
    try:
        for n, b in (files or {}).items():
            (w / n).write_bytes(b)
        (w / "doc.html").write_text(page, encoding="utf-8")
        _run(["weasyprint", "doc.html", "doc.pdf"], w)
        shutil.move(str(w / "doc.pdf"), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


# ---------------------------------------------------------------- the form's answers, decided once

class Answers:
    """What one form says, in this hand's writing."""

    def __init__(self, rng: random.Random, p: Party, w: W) -> None:
        self.p, self.w, self.lang = p, w, w.lang
        self.cvr = f5_cvr(rng, p.cvr) if p.cvr else "–"  # a party registered abroad only has none
        self.contact = self._person(rng, p.org_contact)
        self.techs = [self._person(rng, t) for t in p.technical if t.name or t.email or t.phone]
        inst = p.installation
        self.site = f"{inst.street}, {inst.postcode} {inst.city}"
        self.kind = TYPES[w.lang][p.party_type]
        self.kmd = w["yes"] if p.connected_via == "KMD" else w["no"]
        self.vendor = p.connected_via if p.connected_via not in (None, "KMD") else w["none"]
        self.nets = [n for n in p.ip_scopes if n]

    @staticmethod
    def _person(rng: random.Random, x: Person) -> tuple[str, str, str]:
        return x.name, x.email, f5_phone(rng, x)


def _tex(s: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                 ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}")):
        s = s.replace(a, b)
    return s


_TEX_HEAD = r"""\documentclass[11pt,a4paper]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{color}
\usepackage{graphicx}
\usepackage[margin=2.3cm]{geometry}
\definecolor{ans}{rgb}{0.05,0.15,0.55}
\pagestyle{plain}
"""


def _tex_questions(rng: random.Random, a: Answers, out: Path) -> None:
    """Numbered questions; each answer under its question in a blue sans-serif face; a footnote on the CVR."""
    w, p = a.w, a.p
    note = {"da": "Otte cifre; findes på virk.dk. Udenlandske virksomheder angiver dansk filials CVR, hvis den "
                  "findes.", "en": "Eight digits; see virk.dk. Foreign companies give their Danish branch's "
                  "CVR if there is one."}[a.lang]

    def ans(*lines: str) -> str:
        return r"\par\smallskip{\sffamily\color{ans}" + r"\\ ".join(_tex(x) for x in lines) + r"}\medskip"
    items = [_tex(w["q_org"]) + ans(p.organisation),
             _tex(w["q_cvr"]) + r"\footnote{" + _tex(note) + "}" + ans(a.cvr)]
    if p.foreign_reg:
        items.append(_tex(w["q_reg"]) + ans(p.foreign_reg))
    people = [f"{n}, {e}, {ph}" if rng.random() < 0.5 else f"{n} -- {e} -- {ph}" for n, e, ph in a.techs]
    items += [_tex(w["q_type"]) + ans(a.kind[0].upper() + a.kind[1:]),
              _tex(w["q_kmd"]) + ans(a.kmd), _tex(w["q_vendor"]) + ans(a.vendor),
              _tex(w["q_contact"]) + ans(*a.contact),
              _tex(w["q_tech"]) + ans(*people),
              _tex(w["q_nets"]) + ans(*a.nets), _tex(w["q_site"]) + ans(a.site)]
    intro = {"da": "Besvar venligst alle spørgsmål og returnér skemaet til MedCom. Oplysningerne bruges af "
                   "SDN-leverandøren ved den praktiske tilslutning og efterfølgende drift af forbindelsen.",
             "en": "Please answer every question and return the form to MedCom. The details are used by the SDN "
                   "provider for the practical connection and the subsequent operation of the line."}[a.lang]
    src = (_TEX_HEAD + r"\begin{document}" + "\n" + r"\section*{" + _tex(w["title"]) + "}\n" + _tex(intro)
           + "\n" + r"\begin{enumerate}" + "\n" + "\n".join(r"\item " + i for i in items)
           + "\n" + r"\end{enumerate}" + "\n" + r"\end{document}" + "\n")
    latex_pdf(src, out)


_WCSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm; @bottom-center { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #777; } }
body { font-family: 'DejaVu Serif', serif; font-size: 10pt; }
h1 { font-size: 15pt; font-weight: normal; border-bottom: 2px solid #2a5; padding-bottom: 2mm; }
h2 { font-size: 11pt; color: #2a5; margin: 6mm 0 2mm; }
table.f { width: 100%; border-collapse: collapse; }
table.f td { padding: 1.6mm 2mm; border-bottom: 0.4pt solid #bbb; vertical-align: top; }
td.v { color: #1030a0; font-family: 'DejaVu Sans Mono', monospace; width: 58%; }
td.l { text-align: right; color: #555; font-size: 8.5pt; font-style: italic; }
.fn { float: footnote; font-size: 7.5pt; }
::footnote-call { font-size: 7pt; vertical-align: super; }
"""


def _weasy_right(rng: random.Random, a: Answers, out: Path) -> None:
    """A table per section with the answer on the left and its label on the right (small, italic, right
    aligned), answers in a blue monospace face; CSS footnotes explain two labels."""
    w, p = a.w, a.p

    def rows(rs: list[tuple[str, str]]) -> str:
        return "<table class='f'>" + "".join(f"<tr><td class='v'>{H.escape(v)}</td><td class='l'>{lab}</td></tr>"
                                              for v, lab in rs) + "</table>"
    fn = {"da": ("Se virk.dk.", "Angiv netværk i CIDR-notation, fx 10.0.0.0/24."),
          "en": ("See virk.dk.", "Give networks in CIDR notation, e.g. 10.0.0.0/24.")}[a.lang]
    org = [(p.organisation, H.escape(w["q_org"])),
           (a.cvr, H.escape(w["q_cvr"]) + f"<span class='fn'>{H.escape(fn[0])}</span>")]
    if p.foreign_reg:
        org.append((p.foreign_reg, H.escape(w["q_reg"])))
    org += [(a.kind, H.escape(w["q_type"])), (a.kmd, H.escape(w["q_kmd"])), (a.vendor, H.escape(w["q_vendor"]))]
    heads = {"da": ("Organisation", "Kontakt", "Teknik og installation"),
             "en": ("Organisation", "Contact", "Technical details and installation")}[a.lang]
    n, e, ph = a.contact
    contact = [(n, H.escape(w["q_contact"])), (e, H.escape(w["email"])), (ph, H.escape(w["phone"]))]
    tech: list[tuple[str, str]] = []
    for i, (tn, te, tp) in enumerate(a.techs):
        num = f" {i + 1}" if len(a.techs) > 1 else ""
        tech += [(tn, H.escape(w["q_tech"]) + num), (te, H.escape(w["email"])), (tp, H.escape(w["phone"]))]
    nets = [(", ".join(a.nets), H.escape(w["q_nets"]) + f"<span class='fn'>{H.escape(fn[1])}</span>")]
    body = (f"<h1>{H.escape(w['title'])}</h1><h2>{heads[0]}</h2>{rows(org)}<h2>{heads[1]}</h2>{rows(contact)}"
            f"<h2>{heads[2]}</h2>{rows(tech + nets + [(a.site, H.escape(w['q_site']))])}")
    weasy_pdf(f"<!doctype html><html lang='{a.lang}'><meta charset='utf-8'><style>{_WCSS}</style>"
              f"<body>{body}</body></html>", out)


def _weasy_twopage(rng: random.Random, a: Answers, out: Path) -> None:
    """Two pages: the organisation, its networks and the site on page 1 with the agreement's contact; the
    technical contacts on page 2 under a heading saying they continue, each as a small card."""
    w, p = a.w, a.p
    lab = {"da": ("Organisation", "CVR", "Type", "KMD", "Systemleverandør", "Net", "Installationssted",
                  "Kontaktperson for aftalen", "Tekniske kontakter: se side 2"),
           "en": ("Organisation", "CVR", "Type", "KMD", "System vendor", "Networks", "Installation site",
                  "Contact for the agreement", "Technical contacts: see page 2")}[a.lang]
    pairs = [(lab[0], p.organisation), (lab[1], a.cvr)]
    if p.foreign_reg:
        pairs.append((H.escape(w["q_reg"]), p.foreign_reg))
    pairs += [(lab[2], a.kind), (lab[3], a.kmd), (lab[4], a.vendor), (lab[5], "<br>".join(a.nets)),
              (lab[6], a.site)]

    def dl(ps: list[tuple[str, str]]) -> str:
        return "".join(f"<div class='p'><span class='k'>{k}:</span> <span class='x'>"
                       f"{v if '<br>' in v else H.escape(v)}</span></div>" for k, v in ps)
    n, e, ph = a.contact
    card = ("<div class='card'><div class='x'>{}</div><div>{}: <span class='x'>{}</span></div>"
            "<div>{}: <span class='x'>{}</span></div></div>")
    cards = "".join(card.format(H.escape(tn), w["email"], H.escape(te), w["phone"], H.escape(tp))
                    for tn, te, tp in a.techs)
    css = _WCSS + """
.p { margin: 2.2mm 0; } .k { font-weight: bold; } .x { color: #8a1c1c; font-family: 'DejaVu Sans', sans-serif; }
.card { border: 0.6pt solid #999; border-radius: 2mm; padding: 3mm; margin: 3mm 0; width: 70mm; }
.p2 { break-before: page; }
"""
    body = (f"<h1>{H.escape(w['title'])}</h1>{dl(pairs)}<h2>{lab[7]}</h2>"
            + card.format(H.escape(n), w["email"], H.escape(e), w["phone"], H.escape(ph))
            + f"<p><i>{lab[8]}</i></p><div class='p2'><h2>{H.escape(w['cont'])}</h2>"
            + f"<p>{H.escape(w['q_tech'])}</p>{cards}</div>")
    weasy_pdf(f"<!doctype html><html lang='{a.lang}'><meta charset='utf-8'><style>{css}</style>"
              f"<body>{body}</body></html>", out)


def _roff(s: str) -> str:
    s = s.replace("\\", "\\e")  # a hyphen stays "-" as typed (groff's "\\-" is a minus sign)
    return ("\\&" + s) if s[:1] in (".", "'") else s


def _groff_letter(rng: random.Random, a: Answers, out: Path) -> None:
    """A letter to MedCom giving every answer in prose paragraphs, signed by the contact person."""
    p, lang = a.p, a.lang
    n, e, ph = a.contact
    tech = a.techs
    if lang == "da":
        kmd = ("Vi tilsluttes gennem KMD." if p.connected_via == "KMD" else
               f"Tilslutningen sker gennem vores systemleverandør, {p.connected_via}." if p.connected_via else
               "Vi tilslutter os selv, altså hverken gennem KMD eller en systemleverandør.")
        techs = "; ".join(f"{x[0]} ({x[1]}, tlf. {x[2]})" for x in tech)
        paras = ["Til MedCom, SDN", f"Tilslutning af {p.organisation}",
                 "Kære MedCom",
                 f"Hermed vores oplysninger til tilslutningen til Sundhedsdatanettet. Vi er et/en {a.kind} og "
                 f"hedder {p.organisation}" + (f", CVR-nr. {a.cvr}." if p.cvr else ".")
                 + (f" I hjemlandet er vi registreret som {p.foreign_reg}." if p.foreign_reg else ""),
                 kmd,
                 f"Udstyret skal installeres på adressen {a.site}."
                 + (f" Følgende net skal på SDN: {', '.join(a.nets)}." if a.nets else ""),
                 (f"Teknisk kontaktperson er {techs}." if len(tech) == 1 else
                  f"Tekniske kontaktpersoner er {techs}." if tech else "Teknisk kontaktperson følger."),
                 f"Kontaktperson for aftalen er undertegnede, {n}, som kan træffes på {e} eller {ph}.",
                 "Med venlig hilsen", n]
    else:
        kmd = ("We are connected through KMD." if p.connected_via == "KMD" else
               f"The connection is made by our system vendor, {p.connected_via}." if p.connected_via else
               "We connect ourselves, neither through KMD nor through a system vendor.")
        techs = "; ".join(f"{x[0]} ({x[1]}, phone {x[2]})" for x in tech)
        paras = ["To MedCom, SDN", f"Connection of {p.organisation}",
                 "Dear MedCom",
                 f"Please find our details for the connection to the Health Data Network. We are a {a.kind} "
                 f"named {p.organisation}" + (f", CVR no. {a.cvr}." if p.cvr else ".")
                 + (f" In our home country we are registered as {p.foreign_reg}." if p.foreign_reg else ""),
                 kmd,
                 f"The equipment is to be installed at {a.site}."
                 + (f" These networks are to be on SDN: {', '.join(a.nets)}." if a.nets else ""),
                 (f"Our technical contact is {techs}." if len(tech) == 1 else f"Our technical contacts are {techs}."
                  if tech else "Our technical contact will follow."),
                 f"The contact for the agreement is the undersigned, {n}, who can be reached at {e} or {ph}.",
                 "Kind regards", n]
    src = [".nr PS 11", ".nr VS 14", ".nr HY 0", ".LP", _roff(paras[0]), ".sp 2", ".LP", "\\fB" + _roff(paras[1])
           + "\\fP", ".sp", ".LP", _roff(paras[2])]
    for para in paras[3:-2]:
        src += [".PP", _roff(para)]
    src += [".sp", ".LP", _roff(paras[-2]), ".sp 2", ".br", _roff(paras[-1])]
    groff_pdf("\n".join(src) + "\n", out)


def _groff_tbl(rng: random.Random, a: Answers, out: Path) -> None:
    """A boxed tbl form: bold labels on the left, the answers in Courier on the right; contacts as a table
    of their own with a header row."""
    w, p = a.w, a.p
    rows = [(w["q_org"], p.organisation), (w["q_cvr"], a.cvr)]
    if p.foreign_reg:
        rows.append((w["q_reg"], p.foreign_reg))
    n, e, ph = a.contact
    rows += [(w["q_type"], a.kind), (w["q_kmd"], a.kmd), (w["q_vendor"], a.vendor),
             (w["q_contact"], f"{n}, {e}, {ph}"), (w["q_nets"], " ".join(a.nets)), (w["q_site"], a.site)]
    src = [".nr PS 10", ".nr VS 13", ".nr HY 0", ".TL", _roff(w["title"]), ".LP", ".ad l", ".TS", "allbox tab(^);",
           "lb lw(7.5c)fCR."]
    src += [f"T{{\n{_roff(k)}\nT}}^T{{\n{_roff(v)}\nT}}" for k, v in rows]
    src += [".TE", ".sp", ".LP", "\\fB" + _roff(w["q_tech"]) + "\\fP", ".TS", "box tab(^);", "lb lb lb", "l l l."]
    src += [f"{_roff(w['name'])}^{_roff(w['email'])}^{_roff(w['phone'])}", "_"]
    src += [f"{_roff(x[0])}^{_roff(x[1])}^{_roff(x[2])}" for x in a.techs]
    src += [".TE"]
    groff_pdf("\n".join(src) + "\n", out)


FORM_DRAW: dict[str, Callable[[random.Random, Answers, Path], None]] = {
    "f5-tex-questions": _tex_questions, "f5-weasy-right": _weasy_right, "f5-groff-letter": _groff_letter,
    "f5-weasy-twopage": _weasy_twopage, "f5-groff-tbl": _groff_tbl}


def form(rng: random.Random, p: Party, layout: str, name: str) -> RLDocument:
    w = W(rng, p.language)
    a = Answers(rng, p, w)
    seed = rng.random()
    return RLDocument(name, [], form_truth(p, name), f"form-{layout}", p.language,
                      draw=lambda out: FORM_DRAW[layout](random.Random(seed), a, out))


# ---------------------------------------------------------------- agreements

AGR_TITLE = {
    ("connection_agreement", "da"): "Aftale om tilslutning til Sundhedsdatanettet (SDN)",
    ("connection_agreement", "en"): "Agreement on connection to the Health Data Network (SDN)",
    ("data_processor_agreement", "da"): "Databehandleraftale vedrørende Sundhedsdatanettet",
    ("data_processor_agreement", "en"): "Data Processor Agreement concerning the Health Data Network",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale vedrørende Sundhedsdatanettet",
    ("sub_data_processor_agreement", "en"): "Sub-data Processor Agreement concerning the Health Data Network",
}
AGR_ROLE = {
    ("connection_agreement", "da"): ("den tilsluttede part", "MedCom"),
    ("connection_agreement", "en"): ("the Connected Party", "MedCom"),
    ("data_processor_agreement", "da"): ("den dataansvarlige", "databehandleren"),
    ("data_processor_agreement", "en"): ("the Controller", "the Processor"),
    ("sub_data_processor_agreement", "da"): ("databehandleren", "underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): ("the Processor", "the Sub-processor"),
}
AGR_TERMS = {
    "da": ["Aftalen regulerer partens adgang til og brug af Sundhedsdatanettet, som MedCom stiller til rådighed "
           "for sundhedsvæsenets parter.",
           "Parten sikrer, at oplysninger om netværk og kontaktpersoner til enhver tid er korrekte, og at kun "
           "autoriseret personale har adgang til de tilsluttede systemer.",
           "Behandling af personoplysninger sker alene efter dokumenteret instruks og i overensstemmelse med "
           "gældende databeskyttelsesregler.",
           "Aftalen er gældende fra underskriften og kan af hver af parterne opsiges skriftligt med tre "
           "måneders varsel til udgangen af en måned."],
    "en": ["This agreement governs the party's access to and use of the Health Data Network, which MedCom "
           "provides for the parties of the Danish health-care sector.",
           "The party ensures that its network details and contact persons are correct at all times, and that "
           "only authorised staff have access to the connected systems.",
           "Personal data are processed only on documented instructions and in accordance with applicable data "
           "protection law.",
           "The agreement applies from signature and may be terminated in writing by either party with three "
           "months' notice to the end of a month."],
}


class Agr:
    """Everything one agreement shows, decided before drawing."""

    def __init__(self, rng: random.Random, p: Party, kind: str, signing: str, service: str) -> None:
        self.p, self.kind, self.signing, self.service = p, kind, signing, service
        self.lang = p.language
        self.at = datetime.combine(p.signature_date, time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)))
        self.date_text = f5_date(rng, p.signature_date, self.lang) if signing in ("typed", "drawn", "unsigned") else ""
        self.names = signing != "blank"
        self.cvr = f5_cvr(rng, p.cvr) if p.cvr else ""
        self.ref = "".join(rng.choice("0123456789ABCDEF") for _ in range(8)) + "-" + \
            "".join(rng.choice("0123456789ABCDEF") for _ in range(4))
        self.sent = p.signature_date - timedelta(days=rng.randint(1, 6))

    def title(self) -> str:
        return AGR_TITLE[(self.kind, self.lang)]

    def parties_sentence(self) -> str:
        """The party block as one sentence."""
        p, (mine, theirs) = self.p, AGR_ROLE[(self.kind, self.lang)]
        where = f"{p.office.street}, {p.office.postcode} {p.office.city}"
        if not self.cvr:  # registered abroad only: its own registration instead
            where = f"{p.foreign_reg}, {where}" if p.foreign_reg else where
        if self.lang == "da":
            reg = f"CVR-nr. {self.cvr}, " if self.cvr else ""
            return (f"Aftalen er indgået mellem {p.organisation}, {reg}{where} (herefter "
                    f"»{mine}«), og MedCom, CVR-nr. {MEDCOM['cvr']}, {MEDCOM['street']}, {MEDCOM['town']} "
                    f"(herefter »{theirs}«).")
        reg = f"CVR no. {self.cvr}, " if self.cvr else ""
        return (f"This agreement is made between {p.organisation}, {reg}{where} (hereinafter "
                f"“{mine}”), and MedCom, CVR no. {MEDCOM['cvr']}, {MEDCOM['street']}, {MEDCOM['town']} "
                f"(hereinafter “{theirs}”).")


def evidence(a: Agr) -> tuple[str, list[str]]:
    """A signing service's page in this hand's words: its heading and its lines."""
    p, t, s, lang, ref = a.p, a.at, a.sent, a.lang, a.ref
    who, mail, doc = p.signatory.name, p.signatory.email, a.title()
    pending = a.signing == "pending"
    da = lang == "da"
    if a.service == "penneo":
        head = "Penneo – underskriftsbevis" if da else "Penneo – signature certificate"
        lines = [f"{'Dokumentnøgle' if da else 'Document key'}: {ref}", f"{'Titel' if da else 'Title'}: {doc}",
                 (f"Afventer: {who}" if da else f"Awaiting: {who}") if pending else
                 (f"{who} har underskrevet med MitID Erhverv {t:%d.%m.%Y} kl. {t:%H:%M}" if da else
                  f"{who} signed with MitID Business on {t:%d.%m.%Y} at {t:%H:%M}"),
                 f"{'Rolle' if da else 'Role'}: {p.signatory_title}, {p.organisation}"]
    elif a.service == "addo":
        head = "Visma Addo Sign – underskriftsforløb" if da else "Visma Addo Sign – signing flow"
        lines = [f"{'Forsendelse' if da else 'Shipment'} {ref}, {'oprettet' if da else 'created'} {s:%d-%m-%Y}",
                 f"{who} <{mail}>",
                 ("Status: Sendt – ikke åbnet" if da else "Status: Sent – not opened") if pending else
                 (f"Status: Underskrevet {t:%d-%m-%Y %H:%M} (MitID)" if da else
                  f"Status: Signed {t:%d-%m-%Y %H:%M} (MitID)")]
    elif a.service == "docusign":
        head = "Certificate Of Completion"
        lines = [f"Envelope Id: {ref}", f"Subject: {doc}", "Status: Sent" if pending else "Status: Completed",
                 "Signer Events", f"{who} {mail}", f"{p.signatory_title}",
                 f"Sent: {s.month}/{s.day}/{s.year}"]
        if not pending:
            lines.append(f"Signed: {t.month}/{t.day}/{t.year} {t:%I:%M:%S} {t:%p}")
    elif a.service == "acrobat":
        head = "Final audit report" if not pending else "Audit report"
        lines = [f"{doc}", f"Transaction ID {ref}", f"Status: {'Out for signature' if pending else 'Signed'}",
                 f"Document created by MedCom {s:%Y-%m-%d}", f"Document emailed to {mail} for signature"]
        if not pending:
            lines += [f"Document e-signed by {who} ({mail})", f"Signature Date: {t:%Y-%m-%d - %I:%M:%S %p} GMT",
                      "Agreement completed."]
    elif a.service == "scrive":
        head = "Verifikat" if da else "Verification"
        lines = [f"{'Transaktion' if da else 'Transaction'} {ref}", f"{'Dokument' if da else 'Document'}: {doc}",
                 f"{who}, {p.signatory_title}, {p.organisation}",
                 ("Inviteret, har ikke underskrevet" if da else "Invited, has not signed") if pending else
                 (f"Underskrevet {t:%Y-%m-%d %H:%M:%S} CET, identificeret med MitID" if da else
                  f"Signed {t:%Y-%m-%d %H:%M:%S} CET, identified with MitID")]
    elif a.service == "verified":
        head = "Verified – signeringsrapport" if da else "Verified – signing report"
        lines = [f"{doc}", f"ID {ref}"]
        lines.append((f"Venter på underskrift fra {who}" if da else f"Waiting for {who} to sign") if pending else
                     (f"{who} signerede {t:%d.%m.%Y %H:%M} med dansk MitID via Criipto" if da else
                      f"{who} signed {t:%d.%m.%Y %H:%M} with Danish MitID via Criipto"))
    else:  # MitID Erhverv through NemLog-in's signing service
        head = "NemLog-in – signeringsbevis (MitID Erhverv)" if da else "NemLog-in – signing proof (MitID Business)"
        lines = [f"{'Dokument' if da else 'Document'}: {doc}",
                 f"{'Underskriver' if da else 'Signer'}: {who}, {p.organisation}"
                 + (f" (CVR {p.cvr})" if p.cvr else ""),
                 ("Underskrift mangler" if da else "Signature outstanding") if pending else
                 (f"{'Tidspunkt' if da else 'Time'}: {t:%d-%m-%Y %H:%M:%S}"),
                 f"{'Bevis-ID' if da else 'Proof ID'}: {ref}"]
    return head, lines


def _sig_words(lang: str) -> tuple[str, str, str, str, str]:
    return {"da": ("For", "Dato", "Underskrift", "Navn", "Stilling"),
            "en": ("For", "Date", "Signature", "Name", "Title")}[lang]


def _agr_tex(rng: random.Random, a: Agr, out: Path) -> None:
    """LaTeX: the parties in one sentence, numbered clauses with a footnote, and a place for each side: "Sted og
    dato" then the signature (a drawn picture, a name in italics, or a dotted line), name and title under it."""
    p, lang = a.p, a.lang
    f, d_, sig, name, title = _sig_words(lang)
    fn = {"da": "Databeskyttelsesforordningen (EU) 2016/679.", "en": "Regulation (EU) 2016/679 (GDPR)."}[lang]
    clauses = "\n".join(r"\item " + _tex(t) + (r"\footnote{" + _tex(fn) + "}" if i == 2 else "")
                        for i, t in enumerate(AGR_TERMS[lang]))
    place = f"{p.office.city}, {a.date_text}" if a.date_text else r"\dotfill"
    if a.signing == "drawn":
        mark = r"\includegraphics[width=5cm]{sig.png}"
    elif a.signing == "typed":
        mark = r"{\Large\itshape " + _tex(p.signatory.name) + "}"
    else:
        mark = r"\rule{0pt}{1.2cm}"
    nm = _tex(p.signatory.name) if a.names else ""
    tt = _tex(p.signatory_title) if a.names else ""
    mine = (r"\begin{minipage}[t]{0.45\textwidth}" + f"{f} {_tex(p.organisation)}" + r"\\[4mm]"
            + (f"{'Sted og dato' if lang == 'da' else 'Place and date'}: " + _tex(place) if a.date_text
               else f"{'Sted og dato' if lang == 'da' else 'Place and date'}: " + r"\dotfill") + r"\\[6mm]"
            + mark + r"\\[-2mm]\rule{\linewidth}{0.4pt}\\{\footnotesize " + sig + r"}\\[3mm]"
            + f"{name}: {nm}" + r"\\" + f"{title}: {tt}" + r"\end{minipage}")
    theirs = (r"\begin{minipage}[t]{0.45\textwidth}" + f"{f} MedCom" + r"\\[4mm]"
              + f"{'Sted og dato' if lang == 'da' else 'Place and date'}: " + r"\dotfill\\[6mm]\rule{0pt}{1.2cm}"
              + r"\\[-2mm]\rule{\linewidth}{0.4pt}\\{\footnotesize " + sig + r"}\\[3mm]" + f"{name}:" + r"\\"
              + f"{title}:" + r"\end{minipage}")
    src = (_TEX_HEAD + r"\begin{document}" + "\n" + r"\begin{center}{\Large\bfseries " + _tex(a.title())
           + r"}\end{center}" + "\n\n" + _tex(a.parties_sentence()) + "\n" + r"\begin{enumerate}" + "\n" + clauses
           + "\n" + r"\end{enumerate}" + "\n" + r"\vspace{1cm}\noindent" + mine + r"\hfill" + theirs + "\n"
           + r"\end{document}" + "\n")
    files = {"sig.png": signature_png(rng)} if a.signing == "drawn" else {}
    if a.signing in ("evidence", "pending"):
        head, lines = evidence(a)
        src = src.replace(r"\end{document}", r"\newpage\section*{" + _tex(head) + "}\n"
                          + r"\\".join(_tex(x) for x in lines) + "\n" + r"\end{document}")
    latex_pdf(src, out, files)


def _agr_weasy(rng: random.Random, a: Agr, out: Path) -> None:
    """WeasyPrint: the parties in a sentence in a shaded box, clauses as numbered paragraphs, the signature
    places as a two-column table with labels in the first column; a service's page after a page break."""
    p, lang = a.p, a.lang
    f, d_, sig, name, title = _sig_words(lang)
    if a.signing == "drawn":
        mark = "<img src='sig.png' style='height: 14mm'>"
    elif a.signing == "typed":
        mark = (f"<span style=\"font-family: 'URW Chancery L', 'Z003', cursive; font-size: 20pt\">"
                f"{H.escape(p.signatory.name)}</span>")
    else:
        mark = ""
    nm = H.escape(p.signatory.name) if a.names else ""
    tt = H.escape(p.signatory_title) if a.names else ""
    sigt = (f"<table class='s'><tr><th></th><th>{f} {H.escape(p.organisation)}</th><th>{f} MedCom</th></tr>"
            f"<tr><td>{d_}</td><td>{H.escape(a.date_text)}</td><td></td></tr>"
            f"<tr class='sig'><td>{sig}</td><td>{mark}</td><td></td></tr>"
            f"<tr><td>{name}</td><td>{nm}</td><td></td></tr><tr><td>{title}</td><td>{tt}</td><td></td></tr></table>")
    css = _WCSS + """
.box { background: #eef3ee; padding: 3mm; } ol li { margin: 2mm 0; }
table.s { width: 100%; border-collapse: collapse; margin-top: 12mm; break-inside: avoid; }
table.s th { text-align: left; } table.s td { border-bottom: 0.4pt solid #999; padding: 2mm; height: 6mm; }
table.s td:first-child { color: #666; width: 22mm; font-size: 8.5pt; } tr.sig td { height: 16mm; }
.ev { break-before: page; font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; } .ev p { margin: 1mm 0; }
"""
    body = (f"<h1>{H.escape(a.title())}</h1><p class='box'>{H.escape(a.parties_sentence())}</p><ol>"
            + "".join(f"<li>{H.escape(t)}</li>" for t in AGR_TERMS[lang]) + f"</ol>{sigt}")
    if a.signing in ("evidence", "pending"):
        head, lines = evidence(a)
        body += f"<div class='ev'><h2>{H.escape(head)}</h2>" + "".join(f"<p>{H.escape(x)}</p>" for x in lines) + \
            "</div>"
    files = {"sig.png": signature_png(rng)} if a.signing == "drawn" else {}
    weasy_pdf(f"<!doctype html><html lang='{lang}'><meta charset='utf-8'><style>{css}</style>"
              f"<body>{body}</body></html>", out, files)


def _agr_groff(rng: random.Random, a: Agr, out: Path) -> None:
    """groff -ms: numbered sections, the parties in a sentence, a signature block of indented lines (the typed
    name in italics over a rule of underscores, or only the rule); a service's page after .bp."""
    p, lang = a.p, a.lang
    f, d_, sig, name, title = _sig_words(lang)
    src = [".nr PS 11", ".nr VS 14", ".TL", _roff(a.title()), ".LP", _roff(a.parties_sentence())]
    for i, t in enumerate(AGR_TERMS[lang]):
        src += [".NH", "", ".PP" if i else ".LP", _roff(t)]
    src += [".sp 3", ".LP", "\\fB" + _roff(f"{f} {p.organisation}") + "\\fP", ".sp",
            _roff(f"{d_}: {a.date_text}" if a.date_text else f"{d_}: " + "_" * 24), ".sp 2", ".br"]
    files: dict[str, bytes] = {}
    if a.signing == "typed":
        src += ["\\fI\\s+4" + _roff(p.signatory.name) + "\\s0\\fP", ".br"]
    elif a.signing == "drawn":  # the drawn signature as an EPS picture (-ms .PSPIC), left on the line
        buf = io.BytesIO()
        Image.open(io.BytesIO(signature_png(rng))).convert("RGB").save(buf, "EPS")
        files["sig.eps"] = buf.getvalue()
        src += [".PSPIC -L sig.eps 2i 0.6i", ".br"]
    src += ["_" * 36, ".br", "\\s-2" + _roff(sig) + "\\s0", ".sp", ".br",
            _roff(f"{name}: {p.signatory.name if a.names else ''}"), ".br",
            _roff(f"{title}: {p.signatory_title if a.names else ''}")]
    if a.signing in ("evidence", "pending"):
        head, lines = evidence(a)
        src += [".bp", ".LP", "\\fB\\s+2" + _roff(head) + "\\s0\\fP", ".sp"]
        for x in lines:
            src += [".br", _roff(x)]
    groff_pdf("\n".join(src) + "\n", out, files)


AGR_DRAW: dict[str, Callable[[random.Random, Agr, Path], None]] = {
    "f5-agr-tex": _agr_tex, "f5-agr-weasy": _agr_weasy, "f5-agr-groff": _agr_groff}


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str,
              name: str) -> RLDocument:
    """One agreement of `kind` in `layout`, signed as `signing` says (typed, drawn, evidence; unsigned: printed
    names, no signature; blank: nothing filled in; pending: the service's round not finished)."""
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
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if signing in ("evidence", "pending"):
        _counter["service"] += 1
    return agreement(rng, p, kind, layout, signing, service, name_of(p))


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0)


__all__ = ["FORM_LAYOUTS", "AGREEMENT_LAYOUTS", "document", "reset", "form", "agreement", "evidence"]
