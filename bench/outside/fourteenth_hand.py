"""A fourteenth hand: information forms and SDN agreements as a region's hospital, a dentist, a home-care company,
a laboratory, a Norwegian or German firm's Danish branch or a system supplier would write them, made by producers
none of the thirteen other hands uses, and then **printed to PDF again** as a party's print dialog does:

* makers: **PyMuPDF's `Story`** (HTML and CSS placed page by page by MuPDF, written by its `DocumentWriter`) and
  **Inkscape from SVG** (each page laid out by this hand in SVG, exported by Inkscape's Cairo PDF backend, the
  pages joined by `pdfunite`);
* reprints: **`pdftocairo -pdf`** (what the GTK and macOS print dialogs do), **`pdftops` + `ps2pdf`** (a PostScript
  printer driver and Ghostscript), **`qpdf --object-streams=generate --linearize`** (a "web-optimised" save), and
  **2-up pages by `pdfjam`** (two A4 pages side by side on a landscape sheet);
* layouts: a mail-merge letter ("Vi kan oplyse, at ..."), questions with the answers set in a second colour
  beside them, contacts as a bulleted list, one long table whose header row repeats on the next page; the party's
  name with its legal suffix on a line of its own; phones written "0045 ...", "+45 ..." and, for a Norwegian or
  German branch's staff, "+47" and "+49";
* agreements: the party block as a sentence, a bulleted list or a letterhead; signed by a typed name, on a
  separate **scanned-looking signature page** (a picture, no text layer), or by a signing service whose evidence
  page this hand words its own way (Penneo, Visma Addo, Criipto, DocuSign, Scrive; Danish and English); unsigned,
  pending and blank ones; the party's own DPA.

Written without reading the reader (issue 22): from MedCom's seed, the domain, and the truth the other hands
return (`forms.form_truth_for`, `agreements.agreement_truth`).

`plan()` in generate.py asks `document()` for the tool `fourteenth`; `render_all` calls `draw()`; `cases.py
--hand fourteenth` asks `case_document()`.
"""
from __future__ import annotations

import base64
import html
import io
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

MAKERS = ["story", "inkscape"]
PRINTS = ["cairo", "ps", "qpdf", "2up", "none", "cairo", "ps"]
FORM_LAYOUTS = ["merge", "colour", "bullets", "longtable"]
SIGNINGS = ["evidence", "typed", "scan", "unsigned", "evidence", "pending", "typed", "blank", "evidence", "scan"]
SERVICES = ["penneo", "addo", "criipto", "docusign", "scrive"]
SERVICE_NAME = {"penneo": "Penneo", "addo": "Visma Addo", "criipto": "Criipto Signatures", "docusign": "DocuSign",
                "scrive": "Scrive"}
EMPTIES = ["", "tech_phone", "", "site", "", "ip_scopes"]
MEDCOM_SIGNER = ("Peder Illum", "Centerchef")
MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
INK = ["#1f4e9c", "#0b6e4f", "#7a1f5c"]  # the second colour the answers are set in


