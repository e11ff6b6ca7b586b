"""Route: find the case a mail is about, and decide whether its sender may move that case.

Clues, strongest first: the case reference (subject, body), our own Message-IDs in In-Reply-To /
References, the sender as a contact of exactly one open case, the CVR in attached documents.
Clues that disagree send the mail to staff instead of guessing.
"""
from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, col, select

from ..config import Config
from ..core.machine import FREEMAIL
from ..core.party import looks_like_inquiry
from ..core.refs import DEFAULT_PREFIX, find_ref, ref_in_message_id
from ..core.states import OPEN_STATES
from ..store import raw as raw_store
from ..store.models import CaseRow, ContactRow, InboundRow, OutboundRow
from ..trust import verdict
from .context import StageContext
from .stage import RowStage

BOUNCE_SCAN_BYTES = 2_000_000  # a returned mail's Message-IDs are looked for in its first 2 MB only


# what may be answered: one @, no spaces or control characters, a dotted domain
_ADDRESS = re.compile(r"[^@\s\x00-\x1f\x7f\"<>(),;:\[\]\\]+@[a-z0-9\u00a1-\uffff-]+(\.[a-z0-9\u00a1-\uffff-]+)+")


def sender_role(cfg: Config, sender: str) -> str:
    sender = sender.lower()
    domain = sender.rsplit("@", 1)[-1]
    if sender == cfg.addresses.medcom:
        return "self"
    if sender in cfg.addresses.staff:
        return "staff"
    for entry in cfg.addresses.tdc:
        if sender == entry or ("@" not in entry and (domain == entry or domain.endswith("." + entry))):
            return "tdc"
    return "party"


