"""What the staff view reads: a few narrow queries per page (no raw mail, no whole table), so a page over
10,000 cases costs about as much as selecting the rows it shows (bench/web.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..clock import local
from ..core.machine import CORRECTABLE
from ..core.readings import FormFields, Person
from ..core.states import FINAL
from ..store import raw as raw_store
from ..store.cases import case_by_ref
from ..store.models import CaseRow, ContactRow, InboundRow, OutboundRow, TimelineRow
from ..store.search import MAX_QUERY, case_matches
from ..templating import ordered_states

LIST_LIMIT = 200
_CASE_COLUMNS: tuple[Any, ...] = (
    CaseRow.id, CaseRow.ref, CaseRow.state, CaseRow.organisation, CaseRow.cvr, CaseRow.party_type,
                 CaseRow.needs_attention, CaseRow.attention_reason, CaseRow.on_hold, CaseRow.updated_at,
                 CaseRow.installation_at, CaseRow.owner)


def _all(s: Session, stmt: Any) -> list[Any]:
    """Rows of a column select, by attribute (typed loosely: the columns vary per page)."""
    return list(s.exec(stmt).all())


def _case_dict(r: Any) -> dict[str, Any]:
    return {"id": r.id, "ref": r.ref, "state": r.state, "organisation": r.organisation, "cvr": r.cvr,
            "party_type": r.party_type, "attention": r.needs_attention, "reason": r.attention_reason or "",
            "on_hold": r.on_hold, "owner": r.owner, "updated_at": local(r.updated_at),
            "installation_at": local(r.installation_at)}


def overview(engine: Engine, state: str | None = None, attention: bool = False, q: str = "") -> dict[str, Any]:
    """The digest's funnel live, and the cases matching a filter and a search (reference, organisation,
    CVR, contact address or name), newest change first, at most LIST_LIMIT rows."""
    final = [str(f) for f in FINAL]
    with Session(engine) as s:
        counts = dict(s.exec(select(CaseRow.state, func.count()).group_by(col(CaseRow.state))).all())
        needs = s.exec(select(func.count()).select_from(CaseRow).where(col(CaseRow.needs_attention))).one()
        stmt = columns(*_CASE_COLUMNS)
        count = select(func.count()).select_from(CaseRow)
        conds: list[Any] = []
        if state:
            conds.append(col(CaseRow.state) == state)
        if attention:
            conds.append(col(CaseRow.needs_attention))
        q = q.strip()[:MAX_QUERY]
        if q:
            conds.append(case_matches(q))
        for c in conds:
            stmt, count = stmt.where(c), count.where(c)
        total = s.exec(count).one()
        rows = _all(s, stmt.order_by(col(CaseRow.updated_at).desc(), col(CaseRow.id).desc()).limit(LIST_LIMIT))
    funnel = ordered_states(counts)
    return {"funnel": funnel, "most": max([n for _, n in funnel] or [1]), "total_cases": sum(counts.values()),
            "open": sum(n for st, n in counts.items() if st not in final), "needs_human": needs,
            "cases": [_case_dict(r) for r in rows], "matching": total, "limit": LIST_LIMIT}


def queue(engine: Engine) -> list[dict[str, Any]]:
    """What needs a human, oldest first: since the last notice that raised it (else its last change)."""
    with Session(engine) as s:
        rows = _all(s, columns(*_CASE_COLUMNS).where(col(CaseRow.needs_attention)))
        ids = [r.id for r in rows]
        since: dict[int, datetime] = {}
        for i in range(0, len(ids), 500):
            since.update({cid: at for cid, at in s.exec(
                select(TimelineRow.case_id, func.max(TimelineRow.at)).where(
                    TimelineRow.kind == "staff_notice", col(TimelineRow.case_id).in_(ids[i:i + 500]))
                .group_by(col(TimelineRow.case_id))) if at is not None})
    out = []
    for r in rows:
        d = _case_dict(r)
        d["since"] = local(since.get(r.id)) or d["updated_at"]
        out.append(d)
    out.sort(key=lambda d: (d["since"] is None, d["since"] or datetime.min, d["ref"]))
    return out


_INBOUND: tuple[Any, ...] = (
    InboundRow.id, InboundRow.received_at, InboundRow.sender, InboundRow.subject, InboundRow.status,
            InboundRow.outcome, InboundRow.reason, InboundRow.automated, InboundRow.reading)
_OUTBOUND: tuple[Any, ...] = (
    OutboundRow.id, OutboundRow.step, OutboundRow.status, OutboundRow.to_addrs, OutboundRow.cc_addrs,
             OutboundRow.subject, OutboundRow.created_at, OutboundRow.sent_at, OutboundRow.last_error)


WORDS_SHOWN = 800  # characters of a mail's own words shown as evidence beside a reading


def _words(reading: dict[str, Any]) -> str:
    """What the sender wrote (the new text, without the quoted history), cut for the page."""
    message = reading.get("message") or {}
    text = str(message.get("body_new_text") or message.get("body_text") or "").strip()
    return text if len(text) <= WORDS_SHOWN else text[:WORDS_SHOWN - 1].rstrip() + "…"


def next_in_queue(engine: Engine, after: str | None = None) -> tuple[str | None, int]:
    """The reference of the queue's first item (the one after `after`, when it is still there) and how many
    items the queue has: the confirm view walks the queue in the queue's own order."""
    refs = [r["ref"] for r in queue(engine)]
    if after and after.upper() in refs:
        later = refs[refs.index(after.upper()) + 1:]
        return (later[0] if later else None), len(refs)
    return (refs[0] if refs else None), len(refs)


