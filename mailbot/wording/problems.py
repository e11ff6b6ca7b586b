"""What a problem is called, in each language: one plain sentence naming exactly what is wrong (so the
party can fix it without calling us), and the question the clarification mail asks about it."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.i18n import DEFAULT_LANGUAGE, Np_
from .names import doc_in_sentence, sentence, words

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


def _field_words(field: Any, lang: str) -> tuple[str, str] | None:
    """Words for a field name such as ``cvr`` or ``technical_contacts[0].email``."""
    if not field:
        return None
    w = words(lang)

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
    _ = words(lang).gettext
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
    return words(lang).pgettext("whose contact detail", _OWNERS[parts[0]])


def _where(problem: Mapping[str, Any], lang: str) -> str:
    """The document (and file) a problem is in, as it reads mid-sentence."""
    _ = words(lang).gettext
    kind = problem.get("document_kind")
    filename = problem.get("filename")
    doc = doc_in_sentence(kind, lang)
    if doc and filename:
        return f"{doc} ({filename})"
    if doc:
        return doc
    if filename:
        return _("the file {filename}").format(filename=filename)
    return _("the document")


def _quoted(value: Any, lang: str) -> str:
    return words(lang).pgettext("quoted value", '"{value}"').format(value=value)


def problem_text(problem: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """One plain sentence naming exactly what is wrong, so the party can fix it without calling us.

    ``detail`` of an IP-scope overlap names only a network, never the other party.
    """
    _ = words(lang).gettext
    code = problem.get("code")
    detail = problem.get("detail")
    where = _where(problem, lang)
    said = _field_words(problem.get("field"), lang)

    def say(text: str, **values: Any) -> str:
        return sentence(text.format(where=where, **values))

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
    if code == "missing_field" and said:
        if problem.get("document_kind") or problem.get("filename"):
            return say(_("{where} is missing {what}"), what=said[0])
        return say(_("{what} is missing"), what=said[0])
    if code == "invalid_cvr":
        if detail:
            return say(_("The CVR number {number} in {where} is not valid (a CVR number has 8 digits and a check "
                         "digit that must match)"), number=detail)
        return say(_("The CVR number in {where} is not valid (a CVR number has 8 digits and a check digit that "
                     "must match)"))
    if code == "mismatch":
        subject = said[1] if said else _("the details")
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
        return sentence(_ip_scope_text(problem, detail, lang))
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
        doc = doc_in_sentence(kind, lang)
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
        return sentence(str(message))
    return say(_("There is a problem with {where}"))


def problem_question(problem: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """A precise question for the clarification mail: what is wrong, then what we need to know."""
    w = words(lang)
    code = problem.get("code")
    if code == "missing_field":
        said = _field_words(problem.get("field"), lang)
        field = str(problem.get("field") or "")
        question = _QUESTIONS_MISSING.get(field)
        if question:
            return w.pgettext("question", question)
        if said:
            return sentence(w.gettext("Could you give us {what}?").format(what=said[0]))
    follow_up = _FOLLOW_UPS.get(str(code))
    text = problem_text(problem, lang)
    return f"{text} {w.pgettext('question', follow_up)}" if follow_up else text


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

