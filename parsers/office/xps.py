"""XPS and OpenXPS documents (.xps, .oxps: what Windows' "Microsoft XPS Document Writer" prints to, the XPS cousin
of "Microsoft Print to PDF"): converted to PDF by MuPDF's `mutool convert` (Debian's mupdf-tools; its text comes
from each glyph run's UnicodeString) and read as a PDF. A print of another file carries no signature of its own and
may have lost what the original held, so every document from it is `uncertain`: staff confirm, and the party is
told nothing on it. One mutool does not convert, or a machine without it: named for staff.

An XPS is a ZIP package, known by its parts (`_rels/.rels` pointing at a FixedDocumentSequence), so it is never
opened as an archive whose parts are each named."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .legacy import Unconverted, run_bounded

MAX_BYTES = 20 * 1024 * 1024
MUTOOL_ADDRESS_MB = 1024


def is_xps(names: set[str], rels: bytes) -> bool:
    """A package whose root relationships name a fixed document sequence (XPS's and OpenXPS's own)."""
    return any(n.lower().endswith(".fdseq") for n in names) and (
        b"/fixedrepresentation" in rels or b"FixedDocumentSequence" in rels or not rels)


def to_pdf(data: bytes) -> bytes:
    """The XPS document as the PDF mutool makes of it; raises Unconverted with the reason."""
    exe = shutil.which("mutool")
    if exe is None:
        raise Unconverted("MuPDF's mutool, which converts it, is not installed here")
    if len(data) > MAX_BYTES:
        raise Unconverted(f"it is {len(data):,} bytes, more than the {MAX_BYTES:,} converted")
    with tempfile.TemporaryDirectory(prefix="mailbot-xps-") as tmp:
        src, out = Path(tmp) / "file.xps", Path(tmp) / "file.pdf"
        src.write_bytes(data)
        run_bounded([exe, "convert", "-F", "pdf", "-o", str(out), str(src)], tmp, "mutool", MUTOOL_ADDRESS_MB)
        if not out.is_file() or not out.stat().st_size:
            raise Unconverted("mutool could not convert it (the file may be damaged)")
        return out.read_bytes()