def evidence(data: dict[str, Any]) -> dict[str, Any]:
    """What a person needs beside the reading: the form's document (its mail and place in that mail), and the
    words of the latest mail in and of the mail that brought the form (an answer often says what is missing)."""
    att = data.get("form_attachment") or {}
    mails = data["mails_in"]
    mail = next((m for m in mails if m["id"] == att.get("inbound")), None) or (mails[-1] if mails else None)
    doc = None
    if mail is not None:
        docs = mail["documents"]
        doc = next((d for d in docs if d.get("filename") == att.get("filename")), None) if att else None
        doc = doc or next((d for d in docs if d.get("kind") != "unknown"), None)
    said = [m for m in ([mails[-1]] if mails else []) + ([mail] if mail is not None else []) if m["words"]]
    return {"mail": mail, "doc": doc, "words": list({m["id"]: m for m in said}.values())}


def case_page(engine: Engine, ref: str) -> dict[str, Any] | None:
    """One case, whole: the row, contacts, timeline, every mail in (documents, readings, problems,
    signatures) and out. Raw mail is never loaded here."""
    with Session(engine) as s:
        row = case_by_ref(s, ref)
        if row is None:
            return None
        contacts = s.exec(select(ContactRow).where(ContactRow.case_id == row.id).order_by(col(ContactRow.id))).all()
        timeline = s.exec(select(TimelineRow).where(TimelineRow.case_id == row.id).order_by(col(TimelineRow.id))).all()
        inbound = _all(s, columns(*_INBOUND).where(col(InboundRow.case_id) == row.id).order_by(col(InboundRow.id)))
        outbound = _all(s, columns(*_OUTBOUND).where(col(OutboundRow.case_id) == row.id)
                         .order_by(col(OutboundRow.id)))
    data = row.data or {}
    mails_in = []
    for m in inbound:
        reading = m.reading or {}
        mails_in.append({"id": m.id, "at": local(m.received_at), "sender": m.sender, "subject": m.subject,
                         "outcome": m.outcome or m.status, "reason": m.reason, "automated": m.automated,
                         "documents": [dict(d, index=i) for i, d in enumerate(reading.get("documents") or [])],
                         "problems": (reading.get("message") or {}).get("problems") or [],
                         "words": _words(reading)})
    return {
        "case": _case_dict(row) | {"umbrella": row.umbrella, "language": row.language, "domain": row.domain,
                                   "ip_scopes": data.get("ip_scopes") or [], "waiting_for": data.get("waiting_for")},
        "contacts": [{"email": c.email, "name": c.name, "phone": c.phone, "role": c.role} for c in contacts],
        "timeline": [{"at": local(t.at), "kind": t.kind, "text": t.text, "actor": t.actor, "inbound_id": t.inbound_id,
                      "outbound_id": t.outbound_id} for t in timeline],
        "mails_in": mails_in,
        "mails_out": [{"id": o.id, "step": o.step, "status": o.status, "to": o.to_addrs, "cc": o.cc_addrs,
                       "subject": o.subject, "at": local(o.sent_at or o.created_at), "error": o.last_error}
                      for o in outbound],
        # the case's JSON column is the edge: the form as the document model holds it
        "form": FormFields.model_validate(data["form"]) if isinstance(data.get("form"), dict) else None,
        "form_problems": data.get("form_problems") or [],
        "form_attachment": data.get("form_attachment") or {},
        "correctable": row.state in CORRECTABLE and data.get("form") is not None,
    }


