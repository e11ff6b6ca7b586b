"""A value wrapped in its cell, joined again on the page model's line it began on.

Office tools wrap a value that does not fit where it stands: a table cell's text goes on under the cell's
start ("Egelev Health AB, filial af svensk" / "selskab"), a value after a tab stop goes on at its paragraph's
start, under its label ("Navn:  Klinik Birkelund" / "ApS"), and an address longer than its cell is broken
inside the word ("ida.lykke@aalund.exam" / "ple"). Read line by line, the value is cut short and its rest is
a stray line: a confident wrong value.

The rest is joined only on evidence of a wrap: it stands on the very next line (at the line pitch, no
paragraph's space between), at the cell's or the paragraph's start, alone there, in the same size and face;
it is no label and no box, nor a long number under words (a CVR or a phone is a value of its own); no drawn
rule runs between the two lines under both (a table's row border: the line below is the next row's, however
close the rows stand); and its first word would not have fitted after the value (the value ends at the cell's
edge: the next cell on its line, else the next column's start). A value that could have gone on, and did not,
stays as it is, whatever the line below holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..values import TOP_LEVEL_DOMAINS, find_date
from . import vocabulary
from .labels import is_label, label_of
from .page_types import Line, Segment, Word

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (as page.py's)

PITCH = 1.35       # at most this many font sizes from a line's top to the next: no paragraph's space between
CELL_GAP = 0.45    # a gap wider than this many heights inside a segment is two cells (LibreOffice's narrow ones)
EVEN = 0.6         # points within which a justified line's widened spaces are all the same
PADDING = 0.6     # heights of space a table's cells may keep between one cell's text and the next one's
GUTTER = 6.0       # at least this much space before a column's start that no line of the left column uses
PART_GAP = 2.5     # line heights from a line's top to the next one's: more is a part's space, no row's or line's
_LEADERS = re.compile(r"[.…_]{4,}")
_NUMBER = re.compile(r"(?:DK[\s-]?)?[\d\s()+-]+")
_BOX = re.compile(r"^\s*(?:\[[ xX✓✔]?\]|[☐☒☑■□])")


@dataclass
class _Cell(Segment):
    """A cell of a line: a segment's words, or a part of them where a segment holds two cells."""

    seg: int = 0      # index of its segment on the line
    start: int = 0    # its words are segments[seg].words[start:end]
    end: int = 0


def _height(w: Word) -> float:
    return max(1.0, w.bottom - w.top)


def _size(w: Word) -> float:
    """The word's font size where the page told it (a box's height depends on the font's own measures:
    Ghostscript's re-embedded fonts draw taller ones), else its box's height."""
    return w.size or _height(w)


def _cells(ln: Line) -> list[_Cell]:
    """The cells of a line: its segments, cut at gaps wider than a word's and where a label with its colon
    follows a value ("Klinik Birkelund Fulde navn:": a value set against the next column's label)."""
    out: list[_Cell] = []
    for k, seg in enumerate(ln.segments):
        start = 0
        after = _label_in_its_face(seg.words)
        if after is not None:  # the label one cell; the value one too where its spaces are widened alike
            out.append(_Cell(seg.words[:after], seg=k, start=0, end=after))
            if _evenly_widened(seg.words[after:]):
                out.append(_Cell(seg.words[after:], seg=k, start=after, end=len(seg.words)))
                continue
            start = after
        spread = spread_evenly(seg.words)  # a justified line's widened spaces part no cells
        for i in range(start + 1, len(seg.words) + 1):
            if (i == len(seg.words) or not spread and seg.words[i].x0 - seg.words[i - 1].x1 >
                    CELL_GAP * _height(seg.words[i])
                    or _label_begins(seg.words, start, i) or _number_after_address(seg.words, i)):
                out.append(_Cell(seg.words[start:i], seg=k, start=start, end=i))
                start = i
    return out


_MONOSPACED = re.compile(r"courier|mono|typewriter|consol|lmtt|fixed", re.I)


