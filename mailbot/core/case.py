"""The case as the state machine sees it: an immutable value, so every decision is a pure function."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .readings import Address, AgreementFields, Document, FormFields, Person, Problem
from .states import State


@dataclass(frozen=True)
class Contact:
    email: str
    name: str | None = None
    phone: str | None = None
    role: str = "sender"  # sender, organisational, technical, signatory

    def key(self) -> tuple[str, str]:
        return (self.email.lower(), self.role)


class AcceptedAgreement(AgreementFields):
    """An agreement the case accepted as valid: the fields it carried and the file that brought them. Stored
    flat, the fields beside `filename`, as a case's row always held it, so old rows load as they are."""

    _OPTIONAL = AgreementFields._OPTIONAL | {"filename", "signatory_email"}

    filename: str | None = None
    signatory_email: str | None = None  # no reader reads one today; a case that holds one learns the signatory


@dataclass(frozen=True)
class FormAttachment:
    """Where the information form is: the mail that brought it and its file name there (TDC's order carries it)."""

    inbound: int | None = None
    filename: str | None = None


@dataclass(frozen=True)
class EarlyForm:
    """An information form that came before the agreements were done: judged once they are."""

    doc: Document
    inbound: int | None = None  # the mail that brought it


@dataclass(frozen=True)
class Case:
    ref: str
    state: State = State.INQUIRY
    organisation: str | None = None
    cvr: str | None = None
    party_type: str | None = None
    umbrella: str | None = None
    language: str = "da"
    domain: str | None = None
    contacts: tuple[Contact, ...] = ()
    primary_email: str | None = None
    ip_scopes: tuple[str, ...] = ()
    installation_at: datetime | None = None
    installation_address: Address | None = None
    org_contact: Person | None = None
    technical_contacts: tuple[Person, ...] = ()
    # kinds of agreements received valid, with the fields they carried
    agreements: dict[str, AcceptedAgreement] = field(default_factory=dict)
    form: FormFields | None = None  # the latest information form's fields
    form_attachment: FormAttachment | None = None
    form_problems: tuple[Problem, ...] = ()  # what the form's judgement found
    early_form: EarlyForm | None = None
    # what the party sent that was not read or recognised (file names), since the form was last judged: it
    # may be the form, so the bot asks for the form only when this is empty (or a person said so)
    unread: tuple[str, ...] = ()
    # kinds of agreements the party sent that were read in doubt and wait for a person: not accepted, but
    # never "missing" either (a later mail without them does not make them so), until accepted or APPROVEd
    in_doubt: tuple[str, ...] = ()
    needs_attention: bool = False
    attention_reason: str | None = None
    on_hold: bool = False
    waiting_since: datetime | None = None
    waiting_for: str | None = None  # the step whose answer we wait for (what a reminder is about)
    reminders_sent: int = 0
    escalated: bool = False
    installation_overdue_reported: bool = False
    owner: str | None = None  # the staff member who took the case, so two do not work it at once
    aliases: tuple[str, ...] = ()  # references of cases merged into this one
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def with_(self, **changes: Any) -> Case:
        return replace(self, **changes)

    def contact_emails(self) -> set[str]:
        return {c.email.lower() for c in self.contacts}

    def add_contacts(self, new: list[Contact]) -> Case:
        """Learn contacts without duplicates; a known address with a new role is kept once per role."""
        known = {c.key(): c for c in self.contacts}
        for c in new:
            if not c.email:
                continue
            c = replace(c, email=c.email.lower())
            old = known.get(c.key())
            if old is None:
                known[c.key()] = c
            else:
                known[c.key()] = replace(old, name=old.name or c.name, phone=old.phone or c.phone)
        return replace(self, contacts=tuple(known.values()))
