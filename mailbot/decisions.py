"""The one path every decision takes: the case machine run on one case and all it decided stored in the
caller's transaction. The decide and tick stages (mail, staff mail commands, time) and staff's own decisions
(`mailbot/cases.py`: the web view and the command line) all come through `apply`, so none needs a stage's
context or a copy of another's steps."""
from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from parsers.reading import Message, Reading

from .config import Config
from .core.case import Case
from .core.contracts import Route, TdcReply
from .core.events import (
    Bounce,
    Event,
    MailRef,
    PartyMail,
    ReadingCorrection,
    StaffCommand,
    TdcMail,
    UntrustedMail,
)
from .core.machine import Decision, Settings, decide
from .core.rules import Rules
from .core.vocabulary import RouteAction
from .export import queue_approvals
from .store.cases import record, save_case, withdraw_stale
from .store.models import CaseRow, InboundRow
from .store.scopes import overlapping_scopes


def settings(cfg: Config) -> Settings:
    """The case machine's settings from the configuration."""
    r = cfg.reminders
    return Settings(
        tdc_order=cfg.addresses.tdc_order, staff=cfg.addresses.staff, rules=Rules(**dataclasses.asdict(cfg.rules)),
        after_working_days=r.after_working_days, max_reminders=r.max_reminders,
        installation_grace_working_days=r.installation_grace_working_days,
        reminder_policy=r.policy, tz=cfg.tz,
        staff_language=cfg.addresses.staff_language, tdc_language=cfg.addresses.tdc_language,
    )


def mail_ref(row: InboundRow, msg: Message) -> MailRef:
    return MailRef(row.id, msg.message_id or row.message_id, tuple(msg.references), msg.subject)


def decide_with_scopes(s: Session, cfg: Config, now: datetime, case_id: int | None, case: Case,
                       event: Event) -> Decision:
    """Run the machine with the other cases' overlapping networks, found by the index, never by loading
    every case. The networks the machine judges are the form's, and they become the new case's
    `ip_scopes` (machine `_form`); the rest of the case's answer does not depend on other cases. So the
    machine runs once with none, the index is asked about the networks of that answer (and the case's
    old ones), and only when it finds an overlap does the machine run again with those: the same answer
    as with every other case's networks."""
    given = settings(cfg)
    if not isinstance(event, PartyMail | StaffCommand | ReadingCorrection):  # the events that judge a form
        return decide(case, event, now, given)
    first = decide(case, replace(event, other_scopes=()), now, given)
    found = overlapping_scopes(s, tuple(dict.fromkeys(first.case.ip_scopes + case.ip_scopes)), case_id)
    if not found:
        return first
    return decide(case, replace(event, other_scopes=found), now, given)


def apply(s: Session, cfg: Config, now: datetime, row: CaseRow, case: Case, event: Event,
          inbound_id: int | None = None) -> Decision:
    """Run the machine on one case and store everything it decided (the case, its timeline, the mails and
    the approvals for the agreement system), in the caller's transaction."""
    decision = decide_with_scopes(s, cfg, now, row.id, case, event)
    save_case(s, row, decision.case)
    record(s, row, decision.timeline, decision.mails, now, cfg.addresses.medcom, inbound_id)
    if decision.case.state != case.state:  # what an earlier mail of this run asked for may be here now
        withdraw_stale(s, row, decision.case.state, now)
    queue_approvals(s, cfg, row, decision.case, decision.approvals)
    return decision


def mail_event(row: InboundRow, reading: Reading, route: Route) -> Event | None:
    """The case machine's event for a routed mail: everything in it was read by the parse and route stages."""
    msg = reading.msg
    sender = (msg.sender or "").lower()
    ref = mail_ref(row, msg)
    action = route.action
    if action in (RouteAction.PARTY, RouteAction.INQUIRY):
        return PartyMail(sender=sender, sender_name=msg.sender_name, language=msg.language or "da",
                         mail=ref, documents=tuple(reading.documents), body_text=msg.body_text,
                         forwarded_text=msg.body_forwarded_text, cvrs=tuple(msg.cvrs),
                         problems=tuple(msg.problems), verified=route.verified, machine=route.machine)
    if action == RouteAction.TDC:
        tdc = route.tdc or TdcReply()
        return TdcMail(sender=sender, kind=tdc.kind, when=tdc.when, mail=ref,
                       body_text=msg.body_new_text or msg.body_text)
    if action == RouteAction.STAFF:
        if route.command is None:
            return None
        return StaffCommand(by=sender, command=route.command.command, argument=route.command.argument, mail=ref)
    if action == RouteAction.UNTRUSTED:
        kinds = tuple(dict.fromkeys(str(d.kind) for d in reading.documents if str(d.kind) != "unknown"))
        return UntrustedMail(sender=sender, reason=route.reason or "not trusted", mail=ref, documents=kinds)
    if action == RouteAction.BOUNCE:
        return Bounce(sender=sender, mail=ref, detail=msg.subject or "")
    return None
