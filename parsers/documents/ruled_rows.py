"""A ruled table's row read as one line, however its cells wrap or sit in the row.

A browser or an office tool draws a table's row borders cell by cell: at each border the rules of the row's
cells meet end to end, and where they meet are the table's column edges. Between two such borders lies one
row. When its cells are narrow, every cell wraps ("Jens" / "Winther", "jewi@mosede-strand-" /
"sundhed.example", "IT-" / "driftskontakt"), and a cell of one line stands in the middle of the row's height
(a browser centres a cell's text), so read line by line the row is three or four lines of which none holds a
whole contact, and the role cell stands on a line of its own. Here each such row becomes one line whose
cells are the columns' texts read top to bottom: the evidence is the drawing itself (two borders of the same
columns, no rule between them, every word inside one column), never the words.

A header row over the first border (a `<th>` row has no rule above it) is read the same way when its lines
stand at a line's pitch right over the border, in the table's own size, inside its columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .page_types import Line, Segment, Word
from .wraps import domain_break

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (as page.py's)

MEET = 1.5        # points between two cells' rules that still meet (drawn end to end)
LEVEL = 1.0       # points within which rules stand at one height
PITCH = 1.35      # a line's top at most this many of its heights below the one above: the same paragraph
MAX_LINES = 6     # lines of one row at most (more is no table row of contacts, and is left as it stands)


@dataclass
class _Border:
    """The rules at one height that meet end to end: a row border, its column edges left to right."""

    y: float
    edges: tuple[float, ...]


def _borders(rules: list[Box]) -> list[_Border]:
    """Row borders of at least two cells, top to bottom."""
    flat = sorted({(round(r[0], 1), round((r[1] + r[3]) / 2, 1), round(r[2], 1)) for r in rules},
                  key=lambda r: (r[1], r[0]))
    out: list[_Border] = []
    i = 0
    while i < len(flat):
        j = i
        while j < len(flat) and flat[j][1] - flat[i][1] <= LEVEL:
            j += 1
        level = sorted(flat[i:j])
        i = j
        run: list[tuple[float, float, float]] = []
        for r in [*level, None]:
            if r is not None and run and abs(r[0] - run[-1][2]) <= MEET:
                run.append(r)
                continue
            if r is not None and run and r[0] < run[-1][2] and r[2] <= run[-1][2] + MEET:
                continue  # the same rule drawn twice (a repeated header's border)
            if len(run) >= 2:
                out.append(_Border(run[0][1], (run[0][0], *(p[2] for p in run))))
            run = [r] if r is not None else []
    return out


def _same_columns(a: _Border, b: _Border) -> bool:
    return len(a.edges) == len(b.edges) and all(abs(x - y) <= MEET for x, y in zip(a.edges, b.edges, strict=True))


def _height(w: Word) -> float:
    return max(1.0, w.bottom - w.top)


def _column(w: Word, edges: tuple[float, ...]) -> int | None:
    """The column a word stands in wholly, or None (it crosses an edge or stands outside the table)."""
    for c in range(len(edges) - 1):
        if edges[c] - 2 <= w.x0 and w.x1 <= edges[c + 1] + 2:
            return c
    return None


def _inside(ln: Line, edges: tuple[float, ...]) -> bool | None:
    """True when every word of the line stands inside one column, False when the line lies beside the
    table (none of it in its width), None when it stands partly in and partly out or across an edge."""
    words = [w for s in ln.segments for w in s.words]
    if all(w.x1 <= edges[0] or w.x0 >= edges[-1] for w in words):
        return False
    return True if all(_column(w, edges) is not None for w in words) else None


def _one_size(lines: list[Line]) -> bool:
    sizes = [_height(w) for ln in lines for s in ln.segments for w in s.words]
    return max(sizes) <= 1.15 * min(sizes)


def _at_pitch(lines: list[Line]) -> bool:
    """Each line's top right under the one above, no paragraph's space between (rows centred in their
    height overlap the lines beside them)."""
    return all(0 <= b.top - a.top <= PITCH * _height(a.segments[0].words[0])
               for a, b in zip(lines, lines[1:], strict=False))


def _glued(before: Word, after: Word) -> bool:
    """The next piece of a cell goes on inside the word: after a hyphen the line broke at ("IT-" /
    "driftskontakt"), or in an address broken in its domain ("jewi@mosede-strand-" / "sundhed.example")."""
    nxt = after.text[:1]
    if before.text.endswith("-") and len(before.text) > 1 and (nxt.islower() or nxt.isdigit()):
        return True
    return "@" in before.text and "@" not in after.text and bool(re.match(r"[a-zæøå.]", after.text))


def _row(lines: list[Line], edges: tuple[float, ...]) -> Line:
    """The row's lines as one: a cell per column, its pieces top to bottom."""
    first = lines[0]
    top, bottom = first.top, first.bottom
    cells: list[list[Word]] = [[] for _ in range(len(edges) - 1)]
    for ln in lines:
        pieces: dict[int, list[Word]] = {}
        for s in ln.segments:
            for w in s.words:
                col = _column(w, edges)
                assert col is not None  # _inside said so
                pieces.setdefault(col, []).append(w)
        for col, piece in pieces.items():
            words = cells[col]
            for n, w in enumerate(piece):
                if words and n == 0 and _glued(words[-1], w):
                    last = words[-1]
                    words[-1] = Word(last.text + w.text, last.x0, last.x1, top, bottom, last.source, last.run,
                                     last.bold, last.opens_cell, last.face,
                                     break_at=domain_break(last.text, w.text))
                    continue
                x = words[-1].x0 + 0.01 if words and words[-1].x0 >= w.x0 else w.x0
                words.append(Word(w.text, x, max(x, w.x1), top, bottom, w.source, w.run, w.bold, w.opens_cell,
                                  w.face))
    return Line(first.page, top, max(ln.bottom for ln in lines), [Segment(ws) for ws in cells if ws])


