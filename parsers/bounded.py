"""Run the readers in a child process with a wall-clock timeout and a memory cap.

Hostile input (decompression bombs, endless MIME nesting, broken PDFs) must end as a clear problem,
not as a hung or killed daemon. On timeout, crash or oversize a valid contract object comes back.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pathlib
import pickle
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

MAX_BYTES = 25_000_000


def _failed(code: str, message: str, *, is_pdf: bool, filename: str | None = None) -> dict[str, Any]:
    """A contract object saying why nothing could be read."""
    prob = {"code": code, "message": message}
    if is_pdf:
        return {"message": None, "documents": [{"filename": filename or "document.pdf", "kind": "unknown",
                                                 "fields": {}, "problems": [prob]}]}
    return {"message": {"message_id": None, "from": None, "to": [], "subject": None, "date": None,
                        "in_reply_to": None, "references": [], "case_ref": None, "automated": None,
                        "language": "da", "cc": [], "reply_to": [], "sender_name": None, "body_text": "",
                        "body_new_text": "", "cvrs": [], "auth": {"dmarc": None, "dkim": None, "spf": None},
                        "problems": [prob]},
            "documents": []}


def _child(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], max_memory_mb: int, w: Connection) -> None:
    try:
        limit = max_memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    except (ValueError, OSError):
        pass
    try:
        result: Any = ("ok", fn(*args))
    except MemoryError:
        result = ("error", "MemoryError")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
        result = ("error", f"{type(exc).__name__}: {exc}"[:300])
    try:
        data = pickle.dumps(result)
    except Exception as exc:
        data = pickle.dumps(("error", f"result not serialisable: {exc}"))
    w.send_bytes(data)
    w.close()
    os._exit(0)


def _context() -> Any:
    """fork is cheapest, but forking a process with other threads (the daemon's IDLE watcher, the
    scheduler) can copy a held lock into the child; there the fork server, started clean, forks instead."""
    if threading.active_count() > 1 and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["parsers.mail", "parsers.documents"])
        return ctx
    return mp.get_context("fork")


def _run(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], timeout_s: float, max_memory_mb: int,
         is_pdf: bool, filename: str | None) -> dict[str, Any]:
    ctx = _context()
    r, w = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, max_memory_mb, w), daemon=True)
    proc.start()
    w.close()
    chunks: list[bytes] = []
    try:
        if r.poll(timeout_s):
            try:
                chunks.append(r.recv_bytes())
            except EOFError:
                pass  # the child died without an answer: reported below from its exit status
        else:
            proc.kill()
            proc.join(5)
            return _failed("timeout", f"Reading took longer than {timeout_s:.0f} s and was stopped.",
                           is_pdf=is_pdf, filename=filename)
    finally:
        r.close()
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join(1)
    try:
        status, value = pickle.loads(b"".join(chunks))
    except Exception:
        code = proc.exitcode
        why = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        if code == -signal.SIGKILL or code == -signal.SIGSEGV:
            why += " (probably out of memory)"
        return _failed("parse_error", f"The reader stopped unexpectedly ({why}).", is_pdf=is_pdf, filename=filename)
    if status != "ok":
        failure = "too_large" if "MemoryError" in str(value) else "parse_error"
        return _failed(failure, f"The reader failed: {value}", is_pdf=is_pdf, filename=filename)
    return value


def read_mail_bounded(raw: bytes, *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                      max_memory_mb: int = 1024) -> dict[str, Any]:
    """read_mail in a child process; never raises."""
    from .mail import read_mail
    if len(raw) > max_bytes:
        return _failed("too_large", f"The mail is {len(raw) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB.",
                       is_pdf=False)
    return _run(read_mail, (raw,), timeout_s, max_memory_mb, False, None)


def _read_bytes_as_path(data: bytes, name: str) -> dict[str, Any]:
    from . import read_mail, read_pdf
    if data[:1024].lstrip().startswith(b"%PDF"):
        return {"message": None, "documents": [read_pdf(data, name)]}
    return read_mail(data)


def read_path_bounded(path: pathlib.Path, *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                      max_memory_mb: int = 1024) -> dict[str, Any]:
    """read_path in a child process. Raises OSError only when the file cannot be read."""
    path = pathlib.Path(path)
    data = path.read_bytes()
    is_pdf = data[:1024].lstrip().startswith(b"%PDF")
    if len(data) > max_bytes:
        return _failed("too_large", f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB.",
                       is_pdf=is_pdf, filename=path.name)
    return _run(_read_bytes_as_path, (data, path.name), timeout_s, max_memory_mb, is_pdf, path.name)