def _label_in_its_face(words: list[Word]) -> int | None:
    """Where the value starts in a segment that opens with its label in a face of its own, ending in a colon within
    its first words ("Registered name:  Ørsted Strand Diagnostics" over "AB, Danmarksfilial": XeLaTeX's paragraph
    in a narrow column of `multicols`, justified, so its spaces are wider than a word's): the value's words share
    no face with the label's. Cut at each widened space, the label's first word was a cell of its own and the
    value's rest under it was no part of it (the name read cut, with confidence)."""
    colon = next((i for i, w in enumerate(words[:5]) if w.text.endswith(":")), None)
    if colon is None or colon + 1 >= len(words) or not _plain(words):
        return None
    label, value = words[:colon + 1], words[colon + 1:]
    faces = {(w.face, w.bold) for w in label}
    if len(faces) > 1 or not label[0].face or faces & {(w.face, w.bold) for w in value}:
        return None
    return colon + 1


def _evenly_widened(words: list[Word]) -> bool:
    """The spaces between `words` are wider than a word space, all alike (within EVEN points) and no wider than a
    justified line widens one: one value, its line justified."""
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
    if not gaps or max(gaps) <= CELL_GAP * _height(words[0]):
        return False  # word spaces: the cells as any line's (a label or a number after the value parts one)
    return max(gaps) - min(gaps) <= EVEN and max(gaps) <= 1.2 * _height(words[0]) \
        and all(re.search(r"[^\W\d_]{2}", w.text) and "@" not in w.text for w in words)  # words, no numbers


def spread_evenly(words: list[Word]) -> bool:
    """Three or more words whose spaces are wider than a word space and all the same (within EVEN points): a
    justified line, its spaces widened alike up to its cell's right edge because the next word did not fit (groff's
    tbl sets a `T{` cell justified: "Præhospital    Transport    Mølleby" over "A/S"). Its words are one cell, and
    it is full."""
    if len(words) < 3 or any(not re.search(r"[^\W\d_]{2}", w.text) for w in words):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
    if any(_MONOSPACED.search(w.face) for w in words):
        return False  # a monospaced face's spaces are wide and all alike in any line ("Viggo Hjort, vihj@...")
    return min(gaps) > CELL_GAP * _height(words[0]) and max(gaps) - min(gaps) <= EVEN \
        and max(_height(w) for w in words) <= 1.15 * min(_height(w) for w in words)


def _justified_cells(ln: Line, below: Line | None) -> Line:
    """A cell's justified line whose spaces grew wider than a column's gap, so that each word is a segment of its
    own ("Name | Stenhøj | Sygehus, | Arbe-" over "jdsmedicinsk Klinik"), made one segment again: the run of
    single words spread evenly (`spread_evenly`) ends the line, follows a cell of its own (a label), and the next
    line goes on under its first word (the cell's wrap: a justified line is never its paragraph's last)."""
    segs = ln.segments
    if below is None or below.page != ln.page or len(segs) < 4 or any(len(sg.words) != 1 for sg in segs[-3:]):
        return ln
    first = len(segs) - 3
    if not spread_evenly([sg.words[0] for sg in segs[first:]]):
        return ln
    while first > 1 and len(segs[first - 1].words) == 1 and spread_evenly([sg.words[0] for sg in segs[first - 1:]]):
        first -= 1
    run = [sg.words[0] for sg in segs[first:]]
    if len(segs[first - 1].words) == 1 and spread_evenly([segs[first - 1].words[-1], *run]):
        # the word before them is spread with them: running text, no cell after a label (a label of several
        # words set with a word's spaces is a cell of its own, however wide the gap after it)
        return ln
    height = _height(run[0])
    if not 0 < below.top - ln.top <= PITCH * _size(run[0]) or not any(
            abs(sg.x0 - run[0].x0) <= 2 and abs(_height(sg.words[0]) - height) <= 0.15 * height
            for sg in below.segments):
        return ln
    return Line(ln.page, ln.top, ln.bottom, [*segs[:first], Segment(run)])


def _pushed_apart(ln: Line, below: Line | None, others: list[float], rules: list[Box]) -> Line:
    """A cell's justified line of two words, pushed to the cell's edges ("Arbejdsmedicinsk      Laboratorium" over
    "Mølleby ApS", groff's tbl), with its wrapped rest joined after them in their order. One space cannot show it
    was widened alike (`spread_evenly` asks three words), so the cell's own edges must: the second word ends at the
    right end of the table's drawn rule above or under the row (less a cell's padding), or the line below holds
    nothing left of the first word but the rest, a gap wider than a word space apart from the second word (a cell
    of a table with more columns: XeLaTeX's "Hørsholt      Journalsystemer | MedCom" over "A/S"), and the second
    word starts no other cell of the page (no column there), and the line goes on under the first word at the line
    pitch, in the same face and size (a justified line is never its paragraph's last). Read as two cells, the rest
    went after the first word ("Arbejdsmedicinsk Mølleby ApS", with confidence). `others` are the x0 of every other
    line's segments."""
    segs = ln.segments
    if below is None or below.page != ln.page or len(segs) < 2:
        return ln
    for k in range(len(segs) - 2, -1, -1):
        found = _pushed_pair(segs, k, below, others, rules)
        if found is not None:
            return Line(ln.page, ln.top, ln.bottom, [*segs[:k], found, *segs[k + 2:]])
    return ln


