"""An eleventh hand: information forms and SDN agreements as still other organisations write them, with PDF
producers none of the ten other hands used in these ways:

* **PostScript written by hand, turned into PDF by ps2pdf** (Ghostscript): labels right-aligned in a left
  column, each value in a rectangle drawn around it, ticks drawn as two strokes in a drawn square, words shown
  one `show` at a time with no space characters, labels letter-spaced by `ashow`, sentences by `widthshow`;
* **WeasyPrint** with this hand's own CSS: sections floated side by side in two columns, labels made by CSS
  `::before { content: attr(...) }` (not in the HTML's text), questions as "Q1"/"A1" with the answer set smaller
  under its question, the contacts in a table whose role cell spans its rows (`rowspan`), ticks drawn by CSS;
* **pdfLaTeX**: description lists, `\\dotfill` leaders, `\\fbox` ticks, a `tabularx` party table;
* **img2pdf** over pages rendered by pdftoppm: a picture-only PDF (nothing may be read with confidence).

Written without reading the reader (issue 22): from MedCom's seed, the domain, and the truth the other hands
return (`forms.form_truth`, `agreements.agreement_truth`). Its own parties and words: a midwife clinic, a
podiatrist, a hearing clinic, a blood bank, a school dental service, a regional psychiatry unit, Norwegian and
Icelandic telemedicine firms; a lawyer or consultant filling in the form for a client; dates as "7. december
2026", "07-12-26", "2026-12-07"; the CVR in words beside its digits; addresses on one line with commas; a
signature line with the title above and the name under it; evidence pages of Penneo, Visma Addo, DocuSign,
Adobe Acrobat Sign, Scrive, Dokobit and Oneflow in this hand's words; and the negative cases: unsigned,
pending, blank agreements, a form with a field truly left empty, the party's own data processing terms.

`plan()` in generate.py asks `document()` for the tool `eleventh`; `render_all` calls `draw()`; `cases.py
--hand eleventh` asks `case_document()`.
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

from bench.outside.agreements import MEDCOM, agreement_truth
from bench.outside.forms import form_truth_for
from bench.outside.people import Party, Person, party
from bench.outside.render_reportlab import RLDocument

FORM_ENGINES = ["ps", "weasy", "latex", "ps", "weasy", "latex", "image"]
AGR_ENGINES = ["ps", "weasy", "latex"]
SIGNINGS = ["evidence", "typed", "unsigned", "evidence", "pending", "typed", "blank", "evidence", "typed"]
SERVICES = ["penneo", "addo", "docusign", "acrobat", "scrive", "dokobit", "oneflow"]
EMPTIES = ["", "", "tech_phone", "", "ip_scopes", "", "site", ""]
MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}
DIGIT_WORDS = {"da": ["nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"],
               "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]}


# ---------------------------------------------------------------- the items a page is made of

@dataclass
class It:
    """One thing on a page: title, head, para, small, field (label, value), qa (question, answer), checks
    (question, options), roles (header, rows), sign (cells), page, cols (left items, right items)."""

    kind: str
    a: str = ""
    b: str = ""
    opts: list[tuple[str, bool]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    cells: list[dict[str, str]] = field(default_factory=list)
    left: list[It] = field(default_factory=list)
    right: list[It] = field(default_factory=list)


def e_date(rng: random.Random, d: date, lang: str) -> str:
    m = MONTHS[lang][d.month - 1]
    return rng.choice([f"{d.day}. {m} {d.year}" if lang == "da" else f"{d.day} {m} {d.year}",
                       f"{d:%d-%m-%y}", f"{d:%Y-%m-%d}"])


def cvr_text(rng: random.Random, cvr: str, lang: str) -> str:
    """The CVR as this hand writes it: digits, sometimes spelled out beside them."""
    roll = rng.random()
    if roll < 0.3:
        return f"{cvr} ({' '.join(DIGIT_WORDS[lang][int(c)] for c in cvr)})"
    if roll < 0.5:
        return f"{cvr[:4]} {cvr[4:]}"
    return cvr


def phone_text(rng: random.Random, p: Person) -> str:
    d = p.phone[3:]
    return rng.choice([p.local_phone, f"+45 {d[:4]} {d[4:]}", f"0045 {d}", f"(+45) {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"])


# ---------------------------------------------------------------- this hand's parties

OWN_NAMES = {
    "practitioner": ["Jordemoderhuset {t} ApS", "Fodklinikken {t}", "Psykologpraksis {t} I/S"],
    "private_hospital": ["Høreklinikken {t} ApS", "Privatklinik {t} A/S"],
    "public_hospital": ["Blodbanken på {t} Sygehus", "Sygehus {t}"],
    "region": ["Psykiatrien i Region {t}"],
    "municipality": ["{t} Kommune"],
    "pharmacy": ["{t} Løve Apotek", "Apoteket {t}"],
    "laboratory": ["Klinisk Laboratorium {t} ApS"],
    "it_supplier": ["{t} Telemedicin ApS", "Journalsystemer {t} A/S"],
    "foreign": ["{t} Telehelse AS, norsk filial", "Fjarheilsa {t} ehf., útibú í Danmörku"],
}
FOREIGN_REGS = ["Org.nr. 9{a} {b} {c} (Brønnøysundregistrene)", "Kennitala {d}-{e} (Fyrirtækjaskrá)"]
PARTY_TYPES = [None, "practitioner", "private_hospital", "public_hospital", "region", "municipality", "pharmacy",
               "laboratory", "foreign"]


def own_party(rng: random.Random, ptype: str | None = None) -> Party:
    p = party(rng, ptype)
    town = rng.choice(["Ravnsby", "Hedelund", "Skærbæk Mark", "Ølstrup", "Guldager", "Ærøby", "Fjordhavn"])
    org = rng.choice(OWN_NAMES[p.party_type]).format(t=town)
    reg = p.foreign_reg
    if p.party_type == "foreign":
        reg = rng.choice(FOREIGN_REGS).format(a=rng.randint(10, 99), b=rng.randint(100, 999), c=rng.randint(100, 999),
                                              d=rng.randint(100000, 699999), e=rng.randint(1000, 9999))
    return replace(p, organisation=org, foreign_reg=reg)


# ---------------------------------------------------------------- the information form, in this hand's words

W = {
    "da": {"title": ["Stamoplysninger til tilslutning af Sundhedsdatanettet", "SDN – oplysninger om ny tilslutning"],
           "intro": "Skemaet returneres sammen med de underskrevne aftaler. Felter markeret * skal udfyldes.",
           "s_org": ["Om organisationen", "Part"],
           "s_contact": ["Ansvarlig for aftalen hos os", "Kontakt vedr. aftalen"],
           "s_tech": ["Drift og teknik", "Teknikere der må kontaktes af TDC"],
           "s_site": ["Hvor skal SDN-boksen stå?", "Leveringssted for udstyr"],
           "s_net": ["Netværk der skal på SDN", "IP-adresser"], "s_conn": ["Forbindelse", "Adgang til nettet"],
           "org": ["Juridisk navn", "Organisationens navn*"], "cvr": ["CVR", "CVR-nummer*"],
           "reg": "Udenlandsk registreringsnr.", "name": ["Navn", "Fulde navn"], "mail": ["E-post", "Mail"],
           "phone": ["Tlf.", "Direkte telefon"], "street": "Vej og husnr.", "pc": "Postnr. og by",
           "addr": "Adresse (vej, postnr., by)", "nets": "Net (CIDR)", "none": "(ikke udfyldt)",
           "role": "Rolle", "roles": ["Primær tekniker", "Stedfortræder", "Vagt"],
           "type_q": "Hvilken slags part er I?",
           "types": {"region": "Region", "municipality": "Kommune", "public_hospital": "Offentligt hospital",
                     "private_hospital": "Privat hospital eller klinik",
                     "practitioner": "Praktiserende (ydernummer under sygesikringen)", "pharmacy": "Apotek",
                     "laboratory": "Privat laboratorium", "it_supplier": "Systemleverandør",
                     "foreign": "Udenlandsk samarbejdspartner"},
           "via_q": "Går jeres forbindelse gennem en leverandør?", "via_no": "Nej, vi tilslutter os selv",
           "via_kmd": "Ja, gennem KMD", "via_other": "Ja, gennem anden leverandør:",
           "by": "Skemaet er udfyldt af {who}, {firm}, på vegne af klienten ({mail}, tlf. {phone})",
           "foot": "Returneres til sdn@medcom.example · MedCom, Forskerparken 10, 5230 Odense M · tlf. 6543 2100"},
    "en": {"title": ["Health Data Network – site details", "SDN onboarding questionnaire"],
           "intro": "Please return this questionnaire with the signed agreements. Items marked * are required.",
           "s_org": ["The organisation", "Party"], "s_contact": ["Our person responsible for the agreement",
                                                                 "Agreement contact"],
           "s_tech": ["Operations and engineering", "Engineers TDC may call"],
           "s_site": ["Where will the SDN box be placed?", "Delivery site for equipment"],
           "s_net": ["Networks to be routed", "IP ranges"], "s_conn": ["Connection", "Access to the network"],
           "org": ["Legal name", "Name of organisation*"], "cvr": ["CVR", "Danish CVR number*"],
           "reg": "Foreign registration no.", "name": ["Name", "Full name"], "mail": ["E-mail", "Mail"],
           "phone": ["Tel.", "Direct line"], "street": "Street and number", "pc": "Postcode and town",
           "addr": "Address (street, postcode, town)", "nets": "Network (CIDR)", "none": "(left blank)",
           "role": "Role", "roles": ["Primary engineer", "Deputy", "On call"],
           "type_q": "What kind of party are you?",
           "types": {"region": "Region", "municipality": "Municipality", "public_hospital": "Public hospital",
                     "private_hospital": "Private hospital or clinic",
                     "practitioner": "Practitioner under the public health insurance", "pharmacy": "Pharmacy",
                     "laboratory": "Private laboratory", "it_supplier": "System supplier",
                     "foreign": "Foreign partner"},
           "via_q": "Is your connection made through a supplier?", "via_no": "No, we connect ourselves",
           "via_kmd": "Yes, through KMD", "via_other": "Yes, through another supplier:",
           "by": "Completed by {who}, {firm}, on behalf of the client ({mail}, tel. {phone})",
           "foot": "Return to sdn@medcom.example · MedCom, Forskerparken 10, 5230 Odense M · tel. 6543 2100"},
}
FIRMS = ["Advokatfirmaet Holm & Brink", "Sundhedsrådgivning Nord ApS", "Kjær Consulting"]


def form_items(rng: random.Random, p: Party, empty: str, engine: str) -> list[It]:
    """The form's items: lettered sections, plain labels inside; the sections in two columns for WeasyPrint."""
    w = W[p.language]
    qa = engine == "weasy" and rng.random() < 0.5
    n = [0]

    def f(label: str, value: str) -> It:
        if qa:
            n[0] += 1
            return It("qa", f"Q{n[0]}. {label}", f"A{n[0]}. {value}" if value else f"A{n[0]}.")
        return It("field", label, value)

    def person_items(x: Person) -> list[It]:
        return [f(rng.choice(w["name"]), x.name), f(rng.choice(w["mail"]), x.email),
                f(rng.choice(w["phone"]), phone_text(rng, x))]

    org = [f(rng.choice(w["org"]), p.organisation), f(rng.choice(w["cvr"]), cvr_text(rng, p.cvr, p.language))]
    if p.foreign_reg:
        org.append(f(w["reg"], p.foreign_reg))
    org.append(It("checks", w["type_q"], opts=[(t, k == p.party_type) for k, t in w["types"].items()]))
    techs = [[w["roles"][min(i, 2)], t.name, t.email, "" if (i == 0 and empty == "tech_phone") else phone_text(rng, t)]
             for i, t in enumerate(p.technical)]
    inst = p.installation
    if empty == "site":
        site = [f(w["addr"], "")]
    elif rng.random() < 0.5:
        site = [f(w["addr"], f"{inst.street}, {inst.postcode} {inst.city}")]
    else:
        site = [f(w["street"], inst.street), f(w["pc"], f"{inst.postcode} {inst.city}")]
    nets = [f(w["nets"], "")] if empty == "ip_scopes" else [f(f"{w['nets']} {i}", n_) for i, n_ in
                                                            enumerate(p.ip_scopes, 1)]
    via = p.connected_via
    conn = It("checks", w["via_q"], opts=[(w["via_no"], via is None), (w["via_kmd"], via == "KMD"),
                                          (w["via_other"] + (f" {via}" if via and via != "KMD" else ""),
                                           bool(via and via != "KMD"))])
    letters = "ABCDEF" if rng.random() < 0.5 else "123456"
    sec = [(rng.choice(w["s_org"]), org), (rng.choice(w["s_contact"]), person_items(p.org_contact)),
           (rng.choice(w["s_tech"]), [It("roles", "", rows=techs, opts=[(h, False) for h in (
               w["role"], w["name"][0], w["mail"][0], w["phone"][0])])]),
           (rng.choice(w["s_site"]), site), (rng.choice(w["s_net"]), nets), (rng.choice(w["s_conn"]), [conn])]
    out = [It("title", rng.choice(w["title"])), It("small", w["intro"])]
    if rng.random() < 0.4:
        who = rng.choice(["Mette Brink", "Ole Kjær", "Susanne Holm"])
        out.append(It("small", w["by"].format(who=who, firm=rng.choice(FIRMS), mail=f"{who.split()[0].lower()}@"
                                              "raadgiver.example", phone="3311 2244")))
    blocks = [[It("head", f"{letters[i]}. {h}"), *items] for i, (h, items) in enumerate(sec)]
    if engine == "weasy" and rng.random() < 0.6:  # sections side by side, two by two
        for i in range(0, len(blocks), 2):
            out.append(It("cols", left=blocks[i], right=blocks[i + 1]))
    else:
        for b in blocks:
            out += b
    out.append(It("small", w["foot"]))
    return out


