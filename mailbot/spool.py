"""Temporary copies of mail on disk, named by the process that owns them, so a starting daemon can sweep
what a killed one left: the `finally` that removes a copy does not run under SIGKILL (after the test suite,
900 copies of raw mail from daemons killed while parsing were left in the temporary folder)."""
from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

RAW = "mailbot-raw-"  # a stored mail copied out for a parse child (store/raw.py as_path)
FETCH = "mailbot-fetch-"  # a large mail fetched from IMAP in pieces (transport/imap.py)
_OURS = re.compile(rf"(?:{RAW}|{FETCH})(?:(\d+)-)?[^/]*\.eml")
# a copy named before copies carried their process (no pid to ask): no parse or fetch lasts a day
_UNOWNED_AGE_S = 24 * 3600


def temp_file(folder: Path | None, prefix: str) -> tuple[int, str]:
    """A new temporary .eml file (descriptor, path) in `folder` (None: the system's temporary folder),
    named with this process's id."""
    return tempfile.mkstemp(dir=folder, prefix=f"{prefix}{os.getpid()}-", suffix=".eml")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def sweep(folder: Path | None) -> int:
    """Remove the copies in `folder` whose process is gone (and unowned ones over a day old); a copy of a
    live process, this one's or another daemon's on the same machine, stays. Returns how many went."""
    root = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        m = _OURS.fullmatch(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if m.group(1) is not None:
                pid = int(m.group(1))
                if pid == os.getpid() or _alive(pid):
                    continue
            elif now - entry.stat(follow_symlinks=False).st_mtime < _UNOWNED_AGE_S:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed
