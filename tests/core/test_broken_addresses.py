"""An e-mail address the form breaks at a line's end, a hyphen there or not ("pernille@boegeskov-" over
"sundhed.example"), that nothing on the form tells (issue 22): the reader reads it in doubt with both ways, and
the case machine decides it by the addresses the party's own mails came from (judgements/broken_address.py).
Where they tell, the address is certain and a complete form goes to TDC; where not, it waits for staff and the
party hears nothing."""
from __future__ import annotations

from typing import Any

from mailbot.core.case import Contact
from mailbot.core.judgements import broken_address
from mailbot.core.machine import decide
from mailbot.core.states import State

from .helpers import SETTINGS, at, case, form, party_mail, steps

NOW = at("2026-11-16T10:00:00")
JOINED, HYPHENED = "pernille@boegeskovsundhed.example", "pernille@boegeskov-sundhed.example"
SENDER = "lars.holm@boegeskov-sundhed.example"  # the party's own mail, from the domain written with its hyphen


def _broken_form(*ways: str) -> dict[str, Any]:
    """The form as the reader hands it over: the technician's address read as joined, in doubt, both ways given."""
    doc = form(problems=[{"code": "uncertain", "field": "technical_contacts[0]", "ways": list(ways),
                          "message": f"The technical contact 1's e-mail address was read as {ways[0]}, joined from "
                                     "two lines of its cell: a hyphen may have stood where it breaks."}])
    doc["fields"]["technical_contacts"][0]["email"] = ways[0]
    return doc


def _waiting(sender: str) -> Any:
    return case(State.AWAITING_INFORMATION_FORM, contacts=(Contact(sender, "Lars", None, "sender"),),
                primary_email=sender, domain=sender.rsplit("@", 1)[1])


def test_the_way_whose_domain_another_whole_address_has_is_told_and_none_where_none_has() -> None:
    known = broken_address.names([SENDER])
    assert broken_address.told([JOINED, HYPHENED], known) == HYPHENED
    assert broken_address.told([HYPHENED, JOINED], broken_address.names(["it@boegeskovsundhed.example"])) == JOINED
    assert broken_address.told([JOINED, HYPHENED], broken_address.names(["a@other.example"])) is None


def test_the_partys_own_mail_tells_the_broken_address_and_the_complete_form_goes_to_tdc() -> None:
    d = decide(_waiting(SENDER), party_mail(_broken_form(JOINED, HYPHENED), sender=SENDER), NOW, SETTINGS)
    assert d.case.state == State.SENT_TO_TDC
    assert [t.email for t in d.case.technical_contacts] == [HYPHENED]
    assert ("tdc_order", (SETTINGS.tdc_order,)) in steps(d)
    assert not d.case.needs_attention
    assert any(HYPHENED in e.text for e in d.timeline)


def test_an_earlier_mail_of_the_case_tells_it_when_a_colleague_sends_the_form_from_elsewhere() -> None:
    waiting = _waiting(SENDER)
    d = decide(waiting, party_mail(_broken_form(HYPHENED, JOINED), sender="pernille@privat-mail.example"), NOW,
               SETTINGS)
    assert d.case.state == State.SENT_TO_TDC
    assert [t.email for t in d.case.technical_contacts] == [HYPHENED]


def test_where_no_mail_of_the_case_tells_it_the_address_waits_for_staff_and_the_party_hears_nothing() -> None:
    other = "lars@kommune.example"
    d = decide(_waiting(other), party_mail(_broken_form(JOINED, HYPHENED), sender=other), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert d.case.needs_attention
    assert steps(d) == [("staff_notice", SETTINGS.staff)]  # nothing to the party, nothing to TDC


def test_an_address_a_form_gave_tells_nothing_of_another_read_in_the_same_doubt() -> None:
    """A contact learned from a form (maybe itself read in doubt) is no evidence: only the mails' own senders."""
    waiting = _waiting("lars@kommune.example").add_contacts([Contact(HYPHENED, "Pernille", None, "technical")])
    d = decide(waiting, party_mail(_broken_form(JOINED, HYPHENED), sender="lars@kommune.example"), NOW, SETTINGS)
    assert d.case.state == State.CLARIFICATION
    assert steps(d) == [("staff_notice", SETTINGS.staff)]


def test_where_both_ways_are_seen_whole_neither_is_told() -> None:
    """The party's mails come from both "boegeskov-sundhed" and "boegeskovsundhed": the broken address may have
    either domain, so nothing is decided (before, the first way was taken, a guess)."""
    ways = ["pernille@boegeskov-sundhed.example", "pernille@boegeskovsundhed.example"]
    known = broken_address.names(["a@boegeskov-sundhed.example", "b@boegeskovsundhed.example"])
    assert broken_address.told(ways, known) is None
    assert broken_address.told(ways, broken_address.names(["a@boegeskovsundhed.example"])) == ways[1]
