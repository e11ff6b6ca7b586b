"""What the staff view's pages show, as types: the queries (`queries.py`) build these, the templates read
their attributes. A stored reading is loaded into the document model here once, at the page's edge, so a
template meets `Problem`s and `Signature`s, never a misspelt key."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..core.case import FormAttachment
from ..core.readings import Document, FormFields, Problem, Signature, Spot


@dataclass(frozen=True)
class CaseLine:
    """A case as a list shows it (the overview, the queue); `since`: what the queue is ordered by."""

    id: int | None
    ref: str
    state: str
    organisation: str | None
    cvr: str | None
    party_type: str | None
    attention: bool
    reason: str
    on_hold: bool
    owner: str | None
    updated_at: datetime | None
    installation_at: datetime | None
    since: datetime | None = None


@dataclass(frozen=True)
class CaseHead(CaseLine):
    """A case as its own page shows it at the top."""

    umbrella: str | None = None
    language: str = "da"
    domain: str | None = None
    ip_scopes: tuple[str, ...] = ()
    waiting_for: str | None = None


@dataclass(frozen=True)
class Overview:
    """The overview: the funnel live, and the cases a filter and a search match (at most `limit`)."""

    funnel: list[tuple[str, int]]
    most: int
    total_cases: int
    open: int
    needs_human: int
    cases: list[CaseLine]
    matching: int
    limit: int


@dataclass(frozen=True)
class ShownDocument:
    """One document of a mail as read, and its place in the mail's reading (`index`, for its link). `fields`
    are the reading's values as stored (the page lists each, a contact's or the address's parts joined)."""

    index: int
    filename: str
    kind: str
    fields: Mapping[str, object]
    confidence: Mapping[str, float]
    problems: list[Problem]
    signatures: list[Signature]
    positions: Mapping[str, Spot]

    @classmethod
    def of(cls, doc: Document, index: int) -> ShownDocument:
        return cls(index=index, filename=doc.filename, kind=str(doc.kind), fields=doc.fields.as_json(),
                   confidence=doc.confidence, problems=list(doc.problems), signatures=list(doc.signatures),
                   positions=doc.positions)


@dataclass(frozen=True)
class MailIn:
    """A mail in, with what was read in it and the sender's own words (cut for the page)."""

    id: int | None
    at: datetime | None
    sender: str | None
    subject: str | None
    outcome: str | None
    reason: str | None
    automated: str | None
    documents: list[ShownDocument]
    problems: list[Problem]
    words: str


@dataclass(frozen=True)
class MailOut:
    """A mail out: its step, whom it went to, and how sending went."""

    id: int | None
    step: str
    status: str
    to: list[str]
    cc: list[str]
    subject: str | None
    at: datetime | None
    error: str | None


@dataclass(frozen=True)
class ContactLine:
    email: str
    name: str | None
    phone: str | None
    role: str


@dataclass(frozen=True)
class TimelineLine:
    at: datetime | None
    kind: str
    text: str
    actor: str
    inbound_id: int | None
    outbound_id: int | None


@dataclass(frozen=True)
class CasePage:
    """One case, whole: the head, contacts, timeline, every mail in and out, and the form's reading."""

    case: CaseHead
    contacts: list[ContactLine]
    timeline: list[TimelineLine]
    mails_in: list[MailIn]
    mails_out: list[MailOut]
    form: FormFields | None
    form_problems: list[Problem]
    form_attachment: FormAttachment
    correctable: bool


@dataclass(frozen=True)
class Evidence:
    """What a person needs beside the reading: the form's document and its mail, and the mails' own words."""

    mail: MailIn | None
    doc: ShownDocument | None
    words: list[MailIn] = field(default_factory=list)


@dataclass(frozen=True)
class FormRow:
    """One editable line of the form's reading: a value (or a part of one), and the problems of its field
    (shown on the field's first line only)."""

    path: str
    value: str
    kind: str  # "text", or "list" (the IP scopes, comma-separated)
    root: str
    problems: list[Problem]
    uncertain: bool
