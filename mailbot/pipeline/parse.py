"""Parse: read each stored mail and its PDFs, in a bounded child process, and keep the reading."""
from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, col, select

from ..store.db import claim
from ..store.models import InboundRow
from .context import StageContext

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def read_mail(raw: bytes, timeout_s: float, max_bytes: int) -> dict[str, Any]:
    from parsers import bounded

    return bounded.read_mail_bounded(raw, timeout_s=timeout_s, max_bytes=max_bytes)


class ParseStage:
    def run(self, ctx: StageContext, batch: int = 20) -> int:
        done = 0
        while True:
            with Session(ctx.engine, expire_on_commit=False) as s:
                rows = list(s.exec(claim(s, select(InboundRow).where(InboundRow.status == "stored")
                                         .order_by(col(InboundRow.id)).limit(batch))))
                if not rows:
                    return done
                for row in rows:
                    self._parse(ctx, row)
                    s.add(row)
                    done += 1
                s.commit()

    def _parse(self, ctx: StageContext, row: InboundRow) -> None:
        row.attempts += 1
        row.updated_at = ctx.now
        try:
            reading = read_mail(row.raw, ctx.cfg.limits.parse_timeout_seconds, ctx.cfg.limits.max_mail_bytes)
        except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the daemon
            log.exception("parsing inbound %s failed", row.id)
            row.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if row.attempts >= MAX_ATTEMPTS:
                row.status, row.outcome, row.reason = "done", "failed", "the mail could not be read"
            return
        msg = reading.get("message") or {}
        if not msg.get("from"):  # the reader gave up (too large, timeout): keep at least who and what
            from email.utils import parseaddr

            from .fetch import _header

            msg["from"] = parseaddr(_header(row.raw, "From") or "")[1].lower() or None
            msg["subject"] = msg.get("subject") or _header(row.raw, "Subject")
            reading["message"] = msg
        row.reading = reading
        row.sender = (msg.get("from") or "")[:320] or None
        row.subject = (msg.get("subject") or "")[:998] or None
        row.automated = msg.get("automated")
        row.message_id = row.message_id or msg.get("message_id")
        row.status = "parsed"
