"""The runner: every stage runs as a loop of its own beside the others, as Mailman's runners do, handing
work on through the database; a cycle (one `run --once`, one daemon poll) ends when all are idle.

The runner goes by what each stage declares (`stage.py`: mailbox, timed, fetches, beside) and names none.
A stage runs again when another stage moved something since its last run began, and while another stage
is still running it looks again every `POLL_S` (that one may have committed rows already): so a backlog
overlaps parsing (the workers' CPU) with routing, deciding, sending and filing (this process's CPU). A
stage that fetches takes its work from outside and runs again only while it finds some. A stage that may
not run beside the others (reminders, the digest) runs when all the others are quiet; the cycle ends when
no stage is running and none has anything new to look at: the same end every time for the same mail.
"""
from __future__ import annotations

import logging
import threading
import time
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
POLL_S = 0.2  # an idle stage looks again this often while another is running (it may have committed rows)
MAX_QUIET_POINTS = 5  # a cycle normally needs two (the timed stages, then once more after what they queued)


@dataclass
class _Lane:
    """One stage's loop in a cycle: when its last run began (the board's version then) and what it moved."""

    stage: Runnable
    started: int = -1  # -1: not run yet in this cycle
    moved: int = 0
    running: bool = False
    ended: float = 0.0  # time.monotonic() at the end of its last run

    def due(self, version: int) -> bool:
        """Something may be waiting for it: it has not run, it moved something last time, or (unless its
        work comes from outside) another stage moved something since its last run began."""
        if self.started < 0 or self.moved:
            return True
        return not self.stage.fetches and self.started != version


@dataclass
class _Board:
    """What the loops of one cycle share under one condition: a version that grows whenever a run moved
    something, the lanes, and whether the cycle is over (quiet, stopped or failed)."""

    beside: list[_Lane]
    alone: list[_Lane]
    cond: threading.Condition = field(default_factory=threading.Condition)
    version: int = 0
    alone_turn: bool = False  # a stage that runs alone has the pipeline: no other starts a run
    over: bool = False
    failed: list[BaseException] = field(default_factory=list)

    def others_running(self, lane: _Lane) -> bool:
        return any(o.running for o in self.beside if o is not lane)

    def quiet(self) -> bool:
        return not any(o.running or o.due(self.version) for o in self.beside)

    def settled(self) -> bool:
        return self.quiet() and not any(o.due(self.version) for o in self.alone)

    def begin(self, lane: _Lane) -> int:
        lane.running = True
        return self.version

    def end(self, lane: _Lane, began: int, moved: int) -> None:
        lane.running, lane.started, lane.moved, lane.ended = False, began, moved, time.monotonic()
        if moved:
            self.version += 1
        self.cond.notify_all()


