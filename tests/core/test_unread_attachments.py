"""An attachment the bot could not read may be the document it would ask for (issue 22): the party is asked
for the information form only when everything it sent was read and no form was among it; otherwise a person
looks first. The rule is `_request_form`'s, whatever led there (staff's APPROVE, the agreements read complete,
the steering group's yes)."""
from __future__ import annotations

from typing import Any

from mailbot.core.events import StaffCommand, Tick
from mailbot.core.machine import decide
from mailbot.core.readings import Problem
from mailbot.core.states import State

from .helpers import PARTY, SETTINGS, agreement, at, case, form, party_mail, steps

NOW = at("2026-11-16T10:00:00")
LATER = at("2026-12-14T10:00:00")  # past every reminder's working days
CA, DPA = "connection_agreement", "data_processor_agreement"
SCAN = {"code": "uncertain", "message": "The document is a scan (page 1 read by OCR)"}
DOC = Problem.model_validate({"code": "unsupported_attachment", "filename": "Informationsskema.doc",
                              "message": "Informationsskema.doc: a Word 97 file the bot cannot read"})


def _with_unread(*docs: dict[str, Any]) -> Any:
    m = party_mail(*docs)
    return type(m)(**{**m.__dict__, "problems": (DOC,)})


def party_steps(d: Any) -> list[str]:
    return [m.step for m in d.mails if m.role == "party"]


def approve() -> StaffCommand:
    return StaffCommand(by="staff@medcom.example", command="approve")


