"""Operations: health, retention, failed mail and reprocessing; what an operator needs to trust the daemon."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from .config import Config
from .core import i18n
from .core.readings import Message, Reading
from .core.vocabulary import InboundStatus, NoticeKind, OutboundStatus, Outcome
from .notices import tell_staff
from .store import raw as raw_store
from .store.db import get_setting, session_scope
from .store.models import InboundRow, OutboundRow

log = logging.getLogger(__name__)

OUTBOX_WAITING = (OutboundStatus.QUEUED, OutboundStatus.RENDERED, OutboundStatus.SENDING, OutboundStatus.DELIVERING)
OUTBOX_STUCK = (OutboundStatus.HELD, OutboundStatus.FAILED, OutboundStatus.UNCERTAIN)  # each waits for a person
OUTBOX_IN_FLIGHT = (OutboundStatus.SENDING, OutboundStatus.DELIVERING)
STALE_SENDING_SECONDS = 60  # an SMTP exchange takes seconds; a row in flight longer has a stuck or dead sender


# what of a reading's message is kept after retention: who, when and what about, not what was written
_KEEP_MESSAGE = ("message_id", "from", "to", "subject", "date", "in_reply_to", "references", "case_ref",
                 "automated", "language")


class _Kept(BaseModel):
    model_config = ConfigDict(extra="ignore")


class KeptProblem(_Kept):
    code: str  # as the reader wrote it (a code this version does not know: that code)


class KeptDocument(_Kept):
    """A document after retention: its name, kind and problem codes."""

    filename: str
    kind: str
    problems: list[KeptProblem]


class PurgedReading(_Kept):
    """A reading after retention (`purge`): stored in the ledger's reading column in its place, with only the
    keys given (a `Message` of the `_KEEP_MESSAGE` keys it held)."""

    message: Message
    documents: list[KeptDocument]
    purged_at: str


# --- failed mail -------------------------------------------------------------------------------------------

def mail_failed(s: Session, cfg: Config, now: datetime, row: InboundRow, reason: str) -> None:
    """A mail the bot gave up on: kept whole in the ledger, filed in the failed folder, staff told once."""
    row.status, row.outcome, row.reason = InboundStatus.DONE, InboundStatus.FAILED, reason
    a = cfg.addresses
    _ = i18n.words(a.staff_language).gettext
    summary = _("Mail no. {id} could not be processed ({reason}; last error: {error}). It is kept unchanged and "
                "moved to the folder for failed mail; when the fault is fixed, `mailbot reprocess {id}` runs it "
                "again.").format(id=row.id, reason=reason, error=row.last_error or _("unknown"))
    tell_staff(s, a, now, NoticeKind.FAILED_MAIL, summary, sender=row.sender, subject=row.subject, inbound_id=row.id)
    log.warning("mail #%s failed: %s", row.id, reason, extra={"inbound_id": row.id})


def reprocess(engine: Engine, ids: list[int], *, failed: bool = False) -> list[tuple[int, str]]:
    """Put mails back at the start of the pipeline (parse onwards) so the next cycle runs them again.

    The mail stays where it was filed (the failed folder) and keeps its ledger row, so it is never fetched
    twice; the ledger row gets its new outcome. Purged mail (retention) cannot be run again.
    """
    results: list[tuple[int, str]] = []
    with session_scope(engine) as s:
        stmt = select(InboundRow).order_by(col(InboundRow.id))
        stmt = stmt.where(InboundRow.outcome == Outcome.FAILED) if failed else stmt.where(col(InboundRow.id).in_(ids))
        rows = {r.id: r for r in s.exec(stmt) if r.id is not None}
        wanted = sorted(rows) if failed else ids
        for i in wanted:
            row = rows.get(i)
            if row is None or row.id is None:
                results.append((i, "no such mail"))
            elif row.status != InboundStatus.DONE:
                results.append((i, f"still being processed ({row.status}); nothing to do"))
            elif row.outcome != Outcome.FAILED:
                # running a processed mail again could answer it twice
                results.append((i, f"its outcome is {row.outcome}, not failed; only failed mail is run again"))
            elif not raw_store.held(row):
                results.append((i, "its raw mail was purged (retention); it cannot be run again"))
            else:
                was = row.outcome
                row.status, row.outcome, row.reason = InboundStatus.STORED, None, None
                row.attempts, row.last_error = 0, None
                row.reading, row.route, row.case_id = None, None, None
                s.add(row)
                results.append((row.id, f"queued again (was {was}); the next cycle processes it"))
    return results


# --- retention ---------------------------------------------------------------------------------------------

def purge(engine: Engine, cfg: Config, now: datetime) -> dict[str, int]:
    """Personal data is kept only as long as configured: raw mail, document contents and sent mail bytes go;
    the ledger's metadata (hash, sender, subject, outcome), the cases and their timelines stay."""
    days = cfg.retention.raw_mail_days
    if days <= 0:
        return {"inbound": 0, "outbound": 0}
    cutoff = now - timedelta(days=days)
    counts = {"inbound": 0, "outbound": 0}
    with session_scope(engine) as s:
        for row in s.exec(select(InboundRow).where(
                InboundRow.status == InboundStatus.DONE, col(InboundRow.received_at) < cutoff,
                or_(func.length(InboundRow.raw) > 0, col(InboundRow.raw_ref).is_not(None)))):
            raw_store.purge(s, row)
            row.reading = _stripped(Reading.model_validate(row.reading or {}), now).model_dump(
                mode="json", by_alias=True, exclude_unset=True)
            s.add(row)
            counts["inbound"] += 1
        for out in s.exec(select(OutboundRow).where(
                col(OutboundRow.status).in_([OutboundStatus.SENT, OutboundStatus.DRY_RUN]),
                col(OutboundRow.created_at) < cutoff,
                col(OutboundRow.raw).is_not(None))):
            out.raw = None
            s.add(out)
            counts["outbound"] += 1
    if counts["inbound"] or counts["outbound"]:
        log.info("retention: purged %d inbound and %d outgoing mails older than %d days",
                 counts["inbound"], counts["outbound"], days, extra={"purged": counts})
    return counts


