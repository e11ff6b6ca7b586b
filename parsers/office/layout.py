"""Paragraphs and table rows of a Word, Excel or ODF file laid out as the PDF reader's page model.

The label/value reader, the kinds and the confidence work on positioned lines of words (page.py). An
Office file has no positions, so they are synthesised the way a PDF of the same document would place
them: a paragraph is a line (wrapped at a page's width), a tab starts a new cell, and a table row is
one line whose cells are separate segments at increasing x, each column as wide as its widest cell,
so "the value in the next cell" and "the value under the label in its column" read as they do in a PDF.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from ..documents.page_types import Line, PdfContent, Segment, Word

CHAR_W = 5.0          # points per character of a 10 pt font
WORD_GAP = 3.0        # between the words of one cell (page.py joins words closer than 9 pt)
CELL_GAP = 30.0       # between cells (page.py splits at more than 9 pt)
LINE_H = 10.0
LINE_STEP = 14.0
# more space before a new paragraph or table row than between the wrapped lines of one: a row of a
# spreadsheet or a paragraph under a heading is never the heading's words going on (form.py tells a heading
# wrapped in its cell by its next line standing as close as a paragraph's lines)
BLOCK_GAP = 5.0
LEFT = 50.0
PAGE_WIDTH = 595.0    # A4
PAGE_LINES = 52       # lines on a synthesised page
FOOTER_TOP = 790.0    # where a running footer stands, at an A4 page's foot (842 pt)
WRAP = 96             # characters of a paragraph line (about A4 at 10 pt)
MAX_COLUMN = 48       # characters of a table column before its cells wrap
MAX_LINES = 20_000    # lines of one file: beyond, the rest is not laid out (a note says so)

# a table cell's paragraph set bold starts with this mark (a character XML 1.0 text cannot hold, so no file's
# text carries it): a cell holds its paragraphs as strings
BOLD = "\x02"
CHECKED = {"☒", "☑", "■", "✔", "✓", "⊠", "[X]", "[x]"}
UNCHECKED = {"☐", "□", "[ ]"}
_BOX = re.compile(r"^\s*(?:\[\s*[xX]?\s*\]|[☒☑☐□⊠■✔✓])")
_TOKEN = re.compile(r"\[\s*[xX]?\s*\]|[☒☑☐□⊠]|\S+")


@dataclass
class Paragraph:
    """One paragraph; a tab in it separates cells ("Navn:<tab>Hanne Holm"). `bold`: set in a bold face all through
    (a heading's style, or every run bold), as the PDF of the file prints it and the form reader tells headings."""

    cells: list[str]
    bold: bool = False


@dataclass
class Table:
    """Rows of cells; a cell holds its paragraphs."""

    rows: list[list[list[str]]]
    spread: bool = True  # across the page, as a word processor lays it; a spreadsheet's columns are their own


@dataclass
class PageBreak:
    pass


Block = Paragraph | Table | PageBreak


@dataclass
class Layout:
    """Where the next line goes."""

    content: PdfContent
    page: int = 1
    row: int = 0
    y: float = 50.0
    header: list[Paragraph] = field(default_factory=list)  # printed first on every page
    footer: list[Paragraph] = field(default_factory=list)  # printed at the foot of every page
    full: bool = False
    footing: bool = False  # the footer is being laid out
    pages: list[int] = field(default_factory=list)

    def new_page(self) -> None:
        if self.row:
            self.end_page()
            self.page += 1
            self.row = 0
            self.y = 50.0

    def end_page(self) -> None:
        """The running footer at the foot of the page now laid out (a page with nothing on it has none)."""
        if not self.row or not self.footer:
            return
        self.footing = True
        self.y = max(self.y + 2 * LINE_STEP, FOOTER_TOP)
        for f in self.footer:
            _paragraph(self, f)
        self.footing = False

    def place(self, cells: list[tuple[float, str]], starts: bool = True, bold: bool | list[bool] = False) -> None:
        """One line of cells, each (x, text); `starts`: it begins a paragraph or a table row (not a line
        wrapped from the one above); `bold`: its words are set in a bold face (or each cell's are, by a list)."""
        if len(self.content.lines) >= MAX_LINES:
            if not self.full:
                self.content.notes.append(f"the file has more than {MAX_LINES:,} lines; the rest was not read")
                self.full = True
            return
        bolds = bold if isinstance(bold, list) else [bold] * len(cells)
        segments = [s for s in (_segment(x, text, b) for (x, text), b in zip(cells, bolds, strict=True)
                                if text.strip()) if s]
        if not segments:
            return
        if self.row >= PAGE_LINES and not self.footing:  # a footer is its page's, however long the page ran
            self.new_page()
        if not self.row and self.header:
            header, self.header = self.header, []  # laid out once per page, not within itself
            for h in header:
                _paragraph(self, h)
            self.header = header
        if starts and self.row:
            self.y += BLOCK_GAP
        top = self.y
        self.y += LINE_STEP
        for s in segments:
            for w in s.words:
                w.top, w.bottom = top, top + LINE_H
        if self.page not in self.pages:
            self.pages.append(self.page)
        self.content.lines.append(Line(self.page, top, top + LINE_H, segments))
        self.row += 1


def _segment(x: float, text: str, bold: bool = False) -> Segment | None:
    words: list[Word] = []
    for token in _TOKEN.findall(text.replace(BOLD, "")):  # a mark is never text
        compact = re.sub(r"\s+", "", token)
        if compact in CHECKED:
            word = Word("[X]", x, x + 8, 0, 0, "check")
        elif compact in UNCHECKED:
            word = Word("[ ]", x, x + 8, 0, 0, "check")
        else:
            word = Word(token, x, x + CHAR_W * len(token), 0, 0, bold=bold)
        words.append(word)
        x = word.x1 + WORD_GAP
    return Segment(words) if words else None


def _wrap(text: str, width: int) -> list[str]:
    text = " ".join(text.split())
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) if text else []


