"""Run the readers in a child process with a wall-clock timeout and a memory cap.

Hostile input (decompression bombs, endless MIME nesting, broken PDFs) must end as a clear problem,
not as a hung or killed daemon. On timeout, crash or oversize a valid contract object comes back.

A reading crosses the pipe as the contract's JSON (`Reading.as_json`), and leaves this module as JSON too
(the parse stage checks it strictly and stores it; `mailbot parse` prints it); in between it is a `Reading`.
"""
from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing as mp
import os
import pathlib
import pickle
import resource
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import connection as mp_connection
from multiprocessing import util as mp_util
from multiprocessing.connection import Connection
from typing import Any

from mailbot.core.refs import DEFAULT_PREFIX

from . import budget, scratch
from .reading import Problem, Reading

MAX_BYTES = 25_000_000
MailInput = bytes | pathlib.Path  # a mail's bytes, or the file that holds them (read by the child)


def _read_input(item: MailInput, ref_prefix: str = DEFAULT_PREFIX) -> Reading:
    """The mail's reading in the child, of bytes or of a file: a stored mail is handed over by its path, so
    the parent never holds it to pass it on, and the child maps a large one rather than reading it in."""
    from .mail.reader import mail_file_reading, read_mail
    return mail_file_reading(item, ref_prefix) if isinstance(item, pathlib.Path) else read_mail(item, ref_prefix)


def _size(item: MailInput) -> int:
    return item.stat().st_size if isinstance(item, pathlib.Path) else len(item)


def _with_budget_hits(result: Reading) -> Reading:
    """Every budget a reading hit becomes a problem of the mail itself (code too_large, and which
    `[limits]` key), so the route stage keeps the mail for staff with the reason and never answers it."""
    hits = budget.all_hits()
    msg = result.message
    if hits and msg is not None:
        for key, what in hits:
            if any(p.limit == key for p in msg.problems):
                continue  # the reader named it already (a container: which file)
            msg.problems.append(Problem.model_validate(
                {"code": "too_large", "limit": key, "message": f"A document is beyond what is read safely: {what}."}))
    return result



def human_size(n: int) -> str:
    """A size a person can compare: an 8 KB mail over a 5,000-byte limit is not "0.0 MB; the limit is 0 MB"."""
    if n < 10_000:
        return f"{n:,} bytes"
    if n < 1_000_000:
        return f"{n / 1e3:,.0f} KB"
    return f"{n / 1e6:,.1f}".removesuffix(".0") + " MB"

def _failed(code: str, message: str, *, is_pdf: bool, filename: str | None = None,
            limit: str | None = None) -> Reading:
    """A reading saying why nothing could be read (`limit`: the [limits] key it hit)."""
    return Reading.failed(code, message, is_pdf=is_pdf, filename=filename, limit=limit)


def _keep_shared() -> None:
    """First thing in a child: freeze what it inherited, so that its garbage collector never walks those
    objects. A full collection writes into every object it walks, which copies each page of the inherited
    heap it touches into the child: about 48 MB of the readers' and the daemon's heap per worker
    (bench/cow.py). Freezing moves two list links and touches no object; what the child makes itself is
    collected as before."""
    gc.freeze()


def _orphan_watch() -> None:
    """A child whose parent died (the daemon SIGKILLed, or the fork server gone with it) has nobody to
    answer and nobody to stop it at its timeout: it leaves at once, silently."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                scratch.leave()
                os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _statm(field: int) -> int:
    """One field of /proc/self/statm in bytes (0: VmSize, 1: resident); 0 where /proc cannot say."""
    try:
        return int(pathlib.Path("/proc/self/statm").read_text().split()[field]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def address_space() -> int:
    """This process's address space now (VmSize, bytes); 0 where /proc cannot say."""
    return _statm(0)


def address_limit(current: int, max_memory_mb: int) -> int:
    """The RLIMIT_AS of a child: what it already maps (the interpreter and the readers it inherited, the
    same in every child) plus the reading's own budget, so the budget means what one reading may add."""
    return current + max_memory_mb * 1024 * 1024