# ---------------------------------------------------------------- the agreements, in this hand's words

A = {
    "da": {"between": "Aftalen er indgået mellem", "and": "og", "party": ["Tilsluttet part", "Parten", "Kunden"],
           "medcom": "MedCom (databehandler/netoperatør)", "name": "Navn", "cvr": "CVR", "addr": "Adresse",
           "for": "For {org}", "title_l": "Stilling", "name_l": "Navn (blokbogstaver)", "date_l": "Dato",
           "place": "{city}, den {d}", "sig": "Underskrift"},
    "en": {"between": "This agreement is made between", "and": "and", "party": ["Connected party", "The Party",
                                                                               "Customer"],
           "medcom": "MedCom (data processor/network operator)", "name": "Name", "cvr": "CVR", "addr": "Address",
           "for": "For and on behalf of {org}", "title_l": "Position", "name_l": "Name (block capitals)",
           "date_l": "Date", "place": "{city}, {d}", "sig": "Signature"},
}
SERVICE_NAME = {"penneo": "Penneo", "addo": "Visma Addo", "docusign": "DocuSign", "acrobat": "Adobe Acrobat Sign",
                "scrive": "Scrive", "dokobit": "Dokobit", "oneflow": "Oneflow"}
MEDCOM_SIGNER = ("Hanne Rytter Lund", "Direktør")


