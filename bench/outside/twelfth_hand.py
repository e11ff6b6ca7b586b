"""A twelfth hand: information forms and SDN agreements as still other organisations write them, with PDF
producers none of the eleven other hands used:

* **LuaLaTeX** with OpenType fonts loaded by luaotfload (CID fonts, Identity-H, ligatures fi/fl/ff, old-style
  numerals, letter-spaced small caps): a two-column table with the question in Danish AND English in the left
  cell ("Navn / Name"), values in monospace combed boxes (one character a box), landscape pages, footnotes and
  marginal notes, ticks as the glyphs ☐ ☒ ☑ ✓ ✗, a signature that is only a picture;
* **htmldoc** (its own HTML engine, not a browser): bilingual tables, ticks as "[x]", "( )" and "Ja: X";
* **groff -ms with tbl** (gropdf): boxed tables, footnotes, sections numbered by .NH.

Written without reading the reader (issue 22): from MedCom's seed, the domain, and the truth the other hands
return (`forms.form_truth`, `agreements.agreement_truth`). Its own parties: an ambulance contractor, a private
hospice, a fertility clinic, a chiropractor chain, an occupational-health service, Faroese and Greenlandic
health authorities, a Swedish lab with a Danish branch, a municipality's elder care, a telehealth start-up, an
IT supplier's legal department. Dates as "d. 7/12-2026", "7 Dec 2026", "December 7th, 2026"; phones as
"+45 12 34 56 78", "0045-12345678", "tlf. 1234 5678 (direkte)"; the CVR as "DK-12345678" beside an SE-number
and an EAN number; addresses with c/o lines and floors; p.p. and "på vegne af" signatures, two signatories and
a witness; evidence pages of ten signing services in this hand's words; and the negative cases: unsigned,
pending, blank agreements, forms with fields truly left empty, the party's own data processing terms.

`plan()` in generate.py asks `document()` for the tool `twelfth`; `render_all` calls `draw()`; `cases.py
--hand twelfth` asks `case_document()`.
"""
from __future__ import annotations

import html
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth
from bench.outside.people import Party, Person, party
from bench.outside.render_reportlab import RLDocument

ENGINES = ["lualatex", "htmldoc", "groff", "lualatex-land", "htmldoc", "lualatex"]
SIGNINGS = ["evidence", "typed", "unsigned", "evidence", "picture", "pending", "typed", "blank", "evidence",
            "two"]
SERVICES = ["penneo", "addo", "docusign", "acrobat", "scrive", "dokobit", "oneflow", "signrequest", "zoho",
            "esignatur"]
SERVICE_NAME = {"penneo": "Penneo", "addo": "Visma Addo", "docusign": "DocuSign", "acrobat": "Adobe Acrobat Sign",
                "scrive": "Scrive", "dokobit": "Dokobit", "oneflow": "Oneflow", "signrequest": "SignRequest",
                "zoho": "Zoho Sign", "esignatur": "eSignatur.dk"}
EMPTIES = ["", "ip_scopes", "", "tech_phone", "", "site", "", ""]
MEDCOM_SIGNER = ("Jesper Kirk Thomsen", "Centerchef")
MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


# ---------------------------------------------------------------- the items a page is made of