def _limit_address_space(max_memory_mb: int) -> None:
    """Caps the child's soft RLIMIT_AS, which is the one enforced. The hard limit is left as it was so that a
    program the reader starts on purpose may be given a cap of its own (LibreOffice maps some 400 MB of address
    space before it reads a byte: parsers/office/legacy.py); nothing the reader runs raises its own limit."""
    try:
        limit = address_limit(address_space(), max_memory_mb)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _answer(fn: Callable[..., Reading], args: tuple[Any, ...],
            budgets: budget.Budgets | None) -> tuple[bytes, bool]:
    """One reading under fresh budgets, pickled as (status, value: the reading's JSON), and whether it read
    cleanly (no error, no budget hit)."""
    budget.use(budgets or budget.Budgets())
    try:
        result: Any = ("ok", _with_budget_hits(fn(*args)).as_json())
    except MemoryError:
        result = ("error", "MemoryError")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
        result = ("error", f"{type(exc).__name__}: {exc}"[:300])
    try:
        return pickle.dumps(result), result[0] == "ok" and not budget.all_hits()
    except Exception as exc:
        return pickle.dumps(("error", f"result not serialisable: {exc}")), False


def _child(fn: Callable[..., Reading], args: tuple[Any, ...], max_memory_mb: int, w: Connection,
           budgets: budget.Budgets | None = None) -> None:
    _keep_shared()
    _orphan_watch()
    scratch.enter()
    _limit_address_space(max_memory_mb)
    data, _ = _answer(fn, args, budgets)
    try:
        w.send_bytes(data)
        w.close()
    except OSError:  # the parent is gone (killed): nobody to tell, and no traceback outside the JSON log
        pass
    scratch.leave()
    os._exit(0)


# what the readers import lazily (signature validation, Danish dates): imported once in the parent before
# the first fork, so every child inherits them instead of importing them again (half a PDF's reading time)
PRELOAD = ["parsers.mail", "parsers.documents", "pyhanko.pdf_utils.reader", "pyhanko.sign.validation",
           "pyhanko_certvalidator", "dateparser.search"]
_preloaded = False


def _preload() -> None:
    """Import PRELOAD once, then freeze this process's objects (gc.freeze): the same copy-on-write as in
    `_keep_shared`, the other way round, since a full collection here, while workers live, would copy the
    pages they share with this process into it (48 MB each time). Frozen objects are never collected as
    cycles: they are the modules and what lived at the first fork, freed by reference counting as ever
    but, if in a cycle, kept (once per process); later objects are collected as before."""
    global _preloaded
    if _preloaded:
        return
    _preloaded = True
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional reader missing: the child reports it properly
            pass
    gc.collect()
    gc.freeze()


# the fork server listens on an AF_UNIX socket at <multiprocessing's folder>/listener-XXXXXXXX, and that
# folder is made as <temporary folder>/pymp-XXXXXXXX: a path longer than sockaddr_un's sun_path (108 bytes
# with its NUL on Linux) cannot be bound, the fork server cannot start, and no mail could be read
_SUN_PATH_MAX = 107
_LISTENER = len("/listener-XXXXXXXX")
_PYMP = len("/pymp-XXXXXXXX")
_SHORT_TEMP = ("/tmp", "/var/tmp", "/dev/shm")


def _fits(folder: str) -> bool:
    return len(os.fsencode(folder)) + _LISTENER <= _SUN_PATH_MAX


def _socket_folder() -> bool:
    """Make multiprocessing's own folder (where the fork server's socket lives) somewhere short enough to
    bind, when the temporary folder (TMPDIR) is too long; the readers' files still go to TMPDIR. False
    when no such folder could be had (then the fork server is not used)."""
    if not _fits(tempfile.gettempdir() + "x" * _PYMP):
        for short in _SHORT_TEMP:
            if os.path.isdir(short) and os.access(short, os.W_OK | os.X_OK):
                saved = tempfile.tempdir
                tempfile.tempdir = short
                try:
                    mp_util.get_temp_dir()  # made once per process, remembered by multiprocessing
                except OSError:
                    continue
                finally:
                    tempfile.tempdir = saved
                break
    try:
        return _fits(mp_util.get_temp_dir())
    except OSError:
        return False