def _pushed_pair(segs: list[Segment], k: int, below: Line, others: list[float], rules: list[Box]) -> Segment | None:
    """The k-th and next segment as one justified cell with its rest from `below` joined (taken off it), or None."""
    if len(segs[k].words) != 1 or len(segs[k + 1].words) != 1:
        return None
    a, b = segs[k].words[0], segs[k + 1].words[0]
    size = _size(a)
    if not _plain([a, b]) or any(not re.search(r"[^\W\d_]{2}", w.text) for w in (a, b)) or a.face != b.face \
            or a.bold != b.bold or abs(_height(a) - _height(b)) > 0.15 * _height(a) \
            or b.x0 - a.x1 <= CELL_GAP * _height(a) or is_label(a.text) or label_of(a.text) is not None \
            or any(abs(x - b.x0) <= 2 for x in others):
        return None
    edge = [r for r in rules if r[0] <= a.x0 - 1 and 0 <= r[2] - b.x1 <= 1.0 * size
            and abs((r[1] + r[3]) / 2 - (a.top + a.bottom) / 2) <= 1.5 * size]
    rest = next((sg for sg in below.segments if abs(sg.x0 - a.x0) <= 2), None)
    if rest is None:
        return None
    if not edge:
        # no rule ends at the second word: a cell among others, the row's next cell a gap away, nothing left of
        # the rest on the line below (no next row's first cell), and the rest no longer than the line above it
        after = segs[k + 2].x0 - b.x1 if k + 2 < len(segs) else None
        if k == len(segs) - 2 or after is None or after <= CELL_GAP * _height(b) \
                or any(sg.x1 <= rest.x0 for sg in below.segments) or rest.x1 > b.x1 + 1:
            return None
    first = rest.words[0]
    if not _plain(rest.words) or len(rest.words) > 6 or first.face != a.face or first.bold != a.bold \
            or abs(_height(first) - _height(a)) > 0.15 * _height(a) or not 0 < first.top - a.top <= PITCH * size \
            or rest.x1 > b.x1 + 1 or is_label(rest.text) or label_of(rest.text) is not None \
            or _BOX.match(rest.text) or _ruled_between(a, first, a.x0, first.x1, rules):
        return None
    below.segments.remove(rest)
    return Segment([a, b, *_laid_after(b, rest.words)])


def _number_after_address(words: list[Word], i: int) -> bool:
    """The i-th word is a number run up against an e-mail address before it: the next cell's (no top-level
    domain ends in a digit, and an address is one word), so the address is a cell of its own and may have
    been broken at that cell's edge ("aase.frost@egelev.e 88866347" over "xample")."""
    return "@" in words[i - 1].text and bool(re.match(r"[+\d]", words[i].text))


def _label_begins(words: list[Word], start: int, i: int) -> bool:
    """A label with its colon begins at the i-th word, and the words before it (from `start`) are no label's."""
    after = " ".join(w.text for w in words[i:i + 6])
    if ":" not in after or label_of(after) is None or not after.split(":")[0].strip():
        return False
    before = " ".join(w.text for w in words[start:i])
    head = after.split(":")[0]
    return (label_of(head) is not None and not before.endswith(":")
            and vocabulary.match_start(before + " " + after, "labels") is None)


def _column_starts(lines: list[Line]) -> list[float]:
    """The left edges at which three or more lines of the page have a cell, the page's margin aside: the starts
    of columns."""
    xs = sorted(seg.x0 for ln in lines for seg in ln.segments if seg.words[0].source == "text")
    xs = [x for x in xs if x > xs[0] + 10] if xs else []  # the page's left margin starts no column
    starts: list[float] = []
    for x in xs:
        if sum(1 for y in xs if abs(y - x) <= 2) >= 3 and not any(abs(s - x) <= 2 for s in starts):
            starts.append(x)
    return starts


