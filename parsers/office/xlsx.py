"""An Excel (.xlsx) workbook as blocks for the page model: each sheet a page, each row a table row.

openpyxl reads it read-only (rows streamed, not a workbook of cell objects) and with `data_only`, so a
formula is read as the value Excel last computed and saved; openpyxl parses the XML through defusedxml
when it is installed (it is a dependency), and package.py refused any DTD before.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

from .layout import Block, PageBreak, Table

MAX_ROWS = 2_000      # rows of one sheet; a form is a few dozen
MAX_COLUMNS = 40
MAX_SHEETS = 20


def _text(value: Any) -> str:
    """A cell as a person sees it: a ticked (linked) check box as [X], a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "[X]" if value else "[ ]"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, notes: list[str]) -> list[Block]:
    """The blocks of a workbook whose package was checked (package.open_package)."""
    import openpyxl  # local: only a mail with a workbook pays for importing it

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    blocks: list[Block] = []
    try:
        for n, ws in enumerate(wb.worksheets):
            if n >= MAX_SHEETS:
                notes.append(f"only the first {MAX_SHEETS} sheets were read")
                break
            rows: list[list[list[str]]] = []
            for r, row in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)):
                if r >= MAX_ROWS:
                    notes.append(f"the sheet {ws.title} has more than {MAX_ROWS:,} rows; the rest was not read")
                    break
                cells = [_text(v).strip() for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append([[c] if c else [] for c in cells])
            if rows:
                if blocks:
                    blocks.append(PageBreak())
                blocks.append(Table(rows))
    finally:
        wb.close()
    return blocks
