"""Issue 22's rule, transition by transition: the party is told that something is missing, wrong or
unsigned only when the reading is certain of it (mailbot/core/certainty.py); else staff decide."""
from __future__ import annotations

from typing import Any

import pytest

from mailbot.core.certainty import all_read, certain
from mailbot.core.events import ReadingCorrection, StaffCommand, Tick
from mailbot.core.machine import Settings, decide
from mailbot.core.readings import Problem
from mailbot.core.states import State
from mailbot.core.vocabulary import ProblemCode

from .helpers import PARTY, SETTINGS, UNSIGNED, agreement, at, case, empty, form, party_mail, read, steps, unfound

NOW = at("2026-11-16T10:00:00")
LATER = at("2026-12-14T10:00:00")  # well past every reminder's working days
CA, DPA = "connection_agreement", "data_processor_agreement"
STAFF = ("staff_notice", SETTINGS.staff)
EN = Settings(**{**SETTINGS.__dict__, "staff_language": "en"})  # staff notices read in English below


def party_steps(d: Any) -> list[str]:
    return [m.step for m in d.mails if m.role == "party"]


def details(d: Any) -> list[str]:
    return [line for m in d.mails if m.step == "staff_notice" for line in m.context["notice"]["details"]]


# --- the information form ---------------------------------------------------------------------------

def test_an_unfound_field_sends_nothing_to_the_party_and_raises_the_case_to_staff() -> None:
    doc = form(tech=False, problems=[unfound("technical_contacts")])
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc), NOW, EN)
    assert steps(d) == [STAFF] and party_steps(d) == []
    assert d.case.state == State.CLARIFICATION and d.case.needs_attention
    said = details(d)
    assert any("technical" in line and "may be there" in line for line in said)  # what was not found
    assert any("Vestby Kommune" in line and "10.20.0.0/24" in line for line in said)  # what was read
    assert d.case.waiting_since is None and d.case.waiting_for is None  # nor reminded of the form it sent
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []


def test_a_field_found_empty_asks_the_party_for_exactly_that_field() -> None:
    doc = form(tech=False, problems=[empty("technical_contacts")])
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc), NOW, SETTINGS)
    assert steps(d) == [("clarification", (PARTY,))]
    assert d.case.state == State.CLARIFICATION and not d.case.needs_attention
    assert [(p["code"], p.get("field")) for p in d.mails[0].context["problems"]] == [
        ("missing_field", "technical_contacts")]


def test_an_empty_field_the_reader_said_nothing_about_is_not_evidence() -> None:
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(address=False)), NOW, SETTINGS)
    assert steps(d) == [STAFF] and d.case.state == State.CLARIFICATION


def test_one_unfound_field_beside_an_empty_one_keeps_the_whole_form_for_staff() -> None:
    doc = form(tech=False, scopes=[], problems=[empty("ip_scopes"), unfound("technical_contacts")])
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc), NOW, EN)
    assert steps(d) == [STAFF]
    assert any("found empty" in line for line in details(d))


def test_staff_confirming_the_reading_make_the_missing_field_certain() -> None:
    doc = form(tech=False, problems=[unfound("technical_contacts")])
    raised = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc), NOW, SETTINGS).case
    d = decide(raised, ReadingCorrection(by="s@medcom.example", confirmed=("technical_contacts",)), NOW, SETTINGS)
    assert steps(d) == [("clarification", (PARTY,))]
    assert [p.get("field") for p in d.mails[0].context["problems"]] == ["technical_contacts"]


def test_the_evidence_of_an_untouched_field_survives_a_correction_of_another() -> None:
    doc = form(tech=False, cvr="12345678", problems=[empty("technical_contacts"),
                                                     {"code": "uncertain", "message": "cvr?", "field": "cvr"}])
    raised = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc), NOW, SETTINGS).case
    d = decide(raised, ReadingCorrection(by="s@medcom.example", corrections=(("cvr", "29189846"),)), NOW, SETTINGS)
    assert steps(d) == [("clarification", (PARTY,))]


def test_a_value_read_and_wrong_is_still_told_to_the_party() -> None:
    d = decide(case(State.AWAITING_INFORMATION_FORM),
               party_mail(form(scopes=["10.20.0.0/24"]), other_scopes=(("SDN-2026-0099", "10.20.0.0/16"),)),
               NOW, SETTINGS)
    assert steps(d) == [("clarification", (PARTY,))]


# --- the agreements ---------------------------------------------------------------------------------