def _context() -> Any:
    """fork is cheapest, but forking a process with other threads (the daemon's IDLE watcher, the
    scheduler) can copy a held lock into the child; there the fork server, started clean, forks instead
    (and where its socket cannot be bound, spawn: slower, but as safe)."""
    if threading.active_count() > 1 and "forkserver" in mp.get_all_start_methods():
        if not _socket_folder():
            return mp.get_context("spawn")
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


def _start(fn: Callable[..., Reading], args: tuple[Any, ...], timeout_s: float, max_memory_mb: int,
           is_pdf: bool, filename: str | None, budgets: budget.Budgets | None = None) -> _Job:
    ctx = _context()
    r, w = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, max_memory_mb, w, budgets), daemon=True)
    proc.start()
    w.close()
    return _Job(proc, r, time.monotonic() + timeout_s, timeout_s, is_pdf, filename)


def _timed_out(timeout_s: float, is_pdf: bool, filename: str | None) -> Reading:
    return _failed("timeout", f"Reading took longer than {timeout_s:.0f} s and was stopped.",
                   is_pdf=is_pdf, filename=filename)


def _finish(job: _Job, *, timed_out: bool) -> Reading:
    """Collect a child's answer (its pipe is readable, or its time is up) and reap it."""
    proc, r, is_pdf, filename = job.proc, job.conn, job.is_pdf, job.filename
    chunks: list[bytes] = []
    try:
        if timed_out:
            proc.kill()
            proc.join(5)
            scratch.forget(proc.pid)
            return _timed_out(job.timeout_s, is_pdf, filename)
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
        scratch.forget(proc.pid)  # it died without an answer: whatever it wrote goes with it
    return _decode(b"".join(chunks) if chunks else None, proc, is_pdf, filename)


def _decode(data: bytes | None, proc: Any, is_pdf: bool, filename: str | None) -> Reading:
    """A child's answer (the reading's JSON) as a `Reading`; no answer (None): why, from its exit status. It
    is loaded leniently: a field its kind has not is kept, for the parse stage's strict check to refuse."""
    try:
        assert data is not None
        status, value = pickle.loads(data)
    except Exception:
        if proc.is_alive():
            proc.join(5)
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
    try:
        return Reading.model_validate(value)
    except ValueError as exc:  # the child built it from the model: a bug here, reported, never raised
        return _failed("parse_error", f"The reading does not fit the document model: {exc}"[:300], is_pdf=is_pdf,
                       filename=filename)


def _run(fn: Callable[..., Reading], args: tuple[Any, ...], timeout_s: float, max_memory_mb: int,
         is_pdf: bool, filename: str | None, budgets: budget.Budgets | None = None) -> Reading:
    job = _start(fn, args, timeout_s, max_memory_mb, is_pdf, filename, budgets)
    return _finish(job, timed_out=not job.conn.poll(timeout_s))


WORKER_MAILS = 200  # mails one worker reads before a fresh one takes over (a bound on a slow heap drift)
WORKER_GROWTH_MB = 64  # a worker whose resident memory grew by more than this after a mail is replaced
WORKER_LARGE_BYTES = 2_000_000  # a worker that read a mail this large is replaced (its heap is the mail's now)
WORKER_IDLE_S = 300.0  # a worker with nothing to read for this long leaves (an idle daemon holds no readers)
WORKER_READINGS = 64  # PDF readings a worker remembers (parsers/documents/pipeline.remember_readings)


def _rss() -> int:
    return _statm(1)


# the environment that tells a reader its trust roots and S/MIME key (set by `configure` in
# parsers.documents.signing and parsers.containers.smime)
READER_ENV = ("MAILBOT_SIGNATURE_TRUST_ROOTS", "MAILBOT_SMIME_KEY", "MAILBOT_SMIME_CERT", "MAILBOT_SMIME_PASSWORD")


