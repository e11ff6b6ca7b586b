"""Parse: read each stored mail and its PDFs, in a bounded child process, and keep the reading."""
from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from sqlmodel import Session

from ..store.models import InboundRow
from .context import StageContext
from .fetch import raw_header
from .stage import RowStage


def read_mail(raw: bytes, timeout_s: float, max_bytes: int) -> dict[str, Any]:
    from parsers import bounded

    return bounded.read_mail_bounded(raw, timeout_s=timeout_s, max_bytes=max_bytes)


class ParseStage(RowStage):
    model = InboundRow
    status = "stored"

    def give_up(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        from ..ops import mail_failed

        mail_failed(s, ctx.cfg, ctx.now, row, "the mail could not be read")

    def handle(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        row.updated_at = ctx.now
        reading = read_mail(row.raw, ctx.cfg.limits.parse_timeout_seconds, ctx.cfg.limits.max_mail_bytes)
        msg = reading.get("message") or {}
        if not msg.get("from"):  # the reader gave up (too large, timeout): keep at least who and what
            msg["from"] = parseaddr(raw_header(row.raw, "From") or "")[1].lower() or None
            msg["subject"] = msg.get("subject") or raw_header(row.raw, "Subject")
            reading["message"] = msg
        row.reading = reading
        row.sender = (msg.get("from") or "")[:320] or None
        row.subject = (msg.get("subject") or "")[:998] or None
        row.automated = msg.get("automated")
        row.message_id = row.message_id or msg.get("message_id")
        row.status = "parsed"