class Router:
    """The case-finding rules, over one database session."""

    def __init__(self, s: Session, cfg: Config) -> None:
        self.s = s
        self.cfg = cfg

    def by_ref(self, ref: str | None) -> CaseRow | None:
        if not ref:
            return None
        return self.s.exec(select(CaseRow).where(CaseRow.ref == ref.upper())).first()

    def by_thread(self, msg: dict[str, Any]) -> CaseRow | None:
        ids = [msg.get("in_reply_to")] + list(msg.get("references") or [])
        for mid in [i for i in ids if i]:
            case_id = self.s.exec(select(OutboundRow.case_id).where(OutboundRow.message_id == mid)).first()
            if case_id is not None:
                return self.s.get(CaseRow, case_id)
            ref = ref_in_message_id(mid.strip(), self.cfg.case_ref_prefix)
            if ref and mid.strip().lower().endswith("@" + self.cfg.addresses.medcom.rsplit("@", 1)[-1] + ">"):
                row = self.by_ref(ref)
                if row is not None:
                    return row
        return None

    def by_contact(self, sender: str) -> list[CaseRow]:
        """The open cases the sender is a contact of (a consultant may work for several parties)."""
        ids = set(self.s.exec(select(ContactRow.case_id).where(ContactRow.email == sender.lower())))
        rows = [r for r in (self.s.get(CaseRow, i) for i in ids) if r is not None and r.state in OPEN_STATES]
        return sorted(rows, key=lambda r: r.id or 0)

    def by_cvr(self, cvrs: list[str]) -> list[CaseRow]:
        if not cvrs:
            return []
        rows = self.s.exec(select(CaseRow).where(col(CaseRow.cvr).in_(cvrs))).all()
        return sorted(rows, key=lambda r: (r.state not in OPEN_STATES, r.id or 0))

    def trusted_party(self, case: CaseRow, sender: str, verified: bool = True) -> bool:
        """A contact of the case, or (when the sender is verified) an address at its learned domain."""
        sender = sender.lower()
        emails = set(self.s.exec(select(ContactRow.email).where(ContactRow.case_id == case.id)))
        domain = sender.rsplit("@", 1)[-1]
        return sender in emails or (verified and bool(case.domain) and domain == case.domain
                                    and domain not in FREEMAIL)

    def by_recipients(self, recipients: list[str]) -> CaseRow | None:
        """The open case whose contact a bounce says could not be reached (exactly one)."""
        ids: set[int] = set()
        for r in recipients[:20]:
            ids |= {i for i in self.s.exec(select(ContactRow.case_id).where(ContactRow.email == r.lower()))}
        rows = [c for c in (self.s.get(CaseRow, i) for i in ids) if c is not None and c.state in OPEN_STATES]
        return rows[0] if len(rows) == 1 else None

    def bounced_case(self, raw: bytes) -> CaseRow | None:
        """A bounce quotes our mail's headers: our Message-ID carries the case reference."""
        domain = re.escape(self.cfg.addresses.medcom.rsplit("@", 1)[-1]).encode()
        for m in re.finditer(rb"<([^<>@\s]+)@" + domain + rb">", raw[:BOUNCE_SCAN_BYTES]):
            ref = ref_in_message_id(m.group(1).decode("ascii", "replace"), self.cfg.case_ref_prefix)
            row = self.by_ref(ref) if ref and m.group(1)[len(ref):len(ref) + 1] == b"." else None
            if row is not None:
                return row
        return None

    def route(self, reading: dict[str, Any], raw: bytes | None = None) -> dict[str, Any]:
        msg = reading.get("message") or {}
        sender = (msg.get("from") or "").lower()
        automated = msg.get("automated")
        if sender and not _ADDRESS.fullmatch(sender):
            # "From: Just A Name" must not become a recipient; a machine ("MAILER-DAEMON") is still read
            if not automated:
                return {"action": "record", "role": "unknown", "outcome": "needs_attention",
                        "reason": f"no valid sender address (From gives {sender[:80]!r})"}
            sender = ""
        docs = reading.get("documents") or []
        role = sender_role(self.cfg, sender) if sender else "unknown"
        untrusted_from = msg.get("from_untrusted")
        if untrusted_from and role in ("self", "staff", "tdc"):
            role = "party"  # a From that cannot be believed is nobody we know
        if role == "self":
            return {"action": "record", "role": role, "outcome": "processed", "reason": "our own mail came back"}
        unread = [p for p in msg.get("problems") or [] if p.get("code") in ("too_large", "timeout", "parse_error")]
        if unread:
            return {"action": "record", "role": role, "outcome": "needs_attention",
                    "reason": "the mail could not be read: " + "; ".join(str(p.get("message")) for p in unread)}

        ref_case = self.by_ref(msg.get("case_ref"))
        thread_case = self.by_thread(msg)
        doc_cvrs = [d.get("fields", {}).get("cvr") for d in docs if (d.get("fields") or {}).get("cvr")]
        cvr_cases = self.by_cvr(list(dict.fromkeys(doc_cvrs)))
        strong = [c for c in (ref_case, thread_case) if c is not None]
        if cvr_cases and role == "party":
            strong.append(cvr_cases[0])
        ids = {c.id for c in strong}
        if len(ids) > 1:
            return {"action": "ambiguous", "role": role, "outcome": "needs_attention",
                    "reason": "the clues point to different cases: " + ", ".join(sorted(c.ref for c in strong)),
                    "cases": sorted(c.ref for c in strong)}
        case = strong[0] if strong else None
        if case is None and sender and role == "party":
            mentioned = set(msg.get("cvrs") or [])
            # a contact writing about another organisation (its CVR, no reference) is a new inquiry
            known = [c for c in self.by_contact(sender) if not mentioned or c.cvr is None or c.cvr in mentioned]
            if len(known) > 1 and not automated:
                return {"action": "ambiguous", "role": role, "outcome": "needs_attention",
                        "reason": f"{sender} is a contact of several open cases and the mail names none: "
                        + ", ".join(c.ref for c in known), "cases": [c.ref for c in known]}
            case = known[0] if known else None
        if case is None and msg.get("case_ref"):
            unknown_ref = msg.get("case_ref")
        else:
            unknown_ref = None

        if automated:
            delivery = msg.get("delivery") or {}
            action = delivery.get("action")
            if automated == "bounce" and action in ("delivered", "delayed", "relayed", "expanded"):
                return {"action": "record", "role": role, "case_id": case.id if case else None,
                        "outcome": "processed", "reason": f"delivery report ({action}): recorded, not a failure"}
            if automated == "bounce" and case is None:
                case = self.by_thread({"in_reply_to": delivery.get("original_message_id")}) \
                    if delivery.get("original_message_id") else None
            if automated == "bounce" and case is None and raw is not None:
                case = self.bounced_case(raw)
            if automated == "bounce" and case is None:
                case = self.by_recipients(list(delivery.get("recipients") or []))
            if automated == "bounce" and case is not None:
                return {"action": "bounce", "role": role, "case_id": case.id, "outcome": "needs_attention",
                        "reason": "delivery failure of our mail"}
            return {"action": "record", "role": role, "case_id": case.id if case else None,
                    "outcome": "processed", "reason": f"automatic mail ({automated}): never answered"}
        if untrusted_from:
            reason = f"the sender cannot be believed: {untrusted_from}"
            if case is not None:
                return {"action": "untrusted", "role": role, "case_id": case.id, "outcome": "needs_attention",
                        "reason": reason}
            return {"action": "record", "role": role, "outcome": "needs_attention", "reason": reason}
        trust = verdict(self.cfg, msg)
        if trust == "fail" and self.cfg.trust.require_dmarc_pass:
            if case is not None:
                return {"action": "untrusted", "role": role, "case_id": case.id, "outcome": "needs_attention",
                        "reason": "DMARC/DKIM failed in Authentication-Results"}
            return {"action": "record", "role": role, "outcome": "needs_attention",
                    "reason": "DMARC/DKIM failed in Authentication-Results"}
        verified = trust == "pass" or not self.cfg.trust.authserv_ids
        if role in ("staff", "tdc") and not verified:
            reason = (f"{'staff' if role == 'staff' else 'TDC'} mail without a DMARC or aligned DKIM pass from "
                      "MedCom's servers: not acted on")
            if case is not None:
                return {"action": "untrusted", "role": role, "case_id": case.id, "outcome": "needs_attention",
                        "reason": reason}
            return {"action": "record", "role": role, "outcome": "needs_attention", "reason": reason}
        if role == "staff":
            # contracts.md section 4: the subject carries the reference; quoted history never names the case
            subject_case = self.by_ref(subject_ref(msg, self.cfg.case_ref_prefix))
            if subject_case is None:
                return {"action": "record", "role": role, "case_id": case.id if case else None,
                        "outcome": "needs_attention",
                        "reason": "staff mail without a known case reference in its subject"}
            return {"action": "staff", "role": role, "case_id": subject_case.id, "outcome": "processed"}
        if role == "tdc":
            if case is None:
                return {"action": "record", "role": role, "outcome": "needs_attention",
                        "reason": "TDC mail without a known case reference"}
            return {"action": "tdc", "role": role, "case_id": case.id, "outcome": "processed"}
        if case is not None:
            if self.trusted_party(case, sender, verified):
                return {"action": "party", "role": role, "case_id": case.id, "outcome": "processed",
                        "verified": verified}
            return {"action": "untrusted", "role": role, "case_id": case.id, "outcome": "needs_attention",
                    "reason": f"{sender} is not a contact of {case.ref}"}
        if unknown_ref:
            return {"action": "record", "role": role, "outcome": "needs_attention",
                    "reason": f"unknown case reference {unknown_ref}"}
        body_cvrs = list(msg.get("cvrs") or [])
        for existing in self.by_cvr(body_cvrs):
            if existing.state in OPEN_STATES:
                if self.trusted_party(existing, sender, verified):
                    return {"action": "party", "role": role, "case_id": existing.id, "outcome": "processed"}
                return {"action": "untrusted", "role": role, "case_id": existing.id, "outcome": "needs_attention",
                        "reason": f"{sender} names the CVR of {existing.ref} but is not its contact"}
        if not sender:
            return {"action": "record", "role": role, "outcome": "needs_attention", "reason": "no sender address"}
        if not looks_like_inquiry(msg.get("subject") or "", msg.get("body_text") or "", docs, body_cvrs):
            # likely spam: listed in the daily digest, not worth a notice of its own
            return {"action": "record", "role": role, "outcome": "needs_attention", "notify": False,
                    "reason": f"{sender} is unknown and the mail does not look like an SDN inquiry"}
        return {"action": "inquiry", "role": role, "outcome": "processed", "verified": verified}


def subject_ref(msg: dict[str, Any], prefix: str = DEFAULT_PREFIX) -> str | None:
    """The case reference in the subject only (readings stored before subject_ref existed included)."""
    if msg.get("subject_ref"):
        return str(msg["subject_ref"])
    return find_ref(str(msg.get("subject") or ""), prefix)


class RouteStage(RowStage):
    model = InboundRow
    status = "parsed"
    batch = 50

    def give_up(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        from ..ops import mail_failed

        mail_failed(s, ctx.cfg, ctx.now, row, "the mail could not be routed")

    def handle(self, s: Session, ctx: StageContext, row: InboundRow) -> None:
        row.route = Router(s, ctx.cfg).route(row.reading or {}, raw_store.read(s, row, BOUNCE_SCAN_BYTES))
        row.case_id = row.route.get("case_id")
        row.status = "routed"
        row.updated_at = ctx.now