def _reader_env() -> tuple[tuple[str, str], ...]:
    """The reader settings in force now: part of a worker's key, and handed to it, so a worker started
    before they changed (or by a fork server started before) never reads with the old ones."""
    return tuple((k, os.environ[k]) for k in READER_ENV if k in os.environ)


def _serve(conn: Connection, max_memory_mb: int, budgets: budget.Budgets | None, ref_prefix: str,
           env: tuple[tuple[str, str], ...] = ()) -> None:
    """A long-lived reader: mails in, readings out, one at a time, under the same address-space limit and
    fresh budgets for every mail. It leaves after any mail that did not read cleanly (an error or a budget
    hit: whatever that mail did to this process goes with it), when its memory grew too much (resident, or
    mapped by more than one reading's budget: the cap is set afresh before each mail, so what earlier mails
    left never narrows the next one's), when the parent sends None, or after WORKER_IDLE_S without work."""
    _keep_shared()
    _orphan_watch()
    scratch.enter()
    for k in READER_ENV:
        os.environ.pop(k, None)
    os.environ.update(dict(env))
    from .documents import pipeline

    pipeline.remember_readings(WORKER_READINGS)
    base, mapped = _rss(), address_space()
    try:
        while conn.poll(WORKER_IDLE_S):
            item = conn.recv()
            if item is None:
                break
            try:
                large = _size(item) > WORKER_LARGE_BYTES
            except (OSError, TypeError):  # gone, or not a mail: the reading below says so
                large = True
            _limit_address_space(max_memory_mb)  # each mail its whole budget, whatever earlier mails left
            data, clean = _answer(_read_input, (item, ref_prefix), budgets)
            grown = (large or _rss() - base > WORKER_GROWTH_MB * 1024 * 1024
                     or address_space() - mapped > max_memory_mb * 1024 * 1024)
            conn.send_bytes(data)
            conn.send(clean and not grown)
            if not clean or grown:
                break
    except (EOFError, OSError):  # the parent closed its end or is gone
        pass
    scratch.leave()
    os._exit(0)


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    key: tuple[Any, ...]
    mails: int = 0


_IDLE: list[_Worker] = []  # workers waiting for a mail, of any settings (their key says which)


def _worker(key: tuple[Any, ...]) -> _Worker:
    """An idle worker for these settings, or a new one."""
    for w in [w for w in _IDLE if w.key == key]:
        _IDLE.remove(w)
        if w.proc.is_alive():
            return w
        _retire(w)
    return _spawn(key)


def _spawn(key: tuple[Any, ...]) -> _Worker:
    ctx = _context()
    ours, theirs = ctx.Pipe(duplex=True)
    max_memory_mb, budgets, ref_prefix, env = key
    proc = ctx.Process(target=_serve, args=(theirs, max_memory_mb, budgets, ref_prefix, env), daemon=True)
    proc.start()
    theirs.close()
    return _Worker(proc, ours, key)


def _retire(w: _Worker, *, kill: bool = False) -> None:
    """Let a worker go: told to leave (its pipe's end may live on in a sibling forked after it, so the
    parent closing it is no signal), or killed."""
    with contextlib.suppress(OSError, ValueError):
        if not kill:
            w.conn.send(None)
        w.conn.close()
    if kill and w.proc.is_alive():
        w.proc.kill()
        w.proc.join(1)
        scratch.forget(w.proc.pid)
    w.proc.join(0)


def close_workers() -> None:
    """Let every idle worker go (at the daemon's stop, and in tests)."""
    while _IDLE:
        _retire(_IDLE.pop())
    mp.active_children()


