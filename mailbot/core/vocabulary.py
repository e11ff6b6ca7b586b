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
    held (loop breaker), failed (permanent), uncertain (a crash after the final "."), dry_run; withdrawn (a
    request to the party that was still queued when its case no longer wanted it: never sent)."""

    QUEUED = "queued"
    RENDERED = "rendered"
    SENDING = "sending"
    DELIVERING = "delivering"
    SENT = "sent"
    HELD = "held"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    DRY_RUN = "dry_run"
    WITHDRAWN = "withdrawn"


class NoticeKind(StrEnum):
    """What a notice to staff is about (a `staff_notice` mail's `notice.kind`). What belongs to each kind
    is said here once: its subject (`label`, an English source string translated in every catalog under
    the context "notice kind"), whether later notices are counted into an earlier one (`merged`), and
    whether it is one person's own mail (`personal`)."""

    NEEDS_ATTENTION = "needs_attention"
    STEERING_GROUP = "steering_group"
    TDC_NEEDS_HUMAN = "tdc_needs_human"
    REMINDERS_EXHAUSTED = "reminders_exhausted"
    INSTALLATION_OVERDUE = "installation_overdue"
    UNTRUSTED_SENDER = "untrusted_sender"
    BOUNCE = "bounce"
    UNMATCHED_MAIL = "unmatched_mail"
    AMBIGUOUS_CASE = "ambiguous_case"
    FAILED_MAIL = "failed_mail"
    SEND_FAILED = "send_failed"
    MAILBOX_OUTAGE = "mailbox_outage"
    MAILBOX_RECOVERED = "mailbox_recovered"
    WEB_SIGN_IN = "web_sign_in"

    @property
    def label(self) -> str:
        """The notice's subject, as the English source string of the catalogs (context "notice kind")."""
        return _NOTICE_LABELS[self]

    @property
    def merged(self) -> bool:
        """Notices about strangers and machines: at most one per sender and case an hour, the rest counted
        into it (a flood of mail from one address is one notice)."""
        return self in _MERGED_NOTICES

    @property
    def personal(self) -> bool:
        """A mail for the one staff member who asked (a sign-in link): no reason line, never merged."""
        return self is NoticeKind.WEB_SIGN_IN


def Np_(context: str, message: str) -> str:
    """Marks a source string with its context for `make catalogs` (translated by `pgettext` where it is used);
    here, not in `core.i18n`, so that the readers can name things without loading Babel. `core.i18n` re-exports it."""
    return message


_NOTICE_LABELS: dict[NoticeKind, str] = {
    NoticeKind.NEEDS_ATTENTION: Np_("notice kind", "Case needs attention"),
    NoticeKind.STEERING_GROUP: Np_("notice kind", "Steering group decision"),
    NoticeKind.TDC_NEEDS_HUMAN: Np_("notice kind", "TDC Erhverv needs a reply"),
    NoticeKind.REMINDERS_EXHAUSTED: Np_("notice kind", "Reminders exhausted"),
    NoticeKind.INSTALLATION_OVERDUE: Np_("notice kind", "Installation not reported complete"),
    NoticeKind.UNTRUSTED_SENDER: Np_("notice kind", "Mail from an unknown sender"),
    NoticeKind.BOUNCE: Np_("notice kind", "Mail could not be delivered"),
    NoticeKind.UNMATCHED_MAIL: Np_("notice kind", "Mail without a case"),
    NoticeKind.AMBIGUOUS_CASE: Np_("notice kind", "Mail matches several cases"),
    NoticeKind.FAILED_MAIL: Np_("notice kind", "Mail could not be processed"),
    NoticeKind.SEND_FAILED: Np_("notice kind", "Mail could not be sent"),
    NoticeKind.MAILBOX_OUTAGE: Np_("notice kind", "Mailbox unreachable"),
    NoticeKind.MAILBOX_RECOVERED: Np_("notice kind", "Mailbox working again"),
    NoticeKind.WEB_SIGN_IN: Np_("notice kind", "Sign in to the SDN case view"),
}
_MERGED_NOTICES = frozenset({NoticeKind.UNTRUSTED_SENDER, NoticeKind.UNMATCHED_MAIL, NoticeKind.AMBIGUOUS_CASE,
                             NoticeKind.NEEDS_ATTENTION, NoticeKind.BOUNCE})
