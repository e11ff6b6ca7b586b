"""An Excel (.xlsx) workbook as blocks for the page model: each sheet a page, each row a table row.

openpyxl reads it read-only (rows streamed, not a workbook of cell objects) and with `data_only`, so a
formula is read as the value Excel last computed and saved; openpyxl parses the XML through defusedxml
when it is installed (it is a dependency), and package.py refused any DTD before.

What a clerk's sheet says by its shape is written out as the PDF reader reads it:
- a sheet named by the party ("Kontaktpersoner", not "Ark2"/"Sheet2") starts with its name as a heading,
  since its tables often carry only their column headers;
- a list of options with a cross in the next column ("Kommune | ", "Offentligt sygehus | X") is a list of
  tick boxes: "Kommune", "[X] Offentligt sygehus";
- one record laid across a wide sheet (a header row of at least six labels over one row of values, as an
  export writes it) is its labels and values one under the other; a header that names its section ("Teknisk
  kontakt – Navn") gives the section as a heading above its labels, as the form prints it; where the sheet
  goes on with the form's own headings under the record, the labels stand under the one of their section;
- check boxes drawn as form controls are written where they stand, hidden sheets, rows and columns are left out, as
  the party saw the sheet (sheet_parts.py).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from .layout import BOLD, Block, PageBreak, Table
from .sheet_parts import SheetView, place, sheet_views

MAX_ROWS = 2_000      # rows of one sheet; a form is a few dozen
MAX_COLUMNS = 40
MAX_SHEETS = 20
# a sheet's name as Excel, LibreOffice and Numbers give it before anyone names it
_DEFAULT_SHEET = re.compile(r"^(?:ark|sheet|tabelle|blad|feuil|hoja|foglio|table)\s*\d*$", re.I)
_CROSS = re.compile(r"^[xX✓✔☒■]$")
_ANSWER = re.compile(r"^(?:ja|nej|yes|no|nei|j|n)$", re.I)  # a column of answers heading a grid of crosses


WIDE = 6  # labels in one header row: fewer is a table of records (contacts, networks), read as a table
_SECTIONED = re.compile(r"^(.+?)\s+[–-]\s+(.+)$|^(.+?):\s+(.+)$")


_QUESTION = re.compile(r"\?(?:\s*\([^)]*\))?\s*$")  # "... you?", "Who ...? (name, e-mail, phone)"
_SEPARATOR = re.compile(r"\s+[–-]\s+|:\s+")


def _shared_title(labels: list[str]) -> str:
    """The words every label of a header row begins with, up to a separator ("Information for MedCom – connection
    to SDN – 1) What is ...", "... – 2) Please state ..."): the sheet's title written into each column's header by
    an export, not a section of its own; "" when they share none."""
    first = labels[0]
    cut = 0
    for m in _SEPARATOR.finditer(first):
        if all(label.startswith(first[:m.end()]) and len(label) > m.end() for label in labels[1:]):
            cut = m.end()
    return first[:cut]


_COUNTED = re.compile(r"^\D+\s\d{1,2}$")  # "Kontakt 1", "Contact 2": one of several under a heading of theirs


def _parent(section: str, rows: list[list[str]]) -> str | None:
    """The heading the sheet's own form sets a counted section under ("Kontakt 1" under "5. Teknisk kontakt",
    "Contact 2" under "IT operations contacts"): an export's "Kontakt 1 – Navn" says whose contact only through
    that. None where the section is not counted or the sheet does not set it under a heading."""
    if not _COUNTED.match(section.strip()):
        return None
    lone = [r[0].strip() if len([c for c in r if c]) == 1 and r[0] else None for r in rows]
    for k, text in enumerate(lone):
        if text is None or text.casefold() != section.strip().casefold():
            continue
        for above in reversed(lone[:k]):
            if above is None:
                return None
            if not _COUNTED.match(above):
                return above
    return None


_ENUMERATED = re.compile(r"^\s*(?:[A-Za-z]|\d{1,2})[.)]\s+")  # "A. ", "3) ": a heading's letter or number


def _heading_at(section: str, rows: list[list[str]]) -> int | None:
    """Where the sheet's own form, under the record, has the record's section as a heading of its own ("The
    organisation" and a row "A. The organisation" alone): its index in rows, else None."""
    want = section.strip().casefold()
    for k, r in enumerate(rows):
        if len([c for c in r if c]) == 1 and r[0] and _ENUMERATED.sub("", r[0]).strip().casefold() == want:
            return k
    return None


def _across(rows: list[list[str]]) -> list[list[str]]:
    """A wide header row over one row of values (and nothing under them), as label/value rows. Where the sheet
    goes on with the form's own headings (an export's record over the form it came from), each section's labels
    and values stand under its heading there, as the form prints them; else at the top, under the section."""
    out: list[list[str]] = []
    parents: set[str] = set()
    rows = [list(r) for r in rows]
    i = 0
    while i < len(rows):
        head = rows[i]
        values = rows[i + 1] if i + 1 < len(rows) else []
        lone = i + 2 >= len(rows) or not any(rows[i + 2])
        labels = [c for c in head if c]
        if (len(labels) >= WIDE and len(labels) == len(head) and values and lone
                and not any(re.fullmatch(r"[\d\s.,:/+-]+", c) for c in head)
                and sum(1 for v in values[:len(head)] if v) >= len(head) // 2):
            rest = rows[i + 2:]
            section: str | None = None
            title = _shared_title(head)
            if title:
                out.append([_SEPARATOR.sub(" ", title).strip()])
            placed: dict[int, list[list[str]]] = {}  # index in rest -> the rows to stand under that heading
            target = out
            for k, label in enumerate(head):
                label = label[len(title):]
                m = _SECTIONED.match(label)
                if m:
                    sec, label = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                    if sec != section:
                        section = sec
                        at = _heading_at(sec, rest)
                        if at is not None:
                            target = placed.setdefault(at, [])
                        else:
                            target = out
                            parent = _parent(sec, rest)
                            if parent is not None and parent not in parents:
                                out.append([parent])
                                parents.add(parent)
                            out.append([sec])
                value = values[k] if k < len(values) else ""
                target += [[label], [value]] if _QUESTION.search(label) else [[label, value]]
            rows[i + 2:] = [r for k, heading in enumerate(rest) for r in [heading, *placed.get(k, [])]]
            i += 2
            continue
        out.append(head)
        i += 1
    return out


_COUNTER = re.compile(r"^\d{1,3}[.)]?$")  # "1", "2.", "3)": a row's number in a column of its own


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _person(line: str) -> list[str]:
    """An answer's line naming a person by commas ("Frederikke Lykke, frederikke@x.example, 40 76 59 07") as the
    cells of a contacts table's row, which is how the form lists them; any other line as it is."""
    parts = [p.strip() for p in line.split(",")]
    if 2 <= len(parts) <= 4 and all(parts) and sum(1 for p in parts if _EMAIL.fullmatch(p)) == 1:
        return parts
    return [line]


def _persons_across(rows: list[list[str]]) -> list[list[str]]:
    """Contacts laid out a column per person ("Kontakter | Kontaktperson | Teknisk kontakt 1" over "Navn | ... |
    ...", "E-post | ... | ...", "Tlf. | ... | ..."), as one block per person: the column's head as a heading,
    its cells under the row labels as label/value rows, which is how the form lists a contact. Told by its
    geometry alone: a head row of at least two texts beside column A, then rows of a label in A with values
    under those heads, one of them a row of e-mail addresses across at least two of the columns (contacts set
    down the rows have their addresses down one column, never across one row)."""
    out: list[list[str]] = []
    i = 0
    while i < len(rows):
        head = rows[i]
        cols = [j for j in range(1, len(head)) if head[j]]
        below: list[list[str]] = []
        k = i + 1
        while (k < len(rows) and rows[k] and rows[k][0] and len(rows[k]) > 1
               and all(j in cols for j in range(1, len(rows[k])) if rows[k][j])):
            below.append(rows[k])
            k += 1
        mails = [sum(1 for j in cols if j < len(r) and _EMAIL.fullmatch(r[j].strip())) for r in below]
        if (len(cols) >= 2 and cols == list(range(1, len(head))) and 2 <= len(below) <= 8
                and not any(_EMAIL.search(head[j]) for j in cols) and max(mails, default=0) >= 2):
            if head[0]:
                out.append([head[0]])
            for j in cols:
                out.append([head[j]])
                out += [[r[0], r[j]] for r in below if j < len(r) and r[j]]
            i = k
            continue
        out.append(head)
        i += 1
    return out


def _answers_under(rows: list[list[str]]) -> list[list[str]]:
    """A question with its answer in the next cell ("3. Hvilken type organisation er I? | IT-leverandør"), as a
    questionnaire prints it: the question, and the answer under it, each of its lines (Alt+Enter: one contact a
    line) a line of its own (beside a long question, a label reader takes the answer for the question's words
    going on)."""
    out: list[list[str]] = []
    for r in rows:
        filled = [c for c in r if c]
        if len(filled) == 2 and r and r[0] and _QUESTION.search(r[0]) and not _QUESTION.search(filled[1]):
            out += [[r[0]], *[_person(line) for line in filled[1].splitlines() if line.strip()]]
        else:
            out.append(r)
    return out


def _ticked(rows: list[list[str]]) -> list[list[str]]:
    """Rows of options with their crosses in a column of their own, as tick boxes: a run of at least two
    rows of one text cell (a number before it aside) and, in one column to its right, a cross or nothing,
    with at least one cross and at least one option left open besides the run's first row (its question,
    or a heading). A lone "X" beside a single label is a value, and a column of crosses only is no choice."""
    def shape(cells: list[str]) -> tuple[int, int | None] | None:
        filled = [i for i, c in enumerate(cells) if c]
        if len(filled) >= 2 and _COUNTER.match(cells[filled[0]]):
            filled = filled[1:]  # the option's number, in a column before it
        if not filled or len(filled) > 2 or _CROSS.match(cells[filled[0]]):
            return None
        if len(filled) == 2 and not _CROSS.match(cells[filled[1]]):
            return None
        return filled[0], filled[1] if len(filled) == 2 else None

    out = [list(r) for r in rows]
    i = 0
    while i < len(rows):
        j, col, marks = i, None, 0
        while j < len(rows) and (sh := shape(rows[j])) is not None and sh[0] == (shape(rows[i]) or (-1, None))[0]:
            if sh[1] is not None:
                if col not in (None, sh[1]):
                    break
                col, marks = sh[1], marks + 1
            j += 1
        # the run's first row is often its question or heading, not an option: it does not count as one left open;
        # under a header of answers ("| Ja | Nej") a cross says which answer, not that the option was chosen: the
        # grid stays a grid, read by the column its cross stands in
        answers = [c for c in rows[i - 1] if c] if i else []
        graded = len(answers) >= 2 and all(_ANSWER.match(c) for c in answers)
        if j - i >= 2 and 0 < marks < j - i - 1 and not graded:
            for k in range(i, j):  # the crossed options; the others stay plain lines (one may be a heading)
                text_at = (shape(rows[k]) or (0, None))[0]
                if col is not None and col < len(rows[k]) and rows[k][col]:
                    out[k] = ["[X] " + rows[k][text_at]]
            i = j
        else:
            i += 1
    return out


_PADDED = re.compile(r"^0+$")  # a number format of zeros only ("0000"): the digits are shown padded to its width


def _text(value: Any, number_format: str = "General") -> str:
    """A cell as a person sees it: a ticked (linked) check box as [X], a whole number without ".0", padded with
    zeros where its cell's format says so (a postcode 0800 stored as 800 under "0000")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "[X]" if value else "[ ]"
    if isinstance(value, int | float) and not (isinstance(value, float) and not value.is_integer()) \
            and abs(value) < 1e15:
        digits = str(int(value))
        fmt = (number_format or "").strip()
        return digits.zfill(len(fmt)) if _PADDED.match(fmt) and value >= 0 else digits
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _bold(cell: Any) -> bool:
    """Is the cell set in a bold face (its font; an empty cell has none)?"""
    try:
        return bool(cell.font.b)
    except AttributeError:
        return False


def read_xlsx(data: bytes, notes: list[str]) -> list[Block]:
    """The blocks of a workbook whose package was checked (package.open_package)."""
    import openpyxl  # local: only a mail with a workbook pays for importing it

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    views = sheet_views(data)
    blocks: list[Block] = []
    try:
        for n, ws in enumerate(wb.worksheets):
            if n >= MAX_SHEETS:
                notes.append(f"only the first {MAX_SHEETS} sheets were read")
                break
            view = views.get(ws.title) or SheetView()
            if view.hidden:
                continue  # a hidden sheet (a template's lists for its drop-downs): the party never saw it
            plain: list[list[str]] = []
            bold: set[str] = set()
            for r, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS)):
                if r >= MAX_ROWS:
                    notes.append(f"the sheet {ws.title} has more than {MAX_ROWS:,} rows; the rest was not read")
                    break
                cells = [_text(c.value, str(getattr(c, "number_format", "") or "")).strip() for c in row]
                bold |= {t for c, t in zip(row, cells, strict=True) if t and _bold(c)}
                while cells and not cells[-1]:
                    cells.pop()
                plain.append(cells)  # a blank row too: it ends a record laid across (_across)
            place(plain, view.controls)  # the form controls' check boxes, over the cells they stand on
            # a hidden row is not there for the party: the rows above and below stand together
            plain = [r for k, r in enumerate(plain) if k + 1 not in view.hidden_rows]
            if view.hidden_columns:  # a hidden column's cells are not there for the party either
                plain = [[c for j, c in enumerate(r) if j + 1 not in view.hidden_columns] for r in plain]
            table = sheet_table(ws.title or "", plain, bold)
            if table is not None:
                if blocks:
                    blocks.append(PageBreak())
                blocks.append(table)
    finally:
        wb.close()
    return blocks


def sheet_table(title: str, plain: list[list[str]], bold: set[str] | None = None) -> Table | None:
    """One sheet's cells as the party sees them (rows of cell texts, blank rows kept), shaped as its form reads
    (a record laid across, answers beside their questions, crosses in a column of their own) and headed by the
    sheet's own name; None for a sheet with nothing in it. An .xlsx's sheet and an .ods's alike. `bold`: the texts
    of cells set in a bold face; one alone in its row is laid out bold, a heading as the sheet's PDF prints it (the
    form reader tells headings it does not know by their words by that face)."""
    plain = [list(r) for r in plain]
    for r in plain:
        while r and not r[-1]:
            r.pop()
    while plain and not plain[-1]:
        plain.pop()
    kept = [r for r in _answers_under(_persons_across(_across(plain))) if r]
    # a cell's own line breaks (Alt+Enter: a contact's name, e-mail and phone in one cell) are its lines
    rows = [[[ln for ln in c.splitlines() if ln.strip()] if c else [] for c in cells] for cells in _ticked(kept)]
    if bold:
        for row in rows:
            filled = [c for c in row if c]
            if len(filled) == 1 and "\n".join(filled[0]) in bold:
                filled[0][:] = [BOLD + ln for ln in filled[0]]
    title = title.strip()
    if rows and title and not _DEFAULT_SHEET.match(title) and rows[0] != [[title]]:
        rows.insert(0, [[title]])
    return Table(rows, spread=False) if rows else None
