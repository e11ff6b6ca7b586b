"""Staff's decisions, the one application service the web view and the command line call: approve, reject,
note, hold and resume (the same commands as a staff mail's first line), the reading's confirmation and
corrections, and the case tools: take and release a case, merge two cases, move a mail to another case,
split mail off into a new case, and search.

Each is an event of the case machine (core/machine.py, core/tools.py) decided on the locked case and stored
with all it caused through `decisions.apply`, the path the decide stage takes for mail (staff mail commands
included), in one transaction; the tools' rows move in that same transaction, and a moved mail is decided
again on the case it joins. The mails a decision queues are sent by the daemon's next cycle, or at once by
`pipeline.outbox.send_queued` (the web view)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from parsers.reading import Reading

from .app import App
from .clock import SystemClock
from .core.case import Case
from .core.contracts import Route
from .core.events import Event, MailMoved, Merge, Ownership, ReadingCorrection, StaffCommand
from .core.tools import merge_refusal
from .core.vocabulary import InboundStatus, RouteAction
from .decisions import apply, mail_event
from .store.cases import case_by_ref, load_case, new_case, save_case
from .store.db import is_row_id, session_scope
from .store.models import (
    CaseAliasRow,
    CaseRow,
    CaseScopeRow,
    ContactRow,
    InboundRow,
    OutboundRow,
    TimelineRow,
)
from .store.search import case_matches

Result = tuple[bool, str]
# a mail staff put onto a case is the party's mail there (they vouched for it); TDC's, staff's and
# bounces keep what they are
_AS_PARTY = {RouteAction.PARTY, RouteAction.INQUIRY, RouteAction.UNTRUSTED, RouteAction.RECORD,
             RouteAction.AMBIGUOUS}


def _now(now: datetime | None) -> datetime:
    return now or SystemClock().now()


def command(app: App, ref: str, action: str, argument: str, by: str, now: datetime | None = None) -> Result:
    """A staff decision (approve, reject, note, hold, resume), as the same command on a staff mail's first line."""
    return _decide_on(app, ref, action, now, StaffCommand(by=by, command=action, argument=argument))


def correct(app: App, ref: str, corrections: list[tuple[str, Any]], confirmed: list[str], by: str,
            whole: bool = False, now: datetime | None = None) -> Result:
    """A staff member confirms or corrects the form's reading (`whole`: they read the whole page beside it)."""
    return _decide_on(app, ref, "correction", now, ReadingCorrection(
        by=by, corrections=tuple(corrections), confirmed=tuple(confirmed), whole=whole))


def _decide_on(app: App, ref: str, what: str, now: datetime | None, event: Event) -> Result:
    """Load the case locked, decide one staff event, and store all it decided in one transaction."""
    with session_scope(app.engine) as s:
        found = case_by_ref(s, ref)
        if found is None or found.id is None:
            return False, f"no case {ref}"
        row, case = load_case(s, found.id)
        decision = apply(s, app.cfg, _now(now), row, case, event)  # overlapping scopes found by the index
    queued = ", ".join(m.step for m in decision.mails) or "no mail"
    return True, f"{ref}: {what} recorded; state {decision.case.state}; queued: {queued}"


def ownership(app: App, ref: str, by: str, take: bool, now: datetime | None = None) -> Result:
    """Take the case (shown in the queue and the digest) or let it go."""
    with session_scope(app.engine) as s:
        found = case_by_ref(s, ref)
        if found is None or found.id is None:
            return False, f"no case {ref}"
        row, case = load_case(s, found.id)
        apply(s, app.cfg, _now(now), row, case, Ownership(by=by, take=take))
        return True, f"{row.ref}: {'taken by ' + by if take else 'released'}"


def merge(app: App, keep_ref: str, other_ref: str, by: str, now: datetime | None = None) -> Result:
    """`other_ref`'s case joins `keep_ref`'s: its mail, contacts, timeline and references move there; replies
    to either reference find the case that stays."""
    with session_scope(app.engine) as s:
        keep_found, other_found = case_by_ref(s, keep_ref), case_by_ref(s, other_ref)
        if keep_found is None or other_found is None or keep_found.id is None or other_found.id is None:
            return False, f"no case {keep_ref if keep_found is None else other_ref}"
        if keep_found.id == other_found.id:
            return False, f"{keep_ref} and {other_ref} are already one case ({keep_found.ref})"
        first, second = sorted((keep_found.id, other_found.id))  # locks in id order: no deadlock between two merges
        loaded = {i: load_case(s, i) for i in (first, second)}
        keep_row, keep = loaded[keep_found.id]
        other_row, other = loaded[other_found.id]
        refusal = merge_refusal(keep, other)
        if refusal:
            return False, refusal
        keep_id, other_id = keep_found.id, other_found.id
        # the other case's own rows leave first, so saving the merged case writes its contacts and scopes once
        s.exec(delete(ContactRow).where(col(ContactRow.case_id) == other_id))
        s.exec(delete(CaseScopeRow).where(col(CaseScopeRow.case_id) == other_id))
        for model in (InboundRow, TimelineRow, OutboundRow):
            s.exec(update(model).where(col(model.case_id) == other_id).values(case_id=keep_id))
        s.exec(update(CaseAliasRow).where(col(CaseAliasRow.case_id) == other_id).values(case_id=keep_id))
        s.add(CaseAliasRow(ref=other_row.ref, case_id=keep_id, old_id=other_id))
        s.flush()
        s.delete(other_row)
        s.flush()
        decision = apply(s, app.cfg, _now(now), keep_row, keep, Merge(by=by, other=other))
        return True, f"{other.ref} merged into {keep.ref}; state {decision.case.state}"


