"""Route: find the case a mail is about, and decide whether its sender may move that case.

Clues, strongest first: the case reference (subject, body), our own Message-IDs in In-Reply-To /
References, the sender as a contact of exactly one open case, the CVR in attached documents.
Clues that disagree send the mail to staff instead of guessing. The rules are `chain.CHAIN`, in order;
this module answers their questions from the database (`Router`) and runs the chain over a stored mail.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from parsers.reading import Message, Reading

from ..config import Config
from ..core.contracts import Route
from ..core.machine import FREEMAIL
from ..core.refs import DEFAULT_PREFIX, find_ref, ref_in_message_id
from ..core.states import OPEN_STATES
from ..core.vocabulary import InboundStatus, Role, RouteAction
from ..store.cases import case_by_ref
from ..store.models import CaseRow, ContactRow, InboundRow, OutboundRow
from ..trust import verdict
from .chain import Clues, run_chain
from .context import StageContext
from .stage import RowStage


def sender_role(cfg: Config, sender: str) -> Role:
    sender = sender.lower()
    domain = sender.rsplit("@", 1)[-1]
    if sender == cfg.addresses.medcom:
        return Role.SELF
    if sender in cfg.addresses.staff:
        return Role.STAFF
    for entry in cfg.addresses.tdc:
        if sender == entry or ("@" not in entry and (domain == entry or domain.endswith("." + entry))):
            return Role.TDC
    return Role.PARTY


class Router:
    """The chain's `Lookups`: what the database knows about one mail's clues, over one session."""

    def __init__(self, s: Session, cfg: Config) -> None:
        self.s = s
        self.cfg = cfg

    def by_ref(self, ref: str | None) -> CaseRow | None:
        return case_by_ref(self.s, ref)

    def by_thread(self, message_ids: list[str]) -> CaseRow | None:
        for mid in [i for i in message_ids if i]:
            case_id = self.s.exec(select(OutboundRow.case_id).where(OutboundRow.message_id == mid)).first()
            if case_id is not None:
                return self.s.get(CaseRow, case_id)
            ref = ref_in_message_id(mid.strip(), self.cfg.case_ref_prefix)
            if ref and mid.strip().lower().endswith("@" + self.cfg.addresses.medcom.rsplit("@", 1)[-1] + ">"):
                row = self.by_ref(ref)
                if row is not None:
                    return row
        return None

    def by_contact(self, sender: str) -> list[CaseRow]:
        """The open cases the sender is a contact of (a consultant may work for several parties)."""
        ids = set(self.s.exec(select(ContactRow.case_id).where(ContactRow.email == sender.lower())))
        rows = [r for r in (self.s.get(CaseRow, i) for i in ids) if r is not None and r.state in OPEN_STATES]
        return sorted(rows, key=lambda r: r.id or 0)

    def by_cvr(self, cvrs: list[str]) -> list[CaseRow]:
        if not cvrs:
            return []
        rows = self.s.exec(select(CaseRow).where(col(CaseRow.cvr).in_(cvrs))).all()
        return sorted(rows, key=lambda r: (r.state not in OPEN_STATES, r.id or 0))

    def trusted_party(self, case: CaseRow, sender: str, verified: bool = True) -> bool:
        """A contact of the case, or (when the sender is verified) an address at its learned domain."""
        sender = sender.lower()
        emails = set(self.s.exec(select(ContactRow.email).where(ContactRow.case_id == case.id)))
        domain = sender.rsplit("@", 1)[-1]
        return sender in emails or (verified and bool(case.domain) and domain == case.domain
                                    and domain not in FREEMAIL)

    def by_recipients(self, recipients: list[str]) -> CaseRow | None:
        """The open case whose contact a bounce says could not be reached (exactly one)."""
        ids: set[int] = set()
        for r in recipients[:20]:
            ids |= {i for i in self.s.exec(select(ContactRow.case_id).where(ContactRow.email == r.lower()))}
        rows = [c for c in (self.s.get(CaseRow, i) for i in ids) if c is not None and c.state in OPEN_STATES]
        return rows[0] if len(rows) == 1 else None


def clues(s: Session, cfg: Config, reading: Reading, now: datetime) -> Clues:
    """The mail's clues: who wrote (by the configured addresses) and what its Authentication-Results say."""
    c = Clues(reading=reading, find=Router(s, cfg), role=Role.UNKNOWN, trust="none",
              require_dmarc_pass=cfg.trust.require_dmarc_pass, verify_configured=bool(cfg.trust.authserv_ids),
              now=now, subject_ref=subject_ref(reading.msg, cfg.case_ref_prefix))
    role = sender_role(cfg, c.sender) if c.sender else Role.UNKNOWN
    if reading.msg.from_untrusted and role in (Role.SELF, Role.STAFF, Role.TDC):
        role = Role.PARTY  # a From that cannot be believed is nobody we know
    c.role = role
    c.trust = verdict(cfg, reading.msg)
    return c


def newest_case(s: Session) -> int:
    """The newest case's id (0 with none): cases are opened one at a time, under the new-case lock."""
    return s.exec(select(func.max(CaseRow.id))).one() or 0


def route_mail(s: Session, cfg: Config, reading: Reading, now: datetime) -> Route:
    """Run the chain over one mail's reading (the reading carries every clue: no raw mail is read here). An
    inquiry keeps the newest case it was routed past, asked before the chain: decide checks that one only."""
    newest = newest_case(s)
    route = run_chain(clues(s, cfg, reading, now))
    if route.action == RouteAction.INQUIRY:
        route.newest_case = newest
    return route


def opened_since(s: Session, route: Route) -> bool:
    """Was a case opened since an inquiry was routed (here or in another daemon)? Then the mail may be that
    case's party writing again, and is routed again; asked under the new-case lock."""
    return route.newest_case is None or newest_case(s) > route.newest_case


def subject_ref(msg: Message, prefix: str = DEFAULT_PREFIX) -> str | None:
    """The case reference in the subject only (readings stored before subject_ref existed included)."""
    if msg.subject_ref:
        return msg.subject_ref
    return find_ref(msg.subject or "", prefix)


class RouteStage(RowStage[InboundRow]):
    """parsed -> routed: Reading in, Route out."""

    name = "routed"
    model = InboundRow
    status = InboundStatus.PARSED
    batch = 50
    per_transaction = 50
    failure = "the mail could not be routed"

    def handle_row(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        route = route_mail(s, ctx.cfg, Reading.model_validate(row.reading or {}), ctx.now)
        row.route = route.model_dump(mode="json")
        row.case_id = route.case_id
        row.status = InboundStatus.ROUTED
        row.updated_at = ctx.now