def test_staff_approving_the_agreements_beside_an_unread_attachment_does_not_ask_for_the_form() -> None:
    # the agreements came as a scan (staff confirm them) beside a .doc the bot cannot read: the .doc may be
    # the information form, so the party is not asked for it; staff are
    first = decide(case(), _with_unread(agreement(CA, problems=[SCAN]), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(first) == [] and first.case.needs_attention
    d = decide(first.case, approve(), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert party_steps(d) == [] and steps(d) == [("staff_notice", SETTINGS.staff)]
    assert d.case.needs_attention and d.case.waiting_since is None
    assert any("Informationsskema.doc" in x for x in d.mails[0].context["notice"]["details"])
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []  # nor reminded of the form
    # staff looked: no form among them; APPROVE asks the party for it now
    asked = decide(d.case, approve(), NOW, SETTINGS)
    assert steps(asked) == [("information_form_request", (PARTY,))]
    assert asked.case.unread == () and asked.case.waiting_for == "information_form_request"


def test_agreements_read_complete_beside_an_unread_attachment_ask_staff_not_the_party() -> None:
    d = decide(case(), _with_unread(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM and set(d.case.agreements) == {CA, DPA}
    assert party_steps(d) == [] and d.case.needs_attention


def test_an_unread_attachment_of_an_earlier_mail_counts_too() -> None:
    # the first mail's .doc was raised to staff; the agreements follow read in full
    first = decide(case(), _with_unread(), NOW, SETTINGS)
    assert first.case.needs_attention and first.case.unread
    second = decide(first.case, party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(second) == [] and second.case.state == State.AWAITING_INFORMATION_FORM


def test_everything_read_and_no_form_among_it_asks_for_the_form() -> None:
    d = decide(case(), party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(d) == ["information_form_request"]


def test_the_form_read_settles_the_doubt_and_resume_is_staffs_word() -> None:
    first = decide(case(), _with_unread(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    # the party sends the form it had sent as .doc, now as a PDF: judged as any form
    d = decide(first.case, party_mail(form()), NOW, SETTINGS)
    assert party_steps(d) == ["forwarded_to_tdc"] and d.case.unread == ()
    # staff RESUME: a person dealt with what was raised, the doubt with it
    resumed = decide(first.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)
    assert resumed.case.unread == ()


def test_an_inquiry_with_a_file_the_bot_could_not_read_is_not_sent_the_starter_pack() -> None:
    # the starter pack asks for the agreements: the .doc may be them
    d = decide(case(State.INQUIRY), _with_unread(), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention and d.case.state == State.AWAITING_AGREEMENTS
    assert party_steps(decide(case(State.INQUIRY), party_mail(), NOW, SETTINGS)) == ["starter_pack"]


def test_agreements_sent_again_beside_an_unread_file_are_not_nothing_to_do() -> None:
    # awaiting the form, the party sends the agreements again and a .doc: the .doc may be the form
    waiting = case(State.AWAITING_INFORMATION_FORM, waiting_since=NOW, waiting_for="information_form_request")
    d = decide(waiting, _with_unread(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert d.case.needs_attention and steps(d) == [("staff_notice", SETTINGS.staff)]
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []  # not "please send the form"


def test_two_forms_in_one_mail_leave_the_forms_problem_to_staff() -> None:
    # one of the two may be the corrected form, the other the old one: the party is not told which is wrong
    old = dict(form(problems=[{"code": "missing_field", "field": "ip_scopes", "message": "Missing: ip_scopes",
                               "evidence": "found_empty"}], scopes=[]), filename="Informationsskema v2.pdf")
    waiting = case(State.AWAITING_INFORMATION_FORM, waiting_since=NOW, waiting_for="information_form_request")
    d = decide(waiting, party_mail(form(), old), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention


def test_a_form_sent_while_the_steering_group_decides_is_not_asked_for_again() -> None:
    waiting = case(State.AWAITING_STEERING_GROUP, party_type="foreign", waiting_since=NOW,
                   waiting_for="steering_group_pending")
    d = decide(waiting, party_mail(form(party_type="foreign")), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.early_form is not None
    approved = decide(d.case, approve(), NOW, SETTINGS)
    assert "information_form_request" not in party_steps(approved)
    assert approved.case.form is not None


def test_resume_sends_the_request_that_was_withheld() -> None:
    # staff looked at the file not read and found nothing the bot would ask for: RESUME runs the case again
    inquiry = decide(case(State.INQUIRY), _with_unread(), NOW, SETTINGS)
    resumed = decide(inquiry.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)
    assert party_steps(resumed) == ["starter_pack"] and resumed.case.waiting_since == NOW
    approved = decide(case(), _with_unread(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(approved) == [] and approved.case.waiting_for == "information_form_request"
    resumed = decide(approved.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)
    assert party_steps(resumed) == ["information_form_request"]
    # a case a person is reading (its request was sent before) sends nothing again on RESUME
    raised = decide(case(waiting_since=NOW, waiting_for="starter_pack"),
                    party_mail(agreement(CA, problems=[SCAN])), NOW, SETTINGS)
    assert party_steps(decide(raised.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)) == []


def test_staff_approving_a_form_answer_the_bot_could_not_read_do_not_ask_the_party_for_it_again() -> None:
    # we asked for the form; the party answered with a scan OCR could not read (cases.py scan, eighth hand seed
    # 52): staff look at it and answer APPROVE. Before, APPROVE took that for "no form among the files" and the
    # party was asked for the form it had sent, then reminded of it
    asked = case(State.AWAITING_INFORMATION_FORM, waiting_since=NOW, waiting_for="information_form_request")
    unreadable = {"filename": "Informationsskema.pdf", "kind": "unknown", "fields": {},
                  "problems": [{"code": "unreadable", "message": "no text layer, and OCR could not read it"}]}
    answered = decide(asked, party_mail(unreadable), NOW, SETTINGS)
    assert party_steps(answered) == [] and answered.case.needs_attention
    approved = decide(answered.case, approve(), NOW, SETTINGS)
    assert party_steps(approved) == [] and approved.case.needs_attention
    assert "Informationsskema.pdf" in str([m.context for m in approved.mails if m.role == "staff"])
    assert party_steps(decide(approved.case, Tick(), LATER, SETTINGS)) == []  # nor reminded of it
    # the request withheld for files not read beside the agreements is still sent on APPROVE (`_withhold`)
    withheld = decide(case(), _with_unread(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(decide(withheld.case, approve(), NOW, SETTINGS)) == ["information_form_request"]
