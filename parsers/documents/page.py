"""One pass over a PDF: positioned lines of words, AcroForm values, signature fields and images.

The PDF is opened once with pdfplumber. Filled AcroForm fields are laid into the page text at their
widget positions (a checked box becomes "[X]"), so one label/value reader serves printed text,
tables and filled forms alike, whatever the form's field names are.
"""
from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text
from pdfplumber.utils.text import WordExtractor

MAX_PDF_BYTES = 20_000_000
MAX_PAGES = 200          # more than this: read the head and tail only, and say so
HEAD_PAGES, TAIL_PAGES = 100, 20
TIME_BUDGET_S = 20.0     # stop reading pages after this; the bounded runner has the hard limit
MAX_CHARS_PER_PAGE = 200_000


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    source: str = "text"  # "text", "field" (a form value) or "check" (a check box)


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
class PdfContent:
    data: bytes
    page_count: int = 0
    pages_read: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    fields: dict[str, str | bool] = field(default_factory=dict)
    sig_fields: list[SigField] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    page_widths: dict[int, float] = field(default_factory=dict)
    encrypted: bool = False
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


# --------------------------------------------------------------------------------------- fields
def _str(v: Any) -> str | None:
    v = resolve1(v)
    if v is None:
        return None
    if isinstance(v, PSLiteral):
        return str(v.name)
    if isinstance(v, bytes):
        try:
            return decode_text(v)
        except Exception:
            return v.decode("latin-1", "replace")
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        parts = [_str(x) for x in v]
        return ", ".join(p for p in parts if p)
    return None


def _inherited(d: dict[str, Any], key: str, depth: int = 0) -> Any:
    """A field attribute, looked up through /Parent as PDF fields inherit them."""
    if key in d:
        return resolve1(d[key])
    parent = resolve1(d.get("Parent")) if depth < 10 else None
    if isinstance(parent, dict):
        return _inherited(parent, key, depth + 1)
    return None


def _full_name(d: dict[str, Any]) -> str:
    parts: list[str] = []
    cur: Any = d
    for _ in range(10):
        if not isinstance(cur, dict):
            break
        t = _str(cur.get("T"))
        if t:
            parts.append(t)
        cur = resolve1(cur.get("Parent"))
    return ".".join(reversed(parts))


def _page_widgets(page: Any) -> list[tuple[dict[str, Any], tuple[float, float, float, float]]]:
    """The form widgets of a page with their boxes in pdfplumber's coordinates (top-down).

    Read from the page's /Annots with shallow resolution: pdfplumber's page.annots resolves every
    annotation deeply (appearance streams, the page itself), which costs a third of the whole
    reading of a form with a few dozen fields.
    """
    out: list[tuple[dict[str, Any], tuple[float, float, float, float]]] = []
    try:
        annots = resolve1(page.page_obj.annots) or []
    except Exception:
        return out
    if not isinstance(annots, list):
        return out
    rotation = int(getattr(page, "rotation", 0) or 0) % 360
    width, height = float(page.width), float(page.height)
    root_height = float(page.root_page.height) if hasattr(page, "root_page") else height

    def rotate(x: float, y: float) -> tuple[float, float]:
        turns = rotation // 90
        for i in range(turns):
            comp = width if i == turns % 2 else height
            x, y = y, comp - x
        return x, y

    for ref in annots[:2000]:
        try:
            d = resolve1(ref)
            if not isinstance(d, dict) or _str(d.get("Subtype")) != "Widget":
                continue
            rect = [float(resolve1(v)) for v in resolve1(d.get("Rect"))][:4]
            if len(rect) != 4:
                continue
        except Exception:
            continue
        ax, ay = rotate(rect[0], rect[1])
        bx, by = rotate(rect[2], rect[3])
        x0, x1 = min(ax, bx), max(ax, bx)
        y0, y1 = min(ay, by), max(ay, by)
        out.append((d, (x0, root_height - y1, x1, root_height - y0)))
    return out


def _widgets(page: Any, pno: int, content: PdfContent) -> list[Word]:
    """Form values of one page as positioned words; records /Sig fields on the way."""
    out: list[Word] = []
    for d, (x0, top, x1, bottom) in _page_widgets(page):
        ft = _str(_inherited(d, "FT"))
        name = _full_name(d)
        mid = (top + bottom) / 2
        if ft == "Sig":
            v = _inherited(d, "V")
            signed = isinstance(v, dict) and bool(v.get("Contents"))
            when = _str(v.get("M")) if isinstance(v, dict) else None
            content.sig_fields.append(SigField(pno, (x0, top, x1, bottom), name, signed, when))
            continue
        if ft == "Btn":
            flags = _inherited(d, "Ff") or 0
            if isinstance(flags, int) and flags & (1 << 16):  # push button
                continue
            state = _str(d.get("AS")) or _str(_inherited(d, "V")) or "Off"
            on = state not in ("Off", "")
            if name and (on or name not in content.fields):
                content.fields[name] = on
            out.append(Word("[X]" if on else "[ ]", x0, max(x1, x0 + 8), mid - 4, mid + 4, "check"))
            continue
        value = _str(_inherited(d, "V"))
        if name and value is not None:
            content.fields[name] = value
        if value and value.strip():
            rows = [r for r in re.split(r"[\r\n]+", value) if r.strip()]
            for i, row in enumerate(rows[:20]):
                t = mid - 5 + 11 * i if len(rows) == 1 else top + 2 + 11 * i
                out.append(Word(re.sub(r"\s+", " ", row).strip(), x0 + 2, x1, t, t + 10, "field"))
    return out


