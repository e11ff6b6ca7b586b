"""Parse: read each stored mail and its PDFs, in a bounded child process, and keep the reading."""
from __future__ import annotations

import logging
from email.utils import parseaddr
from typing import Any

from sqlmodel import Session

from ..core.vocabulary import InboundStatus
from ..logs import where
from ..store.models import InboundRow
from .context import StageContext
from .fetch import raw_header
from .stage import RowStage

log = logging.getLogger(__name__)


def read_mail(raw: bytes, timeout_s: float, max_bytes: int) -> dict[str, Any]:
    from parsers import bounded

    return bounded.read_mail_bounded(raw, timeout_s=timeout_s, max_bytes=max_bytes)


def read_mails(raws: list[bytes], timeout_s: float, max_bytes: int) -> list[dict[str, Any]]:
    from parsers import bounded

    return bounded.read_mails_bounded(raws, timeout_s=timeout_s, max_bytes=max_bytes)


class ParseStage(RowStage):
    """Reading PDFs is CPU-bound and the slowest stage by far (profiled with pyinstrument, bench/profile.py),
    so a claimed batch is read in parallel, one bounded child per mail and per core; the rows are then
    updated one by one as before."""

    model = InboundRow
    status = InboundStatus.STORED

    def __init__(self) -> None:
        self._readings: dict[int, dict[str, Any]] = {}

    def prepare(self, ctx: StageContext, rows: list[InboundRow]) -> None:
        todo = [row for row in rows if row.id is not None]
        try:
            readings = read_mails([row.raw for row in todo], ctx.cfg.limits.parse_timeout_seconds,
                                  ctx.cfg.limits.max_mail_bytes)
        except Exception as exc:  # noqa: BLE001 - e.g. no process could be started: each row then tries alone
            # where it failed, never the message: a reader's error may quote the mail
            log.warning("reading %d mails in parallel failed (%s); reading them one by one", len(todo), where(exc))
            self._readings = {}
            return
        self._readings = {row.id: reading for row, reading in zip(todo, readings, strict=True)
                          if row.id is not None}

    def give_up(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        from ..ops import mail_failed

        mail_failed(s, ctx.cfg, ctx.now, row, "the mail could not be read")

    def handle(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        row.updated_at = ctx.now
        reading = self._readings.pop(row.id, None) if row.id is not None else None
        if reading is None:  # not prepared (a row handled on its own): read it now
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
        row.status = InboundStatus.PARSED
