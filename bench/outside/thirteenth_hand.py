"""A thirteenth hand: information forms and SDN agreements as a municipality, a GP clinic, a pharmacy, a private
hospital, a foreign firm's Danish branch or an IT supplier would write them, with PDF producers none of the twelve
other hands uses:

* **MuPDF's own HTML engine** (`mutool convert` from XHTML, Nimbus and Noto fonts as CID fonts, Identity-H): the
  contacts as a table with the roles as columns (contact | technician 1 | technician 2), each answer in a box with
  its label under it, small grey;
* **XeLaTeX** (xdvipdfmx, its own PDF writer): the form as a two-column "key: value" list (`multicols`), or as a
  letter in running prose; agreements with the party block as a sentence and the signatures on a page of their
  own, the date before the name;
* **LibreOffice from RTF** (as WordPad and old Word macros write it): tab stops with dotted leaders, "Label:
  value" lines, a signature table whose date column comes first.

Written without reading the reader (issue 22): from MedCom's seed, the domain, and the truth the other hands
return (`forms.form_truth`, `agreements.agreement_truth`). Its own words: "Aftalen er indgået mellem X, CVR-nr.
..., og MedCom", "Kontakt vedr. aftalen", "Driftskontakt", "Udstyret opstilles på", "Net til SDN", questions
answered "Ja"/"Nej"; phones as "tlf. 12 34 56 78", "+45 1234 5678", "(+45) 12345678"; the CVR as "CVR 1234 5678"
or "DK12345678"; dates as "København, den 7. december 2026", "07-12-2026", "7th of December 2026"; evidence pages
of Visma Addo, Penneo, DocuSign (English), Criipto Verify, Scrive and Signicat in this hand's words; and the
negative cases: unsigned, pending and blank agreements, forms with a field truly left empty, the party's own
data processing agreement.

`plan()` in generate.py asks `document()` for the tool `thirteenth`; `render_all` calls `draw()`; `cases.py
--hand thirteenth` asks `case_document()`.
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

ENGINES = ["mupdf", "xelatex", "rtf", "xelatex", "mupdf", "rtf"]
LAYOUTS = {"mupdf": ["roles", "under", "roles"], "xelatex": ["kv", "letter", "kv"], "rtf": ["kv", "roles", "kv"]}
SIGNINGS = ["evidence", "typed", "unsigned", "evidence", "picture", "pending", "typed", "blank", "evidence"]
SERVICES = ["addo", "penneo", "docusign", "criipto", "scrive", "signicat"]
SERVICE_NAME = {"addo": "Visma Addo", "penneo": "Penneo", "docusign": "DocuSign", "criipto": "Criipto Verify",
                "scrive": "Scrive", "signicat": "Signicat"}
EMPTIES = ["", "", "tech_phone", "", "ip_scopes", "", "site", ""]
MEDCOM_SIGNER = ("Peder Illum", "Centerchef")
MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


@dataclass
class It:
    """One thing on a page: title, head, para, kv (label, value), under (value boxed, label under it), table
    (header, rows), ticks (question, options), sign (blocks), small (a footer line), page (a new page)."""

    kind: str
    a: str = ""
    b: str = ""
    rows: list[list[str]] = field(default_factory=list)
    opts: list[tuple[str, bool]] = field(default_factory=list)
    blocks: list[dict[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- how this hand writes values

def w_date(rng: random.Random, d: date, lang: str, place: bool = False) -> str:
    if lang == "da":
        town = rng.choice(["København", "Aarhus", "Vejle", "Odense"]) + ", " if place else ""
        return rng.choice([f"{town}den {d.day}. {MONTHS_DA[d.month - 1]} {d.year}", f"{d:%d-%m-%Y}",
                           f"{town}{d.day}/{d.month} {d.year}"])
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return rng.choice([f"{d.day}{suffix} of {MONTHS_EN[d.month - 1]} {d.year}", f"{d:%d-%m-%Y}",
                       f"{MONTHS_EN[d.month - 1][:3]}. {d.day}, {d.year}"])


def w_phone(rng: random.Random, p: Person, lang: str) -> str:
    d = p.phone[3:]
    pairs = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    return rng.choice([f"+45 {d[:4]} {d[4:]}", f"(+45) {d}", pairs, p.local_phone])


def w_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"{cvr[:4]} {cvr[4:]}", f"DK{cvr}"])


# ---------------------------------------------------------------- this hand's parties

OWN = {
    "municipality": ["{t} Kommune, Sundhed og Omsorg", "{t} Kommune"],
    "practitioner": ["Lægerne i {t}", "Almen praksis {t} v/ læge {n}"],
    "pharmacy": ["{t} Apotek", "Løve Apotek {t}"],
    "private_hospital": ["Privathospital {t} A/S", "Ortopædkirurgisk Klinik {t} ApS"],
    "foreign": ["{t} Diagnostics AB, Danmarksfilial", "{t} Telemedicine Ltd, Danish branch"],
    "it_supplier": ["{t} Journalsystemer A/S", "{t} Health Software ApS"],
    "region": ["Region {t}, Regional IT"],
    "public_hospital": ["Sygehus {t}"],
    "laboratory": ["Klinisk Laboratorium {t} ApS"],
}
TOWNS = ["Æblehøj", "Hørsholt", "Vindeby", "Gråsten Mark", "Ørsted Strand", "Kløvermark", "Bakkebølle", "Sønderå"]
PARTY_TYPES = ["municipality", "practitioner", "pharmacy", "private_hospital", "foreign", "it_supplier",
               "region", "public_hospital", "laboratory"]
FOREIGN_REGS = ["Org.nr. 559{a}-{b} (Sverige)", "Company no. {c} (Companies House)"]


def own_party(rng: random.Random, ptype: str | None = None) -> Party:
    p = party(rng, ptype)
    org = rng.choice(OWN[p.party_type]).format(t=rng.choice(TOWNS), n=p.signatory.name)
    reg = p.foreign_reg
    if p.party_type == "foreign":
        reg = rng.choice(FOREIGN_REGS).format(a=rng.randint(100, 999), b=rng.randint(1000, 9999),
                                              c=rng.randint(10000000, 19999999))
    return replace(p, organisation=org, foreign_reg=reg)


# ---------------------------------------------------------------- the information form in this hand's words

W = {
    "da": {"title": ["Oplysningsskema – tilslutning til Sundhedsdatanettet", "SDN: oplysninger til tilslutning"],
           "org": "Officielt navn", "cvr": "CVR-nummer", "reg": "Udenlandsk reg.nr.",
           "s_org": "1. Organisation", "s_contact": "2. Kontakt vedr. aftalen", "s_tech": "3. Driftskontakter (TDC)",
           "s_site": "4. Udstyret opstilles på", "s_net": "5. Net til SDN", "s_type": "6. Hvad er I?",
           "s_via": "7. Forbindelse", "name": "Navn", "mail": "Mail", "phone": "Telefon",
           "street": "Vej og husnr.", "pc": "Postnr.", "city": "By", "net": "Net (CIDR)",
           "contact": "Kontakt vedr. aftalen", "tech": "Driftskontakt {i}", "role": "Rolle",
           "kmd": "Tilsluttes I gennem KMD?", "prov": "Tilsluttes I gennem en systemleverandør? Hvilken?",
           "yes": "Ja", "no": "Nej", "foot": "Sendes til sdn@medcom.example · MedCom, Forskerparken 10, 5230 Odense M"},
    "en": {"title": ["Details for connection to the Health Data Network", "SDN: connection details"],
           "org": "Registered name", "cvr": "CVR number", "reg": "Foreign registration no.",
           "s_org": "1. Organisation", "s_contact": "2. Contact regarding the agreement",
           "s_tech": "3. Operations contacts (TDC)", "s_site": "4. The equipment goes to",
           "s_net": "5. Networks for SDN",
           "s_type": "6. What are you?", "s_via": "7. Connection", "name": "Name", "mail": "Mail",
           "phone": "Phone", "street": "Road and number", "pc": "Postcode", "city": "Town", "net": "Network (CIDR)",
           "contact": "Agreement contact", "tech": "Operations contact {i}", "role": "Role",
           "kmd": "Are you connected through KMD?", "prov": "Are you connected through a system vendor? Which?",
           "yes": "Yes", "no": "No", "foot": "Send to sdn@medcom.example · MedCom, Forskerparken 10, 5230 Odense M"},
}
TYPES = {
    "da": {"region": "Region", "municipality": "Kommune", "public_hospital": "Offentligt sygehus",
           "private_hospital": "Privathospital / privatklinik", "practitioner": "Almen praksis / speciallæge",
           "pharmacy": "Apotek", "laboratory": "Privat laboratorium", "it_supplier": "IT-leverandør",
           "foreign": "Udenlandsk virksomhed"},
    "en": {"region": "Region", "municipality": "Municipality", "public_hospital": "Public hospital",
           "private_hospital": "Private hospital or clinic", "practitioner": "General practice / specialist",
           "pharmacy": "Pharmacy", "laboratory": "Private laboratory", "it_supplier": "IT supplier",
           "foreign": "Foreign company"},
}
A_TYPE = {  # the type in a sentence: "Vi er ..."
    "da": {"region": "en region", "municipality": "en kommune", "public_hospital": "et offentligt sygehus",
           "private_hospital": "et privathospital", "practitioner": "en almen lægepraksis", "pharmacy": "et apotek",
           "laboratory": "et privat laboratorium", "it_supplier": "en IT-leverandør",
           "foreign": "en udenlandsk virksomhed med filial i Danmark"},
    "en": {"region": "a region", "municipality": "a municipality", "public_hospital": "a public hospital",
           "private_hospital": "a private hospital", "practitioner": "a general practice", "pharmacy": "a pharmacy",
           "laboratory": "a private laboratory", "it_supplier": "an IT supplier",
           "foreign": "a foreign company with a Danish branch"},
}


def _via_items(rng: random.Random, p: Party, lang: str) -> list[It]:
    w = W[lang]
    via = p.connected_via
    prov = via if via not in (None, "KMD") else ""
    if rng.random() < 0.5:
        return [It("kv", w["kmd"], w["yes"] if via == "KMD" else w["no"]),
                It("kv", w["prov"], f"{w['yes']}, {prov}" if prov else w["no"])]
    opts = ([("Direkte forbindelse (ingen mellemled)", via is None), ("Gennem KMD", via == "KMD"),
             (f"Gennem systemleverandør: {prov}" if prov else "Gennem systemleverandør", bool(prov))]
            if lang == "da" else
            [("Direct connection (no intermediary)", via is None), ("Through KMD", via == "KMD"),
             (f"Through a system vendor: {prov}" if prov else "Through a system vendor", bool(prov))])
    return [It("ticks", "", opts=opts)]


def form_items(rng: random.Random, p: Party, empty: str, layout: str) -> list[It]:
    """The form as `layout`: kv (sections of label: value), roles (contacts with the roles as columns), under
    (values in boxes, labels under them) or letter (running prose)."""
    lang, w = p.language, W[p.language]
    if layout == "letter":
        return letter_items(rng, p)
    pair = "under" if layout == "under" else "kv"
    out = [It("title", rng.choice(w["title"]))]
    out += [It("head", w["s_org"]), It(pair, w["org"], p.organisation), It(pair, w["cvr"], w_cvr(rng, p.cvr))]
    if p.foreign_reg:
        out.append(It(pair, w["reg"], p.foreign_reg))
    c = p.org_contact
    techs = [(t, "" if empty == "tech_phone" and i == 0 else w_phone(rng, t, lang)) for i, t in enumerate(p.technical)]
    if layout == "roles":
        out.append(It("head", f"{w['s_contact']} / {w['s_tech'][3:]}"))
        header = [w["role"], w["contact"]] + [w["tech"].format(i=i + 1) for i in range(len(techs))]
        out.append(It("table", rows=[header,
                                     [w["name"], c.name] + [t.name for t, _ in techs],
                                     [w["mail"], c.email] + [t.email for t, _ in techs],
                                     [w["phone"], w_phone(rng, c, lang)] + [ph for _, ph in techs]]))
    else:
        out += [It("head", w["s_contact"]), It(pair, w["name"], c.name), It(pair, w["mail"], c.email),
                It(pair, w["phone"], w_phone(rng, c, lang)), It("head", w["s_tech"])]
        for i, (t, ph) in enumerate(techs):
            if len(techs) > 1:
                out.append(It("para", w["tech"].format(i=i + 1)))
            out += [It(pair, w["name"], t.name), It(pair, w["mail"], t.email), It(pair, w["phone"], ph)]
    a = p.installation
    site = ("", "", "") if empty == "site" else (a.street, a.postcode, a.city)
    out += [It("head", w["s_site"]), It(pair, w["street"], site[0]), It(pair, w["pc"], site[1]),
            It(pair, w["city"], site[2]), It("head", w["s_net"])]
    nets = [] if empty == "ip_scopes" else p.ip_scopes
    out += [It(pair, w["net"], n) for n in nets] or [It(pair, w["net"], "")]
    out.append(It("head", w["s_type"]))
    out.append(It("ticks", "", opts=[(v, k == p.party_type) for k, v in TYPES[lang].items()]))
    out.append(It("head", w["s_via"]))
    out += _via_items(rng, p, lang)
    out.append(It("small", w["foot"]))
    return out


def letter_items(rng: random.Random, p: Party) -> list[It]:
    """The form's answers in a letter: every value in a sentence (no field is left empty in a letter)."""
    lang = p.language
    c, a = p.org_contact, p.installation
    via = p.connected_via
    if lang == "da":
        out = [It("para", f"{p.organisation}\nCVR-nr. {w_cvr(rng, p.cvr)}"),
               It("para", "Til MedCom, sdn@medcom.example"),
               It("title", "Oplysninger til tilslutning til SDN"),
               It("para", f"Hermed vores oplysninger. Vi er {A_TYPE['da'][p.party_type]}."
                  + (f" Vores udenlandske registreringsnummer er {p.foreign_reg}." if p.foreign_reg else "")),
               It("para", f"Kontaktperson vedrørende aftalen er {c.name}, mail {c.email}, telefon "
                  f"{w_phone(rng, c, 'da')}."),
               It("para", "TDC kan kontakte " + " eller ".join(
                   f"{t.name} ({t.email}, tlf. {w_phone(rng, t, 'da')})" for t in p.technical)
                  + " om det tekniske."),
               It("para", f"Udstyret skal opstilles på {a.street}, {a.postcode} {a.city}."),
               It("para", "Følgende net skal på SDN: " + ", ".join(p.ip_scopes) + "."),
               It("para", "Vi tilsluttes direkte, uden KMD eller anden leverandør." if via is None else
                  "Vi tilsluttes gennem KMD." if via == "KMD" else
                  f"Vi tilsluttes gennem vores systemleverandør, {via}."),
               It("para", f"Med venlig hilsen\n{p.signatory.name}\n{p.signatory_title}")]
    else:
        out = [It("para", f"{p.organisation}\nCVR {w_cvr(rng, p.cvr)}"), It("para", "To MedCom, sdn@medcom.example"),
               It("title", "Our details for the SDN connection"),
               It("para", f"Please find our details below. We are {A_TYPE['en'][p.party_type]}."
                  + (f" Our foreign registration number is {p.foreign_reg}." if p.foreign_reg else "")),
               It("para", f"Our contact for the agreement is {c.name}, e-mail {c.email}, phone "
                  f"{w_phone(rng, c, 'en')}."),
               It("para", "TDC may call " + " or ".join(
                   f"{t.name} ({t.email}, phone {w_phone(rng, t, 'en')})" for t in p.technical)
                  + " about technical matters."),
               It("para", f"The equipment is to be installed at {a.street}, {a.postcode} {a.city}."),
               It("para", "These networks go on SDN: " + ", ".join(p.ip_scopes) + "."),
               It("para", "We connect directly, not through KMD or any vendor." if via is None else
                  "We connect through KMD." if via == "KMD" else f"We connect through our system vendor, {via}."),
               It("para", f"Kind regards\n{p.signatory.name}\n{p.signatory_title}")]
    return out


