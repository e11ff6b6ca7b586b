"""Staff confirm or correct the information form's reading field by field (the web view): pure core."""
from __future__ import annotations

from mailbot.core.events import ReadingCorrection
from mailbot.core.machine import decide
from mailbot.core.readings import Address
from mailbot.core.states import State
from tests.core.helpers import PARTY, SETTINGS, at, case, form, party_mail, steps

NOW = at("2026-11-18T10:00:00")
STAFF = "staff@medcom.example"


def _in_clarification(**kw: object) -> object:
    d = decide(case(State.AWAITING_INFORMATION_FORM), party_mail(form(**kw)), at("2026-11-16T10:00:00"), SETTINGS)
    assert d.case.state == State.CLARIFICATION
    return d.case


def test_correcting_the_missing_field_qualifies_the_form_and_mails_tdc_and_the_party() -> None:
    c = _in_clarification(scopes=[])
    d = decide(c, ReadingCorrection(by=STAFF, corrections=(("ip_scopes", ["10.30.0.0/24"]),)), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC
    assert d.case.ip_scopes == ("10.30.0.0/24",)
    assert d.case.form is not None and d.case.form.ip_scopes == ["10.30.0.0/24"]
    assert ("forwarded_to_tdc", (PARTY,)) in steps(d) and ("tdc_order", ("order@tdc.example",)) in steps(d)
    entry = next(t for t in d.timeline if t.kind == "reading_corrected")
    assert entry.actor == STAFF and entry.detail.as_json()["changes"] == [
        {"field": "ip_scopes", "from": [], "to": ["10.30.0.0/24"]}]


def test_a_part_of_a_field_is_corrected_and_other_problems_still_go_back_to_the_party() -> None:
    c = _in_clarification(scopes=[], address=False)
    d = decide(c, ReadingCorrection(by=STAFF, corrections=(("ip_scopes", ["10.30.0.0/24"]),
                                                           ("installation_address.street", "Torvet 2"))),
               NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert d.case.form is not None and d.case.form.installation_address == Address(street="Torvet 2")
    assert [p.field for p in d.case.form_problems] == ["installation_address"]
    assert steps(d) == [("clarification", (PARTY,))]


def test_confirming_an_uncertain_field_drops_its_problem_only() -> None:
    uncertain = [{"code": "uncertain", "message": "cvr uncertain", "field": "cvr"},
                 {"code": "uncertain", "message": "party_type uncertain", "field": "party_type"}]
    c = _in_clarification(problems=uncertain)
    d = decide(c, ReadingCorrection(by=STAFF, confirmed=("cvr",)), NOW, SETTINGS)
    assert [p.field for p in d.case.form_problems] == ["party_type"]
    d = decide(d.case, ReadingCorrection(by=STAFF, confirmed=("party_type",)), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC


def test_an_invalid_scope_typed_by_staff_is_a_problem() -> None:
    c = _in_clarification(scopes=[])
    d = decide(c, ReadingCorrection(by=STAFF, corrections=(("ip_scopes", ["10.300.0.0/24"]),)), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert {p.code for p in d.case.form_problems} == {"invalid_ip_scope"}


def test_a_corrected_scope_is_checked_against_other_cases() -> None:
    c = _in_clarification(scopes=[])
    d = decide(c, ReadingCorrection(by=STAFF, corrections=(("ip_scopes", ["10.30.0.0/24"]),),
                                    other_scopes=(("SDN-2026-0009", "10.30.0.0/16"),)), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert {p.code for p in d.case.form_problems} == {"ip_scope_overlap"}


def test_no_form_no_correction() -> None:
    d = decide(case(State.AWAITING_AGREEMENTS), ReadingCorrection(by=STAFF, corrections=(("cvr", "1"),)), NOW,
               SETTINGS)
    assert d.case.state == State.AWAITING_AGREEMENTS and d.case.form is None
    assert steps(d) == [("staff_notice", (STAFF,))]


FROM_MAIL = [{"code": "uncertain", "message": "read from the mail's text", "field": None, "from_mail": True}]


def test_a_whole_reading_confirmed_settles_the_doubt_about_the_document_itself() -> None:
    """A form read from the mail's text (or by OCR) is doubted as a whole, not field by field: confirming
    fields leaves that doubt, confirming the whole reading against the document settles it."""
    c = _in_clarification(problems=FROM_MAIL)
    kept = decide(c, ReadingCorrection(by=STAFF, confirmed=("cvr",)), NOW, SETTINGS)
    assert kept.case.state == State.CLARIFICATION and kept.case.needs_attention
    assert not [m for m in kept.mails if m.role == "party"]
    d = decide(c, ReadingCorrection(by=STAFF, whole=True), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC and not d.case.needs_attention
    assert ("forwarded_to_tdc", (PARTY,)) in steps(d)
    entry = next(t for t in d.timeline if t.kind == "reading_corrected")
    assert entry.actor == STAFF and "whole reading" in entry.text


def test_a_field_left_empty_in_a_whole_confirmed_reading_is_asked_of_the_party() -> None:
    """The reader did not find the technical contacts (no evidence: staff first); the person who checked the
    whole document leaves them empty: now it is certain, and the party is asked for exactly that."""
    missing = [{"code": "missing_field", "message": "no tech", "field": "technical_contacts",
                "evidence": "not_found"}]
    c = _in_clarification(tech=False, problems=FROM_MAIL + missing)
    assert not any(m.role == "party" for m in decide(c, ReadingCorrection(by=STAFF), NOW, SETTINGS).mails)
    d = decide(c, ReadingCorrection(by=STAFF, whole=True), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert steps(d) == [("clarification", (PARTY,))]
    assert [p.field for p in d.case.form_problems] == ["technical_contacts"]


CUT_MAIL = [{"code": "uncertain", "field": "technical_contacts[0]",
             "message": "The technical contact 1's e-mail address was read as tom@vestby-kommune.ex, where its cell "
                        "wraps onto a line below that may hold the rest of it."}]


def test_a_doubt_on_one_contact_is_settled_by_correcting_or_confirming_that_contact() -> None:
    """The reader names a doubt of one entry (`technical_contacts[0]`), the web form names the value it corrects
    (`technical_contacts.0.email`) or the field it confirms: both are the technical contacts, so the doubt is
    settled and the form goes on, not kept for a person who already looked."""
    c = _in_clarification(problems=CUT_MAIL)
    d = decide(c, ReadingCorrection(by=STAFF, corrections=(("technical_contacts.0.email",
                                                             "tom.tek@vestby-kommune.example"),)), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC and not d.case.form_problems
    d = decide(c, ReadingCorrection(by=STAFF, confirmed=("technical_contacts",)), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC
    kept = decide(c, ReadingCorrection(by=STAFF, confirmed=("cvr",)), NOW, SETTINGS)
    assert [p.field for p in kept.case.form_problems] == ["technical_contacts[0]"]
    assert not [m for m in kept.mails if m.role == "party"]
