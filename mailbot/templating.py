"""Outgoing mail text: one Jinja2 template per step and language, rendered to subject, text and HTML.

The wording lives in ``outbox_templates/{da,en}/`` so MedCom can change what the bot says without
touching code. This module only knows how to find the templates and supplies the filters that turn
codes (document kinds, party types, problem codes, dates) into words in the mail's language, so
every template names things the same way.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from .core.states import STATE_NAMES_DA
from .core.vocabulary import State, Step

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "outbox_templates"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

# The X-SDN-Step values and the case states, in process order (the digest lists them this way).
STEPS: tuple[Step, ...] = tuple(Step)
STATES: tuple[State, ...] = tuple(State)

# Pre-approved for connection (starter pack); a foreign party needs the steering group.
PRE_APPROVED_TYPES = frozenset(
    {"region", "municipality", "public_hospital", "private_hospital", "practitioner", "pharmacy", "laboratory"}
)

WRAP_WIDTH = 76
_LOCAL_TZ_NAME = "Europe/Copenhagen"


@dataclass(frozen=True)
class RenderedMail:
    """One outgoing mail's content; the caller adds headers and the ``[SDN-…]`` subject prefix."""

    subject: str
    text: str
    html: str | None


# --------------------------------------------------------------------------- words per language

_MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

# Document names as titles (doc_name) and as they read inside a sentence (definite form).
_DOC_NAMES = {
    "da": {
        "connection_agreement": "Tilslutningsaftale",
        "data_processor_agreement": "Databehandleraftale",
        "sub_data_processor_agreement": "Underdatabehandleraftale",
        "information_form": "Informationsskema",
        "unknown": "Ukendt dokument",
    },
    "en": {
        "connection_agreement": "Connection Agreement",
        "data_processor_agreement": "Data Processor Agreement",
        "sub_data_processor_agreement": "Sub-data Processor Agreement",
        "information_form": "Information form",
        "unknown": "Unknown document",
    },
}
_DOC_IN_SENTENCE = {
    "da": {
        "connection_agreement": "tilslutningsaftalen",
        "data_processor_agreement": "databehandleraftalen",
        "sub_data_processor_agreement": "underdatabehandleraftalen",
        "information_form": "informationsskemaet",
    },
    "en": {
        "connection_agreement": "the Connection Agreement",
        "data_processor_agreement": "the Data Processor Agreement",
        "sub_data_processor_agreement": "the Sub-data Processor Agreement",
        "information_form": "the information form",
    },
}

_PARTY_TYPES = {
    "da": {
        "region": "Region",
        "municipality": "Kommune",
        "public_hospital": "Offentligt sygehus",
        "private_hospital": "Privathospital",
        "practitioner": "Praksisyder under den offentlige sygesikring",
        "pharmacy": "Apotek",
        "laboratory": "Privat laboratorium",
        "it_supplier": "It-leverandør",
        "foreign": "Udenlandsk samarbejdspartner",
        "other": "Anden",
    },
    "en": {
        "region": "Region",
        "municipality": "Municipality",
        "public_hospital": "Public hospital",
        "private_hospital": "Private hospital",
        "practitioner": "Practitioner under the public health insurance",
        "pharmacy": "Pharmacy",
        "laboratory": "Private laboratory",
        "it_supplier": "IT supplier",
        "foreign": "Foreign partner",
        "other": "Other",
    },
}

_STATE_NAMES = {
    "da": STATE_NAMES_DA,
    "en": {
        "inquiry": "Inquiry",
        "awaiting_agreements": "Awaiting agreements",
        "awaiting_steering_group": "Awaiting steering group",
        "awaiting_information_form": "Awaiting information form",
        "clarification": "Information form clarification",
        "sent_to_tdc": "Sent to TDC Erhverv",
        "installation_scheduled": "Installation scheduled",
        "equipment_shipped": "Equipment shipped",
        "connected": "Connected",
        "rejected": "Rejected",
    },
}

