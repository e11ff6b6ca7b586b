"""The whole-cases harness's kinds of case from real correspondence (bench/outside/cases.py, cases11): each mail is
written as the party, its colleague or TDC's mailbox sends it, and the expectations are domain.md's."""
from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from bench.outside.cases import ACCUSING, KINDS, Replay, colleague, compose

NEW = ["sent_already", "cc_colleague", "tdc_away", "newer_version"]


def _specs() -> dict[str, object]:
    return {s.kind: s for s in compose(131, KINDS.index(NEW[-1]) + 1) if s.kind in NEW}


def test_the_new_kinds_come_after_the_older_ones_so_a_seeds_cases_stay_what_they_were() -> None:
    assert KINDS[-len(NEW):] == NEW
    specs = _specs()
    assert {k: s.final_state for k, s in specs.items()} == {  # type: ignore[attr-defined]
        "sent_already": "sent_to_tdc", "cc_colleague": "sent_to_tdc", "tdc_away": "installation_scheduled",
        "newer_version": "sent_to_tdc"}


def test_a_party_that_says_it_sent_the_form_is_not_reminded_until_it_sends_it_again() -> None:
    steps = _specs()["sent_already"].steps  # type: ignore[attr-defined]
    said = next(i for i, st in enumerate(steps) if st.mail is not None and st.mail.what == "sent_already")
    assert not steps[said].mail.pdfs
    # only the reminder before the party's answer is borne out (no form had come); after it, nothing accusing
    assert [st.may for st in steps[:said] if st.may] == [("reminder",)]
    assert not [st for st in steps[said:] if set(st.may) & ACCUSING]


def test_the_colleague_on_cc_answers_to_all_and_tdcs_mailbox_answers_by_itself(tmp_path: Path) -> None:
    specs = _specs()
    cc = specs["cc_colleague"]
    (tmp_path / "docs").mkdir()
    for pdf in cc.pdfs:  # type: ignore[attr-defined]  # what is attached is not this test's: a stand-in for each
        (tmp_path / "docs" / pdf.doc.name).write_bytes(b"%PDF-1.4\n")
    r = Replay(cc, tmp_path / "cc", tmp_path / "docs", ["true"])  # type: ignore[arg-type]
    inquiry, agreements = cc.steps[0], cc.steps[1]  # type: ignore[attr-defined]
    r.deliver(inquiry.mail, inquiry.at)
    r.ref = "SDN-2026-0001"
    r.deliver(agreements.mail, agreements.at)
    got = [BytesParser(policy=policy.default).parsebytes(f.read_bytes())
           for f in sorted((tmp_path / "cc" / "inbox" / "new").iterdir())]
    mate, contact = colleague(cc.party), cc.party.org_contact  # type: ignore[attr-defined]
    assert mate.email in str(got[0]["Cc"]) and contact.email in str(got[0]["From"])
    assert mate.email in str(got[1]["From"]) and contact.email in str(got[1]["Cc"])
    assert "[SDN-2026-0001]" in str(got[1]["Subject"])
    away = next(st for st in specs["tdc_away"].steps if st.mail is not None and st.mail.auto)  # type: ignore[attr-defined]
    r2 = Replay(specs["tdc_away"], tmp_path / "tdc", tmp_path / "docs", ["true"])  # type: ignore[arg-type]
    r2.deliver(away.mail, away.at)
    raw = next((tmp_path / "tdc" / "inbox" / "new").iterdir()).read_bytes()
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert "tdc-erhverv.example" in str(msg["From"]) and str(msg["Subject"]).startswith("Automatisk svar:")
    assert msg["X-Auto-Response-Suppress"] == "All"