def one_mono_space(a: Word, b: Word) -> bool:
    """The gap between two words of a monospace face (Courier: every glyph one advance wide) is one glyph's
    advance: a word space of that face, wide as it is ("public hospital" in a tbl cell set in Courier)."""
    if len(a.text) < 2 or len(b.text) < 2:
        return False
    pa, pb = (a.x1 - a.x0) / len(a.text), (b.x1 - b.x0) / len(b.text)
    return abs(pa - pb) < 0.05 * pa and abs((b.x0 - a.x1) - pa) < 0.1 * pa


def _parts(lines: list[Line]) -> list[int]:
    """Which part of the page each line is in: a part ends where the space before the next line is more than a
    table's rows or a paragraph's lines keep (a heading's space before it), or at a page's end. Tables in different
    parts may start at the same left edge without being one column."""
    part, out = 0, []
    for k, ln in enumerate(lines):
        if k and (ln.page != lines[k - 1].page
                  or ln.top - lines[k - 1].top > PART_GAP * max(4.0, lines[k - 1].bottom - lines[k - 1].top)):
            part += 1
        out.append(part)
    return out


def _column_ends(lines: list[Line]) -> list[list[tuple[float, float]]]:
    """Per line, (left edge, widest cell's right end) of each column of its part (`_parts`) whose cells have a cell
    after them on their line: a table's column set to a width ends no further right than its widest line,
    wherever the next column starts (another part's table starting at the same edge is another column)."""
    parts = _parts(lines)
    by_part = {p: _ends_of([ln for ln, q in zip(lines, parts, strict=True) if q == p]) for p in set(parts)}
    return [by_part[p] for p in parts]


def _ends_of(lines: list[Line]) -> list[tuple[float, float]]:
    ends: list[tuple[float, float]] = []
    for ln in lines:
        for seg in ln.segments[:-1]:
            k = next((i for i, (x0, _) in enumerate(ends) if abs(x0 - seg.x0) <= 2), None)
            if k is None:
                ends.append((seg.x0, seg.x1))
            elif seg.x1 > ends[k][1]:
                ends[k] = (ends[k][0], seg.x1)
    return ends


# a mail address, a domain or a web address: a value of its own in small letters ("jonas.solberg@...", "www.x.dk")
_ADDRESS_LIKE = re.compile(r"@|\w\.\w|://|^\s*\d")


def _asks_on(cell: _Cell, rest: Segment, ends: list[tuple[float, float]]) -> float | None:
    """The column's widest cell's end when `rest` ends the question its cell began ("Hvem er kontaktperson for" over
    "aftalen?"), goes on after its comma, or is a name's rest, in small letters: a question is whole at its question
    mark, so a cell that asks none yet goes on below, and a column of wrapped questions (groff's tbl) wraps at its
    widest line, short of the next column."""
    above = cell.text.rstrip()
    if above.endswith(("?", ":")) or len(cell.words) < 2 or not rest.words[0].text[:1].islower():
        return None  # (or a cell that ends in a comma: "Leverandør af jeres lægesystem," over "hvis den står ...")
    if not (rest.text.rstrip().endswith("?") or above.endswith(",")) and _ADDRESS_LIKE.search(rest.text):
        # a name's rest in small letters ("Fjarheilsa Ravnsby" over "ehf., útibú í Danmörku": no name, street or
        # town begins in small letters, so it begins no value of its own); an address or a domain does
        return None
    return next((x1 for x0, x1 in ends if abs(x0 - cell.x0) <= 2), None)


def _edge(cells: list[_Cell], k: int, starts: list[float], right: float) -> float:
    """Where the k-th cell's room ends: the next cell on its line (less a cell's padding), else the next
    column's start (less the gutter), else the page's right edge of text."""
    if k + 1 < len(cells):  # less the padding a cell may keep on either side of its text
        nxt = cells[k + 1]
        edge = nxt.x0 - PADDING * _height(nxt.words[0])
        # the next cell opens the other column of a two-column form: that column begins where its headings do,
        # a little left of its cells' text, and the gutter lies before it ("Hospitalsenheden" | "Navn")
        column = [s for s in starts if cells[k].x1 + 1 < s <= nxt.x0 and nxt.x0 - s <= GUTTER]
        return min([edge, *(s - GUTTER for s in column)])
    later = [s - GUTTER for s in starts if s > cells[k].x1 + 1]
    return min(later) if later else right


