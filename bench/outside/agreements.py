"""SDN agreements (connection, data processor, sub-data processor) and a party's own DPA template,
written as another organisation's clerk or a signing service would write them."""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from bench.outside import evidence
from bench.outside.model import (
    Block,
    Columns,
    Document,
    Fields,
    Footer,
    Grid,
    Heading,
    PageBreak,
    Para,
    SignCell,
    SignLine,
    SignTable,
    Title,
)
from bench.outside.people import Party, valid_cvr

MEDCOM = {"name": "MedCom", "cvr": "26919991", "street": "Forskerparken 10", "town": "5230 Odense M"}
PARTY_BLOCKS = ["labels", "table2col", "prose", "preamble"]
# the signings: by hand (typed, slash, italic, drawn), a signing service's page in our table ("penneo") or as
# the service prints it ("penneo_page"), none (unsigned, blank), a signing round not finished (pending)
SIGNINGS = ["typed", "penneo", "unsigned", "addo", "slash", "docusign", "italic", "acrobat", "blank", "scrive",
            "drawn", "verified", "pending", *evidence.SERVICES]

TITLE = {
    ("connection_agreement", "da"): ["Tilslutningsaftale", "Aftale om tilslutning til Sundhedsdatanettet (SDN)"],
    ("connection_agreement", "en"): ["Connection agreement", "Agreement on joining the Health Data Network (SDN)"],
    ("data_processor_agreement", "da"): ["Databehandleraftale", "Databehandleraftale vedrørende Sundhedsdatanettet"],
    ("data_processor_agreement", "en"): ["Data processing agreement",
                                         "Data processor agreement – Health Data Network (SDN)"],
    ("sub_data_processor_agreement", "da"): ["Underdatabehandleraftale", "Aftale om underdatabehandling – SDN"],
    ("sub_data_processor_agreement", "en"): ["Sub-processing agreement", "Sub-data processor agreement – SDN"],
}
# (party's role, MedCom's role) in each agreement
ROLES = {
    ("connection_agreement", "da"): ("Den tilsluttede part", "MedCom"),
    ("connection_agreement", "en"): ("The connecting party", "MedCom"),
    ("data_processor_agreement", "da"): ("Dataansvarlig", "Databehandler"),
    ("data_processor_agreement", "en"): ("Data controller", "Data processor"),
    ("sub_data_processor_agreement", "da"): ("Databehandler", "Underdatabehandler"),
    ("sub_data_processor_agreement", "en"): ("Processor", "Sub-processor"),
}
CLAUSES = {
    ("connection_agreement", "da"): [
        ("1. Aftalens genstand", "Parten får adgang til Sundhedsdatanettet (SDN), som MedCom stiller til rådighed "
         "for sikker udveksling af sundhedsdata mellem sundhedsvæsenets parter."),
        ("2. Partens ansvar", "Parten sørger for, at kun eget personale med et sagligt formål bruger "
         "forbindelsen, og at netværksoplysningerne holdes ajour over for MedCom."),
        ("3. Opkobling", "MedCom bestiller opkoblingen hos netværksleverandøren, når aftalen og "
         "informationsskemaet er modtaget i udfyldt stand."),
        ("4. Varighed", "Aftalen løber, indtil den opsiges skriftligt med tre måneders varsel.")],
    ("connection_agreement", "en"): [
        ("1. Subject", "The party is given access to the Health Data Network (SDN), which MedCom provides for the "
         "secure exchange of health data between the parties of Danish health care."),
        ("2. Responsibilities of the party", "The party ensures that only its own staff with a legitimate "
         "purpose use the connection and keeps its network details up to date with MedCom."),
        ("3. Connection", "MedCom orders the connection from the network supplier once this agreement and the "
         "completed information form have been received."),
        ("4. Duration", "The agreement runs until terminated in writing with three months' notice.")],
    ("data_processor_agreement", "da"): [
        ("1. Formål", "MedCom behandler personoplysninger på vegne af den dataansvarlige i forbindelse med "
         "transport af data over Sundhedsdatanettet (SDN)."),
        ("2. Den dataansvarliges instruks", "Behandlingen sker alene efter dokumenteret instruks, jf. bilag A."),
        ("3. Sikkerhed", "Databehandleren træffer passende tekniske og organisatoriske foranstaltninger."),
        ("4. Brug af andre databehandlere", "Netværksleverandøren anvendes som underdatabehandler, jf. bilag B.")],
    ("data_processor_agreement", "en"): [
        ("1. Purpose", "MedCom processes personal data on behalf of the controller when transporting data "
         "over the Health Data Network (SDN)."),
        ("2. Instructions", "Processing takes place only on documented instructions, see Appendix A."),
        ("3. Security", "The processor takes appropriate technical and organisational measures."),
        ("4. Other processors", "The network supplier is used as a sub-processor, see Appendix B.")],
    ("sub_data_processor_agreement", "da"): [
        ("1. Baggrund", "Databehandleren leverer it-systemer til sundhedsvæsenets dataansvarlige og lader "
         "MedCom transportere data over Sundhedsdatanettet (SDN) som underdatabehandler."),
        ("2. Instruks", "Underdatabehandleren handler alene efter databehandlerens skriftlige instruks."),
        ("3. Sikkerhed", "Underdatabehandleren krypterer data i transit og logger adgang."),
        ("4. Ophør", "Aftalen ophører, når databehandleren ikke længere er tilsluttet SDN.")],
    ("sub_data_processor_agreement", "en"): [
        ("1. Background", "The processor supplies IT systems to health-care controllers and has MedCom carry "
         "data over the Health Data Network (SDN) as its sub-processor."),
        ("2. Instructions", "The sub-processor acts only on the processor's written instructions."),
        ("3. Security", "The sub-processor encrypts data in transit and logs access."),
        ("4. Termination", "The agreement ends when the processor is no longer connected to SDN.")],
}
MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}


