"""Each routing rule alone, over clues held in memory: no database, no configuration file."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mailbot.core.vocabulary import Outcome, Role, RouteAction
from mailbot.pipeline import chain
from mailbot.pipeline.chain import Clues
from mailbot.store.models import CaseRow
from parsers.reading import Reading

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AALBORG = CaseRow(id=1, ref="SDN-2026-0001", state="awaiting_agreements", cvr="29189919", domain="aalborg.example")
KYSTBY = CaseRow(id=2, ref="SDN-2026-0002", state="awaiting_information_form", cvr="29190623")
CLOSED = CaseRow(id=3, ref="SDN-2026-0003", state="connected", cvr="12345674")
CASES = {c.ref: c for c in (AALBORG, KYSTBY, CLOSED)}


@dataclass
class Lookups:
    """The database as three cases and a few contacts."""

    contacts: dict[str, list[CaseRow]] = field(default_factory=dict)
    threads: dict[str, CaseRow] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def by_ref(self, ref: str | None) -> CaseRow | None:
        self.asked.append(f"ref:{ref}")
        return CASES.get((ref or "").upper())

    def by_thread(self, message_ids: list[str]) -> CaseRow | None:
        return next((self.threads[m] for m in message_ids if m in self.threads), None)

    def by_contact(self, sender: str) -> list[CaseRow]:
        return [c for c in self.contacts.get(sender, []) if c.state != "connected"]

    def by_cvr(self, cvrs: list[str]) -> list[CaseRow]:
        return [c for c in CASES.values() if c.cvr in cvrs]

    def by_recipients(self, recipients: list[str]) -> CaseRow | None:
        found = {c.id: c for r in recipients for c in self.contacts.get(r, [])}
        return next(iter(found.values())) if len(found) == 1 else None

    def trusted_party(self, case: CaseRow, sender: str, verified: bool = True) -> bool:
        return case in self.contacts.get(sender, []) or (verified and sender.endswith("@" + str(case.domain)))


def clues(message: dict[str, Any] | None = None, *, documents: list[dict[str, Any]] | None = None,
          role: Role = Role.PARTY, trust: str = "none", require_dmarc_pass: bool = True,
          verify_configured: bool = False, find: Lookups | None = None) -> Clues:
    msg = {"from": "anna@aalborg.example", "subject": "Tilslutning", "body_text": "Hej", **(message or {})}
    reading = Reading.model_validate({"message": msg, "documents": documents or []})
    return Clues(reading=reading, find=find or Lookups(), role=role, trust=trust,
                 require_dmarc_pass=require_dmarc_pass, verify_configured=verify_configured, now=NOW,
                 subject_ref=None)


def test_invalid_sender_is_recorded_but_a_machine_without_an_address_is_read() -> None:
    route = chain.invalid_sender(clues({"from": "Just A Name"}))
    assert route is not None and route.action == RouteAction.RECORD and route.role == Role.UNKNOWN
    assert "'just a name'" in (route.reason or "")  # as the route stage has always quoted it
    assert chain.invalid_sender(clues({"from": "MAILER-DAEMON", "automated": "bounce"})) is None
    assert chain.invalid_sender(clues()) is None


def test_own_mail_came_back() -> None:
    route = chain.own_mail(clues(role=Role.SELF))
    assert route is not None and route.outcome == Outcome.PROCESSED
    assert chain.own_mail(clues()) is None


def test_unread_mail_names_why() -> None:
    route = chain.unread_mail(clues({"problems": [{"code": "too_large", "message": "The mail is 30 MB"}]}))
    assert route is not None and route.outcome == Outcome.NEEDS_ATTENTION and "30 MB" in (route.reason or "")
    assert chain.unread_mail(clues({"problems": [{"code": "malformed_header", "message": "x"}]})) is None


def test_conflicting_clues_go_to_staff_with_both_references() -> None:
    find = Lookups(threads={"<a@medcom.example>": KYSTBY})
    c = clues({"case_ref": AALBORG.ref, "in_reply_to": "<a@medcom.example>"}, find=find)
    route = chain.conflicting_clues(c)
    assert route is not None and route.action == RouteAction.AMBIGUOUS
    assert route.cases == [AALBORG.ref, KYSTBY.ref]
    assert chain.conflicting_clues(clues({"case_ref": AALBORG.ref})) is None


def test_a_document_cvr_is_a_strong_clue_only_from_a_party() -> None:
    docs = [{"kind": "information_form", "fields": {"cvr": KYSTBY.cvr}}]
    assert chain.conflicting_clues(clues({"case_ref": AALBORG.ref}, documents=docs)) is not None
    assert chain.conflicting_clues(clues({"case_ref": AALBORG.ref}, documents=docs, role=Role.TDC)) is None


def test_a_contact_of_several_cases_who_names_none_goes_to_staff() -> None:
    find = Lookups(contacts={"anna@aalborg.example": [AALBORG, KYSTBY]})
    route = chain.contact_of_several(clues(find=find))
    assert route is not None and route.action == RouteAction.AMBIGUOUS and route.cases == [AALBORG.ref, KYSTBY.ref]
    # naming one organisation's CVR in the text picks that case
    assert chain.contact_of_several(clues({"cvrs": [KYSTBY.cvr]}, find=find)) is None
    assert chain.contact_of_several(clues(find=Lookups(contacts={"anna@aalborg.example": [AALBORG]}))) is None


def test_a_delivery_report_that_is_no_failure_is_recorded() -> None:
    c = clues({"automated": "bounce", "delivery": {"action": "delayed"}})
    route = chain.delivery_report(c)
    assert route is not None and route.outcome == Outcome.PROCESSED and "delayed" in (route.reason or "")
    assert chain.delivery_report(clues({"automated": "bounce", "delivery": {"action": "failed"}})) is None


def test_a_bounce_finds_its_case_by_the_returned_message_id_the_quoted_headers_or_the_recipient() -> None:
    by_id = Lookups(threads={"<SDN-2026-0002.x@medcom.example>": KYSTBY})
    msg = {"automated": "bounce", "delivery": {"action": "failed",
                                              "original_message_id": "<SDN-2026-0002.x@medcom.example>"}}
    route = chain.bounce(clues(msg, find=by_id))
    assert route is not None and route.action == RouteAction.BOUNCE and route.case_id == KYSTBY.id
    # the Message-IDs of ours the reader found quoted in the returned mail (returned.quoted_message_ids)
    quoted = Lookups(threads={"<SDN-2026-0001.starter_pack.y@medcom.example>": AALBORG})
    route = chain.bounce(clues({"automated": "bounce", "quoted_message_ids": [
        "<SDN-2026-0009.z@elsewhere.example>", "<SDN-2026-0001.starter_pack.y@medcom.example>"]}, find=quoted))
    assert route is not None and route.case_id == AALBORG.id
    by_rcpt = Lookups(contacts={"it@kystby.example": [KYSTBY]})
    route = chain.bounce(clues({"automated": "bounce", "delivery": {"recipients": ["it@kystby.example"]}},
                               find=by_rcpt))
    assert route is not None and route.case_id == KYSTBY.id
    assert chain.bounce(clues({"automated": "bounce"})) is None
    assert chain.bounce(clues({"automated": "auto_reply", "quoted_message_ids": [
        "<SDN-2026-0001.starter_pack.y@medcom.example>"]}, find=quoted)) is None


def test_automatic_mail_is_never_answered() -> None:
    route = chain.automatic_mail(clues({"automated": "auto_reply"}))
    assert route is not None and route.action == RouteAction.RECORD and "auto_reply" in (route.reason or "")
    assert chain.automatic_mail(clues()) is None


def test_an_unbelievable_from_is_untrusted_on_its_case_else_recorded() -> None:
    route = chain.untrusted_from(clues({"from_untrusted": "two From headers", "case_ref": AALBORG.ref}))
    assert route is not None and route.action == RouteAction.UNTRUSTED and route.case_id == AALBORG.id
    route = chain.untrusted_from(clues({"from_untrusted": "two From headers"}))
    assert route is not None and route.action == RouteAction.RECORD
    assert chain.untrusted_from(clues()) is None


def test_dmarc_fail_counts_only_when_required() -> None:
    assert chain.dmarc_fail(clues(trust="fail")) is not None
    assert chain.dmarc_fail(clues(trust="fail", require_dmarc_pass=False)) is None
    assert chain.dmarc_fail(clues(trust="pass")) is None


def test_staff_and_tdc_must_be_verified_when_verification_is_configured() -> None:
    route = chain.unverified_staff_or_tdc(clues(role=Role.TDC, verify_configured=True))
    assert route is not None and "TDC mail" in (route.reason or "")
    assert chain.unverified_staff_or_tdc(clues(role=Role.STAFF, verify_configured=True, trust="pass")) is None
    assert chain.unverified_staff_or_tdc(clues(role=Role.STAFF)) is None  # nothing to verify against
    assert chain.unverified_staff_or_tdc(clues(verify_configured=True)) is None  # parties are judged later


def test_staff_mail_acts_on_the_subjects_case_with_its_command_read() -> None:
    c = clues({"body_text": "GODKEND\n\nmvh Anne"}, role=Role.STAFF)
    c.subject_ref = KYSTBY.ref
    route = chain.staff_mail(c)
    assert route is not None and route.action == RouteAction.STAFF and route.case_id == KYSTBY.id
    assert route.command is not None and route.command.command == "approve"
    c = clues({"body_text": "Hvad synes I?"}, role=Role.STAFF)
    c.subject_ref = KYSTBY.ref
    route = chain.staff_mail(c)
    assert route is not None and route.action == RouteAction.STAFF and route.command is None
    route = chain.staff_mail(clues({"body_text": "GODKEND", "case_ref": AALBORG.ref}, role=Role.STAFF))
    assert route is not None and route.action == RouteAction.RECORD  # a reference only in the body is not enough
    assert chain.staff_mail(clues()) is None


def test_tdc_mail_is_read_on_its_case() -> None:
    c = clues({"case_ref": AALBORG.ref, "body_new_text": "Installationen er planlagt til 12. november 2026 kl. 10"},
              role=Role.TDC)
    route = chain.tdc_mail(c)
    assert route is not None and route.action == RouteAction.TDC and route.tdc is not None
    assert route.tdc.when is not None and route.tdc.when.startswith("2026-11-12")
    route = chain.tdc_mail(clues(role=Role.TDC))
    assert route is not None and route.action == RouteAction.RECORD
    assert chain.tdc_mail(clues()) is None


def test_tdc_s_date_in_its_subject_is_read_only_while_the_case_has_none() -> None:
    subject = "SV: [SDN-2026-0001] Installation 12. november 2026 kl. 10.00"
    c = clues({"case_ref": AALBORG.ref, "subject": subject, "body_new_text": "Se emnefeltet."}, role=Role.TDC)
    route = chain.tdc_mail(c)
    assert route is not None and route.tdc is not None and route.tdc.kind == "installation_date"
    assert route.tdc.when is not None and route.tdc.when.startswith("2026-11-12T10:00")
    # once a date is set, a reply in the thread repeats an older date's subject: a person reads it
    dated = AALBORG.model_copy(update={"installation_at": datetime(2026, 11, 19, 9, 0, tzinfo=UTC)})
    c = clues({"case_ref": AALBORG.ref, "subject": subject, "body_new_text": "Tak for info."}, role=Role.TDC)
    c.__dict__["ref_case"] = dated
    route = chain.tdc_mail(c)
    assert route is not None and route.tdc is not None and route.tdc.kind == "unknown"


def test_only_a_contact_or_the_learned_domain_moves_a_known_case() -> None:
    route = chain.known_case(clues({"case_ref": AALBORG.ref}))
    assert route is not None and route.action == RouteAction.PARTY and route.case_id == AALBORG.id
    route = chain.known_case(clues({"case_ref": AALBORG.ref}, trust="none", verify_configured=True))
    assert route is not None and route.action == RouteAction.UNTRUSTED  # the domain counts only when verified
    route = chain.known_case(clues({"case_ref": KYSTBY.ref}))
    assert route is not None and route.action == RouteAction.UNTRUSTED
    assert chain.known_case(clues()) is None


def test_an_unknown_reference_is_recorded() -> None:
    route = chain.unknown_reference(clues({"case_ref": "SDN-2026-9999"}))
    assert route is not None and "SDN-2026-9999" in (route.reason or "")
    assert chain.unknown_reference(clues()) is None


def test_a_cvr_in_the_text_finds_an_open_case_only() -> None:
    route = chain.cvr_of_open_case(clues({"cvrs": [AALBORG.cvr]}))
    assert route is not None and route.action == RouteAction.PARTY and route.case_id == AALBORG.id
    route = chain.cvr_of_open_case(clues({"cvrs": [KYSTBY.cvr]}))
    assert route is not None and route.action == RouteAction.UNTRUSTED
    assert chain.cvr_of_open_case(clues({"cvrs": [CLOSED.cvr]})) is None


def test_no_sender_and_not_an_inquiry_are_recorded_the_latter_without_a_notice() -> None:
    assert chain.no_sender(clues({"from": None})) is not None
    assert chain.no_sender(clues()) is None
    route = chain.not_an_inquiry(clues({"subject": "Cheap watches", "body_text": "Buy now"}))
    assert route is not None and route.notify is False
    assert chain.not_an_inquiry(clues({"subject": "Tilslutning til Sundhedsdatanettet",
                                       "body_text": "Vi vil gerne tilsluttes SDN."})) is None


def test_the_chain_stops_at_the_first_rule_that_routes() -> None:
    c = clues({"from": "Just A Name", "problems": [{"code": "timeout", "message": "slow"}]})
    assert chain.run_chain(c).reason == chain.invalid_sender(c).reason  # type: ignore[union-attr]
    fresh = clues({"subject": "Tilslutning til Sundhedsdatanettet", "body_text": "Vi vil gerne tilsluttes SDN."})
    assert chain.run_chain(fresh).action == RouteAction.INQUIRY
    assert [r.__name__ for r in chain.CHAIN][:3] == ["invalid_sender", "own_mail", "unread_mail"]


def test_a_signing_service_s_signed_agreement_belongs_to_the_one_open_case_of_its_cvr() -> None:
    # a signing service mails the signed agreement itself: a machine (never answered), but the document is
    # the party's when its CVR names exactly one open case
    service = {"from": "no-reply@signing-service.example", "automated": "auto_reply",
               "subject": "Dokumentet er underskrevet: Tilslutningsaftale"}
    signed = [{"filename": "Tilslutningsaftale.pdf", "kind": "connection_agreement",
               "fields": {"cvr": AALBORG.cvr, "signed": True}}]
    route = chain.run_chain(clues(service, documents=signed))
    assert route.action == RouteAction.PARTY and route.case_id == AALBORG.id and route.machine
    # a closed case's CVR, or a CVR of no case: a person places the document (a notice, not a silent record)
    closed = [{**signed[0], "fields": {"cvr": CLOSED.cvr, "signed": True}}]
    for docs in (closed, [{**signed[0], "fields": {"cvr": "11111111", "signed": True}}]):
        route = chain.run_chain(clues(service, documents=docs))
        assert route.action == RouteAction.RECORD and route.outcome == Outcome.NEEDS_ATTENTION and route.machine
    # an out-of-office reply without documents is still only recorded
    route = chain.run_chain(clues({**service, "subject": "Autosvar: ferie"}))
    assert route.action == RouteAction.RECORD and route.outcome == Outcome.PROCESSED and not route.machine
