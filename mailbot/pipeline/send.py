"""Send: deliver rendered mail exactly once.

With `--dry-run` (or `[daemon] dry_run`) a rendered row is marked `dry_run` instead and never sent.

A row goes `rendered` -> `sending` (committed, with its sender's lease) -> `delivering` (committed just
before the final "." of SMTP's DATA) -> `sent` (committed right after the server's answer):
- a sender that dies while the row is `sending` had not sent the final ".", so the server cannot have
  taken the mail: whichever daemon sends next sees that the lease's owner is gone and sends it at once;
- only a death between the final "." and the commit of the answer (milliseconds) leaves its fate unknown:
  a `delivering` row whose owner is gone. With SMTP it is marked `uncertain` and never sent again by
  itself (the party might see two copies); staff get a notice naming it, and `mailbot outbox resend ID`
  sends it if the mail server's log shows it never left. With the `.eml` outbox (idempotent: one file per
  Message-ID) it is simply written again.
A sender holds its lease while sending: on PostgreSQL a session advisory lock on a connection of its own
(it goes with the connection when the process dies, so another daemon sees it at its next send cycle); on
SQLite (one machine) the owner's host, process id and process start time, checked against the live
processes. The lease also names the attempt, so a sender that lost its lease never sends the final ".".
A connection lost after the final "." but before the server's answer is the same unknown: the row becomes
`uncertain` at once.
"""
from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import String, and_, cast, or_, text, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from ..core.vocabulary import NoticeKind, OutboundStatus
from ..notices import tell_staff
from ..store.db import claim, get_setting, like_literal, put_setting
from ..store.models import CaseRow, OutboundRow, SettingRow
from ..transport.base import PermanentFailure, Sender, TemporaryFailure, UncertainDelivery
from .context import StageContext
from .stage import Stage

log = logging.getLogger(__name__)
STALE_MINUTES = 15  # a `sending` row of an older version (no lease): its fate unknown after this long
LEASE_PREFIX = "outbox-lease:"
# SMTP temporary failures of this process, by kind; the metrics endpoint reports them
TEMPORARY_FAILURES: Counter[str] = Counter()
_IN_FLIGHT: set[int] = set()  # rows this process is sending now (threads: the send job and a cycle's flush)
_IN_FLIGHT_LOCK = threading.Lock()


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc), so a reused process id is told apart."""
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii", errors="replace").read()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    if fields and fields[0] in ("Z", "X"):
        return None  # a zombie: dead, only not yet reaped
    return fields[19] if len(fields) > 19 else ""


def owner_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_start_time(os.getpid()) or ''}"


def _owner_alive(token: str) -> bool | None:
    """True/False for a process on this machine; None when it ran elsewhere (cannot be told here)."""
    host, _, rest = token.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    now_start = _start_time(pid)
    if now_start is None:
        return False
    return not start or now_start == start


class _Lease:
    """This process's claim on one row while it sends it (see the module docstring)."""

    def __init__(self, engine: Engine, out_id: int) -> None:
        self.engine, self.out_id = engine, out_id
        self.conn: Connection | None = None

    @property
    def key(self) -> str:
        return f"{LEASE_PREFIX}{self.out_id}"

    def take(self) -> bool:
        with _IN_FLIGHT_LOCK:
            if self.out_id in _IN_FLIGHT:
                return False
            _IN_FLIGHT.add(self.out_id)
        if self.engine.dialect.name == "postgresql":
            try:
                self.conn = self.engine.connect()
                got = bool(self.conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:n))"),
                                             {"n": self.key}).scalar())
                self.conn.commit()
            except Exception:
                self.release()
                raise
            if not got:
                self.release()
                return False
        return True

    def held_by_a_live_owner(self, s: Session) -> bool | None:
        """After `take` succeeded: does a live sender (another one) hold this row? None: no lease recorded."""
        lease = get_setting(s, self.key)
        if not lease:
            return None
        if self.engine.dialect.name == "postgresql":
            return False  # the advisory lock was free: its owner's connection is gone
        alive = _owner_alive(str(lease.get("owner", "")))
        if alive is None:  # another machine's process on one SQLite file: only time can tell
            return None
        return alive and lease.get("owner") != owner_token()

    def still_held(self) -> None:
        """Raise LeaseLost when the PostgreSQL session that holds the lock is gone (a database restart)."""
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT 1"))
                self.conn.commit()
            except Exception as exc:  # noqa: BLE001 - any failure means the lock may be gone
                raise LeaseLost(f"the lease's database session was lost: {type(exc).__name__}") from None

    def release(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:n))"), {"n": self.key})
                conn.commit()
            except Exception:  # noqa: BLE001 - a dead session has released it already
                pass
            finally:
                conn.close()
        with _IN_FLIGHT_LOCK:
            _IN_FLIGHT.discard(self.out_id)


