"""Parse: read each stored mail and its PDFs, in a bounded child process, and keep the reading."""
from __future__ import annotations

import logging
from email.utils import parseaddr
from typing import Any

from sqlmodel import Session

from parsers.reading import Message, Reading

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


def parsed(raw: bytes, contract: dict[str, Any] | None, ctx: StageContext) -> Reading:
    """The reader's contract object as a `Reading`; read now when it was not prepared (a row on its own)."""
    if contract is None:
        contract = read_mail(raw, ctx.cfg.limits.parse_timeout_seconds, ctx.cfg.limits.max_mail_bytes)
    reading = Reading.model_validate(contract)
    msg = reading.message if reading.message is not None else Message()
    if not msg.sender:  # the reader gave up (too large, timeout): keep at least who and what
        msg.sender = parseaddr(raw_header(raw, "From") or "")[1].lower() or None
        msg.subject = msg.subject or raw_header(raw, "Subject")
        reading.message = msg
    return reading


class ParseStage(RowStage[InboundRow]):
    """Reading PDFs is CPU-bound and the slowest stage by far (profiled with pyinstrument, bench/profile.py),
    so a claimed batch is read in parallel, one bounded child per mail and per core; the rows are then
    updated one by one as before."""

    name = "parsed"
    model = InboundRow
    status = InboundStatus.STORED
    failure = "the mail could not be read"

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

    def handle_row(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        """stored -> parsed: raw bytes in, a `Reading` out (stored as its JSON)."""
        row.updated_at = ctx.now
        reading = parsed(row.raw, self._readings.pop(row.id, None) if row.id is not None else None, ctx)
        row.reading = reading.as_json()
        msg = reading.msg
        row.sender = (msg.sender or "")[:320] or None
        row.subject = (msg.subject or "")[:998] or None
        row.automated = msg.automated
        row.message_id = row.message_id or msg.message_id
        row.status = InboundStatus.PARSED
