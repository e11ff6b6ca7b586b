"""The page model's types: positioned words, cells and lines, signature fields, images, disputes, and a PDF's
content as read. Plain data in a module of its own, so that page.py (which builds them), labels.py, ocr.py and
the readers import them without importing each other (issue 25: page, labels and ocr were a circle)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict


class PdfWidget(TypedDict, total=False):
    """A form field's widget annotation as pdfminer resolves it (PDF 32000-1 12.5.6.19 and 12.7.3): the keys
    the page model reads, each value a PDF object still to be resolved and narrowed where it is read."""

    Subtype: object  # /Widget
    Rect: object  # its box on the page
    FT: object  # the field's type: /Tx, /Btn, /Ch, /Sig (inherited through /Parent)
    T: object  # its partial name
    TU: object  # its tooltip
    V: object  # its value
    Ff: object  # its flags
    AS: object  # a check box's state
    AP: object  # its appearance streams
    Parent: object  # the field it belongs to


Inherited = Literal["FT", "V", "Ff", "TU"]  # the widget keys a field inherits through /Parent


class PdfBox(TypedDict):
    """Text and its box as pdfplumber's word rules read them (top-down coordinates, in points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    doctop: float
    upright: bool


class PdfChar(PdfBox):
    """One glyph of a page's text layer (built by page.py from pdfminer's layout): described once here, so a
    misspelt key is a type error."""

    size: float
    angle: int  # the direction its text runs in: 0, 90, 180 or 270 degrees counter-clockwise
    fontname: str
    matrix: NotRequired[tuple[float, ...]]  # its text rendering matrix, as pdfminer drew it (invisible.py)


class PdfGlyphs(PdfBox):
    """Glyphs merged into one word by pdfplumber's `WordExtractor.merge_chars`: its text and box."""

    height: float
    width: float
    direction: str


class PdfWord(PdfGlyphs):
    """A word pdfplumber's `extract_words(..., return_chars=True)` found, with its glyphs."""

    chars: list[PdfChar]


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    source: str = "text"  # "text", "field" (a form value) or "check" (a check box)
    run: float | None = None  # where its text run starts, when that run is drawn over another one
    bold: bool = False  # every glyph in a bold face (headings are set so; a form reader may ask)
    opens_cell: bool = False  # a label taken apart from the value set against it: a cell of its own
    face: str = ""  # its font's name and size ("C059Italic 10.0"; "" when unknown): a value's rest is set alike
    break_at: int | None = None  # joined from two lines at this letter of its text, in an address's domain, where
    # a hyphen may have stood (Chromium prints none at such a break): see form.py `_hyphen_at_breaks`
    comb: float = 0.0  # the pitch of its boxes when written one character a box (combs.py), else 0

    @property
    def size(self) -> float | None:
        """The size its face is set in ("C059Bold 12.5" -> 12.5); None when the page did not tell."""
        try:
            size = float(self.face.rsplit(" ", 1)[-1]) if self.face else 0.0
        except ValueError:
            return None
        return size if size > 0 else None


@dataclass
class Segment:
    """Words of one line that sit close together: a cell, a label, a value."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    segments: list[Segment]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0


@dataclass
class SigField:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    name: str
    signed: bool            # has a signature value
    signing_time: str | None = None


@dataclass
class Image:
    """A picture or a free-hand vector drawing on a page."""

    page: int
    bbox: tuple[float, float, float, float]
    kind: str = "image"


@dataclass
class Dispute:
    """Two readings of the same thing that disagree: what the reading uses against what else the page says.

    how: "ocr" (a suspect text layer against the page's picture read by OCR; `other` is None when OCR
    could not be run), "appearance" (a form field's value against the text its appearance draws) or
    "mark" (a drawn mark that lies on more than one check box, or a lone sign that does not decode where a
    check box may be)."""

    page: int
    shown: str
    other: str | None
    how: str


@dataclass
class PdfContent:
    data: bytes
    page_count: int = 0
    pages_read: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    fields: dict[str, str | bool] = field(default_factory=dict)
    sig_fields: list[SigField] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    rules: list[Image] = field(default_factory=list)  # horizontal rules drawn on the pages (kind "rule")
    page_widths: dict[int, float] = field(default_factory=dict)
    encrypted: bool = False
    broken_pages: list[int] = field(default_factory=list)  # text layers that do not decode
    ocr_pages: list[int] = field(default_factory=list)     # pages read by OCR
    layer_pages: list[int] = field(default_factory=list)   # of those, pages whose glyphs lent OCR their layout
    ocr_confidence: list[float] = field(default_factory=list)  # Tesseract's mean word confidence, per page
    ocr_seconds: list[float] = field(default_factory=list)
    # a lying layer's glyphs as decoded on a page OCR read: (font, layer text) -> (letters, width per point of
    # size); a later page set in the same fonts is decoded with them (ocr_layer.learnt, known)
    layer_letters: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)
    suspect_pages: list[int] = field(default_factory=list)  # text layers that may lie, read twice
    disputes: list[Dispute] = field(default_factory=list)   # where two readings disagree
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # limits hit while reading

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    def page_lines(self, page: int) -> list[Line]:
        return [ln for ln in self.lines if ln.page == page]

    @property
    def has_text(self) -> bool:
        return any(re.search(r"\w\w", ln.text) for ln in self.lines)


# one word as Tesseract read it, in the picture's pixels: its line (block, paragraph, line), text, x0, x1, top,
# bottom, confidence 0-100 (ocr.py, dark_bands.py, ocr_layer.py)
OcrRead = tuple[tuple[Any, ...], str, float, float, float, float, float]
