"""A backlog is parsed in a thread of its own while the cycle routes, decides and sends what is parsed; the
runner decides that from what the stages declare, never by a stage's name."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from sqlmodel import Session, select

from mailbot.clock import parse_now
from mailbot.pipeline import runner as runner_mod
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.parse import ParseStage
from mailbot.pipeline.stage import Runnable, Stage
from mailbot.store.models import OutboundRow

from . import mails
from .conftest import TDC_ORDER, Bot, steps

PARTY = mails.PARTY[1]


def test_a_backlog_is_parsed_beside_the_other_stages_and_decided_in_order(
        bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot.deliver(mails.inquiry())
    assert steps(bot.cycle("2026-11-02T09:15:00+01:00")) == [("starter_pack", PARTY)]
    ref = bot.case()["ref"]
    beside: list[Any] = []
    real = runner_mod.Runner._beside

    def spy(self: runner_mod.Runner, *args: Any) -> None:
        beside.append((args[0].name, [stage.name for stage in args[1]]))
        real(self, *args)

    monkeypatch.setattr(runner_mod.Runner, "_beside", spy)
    monkeypatch.setattr(ParseStage, "batch", 1)
    # the agreements and then the form, in one backlog: the form must be decided after the agreements
    bot.deliver(mails.agreements(ref))
    bot.deliver(mails.form(ref))
    out = bot.cycle("2026-11-16T09:15:00+01:00")
    assert beside == [("parsed", ["routed", "decided", "rendered", "sent"])]
    sent = [s for s, _ in steps(out)]
    # the form request is sent if the cycle sent it before the form was decided, else withdrawn unsent (never
    # both, never neither): the parse thread and the sending race, as in production
    with Session(bot.app.engine) as s:
        withdrawn = [o.step for o in s.exec(select(OutboundRow).where(OutboundRow.status == "withdrawn")).all()]
    assert sent[0] == "forwarded_to_tdc" and sent[-1] == "tdc_order"
    assert sorted(sent[1:-1] + withdrawn) == ["information_form_request"]
    assert next(m for m in out if m["X-SDN-Step"] == "tdc_order")["To"] == TDC_ORDER
    assert bot.case()["state"] == "sent_to_tdc"


def test_no_thread_for_what_one_batch_holds(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[bool] = []
    monkeypatch.setattr(runner_mod.Runner, "_beside", lambda *a: called.append(True))
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


class _Slow(Stage[int]):
    """A stage with a backlog that can only finish once a later stage has drained something beside it."""

    name: ClassVar[str] = "slow"

    def __init__(self, drained: threading.Event) -> None:
        self.drained = drained

    def backlog(self, ctx: StageContext) -> bool:
        return True

    def claim(self, ctx: StageContext) -> Iterator[int]:
        yield 1

    def handle(self, ctx: StageContext, work: int) -> int:
        if not self.drained.wait(30):
            raise AssertionError("nothing ran beside the backlog")
        return 1


class _Drain(Stage[int]):
    name: ClassVar[str] = "drain"
    overlaps: ClassVar[bool] = True

    def __init__(self, drained: threading.Event, ran: list[str]) -> None:
        self.drained, self.ran = drained, ran

    def claim(self, ctx: StageContext) -> Iterator[int]:
        yield 1

    def handle(self, ctx: StageContext, work: int) -> int:
        self.ran.append(self.name)
        self.drained.set()
        return 0


class _After(_Drain):
    """A later stage that does not overlap (a timed one, say): it runs once, after the backlog."""

    name: ClassVar[str] = "after"
    overlaps: ClassVar[bool] = False


def test_the_runner_runs_any_stage_with_a_backlog_beside_the_later_stages_that_overlap(
        bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    drained, ran = threading.Event(), list[str]()
    mine: list[Runnable] = [_Slow(drained), _After(threading.Event(), ran), _Drain(drained, ran)]
    monkeypatch.setattr(runner_mod.Runner, "stages", lambda self: mine)
    counts = bot.app.runner().cycle(parse_now("2026-11-02T09:15:00+01:00"))
    assert counts["slow"] == 1
    # the drain ran beside the slow stage (which waited for it), then once more in the cycle; `after` only then
    assert ran[0] == "drain" and ran.count("after") == 1 and ran.index("after") > 0
