"""Information forms by a new hand (issue 22): how other organisations write to MedCom when they do not
copy its form: a numbered questionnaire, a letter in prose, labels in a header row, a checkbox matrix,
labels under their values; with wordings the reader was not written against (synonyms, Norwegian and
Swedish labels of a foreign party, phone numbers in every grouping) and headings on coloured bands."""
from __future__ import annotations

import random

from bench.outside.forms import TYPES, _cvr_written, form_truth
from bench.outside.model import Block, Checks, Document, Fields, Footer, Grid, Heading, Para, Title
from bench.outside.people import Party, Person

# labels by language; "nb"/"sv" are a Norwegian or Swedish party's own words
WORDS: dict[str, dict[str, list[str]]] = {
    "da": {"org": ["Juridisk enhed", "Organisationens navn", "Navn på organisation", "Myndighed/virksomhed"],
           "cvr": ["CVR/SE-nr.", "CVR-nr.", "SE-nr. (CVR)", "Virksomhedens CVR"],
           "reg": ["Udenlandsk registreringsnummer"],
           "contact": ["Kontaktperson for aftalen", "Ansvarlig kontaktperson", "Kontaktperson vedr. aftalen",
                       "Daglig kontaktperson"],
           "tech": ["IT-ansvarlig", "Teknisk ansvarlig", "IT-kontaktpersoner", "Driftsansvarlige"],
           "site": ["Leveringsadresse", "Adresse for opstilling", "Opstillingsadresse", "Fysisk placering af udstyr"],
           "ip": ["IP-adresser", "Netværk der skal åbnes", "Interne netværk (CIDR)"],
           "type": ["Organisationstype", "Type af organisation", "Vi er"],
           "via": ["Tilslutning", "Forbindelse til SDN", "Opkobling"],
           "name": ["Navn", "Fulde navn", "Kontaktperson"], "email": ["E-mail", "Mail", "E-mailadresse"],
           "phone": ["Telefon", "Tlf.", "Mobilnr.", "Direkte tlf."],
           "street": ["Adresse", "Vej og nr.", "Gadenavn og nummer"], "postcode": ["Postnr.", "Postnummer"],
           "city": ["By", "Bynavn"], "net": ["Netværk", "IP-område", "Subnet"]},
    "en": {"org": ["Legal entity", "Name of organisation", "Organisation (legal name)", "Company"],
           "cvr": ["CVR no.", "Danish company number (CVR)", "VAT/CVR number"],
           "reg": ["Registration number (home country)"],
           "contact": ["Contact person for the agreement", "Responsible contact", "Point of contact"],
           "tech": ["IT responsible", "Technical responsible", "IT contacts", "Operations staff"],
           "site": ["Delivery address", "Address where the equipment is installed", "Installation site",
                    "Physical location"],
           "ip": ["IP addresses", "Networks to be opened", "Internal networks (CIDR)"],
           "type": ["Type of organisation", "Organisation category", "We are"],
           "via": ["Connection", "Route to SDN", "Connected via"],
           "name": ["Name", "Full name", "Contact"], "email": ["E-mail", "Email", "E-mail address"],
           "phone": ["Phone", "Tel.", "Mobile no.", "Direct phone"],
           "street": ["Address", "Street", "Street and no."], "postcode": ["Postcode", "Zip code"],
           "city": ["City", "Town"], "net": ["Network", "IP range", "Subnet"]},
    "nb": {"org": ["Organisasjonsnavn", "Virksomhetens navn", "Juridisk enhet"],
           "cvr": ["Dansk CVR-nummer", "CVR-nr. (Danmark)"], "reg": ["Organisasjonsnummer", "Org.nr. i Norge"],
           "contact": ["Kontaktperson for avtalen", "Kontaktperson"],
           "tech": ["Teknisk kontaktperson", "IT-ansvarlig", "Tekniske kontakter"],
           "site": ["Installasjonsadresse", "Leveringsadresse", "Adresse for utstyret"],
           "ip": ["Nettverk", "IP-adresser som skal åpnes"], "type": ["Type virksomhet"], "via": ["Tilkobling"],
           "name": ["Navn", "Fullt navn"], "email": ["E-post", "E-postadresse"], "phone": ["Telefon", "Mobil"],
           "street": ["Gateadresse", "Adresse"], "postcode": ["Postnummer", "Postnr."],
           "city": ["Poststed", "By"], "net": ["Nettverk", "IP-område"]},
    "sv": {"org": ["Organisationsnamn", "Företagets namn", "Juridisk person"],
           "cvr": ["Danskt CVR-nummer", "CVR-nr (Danmark)"], "reg": ["Organisationsnummer", "Org.nr i Sverige"],
           "contact": ["Kontaktperson för avtalet", "Kontaktperson"],
           "tech": ["Teknisk kontaktperson", "IT-ansvarig", "Tekniska kontakter"],
           "site": ["Installationsadress", "Leveransadress", "Adress för utrustningen"],
           "ip": ["Nätverk", "IP-adresser som ska öppnas"], "type": ["Typ av verksamhet"], "via": ["Anslutning"],
           "name": ["Namn", "Fullständigt namn"], "email": ["E-post", "E-postadress"], "phone": ["Telefon", "Mobil"],
           "street": ["Gatuadress", "Adress"], "postcode": ["Postnummer", "Postnr"],
           "city": ["Ort", "Postort"], "net": ["Nätverk", "IP-nät"]},
}
QUESTIONS = {
    "da": {"org": ["Hvad hedder organisationen?", "Hvad er organisationens juridiske navn?"],
           "cvr": ["Hvad er organisationens CVR-nummer?", "Oplys CVR/SE-nr."],
           "reg": ["Hvad er det udenlandske registreringsnummer?"],
           "type": ["Hvilken type organisation er I?"],
           "via": ["Skal I tilsluttes via KMD eller en systemleverandør?"],
           "contact": ["Hvem er kontaktperson for aftalen? (navn, e-mail og telefon)",
                       "Hvem kan MedCom kontakte om aftalen?"],
           "tech": ["Hvem er jeres IT-ansvarlige / tekniske kontaktpersoner?",
                    "Hvem skal kontaktes om den tekniske opsætning?"],
           "ip": ["Hvilke netværk (IP-adresser) skal åbnes?", "Oplys de IP-adresseområder, der skal have adgang"],
           "site": ["Hvad er adressen for opstilling af udstyret?", "Hvor skal udstyret leveres?"]},
    "en": {"org": ["What is the name of the organisation?", "What is your organisation's legal name?"],
           "cvr": ["What is your Danish CVR number?", "Please state your CVR number"],
           "reg": ["What is your registration number in your home country?"],
           "type": ["What type of organisation are you?"],
           "via": ["Will you connect through KMD or a system vendor?"],
           "contact": ["Who is the contact person for the agreement? (name, e-mail, phone)",
                       "Whom should MedCom contact about the agreement?"],
           "tech": ["Who are your technical contacts?", "Who should we contact about the technical set-up?"],
           "ip": ["Which networks (IP ranges) should be opened?", "Please list the IP ranges that need access"],
           "site": ["Where will the equipment be installed?", "What is the delivery address for the equipment?"]},
}
ORG_HEAD = {"da": "Organisation", "en": "Organisation", "nb": "Virksomhet", "sv": "Organisation"}
TITLES = {"da": ["Oplysninger til MedCom vedr. tilslutning til Sundhedsdatanettet", "Tilslutning til SDN",
                 "Spørgeskema – ny part på Sundhedsdatanettet", "Informationer til opkobling"],
          "en": ["Information for MedCom – connection to SDN", "SDN onboarding questionnaire",
                 "Connecting to the Health Data Network"],
          "nb": ["Opplysninger til MedCom – tilkobling til SDN"], "sv": ["Uppgifter till MedCom – anslutning till SDN"]}


