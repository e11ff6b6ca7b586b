"""A tenth hand: SDN agreements (connection, data processor, sub-data processor) and a party's own data processing
terms, as a party's lawyer retypes them and as PDF producers none of the nine other hands uses write them:

* **TCPDF** (PHP, Debian's `php-tcpdf`, what many Danish web services print their PDFs with): cells and
  multi-cells, its own DejaVu subsets;
* **pycairo** (Debian's `python3-cairo`, run by the system Python): Cairo's toy text API, text placed line by
  line, the signatory's name in a script face (URW Z003);
* **content streams written by hand** (pikepdf), the way Word and Acrobat write them: words placed glyph by
  glyph in `TJ` arrays with kerning and no space characters, words split over several `Tj`, a CID font
  (Identity-H) with a `ToUnicode` map and without one, text drawn as Type 3 glyphs, a form XObject per block;
* **pyHanko** digital signatures (PAdES) by a certificate naming the signatory, visible or not.

Written without reading the reader (issue 22): from MedCom's seed, the domain, and the truth the other hands
return (`agreements.agreement_truth`). Its own words: the party block as a letterhead, "Aftalepart" / "Kunden" /
"Den dataansvarlige" / "Tilslutter", clauses renumbered, the signatory and title on one line or two, "p.p.",
"for and on behalf of", dates as "7. december 2026", "07.12.26" or "2026-12-07T10:31:22Z"; evidence pages of ten
signing services in its own words (first or last); a scanned handwritten signature; and the negative cases:
unsigned, pending ("Afventer underskrift fra ...", "1 of 2 signed"), signed only by MedCom, an evidence page of
another agreement, blank templates, and the party's own data processing terms (not the SDN template).

`plan()` in generate.py asks `document()` for the tool `tenth` (every document an agreement: this hand writes
no forms); `render_all` calls `draw()`; `cases.py --hand tenth` asks `case_document()`, whose information forms
come from the eighth hand (`eighth_hand.case_document`).
"""
from __future__ import annotations

import base64
import io
import json
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import zip_longest
from pathlib import Path
from typing import Any

from bench.outside import tools
from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.people import Party, party
from bench.outside.render_reportlab import RLDocument

TCPDF = Path("/usr/share/php/tcpdf/tcpdf.php")
SYSTEM_PYTHON = "/usr/bin/python3"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LAYOUTS = ["s10-tcpdf", "s10-cairo", "s10-raw"]
# how the raw content streams write text: TJ kerning arrays, split Tj, CID with/without ToUnicode, Type 3
RAW_TEXT = ["kern", "split", "cid", "type3", "kern", "cid-nomap"]
SIGNINGS = ["evidence", "script", "unsigned", "pades", "scan", "pending", "evidence", "medcom_only", "script",
            "blank", "other_agreement", "evidence", "pades", "scan"]
SERVICES = ["penneo", "addo", "docusign", "acrobat", "scrive", "verified", "dokobit", "oneflow", "signicat",
            "mitid"]
# this hand's signings as agreement_truth names them
TRUTH_SIGNING = {"script": "typed", "scan": "drawn", "evidence": "evidence", "pades": "evidence",
                 "unsigned": "unsigned", "pending": "pending", "medcom_only": "pending",
                 "other_agreement": "pending", "blank": "blank"}
MEDCOM_SIGNERS = [("Karsten Møller Holm", "Direktør"), ("Birgit Dal Sørensen", "Sekretariatschef")]
MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}


# ---------------------------------------------------------------- the page model this hand lays out

@dataclass
class It:
    """One thing on a page: title, h (heading), p (paragraph), kv (label and value on one line), two (two
    columns), script (a name in a script face), img (a picture), rule, small, gap, break (a new page)."""

    kind: str
    text: str = ""
    right: str = ""
    png: bytes = b""


# ---------------------------------------------------------------- this hand's words

