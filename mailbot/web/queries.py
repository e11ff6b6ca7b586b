"""What the staff view reads: a few narrow queries per page (no raw mail, no whole table), so a page over
10,000 cases costs about as much as selecting the rows it shows (bench/web.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func
from sqlalchemy import select as columns
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..clock import local
from ..core.case import FormAttachment
from ..core.machine import CORRECTABLE
from ..core.readings import FormFields, Message, Person, Problem, Reading, field_root
from ..core.states import FINAL
from ..core.vocabulary import ProblemCode
from ..store import raw as raw_store
from ..store.cases import case_by_ref, to_case
from ..store.models import CaseRow, ContactRow, InboundRow, OutboundRow, TimelineRow
from ..store.search import MAX_QUERY, case_matches
from ..templating import ordered_states
from .pages import (
    CaseHead,
    CaseLine,
    CasePage,
    ContactLine,
    Evidence,
    FormRow,
    MailIn,
    MailOut,
    Overview,
    ShownDocument,
    TimelineLine,
)

LIST_LIMIT = 200
_CASE_COLUMNS: tuple[Any, ...] = (
    CaseRow.id, CaseRow.ref, CaseRow.state, CaseRow.organisation, CaseRow.cvr, CaseRow.party_type,
                 CaseRow.needs_attention, CaseRow.attention_reason, CaseRow.on_hold, CaseRow.updated_at,
                 CaseRow.installation_at, CaseRow.owner)


def _all(s: Session, stmt: Any) -> list[Any]:
    """Rows of a column select, by attribute (typed loosely: the columns vary per page)."""
    return list(s.exec(stmt).all())


def _line(r: Any, since: datetime | None = None) -> CaseLine:
    return CaseLine(id=r.id, ref=r.ref, state=r.state, organisation=r.organisation, cvr=r.cvr,
                    party_type=r.party_type, attention=r.needs_attention, reason=r.attention_reason or "",
                    on_hold=r.on_hold, owner=r.owner, updated_at=local(r.updated_at),
                    installation_at=local(r.installation_at), since=since)


def overview(engine: Engine, state: str | None = None, attention: bool = False, q: str = "") -> Overview:
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
    return Overview(funnel=funnel, most=max([n for _, n in funnel] or [1]), total_cases=sum(counts.values()),
                    open=sum(n for st, n in counts.items() if st not in final), needs_human=needs,
                    cases=[_line(r) for r in rows], matching=total, limit=LIST_LIMIT)


def queue(engine: Engine) -> list[CaseLine]:
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
    out = [_line(r, local(since.get(r.id)) or local(r.updated_at)) for r in rows]
    out.sort(key=lambda c: (c.since is None, c.since or datetime.min, c.ref))
    return out


_INBOUND: tuple[Any, ...] = (
    InboundRow.id, InboundRow.received_at, InboundRow.sender, InboundRow.subject, InboundRow.status,
            InboundRow.outcome, InboundRow.reason, InboundRow.automated, InboundRow.reading)
_OUTBOUND: tuple[Any, ...] = (
    OutboundRow.id, OutboundRow.step, OutboundRow.status, OutboundRow.to_addrs, OutboundRow.cc_addrs,
             OutboundRow.subject, OutboundRow.created_at, OutboundRow.sent_at, OutboundRow.last_error)


WORDS_SHOWN = 800  # characters of a mail's own words shown as evidence beside a reading


def _words(message: Message) -> str:
    """What the sender wrote (the new text, without the quoted history), cut for the page."""
    text = (message.body_new_text or message.body_text or "").strip()
    return text if len(text) <= WORDS_SHOWN else text[:WORDS_SHOWN - 1].rstrip() + "…"


def _reading(stored: object) -> Reading:
    """A mail's stored reading (its JSON column) as the document model. One this version cannot load is shown
    as a doubt for a person, never as nothing and never as a broken page."""
    try:
        return Reading.model_validate(stored or {})
    except ValidationError:
        return Reading(message=Message(problems=[Problem(
            code=ProblemCode.UNCERTAIN, message="the stored reading of this mail could not be shown")]))


def next_in_queue(engine: Engine, after: str | None = None) -> tuple[str | None, int]:
    """The reference of the queue's first item (the one after `after`, when it is still there) and how many
    items the queue has: the confirm view walks the queue in the queue's own order."""
    refs = [r.ref for r in queue(engine)]
    if after and after.upper() in refs:
        later = refs[refs.index(after.upper()) + 1:]
        return (later[0] if later else None), len(refs)
    return (refs[0] if refs else None), len(refs)


