"""Find labelled values in positioned lines: "Label: value", "Label | value" (a table or a form
field to the right), or a value on the line below the label.

Labels are given as regular expressions of synonyms (Danish and English), never as one fixed
wording, so other templates and layouts read the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .page import Line, Segment

# Synonyms of the labels the documents use. Each matches at the start of a cell.
LABELS: dict[str, str] = {
    "organisation": r"(?:organisation|organization|virksomhed|myndighed|institution)(?:en|ens|s)?(?:\s*-?\s*navn)?"
                    r"|(?:organi[sz]ation|company|institution|entity|authority)(?:'s)?(?:\s+(?:legal\s+)?name)?"
                    r"|firma(?:navn)?|legal\s+(?:entity\s+)?name|navn\s+på\s+(?:den\s+)?(?:organisation(?:en)?"
                    r"|virksomhed(?:en)?|myndighed(?:en)?|institution(?:en)?|part(?:en)?)"
                    r"|name\s+of\s+(?:the\s+)?(?:organi[sz]ation|company|party|institution|entity|authority)"
                    r"|party\s+name|partens\s+navn|juridisk\s+enhed|enhedens\s+navn",
    "cvr": r"cvr(?:[\s.-]*(?:nr|no|nummer|number|num))?\.?|se[\s.-]*nr\.?"
           r"|(?:company\s+|business\s+)?registration\s+(?:no|number)\.?|company\s+(?:no|number)\.?",
    "address": r"adresse|address|gade(?:\s*og\s*nr\.?)?|vej(?:navn)?|street(?:\s*address)?|gadeadresse|beliggenhed",
    "postcity": r"post(?:nr|nummer)\.?\s*(?:og|&|/)\s*by|post\s*code\s*(?:and|&|/)\s*(?:city|town)"
                r"|postcode\s*(?:and|&|/)\s*(?:city|town)|zip\s*(?:code)?\s*(?:and|&|/)\s*city",
    "postcode": r"post(?:nr|nummer)\.?|post\s*code|postcode|zip(?:\s*code)?|postal\s*code",
    "city": r"by|city|town|bynavn|postdistrikt",
    "date": r"(?:sted\s+og\s+)?dato(?:\s+og\s+sted)?(?:\s+for\s+(?:underskrift|underskrivelse|signering))?"
            r"|underskriftsdato|signeringsdato|underskrevet\s+den|signeret\s+den"
            r"|(?:place\s+and\s+)?date(?:\s+and\s+place)?(?:\s+signed|\s+of\s+(?:signature|signing))?"
            r"|signed\s+(?:on|date)|signing\s+date|signature\s+date",
    "name": r"(?:navn|name)(?:\s*\([^()]{1,30}\))?(?:\s+(?:med|i|in)\s+(?:blokbogstaver|block\s+(?:letters|capitals)"
            r"|print))?|printed\s+name|name\s+in\s+print|underskriver(?:ens|s)?(?:\s+navn)?"
            r"|underskrevet\s+af|signeret\s+af|signatory(?:'s)?(?:\s+name)?|name\s+of\s+(?:the\s+)?signatory"
            r"|signed\s+by|fulde\s+navn|full\s+name|contact\s+name",
    "title": r"titel|title|stilling(?:sbetegnelse)?|position|job\s*title|rolle|role|funktion",
    "signature": r"underskrift|signature|signed|sign\.?|signatur",
    "email": r"e-?mail(?:adresse|\s+address)?|e-?post|mail(?:adresse)?",
    "phone": r"telephone(?:\s+number)?|telefon(?:nummer|nr\.?)?|tlf\.?(?:\s*nr\.?)?"
             r"|phone(?:\s*(?:no\.?|number))?|mobil(?:nummer)?|mobile|tel\.?|direkte\s+nummer",
}
_LABEL_RE = {k: re.compile(rf"^\s*(?:\d+[.)]\s*)?(?:{v})(?:\s*[:.]\s*|\s*$|\s+(?=[\d+(]|\S+@))", re.I)
             for k, v in LABELS.items()}
_ANY_LABEL = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?:" + "|".join(LABELS.values()) + r")\s*(?::|$)", re.I)


def label_of(text: str, keys: list[str] | None = None) -> tuple[str, str] | None:
    """(label key, rest of the text) when the text starts with one of the labels."""
    for k in keys or list(LABELS):
        m = _LABEL_RE[k].match(text)
        if m:
            rest = text[m.end():].strip()
            # "Navn (blokbogstaver) Karen Lund": the parenthesis belongs to the label
            paren = re.match(r"^\([^()]{1,30}\)\s*:?\s*", rest)
            if paren and k in ("name", "date", "title", "organisation"):
                rest = rest[paren.end():]
            return k, rest
    return None


def is_label(text: str) -> bool:
    """A cell that is only a label (with or without colon)."""
    t = text.strip()
    if _ANY_LABEL.match(t) and len(t) < 45:
        hit = label_of(t)
        return hit is not None and (hit[1] == "" or t.endswith(":"))
    return False


@dataclass
class Hit:
    key: str
    value: str | None
    line: int       # index into the lines given
    x0: float
    page: int
    top: float


def find_labels(lines: list[Line], keys: list[str], below: bool = True,
                max_len: int = 70) -> list[Hit]:
    """Every labelled value among the lines, in reading order.

    A value is the rest of the cell after the label, else the next cell on the same line (unless it
    is itself a label), else a cell on the next line that starts near the label (unless a label).
    """
    hits: list[Hit] = []
    for i, ln in enumerate(lines):
        segs = ln.segments
        for j, seg in enumerate(segs):
            text = seg.text
            if len(text) > max_len and ":" not in text[:40]:
                continue
            hit = label_of(text, keys)
            if not hit:
                continue
            key, rest = hit
            # "CVR-nr.: 1234 Adresse: ..." inside one cell: cut at the next label
            value: str | None = _cut_at_label(rest) if rest else None
            if not value and j + 1 < len(segs) and not is_label(segs[j + 1].text):
                nxt = segs[j + 1]
                if label_of(nxt.text) is None or not nxt.text.rstrip().endswith(":"):
                    value = nxt.text
            if not value and below and i + 1 < len(lines):
                value = _value_below(lines, i, seg)
            hits.append(Hit(key, value.strip() if value else None, i, seg.x0, ln.page, ln.top))
    return hits


def _cut_at_label(rest: str) -> str:
    m = re.search(r"\s{1,3}(?=(?:" + "|".join(LABELS.values()) + r")\s*:)", rest, re.I)
    return rest[:m.start()].strip() if m else rest


def _value_below(lines: list[Line], i: int, seg: Segment) -> str | None:
    ln, nxt = lines[i], lines[i + 1]
    if nxt.page != ln.page or nxt.top - ln.bottom > 1.6 * max(8.0, ln.bottom - ln.top):
        return None
    for s in nxt.segments:
        if abs(s.x0 - seg.x0) <= 6 and not is_label(s.text) and label_of(s.text) is None:
            # only when the label's own line has nothing else in this column
            if len(ln.segments) == 1 or all(o.x0 > seg.x1 + 120 or o is seg for o in ln.segments):
                return s.text
    return None


def column_of(x0: float, columns: list[float]) -> int:
    """Index of the column (by left edges) that a cell starting at x0 falls in."""
    best = 0
    for k, c in enumerate(columns):
        if x0 + 15 >= c:
            best = k
    return best
