"""One pass over a PDF: positioned lines of words, AcroForm values, signature fields and images.

The PDF is opened once with pdfplumber. Filled AcroForm fields are laid into the page text at their
widget positions (a checked box becomes "[X]"), so one label/value reader serves printed text,
tables and filled forms alike, whatever the form's field names are.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, cast

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTRect
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from .. import budget
from .combs import join_rows
from .glued import SizedWords, apart, bold_face, words_of
from .glyph_marks import read_by_ink
from .glyphs import ghostscript_producer, glyph_text, may_be_ghostscript_ligature, unmapped
from .invisible import glyph_key, hidden_glyphs, mostly_hidden
from .page_types import Dispute, Image, Inherited, Line, PdfChar, PdfContent, PdfWidget, Segment, SigField, Word
from .round_controls import MAX_SIDE, MIN_POINTS, MIN_SIDE, Round, drawn_controls, inked
from .ruled_rows import join_ruled_rows
from .wraps import join_wrapped, one_mono_space

# the page model's types live in page_types.py; they are named here too for the readers that import them from here
__all__ = ["MAX_PDF_BYTES", "Dispute", "Image", "Line", "PdfContent", "Segment", "SigField", "Word", "bold_face",
           "broken_text", "garbled", "read_content", "suspect_text", "text_words"]

MAX_PDF_BYTES = 20_000_000
# pages, objects, images and inflated bytes per PDF: parsers/budget.py ([limits] in the configuration)
TIME_BUDGET_S = 20.0     # stop reading pages after this; the bounded runner has the hard limit
MAX_CHARS_PER_PAGE = 200_000
RULE_MIN, RULE_THICK = 15.0, 2.5  # a rule: a line or a filled bar at least this long and at most this thick


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


def _widget(obj: object) -> PdfWidget | None:
    """A resolved PDF dictionary read as a widget (pdfminer gives a plain dict: any name, any object)."""
    return cast(PdfWidget, obj) if isinstance(obj, dict) else None


def _inherited(d: PdfWidget, key: Inherited, depth: int = 0) -> Any:
    """A field attribute, looked up through /Parent as PDF fields inherit them."""
    if key in d:
        return resolve1(d[key])
    parent = _widget(resolve1(d.get("Parent"))) if depth < 10 else None
    if parent is not None:
        return _inherited(parent, key, depth + 1)
    return None


def _full_name(d: PdfWidget) -> str:
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


def _page_widgets(page: Any) -> list[tuple[PdfWidget, Box]]:
    """The form widgets of a page with their boxes in pdfplumber's coordinates (top-down).

    Read from the page's /Annots with shallow resolution: pdfplumber's page.annots resolves every
    annotation deeply (appearance streams, the page itself), which costs a third of the whole
    reading of a form with a few dozen fields.
    """
    out: list[tuple[PdfWidget, Box]] = []
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
            d = _widget(resolve1(ref))
            if d is None or _str(d.get("Subtype")) != "Widget":
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


def _overlap(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _widgets(page: Any, pno: int, content: PdfContent, turn: Any = None) -> list[Word]:
    """Form values of one page as positioned words; records /Sig fields on the way."""
    out: list[Word] = []
    for d, box in _page_widgets(page):
        x0, top, x1, bottom = turn(box) if turn else box
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
            shown = _appearance_text(d)
            if shown and _skeleton(value) and _skeleton(shown) and _skeleton(shown) != _skeleton(value):
                content.disputes.append(Dispute(pno, re.sub(r"\s+", " ", value).strip(), shown, "appearance"))
        if value and value.strip():
            rows = [r for r in re.split(r"[\r\n]+", value) if r.strip()]
            for i, row in enumerate(rows[:20]):
                t = mid - 5 + 11 * i if len(rows) == 1 else top + 2 + 11 * i
                out.append(Word(re.sub(r"\s+", " ", row).strip(), x0 + 2, x1, t, t + 10, "field"))
            # what the field is, for a field with no printed label: its tooltip, else a telling name
            tip = _str(_inherited(d, "TU")) or _telling_name(name)
            if tip and len(tip) < 60:
                t = mid - 5 if len(rows) == 1 else top + 2
                out.append(Word(tip.strip().rstrip(":") + ":", x0 - 1, x0 - 0.5, t, t + 10, "tip"))
    return out


_PDF_STRING = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>(?!>)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(m: re.Match[bytes]) -> bytes:
    """One escape of a PDF literal string: \\n, \\(, \\ddd (octal)."""
    e = m.group(1)
    if e[:1].isdigit():
        return bytes([int(e, 8) & 0xFF])
    return _ESCAPES.get(e, e)


def _appearance_text(d: PdfWidget) -> str | None:
    """The text a text field's appearance stream draws (what a viewer shows and a printer prints), or None
    when there is none to compare or it cannot be told without the font (two-byte codes)."""
    try:
        ap = resolve1(d.get("AP"))
        normal = resolve1(ap.get("N")) if isinstance(ap, dict) else None
        if normal is None or isinstance(normal, dict) or not hasattr(normal, "get_data"):
            return None
        data = normal.get_data()
    except Exception:  # noqa: BLE001 - a broken appearance is no second reading, not an error
        return None
    if not data or len(data) > 100_000:
        return None
    parts: list[bytes] = []
    for block in re.findall(rb"\bBT\b(.*?)\bET\b", data, re.S)[:50]:
        for m in _PDF_STRING.finditer(block):
            tok = m.group(0)
            if tok.startswith(b"<"):
                hexed = re.sub(rb"\s", b"", tok[1:-1])
                parts.append(bytes.fromhex((hexed + b"0" * (len(hexed) % 2)).decode()))
            else:
                parts.append(re.sub(rb"\\([0-7]{1,3}|.)", _unescape, tok[1:-1], flags=re.S))
    raw = b" ".join(parts)
    if not raw.strip() or b"\x00" in raw:
        return None
    return re.sub(r"\s+", " ", raw.decode("latin-1")).strip()


def _skeleton(text: str) -> str:
    """The ASCII letters and digits of a text, lower-cased: what two encodings of the same words share
    (a font's own encoding may draw "Æ" from a byte that reads "á" in another)."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _telling_name(name: str) -> str:
    """A field's own name when it is a label the vocabulary knows ("cvr_nummer", "Email"), else ""."""
    from .labels import label_of  # local: only a filled form's field names need the label vocabulary

    last = re.sub(r"[_.]+", " ", name.rsplit(".", 1)[-1]).strip()
    hit = label_of(last) if last and not re.search(r"\d", last) else None
    return last if hit is not None and not hit[1] else ""


def _on_text_rows(words: list[Word]) -> list[Word]:
    """Form values (a field's value, its tooltip, a check box) set on the row of printed text they stand in.
    A word processor anchors a control as a character, its box centred on the text's baseline, not on the
    letters: laid at the box's middle, the value would stand half a line below its own label ("Lærke Skovbo"
    under "(navn)") and be read as a line of its own. The value takes the height of the nearest printed
    word beside it on that row (its middle within 6.5 pt of the box's), so label and value make one line."""
    text = [w for w in words if w.source == "text"]
    out = []
    for w in words:
        if w.source not in ("field", "tip", "check"):
            out.append(w)
            continue
        mid = (w.top + w.bottom) / 2
        beside = [(max(w.x0 - t.x1, t.x0 - w.x1), t) for t in text
                  if 0.5 < abs((t.top + t.bottom) / 2 - mid) < 6.5 and (t.x1 <= w.x0 + 2 or t.x0 >= w.x1 - 2)]
        near = min(((gap, t) for gap, t in beside if gap < 300), default=None, key=lambda g: g[0])
        if near is None or any(abs((t.top + t.bottom) / 2 - mid) <= 0.5 and (t.x1 <= w.x0 + 2 or t.x0 >= w.x1 - 2)
                               and max(w.x0 - t.x1, t.x0 - w.x1) <= near[0] for t in text):
            out.append(w)  # no printed row beside it, or one already at its own height nearer
            continue
        t = near[1]
        out.append(replace(w, top=t.top, bottom=t.bottom))
    return out


def _tips(words: list[Word]) -> list[Word]:
    """Words without the tooltips of fields that have a printed label of their own to the left."""
    text = [w for w in words if w.source == "text"]
    out = []
    for w in words:
        if w.source != "tip":
            out.append(w)
            continue
        mid = (w.top + w.bottom) / 2
        labelled = any(abs((t.top + t.bottom) / 2 - mid) < 6 and w.x0 - 260 < t.x1 <= w.x1 + 2 for t in text)
        above = any(0 < mid - (t.top + t.bottom) / 2 < 24 and abs(t.x0 - w.x0) < 12 for t in text)
        if not labelled and not above:
            out.append(Word(w.text, w.x0 - 4 * len(w.text), w.x0 - 2, w.top, w.bottom, "text"))
    return out


# ---------------------------------------------------------------------------------------- words
# pdfplumber's own word rules (x/y tolerance 3), as page.extract_words uses, with a word gap no wider than small type's
# space (glued.SizedWords)
_WORDS = SizedWords()
Box = tuple[float, float, float, float]
# ZapfDingbats (the font of check marks in form appearances) has no Unicode map: its letters stand for
# marks. "4"/"3" are ticks, "8"/"7" crosses, "l"/"n"/"u" filled shapes; "o"-"r" empty boxes.
_DINGBATS = {"4": "✔", "3": "✓", "8": "✘", "7": "✗", "l": "●", "n": "■", "u": "◆", "H": "★",
             "o": "☐", "p": "☐", "q": "☐", "r": "☐"}

# Wingdings glyphs that Word's Unicode maps put in the private-use area (U+F000 + the font's code): boxes,
# crossed boxes and ticks; the rest of U+F0xx (bullets, arrows) are symbol-font pictures drawn as meant
_SYMBOL_BOXES = {"\uf0fe": "☒", "\uf0fd": "☒", "\uf078": "☒", "\uf0a8": "☐", "\uf06f": "☐", "\uf071": "☐",
                 "\uf0fc": "✔", "\uf0fb": "✘"}


@dataclass
class PageObjects:
    chars: list[PdfChar]
    images: list[Box]
    curves: list[Box]
    boxes: list[Box]                       # small squares: check boxes drawn as vector graphics
    strokes: list[Box]                     # short lines and curves: crosses and ticks drawn in them
    turn: int = 0                          # degrees the text was turned to read it upright
    size: tuple[float, float] = (0.0, 0.0)  # the page's width and height as read (after turning)
    rules: list[Box] = field(default_factory=list)  # horizontal rules: a table's row borders, a field's line
    rounds: list[Round] = field(default_factory=list)  # round paths: a browser's radio buttons and check boxes
    column_rules: list[Box] = field(default_factory=list)  # vertical rules: a table's drawn column edges


def _angle(matrix: tuple[float, ...]) -> int:
    """The direction text runs in (0, 90, 180 or 270 degrees counter-clockwise) from a char's matrix."""
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b > 0 else 270


def _turner(turn: int, width: float, height: float) -> Any:
    """A function mapping a top-down box on the page to the box on the page turned upright."""
    def f(box: Box) -> Box:
        x0, top, x1, bottom = box
        if turn == 90:
            pts = [(height - top, x0), (height - bottom, x1)]
        elif turn == 180:
            pts = [(width - x0, height - top), (width - x1, height - bottom)]
        elif turn == 270:
            pts = [(top, width - x0), (bottom, width - x1)]
        else:
            return box
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))
    return f


