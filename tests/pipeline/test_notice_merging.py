"""What belongs to a kind of staff notice is what the one way to tell staff (`mailbot.notices.tell_staff`)
does: notices of a merged kind about one sender are one within the hour, a personal one has no reason line."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.core.vocabulary import NoticeKind
from mailbot.notices import tell_staff
from mailbot.store.db import make_engine, migrate
from mailbot.store.models import OutboundRow

NOW = parse_now("2026-11-20T10:00:00+01:00")


def test_notices_of_a_merged_kind_from_one_sender_are_one_within_the_hour(tmp_path: Path, db_url: str) -> None:
    cfg = from_dict({"database": {"url": db_url}}, base=tmp_path)
    engine = make_engine(db_url)
    migrate(engine)
    with Session(engine) as s:
        for kind in NoticeKind:
            for minutes in (0, 20, 70):  # the third is more than an hour after the first
                tell_staff(s, cfg.addresses, NOW + timedelta(minutes=minutes), kind, f"{kind} at {minutes}",
                           sender=f"{kind}@elsewhere.example")
        s.commit()
        rows = s.exec(select(OutboundRow).order_by(col(OutboundRow.id))).all()
    for kind in NoticeKind:
        mine = [r for r in rows if r.context["notice"]["kind"] == kind]
        assert len(mine) == (2 if kind.merged else 3), kind
        if kind.merged:
            assert mine[0].context["notice"]["merged"] == 1 and "merged" not in mine[1].context["notice"]
        assert all(r.role == "staff" and r.to_addrs == list(cfg.addresses.staff) for r in mine)
        assert all((r.context["reason"] is None) == kind.personal for r in mine)
