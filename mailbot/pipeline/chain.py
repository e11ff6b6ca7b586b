"""The routing chain, after Mailman's chains: an ordered list of small named rules over one mail's clues.

Each rule looks at the `Clues` and either gives the `Route` (the chain stops there) or passes (None).
Rules do no I/O of their own: what the database knows comes through `Lookups`, asked lazily, once,
so a rule is tested alone with a handful of in-memory cases (tests/pipeline/test_chain.py).
To add a rule, write a function `(Clues) -> Route | None` and put it in `CHAIN` where it belongs.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Protocol

from parsers.reading import Document, Message, Reading

from ..core.contracts import Route, StaffCommandReading, TdcReply
from ..core.party import looks_like_inquiry
from ..core.states import AGREEMENT_KINDS, FORM_KIND, OPEN_STATES
from ..core.vocabulary import UNREAD_CODES, Outcome, Role, RouteAction
from ..store.models import CaseRow

# what may be answered: one @, no spaces or control characters, a dotted domain
ADDRESS = re.compile(r"[^@\s\x00-\x1f\x7f\"<>(),;:\[\]\\]+@[a-z0-9\u00a1-\uffff-]+(\.[a-z0-9\u00a1-\uffff-]+)+")
ATTENTION = Outcome.NEEDS_ATTENTION
DELIVERED = ("delivered", "delayed", "relayed", "expanded")  # delivery reports that are no failure
PARTY_DOCUMENTS = frozenset({*map(str, AGREEMENT_KINDS), str(FORM_KIND)})


class Lookups(Protocol):
    """What the rules may ask the database (route.Router answers over a session)."""

    def by_ref(self, ref: str | None) -> CaseRow | None: ...
    def by_thread(self, message_ids: list[str]) -> CaseRow | None: ...
    def by_contact(self, sender: str) -> list[CaseRow]: ...
    def by_cvr(self, cvrs: list[str]) -> list[CaseRow]: ...
    def by_recipients(self, recipients: list[str]) -> CaseRow | None: ...
    def trusted_party(self, case: CaseRow, sender: str, verified: bool = True) -> bool: ...


@dataclass
class Clues:
    """One mail as the rules see it. `role` and `trust` come from the configuration (route.py)."""

    reading: Reading
    find: Lookups
    role: Role
    trust: str  # "pass", "fail" or "none" (Authentication-Results, see mailbot.trust)
    require_dmarc_pass: bool
    verify_configured: bool  # [trust] authserv_ids is set
    now: datetime
    subject_ref: str | None = None

    @property
    def msg(self) -> Message:
        return self.reading.msg

    @property
    def docs(self) -> list[Document]:
        return self.reading.documents

    @property
    def raw_sender(self) -> str:
        return (self.msg.sender or "").lower()

    @property
    def sender(self) -> str:
        """The sender's address; blank when From names no address (a machine's "MAILER-DAEMON")."""
        return self.raw_sender if ADDRESS.fullmatch(self.raw_sender) else ""

    @property
    def verified(self) -> bool:
        return self.trust == "pass" or not self.verify_configured

    @cached_property
    def ref_case(self) -> CaseRow | None:
        return self.find.by_ref(self.msg.case_ref)

    @cached_property
    def thread_case(self) -> CaseRow | None:
        return self.find.by_thread(([self.msg.in_reply_to] if self.msg.in_reply_to else []) + self.msg.references)

    @cached_property
    def strong(self) -> list[CaseRow]:
        """The cases the strong clues name: the reference, our thread, a party's document CVR."""
        cvrs = [d.fields.cvr for d in self.docs if d.fields.cvr]
        cvr_cases = self.find.by_cvr(list(dict.fromkeys(cvrs)))
        strong = [c for c in (self.ref_case, self.thread_case) if c is not None]
        if cvr_cases and self.role == Role.PARTY:
            strong.append(cvr_cases[0])
        return strong

    @cached_property
    def contact_cases(self) -> list[CaseRow]:
        """Without a strong clue: the open cases the party's sender is a contact of. A contact writing
        about another organisation (its CVR, no reference) is not about these."""
        if self.strong or not self.sender or self.role != Role.PARTY:
            return []
        mentioned = set(self.msg.cvrs)
        return [c for c in self.find.by_contact(self.sender) if not mentioned or c.cvr is None or c.cvr in mentioned]

    @property
    def case(self) -> CaseRow | None:
        """The one case the clues agree on (the chain stops earlier when they disagree)."""
        if self.strong:
            return self.strong[0]
        return self.contact_cases[0] if self.contact_cases else None

    def route(self, action: RouteAction, outcome: Outcome, reason: str | None = None, *,
              case: CaseRow | None = None, **more: object) -> Route:
        return Route.model_validate({"action": action, "role": self.role, "outcome": outcome, "reason": reason,
                                     "case_id": case.id if case is not None else None, **more})

    def untrusted(self, reason: str) -> Route:
        """About a case, from someone who may not move it: staff see it on the case; else recorded."""
        if self.case is not None:
            return self.route(RouteAction.UNTRUSTED, ATTENTION, reason, case=self.case)
        return self.route(RouteAction.RECORD, ATTENTION, reason)


