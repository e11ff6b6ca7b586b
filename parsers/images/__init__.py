"""Pictures attached to a mail: a photo or scan of a page is read by OCR, a logo is left alone.

A party photographs the signed agreement with a phone (JPEG, or HEIC from an iPhone) or a scanner
saves a PNG or TIFF. Such a picture is turned upright (its EXIF orientation, then the skew of its text
lines, measured with Pillow alone: the angle whose rows of pixels are most uneven), scaled to a page at
OCR's resolution and read by the same Tesseract path as a scanned PDF (parsers/documents/ocr.py). The
pictures of one mail are one set of pages in filename order (IMG_0001, IMG_0002, ...); the document
pipeline splits them where a page carries another document's title. Everything read this way is
`ocr` and `uncertain`: staff confirm it.

Not every picture is a page: a logo or a signature image in a mail's footer, an emoji, an icon is
small or a strip; those are recognised by their size and shape and ignored, and the reader says so.
A picture bigger than the budget is refused with a reason before it is decoded: a JPEG is decoded
at a fraction of its size (Pillow's draft mode), other formats only up to MAX_DECODE_PIXELS.
"""
from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from typing import Any

from ..problems import new_problem
from ..reading import Document, Problem

MIN_PAGE_SIDE = 600          # px: a page photographed or scanned is larger on both sides
MIN_PAGE_PIXELS = 500_000
MAX_ASPECT = 3.0             # a page is at most about 1:1.5; a banner or a footer strip is far wider
MAX_JPEG_PIXELS = 150_000_000   # a JPEG is decoded at 1/2..1/8 scale (draft mode): this many before that
MAX_DECODE_PIXELS = 24_000_000  # PNG, TIFF, HEIC are decoded whole: 24 MP is 72 MB as RGB
PAGE_LONG_SIDE = 2339        # A4 at 200 dpi (PICTURE_RESOLUTION): the picture is scaled to this
PICTURE_RESOLUTION = 200     # a photo's own detail, not a PDF's rendering: more pixels would only cost memory
MIN_WORDS = 12               # fewer words read by OCR: the picture holds no document
MAX_SKEW = 8.0               # degrees measured either way
# all pictures of one mail, decoding, turning upright and OCR, from the first picture opened: a loaded two-core
# machine reads a phone photo in 7-20 s, so the 30 s this was (OCR alone) ran past `mailbot parse`'s 30 s and lost
# every picture of the mail to one `timeout`; now the pictures not reached in time are named for staff and the
# rest is read (the mail's whole reading has [limits] parse_timeout_seconds, 60 s by default)
TIME_BUDGET_S = 20.0
MIN_OCR_S = 3.0              # less time left than this: the picture is named for staff, not read half


@dataclass
class Picture:
    name: str
    data: bytes
    inline: bool = False
    referenced: bool = False  # its Content-ID is used by the mail's HTML (part of the mail's text)


@dataclass
class PicturesRead:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _register_heif() -> None:
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except Exception:  # noqa: BLE001 - without it a HEIC photo is named as not read, never lost
        pass


