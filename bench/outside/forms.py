"""Information forms as other organisations' clerks lay them out, in their own words (not the reader's)."""
from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from bench.outside.model import Block, Checks, Columns, Document, Fields, Footer, Grid, Heading, Para, Title
from bench.outside.people import Party, Person

FORM_LAYOUTS = ["sections", "table", "stacked", "twocol", "leaders", "grid", "flow2", "overlap",
                "questions", "letter", "headrow", "matrix", "below"]
# the layouts written by a new hand (issue 22): a numbered questionnaire, a letter in prose, labels in a header
# row, a checkbox matrix, labels under their values; with synonyms, coloured bands and Nordic labels
NEW_HAND = {"questions", "letter", "headrow", "matrix", "below"}

TITLES = {
    "da": ["Informationsskema – tilslutning til Sundhedsdatanettet",
           "Oplysninger til brug for opkobling på SDN",
           "SDN – informationsskema for ny tilslutning"],
    "en": ["Information form – connection to the Health Data Network (SDN)",
           "SDN connection – site information form",
           "Health Data Network: information for connecting a new party"],
}
SECTIONS = {
    "da": {"org": ["Organisationen", "Den tilsluttende organisation", "Part"],
           "contact": ["Organisationens kontaktperson", "Kontaktperson (administrativ)",
                       "Primær kontakt hos organisationen"],
           "tech": ["Teknisk kontakt", "Tekniske kontaktpersoner", "IT-ansvarlige (drift)"],
           "ip": ["Netværk", "IP-adresser der skal åbnes for", "IP-adresseområder (CIDR)"],
           "site": ["Installationssted", "Adresse hvor udstyret skal installeres", "Leveringsadresse for SDN-udstyr"],
           "type": ["Organisationstype", "Hvilken type organisation er I?"],
           "via": ["Tilslutningsform", "Hvordan tilsluttes I?"]},
    "en": {"org": ["The organisation", "Connecting organisation", "Party"],
           "contact": ["Contact person at the organisation", "Administrative contact", "Main contact"],
           "tech": ["Technical contact(s)", "Technical contacts", "IT operations contacts"],
           "ip": ["Network ranges", "IP ranges to be opened", "IP address ranges (CIDR)"],
           "site": ["Place of installation", "Site address for the equipment", "Delivery address of the SDN equipment"],
           "type": ["Type of organisation", "What kind of organisation are you?"],
           "via": ["Connection route", "How will you be connected?"]},
}
LABELS = {
    "da": {"name": ["Navn", "Fulde navn"], "email": ["E-mail", "Mail", "E-post"],
           "phone": ["Telefon", "Tlf.", "Direkte telefon", "Mobil"],
           "org": ["Navn", "Organisationens navn", "Juridisk navn"], "cvr": ["CVR-nummer", "CVR", "CVR-nr."],
           "reg": ["Udenlandsk registreringsnummer", "Reg.nr. i hjemlandet"],
           "street": ["Vej og husnummer", "Adresse", "Gade/vej"], "postcode": ["Postnummer", "Postnr."],
           "city": ["By", "Postdistrikt"], "pc_city": ["Postnr. og by", "Postnummer og by"],
           "net": ["Netværk", "IP-område", "Adresseområde"], "role": ["Rolle", "Funktion"],
           "no": ["Nr.", "#"]},
    "en": {"name": ["Name", "Full name"], "email": ["E-mail", "Email address", "Mail"],
           "phone": ["Phone", "Telephone", "Direct line", "Mobile"],
           "org": ["Name", "Legal name of the organisation", "Organisation"],
           "cvr": ["Danish CVR no.", "CVR number", "Company reg. no. (CVR)"],
           "reg": ["Registration number (home country)", "Foreign company number"],
           "street": ["Street and number", "Street address", "Address"], "postcode": ["Postcode", "Post code"],
           "city": ["Town/City", "City"], "pc_city": ["Postcode and town", "Postcode/city"],
           "net": ["Network", "Range", "Subnet"], "role": ["Role", "Responsibility"], "no": ["No.", "#"]},
}
TYPES = {
    "da": [("municipality", "Kommune"), ("region", "Region"), ("public_hospital", "Offentligt sygehus"),
           ("private_hospital", "Privathospital / privat klinik"),
           ("practitioner", "Almen praksis, speciallæge eller tandlæge"), ("pharmacy", "Apotek"),
           ("laboratory", "Privat laboratorium"), ("it_supplier", "IT-leverandør"),
           ("foreign", "Udenlandsk organisation"), ("other", "Andet")],
    "en": [("municipality", "Municipality"), ("region", "Region"), ("public_hospital", "Public hospital"),
           ("private_hospital", "Private hospital or clinic"),
           ("practitioner", "Practice (GP, specialist or dentist)"), ("pharmacy", "Pharmacy"),
           ("laboratory", "Private laboratory"), ("it_supplier", "IT supplier"),
           ("foreign", "Foreign organisation"), ("other", "Other")],
}
TECH_ROLES = {"da": ["Netværk", "Drift", "Vagttelefon", "Server"],
              "en": ["Network", "Operations", "On call", "Servers"]}


