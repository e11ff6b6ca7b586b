"""Fetch and store: claim each new mail in the ledger (by the hash of its bytes) and keep the raw .eml.

This stage moves nothing in the mailbox: filing is the file stage's alone, after the outcome is committed
(and never in a dry run). A second copy of bytes already in the ledger is remembered as a copy of its
original (`copy_key`) and filed by the file stage with the original's outcome, once it has one.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from email.policy import compat32

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
    it is raised to the runner, and what is stored already goes on."""

    name = "fetched"
    mailbox = True
    fetches = True

    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    def claim(self, ctx: StageContext) -> Iterator[FetchedMail]:
        for mail in self.inbox.fetch_new():
            if ctx.stopping:  # not stored: fetched again after the restart (the cursor did not move)
                return
            yield mail

    def handle(self, ctx: StageContext, mail: FetchedMail) -> int:
        return int(self._store(ctx, mail))

    def run(self, ctx: StageContext) -> int:
        """The stage's run, then when the mailbox was last read (what `mailbot health` reports)."""
        done = super().run(ctx)
        with session_scope(ctx.engine) as s:
            put_setting(s, "last_fetch", {"at": ctx.now.isoformat(), "fetched": done})
        return done

    def _store(self, ctx: StageContext, mail: FetchedMail) -> bool:
        """Claim the mail in the ledger and keep its bytes once (mailbot/store/raw.py): in pieces, never
        as another whole copy; a spooled large mail is hashed already."""
        if mail.sha256 is not None:
            digest = mail.sha256
        else:
            h = hashlib.sha256()
            for piece in mail.pieces():
                h.update(piece)
            digest = h.hexdigest()
        size = mail.size
        with Session(ctx.engine) as s:
            old_key = s.exec(select(InboundRow.source_key).where(InboundRow.sha256 == digest)).first()
            if old_key is not None:
                if old_key != mail.source_key and not get_setting(s, copy_key(mail.source_key)):
                    # the same bytes again: filed beside the original once that has its outcome
                    original = s.exec(select(InboundRow.id).where(InboundRow.sha256 == digest)).one()
                    put_setting(s, copy_key(mail.source_key), {"of": original, "at": ctx.now.isoformat()})
                    try:
                        s.commit()
                    except IntegrityError:  # another daemon remembered it first
                        s.rollback()
                        return False
                    log.info("inbound mail %s is a copy of mail #%s; filed with it", mail.source_key, original)
                return False
            ref = raw_store.put(s, digest, mail)
            row = InboundRow(
                sha256=digest, source_key=mail.source_key, message_id=raw_header(mail.head(65536), "Message-ID"),
                size=size, raw=b"" if ref else mail.raw, raw_ref=ref, status=InboundStatus.STORED, received_at=ctx.now,
                updated_at=ctx.now,
            )
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # another daemon claimed it first
                s.rollback()
                return False
        log.info("stored inbound mail %s (%d bytes)", mail.source_key, size)
        return True
