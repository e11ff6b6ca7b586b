"""What the case machine knows of states: which are final, whom each waits on (the names are in vocabulary.py)."""
from __future__ import annotations

from .i18n import Np_
from .vocabulary import AGREEMENT_KINDS, DocumentKind, State, Step

__all__ = ["AGREEMENT_KINDS", "FINAL", "FORM_KIND", "OPEN_STATES", "STATE_NAMES", "State", "Step",
           "WAITED_FOR", "WAITING_ON"]


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

# The states' names (English source strings; mailbot/locale's catalogs say them in each language)
STATE_NAMES: dict[str, str] = {
    "inquiry": Np_("state", "Inquiry"),
    "awaiting_agreements": Np_("state", "Awaiting agreements"),
    "awaiting_steering_group": Np_("state", "Awaiting steering group"),
    "awaiting_information_form": Np_("state", "Awaiting information form"),
    "clarification": Np_("state", "Information form clarification"),
    "sent_to_tdc": Np_("state", "Sent to TDC Erhverv"),
    "installation_scheduled": Np_("state", "Installation scheduled"),
    "equipment_shipped": Np_("state", "Equipment shipped"),
    "connected": Np_("state", "Connected"),
    "rejected": Np_("state", "Rejected"),
}

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

FORM_KIND = DocumentKind.INFORMATION_FORM
