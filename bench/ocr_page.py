"""What OCR of one page costs (parsers/documents/ocr.py): CPU seconds of this process and of the Tesseract
processes it starts, wall seconds, and the largest Tesseract process's resident memory, per page.

    .venv/bin/python bench/ocr_page.py DIR [PAGES]     # the first page of each PDF in DIR, at most PAGES (12)

A page whose text layer does not decode (`mutool convert`) is read as the reader reads it: its glyphs with
OCR's letters (ocr_layer.read_layer), or OCR alone when the layer cannot lend its layout ("layer"/"ocr").

CPU seconds are what the per-page cap (`ocr.PAGE_CPU_S`, RLIMIT_CPU) counts; wall seconds grow with the load
of the machine and are printed only to show how far they drift from the CPU."""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    import pdfplumber

    from parsers.documents import ocr, ocr_layer
    from parsers.documents.page import _page_objects, broken_text

    pdfs = sorted(Path(sys.argv[1]).glob("*.pdf"))[: int(sys.argv[2]) if len(sys.argv) > 2 else 12]
    rows = []
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            me0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.monotonic()
            page = doc.pages[0]
            chars = _page_objects(page).chars
            how = "ocr"
            if chars and broken_text(chars):  # no wall-clock limit: the CPU is measured
                layer = ocr_layer.read_layer(page, chars, 600.0)
                read = None if layer is None else (layer[1], layer[2])
                how = "layer" if layer is not None and layer[0] is not None else how
            else:
                read = ocr.ocr_page(page, 600.0, marks=[])  # as the reader reads a scan: its pen strokes too
            wall = time.monotonic() - began
            me1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        own = me1.ru_utime - me0.ru_utime + me1.ru_stime - me0.ru_stime
        tess = kids1.ru_utime - kids0.ru_utime + kids1.ru_stime - kids0.ru_stime
        rows.append((own, tess, wall))
        print(f"{pdf.name[:60]:<60} {how:<5} words {len(read[0]) if read else 0:>4}  own CPU {own:5.2f} s  "
              f"Tesseract CPU {tess:5.2f} s  wall {wall:5.1f} s")
    if rows:
        n = len(rows)
        print(f"mean over {n} pages: own CPU {sum(r[0] for r in rows) / n:.2f} s, Tesseract CPU "
              f"{sum(r[1] for r in rows) / n:.2f} s, wall {sum(r[2] for r in rows) / n:.1f} s; largest Tesseract "
              f"process {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB, this process "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
