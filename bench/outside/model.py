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
    text: str


@dataclass
class Para:
    text: str
    italic: bool = False
    small: bool = False


@dataclass
class Fields:
    """Label/value pairs drawn in one `style`: inline, nocolon, table, stacked, leaders."""

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
    """A question and its options, each ticked or not; `mark` is glyph, bracket or xcol."""

    question: str
    options: list[tuple[str, bool]]
    mark: str = "glyph"


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
