"""Send: deliver rendered mail exactly once.

With `--dry-run` (or `[daemon] dry_run`) a rendered row is marked `dry_run` instead and never sent.
A row is marked `sending` (committed) before the attempt and `sent` right after the server's answer.
The one window left is a crash between the SMTP server's acceptance and that commit (milliseconds):
the row stays `sending`. After `STALE_MINUTES` nobody holds it, and its fate is unknown:
- with the `.eml` outbox (idempotent: one file per Message-ID) it is simply written again;
- with SMTP it is marked `uncertain` and never sent again by itself, because the party might then see
  two copies; staff get a notice naming it, and `mailbot outbox resend ID` sends it if the mail
  server's log shows it never left. Nothing is lost silently and nothing is sent twice.
A connection lost after the whole mail went out but before the server's answer is the same unknown:
the row becomes `uncertain` at once.
"""
from __future__ import annotations

import json
import logging
import random
from datetime import timedelta

from sqlalchemy import String, and_, cast, or_
from sqlmodel import Session, col, select

from ..store.cases import queue_staff_notice
from ..store.db import claim
from ..store.models import CaseRow, OutboundRow
from ..transport.base import PermanentFailure, Sender, TemporaryFailure, UncertainDelivery
from .context import StageContext

log = logging.getLogger(__name__)
STALE_MINUTES = 15


class SendStage:
    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    def run(self, ctx: StageContext) -> int:
        sent = 0
        # rows are taken in id order, so one number says which this run has looked at; a growing
        # NOT IN (every id tried) made each query longer and filled SQLite's statement cache with
        # ever larger statements (peak 403 MB at a backlog of 10,000 mails, bench/run.py)
        last = 0
        while not ctx.stopping:
            with Session(ctx.engine, expire_on_commit=False) as s:
                stale = ctx.now - timedelta(minutes=STALE_MINUTES)
                stmt = (select(OutboundRow).where(
                    or_(col(OutboundRow.status) == "rendered",
                        and_(col(OutboundRow.status) == "sending", col(OutboundRow.claimed_at) < stale)),
                    or_(col(OutboundRow.next_attempt_at).is_(None), col(OutboundRow.next_attempt_at) <= ctx.now),
                    col(OutboundRow.id) > last,
                ).order_by(col(OutboundRow.id)).limit(1))
                out = s.exec(claim(s, stmt)).first()
                if out is None:
                    return sent
                assert out.id is not None
                last = out.id
                if out.status == "sending" and not self.sender.idempotent:
                    out.status = "uncertain"
                    out.last_error = "the process stopped while sending: the mail may or may not have left"
                    s.add(out)
                    self._notice(s, ctx, out, "send_failed", f"{out.last_error}; check the mail server's log "
                                 f"and resend with `mailbot outbox resend {out.id}` if it never left")
                    s.commit()
                    continue
                if ctx.cfg.daemon.dry_run:
                    # recorded, never sent, and not sent later either: switching dry-run off must not
                    # send weeks of stale mail; `mailbot outbox resend ID` sends one that should go
                    out.status, out.last_error = "dry_run", "dry run: recorded, not sent"
                    s.add(out)
                    s.commit()
                    log.info("dry run: not sending %s %s", out.step, out.message_id)
                    continue
                if out.status == "rendered" and self._over_limit(s, ctx, out):
                    out.status = "held"
                    out.last_error = "loop breaker: too many automatic mails to this recipient today"
                    s.add(out)
                    self._notice(s, ctx, out, "send_failed", out.last_error)
                    s.commit()
                    continue
                out.status, out.claimed_at, out.attempts = "sending", ctx.now, out.attempts + 1
                s.add(out)
                s.commit()
            sent += self._attempt(ctx, out.id)
        return sent

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
        might = or_(*[cast(OutboundRow.to_addrs, String).like(f"%{_like_literal(json.dumps(addr))}%", escape="\\")
                      for addr in out.to_addrs])
        recent = s.exec(select(OutboundRow.to_addrs).where(  # the addresses only, not the stored mails
            OutboundRow.status == "sent", OutboundRow.role != "staff", col(OutboundRow.sent_at) >= since,
            might)).all()
        return any(sum(addr in to for to in recent) >= limit for addr in out.to_addrs)

    def _attempt(self, ctx: StageContext, out_id: int) -> int:
        with Session(ctx.engine, expire_on_commit=False) as s:
            out = s.get(OutboundRow, out_id)
            assert out is not None and out.raw is not None
            try:
                self.sender.send(out.raw, ctx.cfg.addresses.medcom, out.to_addrs + out.cc_addrs, out.message_id)
            except TemporaryFailure as exc:
                max_attempts = ctx.cfg.smtp.max_attempts if ctx.cfg.smtp else 8
                out.last_error = str(exc)[:500]
                if out.attempts >= max_attempts:
                    out.status = "failed"
                    self._notice(s, ctx, out, "send_failed", f"gave up after {out.attempts} attempts: {exc}")
                else:
                    delay = min(3600, 60 * 2 ** (out.attempts - 1)) * (0.5 + random.random())
                    out.status, out.next_attempt_at = "rendered", ctx.now + timedelta(seconds=delay)
                s.add(out)
                s.commit()
                return 0
            except UncertainDelivery as exc:
                # like a crash between the server's answer and our commit: never sent again by itself
                out.status, out.last_error = "uncertain", str(exc)[:500]
                s.add(out)
                self._notice(s, ctx, out, "send_failed", f"{out.last_error}; check the mail server's log and "
                             f"resend with `mailbot outbox resend {out.id}` if it never left")
                s.commit()
                return 0
            except PermanentFailure as exc:
                out.status, out.last_error = "failed", str(exc)[:500]
                s.add(out)
                self._notice(s, ctx, out, "send_failed", f"the mail server refused it: {exc}")
                s.commit()
                return 0
            out.status, out.sent_at = "sent", ctx.now
            s.add(out)
            s.commit()
            log.info("sent %s %s", out.step, out.message_id)
            return 1

    def _notice(self, s: Session, ctx: StageContext, out: OutboundRow, kind: str, why: str) -> None:
        if out.role == "staff":
            return  # never answer a failed staff mail with another staff mail
        case = s.get(CaseRow, out.case_id) if out.case_id is not None else None
        if case is not None:
            case.needs_attention, case.attention_reason = True, f"{out.step} could not be sent: {why}"
            s.add(case)
        summary = f"{out.step} to {', '.join(out.to_addrs)} was not sent: {why}"
        a = ctx.cfg.addresses
        queue_staff_notice(s, case, a.staff, a.medcom, ctx.now, kind, summary, subject=out.subject)


def _like_literal(text: str) -> str:
    """text matched literally by LIKE ... ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
