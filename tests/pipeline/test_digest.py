"""The daily digest: once a day after the configured hour, with what waits on whom and what needs a human."""
from __future__ import annotations

from pathlib import Path

from . import mails
from .conftest import Bot


def test_one_digest_a_day_with_the_facts(tmp_path: Path, db_url: str) -> None:
    bot = Bot(tmp_path, db_url, extra={"digest": {"enabled": True, "hour": 7}})
    bot.deliver(mails.inquiry(at="2026-11-02T06:00:00+01:00"))
    out = bot.cycle("2026-11-02T06:30:00+01:00")
    assert [m["X-SDN-Step"] for m in out] == ["starter_pack"]  # before 07:00: no digest yet
    bot.deliver(mails.mail(("X", "x@elsewhere.example"), "SV: [SDN-2026-9999] hej", "hej", "2026-11-02T06:40:00+01:00"))
    bot.cycle("2026-11-02T06:45:00+01:00")
    out = bot.cycle("2026-11-02T07:05:00+01:00")
    (digest,) = [m for m in out if m["X-SDN-Step"] == "staff_digest"]
    assert digest["X-SDN-Case"] is None and "anne.staff@medcom.example" in str(digest["To"])
    text = digest.get_body(("plain",)).get_content()
    ref = bot.case()["ref"]
    assert ref in text and "SDN-2026-9999" in text  # the waiting case and the unmatched mail
    assert digest.get_body(("html",)) is not None
    assert [m for m in bot.cycle("2026-11-02T15:00:00+01:00") if m["X-SDN-Step"] == "staff_digest"] == []
    assert len([m for m in bot.cycle("2026-11-03T07:01:00+01:00") if m["X-SDN-Step"] == "staff_digest"]) == 1
