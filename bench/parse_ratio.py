"""How much read_pdf costs over one bare pdfplumber text pass, per document, as a ratio.

    python bench/parse_ratio.py [DIR_OR_PDF ...]     (default ../shared/corpus/docs; with --generated,
                                                      our own blank forms filled in)

Ratios, not absolute timings, so the figure means the same on any machine. Goal: <= 1.3.
read_pdf opens each PDF once (one pdfplumber.open per document); the baseline does the same.
"""
from __future__ import annotations

import argparse
import io
import pathlib
import statistics
import sys
import tempfile
import time

import pdfplumber

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from parsers import read_pdf  # noqa: E402


def baseline(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def best_of(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def generated() -> list[pathlib.Path]:
    from mailbot.blank_forms import build_all
    out = pathlib.Path(tempfile.mkdtemp(prefix="bench-forms-"))
    return build_all(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--generated", action="store_true", help="bench our own generated forms")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.generated:
        files = generated()
    else:
        roots = [pathlib.Path(p) for p in args.paths] or \
            [pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "docs"]
        files = sorted(f for r in roots for f in ([r] if r.is_file() else r.rglob("*.pdf")))
    ratios: list[float] = []
    for f in files:
        data = f.read_bytes()
        try:
            base = best_of(lambda: baseline(data), args.repeat)  # noqa: B023
        except Exception:
            print(f"   -    {f.name} (pdfplumber cannot read it; skipped)")
            continue
        ours = best_of(lambda: read_pdf(data, f.name), args.repeat)  # noqa: B023
        ratio = ours / base if base > 0 else float("nan")
        ratios.append(ratio)
        print(f"{ratio:5.2f}  {f.name}")
    if ratios:
        print(f"parse-ratio: median {statistics.median(ratios):.2f}, mean {statistics.fmean(ratios):.2f}, "
              f"max {max(ratios):.2f} over {len(ratios)} documents (goal <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