def natural_key(name: str) -> list[Any]:
    """IMG_2 before IMG_10."""
    return [int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", name)]


def _open(data: bytes) -> Any:
    """The picture, its header read and nothing decoded yet. Pillow's own guard stays on: a picture of
    more than twice Image.MAX_IMAGE_PIXELS (179 MP) raises DecompressionBombError here."""
    from PIL import Image

    _register_heif()
    return Image.open(io.BytesIO(data))


def _not_a_page(w: int, h: int, pic: Picture) -> str | None:
    """Why a picture of w x h pixels is no page (a logo, an icon, a banner), or None."""
    short, long_ = min(w, h), max(w, h)
    if short < MIN_PAGE_SIDE or w * h < MIN_PAGE_PIXELS:
        where = "in the mail's text" if pic.referenced else "attached"
        return f"a small picture ({w}x{h} pixels) {where}: a logo, an icon or a signature image, not a page"
    if long_ > MAX_ASPECT * short:
        return f"a strip-shaped picture ({w}x{h} pixels): a banner or a footer, not a page"
    return None


def _frames(im: Any, name: str, notes: list[str], max_frames: int) -> list[Any]:
    """The picture's pages as greyscale images of about a page at OCR's resolution, upright."""
    from PIL import Image, ImageOps

    out: list[Any] = []
    n = int(getattr(im, "n_frames", 1) or 1)
    for i in range(min(n, max_frames)):
        if i:
            im.seek(i)
        w, h = im.size
        if im.format == "JPEG":
            scale = PAGE_LONG_SIDE / max(w, h)
            im.draft("L", (max(1, int(w * scale)), max(1, int(h * scale))))
        elif w * h > MAX_DECODE_PIXELS:
            raise ValueError(f"{w}x{h}")
        frame = ImageOps.exif_transpose(im) if i == 0 else im
        frame = frame.convert("L")
        scale = PAGE_LONG_SIDE / max(frame.size)
        if scale < 1:
            frame = frame.resize((max(1, round(frame.size[0] * scale)), max(1, round(frame.size[1] * scale))),
                                 Image.Resampling.LANCZOS)
        out.append(deskew(frame))
    if n > max_frames:
        notes.append(f"{name} has {n} pages; the first {max_frames} were read")
    return out


def skew_angle(im: Any) -> float:
    """The small rotation (degrees, counter-clockwise) that makes the text lines of a greyscale page
    level: the angle at which the rows of dark pixels are most uneven (lines and gaps apart)."""
    from PIL import Image, ImageOps

    small = im.copy()
    small.thumbnail((900, 900))
    ink = ImageOps.invert(small.point(lambda v: 0 if v < 140 else 255))  # text white on black

    def score(angle: float) -> float:
        rows = ink.rotate(angle, resample=Image.Resampling.NEAREST).resize((1, ink.size[1]), Image.Resampling.BOX)
        vals = list(rows.tobytes())
        return float(sum((a - b) ** 2 for a, b in zip(vals, vals[1:], strict=False)))

    best = max((a / 2 for a in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)), key=score)
    return max((best + d / 10 for d in range(-4, 5)), key=score)


def deskew(im: Any) -> Any:
    from PIL import Image

    angle = skew_angle(im)
    if abs(angle) < 0.2:
        return im
    return im.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


class _AsPage:
    """What ocr.ocr_page needs of a pdfplumber page: to_image(resolution=...).original."""

    def __init__(self, image: Any) -> None:
        self.image = image

    def to_image(self, resolution: int) -> Any:
        del resolution  # the picture is already scaled to a page at OCR's resolution
        return type("Rendered", (), {"original": self.image})()


def _out_of_time(name: str) -> Problem:
    """A picture not read because the pictures before it used the mail's time: for staff (who see the
    picture), never the party's mistake."""
    return new_problem("unsupported_attachment", f"The picture {name} was not read: the time for reading pictures "
                       "was used up by the pictures before it; a staff member will look at it.", filename=name)


