"""File away: once the ledger has a mail's final outcome, move it out of the inbox to its folder.

The only stage that moves mail in the mailbox (never in a dry run: the runner leaves it out). A duplicate
copy goes to the folder of its original's outcome, after that outcome is committed.
"""
from __future__ import annotations

from sqlmodel import Session, col, select

from ..core.vocabulary import InboundStatus, Outcome
from ..store.models import InboundRow, SettingRow
from ..transport.base import FetchedMail, Inbox
from .context import StageContext
from .fetch import COPY_PREFIX


class FileStage:
    def __init__(self, inbox: Inbox, source_prefix: str) -> None:
        self.inbox = inbox
        self.prefix = source_prefix

    def run(self, ctx: StageContext) -> int:
        with Session(ctx.engine) as s:
            # by the `filed` index alone (the few mails in flight), status checked here: with both in the
            # WHERE, SQLite took the status index and read every processed mail on every poll (16 ms at 50,000)
            rows = list(s.exec(select(InboundRow.id, InboundRow.source_key, InboundRow.outcome, InboundRow.status)
                               .where(InboundRow.filed == False)))  # noqa: E712
        done = 0
        for row_id, key, outcome, status in rows:
            if status != InboundStatus.DONE or not key.startswith(self.prefix):
                continue
            self.inbox.acknowledge(FetchedMail(key, b""), outcome or Outcome.PROCESSED)  # type: ignore[arg-type]
            with Session(ctx.engine) as s:
                row = s.get(InboundRow, row_id)
                if row is not None:
                    row.filed = True
                    s.add(row)
                    s.commit()
            done += 1
        return done + self._copies(ctx)

    def _copies(self, ctx: StageContext) -> int:
        prefix = COPY_PREFIX + self.prefix
        with Session(ctx.engine) as s:
            copies = [(c.key, c.value.get("of")) for c in s.exec(select(SettingRow).where(
                col(SettingRow.key).startswith(prefix, autoescape=True)))]
            outcomes = {i: (st, oc) for i, st, oc in s.exec(select(InboundRow.id, InboundRow.status, InboundRow.outcome)
                        .where(col(InboundRow.id).in_([of for _, of in copies])))} if copies else {}
        done = 0
        for key, of in copies:
            status, outcome = outcomes.get(of, (None, None))
            if status != InboundStatus.DONE:
                continue  # the original has no outcome yet: the copy waits in the inbox with it
            self.inbox.acknowledge(FetchedMail(key[len(COPY_PREFIX):], b""), outcome or Outcome.PROCESSED)  # type: ignore[arg-type]
            with Session(ctx.engine) as s:
                row = s.get(SettingRow, key)
                if row is not None:
                    s.delete(row)
                    s.commit()
            done += 1
        return done