def _label_cut_apart(cells: list[_Cell], k: int, first: Word) -> int:
    """The cell that ends the label the k-th cell begins, where a justified line's widened space cut the label
    into two (XeLaTeX: "Registered | name:  Ørsted Strand Diagnostics" over "AB, Danmarksfilial"): the cells up to
    the one whose label ends in a colon are in one face and the rest under them in another; else k."""
    face = (cells[k].words[0].face, cells[k].words[0].bold)
    if not face[0] or (first.face, first.bold) == face or cells[k].text.rstrip().endswith(":"):
        return k
    for j in range(k + 1, min(k + 3, len(cells))):
        if any((w.face, w.bold) != face for w in cells[j].words):
            return k
        if cells[j].text.rstrip().endswith(":"):
            return j
    return k


def _pushed_in_one(cells: list[_Cell], k: int, rest: Segment, below: Line) -> bool:
    """The k-th cell and the next, one word each in one segment a gap wider than a word space apart and in one face,
    are a cell's justified line pushed to its edges (XeLaTeX's "Hørsholt    Journalsystemer" over "A/S", the gap
    under the line's split width), and `rest`, under the first word, no longer than the two and alone on its line
    from the left, is its wrapped end: it goes after the second word (`_pushed_apart` where they are two
    segments)."""
    if k + 1 >= len(cells) or cells[k + 1].seg != cells[k].seg or len(cells[k].words) != 1 \
            or len(cells[k + 1].words) != 1:
        return False
    a, b = cells[k].words[0], cells[k + 1].words[0]
    return (a.face == b.face and a.bold == b.bold and all(re.search(r"[^\W\d_]{2}", w.text) for w in (a, b))
            and not is_label(a.text) and label_of(a.text) is None and rest.x1 <= b.x1 + 1
            and not any(sg.x1 <= rest.x0 for sg in below.segments))


def _plain(words: list[Word]) -> bool:
    return all(w.source == "text" for w in words)


def _in_the_values_face(label: _Cell, value: _Cell, first: Word) -> bool:
    """`first` (under the label) is set as the value beside the label is, and the label in another face or size:
    the value's wrapped rest, not the label's value under it (which a label set as its value is may have)."""
    lab, val = label.words[-1], value.words[-1]
    same = val.face == first.face and abs(_height(val) - _height(first)) <= 0.3 and val.bold == first.bold
    return bool(val.face) and same and (lab.face != val.face or abs(_height(lab) - _height(val)) > 1.0)


def _would_not_fit(cell: _Cell, first: Word, edge: float, inside_word: bool) -> bool:
    """The rest's first word (or, broken inside a word, its first letter) had no room after the cell."""
    size = _height(first)
    if inside_word:
        glyph = (first.x1 - first.x0) / max(1, len(first.text))
        return cell.x1 + glyph > edge
    return cell.x1 + 0.2 * size + (first.x1 - first.x0) > edge


def _ruled_between(last: Word, first: Word, x0: float, x1: float, rules: list[Box]) -> bool:
    """A drawn rule lies between the word above (from its baseline's height down) and the word below (up to its
    middle) and runs under the whole of x0..x1: a table's row border, so the two stand in different rows."""
    low = last.bottom - 0.25 * _height(last)
    high = first.top + 0.5 * _height(first)
    return any(low <= (r[1] + r[3]) / 2 <= high and r[0] <= x0 + 2 and r[2] >= x1 - 2 for r in rules)


