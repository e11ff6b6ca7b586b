"""The case machine tells of an approval as a pure output (PartyApproved), beside its mails: once, when the
agreements are approved (at once, or by the steering group), and never for a step that approves nothing."""
from __future__ import annotations

from mailbot.core.approvals import PartyApproved, party_record
from mailbot.core.events import StaffCommand
from mailbot.core.machine import decide
from mailbot.core.states import State

from .helpers import SETTINGS, agreement, at, case, party_mail

NOW = at("2026-11-16T10:00:00")
CA, DPA = "connection_agreement", "data_processor_agreement"


def test_agreements_approved_at_once_are_one_approval() -> None:
    d = decide(case(party_type="municipality"), party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert d.approvals == (PartyApproved(d.case.ref, NOW),)
    again = decide(d.case, party_mail(agreement(CA), agreement(DPA)), NOW, SETTINGS)  # sent once more
    assert again.approvals == ()


def test_the_steering_group_approves_then_the_party_is_approved() -> None:
    d = decide(case(party_type="foreign", language="en"), party_mail(agreement(CA), agreement(DPA), language="en"),
               NOW, SETTINGS)
    assert d.case.state == State.AWAITING_STEERING_GROUP and d.approvals == ()
    d2 = decide(d.case, StaffCommand(by="staff@medcom.example", command="approve"), NOW, SETTINGS)
    assert d2.approvals == (PartyApproved(d.case.ref, NOW),)
    record = party_record(d2.case, NOW)
    assert record.party_type == "foreign" and {a.kind for a in record.agreements} == {CA, DPA}
    assert record.org_contact is None and record.technical_contacts == []  # no form yet: nothing guessed


def test_an_approval_has_one_key() -> None:
    assert PartyApproved("SDN-2026-0001", NOW).key == PartyApproved("SDN-2026-0001", NOW).key
    assert PartyApproved("SDN-2026-0001", NOW).key != PartyApproved("SDN-2026-0002", NOW).key