@dataclass
class Agr:
    p: Party
    kind: str
    signing: str  # typed, evidence, unsigned, pending, blank, own
    service: str
    engine: str
    seed: float


def evidence_page(rng: random.Random, a: Agr, title: str) -> list[It]:
    """A signing service's record, in this hand's words; a pending one names whom it waits for."""
    p, lang, svc = a.p, a.p.language, SERVICE_NAME[a.service]
    at = datetime.combine(p.signature_date, time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)))
    medcom_at = at + timedelta(hours=rng.randint(2, 30))
    ref = "-".join(f"{rng.randint(0, 0xFFFF):04X}" for _ in range(4))
    pending = a.signing == "pending"
    head = {"da": {False: f"{svc} · Kvittering for underskrift", True: f"{svc} · Status for underskrift"},
            "en": {False: f"{svc} · Record of completed signing", True: f"{svc} · Signing status"}}[lang][pending]
    items = [It("page"), It("title", head),
             It("field", "Dokument" if lang == "da" else "Document", title),
             It("field", "Reference", ref)]
    if pending:
        items.append(It("para", (f"Afventer underskrift fra {p.signatory.name} ({p.organisation}). Dokumentet er "
                                 "ikke færdigunderskrevet." if lang == "da" else
                                 f"Waiting for {p.signatory.name} ({p.organisation}) to sign. The document is not "
                                 "completed.")))
        items.append(It("roles", rows=[[MEDCOM_SIGNER[0], "MedCom", f"{medcom_at:%Y-%m-%d %H:%M}"],
                                       [p.signatory.name, p.organisation, "—"]],
                        opts=[(h, False) for h in (["Underskriver", "For", "Underskrevet"] if lang == "da"
                                                   else ["Signer", "On behalf of", "Signed at"])]))
        return items
    says = {"da": f"Alle underskrivere herunder har underskrevet dokumentet elektronisk med MitID via {svc}.",
            "en": f"Every signer below has signed the document electronically through {svc}."}[lang]
    items.append(It("para", says))
    stamp = rng.choice(["%Y-%m-%d %H:%M:%S UTC", "%d.%m.%Y kl. %H:%M" if lang == "da" else "%d %b %Y %H:%M GMT"])
    items.append(It("roles", rows=[[p.signatory.name, p.signatory_title, p.organisation, f"{at:{stamp}}"],
                                   [MEDCOM_SIGNER[0], MEDCOM_SIGNER[1], "MedCom", f"{medcom_at:{stamp}}"]],
                    opts=[(h, False) for h in (["Navn", "Rolle", "Organisation", "Tidspunkt"] if lang == "da"
                                               else ["Name", "Role", "Organisation", "Time"])]))
    items.append(It("small", {"da": f"Forseglet af {svc}. Kontrollér forseglingen på {a.service}.example/verify.",
                              "en": f"Sealed by {svc}. Verify the seal at {a.service}.example/verify."}[lang]))
    return items