def _continuation(above: Line, cells: list[_Cell], rest: Segment, below: Line, starts: list[float],
                  right: float, between: list[Line], rules: list[Box] | None = None,
                  ends: list[tuple[float, float]] | None = None) -> tuple[_Cell, bool] | None:
    """The cell of `above` that `rest` (a segment of the next line) is the wrapped end of, and whether the
    wrap broke a word (an address: no space between); else None."""
    words = rest.words
    first = words[0]
    if not _plain(words) or len(words) > 6 or _BOX.match(rest.text) or rest.text.rstrip().endswith(":"):
        return None
    if is_label(rest.text) or label_of(rest.text) is not None:
        return None
    anchor = next((k for k, c in enumerate(cells) if abs(c.x0 - rest.x0) <= 2), None)
    if anchor is None:
        return None
    k = _label_cut_apart(cells, anchor, first)
    if cells[k].text.rstrip().endswith(":") or is_label(cells[k].text):
        # a value after a tab stop wraps to its paragraph's start: under the label (with its colon, so not a
        # label whose value stands under it) that opens the paragraph, the value the cell after it; a label with
        # no colon where its value beside it and the rest under it share a face of their own (WeasyPrint's
        # label made by CSS in a small sans, the value in the body's serif: "Name of organisation*  Fjarheilsa
        # Ravnsby" over "ehf., útibú í Danmörku", "Mail  lars-" over "erik.solberg@...")
        if k + 1 >= len(cells) or not (cells[k].text.rstrip().endswith(":")
                                        or _in_the_values_face(cells[k], cells[k + 1], first)):
            return None
        k += 1
    while len(above.segments) > 1 and k + 1 < len(cells) and cells[k + 1].seg == cells[k].seg \
            and one_mono_space(cells[k].words[-1], cells[k + 1].words[0]) \
            and not any(abs(s - cells[k + 1].x0) <= 2 for s in starts):
        # a monospace face's wide word space inside one cell ("192.168.160.32/27 10.78.84.192/26" in Courier)
        # parts no columns: the rest below goes on after the cell's last words, as a reader reads it (in a
        # table's row, beside another cell: a line of typed monospace text alone is no cell that wraps)
        k += 1
    if _pushed_in_one(cells, k, rest, below):
        k += 1  # the rest goes on after the justified line's second word, not between its two
    cell = cells[k]
    if not _plain(cell.words) or cell.text.rstrip().endswith(":") or is_label(cell.text):
        return None
    if k + 1 < len(cells) and cells[k + 1].seg == cell.seg and one_mono_space(cell.words[-1], cells[k + 1].words[0]):
        return None  # typed monospace text goes on after one space ("Engtoften 120"): no cell's end, no wrap from it
    if len(cell.words) > 12:
        return None  # running text (a letter's sentence) wraps as a paragraph: its next line is the text's own
    last = cell.words[-1]
    if _NUMBER.fullmatch(rest.text.strip()) and len(re.sub(r"\D", "", rest.text)) >= 5 \
            and not re.search(r"\d", last.text):
        return None  # a number of five digits or more (a CVR, a phone) under words: a value of its own, no wrap
    if re.fullmatch(r"[✓✔✗✘☒☑■xX]", last.text):
        return None  # a tick after an option ends it ("Privat laboratorium ✓"): the next line is the next option
    if any(re.fullmatch(r"[✓✔✗✘☒☑■]", w.text) and 0 <= w.x0 - last.x1 < 3 * _size(last)
           for seg in above.segments for w in seg.words):
        return None  # the tick set apart after the option (in a face of its own): the option ends there too
    if re.search(r"[✓✔✗✘☒☑■]\s*$", rest.text) and rest.text[:1].isupper():
        # an option of its own, ticked, under the list's longest option ("Praksis med ydernummer (..., fysioterapeut)"
        # over "Apotek eller apoteksfilial ✓"): joined, its tick was the practice's; a wrapped option's rest goes on
        # in small letters ("for Danmark ✓")
        return None
    size = _height(last)
    if abs(_height(first) - _height(last)) > 0.6 or first.bold != last.bold or first.face != last.face:
        return None  # another font, style or size: a heading or a note of its own ("Kontakt 2" in italics)
    if not 0 < first.top - last.top <= PITCH * _size(last) or first.top < last.bottom - 1:
        return None  # measured word to word: a line's top is its tallest word's (an italic "Contact 1" beside)
    if find_date(cell.text) and not re.fullmatch(r"\d{4}", rest.text.strip()):
        return None  # a date is whole ("29th October" / "2026" aside): the name under it is the signature's
    if any(_LEADERS.search(w.text) for w in cell.words):
        return None  # a label's leaders run up to its value: the line is full by its making, not by a wrap
    if rules and _ruled_between(last, first, min(cell.x0, rest.x0), max(cell.words[0].x1, first.x1), rules):
        return None  # a row border between them: the line below is the next row's, no wrap's rest
    edge = _edge(cells, k, starts, right)
    if rest.x1 > edge + 1 or any(s is not rest and s.x0 < edge and s.x1 > rest.x0 - 2
                                 for ln in [*between, below] for s in ln.segments):
        return None  # the rest must fit in the cell, alone there and right under it
    if k > 0 and any(s is not rest and s.x1 <= rest.x0 and s.x0 >= cells[k - 1].x0 - 2 for s in below.segments):
        return None  # a row of its own: the cell before has a cell under it too ("E-mail: | lasse@...")
    if k > 0 and any(s is not rest and s.x1 <= rest.x0 and s.x0 >= above.segments[cells[k - 1].seg].x0 - 2
                     and (s.text.rstrip().endswith(":") or is_label(s.text)) for s in below.segments):
        return None  # a label of its own stands before it, in its column: that label's value, no wrap's rest
    asked_to = _asks_on(cell, rest, ends or [])
    if asked_to is not None and asked_to < edge:
        edge = asked_to + 1
    broken = ("@" in last.text and len(cell.words) == 1 and "@" not in first.text
              and bool(re.match(r"[a-zæøå.-]", first.text)))  # an address has no space: broken inside the word
    hyphen = len(last.text) > 1 and last.text.endswith("-") and first.text[:1].isalnum()
    full = spread_evenly(cell.words)  # a justified line: widened up to its cell's edge, so nothing more fitted
    if not (full or _would_not_fit(cell, first, edge, broken)
            or hyphen and _would_not_fit(cell, first, edge + 0.2 * size, False)):
        return None
    inside_word = broken or hyphen
    if not inside_word and k + 1 < len(cells) \
            and cells[k + 1].x0 - last.x1 <= CELL_GAP * _height(cells[k + 1].words[0]) \
            and not is_label(cells[k + 1].text) and label_of(cells[k + 1].text) is None:
        # the line's text goes on one word space after the cell, in the next one ("For Klinisk Laboratorium
        # Skovlund | ApS:", cut at a column's start): it ended there, not at an edge, so nothing wrapped from it
        # (the name typed under the caption is the signature's); the next column's label set close ("Klinik
        # Birkelund | Fulde navn:") is another field's, and the value's rest may well be under it
        return None
    if not inside_word and first.x1 - first.x0 > edge - cell.x0 and not cell.text.rstrip().endswith(","):
        # it would not have fitted in the cell by itself either: no word wrapped from there (unless the cell's
        # list goes on after its comma: an address too long for any line stands alone on the next, "Nikolaj
        # Nørgaard," over "nikolaj.noergaard@boegeskov-it.example, 9883 3439")
        return None
    return cell, inside_word


