"""What the agreement system is told about a party whose agreements are approved. Pure: the case machine
emits `PartyApproved` beside its mails, and the export (a file or the webhook) writes `party_record`.

The record says only what the case holds: the contacts of the information form once one is read (before
that they are empty, never guessed from a sender), the signatories and dates the signed agreements carry.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .case import Case
from .readings import Person

APPROVED = "agreements_approved"


@dataclass(frozen=True)
class PartyApproved:
    """The case's agreements were approved at `at` (the event a webhook receives)."""

    ref: str
    at: datetime
    kind: str = APPROVED

    @property
    def key(self) -> str:
        """The event's idempotency key: the same approval always has the same key."""
        return f"{self.ref}/{self.kind}/{self.at.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}"


def _person(found: Person | None) -> dict[str, str | None] | None:
    if found is None or not (found.name or found.email or found.phone):
        return None
    return {"name": found.name or None, "email": found.email or None, "phone": found.phone or None}


def party_record(case: Case, approved_at: datetime | None) -> dict[str, Any]:
    """One approved party as the agreement system takes it (the JSON of `mailbot export` and the webhook)."""
    agreements = []
    for kind, fields in sorted(case.agreements.items()):
        agreements.append({"kind": kind, "signature_date": fields.signature_date or None,
                           "signatory_name": fields.signatory_name or None,
                           "signatory_title": fields.signatory_title or None,
                           "signatory_email": fields.signatory_email or None})
    technical = [p for p in (_person(t) for t in case.technical_contacts) if p]
    return {
        "ref": case.ref,
        "organisation": case.organisation,
        "cvr": case.cvr,
        "party_type": case.party_type,
        "approved_at": approved_at.astimezone(UTC).isoformat() if approved_at else None,
        "org_contact": _person(case.org_contact),
        "technical_contacts": technical,
        "agreements": agreements,
    }
