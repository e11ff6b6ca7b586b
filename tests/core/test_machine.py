"""The case machine, transition by transition, as pure functions of (case, event, now)."""
from __future__ import annotations

import dataclasses

from mailbot.core.case import Case, FormAttachment
from mailbot.core.contracts import Attachment
from mailbot.core.events import Bounce, MailRef, StaffCommand, Tick, UntrustedMail
from mailbot.core.machine import Settings, decide
from mailbot.core.readings import FormFields, Person, Problem
from mailbot.core.rules import Rules
from mailbot.core.states import State
from mailbot.core.vocabulary import ProblemCode

from .helpers import PARTY, SETTINGS, UNSIGNED, agreement, at, case, empty, form, party_mail, steps, tdc

NOW = at("2026-11-16T10:00:00")
CA, DPA, SUB = "connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"


def test_inquiry_sends_starter_pack_and_waits_for_agreements() -> None:
    fresh = Case(ref="SDN-2026-0001")
    d = decide(fresh, party_mail(body="Vestby Kommune vil tilsluttes SDN. CVR 29189846", cvrs=("29189846",)),
               NOW, SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS
    assert d.case.cvr == "29189846" and d.case.party_type == "municipality"
    assert steps(d) == [("starter_pack", (PARTY,))]
    assert [a.blank for a in d.mails[0].attachments] == [CA, DPA]
    assert d.mails[0].in_reply_to is not None and d.case.waiting_since == NOW
    assert PARTY in d.case.contact_emails() and d.case.domain == "vestby-kommune.example"


def test_kmd_municipality_is_exempt_from_connection_agreement() -> None:
    d = decide(Case(ref="SDN-2026-0002"), party_mail(body="Vi er tilsluttet via KMD. Hedelund Kommune"), NOW, SETTINGS)
    assert d.case.umbrella == "KMD"
    assert d.mails[0].context["required_documents"] == [DPA]


def test_practitioner_via_system_provider_is_exempt() -> None:
    body = "Vi er en lægepraksis koblet på SDN via vores lægesystemleverandør, Praksys Data A/S."
    d = decide(Case(ref="SDN-2026-0003"), party_mail(body=body), NOW, SETTINGS)
    assert d.case.party_type == "practitioner" and d.case.umbrella == "Praksys Data A/S"
    assert d.mails[0].context["required_documents"] == [DPA]


def test_an_inquiry_forwarded_as_an_attachment_is_read_for_the_exemption() -> None:
    """A colleague forwards the practice's inquiry as an attachment with two lines of their own: the provider named
    in the forwarded words exempts it, as it would in the mail's own text (read from the colleague's lines alone,
    the practice was asked for a connection agreement it need not sign, and reminded of it)."""
    inner = "Vi er en lægepraksis koblet på SDN via vores lægesystemleverandør, Praksys Data A/S."
    e = dataclasses.replace(party_mail(body="Videresender til rette adresse."), forwarded_text=inner)
    d = decide(Case(ref="SDN-2026-0031"), e, NOW, SETTINGS)
    assert d.case.party_type == "practitioner" and d.case.umbrella == "Praksys Data A/S"
    assert d.mails[0].context["required_documents"] == [DPA]


def test_exempt_party_need_not_sign_dpa_when_configured() -> None:
    rules = Rules(exempt_still_sign_dpa=False)
    settings = Settings(**{**SETTINGS.__dict__, "rules": rules})
    d = decide(Case(ref="SDN-2026-0002"), party_mail(body="Hedelund Kommune, tilsluttet via KMD"), NOW, settings)
    assert d.mails[0].context["required_documents"] == []


def test_it_supplier_signs_sub_data_processor_agreement() -> None:
    d = decide(Case(ref="SDN-2026-0004"), party_mail(body="Vi er systemleverandør: CareLink Systems ApS"), NOW,
               SETTINGS)
    assert d.case.party_type == "it_supplier"
    assert d.mails[0].context["required_documents"] == [CA, SUB]


def test_foreign_inquiry_in_english() -> None:
    d = decide(Case(ref="SDN-2026-0005"), party_mail(body="Nordsund Health AB would like to connect",
                                                     language="en"), NOW, SETTINGS)
    assert d.case.party_type == "foreign" and d.mails[0].language == "en"


def test_incomplete_agreements_list_every_problem_and_stay() -> None:
    unsigned = agreement(CA, signed=False, problems=[UNSIGNED])
    d = decide(case(), party_mail(unsigned), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS
    assert steps(d) == [("agreements_incomplete", (PARTY,))]
    codes = [(p["code"], p.get("document_kind")) for p in d.mails[0].context["problems"]]
    assert ("not_signed", CA) in codes and ("missing_document", DPA) in codes


def test_signed_false_without_problem_is_not_accepted_nor_told_to_the_party() -> None:
    # the reader said nothing of the signature block: no evidence that it is empty, so a person looks
    d = decide(case(), party_mail(agreement(CA, signed=False), agreement(DPA)), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS and CA not in d.case.agreements
    assert steps(d) == [("staff_notice", SETTINGS.staff)] and d.case.needs_attention


def test_complete_agreements_request_the_information_form() -> None:
    d = decide(case(), party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert steps(d) == [("information_form_request", (PARTY,))]
    assert d.mails[0].attachments == (Attachment(blank="information_form"),)
    assert set(d.case.agreements) == {CA, DPA}


def test_agreements_may_arrive_in_two_mails() -> None:
    d1 = decide(case(), party_mail(agreement(DPA)), NOW, SETTINGS)
    assert d1.case.state == State.AWAITING_AGREEMENTS
    assert [p["document_kind"] for p in d1.mails[0].context["problems"]] == [CA]
    d2 = decide(d1.case, party_mail(agreement(CA)), NOW, SETTINGS)
    assert d2.case.state == State.AWAITING_INFORMATION_FORM


def test_cvr_mismatch_between_agreements() -> None:
    d = decide(case(cvr=None), party_mail(agreement(CA), agreement(DPA, cvr="81409668")), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS
    assert "mismatch" in [p["code"] for p in d.mails[0].context["problems"]]


def test_wrong_dpa_version_is_named() -> None:
    d = decide(case(party_type="it_supplier"), party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    probs = d.mails[0].context["problems"]
    assert {"wrong_template", "missing_document"} <= {p["code"] for p in probs}


def test_foreign_party_goes_to_steering_group_then_approval() -> None:
    c = case(party_type="foreign", language="en")
    d = decide(c, party_mail(agreement(CA), agreement(DPA), language="en"), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_STEERING_GROUP
    assert ("steering_group_pending", (PARTY,)) in steps(d)
    assert ("staff_notice", SETTINGS.staff) in steps(d)
    d2 = decide(d.case, StaffCommand(by="staff@medcom.example", command="approve"), NOW, SETTINGS)
    assert d2.case.state == State.AWAITING_INFORMATION_FORM
    assert steps(d2) == [("information_form_request", (PARTY,))]
    assert d2.mails[0].language == "en"


def test_steering_group_rejection_tells_the_party() -> None:
    c = case(State.AWAITING_STEERING_GROUP, party_type="foreign")
    d = decide(c, StaffCommand(by="staff@medcom.example", command="reject", argument="no Danish partner"), NOW,
               SETTINGS)
    assert d.case.state == State.REJECTED
    assert steps(d) == [("rejected", (PARTY,))]
    assert d.mails[0].context["reason"] == "no Danish partner"


def test_qualified_form_goes_to_tdc_and_party_is_told() -> None:
    c = case(State.AWAITING_INFORMATION_FORM)
    d = decide(c, party_mail(form()), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC
    assert steps(d)[0] == ("tdc_order", ("order@tdc.example",))
    assert steps(d)[1][0] == "forwarded_to_tdc"
    assert d.mails[0].attachments == (Attachment(inbound=7, filename="Informationsskema.pdf"),)
    assert d.case.ip_scopes == ("10.20.0.0/24",)
    assert "tom@vestby-kommune.example" in d.case.contact_emails()


def test_form_without_technical_contact_asks_for_clarification() -> None:
    d = decide(case(State.AWAITING_INFORMATION_FORM),
               party_mail(form(tech=False, problems=[empty("technical_contacts")])), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert steps(d) == [("clarification", (PARTY,))]
    assert [p.get("field") for p in d.mails[0].context["problems"]] == ["technical_contacts"]


def test_form_missing_address_and_invalid_scope() -> None:
    bad = [{"code": "invalid_ip_scope", "message": "10.1.2.3/24 has host bits set"}, empty("installation_address")]
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(address=False, problems=bad)), NOW, SETTINGS)
    codes = {p["code"] for p in d.mails[0].context["problems"]}
    assert codes == {"invalid_ip_scope", "missing_field"}


def test_scope_overlapping_another_case_is_never_accepted() -> None:
    d = decide(case(State.AWAITING_INFORMATION_FORM),
               party_mail(form(scopes=["10.20.0.0/24"]), other_scopes=(("SDN-2026-0099", "10.20.0.0/16"),)),
               NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    p = d.mails[0].context["problems"][0]
    assert p["code"] == "ip_scope_overlap" and p["other_case"] == "SDN-2026-0099"


def test_corrected_form_brings_clarification_to_tdc() -> None:
    d = decide(case(State.CLARIFICATION), party_mail(form()), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC


def test_clarification_answer_without_form_goes_to_staff_who_can_qualify() -> None:
    c = case(State.CLARIFICATION, form=FormFields.model_validate(form()["fields"]),
             form_attachment=FormAttachment(3, "f.pdf"))
    d = decide(c, party_mail(body="Netværket er 10.1.2.0/24"), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION and d.case.needs_attention
    assert steps(d) == [("staff_notice", SETTINGS.staff)]
    d2 = decide(d.case, StaffCommand(by="staff@medcom.example", command="approve"), NOW, SETTINGS)
    assert d2.case.state == State.SENT_TO_TDC and not d2.case.needs_attention
    assert steps(d2)[0][0] == "tdc_order"


def test_tdc_date_schedules_and_confirms_to_party_with_technical_contacts() -> None:
    c = case(State.SENT_TO_TDC, technical_contacts=(Person(name="Tom", email="tom@vestby-kommune.example"),))
    d = decide(c, tdc("installation_date", "2027-01-14T09:00:00+01:00"), NOW, SETTINGS)
    assert d.case.state == State.INSTALLATION_SCHEDULED
    assert d.case.installation_at == at("2027-01-14T09:00:00")
    m = d.mails[0]
    assert m.step == "installation_confirmed" and m.to == (PARTY,) and "tom@vestby-kommune.example" in m.cc
    again = decide(d.case, tdc("installation_date", "2027-01-14T09:00:00+01:00"), NOW, SETTINGS)
    assert again.mails == ()


def test_tdc_shipped_then_installed_connects() -> None:
    c = case(State.INSTALLATION_SCHEDULED, installation_at=at("2027-01-14T09:00:00"))
    d = decide(c, tdc("equipment_shipped"), NOW, SETTINGS)
    assert d.case.state == State.EQUIPMENT_SHIPPED and d.mails == ()
    d2 = decide(d.case, tdc("installed"), NOW, SETTINGS)
    assert d2.case.state == State.CONNECTED
    assert ("connected", (PARTY,)) in steps(d2) and ("connected", SETTINGS.staff) in steps(d2)


def test_tdc_meeting_request_needs_a_human() -> None:
    d = decide(case(State.SENT_TO_TDC), tdc("coordination_meeting"), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC and d.case.needs_attention
    assert steps(d) == [("staff_notice", SETTINGS.staff)]


def test_tdc_mail_before_the_order_goes_to_staff() -> None:
    d = decide(case(State.AWAITING_AGREEMENTS), tdc("installation_date", "2027-01-14T09:00:00+01:00"), NOW,
               SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS and d.case.installation_at is None
    assert steps(d) == [("staff_notice", SETTINGS.staff)]


def test_untrusted_mail_moves_nothing_and_tells_only_staff() -> None:
    c = case(State.AWAITING_INFORMATION_FORM)
    d = decide(c, UntrustedMail("evil@lookalike.example", "not a contact", MailRef(9, "<x@y>")), NOW, SETTINGS)
    assert d.case.state == c.state and d.case.contacts == c.contacts
    assert all(m.to == SETTINGS.staff for m in d.mails)


def test_bounce_raises_case_to_staff() -> None:
    d = decide(case(), Bounce("mailer-daemon@x.example", MailRef(9, "<b@x>")), NOW, SETTINGS)
    assert d.case.needs_attention and steps(d) == [("staff_notice", SETTINGS.staff)]


def test_staff_note_hold_resume() -> None:
    c = case(waiting_since=at("2026-11-02T09:00:00"), waiting_for="starter_pack")
    d = decide(c, StaffCommand(by="s@medcom.example", command="note", argument="ringet op"), NOW, SETTINGS)
    assert d.case.state == c.state and d.timeline[0].actor == "s@medcom.example"
    held = decide(c, StaffCommand(by="s@medcom.example", command="hold"), NOW, SETTINGS).case
    assert held.on_hold
    assert decide(held, Tick(), at("2026-12-20T10:00:00"), SETTINGS).mails == ()
    resumed = decide(held, StaffCommand(by="s@medcom.example", command="resume"), NOW, SETTINGS).case
    assert not resumed.on_hold and resumed.waiting_since == NOW


def test_staff_approve_of_agreements_by_hand() -> None:
    d = decide(case(), StaffCommand(by="s@medcom.example", command="approve"), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM


def test_commands_on_closed_case_are_refused_to_the_commander() -> None:
    d = decide(case(State.CONNECTED), StaffCommand(by="s@medcom.example", command="reject"), NOW, SETTINGS)
    assert d.case.state == State.CONNECTED and steps(d) == [("staff_notice", ("s@medcom.example",))]


def test_reminder_after_working_days_then_staff() -> None:
    c = case(waiting_since=at("2026-11-02T09:08:00"), waiting_for="starter_pack")
    assert decide(c, Tick(), at("2026-11-06T15:00:00"), SETTINGS).mails == ()  # 4 working days
    d = decide(c, Tick(), at("2026-11-10T10:00:00"), SETTINGS)
    assert steps(d) == [("reminder", (PARTY,))] and d.mails[0].context["reminder_for"] == "starter_pack"
    assert decide(d.case, Tick(), at("2026-11-12T10:00:00"), SETTINGS).mails == ()
    d2 = decide(d.case, Tick(), at("2026-11-18T15:00:00"), SETTINGS)
    assert steps(d2) == [("staff_notice", SETTINGS.staff)] and d2.case.needs_attention
    assert decide(d2.case, Tick(), at("2026-11-30T15:00:00"), SETTINGS).mails == ()  # raised once only


def test_reminder_to_tdc_while_waiting_for_a_date() -> None:
    c = case(State.SENT_TO_TDC, waiting_since=at("2026-11-02T09:00:00"), waiting_for="tdc_order")
    d = decide(c, Tick(), at("2026-11-10T10:00:00"), SETTINGS)
    assert steps(d) == [("reminder", ("order@tdc.example",))]


def test_overdue_installation_asks_tdc_and_tells_staff_once() -> None:
    c = case(State.EQUIPMENT_SHIPPED, installation_at=at("2027-01-14T09:00:00"))
    assert decide(c, Tick(), at("2027-01-14T18:00:00"), SETTINGS).mails == ()
    d = decide(c, Tick(), at("2027-01-15T10:00:00"), SETTINGS)
    assert {m.step for m in d.mails} == {"reminder", "staff_notice"}
    assert decide(d.case, Tick(), at("2027-01-20T10:00:00"), SETTINGS).mails == ()


def test_early_form_is_evaluated_when_agreements_complete() -> None:
    d1 = decide(case(), party_mail(form()), NOW, SETTINGS)
    assert d1.case.state == State.AWAITING_AGREEMENTS and d1.case.early_form is not None
    d2 = decide(d1.case, party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert d2.case.state == State.SENT_TO_TDC
    assert "information_form_request" not in [s for s, _ in steps(d2)]


def test_party_question_goes_to_staff() -> None:
    d = decide(case(), party_mail(body="Hvad koster det?"), NOW, SETTINGS)
    assert d.case.needs_attention and steps(d) == [("staff_notice", SETTINGS.staff)]


def test_early_form_released_by_agreements_is_checked_for_overlap() -> None:
    d1 = decide(case(), party_mail(form()), NOW, SETTINGS)
    d2 = decide(d1.case, party_mail(agreement(CA), agreement(DPA),
                                    other_scopes=(("SDN-2026-0042", "10.20.0.0/23"),)), NOW, SETTINGS)
    assert d2.case.state == State.CLARIFICATION
    assert d2.mails[0].context["problems"][0]["code"] == "ip_scope_overlap"


def test_party_type_learned_from_the_agreements_organisation() -> None:
    d = decide(case(party_type=None, organisation=None), party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert d.case.party_type == "municipality" and d.case.state == State.AWAITING_INFORMATION_FORM


def test_unknown_party_type_waits_for_a_human_decision() -> None:
    c = case(party_type=None, organisation=None)
    d = decide(c, party_mail(agreement(CA, org="Nordlys Sundhed"), agreement(DPA, org="Nordlys Sundhed")), NOW,
               SETTINGS)
    assert d.case.state == State.AWAITING_STEERING_GROUP and d.case.needs_attention


def test_reminder_calendar_skips_christmas() -> None:
    c = case(waiting_since=at("2026-12-18T10:00:00"), waiting_for="starter_pack")  # a Friday
    assert decide(c, Tick(), at("2026-12-28T12:00:00"), SETTINGS).mails == ()  # 21, 22, 23, 28: four
    assert [m.step for m in decide(c, Tick(), at("2026-12-29T10:00:00"), SETTINGS).mails] == ["reminder"]


def test_reminder_calendar_skips_easter() -> None:
    c = case(waiting_since=at("2027-03-22T10:00:00"), waiting_for="information_form_request",
             state=State.AWAITING_INFORMATION_FORM)  # Mon; 23, 24, then 25, 26, 29 Mar are holidays
    assert decide(c, Tick(), at("2027-03-31T09:59:00"), SETTINGS).mails == ()  # 23, 24, 30 + 31 not yet
    assert [m.step for m in decide(c, Tick(), at("2027-04-01T10:00:00"), SETTINGS).mails] == ["reminder"]


def test_pre_approved_types_are_configuration() -> None:
    rules = Rules(pre_approved=("municipality",))
    settings = Settings(**{**SETTINGS.__dict__, "rules": rules})
    d = decide(case(party_type="pharmacy"), party_mail(agreement(CA), agreement(DPA)), NOW, settings)
    assert d.case.state == State.AWAITING_STEERING_GROUP
    d = decide(case(), party_mail(agreement(CA), agreement(DPA)), NOW, settings)
    assert d.case.state == State.AWAITING_INFORMATION_FORM


def test_an_attachment_we_cannot_open_is_named_to_staff() -> None:
    e = party_mail(body="Aftalerne er i zip-filen")
    e = e.__class__(**{**e.__dict__, "problems": (Problem(code=ProblemCode.UNSUPPORTED_ATTACHMENT,
                                                            message="aftaler.zip is not a PDF"),)})
    d = decide(case(), e, NOW, SETTINGS)
    assert d.mails[0].context["notice"]["details"][0] == "aftaler.zip is not a PDF"
    # staff are told the attachments were not read, not that the party sent none (the agreements may be in them)
    assert d.case.attention_reason.startswith("Partens vedhæftede filer kunne ikke læses"), d.case.attention_reason
    assert [m.role for m in d.mails] == ["staff"]


def test_a_mail_with_nothing_attached_is_still_called_so() -> None:
    d = decide(case(), party_mail(body="Hvornår kommer udstyret?"), NOW, SETTINGS)
    assert d.case.attention_reason.startswith("Parten skrev uden at vedlægge aftalerne")


def test_an_unread_attachment_awaiting_the_form_is_named_as_unread_to_staff() -> None:
    e = party_mail(body="Skemaet er vedhæftet")
    e = e.__class__(**{**e.__dict__, "problems": (Problem(code=ProblemCode.UNSUPPORTED_ATTACHMENT,
                                                            message="skema.pages was not read"),)})
    d = decide(case(state=State.AWAITING_INFORMATION_FORM), e, NOW, SETTINGS)
    assert d.case.attention_reason.startswith("Partens vedhæftede filer kunne ikke læses")
    assert [m.role for m in d.mails] == ["staff"]


def test_each_missing_field_is_named_on_its_own() -> None:
    blank = agreement(CA, signed=False, problems=[empty("signatory_name", "signature_date"), UNSIGNED])
    d = decide(case(), party_mail(blank, agreement(DPA)), NOW, SETTINGS)
    probs = d.mails[0].context["problems"]
    assert [(p["code"], p.get("field")) for p in probs] == [
        ("missing_field", "signatory_name"), ("missing_field", "signature_date"), ("not_signed", None)]
    assert all("fields" not in p for p in probs)


def test_resume_clears_what_was_raised_and_restarts_the_clock() -> None:
    c = case(needs_attention=True, attention_reason="question", escalated=True, reminders_sent=1,
             waiting_since=at("2026-11-02T09:00:00"), waiting_for="starter_pack")
    d = decide(c, StaffCommand(by="s@medcom.example", command="resume"), NOW, SETTINGS)
    assert not d.case.needs_attention and d.case.attention_reason is None
    assert d.case.reminders_sent == 0 and d.case.waiting_since == NOW and not d.case.escalated
