"""Which document is this, and where does one end and the next begin? Decided from evidence.

The agreements mention each other (a connection agreement refers to the information form, a data
processor agreement to sub-processors), so a title near the top of the first page (a wording of
vocabulary.toml's [titles]) wins. Without one, the fields found decide (networks, technical contacts
and an installation site make an information form whatever its title), then the body's vocabulary.
"""
from __future__ import annotations

import dataclasses
import re

from mailbot.core.vocabulary import DocumentKind

from ..values import IP_TOKEN
from . import prose, vocabulary
from .form import heading_role  # the form reader's own reading of a part's heading
from .page_types import Line, PdfContent

TITLES: list[tuple[DocumentKind, re.Pattern[str]]] = [
    (DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT, re.compile(
        r"under-?\s?databehandler(?:aftale|\s*aftale)|sub-?\s?(?:data\s*)?processor(?:\s*agreement|\s*"
        r"agreement)|sub-?\s?processing\s+agreement|underdatabehandleraftale", re.I)),
    (DocumentKind.DATA_PROCESSOR_AGREEMENT, re.compile(
        r"(?<![\w-])databehandler\s*aftale|(?<![\w-])data\s*process(?:or|ing)\s+agreement|\bDPA\b"
        # terms a party sets for whoever processes its personal data ("Leverandørvilkår for behandling af
        # personoplysninger", "Data processing terms"): a data processor agreement, if not MedCom's
        r"|(?<![\w-])data\s*processing\s+terms|(?:vilkår|terms)\s+(?:for|on|of)\s+(?:the\s+)?(?:behandling\s+af\s+"
        r"personoplysninger|processing\s+(?:of\s+)?personal\s+data)"
        # an addendum on data protection to a contract ("Tillæg om databeskyttelse til leverandørkontrakt", "Data
        # protection addendum", "Data Processing Addendum"): the party's own data processor agreement
        r"|(?<![\w-])data\s*(?:protection|processing)\s+addendum|(?<![\w-])databeskyttelsestillæg"
        r"|(?<![\w-])tillæg\s+om\s+(?:databeskyttelse|behandling\s+af\s+personoplysninger)", re.I)),
    (DocumentKind.CONNECTION_AGREEMENT, re.compile(
        r"tilslutningsaftale|tilslutnings-\s*aftale|aftale\s+om\s+tilslutning|connection\s+agreement"
        r"|agreement\s+(?:on|for|of)\s+(?:the\s+)?(?:connection|joining|connecting)"
        r"|tilslutning\s+til\s+sundhedsdatanettet\s*-?\s*aftale",
        re.I)),
    (DocumentKind.INFORMATION_FORM, re.compile(
        r"informationsskema|oplysningsskema|information\s+(?:form|sheet)|tilslutningsskema|registration\s+form"
        r"|bestillingsskema", re.I)),
]

BODY: dict[DocumentKind, list[str]] = {
    DocumentKind.INFORMATION_FORM: [
        r"ip-?\s?scope|ip-?adresse(?:r|område)|\bcidr\b", r"tekniske?\s+kontakt|technical\s+contact",
        r"installationsadresse|installation\s+address", r"partstype|type\s+of\s+party",
        r"tilsluttes\s+via|connected\s+via"],
    DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT: [
        r"underdatabehandleren|sub-?\s?processor", r"databehandleren|data\s+processor"],
    DocumentKind.DATA_PROCESSOR_AGREEMENT: [
        r"dataansvarlige?|data\s+controller", r"databehandleren|data\s+processor",
        r"personoplysninger|personal\s+data", r"instruks|instructions?"],
    DocumentKind.CONNECTION_AGREEMENT: [
        r"tilslut|connect", r"sundhedsdatanet|health\s+data\s+network|\bSDN\b",
        r"parten|the\s+party", r"aftale|agreement"],
}


