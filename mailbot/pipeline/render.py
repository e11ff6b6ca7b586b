"""Render: turn each queued mail into the exact bytes we will send, once, before any attempt to send.

Rendering ahead means a resend after a crash sends the very same bytes with the same Message-ID.
"""
from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import compat32
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, JsonValue
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..clock import local
from ..config import Config
from ..core.case import Case
from ..core.contracts import Attachment
from ..core.readings import Address, Person
from ..core.vocabulary import NoticeKind, OutboundStatus, Step
from ..notices import tell_staff
from ..store.cases import load_case
from ..store.db import get_setting
from ..store.models import CaseRow, InboundRow, OutboundRow
from .context import StageContext
from .digest import digest_facts, digest_view
from .headers import POLICY as HEADERS_POLICY
from .stage import RowStage

MEDCOM_PHONE = "+45 6543 2030"


class ContactView(BaseModel):
    """One of the case's contacts as a template reads it."""

    name: str | None = None
    email: str
    phone: str | None = None
    role: str


class CaseView(BaseModel):
    """The case as a mail's template reads it: every key given (the templates run under StrictUndefined),
    none for a mail of no case (the digest); written out with the rest of `MailContext`."""

    ref: str = ""
    organisation: str | None = None
    cvr: str | None = None
    party_type: str | None = None
    umbrella: str | None = None
    state: str = ""
    installation_at: datetime | None = None  # local time
    ip_scopes: list[str] = Field(default_factory=list)
    installation_address: Address | None = None
    org_contact: Person | None = None
    technical_contacts: list[Person] = Field(default_factory=list)
    contacts: list[ContactView] = Field(default_factory=list)


class Recipient(BaseModel):
    """Who the mail goes to (its first address), as the greeting reads it."""

    name: str | None = None  # a display name fit to greet with, else None
    email: str
    role: str


class Sender(BaseModel):
    """MedCom as the signature of every mail names it."""

    address: str
    name: str
    phone: str = MEDCOM_PHONE


class MailContext(BaseModel):
    """What every mail's template may read, before the step's own context (`OutgoingMail.context`, as the
    case machine stored it) is laid over it; written out once, at the Jinja edge (`for_template`)."""

    lang: str
    step: str
    case: CaseView = Field(default_factory=CaseView)
    recipient: Recipient
    medcom: Sender
    web_url: str | None = None  # staff notices and the digest link to the case's page
    # the starter pack's wording follows [rules], the same list the case machine decides by
    pre_approved_types: list[str] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    # what the step's context gives where it has them: the machine's JSON, given by the templates' keys
    required_documents: list[JsonValue] = Field(default_factory=list)
    received_documents: list[JsonValue] = Field(default_factory=list)
    problems: list[JsonValue] = Field(default_factory=list)
    reason: str | None = None
    reminder_for: str | None = None
    reminder_number: int = 0
    tdc_kind: str | None = None


def case_view(case: Case) -> CaseView:
    """The case as a mail's template reads it."""
    return CaseView(
        ref=case.ref, organisation=case.organisation, cvr=case.cvr, party_type=case.party_type,
        umbrella=case.umbrella, state=str(case.state), installation_at=local(case.installation_at),
        ip_scopes=list(case.ip_scopes), installation_address=case.installation_address,
        org_contact=case.org_contact, technical_contacts=list(case.technical_contacts),
        contacts=[ContactView(name=c.name, email=c.email, phone=c.phone, role=c.role) for c in case.contacts])


def _attachment(s: Session, spec: Attachment, language: str) -> tuple[str, bytes] | None:
    if spec.blank is not None:
        from ..blank_forms import attachment_path

        path: Path = attachment_path(spec.blank, language)
        return path.name, path.read_bytes()
    if spec.inbound is not None:
        row = s.get(InboundRow, spec.inbound)
        if row is None:
            return None
        from ..mailparts import find_attachment
        from ..store import raw as raw_store

        data = find_attachment(raw_store.read(s, row), spec.filename)
        if data is not None:
            return safe_filename(spec.filename, "informationsskema.pdf"), data
    return None


