"""Outgoing mail text: one Jinja2 template per step and language, rendered to subject, text and HTML.

The whole mails live in ``outbox_templates/<lang>/`` so MedCom can change what the bot says without
touching code. This module finds the templates and supplies the filters that turn codes (document
kinds, party types, problem codes, dates) into words in the mail's language, so every template names
things the same way. Those words are gettext catalogs (``mailbot/locale``, see ``mailbot/i18n.py``):
the source strings below are English, each language's catalog says them in its words.
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

import jinja2

from . import i18n
from .config import RulesConfig
from .core.states import STATE_NAMES
from .core.vocabulary import NoticeKind, State, Step
from .i18n import DEFAULT_LANGUAGE, Np_

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "outbox_templates"
_template_dirs: list[Path] = [TEMPLATE_DIR]

# The X-SDN-Step values and the case states, in process order (the digest lists them this way).
STEPS: tuple[Step, ...] = tuple(Step)
STATES: tuple[State, ...] = tuple(State)

# Pre-approved for connection (starter pack): the render stage passes the configured `[rules] pre_approved`;
# a template rendered without it (a preview, a test) reads the configuration's default, the same one list.
PRE_APPROVED_TYPES = RulesConfig().pre_approved

WRAP_WIDTH = 76


@dataclass(frozen=True)
class RenderedMail:
    """One outgoing mail's content; the caller adds headers and the ``[SDN-…]`` subject prefix."""

    subject: str
    text: str
    html: str | None


# --------------------------------------------------------------------------- words (English source strings)

# Document names as titles (doc_name) and as they read inside a sentence (definite form).
_DOC_NAMES = {
    "connection_agreement": Np_("document title", "Connection Agreement"),
    "data_processor_agreement": Np_("document title", "Data Processor Agreement"),
    "sub_data_processor_agreement": Np_("document title", "Sub-data Processor Agreement"),
    "information_form": Np_("document title", "Information form"),
    "unknown": Np_("document title", "Unknown document"),
}
_DOC_IN_SENTENCE = {
    "connection_agreement": Np_("document in a sentence", "the Connection Agreement"),
    "data_processor_agreement": Np_("document in a sentence", "the Data Processor Agreement"),
    "sub_data_processor_agreement": Np_("document in a sentence", "the Sub-data Processor Agreement"),
    "information_form": Np_("document in a sentence", "the information form"),
}

_PARTY_TYPES = {
    "region": Np_("party type", "Region"),
    "municipality": Np_("party type", "Municipality"),
    "public_hospital": Np_("party type", "Public hospital"),
    "private_hospital": Np_("party type", "Private hospital"),
    "practitioner": Np_("party type", "Practitioner under the public health insurance"),
    "pharmacy": Np_("party type", "Pharmacy"),
    "laboratory": Np_("party type", "Private laboratory"),
    "it_supplier": Np_("party type", "IT supplier"),
    "foreign": Np_("party type", "Foreign partner"),
    "other": Np_("party type", "Other"),
}

# the party types as a sentence names a group of them ("regioner, kommuner og apoteker er ...")
_PARTY_TYPES_PLURAL = {
    "region": Np_("party types in a sentence", "regions"),
    "municipality": Np_("party types in a sentence", "municipalities"),
    "public_hospital": Np_("party types in a sentence", "public hospitals"),
    "private_hospital": Np_("party types in a sentence", "private hospitals"),
    "practitioner": Np_("party types in a sentence", "practitioners under the public health insurance"),
    "pharmacy": Np_("party types in a sentence", "pharmacies"),
    "laboratory": Np_("party types in a sentence", "private laboratories"),
    "it_supplier": Np_("party types in a sentence", "IT suppliers"),
    "foreign": Np_("party types in a sentence", "foreign partners"),
    "other": Np_("party types in a sentence", "others"),
}

