"""What the case machine knows of each state, as one table (`STATE_TABLE`): its name, whom it waits on, its row
in today's reminder table, and where it counts (the digest's funnel, the approved parties). What each state does
with an event is the other half of the table, `machine.MACHINE`. A state missing from either, or a row missing a
name in a catalog, fails `tests/core/test_state_table.py`. Everything else the shell needs (final and open
states, the funnel) is derived here, never listed by hand."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .i18n import Np_
from .vocabulary import AGREEMENT_KINDS, DocumentKind, State, Step

__all__ = ["AGREEMENT_KINDS", "APPROVED", "ASKED_IN", "FINAL", "FORM_KIND", "FUNNEL", "OPEN_STATES", "STATE_NAMES",
           "STATE_TABLE", "Reminding", "State", "StateRow", "Step", "WAITED_FOR", "WAITING_ON", "WaitsOn",
           "still_asked"]

WaitsOn = Literal["party", "tdc", "staff", "nobody"]


@dataclass(frozen=True)
class Reminding:
    """A state's row in today's reminder table (`reminders.default_policy`): whom it waits on is reminded (the
    party, TDC), or the case raised to staff when it waits on staff, after the configured working days."""

    # "waiting": since the mail that asked; "installation_date": since TDC's installation date passed
    counted_from: Literal["waiting", "installation_date"] = "waiting"
    about: str | None = None  # what the reminder asks for (a WAITED_FOR key); None: the step the case waits for


@dataclass(frozen=True)
class StateRow:
    """One state. Every field is required, so a new state says each of them (`reminder=None` explicitly)."""

    name: str  # English source string, Np_("state", ...): mailbot/locale's catalogs say it in each language
    waits_on: WaitsOn  # who acts next; "nobody": the state is final
    reminder: Reminding | None  # today's reminder row; None: never reminded (only a final state may say so)
    funnel: bool  # on the road to "connected" (the digest's funnel); False: a case here left that road
    approved: bool  # the party is approved (the agreement system's export lists it)


STATE_TABLE: dict[State, StateRow] = {
    State.INQUIRY: StateRow(
        Np_("state", "Inquiry"), "staff", Reminding(), funnel=True, approved=False),
    State.AWAITING_AGREEMENTS: StateRow(
        Np_("state", "Awaiting agreements"), "party", Reminding(), funnel=True, approved=False),
    State.AWAITING_STEERING_GROUP: StateRow(
        Np_("state", "Awaiting steering group"), "staff", Reminding(), funnel=True, approved=False),
    State.AWAITING_INFORMATION_FORM: StateRow(
        Np_("state", "Awaiting information form"), "party", Reminding(), funnel=True, approved=True),
    State.CLARIFICATION: StateRow(
        Np_("state", "Information form clarification"), "party", Reminding(), funnel=True, approved=True),
    State.SENT_TO_TDC: StateRow(
        Np_("state", "Sent to TDC Erhverv"), "tdc", Reminding(), funnel=True, approved=True),
    State.INSTALLATION_SCHEDULED: StateRow(
        Np_("state", "Installation scheduled"), "tdc",
        Reminding("installation_date", about="installation_report"), funnel=True, approved=True),
    State.EQUIPMENT_SHIPPED: StateRow(
        Np_("state", "Equipment shipped"), "tdc",
        Reminding("installation_date", about="installation_report"), funnel=True, approved=True),
    State.CONNECTED: StateRow(
        Np_("state", "Connected"), "nobody", None, funnel=True, approved=True),
    State.REJECTED: StateRow(
        Np_("state", "Rejected"), "nobody", None, funnel=False, approved=False),
}

# derived, in process order (State's order)
_ROWS = [(s, STATE_TABLE[s]) for s in State if s in STATE_TABLE]
FINAL = frozenset(s for s, row in _ROWS if row.waits_on == "nobody")
OPEN_STATES = tuple(s.value for s in State if s not in FINAL)  # as stored in the database
FUNNEL: tuple[State, ...] = tuple(s for s, row in _ROWS if row.funnel)
APPROVED: tuple[State, ...] = tuple(s for s, row in _ROWS if row.approved)
# who the case waits on in each open state: the party, TDC or staff
WAITING_ON: dict[State, str] = {s: row.waits_on for s, row in _ROWS if row.waits_on != "nobody"}
# the states' names (English source strings; mailbot/locale's catalogs say them in each language)
STATE_NAMES: dict[str, str] = {s.value: row.name for s, row in _ROWS}

# what the party or TDC was asked for by each step, as a reminder or an escalation names it
WAITED_FOR: dict[str, str] = {
    "starter_pack": Np_("waited for", "the signed agreements (the starter pack)"),
    "agreements_incomplete": Np_("waited for", "the missing agreements"),
    "steering_group_pending": Np_("waited for", "the steering group's decision"),
    "information_form_request": Np_("waited for", "the information form"),
    "clarification": Np_("waited for", "the corrected information form"),
    "tdc_order": Np_("waited for", "an installation date from TDC Erhverv"),
    "installation_report": Np_("waited for", "TDC Erhverv's completion report"),
}

# where what a party's mail asked for is still wanted: a request not yet sent when its case has left these
# states asks for what the party has just sent (two mails read in one run, the second bringing what the first
# lacked), so the shell withdraws it (`store.cases.withdraw_stale`); a step not listed asks for nothing
ASKED_IN: dict[str, frozenset[State]] = {
    "starter_pack": frozenset({State.AWAITING_AGREEMENTS}),
    "agreements_incomplete": frozenset({State.AWAITING_AGREEMENTS}),
    "information_form_request": frozenset({State.AWAITING_INFORMATION_FORM}),
    "clarification": frozenset({State.CLARIFICATION}),
}


def still_asked(step: str, reminder_for: str | None, state: str) -> bool:
    """Whether a party's mail of `step` (a reminder: of what it reminds of) still asks for something the case
    in `state` wants. Unknown requests are kept: only what is known to be settled is withdrawn."""
    asked = ASKED_IN.get(str(reminder_for) if step == Step.REMINDER else str(step))
    return asked is None or state in asked


FORM_KIND = DocumentKind.INFORMATION_FORM
