"""The loop breaker counts exactly the mail sent to an address in the last day, whatever the address holds."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.send import SendStage
from mailbot.store.db import make_engine, migrate
from mailbot.store.models import OutboundRow

NOW = parse_now("2026-11-20T10:00:00+01:00")


def test_counts_only_this_addresses_mail_of_the_last_day(tmp_path: Path, db_url: str) -> None:
    cfg = from_dict({"database": {"url": db_url}, "limits": {"max_automatic_mails_per_recipient_per_day": 2}},
                    base=tmp_path)
    engine = make_engine(db_url)
    migrate(engine)
    odd = "søren_100%@kommune.example"  # LIKE's wildcards and a letter json.dumps escapes
    lookalike = "sørenx100%@kommune.example"  # what an unescaped '_' would also match
    sent = [([odd, "b@x.example"], NOW - timedelta(hours=2), "party"),
            ([lookalike], NOW - timedelta(hours=1), "party"),
            ([lookalike], NOW - timedelta(hours=1), "party"),
            ([odd], NOW - timedelta(days=2), "party"),  # too old
            ([odd], NOW - timedelta(hours=1), "staff")]  # staff mail does not count
    with Session(engine) as s:
        for i, (to, at, role) in enumerate(sent):
            s.add(OutboundRow(message_id=f"<m{i}@medcom.example>", step="x", role=role, to_addrs=to,
                              status="sent", sent_at=at))
        s.commit()
        ctx = StageContext(cfg, engine, NOW)
        stage = SendStage.__new__(SendStage)
        once = OutboundRow(message_id="<n1@medcom.example>", step="x", to_addrs=[odd])
        assert not stage._over_limit(s, ctx, once)  # one in the last day, the limit is two
        s.add(OutboundRow(message_id="<m9@medcom.example>", step="x", to_addrs=["c@x.example", odd],
                          status="sent", sent_at=NOW - timedelta(minutes=5)))
        s.commit()
        assert stage._over_limit(s, ctx, once)
        assert stage._over_limit(s, ctx, OutboundRow(message_id="<n2@medcom.example>", step="x",
                                                      to_addrs=["new@x.example", lookalike]))
        assert not stage._over_limit(s, ctx, OutboundRow(message_id="<n3@medcom.example>", step="x",
                                                          to_addrs=["b@x.example"]))
    engine.dispose()
