"""What people read: the cases list, one case's timeline, and staff commands from the command line."""
from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from .clock import local
from .core.documents import describe_signature
from .core.readings import Document, Reading
from .core.vocabulary import OutboundStatus, Outcome
from .store.cases import case_by_ref, to_case
from .store.db import session_scope
from .store.models import CaseRow, ContactRow, InboundRow, OutboundRow, TimelineRow


class ContactJson(TypedDict):
    name: str | None
    email: str
    phone: str | None
    role: str


class CaseJson(TypedDict):
    """One case as `mailbot cases --json` writes it."""

    ref: str
    state: str
    organisation: str | None
    cvr: str | None
    party_type: str | None
    umbrella: str | None
    contacts: list[ContactJson]
    ip_scopes: list[str]
    installation_date: str | None
    installation_at: str | None
    needs_attention: bool
    attention_reason: str | None
    on_hold: bool
    updated_at: str | None
    owner: str | None
    aliases: list[str]


class StatusRow(TypedDict):
    """One open case as `mailbot status` lists it."""

    ref: str
    state: str
    organisation: str
    waiting_on: str
    age_days: int
    waiting_days: int
    attention: bool
    reason: str
    on_hold: bool
    installation_at: datetime | None


def cases_json(engine: Engine) -> list[CaseJson]:
    out: list[CaseJson] = []
    with Session(engine) as s:
        for row in s.exec(select(CaseRow).order_by(col(CaseRow.id))):
            contacts = list(s.exec(select(ContactRow).where(ContactRow.case_id == row.id).order_by(col(ContactRow.id))))
            case = to_case(row, contacts)
            at = local(row.installation_at)
            upd = local(row.updated_at)
            out.append({
                "ref": row.ref, "state": row.state, "organisation": row.organisation, "cvr": row.cvr,
                "party_type": row.party_type, "umbrella": row.umbrella,
                "contacts": [{"name": c.name, "email": c.email, "phone": c.phone, "role": c.role} for c in contacts],
                "ip_scopes": list(case.ip_scopes),
                "installation_date": at.date().isoformat() if at else None,
                "installation_at": at.isoformat() if at else None,
                "needs_attention": row.needs_attention, "attention_reason": row.attention_reason,
                "on_hold": row.on_hold, "updated_at": upd.isoformat() if upd else None,
                "owner": case.owner, "aliases": list(case.aliases),
            })
    return out


def _doc_line(doc: Document) -> list[str]:
    """One document as the bot read it: kind, the fields it found, and every problem."""
    fields = doc.fields.as_json()
    shown = []
    for key in ("organisation", "cvr", "party_type", "signatory_name", "signature_date", "signed", "ip_scopes"):
        value = fields.get(key)
        if value in (None, [], ""):
            continue
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        shown.append(f"{key}={value}")
    lines = [f"       document {doc.filename or '?'}: {doc.kind}" + (f" ({'; '.join(shown)})" if shown else "")]
    lines += [f"         signature {describe_signature(sg)}" for sg in doc.signatures]
    lines += [f"         problem {p.code}: {p.message}".rstrip() for p in doc.problems]
    if not doc.problems:
        lines.append("         no problems")
    return lines


def case_timeline(engine: Engine, ref: str) -> str | None:
    """One case, whole: every state change and who caused it, every mail in (with each document's reading
    and problems) and out, so staff never need to open the mailbox to know where the case stands."""
    with Session(engine) as s:
        row = case_by_ref(s, ref)
        if row is None:
            return None
        contacts = list(s.exec(select(ContactRow).where(ContactRow.case_id == row.id)))
        at_inst = local(row.installation_at)
        lines = [f"{row.ref}  {row.organisation or '-'}  CVR {row.cvr or '-'}  ({row.party_type or 'type unknown'}"
                 + (f", via {row.umbrella}" if row.umbrella else "") + ")",
                 f"state: {row.state}" + ("   NEEDS ATTENTION: " + (row.attention_reason or "") if row.needs_attention
                                          else "") + ("   ON HOLD" if row.on_hold else "")]
        if at_inst is not None:
            lines.append(f"installation: {at_inst:%Y-%m-%d %H:%M}")
        lines += [f"contact: {c.email} ({c.role}{', ' + c.name if c.name else ''})" for c in contacts]
        lines += ["", "TIMELINE (who or what caused each step in [brackets]; mail #N is the mail below)"]
        for t in s.exec(select(TimelineRow).where(TimelineRow.case_id == row.id).order_by(col(TimelineRow.id))):
            at = local(t.at)
            by = f" [{t.actor}]" if t.actor != "system" else (" [the bot]" if t.kind == "state" else "")
            cause = f" (mail #{t.inbound_id})" if t.inbound_id is not None and t.kind == "state" else ""
            lines.append(f"{at:%Y-%m-%d %H:%M}  {t.kind:14} {t.text}{by}{cause}" if at else f"{t.kind} {t.text}")
        received = s.exec(select(InboundRow).where(InboundRow.case_id == row.id).order_by(col(InboundRow.id))).all()
        lines += ["", f"MAIL IN ({len(received)})"]
        for m in received:
            at = local(m.received_at)
            lines.append(f"{at:%Y-%m-%d %H:%M} #{m.id:<5} {m.outcome or m.status:16} "
                         f"from {m.sender or '?'}: {m.subject or ''}" if at else f"#{m.id} from {m.sender or '?'}")
            if m.automated:
                lines.append(f"       automatic mail ({m.automated}): recorded, never answered")
            if m.reason and m.outcome != Outcome.PROCESSED:
                lines.append(f"       reason: {m.reason}")
            for doc in Reading.model_validate(m.reading or {}).documents:
                lines += _doc_line(doc)
        sent = s.exec(select(OutboundRow).where(OutboundRow.case_id == row.id).order_by(col(OutboundRow.id))).all()
        lines += ["", f"MAIL OUT ({len(sent)})"]
        for o in sent:
            at = local(o.sent_at or o.created_at)
            when = f"{at:%Y-%m-%d %H:%M}" if at else "?"
            lines.append(f"{when} #{o.id:<5} {o.step:24} {o.status:9} to {', '.join(o.to_addrs)}"
                         + (f" cc {', '.join(o.cc_addrs)}" if o.cc_addrs else ""))
            if o.subject:
                lines.append(f"       subject: {o.subject}")
            if o.last_error and o.status != OutboundStatus.SENT:
                lines.append(f"       error: {o.last_error}")
        return "\n".join(lines)


