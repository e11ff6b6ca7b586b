"""Moving a case between its table rows and the core's immutable value, and saving a decision atomically."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import String, cast, func, update
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from ..clock import local
from ..core.case import AcceptedAgreement, Case, Contact, EarlyForm, FormAttachment
from ..core.contracts import OutgoingMail
from ..core.events import TimelineEntry
from ..core.readings import Document, FormFields, Open, Problem, address_of, people_of, person_of
from ..core.refs import format_ref
from ..core.states import State, still_asked
from ..core.vocabulary import NoticeKind, OutboundStatus, Step
from .db import like_literal, lock_one
from .models import CaseAliasRow, CaseRow, ContactRow, OutboundRow, TimelineRow
from .scopes import sync_scopes

_DATA_FIELDS = (
    "primary_email", "ip_scopes", "installation_address", "org_contact", "technical_contacts", "agreements",
    "form", "form_attachment", "form_problems", "early_form", "waiting_for", "reminders_sent", "escalated",
    "installation_overdue_reported", "aliases", "unread", "in_doubt",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Open):  # a typed value: stored as it came
        return value.as_json()
    if isinstance(value, EarlyForm):
        return {"doc": value.doc.as_json(), "inbound": value.inbound}
    if isinstance(value, FormAttachment):
        return {"inbound": value.inbound, "filename": value.filename}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _early_form(value: Any) -> EarlyForm | None:
    """The stored early form ({"doc": the reading's document, "inbound": id}), as the core holds it."""
    if not isinstance(value, dict) or not isinstance(value.get("doc"), dict):
        return None
    return EarlyForm(Document.model_validate(value["doc"]), value.get("inbound"))


def _form_attachment(value: Any) -> FormAttachment | None:
    """The stored {"inbound": id, "filename": name} of the form's file."""
    if not isinstance(value, dict) or not value:
        return None
    inbound = value.get("inbound")
    return FormAttachment(inbound if isinstance(inbound, int) else None, value.get("filename"))


def _agreements(value: Any) -> dict[str, AcceptedAgreement]:
    """The stored accepted agreements ({kind: its fields and filename, flat}), as the core holds them."""
    if not isinstance(value, dict):
        return {}
    return {str(kind): AcceptedAgreement.model_validate(fields) for kind, fields in value.items()
            if isinstance(fields, dict)}


def to_case(row: CaseRow, contacts: list[ContactRow]) -> Case:
    d = row.data or {}
    return Case(
        ref=row.ref, state=State(row.state), organisation=row.organisation, cvr=row.cvr,
        party_type=row.party_type, umbrella=row.umbrella, language=row.language, domain=row.domain,
        contacts=tuple(Contact(c.email, c.name, c.phone, c.role) for c in contacts),
        primary_email=d.get("primary_email"),
        ip_scopes=tuple(d.get("ip_scopes") or ()),
        installation_at=local(row.installation_at),
        installation_address=address_of(d.get("installation_address")),
        org_contact=person_of(d.get("org_contact")),
        technical_contacts=people_of(d.get("technical_contacts")),
        agreements=_agreements(d.get("agreements")),
        form=FormFields.model_validate(d["form"]) if isinstance(d.get("form"), dict) else None,
        form_attachment=_form_attachment(d.get("form_attachment")),
        form_problems=tuple(Problem.model_validate(p) for p in d.get("form_problems") or ()),
        early_form=_early_form(d.get("early_form")),
        needs_attention=row.needs_attention, attention_reason=row.attention_reason, on_hold=row.on_hold,
        waiting_since=local(row.waiting_since), waiting_for=d.get("waiting_for"),
        reminders_sent=int(d.get("reminders_sent") or 0), escalated=bool(d.get("escalated")),
        installation_overdue_reported=bool(d.get("installation_overdue_reported")),
        owner=row.owner, aliases=tuple(d.get("aliases") or ()), unread=tuple(d.get("unread") or ()),
        in_doubt=tuple(d.get("in_doubt") or ()),
        created_at=local(row.created_at), updated_at=local(row.updated_at),
    )


def case_by_ref(session: Session, ref: str | None) -> CaseRow | None:
    """The case a reference names: its own, or the one a merged case's reference now points to."""
    if not ref:
        return None
    ref = ref.strip().upper()
    row = session.exec(select(CaseRow).where(CaseRow.ref == ref)).first()
    if row is not None:
        return row
    alias = session.get(CaseAliasRow, ref)
    return session.get(CaseRow, alias.case_id) if alias is not None else None


def load_case(session: Session, case_id: int, *, lock: bool = True) -> tuple[CaseRow, Case]:
    stmt = select(CaseRow).where(CaseRow.id == case_id)
    row = session.exec(lock_one(session, stmt) if lock else stmt).one()
    contacts = list(session.exec(select(ContactRow).where(ContactRow.case_id == case_id).order_by(col(ContactRow.id))))
    return row, to_case(row, contacts)


def new_case(session: Session, now: datetime, prefix: str) -> tuple[CaseRow, Case]:
    """Allocate a case; the reference comes from the row id, so daemons sharing a database never collide."""
    row = CaseRow(ref=f"pending-{uuid.uuid4().hex[:20]}", state=State.INQUIRY.value, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    merged = session.exec(select(func.max(CaseAliasRow.old_id))).one()
    if merged is not None and row.id <= merged:
        # SQLite hands out the highest id again once that case was merged away: its reference still
        # finds the case it joined, so the new case takes the next id no case has had
        row.id = merged + 1
        session.add(row)
        session.flush()
    row.ref = format_ref(prefix, now.year, row.id)
    session.add(row)
    session.flush()
    return row, to_case(row, [])


def save_case(session: Session, row: CaseRow, case: Case) -> None:
    assert row.id is not None
    row.state = case.state.value
    row.organisation, row.cvr, row.party_type = case.organisation, case.cvr, case.party_type
    row.umbrella, row.language, row.domain = case.umbrella, case.language, case.domain
    row.needs_attention, row.attention_reason, row.on_hold = case.needs_attention, case.attention_reason, case.on_hold
    row.installation_at, row.waiting_since = case.installation_at, case.waiting_since
    row.owner = case.owner
    row.updated_at = case.updated_at or row.updated_at
    before = (row.data or {}).get("ip_scopes") or []
    row.data = {k: _jsonable(getattr(case, k)) for k in _DATA_FIELDS}
    session.add(row)
    if row.data["ip_scopes"] != before:  # the overlap check's index, in this same transaction
        sync_scopes(session, row.id, case.ip_scopes)
    existing = {(c.email, c.role): c for c in session.exec(select(ContactRow).where(ContactRow.case_id == row.id))}
    for key in existing.keys() - {(c.email, c.role) for c in case.contacts}:  # forgotten (a mail moved away)
        session.delete(existing[key])
    for c in case.contacts:
        old = existing.get((c.email, c.role))
        if old is None:
            session.add(ContactRow(case_id=row.id, email=c.email, name=c.name, phone=c.phone, role=c.role))
        elif (old.name, old.phone) != (c.name, c.phone):
            old.name, old.phone = c.name, c.phone
            session.add(old)


def message_id_for(ref: str | None, domain: str) -> str:
    """Our Message-IDs carry the case reference, so replies find their case even if the subject is rewritten."""
    return f"<{ref or 'digest'}.{uuid.uuid4().hex}@{domain}>"


# notices of a merged kind (NoticeKind.merged) about one sender and case within this time are one
MERGE_WINDOW = timedelta(hours=1)


def merge_notice(session: Session, case_id: int | None, m: OutgoingMail, now: datetime) -> bool:
    """True when an earlier notice of the last hour about the same sender (and case) takes this one in:
    its count goes up (shown in it when not yet rendered, and in the digest) and no new mail is queued."""
    notice = (m.context or {}).get("notice") or {}
    sender, kind = notice.get("from"), str(notice.get("kind") or "")
    if m.step != Step.STAFF_NOTICE or kind not in NoticeKind._value2member_map_ or not NoticeKind(kind).merged \
            or not sender:
        return False
    # only notices that name this sender (its JSON text is in the stored context; the exact check is below),
    # without their rendered bytes: a backlog of unmatched mail made every notice load the last 500 in full
    stmt = select(OutboundRow).options(defer(OutboundRow.raw)).where(  # type: ignore[arg-type]  # SQLModel types it bytes
        OutboundRow.step == "staff_notice", col(OutboundRow.created_at) >= now - MERGE_WINDOW,
        cast(OutboundRow.context, String).like(f"%{like_literal(json.dumps(sender))}%", escape="\\"))
    stmt = stmt.where(OutboundRow.case_id == case_id) if case_id is not None \
        else stmt.where(col(OutboundRow.case_id).is_(None))
    for earlier in session.exec(stmt.order_by(col(OutboundRow.id)).limit(500)):
        ctx = dict(earlier.context or {})
        old = dict(ctx.get("notice") or {})
        if old.get("from") != sender or tuple(earlier.to_addrs) != tuple(m.to):
            continue
        old["merged"] = int(old.get("merged") or 0) + 1
        earlier.context = {**ctx, "notice": old}  # a new dict: JSON columns see reassignment only
        session.add(earlier)
        return True
    return False


def record(session: Session, row: CaseRow | None, entries: tuple[TimelineEntry, ...], mails: tuple[OutgoingMail, ...],
           now: datetime, medcom: str, inbound_id: int | None = None) -> list[OutboundRow]:
    """Write the timeline and queue the mails in the caller's transaction (the one that saves the case)."""
    domain = medcom.rsplit("@", 1)[-1]
    outs = []
    for m in mails:
        if merge_notice(session, row.id if row is not None else None, m, now):
            continue
        ref = row.ref if row is not None and m.step != "staff_digest" else None
        reply = m.in_reply_to
        refs = list(reply.references) + ([reply.message_id] if reply and reply.message_id else []) if reply else []
        out = OutboundRow(
            message_id=message_id_for(ref, domain), case_id=row.id if row is not None else None, step=m.step,
            role=m.role, language=m.language, to_addrs=list(m.to), cc_addrs=list(m.cc),
            in_reply_to=reply.message_id if reply else None, references=refs[-20:],
            reply_subject=reply.subject if reply else None,
            attachments=[a.model_dump(mode="json", exclude_none=True) for a in m.attachments],
            context=_jsonable(m.context),
            status=OutboundStatus.QUEUED, created_at=now, next_attempt_at=now,
        )
        session.add(out)
        outs.append(out)
    session.flush()
    if row is not None and row.id is not None:
        for e in entries:
            session.add(TimelineRow(case_id=row.id, at=now, kind=e.kind, text=e.text, actor=e.actor,
                                    inbound_id=inbound_id, detail=e.detail.as_json()))
        for out in outs:
            session.add(TimelineRow(case_id=row.id, at=now, kind="mail_queued",
                                    text=f"{out.step} to {', '.join(out.to_addrs)}", outbound_id=out.id,
                                    inbound_id=inbound_id))
    return outs


def withdraw_stale(session: Session, row: CaseRow, state: str, now: datetime) -> list[str]:
    """The case's requests to the party still queued (never rendered, so never sent) that its new state no
    longer wants (`core.states.still_asked`) are withdrawn, each with a timeline entry: the daemon read two
    mails of the party in one run, and the second brought what the first lacked, so "missing" would reach a
    party that has sent it. Only a row still queued is taken (a conditional update: a render stage that
    claimed it meanwhile keeps it). Returns the steps withdrawn."""
    if row.id is None:
        return []
    gone = []
    queued = session.exec(select(OutboundRow.id, OutboundRow.step, OutboundRow.context).where(
        OutboundRow.case_id == row.id, OutboundRow.role == "party",
        OutboundRow.status == OutboundStatus.QUEUED)).all()
    for out_id, step, context in queued:
        if still_asked(step, (context or {}).get("reminder_for"), state):
            continue
        done = session.execute(update(OutboundRow).where(
            col(OutboundRow.id) == out_id, col(OutboundRow.status) == OutboundStatus.QUEUED).values(
            status=OutboundStatus.WITHDRAWN, last_error=f"withdrawn: the case is now {state}")
            .execution_options(synchronize_session="fetch"))
        if done.rowcount:  # type: ignore[attr-defined]
            session.add(TimelineRow(case_id=row.id, at=now, kind="mail_withdrawn", actor="system",
                                    text=f"{step} withdrawn before it was sent: the case is now {state}",
                                    outbound_id=out_id, detail={}))
            gone.append(step)
    return gone
