"""What can happen to a case. The shell turns routed mail and the clock into these."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import AliasChoices, ConfigDict, Field, JsonValue

from .case import Case
from .readings import Document, Open, Problem
from .vocabulary import NoticeKind


@dataclass(frozen=True)
class MailRef:
    """Enough of an inbound mail to answer it and to name it on the timeline."""

    inbound_id: int | None
    message_id: str | None
    references: tuple[str, ...] = ()
    subject: str | None = None


@dataclass(frozen=True)
class PartyMail:
    """A trusted mail from the connecting party (a known contact or its learned domain), or a first inquiry."""

    sender: str
    sender_name: str | None
    language: str
    mail: MailRef
    documents: tuple[Document, ...] = ()
    body_text: str = ""
    forwarded_text: str = ""  # a mail forwarded as an attachment: the party's own words, by a colleague's hand
    cvrs: tuple[str, ...] = ()
    # networks of other cases, for the overlap check: (case ref, cidr)
    other_scopes: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()  # of the mail itself, e.g. an attachment we cannot open
    # the sender's domain passed DMARC at MedCom's servers, or no servers are configured to say so:
    # only then may the case learn the domain (and so trust the sender's colleagues)
    verified: bool = True
    # a machine sent the party's documents (a signing service): they count, its address is never answered
    machine: bool = False


@dataclass(frozen=True)
class TdcMail:
    sender: str
    kind: str  # installation_date, equipment_shipped, installed, coordination_meeting, question, unknown
    when: str | None
    mail: MailRef
    body_text: str = ""


@dataclass(frozen=True)
class StaffCommand:
    by: str
    command: str  # approve, reject, note, hold, resume
    argument: str = ""
    mail: MailRef | None = None
    # an approval may release a form kept from earlier: it is checked against other cases' networks
    other_scopes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReadingCorrection:
    """A staff member confirms or corrects fields of the information form the bot read (the web view).

    `corrections` holds (field, value) pairs; a field is a name of the form's reading (contracts.md
    section 1) or a path into it (`installation_address.city`, `technical_contacts.0.email`).
    `confirmed` names fields read right as they are: their problems (e.g. `uncertain`) are dropped.
    The form is then judged again, as if the party had sent it so."""

    by: str
    corrections: tuple[tuple[str, Any], ...] = ()
    confirmed: tuple[str, ...] = ()
    other_scopes: tuple[tuple[str, str], ...] = ()
    # the person checked the whole reading against the document (the confirm view): the reader's doubts
    # about the document as a whole (read by OCR, read from the mail's text) are settled too
    whole: bool = False


@dataclass(frozen=True)
class UntrustedMail:
    """A mail about this case from someone not entitled to move it: recorded and shown to staff only."""

    sender: str
    reason: str
    mail: MailRef
    # the party's documents read in it (their kinds): it may hold what the case waits for (a colleague writing
    # from another domain), so the party is not reminded of it until a person has looked
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bounce:
    """A delivery failure of one of our mails about this case."""

    sender: str
    mail: MailRef
    detail: str = ""


@dataclass(frozen=True)
class Ownership:
    """A staff member takes the case, so that two do not work it at once, or lets it go."""

    by: str
    take: bool


@dataclass(frozen=True)
class Merge:
    """Staff found that `other` is the same organisation: its facts, contacts and references join this case
    (the shell moves its mail and timeline here, and its reference then finds this case)."""

    by: str
    other: Case


@dataclass(frozen=True)
class MailMoved:
    """Staff put a mail onto another case: recorded on the case it leaves (`arriving` False) and on the one
    it joins (`arriving` True), where the shell then decides the mail again."""

    by: str
    inbound_id: int
    other_ref: str
    arriving: bool
    subject: str | None = None
    split: bool = False  # the mail left to open a new case (a split)


@dataclass(frozen=True)
class Tick:
    """Time passed: reminders and deadlines are checked."""

    reason: str = "clock"


Event = (PartyMail | TdcMail | StaffCommand | ReadingCorrection | UntrustedMail | Bounce | Tick | Ownership | Merge
         | MailMoved)


class FieldChange(Open):
    """One field of the form's reading a person corrected: its path, what was read, what it is now."""

    field: str
    before: JsonValue = Field(default=None, validation_alias=AliasChoices("from", "before"), serialization_alias="from")
    after: JsonValue = Field(default=None, validation_alias=AliasChoices("to", "after"), serialization_alias="to")


class TimelineDetail(Open):
    """What a timeline entry records beside its text, by the entry's kind; only the keys given are written
    (`as_json`: the timeline's detail column, which the staff view and the digest read)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    _OPTIONAL = frozenset({"from_state", "to_state", "problems", "changes", "confirmed", "notice_kind", "other",
                           "other_state", "inbound_id"})

    # "state": the state left and the state entered
    from_state: str | None = Field(default=None, validation_alias=AliasChoices("from", "from_state"),
                                   serialization_alias="from")
    to_state: str | None = Field(default=None, validation_alias=AliasChoices("to", "to_state"),
                                 serialization_alias="to")
    problems: list[Problem] | None = None  # "agreements", "form", "signatures": what the judgement found
    changes: list[FieldChange] | None = None  # "reading_corrected": what a person changed ...
    confirmed: list[str] | None = None  # ... and the fields a person confirmed as read
    notice_kind: NoticeKind | None = None  # "staff_notice"
    other: str | None = None  # "merged", "mail_moved": the other case's reference
    other_state: str | None = None  # "merged": the state the other case was in
    inbound_id: int | None = None  # "mail_moved": the mail moved


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    text: str
    actor: str = "system"
    detail: TimelineDetail = field(default_factory=TimelineDetail)
