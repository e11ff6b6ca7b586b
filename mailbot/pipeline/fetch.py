"""Fetch and store: claim each new mail in the ledger (by the hash of its bytes) and keep the raw .eml."""
from __future__ import annotations

import hashlib
import logging
from email.parser import BytesHeaderParser
from email.policy import compat32

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..store.models import InboundRow
from ..transport.base import FetchedMail, Inbox
from .context import StageContext

log = logging.getLogger(__name__)


def raw_header(raw: bytes, name: str) -> str | None:
    try:
        value = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536]).get(name)
    except Exception:  # noqa: BLE001 - hostile headers: the parse stage reports them properly
        return None
    return str(value).strip()[:998] if value else None


class FetchStage:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    def run(self, ctx: StageContext) -> int:
        stored = 0
        for mail in self.inbox.fetch_new():
            if ctx.stopping:  # not stored: fetched again after the restart (the cursor did not move)
                break
            if self._store(ctx, mail):
                stored += 1
        return stored

    def _store(self, ctx: StageContext, mail: FetchedMail) -> bool:
        digest = hashlib.sha256(mail.raw).hexdigest()
        with Session(ctx.engine) as s:
            old_key = s.exec(select(InboundRow.source_key).where(InboundRow.sha256 == digest)).first()
            if old_key is not None:
                if old_key != mail.source_key:
                    self.inbox.acknowledge(mail, "processed")  # the same bytes again: file the copy away
                return False
            row = InboundRow(
                sha256=digest, source_key=mail.source_key, message_id=raw_header(mail.raw, "Message-ID"),
                size=len(mail.raw), raw=mail.raw, status="stored", received_at=ctx.now, updated_at=ctx.now,
            )
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # another daemon claimed it first
                s.rollback()
                return False
        log.info("stored inbound mail %s (%d bytes)", mail.source_key, len(mail.raw))
        return True