TITLES = {
    ("connection_agreement", "da"): ["TILSLUTNINGSAFTALE", "Aftale om tilslutning til SDN"],
    ("connection_agreement", "en"): ["CONNECTION AGREEMENT", "Agreement for connection to SDN"],
    ("data_processor_agreement", "da"): ["DATABEHANDLERAFTALE", "Databehandleraftale (SDN)"],
    ("data_processor_agreement", "en"): ["DATA PROCESSOR AGREEMENT", "Data Processor Agreement (SDN)"],
    ("sub_data_processor_agreement", "da"): ["UNDERDATABEHANDLERAFTALE", "Underdatabehandleraftale (SDN)"],
    ("sub_data_processor_agreement", "en"): ["SUB-DATA PROCESSOR AGREEMENT", "Sub-data Processor Agreement (SDN)"],
}
# what the party is called in its block, and MedCom
PARTY_WORD = {
    ("connection_agreement", "da"): (["Aftalepart", "Tilslutter", "Kunden"], "MedCom"),
    ("connection_agreement", "en"): (["Contracting party", "Connecting organisation", "The Customer"], "MedCom"),
    ("data_processor_agreement", "da"): (["Den dataansvarlige", "Aftalepart", "Kunden"], "Databehandleren"),
    ("data_processor_agreement", "en"): (["The Data Controller", "Contracting party", "The Customer"],
                                         "The Data Processor"),
    ("sub_data_processor_agreement", "da"): (["Databehandleren", "Aftalepart"], "Underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): (["The Data Processor", "Contracting party"], "The Sub-processor"),
}


def t_date(rng: random.Random, d: date, lang: str, at: datetime | None = None) -> str:
    """A date as this hand types it: '7. december 2026', '07.12.26', '2026-12-07T10:31:22Z', '7/12-2026'."""
    m = MONTHS[lang][d.month - 1]
    when = at or datetime.combine(d, time(10, 31, 22))
    return rng.choice([f"{d.day}. {m} {d.year}" if lang == "da" else f"{d.day} {m} {d.year}",
                       f"{d:%d.%m.%y}", f"{when:%Y-%m-%dT%H:%M:%S}Z",
                       f"{d.day}/{d.month}-{d.year}" if lang == "da" else f"{m} {d.day}, {d.year}"])


def t_cvr(rng: random.Random, cvr: str, lang: str) -> str:
    spaced = " ".join(cvr[i:i + 2] for i in range(0, 8, 2))
    return rng.choice([f"CVR-nr. {cvr}" if lang == "da" else f"CVR no. {cvr}", f"CVR: {spaced}", f"CVR {cvr}"])


def _renumber(rng: random.Random, clauses: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """The template's clauses as a lawyer retypes them: numbered 'Punkt 1' / 'Article 1' / '1)' / '1.1'."""
    style = rng.randrange(4)
    out = []
    for i, (head, text) in enumerate(clauses, 1):
        words = head.split(" ", 2)
        bare = words[-1] if head.startswith("§") else (head.split(" ", 1)[1] if head[0].isdigit() else head)
        if head.lower().startswith(("bilag", "annex")):
            out.append((head, text))
            continue
        n = {0: f"Punkt {i}." if lang == "da" else f"Article {i}.", 1: f"{i})", 2: f"{i}.0", 3: f"{i}."}[style]
        out.append((f"{n} {bare}", text))
    return out


def _template_clauses(kind: str, lang: str) -> list[tuple[str, str]]:
    """MedCom's SDN template's clauses (what the party signs), retyped by this hand."""
    from mailbot.core.agreement_texts import AGREEMENTS

    t = AGREEMENTS[(kind, lang)]
    return t.clauses + (t.annex or [])


# ---------------------------------------------------------------- signing services' pages, this hand's words

SERVICE_NAME = {"penneo": "Penneo", "addo": "Visma Addo", "docusign": "DocuSign", "acrobat": "Adobe Acrobat Sign",
                "scrive": "Scrive", "verified": "Criipto Verify", "dokobit": "Dokobit", "oneflow": "Oneflow",
                "signicat": "Signicat", "mitid": "MitID Erhverv"}


@dataclass
class Signed:
    name: str
    role: str
    org: str
    at: datetime | None  # None: not signed (yet)
    ip: str = ""


def _cet(at: datetime) -> datetime:
    return at + timedelta(hours=1)


def evidence_items(rng: random.Random, service: str, lang: str, doc_title: str, signers: list[Signed]) -> list[It]:
    """The service's page: its name, a reference, what was signed, a row (or a block) per signer with role,
    time (UTC or CET), method, serial number and IP address; pending rows say whom it waits for."""
    svc, da = SERVICE_NAME[service], lang == "da"
    ref = "-".join("".join(rng.choice("0123456789ABCDEF") for _ in range(4)) for _ in range(4))
    done = all(s.at for s in signers)
    n_done = sum(1 for s in signers if s.at)
    utc = rng.random() < 0.5
    head = {True: [f"{svc} – Bevis for underskrift", f"{svc} · Underskriftsrapport", f"Signeringsbevis ({svc})"],
            False: [f"{svc} – Signature evidence", f"{svc} · Completion record", f"Audit trail ({svc})"]}[da]
    out = [It("title", rng.choice(head)),
           It("kv", "Reference" if not da else "Sagsnummer", ref),
           It("kv", "Dokument" if da else "Document", doc_title)]
    if done:
        out.append(It("p", rng.choice([
            f"Alle {len(signers)} underskrivere har underskrevet dokumentet elektronisk." if da else
            f"All {len(signers)} signers have signed the document electronically.",
            "Dokumentet er færdigunderskrevet og forseglet." if da else
            "The document is fully signed and sealed.",
            f"Status: Afsluttet ({n_done} af {len(signers)} underskrevet)" if da else
            f"Status: Completed ({n_done} of {len(signers)} signed)"])))
    else:
        waiting = next(s for s in signers if not s.at)
        out.append(It("p", rng.choice([
            f"Afventer underskrift fra {waiting.name}." if da else f"Awaiting signature from {waiting.name}.",
            f"Status: {n_done} af {len(signers)} har underskrevet" if da else
            f"Status: {n_done} of {len(signers)} signed"])))
    table = rng.random() < 0.5
    if table:
        out.append(It("two", "Underskriver / rolle" if da else "Signer / role",
                      "Tidspunkt og metode" if da else "Time and method"))
    for s in signers:
        method = rng.choice(["MitID", "MitID Erhverv"]) if service != "docusign" or rng.random() < 0.5 else "MitID"
        if s.at:
            at = s.at if utc else _cet(s.at)
            zone = "UTC" if utc else "CET"
            stamp = f"{at:%Y-%m-%d %H:%M:%S} {zone}" if rng.random() < 0.6 else f"{at:%d.%m.%Y kl. %H:%M} {zone}"
            how = (f"Signeret med {method}" if da else f"Signed with {method}")
            serial = f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-2-{rng.randint(10**11, 10**12 - 1)}"
        else:
            stamp = rng.choice(["Afventer", "Ikke underskrevet"]) if da else rng.choice(["Pending", "Not signed"])
            how, serial = "", ""
        if table:
            out += [It("two", s.name, f"{stamp} · {how}".strip(" ·")), It("small", f"{s.role}, {s.org}")]
        else:
            out += [It("h", s.name),
                    It("kv", "Rolle" if da else "Role", f"{s.role}, {s.org}"),
                    It("kv", "Tidspunkt" if da else "Time", stamp)]
            if how:
                out.append(It("kv", "Metode" if da else "Method", how))
        if serial:
            out.append(It("small", f"PID/serienummer {serial} · IP {s.ip}" if da else
                          f"PID serial number {serial} · IP address {s.ip}"))
    out.append(It("small", {True: f"Dette bevis er udstedt af {svc} og hører til dokumentet.",
                            False: f"This evidence was issued by {svc} and belongs to the document."}[da]))
    return out


def _ip(rng: random.Random) -> str:
    return rng.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(rng.randint(2, 250))


# ---------------------------------------------------------------- one agreement's pages

@dataclass
class Agr:
    """One agreement's facts, decided once, and this hand's way of writing them."""

    p: Party
    kind: str
    signing: str
    service: str
    layout: str
    text: str  # the raw layout's way of writing text
    xobject: bool
    seed: float
    own_template: bool = False
    items: list[It] = field(default_factory=list)
    sign_box: tuple[float, float] = (0.0, 0.0)  # where a visible digital signature goes (page fraction x, y)


def _png_signature(rng: random.Random) -> bytes:
    """A scanned handwritten signature: pen loops on slightly grey paper, a little noise."""
    from PIL import Image, ImageDraw, ImageFilter

    img = Image.new("L", (420, 120), 246)
    d = ImageDraw.Draw(img)
    x, y = 14.0, 78.0
    pts = [(x, y)]
    for _ in range(rng.randint(10, 16)):
        x += rng.uniform(12, 28)
        y = rng.uniform(20, 100)
        pts.append((x, y))
    d.line(pts, fill=25, width=3, joint="curve")
    d.line([(pts[2][0], 104), (x + 10, 96)], fill=40, width=2)
    for _ in range(300):
        d.point((rng.randrange(420), rng.randrange(120)), fill=rng.randint(200, 240))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _party_block(rng: random.Random, a: Agr) -> list[It]:
    p, lang = a.p, a.p.language
    da = lang == "da"
    called, medcom_called = PARTY_WORD[(a.kind, lang)]
    who = rng.choice(called)
    o = p.office
    number = t_cvr(rng, p.cvr, lang) if p.cvr else (p.foreign_reg or "")
    style = rng.choice(["letterhead", "roles", "preamble"])
    medcom = [f"MedCom, {t_cvr(rng, MEDCOM['cvr'], lang)}", f"{MEDCOM['street']}, {MEDCOM['town']}"]
    if style == "letterhead":  # the party's letter paper: its name and address over the title
        return [It("two", p.organisation, f"{o.street}, {o.postcode} {o.city}"),
                It("small", number + (f" · {p.foreign_reg}" if p.foreign_reg and p.cvr else "")),
                It("gap"), It("h", ("Parter" if da else "Parties")),
                It("kv", who, f"{p.organisation} (som ovenfor)" if da else f"{p.organisation} (as above)"),
                It("kv", medcom_called, ", ".join(medcom))]
    if style == "roles":
        mine = [It("h", f"{who}:"), It("p", p.organisation), It("p", number)]
        if p.foreign_reg and p.cvr:
            mine.append(It("p", p.foreign_reg))
        mine += [It("p", f"{o.street}"), It("p", f"{o.postcode} {o.city}")]
        theirs = [It("h", f"{medcom_called}:"), It("p", medcom[0]), It("p", medcom[1])]
        return mine + [It("gap")] + theirs if rng.random() < 0.7 else theirs + [It("gap")] + mine
    hereafter = "herefter" if da else "hereinafter"
    reg = f", {number}" if number else ""
    return [It("p", (f"Mellem {p.organisation}{reg}, {o.street}, {o.postcode} {o.city} ({hereafter} "
                     f"»{who}«) og MedCom, {t_cvr(rng, MEDCOM['cvr'], lang)}, {MEDCOM['street']}, "
                     f"{MEDCOM['town']} ({hereafter} »{medcom_called}«) er indgået følgende aftale:") if da else
                    (f"Between {p.organisation}{reg}, {o.street}, {o.postcode} {o.city} ({hereafter} "
                     f"\"{who}\") and MedCom, {t_cvr(rng, MEDCOM['cvr'], lang)}, {MEDCOM['street']}, "
                     f"{MEDCOM['town']} ({hereafter} \"{medcom_called}\") the following is agreed:"))]


def _signature_items(rng: random.Random, a: Agr, date_text: str, medcom: tuple[str, str],
                     medcom_date: str) -> list[It]:
    """The signatures: the party's and MedCom's, side by side or one under the other."""
    p, da = a.p, a.p.language == "da"
    filled = a.signing != "blank"
    name, title = (p.signatory.name, p.signatory_title) if filled else ("", "")
    behalf = rng.choice([f"For og på vegne af {p.organisation}" if da else f"For and on behalf of {p.organisation}",
                         f"For {p.organisation}"])
    pp = "p.p. " if filled and rng.random() < 0.2 else ""
    one_line = rng.random() < 0.5
    lab_name = rng.choice(["Navn", "Navn (blokbogstaver)"]) if da else rng.choice(["Name", "Printed name"])
    lab_title = rng.choice(["Titel", "Stilling"]) if da else rng.choice(["Title", "Position"])
    lab_date = rng.choice(["Dato", "Sted og dato"]) if da else rng.choice(["Date", "Place and date"])
    place = f"{p.office.city}, " if date_text and ("Sted" in lab_date or "Place" in lab_date) else ""
    mine: list[It] = [It("h", behalf), It("kv", lab_date, place + date_text)]
    if a.signing == "script":
        mine.append(It("script", p.signatory.name))
    elif a.signing == "scan":
        mine.append(It("img", png=_png_signature(rng)))
    else:
        mine.append(It("gap"))
    mine.append(It("rule", "Underskrift" if da else "Signature"))
    if one_line:
        mine.append(It("kv", f"{lab_name} og {lab_title.lower()}" if da else f"{lab_name} and {lab_title.lower()}",
                       f"{pp}{name}, {title}" if filled else ""))
    else:
        mine += [It("kv", lab_name, f"{pp}{name}" if filled else ""), It("kv", lab_title, title)]
    med: list[It] = [It("h", "For MedCom"), It("kv", lab_date, medcom_date)]
    med.append(It("script", medcom[0]) if medcom_date else It("gap"))
    med += [It("rule", "Underskrift" if da else "Signature"), It("kv", lab_name, medcom[0] if medcom_date else ""),
            It("kv", lab_title, medcom[1] if medcom_date else "")]
    heading = It("h", rng.choice(["Underskrifter", "Parternes underskrift"]) if da else
                 rng.choice(["Signatures", "Execution"]))
    if rng.random() < 0.5:  # side by side: each line of the two blocks on one baseline
        left, right = (mine, med) if rng.random() < 0.75 else (med, mine)
        rows: list[It] = [heading]
        for lx, rx in zip_longest(left, right, fillvalue=It("gap")):
            rows.append(It("pair:" + lx.kind + ":" + rx.kind, _flat(lx), _flat(rx), lx.png or rx.png))
        return rows
    return [heading] + (mine + [It("gap")] + med if rng.random() < 0.7 else med + [It("gap")] + mine)


def _flat(it: It) -> str:
    return f"{it.text}: {it.right}" if it.kind == "kv" else it.text


def build(a: Agr) -> list[It]:
    """The whole agreement, page by page, as this hand's page model."""
    rng = random.Random(a.seed)
    p, lang = a.p, a.p.language
    da = lang == "da"
    title = rng.choice(TITLES[(a.kind, lang)])
    at = datetime.combine(p.signature_date, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
    medcom = rng.choice(MEDCOM_SIGNERS)
    medcom_at = at + timedelta(days=rng.randint(0, 4), hours=rng.randint(0, 3))
    signed_by_party = a.signing in ("evidence", "script", "scan", "pades")
    by_service = a.signing in ("evidence", "pending", "other_agreement") or (a.signing == "medcom_only"
                                                                             and rng.random() < 0.5)
    # the date the party typed: none where it has not signed, often none where a service dates it
    if a.signing in ("blank", "pending", "medcom_only", "other_agreement") or (
            a.signing == "evidence" and rng.random() < 0.6):
        date_text = ""
    else:
        date_text = t_date(rng, p.signature_date, lang, at)
    medcom_signed = a.signing in ("medcom_only",) or (signed_by_party and rng.random() < 0.4)
    medcom_date = t_date(rng, medcom_at.date(), lang) if medcom_signed and not by_service else ""
    items: list[It] = []
    if a.own_template:
        items += _own_template_items(rng, a)
        clauses: list[tuple[str, str]] = []
    else:
        items += [It("title", title), It("small", {True: "Sundhedsdatanettet (SDN) · MedComs skabelon, genskrevet",
                                                   False: "Danish Health Data Network (SDN) · MedCom template"}[da])]
        items += _party_block(rng, a)
        clauses = _renumber(rng, _template_clauses(a.kind, lang), lang)
    for head, text in clauses:
        items += [It("h", head), It("p", text)]
    if rng.random() < 0.4:
        items.append(It("break"))
    items += _signature_items(rng, a, date_text, medcom, medcom_date)
    items.append(It("small", rng.choice([f"{p.organisation} · {p.domain}", "Side 1 af 1" if da else "Page 1 of 1"])))
    if by_service:
        svc_title = title
        if a.signing == "other_agreement":  # the evidence of the party's other agreement, sent with this one
            other = "connection_agreement" if a.kind != "connection_agreement" else "data_processor_agreement"
            svc_title = rng.choice(TITLES[(other, lang)])
        party_at = None if a.signing in ("pending", "medcom_only") else at
        signers = [Signed(p.signatory.name, "Underskriver" if da else "Signer", p.organisation, party_at, _ip(rng)),
                   Signed(medcom[0], medcom[1], "MedCom",
                          medcom_at if (a.signing != "pending" or rng.random() < 0.6) else None, _ip(rng))]
        if a.signing == "pending" and signers[1].at and rng.random() < 0.5:
            signers.reverse()
        page = [It("break")] + evidence_items(rng, a.service, lang, svc_title, signers)
        if rng.random() < 0.35 and a.signing != "other_agreement":  # the evidence page first
            items = evidence_items(rng, a.service, lang, svc_title, signers) + [It("break")] + items
        else:
            items += page
    return items


def _own_template_items(rng: random.Random, a: Agr) -> list[It]:
    """The party's own data processing terms (GDPR art. 28), MedCom named as its supplier: not MedCom's
    template."""
    p, da = a.p, a.p.language == "da"
    if da:
        return [It("title", "Databehandleraftale"),
                It("p", f"mellem {p.organisation} (»Kunden«) og MedCom (»Leverandøren«)"),
                It("h", "1. Anvendelse"), It("p", f"Vilkårene gælder for enhver leverandør, der behandler "
                                                 f"personoplysninger for {p.organisation}, uanset ydelsen."),
                It("h", "2. Leverandørens forpligtelser"), It("p", "Leverandøren må alene behandle oplysninger "
                                                                 "efter Kundens skriftlige instruks og skal "
                                                                 "føre fortegnelse efter artikel 30."),
                It("h", "3. Tilsyn"), It("p", "Kunden kan hvert år kræve en ISAE 3000-erklæring for Kundens regning."),
                It("h", "4. Erstatning"), It("p", "Leverandøren holder Kunden skadesløs for bøder og krav.")]
    return [It("title", "Data Processing Agreement"),
            It("p", f"between {p.organisation} (the \"Customer\") and MedCom (the \"Supplier\")"),
            It("h", "1. Application"), It("p", f"These terms apply to every supplier processing personal data "
                                               f"for {p.organisation}, whatever the service."),
            It("h", "2. Supplier obligations"), It("p", "The Supplier processes personal data only on the "
                                                       "Customer's written instructions and keeps records under "
                                                       "Article 30."),
            It("h", "3. Audit"), It("p", "The Customer may require an ISAE 3000 report every year at its own cost."),
            It("h", "4. Indemnity"), It("p", "The Supplier indemnifies the Customer against fines and claims.")]


# ---------------------------------------------------------------- producers

def ensure() -> None:
    """Install this hand's Debian packages where missing (root, as CI has): PHP with TCPDF, python3-cairo."""
    missing = []
    if shutil.which("php") is None:
        missing.append("php-cli")
    if not TCPDF.exists():
        missing.append("php-tcpdf")
    if subprocess.run([SYSTEM_PYTHON, "-c", "import cairo"], capture_output=True).returncode != 0:
        missing.append("python3-cairo")
    if missing or not DEJAVU.exists():
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-dejavu-core", "fonts-urw-base35")


def _php(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def tcpdf_pdf(items: list[It], out: Path, rng: random.Random) -> None:
    """TCPDF: Cell for a line, MultiCell for a paragraph, two cells on one row for columns, Image for a
    scanned signature; an italic serif face for a name typed as a signature."""
    body = rng.choice(["dejavusans", "dejavuserif", "helvetica"])
    w = tools.scratch()
    try:
        php = ["<?php", f"require_once({_php(str(TCPDF))});",
               "$pdf = new TCPDF('P', 'mm', 'A4', true, 'UTF-8', false);",
               "$pdf->setPrintHeader(false); $pdf->setPrintFooter(false);",
               "$pdf->SetMargins(22, 20, 22); $pdf->SetAutoPageBreak(true, 18); $pdf->AddPage();"]
        for i, it in enumerate(items):
            k = it.kind
            if k == "break":
                php.append("$pdf->AddPage();")
            elif k == "title":
                php += [f"$pdf->SetFont('{body}', 'B', 15);", f"$pdf->MultiCell(0, 0, {_php(it.text)}, 0, 'C');",
                        "$pdf->Ln(2);"]
            elif k == "h":
                php += [f"$pdf->SetFont('{body}', 'B', 10.5);", "$pdf->Ln(2);",
                        f"$pdf->Cell(0, 6, {_php(it.text)}, 0, 1);"]
            elif k in ("p", "small"):
                php += [f"$pdf->SetFont('{body}', '', {10 if k == 'p' else 7.5});",
                        f"$pdf->MultiCell(0, 0, {_php(it.text)}, 0, 'J');"]
            elif k == "kv":
                php += [f"$pdf->SetFont('{body}', '', 10);", f"$pdf->Cell(55, 6, {_php(it.text + ':')}, 0, 0);",
                        f"$pdf->MultiCell(0, 6, {_php(it.right)}, 0, 'L');"]
            elif k == "two":
                php += [f"$pdf->SetFont('{body}', '', 9.5);", f"$pdf->Cell(83, 6, {_php(it.text)}, 0, 0);",
                        f"$pdf->Cell(0, 6, {_php(it.right)}, 0, 1);"]
            elif k == "script":
                php += ["$pdf->SetFont('dejavuserifi', '', 17);", f"$pdf->Cell(0, 10, {_php(it.text)}, 0, 1);"]
            elif k == "img":
                (w / f"sig{i}.png").write_bytes(it.png)
                php.append(f"$pdf->Image({_php(str(w / f'sig{i}.png'))}, '', '', 45, 13, 'PNG', '', 'N');")
            elif k == "rule":
                php += ["$pdf->Line($pdf->GetX(), $pdf->GetY(), $pdf->GetX() + 70, $pdf->GetY());",
                        f"$pdf->SetFont('{body}', '', 7.5);", f"$pdf->Cell(0, 4, {_php(it.text)}, 0, 1);"]
            elif k == "gap":
                php.append("$pdf->Ln(8);")
            elif k.startswith("pair:"):
                _, lk, rk = k.split(":")
                php += _tcpdf_pair(body, lk, it.text, rk, it.right, it.png, w, i)
        php.append(f"$pdf->Output({_php(str(w / 'out.pdf'))}, 'F');")
        (w / "doc.php").write_text("\n".join(php), encoding="utf-8")
        r = subprocess.run(["php", str(w / "doc.php")], capture_output=True, text=True, timeout=120)
        if r.returncode != 0 or not (w / "out.pdf").exists():
            raise RuntimeError(f"php/TCPDF failed: {r.stdout[-300:]} {r.stderr[-300:]}")
        shutil.move(str(w / "out.pdf"), out)
    finally:
        shutil.rmtree(w, ignore_errors=True)


def _tcpdf_pair(body: str, lk: str, lt: str, rk: str, rt: str, png: bytes, w: Path, i: int) -> list[str]:
    """Two signature blocks' lines on one row: a cell each, the rule as a line under each half."""
    out = ["$y = $pdf->GetY();"]
    for x, kind, text in ((22, lk, lt), (110, rk, rt)):
        font = ("dejavuserifi', '', 17" if kind == "script" else f"{body}', 'B', 10" if kind == "h"
                else f"{body}', '', 9.5")
        out.append(f"$pdf->SetXY({x}, $y); $pdf->SetFont('{font});")
        if kind == "img":
            (w / f"sig{i}.png").write_bytes(png)
            out.append(f"$pdf->Image({_php(str(w / f'sig{i}.png'))}, {x}, $y, 45, 13, 'PNG');")
        elif kind == "rule":
            out += [f"$pdf->Line({x}, $y, {x + 70}, $y);", f"$pdf->SetFont('{body}', '', 7.5);",
                    f"$pdf->SetXY({x}, $y + 0.5); $pdf->Cell(80, 4, {_php(text)}, 0, 0);"]
        elif kind != "gap":
            out.append(f"$pdf->Cell(85, 7, {_php(text)}, 0, 0);")
    return out + ["$pdf->SetY($y + 11);"]


CAIRO_SCRIPT = r'''
import base64, json, sys
import cairo
spec = json.load(sys.stdin)
W, H, M = 595.0, 842.0, 60.0
surface = cairo.PDFSurface(spec["out"], W, H)
ctx = cairo.Context(surface)
body = spec["font"]
y = M
def face(name, size, bold=False, italic=False):
    ctx.select_font_face(name, cairo.FONT_SLANT_ITALIC if italic else cairo.FONT_SLANT_NORMAL,
                         cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
    ctx.set_font_size(size)
def newpage():
    global y
    ctx.show_page()
    y = M
def need(h):
    if y + h > H - M:
        newpage()
def line(x, text, size, bold=False, italic=False, name=None):
    face(name or body, size, bold, italic)
    ctx.move_to(x, y)
    ctx.show_text(text)
def wrap(text, size, width):
    face(body, size)
    out, cur = [], ""
    for w in text.split():
        t = (cur + " " + w).strip()
        if ctx.text_extents(t).x_advance > width and cur:
            out.append(cur)
            cur = w
        else:
            cur = t
    return out + ([cur] if cur else [])
def image(x, b64):
    import tempfile, os
    fd, path = tempfile.mkstemp(suffix=".png")
    os.write(fd, base64.b64decode(b64)); os.close(fd)
    img = cairo.ImageSurface.create_from_png(path)
    os.unlink(path)
    ctx.save(); ctx.translate(x, y - 30); ctx.scale(150 / img.get_width(), 42 / img.get_height())
    ctx.set_source_surface(img, 0, 0); ctx.paint(); ctx.restore()
def part(x, kind, text, b64):
    if kind == "script":
        line(x, text, 19, name="Z003")
    elif kind == "h":
        line(x, text, 10.5, bold=True)
    elif kind == "img":
        image(x, b64)
    elif kind == "rule":
        ctx.move_to(x, y - 8); ctx.line_to(x + 190, y - 8); ctx.set_line_width(0.6); ctx.stroke()
        line(x, text, 7)
    elif kind != "gap":
        line(x, text, 9.5)
for it in spec["items"]:
    k = it["kind"]
    if k == "break":
        newpage(); continue
    if k == "title":
        need(30); y += 8; line(M, it["text"], 16, bold=True); y += 16
    elif k == "h":
        need(24); y += 8; line(M, it["text"], 11, bold=True); y += 15
    elif k in ("p", "small"):
        size = 10 if k == "p" else 7.5
        for t in wrap(it["text"], size, W - 2 * M):
            need(14); line(M, t, size); y += size * 1.4
    elif k == "kv":
        need(16); line(M, it["text"] + ":", 10); line(M + 150, it["right"], 10); y += 15
    elif k == "two":
        need(16); line(M, it["text"], 9.5); line(M + 245, it["right"], 9.5); y += 15
    elif k == "script":
        need(30); y += 12; line(M, it["text"], 20, name="Z003"); y += 14
    elif k == "img":
        need(50); y += 34; image(M, it["png"]); y += 10
    elif k == "rule":
        ctx.move_to(M, y - 6); ctx.line_to(M + 200, y - 6); ctx.set_line_width(0.6); ctx.stroke()
        line(M, it["text"], 7); y += 12
    elif k == "gap":
        y += 18
    elif k.startswith("pair:"):
        _, lk, rk = k.split(":")
        tall = "img" in (lk, rk) or "script" in (lk, rk)
        need(50 if tall else 16)
        if tall:
            y += 30
        part(M, lk, it["text"], it["png"]); part(M + 250, rk, it["right"], it["png"]); y += 16
surface.finish()
'''


def cairo_pdf(items: list[It], out: Path, rng: random.Random) -> None:
    """pycairo (Debian's python3-cairo, the system Python): each line placed with show_text, a script face for
    a typed signature, a PNG painted for a scanned one."""
    spec = {"out": str(out), "font": rng.choice(["DejaVu Sans", "DejaVu Serif", "Liberation Sans"]),
            "items": [{"kind": it.kind, "text": it.text, "right": it.right,
                       "png": base64.b64encode(it.png).decode()} for it in items]}
    r = subprocess.run([SYSTEM_PYTHON, "-c", CAIRO_SCRIPT], input=json.dumps(spec), capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0 or not out.exists():
        raise RuntimeError(f"pycairo failed: {r.stderr[-500:]}")


# ---------------------------------------------------------------- raw content streams (pikepdf)

class _RawFonts:
    """The fonts of a raw PDF: Helvetica (WinAnsi) for kern/split, a DejaVu CID font (Identity-H) with or without
    ToUnicode, or a Type 3 font whose glyphs are DejaVu's outlines named in /Differences."""

    def __init__(self, mode: str) -> None:
        from fontTools.ttLib import TTFont

        self.mode = mode
        self.tt = TTFont(str(DEJAVU))
        self.cmap = self.tt.getBestCmap()
        self.upm = self.tt["head"].unitsPerEm
        self.hmtx = self.tt["hmtx"]
        self.order = self.tt.getGlyphOrder()
        self.used: dict[str, int] = {}  # char -> gid (cid) or code (type3)

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        if self.mode in ("kern", "split"):
            from reportlab.pdfbase.pdfmetrics import stringWidth
            return float(stringWidth(text, _helv(bold, italic), size))
        return sum(self._adv(c) for c in text) * size / 1000.0

    def _adv(self, c: str) -> float:
        g = self.cmap.get(ord(c)) or self.cmap.get(ord("?"))
        return float(self.hmtx[g][0] * 1000.0 / self.upm)

    def code(self, c: str) -> int:
        if ord(c) not in self.cmap:
            c = "?"
        if c not in self.used:
            if self.mode.startswith("cid"):
                self.used[c] = self.tt.getGlyphID(self.cmap[ord(c)])
            else:
                self.used[c] = len(self.used) + 33  # printable codes from '!' on
        return self.used[c]


def _helv(bold: bool, italic: bool) -> str:
    return "Helvetica" + ("-BoldOblique" if bold and italic else "-Bold" if bold else "-Oblique" if italic else "")


def _lit(s: str) -> bytes:
    b = s.encode("cp1252", "replace")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _show(fonts: _RawFonts, rng: random.Random, text: str, x: float, y: float, size: float, bold: bool = False,
          italic: bool = False) -> bytes:
    """One line of text as content-stream operators, in this document's way."""
    mode = fonts.mode
    if mode in ("kern", "split"):
        f = {(False, False): "/F1", (True, False): "/F2", (False, True): "/F3", (True, True): "/F4"}[(bold, italic)]
        if mode == "kern":  # one TJ: kerning inside words, no space glyphs between them, only displacement
            parts: list[bytes] = []
            for i, word in enumerate(text.split(" ")):
                if i:
                    parts.append(str(-278 - rng.randint(0, 40)).encode())
                cut = sorted(rng.sample(range(1, len(word)), min(2, max(0, len(word) - 1)))) if len(word) > 2 else []
                last = 0
                for c in [*cut, len(word)]:
                    parts.append(_lit(word[last:c]))
                    if c != len(word):
                        parts.append(str(rng.choice([-18, -9, 6, 12, 25])).encode())
                    last = c
            return b"BT %s %.1f Tf %.2f %.2f Td [%s] TJ ET\n" % (f.encode(), size, x, y, b" ".join(parts))
        out = [b"BT %s %.1f Tf" % (f.encode(), size)]  # split: each word placed by Tm, in pieces of Tj
        cx = x
        for word in text.split(" "):
            if word:
                out.append(b"1 0 0 1 %.2f %.2f Tm" % (cx, y))
                k = rng.randint(1, max(1, len(word) - 1))
                out += [_lit(word[:k]) + b" Tj", _lit(word[k:]) + b" Tj"] if len(word) > 1 else [_lit(word) + b" Tj"]
            cx += fonts.width(word + " ", size, bold, italic)
        return b" ".join(out) + b" ET\n"
    fid = "/F9"
    skew = b"1 0 0.2 1 %.2f %.2f Tm" % (x, y) if italic else b"1 0 0 1 %.2f %.2f Tm" % (x, y)
    render = b" 2 Tr 0.35 w" if bold else b" 0 Tr"
    if mode.startswith("cid"):
        hexes = b"".join(b"%04X" % fonts.code(c) for c in text)
        return b"BT %s %.1f Tf%s %s <%s> Tj ET\n" % (fid.encode(), size, render, skew, hexes)
    codes = b"".join(b"%02X" % fonts.code(c) for c in text)
    return b"BT %s %.1f Tf%s %s <%s> Tj ET\n" % (fid.encode(), size, render, skew, codes)


def raw_pdf(items: list[It], out: Path, rng: random.Random, mode: str, xobject: bool) -> None:
    """Content streams written by hand with pikepdf, as Word's and Acrobat's PDF writers write text."""
    import pikepdf

    fonts = _RawFonts(mode)
    W, H, M = 595.0, 842.0, 58.0
    pages: list[list[bytes]] = [[]]
    images: list[bytes] = []
    y = H - M

    def block(ops: bytes) -> None:
        pages[-1].append(ops)

    def need(h: float) -> None:
        nonlocal y
        if y - h < M:
            pages.append([])
            y = H - M

    def wrap(text: str, size: float, width: float) -> list[str]:
        lines, cur = [], ""
        for w in text.split():
            t = (cur + " " + w).strip()
            if fonts.width(t, size) > width and cur:
                lines.append(cur)
                cur = w
            else:
                cur = t
        return lines + ([cur] if cur else [])

    def part(x: float, kind: str, text: str, png: bytes) -> bytes:
        if kind == "script":
            return _show(fonts, rng, text, x, y, 17, italic=True)
        if kind == "h":
            return _show(fonts, rng, text, x, y, 10.5, bold=True)
        if kind == "img":
            images.append(png)
            return b"q 150 0 0 42 %.2f %.2f cm /Im%d Do Q\n" % (x, y - 4, len(images) - 1)
        if kind == "rule":
            return b"0.6 w %.2f %.2f m %.2f %.2f l S\n" % (x, y + 10, x + 190, y + 10) + _show(
                fonts, rng, text, x, y, 7)
        if kind == "gap" or not text:
            return b""
        return _show(fonts, rng, text, x, y, 9.5)

    for it in items:
        k = it.kind
        if k == "break":
            pages.append([])
            y = H - M
        elif k == "title":
            need(30)
            y -= 10
            block(_show(fonts, rng, it.text, M, y, 16, bold=True))
            y -= 18
        elif k == "h":
            need(24)
            y -= 8
            block(_show(fonts, rng, it.text, M, y, 11, bold=True))
            y -= 15
        elif k in ("p", "small"):
            size = 10.0 if k == "p" else 7.5
            ops = b""
            for t in wrap(it.text, size, W - 2 * M):
                need(14)
                ops += _show(fonts, rng, t, M, y, size)
                y -= size * 1.4
            block(ops)
        elif k == "kv":
            need(16)
            block(_show(fonts, rng, it.text + ":", M, y, 10) + _show(fonts, rng, it.right, M + 150, y, 10))
            y -= 15
        elif k == "two":
            need(16)
            block(_show(fonts, rng, it.text, M, y, 9.5) + _show(fonts, rng, it.right, M + 245, y, 9.5))
            y -= 15
        elif k == "script":
            need(30)
            y -= 14
            block(_show(fonts, rng, it.text, M, y, 18, italic=True))
            y -= 12
        elif k == "img":
            need(50)
            y -= 40
            block(part(M, "img", "", it.png))
            y -= 8
        elif k == "rule":
            block(part(M, "rule", it.text, b""))
            y -= 12
        elif k == "gap":
            y -= 18
        elif k.startswith("pair:"):
            _, lk, rk = k.split(":")
            tall = "img" in (lk, rk) or "script" in (lk, rk)
            need(50 if tall else 16)
            if tall:
                y -= 30
            block(part(M, lk, it.text, it.png) + part(M + 250, rk, it.right, it.png))
            y -= 16

    pdf = pikepdf.Pdf.new()
    font_res = _font_resources(pdf, fonts)
    img_objs = [_image(pdf, png) for png in images]
    for ops_list in pages:
        page = pdf.add_blank_page(page_size=(W, H))
        res = pikepdf.Dictionary(Font=font_res, XObject=pikepdf.Dictionary(
            {f"/Im{i}": obj for i, obj in enumerate(img_objs)}))
        if xobject:  # a form XObject per block, drawn by Do, as some writers group a paragraph
            forms = pikepdf.Dictionary({f"/Im{i}": obj for i, obj in enumerate(img_objs)})
            content = b""
            for j, ops in enumerate(ops_list):
                if not ops:
                    continue
                fx = pikepdf.Stream(pdf, ops)
                fx.Type, fx.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
                fx.BBox = pikepdf.Array([0, 0, W, H])
                fx.Resources = pikepdf.Dictionary(Font=font_res, XObject=pikepdf.Dictionary(
                    {f"/Im{i}": obj for i, obj in enumerate(img_objs)}))
                forms[f"/Fx{j}"] = pdf.make_indirect(fx)
                content += b"q /Fx%d Do Q\n" % j
            res = pikepdf.Dictionary(Font=font_res, XObject=forms)
        else:
            content = b"".join(ops_list)
        page.obj.Resources = res
        page.obj.Contents = pdf.make_indirect(pikepdf.Stream(pdf, content))
    pdf.docinfo["/Producer"] = rng.choice(["Microsoft® Word for Microsoft 365", "Adobe PDF Library 23.1.175",
                                           "Acrobat Distiller 21.0 (Windows)"])
    pdf.save(out)


def _font_resources(pdf: Any, fonts: _RawFonts) -> Any:
    import pikepdf

    if fonts.mode in ("kern", "split"):
        def std(name: str) -> Any:
            return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                        BaseFont=pikepdf.Name("/" + name),
                                                        Encoding=pikepdf.Name.WinAnsiEncoding))
        return pikepdf.Dictionary(F1=std("Helvetica"), F2=std("Helvetica-Bold"), F3=std("Helvetica-Oblique"),
                                  F4=std("Helvetica-BoldOblique"))
    if fonts.mode.startswith("cid"):
        return pikepdf.Dictionary(F9=_cid_font(pdf, fonts, with_map=fonts.mode == "cid"))
    return pikepdf.Dictionary(F9=_type3_font(pdf, fonts))


def _cid_font(pdf: Any, fonts: _RawFonts, with_map: bool) -> Any:
    """DejaVu subset (glyph ids kept) as CIDFontType2 under an Identity-H Type 0 font."""
    import logging

    import pikepdf
    from fontTools import subset

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    gids = sorted(set(fonts.used.values()))
    opts = subset.Options()
    opts.retain_gids = True
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(gids=gids)
    tt = _fresh_font()
    sub.subset(tt)
    buf = io.BytesIO()
    tt.save(buf)
    ff = pikepdf.Stream(pdf, buf.getvalue())
    widths = pikepdf.Array()
    for c, g in sorted(fonts.used.items(), key=lambda x: x[1]):
        widths.extend([g, pikepdf.Array([round(fonts._adv(c))])])
    desc = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+DejaVuSans"), Flags=32,
        FontBBox=pikepdf.Array([-1021, -463, 1793, 1232]), ItalicAngle=0, Ascent=928, Descent=-236, CapHeight=729,
        StemV=80, FontFile2=pdf.make_indirect(ff)))
    cidfont = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/ABCDEF+DejaVuSans"),
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                         Supplement=0),
        FontDescriptor=desc, W=widths, CIDToGIDMap=pikepdf.Name.Identity))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0,
                              BaseFont=pikepdf.Name("/ABCDEF+DejaVuSans"), Encoding=pikepdf.Name("/Identity-H"),
                              DescendantFonts=pikepdf.Array([cidfont]))
    if with_map:
        lines = [f"<{g:04X}> <{''.join(f'{b:02X}' for b in c.encode('utf-16-be'))}>"
                 for c, g in sorted(fonts.used.items(), key=lambda x: x[1])]
        cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
                "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
        for i in range(0, len(lines), 100):
            chunk = lines[i:i + 100]
            cmap += f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
        cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
        font.ToUnicode = pdf.make_indirect(pikepdf.Stream(pdf, cmap.encode()))
    return pdf.make_indirect(font)