# ---------------------------------------------------------------- the agreements

@dataclass
class Agr:
    p: Party
    kind: str
    signing: str  # typed, picture, evidence, unsigned, pending, blank
    service: str
    engine: str
    seed: float


def party_block(rng: random.Random, p: Party, lang: str) -> list[It]:
    """The parties as a sentence, a two-column table (party | MedCom) or label: value lines."""
    addr = f"{p.office.street}, {p.office.postcode} {p.office.city}"
    cvr = w_cvr(rng, p.cvr)
    reg = f" ({p.foreign_reg})" if p.foreign_reg else ""
    how = rng.choice(["sentence", "table", "lines"])
    m = f"MedCom, CVR-nr. {MEDCOM['cvr']}, {MEDCOM['street']}, {MEDCOM['town']}"
    if how == "sentence":
        return [It("para", f"Aftalen er indgået mellem {p.organisation}, CVR-nr. {cvr}{reg}, {addr} (herefter "
                           f"»Parten«), og {m}." if lang == "da" else
                           f"This agreement is made between {p.organisation}, CVR no. {cvr}{reg}, {addr} (the "
                           f"\u201cParty\u201d), and {m.replace('CVR-nr.', 'CVR no.')}.")]
    if how == "table":
        lab = ["", "Navn", "CVR-nr.", "Adresse"] if lang == "da" else ["", "Name", "CVR no.", "Address"]
        rows = [[lab[0], "Parten" if lang == "da" else "The Party", "MedCom"],
                [lab[1], p.organisation, "MedCom"], [lab[2], cvr + reg, MEDCOM["cvr"]],
                [lab[3], addr, f"{MEDCOM['street']}, {MEDCOM['town']}"]]
        return [It("table", rows=rows)]
    lab = (["Parten", "Navn", "CVR-nr.", "Adresse"] if lang == "da" else ["The Party", "Name", "CVR no.", "Address"])
    out = [It("head", lab[0]), It("kv", lab[1], p.organisation), It("kv", lab[2], cvr)]
    if p.foreign_reg:
        out.append(It("kv", "Reg.", p.foreign_reg))
    return out + [It("kv", lab[3], addr), It("head", "MedCom"), It("kv", lab[2], MEDCOM["cvr"])]