# Field names: (as a missing item, as the subject of a sentence).
_FIELDS = {
    "da": {
        "cvr": ("CVR-nummer", "CVR-nummeret"),
        "organisation": ("organisationens navn", "organisationens navn"),
        "signatory_name": ("navnet på den, der underskriver", "underskriverens navn"),
        "signatory_title": ("underskriverens titel", "underskriverens titel"),
        "signature_date": ("dato for underskriften", "datoen for underskriften"),
        "signed": ("underskrift", "underskriften"),
        "party_type": ("parttype (fx region, kommune eller apotek)", "parttypen"),
        "connected_via": ("oplysning om tilslutning via KMD eller lægesystemleverandør",
                          "oplysningen om tilslutning via KMD eller lægesystemleverandør"),
        "org_contact": ("organisatorisk kontaktperson (navn, e-mail og telefonnummer)",
                        "den organisatoriske kontaktperson"),
        "technical_contacts": ("mindst én teknisk kontaktperson (navn, e-mail og telefonnummer)",
                               "de tekniske kontaktpersoner"),
        "ip_scopes": ("SDN IP-scope (netværk i CIDR-form, fx 10.20.0.0/24)", "SDN IP-scopet"),
        "installation_address": ("installationsadresse (vej, postnummer og by)", "installationsadressen"),
        "email": ("e-mailadresse", "e-mailadressen"),
        "phone": ("telefonnummer", "telefonnummeret"),
        "name": ("navn", "navnet"),
        "street": ("vejnavn og husnummer", "vejnavnet"),
        "postcode": ("postnummer", "postnummeret"),
        "city": ("by", "bynavnet"),
    },
    "en": {
        "cvr": ("the CVR number", "the CVR number"),
        "organisation": ("the organisation name", "the organisation name"),
        "signatory_name": ("the name of the signatory", "the signatory's name"),
        "signatory_title": ("the signatory's title", "the signatory's title"),
        "signature_date": ("the date of signature", "the date of signature"),
        "signed": ("the signature", "the signature"),
        "party_type": ("the party type (e.g. region, municipality or pharmacy)", "the party type"),
        "connected_via": ("whether you connect via KMD or a medical-system provider",
                          "the connection via KMD or a medical-system provider"),
        "org_contact": ("an organisational contact person (name, e-mail and phone number)",
                        "the organisational contact person"),
        "technical_contacts": ("at least one technical contact person (name, e-mail and phone number)",
                               "the technical contact persons"),
        "ip_scopes": ("the SDN IP scope (networks in CIDR form, e.g. 10.20.0.0/24)", "the SDN IP scope"),
        "installation_address": ("the installation address (street, postcode and city)",
                                 "the installation address"),
        "email": ("an e-mail address", "the e-mail address"),
        "phone": ("a phone number", "the phone number"),
        "name": ("a name", "the name"),
        "street": ("the street and number", "the street"),
        "postcode": ("the postcode", "the postcode"),
        "city": ("the city", "the city"),
    },
}

_NOT_STATED = {"da": "ikke oplyst", "en": "not stated"}
_NOT_SET = {"da": "endnu ikke fastlagt", "en": "not yet set"}


# --------------------------------------------------------------------------- filters