def _paragraph(lay: Layout, p: Paragraph) -> None:
    cells = [c for c in (" ".join(c.split()) for c in p.cells)]
    if len([c for c in cells if c]) <= 1:
        for k, piece in enumerate(_wrap(" ".join(cells), WRAP)):
            lay.place([(LEFT, piece)], starts=k == 0, bold=p.bold)
        return
    # cells of a tabbed line: each starts after the previous one's text and a cell gap
    x = LEFT
    placed: list[tuple[float, str]] = []
    for c in cells:
        if c:
            placed.append((x, c))
            x += CHAR_W * len(c) + CELL_GAP
        else:
            x += CELL_GAP
    lay.place(placed, bold=p.bold)


def blank_kept(lines: list[str]) -> list[str]:
    """A cell's paragraphs with the empty ones between its text kept (as ""): the space a signature is written
    into ("For the controller" / three empty lines / the name) stands in the page as it does in the printed file,
    so the name is never read as the caption's next line; empty ones at its top or bottom are no space of its
    own."""
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def _cell_lines(cell: list[str], width: int) -> list[tuple[bool, list[tuple[float, str, bool]]]]:
    """A cell's lines, each as its pieces (x from the cell's left edge, text): a paragraph wrapped to the cell's
    `width`, and a line of cells of its own (a tab in it, a table set in the cell: "Navn<tab>Anna Holm") with its
    pieces in columns aligned over the cell's lines, as the word processor prints them (not run together); each
    line with whether it begins a paragraph (a wrapped line's rest does not)."""
    bolds = [p.startswith(BOLD) for p in cell]
    cell = [p.removeprefix(BOLD) for p in cell]
    split = [p.split("\t") for p in cell]
    inner: list[int] = []
    for parts in split:
        if len(parts) > 1:
            for j, part in enumerate(parts):
                n = min(len(" ".join(part.split())), MAX_COLUMN)
                inner[j:j + 1] = [max(inner[j] if j < len(inner) else 0, n)]
    out: list[tuple[bool, list[tuple[float, str, bool]]]] = []
    for p, parts, bold in zip(cell, split, bolds, strict=True):
        if len(parts) > 1:
            xs = [sum(inner[:j]) * CHAR_W + j * CELL_GAP for j in range(len(parts))]
            out.append((True, [(x, " ".join(part.split()), bold) for x, part in zip(xs, parts, strict=True)]))
        else:
            out += [(k == 0, [(0.0, piece, bold)]) for k, piece in enumerate(_wrap(p, width) or [""])]
    return out