def test_an_unsigned_agreement_without_evidence_goes_to_staff_not_to_the_party() -> None:
    unsigned = agreement(CA, signed=False, problems=[dict(UNSIGNED, evidence="not_found")])
    d = decide(case(), party_mail(unsigned, agreement(DPA)), NOW, SETTINGS)
    assert steps(d) == [STAFF] and d.case.needs_attention
    assert CA not in d.case.agreements and DPA in d.case.agreements
    assert party_steps(decide(d.case, Tick(), LATER, SETTINGS)) == []  # no "we have not received" reminder
    approved = decide(d.case, StaffCommand(by="s@medcom.example", command="approve"), NOW, SETTINGS)
    assert approved.case.state == State.AWAITING_INFORMATION_FORM


def test_a_signature_block_found_empty_tells_the_party_it_is_not_signed() -> None:
    d = decide(case(), party_mail(agreement(CA, signed=False, problems=[UNSIGNED]), agreement(DPA)), NOW, SETTINGS)
    assert steps(d) == [("agreements_incomplete", (PARTY,))]
    assert [(p["code"], p["document_kind"]) for p in d.mails[0].context["problems"]] == [("not_signed", CA)]


def test_a_signature_positively_invalid_tells_the_party() -> None:
    broken = [{"code": "signature_invalid", "message": "bytes altered"}, dict(UNSIGNED, evidence="invalid")]
    d = decide(case(), party_mail(agreement(CA, signed=False, problems=broken), agreement(DPA)), NOW, SETTINGS)
    assert party_steps(d) == ["agreements_incomplete"]


def test_a_signature_that_could_not_be_read_goes_to_staff() -> None:
    unread = [{"code": "signature_invalid", "message": "could not be read", "evidence": "unreadable"},
              dict(UNSIGNED, evidence="unreadable")]
    d = decide(case(), party_mail(agreement(CA, signed=False, problems=unread), agreement(DPA)), NOW, SETTINGS)
    assert steps(d) == [STAFF]


def test_a_missing_document_is_told_when_every_attachment_was_read() -> None:
    d = decide(case(), party_mail(agreement(DPA)), NOW, SETTINGS)
    assert steps(d) == [("agreements_incomplete", (PARTY,))]
    assert [(p["code"], p["document_kind"]) for p in d.mails[0].context["problems"]] == [("missing_document", CA)]


@pytest.mark.parametrize("code", ["unknown_document", "unreadable"])
def test_a_missing_document_beside_an_unknown_or_unreadable_one_goes_to_staff(code: str) -> None:
    """A PDF the bot could not place or read may be the document it lacks: that is no mistake of the party's."""
    other = {"filename": "scan.pdf", "kind": "unknown", "fields": {}, "problems": [{"code": code, "message": "?"}]}
    d = decide(case(), party_mail(agreement(DPA), other), NOW, SETTINGS)
    assert steps(d) == [STAFF]


def test_a_missing_document_beside_an_attachment_not_read_goes_to_staff() -> None:
    e = party_mail(agreement(DPA))
    e = e.__class__(**{**e.__dict__, "problems": (Problem(code=ProblemCode.UNSUPPORTED_ATTACHMENT,
                                                            message="aftale.docx is not a PDF"),)})
    d = decide(case(), e, NOW, EN)
    assert steps(d) == [STAFF]
    assert any("not among the documents read" in line for line in details(d))


def test_after_a_raise_neither_time_nor_resume_reminds_the_party_of_what_it_sent() -> None:
    unsigned = agreement(CA, signed=False)
    raised = decide(case(waiting_for="starter_pack", waiting_since=at("2026-11-02T09:00:00")),
                    party_mail(unsigned, agreement(DPA)), NOW, SETTINGS).case
    assert raised.waiting_since is None and raised.waiting_for is None
    assert decide(raised, Tick(), LATER, SETTINGS).mails == ()
    resumed = decide(raised, StaffCommand(by="s@medcom.example", command="resume"), NOW, SETTINGS).case
    assert decide(resumed, Tick(), LATER, SETTINGS).mails == ()


# --- the rule alone ---------------------------------------------------------------------------------

def sure(p: dict[str, Any], docs: Any = ()) -> bool:
    """The rule on a problem as a reading's JSON gives it."""
    return certain(Problem.model_validate(p), docs)


def test_the_rule_by_code_and_evidence() -> None:
    assert sure({"code": "missing_field", "field": "ip_scopes", "evidence": "found_empty"})
    assert not sure({"code": "missing_field", "field": "ip_scopes"})
    assert not sure({"code": "missing_field", "field": "ip_scopes", "evidence": "not_found"})
    assert not sure({"code": "missing_field", "field": "ip_scopes", "evidence": "invalid"})
    assert sure({"code": "not_signed", "evidence": "invalid"})
    assert not sure({"code": "not_signed", "evidence": "unreadable"})
    assert sure({"code": "invalid_cvr", "message": "x"})
    assert not sure({"code": "invalid_cvr", "evidence": "disagree"})
    assert not sure({"code": "uncertain"}) and not sure({"code": "signer_untrusted"})
    assert sure({"code": "missing_field", "field": "cvr", "evidence": "confirmed"})