def _page_objects(page: Any) -> PageObjects:
    """Chars, images, free-hand curves and drawn check boxes of a page, from its pdfminer layout.

    pdfplumber's page.chars converts every layout object into a dict of all its attributes
    (colours, paths, fonts), which costs as much as interpreting the page; the words need only
    text and position. Coordinates are pdfplumber's (top-down, MediaBox-adjusted). A page whose
    text runs sideways or upside down (a /Rotate on a page drawn upright, a scan turned by a
    printer driver) is turned so that its text reads left to right.
    """
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    height, width = float(page.height), float(page.width)
    chars: list[PdfChar] = []
    images: list[Box] = []
    curves: list[Box] = []
    boxes: list[Box] = []
    strokes: list[Box] = []
    rules: list[Box] = []
    rounds: list[Round] = []
    angles = {0: 0, 90: 0, 180: 0, 270: 0}
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
        box = (obj.x0 + mb_x0, height - obj.y1 + mb_top, obj.x1 + mb_x0, height - obj.y0 + mb_top)
        if isinstance(obj, LTChar):
            text = glyph_text(obj.get_text())  # a ligature whose Unicode map a rewriter spelt backwards
            if "Dingbat" in (obj.fontname or "") and text in _DINGBATS:
                text = _DINGBATS[text]
            elif text in _SYMBOL_BOXES:  # Wingdings' boxes and ticks, as Word maps them (U+F0xx)
                text = _SYMBOL_BOXES[text]
            angle = _angle(obj.matrix)
            angles[angle] += 1
            chars.append({"text": text, "x0": box[0], "x1": box[2], "top": box[1], "bottom": box[3],
                          "doctop": box[1], "upright": angle == 0, "size": obj.size, "angle": angle,
                          "fontname": obj.fontname or "", "matrix": tuple(obj.matrix)})
        elif type(obj) is LTImage:
            images.append(box)
        elif isinstance(obj, LTCurve):
            w, h = obj.x1 - obj.x0, obj.y1 - obj.y0
            if (w >= RULE_MIN and h <= RULE_THICK or h >= RULE_MIN and w <= RULE_THICK) and len(rules) < 5000:
                rules.append(box)  # a rule either way: which are horizontal is known once the page is upright
            if type(obj) is LTRect or _is_square(obj.pts or []):
                if 4 <= w <= 24 and 4 <= h <= 24 and abs(w - h) <= 0.35 * max(w, h):
                    boxes.append(box)
                continue
            if (len(obj.pts or []) >= MIN_POINTS and MIN_SIDE <= max(w, h) <= MAX_SIDE and len(rounds) < 2000
                    and type(obj) is not LTRect):
                rounds.append(Round(box, bool(obj.fill) and inked(obj.non_stroking_color), bool(obj.stroke)))
            if max(w, h) <= 30 and len(strokes) < 5000:
                strokes.append(box)
            if type(obj) is LTCurve and len(obj.pts or []) >= 3:
                curves.append(box)
    boxes += _ruled_squares(strokes)
    turn = max(angles, key=lambda k: angles[k]) if chars else 0
    size = (height, width) if turn in (90, 270) else (width, height)
    if turn:
        f = _turner(turn, width, height)
        for c in chars:
            c["x0"], c["top"], c["x1"], c["bottom"] = f((c["x0"], c["top"], c["x1"], c["bottom"]))
            c["doctop"] = c["top"]
            c["upright"] = c["angle"] == turn
        images, curves, boxes, strokes, rules = ([f(b) for b in lst] for lst in (images, curves, boxes, strokes, rules))
        rounds = [Round(f(r.box), r.inked, r.stroked) for r in rounds]
    column_rules = [b for b in rules if b[2] - b[0] <= RULE_THICK and b[3] - b[1] >= RULE_MIN]
    rules = [b for b in rules if b[3] - b[1] <= RULE_THICK]
    return PageObjects(chars, images, curves, boxes, strokes, turn, size, rules, rounds, column_rules)


