"""Time: reminders and deadlines for every open case (the daily digest lives in `digest.py`)."""
from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlmodel import Session, col, select

from ..core.events import Tick
from ..core.states import OPEN_STATES
from ..decisions import apply
from ..store.cases import load_case
from ..store.db import session_scope
from ..store.models import CaseRow
from .context import StageContext
from .digest import DigestStage, digest_due, digest_facts, send_digest_if_due
from .stage import Stage

__all__ = ["TickStage", "DigestStage", "digest_due", "digest_facts", "send_digest_if_due"]

log = logging.getLogger(__name__)


class TickStage(Stage[int]):
    """Reminders and deadlines: claims the open cases' ids, handles each with a Tick event."""

    name = "ticked"
    timed = True

    def claim(self, ctx: StageContext) -> Iterator[int]:
        with Session(ctx.engine) as s:
            ids = [i for i in s.exec(select(CaseRow.id).where(col(CaseRow.state).in_(OPEN_STATES))) if i is not None]
        for case_id in ids:
            if ctx.stopping:  # the cases not reached are ticked at the next start
                return
            yield case_id

    def handle(self, ctx: StageContext, case_id: int) -> int:
        with session_scope(ctx.engine) as s:
            row, case = load_case(s, case_id)
            if row.state not in OPEN_STATES:
                return 0
            decision = apply(s, ctx.cfg, ctx.now, row, case, Tick())
            return int(bool(decision.mails or decision.timeline))

    def give_up(self, ctx: StageContext, case_id: int, exc: Exception) -> int:
        # one broken case must not stop the others' reminders
        log.error("tick for case %s failed", case_id, exc_info=exc)
        return 0