def evidence_page(rng: random.Random, a: Agr, title: str) -> list[It]:
    """A signing service's closing page in this hand's words; a pending one names who has yet to sign."""
    p, lang, svc = a.p, a.p.language, SERVICE_NAME[a.service]
    at = datetime.combine(p.signature_date, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
    mc = at + timedelta(hours=rng.randint(2, 30))
    ref = "".join(rng.choice("0123456789ABCDEF") for _ in range(8)) + "-" + str(rng.randint(1000, 9999))
    en = lang == "en" or a.service == "docusign"
    out = [It("page")]
    if a.signing == "pending":
        out += [It("title", f"{svc} – " + ("Status for underskrift" if not en else "Signing status")),
                It("kv", "Reference", ref),
                It("kv", "Status", "Afventer underskrift" if not en else "Sent, not completed"),
                It("table", rows=[["Underskriver" if not en else "Signer", "Status"],
                                  [f"{MEDCOM_SIGNER[0]} (MedCom)", "Underskrevet" if not en else "Signed"],
                                  [f"{p.signatory.name} ({p.organisation})", "Ikke underskrevet endnu" if not en
                                   else "Not yet signed"]])]
        return out
    stamp = "%d.%m.%Y kl. %H:%M:%S" if not en else "%m/%d/%Y %I:%M:%S %p UTC"
    if a.service == "docusign":
        out += [It("title", "Certificate Of Completion"), It("kv", "Envelope Id", ref),
                It("kv", "Subject", f"Please sign: {title}"), It("kv", "Status", "Completed"),
                It("table", rows=[["Signer Events", "Signature", "Timestamp"],
                                  [f"{p.signatory.name}\n{p.signatory.email}", "Signed with MitID",
                                   f"Signed: {at:{stamp}}"],
                                  [f"{MEDCOM_SIGNER[0]}\nsekretariat@medcom.example", "Signed",
                                   f"Signed: {mc:{stamp}}"]]),
                It("para", "All signer events are complete. This certificate is part of the envelope.")]
        return out
    head = {"addo": ("Signeringen er fuldført", "Signing completed"),
            "penneo": ("Dokumentet er underskrevet med Penneo", "Signed with Penneo"),
            "criipto": ("Underskrevet med Criipto Verify (MitID)", "Signed with Criipto Verify (MitID)"),
            "scrive": ("Scrive – bekræftelse af underskrift", "Scrive – confirmation of signing"),
            "signicat": ("Signicat – kvittering for signering", "Signicat – signing receipt")}[a.service]
    out += [It("title", head[1] if en else head[0]),
            It("para", (f"Alle parter har underskrevet »{title}« elektronisk med MitID." if not en else
                        f"Every party has signed \u201c{title}\u201d electronically with MitID.")),
            It("kv", "Transaktions-ID" if not en else "Transaction ID", ref),
            It("table", rows=[(["Tidspunkt", "Navn", "Organisation", "Rolle"] if not en else
                               ["Time", "Name", "Organisation", "Role"]),
                              [f"{at:{stamp}}", p.signatory.name, p.organisation,
                               "Underskriver" if not en else "Signer"],
                              [f"{mc:{stamp}}", MEDCOM_SIGNER[0], "MedCom", "Underskriver" if not en else "Signer"]]),
            It("small", f"{svc} · " + ("dokumentet er forseglet" if not en else "the document is sealed"))]
    return out


def agreement_items(rng: random.Random, a: Agr) -> list[It]:
    from mailbot.core.agreement_texts import AGREEMENTS

    p, lang = a.p, a.p.language
    t = AGREEMENTS[(a.kind, lang)]
    out = [It("title", t.title), It("para", t.subtitle)]
    out += party_block(rng, p, lang)
    for head, text in t.clauses + (t.annex or []):
        out += [It("head", head), It("para", text)]
    s = a.signing
    blank, pending = s == "blank", s == "pending"
    d = w_date(rng, p.signature_date, lang, place=True)
    if rng.random() < 0.5:
        out.append(It("page"))
        out.append(It("title", "Underskriftsside" if lang == "da" else "Signature page"))
    else:
        out.append(It("head", t.signatures))
    mine = {"for": "For Parten" if lang == "da" else "For the Party", "date": "" if blank or pending or s == "unsigned"
            else d, "sig": p.signatory.name if s == "typed" else "@picture" if s == "picture" else "",
            "name": "" if blank else p.signatory.name, "title": "" if blank else p.signatory_title}
    medcom_signed = s not in ("unsigned", "blank", "pending")
    theirs = {"for": "For MedCom", "date": w_date(rng, p.signature_date + timedelta(days=3), lang) if medcom_signed
              else "", "sig": MEDCOM_SIGNER[0] if medcom_signed and s != "evidence" else "",
              "name": MEDCOM_SIGNER[0], "title": MEDCOM_SIGNER[1]}
    out.append(It("sign", blocks=[mine, theirs]))
    if s in ("evidence", "pending"):
        out += evidence_page(rng, a, t.title)
    return out


def own_dpa_items(rng: random.Random, a: Agr) -> list[It]:
    """The party's own data processing agreement, its own template with MedCom as processor: not the SDN one."""
    p, lang = a.p, a.p.language
    if lang == "da":
        title = "Databehandleraftale"
        clauses = [("Punkt 1 – Baggrund", f"{p.organisation} (den dataansvarlige) bruger sin egen standardaftale "
                                          "for alle leverandører, der behandler personoplysninger på dens vegne."),
                   ("Punkt 2 – Behandlingen", "Leverandøren må kun behandle oplysninger om patienter og ansatte "
                                              "efter dokumenteret instruks og aldrig uden for EU/EØS."),
                   ("Punkt 3 – Revision", "Leverandøren sender hvert år en ISAE 3000-erklæring til den "
                                          "dataansvarlige uden beregning."),
                   ("Punkt 4 – Misligholdelse", "Ved misligholdelse betaler leverandøren en konventionalbod.")]
        head = f"Version 4.1 – {p.organisation}s standard"
    else:
        title = "Data Processing Agreement"
        clauses = [("Clause 1 – Background", f"{p.organisation} (the controller) uses its own standard agreement "
                                             "for every supplier that processes personal data on its behalf."),
                   ("Clause 2 – Processing", "The supplier may process data on patients and staff only on "
                                             "documented instructions and never outside the EU/EEA."),
                   ("Clause 3 – Audit", "The supplier sends an ISAE 3000 statement to the controller each year "
                                        "free of charge."),
                   ("Clause 4 – Breach", "On breach the supplier pays a contractual penalty.")]
        head = f"Version 4.1 – {p.organisation} standard terms"
    out = [It("title", title), It("para", head),
           It("kv", "Dataansvarlig" if lang == "da" else "Controller", f"{p.organisation}, CVR {p.cvr}"),
           It("kv", "Leverandør" if lang == "da" else "Supplier", f"MedCom, CVR {MEDCOM['cvr']}")]
    for h, txt in clauses:
        out += [It("head", h), It("para", txt)]
    out.append(It("sign", blocks=[{"for": p.organisation, "date": w_date(rng, p.signature_date, lang),
                                   "sig": p.signatory.name, "name": p.signatory.name, "title": p.signatory_title}]))
    return out


# ---------------------------------------------------------------- MuPDF's HTML engine (mutool convert)

_CSS = """
body{font-family:%(font)s;font-size:%(size)spt}
h1{font-size:15pt;margin:0 0 8pt} h2{font-size:11pt;margin:12pt 0 4pt;border-bottom:1px solid #444}
table.r{border-collapse:collapse;width:100%%} table.r td{border:1px solid #555;padding:2pt 4pt;vertical-align:top}
table.r tr.h td{background:#dde;font-weight:bold}
.kv{margin:2pt 0} .kv .l{display:inline-block;width:45%%} .box{border:1px solid #333;padding:2pt 4pt;min-height:11pt}
.cap{font-size:7pt;color:#666;margin:0 0 5pt} .small{font-size:7pt;color:#555;margin-top:16pt}
.sig td{padding:2pt 10pt 2pt 0;vertical-align:bottom} .line{border-top:1px solid #000;width:60mm}
.hand{font-family:serif;font-style:italic;font-size:13pt}
"""


def _h(s: str) -> str:
    return html.escape(s).replace("\n", "<br/>")


def html_render(items: list[It], rng: random.Random, lang: str) -> str:
    on, off = rng.choice([("☒", "☐"), ("[X]", "[ ]"), ("✔", "–")])
    css = _CSS % {"font": rng.choice(["sans-serif", "serif"]), "size": rng.choice(["9.5", "10", "10.5"])}
    out = [f"<html><head><meta charset='utf-8'/><style>{css}</style></head><body>"]
    for it in items:
        if it.kind == "title":
            out.append(f"<h1>{_h(it.a)}</h1>")
        elif it.kind == "head":
            out.append(f"<h2>{_h(it.a)}</h2>")
        elif it.kind == "para":
            out.append(f"<p>{_h(it.a)}</p>")
        elif it.kind == "small":
            out.append(f"<p class='small'>{_h(it.a)}</p>")
        elif it.kind == "kv":
            out.append(f"<div class='kv'><span class='l'>{_h(it.a)}:</span> {_h(it.b)}</div>")
        elif it.kind == "under":
            out.append(f"<div class='box'>{_h(it.b) or '&#160;'}</div><div class='cap'>{_h(it.a)}</div>")
        elif it.kind == "table":
            heads = ["<tr class='h'>" if i == 0 else "<tr>" for i in range(len(it.rows))]
            out.append("<table class='r'>" + "".join(
                heads[i] + "".join(f"<td>{_h(c) or '&#160;'}</td>" for c in r) + "</tr>"
                for i, r in enumerate(it.rows)) + "</table>")
        elif it.kind == "ticks":
            if it.a:
                out.append(f"<p>{_h(it.a)}</p>")
            out.append("<p>" + "<br/>".join(f"{on if o else off} {_h(lab)}" for lab, o in it.opts) + "</p>")
        elif it.kind == "page":
            out.append("<div style='page-break-before:always'></div>")
        elif it.kind == "sign":
            out.append(_html_sign(it.blocks, lang))
    out.append("</body></html>")
    return "\n".join(out)


def _html_sign(blocks: list[dict[str, str]], lang: str) -> str:
    """One row a signatory: the date first, then the signature over its line, then the printed name and title."""
    dl, sl, nl = ("Dato", "Underskrift", "Navn og titel") if lang == "da" else ("Date", "Signature", "Name and title")
    rows = []
    for b in blocks:
        mark = ("<img src='sig.png' height='32'/>" if b["sig"] == "@picture" else
                f"<span class='hand'>{_h(b['sig'])}</span>" if b["sig"] else "&#160;")
        who = ", ".join(x for x in (b["name"], b["title"]) if x)
        rows.append(f"<p><b>{_h(b['for'])}</b></p><table class='sig'><tr><td>{dl}: {_h(b['date']) or '__________'}"
                    f"</td><td>{mark}<div class='line'>{sl}</div></td></tr></table><p>{nl}: {_h(who)}</p>")
    return "".join(rows)


# ---------------------------------------------------------------- XeLaTeX (xdvipdfmx)

def _tex(s: str) -> str:
    rep = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
           "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}", "\n": r"\\ ", "»": r"»", "«": r"«"}
    return "".join(rep.get(c, c) for c in s)


