"""One cycle of the whole pipeline; the daemon runs it on a schedule, `run --once` runs it once."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import Config
from ..store.db import exclusive
from ..transport.base import Inbox, Sender
from .context import StageContext
from .decide import DecideStage
from .fetch import FetchStage
from .file import FileStage
from .outbox import send_queued
from .parse import ParseStage
from .render import RenderStage
from .route import RouteStage
from .send import SendStage
from .stage import Runnable
from .tick import DigestStage, TickStage
from .webhook import WebhookStage

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

    def stages(self) -> list[Runnable]:
        """The pipeline in order. A dry run leaves the mailbox as it is (a first rollout runs beside people
        reading it): no file stage."""
        stages: list[Runnable] = [
            FetchStage(self.inbox), ParseStage(), RouteStage(), DecideStage(), TickStage(), DigestStage(),
            RenderStage(), SendStage(self.sender), WebhookStage(),
        ]
        if not self.cfg.daemon.dry_run:
            stages.append(FileStage(self.inbox, self.source_prefix))
        return stages

    def cycle(self, now: datetime, *, fetch: bool = True, timed: bool = True) -> dict[str, int]:
        """One pass of every stage; `timed=False` leaves reminders and the digest to their own jobs,
        `fetch=False` leaves the mailbox unread (filing still runs)."""
        ctx = StageContext(self.cfg, self.engine, now, self.stop)
        counts: dict[str, int] = {"sent": 0}
        self.fetch_error = None
        stages = self.stages()
        for at, stage in enumerate(stages):
            if (stage.timed and not timed) or (stage.fetches and not fetch):
                continue
            if self.stop is not None and self.stop.is_set():
                log.info("stopping: the cycle ends before %s (every row is durable)", stage.name)
                return counts
            if stage.mailbox:
                counts[stage.name] = self._on_mailbox(stage, ctx)
                continue
            if stage.backlog(ctx):
                self._beside(stage, [later for later in stages[at + 1:] if later.overlaps], ctx, counts)
                continue
            counts[stage.name] = counts.get(stage.name, 0) + stage.run(ctx)
        # sending can queue mail of its own (a notice that a mail was held or refused): send it now
        counts["sent"] += self.flush(now)
        # an idle cycle is only worth a line at DEBUG: a daemon polls every minute for months
        log.log(logging.INFO if any(counts.values()) else logging.DEBUG, "cycle at %s: %s", now.isoformat(), counts,
                extra={"counts": counts})
        return counts

    def _beside(self, slow: Runnable, drains: list[Runnable], ctx: StageContext, counts: dict[str, int]) -> None:
        """A backlog: the slow stage (parsing: the workers' CPU) runs in a thread of its own while this one runs
        the later stages that drain what it hands on (this process's CPU), as Mailman's runners run side by
        side on their queues. The stages hand over through the database as always; the rest of the cycle then
        runs as usual for what was handed on last. Decisions keep the mails' order: a row stage commits a
        batch's rows in the order of their ids, and decide takes the oldest row first."""
        failed: list[BaseException] = []

        def work() -> None:
            try:
                counts[slow.name] = counts.get(slow.name, 0) + slow.run(ctx)
            except BaseException as exc:  # noqa: BLE001 - raised again in the cycle's own thread
                failed.append(exc)

        thread = threading.Thread(target=work, name=slow.name, daemon=True)
        thread.start()
        while thread.is_alive():
            moved = 0
            for stage in drains:
                if ctx.stopping:
                    break
                n = stage.run(ctx)
                counts[stage.name] = counts.get(stage.name, 0) + n
                moved += n
            if not moved:
                thread.join(0.2)
        thread.join()
        if failed:
            raise failed[0]

    def _on_mailbox(self, stage: Runnable, ctx: StageContext) -> int:
        """A mailbox stage runs under the mailbox lock; the mailbox may be down: what is already stored is
        still processed and sent."""
        try:
            with exclusive(self.engine, f"mailbox:{self.source_prefix}") as mine:
                return stage.run(ctx) if mine else 0
        except Exception as exc:  # noqa: BLE001 - MailboxUnavailable, or any network failure
            log.warning("mailbox: %s", exc)
            self.fetch_error = exc
            return 0

    def flush(self, now: datetime) -> int:
        """Render and send whatever is queued now (e.g. a notice raised outside the stages)."""
        return send_queued(self.cfg, self.engine, self.sender, now, self.stop)
