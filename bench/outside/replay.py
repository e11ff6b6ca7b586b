"""Print a reading saved by run.py, so ../shared/corpus/score can score the very readings run.py scored
(the reader is run once; under load its OCR budget could make a second run differ).

    python bench/outside/replay.py READINGS_DIR PATH
"""
from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    saved = Path(sys.argv[1]) / (Path(sys.argv[2]).name + ".json")
    if not saved.exists():
        return 1
    sys.stdout.write(saved.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