def _ruled_squares(strokes: list[Box]) -> list[Box]:
    """Check boxes drawn as four thin rules (TeX's \\fbox round a mark or round nothing): two level rules of one
    width (4 to 24 points), one above the other at least 0.4 times as far apart as they are wide, joined by
    upright rules at both ends."""
    level = [s for s in strokes if s[3] - s[1] <= 1.5 and 4 <= s[2] - s[0] <= 24]
    upright = [s for s in strokes if s[2] - s[0] <= 1.5 and 4 <= s[3] - s[1] <= 24]
    if not level or not upright or len(level) > 400:
        return []
    out: list[Box] = []
    for a in level:
        for b in level:
            if b[1] <= a[1] + 2 or abs(a[0] - b[0]) > 1 or abs(a[2] - b[2]) > 1:
                continue
            x0, top, x1, bottom = min(a[0], b[0]), a[1], max(a[2], b[2]), b[3]
            if min(x1 - x0, bottom - top) < 0.4 * max(x1 - x0, bottom - top):
                continue  # a box round an empty mark is as high as TeX's strut: squat, yet no rule of a table

            def edge(x: float, top: float = top, bottom: float = bottom) -> bool:
                return any(abs(v[0] - x) <= 1.5 and v[1] <= top + 1.5 and v[3] >= bottom - 1.5 for v in upright)

            if edge(x0) and (edge(x1) or edge(x1 - 1)):
                out.append((x0, top, x1, bottom))
    return out


def _is_square(pts: list[tuple[float, float]]) -> bool:
    """A closed path of four corners drawn as lines (a box drawn without the rectangle operator, or a
    rectangle re-drawn inside a form's flattened appearance: "re" with its closing point repeated)."""
    if not 4 <= len(pts) <= 6:
        return False
    xs = {round(x) for x, _ in pts}
    ys = {round(y) for _, y in pts}
    return len(xs) <= 2 and len(ys) <= 2


def _boxes(found: list[Box]) -> list[Box]:
    """Drawn check boxes, one per box: a box's fill and its outline (a flattened form draws both, a
    point apart) are one box."""
    out: list[Box] = []
    for b in sorted(found, key=lambda b: (b[1], b[0])):
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        same = next((i for i, o in enumerate(out) if o[0] - 1 <= cx <= o[2] + 1 and o[1] - 1 <= cy <= o[3] + 1
                     and abs((o[2] - o[0]) - (b[2] - b[0])) <= 0.35 * (o[2] - o[0])), None)
        if same is None:
            out.append(b)
        else:
            o = out[same]
            out[same] = (min(o[0], b[0]), min(o[1], b[1]), max(o[2], b[2]), max(o[3], b[3]))
    return out


def _area(b: Box) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _shared(a: Box, b: Box) -> float:
    """The area two boxes share."""
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _centred_in(c: PdfChar, bx: Box) -> bool:
    """A character whose middle lies inside the box."""
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return bx[0] <= cx <= bx[2] and bx[1] <= cy <= bx[3]


def _drawn_checks(objs: PageObjects, pno: int = 0, disputes: list[Dispute] | None = None) -> list[Word]:
    """Check boxes drawn as vector graphics (a flattened or printed form), each as "[X]" or "[ ]".

    A mark (a stroke: a cross, a tick, a filled shape; or a mark character) belongs to the box it lies in,
    or to the one box it mostly overlaps; a mark lying across two boxes of a line is told to the reading
    as ambiguous (a dispute) and ticks neither. Mark characters in a box are removed from the text so
    they are not read as words.
    """
    out: list[Word] = []
    marks = set("xX✓✔✗✘●■◆★☒☑✕✖×")
    boxes = _boxes(objs.boxes[:800])[:400]
    ticked: set[int] = set()
    for s in objs.strokes:
        w, h = s[2] - s[0], s[3] - s[1]
        near = [(i, _shared(s, b)) for i, b in enumerate(boxes) if _shared(s, b) > 0]
        if not near:
            continue
        near.sort(key=lambda t: -t[1])
        i, most = near[0]
        side = max(boxes[i][2] - boxes[i][0], boxes[i][3] - boxes[i][1])
        if w < 0.4 * side or h < 0.3 * side:
            continue  # a dot, a hyphen or a rule passing by: no mark
        if len(near) > 1 and near[1][1] >= 0.5 * most:
            if disputes is not None:
                disputes.append(Dispute(pno, "", None, "mark"))
            continue
        if most >= 0.5 * _area(s) or _shared(s, boxes[i]) >= 0.5 * _area(boxes[i]):
            ticked.add(i)
    for i, bx in enumerate(boxes):
        x0, top, x1, bottom = bx

        def inside(b: Box, bx: Box = bx) -> bool:
            """Within the box; or a mark glyph whose font box is taller than the box (a cross set in the box
            by CSS, its ascent and descent above and below it) centred in it."""
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            return (b[0] >= bx[0] - 2 and b[2] <= bx[2] + 2 and b[1] >= bx[1] - 2 and b[3] <= bx[3] + 2) or (
                bx[0] <= cx <= bx[2] and bx[1] <= cy <= bx[3] and b[2] - b[0] <= 1.5 * (bx[2] - bx[0]))

        if i not in ticked and any(c["text"].isalnum() and c["text"] not in marks and _centred_in(c, bx)
                                   for c in objs.chars):
            continue  # a comb's cell round one letter or digit of a value ("2 8 0 0" in four boxes): no check box
        marked = [c for c in objs.chars if c["text"] in marks and inside((c["x0"], c["top"], c["x1"], c["bottom"]))]
        for c in marked:
            c["text"] = ""
        mid = (top + bottom) / 2
        out.append(Word("[X]" if i in ticked or marked else "[ ]", x0, max(x1, x0 + 8), mid - 4, mid + 4, "check"))
    return out


_COMMON = frozenset("""og i at er en et det der til på med for af som den de ikke har vil kan skal om eller fra ved
efter denne dette aftale parten parterne navn dato adresse skema side the and of to in for is on with by that this be
are as at or an from agreement party name date address form page not shall will all any
och av för till på som att är ett namn adress datum från avtal avtalet sida eller
til navn dato fra etter avtale avtalen partene
und der die das mit von für zu ist oder vertrag seite
kontaktperson telefon postnummer organisation organisasjon epost mobil""".split())
# Swedish, Norwegian and German words too: a foreign party's form in its own words decodes as well as ours.
# Words are compared folded (vocabulary.fold: "på" is "paa", "för" "for")