def _phone(rng: random.Random, p: Person) -> str:
    """The number as people write it: +45 12 34 56 78, 12345678, (+45) 1234 5678, 0045 12345678, ..."""
    d = p.phone.removeprefix("+45")
    return rng.choice([f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", d, f"(+45) {d[:4]} {d[4:]}", f"+45{d}",
                       f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"{d[:4]} {d[4:]}", f"0045 {d}", f"+45 {d[:4]} {d[4:]}"])


def _words(rng: random.Random, party: Party) -> tuple[str, dict[str, str]]:
    """The language the labels are in (a foreign party's own, often) and one label per key."""
    lang = party.language
    if party.party_type == "foreign" and rng.random() < 0.6:
        lang = rng.choice(["nb", "sv"])
    return lang, {k: rng.choice(v) for k, v in WORDS[lang].items()}


def _opts_lang(lang: str) -> str:
    return "en" if lang in ("nb", "sv") else lang


def _via_text(lang: str, via: str | None) -> str:
    if lang == "da":
        return "Nej, direkte" if via is None else ("Ja, via KMD" if via == "KMD" else f"Ja, via {via}")
    return "No, directly" if via is None else ("Yes, through KMD" if via == "KMD" else f"Yes, through {via}")


def _via_options(lang: str, via: str | None) -> list[tuple[str, bool]]:
    provider = via if via not in (None, "KMD") else ""
    if lang == "da":
        return [("Direkte", via is None), ("Via KMD", via == "KMD"),
                ("Via systemleverandør: " + (provider or "…………"), bool(provider))]
    return [("Directly", via is None), ("Through KMD", via == "KMD"),
            ("Through a system vendor: " + (provider or "…………"), bool(provider))]