def evidence(data: CasePage) -> Evidence:
    """What a person needs beside the reading: the form's document (its mail and place in that mail), and the
    words of the latest mail in and of the mail that brought the form (an answer often says what is missing)."""
    att = data.form_attachment
    given = att != FormAttachment()
    mails = data.mails_in
    mail = next((m for m in mails if m.id == att.inbound), None) or (mails[-1] if mails else None)
    doc = None
    if mail is not None:
        docs = mail.documents
        doc = next((d for d in docs if d.filename == att.filename), None) if given else None
        doc = doc or next((d for d in docs if d.kind != "unknown"), None)
    said = [m for m in ([mails[-1]] if mails else []) + ([mail] if mail is not None else []) if m.words]
    return Evidence(mail=mail, doc=doc, words=list({m.id: m for m in said}.values()))


def case_page(engine: Engine, ref: str) -> CasePage | None:
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
    case = to_case(row, [])  # the case's JSON column is the edge: its values as the core holds them
    mails_in = []
    for m in inbound:
        reading = _reading(m.reading)
        mails_in.append(MailIn(id=m.id, at=local(m.received_at), sender=m.sender, subject=m.subject,
                               outcome=m.outcome or m.status, reason=m.reason, automated=m.automated,
                               documents=[ShownDocument.of(d, i) for i, d in enumerate(reading.documents)],
                               problems=list(reading.msg.problems), words=_words(reading.msg)))
    return CasePage(
        case=CaseHead(**vars(_line(row)), umbrella=row.umbrella, language=row.language,
                      domain=row.domain, ip_scopes=case.ip_scopes, waiting_for=case.waiting_for),
        contacts=[ContactLine(c.email, c.name, c.phone, c.role) for c in contacts],
        timeline=[TimelineLine(local(t.at), t.kind, t.text, t.actor, t.inbound_id, t.outbound_id) for t in timeline],
        mails_in=mails_in,
        mails_out=[MailOut(o.id, o.step, o.status, o.to_addrs, o.cc_addrs, o.subject, local(o.sent_at or o.created_at),
                           o.last_error) for o in outbound],
        form=case.form, form_problems=list(case.form_problems),
        form_attachment=case.form_attachment or FormAttachment(),
        correctable=row.state in CORRECTABLE and case.form is not None)


def document(engine: Engine, ref: str, mail_id: int, index: int) -> tuple[ShownDocument, bytes | None] | None:
    """One document of one of the case's mails, as read, and its PDF bytes taken back out of the stored mail."""
    from ..mailparts import find_attachment

    with Session(engine) as s:
        found = case_by_ref(s, ref)
        case_id = found.id if found is not None else None
        m = s.get(InboundRow, mail_id)
        if case_id is None or m is None or m.case_id != case_id:
            return None
        docs = _reading(m.reading).documents
        if not 0 <= index < len(docs):
            return None
        doc = ShownDocument.of(docs[index], index)
        pdf = find_attachment(raw_store.read(s, m), doc.filename) if raw_store.held(m) else None
    return doc, pdf


def form_rows(form: FormFields | None, problems: list[Problem]) -> list[FormRow]:
    """The form's reading as one editable line per value: scalars, the parts of the address and of each
    contact, and the IP scopes as one comma-separated line; each with the problems naming its field."""
    if form is None or not form.as_json():
        return []
    by_field: dict[str, list[Problem]] = {}
    for p in problems:
        by_field.setdefault(field_root(p.field) if p.field else "", []).append(p)
    rows: list[FormRow] = []

    shown: set[str] = set()

    def add(path: str, value: Any, kind: str = "text") -> None:
        root = field_root(path)
        mine = by_field.get(root, [])
        rows.append(FormRow(path=path, value="" if value is None else str(value), kind=kind, root=root,
                            problems=[] if root in shown else mine,  # a field's problems on its first line
                            uncertain=any(p.code == "uncertain" for p in mine)))
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