@dataclass
class It:
    """One thing on a page: letterhead (lines), title, head, para, qa (question, answer), bullets (rows of one
    cell), table (header first; it repeats on a new page), ticks (question, options), sign (blocks), scan (the
    signature blocks as a scanned picture on a page of its own), small (a footer line), page (a new page)."""

    kind: str
    a: str = ""
    b: str = ""
    rows: list[list[str]] = field(default_factory=list)
    opts: list[tuple[str, bool]] = field(default_factory=list)
    blocks: list[dict[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- how this hand writes values

def w_date(rng: random.Random, d: date, lang: str) -> str:
    if lang == "da":
        return rng.choice([f"{d.day}. {MONTHS_DA[d.month - 1]} {d.year}", f"{d:%d.%m.%Y}", f"{d:%d/%m-%Y}"])
    return rng.choice([f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}", f"{d:%d.%m.%Y}", f"{d:%Y-%m-%d}"])


def w_phone(rng: random.Random, p: Person) -> str:
    if not p.phone.startswith("+45"):
        return p.local_phone
    d = p.phone[3:]
    pairs = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    return rng.choice([f"0045 {pairs}", f"+45 {d}", f"tlf. {pairs}", f"+45 {d[:4]} {d[4:]}", pairs])


def w_cvr(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}", f"DK {cvr}"])


SUFFIXES = ("A/S", "ApS", "I/S", "P/S", "AS", "GmbH", "NUF", "IVS")


def org_lines(org: str) -> list[str]:
    """The party's name as its letterhead sets it: a legal suffix on a line of its own."""
    head, _, last = org.rpartition(" ")
    return [head, last] if head and last in SUFFIXES else [org]


# ---------------------------------------------------------------- this hand's parties

OWN = {
    "public_hospital": ["Regionshospitalet {t}", "{t} Sygehus, Akutafdelingen"],
    "practitioner": ["Tandlægerne {t} I/S", "Tandklinikken {t} ApS", "Lægeklinikken {t} I/S"],
    "private_hospital": ["Hjemmesygeplejen {t} ApS", "Privatklinikken {t} A/S"],
    "laboratory": ["{t} Klinisk Biokemi ApS", "Laboratoriet {t} A/S"],
    "foreign": ["{t} Helseteknologi AS, filial i Danmark", "{t} Labordiagnostik GmbH, Zweigniederlassung Dänemark",
                "Nordisk Helse {t} NUF"],
    "it_supplier": ["{t} Tandsystemer A/S", "{t} Praksisdata ApS"],
    "municipality": ["{t} Kommune, Sundhedsforvaltningen"],
    "region": ["Region {t}"],
    "pharmacy": ["{t} Svaneapotek"],
}
TOWNS = ["Egebjerg", "Hvalsø Mark", "Lønstrup", "Østervrå", "Fjelstrup", "Kærby", "Bølling", "Nørre Åby"]
PARTY_TYPES = ["public_hospital", "practitioner", "private_hospital", "laboratory", "foreign", "it_supplier",
               "municipality", "region", "pharmacy"]
FOREIGN_REGS = {"AS": "Foretaksnummer {n} (Brønnøysund)", "GmbH": "HRB {h} (Amtsgericht München)",
                "NUF": "Org.nr. {n} MVA"}


def _abroad(rng: random.Random, p: Person, cc: str) -> Person:
    """A branch's staff with a phone at home: +47 (eight digits) or +49 (area code and number)."""
    if cc == "47":
        d = str(rng.choice([4, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        return replace(p, phone="+47" + d, local_phone=f"+47 {d[:3]} {d[3:5]} {d[5:]}")
    area, num = rng.choice(["30", "40", "89"]), "".join(str(rng.randint(0, 9)) for _ in range(7))
    return replace(p, phone=f"+49{area}{num}", local_phone=f"+49 {area} {num}")


def own_party(rng: random.Random, ptype: str | None = None) -> Party:
    p = party(rng, ptype)
    t = rng.choice(TOWNS)
    org = rng.choice(OWN[p.party_type]).format(t=t)
    out = replace(p, organisation=org)
    if p.party_type == "foreign":
        kind = "GmbH" if "GmbH" in org else "NUF" if "NUF" in org else "AS"
        reg = FOREIGN_REGS[kind].format(n=f"{rng.randint(910, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                                        h=rng.randint(100000, 299999))
        cc = "49" if kind == "GmbH" else "47"
        techs = [_abroad(rng, t_, cc) if i == 0 else t_ for i, t_ in enumerate(p.technical)]
        out = replace(out, foreign_reg=reg, technical=techs, org_contact=_abroad(rng, p.org_contact, cc))
    return out


# ---------------------------------------------------------------- the information form in this hand's words

TYPES = {
    "da": {"region": "Region", "municipality": "Kommune", "public_hospital": "Offentligt hospital",
           "private_hospital": "Privat klinik / privathospital", "practitioner": "Praktiserende læge / tandlæge",
           "pharmacy": "Apotek", "laboratory": "Privat laboratorium", "it_supplier": "Systemleverandør (IT)",
           "foreign": "Udenlandsk virksomhed (filial i Danmark)"},
    "en": {"region": "Region", "municipality": "Municipality", "public_hospital": "Public hospital",
           "private_hospital": "Private clinic / private hospital", "practitioner": "General practitioner / dentist",
           "pharmacy": "Pharmacy", "laboratory": "Private laboratory", "it_supplier": "System supplier (IT)",
           "foreign": "Foreign company (Danish branch)"},
}
A_TYPE = {
    "da": {"region": "en region", "municipality": "en kommune", "public_hospital": "et offentligt hospital",
           "private_hospital": "en privat klinik", "practitioner": "en praktiserende tandlæge eller læge",
           "pharmacy": "et apotek", "laboratory": "et privat laboratorium", "it_supplier": "en systemleverandør",
           "foreign": "en udenlandsk virksomheds filial i Danmark"},
    "en": {"region": "a region", "municipality": "a municipality", "public_hospital": "a public hospital",
           "private_hospital": "a private clinic", "practitioner": "a general practitioner or dentist",
           "pharmacy": "a pharmacy", "laboratory": "a private laboratory", "it_supplier": "a system supplier",
           "foreign": "the Danish branch of a foreign company"},
}
Q = {
    "da": {"title": ["Oplysninger til SDN-tilslutning", "Informationsskema – Sundhedsdatanettet"],
           "s_org": "A. Organisationen", "s_contact": "B. Hvem kan MedCom kontakte om aftalen?",
           "s_tech": "C. Teknisk kontakt for TDC", "s_site": "D. Hvor skal udstyret stå?", "s_net": "E. IP-net",
           "s_type": "F. Organisationstype", "s_via": "G. Tilslutning",
           "org": "Hvad hedder organisationen?", "cvr": "Hvad er CVR-nummeret?", "reg": "Registreringsnr. i udlandet",
           "name": "Fulde navn", "mail": "E-mailadresse", "phone": "Telefonnummer", "street": "Gade og nummer",
           "pc": "Postnummer", "city": "By", "net": "Net der skal på SDN (CIDR)",
           "via": "Går tilslutningen gennem KMD eller en systemleverandør?",
           "direct": "Nej, direkte tilslutning", "kmd": "Ja, gennem KMD", "prov": "Ja, gennem {v}",
           "field": "Felt", "value": "Oplysning", "cont": "(fortsat)",
           "foot": "Returneres til sdn@medcom.example – spørgsmål på samme adresse"},
    "en": {"title": ["Details for the SDN connection", "Information form – Health Data Network"],
           "s_org": "A. The organisation", "s_contact": "B. Who may MedCom contact about the agreement?",
           "s_tech": "C. Technical contact for TDC", "s_site": "D. Where does the equipment go?",
           "s_net": "E. IP networks", "s_type": "F. Type of organisation", "s_via": "G. Connection",
           "org": "What is the organisation called?", "cvr": "What is its CVR number?",
           "reg": "Registration no. abroad", "name": "Full name", "mail": "E-mail address", "phone": "Phone number",
           "street": "Street and number", "pc": "Postcode", "city": "Town",
           "net": "Network to join SDN (CIDR)", "via": "Is the connection made through KMD or a system supplier?",
           "direct": "No, a direct connection", "kmd": "Yes, through KMD", "prov": "Yes, through {v}",
           "field": "Field", "value": "Details", "cont": "(continued)",
           "foot": "Return to sdn@medcom.example – questions to the same address"},
}


def _via_answer(p: Party, q: dict[str, str]) -> str:
    v = p.connected_via
    return q["direct"] if v is None else q["kmd"] if v == "KMD" else q["prov"].format(v=v)


def form_items(rng: random.Random, p: Party, empty: str, layout: str) -> list[It]:
    """The form as `layout`: merge (a mail-merge letter), colour (questions, answers in a second colour beside
    them), bullets (sections, contacts as a bulleted list) or longtable (one table, its header repeating)."""
    if layout == "merge":
        return merge_items(rng, p)
    lang, q = p.language, Q[p.language]
    c, a = p.org_contact, p.installation
    techs = [(t, "" if empty == "tech_phone" and i == 0 else w_phone(rng, t)) for i, t in enumerate(p.technical)]
    site = ("", "", "") if empty == "site" else (a.street, a.postcode, a.city)
    nets = [] if empty == "ip_scopes" else p.ip_scopes
    out = [It("letterhead", "\n".join(org_lines(p.organisation))), It("title", rng.choice(q["title"]))]
    if layout == "longtable":
        out.append(It("para", ("Skemaet udfyldes af den organisation, der tilsluttes Sundhedsdatanettet. MedCom "
                               "bruger oplysningerne til at bestille tilslutningen hos TDC, og TDC kontakter den "
                               "tekniske kontaktperson om installationen. Udfyld alle felter.") if lang == "da" else
                              ("The organisation joining the Health Data Network fills in this form. MedCom uses it "
                               "to order the connection from TDC, and TDC contacts the technical contact about the "
                               "installation. Please fill in every field.")))
        rows = [[q["field"], q["value"]], [q["org"], p.organisation], [q["cvr"], w_cvr(rng, p.cvr)]]
        if p.foreign_reg:
            rows.append([q["reg"], p.foreign_reg])
        rows += [[f"{q['s_contact'][3:]} – {q['name'].lower()}", c.name], [f"{q['s_contact'][3:]} – e-mail", c.email],
                 [f"{q['s_contact'][3:]} – {q['phone'].lower()}", w_phone(rng, c)]]
        for i, (t, ph) in enumerate(techs):
            tag = f"{q['s_tech'][3:]} {i + 1}"
            rows += [[f"{tag} – {q['name'].lower()}", t.name], [f"{tag} – e-mail", t.email],
                     [f"{tag} – {q['phone'].lower()}", ph]]
        rows += [[q["s_site"][3:] + " – " + q["street"].lower(), site[0]], [q["pc"], site[1]], [q["city"], site[2]]]
        rows += [[q["net"], n] for n in nets] or [[q["net"], ""]]
        rows += [[q["s_type"][3:], TYPES[lang][p.party_type]], [q["via"], _via_answer(p, q)]]
        out += [It("table", rows=rows), It("small", q["foot"])]
        return out
    qa = "qa" if layout == "colour" else "kv"
    out += [It("head", q["s_org"]), It(qa, q["org"], p.organisation), It(qa, q["cvr"], w_cvr(rng, p.cvr))]
    if p.foreign_reg:
        out.append(It(qa, q["reg"], p.foreign_reg))
    out.append(It("head", q["s_contact"]))
    if layout == "bullets":
        out.append(It("bullets", rows=[[f"{c.name}, {c.email}, {w_phone(rng, c)}"]]))
        out.append(It("head", q["s_tech"]))
        out.append(It("bullets", rows=[[" – ".join(x for x in (t.name, t.email, ph) if x)] for t, ph in techs]))
    else:
        out += [It(qa, q["name"], c.name), It(qa, q["mail"], c.email), It(qa, q["phone"], w_phone(rng, c)),
                It("head", q["s_tech"])]
        for i, (t, ph) in enumerate(techs):
            if len(techs) > 1:
                out.append(It("para", f"{'Person' if lang == 'da' else 'Person'} {i + 1}"))
            out += [It(qa, q["name"], t.name), It(qa, q["mail"], t.email), It(qa, q["phone"], ph)]
    out += [It("head", q["s_site"]), It(qa, q["street"], site[0]), It(qa, q["pc"], site[1]),
            It(qa, q["city"], site[2]), It("head", q["s_net"])]
    out += [It(qa, q["net"], n) for n in nets] or [It(qa, q["net"], "")]
    out.append(It("head", q["s_type"]))
    out.append(It("ticks", "", opts=[(v, k == p.party_type) for k, v in TYPES[lang].items()]))
    out += [It("head", q["s_via"]), It(qa, q["via"], _via_answer(p, q)), It("small", q["foot"])]
    return out


def merge_items(rng: random.Random, p: Party) -> list[It]:
    """A mail-merge letter: every answer in a sentence after "Vi kan oplyse, at" (no field is left empty)."""
    c, a, v = p.org_contact, p.installation, p.connected_via
    town = p.office.city
    if p.language == "da":
        via = ("at vi tilsluttes direkte og ikke gennem KMD eller en systemleverandør" if v is None else
               "at vi tilsluttes gennem KMD" if v == "KMD" else f"at vi tilsluttes gennem vores systemleverandør {v}")
        techs = [It("bullets", rows=[[f"{t.name}, {t.email}, {w_phone(rng, t)}"] for t in p.technical])]
        return [It("letterhead", "\n".join(org_lines(p.organisation) + [p.office.street,
                                                                         f"{p.office.postcode} {town}"])),
                It("para", f"MedCom\nForskerparken 10\n5230 Odense M\n\n{town}, {w_date(rng, p.signature_date, 'da')}"),
                It("title", "Vedr.: oplysninger til tilslutning til Sundhedsdatanettet"),
                It("para", f"På vegne af {p.organisation} (CVR-nr. {w_cvr(rng, p.cvr)}) kan vi oplyse, at vi er "
                   f"{A_TYPE['da'][p.party_type]}"
                   + (f" med registreringsnummer {p.foreign_reg} i hjemlandet" if p.foreign_reg else "") + "."),
                It("para", f"Vi kan oplyse, at vores kontaktperson vedrørende aftalen er {c.name}, som kan træffes på "
                   f"{c.email} eller {w_phone(rng, c)}."),
                It("para", "Vi kan oplyse, at TDC kan rette tekniske spørgsmål til:"), *techs,
                It("para", f"Vi kan oplyse, at udstyret skal leveres og opstilles på {a.street}, {a.postcode} "
                   f"{a.city}, og at følgende net skal tilsluttes: {', '.join(p.ip_scopes)}."),
                It("para", f"Endelig kan vi oplyse, {via}."),
                It("para", f"Med venlig hilsen\n\n{p.signatory.name}\n{p.signatory_title}")]
    via = ("that we connect directly and not through KMD or a system supplier" if v is None else
           "that we connect through KMD" if v == "KMD" else f"that we connect through our system supplier {v}")
    techs = [It("bullets", rows=[[f"{t.name}, {t.email}, {w_phone(rng, t)}"] for t in p.technical])]
    return [It("letterhead", "\n".join(org_lines(p.organisation) + [p.office.street, f"{p.office.postcode} {town}"])),
            It("para", f"MedCom\nForskerparken 10\n5230 Odense M\n\n{town}, {w_date(rng, p.signature_date, 'en')}"),
            It("title", "Re: details for the connection to the Health Data Network"),
            It("para", f"On behalf of {p.organisation} (CVR no. {w_cvr(rng, p.cvr)}) we can confirm that we are "
               f"{A_TYPE['en'][p.party_type]}"
               + (f", registered abroad as {p.foreign_reg}" if p.foreign_reg else "") + "."),
            It("para", f"We can confirm that our contact for the agreement is {c.name}, who can be reached at "
               f"{c.email} or {w_phone(rng, c)}."),
            It("para", "We can confirm that TDC may put technical questions to:"), *techs,
            It("para", f"We can confirm that the equipment is to be delivered to and set up at {a.street}, "
               f"{a.postcode} {a.city}, and that these networks are to be connected: {', '.join(p.ip_scopes)}."),
            It("para", f"Finally, we can confirm {via}."),
            It("para", f"Yours sincerely\n\n{p.signatory.name}\n{p.signatory_title}")]


# ---------------------------------------------------------------- the agreements

@dataclass
class Agr:
    p: Party
    kind: str
    signing: str  # typed, scan, evidence, unsigned, pending, blank
    service: str
    seed: float


def party_block(rng: random.Random, p: Party, lang: str) -> list[It]:
    """The parties as a sentence, a bulleted list, or a letterhead (the legal suffix on a line of its own)."""
    addr = f"{p.office.street}, {p.office.postcode} {p.office.city}"
    cvr = w_cvr(rng, p.cvr)
    reg = f", {p.foreign_reg}" if p.foreign_reg else ""
    how = rng.choice(["sentence", "bullets", "letterhead"])
    if how == "sentence":
        return [It("para", f"Mellem undertegnede {p.organisation} (CVR-nr. {cvr}{reg}), {addr}, i det følgende "
                           f"kaldet Parten, og MedCom (CVR-nr. {MEDCOM['cvr']}), {MEDCOM['street']}, "
                           f"{MEDCOM['town']}, er indgået følgende aftale." if lang == "da" else
                           f"Between the undersigned {p.organisation} (CVR no. {cvr}{reg}), {addr}, hereinafter "
                           f"the Party, and MedCom (CVR no. {MEDCOM['cvr']}), {MEDCOM['street']}, {MEDCOM['town']}, "
                           "the following agreement is made.")]
    if how == "bullets":
        lab = ["Parten", "CVR-nr.", "Adresse"] if lang == "da" else ["The Party", "CVR no.", "Address"]
        rows = [[f"{lab[0]}: {p.organisation}"], [f"{lab[1]}: {cvr}{reg}"], [f"{lab[2]}: {addr}"]]
        return [It("bullets", rows=rows), It("para", f"og MedCom, CVR-nr. {MEDCOM['cvr']}, {MEDCOM['street']}, "
                                                     f"{MEDCOM['town']}" if lang == "da" else
                                                     f"and MedCom, CVR no. {MEDCOM['cvr']}, {MEDCOM['street']}, "
                                                     f"{MEDCOM['town']}")]
    lines = org_lines(p.organisation) + [f"CVR-nr. {cvr}" if lang == "da" else f"CVR no. {cvr}"]
    if p.foreign_reg:
        lines.append(p.foreign_reg)
    lines.append(addr)
    return [It("para", "Parten:" if lang == "da" else "The Party:"), It("letterhead", "\n".join(lines)),
            It("para", f"MedCom\nCVR-nr. {MEDCOM['cvr']}\n{MEDCOM['street']}, {MEDCOM['town']}")]


def evidence_page(rng: random.Random, a: Agr, title: str) -> list[It]:
    """A signing service's closing page in this hand's words; a pending one says who has not signed yet."""
    p, svc = a.p, SERVICE_NAME[a.service]
    en = p.language == "en" or a.service == "docusign" and rng.random() < 0.5
    at = datetime.combine(p.signature_date, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))
    mc = at + timedelta(hours=rng.randint(3, 40))
    ref = "-".join("".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(5)) for _ in range(4))
    stamp = "%Y-%m-%d %H:%M:%S UTC" if en else "%d-%m-%Y %H:%M:%S"
    party_line = f"{p.signatory.name}, {p.signatory_title}, {p.organisation}"
    out = [It("page")]
    if a.signing == "pending":
        out += [It("title", f"{svc}: " + ("Underskriftsforløb i gang" if not en else "Signing in progress")),
                It("kv", "Dokument-ID" if not en else "Document ID", ref),
                It("para", (f"»{title}« er sendt til underskrift. Forløbet afsluttes, når alle har underskrevet." if
                            not en else f"\u201c{title}\u201d has been sent for signing. The process completes when "
                            "everyone has signed.")),
                It("bullets", rows=[[f"{MEDCOM_SIGNER[0]}, MedCom – " + ("underskrevet " if not en else "signed ")
                                     + f"{mc:{stamp}}"],
                                    [f"{party_line} – "
                                     + ("afventer underskrift" if not en else "awaiting signature")]])]
        return out
    if a.service == "penneo":
        out += [It("title", "Penneo – bevis for underskrift" if not en else "Penneo – proof of signature"),
                It("para", ("Underskrifterne nedenfor er afgivet digitalt. Underskrivernes identitet er bekræftet "
                            "med MitID, og dokumentet er forseglet med Penneos certifikat." if not en else
                            "The signatures below were given digitally. Each signer's identity was confirmed with "
                            "MitID and the document is sealed with Penneo's certificate.")),
                It("bullets", rows=[[f"{party_line} – " + ("underskrevet " if not en else "signed ") + f"{at:{stamp}}"],
                                    [f"{MEDCOM_SIGNER[0]}, {MEDCOM_SIGNER[1]}, MedCom – "
                                     + ("underskrevet " if not en else "signed ") + f"{mc:{stamp}}"]]),
                It("small", f"Penneo-nøgle: {ref}" if not en else f"Penneo key: {ref}")]
    elif a.service == "docusign":
        out += [It("title", "Færdiggørelsescertifikat" if not en else "Certificate of Completion"),
                It("kv", "Konvolut-ID" if not en else "Envelope ID", ref),
                It("kv", "Status", "Fuldført" if not en else "Completed"),
                It("table", rows=[["Underskriver" if not en else "Signer", "Hændelse" if not en else "Event",
                                   "Tid" if not en else "Time"],
                                  [f"{p.signatory.name}\n{p.signatory.email}", "Underskrevet" if not en else "Signed",
                                   f"{at:{stamp}}"],
                                  [f"{MEDCOM_SIGNER[0]}\nsekretariat@medcom.example", "Underskrevet" if not en
                                   else "Signed", f"{mc:{stamp}}"]])]
    else:
        head = {"addo": ("Visma Addo – signeringslog", "Visma Addo signing log"),
                "criipto": ("Criipto Signatures – dokumentation for underskrift", "Criipto Signatures – evidence"),
                "scrive": ("Verifikat fra Scrive", "Scrive verification")}[a.service]
        out += [It("title", head[1] if en else head[0]),
                It("para", (f"Dokumentet »{title}« er underskrevet af alle underskrivere med MitID." if not en else
                            f"The document \u201c{title}\u201d was signed by all signers with MitID.")),
                It("kv", "Transaktion" if not en else "Transaction", ref),
                It("table", rows=[["Underskriver" if not en else "Signer", "Metode" if not en else "Method",
                                   "Underskrevet" if not en else "Signed at"],
                                  [party_line, "MitID", f"{at:{stamp}}"],
                                  [f"{MEDCOM_SIGNER[0]}, MedCom", "MitID Erhverv", f"{mc:{stamp}}"]])]
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
    blank, none_yet = s == "blank", s in ("unsigned", "pending", "blank")
    town = p.office.city
    mine = {"for": "For Parten" if lang == "da" else "For the Party",
            "date": "" if none_yet else f"{town}, {w_date(rng, p.signature_date, lang)}",
            "sig": p.signatory.name if s in ("typed", "scan") else "",
            "name": "" if blank else p.signatory.name, "title": "" if blank else p.signatory_title}
    medcom_signed = not none_yet
    theirs = {"for": "For MedCom", "date": f"Odense, {w_date(rng, p.signature_date + timedelta(days=2), lang)}"
              if medcom_signed else "", "sig": MEDCOM_SIGNER[0] if medcom_signed and s != "evidence" else "",
              "name": MEDCOM_SIGNER[0], "title": MEDCOM_SIGNER[1]}
    if s == "scan":  # the signature page printed, signed by hand and scanned back in
        out += [It("page"), It("scan", t.signatures, blocks=[mine, theirs])]
    else:
        out += [It("head", t.signatures), It("sign", blocks=[mine, theirs])]
    if s in ("evidence", "pending"):
        out += evidence_page(rng, a, t.title)
    return out


def own_dpa_items(rng: random.Random, a: Agr) -> list[It]:
    """The party's own data processing agreement (its own template, MedCom as processor): not the SDN one."""
    p, lang = a.p, a.p.language
    if lang == "da":
        title, sub = "Databehandleraftale", f"{p.organisation} – standardaftale for leverandører, version 2025-03"
        clauses = [("1. Parter og formål", f"Aftalen gælder mellem {p.organisation} som dataansvarlig og "
                    "leverandøren som databehandler ved levering af netværksydelser."),
                   ("2. Instruks", "Databehandleren følger alene skriftlige instrukser fra den dataansvarlige og "
                    "underretter straks, hvis en instruks efter databehandlerens opfattelse er ulovlig."),
                   ("3. Sikkerhed", "Databehandleren gennemfører mindst de foranstaltninger, der fremgår af den "
                    "dataansvarliges sikkerhedspolitik, og lader sig auditere to gange årligt."),
                   ("4. Ansvar", "Databehandleren holder den dataansvarlige skadesløs for ethvert tab.")]
    else:
        title, sub = "Data Processing Agreement", f"{p.organisation} – supplier standard terms, version 2025-03"
        clauses = [("1. Parties and purpose", f"This agreement applies between {p.organisation} as controller and "
                    "the supplier as processor when network services are delivered."),
                   ("2. Instructions", "The processor acts only on written instructions from the controller and "
                    "says at once if it finds an instruction unlawful."),
                   ("3. Security", "The processor applies at least the measures of the controller's security policy "
                    "and accepts two audits a year."),
                   ("4. Liability", "The processor indemnifies the controller against any loss.")]
    out = [It("letterhead", "\n".join(org_lines(p.organisation))), It("title", title), It("para", sub),
           It("kv", "Dataansvarlig" if lang == "da" else "Controller", f"{p.organisation}, CVR {p.cvr}"),
           It("kv", "Databehandler" if lang == "da" else "Processor", f"MedCom, CVR {MEDCOM['cvr']}")]
    for h, txt in clauses:
        out += [It("head", h), It("para", txt)]
    out.append(It("sign", blocks=[{"for": p.organisation, "date": w_date(rng, p.signature_date, lang),
                                   "sig": p.signatory.name, "name": p.signatory.name, "title": p.signatory_title}]))
    return out


# ---------------------------------------------------------------- PyMuPDF's Story (HTML placed by MuPDF)

_CSS = """
body{font-family:%(font)s;font-size:%(size)spt}
h1{font-size:14pt;margin:6pt 0 8pt} h2{font-size:11pt;margin:10pt 0 3pt}
.lh{font-size:12pt;font-weight:bold;text-align:right;margin:0 0 10pt}
table{border-collapse:collapse;width:100%%} td,th{border:1px solid #666;padding:2pt 4pt;text-align:left}
th{background:#e4e4e4} td.q{width:52%%} td.ans{color:%(ink)s;font-style:italic}
table.qa td{border:none;border-bottom:1px dotted #999}
.small{font-size:7pt;color:#555;margin-top:14pt} ul{margin:2pt 0 4pt 14pt}
.hand{font-style:italic;font-size:14pt;color:#123}
"""


def _h(s: str) -> str:
    return html.escape(s).replace("\n", "<br/>")


def story_chunks(items: list[It], rng: random.Random, lang: str) -> list[str]:
    """The items as HTML, one string a page run (a `page` item starts a new one)."""
    on, off = rng.choice([("☒", "☐"), ("(X)", "( )"), ("✓", "–")])
    chunks: list[list[str]] = [[]]
    qa_open = False
    for it in items:
        out = chunks[-1]
        if qa_open and it.kind != "qa":
            out.append("</table>")
            qa_open = False
        if it.kind == "letterhead":
            out.append(f"<p class='lh'>{_h(it.a)}</p>")
        elif it.kind == "title":
            out.append(f"<h1>{_h(it.a)}</h1>")
        elif it.kind == "head":
            out.append(f"<h2>{_h(it.a)}</h2>")
        elif it.kind == "para":
            out.append(f"<p>{_h(it.a)}</p>")
        elif it.kind == "small":
            out.append(f"<p class='small'>{_h(it.a)}</p>")
        elif it.kind == "kv":
            out.append(f"<p>{_h(it.a)}: {_h(it.b)}</p>")
        elif it.kind == "qa":
            if not qa_open:
                out.append("<table class='qa'>")
                qa_open = True
            out.append(f"<tr><td class='q'>{_h(it.a)}</td><td class='ans'>{_h(it.b) or '&#160;'}</td></tr>")
        elif it.kind == "bullets":
            out.append("<ul>" + "".join(f"<li>{_h(r[0])}</li>" for r in it.rows) + "</ul>")
        elif it.kind == "table":
            head = "<tr>" + "".join(f"<th>{_h(c)}</th>" for c in it.rows[0]) + "</tr>"
            body = "".join("<tr>" + "".join(f"<td>{_h(c) or '&#160;'}</td>" for c in r) + "</tr>"
                           for r in it.rows[1:])
            out.append(f"<table>{head}{body}</table>")
        elif it.kind == "ticks":
            out.append("<p>" + "<br/>".join(f"{on if o else off} {_h(lab)}" for lab, o in it.opts) + "</p>")
        elif it.kind == "page":
            chunks.append([])
        elif it.kind == "sign":
            out.append(_html_sign(it.blocks, lang))
        elif it.kind == "scan":
            out.append("<img src='scan.png' width='480'/>")
    return ["".join(c) for c in chunks if c]


def _html_sign(blocks: list[dict[str, str]], lang: str) -> str:
    dl, sl, nl, tl = ("Sted og dato", "Underskrift", "Navn", "Stilling") if lang == "da" else (
        "Place and date", "Signature", "Name", "Title")
    cells = []
    for b in blocks:
        mark = f"<span class='hand'>{_h(b['sig'])}</span>" if b["sig"] else "&#160;"
        cells.append(f"<td style='border:none;vertical-align:top'><b>{_h(b['for'])}</b><br/>{dl}: "
                     f"{_h(b['date']) or '________________'}<br/><br/>{mark}<br/>______________________<br/>"
                     f"<small>{sl}</small><br/>{nl}: {_h(b['name'])}<br/>{tl}: {_h(b['title'])}</td>")
    return "<table><tr>" + "".join(cells) + "</tr></table>"


def story_pdf(items: list[It], out: Path, work: Path, rng: random.Random, lang: str) -> None:
    import pymupdf

    css = _CSS % {"font": rng.choice(["sans-serif", "serif"]), "size": rng.choice(["9.5", "10", "10.5"]),
                  "ink": rng.choice(INK)}
    box = pymupdf.paper_rect("a4")
    where = box + (rng.choice([50, 60, 70]), 56, -rng.choice([50, 60]), -56)
    writer = pymupdf.DocumentWriter(str(out))
    archive = pymupdf.Archive(str(work))
    for chunk in story_chunks(items, rng, lang):
        story = pymupdf.Story(html=f"<body>{chunk}</body>", user_css=css, archive=archive)
        more = 1
        while more:
            dev = writer.begin_page(box)
            more, _ = story.place(where)
            story.draw(dev)
            writer.end_page()
    writer.close()


# ---------------------------------------------------------------- SVG pages by this hand, exported by Inkscape

PAGE_W, PAGE_H, LEFT, TOP, BOTTOM = 595.0, 842.0, 58.0, 64.0, 780.0


class SvgPages:
    """A plain line layout on A4 pages of SVG: text wrapped by an estimate of its width, tables with borders
    whose header row is drawn again at the top of the next page."""

    def __init__(self, font: str, size: float, ink: str) -> None:
        self.font, self.size, self.ink = font, size, ink
        self.pages: list[list[str]] = [[]]
        self.y = TOP
        self.pad = 6.0  # a cell's room above and below its words (a form to be filled in by hand has more)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def text(self, x: float, y: float, s: str, size: float | None = None, bold: bool = False, fill: str = "#000",
             italic: bool = False, anchor: str = "start") -> None:
        style = (f"font-family:{self.font};font-size:{size or self.size}px;fill:{fill};"
                 f"font-weight:{'bold' if bold else 'normal'};font-style:{'italic' if italic else 'normal'}")
        self.pages[-1].append(f"<text x='{x:.1f}' y='{y:.1f}' style='{style}' text-anchor='{anchor}' "
                              f"xml:space='preserve'>{html.escape(s)}</text>")

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.pages[-1].append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{w:.1f}' height='{h:.1f}' "
                              "style='fill:none;stroke:#555;stroke-width:0.6'/>")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pages[-1].append(f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' "
                              "style='stroke:#000;stroke-width:0.6'/>")

    def image(self, png: bytes, x: float, y: float, w: float, h: float) -> None:
        data = base64.b64encode(png).decode()
        self.pages[-1].append(f"<image x='{x}' y='{y}' width='{w}' height='{h}' "
                              f"xlink:href='data:image/png;base64,{data}'/>")

    def wrap(self, s: str, width: float, size: float | None = None) -> list[str]:
        per = max(8, int(width / ((size or self.size) * 0.52)))
        lines: list[str] = []
        for part in s.split("\n"):
            cur = ""
            for word in part.split(" "):
                if cur and len(cur) + 1 + len(word) > per:
                    lines.append(cur)
                    cur = word
                else:
                    cur = f"{cur} {word}" if cur else word
            lines.append(cur)
        return lines

    def need(self, h: float) -> None:
        if self.y + h > BOTTOM:
            self.new_page()

    def flow(self, s: str, size: float | None = None, bold: bool = False, x: float = LEFT, gap: float = 4,
             fill: str = "#000", anchor: str = "start") -> None:
        lh = (size or self.size) * 1.3
        for ln in self.wrap(s, PAGE_W - LEFT - x if anchor == "start" else PAGE_W - 2 * LEFT, size):
            self.need(lh)
            self.y += lh
            self.text(x if anchor == "start" else PAGE_W - LEFT, self.y, ln, size, bold, fill, anchor=anchor)
        self.y += gap

    def table(self, rows: list[list[str]], widths: list[float], repeat: str) -> None:
        def row(cells: list[str], bold: bool) -> None:
            wrapped = [self.wrap(c, w - 8) for c, w in zip(cells, widths, strict=True)]
            h = max(len(w) for w in wrapped) * self.size * 1.3 + self.pad
            if self.y + h > BOTTOM:
                self.new_page()
                draw(rows[0], True, cont=True)
            draw(cells, bold, wrapped, h)

        def draw(cells: list[str], bold: bool, wrapped: list[list[str]] | None = None, h: float = 0,
                 cont: bool = False) -> None:
            if cont:
                self.text(LEFT, self.y + self.size, repeat, self.size * 0.85, italic=True)
                self.y += self.size * 1.6
                cells = list(cells)
            wrapped = wrapped or [self.wrap(c, w - 8) for c, w in zip(cells, widths, strict=True)]
            h = h or max(len(w) for w in wrapped) * self.size * 1.3 + self.pad
            x = LEFT
            for lines, w in zip(wrapped, widths, strict=True):
                self.rect(x, self.y, w, h)
                for k, ln in enumerate(lines):
                    self.text(x + 4, self.y + self.pad / 2 + self.size * (1.3 * k + 1) - 2, ln, bold=bold)
                x += w
            self.y += h

        self.need(40)
        for i, r in enumerate(rows):
            row(r, i == 0)
        self.y += 8

    def svg(self, page: list[str]) -> str:
        return ("<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg' "
                "xmlns:xlink='http://www.w3.org/1999/xlink' width='210mm' height='297mm' "
                f"viewBox='0 0 {PAGE_W:.0f} {PAGE_H:.0f}'>" + "".join(page) + "</svg>")


def svg_pages(items: list[It], rng: random.Random, lang: str, scan_png: bytes) -> list[str]:
    s = SvgPages(rng.choice(["DejaVu Sans", "Liberation Serif", "Liberation Sans"]), rng.choice([9.5, 10.0]),
                 rng.choice(INK))
    on, off = rng.choice([("☒", "☐"), ("[X]", "[  ]")])
    qx = rng.choice([260.0, 290.0])  # where the answers start
    for it in items:
        if it.kind == "letterhead":
            s.flow(it.a, 12, True, gap=10, anchor="end")
        elif it.kind == "title":
            s.y += 4
            s.flow(it.a, 14, True, gap=6)
        elif it.kind == "head":
            s.need(40)
            s.y += 6
            s.flow(it.a, 11, True, gap=2)
        elif it.kind == "para":
            s.flow(it.a, gap=5)
        elif it.kind == "small":
            s.flow(it.a, 7, gap=2)
        elif it.kind in ("kv", "qa"):
            qlines = s.wrap(it.a if it.kind == "qa" else f"{it.a}:", qx - LEFT - 10)
            s.need(16 * len(qlines))
            for k, ln in enumerate(qlines):
                s.y += s.size * (1.5 if k == 0 else 1.25)
                s.text(LEFT, s.y, ln)
            if it.kind == "qa":
                s.line(qx - 4, s.y + 2, PAGE_W - LEFT, s.y + 2)
            s.text(qx, s.y, it.b, fill=s.ink if it.kind == "qa" else "#000", italic=it.kind == "qa")
        elif it.kind == "bullets":
            for r in it.rows:
                for k, ln in enumerate(s.wrap(r[0], PAGE_W - 2 * LEFT - 16)):
                    s.need(14)
                    s.y += s.size * 1.3
                    if k == 0:
                        s.text(LEFT + 4, s.y, "•")
                    s.text(LEFT + 16, s.y, ln)
            s.y += 4
        elif it.kind == "table":
            n = len(it.rows[0])
            total = PAGE_W - 2 * LEFT
            widths = [total * 0.45, total * 0.55] if n == 2 else [total / n] * n
            s.pad = 16.0 if n == 2 else 6.0  # the long form's rows have room to write in
            s.table(it.rows, widths, Q[lang]["cont"])
        elif it.kind == "ticks":
            for lab, o in it.opts:
                s.need(14)
                s.y += s.size * 1.35
                s.text(LEFT, s.y, on if o else off, fill=s.ink if o else "#000")
                s.text(LEFT + 24, s.y, lab)
            s.y += 4
        elif it.kind == "page":
            s.new_page()
        elif it.kind == "sign":
            _svg_sign(s, it.blocks, lang)
        elif it.kind == "scan":
            if s.pages[-1]:
                s.new_page()
            s.image(scan_png, 0, 0, PAGE_W, PAGE_H)
    return [s.svg(p) for p in s.pages if p]


def _svg_sign(s: SvgPages, blocks: list[dict[str, str]], lang: str) -> None:
    dl, sl, nl, tl = ("Sted og dato", "Underskrift", "Navn", "Stilling") if lang == "da" else (
        "Place and date", "Signature", "Name", "Title")
    s.need(130)
    top = s.y + 14
    for k, b in enumerate(blocks):
        x = LEFT + k * 250
        s.text(x, top, b["for"], bold=True)
        s.text(x, top + 18, f"{dl}: {b['date'] or '_______________'}")
        if b["sig"]:
            s.text(x + 6, top + 50, b["sig"], 15, italic=True, fill="#123")
        s.line(x, top + 56, x + 200, top + 56)
        s.text(x, top + 66, sl, 7)
        s.text(x, top + 84, f"{nl}: {b['name']}")
        s.text(x, top + 100, f"{tl}: {b['title']}")
    s.y = top + 112


# ---------------------------------------------------------------- the scanned signature page

def scan_page(title: str, blocks: list[dict[str, str]], lang: str, rng: random.Random) -> bytes:
    """The signature page as a scanner gives it back: printed words and a hand's scribble on grey paper, turned a
    little, a picture with no text layer (150 dpi)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    dpi = 150
    img = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 246)
    d = ImageDraw.Draw(img)
    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    big, mid, small = (ImageFont.truetype(font_path, n) for n in (30, 24, 16))
    d.text((150, 170), title, font=big, fill=20)
    dl, sl, nl, tl = ("Sted og dato", "Underskrift", "Navn", "Stilling") if lang == "da" else (
        "Place and date", "Signature", "Name", "Title")
    y = 280
    for b in blocks:
        d.text((150, y), b["for"], font=mid, fill=25)
        d.text((150, y + 45), f"{dl}: {b['date']}", font=mid, fill=30)
        if b["sig"]:
            pts = [(170.0, y + 140.0)]
            for _ in range(26):
                px, py = pts[-1]
                pts.append((px + rng.uniform(8, 18), max(y + 100.0, min(y + 170.0, py + rng.uniform(-28, 28)))))
            d.line(pts, fill=15, width=4)
        d.line([(150, y + 180), (700, y + 180)], fill=40, width=2)
        d.text((150, y + 188), sl, font=small, fill=60)
        d.text((150, y + 225), f"{nl}: {b['name']}", font=mid, fill=30)
        d.text((150, y + 265), f"{tl}: {b['title']}", font=mid, fill=30)
        y += 380
    noise = Image.effect_noise(img.size, 18).point(lambda v: 0 if v < 60 else 255)
    img = Image.composite(img, noise.convert("L"), noise.point(lambda v: 255 if v else 0).convert("L"))
    img = img.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BICUBIC, fillcolor=235)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


# ---------------------------------------------------------------- making and printing again

APT = {"inkscape": "inkscape", "pdfjam": "texlive-extra-utils", "qpdf": "qpdf", "pdftocairo": "poppler-utils",
       "pdfunite": "poppler-utils", "ps2pdf": "ghostscript"}


def ensure() -> None:
    missing = sorted({pkg for exe, pkg in APT.items() if shutil.which(exe) is None})
    if missing:
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-dejavu-core", "fonts-liberation", "texlive-latex-recommended")


def _run(cmd: list[str], cwd: Path, timeout: float = 300, ok: tuple[int, ...] = (0,)) -> None:
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    if r.returncode not in ok:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-800:]!r}")


def reprint(how: str, src: Path, out: Path, work: Path) -> None:
    """`src` printed to PDF again as a party's machine does: `how` is cairo, ps, qpdf, 2up or none."""
    if how == "none":
        shutil.copyfile(src, out)
    elif how == "cairo":
        _run(["pdftocairo", "-pdf", str(src), str(out)], work)
    elif how == "ps":
        _run(["pdftops", "-level3", str(src), str(work / "print.ps")], work)
        _run(["ps2pdf", "-sPAPERSIZE=a4", str(work / "print.ps"), str(out)], work)
    elif how == "qpdf":
        _run(["qpdf", "--object-streams=generate", "--linearize", "--compress-streams=y", str(src), str(out)], work,
             ok=(0, 3))  # 3: done, with warnings (MuPDF's writer counts its objects its own way)
    elif how == "2up":
        _run(["pdfjam", "--quiet", "--nup", "2x1", "--landscape", "--a4paper", "--outfile", str(out), str(src)],
             work)
    else:
        raise ValueError(how)


def render_pdf(maker: str, items: list[It], out: Path, rng: random.Random, lang: str, printed: str) -> None:
    ensure()
    with tempfile.TemporaryDirectory(prefix="sdn-t14-") as tmp:
        w = Path(tmp)
        scan = next((it for it in items if it.kind == "scan"), None)
        png = scan_page(scan.a, scan.blocks, lang, random.Random(rng.random())) if scan else b""
        (w / "scan.png").write_bytes(png)
        made = w / "made.pdf"
        if maker == "story":
            story_pdf(items, made, w, rng, lang)
        elif maker == "inkscape":
            pages = []
            for i, svg in enumerate(svg_pages(items, rng, lang, png)):
                (w / f"p{i:02d}.svg").write_text(svg, encoding="utf-8")
                _run(["inkscape", f"p{i:02d}.svg", "--export-type=pdf", f"--export-filename=p{i:02d}.pdf"], w)
                pages.append(f"p{i:02d}.pdf")
            if len(pages) == 1:
                shutil.copyfile(w / pages[0], made)
            else:
                _run(["pdfunite", *pages, "made.pdf"], w)
        else:
            raise ValueError(maker)
        reprint(printed, made, w / "doc.pdf", w)
        shutil.copyfile(w / "doc.pdf", out)


# ---------------------------------------------------------------- the plan's entries

_counter = {"form": 0, "agr": 0, "service": 0, "kind": 0}
KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]
TRUTH_SIGNING = {"typed": "typed", "scan": "drawn", "evidence": "evidence", "unsigned": "unsigned",
                 "pending": "pending", "blank": "blank"}


def form(rng: random.Random, p: Party, name: str, maker: str, layout: str, printed: str,
         empty: str = "") -> RLDocument:
    if layout in ("merge", "bullets"):
        empty = ""  # a letter and a list say each answer in a sentence or a line
    seed = rng.random()
    truth = form_truth_for(p, name, empty)
    items = form_items(random.Random(seed), p, empty, layout)

    def draw(out: Path) -> None:
        render_pdf(maker, items, out, random.Random(seed + 1), p.language, printed)

    return RLDocument(name, [], truth, f"form-t14-{maker}-{layout}>{printed}", p.language,
                      note=f"variants={'empty-' + empty if empty else ''}", draw=draw)


def agreement(rng: random.Random, p: Party, kind: str, maker: str, signing: str, service: str, name: str,
              printed: str) -> RLDocument:
    a = Agr(p, kind, signing, service, rng.random())
    items = agreement_items(random.Random(a.seed), a)
    doc = agreement_truth(p, kind, TRUTH_SIGNING[signing], name)

    def draw(out: Path) -> None:
        render_pdf(maker, items, out, random.Random(a.seed + 1), p.language, printed)

    return RLDocument(name, [], {"message": None, "documents": [doc]}, f"{kind}-t14-{maker}>{printed}", p.language,
                      note=f"signing={signing};variants={service if signing in ('evidence', 'pending') else ''}",
                      draw=draw)


def own_template(rng: random.Random, p: Party, name: str, maker: str, printed: str) -> RLDocument:
    a = Agr(p, "data_processor_agreement", "own", "penneo", rng.random())
    items = own_dpa_items(random.Random(a.seed), a)
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}

    def draw(out: Path) -> None:
        render_pdf(maker, items, out, random.Random(a.seed + 1), p.language, printed)

    return RLDocument(name, [], {"message": None, "documents": [doc],
                                 "_note": "the party's own DPA template: only kind and problems scored"},
                      f"own_template_dpa-t14-{maker}>{printed}", p.language, note="signing=typed;variants=own",
                      draw=draw)


def _next_form() -> tuple[str, str, str, str]:
    i = _counter["form"]
    _counter["form"] += 1
    maker = MAKERS[i % len(MAKERS)]
    layout = FORM_LAYOUTS[(i // len(MAKERS)) % len(FORM_LAYOUTS)]
    if layout == "longtable":
        maker = "inkscape"  # the repeating header row is this hand's own layout
    return maker, layout, PRINTS[i % len(PRINTS)], EMPTIES[i % len(EMPTIES)]


def _next_agr(signing: str | None = None) -> tuple[str, str, str, str]:
    i = _counter["agr"]
    _counter["agr"] += 1
    maker = MAKERS[(i + i // len(MAKERS)) % len(MAKERS)]
    how = signing or SIGNINGS[i % len(SIGNINGS)]
    service = SERVICES[_counter["service"] % len(SERVICES)]
    if how in ("evidence", "pending"):
        _counter["service"] += 1
    return maker, how, service, PRINTS[(i + 3) % len(PRINTS)]


def document(rng: random.Random, what: str, name_of: Callable[[Party, str], str]) -> RLDocument:
    """The next document for `what` (generate.py's plan): forms, the three agreements, own templates."""
    if what == "form":
        p = own_party(rng, rng.choice(PARTY_TYPES))
        maker, layout, printed, empty = _next_form()
        return form(rng, p, name_of(p, what), maker, layout, printed, empty)
    if what == "own_template":
        p = own_party(rng, rng.choice([x for x in PARTY_TYPES if x not in ("foreign", "it_supplier")]))
        maker, _, _, printed = _next_agr()
        return own_template(rng, p, name_of(p, what), maker, printed)
    if what not in KINDS:
        what = KINDS[_counter["kind"] % len(KINDS)]
        _counter["kind"] += 1
    p = own_party(rng, "it_supplier" if what == "sub_data_processor_agreement" else
                  rng.choice([x for x in PARTY_TYPES if x != "it_supplier"]))
    maker, how, service, printed = _next_agr()
    return agreement(rng, p, what, maker, how, service, name_of(p, what), printed)


# the case generator's signings (cases.py) as this hand signs them
CASE_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "scan", "unsigned": "unsigned",
                "blank": "blank", "pending": "pending"}


def case_document(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> RLDocument:
    """This hand's document for a case's party `q` (cases.py --hand fourteenth)."""
    if what == "information_form":
        maker, layout, printed, _ = _next_form()
        return form(rng, q, fname, maker, layout, printed)
    how = CASE_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "evidence"]))
    maker, how, service, printed = _next_agr(how)
    return agreement(rng, q, what, maker, how, service, fname, printed)


def reset() -> None:
    """Start the turns again (a new plan)."""
    _counter.update(form=0, agr=0, service=0, kind=0)


__all__ = ["document", "case_document", "reset", "form", "agreement", "own_template", "form_items",
           "agreement_items", "own_dpa_items", "render_pdf", "own_party", "reprint"]
