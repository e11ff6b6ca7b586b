"""What things are called in a mail's language: document kinds, party types, states, lists, addresses.

The source strings are English and marked where they are defined (`Np_`); each language's words are its
gettext catalog (`mailbot/locale`, read by `mailbot/core/i18n.py`). Every function takes the language last
(`lang=`), so the renderer binds one per template language and every template names things the same way.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..core import i18n
from ..core.i18n import DEFAULT_LANGUAGE, Np_
from ..core.states import STATE_NAMES
from ..core.vocabulary import NoticeKind

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


def words(lang: str) -> i18n.Words:
    return i18n.words(lang)


def not_stated(lang: str) -> str:
    return words(lang).pgettext("value", "not stated")


def doc_name(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The document's own title, as the party knows it from the templates we sent."""
    source = _DOC_NAMES.get(str(kind))
    return words(lang).pgettext("document title", source) if source else str(kind)


def doc_definite(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """The document as it reads inside a sentence: ``databehandleraftalen`` / ``the Data Processor Agreement``."""
    source = _DOC_IN_SENTENCE.get(str(kind))
    return words(lang).pgettext("document in a sentence", source) if source else doc_name(kind, lang)


def doc_in_sentence(kind: Any, lang: str) -> str | None:
    source = _DOC_IN_SENTENCE.get(str(kind)) if kind else None
    return words(lang).pgettext("document in a sentence", source) if source else None


def cap(text: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` would lower-case the rest)."""
    return capitalised(str(text))


def party_type_name(party_type: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    if party_type in (None, ""):
        return not_stated(lang)
    source = _PARTY_TYPES.get(str(party_type))
    return words(lang).pgettext("party type", source) if source else str(party_type)


def notice_label(kind: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """A staff notice's subject: its kind's label from the catalog (an unknown stored kind as it is)."""
    known = NoticeKind(kind) if kind in NoticeKind._value2member_map_ else None
    return words(lang).pgettext("notice kind", known.label) if known else str(kind)


def state_name(state: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    source = STATE_NAMES.get(str(state))
    return words(lang).pgettext("state", source) if source else str(state)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    text = " ".join(text.split())
    if text and text[-1] not in ".!?":
        text += "."
    return capitalised(text)


def party_types_plural(types: Iterable[Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """``Regioner, kommuner og apoteker``: a list of party types (the configured pre-approved ones) in a sentence."""
    w = words(lang)
    names = [w.pgettext("party types in a sentence", _PARTY_TYPES_PLURAL[str(t)]) if str(t) in _PARTY_TYPES_PLURAL
             else str(t) for t in types]
    return capitalised(join_and(names, lang))


def join_and(items: Iterable[Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """``A, B og C`` / ``A, B and C``: lists inside a sentence read naturally (Babel's list patterns)."""
    values = [str(item) for item in items if item not in (None, "")]
    if not values:
        return ""
    return words(lang).format_list(values)


def format_address(address: Mapping[str, Any] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if not address:
        return not_stated(lang)
    street = address.get("street") or ""
    town = " ".join(str(x) for x in (address.get("postcode"), address.get("city")) if x)
    return ", ".join(x for x in (street, town) if x) or not_stated(lang)


def format_contact(contact: Mapping[str, Any] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if not contact:
        return not_stated(lang)
    parts = [str(contact[k]) for k in ("name", "email", "phone") if contact.get(k)]
    return ", ".join(parts) or not_stated(lang)