def _pool_read(raws: list[MailInput], results: list[Reading | None], todo: list[int], timeout_s: float,
               max_memory_mb: int, budgets: budget.Budgets | None, ref_prefix: str, limit: int) -> None:
    """Read `todo` (indexes of raws) with at most `limit` long-lived workers, each mail with its own deadline;
    a worker past a mail's deadline is killed and the mail reported as timed out."""
    key = (max_memory_mb, budgets, ref_prefix, _reader_env())
    pending = todo[::-1]
    running: dict[int, tuple[_Worker, float]] = {}
    while pending or running:
        while pending and len(running) < limit:
            i = pending.pop()
            w = _worker(key)
            try:
                w.conn.send(raws[i])
            except (OSError, ValueError):  # it left meanwhile (idle for long): a fresh one
                _retire(w, kill=True)
                w = _spawn(key)
                w.conn.send(raws[i])
            running[i] = (w, time.monotonic() + timeout_s)
        wait_s = max(0.0, min(d for _, d in running.values()) - time.monotonic())
        ready = set(mp_connection.wait([w.conn for w, _ in running.values()], timeout=wait_s))
        now = time.monotonic()
        for i, (w, deadline) in list(running.items()):
            if w.conn not in ready and now < deadline:
                continue
            del running[i]
            if w.conn not in ready:
                _retire(w, kill=True)
                results[i] = _timed_out(timeout_s, False, None)
                continue
            data: bytes | None = None
            again = False
            try:
                data = w.conn.recv_bytes()
                again = bool(w.conn.recv())
            except (EOFError, OSError):  # it died reading this mail (a signal, the memory limit), or after
                pass
            results[i] = _decode(data, w.proc, False, None)
            w.mails += 1
            if again and w.mails < WORKER_MAILS:
                _IDLE.append(w)
            else:
                _retire(w, kill=data is None)


def workers() -> int:
    """How many readers run at once: one per core (PDF reading is CPU-bound), at most four."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def read_mails_bounded(raws: list[MailInput], *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                       max_memory_mb: int = 1024, parallel: int | None = None,
                       budgets: budget.Budgets | None = None,
                       ref_prefix: str = DEFAULT_PREFIX) -> list[Reading]:
    """read_mail_bounded for several mails (bytes or files), `parallel` at a time (default: one per core).

    The mails are read by long-lived worker processes (a fork per mail cost more than many a reading), each
    mail with its own timeout, the worker's memory cap and fresh budgets; a worker leaves after a mail that
    did not read cleanly, so one hostile mail still ends only its own reading and never shares a process
    with the next. Results come back in the order of `raws`; never raises.
    """
    results: list[Reading | None] = [None] * len(raws)
    todo = []
    for i, raw in enumerate(raws):
        size = _size(raw)
        if size > max_bytes:
            results[i] = _too_large(size, max_bytes)
        else:
            todo.append(i)
    _pool_read(raws, results, todo, timeout_s, max_memory_mb, budgets, ref_prefix, max(1, parallel or workers()))
    mp.active_children()  # reaps the workers that have left since
    return [r if r is not None else _too_large(0, max_bytes) for r in results]


def _too_large(size: int, max_bytes: int) -> Reading:
    return _failed("too_large", f"The mail is {human_size(size)}; the limit is {human_size(max_bytes)} "
                   "(limits.max_mail_bytes).", is_pdf=False, limit="max_mail_bytes")


def read_mail_bounded(raw: MailInput, *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                      max_memory_mb: int = 1024, budgets: budget.Budgets | None = None,
                      ref_prefix: str = DEFAULT_PREFIX) -> Reading:
    """read_mail in a child process, of bytes or of a file; never raises."""
    size = _size(raw)
    if size > max_bytes:
        return _too_large(size, max_bytes)
    return _run(_read_input, (raw, ref_prefix), timeout_s, max_memory_mb, False, None, budgets)


def _read_bytes_as_path(data: bytes, name: str) -> Reading:
    from . import reading_of
    return reading_of(data, name)


def read_path_bounded(path: pathlib.Path, *, timeout_s: float = 30, max_bytes: int = MAX_BYTES,
                      max_memory_mb: int = 1024) -> Reading:
    """read_path in a child process. Raises OSError only when the file cannot be read."""
    path = pathlib.Path(path)
    data = path.read_bytes()
    is_pdf = data[:1024].lstrip().startswith(b"%PDF")
    if len(data) > max_bytes:
        return _failed("too_large", f"The file is {human_size(len(data))}; the limit is {human_size(max_bytes)}.",
                       is_pdf=is_pdf, filename=path.name)
    return _run(_read_bytes_as_path, (data, path.name), timeout_s, max_memory_mb, is_pdf, path.name)
