"""The runner every row stage shares, after Mailman 3's runners.

A stage takes rows in one status, works on each and commits; the status moves only with that commit,
so a crash anywhere leaves the row to be taken again. Rows another daemon holds are skipped.
"""
from __future__ import annotations

import logging
from typing import Any, ClassVar

from sqlmodel import Session, col, select

from ..logs import where
from ..store.db import claim
from .context import StageContext

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


class RowStage:
    model: ClassVar[Any]  # an SQLModel table with id, status, attempts, last_error
    status: ClassVar[str]
    batch: ClassVar[int] = 20

    def handle(self, s: Session, ctx: StageContext, row: Any) -> None:
        """Do this stage's one job on the row, in the caller's transaction, and move its status on."""
        raise NotImplementedError

    def prepare(self, ctx: StageContext, rows: list[Any]) -> None:
        """Before a claimed batch is handled row by row: work that is better done for all at once."""

    def give_up(self, s: Session, ctx: StageContext, row: Any) -> None:
        """After MAX_ATTEMPTS failures: the row leaves the stage, kept, with a clear reason."""
        raise NotImplementedError

    def run(self, ctx: StageContext) -> int:
        """Batches are read without a lock and prepared outside any transaction; each row is then taken,
        handled and committed in a transaction of its own, so a writer holds the database (SQLite's one
        write lock) for one mail at a time, never for a whole batch's parsing."""
        done = 0
        held: set[int] = set()  # rows another daemon held when this run came to them (a few at most)
        while True:
            with Session(ctx.engine, expire_on_commit=False) as s:
                stmt = select(self.model).where(self.model.status == self.status)
                if held:
                    stmt = stmt.where(col(self.model.id).not_in(held))
                rows = list(s.exec(stmt.order_by(col(self.model.id)).limit(self.batch)))
                s.commit()
            if not rows:
                return done
            self.prepare(ctx, rows)
            for candidate in rows:
                if ctx.stopping:  # the rows not yet taken stay in this status for the next start
                    return done
                with Session(ctx.engine, expire_on_commit=False) as s:
                    row = s.exec(claim(s, select(self.model).where(
                        self.model.id == candidate.id, self.model.status == self.status))).first()
                    if row is None:  # another daemon holds it, or it moved on meanwhile
                        s.commit()
                        held.add(candidate.id)
                        continue
                    try:
                        self.handle(s, ctx, row)
                        s.add(row)
                        s.commit()
                    except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
                        s.rollback()
                        log.error("%s failed on row %s: %s", type(self).__name__, row.id, where(exc))
                        self._failed(s, ctx, row, exc)
                        s.commit()
                    done += 1

    def _failed(self, s: Session, ctx: StageContext, row: Any, exc: Exception) -> None:
        s.refresh(row)
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:500]
        if row.attempts >= MAX_ATTEMPTS:
            self.give_up(s, ctx, row)
        s.add(row)