def read_pictures(pictures: list[Picture], budget_s: float = TIME_BUDGET_S) -> PicturesRead:
    """The documents in a mail's pictures (one set of pages, by filename order), and every picture
    that is not read named: ignored (a logo) or in a problem. `budget_s` bounds all of it, decoding included."""
    from ..documents import ocr
    from ..documents.kinds import split
    from ..documents.page import PdfContent, _build_lines
    from ..documents.pipeline import amended, read_page_model

    started = time.monotonic()
    out = PicturesRead()
    pages: list[tuple[str, Any]] = []
    notes: list[str] = []
    for pic in sorted(pictures, key=lambda p: natural_key(p.name)):
        try:
            im = _open(pic.data)
            w, h = im.size
        except Exception as exc:  # noqa: BLE001 - a damaged picture or a format Pillow does not know
            if type(exc).__name__ == "DecompressionBombError":
                out.documents.append(_too_large(pic.name, f"The picture {pic.name} has far more pixels than a "
                                                f"photo of a page ({exc}); it was not read. Please send a "
                                                "smaller photo or a PDF."))
                continue
            out.problems.append(new_problem("unsupported_attachment", f"The picture {pic.name} could not be opened "
                                        f"({type(exc).__name__}); a staff member will look at it.", filename=pic.name))
            continue
        why = _not_a_page(w, h, pic)
        if why:
            out.ignored.append(f"{pic.name}: {why}")
            continue
        limit = MAX_JPEG_PIXELS if im.format == "JPEG" else MAX_DECODE_PIXELS
        if w * h > limit:
            out.documents.append(_too_large(pic.name, f"The picture {pic.name} is {w}x{h} pixels "
                                            f"({w * h / 1e6:.0f} megapixels); at most {limit / 1e6:.0f} "
                                            "are read. Please send a smaller photo or a PDF."))
            continue
        room = ocr.MAX_PAGES - len(pages)
        if room <= 0:
            out.problems.append(new_problem("unsupported_attachment", f"The picture {pic.name} was not read: at most "
                                        f"{ocr.MAX_PAGES} pictures of pages are read by OCR per mail; a staff member "
                                        "will look at it.", filename=pic.name))
            continue
        if budget_s - (time.monotonic() - started) < MIN_OCR_S:
            out.problems.append(_out_of_time(pic.name))
            continue
        try:
            pages += [(pic.name, f) for f in _frames(im, pic.name, notes, room)]
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - a truncated or hostile picture: named, never a crash
            out.problems.append(new_problem("unsupported_attachment", f"The picture {pic.name} could not be read "
                                        f"({type(exc).__name__}); a staff member will look at it.", filename=pic.name))
    if not pages:
        return out
    if ocr.languages() is None:
        for name in dict.fromkeys(n for n, _ in pages):
            out.problems.append(new_problem("unsupported_attachment", f"The picture {name} looks like a page, but OCR "
                                        "is not installed here; a staff member will look at it.", filename=name))
        return out
    content = PdfContent(data=b"")
    names: dict[int, str] = {}
    for n, (name, image) in enumerate(pages, start=1):
        left = budget_s - (time.monotonic() - started)
        if left < MIN_OCR_S:
            out.problems.append(_out_of_time(name))
            continue
        began = time.monotonic()
        allowed = min(ocr.PAGE_TIMEOUT_S, left)
        res = ocr.ocr_page(_AsPage(image), allowed, PICTURE_RESOLUTION)
        if res is None and time.monotonic() - began >= 0.9 * allowed:
            # OCR stopped at its time, not a picture without text: staff see it
            out.problems.append(new_problem("unsupported_attachment", f"The picture {name} was not read: reading it "
                                            f"took longer than the {allowed:.0f} s it had; a staff member will look "
                                            "at it.", filename=name))
            continue
        if res is None or len(res[0]) < MIN_WORDS:
            out.problems.append(new_problem("unsupported_attachment", f"The picture {name} was read by OCR but holds "
                                        "no document text the bot can use; a staff member will look at it.",
                                        filename=name))
            continue
        content.lines.extend(_build_lines(res[0], n))
        content.pages_read.append(n)
        content.ocr_pages.append(n)
        content.ocr_confidence.append(res[1])
        content.ocr_seconds.append(time.monotonic() - began)
        content.page_widths[n] = image.size[0] * 72.0 / PICTURE_RESOLUTION
        names[n] = name
    if not content.pages_read:
        return out
    content.page_count = len(pages)
    content.notes = notes
    for name in dict.fromkeys(n for n, _ in pages if notes):
        out.problems.append(new_problem("unsupported_attachment", f"Not all of the picture {name} was read: "
                                    + "; ".join(notes) + ".", filename=name))
    for part in split(content):  # photos of two documents: each its own, named by its own pictures
        mine = list(dict.fromkeys(names[p] for p in part.pages_read))
        out.documents += [amended(doc, source="photo", ocr=True, pictures=mine)
                          for doc in read_page_model(part, ", ".join(mine))]
    return out


def _too_large(name: str, message: str) -> Document:
    """A picture too large to be read: a document of no kind that says so."""
    return Document.model_validate({"filename": name, "kind": "unknown", "fields": {}, "source": "photo",
                                    "problems": [new_problem("too_large", message)]})