def domain_break(before: str, after: str) -> int | None:
    """Where an address broken inside its domain at a letter was joined (its first line's length), or None:
    the break may have eaten a hyphen, which the joined text cannot show; or, where the first line ends in a hyphen
    after a letter ("torben@aalund-sund-" over "hed.example"), put one in (groff and TeX hyphenate a word of the
    domain, Chromium breaks after the address's own hyphen and keeps it): the text cannot tell either."""
    head = before.rsplit("@", 1)
    end = head[1][-2:] if len(head) == 2 else ""
    ok = (end[-1:].isalnum() or end[-1:] == "-" and end[:1].isalnum()) and after[:1].isalnum()
    return len(before) if ok else None


def without_tld_hyphen(before: str, after: str) -> str:
    """`before` without the hyphen it ends in where that hyphen broke an address's top-level domain ("karoline@
    aalund-sundhed.exam-" over "ple", groff hyphenating the word): no top-level domain holds a hyphen, so it is the
    typesetter's, where the two pieces make a known end (values.TOP_LEVEL_DOMAINS)."""
    m = re.search(r"@[\w.-]*\.([a-z]+)-$", before)
    tail = re.match(r"[a-z]+", after)
    if m and tail and m.group(1) + tail.group() in TOP_LEVEL_DOMAINS:
        return before[:-1]
    return before


def _laid_after(last: Word, words: list[Word]) -> list[Word]:
    """The rest's words laid on the line they wrap from, at the place of the cell's last word (each a
    hundredth of a point further, so that an order by x keeps theirs): what the readers see is the value
    whole, in its cell, and no word of it stands in the next cell or beyond a column's edge."""
    return [Word(w.text, last.x0 + 0.01 * (i + 1), last.x1, last.top, last.bottom, w.source, last.run, w.bold,
                 face=w.face)
            for i, w in enumerate(words)]


