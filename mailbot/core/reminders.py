"""The reminder policy as data: per state, whom to remind, after how many working days, how many times,
and then whether to raise the case to staff. `[[reminders.rule]]` in the configuration is this table;
without it, `default_policy` is today's, read from the `reminder` column of `states.STATE_TABLE`. Adding a
reminder is adding a row (and, when the reminder asks for something new, its wording in the `reminder`
templates and in `states.WAITED_FOR`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .states import OPEN_STATES, STATE_TABLE

REMINDED = OPEN_STATES  # the states a rule may name

Remind = Literal["party", "tdc", "nobody"]


@dataclass(frozen=True)
class ReminderRule:
    state: str
    remind: Remind  # "nobody": no reminders, the case is only raised to staff when it has waited
    after_working_days: int
    times: int  # reminders before `then`
    then: Literal["escalate", "nothing"] = "escalate"
    # "waiting": since the mail that asked (and since each reminder); "installation_date": since TDC's
    # installation date passed without their completion report (TDC is asked once and staff told at once)
    counted_from: Literal["waiting", "installation_date"] = "waiting"
    about: str | None = None  # what the reminder asks for; default: the step the case waits for


def default_policy(after_working_days: int = 10, max_reminders: int = 2,
                   installation_grace_working_days: int = 1) -> tuple[ReminderRule, ...]:
    """Today's policy (domain.md: any waiting state has a deadline; after the last reminder, staff)."""
    rules = []
    for state, row in STATE_TABLE.items():
        r = row.reminder
        if r is None:
            continue
        remind: Remind = "party" if row.waits_on == "party" else "tdc" if row.waits_on == "tdc" else "nobody"
        if r.counted_from == "installation_date":  # TDC is asked once, and staff told at once
            rules.append(ReminderRule(str(state), remind, installation_grace_working_days, 1,
                                      counted_from="installation_date", about=r.about))
        else:
            rules.append(ReminderRule(str(state), remind, after_working_days,
                                      max_reminders if remind != "nobody" else 0, about=r.about))
    return tuple(rules)


def rules_for(policy: tuple[ReminderRule, ...], state: str) -> tuple[ReminderRule, ...]:
    return tuple(r for r in policy if r.state == str(state))
