"""SDN agreements (connection, data processor, sub-data processor) and a party's own DPA template,
written as another organisation's clerk or a signing service would write them."""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

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
    SignLine,
    Title,
)
from bench.outside.people import Party

MEDCOM = {"name": "MedCom", "cvr": "26919991", "street": "Forskerparken 10", "town": "5230 Odense M"}
PARTY_BLOCKS = ["labels", "table2col", "prose"]
SIGNINGS = ["typed", "penneo", "unsigned", "addo", "slash", "docusign", "italic", "acrobat", "blank", "scrive",
            "drawn", "verified", "pending"]

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
    return [PageBreak(), Title(title, ref.format(key=key)), Para(text), Grid(head, rows),
            Para({"penneo": "Penneo A/S · dette bevis er en del af dokumentet", "addo": "Visma Addo",
                  "docusign": "Powered by DocuSign", "acrobat": "Adobe Acrobat Sign",
                  "scrive": "Scrive AB", "verified": "Verified / Criipto"}[service], small=True)]


def agreement(rng: random.Random, party: Party, kind: str, block: str, signing: str, name: str,
              clauses: list[tuple[str, str]] | None = None) -> Document:
    """One SDN agreement of `kind` for `party`; `signing` says how (or whether) the party signed. `clauses`:
    the text the party signs (MedCom's template as a party retypes it); default: other words."""
    lang = party.language
    mine, theirs = ROLES[(kind, lang)]
    blocks: list[Block] = [Title(rng.choice(TITLE[(kind, lang)]),
                                 {"da": "Sundhedsdatanettet – skabelon fra MedCom",
                                  "en": "Health Data Network – MedCom template"}[lang])]
    blocks += _party_block(rng, party, kind, lang, block)
    for head, text in clauses or CLAUSES[(kind, lang)]:
        blocks += [Heading(head), Para(text)]
    pending = signing == "pending"
    service = signing if signing in EVIDENCE else (rng.choice(list(EVIDENCE)) if pending else None)
    signed = signing not in ("unsigned", "blank", "pending")
    blank = signing == "blank"
    block_date = ("" if blank or (service and not pending and rng.random() < 0.6)
                  else written_date(rng, party.signature_date, lang))
    sig = party.signatory.name if signing in ("typed", "slash", "italic", "drawn") else ""
    sig_style = signing if signing in ("slash", "italic", "drawn") else "script"
    lab = {"da": {"head": "Underskrifter", "for": "For", "date": rng.choice(["Dato", "Sted og dato"]),
                  "name": rng.choice(["Navn", "Navn (blokbogstaver)"]), "title": rng.choice(["Titel", "Stilling"]),
                  "sign": "Underskrift"},
           "en": {"head": "Signatures", "for": "For", "date": rng.choice(["Date", "Place and date"]),
                  "name": rng.choice(["Name", "Name in block letters"]),
                  "title": rng.choice(["Title", "Position"]), "sign": "Signature"}}[lang]
    place = "" if "Sted" not in lab["date"] and "Place" not in lab["date"] else party.office.city + ", "
    pdate = (place + block_date) if block_date else ""
    mine_side: list[Block] = [Heading(f"{lab['for']} {party.organisation} ({mine.lower()})"),
                              Fields([(lab["date"], pdate)], "inline"), SignLine(lab["sign"], sig, sig_style),
                              Fields([(lab["name"], "" if blank else party.signatory.name),
                                      (lab["title"], "" if blank else party.signatory_title)],
                                     rng.choice(["inline", "stacked"]))]
    med_side: list[Block] = [Heading(f"{lab['for']} MedCom"), Fields([(lab["date"], "")], "inline"),
                             SignLine(lab["sign"], "", "script"),
                             Fields([(lab["name"], ""), (lab["title"], "")], "inline")]
    blocks.append(Heading(lab["head"]))
    if rng.random() < 0.6:
        blocks.append(Columns(mine_side, med_side) if rng.random() < 0.5 else Columns(med_side, mine_side))
    else:
        blocks += mine_side + med_side
    blocks.append(Footer({"da": "Skabelon godkendt af MedComs styregruppe 14.03.2024 · sdn@medcom.example",
                          "en": "Template approved by the MedCom steering group 14 March 2024 · "
                                "sdn@medcom.example"}[lang]))
    if service:
        blocks += _evidence(rng, party, service, pending)
    fields: dict[str, Any] = {"organisation": party.organisation, "cvr": party.cvr or None,
                              "signatory_name": party.signatory.name, "signatory_title": party.signatory_title,
                              "signature_date": party.signature_date.isoformat(), "signed": signed}
    problems = [] if signed else ["not_signed"]
    if blank:  # an empty signature block: nobody, no date, no signature
        fields.update(signatory_name=None, signatory_title=None, signature_date=None)
        problems.append("missing_field")
    doc = {"filename": name, "kind": kind, "fields": fields, "problems": problems}
    return Document(name, blocks, {"message": None, "documents": [doc]}, f"{kind}-{block}", lang,
                    note=f"signing={signing}")


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
