"""The project's one vocabulary: every code a case, a reading, a route or a database row is spoken in.

Each is a `StrEnum` whose values are the strings the database, `mailbot parse`, `mailbot cases --json`
and the `X-SDN-Step` header have always carried (contracts.md), so a member *is* its stored string:
`State.CONNECTED == "connected"`, `json.dumps` writes it as that string. Everything else imports from
here and repeats none of it. This module imports nothing of the project, so `parsers/` may import it
(the only module of `mailbot` that parsers do) without a cycle.
"""
from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """The states of a case (domain.md), in process order: the digest and the web view list them so."""

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
    """What an outgoing mail is (the `X-SDN-Step` values of contracts.md section 5), in process order;
    each has a template per language in outbox_templates/."""

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


class DocumentKind(StrEnum):
    """What a PDF is (contracts.md section 1, a document's `kind`)."""

    CONNECTION_AGREEMENT = "connection_agreement"
    DATA_PROCESSOR_AGREEMENT = "data_processor_agreement"
    SUB_DATA_PROCESSOR_AGREEMENT = "sub_data_processor_agreement"
    INFORMATION_FORM = "information_form"
    UNKNOWN = "unknown"


AGREEMENT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind.CONNECTION_AGREEMENT, DocumentKind.DATA_PROCESSOR_AGREEMENT,
    DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT,
)


class PartyType(StrEnum):
    """An information form's `party_type` (contracts.md section 1). Which are pre-approved, which go to the
    steering group and which sign the sub-data processor agreement is configuration (`[rules]`)."""

    REGION = "region"
    MUNICIPALITY = "municipality"
    PUBLIC_HOSPITAL = "public_hospital"
    PRIVATE_HOSPITAL = "private_hospital"
    PRACTITIONER = "practitioner"
    PHARMACY = "pharmacy"
    LABORATORY = "laboratory"
    IT_SUPPLIER = "it_supplier"
    FOREIGN = "foreign"
    OTHER = "other"


class ProblemCode(StrEnum):
    """A problem's `code` in a reading (contracts.md section 1: keep these, extend as needed)."""

    NOT_SIGNED = "not_signed"
    MISSING_FIELD = "missing_field"
    MISSING_DOCUMENT = "missing_document"
    INVALID_CVR = "invalid_cvr"
    MISMATCH = "mismatch"
    WRONG_TEMPLATE = "wrong_template"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    INVALID_IP_SCOPE = "invalid_ip_scope"
    IP_SCOPE_OVERLAP = "ip_scope_overlap"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    TOO_LARGE = "too_large"
    UNKNOWN_DOCUMENT = "unknown_document"
    UNCERTAIN = "uncertain"
    CHANGED_AFTER_SIGNING = "changed_after_signing"
    SIGNATURE_INVALID = "signature_invalid"
    SIGNER_MISMATCH = "signer_mismatch"
    SIGNER_UNTRUSTED = "signer_untrusted"
    # the mail itself
    TIMEOUT = "timeout"
    PARSE_ERROR = "parse_error"
    MALFORMED_HEADER = "malformed_header"
    MALFORMED_MAIL = "malformed_mail"
    NOT_PDF = "not_pdf"
    UNSUPPORTED_ATTACHMENT = "unsupported_attachment"
    UNTRUSTED_SENDER = "untrusted_sender"


# a mail the reader could not read at all: nothing in it may move a case
UNREAD_CODES = frozenset({ProblemCode.TOO_LARGE, ProblemCode.TIMEOUT, ProblemCode.PARSE_ERROR})


class Role(StrEnum):
    """Who a mail's sender is to the bot."""

    SELF = "self"
    STAFF = "staff"
    TDC = "tdc"
    PARTY = "party"
    UNKNOWN = "unknown"


class RouteAction(StrEnum):
    """What the decide stage does with a routed mail."""

    RECORD = "record"  # kept and shown, never acted on
    AMBIGUOUS = "ambiguous"  # the clues name several cases: staff choose
    BOUNCE = "bounce"  # our mail to the case's contact came back
    UNTRUSTED = "untrusted"  # about a case, from someone who may not move it
    STAFF = "staff"  # a staff command on a case
    TDC = "tdc"  # TDC's dates or completion
    PARTY = "party"  # the party writes on its case
    INQUIRY = "inquiry"  # a new case


class Outcome(StrEnum):
    """Where a finished inbound mail is filed (and what `mailbot health` counts)."""

    PROCESSED = "processed"
    NEEDS_ATTENTION = "needs_attention"
    FAILED = "failed"


class InboundStatus(StrEnum):
    """An inbound row's place in the pipeline: stored -> parsed -> routed -> done; failed after retries."""

    STORED = "stored"
    PARSED = "parsed"
    ROUTED = "routed"
    DONE = "done"
    FAILED = "failed"


class OutboundStatus(StrEnum):
    """An outbound row: queued -> rendered -> sending -> delivering (the final "." is going out) -> sent;
    held (loop breaker), failed (permanent), uncertain (a crash after the final "."), dry_run."""

    QUEUED = "queued"
    RENDERED = "rendered"
    SENDING = "sending"
    DELIVERING = "delivering"
    SENT = "sent"
    HELD = "held"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    DRY_RUN = "dry_run"
