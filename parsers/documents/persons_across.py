"""Contacts laid out a column per person, read as the form lists a contact: one block per person.

A spreadsheet printed to PDF (Gnumeric, Calc, Excel) often gives its contacts as columns: the roles across the
top ("Kontakter | Kontaktperson | Teknisk kontakt 1 | Teknisk kontakt 2"), the fields down the rows ("Navn",
"E-post", "Tlf.") with each person's values under their role. A label reader looks for a value after its label
in the line, so it reads such a row as one label with several values and each person's fields apart from their
role. Told by its geometry alone, never by words: a line of at least two cells right of the label column, then
two to eight lines of a label in that column and values each standing under one of those cells, one of these
lines holding e-mail addresses in at least two of the columns (contacts set down the rows have their addresses
down one column, never across one line). Each column becomes its role, as a line of its own, and its label/value
lines under it. Only the reader's copy of the words is moved (`positions.py` finds the values where they are
drawn); the lines after the block on its page move down by the lines it gained, so nothing overlaps."""
from __future__ import annotations

import dataclasses
import re

from .labels import label_of
from .page_types import Line, Segment

_ALIGN = 6.0  # points: a value under its column's head (a left-aligned cell's text starts at the cell's padding)
_CLIP = 4.0  # points: how near its neighbour's head Calc's cut leaves a value's last glyph (seen: 2-4 before, 4 after)
_TOUCH = 0.5  # points: glyphs this close are one word's
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
MAX_FIELDS = 8  # rows of one person's fields: name, title, e-mail, phone, mobile, ...


def _at(seg: Segment, dx: float, dy: float) -> Segment:
    return Segment([dataclasses.replace(w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy)
                    for w in seg.words])


def _column(seg: Segment, heads: list[Segment]) -> int | None:
    """The index of the head a value stands under, or None."""
    return next((j for j, h in enumerate(heads) if abs(seg.x0 - h.x0) <= _ALIGN), None)


def _cells(segments: list[Segment], heads: list[Segment]) -> list[Segment]:
    """A row's values cut where a word starts under a head: a long value runs over the next cell's edge (the
    sheet clips it on paper, the text layer keeps it whole), so the page model may have run two cells into one,
    or cut one at a ligature ("so" "fi" "e@..."): words that touch are one word again."""
    out: list[Segment] = []
    for w in (w for seg in segments for w in seg.words):
        if not out or any(abs(w.x0 - h.x0) <= _ALIGN for h in heads):
            out.append(Segment([w]))
        elif -_TOUCH <= w.x0 - out[-1].words[-1].x1 <= _TOUCH:
            last = out[-1].words[-1]
            out[-1].words[-1] = dataclasses.replace(last, text=last.text + w.text, x1=w.x1)
        else:
            out[-1].words.append(w)
    return out


def _foot(ln: Line) -> float:
    """Where a row ends: the foot of its lowest word."""
    return max([ln.bottom, *(w.bottom for s in ln.segments for w in s.words)])


def _persons_field(ln: Line, head: Line) -> bool:
    """A row of a person's field: a name's, an address's, a phone's or a title's label, and a value under one
    or more of the heads' cells (a person who left the field empty leaves the cell empty)."""
    hit = label_of(ln.segments[0].text) if ln.segments else None
    return hit is not None and hit[0] in ("name", "email", "phone", "title") \
        and 2 <= len(ln.segments) <= len(head.segments) \
        and all(any(abs(s.x0 - h.x0) <= _ALIGN for h in head.segments[1:]) for s in ln.segments[1:])