def broken_text(chars: list[PdfChar]) -> bool:
    """A text layer that does not decode: (cid:N) glyphs, replacement or private-use characters, or
    words of which almost none is a word of either language (a font whose Unicode map is wrong)."""
    if not chars:
        return False
    bad = sum(1 for c in chars if c["text"].startswith("(cid:") or c["text"] in ("\ufffd", "")
              or any(0xE000 <= ord(ch) <= 0xF8FF or (ord(ch) < 32 and ch not in "\t\n") for ch in c["text"]))
    if bad > 0.25 * len(chars):
        return True
    text = _spaced(chars)
    from .vocabulary import fold  # local: vocabulary loads its data lazily
    words = [fold(w) for w in re.findall(r"[^\W\d_]{2,}", text)]
    if len(words) < 40:
        return False
    known = sum(1 for w in words if w in _common_folded())
    return known < 0.03 * len(words)


def _spaced(chars: list[PdfChar]) -> str:
    """The glyphs' text with a space where one glyph stands apart from the last or on another line: a PDF
    writer that draws no space glyphs (Ghostscript's pdfwrite positions each word) otherwise runs a page's
    words together into words of no language, and a good text layer was taken for a broken one."""
    out: list[str] = []
    prev: PdfChar | None = None
    for c in chars:
        size = c["size"] or 10.0
        if prev is not None and (abs(c["top"] - prev["top"]) > 0.5 * size or c["x0"] - prev["x1"] > 0.15 * size):
            out.append(" ")
        out.append(c["text"] or " ")
        prev = c
    return "".join(out)


@functools.cache
def _common_folded() -> frozenset[str]:
    """_COMMON as words are compared: folded, computed once."""
    from .vocabulary import fold
    return frozenset(fold(w) for w in _COMMON) | _COMMON


def _runs(chars: list[PdfChar]) -> list[list[PdfChar]]:
    """The text runs of a page: chars in drawing order, broken where the pen goes back or leaves the
    baseline, or the font or its size changes (a value typed into a field over its label is a run of
    its own, drawn after the label). Back means by more than 0.6 of a glyph, or more than a kerning pair
    draws one back (0.15 em at most in the usual faces: "P," "AV"), from a quarter em: a sheet's next cell
    drawn over the address overrunning its own."""
    runs: list[list[PdfChar]] = []
    cur: list[PdfChar] = []
    for c in chars:
        if cur:
            p = cur[-1]
            size = max(1.0, float(p["size"] or 0), float(c["size"] or 0))
            width = max(0.5, min(c["x1"] - c["x0"], p["x1"] - p["x0"]))
            if (abs(c["bottom"] - p["bottom"]) > 0.3 * size or c["x0"] < p["x1"] - min(0.6 * width, 0.25 * size)
                    or c["x0"] - p["x1"] > 2.5 * size or c["fontname"] != p["fontname"]
                    or abs(float(c["size"] or 0) - float(p["size"] or 0)) > 0.5):
                runs.append(cur)
                cur = []
        cur.append(c)
    if cur:
        runs.append(cur)
    return runs


def _collide(a: list[PdfChar], b: list[PdfChar]) -> bool:
    """Whether a glyph of one run stands on a glyph of the other (their boxes cross by more than a
    sliver), as a label and the value typed over it do; a box or a word set in the gap between two
    words of a longer run does not."""
    xs = sorted((float(c["x0"]), float(c["x1"])) for c in b if c["text"].strip())
    starts = [x0 for x0, _ in xs]
    for c in a:
        if not c["text"].strip():
            continue
        x0, x1 = float(c["x0"]), float(c["x1"])
        need = max(1.0, 0.3 * min(x1 - x0, 8.0))
        i = bisect.bisect_left(starts, x1)
        for j in range(max(0, i - 8), i):  # the glyphs of `b` that start before this one ends
            if min(x1, xs[j][1]) - max(x0, xs[j][0]) > need:
                return True
    return False