def _type_name(lang: str, ptype: str) -> str:
    return dict(TYPES[_opts_lang(lang)])[ptype]


def _org_rows(rng: random.Random, party: Party, W: dict[str, str]) -> list[tuple[str, str]]:
    rows = [(W["org"], party.organisation), (W["cvr"], _cvr_written(rng, party.cvr))]
    if party.foreign_reg:
        rows.append((W["reg"], party.foreign_reg))
    return rows


def _person(rng: random.Random, p: Person, W: dict[str, str]) -> list[tuple[str, str]]:
    return [(W["name"], p.name), (W["email"], p.email), (W["phone"], _phone(rng, p))]


def _questions(rng: random.Random, party: Party, lang: str, W: dict[str, str]) -> list[Block]:
    """A numbered questionnaire; each answer on the lines under its question, or in a box."""
    ql = _opts_lang(lang)
    Q = {k: rng.choice(v) for k, v in QUESTIONS[ql].items()}
    style = rng.choice(["question", "qbox"])
    inst = party.installation
    combined = rng.random() < 0.5

    def who(p: Person) -> str:
        ph = _phone(rng, p)
        return f"{p.name}, {p.email}, {ph}" if combined else f"{p.name}\n{p.email}\n{ph}"

    rows = [(Q["org"], party.organisation), (Q["cvr"], _cvr_written(rng, party.cvr))]
    if party.foreign_reg:
        rows.append((Q["reg"], party.foreign_reg))
    rows += [(Q["type"], _type_name(lang, party.party_type)), (Q["via"], _via_text(ql, party.connected_via)),
             (Q["contact"], who(party.org_contact)),
             (Q["tech"], "\n".join(who(t) for t in party.technical)),
             (Q["ip"], "\n".join(party.ip_scopes)),
             (Q["site"], rng.choice([f"{inst.street}, {inst.postcode} {inst.city}",
                                     f"{inst.street}\n{inst.postcode} {inst.city}"]))]
    numbering = rng.choice(["{i}.", "{i})", "Spørgsmål {i}:" if ql == "da" else "Question {i}:"])
    return [Fields([(f"{numbering.format(i=i + 1)} {q}", a) for i, (q, a) in enumerate(rows)], style)]


def _letter(rng: random.Random, party: Party, lang: str) -> list[Block]:
    """A letter in prose: every value written into sentences."""
    inst = party.installation
    ql = _opts_lang(lang)

    def who(p: Person) -> str:
        ph = _phone(rng, p)
        return (f"{p.name} ({p.email}, tlf. {ph})" if ql == "da" else f"{p.name} ({p.email}, phone {ph})")

    cvr = _cvr_written(rng, party.cvr)
    tname = _type_name(lang, party.party_type).lower()
    techs = [who(t) for t in party.technical]
    tech_s = techs[0] if len(techs) == 1 else ", ".join(techs[:-1]) + (" og " if ql == "da" else " and ") + techs[-1]
    nets = party.ip_scopes
    nets_s = nets[0] if len(nets) == 1 else ", ".join(nets[:-1]) + (" og " if ql == "da" else " and ") + nets[-1]
    via = party.connected_via
    if ql == "da":
        reg = f" Vores udenlandske registreringsnummer er {party.foreign_reg}." if party.foreign_reg else ""
        via_s = ("Vi tilsluttes direkte og ikke via KMD." if via is None else "Vi tilsluttes via KMD." if via == "KMD"
                 else f"Vi tilsluttes via vores systemleverandør {via}.")
        paras = [
            "Kære MedCom",
            f"Hermed sender vi oplysningerne til brug for tilslutningen af {party.organisation} (CVR {cvr}) til "
            f"Sundhedsdatanettet.{reg} Organisationstype: {tname}.",
            f"Vores kontaktperson for aftalen er {who(party.org_contact)}.",
            f"Tekniske spørgsmål kan rettes til {tech_s}.",
            f"Følgende netværk skal åbnes: {nets_s}. {via_s}",
            f"Udstyret skal opstilles på {inst.street}, {inst.postcode} {inst.city}.",
            "Med venlig hilsen\n" + party.signatory.name + "\n" + party.organisation,
        ]
    else:
        reg = f" Our registration number at home is {party.foreign_reg}." if party.foreign_reg else ""
        via_s = ("We connect directly, not through KMD." if via is None else "We connect through KMD." if via == "KMD"
                 else f"We connect through our system vendor {via}.")
        paras = [
            "Dear MedCom,",
            f"Please find below the information for connecting {party.organisation} (CVR {cvr}) to the Health "
            f"Data Network.{reg} Type of organisation: {tname}.",
            f"Our contact person for the agreement is {who(party.org_contact)}.",
            f"Technical questions can be sent to {tech_s}.",
            f"The following networks must be opened: {nets_s}. {via_s}",
            f"The equipment will be installed at {inst.street}, {inst.postcode} {inst.city}.",
            "Kind regards,\n" + party.signatory.name + "\n" + party.organisation,
        ]
    return [Para(p) for p in paras]


