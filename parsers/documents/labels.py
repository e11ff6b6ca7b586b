"""Pair labels with values in positioned lines, in every arrangement people use.

- "Label: value", "Label ..... value", "Label ____ value", "Label value" (no colon, when the value is
  of the label's type or reads as a name);
- "Label | value": a table cell or a form field to the right;
- a value under its label (stacked fields, a table's header row above its values), in the label's
  column.

Labels are the wordings of `vocabulary.toml`'s [labels] table; nothing here knows a wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..values import cvr_digits, find_date
from . import vocabulary
from .page_types import Line, Segment

KEYS = ("organisation", "cvr", "address", "postcity", "postcode", "city", "date", "name", "title",
        "signature", "email", "phone")
_SEP = re.compile(r"^[).]*\s*(?:\([^()]{1,40}\)\s*)?(?:[:：]|\.{2,}|…+|_{2,}|-{2,}|–|—|\|)[\s:.…_|-]*")
_LEADERS = re.compile(r"^[\s.…_|-]+")
_SEP_TAIL = re.compile(r"^[\s:.…_|-]*")  # what `_SEP` takes after a label's colon: leaders, a fill-in rule
_LEADER_RUN = re.compile(r"[.…_]{4,}")
_TYPED: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"\S+@\S+"),
    "phone": re.compile(r"^\s*(?:\+|00)?\d[\d\s().-]{6,}"),
    "postcode": re.compile(r"^\s*(?:DK-?)?\d{4}\b"),
    "postcity": re.compile(r"^\s*(?:DK-?)?\d{4}\b"),
}
_TEXT_KEYS = {"organisation", "name", "title", "address", "city", "signature"}
# a caption under its value is set smaller: 7.5 pt under 9.5 pt (0.79) is common in browsers' forms; a label of
# the same face as the line above is a label over its own value, never a caption
CAPTION_SIZE = 0.85


def _typed_ok(key: str, rest: str) -> bool:
    """A value written after its label with no colon: of the label's type, or a capitalised text."""
    if key == "cvr":
        return cvr_digits(rest) is not None
    if key == "date":
        return find_date(rest) is not None
    pat = _TYPED.get(key)
    if pat is not None:
        return bool(pat.search(rest))
    if key in _TEXT_KEYS:
        r = rest.strip()
        return bool(r) and (r[0].isupper() or r[0].isdigit()) and len(r) < 70 and not re.search(r"\.\s+[a-zæøå]", r)
    return False


def foreign_registration(text: str) -> bool:
    """The text names another country's registration ("Foreign reg. no.", "Reg.nr. (udland)", "Org.nr.
    556941-1705"): a number so labelled or so written is never a Danish CVR, whatever its digits."""
    toks = vocabulary.norm(text).split()
    return any(toks[i:i + len(w.split())] == w.split() for w in vocabulary.words("foreign_registration")
               for i in range(len(toks)))


def label_of(text: str, keys: list[str] | None = None) -> tuple[str, str] | None:
    """(label key, rest of the text) when the text starts with one of the labels; a CVR's wording that names
    another country's registration is no CVR label."""
    hit = _label_of(text, keys)
    if hit is not None and hit[0] == "cvr" and foreign_registration(text[:len(text) - len(hit[1])]) \
            and "cvr" not in vocabulary.norm(text[:len(text) - len(hit[1])]).split():
        return None
    return hit


# "Navn / Name", "Telefonnr. / Telephone": a label in two languages, the halves apart by a slash
_TWO_LANGUAGES = re.compile(r"\s+/\s+|(?<=\.)/\s+")


def _bilingual(text: str, keys: list[str]) -> tuple[str, str] | None:
    """(key, value) of a label written in two languages, each half naming the same thing ("Postnummer /
    Postcode 2800", "Organisationens juridiske navn / Legal name of organisation"); None when the halves name
    different things ("Navn / Titel") or the text is no such label."""
    cut = _TWO_LANGUAGES.search(text[:80])
    if cut is None:
        return None
    left, right = text[:cut.start()], text[cut.end():]
    first = vocabulary.match_start(left, "labels", keys, fuzzy=len(left) < 60)
    if first is None or re.search(r"\d", left) or len(left[first.end:].split()) > 2:
        return None
    return _label_of(right, [first.concept])


def _label_of(text: str, keys: list[str] | None = None) -> tuple[str, str] | None:
    keys = keys or list(KEYS)
    two = _bilingual(text, keys)
    if two is not None:
        return two
    short = len(text) < 60 or ":" in text[:45]
    m = vocabulary.match_start(text, "labels", keys, fuzzy=short)
    hit = _after_label(text, m) if m is not None else None
    if hit is None:
        colon = text.find(":")
        if 0 < colon < 50 and not re.search(r"\d", text[:colon]):
            concept = vocabulary.match_end(text[:colon], "labels", keys)
            if concept is not None:
                return concept, text[colon + 1:].strip()
    return hit


