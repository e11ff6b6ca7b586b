"""The one way the shell tells staff something: `tell_staff` queues a notice in the caller's transaction.

The case machine raises its own notices as part of a decision (`core/machine.py`: `staff_notice`); this is
for what the shell itself sees (held, refused or unwritable mail, unmatched mail, failed mail, a mailbox
outage, a sign-in link). Both end as one `staff_notice` mail queued by `store.cases.record`, so merging
(`NoticeKind.merged`) and the outbox treat them alike.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from .config import AddressesConfig
from .core.contracts import OutgoingMail, StaffNotice
from .core.vocabulary import NoticeKind
from .store.cases import record
from .store.models import CaseRow


def tell_staff(s: Session, addresses: AddressesConfig, now: datetime, kind: NoticeKind, summary: str, *,
               case: CaseRow | None = None, sender: str | None = None, subject: str | None = None,
               details: Sequence[str] = (), inbound_id: int | None = None, to: Sequence[str] = (),
               language: str | None = None) -> None:
    """Queue a notice of `kind` to staff (or to `to`, e.g. the one who asked for a sign-in link), in the
    staff language unless told otherwise; about `case` when there is one."""
    notice = StaffNotice(kind=kind, summary=summary, details=list(details), sender=sender, subject=subject)
    mail = OutgoingMail.staff_notice(notice, tuple(to) or addresses.staff,
                                     language=language or addresses.staff_language)
    record(s, case, (), (mail,), now, addresses.medcom, inbound_id)
