"""Decide: turn each routed mail into an event, run the case machine and save the new state together with
the timeline and the queued mails in one transaction (`decisions.apply`, the path staff's decisions take too)."""
from __future__ import annotations

from sqlmodel import Session

from parsers.reading import Reading

from ..core.contracts import Route
from ..core.states import FINAL
from ..core.vocabulary import InboundStatus, NoticeKind, Outcome, RouteAction
from ..decisions import apply, mail_event
from ..notices import tell_staff
from ..store.cases import load_case, new_case
from ..store.db import xact_lock
from ..store.models import CaseRow, InboundRow, TimelineRow
from .context import StageContext
from .route import opened_since, route_mail
from .stage import RowStage


class DecideStage(RowStage[InboundRow]):
    """routed -> done: a Reading and its Route in, the case machine's Decision stored (new state, timeline,
    queued OutgoingMail) with the mail's outcome, in one transaction."""

    name = "decided"
    model = InboundRow
    status = InboundStatus.ROUTED
    # taken in id order, a run of them in one transaction (each in its own savepoint), one daemon at a time
    # (`serial`): a later mail of a case is never decided before an earlier one
    batch = 20
    serial = True
    failure = "the bot could not process this mail"

    def handle_row(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        reading = Reading.model_validate(row.reading or {})
        route = Route.model_validate(row.route or {})
        if route.action == RouteAction.INQUIRY:
            # an earlier mail, here or in another daemon, may have opened the case meanwhile: under the
            # new-case lock, a case opened since the mail was routed sends it through the chain once more
            xact_lock(s, "new-case")
            if opened_since(s, route):
                route = route_mail(s, ctx.cfg, reading, ctx.now)
                row.route = route.model_dump(mode="json")
        action = route.action
        outcome, reason, case_id = route.outcome, route.reason, route.case_id
        event = None
        if action == RouteAction.INQUIRY:
            case_row, case = new_case(s, ctx.now, ctx.cfg.case_ref_prefix)
            case_id = case_row.id
            event = mail_event(row, reading, route)
        elif case_id is not None:
            case_row, case = load_case(s, case_id)
            event = mail_event(row, reading, route)
            if action == RouteAction.STAFF and event is None:
                s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="staff_mail", actor=row.sender or "staff",
                                  text="staff mail without a command", inbound_id=row.id, detail={}))
                outcome, reason = Outcome.NEEDS_ATTENTION, "staff mail without a command"
        if event is not None:
            decision = apply(s, ctx.cfg, ctx.now, case_row, case, event, row.id)
            if decision.case.needs_attention and not case.needs_attention:
                outcome = Outcome.NEEDS_ATTENTION
                reason = reason or decision.case.attention_reason or "the case needs a person"
            if case.state in FINAL and action == RouteAction.PARTY:
                outcome = Outcome.NEEDS_ATTENTION
                reason = reason or f"the case is closed ({case.state})"
        elif case_id is not None and action in (RouteAction.RECORD, RouteAction.AMBIGUOUS):
            s.add(TimelineRow(case_id=case_id, at=ctx.now, kind="mail_recorded", actor=row.sender or "unknown",
                              text=route.reason or "recorded", inbound_id=row.id, detail={}))
        if outcome == Outcome.NEEDS_ATTENTION and event is None and (not row.automated or route.machine) \
                and route.notify:
            target = s.get(CaseRow, case_id) if case_id is not None else None
            tell_staff(s, ctx.cfg.addresses, ctx.now,
                       NoticeKind.AMBIGUOUS_CASE if action == RouteAction.AMBIGUOUS else NoticeKind.UNMATCHED_MAIL,
                       route.reason or "a mail needs a person", case=target, sender=row.sender, subject=row.subject,
                       inbound_id=row.id)
        row.case_id = case_id
        row.status, row.outcome, row.reason = InboundStatus.DONE, outcome, reason
        row.updated_at = ctx.now
        s.add(row)
