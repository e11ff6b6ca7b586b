"""What kind of party writes to us, guessed from words any such party uses about itself.

A guess from the inquiry is refined later by the agreements and the information form, which
state the party type outright.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .readings import Document
from .vocabulary import DocumentKind, PartyType

_TYPES: list[tuple[PartyType, re.Pattern[str]]] = [
    (PartyType.PHARMACY, re.compile(r"\bapote[kc]|\bpharmac", re.I)),
    (PartyType.LABORATORY, re.compile(r"\blaborator|\blab\b|\blab[a-zæøå]*\b(?=.*\b(?:aps|a/s)\b)", re.I)),
    (PartyType.PRIVATE_HOSPITAL, re.compile(
        r"\bprivat\s*hospital|\bprivathospital|\bprivate hospital|\bklinik\b", re.I)),
    (PartyType.PUBLIC_HOSPITAL, re.compile(r"\bhospital|\bsygehus|\bhospitalsenhed", re.I)),
    (PartyType.REGION, re.compile(r"\bregion\b", re.I)),
    (PartyType.MUNICIPALITY, re.compile(r"\bkommune\b|\bmunicipality\b", re.I)),
    (PartyType.PRACTITIONER, re.compile(
        r"\blæge(?:praksis|hus(?:et)?|rne|klinik(?:ken)?)?\b|\blægerne\b|\bpraksis\b|\btandlæge|\bfysioterap|"
        r"\bkiropraktor|\bpsykolog|\bgeneral practi|\bGP practice", re.I)),
    (PartyType.IT_SUPPLIER, re.compile(
        r"\b(?:system|software|data|it)[- ]?(?:leverandør|supplier|vendor)|\bsystemhus|"
        r"\b\w*(?:data|systems?|soft|tech|it|journal)\w*\s+(?:aps|a/s)\b", re.I)),
]
_FOREIGN_SUFFIX = re.compile(r"\b(?:AB|GmbH|Ltd|Oy|BV|B\.V\.|AS|ASA|SA|S\.A\.|Inc)\b")
_KMD = re.compile(r"\bKMD\b")
_PROVIDER = re.compile(
    r"(?:(?:læge)?system\s*leverandør|systemleverandør|system provider|medical[- ]system provider)"
    r"[,:]?\s+(?:er\s+|is\s+)?([A-ZÆØÅ][\w&.-]*(?:\s+(?:A/S|ApS|I/S|[A-ZÆØÅ][\w&.-]*))*)"
)
_PROVIDER_BEFORE = re.compile(
    r"\bvia\s+([A-ZÆØÅ][\w&.-]*(?:\s+[A-ZÆØÅ][\w&.-]*)*?\s+(?:A/S|ApS))"
)
# the practice's medical system named in a sentence that says it carries the connection ("Vores lægesystem er fra
# Novax, som står for forbindelsen", "We use XMO as our medical system, and they connect us"): a practice says
# which system it uses in its own words, not only "our system provider is X"
_NAME = r"([A-ZÆØÅ][\w&.-]*(?:\s+(?:A/S|ApS|I/S|[A-ZÆØÅ][\w&.-]*))*)"
_SYSTEM = r"(?i:(?:læge|journal|praksis|klinik|tandlæge|epj[- ]?)system(?:et)?|(?:medical|practice|clinic|journal|" \
          r"patient[- ]record|EPR|EHR)\s+system)"
_SYSTEM_NAMED = [
    re.compile(_SYSTEM + r"\s*(?:[,:]\s*|\s(?i:er|is)\s+)(?i:(?:fra|from|leveret\s+af|supplied\s+by|provided\s+by)\s+)?"
               + _NAME),
    re.compile(r"(?i:\b(?:we\s+use|we\s+are\s+using|uses|vi\s+bruger|vi\s+anvender|bruger|anvender))\s+" + _NAME
               + r"\s+(?i:as\s+our|som\s+(?:vores|vort))\s+" + _SYSTEM),
]
_CONNECTS = re.compile(r"forbind|tilslut|koble|\bconnect|\bvia\b|\bgennem\b|\bthrough\b|\bnetværk|\bnetwork", re.I)


# a Danish organisation names itself in Danish even in an English mail: its legal form or the Danish word for
# what it is ("Mosede Strand Data A/S", "Ålund Kommune", "Hospitalsenheden Vestby")
_DANISH_NAME = re.compile(
    r"(?:\bA/S|\bApS|\bI/S|\bP/S|\bK/S|\bIVS)\b|\bKommune\b|\bRegion\s+[A-ZÆØÅ]|"
    r"\b(?:Sygehus|Hospitalsenhed|Privathospital|Apotek|Laboratorium|Lægehus|Tandlæge|Fysioterapi|Klinik)\w*",
    re.I)


def guess_party_type(text: str, language: str) -> str | None:
    """What the party says it is. An inquiry in English comes from a foreign partner, unless the party names
    itself with a Danish legal form or a Danish word for what it is (Danish organisations write English too;
    guessing them foreign would send them to the steering group and ask for the wrong agreements)."""
    if language == "en":
        if _FOREIGN_SUFFIX.search(text) or not _DANISH_NAME.search(text):
            return PartyType.FOREIGN
    for ptype, pattern in _TYPES:
        if pattern.search(text):
            return ptype
    if _FOREIGN_SUFFIX.search(text):
        return PartyType.FOREIGN
    return None


def guess_umbrella(text: str, party_type: str | None) -> str | None:
    """KMD for municipalities, or the named medical-system provider for practitioners."""
    if party_type == PartyType.MUNICIPALITY and _KMD.search(text):
        if re.search(r"(?:via|gennem|through|igennem)\s+KMD|KMD[- ]?(?:aftale|løsning)", text, re.I):
            return "KMD"
    if party_type == "practitioner":
        m = _PROVIDER.search(text) or _PROVIDER_BEFORE.search(text) or _system_named(text)
        if m:
            return re.sub(r"\s+", " ", m.group(1)).strip(" ,.")
    return None


def _system_named(text: str) -> re.Match[str] | None:
    """The medical system a practice names in a sentence that also says it connects them (a system merely
    used is no umbrella: only one that carries the connection exempts the practice's own agreement)."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if not _CONNECTS.search(sentence):
            continue
        for pattern in _SYSTEM_NAMED:
            m = pattern.search(sentence)
            if m:
                return m
    return None


_ABOUT_SDN = re.compile(
    r"\bSDN\b|sundhedsdata\s*net|health\s*data\s*network|\btilslut|\bconnect(?:ion|ing)?\b|"
    r"tilslutningsaftale|databehandleraftale|informationsskema|data\s*processor\s*agreement|\bMedCom\b",
    re.I,
)


def looks_like_inquiry(subject: str, body: str, documents: Sequence[Document], cvrs: list[str]) -> bool:
    """Whether a mail from an unknown sender is about joining SDN; anything else (spam, a misdirected
    mail, a newsletter without list headers) opens no case and gets no answer, only staff see it."""
    if cvrs or any(d.kind != DocumentKind.UNKNOWN for d in documents):
        return True
    return bool(_ABOUT_SDN.search(f"{subject}\n{body[:5000]}"))
