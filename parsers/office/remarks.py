"""Comments a party wrote beside the text of an Office file (Word's comments, LibreOffice's annotations, Excel's
cell notes): often the party's answer or a remark on a field ("we have no CVR yet", "the network follows").

A comment is never a value: what it says is not where the field's value goes, and it may contradict, qualify or
replace the answer in the text. It is not dropped either: a file with comments gets one `uncertain` problem,
on the whole document (a remark may bear on any answer), quoting each comment and the line it stands at, so
staff read it, and the party is told nothing about that document on the reader's word alone."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..problems import new_problem
from ..reading import Problem

if TYPE_CHECKING:
    from .package import Package

MAX_SHOWN = 8       # comments quoted in the problem; the rest are counted
MAX_CHARS = 240     # of one comment's text, and of the line it stands at


@dataclass
class Remark:
    """One comment: its text, the line of the document it is anchored at (empty where not known) and who wrote
    it (as the file names the author; empty where it does not)."""

    text: str
    anchor: str = ""
    author: str = ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1] + "…"


def remarks_problem(remarks: list[Remark], what: str) -> Problem | None:
    """The `uncertain` problem naming a file's comments for staff; None when it has none with text."""
    shown = [r for r in remarks if r.text.strip()]
    if not shown:
        return None
    quoted = []
    for r in shown[:MAX_SHOWN]:
        at = f" at \u201c{_short(r.anchor)}\u201d" if r.anchor.strip() else ""
        by = f" ({_short(r.author)})" if r.author.strip() else ""
        quoted.append(f"\u201c{_short(r.text)}\u201d{by}{at}")
    more = f"; and {len(shown) - MAX_SHOWN} more" if len(shown) > MAX_SHOWN else ""
    count = "a comment" if len(shown) == 1 else f"{len(shown)} comments"
    return new_problem("uncertain", f"{what} holds {count} written beside its text, which the reader does not "
                       f"take as answers; a member of staff should read {'it' if len(shown) == 1 else 'them'}: "
                       + "; ".join(quoted) + more + ".")


_SHEET_COMMENTS = re.compile(r"xl/comments(?:[^/]*|/[^/]+)\.xml")  # Excel's xl/comments1.xml, openpyxl's in a folder
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sheet_comments(pkg: Package) -> list[Remark]:
    """An Excel workbook's cell comments (xl/comments*.xml, the notes Excel and LibreOffice write; Excel's threaded
    comments keep a copy there too), each at its cell's reference; a damaged part is read as none."""
    from defusedxml import ElementTree

    out: list[Remark] = []
    for name in sorted(n for n in pkg.names if _SHEET_COMMENTS.fullmatch(n)):
        try:
            root = ElementTree.fromstring(pkg.read(name), forbid_dtd=True)
        except Exception:  # noqa: BLE001 - a damaged comments part: its comments are not read, the cells are
            continue
        authors = [a.text or "" for a in root.iter(f"{_S}author")]
        for c in root.iter(f"{_S}comment"):
            text = "".join(t.text or "" for t in c.iter(f"{_S}t"))
            try:
                author = authors[int(c.get("authorId") or -1)]
            except (ValueError, IndexError):
                author = ""
            if author and text.startswith(f"{author}:"):
                text = text[len(author) + 1:]  # Excel writes the author's name first, in bold
            out.append(Remark(text, f"cell {c.get('ref') or '?'}", author))
    return out
