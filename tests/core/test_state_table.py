"""The case machine as a table (core/states.py STATE_TABLE, core/machine.py MACHINE): every state has a row in
both halves, a name in every catalog, a reminder row unless it is final; what the shell derives from it
(funnel, open states, approved states) follows it; README's table says what the code does."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from mailbot.core.machine import CORRECTABLE, MACHINE, Accepts
from mailbot.core.reminders import REMINDED, default_policy
from mailbot.core.states import (
    APPROVED,
    FINAL,
    FUNNEL,
    OPEN_STATES,
    STATE_NAMES,
    STATE_TABLE,
    WAITING_ON,
    StateRow,
)
from mailbot.core.vocabulary import State
from tests.where_to_add import missing_words

README = Path(__file__).resolve().parents[2] / "README.md"


def _handlers(accepts: Accepts) -> list[str]:
    return [f.name for f in fields(Accepts) if getattr(accepts, f.name) is not None]


def table_faults() -> list[str]:
    """What the two halves of the table get wrong, one line each (empty: nothing)."""
    faults = []
    for state in State:
        if state not in STATE_TABLE:
            faults.append(f"{state}: no row in states.STATE_TABLE")
    for state, row in STATE_TABLE.items():
        accepts = MACHINE.get(state)
        if accepts is None:
            faults.append(f"{state}: no row in machine.MACHINE")
        elif row.waits_on == "nobody" and _handlers(accepts):
            faults.append(f"{state}: a final state that acts on {', '.join(_handlers(accepts))}")
        elif row.waits_on != "nobody" and not _handlers(accepts):
            faults.append(f"{state}: an open state that only REJECT can leave")
        if row.waits_on == "nobody" and row.reminder is not None:
            faults.append(f"{state}: a final state with a reminder row")
        if row.waits_on != "nobody" and row.reminder is None:
            faults.append(f"{state}: an open state without a reminder row")
    return faults


def test_the_table_is_whole() -> None:
    assert table_faults() == []
    assert set(MACHINE) == set(STATE_TABLE) == set(State)


def test_a_state_missing_from_the_table_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(MACHINE, State.CLARIFICATION)
    monkeypatch.delitem(STATE_TABLE, State.SENT_TO_TDC)
    assert table_faults() == ["sent_to_tdc: no row in states.STATE_TABLE", "clarification: no row in machine.MACHINE"]


@pytest.mark.parametrize("state", list(State))
def test_every_state_is_named_in_every_catalog(state: State) -> None:
    assert missing_words([("state", STATE_TABLE[state].name)]) == set()


def test_what_the_shell_derives_follows_the_table() -> None:
    assert FINAL == {s for s, row in STATE_TABLE.items() if row.waits_on == "nobody"}
    assert set(OPEN_STATES) == set(REMINDED) == {s.value for s in State} - FINAL
    assert set(WAITING_ON) == set(State) - FINAL
    assert set(FUNNEL) == {s for s, row in STATE_TABLE.items() if row.funnel}
    assert State.REJECTED not in FUNNEL and FUNNEL[-1] == State.CONNECTED  # the road ends in "connected"
    assert set(APPROVED) == {s for s, row in STATE_TABLE.items() if row.approved}
    assert set(CORRECTABLE) == {s for s, a in MACHINE.items() if a.correction is not None}
    assert STATE_NAMES == {s.value: row.name for s, row in STATE_TABLE.items()}
    # today's reminder policy has a row for each state whose table row has one, and none for the others
    assert [r.state for r in default_policy()] == [s.value for s, row in STATE_TABLE.items() if row.reminder]


def test_the_digest_funnel_is_the_table_not_the_order() -> None:
    """Was STATES[:-1]: a state added after "rejected" would have dropped "connected" from the funnel."""
    from mailbot.pipeline.digest import digest_view

    counts = {s.value: 1 for s in State}
    assert [row.state for row in digest_view({"counts": counts}).funnel] == list(FUNNEL)


def _reminder_words(row: StateRow) -> str:
    """A reminder row as README's table says it."""
    if row.reminder is None:
        return "none"
    if row.reminder.counted_from == "installation_date":
        return "TDC once the installation date passed"
    return {"staff": "staff after N days", "party": "party, then staff", "tdc": "TDC, then staff"}[row.waits_on]


def test_the_readme_table_is_the_code() -> None:
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^  \| ([a-z_]+) \| (.+) \|$", text, flags=re.M)
    said = {state: [c.strip().strip("`") for c in cells.split(" | ")] for state, cells in rows
            if state in State._value2member_map_}
    assert list(said) == [s.value for s in State]
    for state, row in STATE_TABLE.items():
        a = MACHINE[state]
        handlers = [h.__name__ if h is not None else "—" for h in (a.party_mail, a.tdc_mail, a.approve, a.correction)]
        assert said[state] == [row.waits_on, *handlers, _reminder_words(row), "yes" if row.funnel else "no",
                               "yes" if row.approved else "no"], state