# Anything from a mail that goes into one of our headers passes through these. Python's email package
# decodes encoded-words in a value it is given ("=?utf-8?b?...?=" holding CR LF "Bcc: ...") and writes
# the decoded line breaks out raw: a header injection. So text is stripped of control characters and of
# encoded-word syntax, message ids must look like message ids, and addresses like addresses.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MSG_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f\"]{1,250}@[^<>\s\x00-\x1f\x7f\"]{1,250}>")
_ADDRESS = re.compile(r"[^@\s\x00-\x1f\x7f\"<>(),;:\[\]\\]{1,64}@[^@\s\x00-\x1f\x7f\"<>(),;:\[\]\\]{1,253}")
OUR_HEADERS = frozenset({
    "from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
    "x-auto-response-suppress", "precedence", "x-sdn-case", "x-sdn-step", "content-language", "mime-version",
    "content-type", "content-transfer-encoding", "content-disposition",
})


def header_text(value: str, limit: int = 250) -> str:
    """Text from a mail or a document, fit for a header: one line, no control characters, no
    encoded-word syntax ("=?" becomes "= ?"), at most `limit` characters."""
    from ..safetext import header

    text = header(_CONTROL.sub(" ", value), 100_000).replace("=?", "= ?").replace("?=", "? =")
    return text[:limit].rstrip()


