"""Builders for the pure core tests: cases, documents and events without any I/O."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mailbot.core.case import Case, Contact
from mailbot.core.events import MailRef, PartyMail, TdcMail
from mailbot.core.machine import Settings
from mailbot.core.readings import Document
from mailbot.core.states import State

TZ = ZoneInfo("Europe/Copenhagen")
PARTY = "anna@vestby-kommune.example"
SETTINGS = Settings(tdc_order="order@tdc.example", staff=("staff@medcom.example",), after_working_days=5,
                    max_reminders=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def case(state: State = State.AWAITING_AGREEMENTS, **kw: Any) -> Case:
    base: dict[str, Any] = dict(ref="SDN-2026-0001", state=state, cvr="29189846", party_type="municipality",
                                contacts=(Contact(PARTY, "Anna", None, "sender"),), primary_email=PARTY,
                                domain="vestby-kommune.example", organisation="Vestby Kommune")
    base.update(kw)
    return Case(**base)


# what the reader says when it saw a thing's place empty (certainty.py): only then is the party told
UNSIGNED = {"code": "not_signed", "message": "The agreement is not signed by the party.", "evidence": "found_empty"}


def empty(*fields: str) -> dict[str, Any]:
    """The reader's missing_field for fields whose place it found empty."""
    return {"code": "missing_field", "message": "Missing: " + ", ".join(fields) + ".", "fields": list(fields),
            "evidence": "found_empty"}


def unfound(*fields: str) -> dict[str, Any]:
    """The reader's missing_field for fields whose place it did not find."""
    return {"code": "missing_field", "message": "Missing: " + ", ".join(fields) + ".", "fields": list(fields),
            "evidence": "not_found"}


def agreement(kind: str, *, cvr: str = "29189846", org: str = "Vestby Kommune", signed: bool = True,
              problems: list[dict[str, Any]] | None = None, filename: str | None = None) -> dict[str, Any]:
    return {"filename": filename or f"{kind}.pdf", "kind": kind,
            "fields": {"organisation": org, "cvr": cvr, "signatory_name": "Anna Berg", "signatory_title": "Chef",
                       "signature_date": "2026-11-10", "signed": signed},
            "problems": problems or []}


def form(*, scopes: list[str] | None = None, tech: bool = True, address: bool = True, cvr: str = "29189846",
         problems: list[dict[str, Any]] | None = None, party_type: str = "municipality",
         connected_via: str | None = None) -> dict[str, Any]:
    return {"filename": "Informationsskema.pdf", "kind": "information_form", "problems": problems or [],
            "fields": {"organisation": "Vestby Kommune", "cvr": cvr, "party_type": party_type,
                       "connected_via": connected_via,
                       "org_contact": {"name": "Anna Berg", "email": PARTY, "phone": "+4512345678"},
                       "technical_contacts": [{"name": "Tom Tek", "email": "tom@vestby-kommune.example",
                                               "phone": "+4587654321"}] if tech else [],
                       "ip_scopes": ["10.20.0.0/24"] if scopes is None else scopes,
                       "installation_address": {"street": "Torvet 1", "postcode": "9999", "city": "Vestby"}
                       if address else None}}


def read(*docs: dict[str, Any]) -> tuple[Document, ...]:
    """Documents as the reader hands them to the core: its JSON, validated into the document model."""
    return tuple(Document.model_validate(d) for d in docs)


def party_mail(*docs: dict[str, Any], sender: str = PARTY, body: str = "", language: str = "da",
               cvrs: tuple[str, ...] = (), other_scopes: tuple[tuple[str, str], ...] = (),
               subject: str = "Tilslutning til SDN") -> PartyMail:
    return PartyMail(sender=sender, sender_name="Anna", language=language,
                     mail=MailRef(7, "<m1@vestby-kommune.example>", (), subject), documents=read(*docs),
                     body_text=body, cvrs=cvrs, other_scopes=other_scopes)


def tdc(kind: str, when: str | None = None) -> TdcMail:
    return TdcMail(sender="ole@tdc.example", kind=kind, when=when, mail=MailRef(8, "<t1@tdc.example>", (), "SV"))


def steps(decision: Any) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.step, m.to) for m in decision.mails]