def title_of(text: str, strict: bool = False) -> DocumentKind | None:
    """The kind whose title a heading line carries ("Tilslutningsaftale – SDN", "Informationsskema").

    strict: the title stands at the start of the line or is most of it, as a heading does; a sentence
    that mentions an agreement ("udfyldes efter tilslutningsaftalen") is not a title.
    """
    if len(text) >= 140:
        return None
    if strict:
        m = vocabulary.match_start(text, "titles", fuzzy=False)
        if m is not None:
            return DocumentKind(m.concept)
        words = vocabulary.norm(text).split()
        found = vocabulary.which(text, "titles")
        if not found or len(words) > 8:
            return None
        for kind, pat in TITLES:
            if pat.match(text.strip()):
                return kind
        return DocumentKind(found[0][0]) if len(words) <= 5 else None
    for kind, pat in TITLES:
        if pat.search(text):
            return kind
    if _labelled_value(text):
        return None  # "Foreign registration no.: 954556478" is a field of the document, not its title
    found = vocabulary.which(text, "titles")
    if found and len(text) < 90:
        return DocumentKind(found[0][0])
    return None


def _labelled_value(text: str) -> bool:
    """A line that is a label and its value: a few words, a colon, then something."""
    head, colon, rest = text.partition(":")
    return bool(colon) and bool(rest.strip()) and 0 < len(head.split()) <= 5 and not re.search(r"\d", head)


def _sentence(text: str) -> bool:
    """A line of running text, no heading: a cover letter's "Hermed fremsendes vores udfyldte informationsskema
    og ...", an invitation's "... Tilmelding til Jens Hansen" name the form without being it."""
    return len(text.split()) >= 6 and (len(re.findall(r"(?<![\w@.])[a-zæøå]{2,}(?![\w@.])", text)) >= 3
                                        or "@" in text or bool(re.search(r"\w\.\s+[A-ZÆØÅ]\w*\s+\w", text)))


def justified(ln: Line) -> bool:
    """A line of running text set justified, its word spaces widened alike until each word stands apart as a cell
    of its own ("Danish | Health | Data | Network", TCPDF's justified lines): three or more single words with gaps
    wider than a word space and all the same. Its words are no cells (a word of it, "Network", heads no part)."""
    segs = ln.segments
    if len(segs) < 3 or any(len(sg.words) > 1 for sg in segs[1:]):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(segs, segs[1:], strict=False)]
    return min(gaps) > 0 and max(gaps) - min(gaps) <= 1.5


# a clause about the connection itself ("3) Technical connection", "Teknisk tilslutning"), not the technicians
_CONNECTION_CLAUSE = re.compile(r"\b(?:connection|tilslutning|opkobling|forbindelse)\b", re.I)


def _no_part(text: str, concept: str) -> bool:
    """A cell that starts like a part's heading but is none: an agreement's clause naming the technical
    connection (a "technical" part is the technicians'), or a sentence's last word alone on its line
    ("installation.", a paragraph wrapped; held-out seed 8852, TCPDF's completion record and agreement)."""
    if concept == "tech" and _CONNECTION_CLAUSE.search(text) \
            and not re.search(r"kontakt|contact|ansvarlig|responsible|person|tekniker|technician", text, re.I):
        return True
    return len(text.split()) == 1 and text.rstrip().endswith(".")


def _form_evidence(content: PdfContent) -> int:
    """How many of the information form's own questions the document answers or asks. A section's heading
    starts a cell of its line: the first, or another where the form is laid out in columns side by side."""
    seen: set[str] = set()
    for ln in content.lines:
        for seg in ln.segments[:1] if justified(ln) else ln.segments:
            m = vocabulary.match_start(seg.text, "sections", ["party_type", "via", "tech", "ip", "address"],
                                       fuzzy=False)
            if m is not None and len(seg.text) < 60 and not _no_part(seg.text, m.concept):
                seen.add(m.concept)
        # a numbered, asked or bold heading naming a part in other words ("3. IT operations contacts",
        # "4. Place of installation", "What kind of organisation are you?"); not the connection, which
        # an agreement's clauses name too ("§ 3. Technical connection")
        role = heading_role(ln, emphasised=bool(ln.segments) and ln.segments[0].bold)
        if role in ("party_type", "tech", "ip", "address"):
            seen.add(str(role))
        if "ipnet" not in seen and IP_TOKEN.search(ln.text) and re.search(r"\d+\.\d+\.\d+\.\d+", ln.text):
            seen.add("ipnet")
    return len(seen)


