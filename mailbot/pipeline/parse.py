"""Parse: read each stored mail and its PDFs, in a bounded child process, and keep the reading.

The child is handed the stored mail's file (a temporary copy in pieces where the mail is a PostgreSQL large
object or an old row's bytes), never the bytes through this process; it runs under the address-space
limit and the page, object, image and inflate budgets of `[limits]`.
"""
from __future__ import annotations

import contextlib
import logging
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from sqlmodel import Session

from parsers.reading import Message, Reading

from ..config import LimitsConfig
from ..core.refs import DEFAULT_PREFIX
from ..core.vocabulary import InboundStatus
from ..logs import where
from ..store import raw as raw_store
from ..store.models import InboundRow
from .context import StageContext
from .fetch import raw_header
from .stage import RowStage

log = logging.getLogger(__name__)


def budgets(limits: LimitsConfig) -> Any:
    """The parse child's budgets from `[limits]`."""
    from parsers.budget import Budgets

    return Budgets(max_pdf_pages=limits.max_pdf_pages, max_pdf_objects=limits.max_pdf_objects,
                   max_pdf_images=limits.max_pdf_images, max_inflated_bytes=limits.max_inflated_bytes,
                   max_archive_entries=limits.max_archive_entries, max_archive_depth=limits.max_archive_depth,
                   max_archive_entry_bytes=limits.max_archive_entry_bytes,
                   max_unpacked_bytes=limits.max_unpacked_bytes, max_archive_ratio=limits.max_archive_ratio)


def read_mail(raw: bytes | Path, limits: LimitsConfig, ref_prefix: str = DEFAULT_PREFIX) -> Reading:
    from parsers import bounded

    return bounded.read_mail_bounded(raw, timeout_s=limits.parse_timeout_seconds, max_bytes=limits.max_mail_bytes,
                                     max_memory_mb=limits.parse_memory_mb, budgets=budgets(limits),
                                     ref_prefix=ref_prefix)


def read_mails(raws: list[bytes | Path], limits: LimitsConfig,
               ref_prefix: str = DEFAULT_PREFIX) -> list[Reading]:
    from parsers import bounded

    return bounded.read_mails_bounded(raws, timeout_s=limits.parse_timeout_seconds, max_bytes=limits.max_mail_bytes,
                                      max_memory_mb=limits.parse_memory_mb, budgets=budgets(limits),
                                      ref_prefix=ref_prefix)


def checked(reading: Reading) -> Reading:
    """The bounded child's reading (loaded leniently where it crossed the pipe) checked strictly: a field its
    kind has not is a reader's bug, and raises (the row fails, is retried, and is kept)."""
    return reading.strict()


def parsed(s: Session, row: InboundRow, reading: Reading | None, ctx: StageContext) -> Reading:
    """The mail's `Reading`; read now when it was not prepared (a row on its own, or one whose prepared reading
    did not check: reading it alone raises that again, for this row alone)."""
    if reading is None:
        with raw_store.as_path(s, row) as path:
            reading = checked(read_mail(path, ctx.cfg.limits, ctx.cfg.case_ref_prefix))
    msg = reading.message if reading.message is not None else Message()
    if not msg.sender:  # the reader gave up (too large, timeout): keep at least who and what
        head = raw_store.read(s, row, 65536)
        msg.sender = parseaddr(raw_header(head, "From") or "")[1].lower() or None
        msg.subject = msg.subject or raw_header(head, "Subject")
        reading.message = msg
    return reading


class ParseStage(RowStage[InboundRow]):
    """Reading PDFs is CPU-bound and the slowest stage by far (profiled with pyinstrument, bench/profile.py),
    so a claimed batch is read in parallel, one bounded child per mail and per core; the rows are then
    updated one by one as before."""

    name = "parsed"
    offloads = True  # a backlog is parsed in a thread of its own while the later stages drain it
    batch = 100  # the workers wait for a batch's slowest mail (an OCR'd scan: seconds); fewer, larger batches
    model = InboundRow
    status = InboundStatus.STORED
    failure = "the mail could not be read"

    def __init__(self) -> None:
        self._readings: dict[int, Reading] = {}

    def prepare(self, ctx: StageContext, rows: list[InboundRow]) -> None:
        todo = [row for row in rows if row.id is not None]
        try:
            with Session(ctx.engine) as s, contextlib.ExitStack() as files:
                inputs = [files.enter_context(raw_store.as_path(s, row)) for row in todo]
                s.rollback()  # no transaction stays open while the children read
                readings = read_mails(list(inputs), ctx.cfg.limits, ctx.cfg.case_ref_prefix)
        except Exception as exc:  # noqa: BLE001 - e.g. no process could be started: each row then tries alone
            # where it failed, never the message: a reader's error may quote the mail
            log.warning("reading %d mails in parallel failed (%s); reading them one by one", len(todo), where(exc))
            self._readings = {}
            return
        self._readings = {}
        for row, read in zip(todo, readings, strict=True):
            try:
                if row.id is not None:
                    self._readings[row.id] = checked(read)
            except ValueError:  # a reader's bug: handle_row reads this mail alone, and the row fails there
                log.warning("the reading of mail #%s did not check; it is read again alone", row.id)

    def handle_row(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        """stored -> parsed: raw bytes in, a `Reading` out (stored as its JSON)."""
        row.updated_at = ctx.now
        reading = parsed(s, row, self._readings.pop(row.id, None) if row.id is not None else None, ctx)
        row.reading = reading.as_json()
        msg = reading.msg
        row.sender = (msg.sender or "")[:320] or None
        row.subject = (msg.subject or "")[:998] or None
        row.automated = msg.automated
        row.message_id = row.message_id or msg.message_id
        row.status = InboundStatus.PARSED
