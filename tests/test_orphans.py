"""Children of a killed daemon exit quietly: a bounded reader whose parent died leaves at once, without a
plain-text traceback on the shared stderr (outside the JSON log)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PARENT = """
import sys, time
from parsers import bounded
from parsers.reading import Reading

def slow(seconds):
    time.sleep(seconds)
    return Reading()

job = bounded._start(slow, (8.0,), timeout_s=60, max_memory_mb=512, is_pdf=False, filename=None)
print(job.proc.pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_reader_whose_parent_was_killed_exits_at_once_and_quietly(tmp_path: Path) -> None:
    err = tmp_path / "stderr"
    with err.open("wb") as sink:
        parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, stderr=sink,
                                  cwd=Path(__file__).resolve().parents[1])
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _alive(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5  # its work would take 8 s more; the watch looks every 0.5 s
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
    time.sleep(0.5)
    assert "Traceback" not in err.read_text(errors="replace")