def agreement_items(rng: random.Random, a: Agr) -> list[It]:
    from mailbot.core.agreement_texts import AGREEMENTS

    p, lang = a.p, a.p.language
    w = A[lang]
    t = AGREEMENTS[(a.kind, lang)]
    title = t.title
    out = [It("title", title), It("para", w["between"])]
    addr = f"{p.office.street}, {p.office.postcode} {p.office.city}"
    party_rows = [(w["name"], p.organisation), (w["cvr"], cvr_text(rng, p.cvr, lang)), (w["addr"], addr)]
    if p.foreign_reg:
        party_rows.insert(2, ("Reg.", p.foreign_reg))
    out.append(It("head", rng.choice(w["party"])))
    out += [It("field", k, v) for k, v in party_rows]
    out.append(It("para", w["and"]))
    out.append(It("head", w["medcom"]))
    out += [It("field", w["name"], "MedCom"), It("field", w["cvr"], MEDCOM["cvr"]),
            It("field", w["addr"], f"{MEDCOM['street']}, {MEDCOM['town']}")]
    for head, text in t.clauses + (t.annex or []):
        out += [It("head", head), It("para", text)]
    d = e_date(rng, p.signature_date, lang)
    dated = w["place"].format(city=p.office.city, d=d) if rng.random() < 0.5 else f"{w['date_l']}: {d}"
    blank = a.signing == "blank"
    pending = a.signing == "pending"
    mine = {"above": "" if blank else p.signatory_title, "sig": p.signatory.name if a.signing == "typed" else "",
            "name": "" if blank else p.signatory.name, "date": "" if blank or pending else dated,
            "for": w["for"].format(org=p.organisation)}
    theirs = {"above": MEDCOM_SIGNER[1], "sig": "" if a.signing in ("unsigned", "blank") else MEDCOM_SIGNER[0],
              "name": MEDCOM_SIGNER[0], "date": "" if a.signing in ("unsigned", "blank", "pending") else
              f"{w['date_l']}: {e_date(rng, p.signature_date + timedelta(days=1), lang)}",
              "for": w["for"].format(org="MedCom")}
    if a.signing in ("evidence", "pending"):
        mine["sig"] = theirs["sig"] = ""
    out.append(It("sign", cells=[mine, theirs] if rng.random() < 0.6 else [theirs, mine]))
    if a.signing in ("evidence", "pending"):
        out += evidence_page(rng, a, title)
    return out