Rule = Callable[[Clues], Route | None]


def invalid_sender(c: Clues) -> Route | None:
    """"From: Just A Name" must not become a recipient; a machine ("MAILER-DAEMON") is still read."""
    if c.raw_sender and not c.sender and not c.msg.automated:
        return Route(action=RouteAction.RECORD, role=Role.UNKNOWN, outcome=ATTENTION,
                     reason=f"no valid sender address (From gives {c.raw_sender[:80]!r})")
    return None


def own_mail(c: Clues) -> Route | None:
    if c.role == Role.SELF:
        return c.route(RouteAction.RECORD, Outcome.PROCESSED, "our own mail came back")
    return None


def unread_mail(c: Clues) -> Route | None:
    unread = [p for p in c.msg.problems if p.code in UNREAD_CODES]
    if unread:
        return c.route(RouteAction.RECORD, ATTENTION,
                       "the mail could not be read: " + "; ".join(p.message for p in unread))
    return None


def conflicting_clues(c: Clues) -> Route | None:
    if len({case.id for case in c.strong}) > 1:
        refs = sorted(case.ref for case in c.strong)
        return c.route(RouteAction.AMBIGUOUS, ATTENTION, "the clues point to different cases: " + ", ".join(refs),
                       cases=refs)
    return None


def contact_of_several(c: Clues) -> Route | None:
    """A consultant may work for several parties: a mail that names none of them goes to staff."""
    known = c.contact_cases
    if len(known) > 1 and not c.msg.automated:
        return c.route(RouteAction.AMBIGUOUS, ATTENTION, f"{c.sender} is a contact of several open cases and the "
                       "mail names none: " + ", ".join(k.ref for k in known), cases=[k.ref for k in known])
    return None


def delivery_report(c: Clues) -> Route | None:
    delivery = c.msg.delivery
    if c.msg.automated == "bounce" and delivery is not None and delivery.action in DELIVERED:
        return c.route(RouteAction.RECORD, Outcome.PROCESSED,
                       f"delivery report ({delivery.action}): recorded, not a failure", case=c.case)
    return None


def bounce(c: Clues) -> Route | None:
    """A bounce of our mail raises its case: found by the clues, the returned Message-ID, the quoted
    headers, or the one open case whose contact could not be reached."""
    if c.msg.automated != "bounce":
        return None
    delivery = c.msg.delivery
    case = c.case
    if case is None and delivery is not None and delivery.original_message_id:
        case = c.find.by_thread([delivery.original_message_id])
    if case is None:
        case = c.find.by_thread(c.msg.quoted_message_ids)
    if case is None and delivery is not None:
        case = c.find.by_recipients(delivery.recipients)
    if case is not None:
        return c.route(RouteAction.BOUNCE, ATTENTION, "delivery failure of our mail", case=case)
    return None


def machine_documents(c: Clues) -> Route | None:
    """A machine's notification that carries a party's documents (a signing service mailing the signed
    agreement itself): never answered, but its documents are the case's when the mail is placed with
    certainty (our reference or thread, or one CVR in its documents that exactly one open case has); else a
    person places them (a notice, as the party's document must not be lost among auto-replies)."""
    if c.msg.automated not in ("auto_reply", "list") or c.role != Role.PARTY:
        return None
    if not any(str(d.kind) in PARTY_DOCUMENTS for d in c.docs):
        return None
    placed = c.ref_case or c.thread_case
    if placed is None:
        cvrs = sorted({d.fields.cvr for d in c.docs if d.fields.cvr})
        open_cases = [r for r in c.find.by_cvr(cvrs) if r.state in OPEN_STATES]
        placed = open_cases[0] if len(cvrs) == 1 and len(open_cases) == 1 else None
    if placed is None or placed.state not in OPEN_STATES:
        return c.route(RouteAction.RECORD, ATTENTION, f"documents from a machine ({c.sender or c.raw_sender}) that "
                       "cannot be placed with certainty: a person places them", case=c.case, machine=True)
    return c.route(RouteAction.PARTY, Outcome.PROCESSED, f"documents from a machine ({c.sender or c.raw_sender}): "
                   "the case's, never answered", case=placed, machine=True)


def automatic_mail(c: Clues) -> Route | None:
    """Never answer a machine: auto-replies, lists and unplaced bounces are recorded only."""
    if c.msg.automated:
        return c.route(RouteAction.RECORD, Outcome.PROCESSED,
                       f"automatic mail ({c.msg.automated}): never answered", case=c.case)
    return None