def classify(content: PdfContent) -> DocumentKind:
    """One of the four document kinds, or "unknown"."""
    if not content.lines:
        return DocumentKind.UNKNOWN
    first = content.pages_read[0] if content.pages_read else 1
    head = [ln.text for ln in content.lines if ln.page == first][:10]
    for text in head:
        kind = title_of(text, strict=True)
        if kind is not None:
            return kind
    evidence = _form_evidence(content)
    if evidence >= 3:
        return DocumentKind.INFORMATION_FORM
    # the form written as a letter: its sentences answer the form's questions with values (a cover letter
    # that announces the form, or an agreement's clauses that name the subjects, answer none of them)
    if prose.form_subjects(content.lines) >= 3:
        return DocumentKind.INFORMATION_FORM
    for text in head:
        kind = title_of(text)
        if kind is not None and not (kind == DocumentKind.INFORMATION_FORM and _sentence(text)):
            return kind
    body = content.text
    scores = {k: sum(1 for p in pats if re.search(p, body, re.I)) for k, pats in BODY.items()}
    if scores[DocumentKind.INFORMATION_FORM] >= 3 or (evidence >= 2 and scores[DocumentKind.INFORMATION_FORM] >= 2):
        return DocumentKind.INFORMATION_FORM
    early_sub = re.search(r"underdatabehandleren|sub-?\s?processor\b", body[:3000], re.I)
    if scores[DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT] == 2 and early_sub:
        return DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT
    if scores[DocumentKind.DATA_PROCESSOR_AGREEMENT] >= 3:
        return DocumentKind.DATA_PROCESSOR_AGREEMENT
    if scores[DocumentKind.CONNECTION_AGREEMENT] >= 4:
        return DocumentKind.CONNECTION_AGREEMENT
    # a title further down (a cover letter first)
    for kind, pat in TITLES:
        if re.search(pat.pattern, body[:4000], re.I) and kind != DocumentKind.INFORMATION_FORM:
            return kind
    return DocumentKind.UNKNOWN


def is_sdn_template(content: PdfContent) -> bool:
    """The SDN templates name the network; a party's own DPA template does not. A mail address is no name of
    the network ("sdn@medcom.example" in a footer, "it@sdn-klinik.example")."""
    return bool(re.search(r"(?<![@.\w-])SDN\b(?![@.-]\w)|sundhedsdatanet|health\s+data\s+network", content.text, re.I))


def split(content: PdfContent) -> list[PdfContent]:
    """The documents of one PDF, by page ranges: a page whose first lines carry another kind's title
    starts the next document (a running header of the same kind does not)."""
    if len(content.pages_read) < 2:
        return [content]
    starts = [content.pages_read[0]]
    current: str | None = None
    for page in content.pages_read:
        kind = next((k for k in (title_of(ln.text) for ln in content.page_lines(page)[:3]) if k), None)
        if kind is not None and current is not None and kind != current:
            starts.append(page)
        current = kind or current
    if len(starts) < 2:
        return [content]
    parts: list[PdfContent] = []
    for n, page in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else 10**9
        pages = [p for p in content.pages_read if page <= p < end]
        keep = set(pages)
        parts.append(dataclasses.replace(
            content, pages_read=pages, lines=[ln for ln in content.lines if ln.page in keep],
            sig_fields=[f for f in content.sig_fields if f.page in keep],
            images=[im for im in content.images if im.page in keep],
            ocr_pages=[p for p in content.ocr_pages if p in keep], notes=list(content.notes)))
    return parts
