"""A reader child's own temporary folder, named by its process id.

What a child and the tools it runs leave in the temporary folder (the OCR's page images and text,
`tess_*`) lives in `<tmp>/mailbot-child-<pid>/`: the child removes it when it leaves (or finds its parent
gone), the parent when it kills the child at its timeout, and a starting daemon sweeps the folders whose
process is dead (`mailbot/spool.py`): a SIGKILL runs no `finally`."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "mailbot-child-"


def enter() -> Path | None:
    """Make this process's folder and send every temporary file there (Python's and its children's)."""
    base = Path(tempfile.gettempdir())
    folder = base / f"{PREFIX}{os.getpid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None  # the system's folder then: reading goes on
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)
    return folder


def forget(pid: int | None) -> None:
    """Remove the folder of a child the parent killed (it could not remove it itself)."""
    if pid is not None:
        shutil.rmtree(Path(tempfile.gettempdir()) / f"{PREFIX}{pid}", ignore_errors=True)


def leave() -> None:
    """Remove this process's folder (called just before the child's os._exit)."""
    folder = tempfile.tempdir
    if folder and Path(folder).name == f"{PREFIX}{os.getpid()}":
        shutil.rmtree(folder, ignore_errors=True)