def untrusted_from(c: Clues) -> Route | None:
    if c.msg.from_untrusted:
        return c.untrusted(f"the sender cannot be believed: {c.msg.from_untrusted}")
    return None


def dmarc_fail(c: Clues) -> Route | None:
    if c.trust == "fail" and c.require_dmarc_pass:
        return c.untrusted("DMARC/DKIM failed in Authentication-Results")
    return None


def unverified_staff_or_tdc(c: Clues) -> Route | None:
    if c.role in (Role.STAFF, Role.TDC) and not c.verified:
        who = "staff" if c.role == Role.STAFF else "TDC"
        return c.untrusted(f"{who} mail without a DMARC or aligned DKIM pass from MedCom's servers: not acted on")
    return None


def staff_mail(c: Clues) -> Route | None:
    """contracts.md section 4: the subject carries the reference; quoted history never names the case.
    The command is read here, so decide only decides."""
    if c.role != Role.STAFF:
        return None
    from parsers import read_staff_command

    subject_case = c.find.by_ref(c.subject_ref)
    if subject_case is None:
        return c.route(RouteAction.RECORD, ATTENTION, "staff mail without a known case reference in its subject",
                       case=c.case)
    cmd = read_staff_command(c.msg.body_text)
    command = None if cmd is None else StaffCommandReading(command=cmd["command"], argument=cmd.get("argument") or "")
    return c.route(RouteAction.STAFF, Outcome.PROCESSED, case=subject_case, command=command)


def tdc_mail(c: Clues) -> Route | None:
    """TDC's dates and completions, read here (in the new text only: quoted history is old news)."""
    if c.role != Role.TDC:
        return None
    if c.case is None:
        return c.route(RouteAction.RECORD, ATTENTION, "TDC mail without a known case reference")
    from parsers import read_tdc_reply

    # the subject only while no date is set: later, a reply in the thread repeats the subject of an older date
    subject = (c.msg.subject or "") if c.case.installation_at is None else ""
    reply = read_tdc_reply(c.msg.body_new_text or c.msg.body_text, c.now, subject)
    tdc = TdcReply(kind=reply.get("kind") or "unknown", when=reply.get("when"))
    return c.route(RouteAction.TDC, Outcome.PROCESSED, case=c.case, tdc=tdc)


def known_case(c: Clues) -> Route | None:
    """Only a case's contacts or its learned mail domain move a case."""
    if c.case is None:
        return None
    if c.find.trusted_party(c.case, c.sender, c.verified):
        return c.route(RouteAction.PARTY, Outcome.PROCESSED, case=c.case, verified=c.verified)
    return c.route(RouteAction.UNTRUSTED, ATTENTION, f"{c.sender} is not a contact of {c.case.ref}", case=c.case)


def unknown_reference(c: Clues) -> Route | None:
    if c.msg.case_ref:  # a case would have been found by it
        return c.route(RouteAction.RECORD, ATTENTION, f"unknown case reference {c.msg.case_ref}")
    return None


def cvr_of_open_case(c: Clues) -> Route | None:
    """A mail that names an open case's CVR in its text is about that case."""
    for existing in c.find.by_cvr(list(c.msg.cvrs)):
        if existing.state in OPEN_STATES:
            if c.find.trusted_party(existing, c.sender, c.verified):
                return c.route(RouteAction.PARTY, Outcome.PROCESSED, case=existing)
            return c.route(RouteAction.UNTRUSTED, ATTENTION,
                           f"{c.sender} names the CVR of {existing.ref} but is not its contact", case=existing)
    return None


def no_sender(c: Clues) -> Route | None:
    if not c.sender:
        return c.route(RouteAction.RECORD, ATTENTION, "no sender address")
    return None


def not_an_inquiry(c: Clues) -> Route | None:
    """Likely spam: listed in the daily digest, not worth a notice of its own."""
    if not looks_like_inquiry(c.msg.subject or "", c.msg.body_text, c.docs, list(c.msg.cvrs)):
        return c.route(RouteAction.RECORD, ATTENTION,
                       f"{c.sender} is unknown and the mail does not look like an SDN inquiry", notify=False)
    return None


def inquiry(c: Clues) -> Route:
    return c.route(RouteAction.INQUIRY, Outcome.PROCESSED, verified=c.verified)


# strongest first; the first rule that gives a route ends the chain, `inquiry` always does
CHAIN: tuple[Rule, ...] = (
    invalid_sender, own_mail, unread_mail, conflicting_clues, contact_of_several,
    delivery_report, bounce, machine_documents, automatic_mail,
    untrusted_from, dmarc_fail, unverified_staff_or_tdc,
    staff_mail, tdc_mail, known_case, unknown_reference, cvr_of_open_case, no_sender, not_an_inquiry,
    inquiry,
)


def run_chain(clues: Clues, chain: tuple[Rule, ...] = CHAIN) -> Route:
    for rule in chain:
        route = rule(clues)
        if route is not None:
            return route
    return inquiry(clues)