def join_ruled_rows(lines: list[Line], rules: list[Box]) -> list[Line]:
    """The page's lines with each ruled table row read as one line of a cell per column (see the module): a row
    of two or more lines joined, and a row of one line whose cells stand so close that they read as one cut
    at the columns' edges ("Driftsansvarlig Sofie Overgaard soov@..." in three columns)."""
    borders = _borders(rules)
    if len(borders) < 2 or len(lines) < 2:
        return lines
    rows: list[tuple[list[int], tuple[float, ...]]] = []
    for k, b in enumerate(borders):
        nxt = next((c for c in borders[k + 1:] if _same_columns(b, c)), None)
        if nxt is None:
            continue
        # no other border may cross the table between the two: the rows of a cell merged down have their own
        if any(b.y < c.y < nxt.y and c.edges[0] < b.edges[-1] and c.edges[-1] > b.edges[0] for c in borders):
            continue
        if any(b.y + 1 < (r[1] + r[3]) / 2 < nxt.y - 1 and r[0] < b.edges[-1] - 2 and r[2] > b.edges[0] + 2
               for r in rules):
            continue  # a rule inside the row (a field's line): not a plain row of cells
        band = [i for i, ln in enumerate(lines) if b.y < (ln.top + ln.bottom) / 2 < nxt.y]
        rows.append((band, b.edges))
        if not any(_same_columns(c, b) for c in borders[:k]):
            rows.append((_header(lines, b), b.edges))
    drop: set[int] = set()
    made: dict[int, Line] = {}
    for band, edges in rows:
        placed = [i for i in band if _inside(lines[i], edges) is not False]
        if not placed or len(placed) > MAX_LINES or any(i in drop or i in made for i in placed):
            continue
        mine = [lines[i] for i in placed]
        if any(_inside(ln, edges) is None for ln in mine) or not _one_size(mine) or not _at_pitch(mine):
            continue
        row = _row(mine, edges)
        if len(mine) == 1 and len(row.segments) <= len(mine[0].segments):
            continue  # one line whose cells are the columns' already
        made[placed[0]] = row
        drop.update(placed[1:])
    if not made:
        return lines
    return [made.get(i, ln) for i, ln in enumerate(lines) if i not in drop]


def _runs_across(ln: Line, edges: tuple[float, ...]) -> bool:
    """Two words of one cell, a word space apart (a third of their height at most), stand in two columns: the
    line runs on over a column's edge ("Kontaktperson vedr. | aftalen" over a table whose first column ends in
    the gap after "vedr."), as a heading over the table does and a header row's cells, padded apart, never do."""
    for s in ln.segments:
        for a, b in zip(s.words, s.words[1:], strict=False):
            if b.x0 - a.x1 <= 0.33 * _height(a) and _column(a, edges) != _column(b, edges):
                return True
    return False


def _header(lines: list[Line], border: _Border) -> list[int]:
    """The lines of the row over a table's first border: those right over it, each at a line's pitch over
    the next, in the table's width (a heading over the table stands a paragraph's space higher)."""
    over = [i for i, ln in enumerate(lines) if ln.bottom <= border.y + 1 and _inside(ln, border.edges) is not False]
    under = next((ln for ln in lines if ln.top >= border.y - 1 and _inside(ln, border.edges)), None)
    body = max((_height(w) for s in under.segments for w in s.words), default=0.0) if under else 0.0
    out: list[int] = []
    for i in reversed(over):
        ln = lines[i]
        h = _height(ln.segments[0].words[0])
        if body and max(_height(w) for s in ln.segments for w in s.words) > 1.08 * body:
            break  # set larger than the table's rows: the heading over the table ("E. IT operations contacts")
        if _runs_across(ln, border.edges):
            break  # a phrase running over an edge at a word space: a heading over the table, not its cells
        if not out:
            if border.y - ln.bottom > h:
                break
        elif lines[out[0]].top - ln.top > PITCH * h:
            break
        out.insert(0, i)
        if len(out) >= MAX_LINES:
            break
    return out