def document(engine: Engine, ref: str, mail_id: int, index: int) -> tuple[dict[str, Any], bytes | None] | None:
    """One document of one of the case's mails, as read, and its PDF bytes taken back out of the stored mail."""
    from ..mailparts import find_attachment

    with Session(engine) as s:
        found = case_by_ref(s, ref)
        case_id = found.id if found is not None else None
        m = s.get(InboundRow, mail_id)
        if case_id is None or m is None or m.case_id != case_id:
            return None
        docs = (m.reading or {}).get("documents") or []
        if not 0 <= index < len(docs):
            return None
        doc = dict(docs[index], index=index)
        pdf = find_attachment(raw_store.read(s, m), doc.get("filename")) if raw_store.held(m) else None
    return doc, pdf


def form_rows(form: FormFields | None, problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The form's reading as one editable line per value: scalars, the parts of the address and of each
    contact, and the IP scopes as one comma-separated line; each with the problems naming its field."""
    if form is None or not form.as_json():
        return []
    by_field: dict[str, list[dict[str, Any]]] = {}
    for p in problems:
        by_field.setdefault(str(p.get("field") or ""), []).append(p)
    rows: list[dict[str, Any]] = []

    shown: set[str] = set()

    def add(path: str, value: Any, kind: str = "text") -> None:
        root = path.split(".", 1)[0]
        mine = by_field.get(root, [])
        rows.append({"path": path, "value": "" if value is None else str(value), "kind": kind, "root": root,
                     "problems": [] if root in shown else mine,  # a field's problems on its first line
                     "uncertain": any(p.get("code") == "uncertain" for p in mine)})
        shown.add(root)

    for key, value in (("organisation", form.organisation), ("cvr", form.cvr), ("party_type", form.party_type),
                       ("connected_via", form.connected_via)):
        add(key, value)
    org = form.org_contact or Person()
    add("org_contact.name", org.name)
    add("org_contact.email", org.email)
    add("org_contact.phone", org.phone)
    techs = list(form.technical_contacts) or [Person()]
    for i, t in enumerate(techs + ([Person()] if form.technical_contacts else [])):
        add(f"technical_contacts.{i}.name", t.name)
        add(f"technical_contacts.{i}.email", t.email)
        add(f"technical_contacts.{i}.phone", t.phone)
    add("ip_scopes", ", ".join(form.ip_scopes), "list")
    addr = form.installation_address
    add("installation_address.street", addr.street if addr else None)
    add("installation_address.postcode", addr.postcode if addr else None)
    add("installation_address.city", addr.city if addr else None)
    return rows