_TEX_HEAD = r"""\documentclass[%(size)spt]{article}
\usepackage[a4paper,margin=21mm]{geometry}
\usepackage{fontspec}
\setmainfont{%(font)s}
\newfontfamily\symf{DejaVu Sans}
\usepackage{multicol}
\usepackage{graphicx}
\usepackage{array}
\setlength{\parindent}{0pt}\setlength{\parskip}{5pt}\pagestyle{plain}
\begin{document}
"""


def tex_render(items: list[It], rng: random.Random, lang: str) -> str:
    font = rng.choice(["Latin Modern Roman", "DejaVu Serif", "Latin Modern Sans", "DejaVu Sans"])
    on, off = rng.choice([("☒", "☐"), ("■", "□"), ("X", "–")])
    cols = rng.random() < 0.6
    out = [_TEX_HEAD % {"size": rng.choice(["10", "11"]), "font": font}]
    in_cols = False
    for it in items:
        if it.kind == "kv" and cols and not in_cols:
            out.append(r"\begin{multicols}{2}")
            in_cols = True
        if it.kind in ("head", "title", "table", "page", "sign", "small") and in_cols:
            out.append(r"\end{multicols}")
            in_cols = False
        if it.kind == "title":
            out.append(r"{\Large\bfseries " + _tex(it.a) + r"}\par\medskip")
        elif it.kind == "head":
            out.append(r"\medskip{\large\bfseries " + _tex(it.a) + r"}\par")
        elif it.kind == "para":
            out.append(_tex(it.a) + r"\par")
        elif it.kind == "small":
            out.append(r"\vfill{\footnotesize " + _tex(it.a) + r"}\par")
        elif it.kind == "kv":
            out.append(r"\textbf{" + _tex(it.a) + r":} " + (_tex(it.b) if it.b else r"\rule{25mm}{0.4pt}") + r"\par")
        elif it.kind == "under":
            out.append(r"\fbox{\parbox{0.8\linewidth}{" + (_tex(it.b) or r"\strut") + r"}}\\{\scriptsize "
                       + _tex(it.a) + r"}\par")
        elif it.kind == "table":
            n = len(it.rows[0])
            out.append(r"\begin{tabular}{|" + "p{%.2f\\textwidth}|" % (0.9 / n) * n + r"}\hline")
            for i, r in enumerate(it.rows):
                cells = [(r"\textbf{" + _tex(c) + "}") if i == 0 else _tex(c) for c in r]
                out.append(" & ".join(cells) + r" \\\hline")
            out.append(r"\end{tabular}\par")
        elif it.kind == "ticks":
            if it.a:
                out.append(_tex(it.a) + r"\par")
            for lab, o in it.opts:
                out.append(r"{\symf " + (on if o else off) + r"}~" + _tex(lab) + r"\par")
        elif it.kind == "page":
            out.append(r"\clearpage")
        elif it.kind == "sign":
            dl, sl, nl = ("Dato", "Underskrift", "Navn") if lang == "da" else ("Date", "Signature", "Name")
            rule = r"\rule{25mm}{0.4pt}"
            for b in it.blocks:
                mark = (r"\includegraphics[height=9mm]{sig.png}" if b["sig"] == "@picture" else
                        r"{\itshape\large " + _tex(b["sig"]) + "}" if b["sig"] else r"\mbox{}")
                out.append(r"\bigskip\textbf{" + _tex(b["for"]) + r"}\par" + "\n" +
                           r"\begin{tabular}{@{}p{0.3\textwidth}p{0.5\textwidth}@{}}" +
                           f"{dl}: {_tex(b['date']) or rule} & {mark}" + r"\\" +
                           r" & \rule{0.45\textwidth}{0.4pt}\\ & {\footnotesize " + sl + r"}\\" +
                           f" & {nl}: {_tex(b['name'])}" + r"\\" + f" & {_tex(b['title'])}" + r"\\" +
                           r"\end{tabular}\par")
    if in_cols:
        out.append(r"\end{multicols}")
    out.append(r"\end{document}")
    return "\n".join(out)


