"""Mail written by machines (RFC 3834): auto-replies, bounces, list mail. The bot never answers them."""
from __future__ import annotations

import re
from collections.abc import Callable

# Addresses nobody reads (RFC 2142's mailbox names aside): "no-reply" senders of notifications, and the
# list managers' own addresses (owner-list, list-request, list-bounces, as Majordomo, Mailman, ezmlm write
# them). A reply to them reaches nobody, or a machine that answers again.
_UNREAD_SENDER = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|no[-_.]?response|noreply|post_master|owner-[^@]+"
    r"|[^@]+-(?:bounces?|request|owner))(?:[+@]|$)", re.I)
# An auto-reply subject prefix as mail programs write it (Outlook, Exchange, Gmail, Apple, Notes, Danish UIs)
_AUTO_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:automatisk\s+svar|autosvar|auto(?:matic)?[\s-]*(?:reply|response|answer)|autoreply"
    r"|out\s+of\s+(?:the\s+)?office(?:\s+auto[\s-]*reply)?|fraværende|fravær|ikke\s+på\s+kontoret"
    r"|abwesenheitsnotiz|automatische\s+antwort|frånvaro|fraværsmelding|autosvar\s+fra)\s*:", re.I)
# Lotus/HCL Notes and some webmails: "<name> er ikke på kontoret." / "<name> is out of the office."
_AUTO_SUBJECT_SUFFIX = re.compile(
    r"^[^:]{1,80}\s(?:is\s+out\s+of\s+(?:the\s+)?office|er\s+ikke\s+på\s+kontoret|er\s+fraværende)"
    r"(?:\s*\([^)]*\))?\s*[.!]?\s*$", re.I)
_AUTO_SUBJECT_ANY = re.compile(
    r"automatisk\s+svar|autosvar|auto[\s-]*reply|automatic\s+reply|out\s+of\s+(?:the\s+)?office|fraværende"
    r"|ikke\s+på\s+kontoret|på\s+ferie|on\s+vacation|on\s+holiday", re.I)
_REPLY_PREFIX = re.compile(r"^\s*(?:re|sv|aw|vs|fw|fwd|wg|vb|antw|odp)\s*:", re.I)
_BOUNCE_SENDER = re.compile(
    r"^(?:mailer-daemon|postmaster|post_master|mail-daemon|mailerdaemon|bounces?|microsoftexchange[0-9a-f]{32})"
    r"(?:[@+]|$)", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliver(?:able|ed)|delivery\s+(?:status\s+notification|failure|has\s+failed|delayed|incomplete)"
    r"|returned\s+mail|mail\s+delivery\s+failed|kunne\s+ikke\s+leveres|kan\s+ikke\s+leveres|ikke\s+leveret"
    r"|levering\s+(?:mislykkedes|forsinket|fejlede)|forsinket\s+levering|non[-\s]?delivery|failure\s+notice"
    r"|delayed\s+mail|warning:\s+(?:message|delayed)|message\s+not\s+delivered|unzustellbar"
    r"|nicht\s+zustellbar|olevererbart|ikke\s+levert)", re.I)
# Outlook's and others' read receipts when they come without multipart/report
_RECEIPT_SUBJECT = re.compile(r"^\s*(?:læst|read|ikke\s+læst|not\s+read|gelesen|läst|lest)\s*:", re.I)


def machine_hints(get: Callable[[str], str | None], get_all: Callable[[str], list[str]],
                  from_addr: str | None, subject: str) -> bool:
    """Headers that say a machine may have written the mail: only then are its words read for a bounce
    (flufl.bounce's detectors cost about 0.1 s a mail, and a person may quote a bounce)."""
    sender = (from_addr or "").lower()
    auto_submitted = (get("Auto-Submitted") or "").strip().lower()
    return_path = get_all("Return-Path")
    return (bool(auto_submitted) and not auto_submitted.startswith("no")) \
        or (bool(return_path) and return_path[0].strip() in ("<>", "")) \
        or (get("Precedence") or "").strip().lower() in ("bulk", "junk", "list") \
        or any(w in sender for w in ("mailer", "postmaster", "daemon")) or "@" not in sender \
        or bool(_BOUNCE_SENDER.match(sender)) or bool(_UNREAD_SENDER.match(sender)) \
        or bool(_BOUNCE_SUBJECT.search(subject)) \
        or bool(get("X-Failed-Recipients"))


