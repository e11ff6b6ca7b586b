"""Pure rules of the digest: when it is due, and how long lists are cut without hiding how many there are."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.pipeline.digest import MAX_ROWS, FunnelRow, digest_due, digest_view, one_line
from mailbot.templating import render_mail


def cfg(tmp_path: Path, **digest: Any) -> Any:
    return from_dict({"digest": digest}, base=tmp_path, env={})


@pytest.mark.parametrize("now, due", [
    ("2026-11-23T07:29:59+01:00", False),  # Monday, a second early
    ("2026-11-23T07:30:00+01:00", True),
    ("2026-11-23T16:00:00+01:00", True),   # a daemon that was down in the morning still sends it
    ("2026-11-21T09:00:00+01:00", False),  # Saturday
    ("2026-12-24T09:00:00+01:00", False),  # Christmas Eve: offices closed
    ("2027-03-25T09:00:00+01:00", False),  # Maundy Thursday
    ("2027-03-29T09:00:00+02:00", False),  # Easter Monday
    ("2027-03-30T09:00:00+02:00", True),
])
def test_due_on_danish_working_days_at_the_configured_time(tmp_path: Path, now: str, due: bool) -> None:
    assert digest_due(parse_now(now), cfg(tmp_path, time="07:30"), None) is due


def test_once_a_day_and_switches(tmp_path: Path) -> None:
    monday = parse_now("2026-11-23T09:00:00+01:00")
    c = cfg(tmp_path, time="07:30")
    assert digest_due(monday, c, {"date": "2026-11-23", "at": "2026-11-23T07:30:00+01:00"}) is False
    assert digest_due(monday, c, {"date": "2026-11-20", "at": "2026-11-20T07:30:00+01:00"}) is True
    assert digest_due(monday, cfg(tmp_path, time="07:30", enabled=False), None) is False
    saturday = parse_now("2026-11-21T09:00:00+01:00")
    assert digest_due(saturday, cfg(tmp_path, hour=7, working_days_only=False), None) is True


def test_one_line_reason() -> None:
    assert one_line("First line.\nSecond line") == "First line."
    long = "word " * 100
    cut = one_line(long)
    assert len(cut) <= 160 and cut.endswith("…") and "\n" not in cut
    assert one_line(None) == ""


def _facts(n: int) -> dict[str, Any]:
    at = datetime(2026, 11, 23, 7, 30)
    attention = [{"ref": f"SDN-2026-{i:04d}", "organisation": f"Org {i}", "state": "awaiting_agreements",
                  "reason": f"reason {i}"} for i in range(1, n + 1)]
    return {"generated_at": at, "since": None, "counts": {"awaiting_agreements": n}, "changes": [],
            "waiting": [], "attention": attention[:MAX_ROWS], "upcoming": [], "unmatched": [],
            "totals": {"attention": n}}


def test_long_lists_are_cut_and_say_how_many_more(tmp_path: Path) -> None:
    facts = _facts(MAX_ROWS + 7)
    view = digest_view(facts)
    assert view.total["attention"] == MAX_ROWS + 7 and view.more["attention"] == 7
    context = {"digest": facts, "view": view, "case": None, "step": "staff_digest",
               "recipient": {"name": None, "email": "anne.staff@medcom.example", "role": "staff"},
               "medcom": {"address": "sdn@medcom.example", "name": "MedCom", "phone": None}}
    for lang, more in (("da", "og 7 flere"), ("en", "and 7 more")):
        mail = render_mail("staff_digest", lang, context)
        assert more in mail.text and more in (mail.html or "")
        assert mail.text.count("- SDN-2026-") == MAX_ROWS  # only the first 50 rows are listed
        assert f"({MAX_ROWS + 7})" in mail.text  # the heading counts them all
    few = _facts(3)
    assert "flere" not in render_mail("staff_digest", "da", {**context, "digest": few, "view": digest_view(few)}).text


def test_funnel_has_every_state_and_bars_in_proportion() -> None:
    view = digest_view({"counts": {"awaiting_agreements": 4, "connected": 2, "rejected": 1}})
    funnel = {row.state: row for row in view.funnel}
    assert "rejected" not in funnel and view.rejected == 1
    assert funnel["awaiting_agreements"].pct == 100 and funnel["connected"].pct == 50
    assert funnel["inquiry"] == FunnelRow(state="inquiry", count=0, pct=0)
    assert view.open_cases == 4 and view.all_cases == 7


def test_a_taken_case_names_its_owner_in_the_digest() -> None:
    facts = _facts(2)
    facts["attention"][0]["owner"] = "anne.staff@medcom.example"
    context = {"digest": facts, "view": digest_view(facts), "case": None, "step": "staff_digest",
               "recipient": {"name": None, "email": "bo.staff@medcom.example", "role": "staff"},
               "medcom": {"address": "sdn@medcom.example", "name": "MedCom", "phone": None}}
    for lang, words in (("da", "taget af"), ("en", "taken by")):
        mail = render_mail("staff_digest", lang, context)
        for text in (mail.text, mail.html or ""):
            assert f"{words} anne.staff@medcom.example" in text
            assert text.count(words) == 1  # the case nobody took says nothing of an owner