def _via_blocks(rng: random.Random, lang: str, via: str | None, mark: str) -> list[Block]:
    """How the party is connected, as ticked options or as a question with a yes/no answer."""
    provider = via if via not in (None, "KMD") else ""
    style = rng.randrange(4)
    if style == 3:
        yes, no = {"da": ("Ja", "Nej"), "en": ("Yes", "No")}[lang]
        rows = [[{"da": "Tilsluttes via KMD", "en": "Connected through KMD"}[lang],
                 "X" if via == "KMD" else "", "" if via == "KMD" else "X"],
                [{"da": "Tilsluttes via systemleverandør", "en": "Connected through a system vendor"}[lang],
                 "X" if provider else "", "" if provider else "X"]]
        out: list[Block] = [Grid(["", yes, no], rows)]
        if provider:
            out.append(Fields([({"da": "Leverandørens navn", "en": "Vendor name"}[lang], provider)]))
        return out
    if style == 0:
        opts = {"da": [("Tilsluttes direkte (ikke via KMD)", via is None), ("Via KMD", via == "KMD"),
                       ("Via systemleverandør: " + (provider or "…………"), bool(provider))],
                "en": [("Connected directly (not through KMD)", via is None), ("Through KMD", via == "KMD"),
                       ("Through a system vendor: " + (provider or "…………"), bool(provider))]}[lang]
        tick = {"da": "Angiv hvordan organisationen kobles på nettet",
                "en": "Tick how the organisation is connected"}[lang]
        return [Checks(tick, opts, mark)]
    if style == 1:
        q = {"da": "Tilsluttes I via KMD eller en systemleverandør?",
             "en": "Connected via KMD or a system vendor?"}[lang]
        ans = {"da": "Nej" if via is None else ("Ja, via KMD" if via == "KMD" else f"Ja – {via}"),
               "en": "No" if via is None else ("Yes, via KMD" if via == "KMD" else f"Yes – {via}")}[lang]
        return [Fields([(q, ans)], "inline")]
    label = {"da": "Forbindelse via", "en": "Connection through"}[lang]
    val = {"da": "Ingen – direkte forbindelse" if via is None else via,
           "en": "None – direct connection" if via is None else via}[lang]
    return [Fields([(label, val)], "inline")]


def _type_block(rng: random.Random, lang: str, ptype: str, mark: str) -> Block:
    types = TYPES[lang]
    if rng.random() < 0.6:
        return Checks({"da": "Sæt kryds", "en": "Tick one"}[lang], [(t, k == ptype) for k, t in types], mark)
    return Fields([({"da": "Type", "en": "Type"}[lang], dict(types)[ptype])], "inline")


def _person_rows(p: Person, pick: dict[str, str]) -> list[tuple[str, str]]:
    return [(pick["name"], p.name), (pick["email"], p.email), (pick["phone"], p.local_phone)]


