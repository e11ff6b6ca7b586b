"""The states of a case (domain.md) and the steps of outgoing mail (contracts.md section 5)."""
from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    INQUIRY = "inquiry"
    AWAITING_AGREEMENTS = "awaiting_agreements"
    AWAITING_STEERING_GROUP = "awaiting_steering_group"
    AWAITING_INFORMATION_FORM = "awaiting_information_form"
    CLARIFICATION = "clarification"
    SENT_TO_TDC = "sent_to_tdc"
    INSTALLATION_SCHEDULED = "installation_scheduled"
    EQUIPMENT_SHIPPED = "equipment_shipped"
    CONNECTED = "connected"
    REJECTED = "rejected"


class Step(StrEnum):
    STARTER_PACK = "starter_pack"
    AGREEMENTS_INCOMPLETE = "agreements_incomplete"
    STEERING_GROUP_PENDING = "steering_group_pending"
    REJECTED = "rejected"
    INFORMATION_FORM_REQUEST = "information_form_request"
    CLARIFICATION = "clarification"
    TDC_ORDER = "tdc_order"
    FORWARDED_TO_TDC = "forwarded_to_tdc"
    INSTALLATION_CONFIRMED = "installation_confirmed"
    CONNECTED = "connected"
    REMINDER = "reminder"
    STAFF_NOTICE = "staff_notice"
    STAFF_DIGEST = "staff_digest"


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


AGREEMENT_KINDS = ("connection_agreement", "data_processor_agreement", "sub_data_processor_agreement")
FORM_KIND = "information_form"