def written_date(rng: random.Random, d: date, lang: str) -> str:
    """A date as a clerk types it (never month-first in Danish)."""
    m = MONTHS[lang][d.month - 1]
    choices = [f"{d.day}. {m} {d.year}" if lang == "da" else f"{d.day} {m} {d.year}",
               f"{d:%d.%m.%Y}", f"{d:%Y-%m-%d}",
               f"{d.day}/{d.month} {d.year}" if lang == "da" else f"{m} {d.day}, {d.year}"]
    if rng.random() < 0.5:  # the other ways a date is typed: 3/11-2026, 3. nov. 2026, 03-11-2026, 3rd Nov 2026
        th = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
        choices = ([f"{d.day}/{d.month}-{d.year}", f"{d.day}. {m[:3]}. {d.year}", f"den {d.day}. {m} {d.year}",
                    f"{d:%d-%m-%Y}"] if lang == "da" else
                   [f"{d.day} {m[:3]} {d.year}", f"{d.day}{th} {m} {d.year}", f"{m[:3]}. {d.day}, {d.year}",
                    f"{d:%d/%m/%Y}"])
    return rng.choice(choices)


def _party_block(rng: random.Random, party: Party, kind: str, lang: str, style: str) -> list[Block]:
    mine, theirs = ROLES[(kind, lang)]
    lab = {"da": {"name": rng.choice(["Navn", "Organisation", "Virksomhed"]), "cvr": rng.choice(["CVR-nr.", "CVR"]),
                  "addr": "Adresse", "town": "Postnr./by", "reg": "Udenlandsk reg.nr."},
           "en": {"name": rng.choice(["Name", "Organisation", "Legal entity"]),
                  "cvr": rng.choice(["CVR no.", "Company no. (CVR)"]), "addr": "Address", "town": "Postcode/town",
                  "reg": "Foreign registration no."}}[lang]
    office = party.office
    if style == "table2col":
        rows = [[lab["name"], party.organisation, MEDCOM["name"]], [lab["cvr"], party.cvr, MEDCOM["cvr"]],
                [lab["addr"], office.street, MEDCOM["street"]],
                [lab["town"], f"{office.postcode} {office.city}", MEDCOM["town"]]]
        if party.foreign_reg:
            rows.insert(2, [lab["reg"], party.foreign_reg, "–"])
        if not party.cvr:  # a foreign party without a Danish CVR writes none
            rows.pop(1)
        if kind == "connection_agreement" or rng.random() < 0.5:
            return [Grid(["", mine, theirs], rows)]
        rows = [[r[0], r[2], r[1]] for r in rows]  # MedCom's column first
        return [Grid(["", theirs, mine], rows)]
    if style == "prose":
        reg = f" ({party.foreign_reg})" if party.foreign_reg else ""
        cvr_da, cvr_en = (f", CVR-nr. {party.cvr}", f", CVR no. {party.cvr}") if party.cvr else ("", "")
        if not party.cvr:
            reg = f", {party.foreign_reg}" if party.foreign_reg else ""
        txt = {"da": f"Denne aftale er indgået mellem {party.organisation}{cvr_da}{reg}, "
                     f"{office.street}, {office.postcode} {office.city} (herefter »{mine.lower()}«) og MedCom, "
                     f"CVR-nr. {MEDCOM['cvr']}, {MEDCOM['street']}, {MEDCOM['town']}.",
               "en": f"This agreement is made between {party.organisation}{cvr_en}{reg}, "
                     f"{office.street}, {office.postcode} {office.city} (the \"{mine.lower()}\") and MedCom, "
                     f"CVR no. {MEDCOM['cvr']}, {MEDCOM['street']}, {MEDCOM['town']}."}[lang]
        return [Para(txt)]
    pairs = [(lab["name"], party.organisation)] + ([(lab["cvr"], party.cvr)] if party.cvr else [])
    if party.foreign_reg:
        pairs.append((lab["reg"], party.foreign_reg))
    pairs += [(lab["addr"], f"{office.street}, {office.postcode} {office.city}")]
    med = [(lab["name"], MEDCOM["name"]), (lab["cvr"], MEDCOM["cvr"]),
           (lab["addr"], f"{MEDCOM['street']}, {MEDCOM['town']}")]
    fstyle = rng.choice(["inline", "leaders", "table", "stacked"])
    return [Heading(mine), Fields(pairs, fstyle), Heading(theirs), Fields(med, fstyle)]