def information_form(rng: random.Random, party: Party, layout: str, name: str) -> Document:
    """One information form for `party` in `layout` (one of FORM_LAYOUTS)."""
    if layout in NEW_HAND:
        from bench.outside.forms_newhand import new_hand_form  # built on this module's wordings
        return new_hand_form(rng, party, layout, name)
    lang = party.language
    L = {k: rng.choice(v) for k, v in LABELS[lang].items()}
    S = {k: rng.choice(v) for k, v in SECTIONS[lang].items()}
    mark = rng.choice(["glyph", "bracket", "xcol"])
    numbering = rng.choice(["letter", "number", "none"])
    order = ["org", "type", "via", "contact", "tech", "ip", "site"]
    seq = order if rng.random() < 0.6 else ["org", "contact", "tech", "site", "ip", "type", "via"]
    if layout == "twocol":
        seq = ["org", "type", "via", "site", "contact", "tech", "ip"]
    marks = {k: (f"{chr(65 + i)}. " if numbering == "letter" else f"{i + 1}. " if numbering == "number" else "")
             for i, k in enumerate(seq)}
    style = {"sections": "inline", "table": "table", "stacked": "stacked", "twocol": "inline",
             "leaders": "leaders", "grid": rng.choice(["inline", "table"]), "flow2": "stacked",
             "overlap": "overlap"}[layout]
    if layout == "sections" and rng.random() < 0.3:
        style = "nocolon"
    pc_joined = rng.random() < 0.4
    inst = party.installation
    org_rows = [(L["org"], party.organisation), (L["cvr"], _cvr_written(rng, party.cvr))]
    if not party.cvr:  # a foreign party without a Danish CVR: the question is not in its own form
        org_rows.pop()
    if party.foreign_reg:
        org_rows.append((L["reg"], party.foreign_reg))
    site_rows = [(L["street"], inst.street)]
    site_rows += ([(L["pc_city"], f"{inst.postcode} {inst.city}")] if pc_joined else
                  [(L["postcode"], inst.postcode), (L["city"], inst.city)])
    sec: dict[str, list[Block]] = {
        "org": [Heading(marks["org"] + S["org"]), Fields(org_rows, style)],
        "type": [Heading(marks["type"] + S["type"]), _type_block(rng, lang, party.party_type, mark)],
        "via": [Heading(marks["via"] + S["via"]), *_via_blocks(rng, lang, party.connected_via, mark)],
        "contact": [Heading(marks["contact"] + S["contact"]),
                    Fields(_person_rows(party.org_contact, L), style)],
        "site": [Heading(marks["site"] + S["site"]), Fields(site_rows, style)],
    }
    if layout == "grid" or (layout == "table" and rng.random() < 0.5):
        head = [L["name"], L["email"], L["phone"]] + ([L["role"]] if rng.random() < 0.5 else [])
        rows = [[t.name, t.email, t.local_phone] + ([rng.choice(TECH_ROLES[lang])] if len(head) == 4 else [])
                for t in party.technical]
        sec["tech"] = [Heading(marks["tech"] + S["tech"]), Grid(head, rows)]
    else:
        tech_blocks: list[Block] = [Heading(marks["tech"] + S["tech"])]
        for i, t in enumerate(party.technical):
            if len(party.technical) > 1:
                tech_blocks.append(Para({"da": f"Kontakt {i + 1}", "en": f"Contact {i + 1}"}[lang], italic=True))
            tech_blocks.append(Fields(_person_rows(t, L), style))
        sec["tech"] = tech_blocks
    if rng.random() < 0.5:
        sec["ip"] = [Heading(marks["ip"] + S["ip"]),
                     Grid([L["no"], L["net"]], [[str(i + 1), n] for i, n in enumerate(party.ip_scopes)])]
    else:
        sec["ip"] = [Heading(marks["ip"] + S["ip"]),
                     Fields([(f"{L['net']} {i + 1}", n) for i, n in enumerate(party.ip_scopes)], style)]
    intro = {"da": "Udfyldes af den organisation, der skal tilsluttes, og returneres til MedCom pr. mail.",
             "en": "To be completed by the connecting organisation and returned to MedCom by e-mail."}[lang]
    blocks: list[Block] = [Title(rng.choice(TITLES[lang]), rng.choice(["", "Version 3.2", "Bilag B"])), Para(intro)]
    if layout == "flow2":
        blocks.append(Columns([b for k in seq for b in sec[k]], [], flow=True))
    elif layout == "twocol":
        blocks.append(Columns(sec["org"] + sec["type"] + sec["via"] + sec["site"],
                              sec["contact"] + sec["tech"] + sec["ip"]))
    else:
        for k in seq:
            blocks += sec[k]
    done = party.signature_date
    blocks.append(Footer({"da": f"Spørgsmål: sdn-support@medcom.example · Skema udfyldt {done:%d.%m.%Y}",
                          "en": f"Questions: sdn-support@medcom.example · Completed {done:%d/%m/%Y}"}[lang]))
    return Document(name, blocks, form_truth(party, name), f"form-{layout}", lang)


def form_truth(party: Party, name: str) -> dict[str, Any]:
    """What a right reading of `party`'s information form gives."""
    inst = party.installation
    truth: dict[str, Any] = {
        "organisation": party.organisation, "cvr": party.cvr or None, "party_type": party.party_type,
        "connected_via": party.connected_via,
        "org_contact": _contact(party.org_contact), "technical_contacts": [_contact(t) for t in party.technical],
        "ip_scopes": list(party.ip_scopes),
        "installation_address": {"street": inst.street, "postcode": inst.postcode, "city": inst.city},
    }
    doc = {"filename": name, "kind": "information_form", "fields": truth, "problems": []}
    return {"message": None, "documents": [doc]}


def form_truth_for(party: Party, name: str, empty: str) -> dict[str, Any]:
    """`form_truth` of a form with the field `empty` ("ip_scopes", "tech_phone", "site"; "" for none) left empty:
    the field read as nothing, and the `missing_field` problem. One rule for every hand that leaves one empty."""
    truth = form_truth(party, name)
    doc = truth["documents"][0]
    fields = doc["fields"]
    if empty == "ip_scopes":
        fields["ip_scopes"] = []
    elif empty == "tech_phone":
        fields["technical_contacts"][0]["phone"] = None
    elif empty == "site":
        fields["installation_address"] = {"street": None, "postcode": None, "city": None}
    if empty:
        doc["problems"] = ["missing_field"]
    return truth


def party_lacking(party: Party, empty: str) -> Party:
    """`party` with the IP scopes or the first technical contact's phone taken away, for a hand that writes its
    form from the party as it stands (the site it leaves empty itself)."""
    if empty == "ip_scopes":
        return replace(party, ip_scopes=[])
    if empty == "tech_phone":
        t0 = party.technical[0]
        return replace(party, technical=[replace(t0, phone="", local_phone=""), *party.technical[1:]])
    return party


def _contact(p: Person) -> dict[str, str]:
    return {"name": p.name, "email": p.email, "phone": p.phone}


def _cvr_written(rng: random.Random, cvr: str) -> str:
    return rng.choice([cvr, f"{cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}", f"DK{cvr}", f"DK-{cvr}"])