def _block(lines: list[Line], i: int) -> tuple[Segment | None, list[Segment], list[Line], dict[int, Line]] | None:
    """The block a column per person starting at lines[i]: (the head's own label, the heads, the rows under them,
    each row's wrapped rest by its index), or None where lines[i] heads no such block."""
    head = lines[i]
    rows: list[Line] = []
    rests: dict[int, Line] = {}
    spread: set[int] = set()  # rows whose cells wrapped onto lines joined to them already
    above = head
    for ln in lines[i + 1:i + 1 + 2 * (MAX_FIELDS + 1)]:
        # the rows of one block follow each other as a sheet's rows do: a blank row (a wider gap) ends it
        if ln.page != head.page or not ln.segments:
            break
        gap, size = ln.top - _foot(above), ln.bottom - ln.top
        pitch = rows[0].top - head.top if rows else 1.5 * size
        if gap > 0.8 * size and not (gap <= 0.8 * size + 3 * pitch and _persons_field(ln, head)):
            # a wider gap is a blank row, unless a row above wrapped in its cell (a head's, or a value's whose rest
            # was joined to it already, leaves a line's space, or two) and this line is another of the same
            # people's fields under the same heads
            break
        if gap > 0.8 * size and rows:
            spread.add(len(rows) - 1)  # the row above took more lines than its own: its cells wrapped
        if rows and len(rows) - 1 not in rests and ln.segments[0].x0 > rows[0].segments[0].x1 + _ALIGN:
            # a row's cells wrapped in a narrow table (a browser's or a word processor's, not a sheet's): the
            # line under it holds their rest, nothing in the label column ("anna.holm@kystby-" / "kommune.example")
            rests[len(rows) - 1] = ln
            above = ln
            continue
        if len(ln.segments) < 2 or len(rows) > MAX_FIELDS:
            break
        rows.append(ln)
        above = ln
    if len(rows) < 2:
        return None
    label_x = rows[0].segments[0].x0
    label_x1 = max(r.segments[0].x1 for r in rows)
    # two heads set closer than a word's gap ("Kontakt vedr. aftalen Driftskontakt 1") are cut where a column of
    # values under them starts
    cut = _cells(head.segments, [s for r in rows for s in r.segments])
    own = cut[0] if abs(cut[0].x0 - label_x) <= _ALIGN else None
    heads = cut[1:] if own is not None else cut
    if len(heads) < 2 or any(h.x0 <= label_x1 or "@" in h.text or not re.search(r"[^\W\d_]{2}", h.text)
                             for h in heads):
        return None
    kept: list[Line] = []
    kept_rests: dict[int, Line] = {}
    for k, r in enumerate(rows):
        r = dataclasses.replace(r, segments=[r.segments[0], *_cells(r.segments[1:], heads)])
        if abs(r.segments[0].x0 - label_x) > _ALIGN or len(r.segments) - 1 > len(heads):
            break
        cols = [_column(s, heads) for s in r.segments[1:]]
        if None in cols or len(set(cols)) != len(cols):
            break
        rest = rests.get(k)
        if rest is not None:
            rest = dataclasses.replace(rest, segments=_cells(rest.segments, heads))
            rcols = [_column(s, heads) for s in rest.segments]
            if None in rcols or len(set(rcols)) != len(rcols) or not set(rcols) <= set(cols):
                break  # under no cell of the row: no wrapped rest of it
            kept_rests[len(kept)] = rest
        kept.append(r)
    if not 2 <= len(kept) <= MAX_FIELDS:
        return None

    def whole(k: int, s: Segment) -> str:  # a cell's text with its wrapped rest under it
        rest = kept_rests.get(k)
        more = next((m for m in rest.segments if _column(m, heads) == _column(s, heads)), None) if rest else None
        return s.text.strip() + (more.text.strip() if more is not None else "")

    if max(sum(1 for s in r.segments[1:] if _EMAIL.match(whole(k, s))) for k, r in enumerate(kept)) < 2:
        return None
    edges = [h.x0 for h in heads[1:]] + [2 * heads[-1].x0 - heads[-2].x0]  # the last cell as wide as the one before
    # a cell whose rest was found under it (on a line of its own, or joined to it already: its row took more
    # lines than its own) was wrapped, not clipped
    texts = [whole(k, s) for k, r in enumerate(kept) for s in r.segments[1:]]
    if any(_clipped(s, edges[_column(s, heads) or 0]) and whole(k, s) == s.text.strip() and k not in spread
           and not _domain_whole(s.text.strip(), texts) for k, r in enumerate(kept) for s in r.segments[1:]):
        return None
    return own, heads, kept, kept_rests


def _domain_whole(text: str, texts: list[str]) -> bool:
    """A mail address ending at its cell's edge whose domain another person's address in the table has whole
    ("gustav.aagaard@birkelund.example" beside "aase.bech@birkelund.example"): nothing of it was cut."""
    if not _EMAIL.match(text):
        return False
    domain = text.rsplit("@", 1)[1].casefold()
    return any(o != text and _EMAIL.match(o) and o.rsplit("@", 1)[1].casefold() == domain for o in texts)


def _clipped(seg: Segment, edge: float) -> bool:
    """A value ending at its cell's right edge may have been cut there (LibreOffice Calc leaves out of its text
    layer what the cell clips: "anna.holm@kystby-kommune-i"); one running on past the edge (Gnumeric keeps the
    clipped text whole) or ending short of it is whole."""
    return edge - _CLIP <= seg.x1 <= edge + _CLIP + 1.0


def persons_down(lines: list[Line]) -> list[Line]:
    """The lines with each block of contacts laid a column per person (see the module's docstring) as one block
    per person; other lines as they were."""
    out: list[Line] = []
    shift: dict[int, float] = {}  # page -> how far its lines after a block move down
    i = 0
    while i < len(lines):
        ln = lines[i]
        dy0 = shift.get(ln.page, 0.0)
        found = _block(lines, i)
        if found is None:
            out.append(ln if not dy0 else Line(ln.page, ln.top + dy0, ln.bottom + dy0,
                                               [_at(s, 0.0, dy0) for s in ln.segments]))
            i += 1
            continue
        own, heads, rows, rests = found
        pitch = rows[0].top - ln.top
        label_x, value_x = rows[0].segments[0].x0, heads[0].x0
        placed: list[tuple[list[Segment], Line]] = [([own], ln)] if own is not None else []
        for j, h in enumerate(heads):
            placed.append(([_at(h, label_x - h.x0, 0.0)], ln))
            for k, r in enumerate(rows):
                cell = next((s for s in r.segments[1:] if _column(s, heads) == j), None)
                if cell is not None:
                    placed.append(([r.segments[0], _at(cell, value_x - cell.x0, 0.0)], r))
                rest = rests.get(k)
                more = next((s for s in rest.segments if _column(s, heads) == j), None) if rest else None
                if rest is not None and more is not None:
                    placed.append(([_at(more, value_x - more.x0, 0.0)], rest))  # its wrapped rest, under it
        top = ln.top + dy0
        for segs, src in placed:  # one line a pitch apart, from the block's first line down
            dy = top - src.top
            out.append(Line(src.page, src.top + dy, src.bottom + dy, [_at(s, 0.0, dy) for s in segs]))
            top += pitch
        used = 1 + len(rows) + len(rests)
        shift[ln.page] = max(dy0, top - (ln.top + used * pitch))  # top counts this page's earlier shift
        i += used
    return out

