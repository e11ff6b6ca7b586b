"""A starting runner sweeps the mail copies a SIGKILLed daemon left, and never a live process's copy."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from mailbot import spool
from mailbot.app import App
from mailbot.config import from_dict
from mailbot.store.raw import spool_dir
from parsers.reading import Reading

# a process that copies a mail out the way the parse stage does, says where, and waits to be killed
_HOLDER = """
import sys, time
from pathlib import Path
from mailbot import spool
fd, name = spool.temp_file(Path(sys.argv[1]), spool.RAW)
with open(fd, "wb") as out:
    out.write(b"Subject: x\\r\\n\\r\\nbody")
print(name, flush=True)
time.sleep(60)
"""


def _holder(folder: Path) -> tuple[subprocess.Popen[str], Path]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(folder)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, Path(proc.stdout.readline().strip())


def test_the_copies_of_a_killed_process_go_and_a_live_ones_stay(tmp_path: Path) -> None:
    killed, left = _holder(tmp_path)
    live, kept = _holder(tmp_path)
    try:
        os.kill(killed.pid, signal.SIGKILL)  # its `finally` never runs
        killed.wait()
        fd, mine = spool.temp_file(tmp_path, spool.FETCH)
        os.close(fd)
        unowned_old = tmp_path / "mailbot-raw-abc123.eml"  # named before copies carried their process
        unowned_old.write_bytes(b"x")
        os.utime(unowned_old, (time.time() - 2 * 86400,) * 2)
        unowned_new = tmp_path / "mailbot-raw-def456.eml"
        unowned_new.write_bytes(b"x")
        other = tmp_path / "someone-else.eml"
        other.write_bytes(b"x")
        assert left.exists() and str(killed.pid) in left.name

        assert spool.sweep(tmp_path) == 2

        assert not left.exists() and not unowned_old.exists()
        assert kept.exists() and Path(mine).exists() and unowned_new.exists() and other.exists()
    finally:
        live.kill()
        live.wait()


def test_a_starting_runner_sweeps_its_spool(tmp_path: Path) -> None:
    cfg = from_dict({"addresses": {"medcom": "sdn@medcom.example", "tdc": ["t@tdc.example"]},
                     "database": {"url": f"sqlite:///{tmp_path / 'bot.db'}"}}, base=tmp_path)
    app = App.open(cfg)
    folder = spool_dir(app.engine)
    assert folder is not None
    killed, left = _holder(folder)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert left.exists()
    app.runner()
    assert not left.exists()


def _writes_then_hangs() -> Reading:
    """A reader that leaves a temporary file where tesseract would, then never answers."""
    with tempfile.NamedTemporaryFile(prefix="tess_", delete=False) as f:
        f.write(b"page")
    time.sleep(60)
    return Reading()


def _writes_then_answers() -> Reading:
    with tempfile.NamedTemporaryFile(prefix="tess_", delete=False) as f:
        f.write(b"page")
    return Reading()


def test_a_reader_child_writes_in_a_folder_of_its_own_that_goes_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parsers import bounded

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    bounded._run(_writes_then_answers, (), 30, 1024, False, None, None)
    bounded._run(_writes_then_hangs, (), 1, 1024, False, None, None)  # killed at its timeout by the parent
    deadline = time.monotonic() + 30  # the answering child removes its folder as it exits: a guard, not a measure
    while list(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.iterdir()) == []


def test_a_killed_reader_childs_folder_is_swept(tmp_path: Path) -> None:
    holder = ("import sys, tempfile, time\nfrom parsers import scratch\nfolder = scratch.enter()\n"
              "with tempfile.NamedTemporaryFile(prefix='tess_', delete=False) as f:\n    f.write(b'page')\n"
              "print(folder, flush=True)\ntime.sleep(60)\n")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    killed = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True, env=env)
    live = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert killed.stdout is not None and live.stdout is not None
        gone, kept = Path(killed.stdout.readline().strip()), Path(live.stdout.readline().strip())
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert gone.name == f"mailbot-child-{killed.pid}" and any(gone.iterdir())
        assert spool.sweep(tmp_path) == 1
        assert not gone.exists() and kept.exists()
    finally:
        live.kill()
        live.wait()
