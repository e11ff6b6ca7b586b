"""Run the readers in a child process with a wall-clock timeout and a memory cap.

Hostile input (decompression bombs, endless MIME nesting, broken PDFs) must end as a clear problem,
not as a hung or killed daemon. On timeout, crash or oversize a valid contract object comes back.
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import pathlib
import pickle
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import connection as mp_connection
from multiprocessing.connection import Connection
from typing import Any

from mailbot.core.refs import DEFAULT_PREFIX

from . import budget
from .reading import Reading

MAX_BYTES = 25_000_000
MailInput = bytes | pathlib.Path  # a mail's bytes, or the file that holds them (read by the child)


def _read_input(item: MailInput, ref_prefix: str = DEFAULT_PREFIX) -> dict[str, Any]:
    """read_mail in the child, of bytes or of a file: a stored mail is handed over by its path, so the
    parent never holds it to pass it on."""
    from .mail import read_mail
    return read_mail(item.read_bytes() if isinstance(item, pathlib.Path) else item, ref_prefix)


def _size(item: MailInput) -> int:
    return item.stat().st_size if isinstance(item, pathlib.Path) else len(item)


def _with_budget_hits(result: dict[str, Any]) -> dict[str, Any]:
    """Every budget a reading hit becomes a problem of the mail itself (code too_large, and which
    `[limits]` key), so the route stage keeps the mail for staff with the reason and never answers it."""
    hits = budget.all_hits()
    msg = result.get("message") if isinstance(result, dict) else None
    if hits and isinstance(msg, dict):
        problems = msg.setdefault("problems", [])
        for key, what in hits:
            problems.append({"code": "too_large", "limit": key,
                             "message": f"A document is beyond what is read safely: {what}."})
    return result



def human_size(n: int) -> str:
    """A size a person can compare: an 8 KB mail over a 5,000-byte limit is not "0.0 MB; the limit is 0 MB"."""
    if n < 10_000:
        return f"{n:,} bytes"
    if n < 1_000_000:
        return f"{n / 1e3:,.0f} KB"
    return f"{n / 1e6:,.1f}".removesuffix(".0") + " MB"

def _failed(code: str, message: str, *, is_pdf: bool, filename: str | None = None,
            limit: str | None = None) -> dict[str, Any]:
    """A contract object saying why nothing could be read (`limit`: the [limits] key it hit)."""
    return Reading.failed(code, message, is_pdf=is_pdf, filename=filename, limit=limit).as_json()


def _orphan_watch() -> None:
    """A child whose parent died (the daemon SIGKILLed, or the fork server gone with it) has nobody to
    answer and nobody to stop it at its timeout: it leaves at once, silently."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def address_space() -> int:
    """This process's address space now (VmSize, bytes); 0 where /proc cannot say."""
    try:
        return int(pathlib.Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def address_limit(current: int, max_memory_mb: int) -> int:
    """The RLIMIT_AS of a child: what it already maps (the interpreter and the readers it inherited, the
    same in every child) plus the reading's own budget, so the budget means what one reading may add."""
    return current + max_memory_mb * 1024 * 1024


def _child(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], max_memory_mb: int, w: Connection,
           budgets: budget.Budgets | None = None) -> None:
    _orphan_watch()
    try:
        limit = address_limit(address_space(), max_memory_mb)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    except (ValueError, OSError):
        pass
    budget.use(budgets or budget.Budgets())
    try:
        result: Any = ("ok", _with_budget_hits(fn(*args)))
    except MemoryError:
        result = ("error", "MemoryError")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
        result = ("error", f"{type(exc).__name__}: {exc}"[:300])
    try:
        data = pickle.dumps(result)
    except Exception as exc:
        data = pickle.dumps(("error", f"result not serialisable: {exc}"))
    try:
        w.send_bytes(data)
        w.close()
    except OSError:  # the parent is gone (killed): nobody to tell, and no traceback outside the JSON log
        pass
    os._exit(0)


# what the readers import lazily (signature validation, Danish dates): imported once in the parent before
# the first fork, so every child inherits them instead of importing them again (half a PDF's reading time)
PRELOAD = ["parsers.mail", "parsers.documents", "pyhanko.pdf_utils.reader", "pyhanko.sign.validation",
           "pyhanko_certvalidator", "dateparser.search"]
_preloaded = False


def _preload() -> None:
    global _preloaded
    if _preloaded:
        return
    _preloaded = True
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional reader missing: the child reports it properly
            pass


def _context() -> Any:
    """fork is cheapest, but forking a process with other threads (the daemon's IDLE watcher, the
    scheduler) can copy a held lock into the child; there the fork server, started clean, forks instead."""
    if threading.active_count() > 1 and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    _preload()
    return mp.get_context("fork")


@dataclass
class _Job:
    """One reader running in its child process."""

    proc: Any
    conn: Connection
    deadline: float  # monotonic
    timeout_s: float
    is_pdf: bool
    filename: str | None


def _start(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], timeout_s: float, max_memory_mb: int,
           is_pdf: bool, filename: str | None, budgets: budget.Budgets | None = None) -> _Job:
    ctx = _context()
    r, w = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, max_memory_mb, w, budgets), daemon=True)
    proc.start()
    w.close()
    return _Job(proc, r, time.monotonic() + timeout_s, timeout_s, is_pdf, filename)