EVIDENCE = {
    "penneo": ("da", "Underskriftsbevis", "Penneo dokumentnøgle: {key}",
               "Dokumentet er underskrevet digitalt af de personer, der står nedenfor. Underskrifterne er "
               "foretaget med MitID og kan efterprøves på penneo.com/validate.",
               ["Underskriver", "Rolle", "Tidspunkt (UTC)", "Metode"]),
    "addo": ("da", "Transaktionsoversigt – Visma Addo Sign", "Transaktions-ID: {key}",
             "Alle underskrivere har gennemført signeringen. Oversigten er dannet automatisk.",
             ["Navn", "Titel", "Underskrevet", "Metode"]),
    "docusign": ("en", "Certificate Of Completion", "Envelope Id: {key}    Status: Completed",
                 "Signer Events. All signers below completed the envelope; timestamps are in UTC.",
                 ["Signer", "Title", "Signed", "Signature adoption"]),
    "acrobat": ("en", "Final audit report", "Transaction ID {key}",
                "Document created and sent for e-signature. Every participant below e-signed the document; "
                "the document was completed.",
                ["Participant", "Title", "E-signed (GMT)", "Authentication"]),
    "scrive": ("da", "Verifikat", "Transaktion {key}",
               "Alle parter har underskrevet dokumentet elektronisk. Verifikatet er forseglet af Scrive.",
               ["Part", "Titel", "Signeret", "Identifikation"]),
    "verified": ("en", "Signing evidence – Verified", "Document ID {key}",
                 "All parties listed below have signed electronically with an approved e-ID.",
                 ["Name", "Title", "Signed (UTC)", "e-ID"]),
}


def _stamp(rng: random.Random, service: str, d: date) -> str:
    h, mi, s = rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59)
    if service == "docusign":
        ampm = "AM" if h < 12 else "PM"
        return f"{d.month}/{d.day}/{d.year} | {(h - 1) % 12 + 1:02d}:{mi:02d}:{s:02d} {ampm}"
    if service == "addo":
        return f"{d:%d-%m-%Y} kl. {h:02d}:{mi:02d}"
    if service == "acrobat":
        return f"{d:%Y-%m-%d} - {h:02d}:{mi:02d}:{s:02d} GMT"
    return f"{d:%Y-%m-%d} {h:02d}:{mi:02d}:{s:02d}"