class LeaseLost(Exception):
    """Another daemon may have taken the row over: the final "." must not be sent."""


@dataclass(frozen=True)
class Attempt:
    """One attempt to send one row, under this process's lease on it."""

    out_id: int
    number: int
    lease: _Lease
    out: OutboundRow  # as claimed (its bytes, recipients and Message-ID do not change once rendered)


class SendStage(Stage[Attempt]):
    """Rendered `OutboundRow`s in, sent (or held, refused, uncertain, dry_run) rows out: claims one attempt
    at a time (the row marked `sending` with its lease), handles it over SMTP or the `.eml` outbox."""

    name = "sent"
    overlaps = True  # its work is rendered rows: sent as they come while a backlog is parsed

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    def claim(self, ctx: StageContext) -> Iterator[Attempt]:
        # rows are taken in id order, so one number says which this run has looked at; a growing
        # NOT IN (every id tried) made each query longer and filled SQLite's statement cache with
        # ever larger statements (peak 403 MB at a backlog of 10,000 mails, bench/run.py)
        last = 0
        while not ctx.stopping:
            with Session(ctx.engine, expire_on_commit=False) as s:
                stmt = (select(OutboundRow).where(
                    or_(and_(col(OutboundRow.status) == OutboundStatus.RENDERED,
                             or_(col(OutboundRow.next_attempt_at).is_(None),
                                 col(OutboundRow.next_attempt_at) <= ctx.now)),
                        col(OutboundRow.status).in_((OutboundStatus.SENDING, OutboundStatus.DELIVERING))),
                    col(OutboundRow.id) > last,
                ).order_by(col(OutboundRow.id)).limit(1))
                out = s.exec(claim(s, stmt)).first()
                if out is None:
                    return
                assert out.id is not None
                last = out.id
                lease = _Lease(ctx.engine, out.id)
                if not lease.take():
                    s.commit()
                    continue  # a live sender has it (PostgreSQL), or this process is sending it now
                try:
                    attempt = self._claim(s, ctx, out, lease)
                except BaseException:
                    lease.release()
                    raise
                if attempt is None:
                    lease.release()
                    continue
            yield Attempt(out.id, attempt, lease, out)

    def handle(self, ctx: StageContext, work: Attempt) -> int:
        try:
            return self._attempt(ctx, work.out, work.number, work.lease)
        finally:
            work.lease.release()

    def _claim(self, s: Session, ctx: StageContext, out: OutboundRow, lease: _Lease) -> int | None:
        """Decide what to do with a row whose lease is ours; commit; the attempt to make, or None."""
        if out.status in (OutboundStatus.SENDING, OutboundStatus.DELIVERING):
            live = lease.held_by_a_live_owner(s)
            if live or (live is None and (out.claimed_at is None
                                          or out.claimed_at >= ctx.now - timedelta(minutes=STALE_MINUTES))):
                s.commit()
                return None  # its sender is alive (or, without a lease, not yet known to be gone)
            # live None: an older version's row, past STALE
            unknown = out.status == OutboundStatus.DELIVERING or live is None
            if ctx.cfg.daemon.dry_run:
                s.commit()
                return None  # a dry run sends nothing, not even a dead sender's mail
            if unknown and not self.sender.idempotent:
                out.status = OutboundStatus.UNCERTAIN
                out.last_error = ("the process stopped after the final '.' of the mail went out, before the "
                                  "server's answer was recorded: the mail may or may not have left")
                s.add(out)
                self._drop_lease(s, lease)
                self._notice(s, ctx, out, f"{out.last_error}; check the mail server's log "
                             f"and resend with `mailbot outbox resend {out.id}` if it never left")
                s.commit()
                log.warning("mail %s (%s) left uncertain by a sender that stopped after the final '.'",
                            out.id, out.message_id)
                return None
            log.info("mail %s (%s) was left by a sender that stopped before the final '.': sending it now",
                     out.id, out.message_id)
        elif ctx.cfg.daemon.dry_run:
            # recorded, never sent, and not sent later either: switching dry-run off must not
            # send weeks of stale mail; `mailbot outbox resend ID` sends one that should go
            out.status, out.last_error = OutboundStatus.DRY_RUN, "dry run: recorded, not sent"
            s.add(out)
            s.commit()
            log.info("dry run: not sending %s %s", out.step, out.message_id)
            return None
        elif self._over_limit(s, ctx, out):
            out.status = OutboundStatus.HELD
            out.last_error = "loop breaker: too many automatic mails to this recipient today"
            s.add(out)
            self._notice(s, ctx, out, out.last_error)
            s.commit()
            return None
        out.status, out.claimed_at, out.attempts = OutboundStatus.SENDING, ctx.now, out.attempts + 1
        s.add(out)
        put_setting(s, lease.key, {"owner": owner_token(), "attempt": out.attempts})
        s.commit()
        return out.attempts

    @staticmethod
    def _drop_lease(s: Session, lease: _Lease) -> None:
        row = s.get(SettingRow, lease.key)
        if row is not None:
            s.delete(row)

    def _over_limit(self, s: Session, ctx: StageContext, out: OutboundRow) -> bool:
        if out.role == "staff":
            return False
        limit = ctx.cfg.limits.max_automatic_mails_per_recipient_per_day
        since = ctx.now - timedelta(days=1)
        if not out.to_addrs:
            return False
        # only mail that may have gone to one of these addresses: each address appears in the stored JSON
        # as json.dumps gives it, so a LIKE narrows the rows (a backlog of 10,000 mails in one day made this
        # load every address sent that day, for every mail: quadratic time and memory); exact count below
        might = or_(*[cast(OutboundRow.to_addrs, String).like(f"%{like_literal(json.dumps(addr))}%", escape="\\")
                      for addr in out.to_addrs])
        recent = s.exec(select(OutboundRow.to_addrs).where(  # the addresses only, not the stored mails
            OutboundRow.status == OutboundStatus.SENT, OutboundRow.role != "staff", col(OutboundRow.sent_at) >= since,
            might)).all()
        return any(sum(addr in to for to in recent) >= limit for addr in out.to_addrs)

    def _attempt(self, ctx: StageContext, out: OutboundRow, attempt: int, lease: _Lease) -> int:
        """One attempt over SMTP, with the row as it was claimed (no transaction stays open over the SMTP
        exchange: SQLite's one write lock)."""
        out_id = out.id
        assert out_id is not None and out.raw is not None

        def before_final_dot() -> None:
            lease.still_held()
            with Session(ctx.engine) as m:
                moved = m.execute(update(OutboundRow).where(
                    col(OutboundRow.id) == out_id, col(OutboundRow.status) == OutboundStatus.SENDING,
                    col(OutboundRow.attempts) == attempt).values(status=OutboundStatus.DELIVERING))
                if getattr(moved, "rowcount", 0) != 1:
                    m.rollback()
                    raise LeaseLost("the row is no longer this sender's")
                m.commit()

        try:
            self.sender.send(out.raw, ctx.cfg.addresses.medcom, out.to_addrs + out.cc_addrs, out.message_id,
                             before_final_dot=before_final_dot)
        except LeaseLost as exc:
            # not sent (no final "."), and the row may be another daemon's now: leave it as it is
            log.warning("mail %s (%s) not sent: %s", out_id, out.message_id, exc)
            return 0
        except TemporaryFailure as exc:
            return self._settle(ctx, out_id, attempt, "temporary", exc)
        except UncertainDelivery as exc:
            return self._settle(ctx, out_id, attempt, OutboundStatus.UNCERTAIN, exc)
        except PermanentFailure as exc:
            return self._settle(ctx, out_id, attempt, "permanent", exc)
        return self._settle(ctx, out_id, attempt, OutboundStatus.SENT, None)

    def _settle(self, ctx: StageContext, out_id: int, attempt: int, how: str, exc: Exception | None) -> int:
        with Session(ctx.engine, expire_on_commit=False) as s:
            out = s.get(OutboundRow, out_id)
            assert out is not None
            lease_row = s.get(SettingRow, f"{LEASE_PREFIX}{out_id}")
            if lease_row is not None and lease_row.value.get("attempt") == attempt:
                s.delete(lease_row)
            if how == OutboundStatus.SENT:
                out.status, out.sent_at = OutboundStatus.SENT, ctx.now
                s.add(out)
                s.commit()
                log.info("sent %s %s", out.step, out.message_id)
                return 1
            if how == "temporary":
                max_attempts = ctx.cfg.smtp.max_attempts if ctx.cfg.smtp else 8
                out.last_error = str(exc)[:500]
                TEMPORARY_FAILURES["smtp"] += 1
                if out.attempts >= max_attempts:
                    out.status = OutboundStatus.FAILED
                    self._notice(s, ctx, out, f"gave up after {out.attempts} attempts: {exc}")
                    log.warning("mail %s (%s) not sent, giving up after %d attempts: %s", out.id, out.message_id,
                                out.attempts, out.last_error)
                else:
                    delay = min(3600, 60 * 2 ** (out.attempts - 1)) * (0.5 + random.random())
                    out.status, out.next_attempt_at = OutboundStatus.RENDERED, ctx.now + timedelta(seconds=delay)
                    # the server's reply and where, never the mail: SMTP down must not be silent
                    log.warning("mail %s (%s) not sent (attempt %d), trying again in %d s: %s", out.id,
                                out.message_id, out.attempts, delay, out.last_error)
            elif how == "uncertain":
                # like a crash between the server's answer and our commit: never sent again by itself
                out.status, out.last_error = OutboundStatus.UNCERTAIN, str(exc)[:500]
                self._notice(s, ctx, out, f"{out.last_error}; check the mail server's log and "
                             f"resend with `mailbot outbox resend {out.id}` if it never left")
                log.warning("mail %s (%s) uncertain: %s", out.id, out.message_id, out.last_error)
            else:
                out.status, out.last_error = OutboundStatus.FAILED, str(exc)[:500]
                self._notice(s, ctx, out, f"the mail server refused it: {exc}")
                log.warning("mail %s (%s) refused: %s", out.id, out.message_id, out.last_error)
            s.add(out)
            s.commit()
            return 0

    def _notice(self, s: Session, ctx: StageContext, out: OutboundRow, why: str) -> None:
        if out.role == "staff":
            return  # never answer a failed staff mail with another staff mail
        case = s.get(CaseRow, out.case_id) if out.case_id is not None else None
        if case is not None:
            case.needs_attention, case.attention_reason = True, f"{out.step} could not be sent: {why}"
            s.add(case)
        summary = f"{out.step} to {', '.join(out.to_addrs)} was not sent: {why}"
        tell_staff(s, ctx.cfg.addresses, ctx.now, NoticeKind.SEND_FAILED, summary, case=case, subject=out.subject)