def _fresh_font() -> Any:
    from fontTools.ttLib import TTFont
    return TTFont(str(DEJAVU))


def _type3_font(pdf: Any, fonts: _RawFonts) -> Any:
    """Each used character a Type 3 glyph procedure drawn from DejaVu's outline, named in /Differences."""
    import pikepdf
    from fontTools.agl import UV2AGL
    from fontTools.pens.basePen import BasePen

    scale = 1000.0 / fonts.upm

    class PdfPen(BasePen):  # type: ignore[misc]
        def __init__(self, glyphset: Any) -> None:
            super().__init__(glyphset)
            self.ops: list[str] = []

        def _moveTo(self, p: tuple[float, float]) -> None:
            self.ops.append(f"{p[0] * scale:.1f} {p[1] * scale:.1f} m")

        def _lineTo(self, p: tuple[float, float]) -> None:
            self.ops.append(f"{p[0] * scale:.1f} {p[1] * scale:.1f} l")

        def _curveToOne(self, a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> None:
            self.ops.append(" ".join(f"{v * scale:.1f}" for v in (*a, *b, *c)) + " c")

        def _closePath(self) -> None:
            self.ops.append("h")

    gs = fonts.tt.getGlyphSet()
    procs = pikepdf.Dictionary()
    diffs = pikepdf.Array()
    widths = []
    first = min(fonts.used.values())
    last = max(fonts.used.values())
    by_code = {code: c for c, code in fonts.used.items()}
    for code in range(first, last + 1):
        c = by_code.get(code)
        if c is None:
            widths.append(0)
            continue
        name = UV2AGL.get(ord(c), f"uni{ord(c):04X}")
        adv = round(fonts._adv(c))
        pen = PdfPen(gs)
        gname = fonts.cmap.get(ord(c))
        if gname and c != " ":
            gs[gname].draw(pen)
        procs[f"/{name}"] = pdf.make_indirect(pikepdf.Stream(pdf, (f"{adv} 0 d0\n" + "\n".join(pen.ops)
                                                                   + ("\nf" if pen.ops else "")).encode()))
        diffs.extend([code, pikepdf.Name(f"/{name}")])
        widths.append(adv)
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=pikepdf.Array([-1021, -463, 1793, 1232]),
        FontMatrix=pikepdf.Array([0.001, 0, 0, 0.001, 0, 0]), CharProcs=procs,
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=diffs), FirstChar=first,
        LastChar=last, Widths=pikepdf.Array(widths), Resources=pikepdf.Dictionary()))