def classify_automated(get: Callable[[str], str | None], get_all: Callable[[str], list[str]],
                       content_type: str, report_type: str | None, from_addr: str | None,
                       subject: str, bounce: str | None = None) -> str | None:
    """"bounce", "auto_reply", "list" or None, from headers (and the subject where mail programs
    mark auto-replies only there). A bounce is decided first, before list and auto-reply headers.

    bounce says what the body's structure found: "dsn" (a delivery or disposition report that says
    failed), "heuristic" (flufl.bounce found failed recipients in the text), "returned" (our own mail
    is attached). The text alone counts only with a machine's headers: a human may quote a bounce."""
    sender = (from_addr or "").lower()
    rtype = (report_type or "").strip().lower()
    if content_type == "multipart/report":
        # A read receipt (MDN) is no bounce but nobody wrote it either: "auto_reply", never answered;
        # a sieve reject (an MDN that says "deleted") is a failure of our mail
        if rtype == "disposition-notification":
            return "bounce" if bounce == "dsn" else "auto_reply"
        # delivery-status (failure, delay or success) and any other machine report
        return "bounce"
    if bounce == "dsn":
        return "bounce"
    auto_submitted = (get("Auto-Submitted") or "").strip().lower()
    machine_submitted = bool(auto_submitted) and not auto_submitted.startswith("no")
    return_path = get_all("Return-Path")
    null_sender = bool(return_path) and return_path[0].strip() in ("<>", "")
    precedence = (get("Precedence") or "").strip().lower()
    machine = machine_submitted or null_sender or precedence in ("bulk", "junk", "list") \
        or "mailer" in sender or "postmaster" in sender or "daemon" in sender or "@" not in sender
    unread_sender = bool(_UNREAD_SENDER.match(sender))
    machine = machine or unread_sender
    if _BOUNCE_SENDER.match(sender):
        return "bounce"
    if get("X-Failed-Recipients"):
        return "bounce"
    if _BOUNCE_SUBJECT.match(subject) and (machine or bounce is not None):
        return "bounce"
    if bounce == "heuristic" and (machine or _BOUNCE_SUBJECT.search(subject)):
        return "bounce"
    if bounce == "returned" and (null_sender or "@" not in sender or unread_sender):
        return "bounce"
    if machine_submitted:
        return "auto_reply"
    if (get("X-Autoreply") or "").strip().lower() not in ("", "no", "false", "0") or get("X-Autorespond") \
            or get("X-Autorespond-Sender") or (get("X-Auto-Response") or "").strip() or get("X-Autogenerated"):
        return "auto_reply"
    if precedence in ("auto_reply", "auto-reply"):
        return "auto_reply"
    exchange_auto = any((get(h) or "") for h in ("X-MS-Exchange-Inbox-Rules-Loop",
                                                  "X-MS-Exchange-Generated-Message-Source",
                                                  "X-MS-Exchange-Organization-AutoResponse"))
    # X-Auto-Response-Suppress alone is no proof (Outlook puts it on meeting requests and more), only
    # support for a subject that already looks like an out-of-office notice
    suppress = bool(get("X-Auto-Response-Suppress"))
    if _AUTO_SUBJECT_PREFIX.match(subject):
        return "auto_reply"
    if not _REPLY_PREFIX.match(subject) and _AUTO_SUBJECT_SUFFIX.match(subject) \
            and not re.match(r"^\s*(?:i|we|vi|jeg)\b", subject, re.I):
        return "auto_reply"
    if _AUTO_SUBJECT_ANY.search(subject) and not _REPLY_PREFIX.match(subject) and (exchange_auto or suppress):
        return "auto_reply"
    if get("List-Id") or get("List-Unsubscribe") or get("List-Post") or precedence in ("bulk", "list", "junk"):
        return "list"
    if get("Feedback-ID") and get("List-Unsubscribe-Post"):
        return "list"
    if null_sender:
        return "bounce" if _BOUNCE_SUBJECT.match(subject) else "auto_reply"
    if _RECEIPT_SUBJECT.match(subject) and get("Original-Message-ID"):
        return "auto_reply"
    if unread_sender:
        return "auto_reply"  # a notification from an address nobody reads: recorded, never answered
    return None