# ---------------------------------------------------------------- RTF, converted by LibreOffice

def _rtf(s: str) -> str:
    out = []
    for ch in s:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\line ")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def rtf_render(items: list[It], rng: random.Random, lang: str) -> str:
    font = rng.choice(["Liberation Serif", "Liberation Sans", "DejaVu Sans"])
    on, off = rng.choice([("X", "  "), ("[X]", "[  ]"), ("\u2612", "\u2610")])
    tab = rng.choice([3400, 4200])  # twips: where the value starts
    leader = rng.choice(["\\tldot", "", "\\tlul"])
    out = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 " + font + ";}{\\f1 DejaVu Sans;}}"
           "\\paperw11906\\paperh16838\\margl1300\\margr1300\\margt1200\\margb1200\\fs21"]
    for it in items:
        if it.kind == "title":
            out.append("\\pard\\sa180\\b\\fs32 " + _rtf(it.a) + "\\b0\\fs21\\par")
        elif it.kind == "head":
            out.append("\\pard\\sb200\\sa80\\b\\fs24 " + _rtf(it.a) + "\\b0\\fs21\\par")
        elif it.kind == "para":
            out.append("\\pard\\sa100 " + _rtf(it.a) + "\\par")
        elif it.kind == "small":
            out.append("\\pard\\sb400\\fs14 " + _rtf(it.a) + "\\fs21\\par")
        elif it.kind in ("kv", "under"):
            out.append(f"\\pard{leader}\\tx{tab} " + _rtf(it.a) + ":\\tab " + _rtf(it.b) + "\\par")
        elif it.kind == "table":
            n = len(it.rows[0])
            width = 9300 // n
            for i, r in enumerate(it.rows):
                row = "\\trowd\\trgaph80" + "".join(
                    f"\\clbrdrt\\brdrs\\clbrdrl\\brdrs\\clbrdrb\\brdrs\\clbrdrr\\brdrs\\cellx{width * (k + 1)}"
                    for k in range(n))
                cells = "".join("\\pard\\intbl " + ("\\b " if i == 0 else "") + _rtf(c) + ("\\b0" if i == 0 else "")
                                + "\\cell" for c in r)
                out.append(row + cells + "\\row")
            out.append("\\pard\\par")
        elif it.kind == "ticks":
            if it.a:
                out.append("\\pard " + _rtf(it.a) + "\\par")
            for lab, o in it.opts:
                out.append("\\pard {\\f1 " + _rtf(on if o else off) + "}\\tab " + _rtf(lab) + "\\par")
        elif it.kind == "page":
            out.append("\\page")
        elif it.kind == "sign":
            dl, sl, nl = ("Dato", "Underskrift", "Navn og stilling") if lang == "da" else ("Date", "Signature",
                                                                                          "Name and title")
            out.append("\\trowd\\trgaph80\\cellx2600\\cellx6800" + f"\\pard\\intbl\\b {dl}\\b0\\cell"
                       f"\\pard\\intbl\\b {sl}\\b0\\cell\\row")
            for b in it.blocks:
                sig = "" if b["sig"] == "@picture" else b["sig"]
                mark = ("{\\i\\fs28 " + _rtf(sig) + "}") if sig else ""
                who = ", ".join(x for x in (b["name"], b["title"]) if x)
                out.append("\\trowd\\trgaph80\\cellx2600\\clbrdrb\\brdrs\\cellx6800"
                           f"\\pard\\intbl {_rtf(b['date'])}\\cell"
                           f"\\pard\\intbl {_rtf(b['for'])}\\line {mark}\\cell\\row")
                out.append("\\trowd\\trgaph80\\cellx2600\\cellx6800" +
                           f"\\pard\\intbl\\cell\\pard\\intbl\\fs18 {nl}: {_rtf(who)}\\fs21\\cell\\row")
            out.append("\\pard\\par")
    out.append("}")
    return "\n".join(out)