# ---------------------------------------------------------------------------------------- words
_WORDS = WordExtractor()  # pdfplumber's own word rules (x/y tolerance 3), as page.extract_words uses
Box = tuple[float, float, float, float]


def _page_objects(page: Any) -> tuple[list[dict[str, Any]], list[Box], list[Box]]:
    """(chars, image boxes, free-hand curve boxes) of a page, straight from its pdfminer layout.

    pdfplumber's page.chars converts every layout object into a dict of all its attributes
    (colours, paths, fonts), which costs as much as interpreting the page; the words need only
    text and position. Coordinates are pdfplumber's (top-down, MediaBox-adjusted).
    """
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)
    chars: list[dict[str, Any]] = []
    images: list[Box] = []
    curves: list[Box] = []
    stack = [iter(page.layout._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
            continue
        if isinstance(obj, LTContainer):
            if len(stack) < 50:
                stack.append(iter(obj._objs))
            continue
        if isinstance(obj, LTChar):
            top = height - obj.y1 + mb_top
            chars.append({"text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top,
                          "bottom": height - obj.y0 + mb_top, "doctop": top, "upright": obj.upright,
                          "size": obj.size})
        elif type(obj) is LTImage or (type(obj) is LTCurve and len(obj.pts or []) >= 3):
            box = (obj.x0 + mb_x0, height - obj.y1 + mb_top, obj.x1 + mb_x0, height - obj.y0 + mb_top)
            (images if type(obj) is LTImage else curves).append(box)
    return chars, images, curves


# ---------------------------------------------------------------------------------------- lines
def _build_lines(words: list[Word], pno: int) -> list[Line]:
    """Group words into lines by their vertical middle, then split lines at wide gaps."""
    words = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    rows: list[list[Word]] = []
    for w in words:
        mid = (w.top + w.bottom) / 2
        if rows:
            last = rows[-1]
            lmid = sum((x.top + x.bottom) / 2 for x in last) / len(last)
            h = max(3.0, min(w.bottom - w.top, last[0].bottom - last[0].top) * 0.45)
            if abs(mid - lmid) <= h:
                last.append(w)
                continue
        rows.append([w])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        segs: list[list[Word]] = [[row[0]]]
        for prev, w in zip(row, row[1:], strict=False):
            height = max(6.0, prev.bottom - prev.top)
            gap = w.x0 - prev.x1
            mixed = w.source != prev.source and "check" not in (w.source, prev.source)
            split = gap > max(9.0, 1.15 * height) or (mixed and gap > 3)
            if split:
                segs.append([w])
            else:
                segs[-1].append(w)
        lines.append(Line(pno, min(w.top for w in row), max(w.bottom for w in row),
                          [Segment(s) for s in segs]))
    return lines


def _pages_to_read(n: int) -> list[int]:
    if n <= MAX_PAGES:
        return list(range(n))
    return list(range(HEAD_PAGES)) + list(range(n - TAIL_PAGES, n))


def read_content(data: bytes) -> PdfContent:
    """Everything the document readers need, from one pdfplumber.open of the bytes."""
    content = PdfContent(data=data)
    if len(data) > MAX_PDF_BYTES:
        content.error = "too_large"
        content.notes.append(f"the PDF is {len(data) // 1_000_000} MB; at most "
                             f"{MAX_PDF_BYTES // 1_000_000} MB is read")
        return content
    started = time.monotonic()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types on hostile input
        if "Password" in repr(exc) or "Encrypt" in repr(exc):
            content.encrypted = True
            content.error = "encrypted"
        else:
            content.error = "unreadable"
            content.notes.append(f"the file could not be opened as a PDF ({type(exc).__name__})")
        return content
    try:
        with pdf:
            try:
                content.page_count = len(pdf.pages)
            except Exception as exc:
                content.error = "unreadable"
                content.notes.append(f"the page tree is broken ({type(exc).__name__})")
                return content
            if content.page_count > MAX_PAGES:
                content.notes.append(f"the PDF has {content.page_count} pages; only the first "
                                     f"{HEAD_PAGES} and last {TAIL_PAGES} were read")
            for i in _pages_to_read(content.page_count):
                if time.monotonic() - started > TIME_BUDGET_S:
                    content.notes.append(f"reading stopped after {TIME_BUDGET_S:.0f} s at page {i + 1}")
                    break
                try:
                    page = pdf.pages[i]
                    content.page_widths[i + 1] = float(page.width)
                    chars, images, curves = _page_objects(page)
                    if len(chars) > MAX_CHARS_PER_PAGE:
                        content.notes.append(f"page {i + 1} holds too much text; skipped")
                        continue
                    words = [Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]),
                                  float(w["bottom"])) for w in _WORDS.extract_words(chars)]
                    words += _widgets(page, i + 1, content)
                    content.images.extend(Image(i + 1, box) for box in images)
                    # free-hand drawings (a signature drawn with a pen tool is a vector curve)
                    content.images.extend(Image(i + 1, box, "curve") for box in curves[:500])
                except Exception as exc:
                    content.notes.append(f"page {i + 1} could not be read ({type(exc).__name__})")
                    continue
                content.pages_read.append(i + 1)
                if words:
                    content.lines.extend(_build_lines(words, i + 1))
                if hasattr(page, "close"):
                    page.close()
    except Exception as exc:
        content.error = content.error or "unreadable"
        content.notes.append(f"the PDF could not be read ({type(exc).__name__})")
    return content
