"""The few kinds of block an office document is made of; each renderer (HTML, ODF, AcroForm) draws them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass
class Title:
    text: str
    sub: str = ""


@dataclass
class Heading:
    """A section heading; `band` sets it white on a coloured band, as many house styles do."""

    text: str
    band: bool = False


@dataclass
class Para:
    text: str
    italic: bool = False
    small: bool = False


@dataclass
class Fields:
    """Label/value pairs drawn in one `style`: inline, nocolon, table, stacked, leaders, overlap; question
    (a numbered question, its answer on the lines below), qbox (the answer in a bordered box), below (the
    values side by side on a rule, each label under its value, as on a signature line). A value may hold
    several lines ("\n")."""

    rows: list[tuple[str, str]]
    style: str = "inline"


@dataclass
class Grid:
    """A table with a header row (technical contacts, networks, signer lists, party tables)."""

    header: list[str]
    rows: list[list[str]]
    borders: bool = True


@dataclass
class Checks:
    """A question and its options, each ticked or not; `mark` is glyph, bracket, xcol, square (■/□), tick
    (✓ after the chosen option, nothing after the others) or paren ("(X)"/"( )"); `per_line` options stand
    side by side on one line (a matrix)."""

    question: str
    options: list[tuple[str, bool]]
    mark: str = "glyph"
    per_line: int = 1


def marked(mark: str, on: bool, text: str) -> str:
    """An option as a clerk types it with a text mark (not xcol)."""
    if mark == "tick":
        return f"{text} ✓" if on else text
    on_m, off_m = {"glyph": ("☒", "☐"), "bracket": ("[x]", "[ ]"), "square": ("■", "□"),
                   "paren": ("(X)", "( )")}[mark]
    return f"{on_m if on else off_m} {text}"


@dataclass
class Columns:
    """Two columns side by side, or (`flow`) one text flowing through two newspaper columns."""

    left: list[Block]
    right: list[Block]
    flow: bool = False


@dataclass
class SignLine:
    """A signature line: a signature (`script` font, `italic`, `/s/`, a `drawn` stroke; or none) above the
    rule, its caption below."""

    caption: str
    signature: str = ""
    style: str = "script"


@dataclass
class SignCell:
    """One party's place in a closing signature table: lines above the signature (who signs for whom),
    the signature (as SignLine's `signature`/`style`), then the lines under the drawn rule (name, title,
    date: labelled or not, in the order the clerk typed them)."""

    above: list[str]
    signature: str = ""
    style: str = "script"
    below: list[str] | None = None


@dataclass
class SignTable:
    """The closing signature table: the parties' places side by side, each under its own heading."""

    cells: list[SignCell]


@dataclass
class PageBreak:
    pass


@dataclass
class Footer:
    text: str


Block = Union[Title, Heading, Para, Fields, Grid, Checks, Columns, SignLine, SignTable, PageBreak,  # noqa: UP007
              Footer]


@dataclass
class Document:
    """What one generated PDF holds, and the truth a right reading gives."""

    name: str
    blocks: list[Block]
    truth: dict[str, object]
    layout: str
    language: str
    note: str = ""