# ---------------------------------------------------------------- rendering

def ensure() -> None:
    missing = [pkg for exe, pkg in (("mutool", "mupdf-tools"), ("xelatex", "texlive-xetex"),
                                    ("soffice", "libreoffice-writer-nogui")) if shutil.which(exe) is None]
    if missing:
        from tests.servers._util import apt_install
        apt_install(*sorted(set(missing)), "fonts-dejavu-core", "fonts-liberation", "lmodern")


def _run(cmd: list[str], cwd: Path, timeout: float = 300) -> None:
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-800:]!r}")


def _signature_png(path: Path, rng: random.Random) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("L", (340, 100), 255)
    d = ImageDraw.Draw(img)
    pts = [(8.0, 55.0)]
    for _ in range(24):
        x, y = pts[-1]
        pts.append((x + rng.uniform(7, 15), max(8.0, min(92.0, y + rng.uniform(-30, 30)))))
    d.line(pts, fill=0, width=3)
    img.save(path)


def render_pdf(engine: str, items: list[It], out: Path, rng: random.Random, lang: str) -> None:
    ensure()
    with tempfile.TemporaryDirectory(prefix="sdn-t13-") as tmp:
        w = Path(tmp)
        _signature_png(w / "sig.png", rng)
        if engine == "mupdf":
            (w / "doc.xhtml").write_text(html_render(items, rng, lang), encoding="utf-8")
            _run(["mutool", "convert", "-W", "595", "-H", "842", "-o", "doc.pdf", "doc.xhtml"], w)
        elif engine == "xelatex":
            (w / "doc.tex").write_text(tex_render(items, rng, lang), encoding="utf-8")
            _run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], w)
        elif engine == "rtf":
            (w / "doc.rtf").write_text(rtf_render(items, rng, lang), encoding="ascii")
            _run(["soffice", f"-env:UserInstallation={(w / 'lo').as_uri()}", "--headless", "--norestore",
                  "--convert-to", "pdf", "--outdir", str(w), str(w / "doc.rtf")], w)
        else:
            raise ValueError(engine)
        shutil.copyfile(w / "doc.pdf", out)