def _stripped(reading: Reading, now: datetime) -> PurgedReading:
    """The stored reading, purged: the `_KEEP_MESSAGE` keys of its message, each document's name, kind and
    problem codes."""
    held = reading.message.as_json() if reading.message is not None else {}
    message = Message.model_validate({k: v for k, v in held.items() if k in _KEEP_MESSAGE})
    documents = [KeptDocument(filename=d.filename, kind=d.kind, problems=[
        KeptProblem(code=p.original_code or p.code) for p in d.problems]) for d in reading.documents]
    return PurgedReading(message=message, documents=documents, purged_at=now.isoformat())


# --- health ------------------------------------------------------------------------------------------------

@dataclass
class Health:
    last_fetch: datetime | None
    last_send: datetime | None
    unprocessed: int
    oldest_unprocessed: datetime | None
    outbox_waiting: int
    outbox_stuck: int
    failed_mail: int
    oldest_unsent: datetime | None = None  # the oldest outgoing mail not yet sent (queued, rendered, sending)
    stale_sending: int = 0  # rows `sending`/`delivering` for longer than a minute: a sender stuck or dead

    def problems(self, cfg: Config, now: datetime) -> list[str]:
        h = cfg.health
        out = []
        if self.last_fetch is None:
            out.append("no successful fetch yet")
        elif now - self.last_fetch > timedelta(minutes=h.max_fetch_age_minutes):
            out.append(f"no successful fetch for {_age(now, self.last_fetch)}")
        if self.oldest_unprocessed and now - self.oldest_unprocessed > timedelta(minutes=h.max_unprocessed_age_minutes):
            out.append(f"a mail has waited {_age(now, self.oldest_unprocessed)} to be processed")
        if self.outbox_waiting > h.max_outbox_queue:
            out.append(f"{self.outbox_waiting} outgoing mails waiting")
        if self.oldest_unsent and now - self.oldest_unsent > timedelta(minutes=h.max_unsent_age_minutes):
            out.append(f"an outgoing mail has waited {_age(now, self.oldest_unsent)} to be sent")
        if h.max_send_age_minutes and (self.last_send is None
                                       or now - self.last_send > timedelta(minutes=h.max_send_age_minutes)):
            out.append("no successful send yet" if self.last_send is None
                       else f"no successful send for {_age(now, self.last_send)}")
        if self.stale_sending:
            out.append(f"{self.stale_sending} outgoing mails in the middle of sending for over "
                       f"{STALE_SENDING_SECONDS} s")
        if self.outbox_stuck > h.max_stuck_outbound:
            out.append(f"{self.outbox_stuck} outgoing mails held, failed or uncertain (`mailbot outbox`)")
        return out

    def line(self, cfg: Config, now: datetime) -> tuple[int, str]:
        """Nagios-style: 0 and "OK ..." or 2 and "CRITICAL: <why> ..."; the facts follow either way."""
        facts = (f"last fetch {_when(now, self.last_fetch)}; last send {_when(now, self.last_send)}; "
                 f"inbound queue {self.unprocessed}, oldest {_when(now, self.oldest_unprocessed)}; "
                 f"outbox queue {self.outbox_waiting}, oldest {_when(now, self.oldest_unsent)}, "
                 f"needing a person {self.outbox_stuck}; "
                 f"failed mail {self.failed_mail}")
        problems = self.problems(cfg, now)
        if problems:
            return 2, f"CRITICAL: {'; '.join(problems)} | {facts}"
        return 0, f"OK | {facts}"


