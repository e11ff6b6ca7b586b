"""Staff's case tools as events of the case machine, transition by transition (pure)."""
from __future__ import annotations

from datetime import UTC, datetime

from mailbot.core.case import AcceptedAgreement, Case, Contact
from mailbot.core.events import MailMoved, Merge, Ownership
from mailbot.core.machine import Settings, decide
from mailbot.core.states import State
from mailbot.core.tools import merge_refusal

NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)
SETTINGS = Settings(tdc_order="sdn-levering@tdc-erhverv.example", staff=("anne.staff@medcom.example",))


def test_take_and_release_name_the_person_and_send_nothing() -> None:
    case = Case(ref="SDN-2026-0007", state=State.CLARIFICATION)
    taken = decide(case, Ownership(by="anne.staff@medcom.example", take=True), NOW, SETTINGS)
    assert taken.case.owner == "anne.staff@medcom.example" and not taken.mails
    assert [(t.kind, t.actor) for t in taken.timeline] == [("owner", "anne.staff@medcom.example")]
    again = decide(taken.case, Ownership(by="bo.staff@medcom.example", take=True), NOW, SETTINGS)
    assert again.case.owner == "bo.staff@medcom.example"
    assert "from anne.staff@medcom.example" in again.timeline[0].text
    released = decide(again.case, Ownership(by="bo.staff@medcom.example", take=False), NOW, SETTINGS)
    assert released.case.owner is None and released.case.state == State.CLARIFICATION
    assert released.case.updated_at == NOW


def test_a_merge_keeps_the_survivors_facts_and_state_and_adds_what_only_the_other_knew() -> None:
    keep = Case(ref="SDN-2026-0010", state=State.AWAITING_AGREEMENTS, organisation="Vestby Kommune",
                contacts=(Contact("mette@vestby-kommune.example", "Mette", None, "sender"),),
                agreements={"connection_agreement": AcceptedAgreement(cvr="29189846")}, ip_scopes=("10.1.0.0/24",))
    other = Case(ref="SDN-2026-0011", state=State.INQUIRY, organisation="Vestby kommune (IT)", cvr="29189846",
                 contacts=(Contact("it@gmail.example", "Ib", "+4512345678", "sender"),
                           Contact("mette@vestby-kommune.example", None, "+4587654321", "sender")),
                 agreements={"data_processor_agreement": AcceptedAgreement(cvr="29189846"),
                             "connection_agreement": AcceptedAgreement(cvr="other")},
                 ip_scopes=("10.1.0.0/24", "10.2.0.0/24"), aliases=("SDN-2026-0003",), needs_attention=True,
                 attention_reason="untrusted sender")
    d = decide(keep, Merge(by="anne.staff@medcom.example", other=other), NOW, SETTINGS)
    c = d.case
    assert c.ref == "SDN-2026-0010" and c.state == State.AWAITING_AGREEMENTS
    assert c.organisation == "Vestby Kommune" and c.cvr == "29189846"
    assert {x.email for x in c.contacts} == {"mette@vestby-kommune.example", "it@gmail.example"}
    mette = next(x for x in c.contacts if x.email == "mette@vestby-kommune.example")
    assert (mette.name, mette.phone) == ("Mette", "+4587654321")
    assert c.agreements["connection_agreement"].cvr == "29189846"  # the survivor's own wins
    assert set(c.agreements) == {"connection_agreement", "data_processor_agreement"}
    assert c.ip_scopes == ("10.1.0.0/24", "10.2.0.0/24")
    assert c.aliases == ("SDN-2026-0011", "SDN-2026-0003")
    assert c.needs_attention and c.attention_reason == "untrusted sender"
    assert not d.mails
    (entry,) = d.timeline
    assert entry.kind == "merged" and entry.actor == "anne.staff@medcom.example" and "SDN-2026-0011" in entry.text


def test_two_organisations_are_never_merged() -> None:
    a = Case(ref="SDN-2026-0001", cvr="29189846")
    assert merge_refusal(a, Case(ref="SDN-2026-0002", cvr="29189420")) is not None
    assert merge_refusal(a, a) is not None
    assert merge_refusal(a, Case(ref="SDN-2026-0002")) is None
    assert merge_refusal(a, Case(ref="SDN-2026-0002", cvr="29189846")) is None


def test_a_moved_mail_is_recorded_on_both_cases_with_who_moved_it() -> None:
    case = Case(ref="SDN-2026-0004", state=State.AWAITING_AGREEMENTS)
    out = decide(case, MailMoved(by="bo.staff@medcom.example", inbound_id=17, other_ref="SDN-2026-0005",
                                 arriving=False, subject="Aftaler"), NOW, SETTINGS)
    into = decide(case, MailMoved(by="bo.staff@medcom.example", inbound_id=17, other_ref="SDN-2026-0004",
                                  arriving=True, subject="Aftaler"), NOW, SETTINGS)
    split = decide(case, MailMoved(by="bo.staff@medcom.example", inbound_id=17, other_ref="SDN-2026-0009",
                                   arriving=False, split=True), NOW, SETTINGS)
    assert out.case.state == into.case.state == State.AWAITING_AGREEMENTS and not out.mails and not into.mails
    assert "moved to SDN-2026-0005" in out.timeline[0].text and "#17 (Aftaler)" in out.timeline[0].text
    assert "moved here from SDN-2026-0004" in into.timeline[0].text
    assert "split off into the new case SDN-2026-0009" in split.timeline[0].text
    assert {t.actor for t in out.timeline + into.timeline} == {"bo.staff@medcom.example"}
    assert out.timeline[0].detail.as_json() == {"inbound_id": 17, "other": "SDN-2026-0005"}
