"""Peak memory of each hostile mail read alone, the way the daemon reads it: one process that imports
what the daemon does (`mailbot.cli`), then `read_mails_bounded` of the stored mail's path, so the worker
is a fork of it and OCR a Tesseract child of that worker. The whole tree's PSS is sampled, as in
bench/run.py, and split by role at its peak; shows which mails set the hostile suite's peak.

    .venv/bin/python bench/hostile_each.py [NAME-SUBSTRING ...]
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import hostile  # noqa: E402
from run import PY, measure  # noqa: E402

READ = """
import json, pathlib, sys
import mailbot.cli  # what the daemon has imported before its first parse
from parsers.bounded import read_mails_bounded
out = read_mails_bounded([pathlib.Path(sys.argv[1])], max_memory_mb=128)[0].as_json()
docs = out.get("documents") or []
print(json.dumps({"documents": len(docs), "problems": [p.get("code") for p in
                  (out.get("message") or {}).get("problems", [])][:3]}))
"""


def main() -> None:
    wanted = [a.lower() for a in sys.argv[1:]]
    mails = hostile.suite(float(os.environ.get("BENCH_SCALE", "1"))) + hostile.inquiries(1)
    with tempfile.TemporaryDirectory() as tmp:
        for name, raw in mails:
            if wanted and not any(w in name.lower() for w in wanted):
                continue
            path = Path(tmp) / "mail.eml"
            path.write_bytes(raw)
            m = measure([PY, "-c", READ, str(path)], ROOT)
            what = m.output.strip().splitlines()[-1:] if m.returncode == 0 else [f"exit {m.returncode}"]
            print(f"{name[:30]:30} {m.peak_mb:5.0f} MB PSS  {m.peak_parts}  {m.seconds:5.1f} s  {what[0][:90]}",
                  flush=True)


if __name__ == "__main__":
    main()
