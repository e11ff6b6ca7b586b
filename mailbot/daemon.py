"""The long-running daemon: APScheduler runs the jobs, one PostgreSQL advisory lock picks the leader.

Jobs (all in one worker thread, so the mailbox and SMTP connections are never shared between threads):
- leader (every `[daemon] leader_check_seconds`): take or keep the leader lock;
- fetch (every `[mailbox] poll_seconds`, at once when IDLE says mail came; leader only): fetch, parse,
  route, decide, render, send, file;
- send (every `[daemon] send_seconds`; every instance): render and send what is queued, rows claimed with
  SKIP LOCKED so two instances never send one mail;
- reminders (every `[daemon] tick_minutes`; leader only), digest (cron at the digest time on weekdays;
  leader only; the digest itself is once a day), housekeeping (retention; leader only).

A job that fails is logged and the next one runs. SIGTERM/SIGINT stop the schedule; the job in hand ends
after its current stage (every row is durable, so stopping between stages loses nothing) or is abandoned
after `[daemon] stop_timeout_seconds`. The scheduler runs in a thread of its own; the main thread only waits
for the signal (`StopSignals`), so a signal never interrupts code that holds a lock the stop needs.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from .app import App
from .clock import SystemClock
from .config import Config
from .core.vocabulary import NoticeKind
from .notices import tell_staff
from .pipeline.context import StageContext
from .pipeline.digest import DigestStage
from .pipeline.tick import TickStage
from .store.db import get_setting, put_setting, session_scope

log = logging.getLogger(__name__)
LEADER_LOCK = "mailbot:leader"


class StopSignals:
    """SIGTERM and SIGINT as a byte on a pipe that the main thread waits on.

    Python runs a signal handler in the main thread between two of its bytecodes, possibly inside a lock
    that the interrupted code holds: the scheduler's wake-up event, its pool's submit lock, logging's. A
    handler that takes such a lock waits on itself forever; that is how a stop once hung with nothing logged
    after "signal 15" (the handler shut the scheduler down while the main thread, which ran it, was inside
    a submit). So the handler only writes the signal's number to a pipe (no lock, no logging, no allocation
    that could wait), and the main thread, which does nothing but wait on the pipe, stops in its ordinary
    flow."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self) -> None:
        self._r, self._w = os.pipe()
        os.set_blocking(self._w, False)
        self._before: dict[int, Any] = {}

    def install(self) -> None:
        for sig in self.SIGNALS:
            self._before[sig] = signal.signal(sig, self.note)

    def note(self, signum: int, _frame: Any = None) -> None:
        """The handler (and a stop asked for from inside: a test, a fatal error)."""
        with contextlib.suppress(BlockingIOError):  # the pipe is full: a stop is waiting already
            os.write(self._w, bytes([signum]))

    def wait(self) -> int:
        """Until a stop was asked for: the signal's number."""
        while not (got := os.read(self._r, 1)):
            pass
        return got[0]

    def close(self) -> None:
        """Give the signals back to what handled them before (a test's process goes on)."""
        for sig, before in self._before.items():
            signal.signal(sig, before)
        self._before.clear()
        os.close(self._r)
        os.close(self._w)