# ---------------------------------------------------------------- the plan's entries

_counter = {"form": 0, "agr": 0, "service": 0, "kind": 0}
KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]
TRUTH_SIGNING = {"typed": "typed", "picture": "drawn", "evidence": "evidence", "unsigned": "unsigned",
                 "pending": "pending", "blank": "blank"}


def form(rng: random.Random, p: Party, name: str, engine: str, layout: str, empty: str = "") -> RLDocument:
    if layout == "letter":
        empty = ""  # a letter says every answer in a sentence
    seed = rng.random()
    truth = form_truth_for(p, name, empty)
    items = form_items(random.Random(seed), p, empty, layout)

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(seed + 1), p.language)

    return RLDocument(name, [], truth, f"form-t13-{engine}-{layout}", p.language,
                      note=f"variants={'empty-' + empty if empty else ''}", draw=draw)


def agreement(rng: random.Random, p: Party, kind: str, engine: str, signing: str, service: str,
              name: str) -> RLDocument:
    if engine == "rtf" and signing == "picture":
        signing = "typed"  # the RTF has no picture in it
    a = Agr(p, kind, signing, service, engine, rng.random())
    items = agreement_items(random.Random(a.seed), a)
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(a.seed + 1), p.language)

    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-t13-{engine}", p.language,
                      note=f"signing={signing};variants={service if signing in ('evidence', 'pending') else ''}",
                      draw=draw)