def _after_label(text: str, m: vocabulary.Match) -> tuple[str, str] | None:
    after = re.sub(r"^\s?\*+", "", text[m.end:])  # a required field's star ("Organisationens navn*"): no word of it
    if after[:1].isalnum():  # "Navnet", "CVR123": the wording is part of a longer word
        return None
    sep = _SEP.match(after)
    if sep:
        return m.concept, after[sep.end():].strip()
    more = re.match(r"^[\s\-–]*[^\W\d_][^:\d]{0,25}:", after)  # "CVR-nummer:", "Navn (fulde):"
    if more and m.exact:
        # after its colon, as after a plain label's: a fill-in rule the value was typed after is none of it
        # ("Vej og husnr.: ________ Kirkestræde 60")
        value = _SEP_TAIL.sub("", after[more.end():]).strip()
        if m.concept != "cvr" and "cvr" in vocabulary.norm(more.group()).split():
            return "cvr", value  # "Company reg. (CVR):" asks for the company's CVR
        return m.concept, value
    rest = _LEADERS.sub("", after.lstrip(")")).strip()
    if rest.startswith("(") and m.concept in ("name", "date", "title", "organisation"):
        rest = re.sub(r"^\([^()]{1,40}\)\s*:?\s*", "", rest)
    if not rest:
        return m.concept, ""
    if rest.startswith("."):
        rest = rest[1:].strip()
    if m.exact and _typed_ok(m.concept, rest):
        return m.concept, rest
    return None


def is_label(text: str) -> bool:
    """A cell that is only a label (with or without colon)."""
    t = text.strip()
    if len(t) >= 45:
        return False
    hit = label_of(t)
    return hit is not None and (hit[1] == "" or t.endswith(":"))


@dataclass
class Hit:
    key: str
    value: str | None
    line: int       # index into the lines given
    x0: float
    page: int
    top: float
    how: str = "inline"  # "inline", "right", "below" or "above" (a caption under its value): where it was found


def find_labels(lines: list[Line], keys: list[str], below: bool = True,
                max_len: int = 70) -> list[Hit]:
    """Every labelled value among the lines, in reading order.

    A value is the rest of the cell after the label, else the next cell on the same line (unless it
    is itself a label), else, for a label set small right under a value (a caption), that value, else a
    cell under the label in its column (unless a label).
    """
    hits: list[Hit] = []
    under: list[tuple[int, float]] = []  # (line, x0) of each cell taken as the value under its label
    for i, ln in enumerate(lines):
        segs = ln.segments
        for j, seg in enumerate(segs):
            text = seg.text
            if len(_LEADER_RUN.sub("…", text)) > max_len and ":" not in text[:40]:
                continue  # a sentence, not a label (a label's dotted leaders are not its length)
            after = _label_after(segs, j, keys)
            hit = label_of(text, keys) if after is None else None
            if after is not None:
                hits.append(Hit(after[0], after[1], i, seg.x0, ln.page, ln.top, "before"))
                continue
            if not hit:
                continue
            key, rest = hit
            how = "inline"
            value: str | None = _cut_at_label(rest) if rest else None
            caption = _value_above(lines, i, j) if not value and i > 0 else None
            if caption and any(at == i - 1 and abs(x - seg.x0) <= 8 for at, x in under):
                # the cell above is already the value under the label over it: the labels stand over their
                # values here ("Navn" / "Oliver Frost" / "Titel" / "Direktør"), so this one's value is below
                caption = None
            if caption is not None:
                value, how = caption or None, "above"  # a caption under its value: never the next field's value
            elif not value and j + 1 < len(segs) and not is_label(segs[j + 1].text) and not header_row(segs) \
                    and not captions_over(lines, i):
                nxt = segs[j + 1]
                if label_of(nxt.text) is None or not nxt.text.rstrip().endswith(":") and not _labelled(nxt.text):
                    value, how = _LEADERS.sub("", nxt.text).strip() or None, "right"
            if not value and caption is None and below and i + 1 < len(lines):
                value, how = _value_below(lines, i, j), "below"
                if value:
                    under.append((i + 1, seg.x0))
            hits.append(Hit(key, value.strip() if value else None, i, seg.x0, ln.page, ln.top, how))
    return hits


# a label written after its value, in brackets: "Lærke Skovbo (navn)", "12345678 (CVR)"
_AFTER = re.compile(r"^(?P<value>.*?\S)?\s*\((?P<label>[^()\d]{2,30})\)\s*$")


def _label_after(segs: list[Segment], j: int, keys: list[str]) -> tuple[str, str] | None:
    """(key, value) of a cell that ends in a bracketed label naming what stands before it, in its own cell
    or the cell to its left ("Lærke Skovbo (navn)", "Digitaliseringschef | (stilling)"): the value is what
    the label follows, never a value after it. None when the bracket is no label or nothing stands before it."""
    m = _AFTER.match(segs[j].text)
    hit = label_of(m.group("label"), keys) if m else None
    if m is None or hit is None or hit[1]:
        return None
    value = m.group("value") or (segs[j - 1].text if j > 0 else "")
    value = _LEADERS.sub("", value).strip()
    if not value or label_of(value) is not None or _LEADER_RUN.fullmatch(value):
        return None
    return hit[0], value


