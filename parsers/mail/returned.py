"""Mail returned by machines: delivery reports (RFC 3464/3462 structure first, then Mailman's
flufl.bounce detectors for the formats real servers write) and our own mail inside them."""
from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from email.message import Message
from mmap import mmap

from flufl.bounce import all_failures

from mailbot.core.refs import DEFAULT_PREFIX, ref_in_message_id

_ORDER = ("failed", "delayed", "delivered", "relayed", "expanded")
logging.getLogger("flufl.bounce").setLevel(logging.CRITICAL)  # its detectors log every exception


def is_our_mail(msg: Message, ref_prefix: str = DEFAULT_PREFIX) -> bool:
    """A message the bot sent: our X-SDN-Case header or a Message-ID of ours (it starts with the reference:
    <SDN-2026-0042.starter_pack.abc@medcom.example>)."""
    try:
        return bool(msg.get("X-SDN-Case")) or bool(ref_in_message_id(str(msg.get("Message-ID", "") or ""), ref_prefix))
    except Exception:
        return False


def _fields(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def _addr(value: str) -> str | None:
    """"rfc822; anna@x.example" -> "anna@x.example"."""
    v = value.split(";", 1)[-1].strip().strip("<>").lower()
    return v if "@" in v else None


@dataclass
class DeliveryReport:
    """What a delivery report says about a mail: what became of it, for whom, which of ours it was, and who
    told (its structure, "dsn", or flufl.bounce's reading of a server's text)."""

    action: str  # "failed", "delayed", "delivered", "relayed" or "unknown"
    recipients: list[str]
    original_message_id: str | None
    detected_by: str  # "dsn" or "flufl.bounce"

    def public(self) -> dict[str, object]:
        """As the reading holds it (`message.delivery`)."""
        return asdict(self)


def _structured(msg: Message) -> DeliveryReport | None:
    """The report's verdict from its message/delivery-status or message/disposition-notification part."""
    actions: list[str] = []
    recipients: list[str] = []
    original: str | None = None
    found = False
    for i, part in enumerate(msg.walk()):
        if i > 200:
            break
        try:
            ctype = part.get_content_type()
        except Exception:
            continue
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            found = True
            for block in _fields(part):
                action = str(block.get("Action", "") or "").strip().lower()
                if action:
                    actions.append(action)
                    rcpt = _addr(str(block.get("Final-Recipient", "") or block.get("Original-Recipient", "") or ""))
                    if rcpt and action == "failed":
                        recipients.append(rcpt)
        elif ctype == "message/disposition-notification":
            blocks = _fields(part)
            text = " ".join(str(b.get("Disposition", "") or "") for b in blocks).lower()
            if re.search(r"\b(?:deleted|denied|failed|rejected)\b", text):  # sieve reject (RFC 5429)
                found = True
                actions.append("failed")
            for b in blocks:
                original = original or str(b.get("Original-Message-ID", "") or "").strip() or None
                rcpt = _addr(str(b.get("Final-Recipient", "") or ""))
                if rcpt and actions:
                    recipients.append(rcpt)
    if not found:
        return None
    action = next((a for a in _ORDER if a in actions), "unknown")
    return DeliveryReport(action, sorted(set(recipients)), original, "dsn")


QUOTE_SCAN_BYTES = 2_000_000  # a returned mail's quoted Message-IDs are looked for in its first 2 MB only
QUOTED_MAX = 50
_QUOTED_ID = re.compile(rb"<([^<>@\s]+)@[^<>\s]+>")


def quoted_message_ids(raw: bytes | mmap, ref_prefix: str = DEFAULT_PREFIX) -> list[str]:
    """The Message-IDs of ours a returned mail quotes anywhere in its first 2 MB, as a server pasted our
    headers (as text, not always as a part): each starts with its case's reference and a dot
    (<SDN-2026-0042.starter_pack.abc@medcom.example>). The route stage places the bounce by them (whose
    domain is ours, it knows), so it never reads the raw mail again."""
    out: list[str] = []
    for m in _QUOTED_ID.finditer(raw, 0, QUOTE_SCAN_BYTES):
        local = m.group(1).decode("ascii", "replace")
        ref = ref_in_message_id(local, ref_prefix)
        mid = m.group(0).decode("ascii", "replace")
        if ref and local[len(ref):len(ref) + 1] == "." and mid not in out:
            out.append(mid)
            if len(out) >= QUOTED_MAX:
                break
    return out


HEURISTIC_MAX_BYTES = 5_000_000  # flufl's text detectors read every part line by line: not a 25 MB PDF's


def delivery_report(msg: Message, size: int = 0, hints: bool = True) -> DeliveryReport | None:
    """What the mail reports on a delivery (`DeliveryReport`), or None when it is no delivery report.
    Structure is believed first; the flufl.bounce detectors read what servers write without it (Postfix,
    Exim, qmail, Exchange...), when the headers hint at a machine (hints) and the mail is not huge."""
    structured = None
    try:
        structured = _structured(msg)
    except Exception:
        structured = None
    if structured is not None and structured.action != "unknown":
        return structured
    if size > HEURISTIC_MAX_BYTES or not hints:
        return structured
    try:
        temporary, permanent = all_failures(msg)
    except Exception:
        temporary, permanent = frozenset(), frozenset()
    if permanent or temporary:
        rcpts = sorted({(a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a)).lower()
                        for a in (permanent or temporary)})
        return DeliveryReport("failed" if permanent else "delayed", rcpts, None, "flufl.bounce")
    return structured