# Field names: (as a missing item, as the subject of a sentence).
_FIELDS = {
    "cvr": (Np_("field as a missing item", "the CVR number"), Np_("field as a subject", "the CVR number")),
    "organisation": (Np_("field as a missing item", "the organisation name"),
                     Np_("field as a subject", "the organisation name")),
    "signatory_name": (Np_("field as a missing item", "the name of the signatory"),
                       Np_("field as a subject", "the signatory's name")),
    "signatory_title": (Np_("field as a missing item", "the signatory's title"),
                        Np_("field as a subject", "the signatory's title")),
    "signature_date": (Np_("field as a missing item", "the date of signature"),
                       Np_("field as a subject", "the date of signature")),
    "signed": (Np_("field as a missing item", "the signature"), Np_("field as a subject", "the signature")),
    "party_type": (Np_("field as a missing item", "the party type (e.g. region, municipality or pharmacy)"),
                   Np_("field as a subject", "the party type")),
    "connected_via": (Np_("field as a missing item", "whether you connect via KMD or a medical-system provider"),
                      Np_("field as a subject", "the connection via KMD or a medical-system provider")),
    "org_contact": (Np_("field as a missing item",
                        "an organisational contact person (name, e-mail and phone number)"),
                    Np_("field as a subject", "the organisational contact person")),
    "technical_contacts": (Np_("field as a missing item",
                               "at least one technical contact person (name, e-mail and phone number)"),
                           Np_("field as a subject", "the technical contact persons")),
    "ip_scopes": (Np_("field as a missing item", "the SDN IP scope (networks in CIDR form, e.g. 10.20.0.0/24)"),
                  Np_("field as a subject", "the SDN IP scope")),
    "installation_address": (Np_("field as a missing item", "the installation address (street, postcode and city)"),
                             Np_("field as a subject", "the installation address")),
    "email": (Np_("field as a missing item", "an e-mail address"), Np_("field as a subject", "the e-mail address")),
    "phone": (Np_("field as a missing item", "a phone number"), Np_("field as a subject", "the phone number")),
    "name": (Np_("field as a missing item", "a name"), Np_("field as a subject", "the name")),
    "street": (Np_("field as a missing item", "the street and number"), Np_("field as a subject", "the street")),
    "postcode": (Np_("field as a missing item", "the postcode"), Np_("field as a subject", "the postcode")),
    "city": (Np_("field as a missing item", "the city"), Np_("field as a subject", "the city")),
}

_OWNERS = {
    "technical_contacts": Np_("whose contact detail", "one of the technical contact persons"),
    "org_contact": Np_("whose contact detail", "the organisational contact person"),
}

# What the clarification mail asks when a field is missing, and what it asks after a problem.
_QUESTIONS_MISSING = {
    "technical_contacts": Np_("question", "Who are your technical contact persons? Please give the name, e-mail "
                                          "and phone number of each."),
    "ip_scopes": Np_("question", "Which IP scope should your SDN connection use? Please give the network in CIDR "
                                 "form, e.g. 10.20.0.0/24."),
    "installation_address": Np_("question", "What is the installation address (street, postcode and city) where "
                                            "the SDN equipment will be installed?"),
    "org_contact": Np_("question", "Who is your organisational contact person? Please give name, e-mail and phone "
                                   "number."),
    "cvr": Np_("question", "What is your organisation's CVR number (8 digits)?"),
    "organisation": Np_("question", "What is the full name of your organisation?"),
    "party_type": Np_("question", "What type of party are you (e.g. region, municipality, hospital, practice, "
                                  "pharmacy or laboratory)?"),
}
_FOLLOW_UPS = {
    "invalid_ip_scope": Np_("question", "Which network should be used? Please give it in CIDR form."),
    "ip_scope_overlap": Np_("question", "Could you give another IP scope that does not overlap?"),
    "invalid_email": Np_("question", "What is the correct e-mail address?"),
    "invalid_phone": Np_("question", "What is the correct phone number?"),
    "invalid_cvr": Np_("question", "What is your organisation's correct CVR number?"),
    "mismatch": Np_("question", "Which of the details is correct?"),
}


