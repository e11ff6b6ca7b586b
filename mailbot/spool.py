"""Temporary copies of mail on disk, named by the process that owns them, so a starting daemon can sweep
what a killed one left: the `finally` that removes a copy does not run under SIGKILL (after the test suite,
900 copies of raw mail from daemons killed while parsing were left in the temporary folder).

Every temporary copy is named so: a stored mail copied out for a parse child, a large mail fetched in
pieces, a mail being written into the raw store (all in the spool folder, `store/raw.py spool_dir`), and a
reader child's own folder (`parsers/scratch.py`: what tesseract writes) in the system's temporary folder."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from parsers.scratch import PREFIX as CHILD

RAW = "mailbot-raw-"  # a stored mail copied out for a parse child (store/raw.py as_path)
FETCH = "mailbot-fetch-"  # a large mail fetched from IMAP in pieces (transport/imap.py)
STORE = "mailbot-store-"  # a mail being written into the raw store, renamed into place when whole
_OURS = re.compile(rf"(?:{RAW}|{FETCH}|{STORE})(?:(\d+)-)?[^/]*\.eml")
_CHILD = re.compile(rf"{CHILD}(\d+)")
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
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but was not reaped (its parent killed, and an init that does not reap, as
    in this machine's containers) still answers kill(pid, 0), yet will never remove anything."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no /proc (not Linux): kill's answer stands
    return stat[stat.rfind(")") + 2:][:1] == "Z"


def sweep(folder: Path | None) -> int:
    """Remove the copies and reader children's folders in `folder` whose process is gone (and unowned
    copies over a day old); a live process's, this one's or another daemon's on the same machine, stay.
    Returns how many went."""
    root = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        child = _CHILD.fullmatch(entry.name)
        if child is not None and entry.is_dir(follow_symlinks=False):
            if not _alive(int(child.group(1))):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
            continue
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