def _image(pdf: Any, png: bytes) -> Any:
    import zlib

    import pikepdf
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    s = pikepdf.Stream(pdf, zlib.compress(img.tobytes()))
    s.Type, s.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    s.Width, s.Height, s.ColorSpace, s.BitsPerComponent = img.width, img.height, pikepdf.Name.DeviceGray, 8
    s.Filter = pikepdf.Name.FlateDecode
    return pdf.make_indirect(s)


# ---------------------------------------------------------------- a digital signature naming the signatory

def pades_sign(src: Path, out: Path, signer_name: str, org: str, visible: bool) -> None:
    """pyHanko signs the whole file with a certificate whose subject is the party's signatory (CN) at its
    organisation (O), as a qualified signing service's certificate names the person; visible on the last page
    as pyHanko's stamp ("Digitally signed by ...") or invisible."""
    import datetime as dt

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, signer_name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")])
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Eksempel Signeringstjeneste CA"),
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    a_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=a_cert, signing_key=a_key,
                                  cert_registry=SimpleCertificateStore.from_certs([a_cert]))
    meta = signers.PdfSignatureMetadata(field_name="Underskrift1", name=signer_name)
    spec = fields.SigFieldSpec("Underskrift1", on_page=-1, box=(70, 90, 290, 150)) if visible else None
    buf = io.BytesIO()
    with src.open("rb") as f:
        writer = IncrementalPdfFileWriter(f, strict=False)
        signers.PdfSigner(meta, signer=signer, new_field_spec=spec).sign_pdf(writer, output=buf)
    out.write_bytes(buf.getvalue())


# ---------------------------------------------------------------- drawing and the plan's entries

def draw(a: Agr, out: Path) -> None:
    ensure()
    rng = random.Random(a.seed + 1)
    items = build(a)
    target = out.with_name(out.stem + ".unsigned.tmp") if a.signing == "pades" else out
    if a.layout == "s10-tcpdf":
        tcpdf_pdf(items, target, rng)
    elif a.layout == "s10-cairo":
        cairo_pdf(items, target, rng)
    else:
        raw_pdf(items, target, rng, a.text, a.xobject)
    if a.signing == "pades":
        try:
            pades_sign(target, out, a.p.signatory.name, a.p.organisation, visible=rng.random() < 0.5)
        finally:
            target.unlink(missing_ok=True)


_counter = {"agr": 0, "service": 0, "raw": 0, "kind": 0}
KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]
PARTIES = [None, "region", "municipality", "pharmacy", "practitioner", "private_hospital", "foreign",
           "public_hospital", "laboratory"]


def agreement(rng: random.Random, p: Party, kind: str, layout: str, signing: str, service: str, name: str,
              text: str = "kern", xobject: bool = False) -> RLDocument:
    """One SDN agreement of `kind` drawn by `layout` (s10-tcpdf, s10-cairo, s10-raw with `text`), signed as
    `signing` says, with `service`'s evidence page where a service signs."""
    if signing == "pades":  # pyHanko signs now: the date typed beside a digital signature is the day it is made
        p = replace(p, signature_date=datetime.now(UTC).date())
    a = Agr(p, kind, signing, service, layout, text, xobject, rng.random())
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)
    variants = [x for x in (service if signing in ("evidence", "pending", "other_agreement") else "",
                            text if layout == "s10-raw" else "", "xobject" if xobject else "") if x]
    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-{layout}", p.language,
                      note=f"signing={signing};variants={','.join(variants)}", draw=lambda out: draw(a, out))


