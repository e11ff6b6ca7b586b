"""The approved parties for MedCom's agreement system: `mailbot export`, the web view's download, and the
webhook's events (stored beside the mails a decision queues, sent by `pipeline/webhook.py`).

A party is approved when its case's agreements are: the state after that (awaiting the information form)
or any later one except rejected. When: the first time the case's timeline entered that state.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
from dataclasses import asdict
from datetime import date, datetime, time, tzinfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from .config import Config
from .core.approvals import PartyApproved, PartyRecord, RecordedPerson, party_record
from .core.case import Case
from .core.states import APPROVED
from .core.vocabulary import State
from .store.cases import to_case
from .store.models import CaseRow, TimelineRow, WebhookRow

APPROVED_STATES = tuple(s.value for s in APPROVED)  # the approved column of states.STATE_TABLE
_ENTERED = f"% -> {State.AWAITING_INFORMATION_FORM.value}:%"  # a timeline "state" entry's text
CSV_COLUMNS = ("ref", "organisation", "cvr", "party_type", "approved_at", "org_contact_name", "org_contact_email",
               "org_contact_phone", "technical_contacts", "agreements")


def approved_parties(engine: Engine, since: datetime | None = None) -> list[PartyRecord]:
    """Every approved party (approved at or after `since`, when given), oldest approval first."""
    with Session(engine) as s:
        approved: dict[int, datetime] = {}
        for case_id, at in s.exec(select(TimelineRow.case_id, TimelineRow.at).where(
                TimelineRow.kind == "state", col(TimelineRow.text).like(_ENTERED))):
            if at is not None and (case_id not in approved or at < approved[case_id]):
                approved[case_id] = at
        rows = s.exec(select(CaseRow).where(col(CaseRow.state).in_(APPROVED_STATES))).all()
    out = []
    for row in rows:
        at = approved.get(row.id) if row.id is not None else None
        if since is not None and (at is None or at < since):
            continue
        out.append(party_record(to_case(row, []), at))
    return sorted(out, key=lambda r: (r.approved_at or "", r.ref))


def since_moment(text: str, tz: tzinfo) -> datetime:
    """`--since`: a date (the start of that day in the configured zone) or an ISO 8601 moment."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return datetime.combine(date.fromisoformat(text.strip()), time(), tz)
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def to_json(records: list[PartyRecord]) -> str:
    return json.dumps({"parties": [asdict(r) for r in records]}, ensure_ascii=False, indent=2) + "\n"


def _flat_person(p: RecordedPerson) -> str:
    return " ".join(x for x in (p.name, f"<{p.email}>" if p.email else None, p.phone) if x)


def to_csv(records: list[PartyRecord]) -> str:
    """One line per party; a party's several technical contacts and agreements are joined with " | "."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for r in records:
        org = r.org_contact or RecordedPerson(None, None, None)
        writer.writerow([_cell(v) for v in (
            r.ref, r.organisation, r.cvr, r.party_type, r.approved_at, org.name, org.email, org.phone,
            " | ".join(_flat_person(t) for t in r.technical_contacts),
            " | ".join(f"{a.kind}: {a.signature_date or '?'}" for a in r.agreements))])
    return buf.getvalue()


def _cell(value: str | None) -> str:
    """A CSV cell a spreadsheet shows as text: a party's "=HYPERLINK(...)" must not become a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- the webhook's events -------------------------------------------------------------------------------

def event_body(approval: PartyApproved, record: PartyRecord) -> str:
    return json.dumps({"event": approval.kind, "key": approval.key, "party": asdict(record)}, ensure_ascii=False,
                      sort_keys=True)


def queue_approvals(s: Session, cfg: Config, row: CaseRow, case: Case, approvals: tuple[PartyApproved, ...]) -> int:
    """Store the decision's approvals as webhook events, in the transaction that saves the case (a webhook
    configured later does not learn of earlier approvals: `mailbot export` lists them)."""
    if not cfg.export.webhook_url or not approvals:
        return 0
    stored = 0
    for a in approvals:
        if s.exec(select(WebhookRow.id).where(WebhookRow.event_key == a.key)).first() is not None:
            continue  # the same event decided again (never the case: a decision is stored once)
        s.add(WebhookRow(event_key=a.key, case_id=row.id, kind=a.kind, body=event_body(a, party_record(case, a.at)),
                         created_at=a.at, next_attempt_at=a.at))
        stored += 1
    return stored


def signature(secret: str, body: bytes) -> str:
    """The X-Mailbot-Signature header: HMAC-SHA256 of the exact body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
