"""What the end-to-end check (bench/outside/cases.py) found in the core's judgement, transition by
transition: a party whose documents were complete hears nothing wrong."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from mailbot.core.certainty import may_say_missing
from mailbot.core.events import MailRef, StaffCommand, Tick, UntrustedMail
from mailbot.core.machine import decide
from mailbot.core.states import State, still_asked

from .helpers import PARTY, SETTINGS, UNSIGNED, agreement, at, case, empty, form, party_mail, read, unfound

NOW = at("2026-11-16T10:00:00")
LATER = at("2026-12-14T10:00:00")  # well past every reminder's working days
CA, DPA = "connection_agreement", "data_processor_agreement"
UNSURE = {"code": "uncertain", "message": "This agreement may be written on another template than MedCom's."}


def party_steps(d: Any) -> list[str]:
    return [m.step for m in d.mails if m.role == "party"]


def test_agreements_staff_are_reading_are_not_missing_from_the_next_mail() -> None:
    # the agreements came in one mail whose reading staff must confirm; the form follows in the next
    first = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(CA, problems=[UNSURE]),
                                                               agreement(DPA, problems=[UNSURE])), NOW, SETTINGS)
    assert first.case.needs_attention and party_steps(first) == []
    second = decide(first.case, party_mail(form()), NOW, SETTINGS)
    assert party_steps(second) == []  # not "the agreements are missing": they are in the mail staff read
    assert second.case.needs_attention and second.case.waiting_since is None
    assert party_steps(decide(second.case, Tick(), LATER, SETTINGS)) == []  # nor reminded of them
    # staff confirm the agreements: the form that came meanwhile is judged at once and goes to TDC
    done = decide(second.case, StaffCommand("staff@medcom.example", "approve"), LATER, SETTINGS)
    assert party_steps(done) == ["forwarded_to_tdc"] and done.case.state == State.SENT_TO_TDC


def test_a_document_missing_from_a_case_nobody_is_reading_is_still_told() -> None:
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(CA)), NOW, SETTINGS)
    assert party_steps(d) == ["agreements_incomplete"]
    assert [p["document_kind"] for p in d.mails[0].context["problems"]] == [DPA]
    assert may_say_missing(read(agreement(CA))) and not may_say_missing(read(agreement(CA)), raised=True)


def test_a_foreign_party_without_a_danish_cvr_reaches_the_steering_group() -> None:
    foreign = case(State.AWAITING_AGREEMENTS, cvr=None, party_type="foreign", organisation="Vogel Medical GmbH")
    docs = [agreement(kind, cvr=None, org="Vogel Medical GmbH", problems=[unfound("cvr")])  # type: ignore[arg-type]
            for kind in (CA, DPA)]
    d = decide(foreign, party_mail(*docs, language="en"), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_STEERING_GROUP
    assert party_steps(d) == ["steering_group_pending"]
    # and its information form, which has no CVR either, goes to TDC once the steering group approved
    approved = decide(d.case, StaffCommand("staff@medcom.example", "approve"), NOW, SETTINGS)
    sent = decide(approved.case, party_mail(form(cvr=None, party_type="foreign", problems=[unfound("cvr")]),  # type: ignore[arg-type]
                                            language="en"), NOW, SETTINGS)
    assert party_steps(sent) == ["forwarded_to_tdc"]


def test_a_danish_party_s_missing_cvr_is_still_a_question_for_staff() -> None:
    docs = [agreement(kind, cvr=None, problems=[unfound("cvr")]) for kind in (CA, DPA)]  # type: ignore[arg-type]
    d = decide(case(State.AWAITING_AGREEMENTS, cvr=None), party_mail(*docs), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS and d.case.needs_attention and party_steps(d) == []


def test_two_files_read_as_one_kind_leave_the_missing_document_to_staff() -> None:
    # the reader took the connection agreement for a second information form: "missing" is not certain
    mistaken = dict(form(), filename="Connection agreement signed.pdf")
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(DPA), form(), mistaken), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention and d.case.waiting_since is None
    # the same file attached twice is still one document, and what is missing beside it is told
    twice = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(DPA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(twice) == ["agreements_incomplete"]


def test_a_form_sent_with_the_agreements_states_the_party_type_before_the_steering_group_is_asked() -> None:
    # the inquiry's words placed no party type; the form beside the agreements says "practitioner"
    unknown = case(State.AWAITING_AGREEMENTS, party_type=None, organisation="Tornby Sundhed")
    d = decide(unknown, party_mail(agreement(CA), agreement(DPA), form(party_type="practitioner")), NOW, SETTINGS)
    assert d.case.party_type == "practitioner" and d.case.state == State.SENT_TO_TDC
    assert party_steps(d) == ["forwarded_to_tdc"]


def test_a_form_saying_via_kmd_exempts_the_connection_agreement_sent_beside_it() -> None:
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(DPA), form(connected_via="KMD")), NOW, SETTINGS)
    assert d.case.umbrella == "KMD" and party_steps(d) == ["forwarded_to_tdc"]


def test_a_form_in_doubt_states_nothing() -> None:
    doubt = {"code": "uncertain", "message": "not sure of the party type", "field": "party_type"}
    unknown = case(State.AWAITING_AGREEMENTS, party_type=None, organisation="Tornby Sundhed")
    d = decide(unknown, party_mail(agreement(CA), agreement(DPA), form(party_type="practitioner", problems=[doubt])),
               NOW, SETTINGS)
    assert d.case.party_type != "practitioner" and d.case.state == State.AWAITING_STEERING_GROUP


def test_a_foreign_registration_read_as_a_cvr_is_for_staff_not_a_question_to_the_party() -> None:
    foreign = case(State.AWAITING_INFORMATION_FORM, cvr=None, party_type="foreign", organisation="Vogel Medical GmbH")
    bad = {"code": "invalid_cvr", "message": "The CVR number HRB 10609 fails the modulus-11 check.", "field": "cvr"}
    d = decide(foreign, party_mail(form(cvr="HRB 10609", party_type="foreign", problems=[bad]), language="en"),
               NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention
    # a Danish party's CVR that fails the check is told to the party, as before
    danish = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(cvr="29189847", problems=[bad])),
                    NOW, SETTINGS)
    assert party_steps(danish) == ["clarification"]


def test_a_party_whose_answer_a_person_must_read_is_not_reminded_meanwhile() -> None:
    # the form the party sent was not recognised (a form in words of its own): a person reads the answer
    waiting = case(State.AWAITING_INFORMATION_FORM, waiting_since=NOW, waiting_for="information_form_request")
    unknown = {"filename": "Information form.pdf", "kind": "unknown", "fields": {},
               "problems": [{"code": "unknown_document", "message": "none of the documents"}]}
    d = decide(waiting, party_mail(unknown), NOW, SETTINGS)
    assert d.case.needs_attention and party_steps(d) == []
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []  # not "please send the form"
    # staff answer the party themselves and RESUME: the clock starts again, and the party may be reminded
    resumed = decide(d.case, StaffCommand("staff@medcom.example", "resume"), LATER, SETTINGS)
    assert party_steps(decide(resumed.case, Tick(), at("2027-01-11T10:00:00"), SETTINGS)) == ["reminder"]


def test_a_doubt_on_the_forms_organisation_the_agreements_named_is_no_question() -> None:
    # the case holds the organisation and CVR from the signed agreements: the form's reading of them,
    # doubted or not found, changes nothing that goes to TDC
    doubt = {"code": "uncertain", "message": "read under a label that only says name", "field": "organisation"}
    for probs in ([doubt], [unfound("organisation", "cvr")]):
        d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(problems=probs)), NOW, SETTINGS)  # type: ignore[arg-type]
        assert party_steps(d) == ["forwarded_to_tdc"] and d.case.organisation == "Vestby Kommune"
    # a case that does not know the organisation yet still has a person read the form
    nameless = decide(case(State.AWAITING_INFORMATION_FORM, organisation=None), party_mail(form(problems=[doubt])),
                      NOW, SETTINGS)
    assert party_steps(nameless) == [] and nameless.case.needs_attention
    # a CVR read in the form that differs from the agreements' is still a question
    other = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(cvr="29189847")), NOW, SETTINGS)
    assert party_steps(other) == ["clarification"]


def test_the_staff_notice_names_what_was_read_and_what_was_not_in_staffs_words() -> None:
    # a form whose city the reader did not find: staff see the field by name, the reader's words, the
    # evidence, the values read, and what was not read, without opening the reading's keys
    doc = form(problems=[unfound("installation_address")])
    doc["fields"]["installation_address"] = {"street": "Torvet 1", "postcode": "9999", "city": None}
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc), NOW, SETTINGS)
    lines = [x for m in d.mails if m.step == "staff_notice" for x in m.context["notice"]["details"]]
    assert party_steps(d) == [] and d.case.needs_attention
    assert any(x.startswith("Informationsskema.pdf: Mangler: Installationsadresse – ") and "fandt ikke" in x
               for x in lines)
    summary = next(x for x in lines if x.startswith("Læst i Informationsskema.pdf"))
    assert "Teknisk kontaktperson: Tom Tek" in summary and "installation_address" not in summary
    assert summary.endswith("Ikke læst: Installationsadresse – by")


def test_a_document_not_among_those_read_is_said_so_to_staff() -> None:
    # the agreements came as a scan the reader could not read: staff are told the documents are not among
    # those read (an unread attachment may be them), not that the reader missed a place in a page
    scan = {"filename": "Aftaler.pdf", "kind": "unknown", "fields": {},
            "problems": [{"code": "unreadable", "message": "no text layer, and OCR could not read it"}]}
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(scan), NOW, SETTINGS)
    lines = [x for m in d.mails if m.step == "staff_notice" for x in m.context["notice"]["details"]]
    assert party_steps(d) == [] and d.case.needs_attention
    missing = [x for x in lines if "is missing" in x]
    assert missing and all("ikke blandt de læste dokumenter" in x for x in missing)


def test_a_signing_service_s_document_counts_but_the_machine_is_never_answered() -> None:
    # the party sent the data processor agreement; the signing service mails the signed connection agreement
    first = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(DPA)), NOW, SETTINGS)
    service = replace(party_mail(agreement(CA), sender="no-reply@signing-service.example"), machine=True)
    d = decide(first.case, service, NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert [(m.step, m.to) for m in d.mails if m.role == "party"] == [("information_form_request", (PARTY,))]
    assert "no-reply@signing-service.example" not in d.case.contact_emails()


def test_documents_from_an_address_the_case_does_not_know_stop_the_reminders_until_staff_look() -> None:
    # a colleague of the party sends the agreements from another domain of the organisation: not trusted, so
    # not read into the case; but the party must not be reminded of agreements it may just have sent
    waiting = case(State.AWAITING_AGREEMENTS, waiting_since=NOW, waiting_for="starter_pack")
    other = MailRef(9, "<a@vestby.example>", (), "Aftaler")
    d = decide(waiting, UntrustedMail("kim@vestby.example", "not a contact", other, documents=(CA, DPA)), NOW,
               SETTINGS)
    assert d.case.needs_attention and d.case.state == State.AWAITING_AGREEMENTS and party_steps(d) == []
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []
    # a stranger's mail without documents changes nothing: the party is still reminded
    plain = decide(waiting, UntrustedMail("kim@vestby.example", "not a contact", other), NOW, SETTINGS)
    assert not plain.case.needs_attention
    assert party_steps(decide(plain.case, Tick(), LATER, SETTINGS)) == ["reminder"]


# an unsigned draft of an agreement as the reader reads one: nobody signed it, its signature place empty or not
# found (as the sixth hand's `signed_twice` case was read)
DRAFT = [{"code": "missing_field", "message": "Missing: the date of signing.", "fields": ["signature_date"],
          "evidence": "found_empty"},
         {"code": "missing_field", "message": "Missing: the name of the person signing.", "fields": ["signatory_name"],
          "evidence": "not_found"},
         {"code": "not_signed", "message": "The agreement is not signed by the party.", "evidence": "not_found"}]


def draft(kind: str, *, problems: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    d = agreement(kind, signed=False, problems=problems or DRAFT, filename=f"{kind} draft.pdf", **kw)
    d["fields"].update(signatory_name=None, signatory_title=None, signature_date=None)
    return d


def test_an_unsigned_draft_beside_its_signed_copy_neither_holds_the_case_nor_asks() -> None:
    for files in ([draft(CA), agreement(CA), agreement(DPA)], [agreement(CA), agreement(DPA), draft(CA)]):
        d = decide(case(State.AWAITING_AGREEMENTS), party_mail(*files), NOW, SETTINGS)
        assert party_steps(d) == ["information_form_request"], files
        assert d.case.state == State.AWAITING_INFORMATION_FORM and not d.case.needs_attention and not d.case.unread
    # a draft found empty beside its signed copy: still no "not signed" to the party
    blank = draft(DPA, problems=[UNSIGNED])
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(CA), blank, agreement(DPA)), NOW, SETTINGS)
    assert party_steps(d) == ["information_form_request"]


def test_a_draft_of_an_agreement_the_case_already_holds_signed_asks_nothing() -> None:
    first = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(CA)), NOW, SETTINGS)
    assert party_steps(first) == ["agreements_incomplete"]  # the data processor agreement is missing: told
    second = decide(first.case, party_mail(draft(CA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(second) == ["information_form_request"] and not second.case.needs_attention


def test_a_second_file_that_is_no_plain_draft_of_the_signed_copy_still_waits_for_staff() -> None:
    # another CVR, a template in doubt, a page read by OCR, or the signed copy itself in doubt: a person looks
    other_cvr = draft(CA, cvr="12345674")
    template = draft(CA, problems=[*DRAFT, {**UNSURE, "field": "template"}])
    scanned = dict(draft(CA), ocr=True)
    doubted = agreement(CA, problems=[UNSURE])
    for files in ([other_cvr, agreement(CA), agreement(DPA)], [template, agreement(CA), agreement(DPA)],
                  [scanned, agreement(CA), agreement(DPA)], [draft(CA), doubted, agreement(DPA)]):
        d = decide(case(State.AWAITING_AGREEMENTS), party_mail(*files), NOW, SETTINGS)
        assert party_steps(d) == [] and d.case.needs_attention, files


def test_a_draft_alone_is_still_judged() -> None:
    # no signed copy beside it: the draft is the agreement, and a signature place found empty is told
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(draft(CA, problems=[UNSIGNED]), agreement(DPA)),
               NOW, SETTINGS)
    assert party_steps(d) == ["agreements_incomplete"]


def test_an_agreement_read_in_doubt_is_not_missing_after_staff_resumed_for_something_else() -> None:
    # the connection agreement was read in doubt; the party asked a question, staff answered it by phone and
    # RESUMEd; then the form came: the connection agreement is not "missing" (it waits for a person), so the
    # party hears nothing wrong and staff get the case again (the sixth hand's `question` case, seed 31)
    first = decide(case(State.AWAITING_AGREEMENTS), party_mail(agreement(CA, problems=[UNSURE]), agreement(DPA)),
                   NOW, SETTINGS)
    assert party_steps(first) == [] and first.case.in_doubt == (CA,)
    asked = decide(first.case, party_mail(body="Hvornår hører vi fra TDC?"), NOW, SETTINGS)
    resumed = decide(asked.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)
    assert not resumed.case.needs_attention
    d = decide(resumed.case, party_mail(form()), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention and d.case.waiting_since is None
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []
    # staff confirm the agreements: the form kept meanwhile goes to TDC
    done = decide(d.case, StaffCommand("staff@medcom.example", "approve"), LATER, SETTINGS)
    assert party_steps(done) == ["forwarded_to_tdc"] and done.case.in_doubt == ()
    # the doubted agreement sent again and read with certainty is accepted: nothing left in doubt
    again = decide(resumed.case, party_mail(agreement(CA)), NOW, SETTINGS)
    assert again.case.in_doubt == () and party_steps(again) == ["information_form_request"]


def test_a_form_first_with_one_field_in_doubt_still_lets_the_bot_ask_for_the_agreements() -> None:
    # the form came before any agreement (cases.py form_first, the eighth hand): its address was read in part,
    # a doubt about one field of a form read whole. It is the form and no agreement, so the agreements are
    # missing on the evidence of the mail: the party is asked for them, and the form waits for them
    doubt = {"code": "uncertain", "message": "The installation address was read only in part.",
             "field": "installation_address"}
    d = decide(case(State.AWAITING_AGREEMENTS), party_mail(form(problems=[doubt])), NOW, SETTINGS)
    assert party_steps(d) == ["agreements_incomplete"] and not d.case.needs_attention
    assert sorted(p["document_kind"] for p in d.mails[0].context["problems"]) == [CA, DPA]
    assert d.case.early_form is not None
    # a doubt about the whole form (which document it is) still says nothing is missing
    whole = {"code": "uncertain", "message": "This may be another document."}
    unsure = decide(case(State.AWAITING_AGREEMENTS), party_mail(form(problems=[whole])), NOW, SETTINGS)
    assert party_steps(unsure) == [] and unsure.case.needs_attention
    # the agreements come: the form kept from the first mail is judged, its doubt goes to staff
    later = decide(d.case, party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(later) == [] and later.case.needs_attention and later.case.state == State.CLARIFICATION


def test_a_request_to_the_party_still_stands_only_where_its_case_wants_it() -> None:
    # two mails read in one run: what the first asked for, the second brought (the shell withdraws the request)
    assert still_asked("agreements_incomplete", None, State.AWAITING_AGREEMENTS)
    assert not still_asked("agreements_incomplete", None, State.AWAITING_INFORMATION_FORM)
    assert not still_asked("information_form_request", None, State.SENT_TO_TDC)
    assert not still_asked("reminder", "information_form_request", State.CLARIFICATION)
    assert still_asked("reminder", "clarification", State.CLARIFICATION)
    # what asks for nothing, or for what the rule does not know, is never withdrawn
    assert still_asked("forwarded_to_tdc", None, State.CONNECTED)
    assert still_asked("reminder", "installation_report", State.SENT_TO_TDC)


def test_an_agreement_whose_signatory_was_not_found_is_not_missing_after_staff_resumed() -> None:
    # the ninth hand's `question` case (cases.py seed 91): the connection agreement's signatory was not found (a
    # field in doubt, not a document in doubt), so the agreements waited for staff; the party asked a question,
    # staff RESUMEd, the form came, and the party was told its connection agreement was missing, then reminded
    first = decide(case(State.AWAITING_AGREEMENTS),
                   party_mail(agreement(CA, problems=[unfound("signatory_name")]), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(first) == [] and first.case.needs_attention and first.case.in_doubt == (CA,)
    asked = decide(first.case, party_mail(body="Hvornår hører vi fra TDC?"), NOW, SETTINGS)
    resumed = decide(asked.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)
    d = decide(resumed.case, party_mail(form()), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []
    # a problem of which the reading is certain, raised beside another's doubt, is no "missing" either
    both = decide(case(State.AWAITING_AGREEMENTS), party_mail(
        agreement(CA, problems=[empty("signatory_name")]), agreement(DPA, problems=[UNSURE])), NOW, SETTINGS)
    assert party_steps(both) == [] and set(both.case.in_doubt) == {CA, DPA}


def test_a_scan_read_as_an_agreement_in_answer_to_our_form_request_holds_the_reminders_past_staffs_approve() -> None:
    # c05-scan (ninth hand): the agreements are approved and the form asked for; the party's scanned form is read
    # by OCR as an agreement. It may be the form, taken for another document: a person looks, and the party is
    # not reminded of the form it may have sent, neither before staff answer nor after an APPROVE that found no
    # form to approve (only RESUME, staff's word that the party is to be asked again, restarts the clock)
    waiting = case(State.AWAITING_INFORMATION_FORM, waiting_since=NOW, waiting_for="information_form_request")
    scan = dict(agreement(DPA, problems=[{"code": "uncertain", "message": "The document is a scan (page 1 read by "
                                          "OCR); a staff member must confirm what was read before it is used."}]),
                filename="Scannet.pdf", ocr=True)
    d = decide(waiting, party_mail(scan), NOW, SETTINGS)
    assert d.case.needs_attention and party_steps(d) == []
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []
    approved = decide(d.case, StaffCommand("staff@medcom.example", "approve"), LATER, SETTINGS)
    assert party_steps(approved) == [] and approved.case.needs_attention
    assert party_steps(decide(approved.case, Tick(), at("2027-01-11T10:00:00"), SETTINGS)) == []
    resumed = decide(approved.case, StaffCommand("staff@medcom.example", "resume"), LATER, SETTINGS)
    assert party_steps(decide(resumed.case, Tick(), at("2027-01-11T10:00:00"), SETTINGS)) == ["reminder"]


def test_agreements_read_whole_again_after_approval_still_leave_the_form_to_be_reminded() -> None:
    waiting = case(State.AWAITING_INFORMATION_FORM, waiting_since=NOW, waiting_for="information_form_request")
    d = decide(waiting, party_mail(agreement(DPA)), NOW, SETTINGS)
    assert not d.case.needs_attention and party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == ["reminder"]


def test_an_agreement_not_read_is_not_missing_after_staff_resumed_for_the_party_s_question() -> None:
    # the connection agreement came as a file the reader could not read (a broken text layer, OCR out of time),
    # beside the data processor agreement; the party asked a question, staff answered and RESUMEd (which settles
    # what was raised, and forgets the file not read); then the form came: "the connection agreement is
    # missing" went to the party, and a reminder of it (the ninth hand's `question` case, seed 137)
    scan = {"filename": "Connection agreement signed.pdf", "kind": "unknown", "fields": {},
            "problems": [{"code": "unreadable", "message": "its text does not decode, and OCR could not read it"}]}
    first = decide(case(State.AWAITING_AGREEMENTS), party_mail(scan, agreement(DPA)), NOW, SETTINGS)
    assert party_steps(first) == [] and CA in first.case.in_doubt
    asked = decide(first.case, party_mail(body="When will we hear from TDC?"), NOW, SETTINGS)
    resumed = decide(asked.case, StaffCommand("staff@medcom.example", "resume"), NOW, SETTINGS)
    d = decide(resumed.case, party_mail(form()), NOW, SETTINGS)
    assert party_steps(d) == [] and d.case.needs_attention and d.case.waiting_since is None
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []
    # staff confirm the agreements: the form kept meanwhile goes to TDC
    done = decide(d.case, StaffCommand("staff@medcom.example", "approve"), LATER, SETTINGS)
    assert party_steps(done) == ["forwarded_to_tdc"] and done.case.in_doubt == ()
    # the file alone, not read: either agreement may be in it; the agreements that then arrive read are accepted
    alone = decide(case(State.AWAITING_AGREEMENTS), party_mail(scan), NOW, SETTINGS)
    assert set(alone.case.in_doubt) == {CA, DPA}
    again = decide(alone.case, party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert again.case.in_doubt == () and again.case.state == State.AWAITING_INFORMATION_FORM