@dataclass
class It:
    """One thing on a page: title, head, para, note (a footnote), margin (a marginal note), row (label, value;
    comb=True: one character a box), ticks (question, options), table (header, rows), sign (blocks), page."""

    kind: str
    a: str = ""
    b: str = ""
    comb: bool = False
    opts: list[tuple[str, bool]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    blocks: list[dict[str, str]] = field(default_factory=list)


def t_date(rng: random.Random, d: date, lang: str) -> str:
    if lang == "da":
        return rng.choice([f"d. {d.day}/{d.month}-{d.year}", f"{d.day}. {MONTHS_DA[d.month - 1]} {d.year}",
                           f"den {d.day}.{d.month}.{d.year}"])
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return rng.choice([f"{d.day} {MONTHS_EN[d.month - 1][:3]} {d.year}",
                       f"{MONTHS_EN[d.month - 1]} {d.day}{suffix}, {d.year}",
                       f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"])


def t_phone(rng: random.Random, p: Person, lang: str) -> str:
    d = p.phone[3:]
    spaced = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    direct = "(direkte)" if lang == "da" else "(direct)"
    return rng.choice([f"+45 {spaced}", f"0045-{d}", f"{d[:4]} {d[4:]} {direct}", p.local_phone])


def t_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([f"DK-{cvr}", cvr, f"DK {cvr}"])


# ---------------------------------------------------------------- this hand's parties

OWN = {
    "private_hospital": ["Præhospital Transport {t} A/S", "Hospice {t} (selvejende institution)",
                         "Fertilitetsklinikken {t} ApS"],
    "practitioner": ["Kiropraktorerne {t} I/S", "Kiropraktisk Klinik {t}"],
    "laboratory": ["Arbejdsmedicinsk Laboratorium {t} ApS", "Analysecenter {t} ApS"],
    "municipality": ["{t} Kommune, Ældreplejen", "{t} Kommune"],
    "it_supplier": ["Telekonsult {t} ApS", "Nordlys Health Tech {t} A/S"],
    "foreign": ["Heilsutænastan {t} (Føroyar)", "Peqqissutsimut {t} (Kalaallit Nunaat)",
                "Klinlab {t} AB, dansk filial"],
    "region": ["Region {t}, Præhospitalet"],
    "public_hospital": ["{t} Sygehus, Arbejdsmedicinsk Klinik"],
    "pharmacy": ["{t} Svaneapotek"],
}
TOWNS = ["Mølleby", "Kildevang", "Stenhøj", "Lyngå", "Tórsvík", "Ilulik", "Bøgely", "Strandkær", "Ravnholm"]
PARTY_TYPES = ["private_hospital", "practitioner", "laboratory", "municipality", "foreign", "region",
               "public_hospital", "pharmacy", None]
FOREIGN_REGS = ["V-tal {a} (Skráseting Føroya)", "GER-nr. {b} (Grønlands Erhvervsregister)",
                "Org.nr. 556{c}-{d} (Bolagsverket)"]


def own_party(rng: random.Random, ptype: str | None = None) -> Party:
    p = party(rng, ptype)
    org = rng.choice(OWN[p.party_type]).format(t=rng.choice(TOWNS))
    reg = p.foreign_reg
    if p.party_type == "foreign":
        reg = rng.choice(FOREIGN_REGS).format(a=rng.randint(1000, 9999), b=rng.randint(10000, 99999),
                                              c=rng.randint(100, 999), d=rng.randint(1000, 9999))
    return replace(p, organisation=org, foreign_reg=reg)


# ---------------------------------------------------------------- the information form, in this hand's words

BI = {  # a label in both languages, as the bilingual forms write it: "Dansk / English"
    "org": ("Organisationens juridiske navn", "Legal name of organisation"), "cvr": ("CVR-nr.", "CVR no."),
    "se": ("SE-nummer", "SE number"), "ean": ("EAN-nummer (faktura)", "EAN number (invoicing)"),
    "reg": ("Registreringsnr. i hjemland", "Home-country registration no."),
    "name": ("Navn", "Name"), "mail": ("E-postadresse", "E-mail address"), "phone": ("Telefonnr.", "Telephone"),
    "street": ("Gadenavn og nr.", "Street and no."), "co": ("c/o", "c/o"), "pc": ("Postnummer", "Postcode"),
    "city": ("Bynavn", "Town"), "net": ("Netværk i CIDR-notation", "Network in CIDR notation"),
}
SEC = {
    "da": {"org": "Del A – Virksomhedsoplysninger", "contact": "Del B – Kontaktperson for aftalen",
           "tech": "Del C – Teknisk ansvarlige (kontaktes af TDC)",
           "site": "Del D – Opstillingsadresse for SD-WAN-udstyr", "net": "Del E – IP-adresseområder",
           "type": "Del F – Organisationsform", "via": "Del G – Tilslutningsvej"},
    "en": {"org": "Part A – Company details", "contact": "Part B – Contact for the agreement",
           "tech": "Part C – Technical staff (TDC will call them)",
           "site": "Part D – Where the SD-WAN box is installed", "net": "Part E – IP address ranges",
           "type": "Part F – Form of organisation", "via": "Part G – Route of connection"},
}
TYPES = {
    "da": {"region": "Regional enhed", "municipality": "Kommunal enhed (fx ældrepleje)",
           "public_hospital": "Offentligt drevet sygehus", "private_hospital": "Privat sundhedsinstitution",
           "practitioner": "Ydernummer-praksis (sygesikring)", "pharmacy": "Apotek",
           "laboratory": "Privat laboratorium", "it_supplier": "Leverandør af IT-system",
           "foreign": "Samarbejdspart uden for Danmark"},
    "en": {"region": "Regional body", "municipality": "Municipal body (e.g. elder care)",
           "public_hospital": "Publicly run hospital", "private_hospital": "Private health institution",
           "practitioner": "Practice with a provider number (public insurance)", "pharmacy": "Pharmacy",
           "laboratory": "Private laboratory", "it_supplier": "IT system vendor",
           "foreign": "Partner outside Denmark"},
}


def form_truth_for(p: Party, name: str, empty: str) -> dict[str, Any]:
    truth = form_truth(p, name)
    doc = truth["documents"][0]
    f = doc["fields"]
    if empty == "ip_scopes":
        f["ip_scopes"] = []
    elif empty == "tech_phone":
        f["technical_contacts"][0]["phone"] = None
    elif empty == "site":
        f["installation_address"] = {"street": None, "postcode": None, "city": None}
    if empty:
        doc["problems"] = ["missing_field"]
    return truth


def _lab(key: str, lang: str, bilingual: bool) -> str:
    da, en = BI[key]
    if bilingual:
        return f"{da} / {en}"
    return da if lang == "da" else en


def form_items(rng: random.Random, p: Party, empty: str, engine: str) -> list[It]:
    """Lettered parts; every label in both languages in a two-column table (most of the time)."""
    lang = p.language
    bi = rng.random() < 0.7
    comb = engine.startswith("lualatex") and rng.random() < 0.7
    s = SEC[lang]
    title = {"da": ["Informationsskema til SDN-tilslutning / Information form", "Stamdata – Sundhedsdatanettet"],
             "en": ["SDN information form / Informationsskema", "Master data – Health Data Network"]}[lang]
    out = [It("title", rng.choice(title)),
           It("para", "Udfyldes med blokbogstaver og returneres til sdn@medcom.example sammen med aftalerne."
              if lang == "da" else "Complete in block letters and return to sdn@medcom.example with the agreements.")]

    def row(key: str, value: str, combed: bool = False) -> It:
        return It("row", _lab(key, lang, bi), value, comb=combed and comb)

    out.append(It("head", s["org"]))
    out.append(row("org", p.organisation))
    out.append(row("cvr", t_cvr(rng, p.cvr) if not comb else p.cvr, combed=True))
    if rng.random() < 0.4:  # an SE number and an EAN number beside the CVR: neither is the CVR
        se = str(rng.randint(10000000, 99999999))
        out.append(row("se", se))
        out.append(row("ean", "5798" + "".join(str(rng.randint(0, 9)) for _ in range(9))))
    if p.foreign_reg:
        out.append(row("reg", p.foreign_reg))
    out.append(It("note", "CVR-nr. er et 8-cifret nummer fra Det Centrale Virksomhedsregister." if lang == "da"
                  else "The CVR number is the 8-digit Danish company registration number."))
    out.append(It("head", s["contact"]))
    c = p.org_contact
    out += [row("name", c.name), row("mail", c.email), row("phone", t_phone(rng, c, lang))]
    out.append(It("head", s["tech"]))
    for i, t in enumerate(p.technical):
        phone = "" if empty == "tech_phone" and i == 0 else t_phone(rng, t, lang)
        if len(p.technical) > 1:
            out.append(It("para", (f"Tekniker {i + 1}" if lang == "da" else f"Engineer {i + 1}")))
        out += [row("name", t.name), row("mail", t.email), row("phone", phone)]
    out.append(It("head", s["site"]))
    inst = p.installation
    if empty == "site":
        out += [row("street", ""), row("pc", "", combed=True), row("city", "")]
    else:
        if rng.random() < 0.4:
            out.append(row("co", rng.choice(["Driftsafdelingen", "Facility Service ApS", "IT-kælderen"])))
        out += [row("street", inst.street), row("pc", inst.postcode, combed=True), row("city", inst.city)]
    out.append(It("margin", "Ikke postboks" if lang == "da" else "No PO box"))
    out.append(It("head", s["net"]))
    if empty == "ip_scopes":
        out.append(row("net", ""))
    else:
        for n in p.ip_scopes:
            out.append(row("net", n))
    out.append(It("head", s["type"]))
    out.append(It("ticks", "Sæt ét kryds" if lang == "da" else "Tick one",
                  opts=[(v, k == p.party_type) for k, v in TYPES[lang].items()]))
    out.append(It("head", s["via"]))
    via = p.connected_via
    other = via if via not in (None, "KMD") else ""
    if lang == "da":
        opts = [("Direkte (egen forbindelse)", via is None), ("Gennem KMD", via == "KMD"),
                (f"Gennem systemleverandør: {other}" if other else "Gennem systemleverandør: ______", bool(other))]
    else:
        opts = [("Directly (own line)", via is None), ("Through KMD", via == "KMD"),
                (f"Through a system vendor: {other}" if other else "Through a system vendor: ______", bool(other))]
    out.append(It("ticks", "", opts=opts))
    out.append(It("para", ("Skemaet er gennemgået af MedCom, Postboks 1234, 5230 Odense M, tlf. 6543 2100."
                           if lang == "da" else
                           "Reviewed by MedCom, PO Box 1234, 5230 Odense M, tel. +45 6543 2100.")))
    return out


# ---------------------------------------------------------------- the agreements

AW = {
    "da": {"between": "Mellem parterne", "party": "Den tilsluttede part", "medcom": "MedCom",
           "name": "Navn", "cvr": "CVR-nr.", "addr": "Adresse", "for": "For {org}", "pva": "på vegne af {org}",
           "title": "Stilling", "date": "Dato", "sig": "Underskrift", "witness": "Vitterlighedsvidne",
           "second": "Medunderskriver"},
    "en": {"between": "Between the parties", "party": "The connecting party", "medcom": "MedCom",
           "name": "Name", "cvr": "CVR no.", "addr": "Address", "for": "For {org}", "pva": "on behalf of {org}",
           "title": "Title", "date": "Date", "sig": "Signature", "witness": "Witness", "second": "Co-signatory"},
}


@dataclass
class Agr:
    p: Party
    kind: str
    signing: str  # typed, two, picture, evidence, unsigned, pending, blank, own
    service: str
    engine: str
    seed: float


def evidence_page(rng: random.Random, a: Agr, title: str) -> list[It]:
    """A signing service's closing page, in this hand's words; a pending one says who has not signed yet."""
    p, lang, svc = a.p, a.p.language, SERVICE_NAME[a.service]
    at = datetime.combine(p.signature_date, time(rng.randint(7, 17), rng.randint(0, 59)))
    medcom_at = at + timedelta(hours=rng.randint(1, 40))
    ref = f"{rng.randint(10**7, 10**8 - 1)}-{rng.randint(100, 999)}"
    pending = a.signing == "pending"
    out = [It("page")]
    if pending:
        out += [It("title", f"{svc}: " + ("Forsendelse i gang" if lang == "da" else "Envelope in progress")),
                It("row", "Sag-id" if lang == "da" else "Case ID", ref),
                It("para", (f"Mangler stadig: {p.signatory.name}, {p.organisation}. Påmindelse sendt."
                            if lang == "da" else
                            f"Still outstanding: {p.signatory.name}, {p.organisation}. Reminder sent.")),
                It("table", rows=[["MedCom", MEDCOM_SIGNER[0], f"{medcom_at:%d.%m.%Y %H:%M}"],
                                  [p.organisation, p.signatory.name, "afventer" if lang == "da" else "awaiting"]],
                   opts=[(h, False) for h in (["Part", "Person", "Status"] if lang == "da"
                                              else ["Party", "Person", "Status"])])]
        return out
    head = {"da": [f"Underskriftsbevis fra {svc}", f"{svc} – dokumentation for digital signering"],
            "en": [f"{svc} signature certificate", f"Proof of e-signing ({svc})"]}[lang]
    says = {"da": [f"Dokumentet \u00bb{title}\u00ab er underskrevet digitalt af samtlige parter nedenfor.",
                   "Begge parter har bekræftet dokumentet med MitID Erhverv."],
            "en": [f"\u201c{title}\u201d was e-signed by each party listed here.",
                   "Each signer confirmed their identity before signing."]}[lang]
    stamp = rng.choice(["%d/%m/%Y %H.%M" if lang == "da" else "%b %d, %Y %I:%M %p", "%Y-%m-%dT%H:%MZ"])
    out += [It("title", rng.choice(head)), It("para", rng.choice(says)),
            It("row", "Forsendelses-ID" if lang == "da" else "Envelope ID", ref),
            It("table", rows=[[p.organisation, p.signatory.name, p.signatory.email, f"{at:{stamp}}"],
                              ["MedCom", MEDCOM_SIGNER[0], "sekretariat@medcom.example", f"{medcom_at:{stamp}}"]],
               opts=[(h, False) for h in (["Organisation", "Underskriver", "E-post", "Signeret"] if lang == "da"
                                          else ["Organisation", "Signer", "E-mail", "Signed"])]),
            It("para", {"da": f"Dokumentet er forseglet af {svc}; enhver ændring bryder forseglingen.",
                        "en": f"Sealed by {svc}; any change to the file breaks the seal."}[lang])]
    return out


def agreement_items(rng: random.Random, a: Agr) -> list[It]:
    from mailbot.core.agreement_texts import AGREEMENTS

    p, lang = a.p, a.p.language
    w = AW[lang]
    t = AGREEMENTS[(a.kind, lang)]
    out = [It("title", t.title), It("para", w["between"])]
    floor = rng.choice(["", ", 2. tv.", ", st. th.", ", 1. sal"])
    addr = f"{p.office.street}{floor}, {p.office.postcode} {p.office.city}"
    out += [It("head", w["party"]), It("row", w["name"], p.organisation), It("row", w["cvr"], t_cvr(rng, p.cvr))]
    if p.foreign_reg:
        out.append(It("row", "Reg.", p.foreign_reg))
    out += [It("row", w["addr"], addr), It("head", w["medcom"]), It("row", w["name"], "MedCom"),
            It("row", w["cvr"], MEDCOM["cvr"]), It("row", w["addr"], f"{MEDCOM['street']}, {MEDCOM['town']}")]
    for head, text in t.clauses + (t.annex or []):
        out += [It("head", head), It("para", text)]
    d = t_date(rng, p.signature_date, lang)
    s = a.signing
    blank, pending = s == "blank", s == "pending"
    sig = ""
    if s in ("typed", "two"):
        sig = rng.choice([p.signatory.name, f"p.p. {p.signatory.name}", f"/{p.signatory.name}/"])
    elif s == "picture":
        sig = "@picture"
    lead = w["pva"] if rng.random() < 0.5 else w["for"]
    mine = {"for": lead.format(org=p.organisation), "sig": sig, "name": "" if blank else p.signatory.name,
            "title": "" if blank else p.signatory_title, "date": "" if blank or pending else d}
    medcom_signed = s not in ("unsigned", "blank", "pending")
    theirs = {"for": w["for"].format(org="MedCom"), "sig": MEDCOM_SIGNER[0] if medcom_signed and s not in
              ("evidence",) else "", "name": MEDCOM_SIGNER[0], "title": MEDCOM_SIGNER[1],
              "date": t_date(rng, p.signature_date + timedelta(days=2), lang) if medcom_signed else ""}
    blocks = [mine, theirs]
    if s == "two":  # a second signatory of the party, and a witness
        second = party(rng, p.party_type).signatory
        blocks.insert(1, {"for": w["second"], "sig": second.name, "name": second.name, "title": "Økonomichef"
                          if lang == "da" else "Finance Director", "date": d})
        blocks.append({"for": w["witness"], "sig": "", "name": party(rng).org_contact.name, "title": "",
                       "date": ""})
    out.append(It("sign", blocks=blocks))
    if s in ("evidence", "pending"):
        out += evidence_page(rng, a, t.title)
    return out


def own_template_items(rng: random.Random, a: Agr) -> list[It]:
    """The party's own data processing addendum, with MedCom as its vendor: not MedCom's template."""
    p, lang = a.p, a.p.language
    if lang == "da":
        title = f"Tillæg om databeskyttelse til leverandørkontrakt – {p.organisation}"
        clauses = [("§ 1 Anvendelse", f"Tillægget gælder når MedCom som leverandør for {p.organisation} behandler "
                                     "personoplysninger, også via Sundhedsdatanettet."),
                   ("§ 2 Instruks", "Leverandøren behandler kun oplysninger efter kundens skriftlige instruks."),
                   ("§ 3 Sikkerhed", "Leverandøren følger ISO 27001 og kundens sikkerhedskrav."),
                   ("§ 4 Ophør", "Ved ophør slettes alle data inden 30 dage.")]
    else:
        title = f"Data protection addendum to the vendor contract – {p.organisation}"
        clauses = [("Section 1 Application", f"This addendum applies where MedCom, as vendor to {p.organisation}, "
                                             "processes personal data, including over the Health Data Network."),
                   ("Section 2 Instructions", "The vendor processes data only on the customer's written "
                                              "instructions."),
                   ("Section 3 Security", "The vendor follows ISO 27001 and the customer's security rules."),
                   ("Section 4 Termination", "On termination all data are deleted within 30 days.")]
    out = [It("title", title), It("row", "Kunde" if lang == "da" else "Customer", p.organisation),
           It("row", "CVR", p.cvr), It("row", "Leverandør" if lang == "da" else "Vendor",
                                       f"MedCom (CVR {MEDCOM['cvr']})")]
    for h, t in clauses:
        out += [It("head", h), It("para", t)]
    out.append(It("sign", blocks=[{"for": p.organisation, "sig": p.signatory.name, "name": p.signatory.name,
                                   "title": p.signatory_title, "date": t_date(rng, p.signature_date, lang)}]))
    return out


# ---------------------------------------------------------------- LuaLaTeX, OpenType fonts by luaotfload

def _tex(s: str) -> str:
    rep = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
           "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
    return "".join(rep.get(c, c) for c in s)


_TEX_HEAD = r"""\documentclass[10pt]{article}
\usepackage[a4paper,%(orient)smargin=22mm,marginparwidth=18mm]{geometry}
\usepackage{graphicx}
\usepackage{array}
\font\body={file:%(body)s:mode=node;+liga;+onum;+kern} at 10pt
\font\bodyb={file:%(bold)s:mode=node;+liga;+kern} at 10pt
\font\caps={file:lmromancaps10-regular.otf:mode=node;letterspace=10} at 10pt
\font\mono={file:lmmono10-regular.otf} at 10pt
\font\sym={file:DejaVuSans.ttf} at 10pt
\font\big={file:%(bold)s:mode=node;+liga} at 15pt
\setlength{\parindent}{0pt}\setlength{\parskip}{4pt}
\newcommand{\comb}[1]{{\mono\setlength{\fboxsep}{2pt}#1}}
\begin{document}\body
"""
_SIG_PNG = "sig.png"


def _combed(v: str) -> str:
    return r"\comb{" + "".join(r"\fbox{" + (_tex(ch) if ch != " " else r"\phantom{0}") + "}" for ch in v) + "}"


def tex_render(items: list[It], rng: random.Random, landscape: bool) -> str:
    body, bold = rng.choice([("lmroman10-regular.otf", "lmroman10-bold.otf"),
                             ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
                             ("lmsans10-regular.otf", "lmsans10-bold.otf")])
    tick_on, tick_off = rng.choice([("☒", "☐"), ("☑", "☐"), ("✓", "✗"), ("☒", "☐")])
    out = [_TEX_HEAD % {"orient": "landscape," if landscape else "", "body": body, "bold": bold}]
    rows: list[str] = []
    width = "0.30" if landscape else "0.42"

    def flush() -> None:
        if rows:
            out.append(r"\begin{tabular}{|p{" + width + r"\textwidth}|p{0.50\textwidth}|}\hline")
            out.extend(rows)
            out.append(r"\end{tabular}\par")
            rows.clear()

    for it in items:
        if it.kind == "row":
            value = _combed(it.b) if it.comb and it.b else (_tex(it.b) if it.b else r"\mbox{}")
            rows.append(f"{_tex(it.a)} & {value} \\\\\\hline")
            continue
        if it.kind == "margin":
            rows.append(r"\multicolumn{2}{|l|}{\footnotesize " + _tex(it.a) + r"} \\\hline")
            continue
        flush()
        if it.kind == "title":
            out.append(r"{\big " + _tex(it.a) + r"}\par\medskip")
        elif it.kind == "head":
            out.append(r"\medskip{\caps " + _tex(it.a) + r"}\par")
        elif it.kind == "para":
            out.append(_tex(it.a) + r"\par")
        elif it.kind == "note":
            out.append(r"\marginpar{\tiny " + _tex(it.a) + "}" if landscape else
                       r"\footnote{" + _tex(it.a) + "}")
        elif it.kind == "ticks":
            if it.a:
                out.append(_tex(it.a) + r"\par")
            for label, on in it.opts:
                out.append(r"{\sym " + (tick_on if on else tick_off) + r"}\ " + _tex(label) + r"\par")
        elif it.kind == "table":
            cols = len(it.opts)
            out.append(r"\begin{tabular}{|" + "l|" * cols + r"}\hline")
            out.append(" & ".join(r"{\bodyb " + _tex(h) + "}" for h, _ in it.opts) + r" \\\hline")
            for r in it.rows:
                out.append(" & ".join(_tex(c) for c in r) + r" \\\hline")
            out.append(r"\end{tabular}\par")
        elif it.kind == "page":
            out.append(r"\clearpage")
        elif it.kind == "sign":
            out.append(r"\bigskip\noindent")
            for b in it.blocks:
                sig = b["sig"]
                mark = (r"\includegraphics[height=9mm]{" + _SIG_PNG + "}" if sig == "@picture" else
                        (r"{\itshape " + _tex(sig) + "}" if sig else r"\mbox{}"))
                out.append(r"\begin{minipage}[t]{0.3\textwidth}" + _tex(b["for"]) + r"\\[2pt]" + mark +
                           r"\\[-2pt]\rule{0.9\linewidth}{0.4pt}\\{\footnotesize " +
                           _tex(AW_SIG_WORD) + r"}\\" + f"{_tex(b['name'])}\\\\{_tex(b['title'])}\\\\"
                           + _tex(b["date"]) + r"\end{minipage}\hfill")
            out.append(r"\par")
    flush()
    out.append(r"\end{document}")
    return "\n".join(out)


AW_SIG_WORD = "Underskrift / Signature"


# ---------------------------------------------------------------- htmldoc, its own HTML engine

def html_render(items: list[It], rng: random.Random, lang: str) -> str:
    on, off = rng.choice([("[x]", "[ ]"), ("(X)", "( )"), ("Ja: X", "Nej")] if lang == "da" else
                         [("[x]", "[ ]"), ("(X)", "( )"), ("Yes: X", "No")])
    out = ["<html><head><meta charset='utf-8'><title></title></head><body>"]
    rows: list[str] = []

    def flush() -> None:
        if rows:
            out.append("<table border='1' cellpadding='3' width='100%'>" + "".join(rows) + "</table>")
            rows.clear()

    for it in items:
        if it.kind == "row":
            rows.append(f"<tr><td width='45%'>{html.escape(it.a)}</td><td><tt>{html.escape(it.b)}</tt></td></tr>"
                        if rng.random() < 0.3 else
                        f"<tr><td width='45%'>{html.escape(it.a)}</td><td>{html.escape(it.b)}&nbsp;</td></tr>")
            continue
        if it.kind == "margin":
            rows.append(f"<tr><td colspan='2'><small>{html.escape(it.a)}</small></td></tr>")
            continue
        flush()
        if it.kind == "title":
            out.append(f"<h1>{html.escape(it.a)}</h1>")
        elif it.kind == "head":
            out.append(f"<h3>{html.escape(it.a)}</h3>")
        elif it.kind in ("para", "note"):
            out.append(f"<p>{'<small>' if it.kind == 'note' else ''}{html.escape(it.a)}"
                       f"{'</small>' if it.kind == 'note' else ''}</p>")
        elif it.kind == "ticks":
            if it.a:
                out.append(f"<p>{html.escape(it.a)}</p>")
            out.append("<p>" + "<br>".join(f"{on if o else off} {html.escape(label)}" for label, o in it.opts)
                       + "</p>")
        elif it.kind == "table":
            out.append("<table border='1' cellpadding='3'><tr>" + "".join(f"<th>{html.escape(h)}</th>"
                                                                        for h, _ in it.opts) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in it.rows]
            out.append("</table>")
        elif it.kind == "page":
            out.append("<!-- NEW PAGE -->")
        elif it.kind == "sign":
            out.append("<table width='100%'><tr>")
            for b in it.blocks:
                sig = b["sig"]
                mark = (f"<img src='{_SIG_PNG}' height='36'>" if sig == "@picture" else
                        f"<i>{html.escape(sig)}</i>" if sig else "&nbsp;")
                out.append(f"<td valign='top'>{html.escape(b['for'])}<br>{mark}<br>______________________<br>"
                           f"<small>{html.escape(AW_SIG_WORD)}</small><br>{html.escape(b['name'])}<br>"
                           f"{html.escape(b['title'])}<br>{html.escape(b['date'])}</td>")
            out.append("</tr></table>")
    flush()
    out.append("</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------- groff -ms with tbl

def _roff(s: str) -> str:
    s = s.replace("\\", "\\e")
    return ("\\&" + s) if s[:1] in (".", "'") else s


def groff_render(items: list[It], rng: random.Random, lang: str) -> str:
    on, off = rng.choice([("[X]", "[ ]"), ("(x)", "( )")])
    out = [".nr PS 10", ".nr VS 12", ".nr HM 0.6i", ".nr FM 0.8i"]
    rows: list[str] = []
    section = [0]

    def flush() -> None:
        if rows:
            out.extend([".TS", "box tab(\t);", "lw(2.6i) | l.", *rows, ".TE"])
            rows.clear()

    for it in items:
        if it.kind == "row":
            value = " ".join(it.b) if it.comb and it.b else it.b
            cell = _roff(value) or "\\&"
            rows.append(f"{_roff(it.a)}\tT{{\n{cell}\nT}}")
            rows.append("_")
            continue
        if rows and rows[-1] == "_":
            rows.pop()
        flush()
        if it.kind == "title":
            out += [".TL", _roff(it.a)]
        elif it.kind == "head":
            section[0] += 1
            out += [".SH", _roff(it.a)]
        elif it.kind in ("para", "margin"):
            out += [".PP", _roff(it.a)]
        elif it.kind == "note":
            out += [".PP", "Se note.\\**" if lang == "da" else "See note.\\**", ".FS", _roff(it.a), ".FE"]
        elif it.kind == "ticks":
            out.append(".PP")
            if it.a:
                out += [_roff(it.a), ".br"]
            for label, o in it.opts:
                out += [f"{on if o else off} {_roff(label)}", ".br"]
        elif it.kind == "table":
            n = len(it.opts)
            out += [".TS", "allbox tab(\t);", " ".join(["lb"] * n) + "", " ".join(["l"] * n) + ".",
                    "\t".join(_roff(h) for h, _ in it.opts), *["\t".join(_roff(c) for c in r) for r in it.rows],
                    ".TE"]
        elif it.kind == "page":
            out.append(".bp")
        elif it.kind == "sign":
            n = len(it.blocks)
            out += [".sp 2", ".TS", "tab(\t);", " ".join(["lw(1.9i)"] * n) + "."]
            out.append("\t".join(_roff(b["for"]) for b in it.blocks))
            out.append("\t".join(f"\\fI{_roff(b['sig'])}\\fP" if b["sig"] and b["sig"] != "@picture" else
                                 "\\&" for b in it.blocks))
            out.append("\t".join("\\l'1.7i'" for _ in it.blocks))
            out.append("\t".join(AW_SIG_WORD for _ in it.blocks))
            for key in ("name", "title", "date"):
                out.append("\t".join(_roff(b[key]) or "\\&" for b in it.blocks))
            out.append(".TE")
    flush()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- rendering

def _run(cmd: list[str], cwd: Path, timeout: float = 240, stdout: Path | None = None) -> None:
    with open(stdout, "wb") if stdout else open("/dev/null", "wb") as so:
        r = subprocess.run(cmd, cwd=cwd, stdout=so, stderr=subprocess.PIPE, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-800:]!r}")


def ensure() -> None:
    missing = [pkg for exe, pkg in (("lualatex", "texlive-luatex"), ("htmldoc", "htmldoc"), ("groff", "groff"),
                                    ("tbl", "groff")) if shutil.which(exe) is None]
    if missing:
        from tests.servers._util import apt_install
        apt_install(*sorted(set(missing)), "texlive-latex-base", "fonts-dejavu-core", "lmodern")


def _signature_png(path: Path, rng: random.Random) -> None:
    """A hand-drawn-looking scribble: a picture only, no text."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (360, 110), 255)
    d = ImageDraw.Draw(img)
    x, y = 10.0, 60.0
    pts = [(x, y)]
    for _ in range(28):
        x += rng.uniform(6, 16)
        y = max(10, min(100, y + rng.uniform(-28, 28)))
        pts.append((x, y))
    d.line(pts, fill=0, width=3, joint="curve")
    img.save(path)


def render_pdf(engine: str, items: list[It], out: Path, rng: random.Random, lang: str) -> None:
    ensure()
    with tempfile.TemporaryDirectory(prefix="sdn-t12-") as tmp:
        w = Path(tmp)
        _signature_png(w / _SIG_PNG, rng)
        if engine.startswith("lualatex"):
            (w / "doc.tex").write_text(tex_render(items, rng, engine.endswith("land")), encoding="utf-8")
            _run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], w)
        elif engine == "htmldoc":
            (w / "doc.html").write_text(html_render(items, rng, lang), encoding="utf-8")
            _run(["htmldoc", "--webpage", "--charset", "utf-8", "--size", "a4", "--no-title",
                  "--header", "...", "--footer", "..1", "--bodyfont", rng.choice(["times", "helvetica"]),
                  "-f", "doc.pdf", "doc.html"], w)
        elif engine == "groff":
            (w / "doc.ms").write_text(groff_render(items, rng, lang), encoding="utf-8")
            _run(["groff", "-k", "-t", "-ms", "-Tpdf", "-dpaper=a4", "-P-pa4", "doc.ms"], w, stdout=w / "doc.pdf")
        else:
            raise ValueError(engine)
        shutil.copyfile(w / "doc.pdf", out)


# ---------------------------------------------------------------- the plan's entries

_counter = {"form": 0, "agr": 0, "service": 0, "kind": 0}
KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]
TRUTH_SIGNING = {"typed": "typed", "two": "typed", "picture": "drawn", "evidence": "evidence",
                 "unsigned": "unsigned", "pending": "pending", "blank": "blank"}


def form(rng: random.Random, p: Party, name: str, engine: str, empty: str = "") -> RLDocument:
    seed = rng.random()
    truth = form_truth_for(p, name, empty)
    items = form_items(random.Random(seed), p, empty, engine)
    variants = f"empty-{empty}" if empty else ""

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(seed + 1), p.language)

    return RLDocument(name, [], truth, f"form-t12-{engine}", p.language, note=f"variants={variants}", draw=draw)


def agreement(rng: random.Random, p: Party, kind: str, engine: str, signing: str, service: str,
              name: str) -> RLDocument:
    if engine == "groff" and signing == "picture":
        signing = "typed"  # groff's tables draw no picture (a "picture" there was no signature at all)
    a = Agr(p, kind, signing, service, engine, rng.random())
    items = agreement_items(random.Random(a.seed), a)
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)
    variants = service if signing in ("evidence", "pending") else ""

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(a.seed + 1), p.language)

    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-t12-{engine}", p.language,
                      note=f"signing={signing};variants={variants}", draw=draw)


def own_template(rng: random.Random, p: Party, name: str, engine: str) -> RLDocument:
    a = Agr(p, "data_processor_agreement", "own", "penneo", engine, rng.random())
    items = own_template_items(random.Random(a.seed), a)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(a.seed + 1), p.language)

    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      f"own_template_dpa-t12-{engine}", p.language, note="signing=typed;variants=own", draw=draw)


def _next_agr(signing: str | None = None) -> tuple[str, str, str]:
    i = _counter["agr"]
    _counter["agr"] += 1
    engine = ENGINES[(i + i // len(ENGINES)) % len(ENGINES)]  # out of step with the kinds' turns
    how = signing or SIGNINGS[(i // len(ENGINES) + i) % len(SIGNINGS)]
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if how in ("evidence", "pending"):
        _counter["service"] += 1
    return engine, how, service


def document(rng: random.Random, what: str, name_of: Callable[[Party, str], str]) -> RLDocument:
    """The next document for `what` (generate.py's plan): forms, the three agreements, own templates."""
    if what == "form":
        i = _counter["form"]
        _counter["form"] += 1
        p = own_party(rng, rng.choice(PARTY_TYPES))
        return form(rng, p, name_of(p, what), ENGINES[i % len(ENGINES)], EMPTIES[i % len(EMPTIES)])
    if what == "own_template":
        p = own_party(rng, rng.choice([x for x in PARTY_TYPES if x != "foreign"]))
        engine, _, _ = _next_agr()
        return own_template(rng, p, name_of(p, what), engine)
    if what not in KINDS:
        what = KINDS[_counter["kind"] % len(KINDS)]
        _counter["kind"] += 1
    p = own_party(rng, "it_supplier" if what == "sub_data_processor_agreement" else rng.choice(PARTY_TYPES))
    engine, how, service = _next_agr()
    return agreement(rng, p, what, engine, how, service, name_of(p, what))


# the case generator's signings (cases.py) as this hand signs them
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "picture", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """This hand's document for a case's party `q` (cases.py --hand twelfth)."""
    if what == "information_form":
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, q, fname, ENGINES[i % len(ENGINES)])
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "evidence", "two"]))
    engine, how, service = _next_agr(how)
    return agreement(rng, q, what, engine, how, service, fname)


def reset() -> None:
    """Start the turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0, kind=0)


__all__ = ["document", "case_document", "reset", "form", "agreement", "own_template", "form_items",
           "agreement_items", "render_pdf", "own_party", "form_truth_for"]