def _sections(rng: random.Random, party: Party, lang: str, W: dict[str, str], layout: str) -> list[Block]:
    """headrow, matrix and below: the form's parts under headings, each part in the layout's own way."""
    ol = _opts_lang(lang)
    band = rng.random() < 0.6
    inst = party.installation
    mark = rng.choice(["glyph", "square", "tick", "paren", "xcol", "bracket"])
    per_line = rng.choice([2, 3]) if layout == "matrix" else 1
    tick_q = {"da": "Sæt kryds", "en": "Tick one"}[ol]
    types = Checks(tick_q, [(t, k == party.party_type) for k, t in TYPES[ol]], mark, per_line)
    vias = Checks(tick_q, _via_options(ol, party.connected_via), mark, 3 if layout == "matrix" else 1)
    out: list[Block] = []
    if layout == "headrow":
        org_h = [W["org"], W["cvr"]] + ([W["reg"]] if party.foreign_reg else [])
        org_r = [party.organisation, _cvr_written(rng, party.cvr)] + ([party.foreign_reg] if party.foreign_reg else [])
        one = [W["name"], W["email"], W["phone"]]
        out += [Heading(ORG_HEAD[lang], band), Grid(org_h, [org_r])]
        out += [Heading(band=band, text=W["type"]), Grid([W["type"]], [[_type_name(lang, party.party_type)]])]
        out += [Heading(band=band, text=W["via"]), Grid([W["via"]], [[_via_text(ol, party.connected_via)]])]
        out += [Heading(band=band, text=W["contact"]),
                Grid(one, [[party.org_contact.name, party.org_contact.email, _phone(rng, party.org_contact)]])]
        out += [Heading(band=band, text=W["tech"]),
                Grid(one, [[t.name, t.email, _phone(rng, t)] for t in party.technical])]
        out += [Heading(band=band, text=W["site"]), Grid([W["street"], W["postcode"], W["city"]],
                                                  [[inst.street, inst.postcode, inst.city]])]
        out += [Heading(band=band, text=W["ip"]), Grid([W["net"]], [[n] for n in party.ip_scopes])]
        return out
    style = "below" if layout == "below" else rng.choice(["inline", "nocolon", "table"])
    out += [Heading(ORG_HEAD[lang], band), Fields(_org_rows(rng, party, W), style)]
    out += [Heading(band=band, text=W["type"]), types, Heading(band=band, text=W["via"]), vias]
    out += [Heading(band=band, text=W["contact"]), Fields(_person(rng, party.org_contact, W), style)]
    out.append(Heading(band=band, text=W["tech"]))
    for t in party.technical:
        out.append(Fields(_person(rng, t, W), style))
    site = [(W["street"], inst.street), (W["postcode"], inst.postcode), (W["city"], inst.city)]
    out += [Heading(band=band, text=W["site"]), Fields(site, style)]
    out += [Heading(band=band, text=W["ip"]),
            Fields([(f"{W['net']} {i + 1}", n) for i, n in enumerate(party.ip_scopes)], style)]
    return out


def new_hand_form(rng: random.Random, party: Party, layout: str, name: str) -> Document:
    """One information form for `party` in a new hand's `layout` (one of forms.NEW_HAND)."""
    lang, W = _words(rng, party)
    blocks: list[Block] = [Title(rng.choice(TITLES[lang]), rng.choice(["", f"{party.organisation}", "Bilag 2"]))]
    if layout == "questions":
        blocks += _questions(rng, party, lang, W)
    elif layout == "letter":
        blocks += _letter(rng, party, lang)
    else:
        blocks += _sections(rng, party, lang, W, layout)
    done = party.signature_date
    blocks.append(Footer(f"{party.organisation} · {done:%d.%m.%Y}"))
    return Document(name, blocks, form_truth(party, name), f"form-{layout}", party.language)