def _finish(job: _Job, *, timed_out: bool) -> dict[str, Any]:
    """Collect a child's answer (its pipe is readable, or its time is up) and reap it."""
    proc, r, is_pdf, filename = job.proc, job.conn, job.is_pdf, job.filename
    chunks: list[bytes] = []
    try:
        if timed_out:
            proc.kill()
            proc.join(5)
            return _failed("timeout", f"Reading took longer than {job.timeout_s:.0f} s and was stopped.",
                           is_pdf=is_pdf, filename=filename)
        try:
            chunks.append(r.recv_bytes())
        except EOFError:
            pass  # the child died without an answer: reported below from its exit status
    finally:
        r.close()
    if chunks:
        # it answered and is only exiting: not waited for, so the next child can start at once; it is
        # reaped by multiprocessing's own clean-up at the next start (or read_mails_bounded's end)
        proc.join(0)
    else:
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
        if "MemoryError" in str(value):
            return _failed("too_large", "The reader ran out of the memory one reading may use "
                           "(limits.parse_memory_mb) and was stopped.", is_pdf=is_pdf, filename=filename,
                           limit="parse_memory_mb")
        return _failed("parse_error", f"The reader failed: {value}", is_pdf=is_pdf, filename=filename)
    reading: dict[str, Any] = value
    return reading


def _run(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], timeout_s: float, max_memory_mb: int,
         is_pdf: bool, filename: str | None, budgets: budget.Budgets | None = None) -> dict[str, Any]:
    job = _start(fn, args, timeout_s, max_memory_mb, is_pdf, filename, budgets)
    return _finish(job, timed_out=not job.conn.poll(timeout_s))


def workers() -> int:
    """How many readers run at once: one per core (PDF reading is CPU-bound), at most four."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def read_mails_bounded(raws: list[MailInput], *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                       max_memory_mb: int = 1024, parallel: int | None = None,
                       budgets: budget.Budgets | None = None,
                       ref_prefix: str = DEFAULT_PREFIX) -> list[dict[str, Any]]:
    """read_mail_bounded for several mails (bytes or files), `parallel` children at a time (default: one
    per core).

    Each mail keeps its own child, timeout, memory cap and budgets, so one hostile mail still ends only
    its own reading. Results come back in the order of `raws`; never raises.
    """
    results: list[dict[str, Any] | None] = [None] * len(raws)
    pending = list(range(len(raws)))[::-1]
    running: dict[int, _Job] = {}
    limit = max(1, parallel or workers())
    while pending or running:
        while pending and len(running) < limit:
            i = pending.pop()
            size = _size(raws[i])
            if size > max_bytes:
                results[i] = _too_large(size, max_bytes)
                continue
            running[i] = _start(_read_input, (raws[i], ref_prefix), timeout_s, max_memory_mb, False, None, budgets)
        if not running:
            continue
        wait_s = max(0.0, min(job.deadline for job in running.values()) - time.monotonic())
        ready = set(mp_connection.wait([job.conn for job in running.values()], timeout=wait_s))
        now = time.monotonic()
        for i, job in list(running.items()):
            if job.conn in ready or now >= job.deadline:
                results[i] = _finish(job, timed_out=job.conn not in ready)
                del running[i]
    mp.active_children()  # reaps the children that answered and have exited since
    return [r if r is not None else _too_large(0, max_bytes) for r in results]


def _too_large(size: int, max_bytes: int) -> dict[str, Any]:
    return _failed("too_large", f"The mail is {human_size(size)}; the limit is {human_size(max_bytes)} "
                   "(limits.max_mail_bytes).", is_pdf=False, limit="max_mail_bytes")


def read_mail_bounded(raw: MailInput, *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                      max_memory_mb: int = 1024, budgets: budget.Budgets | None = None,
                      ref_prefix: str = DEFAULT_PREFIX) -> dict[str, Any]:
    """read_mail in a child process, of bytes or of a file; never raises."""
    size = _size(raw)
    if size > max_bytes:
        return _too_large(size, max_bytes)
    return _run(_read_input, (raw, ref_prefix), timeout_s, max_memory_mb, False, None, budgets)


def _read_bytes_as_path(data: bytes, name: str) -> dict[str, Any]:
    from . import read_mail, read_pdf_all
    if data[:1024].lstrip().startswith(b"%PDF"):
        return {"message": None, "documents": read_pdf_all(data, name)}
    return read_mail(data)


def read_path_bounded(path: pathlib.Path, *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                      max_memory_mb: int = 1024) -> dict[str, Any]:
    """read_path in a child process. Raises OSError only when the file cannot be read."""
    path = pathlib.Path(path)
    data = path.read_bytes()
    is_pdf = data[:1024].lstrip().startswith(b"%PDF")
    if len(data) > max_bytes:
        return _failed("too_large", f"The file is {human_size(len(data))}; the limit is {human_size(max_bytes)}.",
                       is_pdf=is_pdf, filename=path.name)
    return _run(_read_bytes_as_path, (data, path.name), timeout_s, max_memory_mb, is_pdf, path.name)
