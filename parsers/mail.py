"""read_mail: one e-mail as the contract's object, tolerant of the malformed mail real life sends."""
from __future__ import annotations

import email
import email.policy
import re
import unicodedata
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from .automated import classify_automated
from .documents import AGREEMENTS, read_pdf
from .fields import cvr_valid
from .html_text import html_to_text
from .language import detect_language
from .problems import problem
from .quoting import new_text

CASE_REF = re.compile(r"\bSDN-(\d{4})-(\d{4})\b", re.I)
OUR_MSGID = re.compile(r"^\s*<?\s*sdn[-.](\d{4})[-.](\d{4})(?![\d])", re.I)
MAX_PARTS = 500
MAX_DEPTH = 12


def _decode_raw_header(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


class _Headers:
    """Header access that never raises: the modern policy first, the raw header as fallback."""

    def __init__(self, msg: Message, legacy: Message | None) -> None:
        self.msg = msg
        self.legacy = legacy
        self.broken: list[str] = []

    def get(self, name: str) -> str | None:
        vals = self.get_all(name)
        return vals[0] if vals else None

    def get_all(self, name: str) -> list[str]:
        try:
            vals = self.msg.get_all(name) or []
            return [str(v) for v in vals]
        except Exception:
            self.broken.append(name)
        if self.legacy is not None:
            try:
                return [_decode_raw_header(str(v)) for v in (self.legacy.get_all(name) or [])]
            except Exception:
                return []
        return []


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    try:
        pairs = getaddresses(values)
    except Exception:
        pairs = []
    for name, addr in pairs:
        addr = (addr or "").strip().strip("<>").lower()
        if addr and "@" in addr or addr:
            out.append((_decode_raw_header(name).strip() if name else "", addr))
    return [(n, a) for n, a in out if a]


def _part_text(part: Message) -> str:
    try:
        if isinstance(part, EmailMessage):
            content = part.get_content()
            if isinstance(content, str):
                return content
    except Exception:
        pass
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = (part.get_content_charset() or "utf-8").lower()
    for cs in (charset, "utf-8", "cp1252"):
        try:
            return payload.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1", "replace")


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        try:
            param = part.get_param("name")
            name = email.utils.collapse_rfc2231_value(param) if isinstance(param, tuple) else param
        except Exception:
            name = None
    if name and "=?" in name:
        name = _decode_raw_header(name)
    return unicodedata.normalize("NFC", name.strip()) if isinstance(name, str) and name.strip() else None


def _walk(msg: Message, depth: int = 0, inside_attached: bool = False) -> Iterator[tuple[Message, bool]]:
    """(part, inside an attached message?) for every leaf part, attached messages included."""
    if depth > MAX_DEPTH:
        return
    try:
        ctype = msg.get_content_type()
    except Exception:
        ctype = "application/octet-stream"
    if msg.is_multipart() or ctype == "message/rfc822":
        try:
            payload = msg.get_payload()
        except Exception:
            payload = []
        subs = payload if isinstance(payload, list) else [payload]
        for sub in subs:
            if isinstance(sub, Message):
                yield from _walk(sub, depth + 1, inside_attached or ctype == "message/rfc822")
        return
    yield msg, inside_attached


def _is_pdf(part: Message, name: str | None, payload: bytes) -> bool:
    ctype = part.get_content_type()
    if ctype.startswith("text/") and not (name or "").lower().endswith(".pdf"):
        return False
    if ctype.startswith("image/"):
        return False
    return ctype in ("application/pdf", "application/x-pdf") or (name or "").lower().endswith(".pdf") \
        or payload[:1024].lstrip().startswith(b"%PDF")


def read_mail(raw: bytes) -> dict[str, Any]:
    """The contract object {"message": {...}, "documents": [...]} of one e-mail."""
    problems: list[dict[str, str]] = []
    legacy: Message | None
    try:
        legacy = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:
        legacy = None
    try:
        msg: Message = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception:
        msg = legacy if legacy is not None else Message()
        problems.append(problem("malformed_mail", "The mail could not be parsed as MIME; read as far as possible."))
    h = _Headers(msg, legacy)

    from_pairs = _addresses(h.get_all("From"))
    sender_name, from_addr = (from_pairs[0] if from_pairs else ("", None))
    to = [a for _, a in _addresses(h.get_all("To"))]
    cc = [a for _, a in _addresses(h.get_all("Cc"))]
    reply_to = [a for _, a in _addresses(h.get_all("Reply-To"))]
    subject = re.sub(r"\s+", " ", h.get("Subject") or "").strip()
    date = None
    raw_date = h.get("Date")
    if raw_date:
        try:
            date = parsedate_to_datetime(raw_date).isoformat()
        except Exception:
            date = None
    msgid = (h.get("Message-ID") or "").strip() or None
    in_reply_to = (h.get("In-Reply-To") or "").strip() or None
    refs = re.findall(r"<[^<>\s]+>", " ".join(h.get_all("References")))

    # ---------------------------------------------------------------- body and attachments
    plain: list[str] = []
    html: list[str] = []
    documents: list[dict[str, Any]] = []
    n = 0
    try:
        walker = list(_walk(msg))
    except Exception:
        walker = []
        problems.append(problem("malformed_mail", "The MIME structure is broken."))
    for part, attached in walker:
        n += 1
        if n > MAX_PARTS:
            problems.append(problem("too_large", f"The mail has more than {MAX_PARTS} parts; the rest was skipped."))
            break
        try:
            ctype = part.get_content_type()
            disposition = (part.get_content_disposition() or "").lower()
        except Exception:
            continue
        name = _filename(part)
        if ctype in ("text/plain", "text/html") and not attached and disposition != "attachment" and not name:
            (plain if ctype == "text/plain" else html).append(_part_text(part))
            continue
        if ctype.startswith(("text/", "multipart/", "message/delivery-status")) and not \
                (name or "").lower().endswith(".pdf"):
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not isinstance(payload, bytes) or not payload:
            continue
        if _is_pdf(part, name, payload):
            documents.append(read_pdf(payload, name or f"attachment-{len(documents) + 1}.pdf"))

    body_text = "\n".join(t for t in plain if t.strip()) if any(t.strip() for t in plain) \
        else "\n".join(html_to_text(t) for t in html)
    body_text = body_text.replace("\r\n", "\n").replace("\r", "\n")
    body_new = new_text(body_text)

    # ---------------------------------------------------------------- case reference
    case_ref = None
    m = CASE_REF.search(subject)
    if m:
        case_ref = f"SDN-{m.group(1)}-{m.group(2)}"
    if case_ref is None:
        for mid in ([in_reply_to] if in_reply_to else []) + list(reversed(refs)):
            mm = OUR_MSGID.match(mid)
            if mm:
                case_ref = f"SDN-{mm.group(1)}-{mm.group(2)}"
                break
    if case_ref is None:
        m = CASE_REF.search(body_text)
        if m:
            case_ref = f"SDN-{m.group(1)}-{m.group(2)}"

    try:
        report_type = msg.get_param("report-type")
        report_type = report_type if isinstance(report_type, str) else None
        top_type = msg.get_content_type()
    except Exception:
        report_type, top_type = None, "text/plain"
    automated = classify_automated(h.get, h.get_all, top_type, report_type, from_addr, subject)

    language = detect_language(subject, body_new or body_text, h.get("Content-Language"))

    cvrs: list[str] = []
    for text in (subject, body_text):
        for mm in re.finditer(r"(?i)(cvr[\w.\s-]{0,12}?[:.]?\s*)?(?<![\d+])(\d{8}|\d{2}\s\d{2}\s\d{2}\s\d{2})(?![\d])",
                              text):
            digits = re.sub(r"\D", "", mm.group(2))
            spaced = " " in mm.group(2)
            if spaced and not mm.group(1):
                continue
            before = text[max(0, mm.start() - 15):mm.start()].lower()
            if not mm.group(1) and re.search(r"tlf|telefon|phone|mobil|\+45|fax|konto|reg", before):
                continue
            if cvr_valid(digits) and digits not in cvrs:
                cvrs.append(digits)

    auth = _auth_results(h.get_all("Authentication-Results"))
    for name in h.broken:
        problems.append(problem("malformed_header", f"The {name} header is malformed."))
    defects = [type(d).__name__ for d in getattr(msg, "defects", [])]
    if defects:
        problems.append(problem("malformed_mail", "MIME defects: " + ", ".join(sorted(set(defects)))[:300]))

    _cross_check(documents)
    message = {
        "message_id": msgid, "from": from_addr, "to": to, "subject": subject, "date": date,
        "in_reply_to": in_reply_to, "references": refs, "case_ref": case_ref, "automated": automated,
        "language": language, "cc": cc, "reply_to": reply_to, "sender_name": sender_name or None,
        "body_text": body_text, "body_new_text": body_new, "cvrs": cvrs, "auth": auth, "problems": problems,
    }
    return {"message": message, "documents": documents}


def _auth_results(values: list[str]) -> dict[str, str | None]:
    """dmarc/dkim/spf verdicts from the topmost Authentication-Results header (our own server's)."""
    out: dict[str, str | None] = {"dmarc": None, "dkim": None, "spf": None}
    for v in values[:1]:
        for key in out:
            m = re.search(rf"\b{key}\s*=\s*([a-z]+)", v, re.I)
            if m:
                out[key] = m.group(1).lower()
    return out


def _norm_org(t: str | None) -> str:
    return re.sub(r"[\s.,]+", " ", (t or "")).strip().casefold()


def _cross_check(documents: list[dict[str, Any]]) -> None:
    """Agreements of one mail must name the same organisation and CVR: flag each one that differs."""
    agreements = [d for d in documents if d.get("kind") in AGREEMENTS and
                  not any(p["code"] == "wrong_template" for p in d["problems"])]
    if len(agreements) < 2:
        return
    keys = [(d["fields"].get("cvr"), _norm_org(d["fields"].get("organisation"))) for d in agreements]
    cvrs = {k[0] for k in keys if k[0]}
    orgs = {k[1] for k in keys if k[1]}
    if len(cvrs) <= 1 and len(orgs) <= 1:
        return
    counts: dict[tuple[Any, str], int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    best = max(counts.values())
    majority = [k for k, c in counts.items() if c == best]
    for d, k in zip(agreements, keys, strict=True):
        if len(majority) > 1 or k != majority[0]:
            d["problems"].append(problem("mismatch", "The organisation or CVR number differs between the "
                                         f"agreements in this mail ({d['fields'].get('organisation')}, "
                                         f"CVR {d['fields'].get('cvr')})."))
