"""What the case machine knows of states: which are final, whom each waits on (the names are in vocabulary.py)."""
from __future__ import annotations

from .vocabulary import AGREEMENT_KINDS, DocumentKind, State, Step

__all__ = ["AGREEMENT_KINDS", "FINAL", "FORM_KIND", "OPEN_STATES", "STATE_NAMES_DA", "State", "Step",
           "WAITED_FOR_DA", "WAITING_ON"]


FINAL = frozenset({State.CONNECTED, State.REJECTED})
OPEN_STATES = tuple(s.value for s in State if s not in FINAL)  # as stored in the database

# who the case waits on in each state: the party, TDC or staff
WAITING_ON: dict[State, str] = {
    State.INQUIRY: "staff",
    State.AWAITING_AGREEMENTS: "party",
    State.AWAITING_STEERING_GROUP: "staff",
    State.AWAITING_INFORMATION_FORM: "party",
    State.CLARIFICATION: "party",
    State.SENT_TO_TDC: "tdc",
    State.INSTALLATION_SCHEDULED: "tdc",
    State.EQUIPMENT_SHIPPED: "tdc",
}

# Danish names for staff's notices and reasons (the core writes those in Danish; templates use them too)
STATE_NAMES_DA: dict[str, str] = {
    "inquiry": "Henvendelse",
    "awaiting_agreements": "Afventer aftaler",
    "awaiting_steering_group": "Afventer styregruppen",
    "awaiting_information_form": "Afventer informationsskema",
    "clarification": "Afklaring af informationsskema",
    "sent_to_tdc": "Sendt til TDC Erhverv",
    "installation_scheduled": "Installation planlagt",
    "equipment_shipped": "Udstyr afsendt",
    "connected": "Tilsluttet",
    "rejected": "Afvist",
}

# what the party or TDC was asked for by each step, as a reminder or an escalation names it
WAITED_FOR_DA: dict[str, str] = {
    "starter_pack": "de underskrevne aftaler (startpakken)",
    "agreements_incomplete": "de manglende aftaler",
    "steering_group_pending": "styregruppens afgørelse",
    "information_form_request": "informationsskemaet",
    "clarification": "det rettede informationsskema",
    "tdc_order": "en installationsdato fra TDC Erhverv",
    "installation_report": "TDC Erhvervs færdigmelding",
}

FORM_KIND = DocumentKind.INFORMATION_FORM