def _needed(cell: list[str], cap: int) -> int:
    """The characters a cell's widest line needs: a paragraph's up to `cap` (beyond, it wraps), a line of cells of
    its own the sum of its columns'."""
    widest = 0
    columns: list[int] = []
    for p in cell:
        parts = p.removeprefix(BOLD).split("\t")
        if len(parts) > 1:
            for j, part in enumerate(parts):
                n = min(len(" ".join(part.split())), MAX_COLUMN)
                columns[j:j + 1] = [max(columns[j] if j < len(columns) else 0, n)]
        else:
            widest = max(widest, min(len(" ".join(p.split())), cap))
    tabbed = sum(columns) + int(CELL_GAP / CHAR_W) * (len(columns) - 1) if columns else 0
    return max(widest, tabbed)


def _table(lay: Layout, t: Table) -> None:
    ncols = max((len(r) for r in t.rows), default=0)
    if not ncols:
        return
    width = [1] * ncols
    for r in t.rows:
        for i, cell in enumerate(r):
            width[i] = max(width[i], _needed(cell, MAX_COLUMN if ncols > 1 else WRAP))
    # a word processor's table spans the page, its columns shared out evenly (Word's and Writer's default): a
    # narrower column only where its text is narrower than its share would let a name and the title beside it
    # ("Åse Abildgaard" / "Digitaliseringschef") look like one cell's text wrapped
    share = int((PAGE_WIDTH - 2 * LEFT - (ncols - 1) * CELL_GAP) / CHAR_W / ncols)
    if t.spread and ncols > 1 and sum(max(w, share) for w in width) * CHAR_W + (ncols - 1) * CELL_GAP \
            <= PAGE_WIDTH - 2 * LEFT:
        width = [max(w, share) for w in width]
    xs = [LEFT]
    for w in width[:-1]:
        xs.append(xs[-1] + CHAR_W * w + CELL_GAP)
    for r in t.rows:
        # a cell's paragraphs (wrapped to its column) stand on consecutive lines, side by side with the
        # other cells' lines: the row is as many lines as its tallest cell; a spreadsheet's text alone in its
        # row runs on over the empty cells beside it, as the sheet shows it
        alone = not t.spread and len(r) == 1
        columns = [_cell_lines(cell, WRAP if alone else width[i]) for i, cell in enumerate(r)]
        for k in range(max((len(c) for c in columns), default=0)):
            pieces = [(xs[i] + dx, text, bold) for i, c in enumerate(columns) if k < len(c)
                      for dx, text, bold in c[k][1]]
            cells = [(x, text) for x, text, _ in pieces]
            if any(text.strip() for _, text in cells):
                # a cell's paragraphs stand as close as a paragraph's wrapped lines (a table's paragraph style
                # keeps no space between them, Writer's "Table Contents"): a signature block's name over its
                # "Name and title:" is read as the PDF of it is; an option with its box is an item of its own
                opens = any(k < len(c) and c[k][0] and _BOX.match(c[k][1][0][1]) for c in columns)
                lay.place(cells, starts=k == 0 or opens, bold=[b for _, _, b in pieces])
            elif lay.row:
                lay.y += LINE_STEP  # an empty paragraph in the row's cells: its space


def lay_out(blocks: list[Block], header: list[Paragraph] | None = None,
            footer: list[Paragraph] | None = None) -> PdfContent:
    """The page model of an Office file's blocks; a running `header` stands atop every page and a `footer` at its
    foot, as printed (so the reader tells them for page furniture, and a heading that opens two pages is no
    header; a letterhead's organisation and CVR are read where nothing else gives them)."""
    content = PdfContent(data=b"")  # never a PDF: the signature checks look for none in it
    lay = Layout(content, header=list(header or []), footer=list(footer or []))
    for b in blocks:
        if isinstance(b, PageBreak):
            lay.new_page()
        elif isinstance(b, Paragraph):
            _paragraph(lay, b)
        else:
            _table(lay, b)
    lay.end_page()
    content.pages_read = lay.pages
    content.page_count = max(lay.pages, default=0)
    content.page_widths = {p: PAGE_WIDTH for p in lay.pages}
    return content