def join_wrapped(lines: list[Line], rules: list[Box] | None = None) -> list[Line]:
    """The lines of one page with each wrapped value's rest joined to the cell it began in; `rules` are the
    page's drawn horizontal rules (page.py), each a border no wrap crosses."""
    if len(lines) < 2:
        return lines
    starts = _column_starts(lines)
    ends = _column_ends(lines)
    right = max(seg.x1 for ln in lines for seg in ln.segments)
    lines = [_justified_cells(ln, lines[i + 1] if i + 1 < len(lines) else None) for i, ln in enumerate(lines)]
    lines = [Line(ln.page, ln.top, ln.bottom, list(ln.segments)) for ln in lines]  # _pushed_apart takes a rest off
    x0s = [(i, sg.x0) for i, ln in enumerate(lines) for sg in ln.segments]
    for i in range(len(lines) - 1):
        lines[i] = _pushed_apart(lines[i], lines[i + 1], [x for k, x in x0s if k != i], rules or [])
    out = [Line(ln.page, ln.top, ln.bottom, [Segment(list(s.words)) for s in ln.segments]) for ln in lines]
    for i in range(len(out) - 2, -1, -1):  # from the bottom up: a rest that wraps again is whole when it is joined
        above = out[i]
        cells = _cells(above)
        # the next line, or one a little lower when the other column's lines stand between (columns whose rows
        # are not aligned): the lines between must hold nothing where the rest stands
        for j in range(i + 1, min(len(out), i + 4)):
            below = out[j]
            if _next_row(above, below):
                continue
            for rest in list(below.segments):
                found = _continuation(above, cells, rest, below, starts, right, out[i + 1:j], rules, ends[i])
                if found is not None:
                    _join(above, found, rest, below)
                    cells = _cells(above)
    return [ln for ln in out if ln.segments]


_WHOLE_ADDRESS = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def _next_row(above: Line, below: Line) -> bool:
    """`below` is a table's next row, not the wrapped ends of `above`'s cells: it has a cell in two or more of
    above's columns (same start), and one of them is a value of its own: a whole e-mail address under a whole
    address, or a number of five digits or more (a phone). A table sized to its widest entries (groff's tbl, an
    HTML table without set widths) leaves every cell full, so each cell of the next row looked like a wrap
    ("Ulla Abildgaard Lasse Bødker")."""
    starts = [s.x0 for s in above.segments]
    aligned = [(k, s) for s in below.segments
               for k in [next((k for k, x in enumerate(starts) if abs(x - s.x0) <= 2), None)] if k is not None]
    if len(aligned) < 2:
        return False
    for k, s in aligned:
        mine, theirs = s.text.strip(), above.segments[k].text.strip()
        if _WHOLE_ADDRESS.match(mine) and _WHOLE_ADDRESS.match(theirs.split()[-1] if theirs else ""):
            return True
        if _NUMBER.fullmatch(mine) and len(re.sub(r"\D", "", mine)) >= 5 and not _phone_rest(theirs, mine):
            return True
    return False


_COUNTRY = re.compile(r"^\s*\(?(?:\+|00)45\)?")


def _phone_rest(above: str, below: str) -> bool:
    """`below` holds the digits a phone cut at its cell's edge lacks: `above` is a country code and a few digits
    ("(+45) 48"), and the two together make the eight digits of one Danish number ("(+45) 48" / "45 28 80", a
    narrow column's wrap), so the line under it is that cell's rest, not the next row's phone."""
    m = _COUNTRY.match(above)
    if m is None or not _NUMBER.fullmatch(above.strip()) or _COUNTRY.match(below):
        return False
    return len(re.sub(r"\D", "", above[m.end():])) + len(re.sub(r"\D", "", below)) == 8


def _join(above: Line, found: tuple[_Cell, bool], rest: Segment, below: Line) -> None:
    """The rest's words put at the end of its cell's words on the line above, and taken off its own."""
    cell, inside_word = found
    seg = above.segments[cell.seg]
    last = seg.words[cell.end - 1]
    if inside_word:
        first = rest.words[0]
        head = last.text
        if spread_evenly(cell.words) and re.search(r"[a-zæøå]-$", head) and first.text[:1].islower() \
                and not re.search(r"[@.]", head + first.text):  # an address's or a domain's hyphen is its own
            head = head[:-1]  # a justified line (TeX, groff) hyphenates a word it breaks: the hyphen is the line's
        head = without_tld_hyphen(head, first.text)
        seg.words[cell.end - 1] = Word(head + first.text, last.x0, last.x1, last.top, last.bottom,
                                       last.source, last.run, last.bold, face=last.face,
                                       break_at=domain_break(last.text, first.text))
        seg.words[cell.end:cell.end] = _laid_after(last, rest.words[1:])
    else:
        seg.words[cell.end:cell.end] = _laid_after(last, rest.words)
    below.segments.remove(rest)