class Leadership:
    """Exactly one instance leads: it holds a PostgreSQL session advisory lock on its own connection.

    When the leader dies its connection closes and PostgreSQL frees the lock; another instance takes it
    at its next check. A leader that loses its connection (database restart) stops leading at once.
    On SQLite there is one writer anyway, so the one instance always leads.
    """

    def __init__(self, engine: Engine, name: str = LEADER_LOCK) -> None:
        self.engine = engine
        self.name = name
        self.conn: Connection | None = None
        self.leading = False

    def check(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            self.leading = True
            return True
        try:
            if self.conn is None:
                self.conn = self.engine.connect()
            if self.leading:
                self.conn.execute(text("SELECT 1"))  # is the connection (and so the lock) still there?
            else:
                self.leading = bool(self.conn.execute(
                    text("SELECT pg_try_advisory_lock(hashtext(:n))"), {"n": self.name}).scalar())
            self.conn.commit()
        except Exception as exc:  # noqa: BLE001 - the database is away: nobody leads from here
            log.warning("leader check failed: %s", type(exc).__name__)
            self.release()
        return self.leading

    def release(self) -> None:
        self.leading = False
        if self.conn is not None:
            try:
                self.conn.invalidate()  # closes the session, which frees the lock
            except Exception:  # noqa: BLE001, S110 - already gone
                pass
            self.conn = None


def digest_schedule(cfg: Config) -> dict[str, str | int]:
    """The digest's cron fields: its `[digest] time`, on weekdays unless `working_days_only = false`.

    Holidays are left to the digest itself, which also sends at most one a day: calling it more than due
    is safe, so the job also runs when an instance starts leading (a digest its predecessor missed)."""
    d = cfg.digest
    return {"day_of_week": "mon-fri" if d.working_days_only else "*", "hour": d.hour, "minute": d.minute}


class Daemon:
    def __init__(self, app: App) -> None:
        self.app = app
        self.cfg = app.cfg
        self.clock = SystemClock()
        self.stop = threading.Event()
        self.runner = app.runner()
        self.runner.stop = self.stop
        self.leadership = Leadership(app.engine)
        self._busy = threading.Lock()
        self._announced = False
        self.metrics: Any = None
        self.scheduler = BackgroundScheduler(
            timezone=str(app.cfg.timezone), executors={"default": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None})

    @property
    def leading(self) -> bool:
        return self.leadership.leading

    # --- the jobs ------------------------------------------------------------------------------------------

    def cycle(self) -> None:
        """Everything at once (fetch, process, reminders, digest, send): what one `run --once` does."""
        self._fetch(timed=True)

    def _fetch(self, timed: bool = False) -> None:
        now = self.clock.now()
        try:
            counts = self.runner.cycle(now, timed=timed)
        except Exception:  # noqa: BLE001 - the daemon outlives any one failure
            log.exception("cycle failed")
            self._count("cycle_failed")
            return
        self._count("fetched", counts.get("fetched", 0))
        self._count("sent", counts.get("sent", 0))
        if self.stop.is_set():
            return
        if self.runner.fetch_error is not None:
            self._outage(now, self.runner.fetch_error)
        else:
            self._recovered(now)
        self._count("sent", self.runner.flush(now))

    def _job(self, name: str, fn: Callable[[], None], *, leader_only: bool) -> Callable[[], None]:
        def run() -> None:
            if self.stop.is_set() or (leader_only and not self.leading):
                return
            with self._busy:
                try:
                    fn()
                except Exception:  # noqa: BLE001 - the next run comes regardless
                    log.exception("job %s failed", name, extra={"job": name})
                    self._count("job_failed")
        return run

    def _elect(self) -> None:
        was = self.leading
        now = self.leadership.check()
        if now and not was:
            log.info("this instance leads: it fetches and schedules", extra={"pid": os.getpid()})
            self._digest()  # a digest the old leader did not send today (it is once a day, whoever runs it)
            self.scheduler.modify_job("fetch", next_run_time=self.clock.now())
        elif was and not now:
            log.warning("this instance no longer leads")
        elif not now and not self._announced:
            log.info("another instance leads: this one sends from the outbox and waits to take over")
        self._announced = True
        if self.metrics is not None:
            self.metrics.leader.set(1 if now else 0)

    def _send(self) -> None:
        self._count("sent", self.runner.flush(self.clock.now()))

    def _tick(self) -> None:
        now = self.clock.now()
        TickStage().run(StageContext(self.cfg, self.app.engine, now, self.stop))
        self._count("sent", self.runner.flush(now))

    def _digest(self) -> None:
        now = self.clock.now()
        DigestStage().run(StageContext(self.cfg, self.app.engine, now, self.stop))
        self._count("sent", self.runner.flush(now))

    def _housekeeping(self) -> None:
        from .ops import purge

        purge(self.app.engine, self.cfg, self.clock.now())

    def _count(self, what: str, n: int = 1) -> None:
        if self.metrics is not None and n:
            self.metrics.count(what, n)

    # --- mailbox outage notices ----------------------------------------------------------------------------

    def _outage(self, now: datetime, exc: Exception) -> None:
        """One notice to staff when the mailbox has been unreachable for too long, one when it is back."""
        minutes = self.app.cfg.mailbox.outage_notice_minutes if self.app.cfg.mailbox else 60
        with session_scope(self.app.engine) as s:
            state = get_setting(s, "outage")
            since = state.setdefault("since", now.isoformat())
            if not state.get("notified") and (now - datetime.fromisoformat(since)).total_seconds() >= minutes * 60:
                self._notice(s, now, NoticeKind.MAILBOX_OUTAGE, f"No mail could be fetched since {since}: {exc}")
                state["notified"] = True
            put_setting(s, "outage", state)

    def _recovered(self, now: datetime) -> None:
        with session_scope(self.app.engine) as s:
            state = get_setting(s, "outage")
            if not state:
                return
            if state.get("notified"):
                self._notice(s, now, NoticeKind.MAILBOX_RECOVERED,
                             f"Mail is fetched again (outage since {state.get('since')})")
            put_setting(s, "outage", {})

    def _notice(self, s: Session, now: datetime, kind: NoticeKind, summary: str) -> None:
        tell_staff(s, self.app.cfg.addresses, now, kind, summary)

    def _idle_loop(self) -> None:
        wait = getattr(self.runner.inbox, "wait_for_mail", None)
        if wait is None:
            return
        while not self.stop.is_set():
            if not self.leading:  # only the leader reads the mailbox
                self.stop.wait(self.cfg.daemon.leader_check_seconds)
                continue
            try:
                arrived = wait(30.0)
            except Exception:  # noqa: BLE001 - IDLE is an optimisation; polling goes on regardless
                log.warning("IDLE failed; polling continues", exc_info=True)
                self.stop.wait(30)
                continue
            if arrived and not self.stop.is_set() and self.leading:
                try:
                    self.scheduler.modify_job("fetch", next_run_time=self.clock.now())
                except Exception:  # noqa: BLE001 - the scheduler is shutting down
                    return

    # --- running -------------------------------------------------------------------------------------------

    def schedule(self) -> None:
        d = self.cfg.daemon
        mb = self.cfg.mailbox
        now = self.clock.now()
        add = self.scheduler.add_job
        add(self._job("leader", self._elect, leader_only=False), "interval", seconds=d.leader_check_seconds,
            id="leader", next_run_time=now)
        poll = mb.poll_seconds if mb else d.poll_seconds
        add(self._job("fetch", self._fetch, leader_only=True), "interval", seconds=poll, id="fetch",
            next_run_time=now + timedelta(seconds=1))
        add(self._job("send", self._send, leader_only=False), "interval", seconds=d.send_seconds, id="send")
        add(self._job("reminders", self._tick, leader_only=True), "interval", minutes=d.tick_minutes,
            id="reminders", next_run_time=now + timedelta(seconds=2))
        if self.cfg.digest.enabled:
            add(self._job("digest", self._digest, leader_only=True), "cron", id="digest",
                **digest_schedule(self.cfg))
        add(self._job("housekeeping", self._housekeeping, leader_only=True), "interval",
            minutes=d.housekeeping_minutes, id="housekeeping", next_run_time=now + timedelta(seconds=3))

    def run_forever(self, signals: StopSignals | None = None) -> int:
        """Run the schedule until SIGTERM or SIGINT (or `signals.note`), then stop within
        `[daemon] stop_timeout_seconds`."""
        if self.cfg.metrics.port:
            from .metrics import Metrics
            from .store.db import make_read_engine

            # its own deferred read transactions: a scrape never waits for the daemon's writes
            self.metrics = Metrics(make_read_engine(self.cfg.database_url), self.cfg)
            self.metrics.serve(self.cfg.metrics.host, self.cfg.metrics.port)
        self.schedule()
        signals = signals or StopSignals()
        signals.install()
        if self.cfg.mailbox is not None and self.cfg.mailbox.idle:
            threading.Thread(target=self._idle_loop, name="imap-idle", daemon=True).start()
        log.info("daemon started", extra={"pid": os.getpid(), "dry_run": self.cfg.daemon.dry_run})
        from .trust import unverified_warning

        warning = unverified_warning(self.cfg)
        if warning:
            log.warning(warning)
        self.scheduler.start()  # in its own thread: this one only waits for the signal
        signum = signals.wait()
        log.info("signal %s: stopping after the stage in hand", signum)
        self.stop.set()
        self._end_within(self.cfg.daemon.stop_timeout_seconds)
        with contextlib.suppress(SchedulerNotRunningError):
            self.scheduler.shutdown(wait=False)
        with self._busy:  # the job in hand ends after its stage (or the watchdog ends the process)
            try:
                self.runner.inbox.close()
                self.runner.sender.close()
            finally:
                self.leadership.release()
                if self.metrics is not None:
                    self.metrics.close()
                from parsers.bounded import close_workers

                close_workers()
        log.info("daemon stopped")
        return 0

    def _end_within(self, seconds: float) -> None:
        """From the signal on, the process ends within `seconds` whatever still runs: a job past its stage,
        a close that waits on the network, the interpreter's exit joining threads and child processes. Past
        the time the job in hand is abandoned (its rows are durable: the next start takes it up again)."""
        def watch() -> None:
            time.sleep(seconds)

            def last_words() -> None:
                log.warning("the job in hand did not finish in %s s; abandoning it (its rows are durable)", seconds)
                self.leadership.release()
                logging.shutdown()

            # a thread of its own: a logging handler held by a stuck thread must not stop the exit as well
            words = threading.Thread(target=last_words, name="stop-last-words", daemon=True)
            words.start()
            words.join(2)
            os._exit(0)

        threading.Thread(target=watch, name="stop-watchdog", daemon=True).start()
