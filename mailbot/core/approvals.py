"""What the agreement system is told about a party whose agreements are approved. Pure: the case machine
emits `PartyApproved` beside its mails, and the export (a file or the webhook) writes `party_record`.

The record says only what the case holds: the contacts of the information form once one is read (before
that they are empty, never guessed from a sender), the signatories and dates the signed agreements carry.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

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


@dataclass(frozen=True)
class RecordedPerson:
    """A contact as the agreement system is told it (an empty value is None, never "")."""

    name: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class RecordedAgreement:
    """One accepted agreement: who signed it, and when."""

    kind: str
    signature_date: str | None
    signatory_name: str | None
    signatory_title: str | None
    signatory_email: str | None


@dataclass(frozen=True)
class PartyRecord:
    """One approved party as the agreement system takes it; `mailbot export` and the webhook write it as JSON
    (its fields in this order) or CSV, their edge."""

    ref: str
    organisation: str | None
    cvr: str | None
    party_type: str | None
    approved_at: str | None  # ISO 8601, UTC
    org_contact: RecordedPerson | None
    technical_contacts: list[RecordedPerson]
    agreements: list[RecordedAgreement]


def _person(found: Person | None) -> RecordedPerson | None:
    if found is None or not (found.name or found.email or found.phone):
        return None
    return RecordedPerson(found.name or None, found.email or None, found.phone or None)


def party_record(case: Case, approved_at: datetime | None) -> PartyRecord:
    """One approved party as the agreement system takes it (the JSON of `mailbot export` and the webhook)."""
    agreements = [RecordedAgreement(kind, fields.signature_date or None, fields.signatory_name or None,
                                    fields.signatory_title or None, fields.signatory_email or None)
                  for kind, fields in sorted(case.agreements.items())]
    return PartyRecord(
        ref=case.ref, organisation=case.organisation, cvr=case.cvr, party_type=case.party_type,
        approved_at=approved_at.astimezone(UTC).isoformat() if approved_at else None,
        org_contact=_person(case.org_contact),
        technical_contacts=[p for p in (_person(t) for t in case.technical_contacts) if p],
        agreements=agreements)
