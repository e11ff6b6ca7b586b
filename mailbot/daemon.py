"""The long-running daemon: APScheduler runs a cycle on a schedule (and at once when IDLE says mail came).

A cycle that fails is logged and the next one runs; the daemon only stops on SIGTERM/SIGINT.
"""
from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlmodel import Session

from .app import App
from .clock import SystemClock
from .store.cases import queue_staff_notice
from .store.db import get_setting, put_setting, session_scope

log = logging.getLogger(__name__)


class Daemon:
    def __init__(self, app: App) -> None:
        self.app = app
        self.clock = SystemClock()
        self.runner = app.runner()
        self.stop = threading.Event()
        self.scheduler = BlockingScheduler(timezone=str(app.cfg.timezone))

    def cycle(self) -> None:
        now = self.clock.now()
        try:
            self.runner.cycle(now)
        except Exception:  # noqa: BLE001 - the daemon outlives any one failure
            log.exception("cycle failed")
            return
        if self.runner.fetch_error is not None:
            self._outage(now, self.runner.fetch_error)
        else:
            self._recovered(now)
        self.runner.flush(now)

    def _outage(self, now: datetime, exc: Exception) -> None:
        """One notice to staff when the mailbox has been unreachable for too long, one when it is back."""
        minutes = self.app.cfg.mailbox.outage_notice_minutes if self.app.cfg.mailbox else 60
        with session_scope(self.app.engine) as s:
            state = get_setting(s, "outage")
            since = state.setdefault("since", now.isoformat())
            if not state.get("notified") and (now - datetime.fromisoformat(since)).total_seconds() >= minutes * 60:
                self._notice(s, now, "mailbox_outage", f"No mail could be fetched since {since}: {exc}")
                state["notified"] = True
            put_setting(s, "outage", state)

    def _recovered(self, now: datetime) -> None:
        with session_scope(self.app.engine) as s:
            state = get_setting(s, "outage")
            if not state:
                return
            if state.get("notified"):
                self._notice(s, now, "mailbox_recovered", f"Mail is fetched again (outage since {state.get('since')})")
            put_setting(s, "outage", {})

    def _notice(self, s: Session, now: datetime, kind: str, summary: str) -> None:
        a = self.app.cfg.addresses
        queue_staff_notice(s, None, a.staff, a.medcom, now, kind, summary)

    def _idle_loop(self) -> None:
        wait = getattr(self.runner.inbox, "wait_for_mail", None)
        if wait is None:
            return
        while not self.stop.is_set():
            try:
                arrived = wait(30.0)
            except Exception:  # noqa: BLE001 - IDLE is an optimisation; polling goes on regardless
                log.warning("IDLE failed; polling continues", exc_info=True)
                self.stop.wait(30)
                continue
            if arrived and not self.stop.is_set():
                self.scheduler.modify_job("cycle", next_run_time=self.clock.now())

    def run_forever(self) -> int:
        mb = self.app.cfg.mailbox
        every = mb.poll_seconds if mb else 10
        self.scheduler.add_job(self.cycle, "interval", seconds=every, id="cycle", max_instances=1,
                               coalesce=True, next_run_time=self.clock.now())

        def _stop(signum: int, _: Any) -> None:
            log.info("signal %s: stopping after the current cycle", signum)
            self.stop.set()
            self.scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        if mb is not None and mb.idle:
            threading.Thread(target=self._idle_loop, name="imap-idle", daemon=True).start()
        try:
            self.scheduler.start()
        finally:
            self.runner.inbox.close()
            self.runner.sender.close()
        return 0