def test_a_value_in_doubt_or_read_by_ocr_is_not_sure() -> None:
    doc = {"filename": "f.pdf", "kind": "information_form",
           "problems": [{"code": "uncertain", "field": "cvr", "message": "?"}]}
    bad_cvr = {"code": "invalid_cvr", "field": "cvr", "filename": "f.pdf", "document_kind": "information_form"}
    assert not sure(bad_cvr, read(doc))
    assert sure(dict(bad_cvr, field="org_contact"), read(doc))
    assert not sure(dict(bad_cvr, field="org_contact"), read(dict(doc, ocr=True)))


@pytest.mark.parametrize("doubt", ["technical_contacts", "technical_contacts[1]", "technical_contacts[0].phone"])
def test_a_doubt_about_any_entry_of_a_field_keeps_its_problems_from_the_party(doubt: str) -> None:
    """The rule alone, without the machine's other guards: a doubt about another technician's row, or about
    another part of the same row, leaves which address is which unsure, so the invalid address is for staff."""
    doc = {"filename": "f.pdf", "kind": "information_form",
           "problems": [{"code": "uncertain", "field": doubt, "message": "?"}]}
    bad = {"code": "invalid_email", "field": "technical_contacts[0].email", "filename": "f.pdf",
           "document_kind": "information_form", "evidence": "invalid"}
    assert sure(bad, read())
    assert not sure(bad, read(doc))
    assert sure(dict(bad, field="org_contact.email"), read(doc))


def test_all_read_needs_every_attachment_recognised_and_read() -> None:
    assert all_read(read(agreement(CA)))
    assert not all_read(read(agreement(CA)), [Problem(code=ProblemCode.UNSUPPORTED_ATTACHMENT)])
    assert not all_read(read(agreement(CA), {"kind": "unknown", "problems": []}))
    assert not all_read(read(dict(agreement(CA), ocr=True)))
    assert not all_read(read(agreement(CA, problems=[{"code": "timeout"}])))


def test_a_form_lacking_a_field_beside_an_unread_attachment_goes_to_staff() -> None:
    unread = {"filename": "bilag.pdf", "kind": "unknown", "fields": {},
              "problems": [{"code": "unreadable", "message": "no text layer"}]}
    doc = form(tech=False, problems=[empty("technical_contacts")])
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(doc, unread), NOW, SETTINGS)
    assert steps(d) == [STAFF] and d.case.state == State.CLARIFICATION
    clean = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(), unread), NOW, SETTINGS)
    assert clean.case.state == State.SENT_TO_TDC  # nothing to tell the party: the form goes on


def test_an_encrypted_mail_never_tells_the_party_its_documents_are_missing() -> None:
    """A mail encrypted with OpenPGP (or S/MIME without MedCom's key) carries documents no one here can see: the
    reader says `encrypted`, and the party is never told that they are missing; staff read the mail."""
    from dataclasses import replace

    locked = Problem(code=ProblemCode.ENCRYPTED, message="encrypted with OpenPGP", filename="encrypted.asc")
    assert not all_read(read(), [locked])
    d = decide(case(State.AWAITING_AGREEMENTS), replace(party_mail(), problems=(locked,)), NOW, SETTINGS)
    assert party_steps(d) == []
    assert any(m.step == "staff_notice" for m in d.mails)


@pytest.mark.parametrize("doubt", ["technical_contacts", "technical_contacts[1]", "technical_contacts[0].email"])
def test_a_doubt_about_a_field_or_one_of_its_entries_keeps_a_wrong_value_of_another_from_the_party(
        doubt: str) -> None:
    """The reader says the first technician's address is not valid, and doubts the technicians (the whole list,
    another entry, or that very address: a cell cut, a row not read as any contact). Which address is which is
    not certain then: staff look, the party hears of no invalid address (certainty.py takes a doubt of any entry
    as a doubt of its field)."""
    problems = [{"code": "invalid_email", "field": "technical_contacts[0]", "evidence": "invalid",
                 "message": "The address 'tom@vestby-kommune' is not a valid e-mail address."},
                {"code": "uncertain", "field": doubt, "message": "A contact's row was not read as any contact."}]
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(problems=problems)), NOW, SETTINGS)
    assert "clarification" not in party_steps(d), steps(d)
    assert STAFF in steps(d)
