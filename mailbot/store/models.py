"""Tables. Every stage of the pipeline reads and writes these, so a crash between stages loses nothing."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import CIDR
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from ..core.vocabulary import InboundStatus, OutboundStatus


class UTCDateTime(TypeDecorator[datetime]):
    """Moments are stored in UTC and come back aware, on SQLite (which has no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), **kw))


class CaseRow(SQLModel, table=True):
    __tablename__ = "cases"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(index=True, unique=True, max_length=32)
    state: str = Field(index=True, max_length=40)
    organisation: str | None = None
    cvr: str | None = Field(default=None, index=True, max_length=8)
    party_type: str | None = None
    umbrella: str | None = None
    language: str = Field(default="da", max_length=5)
    domain: str | None = Field(default=None, index=True)
    needs_attention: bool = False
    attention_reason: str | None = None
    on_hold: bool = False
    owner: str | None = Field(default=None, max_length=320)  # the staff member who took the case
    installation_at: datetime | None = _ts()
    waiting_since: datetime | None = _ts()
    # the rest of the case value (agreements, form, contacts' roles, flags) as one document
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime | None = _ts()
    updated_at: datetime | None = _ts()


class CaseAliasRow(SQLModel, table=True):
    """A reference of a case merged into another: mail that names it finds the case that took it in."""

    __tablename__ = "case_aliases"

    ref: str = Field(primary_key=True, max_length=32)
    case_id: int = Field(foreign_key="cases.id", index=True)
    old_id: int = 0  # the merged case's own id, never given to a new case (SQLite would reuse the highest)


class CaseScopeRow(SQLModel, table=True):
    """One IP scope of a case as an indexed range, so the overlap check asks an index instead of loading
    every case: PostgreSQL by `net && :scope` on a GiST index, SQLite by the range (`lo`/`hi`, fixed-width
    hex so 128-bit IPv6 values compare as text). Written with the case (store/scopes.py), same transaction."""

    __tablename__ = "case_scopes"
    __table_args__ = (
        Index("ix_case_scopes_range", "family", "lo", "hi"),
        Index("ix_case_scopes_net", "net", postgresql_using="gist", postgresql_ops={"net": "inet_ops"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    pos: int = 0  # its place in the case's list: the check names the first overlap in case and list order
    scope: str  # as the case holds it (what the case machine compares)
    net: str = Field(sa_column=Column(String().with_variant(CIDR(), "postgresql"), nullable=False))
    family: int  # 4 or 6
    lo: str = Field(max_length=32)  # first address, 32 hex digits
    hi: str = Field(max_length=32)  # last address, 32 hex digits


class ContactRow(SQLModel, table=True):
    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("case_id", "email", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    email: str = Field(index=True)
    name: str | None = None
    phone: str | None = None
    role: str = "sender"


class InboundRow(SQLModel, table=True):
    """The ledger: one row per distinct mail (by hash of its bytes); the raw .eml is kept here."""

    __tablename__ = "inbound"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, max_length=64)
    source_key: str = Field(index=True)
    message_id: str | None = Field(default=None, index=True)
    size: int = 0
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # b"" once kept in the raw store
    # where the raw mail is kept (mailbot/store/raw.py): "lo:<oid>" or "file:ab/<sha256>.eml"; None: in `raw`
    raw_ref: str | None = Field(default=None, max_length=100)
    # stored -> parsed -> routed -> done (final); "failed" after repeated errors
    status: str = Field(default=InboundStatus.STORED, index=True, max_length=20)  # an InboundStatus
    outcome: str | None = None  # an Outcome: where the mailbox files it
    filed: bool = Field(default=False, index=True)
    sender: str | None = None
    subject: str | None = None
    automated: str | None = None
    reading: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    route: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    reason: str | None = None
    attempts: int = 0
    last_error: str | None = None
    received_at: datetime | None = _ts()
    updated_at: datetime | None = _ts()


class TimelineRow(SQLModel, table=True):
    __tablename__ = "timeline"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    at: datetime | None = _ts()
    kind: str
    text: str
    actor: str = "system"
    inbound_id: int | None = Field(default=None, foreign_key="inbound.id")
    outbound_id: int | None = Field(default=None, foreign_key="outbound.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OutboundRow(SQLModel, table=True):
    """The outbox: written in the same transaction as the decision that caused it."""

    __tablename__ = "outbound"
    # the loop breaker counts today's sent mail: by status alone it read every mail ever sent (bench/scale.py)
    __table_args__ = (Index("ix_outbound_status_sent_at", "status", "sent_at"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(unique=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    step: str = Field(index=True)
    role: str = "party"
    language: str = "da"
    to_addrs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cc_addrs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reply_subject: str | None = None
    attachments: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=OutboundStatus.QUEUED, index=True, max_length=20)  # an OutboundStatus
    subject: str | None = None
    raw: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    attempts: int = 0
    next_attempt_at: datetime | None = _ts()
    claimed_at: datetime | None = _ts()
    last_error: str | None = None
    created_at: datetime | None = _ts()
    sent_at: datetime | None = _ts()


class MailboxCursorRow(SQLModel, table=True):
    __tablename__ = "mailbox_cursors"
    __table_args__ = (UniqueConstraint("mailbox", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str
    folder: str
    uidvalidity: int | None = None
    last_uid: int = 0


class SettingRow(SQLModel, table=True):
    """Small durable facts of the daemon: when the last digest went out, mailbox outage state."""

    __tablename__ = "settings"

    key: str = Field(primary_key=True)
    value: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class WebSessionRow(SQLModel, table=True):
    """A staff member's signed-in session of the web view: the cookie names it, sign-out and expiry end it
    here, so a cookie copied before sign-out reads nothing afterwards."""

    __tablename__ = "web_sessions"

    id: str = Field(primary_key=True, max_length=64)  # SHA-256 of the cookie's session id (never the id itself)
    email: str
    created_at: datetime | None = _ts(nullable=False)
    expires_at: datetime | None = _ts(nullable=False, index=True)
    ended_at: datetime | None = _ts()


class WebhookRow(SQLModel, table=True):
    """An event for the agreement system's webhook ([export] webhook_url), stored in the transaction that
    decided it and sent from here until the receiver answers 2xx: the body is fixed when stored (so every
    retry is signed the same), and `event_key` (sent as Idempotency-Key) lets the receiver drop a repeat."""

    __tablename__ = "webhook_outbox"

    id: int | None = Field(default=None, primary_key=True)
    event_key: str = Field(unique=True, max_length=200)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    kind: str = Field(max_length=40)
    body: str  # the exact JSON sent (UTF-8), what the signature is over
    status: str = Field(default="queued", index=True, max_length=20)  # queued, sending, sent
    attempts: int = 0
    next_attempt_at: datetime | None = _ts()
    claimed_at: datetime | None = _ts()
    last_error: str | None = None
    created_at: datetime | None = _ts()
    sent_at: datetime | None = _ts()