def _overprinted(runs: list[list[PdfChar]]) -> set[int]:
    """Indices of runs drawn over another run on the same baseline, glyph on glyph, whose characters a
    left-to-right reading would interleave ("Navn (blokbogstSaøverer)n"). A run whose x range only spans
    another's (a box drawn in a fallback font between the words of a line) is not one: its words take
    their place by x like any others."""
    out: set[int] = set()
    buckets: dict[int, list[tuple[float, float, float, float, int]]] = {}
    for k, r in enumerate(runs):
        span = (min(c["x0"] for c in r), max(c["x1"] for c in r), min(c["top"] for c in r),
                max(c["bottom"] for c in r), k)
        key = int(span[3] // 4)
        # runs on (about) the same baseline only; a small footer under a value set larger stands 4 to 8 pt
        # higher at its foot, yet half of its height lies on the value's ("Questions: sdn-support@…" over a name)
        for near in range(key - 3, key + 4):
            for a in buckets.get(near, ()):
                overlap_v = min(span[3], a[3]) - max(span[2], a[2])
                if (min(span[1], a[1]) - max(span[0], a[0]) > 1.0
                        and overlap_v > 0.5 * min(span[3] - span[2], a[3] - a[2])
                        and _collide(r, runs[a[4]])):
                    out.update((k, a[4]))
        buckets.setdefault(key, []).append(span)
    return out


def note_marks(chars: list[PdfChar]) -> set[int]:
    """Indexes of the glyphs that are footnote marks: one or two digits (or a star) set smaller and raised right
    after a word's last glyph ("number?¹", "(CIDR)²"). They call a note, they are no letter of the word:
    read with it, a question no longer ends in its question mark and a value gains a digit."""
    marks: set[int] = set()
    k = 1
    while k < len(chars):
        prev, c = chars[k - 1], chars[k]
        two = k + 1 < len(chars) and str(chars[k + 1]["text"]).isdigit() \
            and abs(chars[k + 1]["bottom"] - c["bottom"]) < 0.5 and 0 <= chars[k + 1]["x0"] - c["x1"] < 1
        run = 2 if two else 1
        text = "".join(str(chars[k + j]["text"]) for j in range(run))
        size, psize = float(c["size"] or 0), float(prev["size"] or 0)
        if (re.fullmatch(r"\d{1,2}|\*", text) and str(prev["text"]).strip()
                and psize > 0 and size <= 0.85 * psize and -0.5 < c["x0"] - prev["x1"] < 0.15 * psize
                and c["bottom"] <= prev["bottom"] - 0.2 * psize and c["top"] >= prev["top"] - 0.6 * psize):
            after = chars[k + run] if k + run < len(chars) else None
            if after is None or str(after["text"]).isspace() or after["x0"] - chars[k + run - 1]["x1"] > 0.1 * psize \
                    or abs(after["bottom"] - c["bottom"]) > 0.2 * psize:
                marks.update(range(k, k + run))  # nothing set against the mark at its height: it ends the word
                k += run
                continue
        k += 1
    return marks


LIGATURE_WIDTH = 0.55  # of the font size: about an "fi" or "fl" ligature's advance in the usual text faces


def _unwidthed(chars: list[PdfChar]) -> list[PdfChar]:
    """The glyphs with a ligature the font gives no width ("fi" of width 0, as groff's gropdf writes some) set
    its width: the glyphs drawn after it up to the writer's next explicit position stand too far left by it,
    and at that position a gap opens inside the word ("Sofie V estergaard"). Those glyphs are moved right by an
    estimated width; the writer's next position is where they end: a gap of about that width between two
    letters, or a jump wider than a column's gutter. A justified line's wider spaces lie between, after a
    space ("filial af sv ensk": the gap opened two words on)."""
    def widthless(c: PdfChar) -> bool:
        return c["x1"] - c["x0"] <= 0.01 and len(str(c["text"])) > 1 and str(c["text"]).isalpha()

    def width(c: PdfChar) -> float:
        return LIGATURE_WIDTH * float(c["size"] or 10.0) * len(str(c["text"])) / 2

    if not any(widthless(c) for c in chars):
        return chars
    out = [c.copy() for c in chars]
    k = 0
    while k < len(out):
        c = out[k]
        if not widthless(c):
            k += 1
            continue
        shift = width(c)
        c["x1"] = c["x0"] + shift
        k += 1
        while k < len(out) and abs(out[k]["bottom"] - c["bottom"]) < 0.5:
            gap = chars[k]["x0"] - chars[k - 1]["x1"]  # as the writer drew them
            after_space = not str(out[k - 1]["text"]).strip()
            if gap > 3 * shift or gap < -2.0 or gap >= 0.5 * shift and not after_space:
                break  # the writer's own position again (or another cell's)
            out[k]["x0"] += shift
            out[k]["x1"] += shift
            if widthless(chars[k]):  # another one before the writer's position: the glyphs after it lag by both
                out[k]["x1"] += width(chars[k])
                shift += width(chars[k])
            k += 1
    return out


def text_words(chars: list[PdfChar]) -> list[Word]:
    """Words of a page's text layer with pdfplumber's word rules, each text run drawn over another
    kept apart, so that a label and the value drawn on top of it stay two strings; a word that is two
    pieces set against each other (a value and the next cell's label, leaders and a value) is split.
    Footnote marks are left out (`note_marks`)."""
    chars = _unwidthed(chars)
    marks = note_marks(chars)
    if marks:
        chars = [c for k, c in enumerate(chars) if k not in marks]
    runs = _runs(chars) if len(chars) < 50_000 else [chars]
    over = _overprinted(runs) if len(runs) > 1 else set()
    plain = [c for k, r in enumerate(runs) if k not in over for c in r]
    found = words_of(_WORDS, plain) if plain else []
    words = [part for k, w in enumerate(found)
             for part in apart(w, found[k + 1:k + 6], before=found[k - 1] if k else None)]
    seen: list[tuple[str, float, float]] = []
    for k in sorted(over):
        run = runs[k]
        text = "".join(c["text"] for c in run)
        x0, top = min(c["x0"] for c in run), min(c["top"] for c in run)
        if any(t == text and abs(x - x0) < 2 and abs(y - top) < 2 for t, x, y in seen):
            continue  # the same text drawn twice (a bold faked by overprinting)
        seen.append((text, x0, top))
        found = words_of(_WORDS, run)
        words += [part for k, w in enumerate(found)
                  for part in apart(w, found[k + 1:k + 6], run=x0, before=found[k - 1] if k else None)]
    return words


# the letters of Danish and English text, and of the names they carry most often; any other letter in a
# text layer is a reason to look at the page itself (a font whose Unicode map lies reads "ø" as "ù")
_USUAL_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzæøåéüöäﬀﬁﬂﬃﬄﬅﬆ")  # and the ligatures fonts draw


def _odd(text: str) -> bool:
    """A word no Danish or English text holds: a glyph code, a private-use, control or replacement
    character, or a letter outside the usual ones."""
    return garbled(text) or any(ch.isalpha() and ch.lower() not in _USUAL_LETTERS for ch in text)


def garbled(text: str) -> bool:
    """Text holding glyph codes or characters no text is written with: "(cid:12)", private-use, control
    or replacement characters."""
    return "(cid:" in text or any(0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n")
                                  for ch in text)


# symbol fonts' glyphs (U+F000-F0FF: bullets, arrows) are no sign of a lying text layer
_GARBLED_ON_PAGE = re.compile(r"\(cid:|[\ue000-\uefff\uf100-\uf8ff\ufffd\x00-\x08\x0b-\x1f]")
_ODD_LETTER = re.compile(r"[^\W\d_a-zæøåéüöäA-ZÆØÅÉÜÖÄﬀ-ﬆ]")
# words of Danish or English text that French, German or Spanish text does not also use ("de", "en", "der"
# are left out): a page holding them is written in the languages whose letters _USUAL_LETTERS lists
_DA_EN = frozenset("""og at er det til på med ikke har skal eller fra ved efter denne dette som vil kan af hvis
samt mellem parten parterne aftale aftalen the and of to is with by that this shall will be are or from any
which such agreement party""".split())


def suspect_text(words: list[Word]) -> bool:
    """A text layer worth a second reading: glyph codes or characters no text is written with, or, on a
    page written in Danish or English, a letter those languages do not use (the signal of a font
    re-encoded with a wrong Unicode map: "Æblehøj" read "áblehùj"). A regex search a page; the word
    count only where an odd letter is found."""
    text = "\n".join(w.text for w in words)
    if _GARBLED_ON_PAGE.search(text):
        return True
    if not _ODD_LETTER.search(text):
        return False
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    hits = sum(1 for t in tokens if t in _DA_EN)
    return hits >= 2 and hits >= 0.02 * len(tokens)


def _differs(text: str, seen: str) -> bool:
    """Whether a text-layer word and what OCR saw at its place differ beyond OCR's own slips: a change
    that involves a letter outside ASCII or a control character (Sùren/Søren, Direkt\x02r/Direktør),
    not l/1 or O/0."""
    a, b = text.strip(".,:;()").lower(), seen.strip(".,:;()").lower()
    if a == b:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i0, i1, j0, j1 in matcher.get_opcodes():
        if op != "equal" and any(not ch.isascii() or ord(ch) < 32 for ch in a[i0:i1] + b[j0:j1]):
            return True
    return False


def _beyond_ascii(text: str) -> bool:
    """A word with a letter outside ASCII. On a page whose font maps some glyphs wrongly, a wrong letter may
    be a usual one ("Sofie" read "Soüe", its "fi" ligature mapped to "ü"): when OCR cannot check the page,
    no such word is taken on trust."""
    return any(ch.isalpha() and not ch.isascii() for ch in text)


_LIGATURES = frozenset({"fi", "fl", "ff", "ffi", "ffl"})


def _ligature_mapped(text: str, seen: str) -> str | None:
    """The word as the page shows it, when the text layer and OCR differ only where the layer has one letter
    outside ASCII and OCR the letters of a ligature ("ülial" / "filial", "Soüe" / "Sofie"): a font whose
    Unicode map gives its fi ligature as "ü" (Ghostscript re-embedding DejaVu). None otherwise."""
    ops = [op for op in difflib.SequenceMatcher(None, text, seen, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1:
        return None
    op, i0, i1, j0, j1 = ops[0]
    letters = seen[j0:j1]
    if op != "replace" or i1 - i0 != 1 or text[i0].isascii() or letters.lower() not in _LIGATURES:
        return None
    return text[:i0] + letters + text[i1:]


def _second_reading(words: list[Word], seen: list[Word] | None, pno: int, disputes: list[Dispute]) -> None:
    """Compare a suspect text layer with the page's picture read by OCR, word by word at the same place;
    each word where they disagree (or an odd word that OCR could not check) becomes a dispute."""
    for w in words:
        if garbled(w.text) and re.fullmatch(r"\(cid:\d+\)|[^\uf000-\uf0ff]", w.text):
            # a lone sign that does not decode: where options are printed, it may be their check box
            disputes.append(Dispute(pno, w.text, None, "mark"))
            continue
        if seen is None:
            if _odd(w.text) or _beyond_ascii(w.text):
                disputes.append(Dispute(pno, w.text, None, "ocr"))
            continue
        height = max(1.0, w.bottom - w.top)
        there = sorted((o for o in seen if min(o.bottom, w.bottom) - max(o.top, w.top) > 0.4 * height
                        and min(o.x1, w.x1) - max(o.x0, w.x0) > 0.3 * min(o.x1 - o.x0, w.x1 - w.x0)),
                       key=lambda o: o.x0)
        other = " ".join(o.text for o in there)
        fixed = _ligature_mapped(w.text, other) if there else None
        if fixed is not None:
            w.text = fixed  # the page shows the ligature's letters where the font's map gave one odd letter
            continue
        if (not there and _odd(w.text)) or (there and _differs(w.text, other.replace(" ", "")
                                                                 if " " not in w.text else other)):
            disputes.append(Dispute(pno, w.text, other or None, "ocr"))


# ---------------------------------------------------------------------------------------- lines
def _after_covered(w: Word, row: list[Word]) -> float:
    """Where a word sorts on its line: a field's value over printed words sorts after the last of them."""
    base = w.x0 if w.run is None else w.run
    if w.source != "field":
        return base
    covered = [t.x0 if t.run is None else t.run for t in row
               if t.source == "text" and t.x0 < w.x1 and w.x0 < t.x1 - 1 and t.x0 < w.x0 + 0.6 * (w.x1 - w.x0)]
    return max([base, *(c + 0.01 for c in covered)])


def _ruled_between(prev: Word, w: Word, column_rules: list[Box]) -> bool:
    """A table's drawn column edge stands in the gap between two words of a line (a vertical rule crossing the
    line's middle): they are two cells, however close the table set them (Typst's, a word processor's)."""
    mid = (w.top + w.bottom + prev.top + prev.bottom) / 4
    return any(prev.x1 - 0.5 <= (r[0] + r[2]) / 2 <= w.x0 + 0.5 and r[1] <= mid <= r[3] for r in column_rules)


def _build_lines(words: list[Word], pno: int, column_rules: list[Box] | None = None) -> list[Line]:
    """Group words into lines by their vertical middle, then split lines at wide gaps and drawn column edges."""
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
        # a run drawn over another stays whole, in the order the runs start: the label, then its value;
        # a form field's value laid over its printed label comes after the label words it covers
        row.sort(key=lambda w: (w.x0 if w.run is None else w.run, w.x0))
        if any(w.source == "field" for w in row):
            keys = {id(w): _after_covered(w, row) for w in row}
            row.sort(key=lambda w: keys[id(w)])
        segs: list[list[Word]] = [[row[0]]]
        for prev, w in zip(row, row[1:], strict=False):
            height = max(6.0, prev.bottom - prev.top)
            gap = w.x0 - prev.x1
            mixed = w.source != prev.source and "check" not in (w.source, prev.source)
            split = (gap > max(9.0, 1.15 * height) or (mixed and gap > 3) or w.opens_cell
                     or (w.run is not None and prev.run is not None and w.run != prev.run)
                     or bool(column_rules) and gap > 0 and _ruled_between(prev, w, column_rules or []))
            if split:
                segs.append([w])
            else:
                segs[-1].append(w)
        segs = [part for s in segs for part in _label_again(s)]
        lines.append(Line(pno, min(w.top for w in row), max(w.bottom for w in row),
                          [Segment(s) for s in segs]))
    return _labels_at_column_starts(lines)


def _labels_at_column_starts(lines: list[Line]) -> list[Line]:
    """A cell run on into the next column's ("Emil Abildgaard Stilling:", a label a little lower and a word
    gap away; "Hospitalsenheden Mosede Strand MedCom", a wide gap but under the line's split width): where
    a cell's word starts exactly where cells of two other lines of the page start, a column's left edge,
    and it begins a label (its first words end in a colon) or stands apart by far more than the cell's
    other word gaps, the cell is two. A word gap alone, or a column's edge alone, cuts nothing."""
    starts: dict[int, set[int]] = {}
    for i, ln in enumerate(lines):
        for seg in ln.segments:
            starts.setdefault(round(seg.x0 * 2), set()).add(i)

    def column_start(x: float, i: int) -> bool:
        seen = set().union(*(starts.get(round(x * 2) + d, set()) for d in (-1, 0, 1)))
        return len(seen - {i}) >= 2

    out: list[Line] = []
    for i, ln in enumerate(lines):
        segs: list[Segment] = []
        for n, seg in enumerate(ln.segments):
            words, cut = seg.words, 0
            gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
            # a label's words may go on in the line's next cells, its justified spaces wider than a cell's gap
            # ("Diag- Foreign | registration | no.:", XeLaTeX's two columns)
            after = [w for later in ln.segments[n + 1:] for w in later.words]
            for k in range(1, len(words)):
                height = max(6.0, words[k - 1].bottom - words[k - 1].top)
                gap, others = gaps[k - 1], sorted(gaps[:k - 1] + gaps[k:])
                label = any(w.text.endswith(":") for w in [*words[k:], *after][:3]) \
                    and not words[k - 1].text.endswith(":")
                apart = (gap > 0.5 * height and (not others or gap > 2.5 * max(others[len(others) // 2], 1.0))
                         and not one_mono_space(words[k - 1], words[k]))
                if gap > 0.3 * height and (label or apart or _heading_starts(words[k - 1], words[k])) \
                        and column_start(words[k].x0, i):
                    cut = k
                    break
            segs += [Segment(words[:cut]), Segment(words[cut:])] if cut else [seg]
        out.append(Line(ln.page, ln.top, ln.bottom, segs) if len(segs) != len(ln.segments) else ln)
    return out


def _heading_starts(prev: Word, w: Word) -> bool:
    """A heading of the next column set in a larger bold face right after a value that ran up to it
    ("Industrivænget" + "G. Netværk", a word gap apart): the face changes to bold and grows, which no
    value's own words do."""
    a, b = prev.size, w.size
    return w.bold and not prev.bold and a is not None and b is not None and b >= 1.08 * a


def _label_again(words: list[Word]) -> list[list[Word]]:
    """A segment that holds its own label a second time is two cells run together ("Underskrift: Søren
    Ærø Underskrift: Mette Jensen": a table whose cells stand closer than a word gap, as LibreOffice
    prints narrow ones), cut where the label comes again."""
    texts = [w.text for w in words]  # the label again, as it was written (not a word like it)
    k = next((n + 1 for n, t in enumerate(texts[:4]) if t.endswith(":")), 0)
    cut = next((i for i in range(k + 1, len(texts) - k + 1) if texts[i:i + k] == texts[:k]), 0) if k else 0
    return [words[:cut], *_label_again(words[cut:])] if cut else [words]


def _scanned(objs: PageObjects) -> bool:
    """A page that is a picture: images cover most of it (a scan), not a logo or a chart."""
    width, height = objs.size
    area = sum(max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1]) for b in objs.images)
    return bool(width and height) and area >= 0.4 * width * height


OUTLINED_GLYPHS = 150  # small filled shapes on a page without text: its letters drawn as outlines


def _outlined(objs: PageObjects) -> bool:
    """A page whose text was drawn as outlines (paps, a print driver's "text as curves", a designer's "convert
    to outlines"): no text layer, but hundreds of letter-sized shapes in rows. Like a scan it can only be read
    by OCR, and what OCR reads is for staff to confirm."""
    glyphs = [b for b in objs.strokes if 1 <= b[3] - b[1] <= 30]
    return sum(1 for c in objs.chars if c["text"].strip()) <= 3 and len(glyphs) >= OUTLINED_GLYPHS


def _hidden_layer(page: Any, chars: list[PdfChar], pno: int, content: PdfContent) -> list[PdfChar]:
    """The page's glyphs when all its text is drawn invisibly (OCR's words laid over a picture: invisible.py),
    said in the notes; else none, and the text layer is read as the page's text: a few invisible words among
    shown ones (`ocrmypdf --redo-ocr` over a picture on a text page) are OCR's guess, each a dispute for staff."""
    hidden, shown = hidden_glyphs(page) if chars else ([], 0)
    if hidden and not mostly_hidden(len(hidden), shown):
        keys = set(hidden)
        for w in text_words([c for c in chars if c["text"] and glyph_key(c.get("matrix", ())) in keys]):
            content.disputes.append(Dispute(pno, w.text, None, "hidden"))
        content.notes.append(f"page {pno}: {len(hidden)} of its glyphs are invisible (words laid over a picture on "
                             "the page); a value holding them is for staff to confirm")
    if not hidden or not mostly_hidden(len(hidden), shown):
        return []
    content.notes.append(f"page {pno}: its text is invisible (words laid over the page's picture, as a searchable "
                         "scan has); the page is read as a scan")
    return chars


def _odd_letter(text: str) -> bool:
    """A glyph read as a letter Danish and English text has not ("ù", "ñ", "Ó")."""
    return any(ch.isalpha() and ch.lower() not in _USUAL_LETTERS for ch in text)


def _unknown_glyphs(chars: list[PdfChar]) -> Callable[[str], bool] | None:
    """Which glyphs of a text layer do not say their letters, if any: glyph codes and control or private-use
    characters (`unmapped`), and on a page written in Danish or English whose layer holds letters those
    languages have not (`suspect_text`: a font map that gives "Nùrreå" for "Nørreå"), those letters too."""
    if any(unmapped(c["text"]) for c in chars):
        return lambda t: unmapped(t) or _odd_letter(t)
    if any(_odd_letter(c["text"]) for c in chars) and suspect_text(text_words([c for c in chars if c["text"]])):
        return lambda t: _odd_letter(t)
    return None


def _unmapped_decoded(page: Any, pno: int, chars: list[PdfChar], content: PdfContent,
                      started: float, unknown: Callable[[str], bool] = unmapped) -> list[PdfChar]:
    """A text layer with a few glyphs that do not decode ("Pr(cid:1)stev(cid:1)nget": a rewriter's font map lost
    its Nordic letters): those glyphs take the letters OCR sees in their lines (ocr_layer.decode_unmapped), within
    OCR's budgets; each word holding one is a second reading for staff to confirm (a Danish OCR reads "ö" as
    "å"). As it was when OCR cannot decode them all."""
    from . import ocr, ocr_layer  # local: OCR is rare

    left = ocr.TIME_BUDGET_S - sum(content.ocr_seconds)
    if len(content.ocr_seconds) >= ocr.MAX_PAGES or left < 2 or time.monotonic() - started > TIME_BUDGET_S:
        return chars
    began = time.monotonic()
    fixed = ocr_layer.decode_unmapped(page, chars, min(ocr.PAGE_TIMEOUT_S, left), unknown)
    content.ocr_seconds.append(time.monotonic() - began)
    if fixed is None:
        return chars
    places = [((f["x0"] + f["x1"]) / 2, (f["top"] + f["bottom"]) / 2)
              for c, f in zip(chars, fixed, strict=True) if unknown(c["text"])]
    for w in text_words([f for f in fixed if f["text"]]):
        if any(w.x0 - 0.5 <= x <= w.x1 + 0.5 and w.top - 1 <= y <= w.bottom + 1 for x, y in places):
            content.disputes.append(Dispute(pno, w.text, w.text, "decoded"))
    content.notes.append(f"page {pno}: {len(places)} of the text layer's glyphs do not decode; they were read with "
                         "the letters OCR sees in their lines")
    return fixed


def _as_scanned(chars: list[PdfChar], pno: int, content: PdfContent) -> list[Word]:
    """An invisible layer's words where OCR could not be run: a scan's reading (in doubt), never a text layer's."""
    content.ocr_pages.append(pno)
    content.ocr_confidence.append(0.5)
    return text_words([c for c in chars if c["text"]])


def _with_known_letters(content: PdfContent, pno: int, chars: list[PdfChar], how: str) -> list[Word]:
    """A lying layer's page read with the letters OCR saw for its glyphs on another page (`how`: and where else):
    counted as read by OCR, in doubt as much as the least sure page, and said in the notes."""
    content.layer_pages.append(pno)
    content.ocr_pages.append(pno)
    content.ocr_confidence.append(min(content.ocr_confidence, default=0.0))
    content.notes.append(f"page {pno}: the text layer's letters do not decode; its glyphs were read with the "
                         f"letters OCR saw for them on another page{how}")
    return text_words([c for c in chars if c["text"]])


def _ocr(page: Any, pno: int, content: PdfContent, started: float, *, second: bool = False,
         lying: list[PdfChar] | None = None) -> list[Word] | None:
    """The words of a page by OCR, within the page and time budgets: a page without a usable text layer
    (it is then read by OCR and the reading is a scan's; with `lying`, the glyphs of a layer that does not
    decode, whose boxes keep the page's layout when OCR's letters decode them: ocr_layer), or with `second`
    a suspect text layer's page read again to check it (its words are only compared). None when OCR could
    not be run."""
    from . import ocr, ocr_layer  # local: OCR is rare

    decoded = ocr_layer.known(lying, content.layer_letters) if lying and content.layer_letters else None
    if decoded is not None:  # set in fonts a page OCR read has decoded: read with their letters, without OCR
        return _with_known_letters(content, pno, decoded, "")
    if len(content.ocr_seconds) >= ocr.MAX_PAGES or not (second or ocr.page_wanted(pno, content.page_count,
                                                                                  len(content.ocr_seconds))):
        return None
    left = ocr.TIME_BUDGET_S - sum(content.ocr_seconds)
    if left < 2 or time.monotonic() - started > TIME_BUDGET_S:
        content.notes.append(f"page {pno} was not read by OCR (the time for OCR was used up)")
        return None
    began = time.monotonic()
    res: tuple[list[Word], float] | None
    part = (ocr_layer.read_new_lines(page, lying, content.layer_letters, min(ocr.PAGE_TIMEOUT_S, left))
            if lying and content.layer_letters else None)
    if part is not None and lying:  # mostly in glyphs another page decoded: only the lines with new ones read by OCR
        ocr_layer.remember(content.layer_letters, ocr_layer.learnt(lying, part))
        content.ocr_seconds.append(time.monotonic() - began)
        return _with_known_letters(content, pno, part, " and in its lines with new ones")
    if lying:
        layer = ocr_layer.read_layer(page, lying, min(ocr.PAGE_TIMEOUT_S, left))
        res = None if layer is None else (layer[1], layer[2])
        if layer is not None and layer[0] is not None:
            ocr_layer.remember(content.layer_letters, ocr_layer.learnt(lying, layer[0]))
            res = (text_words([c for c in layer[0] if c["text"]]), layer[2])
            content.layer_pages.append(pno)
            content.notes.append(f"page {pno}: the text layer's letters do not decode; its glyphs were read "
                                 "with the letters OCR sees in the page's picture")
    else:
        marks: list[tuple[float, float, float, float]] = []
        res = ocr.ocr_page(page, min(ocr.PAGE_TIMEOUT_S, left), marks=marks)
        if not second:  # pen strokes in the picture (a drawn signature), for the signature judgement to place
            content.images.extend(Image(pno, box, "ink") for box in marks)
    content.ocr_seconds.append(time.monotonic() - began)
    if res is None:
        return None
    if not second:
        content.ocr_pages.append(pno)
        content.ocr_confidence.append(res[1])
    return res[0]


def _object_count(pdf: Any) -> int:
    """Objects in the cross-reference tables, counted before any page is built (a 20,000-page PDF
    costs hundreds of MB as pdfminer page objects)."""
    try:
        return sum(len(list(x.get_objids())) for x in pdf.doc.xrefs)
    except Exception:  # noqa: BLE001 - a broken xref: pdfminer's own fallback decides later
        return 0


def read_content(data: bytes) -> PdfContent:
    """Everything the document readers need, from one pdfplumber.open of the bytes."""
    content = PdfContent(data=data)
    if len(data) > MAX_PDF_BYTES:
        content.error = "too_large"
        content.notes.append(f"the PDF is {len(data) // 1_000_000} MB; at most "
                             f"{MAX_PDF_BYTES // 1_000_000} MB is read")
        return content
    started = time.monotonic()
    budget.start_document()
    limits = budget.current()
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
            objects = _object_count(pdf)
            if objects > limits.max_pdf_objects:
                message = (f"the PDF has {objects:,} objects; at most {limits.max_pdf_objects:,} are read "
                           "(limits.max_pdf_objects)")
                budget.hit("max_pdf_objects", message)
                content.error = "too_large"
                content.notes.append(message)
                return content
            try:
                content.page_count = len(pdf.pages)
            except Exception as exc:
                content.error = "unreadable"
                content.notes.append(f"the page tree is broken ({type(exc).__name__})")
                return content
            try:
                rewritten = ghostscript_producer((pdf.metadata or {}).get("Producer"))
            except Exception:  # noqa: BLE001 - a broken Info dictionary says nothing of its writer
                rewritten = False
            wanted = budget.pages_to_read(content.page_count, limits.max_pdf_pages)
            if len(wanted) < content.page_count:
                head = next((n for n, p in enumerate(wanted) if n != p), len(wanted))
                message = (f"the PDF has {content.page_count:,} pages; only the first {head} and last "
                           f"{len(wanted) - head} were read (limits.max_pdf_pages is {limits.max_pdf_pages})")
                budget.hit("max_pdf_pages", message)
                content.notes.append(message)
            for i in wanted:
                if time.monotonic() - started > TIME_BUDGET_S:
                    content.notes.append(f"reading stopped after {TIME_BUDGET_S:.0f} s at page {i + 1}")
                    break
                page = None
                rules: list[Box] = []
                column_rules: list[Box] = []
                try:
                    page = pdf.pages[i]
                    objs = _page_objects(page)
                    rules, column_rules = objs.rules, objs.column_rules
                    content.page_widths[i + 1] = objs.size[0]
                    if len(objs.chars) > MAX_CHARS_PER_PAGE:
                        content.notes.append(f"page {i + 1} holds too much text; skipped")
                        continue
                    lying: list[PdfChar] = []  # a layer whose glyphs lie: its boxes may still lend OCR its layout
                    if broken_text(objs.chars):
                        content.broken_pages.append(i + 1)
                        lying, objs.chars = objs.chars, []
                    hidden = _hidden_layer(page, objs.chars, i + 1, content)
                    if hidden:
                        objs.chars = []
                    elif not lying and objs.chars:
                        unknown = _unknown_glyphs(objs.chars)
                        if unknown is not None:
                            objs.chars = _unmapped_decoded(page, i + 1, objs.chars, content, started, unknown)
                    checks = _drawn_checks(objs, i + 1, content.disputes)
                    checks += drawn_controls(objs.rounds, objs.strokes, i + 1, content.disputes)
                    words = text_words([c for c in objs.chars if c["text"]])
                    if words and not objs.turn:  # boxes whose glyphs a re-encoded font names wrong ("¦", "¥")
                        words = read_by_ink(page, words)
                    widgets = _widgets(page, i + 1, content, _turner(objs.turn, float(page.width),
                                                                     float(page.height)))
                    if not words and (_scanned(objs) or i + 1 in content.broken_pages or hidden or _outlined(objs)):
                        words = _ocr(page, i + 1, content, started, lying=lying) or []
                        if not words and hidden:  # no OCR of our own: the hidden layer's, as a scan's words
                            words = _as_scanned(hidden, i + 1, content)
                    elif suspect_text(words) or (rewritten and any(may_be_ghostscript_ligature(w.text)
                                                                   for w in words)):
                        # a text layer that may lie: the page's picture read too
                        content.suspect_pages.append(i + 1)
                        _second_reading(words, _ocr(page, i + 1, content, started, second=True), i + 1,
                                        content.disputes)
                    fields_at = [w for w in widgets if w.source == "check"]
                    words += [c for c in checks if not any(_overlap(c, f) for f in fields_at)] + widgets
                    words = _tips(_on_text_rows(words))
                    if objs.turn:
                        content.notes.append(f"page {i + 1} is turned {objs.turn} degrees; read upright")
                    content.images.extend(Image(i + 1, box) for box in objs.images)
                    # free-hand drawings (a signature drawn with a pen tool is a vector curve)
                    content.images.extend(Image(i + 1, box, "curve") for box in objs.curves[:500])
                    # the rules: a name printed under a signature's rule is its caption (signing/blocks.py)
                    content.rules.extend(Image(i + 1, box, "rule") for box in rules[:500])
                except budget.BudgetExceeded as exc:
                    content.notes.append(f"reading stopped at page {i + 1}: {exc}")
                    break
                except Exception as exc:
                    content.notes.append(f"page {i + 1} could not be read ({type(exc).__name__})")
                    continue
                finally:
                    if page is not None and hasattr(page, "close"):
                        page.close()  # pdfplumber's caches of this page go; pages are read one at a time
                content.pages_read.append(i + 1)
                if words:
                    lines = _build_lines(words, i + 1, column_rules)
                    # a value wrapped where it stands is told by its glyphs' places and fonts: a text layer's,
                    # also one whose letters OCR gave (ocr_layer), not OCR's own words
                    own = i + 1 in content.ocr_pages and i + 1 not in content.layer_pages
                    content.lines.extend(lines if own else join_wrapped(join_ruled_rows(join_rows(lines), rules),
                                                                         rules))
                if sum(im.kind == "image" for im in content.images) > limits.max_pdf_images:
                    message = (f"reading stopped at page {i + 1}: the PDF holds more than "
                               f"{limits.max_pdf_images:,} images (limits.max_pdf_images)")
                    budget.hit("max_pdf_images", message)
                    break
            over = [(k, what) for k, what in budget.hits() if k != "max_pdf_pages"]
            if over:  # pdfplumber may wrap the reader's BudgetExceeded: the hit itself says which budget
                content.error = "too_large"
                content.notes.extend(what for _, what in over if what not in content.notes)
    except budget.BudgetExceeded as exc:
        content.error = "too_large"
        content.notes.append(f"the PDF could not be read: {exc}")
    except Exception as exc:
        content.error = content.error or "unreadable"
        content.notes.append(f"the PDF could not be read ({type(exc).__name__})")
    return content
