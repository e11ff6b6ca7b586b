"""The daily staff digest: its facts, when it is due, and queueing it once a day across daemons.

The daemon's scheduler calls `send_digest_if_due`; the pipeline cycle runs `DigestStage` too, so
`run --once --now` sends digests as well. Either way the setting row "digest" under an advisory lock
makes it one digest a day however many daemons share the database.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, func, select

from ..clock import local
from ..config import Config
from ..core import i18n
from ..core.calendar import is_working_day, working_days_between
from ..core.contracts import OutgoingMail
from ..core.states import FINAL, FUNNEL, WAITING_ON, State, Step
from ..core.vocabulary import Outcome
from ..safetext import header
from ..store.cases import record, to_case
from ..store.db import get_setting, put_setting, session_scope, xact_lock
from ..store.models import CaseRow, ContactRow, InboundRow, OutboundRow, TimelineRow
from .context import StageContext
from .stage import Stage

MAX_ROWS = 50  # each list in the digest; the rest is counted ("and N more"), so a digest stays readable
REASON_CHARS = 160


def one_line(text: str | None, limit: int = REASON_CHARS) -> str:
    """A reason on one line: the first line of the text, cut at a word with an ellipsis."""
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _org(row: CaseRow) -> str:
    """The organisation's name (read from a PDF: controls and bidi overrides removed), else its CVR, so
    every row names whom it is about."""
    return header(row.organisation, 120) or (f"CVR {row.cvr}" if row.cvr else "")


def state_since(s: Session) -> dict[int, datetime]:
    """When each case entered its present state: how long it has waited, whatever reminders went out since."""
    rows = s.exec(select(TimelineRow.case_id, func.max(TimelineRow.at)).where(TimelineRow.kind == "state")
                  .group_by(col(TimelineRow.case_id)))
    return {case_id: at for case_id, at in rows if at is not None}


class _Row(BaseModel):
    """One row of a digest list; it reaches the templates as JSON (the outgoing mail's stored context)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)


class ChangeRow(_Row):
    ref: str
    organisation: str
    from_state: str | None
    to_state: str | None
    at: datetime | None
    by: str


class WaitingRow(_Row):
    ref: str
    organisation: str
    state: str
    waiting_on: str  # party, tdc or staff
    on_hold: bool
    since: datetime
    working_days: int


class AttentionRow(_Row):
    ref: str
    organisation: str
    state: str
    reason: str
    owner: str | None


class UpcomingRow(_Row):
    ref: str
    organisation: str
    state: str
    installation_at: datetime


class UnmatchedRow(_Row):
    sender: str = Field(alias="from")
    subject: str
    received_at: datetime | None
    reason: str
    inbound_id: int | None


class DigestFacts(_Row):
    """The facts of the staff digest; each list holds at most MAX_ROWS rows, `totals` counts them all."""

    generated_at: datetime
    since: datetime | None
    counts: dict[str, int]  # cases by state
    total: int
    open: int
    new_cases: int
    waiting_on: dict[str, int]
    changes: list[ChangeRow]
    waiting: list[WaitingRow]
    attention: list[AttentionRow]
    upcoming: list[UpcomingRow]
    unmatched: list[UnmatchedRow]
    merged_notices: int
    totals: dict[str, int]

    def as_context(self) -> dict[str, object]:
        """The facts as the templates read them (`digest`), and as the outgoing mail stores them."""
        return self.model_dump(by_alias=True)


def digest_facts(s: Session, now: datetime, since: datetime | None, language: str = "da") -> DigestFacts:
    """The facts of the staff digest; the same facts `mailbot cases --json` shows, counted the same way.
    Reasons without a text of their own are said in the staff language."""
    _ = i18n.words(language).gettext
    counts: dict[str, int] = {}
    waiting: list[WaitingRow] = []
    attention: list[AttentionRow] = []
    upcoming: list[UpcomingRow] = []
    entered = state_since(s)
    for row in s.exec(select(CaseRow).order_by(col(CaseRow.id))):
        contacts = list(s.exec(select(ContactRow).where(ContactRow.case_id == row.id)))
        case = to_case(row, contacts)
        counts[row.state] = counts.get(row.state, 0) + 1
        org = _org(row)
        state = State(row.state) if row.state in State._value2member_map_ else None
        if row.needs_attention:
            attention.append(AttentionRow(ref=row.ref, organisation=org, state=row.state,
                                          reason=one_line(row.attention_reason) or _("needs a human"),
                                          owner=case.owner))
        since_wait = local(entered.get(row.id or 0)) or local(row.created_at) or local(case.waiting_since)
        if state in WAITING_ON and since_wait is not None:
            waiting.append(WaitingRow(ref=row.ref, organisation=org, state=row.state,
                                      waiting_on="staff" if row.needs_attention else WAITING_ON[state],
                                      on_hold=row.on_hold, since=since_wait,
                                      working_days=working_days_between(since_wait, now)))
        at = local(row.installation_at)
        if at is not None and at >= now and state not in FINAL:
            upcoming.append(UpcomingRow(ref=row.ref, organisation=org, state=row.state, installation_at=at))
    waiting.sort(key=lambda w: (w.since, w.ref))  # oldest first: who has waited longest is on top
    upcoming.sort(key=lambda u: (u.installation_at, u.ref))
    changes: list[ChangeRow] = []
    new_cases = 0
    if since is not None:
        for crow in s.exec(select(CaseRow).where(col(CaseRow.created_at) > since).order_by(col(CaseRow.id))):
            new_cases += 1
            changes.append(ChangeRow(ref=crow.ref, organisation=_org(crow), from_state=None, to_state="inquiry",
                                     at=local(crow.created_at), by="system"))
        for t, crow in s.exec(select(TimelineRow, CaseRow).join(CaseRow, col(CaseRow.id) == TimelineRow.case_id)
                              .where(TimelineRow.kind == "state", col(TimelineRow.at) > since)
                              .order_by(col(TimelineRow.id))):
            changes.append(ChangeRow(ref=crow.ref, organisation=_org(crow), from_state=t.detail.get("from"),
                                     to_state=t.detail.get("to"), at=local(t.at), by=t.actor))
        changes.sort(key=lambda c: (c.at or now, c.ref))
    unreadable_q = select(InboundRow).where(
        col(InboundRow.outcome).in_([Outcome.NEEDS_ATTENTION, Outcome.FAILED]),
        (col(InboundRow.case_id).is_(None)) | (col(InboundRow.outcome) == Outcome.FAILED))
    if since is not None:
        unreadable_q = unreadable_q.where(col(InboundRow.received_at) > since)
    unreadable_total = s.exec(select(func.count()).select_from(unreadable_q.subquery())).one()
    unreadable = [UnmatchedRow(sender=header(m.sender, 120), subject=header(m.subject, 120),
                               received_at=local(m.received_at), reason=one_line(m.reason) or _("could not be read"),
                               inbound_id=m.id)
                  for m in s.exec(unreadable_q.order_by(col(InboundRow.id)).limit(MAX_ROWS))]
    waiting_on = {who: sum(1 for w in waiting if w.waiting_on == who) for who in ("party", "tdc", "staff")}
    notices_q = select(OutboundRow.context).where(OutboundRow.step == "staff_notice")
    if since is not None:
        notices_q = notices_q.where(col(OutboundRow.created_at) > since)
    merged = sum(int(((c or {}).get("notice") or {}).get("merged") or 0) for c in s.exec(notices_q))
    return DigestFacts(
        generated_at=now, since=since, counts=counts, total=sum(counts.values()),
        open=sum(n for st, n in counts.items() if st not in {str(f) for f in FINAL}),
        new_cases=new_cases, waiting_on=waiting_on,
        changes=changes[:MAX_ROWS], waiting=waiting[:MAX_ROWS], attention=attention[:MAX_ROWS],
        upcoming=upcoming[:MAX_ROWS], unmatched=unreadable, merged_notices=merged,
        totals={"changes": len(changes), "waiting": len(waiting), "attention": len(attention),
                "upcoming": len(upcoming), "unmatched": int(unreadable_total)},
    )


def digest_due(now: datetime, cfg: Config, last: Mapping[str, object] | None) -> bool:
    """Today's digest is due: a Danish working day (unless configured otherwise), the time reached, not yet sent."""
    d = cfg.digest
    now = now.astimezone(cfg.tz) if now.tzinfo is not None else now  # the hour and the day of [general] timezone
    if not d.enabled:
        return False
    if d.working_days_only and not is_working_day(now.date()):
        return False
    if (now.hour, now.minute) < (d.hour, d.minute):
        return False
    return not (last and last.get("date") == now.date().isoformat())


def send_digest_if_due(ctx: StageContext) -> int:
    """Queue today's digest if it is due; 1 if queued, else 0. Safe to call from any daemon at any time."""
    now = ctx.now
    if not digest_due(now, ctx.cfg, None):
        return 0
    with session_scope(ctx.engine) as s:
        xact_lock(s, "digest")  # one digest a day, however many daemons share the database
        last = get_setting(s, "digest")
        if not digest_due(now, ctx.cfg, last):
            return 0
        if not last and not s.exec(select(CaseRow.id)).first():
            return 0  # nothing to tell yet
        since = datetime.fromisoformat(last["at"]) if last.get("at") else now - timedelta(days=1)
        language = ctx.cfg.addresses.staff_language
        facts = digest_facts(s, now, since, language)
        mail = OutgoingMail(step=Step.STAFF_DIGEST, to=ctx.cfg.addresses.staff, role="staff", language=language,
                            context={"digest": facts.as_context()})
        record(s, None, (), (mail,), now, ctx.cfg.addresses.medcom)
        put_setting(s, "digest", {"date": now.date().isoformat(), "at": now.isoformat()})
    return 1


_STATES = tuple(State)  # process order
FUNNEL_STATES = FUNNEL  # the road to "connected" (states.STATE_TABLE); rejected cases are counted beside it
DIGEST_LISTS = ("changes", "waiting", "attention", "upcoming", "unmatched")


@dataclass(frozen=True)
class FunnelRow:
    state: str
    count: int
    pct: int  # the bar's length, in percent of the largest count


@dataclass(frozen=True)
class DigestView:
    """What the digest templates show (as `view`), derived once so HTML and plain text say exactly the same.

    The funnel has every state on the road to "connected" (zeros too, so it reads the same every day)
    with a bar length in percent of the largest count; `more` says how many rows each capped list left out.
    """

    funnel: list[FunnelRow]
    rejected: int
    total: dict[str, int]
    all_cases: int
    open_cases: int
    waiting_on: Mapping[str, int]
    more: dict[str, int]
    merged_notices: int
    changes: list[Mapping[str, Any]]
    waiting: list[Mapping[str, Any]]
    attention: list[Mapping[str, Any]]
    upcoming: list[Mapping[str, Any]]
    unmatched: list[Mapping[str, Any]]


def digest_view(digest: Mapping[str, Any]) -> DigestView:
    """The view of the digest's facts (as `digest_facts` makes them, or as they come back from JSON)."""
    counts: Mapping[str, int] = digest.get("counts") or {}
    top = max([counts.get(st, 0) for st in FUNNEL_STATES] + [1])
    funnel = [FunnelRow(st, counts.get(st, 0), max(4, round(100 * counts.get(st, 0) / top)) if counts.get(st, 0)
                        else 0) for st in FUNNEL_STATES]
    funnel += [FunnelRow(st, n, max(4, round(100 * n / top))) for st, n in sorted(counts.items())
               if st not in _STATES]
    totals: Mapping[str, int] = digest.get("totals") or {}
    lists = {name: list(digest.get(name) or []) for name in DIGEST_LISTS}
    total = {name: int(totals.get(name, len(items))) for name, items in lists.items()}
    waiting_on = digest.get("waiting_on") or {
        who: sum(1 for w in lists["waiting"] if w.get("waiting_on") == who) for who in ("party", "tdc", "staff")}
    return DigestView(
        funnel=funnel, rejected=counts.get("rejected", 0), total=total,
        all_cases=int(digest.get("total", sum(counts.values()))),
        open_cases=int(digest.get("open", sum(n for st, n in counts.items() if st not in ("connected", "rejected")))),
        waiting_on=waiting_on, more={name: max(0, total[name] - len(items)) for name, items in lists.items()},
        merged_notices=int(digest.get("merged_notices") or 0),
        changes=lists["changes"], waiting=lists["waiting"], attention=lists["attention"],
        upcoming=lists["upcoming"], unmatched=lists["unmatched"],
    )


class DigestStage(Stage[datetime]):
    """The digest as a pipeline stage, so every cycle (and `run --once --now`) sends it when due: it claims
    the cycle's moment and queues the digest if one is due then."""

    name = "digests"
    timed = True

    def claim(self, ctx: StageContext) -> Iterator[datetime]:
        yield ctx.now

    def handle(self, ctx: StageContext, work: datetime) -> int:
        return send_digest_if_due(ctx)
