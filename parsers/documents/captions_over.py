"""A page of small captions over their answers in columns (an SVG form: "Organisation | Teknisk kontakt 1 – Fulde
navn" over "Region Havrum | Lasse Fynbo") read column by column, each caption over its own answer.

Read across the page, every caption row and answer row mixed the two columns: the form's parts (the party, its
contact, the address in the left column; the technical contacts and networks in the right) were never told apart,
so the contacts and the address were not found, and a contact was read from the last row alone. A person reads
down each column: a caption's answer is the cell right under it, at its left edge, set larger. Only a block of
two columns or more, far apart, each row's cells at those edges, is so read; anything else stays as it stands."""
from __future__ import annotations

import re

from . import vocabulary
from .labels import label_of
from .page_types import Line, Word

_EDGE = 4.0     # a cell stands at a column's edge within this many points
_APART = 150.0  # columns' edges at least this far apart


def role_and_field(words: list[Word]) -> tuple[str, int] | None:
    """(the contact's role, the index of the dash) of a label naming a contact's role and the field after a dash
    ("Contact person – name", "Teknisk kontakt 3 – Fulde navn"); else None."""
    cut = next((k for k, w in enumerate(words) if w.text in ("–", "-", "—") and 0 < k < len(words) - 1), None)
    if cut is None:
        return None
    head = " ".join(w.text for w in words[:cut])
    field = " ".join(w.text for w in words[cut + 1:])
    counted = re.fullmatch(r"(.*\D)\s+\d{1,2}", head)
    role = vocabulary.is_whole(counted.group(1) if counted else head, "sections")
    if role not in ("org_contact", "tech") or label_of(field, ["email", "phone", "name"]) is None:
        return None
    return role, cut


def _height(ln: Line) -> float:
    return ln.bottom - ln.top


def _at_edges(ln: Line, edges: list[float]) -> bool:
    return all(any(abs(s.x0 - e) <= _EDGE for e in edges) for s in ln.segments)


def caption_row(ln: Line, nxt: Line | None) -> bool:
    """Set smaller than the answers under it, right over them."""
    return (nxt is not None and nxt.page == ln.page and _height(ln) < 0.85 * _height(nxt)
            and 0 <= nxt.top - ln.bottom < 1.5 * _height(nxt))


def _answers(cap: Line, below: Line | None, edges: list[float]) -> bool:
    """`below` is `cap`'s row of answers: set larger, right under it, each answer under a caption of its own."""
    return (below is not None and caption_row(cap, below) and _at_edges(below, edges)
            and all(any(abs(s.x0 - c.x0) <= _EDGE for c in cap.segments) for s in below.segments))


def _block(lines: list[Line], i: int) -> tuple[list[float], int] | None:
    """(the columns' edges, the end) of a block of caption rows over answer rows starting at line i; None where
    none starts there. The first row holds captions at two edges or more, far apart, over answers at both, and
    so does another row of the block (a heading over a row of options is no caption over its answer); two
    captions or more name a contact's role and field."""
    first = lines[i]
    if len(first.segments) < 2:
        return None
    edges = [s.x0 for s in first.segments]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if min(b - a for a, b in zip(edges, edges[1:], strict=False)) < _APART or not _answers(first, nxt, edges):
        return None
    caption_size = _height(first)
    end, across, roles = i, 0, 0
    while end < len(lines) and lines[end].page == first.page:
        cap = lines[end]
        if not _at_edges(cap, edges) or abs(_height(cap) - caption_size) > 0.15 * caption_size:
            break
        roles += sum(1 for c in cap.segments if role_and_field(c.words) is not None)
        below = lines[end + 1] if end + 1 < len(lines) else None
        if below is not None and _answers(cap, below, edges):
            across += len(cap.segments) >= 2
            end += 2  # the caption row and its answers, each answer under a caption of its own
        else:
            end += 1  # captions with nothing under them: fields left empty
    # a column of captions each naming a person's role and field goes on down the page: read row by row, the
    # captions of one row are one group's ("TYPE | VIA KMD | SYSTEMLEVERANDØR") and stay so
    return (edges, end) if across >= 2 and roles >= 2 else None


def captions_over_values(lines: list[Line]) -> list[Line]:
    """The lines with each block of captions over answers in columns read column by column."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        found = _block(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        edges, end = found
        for e in edges:
            for ln in lines[i:end]:
                cells = [s for s in ln.segments if abs(s.x0 - e) <= _EDGE]
                if cells:
                    out.append(Line(ln.page, ln.top, ln.bottom, cells))
        i = end
    return out
