"""README's *Where to add* is complete: a throwaway state and a throwaway agreement kind are missing from exactly
the files it lists, every real one from none; and a state added to those files alone is run by the machine."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailbot.core import machine
from mailbot.core.case import Case
from mailbot.core.events import MailRef, PartyMail, StaffCommand, Tick
from mailbot.core.machine import MACHINE, Accepts, Settings, decide
from mailbot.core.states import STATE_TABLE, Reminding, StateRow
from mailbot.core.vocabulary import AGREEMENT_KINDS, State
from tests.where_to_add import kind_missing, readme_places, state_missing

THROWAWAY_STATE = "awaiting_security_review"
THROWAWAY_KIND = "security_annex"


def test_a_new_state_is_missing_from_exactly_the_files_the_readme_lists() -> None:
    listed = readme_places("a state")
    assert {"mailbot/core/states.py", "mailbot/core/machine.py"} <= listed
    assert state_missing(THROWAWAY_STATE) == listed


@pytest.mark.parametrize("state", list(State))
def test_every_state_is_in_every_place(state: State) -> None:
    assert state_missing(state.value) == set()


def test_a_new_agreement_kind_is_missing_from_exactly_the_files_the_readme_lists() -> None:
    listed = readme_places("a document kind")
    assert "parsers/documents/kinds.py" in listed
    assert kind_missing(THROWAWAY_KIND) == listed


@pytest.mark.parametrize("kind", list(AGREEMENT_KINDS))
def test_every_agreement_kind_is_in_every_place(kind: str) -> None:
    assert kind_missing(kind) == set()


# --------------------------------------------------------------------------- the state added, and run

NOW = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
SETTINGS = Settings(tdc_order="order@tdc.example", staff=("staff@medcom.example",))


def _cleared(w: machine._Work, e: StaffCommand) -> None:
    w.note("security", "security review passed", e.by)
    w.move(State.AWAITING_INFORMATION_FORM, "security review passed")


@pytest.fixture
def security_review(monkeypatch: pytest.MonkeyPatch) -> str:
    """The throwaway state written where README says (a name, whom it waits on, a reminder row, a MACHINE row),
    apart from the enum member and the catalogs, which a test cannot add to."""
    monkeypatch.setitem(STATE_TABLE, THROWAWAY_STATE, StateRow(  # type: ignore[arg-type]
        "Awaiting security review", "party", Reminding(), funnel=True, approved=False))
    monkeypatch.setitem(MACHINE, THROWAWAY_STATE, Accepts(  # type: ignore[arg-type]
        party_mail=None, tdc_mail=None, approve=_cleared, correction=None))
    return THROWAWAY_STATE


def test_a_state_written_in_the_two_tables_is_reminded_answered_and_left(security_review: str) -> None:
    case = Case(ref="SDN-2027-000009", state=security_review,  # type: ignore[arg-type]
                primary_email="it@klinik.example", waiting_since=datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
                waiting_for="information_form_request")
    # the clock: its reminder row, read from the table, reminds the party it waits on
    reminded = decide(case, Tick(), NOW, SETTINGS)
    assert [(m.step, m.role) for m in reminded.mails] == [("reminder", "party")]
    # a party's mail: the state gives it no handler, so a person is told and the party hears nothing
    mail = PartyMail(sender="it@klinik.example", sender_name=None, language="da", body_text="Hej",
                     mail=MailRef(1, "<m1@klinik.example>", subject="Spørgsmål"))
    asked = decide(case, mail, NOW, SETTINGS)
    assert [m.role for m in asked.mails] == ["staff"] and asked.case.needs_attention
    # APPROVE: the handler its MACHINE row names
    approved = decide(case, StaffCommand(by="staff@medcom.example", command="approve"), NOW, SETTINGS)
    assert approved.case.state == State.AWAITING_INFORMATION_FORM


def test_a_state_without_a_reminder_row_is_found(security_review: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An open state whose row says no reminder is caught by the table's check, not silently never reminded."""
    from tests.core.test_state_table import table_faults

    assert table_faults() == []
    monkeypatch.setitem(STATE_TABLE, THROWAWAY_STATE, StateRow(  # type: ignore[arg-type]
        "Awaiting security review", "party", None, funnel=True, approved=False))
    assert table_faults() == [f"{THROWAWAY_STATE}: an open state without a reminder row"]
    assert THROWAWAY_STATE not in {r.state for r in SETTINGS.policy}