def safe_filename(name: str | None, default: str = "dokument.pdf") -> str:
    """An attachment name as a bare file name: no folders, no control characters, no header tricks."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = header_text(base, 120).strip(" .")
    return base or default


def _message_ids(values: list[str]) -> list[str]:
    return [m for v in values for m in _MSG_ID.findall(v or "")]


def _addresses(values: list[str]) -> str:
    bad = [v for v in values if not _ADDRESS.fullmatch(v or "")]
    if bad or not values:
        raise ValueError(f"not an address we may write to: {bad[:3]!r}")
    return ", ".join(values)


def check_headers(raw: bytes) -> None:
    """The last line of defence: the bytes we are about to send carry exactly our headers, each on
    its own (folded) line; anything else means text got out of hand, and the mail is not sent."""
    parsed = email.message_from_bytes(raw, policy=compat32)
    for part in parsed.walk():
        for name, value in part.items():
            unfolded = re.sub(r"\r?\n[ \t]", " ", value).replace("\t", " ")
            if name.lower() not in OUR_HEADERS or _CONTROL.search(unfolded):
                raise ValueError(f"refusing to send a mail with an unexpected header {name!r}")
    top = [n.lower() for n in parsed.keys()]
    if len(top) != len(set(top)):
        raise ValueError("refusing to send a mail with a repeated header")


def build_message(ctx: StageContext, out: OutboundRow, ref: str | None, subject: str, text: str,
                  html: str | None, files: list[tuple[str, bytes]]) -> bytes:
    a = ctx.cfg.addresses
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((a.medcom_name, a.medcom))
    msg["To"] = _addresses(out.to_addrs)
    if out.cc_addrs:
        msg["Cc"] = _addresses(out.cc_addrs)
    subject = header_text(subject, 500)
    msg["Subject"] = f"[{ref}] {subject}" if ref else subject
    msg["Date"] = email.utils.format_datetime(local(out.created_at) or ctx.now)
    msg["Message-ID"] = out.message_id
    in_reply_to = _message_ids([out.in_reply_to or ""])[:1]
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to[0]
    references = _message_ids(out.references)[-20:]
    if references:
        msg["References"] = " ".join(references)
    msg["Auto-Submitted"] = "auto-replied" if out.in_reply_to else "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # asks Exchange not to send out-of-office replies back
    msg["Precedence"] = "bulk" if out.step == "staff_digest" else "auto_reply" if out.in_reply_to else "bulk"
    if ref:
        msg["X-SDN-Case"] = ref
    msg["X-SDN-Step"] = out.step
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    for name, data in files:
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=safe_filename(name))
    msg["Content-Language"] = out.language  # last: set_content and attachments move Content-* headers
    raw = msg.as_bytes(policy=HEADERS_POLICY)  # Subject and From written by headers.py (RFC 2047 held)
    check_headers(raw)
    return raw


class RenderStage(RowStage[OutboundRow]):
    """queued -> rendered: an `OutboundRow` (an OutgoingMail queued) in, its exact bytes out."""

    name = "rendered"
    model = OutboundRow
    status = OutboundStatus.QUEUED

    def exhausted(self, s: Session, ctx: StageContext, out: OutboundRow) -> None:
        out.status = OutboundStatus.FAILED
        if out.role != "staff":  # a broken staff template must not breed staff notices
            case = s.get(CaseRow, out.case_id) if out.case_id is not None else None
            tell_staff(s, ctx.cfg.addresses, ctx.now, NoticeKind.SEND_FAILED,
                       f"{out.step} to {', '.join(out.to_addrs)} could not be written: {out.last_error}", case=case)

    def handle_row(self, s: Session, ctx: StageContext, out: OutboundRow) -> None:
        from ..safetext import greeting
        from ..templating import render_mail

        ref = None
        case = CaseView()
        if out.case_id is not None and out.step != "staff_digest":
            _, loaded = load_case(s, out.case_id, lock=False)
            ref, case = loaded.ref, case_view(loaded)
        first = (out.to_addrs or [""])[0]
        contact = next((c for c in case.contacts if c.email == first), None)
        files = [f for f in (_attachment(s, Attachment.model_validate(spec), out.language) for spec in out.attachments)
                 if f]
        base = MailContext(
            lang=out.language, step=out.step, case=case,
            # a display name greets only when it is a plain name (no link, no address, not too long)
            recipient=Recipient(name=greeting(contact.name) if contact else None, email=first, role=out.role),
            attachments=[name for name, _ in files],
            medcom=Sender(address=ctx.cfg.addresses.medcom, name=ctx.cfg.addresses.medcom_name),
            web_url=ctx.cfg.web.base_url,
            pre_approved_types=[t for t in ctx.cfg.rules.pre_approved if t not in ctx.cfg.rules.steering_group])
        # the Jinja edge: written out once (Python's values: the templates format datetimes), the step's stored
        # context laid over it with its dates revived
        context = base.model_dump() | _revive(out.context)
        if out.step == Step.STAFF_DIGEST:
            context["view"] = digest_view(context["digest"])
        rendered = render_mail(out.step, out.language, context)
        out.raw = build_message(ctx, out, ref, rendered.subject, rendered.text, rendered.html, files)
        out.subject = rendered.subject
        out.status = OutboundStatus.RENDERED


def preview_digest(engine: Engine, cfg: Config, now: datetime) -> tuple[str, str, str]:
    """Today's digest as it would go out (subject, text, HTML), without sending it or marking it sent."""
    from ..templating import render_mail

    with Session(engine) as s:
        last = get_setting(s, "digest")
        since = datetime.fromisoformat(last["at"]) if last.get("at") else now - timedelta(days=1)
        facts = digest_facts(s, now, since, cfg.addresses.staff_language).as_context()
    a = cfg.addresses
    language = cfg.addresses.staff_language
    base = MailContext(lang=language, step="staff_digest", recipient=Recipient(email=(a.staff or ("",))[0],
                       role="staff"), medcom=Sender(address=a.medcom, name=a.medcom_name), web_url=cfg.web.base_url)
    mail = render_mail("staff_digest", language, base.model_dump() | {"digest": facts, "view": digest_view(facts)})
    return mail.subject, mail.text, mail.html or ""


def _revive(value: Any) -> Any:
    """Dates went into JSON as ISO strings; templates want datetimes back."""
    if isinstance(value, dict):
        return {k: _revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_revive(v) for v in value]
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value
