"""Decide: turn each routed mail into an event, run the case machine, and save the new state together
with the timeline and the queued mails in one transaction."""
from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from parsers.reading import Message, Reading

from ..core.case import Case
from ..core.contracts import Route, TdcReply
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
from ..core.vocabulary import InboundStatus, NoticeKind, Outcome, RouteAction
from ..export import queue_approvals
from ..notices import tell_staff
from ..store import raw as raw_store
from ..store.cases import load_case, new_case, record, save_case
from ..store.db import xact_lock
from ..store.models import CaseRow, InboundRow, TimelineRow
from ..store.scopes import overlapping_scopes
from .context import StageContext
from .route import BOUNCE_SCAN_BYTES, route_mail
from .stage import RowStage


def mail_ref(row: InboundRow, msg: Message) -> MailRef:
    return MailRef(row.id, msg.message_id or row.message_id, tuple(msg.references), msg.subject)


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


def build_event(s: Session, row: InboundRow, reading: Reading, route: Route, case_id: int | None) -> Event | None:
    """The case machine's event for a routed mail: everything in it was read by the parse and route stages."""
    msg = reading.msg
    sender = (msg.sender or "").lower()
    ref = mail_ref(row, msg)
    action = route.action
    if action in (RouteAction.PARTY, RouteAction.INQUIRY):
        return PartyMail(sender=sender, sender_name=msg.sender_name, language=msg.language or "da",
                         mail=ref, documents=tuple(d.as_json() for d in reading.documents), body_text=msg.body_text,
                         cvrs=tuple(msg.cvrs),
                         problems=tuple(p.as_json() for p in msg.problems), verified=route.verified)
    if action == RouteAction.TDC:
        tdc = route.tdc or TdcReply()
        return TdcMail(sender=sender, kind=tdc.kind, when=tdc.when, mail=ref,
                       body_text=msg.body_new_text or msg.body_text)
    if action == RouteAction.STAFF:
        if route.command is None:
            return None
        return StaffCommand(by=sender, command=route.command.command, argument=route.command.argument, mail=ref)
    if action == RouteAction.UNTRUSTED:
        return UntrustedMail(sender=sender, reason=route.reason or "not trusted", mail=ref)
    if action == RouteAction.BOUNCE:
        return Bounce(sender=sender, mail=ref, detail=msg.subject or "")
    return None


def apply(s: Session, ctx: StageContext, row: CaseRow, case: Case, event: Event,
          inbound_id: int | None = None) -> Decision:
    """Run the machine on one case and store everything it decided, in the caller's transaction."""
    decision = decide_with_scopes(s, ctx, row.id, case, event)
    save_case(s, row, decision.case)
    record(s, row, decision.timeline, decision.mails, ctx.now, ctx.cfg.addresses.medcom, inbound_id)
    queue_approvals(s, ctx.cfg, row, decision.case, decision.approvals)
    return decision


class DecideStage(RowStage[InboundRow]):
    """routed -> done: a Reading and its Route in, the case machine's Decision stored (new state, timeline,
    queued OutgoingMail) with the mail's outcome, in one transaction."""

    name = "decided"
    model = InboundRow
    status = InboundStatus.ROUTED
    batch = 1  # mails of one case are decided one at a time, in order
    failure = "the bot could not process this mail"

    def handle_row(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        reading = Reading.model_validate(row.reading or {})
        route = Route.model_validate(row.route or {})
        if route.action == RouteAction.INQUIRY:
            # an earlier mail, here or in another daemon, may have opened the case meanwhile: under the
            # new-case lock the chain is asked once more whether this is still a new case
            xact_lock(s, "new-case")
            again = route_mail(s, ctx.cfg, reading, raw_store.read(s, row, BOUNCE_SCAN_BYTES), ctx.now)
            if again.action != RouteAction.INQUIRY:
                route = again
                row.route = route.model_dump(mode="json")
        action = route.action
        outcome, reason, case_id = route.outcome, route.reason, route.case_id
        event = None
        if action == RouteAction.INQUIRY:
            case_row, case = new_case(s, ctx.now, ctx.cfg.case_ref_prefix)
            case_id = case_row.id
            event = build_event(s, row, reading, route, case_id)
        elif case_id is not None:
            case_row, case = load_case(s, case_id)
            event = build_event(s, row, reading, route, case_id)
            if action == RouteAction.STAFF and event is None:
                s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="staff_mail", actor=row.sender or "staff",
                                  text="staff mail without a command", inbound_id=row.id, detail={}))
                outcome, reason = Outcome.NEEDS_ATTENTION, "staff mail without a command"
        if event is not None:
            decision = apply(s, ctx, case_row, case, event, row.id)
            if decision.case.needs_attention and not case.needs_attention:
                outcome = Outcome.NEEDS_ATTENTION
                reason = reason or decision.case.attention_reason or "the case needs a person"
            if case.state in FINAL and action == RouteAction.PARTY:
                outcome = Outcome.NEEDS_ATTENTION
                reason = reason or f"the case is closed ({case.state})"
        elif case_id is not None and action in (RouteAction.RECORD, RouteAction.AMBIGUOUS):
            s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="mail_recorded", actor=row.sender or "unknown",
                              text=route.reason or "recorded", inbound_id=row.id, detail={}))
        if outcome == Outcome.NEEDS_ATTENTION and event is None and not row.automated and route.notify:
            target = s.get(CaseRow, case_id) if case_id is not None else None
            tell_staff(s, ctx.cfg.addresses, ctx.now,
                       NoticeKind.AMBIGUOUS_CASE if action == RouteAction.AMBIGUOUS else NoticeKind.UNMATCHED_MAIL,
                       route.reason or "a mail needs a person", case=target, sender=row.sender, subject=row.subject,
                       inbound_id=row.id)
        row.case_id = case_id
        row.status, row.outcome, row.reason = InboundStatus.DONE, outcome, reason
        row.updated_at = ctx.now
        s.add(row)
