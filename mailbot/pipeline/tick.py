"""Time: reminders and deadlines for every open case, and the daily digest for staff."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from ..clock import local
from ..core.calendar import working_days_between
from ..core.events import Outgoing, Tick
from ..core.states import FINAL, OPEN_STATES, WAITING_ON, State
from ..store.cases import load_case, record, to_case
from ..store.db import get_setting, put_setting, session_scope, xact_lock
from ..store.models import CaseRow, ContactRow, InboundRow, TimelineRow
from .context import StageContext
from .decide import apply

log = logging.getLogger(__name__)


class TickStage:
    def run(self, ctx: StageContext) -> int:
        with Session(ctx.engine) as s:
            ids = [i for i in s.exec(select(CaseRow.id).where(col(CaseRow.state).in_(OPEN_STATES))) if i is not None]
        changed = 0
        for case_id in ids:
            try:
                with session_scope(ctx.engine) as s:
                    row, case = load_case(s, case_id)
                    if row.state not in OPEN_STATES:
                        continue
                    decision = apply(s, ctx, row, case, Tick())
                    changed += bool(decision.mails or decision.timeline)
            except Exception:  # noqa: BLE001 - one broken case must not stop the others' reminders
                log.exception("tick for case %s failed", case_id)
        return changed


def digest_facts(s: Session, now: datetime, since: datetime | None) -> dict[str, Any]:
    """The facts of the staff digest; the same facts `mailbot cases` shows."""
    counts: dict[str, int] = {}
    waiting, attention, upcoming = [], [], []
    for row in s.exec(select(CaseRow).order_by(col(CaseRow.id))):
        contacts = list(s.exec(select(ContactRow).where(ContactRow.case_id == row.id)))
        case = to_case(row, contacts)
        counts[row.state] = counts.get(row.state, 0) + 1
        org = row.organisation or row.cvr or row.ref
        if row.needs_attention:
            attention.append({"ref": row.ref, "organisation": org, "reason": row.attention_reason or ""})
        since_wait = local(case.waiting_since) or local(row.updated_at)
        state = State(row.state)
        if state in WAITING_ON and since_wait is not None:
            waiting.append({"ref": row.ref, "organisation": org, "state": row.state,
                            "waiting_on": "staff" if row.needs_attention else WAITING_ON[state],
                            "since": since_wait, "working_days": working_days_between(since_wait, now)})
        at = local(row.installation_at)
        if at is not None and at >= now and state not in FINAL:
            upcoming.append({"ref": row.ref, "organisation": org, "installation_at": at})
    changes = []
    if since is not None:
        for t in s.exec(select(TimelineRow).where(TimelineRow.kind == "state", col(TimelineRow.at) > since)
                        .order_by(col(TimelineRow.id))):
            crow = s.get(CaseRow, t.case_id)
            changes.append({"ref": crow.ref if crow else "?",
                            "organisation": (crow.organisation if crow else None) or "",
                            "from_state": t.detail.get("from"), "to_state": t.detail.get("to"), "at": local(t.at)})
    unmatched = [{"from": m.sender, "subject": m.subject, "received_at": local(m.received_at), "reason": m.reason}
                 for m in s.exec(select(InboundRow).where(col(InboundRow.outcome).in_(["needs_attention", "failed"]),
                                                          col(InboundRow.case_id).is_(None))
                                 .order_by(col(InboundRow.id).desc()).limit(50))]
    return {"generated_at": now, "since": since, "counts": counts, "changes": changes, "waiting": waiting,
            "attention": attention, "upcoming": sorted(upcoming, key=lambda u: u["installation_at"]),
            "unmatched": unmatched}


class DigestStage:
    """Once a day, after the configured hour, one digest; the setting row makes it once across daemons."""

    def run(self, ctx: StageContext) -> int:
        if not ctx.cfg.digest.enabled:
            return 0
        now = ctx.now
        if now.hour < ctx.cfg.digest.hour:
            return 0
        with session_scope(ctx.engine) as s:
            xact_lock(s, "digest")  # one digest a day, however many daemons share the database
            last = get_setting(s, "digest")
            if last.get("date") == now.date().isoformat():
                return 0
            if not last and not s.exec(select(CaseRow.id)).first():
                return 0  # nothing to tell yet
            since = datetime.fromisoformat(last["at"]) if last.get("at") else now - timedelta(days=1)
            facts = digest_facts(s, now, since)
            mail = Outgoing("staff_digest", ctx.cfg.addresses.staff, "staff", "da", context={"digest": facts})
            record(s, None, (), (mail,), now, ctx.cfg.addresses.medcom)
            put_setting(s, "digest", {"date": now.date().isoformat(), "at": now.isoformat()})
        return 1