def _local(value: datetime) -> datetime:
    """Aware datetimes are shown in Danish local time: every reader of these mails is in Denmark."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(ZoneInfo(_LOCAL_TZ_NAME))
    except ZoneInfoNotFoundError:  # pragma: no cover - only without a tz database
        return value


def _as_date_or_datetime(value: Any) -> date | datetime | None:
    """Accept ISO strings too, because values may come straight from JSON or the database."""
    if value is None or value == "":
        return None
    if isinstance(value, date):  # datetime is a date subclass
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def longdate(value: Any, time: bool = True, lang: str = DEFAULT_LANGUAGE) -> str:
    """``14. januar 2027 kl. 09.00`` / ``14 January 2027 at 09:00``; a date alone has no time part.

    Month names are our own, not the locale's: the server's locale says nothing about the reader.
    """
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return _NOT_SET[lang] if value in (None, "") else str(value)
    if isinstance(parsed, datetime):
        parsed = _local(parsed)
        if not time:
            parsed = parsed.date()
    month = _MONTHS[lang][parsed.month - 1]
    if lang == "en":
        text = f"{parsed.day} {month} {parsed.year}"
        if isinstance(parsed, datetime):
            text += f" at {parsed.hour:02d}:{parsed.minute:02d}"
        return text
    text = f"{parsed.day}. {month} {parsed.year}"
    if isinstance(parsed, datetime):
        text += f" kl. {parsed.hour:02d}.{parsed.minute:02d}"
    return text


def shortdate(value: Any, time: bool = True, lang: str = DEFAULT_LANGUAGE) -> str:
    """Compact date for tables and lists: ``14.01.2027 09.00`` / ``2027-01-14 09:00``."""
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return "" if value in (None, "") else str(value)
    if isinstance(parsed, datetime) and not time:
        parsed = _local(parsed).date()
    if isinstance(parsed, datetime):
        parsed = _local(parsed)
        if lang == "en":
            return parsed.strftime("%Y-%m-%d %H:%M")
        return parsed.strftime("%d.%m.%Y %H.%M")
    return parsed.strftime("%Y-%m-%d") if lang == "en" else parsed.strftime("%d.%m.%Y")


def doc_name(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The document's own title, as the party knows it from the templates we sent."""
    return _DOC_NAMES[lang].get(str(kind), str(kind))