def _w(lang: str) -> i18n.Words:
    return i18n.words(lang)


def _not_stated(lang: str) -> str:
    return _w(lang).pgettext("value", "not stated")


# --------------------------------------------------------------------------- filters

def _local(value: datetime) -> datetime:
    """Aware datetimes are shown in the configured `[general] timezone` (every reader is there)."""
    from .clock import zone

    if value.tzinfo is None:
        return value
    return value.astimezone(zone())


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

    Babel formats it in the catalog's locale (the mail's language, never the server's), after the
    pattern the catalog gives.
    """
    w = _w(lang)
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return w.pgettext("date", "not yet set") if value in (None, "") else str(value)
    if isinstance(parsed, datetime):
        parsed = _local(parsed)
        if not time:
            parsed = parsed.date()
    if isinstance(parsed, datetime):
        return w.format_datetime(parsed, w.pgettext("date pattern", "d MMMM y 'at' HH:mm"))
    return w.format_date(parsed, w.pgettext("date pattern", "d MMMM y"))


def shortdate(value: Any, time: bool = True, lang: str = DEFAULT_LANGUAGE) -> str:
    """Compact date for tables and lists: ``14.01.2027 09.00`` / ``2027-01-14 09:00``."""
    w = _w(lang)
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return "" if value in (None, "") else str(value)
    if isinstance(parsed, datetime) and not time:
        parsed = _local(parsed).date()
    if isinstance(parsed, datetime):
        return w.format_datetime(_local(parsed), w.pgettext("short date pattern", "yyyy-MM-dd HH:mm"))
    return w.format_date(parsed, w.pgettext("short date pattern", "yyyy-MM-dd"))


def doc_name(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The document's own title, as the party knows it from the templates we sent."""
    source = _DOC_NAMES.get(str(kind))
    return _w(lang).pgettext("document title", source) if source else str(kind)