def _labelled(text: str) -> bool:
    """A cell that is a label and its own value ("Name: Anders Bay Nielsen"): the next column's field."""
    hit = label_of(text)
    return hit is not None and bool(hit[1]) and text[:len(text) - len(hit[1])].rstrip().endswith(":")


def captions_over(lines: list[Line], i: int) -> bool:
    """Line `i` is a row of captions over their values (a form whose labels stand small over each answer, in
    columns): two or more cells set smaller than the next line's, each with a cell of the next line starting
    under it. A cell beside such a caption is the next column's caption, never its value."""
    if i + 1 >= len(lines):
        return False
    ln, nxt = lines[i], lines[i + 1]
    if len(ln.segments) < 2 or nxt.page != ln.page or nxt.top - ln.bottom > 1.5 * max(6.0, ln.bottom - ln.top):
        return False
    small = max(_height(sg) for sg in ln.segments)
    if small >= 0.9 * min((_height(sg) for sg in nxt.segments), default=0.0):
        return False
    return all(any(abs(n.x0 - sg.x0) <= 3 for n in nxt.segments) for sg in ln.segments)


def header_row(segs: list[Segment]) -> bool:
    """A table's header row ("Rolle | Navn | Reg.-nr. | Adresse"): three or more cells, all but one of them
    labels and none holding a digit or a mail address. A cell beside a label there is the next column's
    heading, never the label's value (that stands under it)."""
    if len(segs) < 3 or any(re.search(r"[\d@]", sg.text) for sg in segs):
        return False
    return sum(1 for sg in segs if is_label(sg.text)) >= len(segs) - 1


def _cut_at_label(rest: str) -> str:
    """'1234 5678 Adresse: Havnevej 1' -> '1234 5678': a second labelled value in the same cell."""
    if ":" not in rest or len(rest) > 200:
        return rest
    for tok in vocabulary.tokens(rest)[1:]:
        start = tok[1]
        hit = label_of(rest[start:])
        if hit is not None and ":" in rest[start:start + 40]:
            cut = rest[:start].strip()
            if cut:
                return cut
    return rest


def _height(seg: Segment) -> float:
    return max((w.bottom - w.top for w in seg.words), default=0.0)


def _value_above(lines: list[Line], i: int, j: int) -> str | None:
    """The value a label is the caption of, as on a paper form: the label set small right under the value's
    cell (at its start, at most half as far from it as from the line below) and the value in a larger face. "" when the
    cell above is empty of a value (a label); None when the label is no caption."""
    ln, prev = lines[i], lines[i - 1]
    seg = ln.segments[j]
    if prev.page != ln.page:
        return None
    cell = next((s for s in prev.segments if abs(s.x0 - seg.x0) <= 6), None)
    if cell is None or _height(seg) > CAPTION_SIZE * _height(cell) or all(w.bold for w in cell.words) \
            or vocabulary.is_whole(cell.text, "sections") is not None:
        return None  # no value over it, or a heading (set bold, or a part's name) is
    gap_above = ln.top - prev.bottom
    nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == ln.page else None
    if gap_above > 0.6 * _height(cell) or (nxt is not None and nxt.top - ln.bottom < 2 * max(gap_above, 1.0)):
        return None  # as near the line below (a label over its value, "Titel" over "Laboratoriechef"): no caption
    if is_label(cell.text) or label_of(cell.text) is not None:
        return ""
    return _LEADERS.sub("", cell.text).strip()


def _value_below(lines: list[Line], i: int, j: int) -> str | None:
    """The cell under a label in its column on the next line, when that cell is no label itself."""
    ln, nxt = lines[i], lines[i + 1]
    seg = ln.segments[j]
    if nxt.page != ln.page or nxt.top - ln.bottom > 1.8 * max(8.0, ln.bottom - ln.top):
        return None
    right = ln.segments[j + 1].x0 if j + 1 < len(ln.segments) else 10_000.0
    left = ln.segments[j - 1].x1 if j > 0 else -10_000.0
    for s in nxt.segments:
        if s.x0 < left - 2 or s.x0 >= right - 4:
            continue  # in another label's column
        if abs(s.x0 - seg.x0) <= 8 or (seg.x0 - 8 <= s.x0 <= seg.x1):
            if not is_label(s.text) and label_of(s.text) is None:
                return _LEADERS.sub("", s.text).strip() or None
    return None


def column_of(x0: float, columns: list[float]) -> int:
    """Index of the column (by left edges) that a cell starting at x0 falls in."""
    best = 0
    for k, c in enumerate(columns):
        if x0 + 15 >= c:
            best = k
    return best

