"""Decide: turn each routed mail into an event, run the case machine, and save the new state together
with the timeline and the queued mails in one transaction."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from ..core.case import Case
from ..core.events import Bounce, Event, MailRef, PartyMail, StaffCommand, TdcMail, UntrustedMail
from ..core.machine import Decision, decide
from ..core.states import FINAL
from ..core.vocabulary import InboundStatus, Outcome
from ..store.cases import load_case, new_case, queue_staff_notice, record, save_case
from ..store.db import xact_lock
from ..store.models import CaseRow, InboundRow, TimelineRow
from .context import StageContext
from .route import Router
from .stage import RowStage


def mail_ref(row: InboundRow) -> MailRef:
    msg = (row.reading or {}).get("message") or {}
    return MailRef(row.id, msg.get("message_id") or row.message_id, tuple(msg.get("references") or ()),
                   msg.get("subject"))


def other_scopes(s: Session, case_id: int | None) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for row in s.exec(select(CaseRow).where(CaseRow.id != case_id)):
        if row.state == "rejected":
            continue
        out += [(row.ref, scope) for scope in (row.data or {}).get("ip_scopes") or []]
    return tuple(out)


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
                         cvrs=tuple(msg.get("cvrs") or ()), other_scopes=other_scopes(s, case_id),
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
        return StaffCommand(by=sender, command=cmd["command"], argument=cmd.get("argument") or "", mail=ref,
                            other_scopes=other_scopes(s, case_id))
    if action == "untrusted":
        return UntrustedMail(sender=sender, reason=str((row.route or {}).get("reason") or "not trusted"), mail=ref)
    if action == "bounce":
        return Bounce(sender=sender, mail=ref, detail=str(msg.get("subject") or ""))
    return None


def apply(s: Session, ctx: StageContext, row: CaseRow, case: Case, event: Event,
          inbound_id: int | None = None) -> Decision:
    """Run the machine on one case and store everything it decided, in the caller's transaction."""
    decision = decide(case, event, ctx.now, ctx.settings)
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
            again = Router(s, ctx.cfg).route(row.reading or {}, row.raw)
            if again.get("action") != "inquiry":
                route, action = again, again.get("action", "record")
                row.route = route
        outcome = route.get("outcome", Outcome.PROCESSED)
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
                outcome, reason = Outcome.NEEDS_ATTENTION, "staff mail without a command"
        if event is not None:
            decision = apply(s, ctx, case_row, case, event, row.id)
            if decision.case.needs_attention and not case.needs_attention:
                outcome = Outcome.NEEDS_ATTENTION
                reason = reason or decision.case.attention_reason or "the case needs a person"
            if case.state in FINAL and action == "party":
                outcome = Outcome.NEEDS_ATTENTION
                reason = reason or f"the case is closed ({case.state})"
        elif case_id is not None and action in ("record", "ambiguous"):
            s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="mail_recorded", actor=row.sender or "unknown",
                              text=str(route.get("reason") or "recorded"), inbound_id=row.id, detail={}))
        if outcome == Outcome.NEEDS_ATTENTION and event is None and not row.automated and route.get("notify", True):
            target = s.get(CaseRow, case_id) if case_id is not None else None
            a = ctx.cfg.addresses
            queue_staff_notice(s, target, a.staff, a.medcom, ctx.now,
                               "ambiguous_case" if action == "ambiguous" else "unmatched_mail",
                               str(route.get("reason") or "a mail needs a person"), sender=row.sender,
                               subject=row.subject, inbound_id=row.id)
        row.case_id = case_id
        row.status, row.outcome, row.reason = InboundStatus.DONE, outcome, reason
        row.updated_at = ctx.now
        s.add(row)