def _senders_left(s: Session, case_id: int, leaving: set[int]) -> set[str]:
    rows = s.exec(select(InboundRow.id, InboundRow.sender).where(col(InboundRow.case_id) == case_id)).all()
    return {(sender or "").lower() for i, sender in rows if i not in leaving}


def _without(case: Case, emails: set[str]) -> Case:
    """The case no longer knowing addresses that came only with mail that left it (so it never writes to
    another organisation's people about itself)."""
    if not emails:
        return case
    return case.with_(contacts=tuple(c for c in case.contacts if c.email.lower() not in emails),
                      primary_email=None if (case.primary_email or "").lower() in emails else case.primary_email)


def _move(s: Session, app: App, now: datetime, mails: list[InboundRow], source: CaseRow | None, target_id: int, by: str,
          split: bool) -> list[str]:
    """Move `mails` (in id order) from `source` to the case `target_id` and decide each again there."""
    done: list[str] = []
    target_row, target = load_case(s, target_id)
    if source is not None and source.id is not None:
        source_row, source_case = load_case(s, source.id)
        gone = {(m.sender or "").lower() for m in mails} - _senders_left(s, source.id, {m.id or 0 for m in mails})
        for m in mails:
            leaving = MailMoved(by=by, inbound_id=m.id or 0, other_ref=target.ref, arriving=False,
                                subject=m.subject, split=split)
            d = apply(s, app.cfg, now, source_row, source_case, leaving)
            source_case = d.case
        forgotten = _without(source_case, gone)
        if forgotten is not source_case:
            save_case(s, source_row, forgotten)
    for m in mails:
        arriving = MailMoved(by=by, inbound_id=m.id or 0, arriving=True, split=split,
                             other_ref=source.ref if source is not None else "no case", subject=m.subject)
        d = apply(s, app.cfg, now, target_row, target, arriving)
        target = d.case
        m.case_id = target_id
        s.add(m)
        route = Route.model_validate(m.route or {})
        if route.action in _AS_PARTY:
            route = route.model_copy(update={"action": RouteAction.PARTY, "case_id": target_id})
        event = mail_event(m, Reading.model_validate(m.reading or {}), route)
        if event is not None:
            target = apply(s, app.cfg, now, target_row, target, event, m.id).case
        done.append(f"#{m.id}")
    return done


def move_mail(app: App, mail_id: int, to_ref: str, by: str, now: datetime | None = None) -> Result:
    """Put a mail that landed on the wrong case (or on none) onto `to_ref`'s case, where it is decided again."""
    with session_scope(app.engine) as s:
        mail = s.get(InboundRow, mail_id) if is_row_id(mail_id) else None
        if mail is None:
            return False, f"no mail #{mail_id}"
        if mail.status != InboundStatus.DONE:
            return False, f"mail #{mail_id} is still being processed ({mail.status})"
        target = case_by_ref(s, to_ref)
        if target is None or target.id is None:
            return False, f"no case {to_ref}"
        if mail.case_id == target.id:
            return False, f"mail #{mail_id} is already on {target.ref}"
        source = s.get(CaseRow, mail.case_id) if mail.case_id is not None else None
        _move(s, app, _now(now), [mail], source, target.id, by, split=False)
        return True, f"mail #{mail_id} moved to {target.ref} and decided there"


def split(app: App, ref: str, mail_ids: list[int], by: str, now: datetime | None = None) -> Result:
    """Mail of one case that belongs to another organisation opens a case of its own, decided there."""
    with session_scope(app.engine) as s:
        source = case_by_ref(s, ref)
        if source is None or source.id is None:
            return False, f"no case {ref}"
        mails = [s.get(InboundRow, i) if is_row_id(i) else None for i in sorted(set(mail_ids))]
        wrong = [str(i) for i, m in zip(sorted(set(mail_ids)), mails, strict=True)
                 if m is None or m.case_id != source.id or m.status != InboundStatus.DONE]
        if wrong or not mails:
            return False, f"not decided mail of {source.ref}: #{', #'.join(wrong)}" if wrong else "no mail named"
        at = _now(now)
        new_row, _ = new_case(s, at, app.cfg.case_ref_prefix)
        assert new_row.id is not None
        moved = _move(s, app, at, [m for m in mails if m is not None], source, new_row.id, by, split=True)
        return True, f"{', '.join(moved)} split off from {source.ref} into {new_row.ref}"


def search(engine: Engine, text: str, limit: int = 50) -> list[str]:
    """References of the cases the search matches (store/search.py), newest first."""
    words = text.strip()
    if not words:
        return []
    with session_scope(engine) as s:
        return list(s.exec(select(CaseRow.ref).where(case_matches(words)).order_by(col(CaseRow.id).desc())
                           .limit(limit)).all())