def own_template_items(rng: random.Random, a: Agr) -> list[It]:
    """The party's own processing terms with MedCom as its supplier: not MedCom's template."""
    p, lang = a.p, a.p.language
    if lang == "da":
        clauses = [("1. Formål", f"Disse vilkår gælder for alle leverandører, der behandler personoplysninger for "
                                 f"{p.organisation}, herunder MedCom ved brug af Sundhedsdatanettet."),
                   ("2. Leverandørens pligter", "Leverandøren følger kundens skriftlige anvisninger og kundens "
                                                "informationssikkerhedspolitik."),
                   ("3. Revision", "Kunden kan én gang årligt kræve en revisorerklæring (ISAE 3000)."),
                   ("4. Lovvalg", "Dansk ret. Tvister afgøres ved kundens hjemting.")]
        title, who = f"{p.organisation} – Leverandørvilkår for behandling af personoplysninger", "Leverandør"
    else:
        clauses = [("1. Scope", f"These terms apply to every supplier processing personal data for "
                                f"{p.organisation}, including MedCom for the Health Data Network."),
                   ("2. Supplier duties", "The supplier follows the customer's written directions and security "
                                          "policy."),
                   ("3. Audit", "Once a year the customer may require an ISAE 3000 statement."),
                   ("4. Governing law", "Danish law. Disputes go to the customer's home court.")]
        title, who = f"{p.organisation} – Supplier terms for processing personal data", "Supplier"
    out = [It("title", title), It("field", "Kunde" if lang == "da" else "Customer", p.organisation),
           It("field", "CVR", p.cvr), It("field", who, f"MedCom, CVR {MEDCOM['cvr']}")]
    for h, t in clauses:
        out += [It("head", h), It("para", t)]
    out.append(It("sign", cells=[{"above": p.signatory_title, "sig": p.signatory.name, "name": p.signatory.name,
                                  "date": e_date(rng, p.signature_date, lang), "for": p.organisation}]))
    return out


# ---------------------------------------------------------------- PostScript by hand, then ps2pdf

_PS_HEAD = """%!PS-Adobe-3.0
%%Creator: sdn-intake-forms.ps (hand-written)
%%Pages: (atend)
/reenc { findfont dup length dict begin { 1 index /FID ne { def } { pop pop } ifelse } forall
  /Encoding ISOLatin1Encoding def currentdict end definefont pop } def
/HL /Helvetica reenc /HB /Helvetica-Bold reenc /HO /Helvetica-Oblique reenc /TR /Times-Roman reenc
/ZC /ZapfChancery-MediumItalic reenc
/F { exch findfont exch scalefont setfont } def
/R { dup stringwidth pop neg 0 rmoveto show } def
/WS { /g exch def { show g 0 rmoveto } forall } def
/X { 0.8 setlinewidth } def
"""


def _ps(s: str) -> str:
    s = (s.replace("–", "-").replace("—", "-").replace("’", "'").replace("·", "\xb7").replace("✓", "x")
         .replace("\u2026", "..."))
    out = []
    for ch in s:
        if ch in "()\\":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        elif ord(ch) < 256:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append("?")
    return "(" + "".join(out) + ")"


