"""Fetch and store: claim each new mail in the ledger (by the hash of its bytes) and keep the raw .eml.

This stage moves nothing in the mailbox: filing is the file stage's alone, after the outcome is committed
(and never in a dry run). A second copy of bytes already in the ledger is remembered as a copy of its
original (`copy_key`) and filed by the file stage with the original's outcome, once it has one.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Generator
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..core.vocabulary import InboundStatus
from ..store import raw as raw_store
from ..store.db import get_setting, put_setting, session_scope
from ..store.models import InboundRow
from ..transport.base import FetchedMail, Inbox
from .context import StageContext
from .stage import Stage

log = logging.getLogger(__name__)
COPY_PREFIX = "copy:"  # settings key of a duplicate copy waiting to be filed: "copy:<source key>"


def copy_key(source_key: str) -> str:
    return COPY_PREFIX + source_key


def raw_header(raw: bytes, name: str) -> str | None:
    try:
        value = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536]).get(name)
    except Exception:  # noqa: BLE001 - hostile headers: the parse stage reports them properly
        return None
    return str(value).strip()[:998] if value else None


class FetchStage(Stage[FetchedMail]):
    """The mailbox's new mail in, stored `InboundRow`s (status stored) out. A failure is the mailbox's:
    it is raised to the runner, and what is stored already goes on.

    Mails are stored `per_transaction` at a time in one transaction, each in a savepoint of its own: each
    file is written and fsynced as it comes, the folders they were renamed into are fsynced once, just
    before the rows commit, and the inbox's cursor moves past a mail only after that commit (`settle`).
    A crash before it leaves files without rows: the mails are fetched again, to the same names."""

    name = "fetched"
    mailbox = True
    fetches = True
    per_transaction = 50
    # the transaction is open while the next mails are downloaded: on SQLite that holds the one write lock
    # (the send job, a staff decision in the web view wait for it), so it is committed after this long
    hold_seconds = 1.0

    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self._open: Session | None = None  # the transaction holding the mails stored since the last commit
        self._folders: set[Path] = set()  # raw store folders renamed into since then, not yet fsynced
        self._stored: list[tuple[str, int]] = []  # (source key, size) of those mails, logged once committed
        self._opened_at = 0.0

    def claim(self, ctx: StageContext) -> Generator[FetchedMail, None, None]:
        mails = self.inbox.fetch_new(settle=self._settle)
        try:
            for mail in mails:
                if ctx.stopping:  # not stored: fetched again after the restart (the cursor did not move)
                    return
                yield mail
        finally:
            close = getattr(mails, "close", None)
            if close is not None:
                close()  # now, not when collected: the inbox settles and moves its cursor while the batch is open

    def handle(self, ctx: StageContext, mail: FetchedMail) -> int:
        stored = self._store(ctx, mail)
        if len(self._stored) >= self.per_transaction or time.monotonic() - self._opened_at > self.hold_seconds:
            self._settle()
        return int(stored)

    def run(self, ctx: StageContext) -> int:
        """The stage's run, then when the mailbox was last read (what `mailbot health` reports)."""
        done = 0
        mails = self.claim(ctx)
        try:
            for mail in mails:
                try:
                    done += self.handle(ctx, mail)
                except Exception as exc:  # noqa: BLE001 - as `Stage.run`: the stage says what failing means
                    done += self.give_up(ctx, mail, exc)
            self._settle()
        finally:
            try:
                # whatever ends the run, the inbox is closed first: it commits what was stored (`_settle`)
                # and only then moves its cursor; were the batch rolled back first, it would move past it
                mails.close()
            finally:
                self._close()
        with session_scope(ctx.engine) as s:
            put_setting(s, "last_fetch", {"at": ctx.now.isoformat(), "fetched": done})
        return done

    def _settle(self) -> None:
        """Commit the mails stored so far, their files and folders durable first."""
        s = self._open
        if s is None:
            return
        raw_store.sync_folders(self._folders)
        s.commit()
        self._opened_at = time.monotonic()  # the session begins its next transaction with the next mail
        self._folders.clear()
        for key, size in self._stored:
            log.info("stored inbound mail %s (%d bytes)", key, size)
        self._stored.clear()

    def _close(self) -> None:
        s, self._open = self._open, None
        self._folders.clear()
        self._stored.clear()
        if s is not None:
            s.close()  # what was not committed is rolled back: fetched again (the cursor did not move)

    def _store(self, ctx: StageContext, mail: FetchedMail) -> bool:
        """Claim the mail in the ledger and keep its bytes once (mailbot/store/raw.py): in pieces, never
        as another whole copy; a spooled large mail is hashed already. In a savepoint of the open
        transaction: a mail another daemon claimed first is rolled back alone."""
        if mail.sha256 is not None:
            digest = mail.sha256
        else:
            h = hashlib.sha256()
            for piece in mail.pieces():
                h.update(piece)
            digest = h.hexdigest()
        size = mail.size
        if self._open is None:
            self._open, self._opened_at = Session(ctx.engine, expire_on_commit=False), time.monotonic()
        s = self._open
        try:
            with s.begin_nested():
                old_key = s.exec(select(InboundRow.source_key).where(InboundRow.sha256 == digest)).first()
                if old_key is not None:
                    if old_key != mail.source_key and not get_setting(s, copy_key(mail.source_key)):
                        # the same bytes again: filed beside the original once that has its outcome
                        original = s.exec(select(InboundRow.id).where(InboundRow.sha256 == digest)).one()
                        put_setting(s, copy_key(mail.source_key), {"of": original, "at": ctx.now.isoformat()})
                        s.flush()
                        log.info("inbound mail %s is a copy of mail #%s; filed with it", mail.source_key, original)
                    return False
                ref = raw_store.put(s, digest, mail, self._folders)
                s.add(InboundRow(
                    sha256=digest, source_key=mail.source_key, message_id=raw_header(mail.head(65536), "Message-ID"),
                    size=size, raw=b"" if ref else mail.raw, raw_ref=ref, status=InboundStatus.STORED,
                    received_at=ctx.now, updated_at=ctx.now,
                ))
                s.flush()
        except IntegrityError:  # another daemon claimed it first (or remembered the copy first)
            return False
        self._stored.append((mail.source_key, size))
        return True
