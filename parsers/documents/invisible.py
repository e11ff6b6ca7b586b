"""Text a page does not show: glyphs drawn in an invisible rendering mode (`3 Tr`, `7 Tr`), or under a picture.

A "searchable PDF" (a scanner's, `ocrmypdf`, `tesseract ... pdf`) lays OCR's words over the page's picture as
invisible text: it reads like a text layer but is one program's guess at the picture, with a scan's misread
letters and lost tick boxes, so it is no evidence of what the page says. A page whose text is all invisible
is read as what it is, a picture (by OCR, a scan's reading, `uncertain` for staff). Found by the rendering
mode the page's own content sets, not by the program that wrote it: in the page's content streams or in a form
XObject it draws (`ocrmypdf` grafts its layer onto the page as one, "/OCR-... Do"). Some scanners draw OCR's
words in a visible mode first and the page's picture over them ("image over text"): glyphs an opaque picture
covering the page is drawn over are hidden just the same."""
from __future__ import annotations

import re
from typing import Any

# a text rendering mode that paints nothing (3: neither fill nor stroke; 7: only adds to the clip)
_INVISIBLE_TR = re.compile(rb"(?<![\w.])[37]\s+Tr\b")
INVISIBLE_SHARE = 0.9  # share of a page's shown glyphs drawn invisibly that makes its whole text invisible
COVER = 0.8  # share of the page an opaque picture drawn over glyphs covers that hides them (a scan over its OCR)


FORM_DEPTH = 3  # form XObjects inside form XObjects looked into (an OCR layer is one level down)


def _streams(resources: Any, depth: int) -> list[bytes]:
    """The decoded content of the form XObjects in `resources`, and of theirs down to `depth` levels."""
    from pdfminer.pdftypes import resolve1

    out: list[bytes] = []
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if depth > 0 else None
    for ref in (xobjects or {}).values() if isinstance(xobjects, dict) else []:
        try:
            xobj = resolve1(ref)
            if getattr(xobj, "attrs", {}).get("Subtype") is None or xobj.attrs["Subtype"].name != "Form":
                continue
            out.append(xobj.get_data())
            out.extend(_streams(xobj.attrs.get("Resources"), depth - 1))
        except Exception:  # noqa: BLE001 - a stream that does not decode shows nothing either way
            continue
    return out


def _contents(page_obj: Any) -> bytes:
    """The page's own content streams, decoded, with those of the form XObjects its resources hold (an OCR
    layer grafted on as a form XObject sets its invisible mode there)."""
    out = []
    for stream in getattr(page_obj, "contents", None) or []:
        try:
            out.append(stream.resolve().get_data() if hasattr(stream, "resolve") else stream.get_data())
        except Exception:  # noqa: BLE001 - a stream that does not decode shows nothing either way
            continue
    out.extend(_streams(getattr(page_obj, "resources", None), FORM_DEPTH))
    return b"\n".join(out)


Glyph = tuple[float, ...]  # a glyph by its text rendering matrix (rounded): pdfplumber's char["matrix"] too


def hidden_glyphs(page: Any) -> tuple[list[Glyph], int]:
    """(the glyphs hidden, the number shown) on a pdfplumber page, found by interpreting its content with
    pdfminer: each glyph's rendering mode, and glyphs an opaque picture covering the page is drawn over;
    ([], 0) at once when the page never sets an invisible mode and no picture covers it (the cost of a text
    page is one regular expression over its content)."""
    if not _INVISIBLE_TR.search(_contents(page.page_obj)) and not _covering_images(page):
        return [], 0
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter

    hidden: list[Glyph] = []
    shown: list[Glyph] = []
    area = float(page.width) * float(page.height)

    class Counter(PDFTextDevice):
        mode = 0

        def render_image(self, name: str, stream: Any) -> None:
            a, b, c, d, _, _ = self.ctm or (0, 0, 0, 0, 0, 0)
            if abs(a * d - b * c) >= COVER * area and _opaque(stream):
                hidden.extend(shown)  # the glyphs drawn so far are under the picture
                shown.clear()

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            self.mode = textstate.render
            try:
                super().render_string(textstate, seq, ncs, graphicstate)
            except Exception:  # noqa: BLE001 - a font pdfminer cannot lay out: its bytes count as glyphs
                n = sum(len(item) for item in seq if isinstance(item, bytes))
                (hidden if self.mode in (3, 7) else shown).extend([(-1.0,)] * n)

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int,
                        ncs: Any, graphicstate: Any) -> float:
            (hidden if self.mode in (3, 7) else shown).append(glyph_key(matrix))
            return float(font.char_width(cid)) * fontsize * scaling  # the advance, as pdfminer's layout has it

    device = Counter(page.pdf.rsrcmgr)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    return hidden, len(shown)


def glyph_key(matrix: Any) -> Glyph:
    """A glyph's place as its rendering matrix says, rounded (pdfminer's and pdfplumber's are the same numbers)."""
    return tuple(round(float(v), 2) for v in matrix)


def shown_glyphs(page: Any) -> tuple[int, int]:
    """(glyphs hidden, glyphs shown) on a pdfplumber page (hidden_glyphs, counted)."""
    hidden, shown = hidden_glyphs(page)
    return len(hidden), shown


def _covering_images(page: Any) -> bool:
    """Whether a picture covers (almost) the whole page, as a scan's does: pdfminer's layout of the page (made
    already), its top level and its figures only (a text page's glyphs are passed over, not turned into dicts)."""
    from pdfminer.layout import LTFigure, LTImage

    area = float(page.width) * float(page.height)
    todo = list(page.layout)
    while todo:
        obj = todo.pop()
        if isinstance(obj, LTImage) and obj.width * obj.height >= COVER * area:
            return True
        if isinstance(obj, LTFigure):
            todo.extend(obj)
    return False


def _opaque(stream: Any) -> bool:
    """A picture that hides what lies under it: no soft mask, colour-key mask or stencil (a watermark's does not)."""
    attrs = getattr(stream, "attrs", {}) or {}
    return not any(k in attrs for k in ("SMask", "Mask")) and not attrs.get("ImageMask")


def all_invisible(page: Any) -> bool:
    """The page's text is (almost) all drawn invisibly: a layer laid over what the page shows, not its text."""
    hidden, shown = shown_glyphs(page)
    return mostly_hidden(hidden, shown)


def mostly_hidden(hidden: int, shown: int) -> bool:
    """Whether so many of a page's glyphs are hidden that its whole text is a layer over a picture."""
    return hidden > 0 and hidden >= INVISIBLE_SHARE * (hidden + shown)
