"""The reminder policy is a table ([[reminders.rule]]); the pure machine follows whatever table it is given."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from mailbot.config import from_dict
from mailbot.core.case import Case
from mailbot.core.events import Tick
from mailbot.core.machine import Settings, decide
from mailbot.core.reminders import ReminderRule, default_policy
from mailbot.core.states import State

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=CPH)


def _settings(policy: tuple[ReminderRule, ...] | None = None, **kw: object) -> Settings:
    return Settings(tdc_order="order@tdc.example", staff=("staff@medcom.example",), reminder_policy=policy,
                    **kw)  # type: ignore[arg-type]


def _case(state: State, **kw: object) -> Case:
    values: dict[str, object] = {"waiting_since": MONDAY, "waiting_for": "starter_pack", **kw}
    return Case(ref="SDN-2026-0042", state=state, primary_email="anna@kommune.example",
                **values)  # type: ignore[arg-type]


def test_todays_policy_as_the_default_table() -> None:
    by_state = {(r.state, r.counted_from): r for r in default_policy(10, 2, 1)}
    assert by_state[("inquiry", "waiting")].remind == "nobody"
    assert by_state[("awaiting_steering_group", "waiting")].times == 0
    assert {s for (s, _), r in by_state.items() if r.remind == "party"} == {
        "awaiting_agreements", "awaiting_information_form", "clarification"}
    assert by_state[("sent_to_tdc", "waiting")].remind == "tdc"
    inst = by_state[("installation_scheduled", "installation_date")]
    assert (inst.after_working_days, inst.times, inst.about) == (1, 1, "installation_report")
    # the [reminders] numbers fill the table
    assert {r.after_working_days for r in default_policy(7, 3, 2) if r.counted_from == "waiting"} == {7}


def test_the_three_keys_set_the_tables_defaults_and_a_row_replaces_it(tmp_path: Path) -> None:
    cfg = from_dict({"reminders": {"after_working_days": 4, "max_reminders": 1}}, tmp_path, {})
    assert cfg.reminders.policy == default_policy(4, 1, 1)
    cfg = from_dict({"reminders": {"after_working_days": 4, "rule": [
        {"state": "awaiting_agreements", "remind": "party", "times": 3},
        {"state": "equipment_shipped", "remind": "tdc", "after_working_days": 15, "times": 1, "then": "nothing",
         "about": "tdc_order"}]}}, tmp_path, {})
    first, second = cfg.reminders.policy
    assert (first.after_working_days, first.times, first.then) == (4, 3, "escalate")
    assert (second.state, second.after_working_days, second.then) == ("equipment_shipped", 15, "nothing")


def test_a_party_reminded_times_then_staff() -> None:
    policy = (ReminderRule("awaiting_agreements", "party", 3, 1),)
    case = _case(State.AWAITING_AGREEMENTS)
    early = decide(case, Tick(), datetime(2026, 11, 4, 10, 0, tzinfo=CPH), _settings(policy))
    assert early.mails == ()
    first = decide(case, Tick(), datetime(2026, 11, 5, 10, 0, tzinfo=CPH), _settings(policy))
    assert [(m.step, m.role) for m in first.mails] == [("reminder", "party")]
    assert first.case.reminders_sent == 1
    later = decide(first.case, Tick(), datetime(2026, 11, 10, 10, 0, tzinfo=CPH), _settings(policy))
    assert [(m.step, m.role) for m in later.mails] == [("staff_notice", "staff")] and later.case.escalated


def test_a_new_row_is_a_new_reminder_and_then_nothing_means_no_escalation() -> None:
    # today equipment_shipped has no waiting reminder; one row gives it one, to TDC, and no escalation
    policy = (ReminderRule("equipment_shipped", "tdc", 2, 1, then="nothing", about="tdc_order"),)
    case = _case(State.EQUIPMENT_SHIPPED, waiting_for=None)
    d = decide(case, Tick(), datetime(2026, 11, 4, 10, 0, tzinfo=CPH), _settings(policy))
    assert [(m.step, m.to, m.context["reminder_for"]) for m in d.mails] == [
        ("reminder", ("order@tdc.example",), "tdc_order")]
    after = decide(d.case, Tick(), datetime(2026, 11, 30, 10, 0, tzinfo=CPH), _settings(policy))
    assert after.mails == () and not after.case.escalated
    # and without the row, nothing at all (today's behaviour)
    assert decide(case, Tick(), datetime(2026, 11, 30, 10, 0, tzinfo=CPH), _settings()).mails == ()


def test_working_days_are_counted_in_the_configured_zone() -> None:
    # Friday 23:30 UTC is already Saturday in Tokyo: one working day later is Monday there, Tuesday 08:30 Tokyo
    policy = (ReminderRule("awaiting_agreements", "party", 1, 1),)
    friday = datetime(2026, 11, 6, 23, 30, tzinfo=ZoneInfo("UTC"))
    case = replace(_case(State.AWAITING_AGREEMENTS), waiting_since=friday)
    monday_evening_utc = datetime(2026, 11, 9, 23, 0, tzinfo=ZoneInfo("UTC"))  # Tuesday 08:00 in Tokyo
    in_utc = decide(case, Tick(), monday_evening_utc, _settings(policy, tz=ZoneInfo("UTC")))
    in_tokyo = decide(case, Tick(), monday_evening_utc, _settings(policy, tz=ZoneInfo("Asia/Tokyo")))
    assert [m.step for m in in_utc.mails] == []  # UTC: Friday + 1 working day = Monday 23:30, not yet
    assert [m.step for m in in_tokyo.mails] == ["reminder"]  # Tokyo: Saturday 08:30 + 1 = Monday 08:30
