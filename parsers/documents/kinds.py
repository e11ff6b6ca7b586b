"""Which document is this? Decided by its title first, then by what its body talks about.

The agreements mention each other (a connection agreement refers to the information form, a data
processor agreement to sub-processors), so the title near the top of the first page wins and body
phrases only decide when no title is recognised.
"""
from __future__ import annotations

import re

from .page import PdfContent

TITLES: list[tuple[str, re.Pattern[str]]] = [
    ("sub_data_processor_agreement", re.compile(
        r"under-?\s?databehandler(?:aftale|\s*aftale)|sub-?\s?(?:data\s*)?processor(?:\s*agreement|\s*"
        r"agreement)|sub-?\s?processing\s+agreement|underdatabehandleraftale", re.I)),
    ("data_processor_agreement", re.compile(
        r"(?<![\w-])databehandler\s*aftale|(?<![\w-])data\s*process(?:or|ing)\s+agreement|\bDPA\b", re.I)),
    ("connection_agreement", re.compile(
        r"tilslutningsaftale|tilslutnings-\s*aftale|aftale\s+om\s+tilslutning|connection\s+agreement"
        r"|agreement\s+(?:on|for|of)\s+(?:the\s+)?connection|tilslutning\s+til\s+sundhedsdatanettet\s*-?\s*aftale",
        re.I)),
    ("information_form", re.compile(
        r"informationsskema|oplysningsskema|information\s+(?:form|sheet)|tilslutningsskema|registration\s+form"
        r"|bestillingsskema", re.I)),
]

BODY: dict[str, list[str]] = {
    "information_form": [r"ip-?\s?scope|ip-?adresse(?:r|område)|\bcidr\b", r"tekniske?\s+kontakt|technical\s+contact",
                         r"installationsadresse|installation\s+address", r"partstype|type\s+of\s+party",
                         r"tilsluttes\s+via|connected\s+via"],
    "sub_data_processor_agreement": [r"underdatabehandleren|sub-?\s?processor", r"databehandleren|data\s+processor"],
    "data_processor_agreement": [r"dataansvarlige?|data\s+controller", r"databehandleren|data\s+processor",
                                 r"personoplysninger|personal\s+data", r"instruks|instructions?"],
    "connection_agreement": [r"tilslut|connect", r"sundhedsdatanet|health\s+data\s+network|\bSDN\b",
                             r"parten|the\s+party", r"aftale|agreement"],
}


def classify(content: PdfContent) -> str:
    """One of the four document kinds, or "unknown"."""
    if not content.lines:
        return "unknown"
    first = content.pages_read[0] if content.pages_read else 1
    head = [ln.text for ln in content.lines if ln.page == first][:10]
    for text in head:
        for kind, pat in TITLES:
            if pat.search(text) and len(text) < 140:
                return kind
    body = content.text
    scores = {k: sum(1 for p in pats if re.search(p, body, re.I)) for k, pats in BODY.items()}
    if scores["information_form"] >= 3:
        return "information_form"
    early_sub = re.search(r"underdatabehandleren|sub-?\s?processor\b", body[:3000], re.I)
    if scores["sub_data_processor_agreement"] == 2 and early_sub:
        return "sub_data_processor_agreement"
    if scores["data_processor_agreement"] >= 3:
        return "data_processor_agreement"
    if scores["connection_agreement"] >= 4:
        return "connection_agreement"
    # a title further down (a cover letter first)
    for kind, pat in TITLES:
        if re.search(pat.pattern, body[:4000], re.I) and kind != "information_form":
            return kind
    return "unknown"


def is_sdn_template(content: PdfContent) -> bool:
    """The SDN templates name the network; a party's own DPA template does not."""
    return bool(re.search(r"\bSDN\b|sundhedsdatanet|health\s+data\s+network", content.text, re.I))
