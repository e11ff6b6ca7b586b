"""Decide: turn each routed mail into an event, run the case machine, and save the new state together
with the timeline and the queued mails in one transaction."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from ..core.case import Case
from ..core.events import (
    Bounce,
    Event,
    MailRef,
    PartyMail,
    ReadingCorrection,
    StaffCommand,
    TdcMail,
    UntrustedMail,
)
from ..core.machine import Decision, decide
from ..core.states import FINAL
from ..store import raw as raw_store
from ..store.cases import load_case, new_case, queue_staff_notice, record, save_case
from ..store.db import xact_lock
from ..store.models import CaseRow, InboundRow, TimelineRow
from ..store.scopes import overlapping_scopes
from .context import StageContext
from .route import BOUNCE_SCAN_BYTES, Router
from .stage import RowStage


def mail_ref(row: InboundRow) -> MailRef:
    msg = (row.reading or {}).get("message") or {}
    return MailRef(row.id, msg.get("message_id") or row.message_id, tuple(msg.get("references") or ()),
                   msg.get("subject"))


def other_scopes(s: Session, case_id: int | None, scopes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The other cases' networks that overlap `scopes` (an indexed query, store/scopes.py)."""
    return overlapping_scopes(s, scopes, case_id)


def decide_with_scopes(s: Session, ctx: StageContext, case_id: int | None, case: Case, event: Event) -> Decision:
    """Run the machine with the other cases' overlapping networks, found by the index, never by loading
    every case. The networks the machine judges are the form's, and they become the new case's
    `ip_scopes` (machine `_form`); the rest of the case's answer does not depend on other cases. So the
    machine runs once with none, the index is asked about the networks of that answer (and the case's
    old ones), and only when it finds an overlap does the machine run again with those: the same answer
    as with every other case's networks."""
    if not isinstance(event, PartyMail | StaffCommand | ReadingCorrection):  # the events that judge a form
        return decide(case, event, ctx.now, ctx.settings)
    first = decide(case, replace(event, other_scopes=()), ctx.now, ctx.settings)
    found = other_scopes(s, case_id, tuple(dict.fromkeys(first.case.ip_scopes + case.ip_scopes)))
    if not found:
        return first
    return decide(case, replace(event, other_scopes=found), ctx.now, ctx.settings)


def build_event(s: Session, row: InboundRow, action: str, case_id: int | None, now: datetime) -> Event | None:
    import parsers

    reading = row.reading or {}
    msg = reading.get("message") or {}
    sender = (msg.get("from") or "").lower()
    body = msg.get("body_text") or ""
    new_text = msg.get("body_new_text") or body
    ref = mail_ref(row)
    if action in ("party", "inquiry"):
        return PartyMail(sender=sender, sender_name=msg.get("sender_name"), language=msg.get("language") or "da",
                         mail=ref, documents=tuple(reading.get("documents") or ()), body_text=body,
                         cvrs=tuple(msg.get("cvrs") or ()),
                         problems=tuple(msg.get("problems") or ()),
                         verified=bool((row.route or {}).get("verified", True)))
    if action == "tdc":
        tdc = parsers.read_tdc_reply(new_text, now)
        return TdcMail(sender=sender, kind=tdc.get("kind") or "unknown", when=tdc.get("when"), mail=ref,
                       body_text=new_text)
    if action == "staff":
        cmd = parsers.read_staff_command(body)
        if cmd is None:
            return None
        return StaffCommand(by=sender, command=cmd["command"], argument=cmd.get("argument") or "", mail=ref)
    if action == "untrusted":
        return UntrustedMail(sender=sender, reason=str((row.route or {}).get("reason") or "not trusted"), mail=ref)
    if action == "bounce":
        return Bounce(sender=sender, mail=ref, detail=str(msg.get("subject") or ""))
    return None


def apply(s: Session, ctx: StageContext, row: CaseRow, case: Case, event: Event,
          inbound_id: int | None = None) -> Decision:
    """Run the machine on one case and store everything it decided, in the caller's transaction."""
    decision = decide_with_scopes(s, ctx, row.id, case, event)
    save_case(s, row, decision.case)
    record(s, row, decision.timeline, decision.mails, ctx.now, ctx.cfg.addresses.medcom, inbound_id)
    return decision


class DecideStage(RowStage):
    model = InboundRow
    status = "routed"
    batch = 1  # mails of one case are decided one at a time, in order

    def give_up(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        from ..ops import mail_failed

        mail_failed(s, ctx.cfg, ctx.now, row, "the bot could not process this mail")

    def handle(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        self._decide(s, ctx, row)

    def _decide(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        route: dict[str, Any] = dict(row.route or {})
        action = route.get("action", "record")
        if action == "inquiry":
            # an earlier mail, here or in another daemon, may have opened the case meanwhile
            xact_lock(s, "new-case")
            again = Router(s, ctx.cfg).route(row.reading or {}, raw_store.read(s, row, BOUNCE_SCAN_BYTES))
            if again.get("action") != "inquiry":
                route, action = again, again.get("action", "record")
                row.route = route
        outcome = route.get("outcome", "processed")
        reason = route.get("reason")
        case_id = route.get("case_id")
        event = None
        if action == "inquiry":
            case_row, case = new_case(s, ctx.now, ctx.cfg.case_ref_prefix)
            case_id = case_row.id
            event = build_event(s, row, action, case_id, ctx.now)
        elif case_id is not None:
            case_row, case = load_case(s, case_id)
            event = build_event(s, row, action, case_id, ctx.now)
            if action == "staff" and event is None:
                s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="staff_mail", actor=row.sender or "staff",
                                  text="staff mail without a command", inbound_id=row.id, detail={}))
                outcome, reason = "needs_attention", "staff mail without a command"
        if event is not None:
            decision = apply(s, ctx, case_row, case, event, row.id)
            if decision.case.needs_attention and not case.needs_attention:
                outcome = "needs_attention"
                reason = reason or decision.case.attention_reason or "the case needs a person"
            if case.state in FINAL and action == "party":
                outcome = "needs_attention"
                reason = reason or f"the case is closed ({case.state})"
        elif case_id is not None and action in ("record", "ambiguous"):
            s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="mail_recorded", actor=row.sender or "unknown",
                              text=str(route.get("reason") or "recorded"), inbound_id=row.id, detail={}))
        if outcome == "needs_attention" and event is None and not row.automated and route.get("notify", True):
            target = s.get(CaseRow, case_id) if case_id is not None else None
            a = ctx.cfg.addresses
            queue_staff_notice(s, target, a.staff, a.medcom, ctx.now,
                               "ambiguous_case" if action == "ambiguous" else "unmatched_mail",
                               str(route.get("reason") or "a mail needs a person"), sender=row.sender,
                               subject=row.subject, inbound_id=row.id, language=a.staff_language)
        row.case_id = case_id
        row.status, row.outcome, row.reason = "done", outcome, reason
        row.updated_at = ctx.now
        s.add(row)
