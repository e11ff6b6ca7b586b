"""One cycle of the whole pipeline; the daemon runs it on a schedule, `run --once` runs it once."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import Config
from ..store.db import exclusive, put_setting, session_scope
from ..transport.base import Inbox, Sender
from .context import StageContext
from .decide import DecideStage
from .fetch import FetchStage
from .file import FileStage
from .parse import ParseStage
from .render import RenderStage
from .route import RouteStage
from .send import SendStage
from .tick import DigestStage, TickStage

log = logging.getLogger(__name__)


@dataclass
class Runner:
    cfg: Config
    engine: Engine
    inbox: Inbox
    sender: Sender
    source_prefix: str
    counts: dict[str, int] = field(default_factory=dict)
    fetch_error: Exception | None = None  # why the mailbox could not be read in the last cycle
    stop: threading.Event | None = None  # set by SIGTERM: the cycle ends after the stage in hand

    def cycle(self, now: datetime, *, fetch: bool = True, timed: bool = True) -> dict[str, int]:
        """One pass of every stage; `timed=False` leaves reminders and the digest to their own jobs."""
        ctx = StageContext(self.cfg, self.engine, now, self.stop)
        stages = [
            ("fetched", FetchStage(self.inbox).run if fetch else None),
            ("parsed", ParseStage().run),
            ("routed", RouteStage().run),
            ("decided", DecideStage().run),
            ("ticked", TickStage().run if timed else None),
            ("digests", DigestStage().run if timed else None),
            ("rendered", RenderStage().run),
            ("sent", SendStage(self.sender).run),
            # a dry run leaves the mailbox as it is: a first rollout runs beside people reading it
            ("filed", None if self.cfg.daemon.dry_run else FileStage(self.inbox, self.source_prefix).run),
        ]
        counts: dict[str, int] = {"sent": 0}
        self.fetch_error = None
        for name, run in stages:
            if run is None:
                continue
            if self.stop is not None and self.stop.is_set():
                log.info("stopping: the cycle ends before %s (every row is durable)", name)
                return counts
            if name in ("fetched", "filed"):
                # the mailbox may be down: what is already stored is still processed and sent
                try:
                    with exclusive(self.engine, f"mailbox:{self.source_prefix}") as mine:
                        counts[name] = run(ctx) if mine else 0
                    if mine and name == "fetched":
                        with session_scope(self.engine) as s:  # what `mailbot health` reports
                            put_setting(s, "last_fetch", {"at": now.isoformat(), "fetched": counts[name]})
                except Exception as exc:  # noqa: BLE001 - MailboxUnavailable, or any network failure
                    log.warning("mailbox: %s", exc)
                    self.fetch_error = exc
                    counts[name] = 0
                continue
            counts[name] = run(ctx)
        # sending can queue mail of its own (a notice that a mail was held or refused): send it now
        counts["sent"] += self.flush(now)
        # an idle cycle is only worth a line at DEBUG: a daemon polls every minute for months
        log.log(logging.INFO if any(counts.values()) else logging.DEBUG, "cycle at %s: %s", now.isoformat(), counts,
                extra={"counts": counts})
        return counts

    def flush(self, now: datetime) -> int:
        """Render and send whatever is queued now (e.g. a notice raised outside the stages)."""
        ctx = StageContext(self.cfg, self.engine, now, self.stop)
        sent = 0
        for _ in range(3):
            if not RenderStage().run(ctx):
                break
            sent += SendStage(self.sender).run(ctx)
        return sent
