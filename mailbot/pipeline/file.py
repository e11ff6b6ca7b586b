"""File away: once the ledger has a mail's final outcome, move it out of the inbox to its folder.

The only stage that moves mail in the mailbox (never in a dry run: the runner leaves it out). A duplicate
copy goes to the folder of its original's outcome, after that outcome is committed.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from ..core.vocabulary import InboundStatus, Outcome
from ..store.models import InboundRow, SettingRow
from ..transport.base import FetchedMail, Inbox
from .context import StageContext
from .fetch import COPY_PREFIX
from .stage import Stage


@dataclass(frozen=True)
class ToFile:
    """One mail to move: a ledger row (`row_id`) or a waiting copy of one (`setting_key`)."""

    source_key: str
    outcome: str
    row_id: int | None = None
    setting_key: str | None = None


class FileStage(Stage[list[ToFile]]):
    """Finished `InboundRow`s (status done, not yet filed) in, mail moved to its outcome's folder out.

    The mails of one outcome are moved together, up to `batch` at a time (IMAP: one MOVE of their UID set),
    and marked filed in one transaction after the move: a crash between the two leaves them unmarked, and
    moving a mail that is no longer in the folder again moves nothing (as it did one mail at a time)."""

    name = "filed"
    mailbox = True
    batch = 100

    def __init__(self, inbox: Inbox, source_prefix: str) -> None:
        self.inbox = inbox
        self.prefix = source_prefix

    def claim(self, ctx: StageContext) -> Iterator[list[ToFile]]:
        with Session(ctx.engine) as s:
            # by the `filed` index alone (the few mails in flight), status checked here: with both in the
            # WHERE, SQLite took the status index and read every processed mail on every poll (16 ms at 50,000)
            rows = list(s.exec(select(InboundRow.id, InboundRow.source_key, InboundRow.outcome, InboundRow.status)
                               .where(InboundRow.filed == False)))  # noqa: E712
        todo = [ToFile(key, outcome or Outcome.PROCESSED, row_id=row_id) for row_id, key, outcome, status in rows
                if status == InboundStatus.DONE and key.startswith(self.prefix)]
        todo.extend(self._copies(ctx))
        by_outcome: dict[str, list[ToFile]] = {}
        for work in todo:
            by_outcome.setdefault(work.outcome, []).append(work)
        for group in by_outcome.values():
            for start in range(0, len(group), self.batch):
                yield group[start:start + self.batch]

    def handle(self, ctx: StageContext, work: list[ToFile]) -> int:
        mails = [FetchedMail(w.source_key, b"") for w in work]
        self.inbox.acknowledge_all(mails, work[0].outcome)  # type: ignore[arg-type]
        with Session(ctx.engine) as s:
            ids = [w.row_id for w in work if w.row_id is not None]
            if ids:
                s.execute(update(InboundRow).where(col(InboundRow.id).in_(ids)).values(filed=True))
            keys = [w.setting_key for w in work if w.setting_key is not None]
            if keys:
                s.execute(delete(SettingRow).where(col(SettingRow.key).in_(keys)))
            s.commit()
        return len(work)

    def _copies(self, ctx: StageContext) -> Iterator[ToFile]:
        prefix = COPY_PREFIX + self.prefix
        with Session(ctx.engine) as s:
            copies = [(c.key, c.value.get("of")) for c in s.exec(select(SettingRow).where(
                col(SettingRow.key).startswith(prefix, autoescape=True)))]
            outcomes = {i: (st, oc) for i, st, oc in s.exec(select(InboundRow.id, InboundRow.status, InboundRow.outcome)
                        .where(col(InboundRow.id).in_([of for _, of in copies])))} if copies else {}
        for key, of in copies:
            status, outcome = outcomes.get(of, (None, None))
            if status != InboundStatus.DONE:
                continue  # the original has no outcome yet: the copy waits in the inbox with it
            yield ToFile(key[len(COPY_PREFIX):], outcome or Outcome.PROCESSED, setting_key=key)