def _age(now: datetime, then: datetime) -> str:
    minutes = int((now - then).total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"


def _when(now: datetime, then: datetime | None) -> str:
    # every moment in the line in the same zone as `now` (the stored ones are UTC)
    when = then.astimezone(now.tzinfo) if then is not None and now.tzinfo is not None else then
    return "never" if when is None else f"{when.isoformat(timespec='seconds')} ({_age(now, when)} ago)"


def health(engine: Engine, now: datetime | None = None) -> Health:
    """The facts, read in one deferred read transaction (give it a `make_read_engine` engine)."""
    from .clock import SystemClock

    now = now or SystemClock().now()
    with Session(engine) as s:
        fetched = get_setting(s, "last_fetch").get("at")
        last_send = s.exec(select(func.max(OutboundRow.sent_at))).one()
        unprocessed, oldest = s.exec(select(func.count(), func.min(InboundRow.received_at))
                                     .where(InboundRow.status != InboundStatus.DONE)).one()
        waiting = s.exec(select(func.count()).where(col(OutboundRow.status).in_(OUTBOX_WAITING))).one()
        stuck = s.exec(select(func.count()).where(col(OutboundRow.status).in_(OUTBOX_STUCK))).one()
        failed = s.exec(select(func.count()).where(InboundRow.outcome == Outcome.FAILED)).one()
        oldest_unsent = s.exec(select(func.min(OutboundRow.created_at))
                               .where(col(OutboundRow.status).in_(OUTBOX_WAITING))).one()
        stale = s.exec(select(func.count()).where(
            col(OutboundRow.status).in_(OUTBOX_IN_FLIGHT),
            col(OutboundRow.claimed_at) < now - timedelta(seconds=STALE_SENDING_SECONDS))).one()
    return Health(last_fetch=datetime.fromisoformat(fetched) if fetched else None, last_send=_aware(last_send),
                  unprocessed=int(unprocessed), oldest_unprocessed=_aware(oldest), outbox_waiting=int(waiting),
                  outbox_stuck=int(stuck), failed_mail=int(failed), oldest_unsent=_aware(oldest_unsent),
                  stale_sending=int(stale))


def _aware(value: Any) -> datetime | None:
    """Aggregates bypass the column type, so SQLite hands back a naive UTC moment (or a string)."""
    from datetime import UTC

    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
