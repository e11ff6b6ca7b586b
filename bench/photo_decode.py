"""What opening a phone photo of a page costs before OCR (parsers/images: decode, turn upright, scale to a page,
deskew), per format: the same photo (bench/outside/deliveries.photograph: a 12 MP frame of a printed form,
turned, at a slant, unevenly lit) saved as JPEG, HEIF (an iPhone's HEIC) and WebP.

    .venv/bin/python bench/photo_decode.py [REPEATS]

A JPEG is decoded at a fraction of its size (draft mode); HEIC and WebP have no such mode here and are decoded
whole (12 MP), which is what this measures. CPU seconds are this process's (libheif's decoding threads
included); wall seconds drift with the machine's load."""
from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _page(tmp: Path) -> Path:
    """A filled information form's first page as a 150 dpi PNG, as a printer lays it on paper."""
    from mailbot.blank_forms import build_information_form

    pdf = tmp / "form.pdf"
    build_information_form("da", pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True)
    return next(tmp.glob("page*.png"))


def main() -> None:
    from bench.outside.deliveries import photograph
    from parsers.images import _frames, _open

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory(prefix="photo-decode-") as tmp:
        page = _page(Path(tmp))
        for fmt in ("JPEG", "HEIF", "WEBP"):
            data = photograph(page, random.Random(22), fmt)
            cpu, wall = [], []
            for _ in range(repeats):
                c0, w0 = time.process_time(), time.monotonic()
                im = _open(data)
                _frames(im, "photo", [], 1)
                cpu.append(time.process_time() - c0)
                wall.append(time.monotonic() - w0)
            print(f"{fmt:5} {len(data) / 1e6:5.2f} MB  decode+upright+deskew: CPU {min(cpu):5.2f} s  "
                  f"wall {min(wall):5.2f} s  (best of {repeats})")


if __name__ == "__main__":
    main()