PENDING = {"penneo": "Afventer underskrift", "addo": "Ikke underskrevet", "docusign": "Sent – not signed",
           "acrobat": "Waiting for signature", "scrive": "Afventer", "verified": "Pending"}


def _evidence(rng: random.Random, party: Party, service: str, pending: bool = False) -> list[Block]:
    _, title, ref, text, head = EVIDENCE[service]
    key = "-".join("".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(5)) for _ in range(4))
    medcom_day = party.signature_date + timedelta(days=rng.randint(1, 6))
    method = {"penneo": "MitID", "addo": "MitID Erhverv", "docusign": "Pre-selected style",
              "acrobat": "Email verification", "scrive": "MitID", "verified": "MitID"}[service]
    party_stamp = PENDING[service] if pending else _stamp(rng, service, party.signature_date)
    rows = [[party.signatory.name, party.signatory_title, party_stamp, "" if pending else method],
            ["Henrik Wulff Christensen" if rng.random() < 0.5 else "Lone Kirkegaard", "MedCom",
             _stamp(rng, service, medcom_day), method]]
    if pending:  # the service's status page of a signing round the party has not finished
        text = {"da": "Status: afventer underskrivere. Dokumentet er endnu ikke underskrevet af alle parter.",
                "en": "Status: out for signature. Not every signer has signed the document yet."}[EVIDENCE[service][0]]
    ref = ref.replace("Status: Completed", "Status: Sent") if pending else ref
    return [PageBreak(), Title(title, ref.format(key=key)), Para(text), Grid(head, rows),
            Para({"penneo": "Penneo A/S · dette bevis er en del af dokumentet", "addo": "Visma Addo",
                  "docusign": "Powered by DocuSign", "acrobat": "Adobe Acrobat Sign",
                  "scrive": "Scrive AB", "verified": "Verified / Criipto"}[service], small=True)]


