"""Readings the reader is not sure of (or read by OCR) go to staff, never to the party as its mistake."""
from __future__ import annotations

from mailbot.core.events import StaffCommand
from mailbot.core.machine import Settings, decide
from mailbot.core.states import State

from .helpers import PARTY, SETTINGS, UNSIGNED, agreement, at, case, form, party_mail, steps

NOW = at("2026-11-16T10:00:00")
CA, DPA = "connection_agreement", "data_processor_agreement"
UNSURE = {"code": "uncertain", "message": "The document is a scan (page 1 read by OCR)", "ocr": True}


def test_a_scanned_agreement_waits_for_staff_and_the_party_is_not_told_it_failed() -> None:
    d = decide(case(), party_mail(agreement(CA, problems=[UNSURE]), agreement(DPA)), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS
    assert steps(d) == [("staff_notice", SETTINGS.staff)]
    assert d.case.needs_attention
    assert CA not in d.case.agreements and DPA in d.case.agreements


def test_staff_approval_of_the_confirmed_reading_moves_the_case_on() -> None:
    waiting = decide(case(), party_mail(agreement(CA, problems=[UNSURE]), agreement(DPA)), NOW, SETTINGS).case
    d = decide(waiting, StaffCommand(by="staff@medcom.example", command="approve", argument=""), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert ("information_form_request", (PARTY,)) in steps(d)


def test_beside_an_unsure_document_even_a_certain_problem_waits_for_staff() -> None:
    # one person reads the whole mail and answers the party once: the party is not told half of it
    unsigned = agreement(DPA, signed=False, problems=[UNSIGNED])
    d = decide(case(), party_mail(agreement(CA, problems=[UNSURE]), unsigned), NOW, SETTINGS)
    assert steps(d) == [("staff_notice", SETTINGS.staff)]
    details = d.mails[0].context["notice"]["details"]
    assert any("not signed" in line for line in details) and any("OCR" in line for line in details)


def test_an_uncertain_form_is_not_sent_to_tdc_nor_answered_but_raised() -> None:
    unsure = dict(UNSURE, field="connected_via", message="connected via could not be told")
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(problems=[unsure])), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert steps(d) == [("staff_notice", SETTINGS.staff)]
    approved = decide(d.case, StaffCommand(by="staff@medcom.example", command="approve", argument=""), NOW, SETTINGS)
    assert approved.case.state == State.SENT_TO_TDC


def test_a_doubt_about_a_whole_agreement_names_no_field_and_keeps_what_was_read_beside_it() -> None:
    """The doubt is about the document, not about its first field: staff are not told "Uncertain reading:
    Organisation"; the timeline keeps the document's fields beside the doubt (`read`), not in `fields`,
    which names the fields a problem is about."""
    en = Settings(**{**SETTINGS.__dict__, "staff_language": "en"})
    d = decide(case(), party_mail(agreement(CA, problems=[UNSURE]), agreement(DPA)), NOW, en)
    details = [line for m in d.mails if m.step == "staff_notice" for line in m.context["notice"]["details"]]
    assert any("Uncertain reading: The document is a scan" in line for line in details)
    assert not any("Uncertain reading: Organisation" in line for line in details)
    (doubt,) = [p for e in d.timeline if e.kind == "agreements" for p in e.detail.as_json().get("problems", [])
                if p["code"] == "uncertain"]
    assert "fields" not in doubt and doubt["read"]["organisation"] == "Vestby Kommune"


def test_a_doubt_about_the_signatorys_title_alone_holds_nothing_and_is_kept_for_staff() -> None:
    """The title is no part of what the agreement must hold (domain.md: organisation, CVR, signatory, date,
    signed): a title read in doubt ("dansk filial", the organisation's own name cut at its comma) is noted on
    the case's timeline for staff, and the agreements are accepted; a doubt about the signatory still holds."""
    title = dict(UNSURE, field="signatory_title", message="The reader is not sure of signatory_title")
    d = decide(case(), party_mail(agreement(CA, problems=[title]), agreement(DPA)), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert ("information_form_request", (PARTY,)) in steps(d)
    assert CA in d.case.agreements and not d.case.needs_attention
    assert any("signatory_title" in e.text for e in d.timeline)
    name = dict(UNSURE, field="signatory_name", message="The reader is not sure of signatory_name")
    d = decide(case(), party_mail(agreement(CA, problems=[name]), agreement(DPA)), NOW, SETTINGS)
    assert steps(d) == [("staff_notice", SETTINGS.staff)] and CA not in d.case.agreements
