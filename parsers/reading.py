"""A reading as a type: what the parse stage hands the route and decide stages (contracts.md section 1).

The readers build the contract's JSON object (`mailbot parse` prints it as it is); the parse stage
validates it into a `Reading`, stores `model_dump(mode="json", by_alias=True)` in the ledger, and every
later stage loads it with `Reading.model_validate`. Every field has a default, so a reading stored by an
older version (fewer keys) still loads; keys a reader adds that are not named here are kept (extra="allow").
"""
from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from mailbot.core.vocabulary import DocumentKind


class _Open(BaseModel):
    """A contract object: named fields typed, further keys kept as they came (contracts may be extended)."""

    model_config = ConfigDict(extra="allow")

    def as_json(self) -> dict[str, Any]:
        """The stored form: the contract's keys ("from", not "from_")."""
        return self.model_dump(mode="json", by_alias=True)


class Problem(_Open):
    code: str  # a ProblemCode value, or an extension
    message: str = ""


class Delivery(_Open):
    """What a delivery report (a bounce) says about our mail."""

    action: str = "unknown"
    recipients: list[str] = Field(default_factory=list)
    original_message_id: str | None = None


class Message(_Open):
    """One mail's headers and text. The field order is the order `mailbot parse` prints."""

    message_id: str | None = None
    sender: str | None = Field(default=None, validation_alias=AliasChoices("from", "sender"),
                               serialization_alias="from")  # the From address
    to: list[str] = Field(default_factory=list)
    subject: str | None = None
    date: str | None = None
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=list)
    case_ref: str | None = None
    automated: str | None = None  # "auto_reply", "bounce", "list"
    language: str = "da"
    cc: list[str] = Field(default_factory=list)
    reply_to: list[str] = Field(default_factory=list)
    sender_name: str | None = None
    body_text: str = ""
    body_new_text: str = ""
    cvrs: list[str] = Field(default_factory=list)
    auth: dict[str, Any] = Field(default_factory=lambda: {"dmarc": None, "dkim": None, "spf": None})
    problems: list[Problem] = Field(default_factory=list)
    from_untrusted: str | None = None
    subject_ref: str | None = None
    delivery: Delivery | None = None
    quoted_message_ids: list[str] = Field(default_factory=list)  # ours, quoted by a bounce (returned.py)
    # S/MIME (parsers/containers/smime.py): who signed the mail itself (kind, signer, organisation, cvr,
    # email, valid, trusted, error, attached), and every signature found in it, signed files included
    smime: dict[str, Any] | None = None
    smime_all: list[dict[str, Any]] = Field(default_factory=list)


class Document(_Open):
    """One PDF (or one of the documents a PDF holds); `fields` as contracts.md lists them per kind."""

    filename: str = "document.pdf"
    kind: DocumentKind = DocumentKind.UNKNOWN
    fields: dict[str, Any] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)


class Reading(_Open):
    message: Message | None = None  # None for a PDF read on its own
    documents: list[Document] = Field(default_factory=list)

    @classmethod
    def failed(cls, code: str, message: str, *, is_pdf: bool, filename: str | None = None,
               limit: str | None = None) -> Reading:
        """Nothing could be read: the reading says why (the one place this shape is written); `limit` is the
        `[limits]` key a budget hit names."""
        problem = Problem(code=code, message=message, **({"limit": limit} if limit else {}))
        if is_pdf:
            return cls(documents=[Document(filename=filename or "document.pdf", problems=[problem])])
        return cls(message=Message(problems=[problem]))

    @property
    def msg(self) -> Message:
        """The message, or an empty one for a reading of a PDF alone."""
        return self.message or Message()