class PS:
    """A page writer: a y cursor from the top, pages broken when full, text shown in one of four ways."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.out, self.y, self.page = rng, [_PS_HEAD], 790.0, 1
        self.out.append("%%Page: 1 1\n")
        self.mode = rng.choice(["show", "words", "widthshow"])

    def need(self, h: float) -> None:
        if self.y - h < 50:
            self.newpage()

    def newpage(self) -> None:
        self.page += 1
        self.out.append(f"showpage\n%%Page: {self.page} {self.page}\n")
        self.y = 790.0

    def text(self, x: float, y: float, s: str, font: str = "HL", size: float = 10, right: bool = False,
             spaced: bool = False) -> None:
        if not s:
            return
        self.out.append(f"/{font} {size} F {x:.1f} {y:.1f} moveto ")
        if right:
            self.out.append(f"{_ps(s)} R\n")
        elif spaced:
            self.out.append(f"0.6 0 {_ps(s)} ashow\n")
        elif self.mode == "words" and " " in s:
            gap = size * 0.278 + self.rng.choice([0.0, 0.3, 0.6])
            self.out.append("[ " + " ".join(_ps(w) for w in s.split(" ") if w) + f" ] {gap:.2f} WS\n")
        elif self.mode == "widthshow" and " " in s:
            self.out.append(f"1.2 0 32 {_ps(s)} widthshow\n")
        else:
            self.out.append(f"{_ps(s)} show\n")

    def wrapped(self, x: float, s: str, size: float, width: float, font: str = "HL") -> None:
        line: list[str] = []
        for word in s.split():
            if len(" ".join([*line, word])) * size * 0.5 > width and line:
                self.need(size + 3)
                self.text(x, self.y, " ".join(line), font, size)
                self.y -= size + 3
                line = []
            line.append(word)
        if line:
            self.need(size + 3)
            self.text(x, self.y, " ".join(line), font, size)
            self.y -= size + 3

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.out.append(f"X {x:.1f} {y:.1f} {w:.1f} {h:.1f} rectstroke\n")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.out.append(f"X newpath {x1:.1f} {y1:.1f} moveto {x2:.1f} {y2:.1f} lineto stroke\n")

    def done(self) -> str:
        return "".join(self.out) + "showpage\n%%Trailer\n%%EOF\n"


def ps_render(items: list[It], rng: random.Random) -> str:
    ps = PS(rng)
    col = rng.choice([150.0, 170.0, 190.0])  # where the right-aligned labels end
    for it in items:
        if it.kind == "title":
            ps.need(30)
            ps.text(56, ps.y, it.a, "HB", 15)
            ps.y -= 26
        elif it.kind == "head":
            ps.need(30)
            ps.y -= 6
            ps.text(56, ps.y, it.a.upper() if rng.random() < 0.3 else it.a, "HB", 11, spaced=rng.random() < 0.4)
            ps.line(56, ps.y - 4, 540, ps.y - 4)
            ps.y -= 20
        elif it.kind in ("para", "small"):
            ps.wrapped(56, it.a, 10 if it.kind == "para" else 7.5, 480, "TR" if it.kind == "para" else "HL")
            ps.y -= 4
        elif it.kind == "field":
            ps.need(22)
            ps.text(col, ps.y, it.a, "HL", 9, right=True)
            ps.rect(col + 8, ps.y - 5, 540 - col - 8, 17)
            ps.text(col + 13, ps.y, it.b, "HL", 10)
            ps.y -= 22
        elif it.kind == "checks":
            ps.need(18)
            ps.text(56, ps.y, it.a, "HB", 9.5)
            ps.y -= 16
            per = 2 if len(it.opts) > 4 else 1
            for i, (opt, on) in enumerate(it.opts):
                x = 70 + (i % per) * 240
                ps.need(15)
                ps.rect(x, ps.y - 1, 8, 8)
                if on:
                    ps.line(x + 1, ps.y, x + 7, ps.y + 6)
                    ps.line(x + 1, ps.y + 6, x + 7, ps.y)
                ps.text(x + 13, ps.y, opt, "HL", 9)
                if i % per == per - 1 or i == len(it.opts) - 1:
                    ps.y -= 15
            ps.y -= 4
        elif it.kind == "roles":
            head = [h for h, _ in it.opts]
            longest = [max(len(r[c]) for r in [head, *it.rows]) + 4 for c in range(len(head))]
            widths = [480 * n / sum(longest) for n in longest]  # each column as wide as its longest text
            ps.need(18 * (len(it.rows) + 1))
            for r, row in enumerate([head, *it.rows]):
                x = 56.0
                for c, cell in enumerate(row):
                    ps.rect(x, ps.y - 5, widths[c], 16)
                    ps.text(x + 3, ps.y, cell, "HB" if r == 0 else "HL", 8)
                    x += widths[c]
                ps.y -= 16
            ps.y -= 8
        elif it.kind == "sign":
            ps.need(120)
            ps.y -= 10
            for i, c in enumerate(it.cells):
                x, y = 56 + i * 250, ps.y
                ps.text(x, y, c["for"], "HL", 8)
                ps.text(x, y - 16, c["above"], "HL", 9)
                ps.text(x + 8, y - 42, c["sig"], "ZC", 16)
                ps.line(x, y - 48, x + 210, y - 48)
                ps.text(x, y - 60, c["name"], "HB", 9)
                ps.text(x, y - 73, c["date"], "HL", 9)
            ps.y -= 95
        elif it.kind == "page":
            ps.newpage()
    return ps.done()


# ---------------------------------------------------------------- WeasyPrint, this hand's CSS

_CSS = """
@page { size: A4; margin: 16mm 15mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 7pt; } }
body { font-family: 'DejaVu Serif', serif; font-size: 9.5pt; color: #222; }
h1 { font: bold 15pt 'DejaVu Sans', sans-serif; border-bottom: 3px double #444; padding-bottom: 3pt; }
h2 { font: bold 10.5pt 'DejaVu Sans', sans-serif; background: #e8eef4; padding: 2pt 4pt; margin: 10pt 0 4pt; }
.f { margin: 3pt 0; }
.f .v::before { content: attr(data-l) "  "; font: 8pt 'DejaVu Sans', sans-serif; color: #555; display: inline-block;
  width: 45mm; }
.f .v.stack::before { display: block; width: auto; }
.q { font: bold 9pt 'DejaVu Sans', sans-serif; margin: 5pt 0 0; }
.a { font-size: 8pt; margin: 0 0 3pt 10pt; }
.box { display: inline-block; width: 8pt; height: 8pt; border: 0.8pt solid #000; margin-right: 5pt;
  vertical-align: -1pt; position: relative; }
.box.on::after { content: "✕"; position: absolute; left: 0.5pt; top: -2.5pt; font: 8pt 'DejaVu Sans', sans-serif; }
.opt { margin: 1pt 0 1pt 8pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
td, th { border: 0.6pt solid #777; padding: 2pt 4pt; font-size: 8.5pt; text-align: left; vertical-align: top; }
.cols::after { content: ""; display: block; clear: both; }
.col { float: left; width: 48%; margin-right: 4%; }
.col.r { margin-right: 0; }
.small { font-size: 7.5pt; color: #444; }
.sig { display: inline-block; width: 46%; vertical-align: top; margin-right: 4%; margin-top: 14pt; }
.sig .above { font-size: 9pt; min-height: 11pt; }
.sig .hand { font: italic 16pt 'DejaVu Serif', serif; min-height: 22pt; }
.sig .rule { border-top: 0.8pt solid #000; padding-top: 2pt; font-weight: bold; min-height: 11pt; }
.pb { page-break-before: always; }
"""


def _h(s: str) -> str:
    return html.escape(s, quote=True)


def html_items(items: list[It], rng: random.Random) -> str:
    stack = rng.random() < 0.4
    out = []
    for it in items:
        if it.kind == "title":
            out.append(f"<h1>{_h(it.a)}</h1>")
        elif it.kind == "head":
            out.append(f"<h2>{_h(it.a)}</h2>")
        elif it.kind == "para":
            out.append(f"<p>{_h(it.a)}</p>")
        elif it.kind == "small":
            out.append(f"<p class='small'>{_h(it.a)}</p>")
        elif it.kind == "field":
            out.append(f"<div class='f'><span class='v{' stack' if stack else ''}' data-l='{_h(it.a)}'>"
                       f"{_h(it.b)}</span></div>")
        elif it.kind == "qa":
            out.append(f"<p class='q'>{_h(it.a)}</p><p class='a'>{_h(it.b)}</p>")
        elif it.kind == "checks":
            out.append(f"<p class='q'>{_h(it.a)}</p>")
            out += [f"<div class='opt'><span class='box{' on' if on else ''}'></span>{_h(o)}</div>"
                    for o, on in it.opts]
        elif it.kind == "roles":
            head = [h for h, _ in it.opts]
            rows = ["<tr>" + "".join(f"<th>{_h(h)}</th>" for h in head) + "</tr>"]
            span = len(head) == 4 and head[0] in ("Rolle", "Role") and len(it.rows) > 1 and rng.random() < 0.6
            for i, r in enumerate(it.rows):
                if span:  # one role cell over every engineer
                    first = (f"<td rowspan='{len(it.rows)}'>{_h(r[0])}</td>" if i == 0 else "")
                    rows.append("<tr>" + first + "".join(f"<td>{_h(c)}</td>" for c in r[1:]) + "</tr>")
                else:
                    rows.append("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in r) + "</tr>")
            out.append("<table>" + "".join(rows) + "</table>")
        elif it.kind == "sign":
            for c in it.cells:
                out.append(f"<div class='sig'><div class='small'>{_h(c['for'])}</div><div class='above'>"
                           f"{_h(c['above'])}</div><div class='hand'>{_h(c['sig'])}</div><div class='rule'>"
                           f"{_h(c['name'])}</div><div>{_h(c['date'])}</div></div>")
        elif it.kind == "page":
            out.append("<div class='pb'></div>")
        elif it.kind == "cols":
            out.append(f"<div class='cols'><div class='col'>{html_items(it.left, rng)}</div>"
                       f"<div class='col r'>{html_items(it.right, rng)}</div></div>")
    return "\n".join(out)


def weasy_render(items: list[It], rng: random.Random, lang: str) -> str:
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"
            f"{html_items(items, rng)}</body></html>")


# ---------------------------------------------------------------- pdfLaTeX

def _tex(s: str) -> str:
    rep = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
           "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "–": "--", "—": "---",
           "·": r"\textperiodcentered{}", "✕": "x"}
    return "".join(rep.get(c, c) for c in s)


def tex_items(items: list[It], rng: random.Random) -> str:
    leaders = rng.random() < 0.5
    out: list[str] = []
    in_desc = False
    for it in items:
        if it.kind != "field" and in_desc:
            out.append(r"\end{description}")
            in_desc = False
        if it.kind == "title":
            out.append(r"{\Large\bfseries " + _tex(it.a) + r"\par}\medskip")
        elif it.kind == "head":
            out.append(r"\subsection*{" + _tex(it.a) + "}")
        elif it.kind == "para":
            out.append(_tex(it.a) + r"\par\smallskip")
        elif it.kind == "small":
            out.append(r"{\footnotesize " + _tex(it.a) + r"\par}\smallskip")
        elif it.kind == "field":
            if leaders:
                out.append(r"\noindent " + _tex(it.a) + r"\ \dotfill\ " + (_tex(it.b) or r"\hspace*{5cm}")
                           + r"\par")
            else:
                if not in_desc:
                    out.append(r"\begin{description}")
                    in_desc = True
                out.append(r"\item[" + _tex(it.a) + ":] " + (_tex(it.b) or r"\mbox{}"))
        elif it.kind == "qa":
            out.append(r"\noindent\textbf{" + _tex(it.a) + r"}\\ {\small " + _tex(it.b) + r"}\par")
        elif it.kind == "checks":
            out.append(r"\noindent\textbf{" + _tex(it.a) + r"}\par")
            for o, on in it.opts:
                out.append(r"\quad\fbox{\makebox[0.6em]{" + ("X" if on else "") + "}} " + _tex(o) + r"\par")
        elif it.kind == "roles":
            head = [h for h, _ in it.opts]
            spec = "l" + "X" * (len(head) - 1)
            body = [" & ".join(r"\textbf{" + _tex(h) + "}" for h in head) + r" \\ \hline"]
            body += [" & ".join(_tex(c) for c in r) + r" \\ \hline" for r in it.rows]
            out.append(r"\noindent\begin{tabularx}{\linewidth}{|" + "|".join(spec) + r"|}\hline " + "\n".join(body)
                       + r"\end{tabularx}\par\medskip")
        elif it.kind == "sign":
            cols = []
            for c in it.cells:
                cols.append(r"\begin{minipage}[t]{0.45\linewidth}{\footnotesize " + _tex(c["for"]) + r"}\par "
                            + (_tex(c["above"]) or r"\mbox{}") + r"\par\vspace{4mm}"
                            + r"{\Large\itshape " + (_tex(c["sig"]) or r"\mbox{}") + r"}\par\vspace{-1mm}"
                            + r"\rule{\linewidth}{0.4pt}\par\textbf{" + (_tex(c["name"]) or r"\mbox{}") + r"}\par "
                            + (_tex(c["date"]) or r"\mbox{}") + r"\end{minipage}")
            out.append(r"\par\bigskip\noindent " + r"\hfill".join(cols) + r"\par")
        elif it.kind == "page":
            out.append(r"\newpage")
        elif it.kind == "cols":
            out.append(tex_items(it.left, rng) + tex_items(it.right, rng))
    if in_desc:
        out.append(r"\end{description}")
    return "\n".join(out)


def latex_render(items: list[It], rng: random.Random, lang: str) -> str:
    font = rng.choice([r"\usepackage{lmodern}", r"\usepackage{lmodern}\renewcommand{\familydefault}{\sfdefault}"])
    return (r"\documentclass[10pt,a4paper]{article}\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}" + font
            + r"\usepackage[margin=2cm]{geometry}\usepackage{tabularx}\setlength{\parindent}{0pt}"
            + r"\pagestyle{plain}\begin{document}" + "\n" + tex_items(items, rng) + "\n" + r"\end{document}" + "\n")


# ---------------------------------------------------------------- running the tools

def _run(cmd: list[str], cwd: Path, timeout: float = 180) -> None:
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {(r.stderr or r.stdout)[-800:]}")


def ensure() -> None:
    missing = [pkg for exe, pkg in (("ps2pdf", "ghostscript"), ("weasyprint", "weasyprint"),
                                    ("pdflatex", "texlive-latex-base"), ("img2pdf", "img2pdf"),
                                    ("pdftoppm", "poppler-utils")) if shutil.which(exe) is None]
    if missing:
        from tests.servers._util import apt_install
        apt_install(*missing)


def render_pdf(engine: str, items: list[It], out: Path, rng: random.Random, lang: str) -> None:
    ensure()
    with tempfile.TemporaryDirectory(prefix="sdn-e11-") as tmp:
        w = Path(tmp)
        if engine == "ps":
            (w / "doc.ps").write_text(ps_render(items, rng), encoding="latin-1")
            _run(["ps2pdf", "-sPAPERSIZE=a4", "doc.ps", "doc.pdf"], w)
        elif engine == "weasy":
            (w / "doc.html").write_text(weasy_render(items, rng, lang), encoding="utf-8")
            _run(["weasyprint", "doc.html", "doc.pdf"], w)
        elif engine == "latex":
            (w / "doc.tex").write_text(latex_render(items, rng, lang), encoding="utf-8")
            _run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], w)
        elif engine == "image":  # drawn by PostScript or WeasyPrint, then pictures only
            inner = rng.choice(["ps", "weasy"])
            render_pdf(inner, items, w / "inner.pdf", rng, lang)
            _run(["pdftoppm", "-r", "150", "-gray", "-png", "inner.pdf", "p"], w)
            _run(["img2pdf", "--output", "doc.pdf", *sorted(str(p) for p in w.glob("p-*.png"))], w)
        else:
            raise ValueError(engine)
        shutil.copyfile(w / "doc.pdf", out)


# ---------------------------------------------------------------- the plan's entries

_counter = {"form": 0, "agr": 0, "service": 0, "kind": 0}
KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]
TRUTH_SIGNING = {"typed": "typed", "evidence": "evidence", "unsigned": "unsigned", "pending": "pending",
                 "blank": "blank"}


def form(rng: random.Random, p: Party, name: str, engine: str, empty: str = "") -> RLDocument:
    seed = rng.random()
    truth = form_truth_for(p, name, empty)
    items = form_items(random.Random(seed), p, empty, engine)
    variants = ",".join(v for v in (f"empty-{empty}" if empty else "",) if v)

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(seed + 1), p.language)

    return RLDocument(name, [], truth, f"form-e11-{engine}", p.language, note=f"variants={variants}", draw=draw)


def agreement(rng: random.Random, p: Party, kind: str, engine: str, signing: str, service: str,
              name: str) -> RLDocument:
    a = Agr(p, kind, signing, service, engine, rng.random())
    items = agreement_items(random.Random(a.seed), a)
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)
    variants = service if signing in ("evidence", "pending") else ""

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(a.seed + 1), p.language)

    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-e11-{engine}", p.language,
                      note=f"signing={signing};variants={variants}", draw=draw)


def own_template(rng: random.Random, p: Party, name: str, engine: str) -> RLDocument:
    a = Agr(p, "data_processor_agreement", "own", "penneo", engine, rng.random())
    items = own_template_items(random.Random(a.seed), a)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(a.seed + 1), p.language)

    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      f"own_template_dpa-e11-{engine}", p.language, note="signing=typed;variants=own", draw=draw)


def _next_agr(signing: str | None = None) -> tuple[str, str, str]:
    i = _counter["agr"]
    _counter["agr"] += 1
    engine = AGR_ENGINES[i % len(AGR_ENGINES)]
    how = signing or SIGNINGS[(i // len(AGR_ENGINES) + i) % len(SIGNINGS)]
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
        engine = FORM_ENGINES[i % len(FORM_ENGINES)]
        empty = "" if engine == "image" else EMPTIES[i % len(EMPTIES)]
        return form(rng, p, name_of(p, what), engine, empty)
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
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "typed", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """This hand's document for a case's party `q` (cases.py --hand eleventh): text PDFs only."""
    if what == "information_form":
        i = _counter["form"]
        _counter["form"] += 1
        return form(rng, q, fname, ["ps", "weasy", "latex"][i % 3])
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "evidence"]))
    engine, how, service = _next_agr(how)
    return agreement(rng, q, what, engine, how, service, fname)


def reset() -> None:
    """Start the turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0, kind=0)


__all__ = ["document", "case_document", "reset", "form", "agreement", "own_template", "form_items",
           "agreement_items", "render_pdf", "own_party", "form_truth_for"]