def doc_definite(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The document as it reads inside a sentence: ``databehandleraftalen`` / ``the Data Processor Agreement``."""
    source = _DOC_IN_SENTENCE.get(str(kind))
    return _w(lang).pgettext("document in a sentence", source) if source else doc_name(kind, lang)


def _doc_in_sentence(kind: Any, lang: str) -> str | None:
    source = _DOC_IN_SENTENCE.get(str(kind)) if kind else None
    return _w(lang).pgettext("document in a sentence", source) if source else None


def cap(text: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` would lower-case the rest)."""
    return _cap(str(text))


def party_type_name(party_type: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    if party_type in (None, ""):
        return _not_stated(lang)
    source = _PARTY_TYPES.get(str(party_type))
    return _w(lang).pgettext("party type", source) if source else str(party_type)


def state_name(state: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    source = STATE_NAMES.get(str(state))
    return _w(lang).pgettext("state", source) if source else str(state)


def notice_label(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """A staff notice's subject: its kind's label from the catalog (an unknown stored kind as it is)."""
    known = NoticeKind(kind) if kind in NoticeKind._value2member_map_ else None
    return _w(lang).pgettext("notice kind", known.label) if known else str(kind)


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
    w = _w(lang)

    def said(pair: tuple[str, str] | None) -> tuple[str, str] | None:
        if pair is None:
            return None
        return (w.pgettext("field as a missing item", pair[0]), w.pgettext("field as a subject", pair[1]))

    name = str(field)
    if name in _FIELDS:
        return said(_FIELDS[name])
    parts = [p for p in re.split(r"[.\[\]\d]+", name) if p]
    if not parts:
        return None
    base = said(_FIELDS.get(parts[0]))
    leaf = said(_FIELDS.get(parts[-1])) if len(parts) > 1 else None
    if base and leaf:
        # e.g. "e-mailadresse for de tekniske kontaktpersoner"
        of = w.pgettext("detail of whom", "{detail} of {whom}")
        return (of.format(detail=leaf[0], whom=base[1]), of.format(detail=leaf[1], whom=base[1]))
    return base or leaf


def _ip_scope_text(problem: Mapping[str, Any], detail: str | None, lang: str) -> str:
    """Why a written network is not accepted, as precisely as the reader could tell."""
    _ = _w(lang).gettext
    net = problem.get("network")
    reason = problem.get("reason")
    if not detail:
        return _("One of the IP scopes given is not a valid network in CIDR form (e.g. 10.20.0.0/24)")
    q = _quoted(detail, lang)
    texts = {
        "host_bits": _("The IP scope {scope} has host bits set; the network is {net}. Please confirm that {net} "
                       "is what you mean"),
        "too_broad": _("The IP scope {scope} is far too broad for one party's SDN scope; please give the actual "
                       "networks"),
        "public": _("The IP scope {scope} is a public address range, not an internal network"),
        "no_prefix": _("The IP scope {scope} has no prefix length (e.g. {written}/24)"),
        "reserved": _("{scope} is not a usable network (loopback, multicast or link-local)"),
        "range": _("The address range {scope} is not one network; please give it in CIDR form"),
    }
    text = texts.get(str(reason)) or _("The IP scope {scope} is not a valid network in CIDR form (e.g. 10.20.0.0/24)")
    return text.format(scope=q, net=net, written=detail)


def _owner(field: Any, lang: str) -> str | None:
    """Whose e-mail or phone it is (``en af de tekniske kontaktpersoner``), or None."""
    parts = [p for p in re.split(r"[.\[\]\d]+", str(field or "")) if p]
    if not parts or parts[0] not in _OWNERS:
        return None
    return _w(lang).pgettext("whose contact detail", _OWNERS[parts[0]])


def _where(problem: Mapping[str, Any], lang: str) -> str:
    """The document (and file) a problem is in, as it reads mid-sentence."""
    _ = _w(lang).gettext
    kind = problem.get("document_kind")
    filename = problem.get("filename")
    doc = _doc_in_sentence(kind, lang)
    if doc and filename:
        return f"{doc} ({filename})"
    if doc:
        return doc
    if filename:
        return _("the file {filename}").format(filename=filename)
    return _("the document")


def _quoted(value: Any, lang: str) -> str:
    return _w(lang).pgettext("quoted value", '"{value}"').format(value=value)


def problem_text(problem: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """One plain sentence naming exactly what is wrong, so the party can fix it without calling us.

    ``detail`` of an IP-scope overlap names only a network, never the other party.
    """
    _ = _w(lang).gettext
    code = problem.get("code")
    detail = problem.get("detail")
    where = _where(problem, lang)
    words = _field_words(problem.get("field"), lang)

    def say(text: str, **values: Any) -> str:
        return _sentence(text.format(where=where, **values))

    if code == "not_signed" and problem.get("how_to_sign"):  # a Word or LibreOffice file (parsers/office)
        return say(_("{where} is not signed: a Word or LibreOffice file cannot carry a signature. Please save it as a "
                     "PDF and sign the PDF digitally (for example with MitID Erhverv), or print it, sign it by hand "
                     "and send us the scanned pages"))
    if code == "not_signed":
        return say(_("{where} is not signed"))
    if code == "changed_after_signing":
        return say(_("{where} was changed after it was digitally signed, so the signature does not cover its "
                     "present text; please send the file as it was signed, or sign it again"))
    if code == "signature_invalid":
        return say(_("The digital signature in {where} is not valid (the file or the signature is damaged); "
                     "please send the file again as it came from the signing service"))
    if code == "signer_mismatch":
        return say(_("{where} is digitally signed by someone other than your organisation; it must be signed by "
                     "a person signing for your organisation"))
    if code == "missing_field" and words:
        if problem.get("document_kind") or problem.get("filename"):
            return say(_("{where} is missing {what}"), what=words[0])
        return say(_("{what} is missing"), what=words[0])
    if code == "invalid_cvr":
        if detail:
            return say(_("The CVR number {number} in {where} is not valid (a CVR number has 8 digits and a check "
                         "digit that must match)"), number=detail)
        return say(_("The CVR number in {where} is not valid (a CVR number has 8 digits and a check digit that "
                     "must match)"))
    if code == "mismatch":
        subject = words[1] if words else _("the details")
        extra = f" ({detail})" if detail else ""
        return say(_("{subject} differs between the documents we received{extra}"), subject=subject, extra=extra)
    if code == "wrong_template":
        return say(_("{where} is not on MedCom's SDN template; please use the template we sent"))
    if code == "unreadable":
        return say(_("We cannot read the text of {where} because the file appears to be a scan without a text "
                     "layer; please send the filled-in PDF file instead of a scan"))
    if code == "encrypted":
        return say(_("{where} is encrypted or password-protected, so we cannot open it; please send it without "
                     "protection"))
    if code == "invalid_ip_scope":
        return _sentence(_ip_scope_text(problem, detail, lang))
    if code == "ip_scope_overlap" and problem.get("networks"):
        a, b = (_quoted(n, lang) for n in list(problem["networks"])[:2])
        return say(_("The networks {a} and {b} in the form overlap each other"), a=a, b=b)
    if code == "ip_scope_overlap":
        extra = f" ({detail})" if detail else ""
        return say(_("The IP scope given overlaps a network already in use on the SDN{extra}, so it cannot be "
                     "used"), extra=extra)
    owner = _owner(problem.get("field"), lang)
    if code in ("invalid_email", "invalid_phone"):
        value = _quoted(detail, lang) if detail else None
        texts = {  # (value, owner) known?
            ("invalid_email", True, True): _("The e-mail address {value} of {owner} is not a valid e-mail address"),
            ("invalid_email", True, False): _("The e-mail address {value} is not a valid e-mail address"),
            ("invalid_email", False, True): _("The e-mail address of {owner} is not a valid e-mail address"),
            ("invalid_email", False, False): _("The e-mail address is not a valid e-mail address"),
            ("invalid_phone", True, True): _("The phone number {value} of {owner} is not a valid phone number "
                                             "(please include the country code, e.g. +45 12 34 56 78)"),
            ("invalid_phone", True, False): _("The phone number {value} is not a valid phone number (please "
                                              "include the country code, e.g. +45 12 34 56 78)"),
            ("invalid_phone", False, True): _("The phone number of {owner} is not a valid phone number (please "
                                              "include the country code, e.g. +45 12 34 56 78)"),
            ("invalid_phone", False, False): _("The phone number is not a valid phone number (please include the "
                                               "country code, e.g. +45 12 34 56 78)"),
        }
        return say(texts[(str(code), value is not None, owner is not None)], value=value, owner=owner)
    if code == "too_large":
        return say(_("{where} is too large for us to process; please send a smaller file"))
    if code == "missing_document":
        kind = problem.get("document_kind")
        doc = _doc_in_sentence(kind, lang)
        if kind == "information_form":
            return say(_("We have not yet received the filled-in information form"))
        if doc:
            return say(_("We have not yet received {document}, signed"), document=doc)
    if code == "timeout":
        return say(_("Processing {where} took too long and was stopped; please send the file again as an "
                     "ordinary PDF file"))
    if code == "parse_error":
        return say(_("We could not read {where}; please send the file again as an ordinary PDF file"))

    message = problem.get("message")
    if message:
        return _sentence(str(message))
    return say(_("There is a problem with {where}"))


def problem_question(problem: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """A precise question for the clarification mail: what is wrong, then what we need to know."""
    w = _w(lang)
    code = problem.get("code")
    if code == "missing_field":
        words = _field_words(problem.get("field"), lang)
        field = str(problem.get("field") or "")
        question = _QUESTIONS_MISSING.get(field)
        if question:
            return w.pgettext("question", question)
        if words:
            return _sentence(w.gettext("Could you give us {what}?").format(what=words[0]))
    follow_up = _FOLLOW_UPS.get(str(code))
    text = problem_text(problem, lang)
    return f"{text} {w.pgettext('question', follow_up)}" if follow_up else text


def party_types_plural(types: Iterable[Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """``Regioner, kommuner og apoteker``: a list of party types (the configured pre-approved ones) in a sentence."""
    w = _w(lang)
    names = [w.pgettext("party types in a sentence", _PARTY_TYPES_PLURAL[str(t)]) if str(t) in _PARTY_TYPES_PLURAL
             else str(t) for t in types]
    return _cap(join_and(names, lang))


def join_and(items: Iterable[Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """``A, B og C`` / ``A, B and C``: lists inside a sentence read naturally (Babel's list patterns)."""
    values = [str(item) for item in items if item not in (None, "")]
    if not values:
        return ""
    return _w(lang).format_list(values)


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
        return _not_stated(lang)
    street = address.get("street") or ""
    town = " ".join(str(x) for x in (address.get("postcode"), address.get("city")) if x)
    return ", ".join(x for x in (street, town) if x) or _not_stated(lang)


def format_contact(contact: Mapping[str, Any] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if not contact:
        return _not_stated(lang)
    parts = [str(contact[k]) for k in ("name", "email", "phone") if contact.get(k)]
    return ", ".join(parts) or _not_stated(lang)


# --------------------------------------------------------------------------- environment and rendering

def _bind(func: Callable[..., str], lang: str) -> Callable[..., str]:
    def bound(value: Any, *args: Any, **kwargs: Any) -> str:
        return func(value, *args, lang=lang, **kwargs)

    bound.__name__ = func.__name__
    bound.__doc__ = func.__doc__
    return bound


def set_template_dirs(dirs: Iterable[Path]) -> None:
    """Where the language folders are looked for, first match wins (a test adds a throwaway language)."""
    _template_dirs[:] = [Path(d) for d in dirs]
    _environment.cache_clear()


def languages() -> tuple[str, ...]:
    """Languages with a template folder (at least the default language's steps), the default first.

    A language is a template folder here and a catalog in ``mailbot/locale``; one with a folder but no
    catalog gets the default language's words for the filters, and the log says so (``mailbot.i18n``).
    """
    found = {p.name for folder in _template_dirs if folder.is_dir() for p in folder.iterdir()
             if p.is_dir() and any(p.glob("*.txt.j2"))}
    return tuple(sorted(found, key=lambda x: (x != DEFAULT_LANGUAGE, x)))


@lru_cache(maxsize=16)
def _environment(lang: str) -> jinja2.Environment:
    """One environment per language, so every filter speaks the language of the template it serves."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in _template_dirs]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False,
                                            default=False),
    )
    filters = (longdate, shortdate, doc_name, doc_definite, cap, party_type_name, party_types_plural, state_name,
               notice_label,
               problem_text,
               problem_question, join_and, format_address, format_contact)
    for func in filters:
        env.filters[func.__name__] = _bind(func, lang)
    env.globals.update(
        lang=lang,
        missing_documents=missing_documents,
        document_problems=document_problems,
        ordered_states=ordered_states,
        digest_view=digest_view,
        pre_approved_types=list(PRE_APPROVED_TYPES),
        STATES=STATES,
    )
    return env


def _language(language: str | None) -> str:
    """``da``, ``da-DK``, ``EN_gb`` … are understood (Babel's negotiate_locale over the template
    folders); anything else is the default language, MedCom's own."""
    return i18n.negotiate(language, languages())


def available_steps() -> list[str]:
    """Steps with a text template in the default language, in process order (unknown ones last)."""
    found = {p.name[: -len(".txt.j2")] for folder in _template_dirs
             for p in (folder / DEFAULT_LANGUAGE).glob("*.txt.j2") if not p.name.startswith("_")}
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