# what another hand calls the party and MedCom in a preamble ("herefter 'Kunden'"), and over a signature table
CALLED = {
    ("connection_agreement", "da"): (["Kunden", "Parten", "den Tilsluttede"], "MedCom"),
    ("connection_agreement", "en"): (["the Customer", "the Party", "the Connecting Party"], "MedCom"),
    ("data_processor_agreement", "da"): (["den Dataansvarlige", "Kunden"], "Databehandleren"),
    ("data_processor_agreement", "en"): (["the Controller", "the Customer"], "the Processor"),
    ("sub_data_processor_agreement", "da"): (["Databehandleren", "Kunden"], "Underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): (["the Processor", "the Customer"], "the Sub-processor"),
}
SIGN_FOR = {
    ("connection_agreement", "da"): (["For Kunden", "For parten", "For den tilsluttede part"], "For MedCom"),
    ("connection_agreement", "en"): (["For the Customer", "For the Party", "On behalf of the Party"], "For MedCom"),
    ("data_processor_agreement", "da"): (["For den dataansvarlige", "For den dataansvarlige:"], "For databehandleren"),
    ("data_processor_agreement", "en"): (["For the Controller", "On behalf of the Controller"], "For the Processor"),
    ("sub_data_processor_agreement", "da"): (["For databehandleren"], "For underdatabehandleren"),
    ("sub_data_processor_agreement", "en"): (["For the Processor", "On behalf of the Processor"],
                                             "For the Sub-processor"),
}
# an English DPA in the words of the GDPR's Article 28 template: "Data Processing Agreement", "the Controller"
CONTROLLER_WORDING = {
    "data_processor_agreement": (["Data Processing Agreement", "DATA PROCESSING AGREEMENT"],
                                 ("The Controller", "The Processor")),
    "sub_data_processor_agreement": (["Sub-Processing Agreement", "Sub-Processor Data Processing Agreement"],
                                     ("The Processor", "The Sub-processor")),
}


def _preamble(rng: random.Random, party: Party, kind: str, lang: str) -> list[Block]:
    """The party named only in the preamble, its role given there ("(herefter 'Kunden')"), in one sentence or
    in the stacked lines of a lawyer's contract; MedCom first or second."""
    called, medcom_called = rng.choice(CALLED[(kind, lang)][0]), CALLED[(kind, lang)][1]
    o = party.office
    q = rng.choice(["'{}'", "»{}«", "\"{}\""])
    hereafter = {"da": "herefter", "en": "hereinafter"}[lang]
    cvr_word = {"da": "CVR-nr.", "en": rng.choice(["CVR no.", "company reg. no. (CVR)"])}[lang]
    mine = [party.organisation] + ([f"{cvr_word} {party.cvr}"] if party.cvr else []) + (
        [party.foreign_reg] if party.foreign_reg else []) + [o.street, f"{o.postcode} {o.city}"]
    med = ["MedCom", f"{cvr_word} {MEDCOM['cvr']}", MEDCOM["street"], MEDCOM["town"]]
    sides = [(mine, called), (med, medcom_called)]
    if rng.random() < 0.3:
        sides.reverse()
    opening = {"da": rng.choice(["Denne aftale er indgået mellem", "Aftalen er indgået mellem", "Mellem"]),
               "en": rng.choice(["This agreement is entered into between", "This Agreement is made between",
                                 "Between"])}[lang]
    tail = {"da": "(hver for sig en »Part« og samlet »Parterne«)",
            "en": "(each a \"Party\" and together the \"Parties\")"}[lang]
    if rng.random() < 0.5:
        text = f" {'og' if lang == 'da' else 'and'} ".join(
            f"{', '.join(lines)} ({hereafter} {q.format(who)})" for lines, who in sides)
        return [Para(f"{opening} {text}.")]
    blocks: list[Block] = [Para(opening + ("" if opening in ("Mellem", "Between") else ":"))]
    for i, (lines, who) in enumerate(sides):
        blocks += [Para(x) for x in lines] + [Para(f"({hereafter} {q.format(who)})")]
        if i == 0:
            blocks.append(Para("og" if lang == "da" else "and"))
    return blocks + [Para(tail)]


def _cover(rng: random.Random, party: Party, title: str, lang: str) -> list[Block]:
    """A cover page: the title, who the agreement is between, the template's version and date."""
    between = {"da": f"mellem {party.organisation} og MedCom", "en": f"between {party.organisation} and MedCom"}
    version = {"da": f"Version {rng.choice(['2.1', '3.0', '1.4'])} – {rng.choice(['februar', 'marts'])} 2025",
               "en": f"Version {rng.choice(['2.1', '3.0', '1.4'])} – {rng.choice(['February', 'March'])} 2025"}
    return [Title(title, between[lang]), Para(version[lang]), Para(party.organisation), PageBreak()]


def _annexes(rng: random.Random, party: Party, kind: str, lang: str) -> list[Block]:
    """Annexes after the clauses, before the signature page: an instruction, the approved sub-processors (with
    their own CVR), the parties' contact persons (not the signatory) and a version date."""
    sub = f"Netforbindelse {rng.choice(['Nord', 'Syd', 'Danmark'])} A/S"
    c = party.org_contact
    if lang == "da":
        out: list[Block] = [PageBreak(), Heading("Bilag A – Instruks vedrørende behandling af personoplysninger"),
                            Para("Behandlingen omfatter transport af krypterede data over SDN. Bilaget er senest "
                                 "ændret 01.02.2025.")]
        if kind != "connection_agreement":
            out += [Heading("Bilag B – Godkendte underdatabehandlere"),
                    Grid(["Navn", "CVR-nr.", "Adresse", "Behandling"],
                         [[sub, valid_cvr(rng), "Teglholmsgade 1, 2450 København SV", "Drift af netværket"]])]
        out += [Heading("Bilag C – Kontaktpersoner"),
                Fields([(f"Kontaktperson hos {party.organisation}", f"{c.name}, {c.email}"),
                        ("Kontaktperson hos MedCom", "sdn@medcom.example")], "inline")]
        return out
    out = [PageBreak(), Heading("Appendix A – Instructions for the processing of personal data"),
           Para("The processing comprises the transport of encrypted data over SDN. Last amended 1 February 2025.")]
    if kind != "connection_agreement":
        out += [Heading("Appendix B – Approved sub-processors"),
                Grid(["Name", "Company no.", "Address", "Processing"],
                     [[sub, valid_cvr(rng), "Teglholmsgade 1, 2450 København SV", "Network operation"]])]
    out += [Heading("Appendix C – Contact persons"),
            Fields([(f"Contact at {party.organisation}", f"{c.name}, {c.email}"),
                    ("Contact at MedCom", "sdn@medcom.example")], "inline")]
    return out


def _sign_table(rng: random.Random, party: Party, kind: str, lang: str, *, sig: str, sig_style: str, date_text: str,
                name: str, title: str, labelled: bool, title_first: bool, medcom_printed: bool) -> SignTable:
    """The closing table: the party's and MedCom's places side by side, each under "For ...", the
    signature over a drawn rule, name, title and date under it (labelled or not; "Direktør, Hanne Ryberg")."""
    heads, medcom_head = SIGN_FOR[(kind, lang)]
    lab = {"da": ("Navn", "Titel", "Dato"), "en": ("Name", "Title", "Date")}[lang]
    date_above = rng.random() < 0.4
    above = [rng.choice(heads), party.organisation]
    if date_above:
        above.append(f"{'Sted og dato' if lang == 'da' else 'Place and date'}: "
                     + (f"{party.office.city}, {date_text}" if date_text else ""))
    if labelled:
        below = ([f"{lab[0]} og {lab[1].lower()}: {title}, {name}" if lang == "da" else
                  f"Name and title: {title}, {name}"] if title_first and name else
                 [f"{lab[0]}: {name}", f"{lab[1]}: {title}"])
    else:
        below = [x for x in ([f"{title}, {name}"] if title_first and name else [name, title]) if x]
    if not date_above:
        below.append(f"{lab[2]}: {date_text}" if labelled or not date_text else date_text)
    mine = SignCell(above, sig, sig_style, below)
    med_above = [medcom_head, "MedCom"] + ([f"{'Sted og dato' if lang == 'da' else 'Place and date'}: "]
                                          if date_above else [])
    med_below = (["Henrik Wulff Christensen", "Direktør"] if medcom_printed
                 else [f"{lab[0]}:", f"{lab[1]}:"] if labelled else [])
    if not date_above:
        med_below.append(f"{lab[2]}:")
    med = SignCell(med_above, "", "script", med_below)
    return SignTable([mine, med] if rng.random() < 0.75 else [med, mine])


def agreement(rng: random.Random, party: Party, kind: str, block: str, signing: str, name: str,  # noqa: C901
              clauses: list[tuple[str, str]] | None = None) -> Document:
    """One SDN agreement of `kind` for `party`; `signing` says how (or whether) the party signed. `clauses`:
    the text the party signs (MedCom's template as a party retypes it); default: other words. Besides the
    party block and the signing, each agreement draws its shape (noted in its truth as `variants`): a cover
    page, annexes before a signature page of its own, a closing signature table, the GDPR template's English
    words, a signer written title first."""
    lang = party.language
    variants: list[str] = []
    mine, theirs = ROLES[(kind, lang)]
    title = rng.choice(TITLE[(kind, lang)])
    if lang == "en" and kind in CONTROLLER_WORDING and rng.random() < 0.5:
        titles, (mine, theirs) = CONTROLLER_WORDING[kind]
        title = rng.choice(titles)
        variants.append("controller_wording")
    sub = {"da": "Sundhedsdatanettet – skabelon fra MedCom", "en": "Health Data Network – MedCom template"}[lang]
    blocks: list[Block] = []
    if rng.random() < 0.25:
        blocks += _cover(rng, party, title, lang)
        blocks.append(Heading(title))
        variants.append("cover")
    else:
        blocks.append(Title(title, sub))
    blocks += _preamble(rng, party, kind, lang) if block == "preamble" else _party_block(rng, party, kind, lang, block)
    for head, text in clauses or CLAUSES[(kind, lang)]:
        blocks += [Heading(head), Para(text)]
    if rng.random() < 0.35:
        # the signature page last, after the annexes (our own words) or the template's annex
        blocks += [] if clauses else _annexes(rng, party, kind, lang)
        blocks.append(PageBreak())
        variants.append("signature_page_last")
    pending = signing == "pending"
    service_page = signing in evidence.SERVICES
    service = signing if signing in EVIDENCE else (rng.choice(list(EVIDENCE)) if pending else None)
    signed = signing not in ("unsigned", "blank", "pending")
    blank = signing == "blank"
    by_service = service is not None or service_page
    block_date = ("" if blank or (by_service and not pending and rng.random() < 0.6)
                  else written_date(rng, party.signature_date, lang))
    # a block left as printed: the service's page alone says who signed and when
    block_empty = service_page and rng.random() < 0.3
    if block_empty:
        block_date = ""
        variants.append("block_empty")
    show_title = service_page and evidence.SHOWS_TITLE[signing] and rng.random() < 0.5
    truth_title: str | None = party.signatory_title if not block_empty or show_title else None
    sig = party.signatory.name if signing in ("typed", "slash", "italic", "drawn") else ""
    sig_style = signing if signing in ("slash", "italic", "drawn") else "script"
    pname = "" if blank or block_empty else party.signatory.name
    ptitle = "" if blank or block_empty else party.signatory_title
    lab = {"da": {"head": "Underskrifter", "for": "For", "date": rng.choice(["Dato", "Sted og dato"]),
                  "name": rng.choice(["Navn", "Navn (blokbogstaver)"]), "title": rng.choice(["Titel", "Stilling"]),
                  "sign": "Underskrift"},
           "en": {"head": "Signatures", "for": "For", "date": rng.choice(["Date", "Place and date"]),
                  "name": rng.choice(["Name", "Name in block letters"]),
                  "title": rng.choice(["Title", "Position"]), "sign": "Signature"}}[lang]
    place = "" if "Sted" not in lab["date"] and "Place" not in lab["date"] else party.office.city + ", "
    pdate = (place + block_date) if block_date else ""
    blocks.append(Heading(lab["head"]))
    if rng.random() < 0.4:
        labelled = blank or rng.random() < 0.5
        title_first = not blank and rng.random() < 0.35
        variants.append("sign_table" + ("" if labelled else "_unlabelled"))
        if title_first and pname:
            variants.append("title_first")
        blocks.append(_sign_table(rng, party, kind, lang, sig=sig, sig_style=sig_style, date_text=block_date,
                                  name=pname, title=ptitle, labelled=labelled, title_first=title_first,
                                  medcom_printed=rng.random() < 0.5))
    else:
        mine_side: list[Block] = [Heading(f"{lab['for']} {party.organisation} ({mine.lower()})"),
                                  Fields([(lab["date"], pdate)], "inline"), SignLine(lab["sign"], sig, sig_style),
                                  Fields([(lab["name"], pname), (lab["title"], ptitle)],
                                         rng.choice(["inline", "stacked"]))]
        med_side: list[Block] = [Heading(f"{lab['for']} MedCom"), Fields([(lab["date"], "")], "inline"),
                                 SignLine(lab["sign"], "", "script"),
                                 Fields([(lab["name"], ""), (lab["title"], "")], "inline")]
        if rng.random() < 0.6:
            blocks.append(Columns(mine_side, med_side) if rng.random() < 0.5 else Columns(med_side, mine_side))
        else:
            blocks += mine_side + med_side
    footer = {"da": "Skabelon godkendt af MedComs styregruppe 14.03.2024 · sdn@medcom.example",
              "en": "Template approved by the MedCom steering group 14 March 2024 · sdn@medcom.example"}[lang]
    if service_page:
        at = evidence.signing_time(rng, party.signature_date)
        who = evidence.Signer(party.signatory.name, party.signatory_title, party.organisation,
                              party.signatory.email, at, show_title)
        medcom = evidence.medcom_signer(rng, party.signature_date + timedelta(days=rng.randint(0, 5)))
        signers = [who]
        if rng.random() < 0.65:  # MedCom signed in the same round, after the party or (sent by the party) before
            signers = [who, medcom] if rng.random() < 0.7 else [medcom, who]
        sender = medcom if rng.random() < 0.6 else who
        ev = evidence.page(rng, signing, signers, lang, title, sender)
        blocks = ev.head + blocks + ev.page
        footer = ev.footer or footer
    blocks.append(Footer(footer))
    if service:
        blocks += _evidence(rng, party, service, pending)
    fields: dict[str, Any] = {"organisation": party.organisation, "cvr": party.cvr or None,
                              "signatory_name": party.signatory.name, "signatory_title": truth_title,
                              "signature_date": party.signature_date.isoformat(), "signed": signed}
    problems = [] if signed else ["not_signed"]
    if blank:  # an empty signature block: nobody, no date, no signature
        fields.update(signatory_name=None, signatory_title=None, signature_date=None)
        problems.append("missing_field")
    doc = {"filename": name, "kind": kind, "fields": fields, "problems": problems}
    return Document(name, blocks, {"message": None, "documents": [doc]}, f"{kind}-{block}", lang,
                    note=f"signing={signing};variants={','.join(variants)}")


def agreement_truth(party: Party, kind: str, signing: str, name: str) -> dict[str, Any]:
    """What a right reading of `party`'s agreement signed as `signing` says (typed, drawn, evidence: signed;
    unsigned; pending: nobody signed and no date was typed; blank: nothing filled in), as the other hands write it."""
    signed = signing in ("typed", "drawn", "evidence")
    fields: dict[str, Any] = {"organisation": party.organisation, "cvr": party.cvr or None,
                              "signatory_name": party.signatory.name, "signatory_title": party.signatory_title,
                              "signature_date": party.signature_date.isoformat(), "signed": signed}
    problems = [] if signed else ["not_signed"]
    if signing == "pending":
        fields.update(signature_date=None)
        problems.append("missing_field")
    if signing == "blank":
        fields.update(signatory_name=None, signatory_title=None, signature_date=None)
        problems.append("missing_field")
    return {"filename": name, "kind": kind, "fields": fields, "problems": problems}


def own_template_dpa(rng: random.Random, party: Party, name: str) -> Document:
    """The party's own data processing agreement (Datatilsynet-style standard clauses), not MedCom's."""
    lang = party.language
    if lang == "da":
        title = "Standardkontraktbestemmelser"
        sub = ("i henhold til artikel 28, stk. 3, i forordning 2016/679 (databeskyttelsesforordningen) med henblik "
               "på databehandlerens behandling af personoplysninger")
        clauses = [("1. Indledning", f"{party.organisation} (den dataansvarlige) anvender egne "
                    "standardbestemmelser for alle leverandører, herunder ved dataudveksling over "
                    "Sundhedsdatanettet."),
                   ("2. Den dataansvarliges rettigheder og forpligtelser", "Den dataansvarlige er ansvarlig for, "
                    "at behandlingen sker i overensstemmelse med databeskyttelsesforordningen."),
                   ("3. Databehandleren handler efter instruks", "Databehandleren må alene behandle "
                    "personoplysninger efter dokumenteret instruks fra den dataansvarlige."),
                   ("4. Fortrolighed", "Kun personer med et arbejdsbetinget behov har adgang.")]
        labs = ("Den dataansvarlige", "Databehandleren", "Navn", "CVR", "Dato", "Underskrift")
    else:
        title = "Data Processing Agreement"
        sub = "Standard contractual clauses under Article 28(3) of Regulation 2016/679 (GDPR)"
        clauses = [("1. Preamble", f"These clauses are {party.organisation}'s own terms for every supplier that "
                    "processes personal data on its behalf, including exchange over the Health Data Network."),
                   ("2. Obligations of the data controller", "The controller ensures that processing complies "
                    "with the GDPR."),
                   ("3. The processor acts according to instructions", "The processor processes personal data "
                    "only on documented instructions from the controller."),
                   ("4. Confidentiality", "Only persons with a need to know have access.")]
        labs = ("The data controller", "The data processor", "Name", "Reg. no.", "Date", "Signature")
    blocks: list[Block] = [Title(title, sub), Fields([(labs[0], f"{party.organisation}, {labs[3]} {party.cvr}"),
                                                      (labs[1], f"MedCom, {labs[3]} {MEDCOM['cvr']}")], "stacked")]
    for h, t in clauses:
        blocks += [Heading(h), Para(t)]
    blocks += [Heading(labs[0]), Fields([(labs[4], written_date(rng, party.signature_date, lang)),
                                         (labs[2], party.signatory.name)], "inline"),
               SignLine(labs[5], party.signatory.name, "script"),
               Footer(f"{party.organisation} · {party.domain}")]
    doc = {"filename": name, "kind": "data_processor_agreement", "problems": ["wrong_template"]}
    return Document(name, blocks, {"message": None, "documents": [doc],
                                   "_note": "the party's own DPA template: only kind and problems scored"},
                    "own_template_dpa", lang, note="own template")