def own_template(rng: random.Random, p: Party, name: str, engine: str) -> RLDocument:
    a = Agr(p, "data_processor_agreement", "own", "penneo", engine, rng.random())
    items = own_dpa_items(random.Random(a.seed), a)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}

    def draw(out: Path) -> None:
        render_pdf(engine, items, out, random.Random(a.seed + 1), p.language)

    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      f"own_template_dpa-t13-{engine}", p.language, note="signing=typed;variants=own", draw=draw)


def _next_form() -> tuple[str, str, str]:
    i = _counter["form"]
    _counter["form"] += 1
    engine = ENGINES[i % len(ENGINES)]
    layout = LAYOUTS[engine][(i // len(ENGINES)) % len(LAYOUTS[engine])]
    return engine, layout, EMPTIES[i % len(EMPTIES)]


def _next_agr(signing: str | None = None) -> tuple[str, str, str]:
    i = _counter["agr"]
    _counter["agr"] += 1
    engine = ENGINES[(i + i // len(ENGINES)) % len(ENGINES)]
    how = signing or SIGNINGS[i % len(SIGNINGS)]
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if how in ("evidence", "pending"):
        _counter["service"] += 1
    return engine, how, service


def document(rng: random.Random, what: str, name_of: Callable[[Party, str], str]) -> RLDocument:
    """The next document for `what` (generate.py's plan): forms, the three agreements, own templates."""
    if what == "form":
        p = own_party(rng, rng.choice(PARTY_TYPES))
        engine, layout, empty = _next_form()
        return form(rng, p, name_of(p, what), engine, layout, empty)
    if what == "own_template":
        p = own_party(rng, rng.choice([x for x in PARTY_TYPES if x not in ("foreign", "it_supplier")]))
        engine, _, _ = _next_agr()
        return own_template(rng, p, name_of(p, what), engine)
    if what not in KINDS:
        what = KINDS[_counter["kind"] % len(KINDS)]
        _counter["kind"] += 1
    p = own_party(rng, "it_supplier" if what == "sub_data_processor_agreement" else
                  rng.choice([x for x in PARTY_TYPES if x != "it_supplier"]))
    engine, how, service = _next_agr()
    return agreement(rng, p, what, engine, how, service, name_of(p, what))


# the case generator's signings (cases.py) as this hand signs them
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "picture", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """This hand's document for a case's party `q` (cases.py --hand thirteenth)."""
    if what == "information_form":
        engine, layout, _ = _next_form()
        return form(rng, q, fname, engine, layout)
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "evidence"]))
    engine, how, service = _next_agr(how)
    return agreement(rng, q, what, engine, how, service, fname)


def reset() -> None:
    """Start the turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0, kind=0)


__all__ = ["document", "case_document", "reset", "form", "agreement", "own_template", "form_items",
           "agreement_items", "own_dpa_items", "render_pdf", "own_party"]