def own_template(rng: random.Random, p: Party, name: str, layout: str, signing: str = "script",
                 text: str = "kern") -> RLDocument:
    """The party's own data processing terms with MedCom as its supplier, signed: not the SDN template."""
    a = Agr(p, "data_processor_agreement", signing, "penneo", layout, text, False, rng.random(), own_template=True)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}
    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      f"own_template_dpa-{layout}", p.language, note=f"signing={signing};variants=own",
                      draw=lambda out: draw(a, out))


def _next(signing: str | None = None) -> tuple[str, str, str, bool, str]:
    """The next layout, raw text mode, xobject flag, signing and service, each in turn."""
    i = _counter["agr"]
    _counter["agr"] += 1
    layout = LAYOUTS[i % len(LAYOUTS)]
    text, xobject = "kern", False
    if layout == "s10-raw":
        r = _counter["raw"]
        _counter["raw"] += 1
        text, xobject = RAW_TEXT[r % len(RAW_TEXT)], r % 4 == 1
    how = signing or SIGNINGS[(i // len(LAYOUTS) + i) % len(SIGNINGS)]
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if how in ("evidence", "pending", "other_agreement", "medcom_only"):
        _counter["service"] += 1
    return layout, text, xobject, how, service


def document(rng: random.Random, what: str, name_of: Callable[[Party, str], str]) -> RLDocument:
    """The next document for `what`; this hand writes agreements only, so a form's turn is an agreement's
    (`name_of(party, kind)` names the file by the kind it is)."""
    if what == "own_template":
        p = party(rng, rng.choice([x for x in PARTIES if x != "foreign"]))
        layout, text, _, _, _ = _next()
        return own_template(rng, p, name_of(p, what), layout, rng.choice(["script", "scan"]), text)
    if what not in KINDS:
        what = KINDS[_counter["kind"] % len(KINDS)]
        _counter["kind"] += 1
    p = party(rng, "it_supplier" if what == "sub_data_processor_agreement" else rng.choice(PARTIES))
    layout, text, xobject, how, service = _next()
    return agreement(rng, p, what, layout, how, service, name_of(p, what), text, xobject)


# the case generator's signings (cases.py) as this hand signs them
CASE_SIGNING = {"typed": "script", "slash": "script", "italic": "script", "drawn": "scan", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """The tenth hand's agreement for a case's party `q` (cases.py --hand tenth); forms from the eighth hand."""
    if what == "information_form":
        from bench.outside import eighth_hand as e8
        return e8.case_document(rng, q, what, signing, fname)
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["script", "scan", "evidence",
                                                                                 "pades"]))
    layout, text, xobject, how, service = _next(how)
    if text == "cid-nomap":  # a case's agreement the reader must be able to read at all
        text = "cid"
    return agreement(rng, q, what, layout, how, service, fname, text, xobject)


def reset() -> None:
    """Start the layouts' turns again (a new plan)."""
    _counter.update(agr=0, service=0, raw=0, kind=0)


__all__ = ["LAYOUTS", "document", "reset", "agreement", "own_template", "case_document", "draw", "build"]
