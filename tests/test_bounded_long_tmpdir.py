"""A daemon whose temporary folder (TMPDIR) has a long path still reads: the fork server's AF_UNIX socket,
which multiprocessing puts in a folder under TMPDIR, cannot be bound past sun_path's 108 bytes, and then
every mail was "could not be read" (found when pytest's numbered temporary folders passed pytest-99)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .pipeline import mails

_READ = """
import json, os, sys, threading
from parsers import bounded
if os.environ.get("NO_SHORT_TEMP"):
    bounded._SHORT_TEMP = ()  # a system without any short temporary folder
stop = threading.Event()
threading.Thread(target=stop.wait, daemon=True).start()  # a daemon has threads: the fork server is used
raw = sys.stdin.buffer.read()
out = [r.as_json() for r in bounded.read_mails_bounded([raw, raw], parallel=2)]
from multiprocessing import util
print(json.dumps([bounded._context().get_start_method(), util.get_temp_dir(), [o["message"]["case_ref"] for o in out],
                  [p["code"] for o in out for p in o["message"]["problems"]]]))
stop.set()
"""


def _read_under(tmpdir: Path, **env: str) -> tuple[str, Path, list[str], list[str]]:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", _READ], input=mails.agreements("SDN-2026-0001"),
                          capture_output=True, cwd=root, timeout=300,
                          env={**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(root), **env})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    method, own, refs, codes = json.loads(done.stdout)
    return str(method), Path(own), list(refs), list(codes)


def test_a_long_temporary_folder_still_reads_with_the_fork_server(tmp_path: Path) -> None:
    deep = tmp_path / ("t" * 60) / ("e" * 40)
    deep.mkdir(parents=True)
    assert len(os.fsencode(deep)) + len("/pymp-XXXXXXXX/listener-XXXXXXXX") > 107
    method, own, refs, codes = _read_under(deep)
    assert refs == ["SDN-2026-0001", "SDN-2026-0001"]
    assert "crash" not in codes and "error" not in codes, codes
    assert method == "forkserver"
    assert deep not in own.parents  # multiprocessing's folder (the socket's) went where it can be bound


def test_a_short_temporary_folder_keeps_multiprocessings_own_place() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as short:
        method, own, refs, _ = _read_under(Path(short))
        assert method == "forkserver" and refs == ["SDN-2026-0001", "SDN-2026-0001"]
        assert own.parent == Path(short)


def test_without_a_short_folder_the_readers_start_by_spawn(tmp_path: Path) -> None:
    deep = tmp_path / ("t" * 60) / ("e" * 40)
    deep.mkdir(parents=True)
    method, _, refs, codes = _read_under(deep, NO_SHORT_TEMP="1")
    assert method == "spawn"
    assert refs == ["SDN-2026-0001", "SDN-2026-0001"] and "crash" not in codes, codes
