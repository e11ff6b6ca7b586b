"""What one stage hands the next, as types (the reading itself is `parsers.reading.Reading`).

Route (route -> decide), StaffNotice (anyone -> render, inside an outgoing mail's context) and
OutgoingMail (the case machine or the shell -> the outbox). Pure data: pydantic models, stored in the
database's JSON columns with `model_dump(mode="json")` and loaded with `model_validate`.
"""
from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from .events import MailRef
from .vocabulary import DocumentKind, NoticeKind, Outcome, Role, RouteAction, Step


class TdcReply(BaseModel):
    """What TDC's mail says (read by the route stage, so decide only decides)."""

    kind: str = "unknown"  # installation_date, shipped, completed, meeting, unknown
    when: str | None = None  # ISO 8601, local time as TDC wrote it


class StaffCommandReading(BaseModel):
    """The command on a staff mail's first line (contracts.md section 4), read by the route stage."""

    command: str
    argument: str = ""


class Route(BaseModel):
    """The route stage's verdict on one mail: which case, who wrote, and what decide should do."""

    action: RouteAction = RouteAction.RECORD
    role: Role = Role.UNKNOWN
    outcome: Outcome = Outcome.PROCESSED
    reason: str | None = None
    case_id: int | None = None
    cases: list[str] = Field(default_factory=list)  # the references an ambiguous mail points to
    notify: bool = True  # False: listed in the digest, no notice of its own (likely spam)
    machine: bool = False  # a machine's mail with a party's documents (a signing service): never answered
    verified: bool = True  # the sender passed DMARC/DKIM (or no authserv_ids are configured)
    tdc: TdcReply | None = None  # action tdc: what TDC wrote
    command: StaffCommandReading | None = None  # action staff: the command, None when there is none
    # action inquiry: the newest case's id when the chain found no case for the mail; decide opens one only if
    # no case was opened since (None, as a route stored before it was kept: the mail is routed again)
    newest_case: int | None = None


class StaffNotice(BaseModel):
    """A notice to staff: the `notice` of a staff_notice mail's template context."""

    kind: NoticeKind
    summary: str
    details: list[str] = Field(default_factory=list)
    sender: str | None = Field(default=None, validation_alias=AliasChoices("from", "sender"),
                               serialization_alias="from")
    subject: str | None = None
    merged: int = 0  # later notices about the same sender within the hour, counted into this one

    def context(self, tdc_kind: str | None = None) -> dict[str, Any]:
        """The template context of the staff_notice mail that carries it (the summary is its reason, but for
        one person's own mail)."""
        notice = self.model_dump(mode="json", by_alias=True)
        if not self.merged:
            del notice["merged"]
        return {"notice": notice, "reason": None if self.kind.personal else self.summary, "tdc_kind": tdc_kind}


class Attachment(BaseModel):
    """A file an outgoing mail carries: one of our blank forms, or a document a mail brought in."""

    blank: DocumentKind | None = None  # our blank agreement or form of this kind, in the mail's language
    inbound: int | None = None  # else: the inbound mail that holds it ...
    filename: str | None = None  # ... under this name


class OutgoingMail(BaseModel):
    """A mail to send; the shell queues it atomically with the decision and renders it from templates."""

    model_config = ConfigDict(frozen=True)

    step: Step
    to: tuple[str, ...]
    role: str  # party, tdc, staff
    language: str
    cc: tuple[str, ...] = ()
    in_reply_to: MailRef | None = None
    attachments: tuple[Attachment, ...] = ()
    context: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def staff_notice(cls, notice: StaffNotice, staff: tuple[str, ...], tdc_kind: str | None = None,
                     language: str = "da") -> OutgoingMail:
        """A notice to staff, in the staff's configured language ([addresses] staff_language)."""
        return cls(step=Step.STAFF_NOTICE, to=tuple(staff), role="staff", language=language,
                   context=notice.context(tdc_kind))
