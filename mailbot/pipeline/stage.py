"""One protocol for every stage, after Mailman 3's runners: claim work, handle each piece, give up on one.

`Stage.run` is written once: a stage says what work it claims now (rows in one status, the mails the
mailbox has, the open cases to tick, one digest moment), how to handle one piece, and what giving up on
a piece means. The runner holds a list of stages and knows none of them by name: a stage also says whether
it has a backlog worth a thread of its own now (`backlog`), and whether it may drain what an earlier stage
hands on while that one works (`overlaps`), as Mailman's runners work side by side on their queues.

`RowStage` is the stage over database rows: a row's status moves only with the commit of its handling,
so a crash anywhere leaves it to be taken again; rows another daemon holds are skipped; after
MAX_ATTEMPTS failures the row leaves the stage, kept, with a clear reason (`give_up`, once for all).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlmodel import Session, col, select

from ..logs import where
from ..store.db import claim, xact_lock
from ..store.models import InboundRow, OutboundRow
from .context import StageContext

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
W = TypeVar("W")
R = TypeVar("R", InboundRow, OutboundRow)


class Stage(Generic[W]):
    """A stage: `claim` the work there is now, `handle` each piece (how many things it moved), and
    `give_up` on a piece that failed. The default gives up by raising: the runner then logs the stage's
    failure (the mailbox is down, say), and the next cycle tries again."""

    name: ClassVar[str]  # the key of the stage's count in a cycle's report ("parsed", "sent", ...)
    mailbox: ClassVar[bool] = False  # reads or moves the mailbox: runs under the mailbox lock
    timed: ClassVar[bool] = False  # reminders and the digest: left to their own jobs when the cycle is not timed
    fetches: ClassVar[bool] = False  # reads new mail: left out of a cycle run with fetch=False
    overlaps: ClassVar[bool] = False  # hands on through the database only: may run again and again beside a backlog

    def backlog(self, ctx: StageContext) -> bool:
        """More work waits than one pass takes and the work is not this process's CPU: the runner then runs
        this stage in a thread of its own while the later stages that `overlap` drain what it hands on."""
        return False

    def claim(self, ctx: StageContext) -> Iterator[W]:
        raise NotImplementedError

    def handle(self, ctx: StageContext, work: W) -> int:
        raise NotImplementedError

    def give_up(self, ctx: StageContext, work: W, exc: Exception) -> int:
        """After a piece failed: what that means (kept, counted, told); how many things it moved."""
        raise exc

    def run(self, ctx: StageContext) -> int:
        done = 0
        for work in self.claim(ctx):
            try:
                done += self.handle(ctx, work)
            except Exception as exc:  # noqa: BLE001 - the stage says what failing on one piece means
                done += self.give_up(ctx, work, exc)
        return done


class Runnable(Protocol):
    """What the runner needs of a stage."""

    name: ClassVar[str]
    mailbox: ClassVar[bool]
    timed: ClassVar[bool]
    fetches: ClassVar[bool]
    overlaps: ClassVar[bool]

    def backlog(self, ctx: StageContext) -> bool: ...

    def run(self, ctx: StageContext) -> int: ...


@dataclass
class Claimed(Generic[R]):
    """A row taken for this stage, in the open transaction that will commit its new status."""

    s: Session
    row: R


class RowStage(Stage[Claimed[R]]):
    model: ClassVar[Any]  # an SQLModel table with id, status, attempts, last_error
    status: ClassVar[str]
    batch: ClassVar[int] = 20
    per_transaction: ClassVar[int] = 20  # rows handled and committed in one transaction
    serial: ClassVar[bool] = False  # its rows must be handled in id order across daemons (decide)
    failure: ClassVar[str] = "the mail could not be processed"  # the reason a failed inbound mail is kept with
    offloads: ClassVar[bool] = False  # its rows are handled by worker processes (parsing): a backlog is worth a thread
    overlaps = True  # its hand-offs are rows: it may drain them beside an earlier stage's backlog

    def backlog(self, ctx: StageContext) -> bool:
        """Work for the workers beyond one batch: the cycle's own thread is free meanwhile (its rows wait
        for the workers' CPU), so the stages after this one drain what it commits batch by batch."""
        if not self.offloads:
            return False
        with Session(ctx.engine) as s:
            ids = s.exec(select(self.model.id).where(self.model.status == self.status).limit(self.batch + 1)).all()
            return len(ids) > self.batch

    def handle_row(self, s: Session, ctx: StageContext, row: R) -> None:
        """Do this stage's one job on the row, in the caller's transaction, and move its status on."""
        raise NotImplementedError

    def prepare(self, ctx: StageContext, rows: list[R]) -> None:
        """Before a claimed batch is handled row by row: work that is better done for all at once."""

    def exhausted(self, s: Session, ctx: StageContext, row: R) -> None:
        """After MAX_ATTEMPTS failures: an inbound mail is kept as failed mail, and staff are told."""
        from ..ops import mail_failed

        assert isinstance(row, InboundRow)
        mail_failed(s, ctx.cfg, ctx.now, row, self.failure)

    def claim(self, ctx: StageContext) -> Iterator[Claimed[R]]:
        """Batches are read without a lock and prepared outside any transaction (a batch's parsing never
        holds SQLite's one write lock); the rows are then taken and handled `per_transaction` at a time in
        one transaction, each in a savepoint of its own, and committed together: a crash before the commit
        leaves every one of them in this status, to be taken again (nothing a row stage does leaves the
        database), and one that fails is rolled back alone (`give_up`). One BEGIN and one commit (one
        fsync of SQLite's log) for the run of rows instead of one a row: the bot's own process spent a
        good part of a backlog's time beginning and committing (bench/sidebyside.py, README)."""
        held: set[int] = set()  # rows another daemon held when this run came to them (a few at most)
        while True:
            with Session(ctx.engine, expire_on_commit=False) as s:
                stmt = select(self.model).where(self.model.status == self.status)
                if held:
                    stmt = stmt.where(col(self.model.id).not_in(held))
                rows = list(s.exec(stmt.order_by(col(self.model.id)).limit(self.batch)))
                s.commit()
            if not rows:
                return
            self.prepare(ctx, rows)
            for start in range(0, len(rows), self.per_transaction):
                if ctx.stopping:  # the rows not yet taken stay in this status for the next start
                    return
                run = [row.id for row in rows[start:start + self.per_transaction]]
                with Session(ctx.engine, expire_on_commit=False) as s:
                    if self.serial:
                        xact_lock(s, f"stage:{self.name}")  # one daemon at a time, so the rows go in order
                    mine = list(s.exec(claim(s, select(self.model).where(
                        col(self.model.id).in_(run), self.model.status == self.status).order_by(col(self.model.id)))))
                    # another daemon holds them, or they moved on meanwhile
                    held.update(set(run) - {row.id for row in mine})
                    for row in mine:
                        if ctx.stopping:
                            break
                        yield Claimed(s, row)
                    s.commit()

    def handle(self, ctx: StageContext, work: Claimed[R]) -> int:
        """The row's work and its new status in a savepoint: they stand or fall together, and with the
        transaction's commit (see `claim`)."""
        with work.s.begin_nested():
            self.handle_row(work.s, ctx, work.row)
            work.s.add(work.row)
        return 1

    def give_up(self, ctx: StageContext, work: Claimed[R], exc: Exception) -> int:
        """One bad row must not stop the others: its attempt is counted, and after MAX_ATTEMPTS it leaves."""
        s, row = work.s, work.row  # the row's savepoint is rolled back already (`handle`)
        log.error("%s failed on row %s: %s", type(self).__name__, row.id, where(exc))
        with s.begin_nested():
            s.refresh(row)
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if row.attempts >= MAX_ATTEMPTS:
                self.exhausted(s, ctx, row)
            s.add(row)
        return 1
