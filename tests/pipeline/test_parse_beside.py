"""A backlog is parsed in a thread of its own while the cycle routes, decides and sends what is parsed."""
from __future__ import annotations

from typing import Any

import pytest

from mailbot.pipeline import runner as runner_mod
from mailbot.pipeline.parse import ParseStage

from . import mails
from .conftest import TDC_ORDER, Bot, steps

PARTY = mails.PARTY[1]


def test_a_backlog_is_parsed_beside_the_other_stages_and_decided_in_order(
        bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot.deliver(mails.inquiry())
    assert steps(bot.cycle("2026-11-02T09:15:00+01:00")) == [("starter_pack", PARTY)]
    ref = bot.case()["ref"]
    beside: list[Any] = []
    real = runner_mod.Runner._parse_beside

    def spy(self: runner_mod.Runner, *args: Any) -> None:
        beside.append(args[0])
        real(self, *args)

    monkeypatch.setattr(runner_mod.Runner, "_parse_beside", spy)
    monkeypatch.setattr(ParseStage, "batch", 1)
    # the agreements and then the form, in one backlog: the form must be decided after the agreements
    bot.deliver(mails.agreements(ref))
    bot.deliver(mails.form(ref))
    out = bot.cycle("2026-11-16T09:15:00+01:00")
    assert len(beside) == 1
    assert [s for s, _ in steps(out)] == ["forwarded_to_tdc", "information_form_request", "tdc_order"]
    assert next(m for m in out if m["X-SDN-Step"] == "tdc_order")["To"] == TDC_ORDER
    assert bot.case()["state"] == "sent_to_tdc"


def test_no_thread_for_what_one_batch_holds(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[bool] = []
    monkeypatch.setattr(runner_mod.Runner, "_parse_beside", lambda *a: called.append(True))
    bot.deliver(mails.inquiry())
    assert steps(bot.cycle("2026-11-02T09:15:00+01:00")) == [("starter_pack", PARTY)]
    assert called == []


def test_a_failure_of_the_parse_thread_reaches_the_cycle(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ParseStage, "batch", 1)

    def broken(self: ParseStage, ctx: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ParseStage, "run", broken)
    bot.deliver(mails.inquiry())
    bot.deliver(mails.inquiry(sender=("Ib Ny", "ib@nyby.example")))
    with pytest.raises(RuntimeError, match="went away"):
        bot.cycle("2026-11-02T09:15:00+01:00")