def status_rows(engine: Engine, now: datetime) -> tuple[list[StatusRow], dict[str, int]]:
    """Open cases for `mailbot status`: process order, then the longest waiting first; plus counts per state."""
    from .core.calendar import working_days_between
    from .core.states import FINAL, WAITING_ON, State
    from .pipeline.digest import state_since
    from .templating import STATES

    rows: list[StatusRow] = []
    counts: dict[str, int] = {}
    with Session(engine) as s:
        entered = state_since(s)
        for row in s.exec(select(CaseRow).order_by(col(CaseRow.id))):
            counts[row.state] = counts.get(row.state, 0) + 1
            if row.state in {str(f) for f in FINAL}:
                continue
            created = local(row.created_at)
            since = local(entered.get(row.id or 0)) or created
            state = State(row.state) if row.state in State._value2member_map_ else None
            rows.append({
                "ref": row.ref, "state": row.state,
                "organisation": row.organisation or (f"CVR {row.cvr}" if row.cvr else ""),
                "waiting_on": "staff" if row.needs_attention else WAITING_ON.get(state, "") if state else "",
                "age_days": (now - created).days if created else 0,
                "waiting_days": working_days_between(since, now) if since else 0,
                "attention": row.needs_attention, "reason": row.attention_reason or "", "on_hold": row.on_hold,
                "installation_at": local(row.installation_at),
            })
    order: dict[str, int] = {st: i for i, st in enumerate(STATES)}
    rows.sort(key=lambda r: (order.get(r["state"], len(order)), -r["waiting_days"], r["ref"]))
    return rows, counts


def outbox_list(engine: Engine, status: str | None = None) -> list[str]:
    with Session(engine) as s:
        stmt = select(OutboundRow).order_by(col(OutboundRow.id))
        if status:
            stmt = stmt.where(OutboundRow.status == status)
        lines = []
        for o in s.exec(stmt):
            case = s.get(CaseRow, o.case_id) if o.case_id is not None else None
            at = local(o.sent_at or o.created_at)
            lines.append(f"{o.id:6} {o.status:10} {o.step:24} {case.ref if case else '-':15} "
                         f"{at:%Y-%m-%d %H:%M} to {', '.join(o.to_addrs)}" + (
                             f"  ({o.last_error})" if o.last_error and o.status != OutboundStatus.SENT else ""))
        return lines


def outbox_resend(engine: Engine, out_id: int | None) -> tuple[bool, str]:
    """Staff decided that a held, failed or uncertain mail should go out: the next cycle sends it."""
    with session_scope(engine) as s:
        out = s.get(OutboundRow, out_id) if out_id is not None else None
        if out is None:
            return False, f"no outgoing mail {out_id}"
        from .ops import OUTBOX_STUCK

        if out.status not in OUTBOX_STUCK + (OutboundStatus.DRY_RUN,):
            return False, f"mail {out_id} is {out.status}; only held, failed, uncertain or dry_run mail is resent"
        out.status = OutboundStatus.RENDERED if out.raw else OutboundStatus.QUEUED
        out.next_attempt_at, out.last_error = None, None
        s.add(out)
        return True, f"mail {out_id} ({out.step}) will be sent on the next cycle"