def doc_definite(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The document as it reads inside a sentence: ``databehandleraftalen`` / ``the Data Processor Agreement``."""
    return _DOC_IN_SENTENCE[lang].get(str(kind), doc_name(kind, lang))


def cap(text: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` would lower-case the rest)."""
    return _cap(str(text))


def party_type_name(party_type: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    if party_type in (None, ""):
        return _NOT_STATED[lang]
    return _PARTY_TYPES[lang].get(str(party_type), str(party_type))


def state_name(state: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    return _STATE_NAMES[lang].get(str(state), str(state))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if text and text[-1] not in ".!?":
        text += "."
    return _cap(text)


def _field_words(field: Any, lang: str) -> tuple[str, str] | None:
    """Words for a field name such as ``cvr`` or ``technical_contacts[0].email``."""
    if not field:
        return None
    table = _FIELDS[lang]
    name = str(field)
    if name in table:
        return table[name]
    parts = [p for p in re.split(r"[.\[\]\d]+", name) if p]
    if not parts:
        return None
    base = table.get(parts[0])
    leaf = table.get(parts[-1]) if len(parts) > 1 else None
    if base and leaf:
        # e.g. "e-mailadresse for de tekniske kontaktpersoner"
        joiner = " for " if lang == "da" else " of "
        return (leaf[0] + joiner + base[1], leaf[1] + joiner + base[1])
    return base or leaf


_OWNERS = {
    "da": {"technical_contacts": "en af de tekniske kontaktpersoner",
           "org_contact": "den organisatoriske kontaktperson"},
    "en": {"technical_contacts": "one of the technical contact persons",
           "org_contact": "the organisational contact person"},
}


def _ip_scope_text(problem: Mapping[str, Any], detail: str | None, lang: str) -> str:
    """Why a written network is not accepted, as precisely as the reader could tell."""
    da = lang == "da"
    net = problem.get("network")
    reason = problem.get("reason")
    if not detail:
        return ("Et af de angivne IP-scopes er ikke et gyldigt netværk i CIDR-form (fx 10.20.0.0/24)" if da else
                "One of the IP scopes given is not a valid network in CIDR form (e.g. 10.20.0.0/24)")
    q = _quoted(detail, lang)
    texts = {
        "host_bits": (f"IP-scopet {q} har værtsbits sat; netværket er {net}. Bekræft venligst, at det er "
                      f"{net}, I mener",
                      f"The IP scope {q} has host bits set; the network is {net}. Please confirm that {net} is "
                      "what you mean"),
        "too_broad": (f"IP-scopet {q} er alt for bredt til én parts SDN-scope; angiv venligst de konkrete netværk",
                      f"The IP scope {q} is far too broad for one party's SDN scope; please give the actual "
                      "networks"),
        "public": (f"IP-scopet {q} er et offentligt adresseområde, ikke et internt netværk",
                   f"The IP scope {q} is a public address range, not an internal network"),
        "no_prefix": (f"IP-scopet {q} mangler en prefikslængde (fx {detail}/24)",
                      f"The IP scope {q} has no prefix length (e.g. {detail}/24)"),
        "reserved": (f"{q} er ikke et brugbart netværk (loopback, multicast eller link-local)",
                     f"{q} is not a usable network (loopback, multicast or link-local)"),
        "range": (f"Adresseområdet {q} svarer ikke til ét netværk; angiv det venligst i CIDR-form",
                  f"The address range {q} is not one network; please give it in CIDR form"),
    }
    da_text, en_text = texts.get(str(reason), (
        f"IP-scopet {q} er ikke et gyldigt netværk i CIDR-form (fx 10.20.0.0/24)",
        f"The IP scope {q} is not a valid network in CIDR form (e.g. 10.20.0.0/24)"))
    return da_text if da else en_text


def _owner(field: Any, lang: str) -> str:
    """Whose e-mail or phone it is (`` for en af de tekniske kontaktpersoner``), or nothing."""
    parts = [p for p in re.split(r"[.\[\]\d]+", str(field or "")) if p]
    if not parts or parts[0] not in _OWNERS[lang]:
        return ""
    return (" for " if lang == "da" else " of ") + _OWNERS[lang][parts[0]]


def _where(problem: Mapping[str, Any], lang: str) -> str:
    """The document (and file) a problem is in, as it reads mid-sentence."""
    kind = problem.get("document_kind")
    filename = problem.get("filename")
    doc = _DOC_IN_SENTENCE[lang].get(str(kind)) if kind else None
    if doc and filename:
        return f"{doc} ({filename})"
    if doc:
        return doc
    if filename:
        return f"filen {filename}" if lang == "da" else f"the file {filename}"
    return "dokumentet" if lang == "da" else "the document"


def _quoted(value: Any, lang: str) -> str:
    return f"»{value}«" if lang == "da" else f'"{value}"'


def problem_text(problem: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """One plain sentence naming exactly what is wrong, so the party can fix it without calling us.

    ``detail`` of an IP-scope overlap names only a network, never the other party.
    """
    code = problem.get("code")
    detail = problem.get("detail")
    where = _where(problem, lang)
    words = _field_words(problem.get("field"), lang)
    da = lang == "da"

    if code == "not_signed":
        return _sentence(f"{where} er ikke underskrevet" if da else f"{where} is not signed")
    if code == "changed_after_signing":
        if da:
            return _sentence(f"{where} er ændret, efter at den blev underskrevet digitalt, så underskriften "
                             "gælder ikke for den nuværende tekst; send venligst filen uændret, som den blev "
                             "underskrevet, eller underskriv den igen")
        return _sentence(f"{where} was changed after it was digitally signed, so the signature does not cover "
                         "its present text; please send the file as it was signed, or sign it again")
    if code == "signature_invalid":
        if da:
            return _sentence(f"Den digitale underskrift i {where} er ikke gyldig (filen eller underskriften er "
                             "beskadiget); send venligst filen igen, som den kom fra underskriftstjenesten")
        return _sentence(f"The digital signature in {where} is not valid (the file or the signature is "
                         "damaged); please send the file again as it came from the signing service")
    if code == "signer_mismatch":
        if da:
            return _sentence(f"{where} er underskrevet digitalt af en anden end jeres organisation; den skal "
                             "underskrives af en, der tegner jeres organisation")
        return _sentence(f"{where} is digitally signed by someone other than your organisation; it must be "
                         "signed by a person signing for your organisation")
    if code == "missing_field" and words:
        if problem.get("document_kind") or problem.get("filename"):
            return _sentence(f"{where} mangler {words[0]}" if da else f"{where} is missing {words[0]}")
        return _sentence(f"Der mangler {words[0]}" if da else f"{words[0]} is missing")
    if code == "invalid_cvr":
        number = f" {detail}" if detail else ""
        if da:
            return _sentence(f"CVR-nummeret{number} i {where} er ikke gyldigt (et CVR-nummer har 8 cifre "
                             "og et kontrolciffer, der skal passe)")
        return _sentence(f"The CVR number{number} in {where} is not valid (a CVR number has 8 digits "
                         "and a check digit that must match)")
    if code == "mismatch":
        subject = words[1] if words else ("oplysningerne" if da else "the details")
        extra = f" ({detail})" if detail else ""
        if da:
            return _sentence(f"{subject} er ikke ens i de dokumenter, vi har modtaget{extra}")
        return _sentence(f"{subject} differs between the documents we received{extra}")
    if code == "wrong_template":
        if da:
            return _sentence(f"{where} er ikke udfyldt på MedComs SDN-skabelon; brug venligst den skabelon, "
                             "vi har sendt")
        return _sentence(f"{where} is not on MedCom's SDN template; please use the template we sent")
    if code == "unreadable":
        if da:
            return _sentence(f"Vi kan ikke læse teksten i {where}, fordi filen ser ud til at være en scanning "
                             "uden tekstlag; send venligst den udfyldte PDF-fil i stedet for en scanning")
        return _sentence(f"We cannot read the text of {where} because the file appears to be a scan without "
                         "a text layer; please send the filled-in PDF file instead of a scan")
    if code == "encrypted":
        if da:
            return _sentence(f"{where} er krypteret eller beskyttet med adgangskode, så vi ikke kan åbne "
                             "filen; send den venligst uden beskyttelse")
        return _sentence(f"{where} is encrypted or password-protected, so we cannot open it; please send it "
                         "without protection")
    if code == "invalid_ip_scope":
        return _sentence(_ip_scope_text(problem, detail, lang))
    if code == "ip_scope_overlap" and problem.get("networks"):
        a, b = (_quoted(n, lang) for n in list(problem["networks"])[:2])
        if da:
            return _sentence(f"Netværkene {a} og {b} i skemaet overlapper hinanden")
        return _sentence(f"The networks {a} and {b} in the form overlap each other")
    if code == "ip_scope_overlap":
        extra = f" ({detail})" if detail else ""
        if da:
            return _sentence(f"Det angivne IP-scope overlapper et netværk, der allerede er i brug på SDN"
                             f"{extra}, og kan derfor ikke bruges")
        return _sentence(f"The IP scope given overlaps a network already in use on the SDN{extra}, so it "
                         "cannot be used")
    owner = _owner(problem.get("field"), lang)
    if code == "invalid_email":
        value = f" {_quoted(detail, lang)}" if detail else ""
        if da:
            return _sentence(f"E-mailadressen{value}{owner} er ikke en gyldig e-mailadresse")
        return _sentence(f"The e-mail address{value}{owner} is not a valid e-mail address")
    if code == "invalid_phone":
        value = f" {_quoted(detail, lang)}" if detail else ""
        if da:
            return _sentence(f"Telefonnummeret{value}{owner} er ikke et gyldigt telefonnummer (angiv det gerne "
                             "med landekode, fx +45 12 34 56 78)")
        return _sentence(f"The phone number{value}{owner} is not a valid phone number (please include the "
                         "country code, e.g. +45 12 34 56 78)")
    if code == "too_large":
        if da:
            return _sentence(f"{where} er for stor til, at vi kan behandle den; send venligst en mindre fil")
        return _sentence(f"{where} is too large for us to process; please send a smaller file")
    if code == "missing_document":
        kind = problem.get("document_kind")
        doc = _DOC_IN_SENTENCE[lang].get(str(kind)) if kind else None
        if kind == "information_form":
            return _sentence("Vi har endnu ikke modtaget det udfyldte informationsskema" if da
                             else "We have not yet received the filled-in information form")
        if doc:
            return _sentence(f"Vi har endnu ikke modtaget {doc} i underskrevet stand" if da
                             else f"We have not yet received {doc}, signed")
    if code == "timeout":
        if da:
            return _sentence(f"Behandlingen af {where} tog for lang tid og blev afbrudt; send venligst filen "
                             "igen som en almindelig PDF-fil")
        return _sentence(f"Processing {where} took too long and was stopped; please send the file again as "
                         "an ordinary PDF file")
    if code == "parse_error":
        if da:
            return _sentence(f"Vi kunne ikke læse {where}; send venligst filen igen som en almindelig PDF-fil")
        return _sentence(f"We could not read {where}; please send the file again as an ordinary PDF file")

    message = problem.get("message")
    if message:
        return _sentence(str(message))
    return _sentence(f"Der er et problem med {where}" if da else f"There is a problem with {where}")


_QUESTIONS_MISSING = {
    "da": {
        "technical_contacts": "Hvem er jeres tekniske kontaktperson(er)? Oplys venligst navn, e-mail og "
                              "telefonnummer for hver.",
        "ip_scopes": "Hvilket IP-scope skal jeres SDN-tilslutning bruge? Angiv venligst netværket i "
                     "CIDR-form, fx 10.20.0.0/24.",
        "installation_address": "Hvad er installationsadressen (vej, postnummer og by), hvor SDN-udstyret "
                                "skal installeres?",
        "org_contact": "Hvem er jeres organisatoriske kontaktperson? Oplys venligst navn, e-mail og "
                       "telefonnummer.",
        "cvr": "Hvad er organisationens CVR-nummer (8 cifre)?",
        "organisation": "Hvad er organisationens fulde navn?",
        "party_type": "Hvilken type part er I (fx region, kommune, sygehus, praksis, apotek eller "
                      "laboratorium)?",
    },
    "en": {
        "technical_contacts": "Who are your technical contact persons? Please give the name, e-mail and "
                              "phone number of each.",
        "ip_scopes": "Which IP scope should your SDN connection use? Please give the network in CIDR form, "
                     "e.g. 10.20.0.0/24.",
        "installation_address": "What is the installation address (street, postcode and city) where the "
                                "SDN equipment will be installed?",
        "org_contact": "Who is your organisational contact person? Please give name, e-mail and phone "
                       "number.",
        "cvr": "What is your organisation's CVR number (8 digits)?",
        "organisation": "What is the full name of your organisation?",
        "party_type": "What type of party are you (e.g. region, municipality, hospital, practice, pharmacy "
                      "or laboratory)?",
    },
}

_FOLLOW_UPS = {
    "da": {
        "invalid_ip_scope": "Hvilket netværk skal bruges? Angiv det venligst i CIDR-form.",
        "ip_scope_overlap": "Kan I oplyse et andet IP-scope, der ikke overlapper?",
        "invalid_email": "Hvad er den korrekte e-mailadresse?",
        "invalid_phone": "Hvad er det korrekte telefonnummer?",
        "invalid_cvr": "Hvad er organisationens korrekte CVR-nummer?",
        "mismatch": "Hvilken oplysning er den rigtige?",
    },
    "en": {
        "invalid_ip_scope": "Which network should be used? Please give it in CIDR form.",
        "ip_scope_overlap": "Could you give another IP scope that does not overlap?",
        "invalid_email": "What is the correct e-mail address?",
        "invalid_phone": "What is the correct phone number?",
        "invalid_cvr": "What is your organisation's correct CVR number?",
        "mismatch": "Which of the details is correct?",
    },
}


def problem_question(problem: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """A precise question for the clarification mail: what is wrong, then what we need to know."""
    code = problem.get("code")
    if code == "missing_field":
        words = _field_words(problem.get("field"), lang)
        field = str(problem.get("field") or "")
        question = _QUESTIONS_MISSING[lang].get(field)
        if question:
            return question
        if words:
            return _sentence(f"Kan I oplyse {words[0]}?" if lang == "da" else f"Could you give us {words[0]}?")
    follow_up = _FOLLOW_UPS[lang].get(str(code))
    text = problem_text(problem, lang)
    return f"{text} {follow_up}" if follow_up else text


def join_and(items: Iterable[Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """``A, B og C`` / ``A, B and C``: lists inside a sentence read naturally."""
    values = [str(item) for item in items if item not in (None, "")]
    if not values:
        return ""
    if len(values) == 1:
        return values[0]
    word = " og " if lang == "da" else " and "
    return ", ".join(values[:-1]) + word + values[-1]


def missing_documents(
    required: Iterable[str], received: Iterable[str], problems: Iterable[Mapping[str, Any]]
) -> list[str]:
    """Required documents not received at all: a received document with problems is not 'missing'."""
    received_set = set(received)
    faulty = {
        p.get("document_kind") for p in problems if p.get("code") != "missing_document" and p.get("document_kind")
    }
    result = [kind for kind in required if kind not in received_set and kind not in faulty]
    for p in problems:
        kind = p.get("document_kind")
        if p.get("code") == "missing_document" and kind and kind not in result and kind not in received_set:
            result.append(kind)
    return result


def document_problems(problems: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Problems other than a missing document; missing documents get a list of their own."""
    return [p for p in problems if p.get("code") != "missing_document" or not p.get("document_kind")]


def ordered_states(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Counts in process order, unknown states last, so the digest always reads top to bottom."""
    known = [(s, counts[s]) for s in STATES if s in counts]
    extra = sorted((s, n) for s, n in counts.items() if s not in STATES)
    return known + extra


FUNNEL_STATES = STATES[:-1]  # the road to "connected"; rejected cases leave it and are counted beside it
_DIGEST_LISTS = ("changes", "waiting", "attention", "upcoming", "unmatched")


def digest_view(digest: Mapping[str, Any]) -> dict[str, Any]:
    """What the digest templates show, derived once so HTML and plain text say exactly the same.

    The funnel has every state on the road to "connected" (zeros too, so it reads the same every day)
    with a bar length in percent of the largest count; ``more`` says how many rows each capped list left out.
    """
    counts = dict(digest.get("counts") or {})
    top = max([counts.get(st, 0) for st in FUNNEL_STATES] + [1])
    funnel = [{"state": st, "count": counts.get(st, 0),
               "pct": (max(4, round(100 * counts.get(st, 0) / top)) if counts.get(st, 0) else 0)}
              for st in FUNNEL_STATES]
    funnel += [{"state": st, "count": n, "pct": max(4, round(100 * n / top))}
               for st, n in sorted(counts.items()) if st not in STATES]
    totals = dict(digest.get("totals") or {})
    lists = {name: list(digest.get(name) or []) for name in _DIGEST_LISTS}
    total = {name: int(totals.get(name, len(items))) for name, items in lists.items()}
    waiting_on = digest.get("waiting_on") or {
        who: sum(1 for w in lists["waiting"] if w.get("waiting_on") == who) for who in ("party", "tdc", "staff")}
    all_cases = int(digest.get("total", sum(counts.values())))
    open_cases = int(digest.get("open", sum(n for st, n in counts.items() if st not in ("connected", "rejected"))))
    return {"funnel": funnel, "rejected": counts.get("rejected", 0), "total": total, "all_cases": all_cases,
            "open_cases": open_cases, "waiting_on": waiting_on,
            "more": {name: max(0, total[name] - len(items)) for name, items in lists.items()},
            "merged_notices": int(digest.get("merged_notices") or 0), **lists}


def format_address(address: Mapping[str, Any] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if not address:
        return _NOT_STATED[lang]
    street = address.get("street") or ""
    town = " ".join(str(x) for x in (address.get("postcode"), address.get("city")) if x)
    return ", ".join(x for x in (street, town) if x) or _NOT_STATED[lang]


def format_contact(contact: Mapping[str, Any] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if not contact:
        return _NOT_STATED[lang]
    parts = [str(contact[k]) for k in ("name", "email", "phone") if contact.get(k)]
    return ", ".join(parts) or _NOT_STATED[lang]


# --------------------------------------------------------------------------- environment and rendering

def _bind(func: Callable[..., str], lang: str) -> Callable[..., str]:
    def bound(value: Any, *args: Any, **kwargs: Any) -> str:
        return func(value, *args, lang=lang, **kwargs)

    bound.__name__ = func.__name__
    bound.__doc__ = func.__doc__
    return bound


@lru_cache(maxsize=len(LANGUAGES))
def _environment(lang: str) -> jinja2.Environment:
    """One environment per language, so every filter speaks the language of the template it serves."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False,
                                            default=False),
    )
    filters = (longdate, shortdate, doc_name, doc_definite, cap, party_type_name, state_name, problem_text,
               problem_question, join_and, format_address, format_contact)
    for func in filters:
        env.filters[func.__name__] = _bind(func, lang)
    env.globals.update(
        lang=lang,
        missing_documents=missing_documents,
        document_problems=document_problems,
        ordered_states=ordered_states,
        digest_view=digest_view,
        pre_approved_types=sorted(PRE_APPROVED_TYPES),
        STATES=STATES,
    )
    return env


def _language(language: str | None) -> str:
    """``da``, ``da-DK``, ``EN_gb`` … are understood; anything else is Danish, MedCom's own language."""
    code = re.split(r"[-_]", (language or "").strip().lower())[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def available_steps() -> list[str]:
    """Steps with a text template in the default language, in process order (unknown ones last)."""
    folder = TEMPLATE_DIR / DEFAULT_LANGUAGE
    found = {p.name[: -len(".txt.j2")] for p in folder.glob("*.txt.j2") if not p.name.startswith("_")}
    return [s for s in STEPS if s in found] + sorted(found.difference(STEPS))


def _render_block(template: jinja2.Template, name: str, context: dict[str, Any]) -> str:
    if name not in template.blocks:
        raise KeyError(f"template {template.name} has no block {name!r}")
    return "".join(template.blocks[name](template.new_context(context)))


_BULLET = re.compile(r"^(\s*(?:[-*•]|\d+\.)\s+|\s+)")


def _wrap_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    match = _BULLET.match(line)
    indent = " " * len(match.group(1)) if match else ""
    return textwrap.wrap(line, width=width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [line]


def tidy_text(text: str, width: int = WRAP_WIDTH) -> str:
    """Plain text for mail clients: wrapped paragraphs, no runs of blank lines left by conditionals."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        lines.extend(_wrap_line(line, width))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def render_mail(step: str, language: str, context: dict[str, Any]) -> RenderedMail:
    """Render one step's mail; the language decides both the template and the filters' words.

    Raises KeyError for an unknown step and jinja2.UndefinedError when the context lacks a key a
    template needs (StrictUndefined), so a gap in the render stage fails loudly instead of
    sending a mail with a hole in it.
    """
    if step not in available_steps():
        raise KeyError(f"unknown mail step: {step!r}")
    lang = _language(language)
    env = _environment(lang)
    ctx = dict(context)
    ctx["lang"] = lang
    ctx.setdefault("step", step)

    try:
        text_template = env.get_template(f"{lang}/{step}.txt.j2")
    except jinja2.TemplateNotFound:
        lang = DEFAULT_LANGUAGE
        env = _environment(lang)
        ctx["lang"] = lang
        text_template = env.get_template(f"{lang}/{step}.txt.j2")

    subject = " ".join(_render_block(text_template, "subject", ctx).split())
    text = tidy_text(text_template.render(ctx))

    html: str | None = None
    try:
        html_template = env.get_template(f"{lang}/{step}.html.j2")
    except jinja2.TemplateNotFound:
        html_template = None
    if html_template is not None:
        html = html_template.render({**ctx, "subject": subject}).strip() + "\n"
    return RenderedMail(subject=subject, text=text, html=html)
