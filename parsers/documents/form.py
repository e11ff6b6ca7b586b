"""The information form: organisation, party type, umbrella, contacts, IP scope, installation address.

The form is read section by section (found by heading synonyms), so a contact's e-mail is never
taken for the organisation's and the installation address never for the party's postal address.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from mailbot.core.judgements import broken_address, missing
from mailbot.core.judgements.signing import MEDCOM_CVR
from mailbot.core.vocabulary import PartyType

from .. import addresses, postcodes
from ..problems import new_problem
from ..reading import Address, FormFields, Person, Problem
from ..values import (
    EMAIL_TOKEN,
    IP_TOKEN,
    PHONE_TOKEN,
    TOP_LEVEL_DOMAINS,
    after_unknown_label,
    clean,
    cvr_digits,
    cvr_valid,
    email_norm,
    looks_like_name,
    network_norm,
    org_like,
    overlapping,
    phone_like,
    phone_norm,
)
from . import vocabulary
from .answers_under import qa_unmarked, questions_answered
from .balanced_columns import balanced_lists
from .captions_over import caption_row, captions_over_values, role_and_field
from .labels import _value_above, column_of, find_labels, foreign_registration, is_label, label_of
from .legal_forms import legal_form_below
from .page import Line, PdfContent, Segment, Word
from .persons_across import persons_down
from .right_labels import labels_first
from .tick_pairs import crosses_as_no, yes_no_options
from .wraps import domain_break, without_tld_hyphen

SECTIONS: list[tuple[str, str]] = [
    ("party_type", r"partstype|type\s+af\s+part|type\s+of\s+(?:party|organisation|organization)|party\s+type"
                   r"|organisationstype|kategori"),
    ("via", r"tilslut(?:tes|ning)\s+via|forbindes\s+via|connect(?:ed|ion)\s+via|tilslutningsform|connection\s+type"
            r"|(?:tilslutning(?:småde|smetode|stype)?|connection(?:\s+(?:method|route))?|forbindelse)(?=\s*:?\s*$)"),
    ("org_contact", r"organisatorisk\s+kontakt(?:person)?|organi[sz]ational\s+contact(?:\s+person)?|administrativ\s+"
                    r"kontakt(?:person)?|administrative\s+contact|kontaktperson\s*\(organisation\)|primær\s+kontakt"
                    r"|primary\s+contact|ansvarlig\s+kontaktperson|main\s+contact"),
    ("tech", r"tekniske?\s+kontakt(?:person(?:er)?)?|technical\s+contacts?(?:\s+persons?)?"
             r"|it-?kontakt(?:person)?(?:er)?"),
    ("ip", r"(?:sdn\s+)?ip-?\s?scope|ip-?adresse(?:r|område)?|ip\s+address(?:es)?|ip-?(?:net|range|ranges)"
           r"|netværk(?:sområde)?|networks?|subnet(?:s|ter)?"),
    ("address", r"installationsadresse|installation\s+(?:address|site)|leveringsadresse|installationssted"
                r"|delivery\s+address|site\s+address|adresse\s+for\s+installation"),
    ("organisation", r"organisation|organization|oplysninger\s+om\s+(?:parten|organisationen)|the\s+party|parten"),
]
_SECTION_RE = [(k, re.compile(rf"^\s*(?:\d+[.)]?\s*)?(?:{p})\b\s*(.*)$", re.I)) for k, p in SECTIONS]

BOX_ON = r"\[\s*[xX✓✔✗✘■●]\s*\]|☒|☑|■|✓|✔|✗|✘|\(\s*[xX•●]\s*\)|◉|⊠"
BOX_ANY = BOX_ON + r"|\[\s*\]|☐|□|○|\(\s*\)"
# the option's words after its tick, a remark in brackets among them ("(•) Kommune (lokal myndighed)"), up to the
# next box; a box is no remark ("(•) Public hospital   ( ) Private hospital or clinic": the open radio button next
# to it had been read as the ticked option's remark, the option beside it as its rest, the type as private)
_CHECKED = re.compile(rf"(?:{BOX_ON})\s*([^\[\]☐☒☑□■○◉⊠✓✔()]*(?:\((?!\s*[xX•●]?\s*\))[^)]*\))?"
                      rf"[^\[\]☐☒☑□■○◉⊠✓✔]*?)(?=\s*(?:{BOX_ANY})|$)")

PARTY_TYPES: list[tuple[PartyType, str]] = [
    (PartyType.PRIVATE_HOSPITAL,
        r"privat\w*\s*(?:sygehus|hospital|klinik|sundheds(?:institution|virksomhed))|private\s+(?:hospital|clinic"
        r"|health(?:care)?\s+(?:institution|provider))|privathospital"),
    (PartyType.PUBLIC_HOSPITAL, r"offentlig\w*\s*(?:sygehus|hospital)|public\s+hospital|sygehus|hospital"),
    (PartyType.MUNICIPALITY, r"kommun(?:e|al)|municipal|local\s+authority"),
    (PartyType.REGION, r"region"),
    (PartyType.PRACTITIONER,
        r"praksis|praktiserende|læge|practi(?:ce|tioner)|\bGP\b|general\s+practi|speciallæge|tandlæge"),
    (PartyType.PHARMACY, r"apotek|pharmac"),
    (PartyType.LABORATORY, r"laborator|\blab\b"),
    (PartyType.IT_SUPPLIER,
        r"it-?\s*leverandør|leverandør\s+af\s+it|it\s+supplier|it\s+vendor|softwareleverandør|systemleverandør|supplier"),
    (PartyType.FOREIGN, r"udenlandsk|udlandet|abroad|foreign|international|non-danish|uden\s*for\s+danmark"
                        r"|outside\s+denmark"),
    (PartyType.OTHER, r"andet|other"),
]

CONTACT_LABELS = ["email", "phone", "name"]
FORM_FIELDS = ("organisation", "cvr", "party_type", "connected_via", "org_contact", "technical_contacts",
               "ip_scopes", "installation_address")


_GENERIC_CONTACT = {"kontaktperson", "contact person", "kontakt", "contact", "kontaktoplysninger", "contact details"}


# The words a section's heading names its role with, as stems of folded tokens (vocabulary.fold): the
# heading "C. Kontaktperson hos organisationen" sets the role of the generic labels under it.
_ROLE_STEMS: list[tuple[str, tuple[str, ...]]] = [
    ("tech", ("tekni", "technic", "tekn", "tech", "it", "drift", "operation", "netvaerksansvarlig", "engineer",
              "ingenioer")),
    ("contact", ("kontakt", "contact", "ansvarlig", "responsible", "call", "ring", "reach", "henvend")),
    ("ip", ("ip", "netvaerk", "network", "net", "subnet", "scope", "cidr", "adresseomraad", "ipscope")),
    ("address", ("install", "placering", "site", "place", "location", "lokation", "opstill", "levering",
                 "delivery", "delivered", "leveres", "leveret", "adresse", "address", "beliggenhed",
                 # where the SD-WAN equipment stands is the installation's place: "Hvor skal boksen stå?"
                 "udstyr", "equipment", "boks", "box", "router")),
    ("via", ("via", "tilslut", "connect", "forbind", "paraply", "umbrella", "kobl")),  # "koblet på", "kobles"
    ("party_type", ("type", "partstype", "parttype", "organisationstype", "kategori", "category", "sektor",
                    "sector", "kind", "slags", "art", "sort")),  # "What kind of organisation are you?"
    # parts about something else: billing, signatures, remarks, the date (their names are no contacts)
    ("other", ("faktur", "invoice", "billing", "oekonomi", "finance", "regning", "underskrift", "signatur",
               "signature", "signing", "bemaerkning", "remark", "comment", "kommentar", "bilag", "annex",
               "attachment", "vedlagt")),
    ("organisation", ("organisation", "organization", "parten", "party", "stamdata", "virksomhed", "company", "cvr",
                      "praksis", "practice", "ansoeger", "applicant", "kunde", "customer", "institution",
                      "myndighed", "apotek", "pharmacy", "klinik", "clinic", "hospital", "sygehus")),
]
# a Danish compound names what it is by its last part: "Hovedkontakt", "Ledelseskontaktperson" are contacts
_CONTACT_HEADS = ("kontakt", "kontaktperson", "kontakter", "kontaktpersoner")
# whole words only, never a stem
_SHORT_STEMS = {"it", "ip", "net", "via", "type", "site", "place", "call", "ring", "reach", "kind", "art", "sort",
                "cvr", "box", "tekn", "tech", "clinic"}  # "Tekn. kontaktperson", "Tech. contact": abbreviated, whole
# words; "clinic" is no stem of "clinical" ("Clinical system vendor" names no organisation)
_NUMBERED = re.compile(r"^\s*(?:[A-Za-z]|\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})[.)]\s*\S|^\s*\d{1,2}\s+[^\W\d_]"
                       r"|^\s*\d{1,2},\s+[A-ZÆØÅ]")  # "2, Organisationens kontaktperson": OCR read the dot as a comma
# "Del 2:", "Afsnit B -", "Section 3.", "Part II:", "Spørgsmål 4:", "Question 5.": a part named and numbered before its
# heading
_PART = re.compile(r"^\s*(?:del|afsnit|punkt|trin|sektion|section|part|step|spørgsmål|spm\.?|question)\s+"
                   r"(?:\d{1,2}|[A-Za-z]|[IVX]{1,4})"
                   r"\s*[:.)\-–—]\s*(?=\S)", re.I)


def heading_role(ln: Line, emphasised: bool = False) -> str | None:
    """The role of a numbered or lettered heading (or a heading asked as a question, or one set apart in
    a bold face: `emphasised`) by the words it names it with; None for anything that is no heading ("1)
    Navn: Tina Bro", a labelled value)."""
    if len(ln.segments) != 1:
        return None
    text = ln.text.strip()
    part = _PART.match(text)
    if part:
        text = text[part.end():]
    # a heading ends its words with a colon ("Kontaktperson hos kunden:") when it is no label ("Adresse:")
    # (the parts asked for in brackets are no label: "Responsible (name, email, phone):" heads a contact's lines)
    bare = re.sub(r"\s*\([^()]*\)", "", text)
    parts = [p for b in re.findall(r"\(([^()]*)\)", text) for p in b.split(",")]
    several = len(parts) >= 2 and all(label_of(p.strip()) is not None for p in parts)  # a person's lines asked
    colon_heading = text.endswith(":") and text.count(":") == 1 and (label_of(bare) is None or several) \
        and len(bare.split()) <= 5  # a short heading, not a sentence ("Her er vores oplysninger til ...:")
    # a heading set in capitals ("PRIMÆR KONTAKT HOS ORGANISATIONEN"): no digits, no label's colon
    caps = text.isupper() and not re.search(r"[\d:@]", text) and len(text) >= 5
    # set in bold on a line of its own, in a few words: a heading by its face alone ("Place of installation")
    bold = emphasised and len(text.split()) <= 8 and not text.endswith(":") and label_of(text) is None
    if len(text) > 80 or not (part or _NUMBERED.match(text) or text.endswith("?") or colon_heading or caps
                              or bold):
        return None
    colon = text.find(":")
    if 0 <= colon < len(text) - 1 or re.search(r"\d[\d .-]{5,}|@|/\d{1,2}\b", text):
        return None  # a value follows a label: "1) Navn: Tina Bro", "2. 10.0.0.0/24"
    toks = [t for t, _, _ in vocabulary.tokens(text)]

    def has(role: str) -> bool:
        stems = dict(_ROLE_STEMS)[role]
        return any(t == s if s in _SHORT_STEMS else t.startswith(s) for t in toks for s in stems) or (
            role == "contact" and any(t.endswith(_CONTACT_HEADS) for t in toks))

    if has("other"):
        return "other"
    if any(a.startswith(("address", "adresse", "ip")) and b.startswith(("range", "space", "block", "pool", "interval"))
           for a, b in zip(toks, toks[1:], strict=False)):
        return "ip"  # "Address ranges to route via SDN", "IP address space": the networks, no place
    # (or its people: "Del C – Teknisk personale", "Part C – Technical people", "Technical staff")
    if has("tech") and (has("contact") or any(t.startswith(("personale", "personnel", "people", "staff"))
                                               for t in toks)):
        return "tech"
    if has("contact"):
        return "org_contact"
    if (part or _NUMBERED.match(text)) and _only_tech(text):
        return "tech"  # "C. Drift og teknik", "C. Operations and engineering": the technicians' part by its words alone
    # neither numbered nor asked: known by its face only, so a name's words ("KLINIK NORD", "Nord Apotek")
    # never make it the organisation's part
    bare_caps = (caps or bold and not text.endswith("?")) and not (part or _NUMBERED.match(text))
    for role in ("ip", "address", "party_type"):
        if has(role):
            return role
    # the organisation's part names it in generic words ("A. DEN TILSLUTTENDE ORGANISATION", "The
    # organisation to be connected", "Part A – About you"): the connecting organisation, not the connection; a
    # name in capitals
    # ("KLINIK NORD") is no heading
    generic = ("organisation", "organization", "parten", "party", "virksomhed", "company", "stamdata", "stamoplysning",
               "masterdata",
               "ansoeger", "applicant")
    if any(t == g or t.startswith(g) and not t.startswith(("organisationstyp", "organizationtyp"))
           for t in toks for g in generic) or toks[-2:] in (["master", "data"], ["about", "you"], ["om", "jer"]):
        return "organisation"
    for role in ("via", "organisation"):
        if has(role) and not (bare_caps and role == "organisation"):
            return role
    if bare_caps:
        return None
    if (part or _NUMBERED.match(text)) and vocabulary.is_whole(text, "sections") == "organisation":
        return "organisation"  # "Part A – About you", "Del A – Om jer": the party's part in words of its own
    if any(vocabulary.is_whole(text, table) for table in ("party_types", "via")) or not (part or _NUMBERED.match(text)):
        return None  # an option of a question ("1. Kommune"), or a question we do not know
    return "other"  # a heading of a part the form reader has no use for ("7. Bemærkninger"): it ends the last


_JOINING = {"og", "and", "samt", "&", "or", "eller"}


_NUMBER_BEFORE = re.compile(r"^\s*(?:[A-Za-z]|\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})[.)]\s*")


def _only_tech(heading: str) -> bool:
    """A heading's words (its number aside) name technical work and nothing else ("Drift og teknik", "Operations
    and engineering"): the technicians' part, though it names no contact; a heading with a word of its own
    ("Tekniske oplysninger", technical details) names no people."""
    stems = dict(_ROLE_STEMS)["tech"]
    words = [t for t, _, _ in vocabulary.tokens(_NUMBER_BEFORE.sub("", heading)) if t not in _JOINING]
    return bool(words) and all(any(t == s if s in _SHORT_STEMS else t.startswith(s) for s in stems) for t in words)


def _footers(lines: list[Line]) -> set[int]:
    """Indices of a page's footer lines: the last lines of the page, in smaller print than its body
    and set apart from it by a wide gap (a journal number, the form's version, MedCom's address)."""
    out: set[int] = set()
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_page.setdefault(ln.page, []).append(i)
    for idx in by_page.values():
        heights = sorted(lines[i].bottom - lines[i].top for i in idx)
        if len(idx) < 5:
            continue
        body = heights[len(heights) // 2]
        tail: list[int] = []
        for pos in range(len(idx) - 1, 0, -1):
            ln, above = lines[idx[pos]], lines[idx[pos - 1]]
            if ln.bottom - ln.top >= 0.85 * body or len(tail) >= 3:
                break
            tail.append(idx[pos])
            if ln.top - above.bottom > 2.5 * body:
                out.update(tail)
                break
    return out


_ORG_ROLE = re.compile(r"^\s*(?:organisatorisk|organi[sz]ational|administrativ|administrative|primær|primary|"
                       r"ledelse|management|business|hovedkontakt|main)\b", re.I)
_TECH_ROLE = re.compile(r"^\s*(?:teknisk|technical|it|drift|operations?)\b", re.I)
_TECH_WORD = re.compile(r"\b(?:teknikere?|teknisk|technicians?|technical|engineers?|ingeniører?|it|drift\w*|"
                        r"operations?|support)\b", re.I)


def _row_role(ln: Line) -> str | None:
    """The role a contacts table's first cell gives its row ("Teknisk | Aksel Bo | ab@...")."""
    if len(ln.segments) < 2 or len(ln.segments[0].text) > 40 or not re.search(r"@|\d{4}", ln.text):
        return None
    first = ln.segments[0].text
    if _TECH_ROLE.match(first) or _TECH_WORD.search(first):
        return "tech"  # "Primær tekniker", "Primary engineer", "Main IT contact": a rank before the technician
    if _ORG_ROLE.match(first):
        return "org_contact"
    # the role in words of its own ("Driftskontakt", "Kontakt vedr. aftalen", "Ops contact"): the contact part
    # whose heading's wording the cell starts with
    m = vocabulary.match_start(first, "sections", ["tech", "org_contact"], fuzzy=False)
    return m.concept if m is not None else None


def _role_of_cell(ln: Line, seg: Segment) -> str | None:
    """The role a cell names as a heading: numbered or asked ("C. Teknisk kontakt"), or a heading's
    whole words ("Main contact", "Technical contact(s)", "Delivery address of the SDN equipment")."""
    role = heading_role(Line(ln.page, ln.top, ln.bottom, [seg]), emphasised=seg.bold)
    if role not in (None, "other"):
        return role
    text = seg.text.strip()
    if len(text) >= 70 or label_of(text) is not None and text.endswith(":"):
        return None
    whole = vocabulary.is_whole(text, "sections")
    if whole is not None:
        return whole
    return next((key for key, pat in _SECTION_RE if (m := pat.match(text)) and not m.group(1).strip(" ()s")),
                None)


def _columns(lines: list[Line], split: dict[int, float] | None = None,
             titles: set[tuple[int, float]] | None = None) -> list[Line]:
    """The lines in reading order of a page set in two columns of sections: when role headings stand
    at two left edges far apart (two or more at each), each line is cut at the right column's edge and
    the left column is read before the right one. `split` collects the pages so read, with the x of
    their cut."""
    out: list[Line] = []
    for page in dict.fromkeys(ln.page for ln in lines):
        mine = [ln for ln in lines if ln.page == page]
        cut_at = _column_edge([ln for ln in mine if (ln.page, ln.top) not in (titles or set())])
        if cut_at is None:
            out.extend(mine)
            continue
        cut = cut_at - 6
        # the columns start where the right one does: a title and an introduction across the page above
        # them are no text running over the edge
        start = min(ln.top for ln in mine if any(seg.x0 >= cut for seg in ln.segments))
        below = [ln for ln in mine if ln.top >= start - 1]
        first = [ln for ln in below if ln.segments[0].x0 < cut]
        over = _overrunning_column(first, cut)
        spans = [ln for ln in first if any(seg.x0 < cut < seg.x1 and round(seg.x0) not in over
                                           for seg in ln.segments)]
        if len(spans) > 0.2 * len(below):
            out.extend(mine)  # text runs across the edge: no columns
            continue
        halves: list[list[Line]] = [[], []]
        for ln in mine:
            cells = [part for seg in ln.segments for part in _cut_at_edge(seg, cut, ln)]
            for side, segs in enumerate(([s for s in cells if s.x0 < cut], [s for s in cells if s.x0 >= cut])):
                if segs:
                    halves[side].append(Line(ln.page, ln.top, ln.bottom, segs))
        out.extend(halves[0] + halves[1])
        if split is not None:
            split[page] = cut
    return out


def _overrunning_column(lines: list[Line], cut: float) -> set[int]:
    """The left edges (rounded) of a left column's table column that runs over into the right column (WeasyPrint's
    table wider than its half column: "Tlf." and each engineer's phone start a little left of the right column's
    edge and end in it; eleventh hand, seed 74): cells after another cell of their row, short, starting at one
    edge less than 40 points left of the cut and crossing it, on three or more lines. They are the left column's
    cells, no text across the page: counted as such, the page was read in one column, and the right part's
    address with the table's phones and names ("Engtoften 89, 5792" / "7830" / "Søren Dalgas", with confidence)."""
    found = Counter(round(seg.x0) for ln in lines for k, seg in enumerate(ln.segments)
                    if k >= 1 and seg.x0 < cut < seg.x1 and cut - 40 < seg.x0 and len(seg.words) <= 3)
    return {x for x, n in found.items() if n >= 3}


def reading_order(lines: list[Line]) -> list[Line]:
    """The lines in the order the labels' reading reads them: a page in two columns of parts left column first,
    two parts side by side each in turn; a page in one column as it is."""
    split: dict[int, float] = {}
    return balanced_lists(_parts_side_by_side(_columns(lines, split), split), set(split))


def _parts_side_by_side(lines: list[Line], split: dict[int, float]) -> list[Line]:
    """Two parts set side by side on a page otherwise in one column (the party's details beside the address,
    the rest of the form under both across the page): from the line holding their two headings far apart
    (set alike, one of them naming a part we know),
    down to a line whose text runs across the right heading's edge or a heading set as the left one is,
    at its edge, the left part's lines are read before the right part's. Pages `_columns` split are
    left as they are."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _cards(lines, i):
            i = _read_cards(lines, i, out)
            continue
        heads = [seg for seg in ln.segments if ln.page not in split and (seg.bold or seg.text.isupper())]
        if (len(heads) != 2 or len(ln.segments) != 2 or heads[1].x0 - heads[0].x0 < 150
                or all(_role_of_cell(ln, seg) is None for seg in heads)
                or abs(_seg_size(heads[0]) - _seg_size(heads[1])) > 0.1 * _seg_size(heads[0])
                or _numbered_rows(lines, i)):
            out.append(ln)
            i += 1
            continue
        left, edge = heads[0], heads[1].x0 - 6
        end = i + 1
        while end < len(lines) and lines[end].page == ln.page:
            nxt = lines[end]
            if any(seg.x0 < edge < seg.x1 for seg in nxt.segments):
                break  # text across the edge: the parts side by side have ended
            first = nxt.segments[0]
            if (len(nxt.segments) == 1 and abs(first.x0 - left.x0) <= 6 and first.bold == left.bold
                    and abs(_seg_size(first) - _seg_size(left)) <= 0.1 * _seg_size(left)):
                break  # the next part's heading, at the left part's edge, set as the left part's is
            end += 1
        block = lines[i:end]
        halves: list[list[Line]] = [[], []]
        for b in block:
            for side, segs in enumerate(([s for s in b.segments if s.x0 < edge], [s for s in b.segments
                                                                                  if s.x0 >= edge])):
                if segs:
                    halves[side].append(Line(b.page, b.top, b.bottom, segs))
        out.extend(halves[0] + halves[1])
        i = end
    return out


def _numbered_rows(lines: list[Line], i: int) -> bool:
    """The line under `lines[i]` starts with a bare row number under its first cell ("Nr. | Adresseområde"
    over "1 | 10.35.15.0/24"): the line is a numbered table's header, not two parts' headings side by side
    (whose left part would have taken the next part's heading and labels away from it)."""
    if i + 1 >= len(lines) or lines[i + 1].page != lines[i].page or not lines[i + 1].segments:
        return False
    first, head = lines[i + 1].segments[0], lines[i].segments[0]
    return bool(re.fullmatch(r"\d{1,2}[.)]?", first.text.strip())) and first.x0 < head.x1 and head.x0 - 6 < first.x1


_CLOSING_FILLERS = ("med", "de", "bedste", "best", "kind", "with", "yours", "many", "venligst")


def _closing(text: str) -> bool:
    """A line that is only a letter's closing ("Med venlig hilsen", "Kind regards", "Mvh."; its stems are
    [words] prose_closing): the letter's signature follows it, no answer."""
    toks = [t for t, _, _ in vocabulary.tokens(text)]
    stems = vocabulary.words("prose_closing")
    closing = [t for t in toks if any(t == s if len(s) <= 3 else t.startswith(s) for s in stems)]
    return 0 < len(toks) <= 3 and bool(closing) and all(t in closing or t in _CLOSING_FILLERS for t in toks)


def _cards(lines: list[Line], i: int) -> bool:
    """Contacts set as cards side by side (a role over each card: "Kontaktperson | Teknisk kontakt", then each
    card's name, e-mail and phone under its role): every cell of line i names a role, two or more of them apart,
    and the next line's cells start where the roles do, one under each (on a page read in columns too: the cards
    stand in one of them)."""
    ln = lines[i]
    if len(ln.segments) < 2 or i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return False
    if any(_role_of_cell(ln, seg) is None or len(seg.text) > 40 for seg in ln.segments):
        return False
    edges = [seg.x0 for seg in ln.segments]
    nxt = lines[i + 1].segments
    # a table whose first column labels its rows ("Navn | Lærke Bech | Hanne Aagaard") is no row of cards
    return min(b - a for a, b in zip(edges, edges[1:], strict=False)) >= 80 and len(nxt) == len(edges) \
        and all(abs(seg.x0 - x) <= 4 for seg, x in zip(nxt, edges, strict=True)) \
        and not is_label(nxt[0].text) and label_of(nxt[0].text) is None


def _read_cards(lines: list[Line], i: int, out: list[Line]) -> int:
    """The cards from line i read one after the other (each card's lines under its role, down to a line whose
    text starts at no card's edge or runs across one, or that names a role again: the next row of cards, whose
    card under the first would otherwise be read as the first card's rest); the index after them."""
    edges = [seg.x0 for seg in lines[i].segments]

    def in_its_card(seg: Segment) -> bool:
        k = column_of(seg.x0, edges)
        return min(abs(seg.x0 - x) for x in edges) <= 4 and (k + 1 == len(edges) or seg.x1 <= edges[k + 1] + 2)

    end = i + 1  # the roles' line is the cards' (a role may end close to the next card's edge)
    while end < len(lines) and lines[end].page == lines[i].page and all(map(in_its_card, lines[end].segments)) \
            and all(_role_of_cell(lines[end], seg) is None for seg in lines[end].segments):
        end += 1
    parts: list[list[Line]] = [[] for _ in edges]
    for b in lines[i:end]:
        for k in range(len(edges)):
            segs = [s for s in b.segments if column_of(s.x0, edges) == k]
            if segs:
                parts[k].append(Line(b.page, b.top, b.bottom, segs))
    for part in parts:
        out.extend(part)
    return end


def _seg_size(seg: Segment) -> float:
    return max(w.bottom - w.top for w in seg.words)


def _two_edges(edges: list[float]) -> float | None:
    """The right column's left edge when the role cells at `edges` all stand at two left edges far apart,
    two or more at each."""
    edges = sorted(edges)
    left = [x for x in edges if x - edges[0] < 40] if edges else []
    right = [x for x in edges if x - edges[0] >= 150]
    # two or more at the right column's edge itself (a table's cells naming a role, "IP-område" | ... |
    # "Drift", stand at no one edge; a table's header inside the right column may stand further in)
    if len(left) < 2 or len(right) < 2 or len(left) + len(right) < len(edges) \
            or sum(1 for x in right if x - min(right) < 40) < 2:
        return None
    return min(right)


def _column_edge(lines: list[Line]) -> float | None:
    """The x where a page's right column of sections starts, or None for a page in one column. Every role
    cell stands at one of two left edges; failing that, every cell set as a heading does (numbered, asked,
    in capitals or in a bold face), and a role's words elsewhere are a label's or an option's wrapped in its
    cell ("Udenlandsk" over "organisation", "Via systemleverandør:"), never a heading that opens a column.
    The document's title is no part's heading, nor a field's caption set smaller than the body over its value
    (LibreOffice Draw's numbered captions, "2. CVR", "5. Forbindelse", beside the other fields' frames)."""
    body = _body_size(lines)
    cells = [(seg.x0, seg.bold or bool(_NUMBERED.match(seg.text) or _PART.match(seg.text)) or seg.text.isupper())
             for ln in lines for seg in ln.segments
             if _role_of_cell(ln, seg) is not None and not _seg_size(seg) < 0.85 * body]
    edge = _two_edges([x for x, _ in cells])
    if edge is None:
        edge = _two_edges([x for x, headed in cells if headed])
    return edge


def _side_by_side(lines: list[Line]) -> bool:
    """Parts set side by side somewhere: a line holding two role headings far apart ("Part | Organisationens
    kontaktperson"), set as headings. Whether or not the page was read in two columns, a part's rows may
    then stand among the other column's, so a heading with nothing under it is no evidence of a part left
    empty."""
    for ln in lines:
        heads = [seg.x0 for seg in ln.segments if (seg.bold or _NUMBERED.match(seg.text) or seg.text.isupper())
                 and _role_of_cell(ln, seg) is not None]
        if len(heads) >= 2 and max(heads) - min(heads) >= 150:
            return True
    return False


def _cut_at_edge(seg: Segment, cut: float, ln: Line) -> list[Segment]:
    """A cell that runs over the edge between two columns (the left column's value set so close to the
    right column's label that they read as one cell: "Klinik Nord ApS Name:") as its words on either side,
    on a line that has cells in the right column too (a title across the page stays whole), or where a
    word starts right at the right column's edge after a gap wider than a space ("Nej it.example": the left
    column's answer and the right column's wrapped address; a sentence's words are a space apart)."""
    if not seg.x0 < cut < seg.x1:
        return [seg]
    words = [part for w in seg.words for part in _glued_at_edge(w, cut + 6)]
    left = [w for w in words if w.x0 < cut]
    right = [w for w in words if w.x0 >= cut]
    gaps = sorted(b.x0 - a.x1 for a, b in zip(left, left[1:], strict=False))
    space = gaps[len(gaps) // 2] if gaps else 2.5
    at_edge = (bool(left and right) and abs(right[0].x0 - (cut + 6)) < 3
               and right[0].x0 - left[-1].x1 >= max(4.0, 1.6 * space))
    if not at_edge and not any(other.x0 >= cut for other in ln.segments):
        return [seg]
    return [Segment(part) for part in (left, right) if part]


def _glued_at_edge(w: Word, edge: float) -> list[Word]:
    """A word run across the right column's edge with no space ("SygehusFulde": the left column's value
    and the right column's label set against each other) as its two words, where a capital follows a small
    letter right at the edge (by the letters' share of the word's width, within a few points)."""
    if not w.x0 < edge - 3 < edge + 3 < w.x1:
        return [w]
    width = (w.x1 - w.x0) / max(1, len(w.text))
    for k in range(1, len(w.text)):
        at = w.x0 + width * k
        if w.text[k - 1].islower() and w.text[k].isupper() and abs(at - edge) < 4:
            return [Word(w.text[:k], w.x0, at, w.top, w.bottom, w.source, w.run, w.bold),
                    Word(w.text[k:], at, w.x1, w.top, w.bottom, w.source, w.run, w.bold)]
    return [w]


def _running(lines: list[Line]) -> list[Line]:
    """The lines without the page furniture that runs over every page: a cell whose text stands at the same
    height on more than one page ("Spørgsmål: sdn@... · Skema udfyldt 20.10.2026"), even where a page's
    text runs into it; never a value of the form. Short cells (a label, a page number) are kept, but for a
    letterhead's: a short cell (the party's name) at the same height in the first three lines of two or more
    pages is furniture there (the same words lower on a page, a value, are kept)."""
    where: dict[str, set[tuple[int, int]]] = {}
    tops: dict[int, list[float]] = {}
    for ln in lines:
        tops.setdefault(ln.page, []).append(ln.top)
    band = {page: sorted(t)[:3][-1] for page, t in tops.items()}
    heads: dict[tuple[str, int], set[int]] = {}  # (text, height) in a page's first lines -> pages
    for ln in lines:
        for seg in ln.segments:
            where.setdefault(seg.text.strip(), set()).add((ln.page, round(ln.top / 4)))
            if ln.top <= band[ln.page]:
                heads.setdefault((seg.text.strip(), round(ln.top / 4)), set()).add(ln.page)
    running = set()
    for text, spots in where.items():
        pages = {p for p, _ in spots}
        heights = [h for _, h in spots]
        if len(pages) > 1 and len(text) >= 15 and max(heights) - min(heights) <= 1:
            running.add(text)
    lines, found = _furniture_run_into(lines)
    running |= found
    letterhead = {key for key, pages in heads.items() if len(pages) > 1 and re.search(r"[^\W\d_]{2}", key[0])
                  and label_of(key[0]) is None}
    if not running and not letterhead:
        return lines
    out = [Line(ln.page, ln.top, ln.bottom, [seg for seg in ln.segments if seg.text.strip() not in running
                                             and (seg.text.strip(), round(ln.top / 4)) not in letterhead])
           for ln in lines]
    return [ln for ln in out if ln.segments]


def _edge_lines(lines: list[Line]) -> set[int]:
    """Indices of each page's first three and last three lines: where running headers and footers stand."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_page.setdefault(ln.page, []).append(i)
    out: set[int] = set()
    for idx in by_page.values():
        idx.sort(key=lambda i: lines[i].top)
        out |= set(idx[:3] + idx[-3:])
    return out


def _furniture_run_into(lines: list[Line]) -> tuple[list[Line], set[str]]:
    """The lines with a page's running footer (or header) taken out of a cell it ran into, and the footers so
    found. A heading set at the foot of a page, on the footer's baseline ("Installationssted" beside
    "Spørgsmål: sdn-support@... · Skema udfyldt 03.11.2026"), became one cell with it: the footer stands alone
    at the same height at the edge of another page, so its words are furniture here too, and the heading
    stays a heading (before, the part it heads was lost into the part above)."""
    edge = _edge_lines(lines)
    alone: dict[str, set[tuple[int, int]]] = {}
    for i in edge:
        for seg in lines[i].segments:
            if len(seg.text.strip()) >= 15 and len(seg.words) >= 3:
                alone.setdefault(seg.text.strip(), set()).add((lines[i].page, round(lines[i].top / 4)))
    if not alone:
        return lines, set()
    found: set[str] = set()
    out = list(lines)
    for i in edge:
        ln = lines[i]
        segs: list[Segment] = []
        for seg in ln.segments:
            words = [w.text for w in seg.words]
            for text, spots in alone.items():
                n = len(text.split())
                if len(words) <= n or not any(p != ln.page and abs(h - round(ln.top / 4)) <= 1 for p, h in spots):
                    continue
                if " ".join(words[-n:]) == text:
                    seg = Segment(seg.words[:-n])
                elif " ".join(words[:n]) == text:
                    seg = Segment(seg.words[n:])
                else:
                    continue
                found.add(text)
                break
            segs.append(seg)
        out[i] = Line(ln.page, ln.top, ln.bottom, segs)
    return out, found


# a part's number set apart from its heading ("1  OM JERES ORGANISATION" in a fixed-width face, two spaces after the
# number): OCR reads the second figure of a question's number as a letter now and then ("N" for "2")
_LONE_NUMBER = re.compile(r"\d{1,2}[.)]?|[A-Z]")


def _number_to_heading(lines: list[Line]) -> list[Line]:
    """A heading whose number stands apart from its words, as two segments, made one ("1 | OM JERES
    ORGANISATION"): a heading is a line of one segment, so the parts of a plain-text form were never opened and
    every answer stayed in the part its title named. Only where the words are a heading's (no digit, mail or
    colon, a role `heading_role` knows) and nothing else stands on the line. A numbered question's answer read
    in pieces that make a name is made one answer."""
    out = []
    for ln in lines:
        if (len(ln.segments) > 2 and _QUESTION_NUMBER.match(ln.segments[0].text)
                and all(re.fullmatch(r"[^\W\d_][\w.'-]*", sg.text) for sg in ln.segments[1:])
                and looks_like_name(" ".join(sg.text for sg in ln.segments[1:]))):
            # a name beside its numbered question read apart in two pieces ("2.3 Kontakt for det tekniske | Ida |
            # Christoffersen"): one answer, or the lines under it are taken for its wrapped rest
            ln = Line(ln.page, ln.top, ln.bottom, [ln.segments[0], Segment([w for sg in ln.segments[1:]
                                                                             for w in sg.words])])
        if (len(ln.segments) == 2 and _LONE_NUMBER.fullmatch(ln.segments[0].text.strip())
                and not re.search(r"[\d@:]", ln.segments[1].text)):
            number = ln.segments[0].text.strip()
            joined = Line(ln.page, ln.top, ln.bottom, [Segment(ln.segments[0].words + ln.segments[1].words)])
            if number.isalpha():  # a figure read as a letter: the heading is told by its words alone
                bare = Line(ln.page, ln.top, ln.bottom, [ln.segments[1]])
                if ln.segments[1].text.isupper() and heading_role(bare) is not None:
                    out.append(bare)
                    continue
            elif heading_role(joined) is not None:
                out.append(joined)
                continue
        out.append(ln)
    return out


# a heading's word in spaced capitals as the page's words give it: a letter or two ("VA", "TA": kerned pairs)
_SPACED_LETTERS = re.compile(r"[A-ZÆØÅ]{1,2}")


def _spaced_capitals(lines: list[Line]) -> list[Line]:
    """A heading set in spaced capitals (letter-spacing, or a re-encoding that places each word apart) as one
    segment of whole words: its letters read as words of their own ("A N S VA R L I G K O N TA K T ..."), or its
    words as two segments ("ANSVARLIG | KONTAKTPERSON"). A heading is a line of one segment, so the part it names
    was never opened and its contact not found. Only capitals (no digit, colon or "@"), a word gap apart (the
    widest gap between its letters), and only where the words joined name a part (`heading_role`) and a piece
    names none alone ("TEKNISKE | KONTAKTPERSONER") or each the same: two columns' headings side by side, each
    naming its own part ("KONTAKTPERSON | TEKNISK KONTAKT"), stay two."""
    out = []
    for ln in lines:
        words = [w for sg in ln.segments for w in sg.words]
        if not words or len(words) > 30 or not all(_SPACED_LETTERS.fullmatch(w.text) or w.text.isalpha()
                                                   and w.text.isupper() for w in words):
            out.append(ln)
            continue
        size = max(w.bottom - w.top for w in words)
        gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
        if len(words) >= 6 and all(_SPACED_LETTERS.fullmatch(w.text) for w in words) and gaps \
                and 0 < min(gaps) and max(gaps) < 2.5 * size:
            # letters a word apart each: a word ends where the gap is wider than the letters' by a space's width
            small = min(gaps)
            merged: list[list[Word]] = [[words[0]]]
            for gap, w in zip(gaps, words[1:], strict=False):
                if gap > small + 0.15 * size:
                    merged.append([w])
                else:
                    merged[-1].append(w)
            words = [Word("".join(x.text for x in m), m[0].x0, m[-1].x1, min(x.top for x in m),
                          max(x.bottom for x in m), bold=all(x.bold for x in m), face=m[0].face) for m in merged]
            gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
        if len(words) < 2 or len(words) > 6 or (len(ln.segments) < 2 and words == [w for sg in ln.segments
                                                                                   for w in sg.words]) \
                or max(gaps) > 2.5 * size:
            out.append(ln)
            continue
        joined = Line(ln.page, ln.top, ln.bottom, [Segment(words)])
        pieces = [Line(ln.page, ln.top, ln.bottom, [sg]) for sg in ln.segments]
        role = heading_role(joined)
        named = [heading_role(p) for p in pieces]
        if role in (None, "other") or (None not in named and set(named) != {role}):
            out.append(ln)
            continue
        out.append(joined)
    return out


# a question's number before its words, as written ("2.2") or as OCR reads it: a figure lost (".1"), the first
# figure read as a letter ("N .1", "l")
_QUESTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|[A-Z]?\s?\.\d{1,2}|l)\s+(?=[^\W\d_])")


def _caption_after_dropped(seg: Segment) -> Segment:
    """An answer without the caption written after it in brackets ("Jørgen Gram (navn)", "Anne Lykke (name)"):
    the caption says what the answer is and is no part of it."""
    last = seg.words[-1].text
    if len(seg.words) > 1 and re.fullmatch(r"\([^()]{2,20}\)", last) and label_of(last[1:-1]) is not None:
        return Segment(seg.words[:-1])
    return seg


def _numbered_role(ln: Line) -> str | None:
    """The part a numbered question names when its answer, of the part's kind, stands beside it ("2.1 Kontakt for
    organisationen | Jørgen Gram (navn)", "2.2 Contact for technical matters | Mette Mørch", "3.2 Her skal
    SD-WAN-boksen stå | Lupinvej 12", "1.4 Hvilken type part er I? | ( ) Regional myndighed"); None for any other
    line."""
    if len(ln.segments) != 2:
        return None
    first, answer = ln.segments[0], ln.segments[1].text
    m = _QUESTION_NUMBER.match(first.text)
    if m is None:
        return None
    words, at = [], 0
    for w in first.words:  # the words after the number (a segment's text is its words joined by a space)
        if at >= m.end():
            words.append(w)
        at += len(w.text) + 1
    if not words:
        return None
    role = heading_role(Line(ln.page, ln.top, ln.bottom, [Segment(words)]), emphasised=True)
    if role in ("org_contact", "tech"):
        named = looks_like_name(re.sub(r"\s*\([^()]*\)\s*$", "", answer))
        return role if named else None
    if role == "address":  # a street has its number; a mail or a network is no place
        return role if re.search(r"\d", answer) and not re.search(r"@|\d+\.\d+\.\d+", answer) else None
    if role == "party_type":  # the first option with its box
        return role if re.match(rf"\s*(?:{BOX_ANY})", answer) else None
    return role if role == "ip" and IP_TOKEN.search(answer) else None


def _laid_over(lines: list[Line]) -> list[Line]:
    """A line where one cell lies over two or more others (a footer the page's text runs into: "Spørgsmål:
    ... 2026" over "Tilsluttes I via KMD eller en | Ja – XMO") as two lines, the covering cell first, so the
    body's line stays next to its continuation below. A value typed over its one label stays with it."""
    out: list[Line] = []
    for ln in lines:
        segs = ln.segments
        over = [a for a in segs if len(segs) >= 3 and sum(
            1 for b in segs if b is not a and min(a.x1, b.x1) - max(a.x0, b.x0) > 2) >= 2]
        if not over or len(over) == len(segs):
            out.append(ln)
            continue
        out += [Line(ln.page, ln.top, ln.bottom, over),
                Line(ln.page, ln.top, ln.bottom, [sg for sg in segs if sg not in over])]
    return out


def _body_size(lines: list[Line]) -> float:
    """The height of the body's words (the median word's), what a heading set larger stands out from."""
    heights = sorted(w.bottom - w.top for ln in lines for seg in ln.segments for w in seg.words)
    return heights[len(heights) // 2] if heights else 0.0


def _emphasised(seg: Segment, body: float) -> bool:
    """A cell set apart as a heading is: in a bold face, or (`body` > 0: where the fonts carry no name to
    tell a bold one by, as a PDF printed again through Ghostscript's Type 3 fonts) every word set larger than
    the body's."""
    return seg.bold or body > 0 and all(w.bottom - w.top >= 1.08 * body for w in seg.words)


def _titles(lines: list[Line]) -> set[int]:
    """Indices of the document's title lines: those the first page opens with, in a larger bold face than
    its body ("SDN connection – site information form", wrapped: "... Health Data" / "Network (SDN)").
    A title names the document, not a part of it."""
    first = [i for i, ln in enumerate(lines) if ln.page == lines[0].page] if lines else []
    heights = sorted(lines[i].bottom - lines[i].top for i in first)
    if len(heights) < 5:
        return set()
    body = heights[len(heights) // 2]
    unnamed = not any(seg.bold for i in first for seg in lines[i].segments)
    out: set[int] = set()
    for i in first:
        ln = lines[i]
        # (bold, or with no bold face anywhere, where the fonts carry no name to tell one by)
        if not (ln.bottom - ln.top >= 1.15 * body and (all(seg.bold for seg in ln.segments) or unnamed)):
            break
        if any(b.x0 - a.x1 >= 100 for a, b in zip(ln.segments, ln.segments[1:], strict=False)):
            break  # two headings far apart on one line: parts side by side, no title
        if _NUMBERED.match(ln.text):
            break  # a lettered or numbered heading ("A. Organisationen") opens a part: the title ends above it
        out.add(i)
    # a letter's title stands under its letterhead (the sender, a reference block, MedCom's address): the first
    # line set larger and bold alone on its line, unnumbered, that names the network ("Connection form (SDN)")
    # names the document, not a part ("connection" had opened the part about the connection, and the party's
    # details under it were lost)
    for i in first:
        ln = lines[i]
        if len(ln.segments) != 1 or _NUMBERED.match(ln.text) or _PART.match(ln.text):
            continue
        if ln.bottom - ln.top >= 1.3 * body and all(seg.bold for seg in ln.segments) \
                and _names_the_network(ln.text):
            out.add(i)
            break
    return out


def _sections(lines: list[Line], found: set[str] | None = None,
              columned: dict[int, float] | None = None) -> dict[str, list[Line]]:
    """The lines of each section; `found` collects the sections whose heading was seen (evidence),
    `columned` the pages read in two columns."""
    out: dict[str, list[Line]] = {k: [] for k, _ in SECTIONS}
    out["other"] = []
    current = "organisation"
    lines = _laid_over(_running(_number_to_heading(_spaced_capitals(lines))))
    footers = _footers(lines)
    titles = _titles(lines)
    kept = [ln for i, ln in enumerate(lines) if i not in footers]
    title_lines = {(lines[i].page, lines[i].top) for i in titles}
    cuts: dict[int, float] = {} if columned is None else columned
    lines = _wrapped_values(_wrapped_labels(balanced_lists(_parts_side_by_side(
        captions_over_values(_columns(kept, cuts, title_lines)), cuts), set(cuts))), cuts)
    # with no word in a bold face, the fonts may carry no name to tell one by: a heading is told by its size
    unnamed = not any(w.bold for ln in lines for seg in ln.segments for w in seg.words)
    body = _body_size([ln for ln in lines if (ln.page, ln.top) not in title_lines]) if unnamed else 0.0
    last_heading: Line | None = None  # the heading line just read, while nothing followed it yet
    shared: tuple[str, str] | None = None  # a heading naming two parts: (its part, the other part)
    rest_of_row = 0  # lines under a contacts table's row that its wrapped cells go on onto, joined into it
    for k, ln in enumerate(lines):
        if rest_of_row:
            rest_of_row -= 1
            continue  # joined into its row above
        heading = False
        text = ln.segments[0].text if ln.segments else ""
        if (ln.page, ln.top) in title_lines:
            out[current].append(ln)
            continue
        if last_heading is not None and _heading_wraps(last_heading, ln):
            # the heading's words go on in its cell ("CONTACT PERSON AT THE" / "ORGANISATION"): one heading,
            # whose role the whole of it names; its last words open no part of their own
            last_heading = Line(ln.page, last_heading.top, ln.bottom,
                                [Segment(last_heading.segments[0].words + ln.segments[0].words)])
            role = heading_role(last_heading, emphasised=ln.segments[0].bold)
            if role is not None and role != current:
                current = role
                if found is not None and role != "other":
                    found.add(role)
            continue
        after_heading = last_heading is not None  # the line before opened the current part
        last_heading = ln
        if len(ln.segments) == 1 and _closing(text):
            current = "other"  # "Med venlig hilsen": the letter's signature follows (its signer no contact)
            continue
        same = _same_as_org(ln)
        if same is not None and (current == "tech" or heading_role(Line(ln.page, ln.top, ln.bottom, ln.segments[:1]))
                                 == "tech"):
            # "= organisatorisk kontakt (se ovenfor)" where a technical contact is asked: that person again (its
            # words name the organisation's contact, never a part of their own)
            current = "tech"
            out["tech"].append(Line(ln.page, ln.top, ln.bottom, [same]))
            last_heading = None
            continue
        named = _role_label(ln)
        if named is not None:
            # "Contact person – name | Birthe Juhl", "IT contact 2 – name | ...": the row opens the role's part,
            # its label the field's (read as one label, neither was known: the contacts were not found)
            role, ln = named
            if role != current:
                current = role
                if found is not None:
                    found.add(role)
            out[current].append(ln)
            last_heading = None
            continue
        if current in ("org_contact", "tech") and _address_caption(ln):
            # "Vejnavn og husnr." over its answer after a contact's captions: a place, no person's field; the
            # caption opens the address's part (its heading not seen: nothing said empty on its word alone)
            current = "address"
            out[current].append(ln)
            last_heading = None
            continue
        whole = vocabulary.is_whole(text, "sections") if len(ln.segments) == 1 and len(text) < 70 else None
        counted = re.fullmatch(r"(.*\D)\s+\d{1,2}", text.strip()) if len(ln.segments) == 1 else None
        if whole is None and counted and vocabulary.is_whole(counted.group(1), "sections") == "tech":
            whole = "tech"  # "IT contact 2": one of the technical contacts ("Kontakt 2" names no part)
        if whole == "org_contact" and current == "tech" and vocabulary.norm(text) in _GENERIC_CONTACT:
            whole = None  # "Kontaktperson" inside the technical contacts names one of them
        if (whole is not None and whole == current
                and (after_heading or text.rstrip().endswith(":") or _caption_over(ln, lines[k + 1:k + 2]))
                and not ln.segments[0].bold and is_label(text) and not (_NUMBERED.match(text) or _PART.match(text))):
            # "Organisation" under the heading "Party", or "> Organisation:" quoted in the party's part, or a caption
            # set small right over its answer ("Organisation" over "Hospitalsenheden Fjeldså"): the label of the
            # value below it
            out[current].append(ln)
            last_heading = None
            continue
        if whole is not None:
            current = whole
            if found is not None:
                found.add(whole)
            if whole == "via" and _KMD_QUESTION.match(text):
                out["via"].append(ln)  # the question is the heading: its answer follows it
            continue
        role = heading_role(ln, emphasised=bool(ln.segments) and _emphasised(ln.segments[0], body))
        if role == "org_contact" and current == "tech" and vocabulary.norm(text) in _GENERIC_CONTACT:
            role = None
        if role is not None:
            current = role
            shared = _second_role(ln, role)
            if found is not None and role != "other":
                found.add(role)
            if role == "via" and (_KMD_QUESTION.match(text) or _vendor_asked(text) or _KMD_ASKED.match(text)) \
                    or role == "organisation" and _NAME_QUESTION.search(text):
                out[role].append(ln)  # the question is the heading and its answer's label: the answer follows it
            continue
        numbered = _numbered_role(ln)
        if numbered is not None:
            # "2.2 Kontakt for det tekniske | Lasse Lindhardt", the person's other lines under the name: the question
            # opens its role's part, its answer is the part's first line
            current = numbered
            if found is not None:
                found.add(numbered)
            out[numbered].append(Line(ln.page, ln.top, ln.bottom, [_caption_after_dropped(ln.segments[1])]))
            last_heading = None
            continue
        asked = (heading_role(Line(ln.page, ln.top, ln.bottom, ln.segments[:1]))
                 if len(ln.segments) == 2 and re.search(r"\?\s*(?:\([^()]{1,12}\))?$", text) else None)
        if asked is None and len(ln.segments) == 2 and EMAIL_TOKEN.search(ln.segments[1].text) and not is_label(text) \
                and heading_role(Line(ln.page, ln.top, ln.bottom, ln.segments[:1]), emphasised=True) == "org_contact":
            asked = "org_contact"  # "Primær kontaktperson hos jer | Torben Aagaard, toaa@...": the contact named
        answer = ln.segments[1].text if len(ln.segments) == 2 else ""
        if asked == "ip" and not IP_TOKEN.search(answer) or asked == "address" and not re.search(r"\d", answer) \
                or asked is not None and re.search(r"\bKMD\b", ln.segments[0].text):
            asked = None  # the answer must be of the part's kind ("... the health data network through KMD? | No")
        if asked in ("address", "org_contact", "ip"):
            # a question naming the part and its answer beside it ("Where is the equipment to be installed? |
            # Hospitalsvej 102, ...", "Hvem er kontaktperson for aftalen? | Lærke Bech, ..."): the question opens
            # the part, its answer is the part's value
            current = asked
            if found is not None:
                found.add(asked)
            if asked == "org_contact":  # its row whole: the cells may wrap ("... / 0045 6453" over "3842")
                block = _row_block(lines, k)
                ln, rest_of_row = _joined_row(block), len(block) - 1
            out[asked].append(ln)
            continue
        if _options_beside(ln) == "via" and current != "via":
            # "Forbindelsesvej | ☐ Selvstændigt (egen forbindelse)", the other options under the first: the label
            # opens the connection's part, with its options (they had stayed in the party's part, unread)
            current = "via"
            if found is not None:
                found.add("via")
            out["via"].append(ln)
            continue
        block = _row_block(lines, k) if current in ("org_contact", "tech") else [ln]
        row = _row_role(_joined_row(block)) if current in ("org_contact", "tech") else None
        if row is not None:
            # a contacts table whose first column names each row's role, the row's cells wrapped onto the lines
            # under it ("Teknisk kontakt | Pernille Holm /" over "pernille@... / tlf." over "5413 6049"): the
            # row whole, in its role's part (its rest had gone to the part read before it)
            out[row].append(_joined_row(block))
            rest_of_row = len(block) - 1
            continue
        if len(text) < 70:
            for key, pat in _SECTION_RE:
                m = pat.match(text)
                # a heading, not "Organisation: Fjordby Kommune" (a labelled value)
                if m and (not m.group(1).strip() or m.group(1).strip().startswith("(") or key != "organisation"):
                    if key == "organisation" and len(ln.segments) > 1:
                        break
                    if key == "ip" and current == "ip":
                        break
                    current = key
                    if found is not None:
                        found.add(key)
                    rest = m.group(1).strip()
                    if (not rest or rest.startswith("(") or rest == ":") and len(ln.segments) == 1:
                        heading = True
                    break
        if not heading:
            out[current].append(ln)
            if shared is not None and shared[0] == current:
                out[shared[1]].append(ln)
            last_heading = None
    return out


def _row_block(lines: list[Line], i: int) -> list[Line]:
    """Line i, a table's row, with the lines under it that its cells wrapped onto: each right under the one
    above (as close as a paragraph's lines), nothing of its own in the row's first column but the first
    cell's own wrapped words (in small letters: "Responsible for the" over "agreement"), every other cell
    starting at one of the row's cells."""
    ln = lines[i]
    block = [ln]
    if len(ln.segments) < 2:
        return block
    starts = [seg.x0 for seg in ln.segments]
    first = ln.segments[0]
    for nxt in lines[i + 1:]:
        above = block[-1]
        size = above.segments[-1].words[-1].bottom - above.segments[-1].words[-1].top
        if nxt.page != ln.page or not nxt.segments or not 0 <= nxt.top - above.bottom < 0.6 * size:
            break
        segs = nxt.segments
        if abs(segs[0].x0 - first.x0) < 3:
            if not segs[0].text[:1].islower() or len(segs[0].words) > 3:
                break  # a label or role of its own: the next row
            segs = segs[1:]
        if not segs or not all(any(abs(seg.x0 - x) < 3 for x in starts[1:]) for seg in segs):
            break
        block.append(nxt)
    return block


def _joined_row(block: list[Line]) -> Line:
    """A row and the lines its cells wrapped onto (`_row_block`) as one line: each piece's words after those of
    the cell it stands under."""
    ln = block[0]
    if len(block) == 1:
        return ln
    cells = [list(seg.words) for seg in ln.segments]
    for nxt in block[1:]:
        for seg in nxt.segments:
            k = min(range(len(cells)), key=lambda j: abs(ln.segments[j].x0 - seg.x0))
            last, first = (cells[k][-1] if cells[k] else None), seg.words[0]
            if last is not None and _CUT_EMAIL.search(last.text) and (
                    _EMAIL_TAIL.match(first.text) or _DOT_TAIL.match(first.text)):
                # an address cut where its cell wraps ("viggo.overgaard@noerreaa-" over "it.example"): one word
                # again, as _joined_emails joins it (set apart by a space, the cut piece was read as the address)
                cells[k][-1] = Word(without_tld_hyphen(last.text, first.text) + first.text, last.x0,
                                    max(last.x1, first.x1), last.top, first.bottom, last.source,
                                    break_at=domain_break(last.text, first.text))
                cells[k] += seg.words[1:]
                continue
            cells[k] += seg.words
    return Line(ln.page, ln.top, block[-1].bottom, [Segment(words) for words in cells])


def _options_beside(ln: Line) -> str | None:
    """The part a row's label names when its answer is a list of options beside it, the first on the label's row
    ("Forbindelsesvej | ☐ Selvstændigt", "Route of connection | ☑ Under KMD's agreement"): the label's role;
    else None."""
    if len(ln.segments) != 2 or not re.match(rf"\s*(?:{BOX_ANY})", ln.segments[1].text):
        return None
    label = ln.segments[0].text.strip()
    if re.search(BOX_ANY, label) or len(label.split()) > 6:
        return None
    return vocabulary.is_whole(label, "sections")


def _caption_over(ln: Line, after: list[Line]) -> bool:
    """Line `ln` is one caption set smaller right over its answer, the next line, whose first cell starts at the
    caption's left edge: a label, not a heading (a heading is set larger than what follows it)."""
    nxt = after[0] if after else None
    return (len(ln.segments) == 1 and nxt is not None and bool(nxt.segments) and caption_row(ln, nxt)
            and abs(nxt.segments[0].x0 - ln.segments[0].x0) <= 4)


def _role_label(ln: Line) -> tuple[str, Line] | None:
    """(role, the line with its label's role words left out) for a row whose label names a contact's role and
    the field after a dash ("Contact person – name", "IT contact 1 – e-mail"), or for such a caption alone on its
    line, over its answer ("Teknisk kontakt 3 – Fulde navn"); else None."""
    if not ln.segments:
        return None
    words = ln.segments[0].words
    found = role_and_field(words)
    if found is None:
        return None
    role, cut = found
    return role, Line(ln.page, ln.top, ln.bottom, [Segment(words[cut + 1:]), *ln.segments[1:]])


def _address_caption(ln: Line) -> bool:
    """A caption alone on its line naming a part of an address ("Street and no.", "Postnr. / By"), its answer
    under it: no contact person's field."""
    hit = label_of(ln.text, ["address", "postcity", "postcode"]) if len(ln.segments) == 1 else None
    return hit is not None and not hit[1].strip(" :")


def _second_role(ln: Line, role: str) -> tuple[str, str] | None:
    """(role, the other role) of a heading that names two parts at once with a slash ("D. Netværk (CIDR) /
    Installationssted"): the lines under it are read for both (the address had gone to the networks' part and
    was not found); None for a heading of one part."""
    text = ln.text
    if text.count("/") != 1 or not re.search(r"\s/\s", text):
        return None
    after = text.split("/", 1)[1].split()
    if not after:
        return None
    words = [Word(t, 0, 1, ln.top, ln.bottom) for t in ["Z.", *after]]  # the part's words as a heading of its own
    other = heading_role(Line(ln.page, ln.top, ln.bottom, [Segment(words)]))
    return (role, other) if other not in (None, "other", role) else None


# a technical contact given as the organisation's contact: "= organisatorisk kontakt (se ovenfor)", "Samme som
# kontaktpersonen", "Same as the organisational contact", "se ovenfor", "same as above"
_SAME_AS = re.compile(r"^\s*(?:=|samme\s+som|same\s+as|som)\s*(?:den\s+|the\s+|our\s+)?(?:organisatorisk\w*|"
                      r"organi[sz]ational|administrativ\w*|kontaktperson\w*|contact\s+person|ovenfor|above)\b"
                      r"|^\s*(?:se|see)\s+(?:ovenfor|above)\s*\.?\s*$", re.I)


def _same_as_org(ln: Line) -> Segment | None:
    """The cell of a line that gives a person as the organisation's contact again, or None."""
    return next((sg for sg in ln.segments if _SAME_AS.match(sg.text)), None)


def _same_as_contacts(lines: list[Line], f: _Form) -> list[Problem]:
    """Each technical contact written as "the organisational contact" is that person, in its place among the
    others (after the contacts whose addresses stand above it); where the organisation's contact was not read,
    the technical contacts are in doubt (one of them is not known), never said complete."""
    out: list[Problem] = []
    who = f.org_contact
    for k, ln in enumerate(lines):
        if _same_as_org(ln) is None:
            continue
        if not (who.name or who.email):
            out.append(new_problem("uncertain", "A technical contact is given as the organisation's contact person, "
                                   "whose details were not read.", field="technical_contacts"))
            continue
        above = len({m.group().lower() for x in lines[:k] for m in EMAIL_TOKEN.finditer(x.text)})
        f.technical_contacts.insert(min(above, len(f.technical_contacts)),
                                    dataclasses.replace(who, name_unread=None))
    return out


def _wrapped_labels(lines: list[Line]) -> list[Line]:
    """A label wrapped in its cell ("Organisationens" over "navn:", "Vej og" over "husnummer:") as one line:
    the whole label, then its value as it stands beside the label's two lines ("Mosede Strand" over
    "Laboratorium ApS"), so neither the label's last words take only the value's last line nor the
    label's first words leave their value unlabelled. Only where the two pieces, right under each other
    at one left edge and as close as a paragraph's lines, read together as one label we know."""
    out = list(lines)
    i = 0
    while i + 1 < len(out):
        joined = _join_label(out[i], out[i + 1])
        if joined is None:
            i += 1
            continue
        out[i:i + 2] = [ln for ln in joined if ln.segments]
        i += 1
    return out


def _wrapped_values(lines: list[Line], cuts: dict[int, float]) -> list[Line]:
    """A value that wrapped in its paragraph ("Organisationens navn:<tab>Hvidmose" over "Kommune", "Navn:
    Dorthe" over "Vestergaard", "Postnr. og by: 1302 København" over "K"): a word processor wraps a
    paragraph's last words back to its left edge, under the label, not under the value. The lone piece there
    is the value's rest only on evidence of that wrap: right under the label's line, as close as a
    paragraph's lines, in its size, no label, heading, box or number of its own, and its first word would
    not have fitted on the line above before the column's right edge (`cuts`: a page's cut between two
    columns; else the page's widest text)."""
    right: dict[int, float] = {}
    for ln in lines:
        right[ln.page] = max(right.get(ln.page, 0.0), ln.segments[-1].x1 if ln.segments else 0.0)
    out = [Line(ln.page, ln.top, ln.bottom, list(ln.segments)) for ln in lines]
    for i, ln in enumerate(out[:-1]):
        nxt = out[i + 1]
        if len(ln.segments) != 2 or len(nxt.segments) != 1 or nxt.page != ln.page:
            continue
        label, value = ln.segments
        piece = nxt.segments[0]
        # the words' own heights: a line of two columns is as tall as its tallest cell
        size = value.words[-1].bottom - value.words[-1].top
        below = piece.words[0]
        text = piece.text.strip()
        hit = label_of(label.text)
        if hit is not None and hit[0] == "name" and _first_name_wrapped(value, piece, size):
            ln.segments[1] = Segment(value.words + piece.words)  # "Navn | Signe" over "Christoffersen" in its cell
            nxt.segments.clear()
            continue
        # a label we know, or one we do not that ends in its colon ("Type:")
        labelled = (hit is not None and not hit[1] or label.text.rstrip().endswith(":") and len(label.text.split()) <= 5
                    or re.search(r"\?\s*:?\s*$", label.text) is not None)  # a question and its answer
        if (not labelled or abs(piece.x0 - label.x0) >= 3 or "@" in value.text
                or not -0.3 * size <= below.top - value.words[-1].bottom < 0.6 * size
                or abs((below.bottom - below.top) - size) > 0.2 * size or piece.bold != value.bold):
            continue
        # a street's house number wrapped ("Industrivænget" over "49") is the one piece that may hold digits
        number = (hit is not None and hit[0] == "address" and not re.search(r"\d", value.text)
                  and re.fullmatch(r"\d{1,4}[A-Za-z]?", text) is not None)
        if (len(text.split()) > 5 or re.search(r"[\d:@/?]|\w\.\w|" + BOX_ANY, text) and not number
                or label_of(text) is not None or _role_of_cell(nxt, piece) is not None
                or _NUMBERED.match(text) and not number or not re.search(r"\w", text)):
            continue
        cut = cuts.get(ln.page)
        edge = cut if cut is not None and value.x0 < cut else right[ln.page]
        first = piece.words[0]
        space = max(2.0, 0.25 * size)
        if value.x1 + space + (first.x1 - first.x0) <= edge:
            continue  # it would have fitted: a line of its own, not the value's rest
        ln.segments[1] = Segment(value.words + piece.words)
        nxt.segments.clear()
    return [ln for ln in out if ln.segments]


def _first_name_wrapped(value: Segment, piece: Segment, size: float) -> bool:
    """A person's name wrapped in its table cell: the value beside a name's label is one word, and the lone piece
    right under it at its edge, in its size and face, is the rest of a name ("Signe" over "Christoffersen"). Read
    apart, the first name alone was no name, and the contact after it lent this one its name."""
    below = piece.words[0]
    text = piece.text.strip()
    return (len(value.text.split()) == 1 and abs(piece.x0 - value.x0) < 3 and piece.bold == value.bold
            and -0.3 * size <= below.top - value.words[-1].bottom < 0.6 * size
            and abs((below.bottom - below.top) - size) <= 0.2 * size
            and 1 <= len(text.split()) <= 3 and not re.search(r"[\d:@/?]|" + BOX_ANY, text) and label_of(text) is None
            and looks_like_name(f"{value.text.strip()} {text}"))


def _join_label(ln: Line, nxt: Line) -> list[Line] | None:
    """(the label's line with its value, the rest of the next line) or None: see _wrapped_labels."""
    if nxt.page != ln.page or not ln.segments or not nxt.segments:
        return None
    size = ln.bottom - ln.top
    a, b = ln.segments[0], nxt.segments[0]
    # (a taller value beside the label may reach into the next line: a little overlap is still the cell)
    # (a heading in a bold face over a plain label is no label's first line: "Organisationens kontaktperson"
    # over "Navn:")
    # (or, without a colon, the field's word of a role's label: "Kontakt for organisationen – Fulde" over "navn")
    # (or a label's last words alone on the next line, begun in lower case, its value beside its first line:
    # "Organisationens juridiske navn / Legal name of" over "organisation", no colon in the table's labels)
    # (a note in the margin may stand on either line, right of the value's column)
    tail = len(ln.segments) >= 2 and all(sg.x0 >= ln.segments[1].x0 - 3 for sg in nxt.segments[1:]) \
        and b.text[:1].islower() and len(b.words) <= 3 and not b.text.rstrip().endswith(":")
    if abs(a.x0 - b.x0) >= 3 or not -0.3 * size <= nxt.top - ln.bottom < 0.6 * size \
            or not (b.text.rstrip().endswith(":") or _role_wrapped(a, nxt) or tail) or a.bold != b.bold:
        return None
    beside = ln.segments[1] if len(ln.segments) > 1 else None
    # (what stands under the value on the next line is the value's only in its column: a note in the page's
    # margin far right of it, "The CVR number is the 8-digit Danish company", is no organisation's name)
    below = nxt.segments[1] if len(nxt.segments) > 1 and label_of(nxt.segments[1].text) is None \
        and (beside is None or abs(nxt.segments[1].x0 - beside.x0) < 3) else None
    vx = below.x0 if below is not None else beside.x0 if beside is not None else None
    if vx is None:
        return None
    first = [w for w in a.words if w.x1 <= vx - 2]
    value = [w for w in a.words if w.x0 >= vx - 3]
    if len(first) + len(value) != len(a.words) or not first:
        return None
    if not value and beside is not None and abs(beside.x0 - vx) < 3 and label_of(beside.text) is None:
        value = beside.words
    head = " ".join(w.text for w in first)
    words = first + b.words
    if tail and len(first[-1].text) > 1 and first[-1].text.endswith("-"):
        # "Legal name of or-" over "ganisation": one word hyphenated at the cell's edge
        last = first[-1]
        words = [*first[:-1], dataclasses.replace(last, text=last.text[:-1] + b.words[0].text), *b.words[1:]]
    joined = " ".join(w.text for w in words)
    hit = label_of(joined)
    if hit is None and role_and_field(first + b.words) is not None:
        hit = ("role", "")  # a role and its field, read by the contacts' parts (`_role_label`)
    via = _VIA_LABEL.match(joined)
    if hit is None and via is not None and via.end() == len(joined):
        hit = ("via", "")  # "Connection" over "through:", the connection's label wrapped in its cell
    alone = label_of(b.text)
    # the first piece must make the label (a value's wrapped last word over the next label never does:
    # "Kommune" over "Company reg. no. (CVR):" is that label alone)
    # (unless the two pieces make one wording of the vocabulary whole: "Legal name of the" over "organisation:")
    whole = not re.search(r"\d", head) and vocabulary.is_whole(joined, "labels") is not None
    if ":" in head or hit is None or hit[1] or not (value or below) \
            or alone is not None and alone[0] == hit[0] and not whole and not tail:
        return None
    rest_ln = [sg for sg in ln.segments[1:] if not (sg is beside and value is beside.words)]
    rest_nxt = [sg for sg in nxt.segments[1:] if sg is not below]
    label = Segment(words)
    cells = [label] + ([Segment(value + (below.words if below is not None else []))]
                       if value or below is not None else [])
    return [Line(ln.page, ln.top, nxt.bottom, cells + rest_ln), Line(nxt.page, nxt.top, nxt.bottom, rest_nxt)]


def _role_wrapped(a: Segment, nxt: Line) -> bool:
    """The next line holds only the rest of a role's label that wrapped in its cell after the dash: a word or two
    in lower case that complete "<role> – <field>" ("Kontakt for organisationen – Fulde" over "navn")."""
    b = nxt.segments[0]
    return len(nxt.segments) == 1 and len(b.words) <= 2 and b.text[:1].islower() \
        and role_and_field(a.words + b.words) is not None


def _heading_wraps(head: Line, ln: Line) -> bool:
    """`ln` is the rest of the heading `head` wrapped in its cell: one cell right under it, at its left
    edge, in its face, size and case, as close as a paragraph's lines, neither numbered nor a label's colon
    (its words may be a label's alone: "ORGANISATION")."""
    if len(head.segments) != 1 or len(ln.segments) != 1 or ln.page != head.page:
        return False
    a, b = head.segments[0], ln.segments[0]
    # the words' own heights and gap: in two columns a line is as tall as the other column's cells beside it
    top_a, bottom_a = min(w.top for w in a.words), max(w.bottom for w in a.words)
    top_b, bottom_b = min(w.top for w in b.words), max(w.bottom for w in b.words)
    size = bottom_a - top_a
    above, text = a.text.strip(), b.text.strip()
    return (abs(a.x0 - b.x0) < 3 and a.bold == b.bold and abs((bottom_b - top_b) - size) <= 0.15 * size
            and -0.1 * size <= top_b - bottom_a < 0.6 * size and above.isupper() == text.isupper()
            # a question ends at its mark, a remark in brackets after it too ("Hvem er kontaktperson for aftalen?
            # (navn, e-mail og telefon)" over the contact's name: the name had been joined to the question)
            and not re.sub(r"\s*\([^()]*\)\s*$", "", above).endswith((":", "?", ".")) and ":" not in text
            and not (_NUMBERED.match(text) or _PART.match(text)) and not re.search(r"[\d@/]", text))


@dataclass
class _Contact:
    """A contact as the reader gathers it from a row or labelled lines, with what it doubts of its values
    (said as problems once the contact's place in the form is known)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    # not valid; cut where its cell wraps; maybe none; joined from two lines where a hyphen may have stood
    email_doubt: Literal["bad", "cut", "odd", "joined", "page"] | None = None
    bad_phone: bool = False
    phone_cut: bool = False  # read in part (a country code alone, a rest left below): never "invalid"
    # words beside its address or phone that no name was told from ("Primær tekniker Nikolaj Krøyer", a role
    # cell run into the name's): its name is there, unread, never "missing"
    name_unread: str | None = None
    email_ways: tuple[str, ...] = ()  # "joined": the address as joined and read the other way at its break

    def person(self) -> Person:
        """The contact as the party's case keeps it: its doubts are said as problems, never kept."""
        return Person(name=self.name, email=self.email, phone=self.phone)


@dataclass
class _Form:
    """The form's values as the reader finds them, one by one (the party type as written), made the
    document model's `FormFields` once all are read."""

    organisation: str | None = None
    cvr: str | None = None
    party_type: str | None = None
    connected_via: str | None = None
    org_contact: _Contact = dataclasses.field(default_factory=_Contact)
    technical_contacts: list[_Contact] = dataclasses.field(default_factory=list)
    ip_scopes: list[str] = dataclasses.field(default_factory=list)
    installation_address: dict[str, str | None] = dataclasses.field(default_factory=dict)

    def typed(self) -> FormFields:
        """The model's fields, each given (so the contract prints each, absent ones as null), in the
        contract's order; a party type this version does not know is none (as the model's validator says)."""
        a = self.installation_address
        return FormFields(
            organisation=self.organisation, cvr=self.cvr, party_type=_known_type(self.party_type),
            connected_via=self.connected_via, org_contact=self.org_contact.person(),
            technical_contacts=[c.person() for c in self.technical_contacts], ip_scopes=self.ip_scopes,
            installation_address=Address(street=a.get("street"), postcode=a.get("postcode"), city=a.get("city")))


def _rows_unread(lines: list[Line], contacts: list[_Contact]) -> str | None:
    """The text of a table row holding a person's name, e-mail address and phone number in cells of their own
    whose address none of `contacts` holds, if any. An address wrapped in its cell ("rasmus.skovbo@noerreaa-"
    over "it.example") is held by the contact whose address begins with it: that row was read, its rest with it."""
    held = {c.email.casefold() for c in contacts if c.email}
    for ln in lines:
        if len(ln.segments) < 3:
            continue
        mails = [sg.text.strip().casefold() for sg in ln.segments if EMAIL_TOKEN.fullmatch(sg.text.strip())]
        if len(mails) != 1 or "medcom" in mails[0] or mails[0] in held:
            continue
        if _cut_address(mails[0]) and any(h.startswith(mails[0]) for h in held):
            continue  # an address its cell wrapped ("lasse@vester-" over "lyng.example"): a contact read holds it
        if any(phone_like(sg.text) for sg in ln.segments) and any(looks_like_name(sg.text) for sg in ln.segments):
            return ln.text
    return None


def _phones_unread(lines: list[Line], contacts: list[_Contact]) -> str | None:
    """The text of a row whose contact was read without a phone while a phone stands in a cell of that very row,
    or begins there after the address (a table's phone column run over into the next part, read as that part's;
    a narrow column's phone one group a line): which phone is whose is for staff to see, never "not given"."""
    for c in contacts:
        if c.phone or not c.email:
            continue
        for ln in lines:
            mine = [sg for sg in ln.segments if _begins_address(sg.text, c.email)]
            if mine and any(phone_like(sg.text) or sg.x0 > mine[0].x1 and _PHONE_BEGUN.fullmatch(sg.text.strip())
                            for sg in ln.segments if sg not in mine):
                return ln.text
    return None


# a phone's first group alone in its cell, the rest wrapped under it ("+45" / "74" / "60"...)
_PHONE_BEGUN = re.compile(r"\(?(?:\+|00)\d{2,3}\)?|\d{2,4}")


def _begins_address(cell: str, mail: str) -> bool:
    """The cell holds the address whole, or its start up to where its cell wrapped it ("emli@boegeskov-")."""
    text, mail = cell.strip().casefold(), mail.casefold()
    return text == mail or ("@" in text and len(text) >= 6 and mail.startswith(text))


def _tld_cut(mail: str | None) -> bool:
    """An address whose domain ends in the first letters of a known end of a domain and no known end itself
    ("@boegeskov-sundhed.examp", a sheet's cell that clipped it): read as far as it was drawn, maybe cut."""
    domain = (mail or "").rsplit("@", 1)[-1]
    if "@" in (mail or "") and domain.endswith(("-", ".")):
        return True  # "...@noerreaa-" (its rest "it.example" under it, run into the phone's cell): cut at the wrap
    end = domain.rsplit(".", 1)[-1].casefold()
    return bool(end) and end not in TOP_LEVEL_DOMAINS and any(t.startswith(end) for t in TOP_LEVEL_DOMAINS)


def _cut_address(mail: str) -> bool:
    """An address that stops where its cell wrapped it: at a hyphen or a dot, or before a known end of a domain
    ("hanne@egelev.exa" over "mple")."""
    return mail.endswith(("-", ".")) or mail.rsplit("@", 1)[-1].rsplit(".", 1)[-1] not in TOP_LEVEL_DOMAINS \
        or "." not in mail.rsplit("@", 1)[-1]


def _unplaced_mail(lines: list[Line], fields: FormFields) -> bool:
    """An e-mail address on the form (not MedCom's, not a bare domain) that none of the contacts read holds: a
    contact's place with a person's address in or near it was not read, so no contact's place was seen empty."""
    held = {c.email.casefold() for c in [fields.org_contact, *fields.technical_contacts] if c and c.email}
    for ln in lines:
        for m in EMAIL_TOKEN.finditer(ln.text):
            mail = m.group(0).strip(".").casefold()
            if "medcom" in mail or not re.search(r"@[\w-]+\.", mail):
                continue
            if not any(mail in h or h in mail for h in held):
                return True
    return False


def _known_type(written: str | None) -> PartyType | None:
    """A party type this version does not know is none: staff place the party (as `FormFields` validates)."""
    return PartyType(written) if written is not None and written in PartyType._value2member_map_ else None


def read_information_form(content: PdfContent) -> tuple[FormFields, list[Problem]]:
    """Fields (contracts.md section 1) and problems of a filled-in information form, as the document model's
    `FormFields` and `Problem`s."""
    marked = crosses_as_no(yes_no_options(content.lines))
    content = dataclasses.replace(content, lines=_mail_into_its_row(
        questions_answered(labels_first(persons_down(qa_unmarked(marked))), heading_role)))
    headed: set[str] = set()
    columned: dict[int, float] = {}
    secs = _sections(content.lines, headed, columned)
    f = _Form()
    problems: list[Problem] = []
    repeated = _repeated(content.lines)
    side_by_side = _side_by_side(content.lines)

    def empty(section: str, keys: list[str] | None = None, lines: list[Line] | None = None) -> bool:
        """A missing item's place was found empty: a label of `keys` with nothing after it, or the section
        (its heading seen) holding nothing but labels, leaders and boxes."""
        where = lines if lines is not None else secs[section]
        if keys and not secs[section] and any(not _no_value(h.value) for h in find_labels(content.lines, keys)):
            return False  # nothing read under its heading, its labels answered elsewhere: read into another part
        # in two columns a part's rows stand between the other column's, so a heading with nothing under
        # it may have lost its values to the other column's part: only a place seen empty is evidence there
        return bool((keys and _empty_label(where, keys, content.lines)) or (section in headed and _holds_nothing(
            secs[section], section, repeated, need_place=bool(columned) or side_by_side)))

    head = secs["organisation"] + secs["party_type"]
    person_named = False
    for h in find_labels(head, ["organisation", "cvr", "name"]):
        if h.value and not is_label(h.value):
            if h.key in ("organisation", "name") and f.organisation is None:
                if (not re.search(r"[^\W\d_]{2}", h.value) or _NUMBERED.match(h.value) and len(h.value) > 40
                        or re.fullmatch(r"(?:DK)?[\s-]*(?:\d[\s-]*){8}", h.value.strip(), re.I)):
                    continue  # a number ("97122849", "DK40090975") or a clause heading is no organisation's name
                if _another_label(h.value):
                    # a header row: the next field's label beside it, the name under it in its column
                    below = _under_hit(head, h.line, h.x0)
                    if not below or _another_label(below) or not re.search(r"[^\W\d_]{2}", below):
                        continue
                    h.value = below
                f.organisation, rest_below = _wrapped_name(head, h, clean(h.value))
                if rest_below:
                    problems.append(new_problem(
                        "uncertain", f"The organisation was read as \"{f.organisation}\", with \"{rest_below}\", "
                        "which stands under its first line in its cell as a wrapped name's rest does, though it had "
                        "room beside it: it may be a line of its own.", field="organisation"))
                # a generic "Name" whose value reads as a person's name may be a contact's, not the party's
                person_named = h.key == "name" and looks_like_name(h.value) and not _names_organisation(h.value)
            elif h.key == "cvr" and f.cvr is None and re.search(r"\d", h.value) and not foreign_registration(h.value) \
                    and (cvr_digits(h.value) or re.fullmatch(r"(?:DK)?[\s.\-\d]{4,}", h.value.strip(), re.I)):
                # (a number written as a number: "8-cifret nummer", a note's words beside a CVR label, is none)
                # a CVR label followed by words only ("Foreign company") holds no number, and one followed by another
                # country's number ("Org.nr. 556941-1705") no CVR
                f.cvr = cvr_digits(h.value) or clean(h.value)
    if f.cvr is None:  # no label we know: the one valid CVR in the organisation's part is its CVR
        # (a contact's line is no CVR's: its phone's eight digits may pass the check too)
        found = {d for ln in head if "@" not in ln.text for d in [cvr_digits(ln.text)] if d and cvr_valid(d)}
        f.cvr = found.pop() if len(found) == 1 else None
    if f.organisation is None:
        f.organisation = _name_before_cvr(secs["organisation"], f.cvr)
    if f.organisation is None:
        part = secs["organisation"]
        f.organisation = next((clean(after_unknown_label(s.text)) for k, ln in enumerate(part)
                                  for s in ln.segments if org_like(after_unknown_label(s.text))
                                  and label_of(s.text) is None and not re.search(BOX_ANY, s.text)
                                  and not _names_the_network(s.text) and not _instructed(ln)
                                  and vocabulary.is_whole(s.text, "party_types") is None
                                  and not _names_another(s.text) and not _option_goes_on(part[:k], s)), None)
    if f.organisation is None:
        f.organisation = _asked_name(secs["organisation"])
    f.organisation, f.cvr = _from_letterhead(content.lines, f.organisation, f.cvr)
    f.organisation = legal_form_below(content.lines, f.organisation)
    f.party_type = _party_type(secs["party_type"] or secs["organisation"])
    if f.party_type is None and not secs["party_type"]:
        # its heading not known (asked in words of the form's own, "Hvad er I?"), the ticked option may stand
        # in the part read before it (the right one of two parts side by side): a party type ticked is one
        f.party_type = _party_type([ln for k, v in secs.items() if k not in ("organisation", "via") for ln in v])
    if f.party_type is None:
        f.party_type, unread = _labelled_type(secs["party_type"] + secs["organisation"])
        if unread:
            problems.append(new_problem("uncertain", f"The type of party is written as \"{unread}\", which the "
                                        "reader does not know as a type of party.", field="party_type"))
    if f.party_type is None:
        f.party_type = _lone_answer(secs["party_type"])
    if f.party_type is None and secs["party_type"]:
        f.party_type, unsure = _written_option(secs["party_type"], "party_types")
        if unsure:
            problems.append(new_problem("uncertain", "The type of party could not be told: " + unsure,
                                        field="party_type"))
    if f.organisation and _only_kind(f.organisation):
        problems.append(new_problem("uncertain", f"The organisation was read as \"{f.organisation}\", only the "
                                    "word organisations are named with; the rest of its name was not found.",
                                    field="organisation"))
    if f.organisation and _CUT_SHORT.search(f.organisation):
        problems.append(new_problem("uncertain", f"The organisation was read as \"{f.organisation}\", which ends in a "
                                    "word that joins it to more: the rest of its name was not found.",
                                    field="organisation"))
    if person_named:
        problems.append(new_problem("uncertain", f"The organisation was read as \"{f.organisation}\" under a "
                                    "label that only says name; it reads as a person's name.", field="organisation"))
    via_lines = secs["via"] or _via_questions(content.lines) or _ticked_connection(head) or _via_boxes(content.lines)
    f.connected_via, unnamed = _connected_via(via_lines)
    if f.connected_via:  # "via Novax" after a yes ("Ja, via Novax"): the provider is Novax
        f.connected_via = re.sub(r"^(?:via|through|gennem|igennem)\s+", "", f.connected_via, flags=re.I) or None
    if f.connected_via is None and not unnamed and _no_to_each(via_lines):
        problems.append(new_problem("uncertain", "How the party is connected was asked as two questions, KMD and a "
                                    "system provider, both answered no, and no direct connection was ticked or "
                                    "written: how it connects was not found.", field="connected_via"))
    if unnamed:
        problems.append(new_problem("uncertain", "The party is connected through a system provider, but the "
                                    "provider's name was not found.", field="connected_via"))
    if f.connected_via not in (None, "KMD") and _sentence(f.connected_via):
        problems.append(new_problem("uncertain", f"How the party is connected is written as \"{f.connected_via}\", "
                                    "which names neither KMD, a system provider nor none.", field="connected_via"))
    lost = _lost_boxes(secs["via"])
    if lost:
        f.connected_via = None
        problems.append(new_problem("uncertain", "How the party is connected (KMD, a system provider or neither) "
                                    "could not be told: " + lost, field="connected_via"))

    domains = domain_names(content.lines)
    org = _contacts(secs["org_contact"], domains)
    f.org_contact = org[0] if org else _Contact()
    f.technical_contacts = _contacts([ln for ln in secs["tech"] if _same_as_org(ln) is None], domains)
    problems += _same_as_contacts(secs["tech"], f)
    if any(c.phone and not c.name and not c.email for c in f.technical_contacts):
        # a phone number alone is no contact the reader can vouch for: its name and address were not found beside
        # it (captions it does not know, a layout it did not follow), so which person it is, and whether others
        # were missed, is for staff to see
        problems.append(new_problem("uncertain", "A technical contact was read as a phone number alone, with no name "
                                    "or e-mail address beside it: the contacts may not have been read right.",
                                    field="technical_contacts"))

    lost_row = _rows_unread(content.lines, [f.org_contact, *f.technical_contacts])
    if lost_row:
        # a contact's row of a table (a name, an address and a phone in cells of their own) that no contact read
        # holds: the contacts were not read right, and which row is whose is for staff to see
        problems.append(new_problem("uncertain", "A contact's row on the form was not read as any contact: "
                                    f"{lost_row[:200]!r}.", field="technical_contacts", seen=lost_row[:200]))

    for field, people in (("org_contact", [f.org_contact]), ("technical_contacts", f.technical_contacts)):
        lost_phone = _phones_unread(content.lines, people)
        if lost_phone:
            problems.append(new_problem("uncertain", "A contact was read without a phone, but a phone stands in its "
                                        f"row: {lost_phone[:200]!r}.", field=field, seen=lost_phone[:200]))

    # a label's dotted leaders run into the network ("Network 1.......10.223.14.0/24"): leaders are no part of it
    f.ip_scopes, found_nets = read_networks(_without_cvr(re.sub(r"[.…_]{3,}", " ", ln.text), f.cvr)
                                            for ln in secs["ip"] or content.lines)
    problems += found_nets

    f.installation_address = _address(secs["address"])

    # ------------------------------------------------------------------ checks
    if f.cvr and not cvr_valid(f.cvr):
        problems.append(new_problem("invalid_cvr", f"The CVR number {f.cvr} fails the modulus-11 check."))
    fields = f.typed()
    addr = fields.installation_address or Address()
    # what is missing is the core's judgement (mailbot/core/judgements/missing.py); the reader says where it
    # found an item's place empty (evidence, mailbot/core/certainty.py): the party is asked only for those
    # the judgement reads the party type as written (one this version does not know is no missing one)
    absent = missing.form_items(fields.model_dump() | {"party_type": f.party_type},
                                invalid_scopes=any(p.code == "invalid_ip_scope" for p in problems))
    address_keys = {"street": ["address"], "postcode": ["postcode", "postcity"], "city": ["city", "postcity"]}

    def seen_empty(it: missing.Item) -> bool:
        if it.field in ("organisation", "cvr"):
            return _only_empty(content.lines, it.field)
        if it.field == "party_type":  # every option stands with its box, and none is ticked
            return ("party_type" in headed and any(re.search(BOX_ANY, ln.text) for ln in secs["party_type"])
                    and not _checked(secs["party_type"]) and not _option_lines(secs["party_type"], "party_types"))
        if it.field in ("org_contact", "technical_contacts") and _unplaced_mail(content.lines, fields):
            return False  # a person's address on the page that no contact read holds: a contact was not read
        if it.field in ("org_contact", "technical_contacts") and any(
                c.name_unread for c in [f.org_contact, *f.technical_contacts]):
            return False  # words stood where a name goes, unread: no place was seen empty
        if it.field == "org_contact" and it.part == "email_or_phone":
            return (_empty_label(secs["org_contact"], ["email"], content.lines)
                    and _empty_label(secs["org_contact"], ["phone"], content.lines)
                    or empty("org_contact"))
        if it.field == "org_contact":
            return empty("org_contact", ["name"])
        if it.field == "technical_contacts":
            return empty("tech", [it.part] if it.part else None)
        if it.field == "ip_scopes":
            return empty("ip")
        return empty("address", address_keys[it.part or "street"])

    found_empty = {it for it in absent if seen_empty(it)}
    unfound = [str(it.part) for it in absent if it.field == "installation_address" and it not in found_empty]
    if unfound and (addr.street or addr.postcode or addr.city):
        # read only in part, the rest not seen: the parts read may stand for others (a postcode in the street's
        # place), so staff look before anyone acts on it
        problems.append(new_problem("uncertain", "The installation address was read only in part (not found: "
                                    + ", ".join(unfound) + ").", field="installation_address"))
    problems += missing.judged(absent, lambda it: "found_empty" if it in found_empty else "not_found")
    for who, field, c in [("organisational contact", "org_contact", f.org_contact)] + [
            (f"technical contact {i}", f"technical_contacts[{i - 1}]", c)
            for i, c in enumerate(f.technical_contacts, 1)]:
        if c.email_doubt == "bad":
            problems.append(new_problem("invalid_email", f"The {who}'s e-mail address {c.email} is not valid.",
                                        detail=c.email, field=field))
        if c.email_doubt == "cut":
            problems.append(new_problem("uncertain", f"The {who}'s e-mail address was read as {c.email}, where "
                                        "its cell wraps onto a line below that may hold the rest of it.", field=field))
        if c.email_doubt == "joined":
            problems.append(new_problem("uncertain", f"The {who}'s e-mail address was read as {c.email}, joined from "
                                        "two lines of its cell: a hyphen may have stood where it breaks.", field=field,
                                        **({"ways": list(c.email_ways)} if c.email_ways else {})))
        if c.email_doubt == "page":
            problems.append(new_problem("uncertain", f"The {who}'s e-mail address was read as {c.email}, joined from "
                                        "the foot of one page and the head of the next.", field=field))
        if c.email_doubt == "odd":
            problems.append(new_problem("uncertain", f"The {who}'s e-mail address was read as {c.email}, with no "
                                        "label, name or phone beside it, and not a valid address: it may be no "
                                        "address at all.", field=field))
        if c.bad_phone:
            problems.append(new_problem("invalid_phone", f"The {who}'s phone number {c.phone} is not valid.",
                                        detail=c.phone, field=field))
        if c.name_unread and not c.name:
            problems.append(new_problem("uncertain", f"The {who}'s name could not be told from the words beside "
                                        f"their address or phone: {c.name_unread[:80]!r}.", field=field,
                                        seen=c.name_unread[:200]))
        if c.phone_cut:
            problems.append(new_problem("uncertain", f"The {who}'s phone number was read as {c.phone}, only part of a "
                                        "number (a country code alone, or digits left on the line under it): the rest "
                                        "of the number may stand where the reader did not join it.", field=field))
    return fields, problems


_LEADERS_ONLY = re.compile(r"^[\s.…_|:;\-–—]*$")
_CONTACT_NO = re.compile(r"^\s*(?:teknisk\s+)?(?:kontaktperson|contact(?:\s+person)?)\s*\d\s*:?\s*$", re.I)


# a name that ends in a word that only joins it to more ("Tandlægerne i", "Center for"): cut where its cell
# wrapped, the rest of it not found
_CUT_SHORT = re.compile(r"\s(?:i|og|af|for|ved|på|til|under|hos|the|of|and|at|in|&|-|–)$", re.I)


def read_networks(texts: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Every network in the texts, each once, with what is wrong with each and which overlap: the form's
    cells and a letter's sentences are read alike."""
    scopes: list[str] = []
    problems: list[Problem] = []
    for text in texts:
        text = _sentence_ends(text)
        for m in IP_TOKEN.finditer(text):
            token = m.group(0)
            if _an_example(text[:m.start()]):
                continue  # "Angiv net i CIDR-notation, fx 10.0.0.0/24": the instructions' example, no value
            if _CVR_BEFORE.search(text[:m.start()]) and re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{2}", token.strip()):
                continue  # "CVR-nummer 25.26.10.03": the CVR written in pairs with dots, no network
            net, reasons = network_norm(token)
            if net is None:
                problems.append(new_problem("invalid_ip_scope", f"{token.strip()} is not a valid network in CIDR form.",
                                            detail=token.strip(), reason="invalid"))
                continue
            if reasons:
                problems.append(new_problem("invalid_ip_scope", f"{token.strip()}: " + "; ".join(reasons) + ".",
                                            detail=token.strip(), network=net, reason=_reason_key(reasons[0])))
            if net not in scopes:
                scopes.append(net)
    for a, b in overlapping(scopes):
        problems.append(new_problem("ip_scope_overlap", f"The networks {a} and {b} overlap.", networks=[a, b]))
    return scopes, problems


# a CVR's label right before a value: "CVR-nummer ", "CVR no.: ", "CVR-nr. "
_CVR_BEFORE = re.compile(r"\bCVR\b[\w.\- ]{0,12}?[:.]?\s*$", re.I)


def _without_cvr(text: str, cvr: str | None) -> str:
    """A line without the party's CVR number written in pairs with dots ("65.54.20.80"): four numbers and three
    dots are no network when they are the CVR read from the form."""
    if not cvr or not re.fullmatch(r"\d{8}", cvr):
        return text
    return re.sub(rf"(?<![\d.]){cvr[:2]}\.{cvr[2:4]}\.{cvr[4:6]}\.{cvr[6:]}(?![\d./])", " ", text)


def _instruction(text: str) -> bool:
    """The words tell the party how to answer ("Tick one", "Sæt kryds", "Vælg én"): never a value."""
    return vocabulary.norm(text) in vocabulary.words("choose")


def _instructed(ln: Line) -> bool:
    """A line that opens with an instruction to choose: the answer beside it is an option chosen (a drop-down's,
    "Tick one<tab>Private hospital or clinic"), never the organisation's name."""
    return bool(ln.segments) and _instruction(ln.segments[0].text)


def _an_example(before: str) -> bool:
    """The words right before a network introduce an example ("fx", "e.g.", "for example:")."""
    tail = vocabulary.norm(EMAIL_TOKEN.sub(" ", before)[-24:])  # "x@y.example" is an address, not "for example"
    return any(tail == w or tail.endswith(" " + w) for w in vocabulary.words("example"))


def _sentence_ends(text: str) -> str:
    """A network that ends a sentence ("... must be opened: 10.1.2.0/24. We connect ..."): the full stop
    is the sentence's, not part of the network (else the network is read without its prefix)."""
    return re.sub(r"(\d)\.(?=\s|$)", r"\1 ", text)


def _name_before_cvr(lines: list[Line], cvr: str | None) -> str | None:
    """An organisation's name and its CVR run together in one cell ("Nørreå Medical GmbH, dansk filial
    DK-52851181", values over their captions set close), or in the cells of one row: the name is what
    stands before the party's CVR, when it names an organisation ("... AB, filial af svensk selskab" ends in
    no word organisations end in, but holds one)."""
    if not cvr:
        return None
    for ln in lines:
        for seg in ln.segments:
            # the name, a separator (a comma, a middle dot: "Klinik Egelev ApS · CVR nr. DK-57316705"), the CVR
            # ("... · CVR-nummer (SE) DK-81823626": the label may carry a remark in brackets)
            m = re.match(r"^(.*?[^\W\d_].*?)[\s,·•|]+(?:(?:danish\s+|dansk\s+)?CVR[\s.:-]*"
                         r"(?:nr|no|nummer|number)?[\s.:-]*(?:\([^()]{1,12}\)[\s.:-]*)?)?"
                         r"(?:DK)?[\s-]*((?:\d[\s-]?){8})\s*$", seg.text, re.I)
            # a name never holds the CVR's own label: one that does ran on past a label not understood
            if m and cvr_digits(m.group(2)) == cvr and _names_organisation(m.group(1)) \
                    and label_of(m.group(1)) is None and not re.search(r"\bCVR\b", m.group(1), re.I):
                return clean(m.group(1))
        # or in the cell before the CVR's on its row ("Kragsø Health AB, filial af svensk selskab | DK-25449878")
        at = next((k for k, seg in enumerate(ln.segments) if cvr_digits(seg.text) == cvr), None)
        if at:
            name = ln.segments[at - 1].text
            if (_names_organisation(name) and not re.search(r"\d|@|" + BOX_ANY, name) and label_of(name) is None
                    and not _names_the_network(name)):
                return clean(name)
    return None


# a question that asks for the organisation's name ("What is the name of your organisation?", "Hvad hedder jeres
# organisation?"): its answer is the name whatever its words look like ("Fysioterapi Lindholt")
_NAME_QUESTION = re.compile(r"\b(?:name|named|called|navn\w*|hedder)\b[^?]*\?\s*$"
                            # or a numbered question without its mark that asks for the organisation's name
                            # ("1. Full legal name of your organisation", "1. Organisationens fulde navn")
                            r"|^\s*\d{1,2}[.)]\s+(?=[^?:]*\b(?:organi[sz]\w*|virksomhed\w*|company)\b)"
                            r"[^?:]*\b(?:name|navn\w*)\b[^?:]*$", re.I)


def _letterhead(lines: list[Line]) -> list[Line]:
    """The first page's running header: its lines above all others that stand again at the same height on
    another page (the party's name and CVR set in a Word file's page header). The form's sections leave them out
    as page furniture; only the first page's copy is given, and nothing from the foot of a page."""
    pages = {ln.page for ln in lines}
    if len(pages) < 2:
        return []
    first = min(pages)
    seen = {(seg.text.strip(), round(ln.top / 4)) for ln in lines if ln.page != first for seg in ln.segments}
    out: list[Line] = []
    for ln in (x for x in lines if x.page == first):
        if not ln.segments or not all((seg.text.strip(), round(ln.top / 4)) in seen for seg in ln.segments):
            break
        out.append(ln)
    return out


# "Fysioterapi Lindholt · CVR nr. 82 33 27 90", "Region Birkelund · CVR DK-43212494": a name, a separator, the CVR
# (the label may be "Danish CVR number", or carry a remark in brackets: "CVR-nummer (SE)")
_NAME_AND_CVR = re.compile(r"^\s*(?P<name>[^\W\d_][^@:·•|]*?)\s*[,·•|]\s*(?:danish\s+|dansk\s+)?CVR[\s.:-]*"
                           r"(?:nr|no|nummer|number)?[\s.:-]*(?:\([^()]{1,12}\)[\s.:-]*)?"
                           r"(?:DK)?[\s-]*(?P<cvr>(?:\d[\s-]?){8})\s*$", re.I)


def _from_letterhead(lines: list[Line], organisation: str | None, cvr: str | None) -> tuple[str | None, str | None]:
    """(organisation, CVR), each taken from the party's name and CVR in the form's running header where the form's
    own fields left it unread and what they did read agrees with the header (the same name, the same CVR): a
    supplier's letterhead over a practice's form names another organisation than the one the form answers for."""
    if organisation is not None and cvr is not None:
        return organisation, cvr
    for ln in _letterhead(lines):
        for seg in ln.segments:
            m = _NAME_AND_CVR.match(seg.text)
            if not m:
                continue
            name, digits = clean(m.group("name")), cvr_digits(m.group("cvr"))
            if (not name or not digits or not cvr_valid(digits) or digits == MEDCOM_CVR
                    or re.search("medcom", name, re.I) or len(name.split()) > 8 or label_of(name) is not None
                    or _names_another(name)):
                continue
            if organisation is not None and vocabulary.norm(organisation) != vocabulary.norm(name):
                return organisation, cvr
            if cvr is not None and cvr != digits:
                return organisation, cvr
            return organisation or name, cvr or digits
    return organisation, cvr


def _names_another(text: str) -> bool:
    """A value after a label naming the party's supplier, vendor or umbrella ("journalsystemleverandør: Medisys
    Nord ApS", "Vendor: X A/S"): another organisation than the party."""
    label = text.partition(":")[0] if ":" in text else ""
    return bool(re.search(r"leverandør|supplier|vendor|provider|\bKMD\b|paraply|umbrella", label, re.I))


def _option_goes_on(before: list[Line], seg: Segment) -> bool:
    """`seg` is the rest of a ticked or open option wrapped onto its line ("☑ Gennem vores" over
    "journalsystemleverandør: Medisys Nord ApS"): the line right above holds a box whose words start at its edge."""
    if not before or not before[-1].segments:
        return False
    above = before[-1]
    size = max(6.0, above.bottom - above.top)
    return any(re.match(rf"\s*(?:{BOX_ANY})", a.text) and -24 <= seg.x0 - a.x0 <= 24 for a in above.segments) \
        and 0 <= seg.words[0].top - above.bottom < 1.2 * size


def _asked_name(lines: list[Line]) -> str | None:
    """The answer to the question that asks for the organisation's name: the line right under it, at its left
    edge or indented under it, alone there, a few words with letters that are no label, no option, no number,
    no address and no note or sentence ("(as registered in CVR)", "Write the legal name.")."""
    for k, ln in enumerate(lines):
        if (len(ln.segments) == 2 and _NAME_QUESTION.search(ln.segments[0].text)
                and re.search(r"organi[sz]|virksomhed|company|firma|myndighed|institution", ln.segments[0].text, re.I)):
            # asked and answered on one line ("What is the full legal name of your organisation? | Hospitalsenheden
            # Kragsø"): the question names the organisation, not a person
            text = clean(ln.segments[1].text) or ""
            if (re.search(r"[^\W\d_]{2}", text) and not re.search(r"[@?:]|\d{3}|^\(|\.$|" + BOX_ANY, text)
                    and len(text.split()) <= 8 and label_of(text) is None and not is_label(text)
                    and vocabulary.is_whole(text, "party_types") is None):
                return text
            continue
        if len(ln.segments) != 1 or not _NAME_QUESTION.search(ln.text) or k + 1 >= len(lines):
            continue
        below = lines[k + 1]
        text = clean(below.text) or ""
        pitch = below.top - ln.bottom
        if (below.page != ln.page or len(below.segments) != 1 or not -4 <= below.x0 - ln.x0 <= 40
                or not 0 <= pitch <= 2.0 * (ln.bottom - ln.top)):
            return None
        if (not re.search(r"[^\W\d_]{2}", text) or re.search(r"[@?:]|\d{3}|^\(|\.$|" + BOX_ANY, text)
                or len(text.split()) > 8 or label_of(text) is not None or is_label(text)
                or _names_the_network(text) or vocabulary.is_whole(text, "party_types") is not None):
            return None
        return text
    return None


def _names_the_network(text: str) -> bool:
    """A line that names the network the form is for ("Connecting to the Health Data Network", "MedCom"):
    a title or a sentence about it, never the party's name."""
    toks = vocabulary.norm(text).split()
    return any(" ".join(toks[i:i + len(w.split())]) == w for w in vocabulary.words("sdn") for i in range(len(toks)))


def _under_hit(lines: list[Line], i: int, x0: float) -> str | None:
    """The cell right under the label at x0 on line i, a row's pitch below, in the label's column."""
    if i + 1 >= len(lines):
        return None
    ln, nxt = lines[i], lines[i + 1]
    if nxt.page != ln.page or nxt.top - ln.bottom > 1.8 * max(6.0, ln.bottom - ln.top):
        return None
    cell = next((s for s in nxt.segments if abs(s.x0 - x0) < 8), None)
    return cell.text.strip() if cell is not None and not _caption(cell.text) else None


def _another_label(value: str) -> bool:
    """What stands beside an organisation label is the next field's label, not a name: in a header row or
    a row of labels under their values ("Organisation (legal name) | VAT/CVR number", "Juridisk enhed |
    Dansk CVR-nummer"), its last words name a field of another kind and it holds no digit, @ or box."""
    if re.search(r"[\d@]|" + BOX_ANY, value) or len(value.split()) > 6:
        return False
    kinds = ["cvr", "email", "phone", "address", "postcode", "postcity", "date", "signature", "title"]
    value = re.sub(r"\s*\([^()]{1,30}\)\s*$", "", value) or value  # "CVR-nr. (Danmark)"
    if re.search(r"(?:\b|\.)(?:nr|no|nummer|number|numero)\.?\s*$", value, re.I):
        return True  # a number's label with no number: "Udenlandsk reg.nr.", "Foreign company number"
    return vocabulary.match_end(value, "labels", kinds) is not None or label_of(value, kinds) is not None \
        or vocabulary.is_whole(value, "sections") not in (None, "organisation")


def _names_organisation(text: str) -> bool:
    """A name holding a word organisations are named with anywhere ("Region Mosede Strand", "Kommune
    Nord"), not only at its end: no person's name."""
    suffixes = set(vocabulary.words("organisation_suffixes"))
    return org_like(text) or any(tok in suffixes for tok in vocabulary.norm(text).split())


def _only_kind(value: str) -> bool:
    """A name that is only the word organisations are named with ("Region", "Kommune"): the rest of the
    name wrapped onto the next line ("Region" over "Rønnebæk")."""
    return vocabulary.norm(value) in set(vocabulary.words("organisation_suffixes"))


def _wrapped_name(lines: list[Line], hit: Any, value: str | None) -> tuple[str | None, str | None]:
    """An organisation's name whose last words wrapped onto the line below in their cell ("Mosede
    Strand" over "Kommune"): the lone piece below is taken back only when it is no label or heading and
    with it the name reads as an organisation's while without it it does not, or it is a legal form or goes on
    in small letters. A name that reads whole with a piece of words right under its start, a line's pitch below
    (its cell's next line: "Hospitalsenheden" over "Hvidmose", which had room beside it by all the page shows),
    is taken with it too, but that piece is also returned: the reading is then in doubt, for staff."""
    if not value or hit.line + 1 >= len(lines):
        return value, None
    nxt = lines[hit.line + 1]
    ln = lines[hit.line]
    # the piece in the value's own column: the line's only cell, or (parts side by side, a definition list
    # beside another) its cell at the value's start with nothing before it from the value's label on
    at0 = next((sg.x0 for sg in ln.segments if sg.text.strip() and value.startswith(sg.text.strip()[:12])), None)
    mine = [sg for sg in nxt.segments if at0 is not None and abs(sg.x0 - at0) < 3]
    if nxt.page != ln.page or not (len(nxt.segments) == 1 or len(mine) == 1 and all(
            sg.x0 > mine[0].x1 for sg in nxt.segments if sg is not mine[0])):
        return value, None
    piece_seg = nxt.segments[0] if len(nxt.segments) == 1 else mine[0]
    piece = piece_seg.text.strip()
    if (len(piece.split()) > 3 or label_of(piece) is not None or re.search(r"[\d:@]|" + BOX_ANY, piece)
            or vocabulary.is_whole(piece, "sections") is not None):
        return value, None
    joined = f"{value} {piece}"
    if not org_like(value) or _only_kind(value):
        if org_like(joined):
            return joined, None
        return _same_cell_rest(ln, nxt, piece_seg, at0, value, joined)
    # a name that reads whole, and its legal form set right under it in its cell, a line's pitch below
    # ("Lindholt Medical" over "GmbH, dansk filial"): the same cell's text
    at = at0
    height = max(6.0, ln.bottom - ln.top)
    first = vocabulary.norm(piece).split()[:1]
    # the value's own line holds its cell's next line already (joined where it wrapped, its words laid after the
    # first line's): the legal form under it stands a line further down
    own = next((sg for sg in ln.segments if at is not None and abs(sg.x0 - at) < 3), None)
    laid = own is not None and any(b.x0 < a.x1 - 0.5 for a, b in zip(own.words, own.words[1:], strict=False))
    if (at is not None and abs(piece_seg.x0 - at) < 3 and nxt.top - ln.top < (2.6 if laid else 1.6) * height
            and (first and first[0] in set(vocabulary.words("organisation_suffixes")) | set(vocabulary.words(
                "branch_words")) or piece[:1].islower())):
        return joined, None  # a legal form or a branch's word, or small letters
    return _same_cell_rest(ln, nxt, piece_seg, at, value, joined)


def _same_cell_rest(ln: Line, nxt: Line, piece: Segment, at: float | None, value: str,
                    joined: str) -> tuple[str | None, str | None]:
    """The piece right under the value's start, a line's pitch below, in capitals: its cell's next line, so most
    likely the name's rest (joined), but a name may also read whole without it: the piece is returned, in doubt."""
    height = max(6.0, ln.bottom - ln.top)
    text = piece.text.strip()
    if at is not None and abs(piece.x0 - at) < 3 and nxt.top - ln.top < 1.6 * height and text[:1].isupper():
        # a name does not end in a comma or an ampersand ("Mosede Strand Helse AS," over "NUF"): no doubt then
        return joined, None if value.rstrip().endswith((",", "&")) else text
    return value, None


def _no_value(value: str | None) -> bool:
    """What a label found after it is no value: nothing, leaders, or another label ("Type of party:")."""
    return not value or is_label(value) or bool(_LEADERS_ONLY.match(value)) or value.rstrip().endswith(":")


def _empty_label(lines: list[Line], keys: list[str], page: list[Line] | None = None) -> bool:
    """A label of one of `keys` stands in the lines with nothing after it or under it. With the page's lines,
    a label that ends its column (nothing under it on its page but the footer) is no evidence: its value may
    have flowed to the top of the next column or page, as a form printed in CSS columns sets it."""
    hits = [h for h in find_labels(lines, keys) if _no_value(h.value) and not _value_off_its_line(lines, h)]
    if page is None or not hits:
        return bool(hits)
    footers = _footers(page)
    return any(not _ends_its_column(lines[h.line], h.x0, page, footers) for h in hits)


def _value_off_its_line(lines: list[Line], h: Any) -> bool:
    """Text right of the label on the line just above or below it, with nothing in the label's column there: a
    cell of two rows whose last is level with the label ("c/o IT-afdelingen" over "Industrivænget 1" beside
    "Gade og nr."), its text read as a line of its own. The value may be that text: the label shows no empty
    field."""
    ln = lines[h.line]
    size = ln.bottom - ln.top
    label_end = max((seg.x1 for seg in ln.segments if seg.x0 <= h.x0 + 2), default=h.x0)
    for other in lines[max(0, h.line - 1):h.line + 2]:
        if other is ln or other.page != ln.page or abs(other.top - ln.top) > 1.5 * size:
            continue
        if any(seg.x0 < label_end for seg in other.segments):
            continue  # a row of its own, with its own label (or a heading) at the left
        if any(label_of(seg.text) is None and not _LEADERS_ONLY.match(seg.text) for seg in other.segments):
            return True
    return False


def _ends_its_column(ln: Line, x0: float, page: list[Line], footers: set[int]) -> bool:
    """Nothing stands under the line in its column (from its left edge) on its page, the footer (`footers`,
    indices into `page`) aside."""
    return not any(i not in footers and other.page == ln.page and other.top >= ln.bottom - 1
                   and any(seg.x0 < x0 + 60 and seg.x1 > x0 - 5 for seg in other.segments)
                   for i, other in enumerate(page))


def _only_empty(lines: list[Line], key: str) -> bool:
    """The form's labels for `key` all stand with nothing after them (a heading that is only the label,
    "Organisation", counts too): the party left it empty."""
    hits = find_labels(lines, [key])
    return bool(hits) and all(_no_value(h.value) for h in hits)


def _repeated(lines: list[Line]) -> set[str]:
    """Texts that stand on more than one page (running headers and footers) and page numbers."""
    pages: dict[str, set[int]] = {}
    for ln in lines:
        pages.setdefault(ln.text.strip(), set()).add(ln.page)
    return {t for t, p in pages.items() if len(p) > 1}


def _holds_nothing(lines: list[Line], key: str, repeated: set[str], need_place: bool = False) -> bool:
    """Every cell of the section `key` is a label (its own heading's words with a number, "Network (CIDR)
    2"), a leader, a numbered contact heading, an empty box, a running header or a page number: the
    section was left empty (as opposed to holding something the reader did not read). With `need_place`
    at least one of them must be a place for a value (a label, a leader, a box): there a heading with
    nothing under it shows no place left empty, its values may stand where the reader did not look."""
    own = next(pat for k, pat in _SECTION_RE if k == key)
    places = 0
    for ln in lines:
        if ln.text.strip() in repeated:
            continue
        for seg in ln.segments:
            text = re.sub(BOX_ANY, " ", seg.text).strip()
            if _CONTACT_NO.match(text) or re.fullmatch(r"\d{1,3}", text):
                continue
            if _LEADERS_ONLY.match(text):
                places += bool(seg.text.strip())  # a leader or an empty box
                continue
            m = own.match(text)
            if m and re.fullmatch(r"(?:\([^()]{0,20}\))?\s*\d{0,2}\s*:?[\s.…_]*", m.group(1)):
                places += 1
                continue
            hit = label_of(text)
            if hit is None or not _LEADERS_ONLY.match(hit[1]):
                return False
            places += 1
    return places > 0 or not need_place


def _ticks_after(ln: Line) -> tuple[str, list[str]]:
    """A tick set after its option ("Region ✓ | Public hospital", "Direkte ✓  Via KMD"): (the line's
    text without those ticks, their options). A tick glyph between two options belongs to the one it
    stands closer to; one as far from both is no answer either way and is left out with no option."""
    words = [w for seg in ln.segments for w in seg.words]
    kept: list[str] = []
    options: list[str] = []
    start = 0  # where the option before the current word began
    for i, w in enumerate(words):
        if w.text in ("✓", "✔") and 0 < i:
            before = w.x0 - words[i - 1].x1
            after = words[i + 1].x0 - w.x1 if i + 1 < len(words) else float("inf")
            if before < 0.7 * after or before > 0.7 * after and after > 0.7 * before:
                if before < 0.7 * after:
                    options.append(" ".join(x.text for x in words[start:i]))
                kept.append(" ")
                start = i + 1
                continue
        if i > 0 and w.x0 - words[i - 1].x1 > 1.2 * max(1.0, w.bottom - w.top):
            start = i  # a cell's gap: the next option begins here
        kept.append(w.text)
    return " ".join(kept), options


def _crossed_in_own_column(ln: Line) -> bool:
    """"Privat klinik | X": an option with its cross in a column of its own right of it."""
    return len(ln.segments) == 2 and re.fullmatch(r"\s*[xX✓✔]\s*", ln.segments[1].text) is not None \
        and not re.search(BOX_ANY, ln.segments[0].text) and not _YES_NO_HEAD.match(ln.segments[0].text.strip())


def _checked(lines: list[Line]) -> list[str]:
    out: list[str] = []
    # a column of crosses copied down beside every option, none left open, chooses nothing
    crossed = [ln for ln in lines if _crossed_in_own_column(ln)]
    column_chooses = len(crossed) < 2 or any(len(ln.segments) == 1 and vocabulary.is_whole(ln.text, "party_types")
                                             for ln in lines)
    for ln in lines:
        text, after = _ticks_after(ln)
        out += [c for o in after if (c := clean(o))]
        for m in _CHECKED.finditer(text):
            label = clean(m.group(1))
            if label:
                out.append(label)
        # a bare cross before the option: "X  Kommune"
        # (the cross may be its own text run, set in a box's place left of the option: "X | Kommune")
        lone = len(ln.segments) >= 2 and re.fullmatch(r"\s*[xX✓✔]\s*", ln.segments[0].text)
        first = " ".join(s.text for s in ln.segments[:2]) if lone else ln.segments[0].text if ln.segments else ""
        bare = re.match(r"^\s*[xX✓✔]\s+([A-ZÆØÅ].*)$", first)
        if bare and not re.search(BOX_ANY, ln.text):
            out.append(clean(bare.group(1)) or "")
        # the cross in a column of its own right of the option ("Privat klinik | X"), as a table of options
        # and a tick column is filled in: the option on its line is the one ticked
        if column_chooses and _crossed_in_own_column(ln):
            out.append(clean(ln.segments[0].text) or "")
        # options side by side in a matrix, the cross before one of them in its own cell: "Region | X Pharmacy"
        out += [clean(x.group(1)) or "" for seg in ln.segments[1:] if not lone and not re.search(BOX_ANY, ln.text)
                and (x := re.match(r"^\s*[xX✓✔]\s+([A-ZÆØÅ].*)$", seg.text))]
    return out


def under_captions(lines: list[Line], i: int) -> list[tuple[Segment, str]] | None:
    """(caption, answer) for each cell of line i when it is a row of captions over their answers (a letter's
    three columns, "TYPE | VIA KMD | SYSTEMLEVERANDØR" over "Udenlandsk selskab | JA | Nej"): two or more cells,
    set smaller than the next line's, each with a cell of the next line starting under it; else None. Read as
    one line, the row's captions became one label's value ("Type: VIA KMD SYSTEMLEVERANDØR": an IT supplier)."""
    ln = lines[i]
    if len(ln.segments) < 2 or i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return None
    nxt = lines[i + 1]
    size, below = ln.bottom - ln.top, nxt.bottom - nxt.top
    if size >= 0.85 * below or not 0 <= nxt.top - ln.bottom < 1.5 * below:
        return None
    out: list[tuple[Segment, str]] = []
    for seg in ln.segments:
        cell = next((c for c in nxt.segments if abs(c.x0 - seg.x0) <= 4), None)
        if cell is None and any(c.x0 < seg.x0 + 4 < c.x1 for c in nxt.segments):
            return None  # an answer runs under this caption from the left: no row of captions
        out.append((seg, cell.text if cell is not None else ""))
    return out if sum(1 for _, a in out if a) >= 2 else None


_TYPE_WORDS = (r"(?:partstype|type\s+of\s+party|party\s+type|organi[sz]ationstype|organi[sz]ation\s+type"
               r"|type\s+of\s+organi[sz]ation|type)")
_TYPE_ASKED = re.compile(rf"^\s*{_TYPE_WORDS}\s*:?\s*(.+)$", re.I)
# a caption over its answer is that word alone ("ORGANISATIONSTYPE", "ART" over "Region")
_TYPE_CAPTION = re.compile(rf"\s*(?:{_TYPE_WORDS}|art|kind|slags|kategori|category|sektor|sector)\s*:?\s*", re.I)


# an option that says how the party connects ("☑ Gennem KMD", "☑ Through our vendor: X"), ticked beside the types
_CONNECTION_OPTION = re.compile(
    r"^\s*(?:gennem|igennem|via|through|under|direkte|directly|selvstændigt|on\s+our\s+own)\b", re.I)


def _party_type(lines: list[Line]) -> str | None:
    candidates = _checked(lines)
    if not candidates:
        for i, ln in enumerate(lines):
            captions = under_captions(lines, i)
            if captions is not None:  # the type's caption's answer is the cell under it, never the next caption
                candidates += [a for c, a in captions if _TYPE_CAPTION.fullmatch(c.text) and a]
                continue
            m = _TYPE_ASKED.match(ln.text)
            if m:
                candidates.append(m.group(1))
    for text in candidates:
        if _CONNECTION_OPTION.match(text):
            continue  # "☑ Gennem vores journalsystemleverandør: X" beside the types: how it connects, no type
        named = _named_type(text)
        if named is not None:
            return named
    return None


def type_of(text: str) -> str | None:
    """The party type a written value names ("Offentligt sygehus", "Apotek", "almen lægepraksis",
    "Private laboratory"), by the vocabulary's whole wordings first, then by the words it holds."""
    whole = vocabulary.is_whole(text, "party_types")
    if whole is not None:
        return whole
    return _named_type(text)


def _named_type(text: str) -> str | None:
    """The party type a wording names by the words it holds. The kind named first is its head ("Systemleverandør,
    der handler for flere praksis" is a supplier, not a practice; "Lægepraksis i kommunen" a practice): the
    earliest match, the list's order between equals."""
    found = [(m.start(), n, key) for n, (key, pat) in enumerate(PARTY_TYPES) if (m := re.search(pat, text, re.I))]
    return min(found)[2] if found else None


def _labelled_type(lines: list[Line]) -> tuple[str | None, str]:
    """(type, "") from a label that asks for the type with its value beside it ("Organisationstype:
    Offentligt sygehus", "Kind of organisation | Public hospital"); (None, value) when the value is
    written but names no type the reader knows."""
    for i, ln in enumerate(lines):
        if not ln.segments or re.search(BOX_ANY, ln.text):
            continue
        first = ln.segments[0].text
        m = vocabulary.match_start(first, "sections", ["party_type"], fuzzy=False)
        # "Type: Kommune", "Kundetype: Kommune": a bare "type", or a compound naming one, in the party's part
        bare = re.match(r"^\s*(?:[^\W\d_]{2,}(?:s|e)?)?(?:type|kategori)\b(?=\s*[:.|]|\s*$)", first, re.I)
        end = m.end if m is not None else bare.end() if bare else -1
        if end < 0:
            continue
        rest = re.sub(r"^[\s:.…_|-]+", "", first[end:])
        if re.match(r"^\w", first[end:]):
            continue  # the wording is part of a longer word
        value = rest or (ln.segments[1].text if len(ln.segments) > 1 else "") or _cell_under(lines, i)
        value = re.sub(r"^[\s:.…_|-]+", "", value).strip()
        if not value:
            continue
        if not rest and len(ln.segments) > 1 and _ticked_below(lines, i, ln.segments[1].x0):
            return None, ""  # the first option of a ticked list beside the label, not its answer: a person reads it
        found = type_of(value)
        return (found, "") if found else (None, value)
    # a label asking in other words ("Hvilken slags organisation?") whose value is wholly a type's wording
    answers = set()
    for i, ln in enumerate(lines):
        segs = ln.segments
        if len(segs) == 2 and not re.search(BOX_ANY, ln.text) and label_of(segs[0].text) is None \
                and not _listed_under(lines, i, segs[1].x0):
            whole = vocabulary.is_whole(segs[1].text, "party_types")
            kind_asked = re.search(r"\b(?:slags|art|kind|sort|type)\b", segs[0].text, re.I) is not None
            chosen = _instruction(segs[0].text)  # "Tick one | Private hospital or clinic": a drop-down's answer
            if whole is not None and (segs[0].text.rstrip().endswith(("?", ":")) or kind_asked or chosen):
                answers.add(whole)
            elif chosen and len(segs[1].text.split()) <= 5 and (named := type_of(segs[1].text)) is not None:
                answers.add(named)
            elif (kind_asked and segs[0].text.rstrip().endswith("?") or heading_role(
                    Line(ln.page, ln.top, ln.bottom, segs[:1]), emphasised=True) == "party_type") \
                    and len(segs[1].text.split()) <= 3 \
                    and (named := type_of(segs[1].text)) is not None:
                answers.add(named)  # "What kind of organisation are you? | private laboratory": the type's words
    return (answers.pop(), "") if len(answers) == 1 else (None, "")


def _ticked_below(lines: list[Line], i: int, x: float) -> bool:
    """A ticked option stands under the value at `x` beside line i's label, before the next row's label (one
    starting left of it): the value is the list's first option ("Type of organisation | Danish region" over "...",
    "✓ Company based outside Denmark"), not what was chosen."""
    label = lines[i].segments[0].text.rstrip() if lines[i].segments else ""
    for k, ln in enumerate(lines[i + 1:i + 16]):
        left = [seg for seg in ln.segments if seg.x0 < x - 10]
        # (the label's own words wrapped under it, "Hvilken slags organisation er" over "I?", open no row)
        if left and not (k == 0 and len(left) == 1 and len(left[0].words) <= 3 and not label.endswith(("?", ":"))):
            return False
        if re.search(BOX_ON, ln.text):
            return True
    return False


def _listed_under(lines: list[Line], i: int, x: float) -> bool:
    """The type's wording beside line i's label heads a list of options (one ticked under it, or the next line's
    cell at `x` naming a type too): the list's first option, no answer."""
    if _ticked_below(lines, i, x):
        return True
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is not None and nxt.page == lines[i].page and any(
        abs(seg.x0 - x) < 3 and type_of(seg.text) is not None for seg in nxt.segments)


def _lone_answer(lines: list[Line]) -> str | None:
    """The type written as the one line of the type's part, its heading or header cell above it
    ("Organisationstype" / "Privathospital / privat klinik"): one cell, no box, naming one type."""
    said = [ln for ln in lines if ln.text.strip()]
    if len(said) != 1 or len(said[0].segments) != 1 or re.search(BOX_ANY, said[0].text):
        return None
    return type_of(said[0].text)


def _cell_under(lines: list[Line], i: int) -> str:
    """The one cell right under the lone label on line i, in its column and a row's pitch below (a header
    row's value: "Organisationstype" over "Privathospital / privat klinik"); "" when there is none."""
    ln = lines[i]
    if len(ln.segments) != 1 or i + 1 >= len(lines):
        return ""
    nxt = lines[i + 1]
    size = max(6.0, ln.bottom - ln.top)
    if nxt.page != ln.page or nxt.top - ln.bottom > 1.8 * size or len(nxt.segments) != 1:
        return ""
    cell = nxt.segments[0]
    return cell.text if abs(cell.x0 - ln.segments[0].x0) < 6 and not _caption(cell.text) else ""


_VIA_LABEL = re.compile(r"^\s*(?:\d+[.)]?\s*)?(?:tilslut(?:tes|ning)|forbind(?:es|else)|connect(?:ed|ion)|linked)"
                        r"\s+(?:via|through)\s*:?\s*|^\s*(?:tilslutningsform|connection\s+type|tilslutning)\s*:\s*",
                        re.I)
_PROVIDER_LABEL = re.compile(
    r"^\s*(?:>+\s*)?(?:(?:hvilken\s+|navn\s+på\s+)?(?:læge|journal)?(?:system)?leverandør(?:en|ens\s+navn|navn)?|leverandørens\s+navn"
    r"|(?:lev\.?|leverandør)\s+af\s+(?:jeres\s+)?(?:læge)?system(?:et)?"  # "Lev. af lægesystem"
    r"|(?:which\s+|name\s+of\s+)?(?:the\s+)?(?:medical\s+|clinical\s+|it\s+)?(?:system\s+)?(?:provider|supplier|vendor)"
    r"(?:'s\s+name|\s+name)?"
    r"|(?:medical\s+)?system\s+(?:provider|supplier|vendor)"
    r"|(?:via\s+)?(?:(?:et|a|the)\s+)?(?:systemhus(?:et)?|software\s*house))\s*(?::|-|–|\(|$)\s*(.*?)\)?\s*$", re.I)
_NO_VIA = re.compile(r"^(?:ingen|none|direkte|direct(?:ly)?|nej|no|n/?a|-+|ikke\s+relevant|not\s+applicable)\b", re.I)


_NEGATION = r"(?:ikke|not|no|nej|uden|without|never|aldrig|hverken|neither|nor|eller\s+ej)"
_NEGATED_KMD = re.compile(rf"\b{_NEGATION}\b[^.;:?!]{{0,30}}\bKMD\b", re.I)
# KMD offered as one of the choices ("via KMD eller en systemleverandør", "KMD or a system vendor"): a question
# or a list of options, no answer
_KMD_OR = re.compile(r"\bKMD\s*(?:,|eller|or|/)\s*\w|\b(?:eller|or)\s+(?:via\s+|through\s+)?KMD\b", re.I)
_YES = re.compile(r"^(?:ja|yes|jo|j|y)\b", re.I)
# a caption asking for KMD alone ("VIA KMD", "Tilsluttes via KMD", "Connected through KMD")
_VIA_CAPTION = re.compile(r"^\s*(?:(?:tilsluttes|forbindes|connected|linked)\s+)?(?:via|through)\s+KMD\s*\??\s*:?\s*$",
                          re.I)
_QUESTION = re.compile(r"^(?P<q>.*?\b(?:KMD|leverandør\w*|provider|supplier|vendor)\b[^?:]*)[?:]\s*(?P<a>\S.*)$", re.I)


def _vendor_asked(text: str) -> bool:
    """A question after the vendor that connects the party, KMD not named ("Is the connection made by your
    system vendor? If so, which one?"): its answer names the vendor, or says no."""
    t = text.strip().rstrip(":").rstrip()  # "... vendor? Which?:": a form tool's colon after every label
    return ((t.endswith("?") or re.match(r"\d{1,2}[.)]\s", t) is not None) and len(t) < 120
            and re.search(r"leverandør|provider|supplier|vendor", t, re.I) is not None
            and re.search(r"\bKMD\b", t) is None)


def _via_boxes(lines: list[Line]) -> list[Line]:
    """Where neither a part nor a question about the connection was found (a question worded otherwise, wrapped
    in its cell: "Hvordan kobles I på" over "Sundhedsdatanettet?"): the group of boxed options, one under the
    other, of which one names KMD ("☒ Gennem KMD", "☐ Through KMD"): the ways of connecting offered, read as
    such. Not found, the connection stays unread (None, as before)."""
    boxed = [i for i, ln in enumerate(lines) if ln.segments and re.match(rf"\s*(?:{BOX_ANY})", ln.segments[-1].text)]
    for i in boxed:
        if not re.search(r"\bKMD\b", lines[i].segments[-1].text):
            continue
        group = [k for k in boxed if lines[k].page == lines[i].page and abs(k - i) <= 3
                 and abs(lines[k].segments[-1].x0 - lines[i].segments[-1].x0) < 3]
        return [Line(lines[k].page, lines[k].top, lines[k].bottom, lines[k].segments[-1:]) for k in group]
    return []


def _via_questions(lines: list[Line]) -> list[Line]:
    """Where no part is about the connection: lines elsewhere that ask and answer it ("Via KMD: ja")."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        captions = under_captions(lines, i)
        if captions is not None and any(_VIA_CAPTION.match(c.text) for c, _ in captions):
            out += lines[i:i + 2]  # a row of captions asking it, its answers under them
            continue
        if (re.match(r"^\s*(?:via\s+KMD|tilslut\w*\s+via|connect\w*\s+(?:via|through))\b", ln.text, re.I)
                or _KMD_QUESTION.match(ln.segments[0].text)) and _QUESTION.match(clean(_asked(ln.text)) or ""):
            out.append(ln)
            # the provider's label right after the question, and a name under it in its cell
            nxt = lines[i + 1:i + 3]
            if nxt and nxt[0].page == ln.page and (_PROVIDER_LABEL.match(nxt[0].segments[0].text)
                                                   or _vendor_asked(nxt[0].segments[0].text)):
                out += [x for x in nxt if x.page == ln.page][:1 if len(nxt[0].segments) > 1 else 2]
    return out


# a question and its yes/no answer in cells side by side with no "?" or ":" between ("Tilsluttes via KMD | Nej")
# (or with a label's leaders between: "Adgang via KMD ........ Nej")
_BARE_ANSWER = re.compile(r"^(?P<q>.*\bKMD\b)(?:\s+|\s*[.…_]{3,}\s*)(?P<a>ja|yes|nej|no)\s*\.?$", re.I)


def _asked(text: str) -> str:
    """A line that names KMD and ends in a bare yes or no is a question and its answer: "Tilsluttes via KMD
    Nej" reads as "Tilsluttes via KMD? Nej" (the answer "no", never "via KMD")."""
    m = _BARE_ANSWER.match(clean(text) or "")
    return f"{m.group('q')}? {m.group('a')}" if m else text


def kmd_said(text: str) -> bool:
    """KMD named as the umbrella: "KMD", "via KMD", never "ikke via KMD" or "not via KMD"."""
    text = _asked(text)
    q = _QUESTION.match(clean(text) or "")
    if q and not _PROVIDER_LABEL.match(text) and re.search(r"\bKMD\b", q.group("q")):
        ok, value = _via_value(text)  # asked and answered: the answer says
        return ok and value == "KMD"
    return (bool(re.search(r"\bKMD\b", text)) and not _NEGATED_KMD.search(text) and not _NO_VIA.match(text.strip())
            and not _KMD_OR.search(text))


def _via_value(text: str) -> tuple[bool, str | None]:
    """(understood?, value) of a written umbrella: "KMD", "system provider: X A/S", "none"; a question
    with its answer ("KMD or a system provider? No") and a negation ("directly, not via KMD") are read
    as such."""
    t = _asked((clean(text) or "").strip(" .:"))
    if not t or t.endswith("?") or _LEADERS_ONLY.match(t):
        return False, None  # nothing, a blank left to fill in, or a question with no answer after it
    bare = _ANSWERED_AFTER.match(t)
    if bare and not _QUESTION.match(t) and not _PROVIDER_LABEL.match(t):
        t = f"{bare.group('q')}? {bare.group('a')}"  # "a system vendor | Yes": the question, answered in its cell
    q = _QUESTION.match(t)
    if q and not _PROVIDER_LABEL.match(t):
        # the question goes on past its first mark ("... a system vendor? Which?: No", "... KMD? Hvis ja, hvilken?
        # Nej"): the answer is what follows its last question mark, never the follow-up question
        answer = q.group("a").rsplit("?", 1)[-1].strip(" .:_…")  # a tab's leader before it is no part of it
        if not answer:
            return False, None
        if _BOTH_ANSWERS.match(answer):
            return False, None  # "Yes No": the printed choices, their marks not read (drawn radio buttons)
        named_after = re.match(r"^(?:ja|yes)\s*[,:;–—-]\s*(\S.*)$", answer, re.I)
        if named_after:  # "Ja – Journalhuset A/S": yes, and the name of the one it is via
            return _via_value(named_after.group(1))
        if _YES.match(answer):  # "yes" names the umbrella only when the question names one
            named = {"KMD"} if re.search(r"\bKMD\b", q.group("q")) else set()
            if re.search(r"leverandør|provider|supplier|vendor", q.group("q"), re.I):
                named.add("provider")
            return (True, "KMD") if named == {"KMD"} else (False, None)
        return _via_value(answer)
    if _NO_VIA.match(t) or _NEGATED_KMD.search(t) and not re.search(r"leverandør|provider|supplier|vendor", t, re.I):
        return True, None
    if kmd_said(t):
        return True, "KMD"
    m = _PROVIDER_LABEL.match(t)
    if m:
        name = clean(m.group(1).strip(" .:()"))
        return (True, name) if name and not re.search(BOX_ANY, name) else (False, None)
    if is_label(t) or re.search(BOX_ANY, t):
        return False, None
    return True, t


_ANSWERED_AFTER = re.compile(r"^(?P<q>.*\b(?:KMD|leverandør\w*|provider|supplier|vendor)\b.*?)\s+(?P<a>ja|yes|nej|no)$",
                             re.I)
_BOTH_ANSWERS = re.compile(r"^(?:ja|yes)\W+(?:nej|no)\W*$|^(?:nej|no)\W+(?:ja|yes)\W*$", re.I)


# an answer written out under the question of how the party connects: yes and through whom, or no and how
_VIA_ANSWER = re.compile(r"^(?:ja|yes)\s*[,:;–—-]?\s*(?:via|through|gennem|igennem)\s+(?P<via>\S.*)$"
                         r"|^(?:nej|no)\s*[,:;–—-]\s*(?:direkte|directly|direct|ikke|not)\b.*$", re.I)
_YES_NO_HEAD = re.compile(r"^(?:ja|yes|nej|no)$", re.I)
_YES_NAMED = re.compile(r"^(?:ja|yes)\s*[,:;–—-]\s*\w", re.I)  # "Ja, Novax": yes, and the vendor's name after it
_MARK = re.compile(rf"^(?:[xX]|{BOX_ON})$")


def _yes_no_grid(lines: list[Line]) -> tuple[bool, str | None]:
    """(read?, value) of options answered in a grid of "Ja | Nej" columns, a cross under one of them
    ("Tilsluttes via KMD | | X"): the cross's column says yes or no, by where it stands, never by the
    option's words alone (an option with a cross under "Nej" is no answer of that option)."""
    for i, head in enumerate(lines):
        words = [s.text.strip() for s in head.segments]
        if len(words) != 2 or not all(_YES_NO_HEAD.match(w) for w in words):
            continue
        yes_seg, no_seg = head.segments if _YES.match(words[0]) else head.segments[::-1]
        if not (_YES.match(yes_seg.text.strip()) and not _YES.match(no_seg.text.strip())):
            continue
        centre = {True: (yes_seg.x0 + yes_seg.x1) / 2, False: (no_seg.x0 + no_seg.x1) / 2}
        reach = abs(centre[True] - centre[False])
        answers: list[tuple[str, bool]] = []
        option_x = 0.0
        for ln in lines[i + 1:]:
            if not ln.segments or _MARK.match(ln.segments[0].text.strip()):
                break
            option = ln.segments[0].text
            marks = [(s.x0 + s.x1) / 2 for s in ln.segments[1:] if _MARK.match(s.text.strip())]
            near = [m for m in marks if min(abs(m - c) for c in centre.values()) < reach / 2]
            tail = ln.segments[0].words[-1]
            if (len(ln.segments[0].words) > 1 and _MARK.match(tail.text.strip())
                    and min(abs((tail.x0 + tail.x1) / 2 - c) for c in centre.values()) < reach / 4):
                # the cross run into the option's cell, under a column ("Tilsluttes via systemleverandør X")
                near.append((tail.x0 + tail.x1) / 2)
                option = " ".join(w.text for w in ln.segments[0].words[:-1])
            if not near and answers and len(ln.segments) == 1 and abs(ln.segments[0].x0 - option_x) < 6 \
                    and label_of(option) is None:
                # the option's words wrapped in its cell ("Tilsluttes via" over "systemleverandør")
                answers[-1] = (f"{answers[-1][0]} {option}", answers[-1][1])
                continue
            option_x = ln.segments[0].x0
            if not near:
                break
            if len(near) > 1:
                return False, None  # crosses in both columns: not read here
            answers.append((option, abs(near[0] - centre[True]) < abs(near[0] - centre[False])))
        if not answers:
            continue
        for option, yes in answers:
            if yes and kmd_said(option):
                return True, "KMD"
        for option, yes in answers:
            if yes and re.search(r"leverandør|provider|supplier|vendor", option, re.I):
                return True, "provider"
        return True, None
    return False, None


def _joined_questions(lines: list[Line]) -> list[Line]:
    """A question wrapped in its cell ("Tilsluttes I via KMD eller en | Nej" over "systemleverandør?:", or
    over three lines: "Tilsluttes I via | Nej" / "KMD eller en" / "systemleverandør?:") joined again, so its
    answer is read with the whole question."""
    out: list[Line] = []
    lines = _follow_ups_joined(lines)
    i = 0
    while i < len(lines):
        ln = lines[i]
        text = ln.segments[0].text if ln.segments else ""
        k = i + 1
        # the question's last piece may carry the answer beside it ("systemleverandør?: | Ja –")
        while (k < len(lines) and k - i <= 3 and lines[k].page == ln.page
               and (len(lines[k].segments) == 1 or len(lines[k].segments) == 2 and len(ln.segments) == 1
                    and re.search(r"\?\s*:?\s*$", lines[k].segments[0].text))
               and abs(lines[k].segments[0].x0 - ln.segments[0].x0) < 6
               and not re.search(r"[?:]\s*$", lines[k - 1].segments[0].text)):
            k += 1
        pieces = [lines[j].segments[0] for j in range(i, k)]
        whole = " ".join(p.text for p in pieces)
        if (k > i + 1 and not re.search(r"[?:]\s*$", text) and re.search(r"[?:]\s*$", pieces[-1].text)
                and not _ANSWER_ONLY.fullmatch(text.strip())  # a bare yes or no answers the question above it
                and re.search(r"\bKMD\b|leverandør|provider|supplier|vendor", whole, re.I)):
            first = Segment([w for p in pieces for w in p.words])
            out.append(Line(ln.page, ln.top, lines[k - 1].bottom, [first] + ln.segments[1:]
                            + lines[k - 1].segments[1:]))
            i = k
            continue
        out.append(ln)
        i += 1
    return _answers_below(out)


_FOLLOW_UP = re.compile(r"^\s*(?:(?:hvis\s+ja|if\s+so|if\s+yes)\s*[,:]?\s*)?(?:hvilken|hvilke|which(?:\s+one)?"
                        r"|(?:leverandørens\s+)?navn|(?:the\s+vendor's\s+)?name)\s*\?\s*:?\s*$", re.I)


def _follow_ups_joined(lines: list[Line]) -> list[Line]:
    """A vendor's question whose follow-up stands on the line under it ("Tilsluttes I gennem en
    systemleverandør?" over "Hvilken?:", the question wrapped at its cell's edge): one question, so the answer
    after or under the follow-up is read as the vendor's."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and len(prev.segments) == 1 and ln.segments and ln.page == prev.page \
                and _FOLLOW_UP.match(ln.segments[0].text) and _vendor_asked(prev.segments[0].text) \
                and abs(ln.segments[0].x0 - prev.segments[0].x0) < 6 \
                and 0 <= ln.top - prev.bottom < 0.8 * (ln.bottom - ln.top):
            out[-1] = Line(prev.page, prev.top, ln.bottom, [Segment(prev.segments[0].words + ln.segments[0].words),
                                                            *ln.segments[1:]])
            continue
        out.append(ln)
    return out


# a question about KMD set as a part's heading ("Kobles I på via KMD?"), its answer on the line under it
_KMD_QUESTION = re.compile(r"^.*\bKMD\b[^?]*\?\s*:?\s*$", re.I)  # "?:": a form tool's colon after every label
_KMD_ASKED = re.compile(r"^.*\bKMD\b[^?:]*:\s*$", re.I)  # "> Connected through KMD:" quoted, its answer under it


def _answers_below(lines: list[Line]) -> list[Line]:
    """A question about the connection that ends in its "?"/":" with nothing after it, its answer set on
    the next line in the values' column ("Tilsluttes I via KMD eller en systemleverandør?:" over "Nej", the
    question too long for the answer's tab stop): one line, the question and its answer."""
    out = list(lines)
    for i, ln in enumerate(out[:-1]):
        nxt = out[i + 1]
        if len(ln.segments) != 1 or len(nxt.segments) != 1 or nxt.page != ln.page:
            continue
        q, a = ln.segments[0], nxt.segments[0]
        size = ln.bottom - ln.top
        # the answer under the question at its left edge, as a label above its value: a bare yes or no only
        under = abs(a.x0 - q.x0) <= 3 and (_YES_NO_HEAD.match(a.text.strip()) is not None or _vendor_asked(q.text)
                                           and _YES_NAMED.match(a.text.strip()) is not None)
        # a numbered question's answer set under its words, past its number ("4. Is the connection made through
        # KMD?" over "Yes", "5. Vendor of your clinical system, if it makes the connection" over "Multimed"): a
        # questionnaire's answer, whatever it says, a line's space below at most
        # (or indented a little past the question's words, as a questionnaire set in plain text indents its
        # answers: "4. Will you be connected through KMD?" over "      Yes")
        numbered = (len(q.words) > 1 and re.fullmatch(r"\d{1,2}[.)]", q.words[0].text) is not None
                    and q.words[1].x0 - 3 <= a.x0 <= q.words[1].x0 + 1.5 * size)
        # ("Tilsluttes via KMD" over "Nej": a label naming KMD with a bare yes or no under it asks it too)
        asks = re.search(r"[?:]\s*$", q.text) or under and re.search(r"\bKMD\b", q.text) or numbered
        if (asks and re.search(r"\bKMD\b|leverandør|provider|supplier|vendor", q.text, re.I)
                and (a.x0 > q.x0 + 40 or under or numbered)
                and 0 <= nxt.top - ln.bottom < (1.2 if numbered else 0.8) * size and label_of(a.text) is None
                and not re.search(BOX_ANY, a.text) and not a.text.rstrip().endswith(("?", ":"))):
            out[i] = Line(ln.page, ln.top, nxt.bottom, [q, a])
            out[i + 1] = Line(nxt.page, nxt.top, nxt.bottom, [])
    return [ln for ln in out if ln.segments]


_YES_NO_BOX = re.compile(rf"^\s*(?P<box>{BOX_ANY})\s*(?P<word>ja|yes|nej|no)\s*$", re.I)


def _boxed_kmd_answer(lines: list[Line]) -> bool | None:
    """A question about KMD alone answered by ticking one of two boxes on its line ("Tilsluttes via KMD | [ ] Ja
    | [X] Nej", "Kobles på gennem KMD: [X] Ja [ ] Nej"): True for yes, False for no; None where no such line
    is, or not exactly one box is ticked."""
    for ln in lines:
        text = ln.text
        first = re.search(BOX_ANY, text)
        if first is None:
            continue
        asked, answers = text[:first.start()], text[first.start():]
        if not re.search(r"\bKMD\b", asked) or re.search(r"leverandør|provider|supplier|vendor", asked, re.I) \
                or not _YES_NO_BOXES.fullmatch(answers):
            continue
        boxes = list(_YES_NO_IN_LINE.finditer(answers))
        ticked = [m for m in boxes if re.fullmatch(BOX_ON, m.group("box").strip())]
        if len(boxes) == 2 and len(ticked) == 1:
            return bool(_YES.match(ticked[0].group("word")))
    return None


_YES_NO_IN_LINE = re.compile(rf"(?P<box>{BOX_ANY})\s*(?P<word>ja|yes|nej|no)\b", re.I)
_YES_NO_BOXES = re.compile(rf"(?:\s*(?:{BOX_ANY})\s*(?:ja|yes|nej|no)\b\s*)+", re.I)


def _value_under(lines: list[Line], i: int) -> str:
    """The one cell right under line i's label at its left edge (within a few points), when it is no label,
    no box and no heading-like question: the value of a label set above it."""
    if i + 1 >= len(lines) or not lines[i].segments:
        return ""
    ln, nxt = lines[i], lines[i + 1]
    if nxt.page != ln.page or len(nxt.segments) != 1 or abs(nxt.segments[0].x0 - ln.segments[0].x0) > 6 \
            or nxt.top - ln.bottom > 2 * (ln.bottom - ln.top):
        return ""
    text = nxt.segments[0].text
    return "" if label_of(text) is not None or re.search(BOX_ANY, text) or text.rstrip().endswith(("?", ":")) else text


# a note in brackets that belongs to the label, not a value: "System vendor (if connected through one)"
_LABEL_NOTE = re.compile(r"^(?:hvis|if|evt\.?|eventuelt|optional|valgfri|where|når|when|kun|only)\b", re.I)


def _answer_under(lines: list[Line], i: int, x0: float | None = None) -> str | None:
    """The answer under line i's first cell (or its cell at `x0`) where line i is a row of captions (every other
    cell a label too) and the next line holds a cell starting where it does: the answer to that caption."""
    segs = lines[i].segments
    if len(segs) < 2 or i + 1 >= len(lines) or lines[i + 1].page != lines[i].page:
        return None
    if not all(is_label(sg.text) or label_of(sg.text) is not None or _PROVIDER_LABEL.match(sg.text)
               for sg in segs[1:]):
        return None
    at = segs[0].x0 if x0 is None else x0
    return next((sg.text for sg in lines[i + 1].segments if abs(sg.x0 - at) <= 4), None)


def _no_provider(named: str) -> bool:
    """The provider's label answered with a no ("Nej", "Ingen", "None", "N/A", a dash): no provider's name."""
    return bool(_NO_VIA.match(named.strip()) or re.fullmatch(r"\s*[-–—]+\s*", named))


def _provider_value(in_label: str | None, beside: str) -> str:
    """The provider's name after its label: in the label's own brackets ("Leverandør (Multimed)") unless what
    the brackets hold is the label's note ("(hvis I kobles på gennem den)"); then what follows the note's
    closing bracket, or the cell beside it."""
    inner = in_label or ""
    note = _LABEL_NOTE.match(inner)
    if not note:
        return inner or beside
    after = re.sub(r"^[^)]*\)\s*:?\s*", "", inner) if ")" in inner else ""
    return after or beside


_ANSWER_ONLY = re.compile(r"(?:ja|nej|yes|no|[✓✔✗✘xX])\.?", re.I)


def _captions_under_answers(lines: list[Line]) -> list[Line]:
    """Answers set on a line of their own with their questions as small captions right under them ("No" | "No"
    over "Connected through KMD" | "Access through a GP-system vendor"; where small print stands right over the
    answers too, the labels are over their values): each caption and its answer made one line,
    question first, as the questions are read ("Connected through KMD No"). Read as they stand, the caption
    named KMD and the answer above it was lost: "no" read as "via KMD"."""
    out: list[Line] = []
    skip = False
    for i, ln in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        height = max(6.0, ln.bottom - ln.top)
        prev = out[-1] if out else None
        if (prev is not None and prev.page == ln.page and prev.bottom - prev.top < 0.85 * height
                and 0 <= ln.top - prev.bottom < 1.2 * height
                and any(abs(p.x0 - ln.segments[0].x0) < 6 for p in prev.segments)):
            out.append(ln)  # small print right over the answers too: labels over their values, read as they stand
            continue
        if (nxt is not None and nxt.page == ln.page and len(nxt.segments) == len(ln.segments)
                and 0 <= nxt.top - ln.bottom < 1.2 * height and nxt.bottom - nxt.top < 0.85 * height
                and all(_ANSWER_ONLY.fullmatch(seg.text.strip()) for seg in ln.segments)
                and all(abs(a.x0 - c.x0) < 6 for a, c in zip(ln.segments, nxt.segments, strict=True))
                and any(re.search(r"\bKMD\b|leverandør|provider|supplier|vendor", c.text, re.I)
                        for c in nxt.segments)):
            out += [Line(nxt.page, nxt.top, nxt.bottom, [Segment(c.words + a.words)])
                    for a, c in zip(ln.segments, nxt.segments, strict=True)]
            skip = True
            continue
        out.append(ln)
    return out


def _connected_via(lines: list[Line]) -> tuple[str | None, bool]:
    """(how the party is connected, whether it chose a system provider whose name was not found): a provider
    ticked with no name read is no direct connection (null), which is what None alone would say."""
    lines = _joined_questions(_captions_under_answers(lines))
    grid, answer = _yes_no_grid(lines)
    provider_name: str | None = None
    written: list[str | None] = []
    kmd_no = False  # "via KMD? No" answers KMD only: a provider named beside it still stands
    said_yes = False  # a question after KMD and a provider answered yes, neither read after it
    for i, ln in enumerate(lines):
        segs = ln.segments
        text = ln.text
        captions = under_captions(lines, i)
        if captions is not None and any(_VIA_CAPTION.match(c.text) for c, _ in captions):
            # a row of captions asking it ("TYPE | VIA KMD | SYSTEMLEVERANDØR", "CONNECTED THROUGH KMD | CLINICAL
            # SYSTEM VENDOR | NETWORKS (CIDR)"): each caption's answer is the cell under it ("JA", "No"), the row no
            # one label's value (its "KMD" was read as the answer)
            for cap, ans in captions:
                if _VIA_CAPTION.match(cap.text) and ans:
                    ok, value = _via_value(f"{cap.text}? {ans}")
                    if ok:
                        written.append(value)
                        kmd_no = kmd_no or value is None
                elif _PROVIDER_LABEL.match(cap.text) and ans and not is_label(ans) and not _no_provider(ans):
                    provider_name = clean(ans)
            continue
        labelled = _VIA_LABEL.match(text)
        if _BARE_ANSWER.match(clean(text) or ""):
            labelled = None  # "Tilsluttes via KMD | Nej", "Via KMD | Ja": a question answered, read whole below
            text = _asked(text)
        rest = text[labelled.end():] if labelled else text
        under = _answer_under(lines, i) if labelled else None
        if under is not None:
            # a row of captions ("TILSLUTTES VIA KMD | SYSTEMLEVERANDØR | IP-NET"), each answer under its own:
            # the question is the via caption, its answer the cell under it ("Nej"), never the caption's "KMD"
            ok, value = _via_value(f"{segs[0].text}? {under}")
            if ok:
                written.append(value)
                kmd_no = kmd_no or value is None
            for sg in segs[1:]:  # the provider's caption in the same row, its name under it
                named = _answer_under(lines, i, sg.x0) if _PROVIDER_LABEL.match(sg.text) else None
                if named and not is_label(named) and not _no_provider(named):
                    provider_name = clean(named)
            continue
        if re.search(BOX_ANY, rest):
            # "[X] Systemleverandør: X A/S" is read below; a provider's name may stand on its own line
            m = _PROVIDER_LABEL.match(segs[0].text if segs else text)
            if m and m.group(1) and not re.search(BOX_ANY, m.group(1)):
                provider_name = clean(m.group(1))
            continue
        if len(segs) == 2 and not labelled and _vendor_asked(segs[0].text):
            answer = clean(segs[1].text.strip(" .:"))
            named_after = re.match(r"^(?:ja|yes)\s*[,:;–—-]\s*(\S.*)$", answer or "", re.I)
            if named_after:
                # "Ja, Novax", "Ja, via Novax": yes, and the vendor's name after it
                answer = clean(re.sub(r"^(?:via|through|gennem|igennem)\s+", "", named_after.group(1), flags=re.I))
            elif answer and _YES.match(answer) and not _BOTH_ANSWERS.match(answer):
                said_yes = True  # yes to the vendor, no name given: never a direct connection
            if answer and not (_NO_VIA.match(answer) or _YES.match(answer) or _LEADERS_ONLY.match(answer)
                               or is_label(answer) or re.search(BOX_ANY, answer) or _sentence(answer)):
                provider_name = answer  # the vendor asked for, answered in the cell beside the question
            continue
        first = segs[0].text if segs and not labelled else rest
        m = _PROVIDER_LABEL.match(first)
        if m:
            named = _provider_value(m.group(1), segs[1].text if len(segs) > 1 and not labelled else "")
            if not named and len(segs) == 1:
                # the label set small under its value (a paper form's caption), or at a ruled cell's top over it
                above = _value_above(lines, i, 0) if i > 0 else None
                named = above if above else _value_under(lines, i)
            if named and not is_label(named) and not re.search(BOX_ANY, named) and not _no_provider(named):
                provider_name = clean(named.strip(" ()"))
            continue
        if labelled or _QUESTION.match(clean(text) or ""):  # "Tilsluttes via: KMD", "Via KMD? | No"
            ok, value = _via_value(rest if labelled else text)
            if ok:
                written.append(value)
                q = _QUESTION.match(clean(_asked(text)) or "")
                kmd_no = kmd_no or (value is None and q is not None and bool(re.search(r"\bKMD\b", q.group("q")))
                                    and not re.search(r"leverandør|provider|supplier|vendor", q.group("q"), re.I))
            elif (yes := _yes_to_via(text)) is not None:
                # "KMD eller en systemleverandør?: Ja –" over "Journalhuset A/S": yes, and the name on the next line
                named = _lone_cell(lines, i + 1) if re.search(r"[–—:-]$", yes) else None
                ok, value = _via_value(named) if named else (False, None)
                if ok and value is not None:
                    written.append(value)
                else:
                    said_yes = True  # via KMD or a provider, which one not read: never a direct connection
        elif len(segs) == 1 and (said := _VIA_ANSWER.match(clean(text) or "")):
            # the question's answer on the line under it: "Ja, via Novax", "No, directly"
            ok, value = _via_value(said.group("via") or said.group(0))
            if ok:
                written.append(value)
    if grid:
        return (provider_name, provider_name is None) if answer == "provider" else (answer, False)
    boxed = _boxed_kmd_answer(lines)
    if boxed is not None:
        return ("KMD", False) if boxed else (provider_name, False)
    checked = _checked(lines)
    for c in checked:
        if kmd_said(c):
            return "KMD", False
        if _NO_VIA.match(c) or _DIRECT_SAID.search(c):
            return None, False  # directly, none, or on its own ("On our own (own connection) | X", "Selvstændigt")
        if re.search(r"leverandør|provider|supplier|vendor|system", c, re.I):
            # "Via systemleverandør: X A/S", "Through a system vendor: X": the option's words, then the name
            m = _PROVIDER_LABEL.match(re.sub(r"^\s*(?:via|through|gennem|igennem)\s+(?:(?:an?|en|vores|our)\s+)?", "",
                                             c, flags=re.I))
            option_named = clean(m.group(1).strip(" .:()")) if m and m.group(1) else None
            chosen = option_named or provider_name
            return chosen, chosen is None
    if written:
        if written[0] is None and kmd_no and (provider_name or said_yes):
            return provider_name, provider_name is None  # no to KMD, yes to a provider (named or not)
        return written[0], False
    if provider_name:
        return provider_name, False
    if said_yes:
        return None, True
    if len({c for c, _ in _option_lines(lines, "via")}) >= 2 or len({k for k, _ in _via_options(lines)}) >= 2:
        return None, False  # a printed list of options, none marked: not an answer
    if checked:
        return None, False  # an option ticked: the options left open beside it ("Under KMD's agreement") are no answer
    for ln in lines:
        if len(ln.segments) > 1 and any(re.search(r"leverandør|provider|supplier|vendor", sg.text, re.I)
                                        for sg in ln.segments):
            continue  # KMD beside a provider: the questions or options printed side by side, neither an answer
        if kmd_said(ln.text) and not re.search(BOX_ANY, ln.text) and not ln.text.rstrip().endswith("?"):
            return "KMD", False  # never a question left unanswered ("Kobles I på via KMD?")
    return None, False


_UMBRELLA_WORDS = r"leverandør|provider|supplier|vendor|systemhus"
_DIRECT_SAID = re.compile(r"\b(?:direkte|direct(?:ly)?|ingen|none|selvstændig\w*|egen\s+forbindelse|own\s+connection"
                          r"|on\s+our\s+own)\b", re.I)
_BARE_NO = re.compile(r"^(?:nej|no)\.?$", re.I)


def _ticked_connection(lines: list[Line]) -> list[Line]:
    """Where no part asks how the party connects (its question set beside the type's, in a column of its own):
    the cells holding a ticked way of connecting ("☑ Via KMD's aftale", "☑ Direkte – egen SD-WAN-boks"), each
    as a line of its own, so a type ticked on the same line is never read as the way."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        for seg in ln.segments:
            cell = Line(ln.page, ln.top, ln.bottom, [seg])
            if not any(_CONNECTION_OPTION.match(c) for c in _checked([cell])):
                continue
            # the option's words wrapped under themselves, past its box or back to it in small letters ("☑ Gennem
            # vores" over "journalsystemleverandør: XMO"): its rest, with the provider's name
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            size = ln.bottom - ln.top
            rest = [s for s in (nxt.segments if nxt is not None and nxt.page == ln.page
                                and 0 <= nxt.top - ln.bottom < 0.6 * size else [])
                    if len(seg.words) > 1 and not re.search(BOX_ANY, s.text)
                    and (abs(s.x0 - seg.words[1].x0) < 3 or abs(s.x0 - seg.x0) < 3 and s.text[:1].islower())]
            out.append(Line(ln.page, ln.top, ln.bottom, [Segment(seg.words + rest[0].words)]) if rest else cell)
    return out


def _no_to_each(lines: list[Line]) -> bool:
    """The connection asked as two yes/no questions, one after KMD and one after a system provider, both answered
    a bare no ("Via KMD? Nej", "Via en systemleverandør? Nej"), with no direct connection (or none) ticked or
    written: two noes leave the way the party connects unsaid (a third way the form offers unread, or an answer
    read from the wrong line), so it is not found, never "none"."""
    lines = _joined_questions(_captions_under_answers(lines))
    if _checked(lines):
        return False  # an option ticked answers it
    kmd = vendor = False
    for ln in lines:
        text = clean(_asked(ln.text)) or ""
        m = re.match(r"^(?P<q>.*[?:])\s*(?P<a>[^?:]*)$", text)
        asked, answer = (m.group("q"), m.group("a").strip()) if m else (text, "")
        if _DIRECT_SAID.search(answer) or not m and _DIRECT_SAID.search(text) and not re.search(BOX_ANY, text):
            return False  # "Nej, direkte", "Direct connection": said
        if not m or not _BARE_NO.match(answer):
            continue
        names_kmd = re.search(r"\bKMD\b", asked) is not None
        names_vendor = re.search(_UMBRELLA_WORDS, asked, re.I) is not None
        kmd = kmd or names_kmd and not names_vendor
        vendor = vendor or names_vendor and not names_kmd
    return kmd and vendor


def _yes_to_via(text: str) -> str | None:
    """The answer to a question after KMD or a system provider when it says yes ("Tilsluttes I via KMD eller en
    systemleverandør?: Ja –"), else None."""
    q = _QUESTION.match(clean(_asked(text)) or "")
    if q is None or _PROVIDER_LABEL.match(q.group("q")):
        return None
    answer = q.group("a").strip(" .:")
    return answer if _YES.match(answer) and not _BOTH_ANSWERS.match(answer) else None


def _lone_cell(lines: list[Line], i: int) -> str | None:
    """Line i's text when it is one cell that is no label, box or question (a value wrapped onto a line of its own)."""
    if i >= len(lines) or len(lines[i].segments) != 1:
        return None
    text = lines[i].text.strip()
    return None if (not text or is_label(text) or re.search(BOX_ANY, text) or text.endswith("?")) else text


def _sentence(text: str) -> bool:
    """Words written as a sentence or a remark ("Se bilag 2.", "afventer svar fra leverandøren"), not a
    provider's name."""
    words = text.split()
    return len(words) > 4 or bool(re.search(r"[.?!]$|\d", text)) or (
        len(words) > 1 and sum(w[:1].islower() for w in words) > len(words) // 2)


def _postcode_with_town(cell: str, cells: list[str]) -> bool:
    code = cell.strip().removeprefix("DK-")
    return bool(re.fullmatch(r"\d{4}", code)) and postcodes.is_postcode(code) and any(
        postcodes.match_town(code, c) >= 0.85 for c in cells if c is not cell)


def _labelled_parts(cell: str) -> list[str]:
    """A cell holding several labelled values one after another ("Navn: Tina Bro, mail: t@b.example,
    tlf. 76 54 32 11") as its parts, each a label with its value, or a name, an address and a phone
    between slashes ("Tina Bro / t@b.example / 76 54 32 11"); else the cell itself."""
    slashed = [p.strip() for p in re.split(r"\s/\s", cell) if p.strip()]
    if 2 <= len(slashed) <= 3 and sum(bool(EMAIL_TOKEN.fullmatch(p)) for p in slashed) == 1 and all(
            EMAIL_TOKEN.fullmatch(p) or _PHONE_START.fullmatch(p) or looks_like_name(p) for p in slashed):
        # one person's name, e-mail and phone in one cell under "Navn / e-mail / telefon": the parts, in turn
        # (the phone maybe only begun, its cell wrapping: "(+45)" / "93210134")
        return slashed
    parts = [p.strip() for p in re.split(r"[,;]\s+|\s{2,}|\s[|–—]\s", cell) if p.strip()]
    if len(parts) < 2:
        return [cell]
    labelled = [p for p in parts if (hit := label_of(p, CONTACT_LABELS)) is not None and hit[1]]
    return parts if len(labelled) >= 2 and len(labelled) >= len(parts) - 1 else [cell]


_PHONE_START = re.compile(r"(?:(?:tlf|tel|telefon|phone|mobil|mobile)\.?:?\s*)?[\d\s+().-]*\d[\d\s+().-]*", re.I)
_CUT_EMAIL = re.compile(r"[\w.+-]@(?:[\w-]+\.)*[\w-]*[-.]$|[\w.+-]@[\w-]*$")
_EMAIL_TAIL = re.compile(r"^[\w-]+(?:\.[\w-]+)*$")
_DOT_TAIL = re.compile(r"^\.[\w-]+(?:\.[\w-]+)*$")  # the cell wrapped before the domain's dot: ".example"


# a whole address whose top-level domain (letters only) runs into the next cell's number with no space
# between: "gustav@hvidmose-it.example98 11 03 33" (a form field's text laid over the next one's)
_EMAIL_INTO_DIGITS = re.compile(r"^([^\s@]+@(?:[\w-]+\.)+[A-Za-z]{2,})(\d[\d+().-]*)$")


def _apart_glued(seg: Segment) -> list[Segment]:
    """A cell whose address ran into the next cell's digits as the address and the rest: no top-level
    domain ends in a digit, so the digits are the next cell's (its phone), not part of the address."""
    k = next((k for k, w in enumerate(seg.words) if _EMAIL_INTO_DIGITS.match(w.text)), None)
    if k is None:
        return [seg]
    w = seg.words[k]
    m = _EMAIL_INTO_DIGITS.match(w.text)
    assert m is not None
    cut = w.x0 + (w.x1 - w.x0) * len(m.group(1)) / len(w.text)
    address = Word(m.group(1), w.x0, cut, w.top, w.bottom, w.source, w.run, w.bold)
    digits = Word(m.group(2), cut, w.x1, w.top, w.bottom, w.source, w.run, w.bold)
    return [Segment(part) for part in (seg.words[:k] + [address], [digits] + seg.words[k + 1:]) if part]


def _apart_after_email(seg: Segment) -> list[Segment]:
    """A cell whose cut e-mail address runs into the next cell's value ("birthe@ha 23 59 56 03") as the
    address and the rest, so the address can be joined with its tail on the lines below."""
    parts = _apart_glued(seg)
    if len(parts) > 1:
        return [piece for part in parts for piece in _apart_after_email(part)]
    seg = _phone_off_email(seg)
    k = next((k for k, w in enumerate(seg.words) if _CUT_EMAIL.search(w.text)), None)
    if k is None:
        # a whole-looking address with the next cell's number run into it ("sosk@egelev.exampl 5311 8951"):
        # the address may be cut at its cell's edge, so it stands apart to be joined with its rest below
        k = next((k for k, w in enumerate(seg.words[:-1]) if EMAIL_TOKEN.fullmatch(w.text)
                  and re.match(r"^\+?\d", seg.words[k + 1].text)), None)
    if k is None or len(seg.words) == 1:
        return [seg]
    # the address apart from the cells run into it on either side ("Dorthe Vestergaard dorthe@roennebaek 89
    # 49 60 40"), so its tail below is found under the address itself
    return [Segment(part) for part in (seg.words[:k], seg.words[k:k + 1], seg.words[k + 1:]) if part]


# an address whose cell overflowed into the next one's "+45 …" with no gap: "a@b.example+45" then "34 51 72 21"
_EMAIL_THEN_PLUS = re.compile(r"^([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})(\+\d{1,3})$")


def _phone_off_email(seg: Segment) -> Segment:
    """A word that is a whole address run into a country code ("…@mosede-strand-it.example+45"), the digits
    of a phone number after it: two words, the address and the number's start (a domain never holds "+")."""
    words: list[Word] = []
    for k, w in enumerate(seg.words):
        m = _EMAIL_THEN_PLUS.match(w.text)
        nxt = seg.words[k + 1].text if k + 1 < len(seg.words) else ""
        if m is None or not re.match(r"^\d", nxt):
            words.append(w)
            continue
        cut = w.x0 + (w.x1 - w.x0) * len(m.group(1)) / len(w.text)
        words += [dataclasses.replace(w, text=m.group(1), x1=cut), dataclasses.replace(w, text=m.group(2), x0=cut)]
    return Segment(words) if len(words) != len(seg.words) else seg


_CUT_LOCAL = re.compile(r"^[\w.+]+(?:-[\w.+]+)*-$")
_LOCAL_PIECE = re.compile(r"[a-z0-9][\w.+-]{5,}")  # a long lower-case word a local part may be cut from


def _joined_local_parts(lines: list[Line]) -> None:
    """An address cut in its local part at a hyphen ("lars-" over "erik.bergstrom@lindholt-"), or inside a word
    where it ran into its cell's edge ("karolinechristoffers" | "tlf. ..." over "en@birkelund.example"): the piece
    right under it, at its x, that holds the "@" is the rest of the address; glued in place. Also where the cell's
    lines were already read as one value with a space at each break (`_glued_in_cell`)."""
    for ln in lines:
        ln.segments = [_glued_in_cell(seg) for seg in ln.segments]
    for i, ln in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        for k, seg in enumerate(ln.segments):
            cut = _CUT_LOCAL.match(seg.words[-1].text) or (
                len(seg.words) == 1 and _LOCAL_PIECE.fullmatch(seg.text.strip()) and _runs_to_next_cell(ln, k))
            if nxt.page != ln.page or not cut or "@" in seg.text:
                continue
            tail = next((t for t in nxt.segments if abs(t.x0 - seg.words[-1].x0) < 3
                         and re.match(r"^[\w.+-]+@", t.text.strip())), None)
            if tail is None:
                continue
            last, first = seg.words[-1], tail.words[0]
            glued = Word(last.text + first.text, last.x0, max(last.x1, first.x1), last.top, first.bottom, last.source)
            ln.segments[k] = Segment(seg.words[:-1] + [glued] + tail.words[1:])
            nxt.segments.remove(tail)


def _glued_in_cell(seg: Segment) -> Segment:
    """A cell's lines read as one value ("birthe.christofferse" over "n@roennebaek.exa" over "mple", LibreOffice
    breaking a long address inside its words): the piece before the one that holds the "@", set at the same left
    edge (one over the other, where two words of a line stand side by side), is the address's first letters, not
    a word of its own (read apart, the address was "n@roennebaek.example" with confidence; held-out seed 8852,
    ninth hand)."""
    words = list(seg.words)
    k = 0
    while k + 1 < len(words):
        a, b = words[k], words[k + 1]
        if "@" not in a.text and _LOCAL_PIECE.fullmatch(a.text) and re.match(r"^[\w.+-]+@", b.text) \
                and abs(b.x0 - a.x0) < 3 and b.x0 < a.x1 - 1:  # stacked, not side by side
            words[k:k + 2] = [Word(a.text + b.text, a.x0, max(a.x1, b.x1), a.top, b.bottom, a.source)]
            continue
        k += 1
    return seg if len(words) == len(seg.words) else Segment(words)


def _listed(seg: Segment) -> str:
    """A cell's text, or its first word where a comma ends it and more follows: an address wrapped in a cell that
    lists a contact ("Lærke Bech, labe@boegeskov-" over "it.example, 9602 2052") goes on with its domain's tail,
    then the list's next item."""
    text = seg.text.strip()
    first = seg.words[0].text
    return first[:-1] if len(seg.words) > 1 and first.endswith(",") else text


def _joined_emails(lines: list[Line], unsure: set[str] | None = None,
                   over_pages: set[str] | None = None) -> list[Line]:
    """An e-mail address wrapped in its cell ("maso@fjeldsaa-" over "it.example", even over three lines)
    joined again: the next line's piece that starts where the address or its label starts and reads as
    a domain's tail (no "@": the next row's address is never taken). `unsure` collects the addresses
    left cut whose cell goes on below with a piece that could not be joined with certainty."""
    out = [Line(ln.page, ln.top, ln.bottom, [part for s in ln.segments for part in _apart_after_email(s)])
           for ln in lines]
    _joined_local_parts(out)
    for i, ln in enumerate(out):
        for k in range(len(ln.segments)):
            starts = [ln.segments[k].x0] + ([ln.segments[k - 1].x0] if k else [])
            for nxt in [n for n in out[i + 1:i + 5] if n.segments][:3]:
                seg = ln.segments[k]
                text = seg.text.strip()
                full = _fills_its_cell(ln, k)
                cut = _CUT_EMAIL.search(text) is not None
                in_tld = not (cut or full) and nxt.page == ln.page and _cut_in_its_end(text)
                if not (cut or full or in_tld) or nxt.page != ln.page and not cut:
                    break
                # an address cut at the foot of a page goes on at the head of the next, under its running header
                # ("nikolaj.lykke@birke" / "lund-sundhed.example"): read apart, it was "invalid" to the party
                # the piece under the address's own first letter before one under its label's (labels set under
                # their values: "Contact" under the name beside "it.example" under the address)
                tail = next((t for t in sorted(nxt.segments, key=lambda t: abs(t.x0 - seg.x0))
                             if min(abs(t.x0 - x) for x in starts) < 6
                             and label_of(t.text) is None
                             and (_EMAIL_TAIL.match(_listed(t)) and (text.endswith(("-", ".")) or
                                                                     _listed(t).endswith("-") or "." in _listed(t))
                                  or _DOT_TAIL.match(_listed(t)) and not text.endswith(("-", ".")))),
                            None)
                if tail is None and full:
                    tail = _rest_below(ln, seg, nxt)
                if tail is None and in_tld:
                    tail = _rest_below(ln, seg, nxt)
                    if tail is not None and _domain(text + tail.text.strip()).rsplit(".", 1)[-1] \
                            not in TOP_LEVEL_DOMAINS:
                        tail = None  # the piece below makes no domain's end of it either: for staff (unsure)
                if tail is None:
                    if unsure is not None and (_goes_on_below(ln, seg, nxt) or nxt.page != ln.page):
                        unsure.add(seg.words[-1].text.strip())
                    break
                last, first = seg.words[-1], tail.words[0]
                glued = Word(without_tld_hyphen(last.text, first.text) + first.text, last.x0, max(last.x1, first.x1),
                             last.top, first.bottom, last.source, break_at=domain_break(last.text, first.text))
                ln.segments[k] = Segment(seg.words[:-1] + [glued] + tail.words[1:])
                if nxt.page != ln.page and over_pages is not None:
                    over_pages.add(glued.text.strip())  # joined over a page break: likely, never certain
                nxt.segments.remove(tail)
    return [ln for ln in out if ln.segments]


def _cut_in_its_end(text: str) -> bool:
    """A whole-looking address whose domain ends in no known end ("...@noerreaa.exam"): a cell narrower than the
    gap to the next one (a drawing's text frame) broke it inside its last part, and the rest may stand below."""
    return EMAIL_TOKEN.fullmatch(text) is not None and "." in _domain(text) \
        and _domain(text).rsplit(".", 1)[-1] not in TOP_LEVEL_DOMAINS


def _hyphen_at_breaks(lines: list[Line], joined: dict[str, tuple[str, str]], seen: Counter[str]) -> None:
    """An address joined from two lines at a letter of its domain may have lost a hyphen at the break: Chromium
    breaks a long address after a hyphen and prints none ("sofie@hospitalsenheden" / "hvidmose-it.example" for
    "…hospitalsenheden-hvidmose-it.example"), while LibreOffice breaks one inside a word; or one joined after a
    hyphen may hold the typesetter's (groff hyphenates a word of the domain: "…@aalund-sund-" / "hed.example", for
    "aalund-sundhed.example"; Chromium keeps the address's own at its break). Not in its last part
    (a top-level domain has no hyphen). Otherwise the form's other addresses (`seen`: `domain_names` of the
    addresses its pages print on one line) tell which (`broken_address.told`); where none does, the address stays
    as joined and is named in `joined` with both ways of reading it, for staff to look or the case's mails to tell
    (never a confident guess)."""
    broken = [w for ln in lines for seg in ln.segments for w in seg.words
              if w.break_at and "@" in w.text and "." in w.text[w.break_at:]]
    if not broken:
        return
    ways = {id(w): (w.text, _other_way(w.text, w.break_at)) for w in broken if w.break_at}
    for w in broken:
        as_joined, other = ways[id(w)]
        way = broken_address.told((as_joined, other), seen)
        if way is None:
            found, found_other = EMAIL_TOKEN.search(as_joined), EMAIL_TOKEN.search(other)
            address = found.group() if found else as_joined
            joined[address] = (address, found_other.group() if found_other else other)
        else:
            w.text = way


def _other_way(text: str, at: int) -> str:
    """An address joined at `at` read the other way: without the hyphen that ends its first line, or with one
    where it ended in a letter."""
    return text[:at - 1] + text[at:] if text[at - 1] == "-" else text[:at] + "-" + text[at:]


def domain_names(lines: list[Line]) -> Counter[str]:
    """The domains' names (`broken_address.domain_name`) of the addresses the lines print whole on one line: what
    a broken address's hyphen is told by. An address joined from two lines is no evidence of itself; one whose
    top-level domain was cut at its line's end ("karoline@aalund-sundhed.exam-") still names its domain."""
    return Counter(broken_address.domain_name(m.group()) for ln in lines for sg in ln.segments for w in sg.words
                   if not w.break_at for m in EMAIL_TOKEN.finditer(w.text))


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[1].lower().rstrip(".,;:)")  # a list's comma after it is none of it


def _runs_to_next_cell(ln: Line, k: int) -> bool:
    """Cell `k` of the line runs right up to the next cell: no more room than the cells' padding and the one
    letter that did not fit (an "m" is nearly the size of the type) between them, so its text may have been
    broken inside a word at the cell's edge."""
    seg = ln.segments[k]
    size = max(w.bottom - w.top for w in seg.words)
    return k + 1 < len(ln.segments) and 0 <= ln.segments[k + 1].x0 - seg.x1 < max(12.0, 1.6 * size)


def _fills_its_cell(ln: Line, k: int) -> bool:
    """The cell `k` of the line is a whole-looking e-mail address that runs right up to the next cell
    (no more than a cell's padding between them): a cell too narrow for it, which may have broken the address
    inside a word ("sosk@egelev.exampl" | "5311 8951", "e" below)."""
    seg = ln.segments[k]
    return len(seg.words) == 1 and EMAIL_TOKEN.fullmatch(seg.text.strip()) is not None and _runs_to_next_cell(ln, k)


def _rest_below(ln: Line, seg: Segment, nxt: Line) -> Segment | None:
    """The rest of an address broken inside a word at its cell's edge: one piece of a domain's letters
    right under the address's first letter, as close as a paragraph's lines, with no "@" (a next row's
    address has its own) and nothing else of the next line standing left of the address's right edge."""
    size = ln.bottom - ln.top
    if not -0.2 * size <= nxt.top - ln.bottom < 0.6 * size:
        return None
    # a label in a column left of the address is the next row's caption under its own value (labels set
    # under their values), no text of the address's cell
    under = [t for t in nxt.segments if t.x0 < seg.x1 and not (t.x1 <= seg.x0 and _caption(t.text))]
    if len(under) != 1 or abs(under[0].x0 - seg.x0) >= 3:
        return None
    piece = under[0].text.strip()
    return under[0] if re.fullmatch(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*", piece) and not _caption(piece) else None


def _caption(text: str) -> bool:
    """A cell that is only a label or a part's word ("Kontaktperson", "E-mail:")."""
    return is_label(text) or vocabulary.is_whole(text, "sections") is not None


_NUMBER_AT_END = re.compile(r"\(?\+?\d[\d\s().+-]*$")


def _joined_phones(lines: list[Line]) -> list[Line]:
    """A phone number wrapped in its cell ("+45 38 88 03" over "61", "+45 96" over "25 52 82", "(+45)" over
    "93210134"): the lone piece of digits right under it (at the number or its label, as close as a paragraph's
    lines) is its end, taken only when the number as read is too short to be one and with the piece it is a whole
    number."""
    out = [Line(ln.page, ln.top, ln.bottom, list(ln.segments)) for ln in lines]
    for i, ln in enumerate(out[:-1]):
        pieces = _digit_pieces(out, i)  # a narrow cell may wrap it twice: "(+45)" over "60 80" over "16 09"
        if not pieces:
            continue
        for k, seg in enumerate(ln.segments):
            starts = [seg.x0] + ([ln.segments[k - 1].x0] if k else [])
            if min(abs(pieces[0].x0 - x) for x in starts) >= 6 or not re.search(r"[\d)]\s*$", seg.text):
                continue
            # the number the cell ends with, maybe only its country code ("... / (+45)" over "93210134")
            number = _NUMBER_AT_END.search(seg.text)
            if number is None or phone_norm(number.group(0))[1]:
                continue
            whole = next((n for n in range(1, len(pieces) + 1) if phone_norm(
                number.group(0) + "".join(p.text.strip() for p in pieces[:n]))[1]), None)
            if whole is not None:
                ln.segments[k] = Segment(seg.words + [w for p in pieces[:whole] for w in p.words])
                for nxt in out[i + 1:i + 1 + whole]:
                    nxt.segments.clear()
                break
    return [ln for ln in out if ln.segments]


def _digit_pieces(lines: list[Line], i: int) -> list[Segment]:
    """The lone pieces of digits ("61", "25 52 82") on the lines right under line i, each as close under the one
    above as a paragraph's lines (a line made taller by a box beside it may reach a little above), at most two."""
    out: list[Segment] = []
    above = lines[i]
    for nxt in lines[i + 1:i + 3]:
        size = above.bottom - above.top
        if nxt.page != above.page or len(nxt.segments) != 1 or not re.fullmatch(
                r"\d{1,8}|\d{2,4}(?: \d{2,4}){1,3}", nxt.segments[0].text.strip()) \
                or not -0.2 * size <= nxt.top - above.bottom < 0.6 * size \
                or out and abs(nxt.segments[0].x0 - out[0].x0) >= 3:
            break
        out.append(nxt.segments[0])
        above = nxt
    return out


def _goes_on_below(ln: Line, seg: Segment, nxt: Line) -> bool:
    """The cell of the cut address `seg` wraps: the next line stands as close as a paragraph's lines,
    holds no label left of the address (a next row's) and a piece of one word without "@" that starts
    at the address (evidence that the address may go on there; a table's next row has its own "@")."""
    size = ln.bottom - ln.top
    x = seg.words[-1].x0
    return (0 <= nxt.top - ln.bottom < 0.6 * size
            and not any(t.x1 <= x and label_of(t.text) is not None for t in nxt.segments)
            and any(abs(t.x0 - x) < 6 and re.fullmatch(r"[^\s@]+", t.text.strip()) for t in nxt.segments))


def _heading_words(text: str) -> bool:
    """A name that is a heading's words: a role heading, or a contact's number ("Kontakt I", "Contact 2")."""
    t = text.strip()
    if re.fullmatch(r"(?:teknisk\s+)?(?:kontakt(?:person)?|contact(?:\s+person)?)\s*(?:\d{1,2}|[IVX]{1,4})\s*:?", t,
                    re.I):
        return True
    return heading_role(Line(0, 0, 0, [Segment([Word(f"A. {t}", 0, 0, 0, 0)])])) not in (None, "other") \
        and (t.isupper() or vocabulary.is_whole(t, "sections") is not None)


_RECEIVER = re.compile(r"@(?:[\w-]+\.)*medcom\.", re.I)  # MedCom receives the form; its people are no party's


def _contacts(lines: list[Line], domains: Counter[str] | None = None) -> list[_Contact]:
    """Contacts written as a table (one per row) or as labelled lines (name, e-mail, phone)."""
    unsure: set[str] = set()
    joined: dict[str, tuple[str, str]] = {}  # an address joined in doubt: its two ways, the first as joined
    over_pages: set[str] = set()
    lines = _joined_phones(_joined_emails(lines, unsure, over_pages))
    _hyphen_at_breaks(lines, joined, domains or Counter())
    out: list[_Contact] = []
    cur: _Contact | None = None
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        cells = [_label_unnumbered(part) for s in ln.segments for part in _labelled_parts(s.text)]
        if all(is_label(c) or label_of(c, CONTACT_LABELS) and not label_of(c, CONTACT_LABELS)[1]  # type: ignore[index]
               for c in cells):
            continue  # a header row or an empty labelled field
        if re.match(r"^\s*(?:teknisk\s+)?(?:kontaktperson|contact(?:\s+person)?)\s*\d\s*:?\s*$", ln.text, re.I):
            cur = None
            continue
        bare_labels = [c for c in cells if (hit := label_of(c, CONTACT_LABELS)) is not None and not hit[1]]
        if len(bare_labels) >= 2 and not re.search(r"[\d@]", ln.text):
            continue  # a table's header row ("Contact name | Email address | Telephone")
        labelled: dict[str, str] = {}
        rest_cells: list[str] = []
        role_cells: list[str] = []
        for k, c in enumerate(cells):
            hit = label_of(c, CONTACT_LABELS) or _generic_named(c, cells[k + 1] if k + 1 < len(cells) else "")
            if hit:
                value = hit[1] or (cells[k + 1] if k + 1 < len(cells) and not label_of(cells[k + 1]) else "")
                # an e-mail without "@" or a phone without a digit is no value of its label: the next header
                # cell ("E-mail address | Mobile no.") or a word
                if value and not (hit[0] == "email" and "@" not in value or hit[0] == "phone" and
                                  not re.search(r"\d", value)):
                    labelled[hit[0]] = value
                continue
            if k > 0 and label_of(cells[k - 1], CONTACT_LABELS) and not label_of(cells[k - 1], CONTACT_LABELS)[1]:  # type: ignore[index]
                continue  # consumed as the value of the label before
            if k + 1 < len(cells) and (c.rstrip().endswith("?") or heading_role(
                    Line(0, 0, 0, [Segment([Word(f"A. {c}", 0, 0, 0, 0)])])) in ("org_contact", "tech")
                    and not looks_like_name(c) and EMAIL_TOKEN.search(" ".join(cells[k + 1:]))):
                # the question its answer stands beside ("Hvem er kontaktperson for aftalen? | Dorthe ..."), or the
                # role's words ("Primær kontaktperson hos jer | Torben Aagaard, toaa@...")
                role_cells.append(c)
                continue
            if k == 0 and len(cells) >= 3 and len(c.split()) <= 3 and (
                    _ORG_ROLE.match(c) or _TECH_ROLE.match(c) or _TECH_WORD.search(c)):
                role_cells.append(c)  # a contacts table's role column ("Hovedkontakt IT | Nikolaj Krøyer | ...")
                continue
            rest_cells.append(c)
        email = labelled.get("email")
        phone = labelled.get("phone")
        name = labelled.get("name")
        if not phone:
            # a cell of digits beside a contact is its phone, unless a date, a network, a journal number
            # or a postcode with its town beside it ("5000 | Odense C")
            digits_only = [c for c in rest_cells if re.fullmatch(r"[\d\s+().-]{3,}", c) and phone_like(c, short=True)
                           and not _postcode_with_town(c, rest_cells)]
            if digits_only:
                phone = digits_only[0]
                rest_cells = [c for c in rest_cells if c is not digits_only[0]]
        # a list's bullet before the person ("• Emil Lykke, emil@x.example, 12 34 56 78") is no part of the name
        rest_cells = [_BULLET_MARK.sub("", c) for c in rest_cells]
        rest = " ".join(rest_cells)
        if rest:
            if not email:
                m = EMAIL_TOKEN.search(rest)
                if m:
                    email = m.group(0)
                    rest = rest.replace(m.group(0), " ")
            if not phone:
                m = next((t for t in PHONE_TOKEN.finditer(rest) if phone_like(t.group(0))), None)
                if m:
                    phone = m.group(0)
                    rest = rest.replace(m.group(0), " ")
            # "Dorthe Kragh, <address>, <phone>", "Karoline Uldall – <address> – <phone>", "Dorthe Kragh / <address>
            # / <phone>" (under "Navn / e-mail / telefon"): the list's marks are no part of the name
            rest = re.sub(r"[\s,;–—|/-]+$", "", rest) if email or phone else rest
            if not name and re.search(r"[A-Za-zÆØÅæøåÄÖÜäöüé]{2}", rest) and not re.search(r"[:@/]", rest):
                # unlabelled: a cell that reads as a person's name; a lone word beside a value is a label
                named = [c for c in rest_cells if looks_like_name(c)]
                if named:
                    name = named[0]
                elif len(rest_cells) == 1 and looks_like_name(rest):
                    name = rest
                elif len(rest_cells) == 1 and (email or phone):
                    name = _name_beside(rest)
        if name and _heading_words(name):
            name = None  # "PRIMÆR KONTAKT HOS ORGANISATIONEN", "Kontakt 1": a heading, not a person
        if name and len(name.split()) >= 3 and (_ORG_ROLE.match(name) or _TECH_ROLE.match(name)
                                                or _TECH_WORD.search(name)):
            # "Hovedkontakt IT Nikolaj Krøyer": a role cell run into the name's, where the one ends is not told
            role_cells, name = [name], None
        worded = [c for c in rest_cells if re.search(r"[^\W\d_]{3}", c) and not re.search(r"[:@/]", c)]
        unread = (worded[0] if not name and (email or phone) and len(worded) == 1
                  else role_cells[0] if not name and (email or phone) and role_cells
                  and len(role_cells[0].split()) >= 3 else None)
        if phone and not (name or email) and len(re.sub(r"\D", "", phone)) < 8:
            if cur is not None and cur.bad_phone and len(re.sub(r"\D", "", phone)) <= 4:
                # a few digits alone right after a phone read too short ("0045 6453" over "3842"): the number's
                # wrapped rest, not joined; the phone was read in part, never "invalid"
                cur.bad_phone, cur.phone_cut = False, True
            phone = None  # a short number alone ("3782") is a postcode or a count, no contact's phone
        if email and _RECEIVER.search(email) and not name:
            continue  # MedCom's own address ("Spørgsmål: sdn@medcom.dk"): where to ask, no contact of the party's
        if not (name or email or phone):
            continue
        if cur is None or (name and cur.name) or (email and cur.email) or (phone and cur.phone):
            cur = _Contact()
            out.append(cur)
        if name:
            cur.name = clean(name.strip().rstrip(",;"))  # "Dorthe Skovbo, dosk@...": the list's comma is no part
        elif unread:
            cur.name_unread = unread
        if email:
            cur.email, ok = email_norm(email)
            if not ok:
                # cut where its cell wraps, the rest below not joined: maybe whole there, so never "invalid";
                # found by its "@" alone, with no label, name or phone beside it, it may be no address at all
                # (two runs printed over each other, "sdrne-ssuspepoormt@mråeddcoemr"): staff look
                cur.email_doubt = ("cut" if email.strip() in unsure or _tld_cut(email.strip())
                                   else "bad" if "email" in labelled or name or phone else "odd")
            elif _tld_cut(cur.email):
                cur.email_doubt = "cut"  # "...@boegeskov-sundhed.examp": a cell that clipped it, the rest not drawn
            elif email.strip() in joined:
                cur.email_doubt = "joined"
                cur.email_ways = tuple(email_norm(way)[0] or way for way in joined[email.strip()])
            elif any(email.strip().endswith(g) or g in email for g in over_pages):
                cur.email_doubt = "page"
        if phone:
            cur.phone, ok = phone_norm(phone)
            if not ok and _CODE_ONLY.fullmatch(phone.strip()):
                cur.phone_cut = True  # only the country code ("(+45)"): the number went on somewhere unread
            elif not ok and _digits_below(ln, nxt, phone):
                cur.phone_cut = True  # digits under its cell: the number's wrapped rest, not joined
            elif not ok:
                cur.bad_phone = True
    return out


def _digits_below(ln: Line, nxt: Line | None, phone: str) -> bool:
    """Digits stand right under the phone's cell on the next line ("(+45) 48" over "45 28 80" in a narrow
    column): the phone may be cut where its cell wraps, so it was read in part, never "invalid"."""
    seg = next((s for s in ln.segments if phone.strip() and phone.strip() in s.text), None)
    if nxt is None or seg is None or nxt.page != ln.page:
        return False
    return any(abs(s.x0 - seg.x0) <= 3 and re.fullmatch(r"[\d\s()+-]+", s.text.strip()) is not None
               and re.search(r"\d", s.text) is not None for s in nxt.segments)


_CODE_ONLY = re.compile(r"\(?\s*(?:\+|00)\s*\d{1,3}\s*\)?")


def _label_unnumbered(cell: str) -> str:
    """A contact's label numbered for its person ("E-mail (1)", "Navn (2)"): the label alone, so it is read as
    one and never as a person's name; any other cell as it is."""
    bare = re.sub(r"\s*\(\d{1,2}\)\s*$", "", cell)
    return bare if bare != cell and label_of(bare, CONTACT_LABELS) is not None else cell


def _mail_into_its_row(lines: list[Line]) -> list[Line]:
    """A table's e-mail cell that wrapped and is set level with its row's last text row (a spreadsheet's cells
    are aligned to their bottom): the address, joined again, stands on a line of its own just above its row.
    A line holding only an address, right above a row (a label or name at the left, no address of its own)
    whose cells leave a gap where the address stands, is that row's."""
    out = [Line(ln.page, ln.top, ln.bottom, list(ln.segments)) for ln in lines]
    for i, ln in enumerate(out[:-1]):
        if len(ln.segments) != 1 or not EMAIL_TOKEN.fullmatch(ln.segments[0].text.strip()):
            continue
        row, mail = out[i + 1], ln.segments[0]
        size = ln.bottom - ln.top
        if row.page != ln.page or not 0 <= row.top - ln.top <= 1.6 * size or len(row.segments) < 2 \
                or EMAIL_TOKEN.search(row.text) or row.segments[0].x0 >= mail.x0:
            continue
        if any(seg.x0 < mail.x1 and seg.x1 > mail.x0 for seg in row.segments):
            continue  # the row has a cell where the address stands: not its gap
        row.segments = sorted([*row.segments, mail], key=lambda seg: seg.x0)
        ln.segments = []
    return [ln for ln in out if ln.segments]


def _generic_named(cell: str, nxt: str) -> tuple[str, str] | None:
    """("name", value) for a cell that names a person after a label naming a person's role and a colon or
    dotted leaders ("Kontaktperson: Gustav Eskildsen", "Contact person: ........ Asger Hjort", "Contact: |
    Anne Bech", "Driftsansvarlig: Ulla Bo"): the label asks for the person. The value is "" when it stands in
    the next cell `nxt`; a heading, a label or an organisation's name is never the person."""
    m = _ROLE_LABEL.match(cell)
    if m is None:
        return None
    before, after = m.group("label"), m.group("value").strip()
    person = after or nxt
    if not looks_like_name(person) or _names_organisation(person) or is_label(person) or _heading_words(person):
        return None
    return ("name", after) if _names_a_person(before) else None


# a label and its value: the label's words, a colon or dotted leaders, and what follows them
_ROLE_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_][^:.…_]{1,58}?)\s*(?::|[.…_]{3,})[\s.…_:]*(?P<value>.*)$")
_PERSON_WORDS = ("kontakt", "contact", "person", "ansvarlig", "responsible")


def _names_a_person(label: str) -> bool:
    """A label whose words name a person by their role: a contact ("Kontaktperson", "Contact person",
    "Hovedkontakt", "Technical contact"), someone responsible ("Driftsansvarlig"), or a contact part's heading."""
    if vocabulary.norm(label) in _GENERIC_CONTACT or vocabulary.is_whole(label, "sections") in ("org_contact", "tech"):
        return True
    toks = [t for t, _, _ in vocabulary.tokens(label)]
    if not 1 <= len(toks) <= 4 or any(t in ("mail", "email", "telefon", "phone", "tlf", "mobil") for t in toks):
        return False
    return any(t.startswith(_PERSON_WORDS) or t.endswith(_CONTACT_HEADS) or t.endswith("ansvarlig") for t in toks)


_BULLET_MARK = re.compile(r"^\s*[•▪◦●►‣∙]\s*")


def _name_beside(rest: str) -> str | None:
    """A person's name written in one cell with their e-mail and phone, both taken out of `rest` already
    ("Jens Mørch, jm@x.example, 12 34 56 78", "Jens Mørch (jm@x.example, tlf. 12345678)"): what is left
    between the separators is the name when it is one part that reads as a name, and the rest only the
    words that name an e-mail or a phone."""
    parts = [p.strip() for p in re.split(r"[,;()|]|\s[-–—/]\s", rest) if p.strip()]
    names = [p for p in parts if looks_like_name(p)]
    others = [p for p in parts if p not in names]
    if len(names) != 1 or any(label_of(p + ":", ["email", "phone"]) is None for p in others):
        return None
    return names[0]


def _address_by_type(lines: list[Line], addr: dict[str, str | None]) -> None:
    """Where no label names them: "7000 Kystby" or a lone "7000" is a postcode (one that exists), a
    name and a number the street, a word after the postcode its town."""
    # a network's row is no address's ("Range 1 | 192.168.145.64/27": its caption reads like a street and number)
    values = [re.sub(r"^[^:\d]{1,30}:\s*", "", seg.text).strip() for ln in lines if not IP_TOKEN.search(ln.text)
              for seg in ln.segments]
    for i, v in enumerate(values):
        split = postcodes.split_postcode_town(v)
        whole = _ONE_LINE_ADDRESS.match(v) or addresses.find_address(v)
        if isinstance(whole, re.Match) and addr["street"] is None and postcodes.is_postcode(whole.group(2)):
            # "Industrivænget 20, 1664 København V": street, postcode and town in one cell
            addr["street"], addr["postcode"] = clean(whole.group(1)), whole.group(2)
            addr["city"] = clean(whole.group(3))
            break
        if isinstance(whole, addresses.Found) and addr["street"] is None and postcodes.is_postcode(whole.postcode) \
                and whole.start == 0:
            # with a floor between ("Vestergade 12, 1. sal, 8000 Aarhus C"): parsers/addresses.py
            addr["street"], addr["postcode"], addr["city"] = whole.street, whole.postcode, whole.city
            break
        if split and postcodes.is_postcode(split[0]):
            addr["postcode"], addr["city"] = split[0], addr["city"] or clean(split[1])
        elif re.fullmatch(r"(?:DK-?)?\d{4}", v) and postcodes.is_postcode(v[-4:]):
            addr["postcode"] = v[-4:]
            towns = [t for t in values[i + 1:i + 3] if re.fullmatch(r"[^\W\d_][\w .'-]{1,40}", t)]
            if towns and addr["city"] is None:
                # a label we do not know may stand between ("Egn | Kystby"): the official town wins, else
                # the later cell, since labels come before their values
                official = [t for t in towns if postcodes.match_town(v[-4:], t) >= 0.85]
                addr["city"] = clean((official or towns)[0 if official else -1])
        elif re.fullmatch(r"[^\W\d_][\w .'-]{1,50}\s\d+[A-Za-z]?(?:,?\s.{0,20})?", v) and addr["street"] is None:
            addr["street"] = clean(v)
        if addr["postcode"] and addr["street"]:
            break


_ONE_LINE_ADDRESS = re.compile(r"^([^\W\d_][\w .'-]{1,50}\s\d+[A-Za-z]?)\s*,\s*(?:DK-?)?(\d{4})\s+"
                               r"([^\W\d_][\w .'-]{1,40})$")


def _address(lines: list[Line]) -> dict[str, str | None]:
    addr = _labelled_address(lines)
    if addr["postcode"] is None or addr["street"] is None:
        # (the street beside a label naming the part, "Installation address | Nørregade 5", is read by its type)
        labelled = addr["street"] is None and any(h.key == "address" for h in find_labels(lines, ["address"]))
        _address_by_type(lines, addr)
        if labelled and addr["street"] is not None and not _street_at_its_label(lines, addr["street"]):
            # the street's own label was found and what it holds was not read (a "c/o" line run into it): a
            # street-like cell elsewhere ("Range 1", "Page 1") is no answer to it
            addr["street"] = None
    return addr


def _street_at_its_label(lines: list[Line], street: str) -> bool:
    """The street read by its type stands in a cell beside the street's label, or just above or under it."""
    return any(h.key == "address" and any(clean(seg.text) == street or seg.text.strip().endswith(street)
                                          for ln in lines[max(0, h.line - 1):h.line + 3] for seg in ln.segments)
               for h in find_labels(lines, ["address"]))


_TOWN = re.compile(r"[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){0,3}\.?")


def _wrapped_street(lines: list[Line], i: int, value: str) -> str | None:
    """A street whose name wrapped in its cell before the house number ("Gammel" over "Kongevej 14"): the
    lone piece on the next line that is no label and ends in a number is the rest of it. A "c/o" line names
    who receives, not where: the street is that piece alone, and without one no street was read."""
    care_of = _CARE_OF.match(value) is not None
    if care_of and re.search(r"\d", value):
        return _street_after_care_of(lines, i, value)
    if re.search(r"\d", value) or i + 1 >= len(lines):
        return None if care_of else value
    nxt = lines[i + 1]
    if nxt.page != lines[i].page or len(nxt.segments) != 1:
        return None if care_of else value
    piece = nxt.segments[0].text.strip()
    if label_of(piece) is None and _STREET.fullmatch(piece):
        return piece if care_of else f"{value} {piece}"
    return None if care_of else value


_CARE_OF = re.compile(r"^\s*c/o\b", re.I)
_STREET = re.compile(r"[^\W\d_][\w.'-]*(?:\s[\w.'-]+){0,3}\s\d+[A-Za-z]?")


def _street_after_care_of(lines: list[Line], i: int, value: str) -> str | None:
    """The street of a cell that holds a "c/o" line and the street under it, read as one value ("c/o
    IT-afdelingen Industrivænget 1"): the words of the cell's last row, when they are a street; where the
    c/o ends and the street begins is not known otherwise, so nothing is read then."""
    for ln in lines[max(0, i - 1):i + 2]:
        for seg in ln.segments:
            if clean(seg.text) != value or len({round(w.top) for w in seg.words}) < 2:
                continue
            last = " ".join(w.text for w in seg.words if abs(w.top - seg.words[-1].top) < 2)
            if _STREET.fullmatch(last) and not _CARE_OF.match(last):
                return last
    return None


def _town_beside(lines: list[Line], h: Any) -> str | None:
    """The town in the field right after an empty "By:" label whose box is drawn a little lower than the label, so
    that its words were read as the next line (a Writer form's control, scanned: "Postnr.: | 6560 | By:" over
    "Sommersted"): the segment starting just after the label, less than a line's height below it, where it is a
    town the postcode table knows; else None."""
    ln = lines[h.line]
    label = next((sg for sg in ln.segments if abs(sg.x0 - h.x0) < 1), None)
    nxt = lines[h.line + 1] if h.line + 1 < len(lines) else None
    if label is None or nxt is None or nxt.page != ln.page:
        return None
    height = ln.bottom - ln.top
    if not 0 < nxt.top - ln.top < 0.7 * height:
        return None
    town = next((sg.text.strip() for sg in nxt.segments if label.x1 <= sg.x0 <= label.x1 + 2 * height), None)
    return town if town and postcodes.is_town(town) else None


def _town_over_page(lines: list[Line], h: Any) -> str | None:
    """The town of a "By" or "Postdistrikt" label that stands last on its page, its field at the head of the next
    (a label set over its value, the page broken between them): the next page's first line's cell in the label's
    column, where it is a town the postcode table knows ("7400 Herning" too, for "Postnr. og by"); else None. Only
    a known town is taken: the head of a page may be anything else (a running header, the next part)."""
    ln = lines[h.line]
    nxt = lines[h.line + 1] if h.line + 1 < len(lines) else None
    if nxt is None or nxt.page != ln.page + 1 or any(x.page == ln.page and x.top > ln.top for x in lines):
        return None
    cell = next((sg.text.strip() for sg in nxt.segments if abs(sg.x0 - h.x0) <= 6), None)
    m = re.fullmatch(r"(?:(?:DK-?)?\d{4}\s+)?(.+)", cell or "")
    return cell if cell and m and postcodes.is_town(m.group(1)) and not is_label(cell) else None


def _labelled_address(lines: list[Line]) -> dict[str, str | None]:
    addr: dict[str, str | None] = {"street": None, "postcode": None, "city": None}
    for h in find_labels(lines, ["postcity", "postcode", "city", "address"]):
        v = clean(h.value) if h.value and not is_label(h.value) else None
        if not v and h.key == "city":
            v = _town_beside(lines, h)  # "By:" with its field's town drawn a little lower
        if not v and h.key in ("city", "postcity"):
            v = _town_over_page(lines, h)  # "Postdistrikt" at a page's foot, the town at the next page's head
        if not v:
            continue
        if h.key == "postcity":
            m = re.match(r"^(?:DK-?)?(\d{4})\s+(.+)$", v)
            if m:
                addr["postcode"] = addr["postcode"] or m.group(1)
                addr["city"] = addr["city"] or m.group(2)
            elif _TOWN.fullmatch(v):  # "Postdistrikt: Frederiksberg C" names the town alone
                addr["city"] = addr["city"] or v
        elif h.key == "postcode":
            m = re.match(r"^(?:DK-?)?(\d{4})\b\s*(.*)$", v)
            if m:
                addr["postcode"] = addr["postcode"] or m.group(1)
                if m.group(2):
                    addr["city"] = addr["city"] or m.group(2)
        elif h.key == "city":
            if h.how == "below" and not postcodes.is_town(v):
                continue  # under an empty "By" label a note ("Ikke postboks") or the next thing, not a town we know
            m = re.match(r"^(?:DK-?)?(\d{4})\s+(.+)$", v)  # "By: 8464 Galten": the postcode before the town
            if m:
                addr["postcode"] = addr["postcode"] or m.group(1)
            addr["city"] = addr["city"] or (m.group(2) if m else v)
        elif addr["street"] is None:
            m = re.match(r"^(.+?),\s*(?:DK-?)?(\d{4})\s+(.+)$", v)
            if m:
                addr["street"], addr["postcode"], addr["city"] = m.group(1), m.group(2), m.group(3)
            else:
                addr["street"] = _wrapped_street(lines, h.line, v)
    return addr


_REASON_KEYS = (("host bits", "host_bits"), ("far too broad", "too_broad"), ("no prefix", "no_prefix"),
                ("not a usable", "reserved"), ("public", "public"), ("range", "range"))


def _reason_key(reason: str) -> str:
    """A stable key for why a network is not accepted, so mails can explain it in the party's language."""
    return next((key for words, key in _REASON_KEYS if words in reason), "invalid")


def _option_lines(lines: list[Line], table: str) -> list[tuple[str, str]]:
    """(concept, text) of the lines that are nothing but one option of a question (no box seen)."""
    out = []
    for ln in lines:
        for seg in ln.segments:
            concept = vocabulary.is_whole(seg.text, table)
            if concept is not None and not re.search(BOX_ANY, seg.text):
                out.append((concept, seg.text))
    return out


def _written_option(lines: list[Line], table: str) -> tuple[str | None, str]:
    """The one option written under a question without check boxes ("Type af part" / "Kommune");
    (None, why) when several options are printed and none is marked (boxes lost in printing)."""
    if any(re.search(BOX_ANY, ln.text) for ln in lines):
        return None, ""
    options = _option_lines(lines, table)
    if len(options) == 1:
        return options[0][0], ""
    if len(options) > 1:
        return None, ("the options " + ", ".join(t for _, t in options[:5]) + " are printed without any "
                      "check box the reader can see (a form printed or flattened to PDF?)")
    return None, ""


def _lost_boxes(lines: list[Line]) -> str:
    """Why "connected via" cannot be read: its options are printed but no box (ticked or not) is seen."""
    if not lines or any(re.search(BOX_ANY, ln.text) for ln in lines):
        return ""
    if any(_VIA_LABEL.match(ln.text) and _via_value(ln.text[_VIA_LABEL.match(ln.text).end():])[0]  # type: ignore[union-attr]
           for ln in lines):
        return ""  # "Tilsluttes via: KMD" is written out
    if any(_QUESTION.match(clean(_asked(ln.text)) or "") and len(ln.segments) == 2
           for ln in _joined_questions(lines)):
        return ""  # a question with its answer under it ("> Tilsluttes via KMD:" over "NEJ"): answered in words
    options = _option_lines(lines, "via")
    if len({c for c, _ in options}) < 2:
        options = _via_options(lines)
    if len({c for c, _ in options}) >= 2 and not _checked(lines):
        return ("the options " + ", ".join(t for _, t in options[:5]) + " are printed without any check box "
                "the reader can see (a form printed or flattened to PDF?)")
    return ""


_PROVIDER_OPTION = re.compile(r"^(?:(?:an?|en)\s+)?(?:system)?\s*(?:leverandør|provider|supplier|vendor)", re.I)


def _via_options(lines: list[Line]) -> list[tuple[str, str]]:
    """(kind, text) of the lines that each are one way of connecting, in any words, with no box or answer:
    "Directly", "Through KMD", "Through a system vendor: ____" printed one under the other."""
    out = []
    for ln in lines:
        if len(ln.segments) != 1 or re.search(BOX_ANY + r"|\?", ln.text) or len(ln.text) > 60:
            continue
        t = re.sub(r"^\s*(?:via|through|gennem|igennem|tilsluttes|connected)\s+", "", ln.text, flags=re.I)
        kind = ("kmd" if re.fullmatch(r"\s*KMD\s*", t) else
                "none" if _NO_VIA.match(t.strip()) and len(t.split()) <= 3 else
                "provider" if _PROVIDER_OPTION.match(t.strip()) else None)
        if kind:
            out.append((kind, ln.text.strip()))
    return out