@dataclass
class Runner:
    cfg: Config
    engine: Engine
    inbox: Inbox
    sender: Sender
    source_prefix: str
    counts: dict[str, int] = field(default_factory=dict)
    fetch_error: Exception | None = None  # why the mailbox could not be read in the last cycle
    stop: threading.Event | None = None  # set by SIGTERM: the cycle ends after the stages in hand
    _mailbox: threading.Lock = field(default_factory=threading.Lock)  # one mailbox connection: one stage at a time

    def stages(self) -> list[Runnable]:
        """The pipeline in order (the order the stages' work flows in, and the order stages that run alone
        take their turns). A dry run leaves the mailbox as it is (a first rollout runs beside people
        reading it): no file stage."""
        stages: list[Runnable] = [
            FetchStage(self.inbox), ParseStage(), RouteStage(), DecideStage(), TickStage(), DigestStage(),
            RenderStage(), SendStage(self.sender), WebhookStage(),
        ]
        if not self.cfg.daemon.dry_run:
            stages.append(FileStage(self.inbox, self.source_prefix))
        return stages

    def cycle(self, now: datetime, *, fetch: bool = True, timed: bool = True) -> dict[str, int]:
        """Every stage until all are idle; `timed=False` leaves reminders and the digest to their own jobs,
        `fetch=False` leaves the mailbox unread (filing still runs). A stage's failure ends the cycle (the
        other stages finish the run in hand) and is raised here."""
        ctx = StageContext(self.cfg, self.engine, now, self.stop)
        self.fetch_error = None
        chosen = [s for s in self.stages() if not (s.timed and not timed) and not (s.fetches and not fetch)]
        counts: dict[str, int] = {"sent": 0} | {s.name: 0 for s in chosen}
        board = _Board([_Lane(s) for s in chosen if s.beside], [_Lane(s) for s in chosen if not s.beside])
        threads = [threading.Thread(target=self._loop, args=(lane, board, ctx, counts), name=lane.stage.name,
                                    daemon=True) for lane in board.beside]
        for t in threads:
            t.start()
        try:
            self._turns(board, ctx, counts)
        finally:
            with board.cond:
                board.over = True
                board.cond.notify_all()
            for t in threads:
                t.join()
        if board.failed:
            raise board.failed[0]
        if ctx.stopping:
            log.info("stopping: the cycle ends after the stages in hand (every row is durable)")
            return counts
        # sending can queue mail of its own (a notice that a mail was held or refused): send it now
        counts["sent"] += self.flush(now)
        # an idle cycle is only worth a line at DEBUG: a daemon polls every minute for months
        log.log(logging.INFO if any(counts.values()) else logging.DEBUG, "cycle at %s: %s", now.isoformat(), counts,
                extra={"counts": counts})
        return counts

    def _loop(self, lane: _Lane, board: _Board, ctx: StageContext, counts: dict[str, int]) -> None:
        """One stage's loop: run when due (or, while another runs, every POLL_S), until the cycle is over."""
        try:
            while True:
                with board.cond:
                    while True:
                        if board.over or ctx.stopping:
                            return
                        if not board.alone_turn and (lane.due(board.version) or (
                                not lane.stage.fetches and board.others_running(lane)
                                and time.monotonic() - lane.ended >= POLL_S)):
                            break
                        board.cond.wait(POLL_S)
                    began = board.begin(lane)
                moved = self._run(lane.stage, ctx)
                with board.cond:
                    counts[lane.stage.name] += moved
                    board.end(lane, began, moved)
        except BaseException as exc:  # noqa: BLE001 - raised again in the cycle's own thread
            with board.cond:
                lane.running = False
                board.failed.append(exc)
                board.over = True
                board.cond.notify_all()

    def _turns(self, board: _Board, ctx: StageContext, counts: dict[str, int]) -> None:
        """The cycle's own thread: at each quiet point the stages that run alone take their turns in order;
        the cycle is over when a quiet point finds nothing due."""
        for _ in range(MAX_QUIET_POINTS):
            with board.cond:
                while not (board.over or ctx.stopping or board.quiet()):
                    board.cond.wait(POLL_S)
                if board.over or ctx.stopping or board.settled():
                    return
                board.alone_turn = True
            try:
                for lane in board.alone:
                    with board.cond:
                        if board.over or ctx.stopping or not lane.due(board.version):
                            continue
                        began = board.begin(lane)
                    moved = self._run(lane.stage, ctx)
                    with board.cond:
                        counts[lane.stage.name] += moved
                        board.end(lane, began, moved)
            finally:
                with board.cond:
                    board.alone_turn = False
                    board.cond.notify_all()
        log.warning("the cycle at %s ends with work still moving after %d quiet points; the next cycle goes on",
                    ctx.now.isoformat(), MAX_QUIET_POINTS)

    def _run(self, stage: Runnable, ctx: StageContext) -> int:
        return self._on_mailbox(stage, ctx) if stage.mailbox else stage.run(ctx)

    def _on_mailbox(self, stage: Runnable, ctx: StageContext) -> int:
        """A mailbox stage runs under the mailbox lock (one stage at a time on this process's connection,
        one daemon at a time on the mailbox); the mailbox may be down: what is already stored is still
        processed and sent."""
        with self._mailbox:
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
