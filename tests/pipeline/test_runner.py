"""The runner: every stage a loop of its own beside the others, going by what the stages declare.

A backlog overlaps parsing with deciding, mails are still decided in order, reminders wait for the mail
in hand, a failure reaches the cycle, a stop ends it after the stages in hand, and a cycle ends by itself
when nothing moves (with stages of any name: the runner names none)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

import pytest

from mailbot.pipeline import runner as runner_mod
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.decide import DecideStage
from mailbot.pipeline.parse import ParseStage
from mailbot.pipeline.stage import Runnable, Stage
from mailbot.pipeline.tick import TickStage

from . import mails
from .conftest import TDC_ORDER, Bot, steps

PARTY = mails.PARTY[1]
WAIT_S = 60  # a guard against a hang, never a measure: the event comes at once when the runner is right


def test_a_backlog_is_decided_while_it_is_still_being_parsed(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse stage's second batch waits until the decide stage has decided the first: a runner that ran
    its stages one after the other would never get there."""
    monkeypatch.setattr(ParseStage, "batch", 1)
    decided = threading.Event()
    overlapped: list[bool] = []
    batches: list[int] = []
    real_prepare, real_decide = ParseStage.prepare, DecideStage.handle_row

    def prepare(self: ParseStage, ctx: StageContext, rows: list[Any]) -> None:
        if batches and not overlapped:  # the second batch: the first must be decided meanwhile
            overlapped.append(decided.wait(WAIT_S))
        batches.append(len(rows))
        real_prepare(self, ctx, rows)

    def decide(self: DecideStage, s: Any, ctx: StageContext, row: Any) -> None:
        real_decide(self, s, ctx, row)
        decided.set()

    monkeypatch.setattr(ParseStage, "prepare", prepare)
    monkeypatch.setattr(DecideStage, "handle_row", decide)
    bot.deliver(mails.inquiry())
    bot.deliver(mails.inquiry(sender=("Ib Ny", "ib@nyby.example")))
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert overlapped == [True]
    assert ("starter_pack", PARTY) in steps(out) and len(steps(out)) == 2  # both mails decided in the cycle


def test_a_backlog_is_decided_in_order(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot.deliver(mails.inquiry())
    assert steps(bot.cycle("2026-11-02T09:15:00+01:00")) == [("starter_pack", PARTY)]
    ref = bot.case()["ref"]
    monkeypatch.setattr(ParseStage, "batch", 1)
    # the agreements and then the form, in one backlog: the form must be decided after the agreements
    bot.deliver(mails.agreements(ref))
    bot.deliver(mails.form(ref))
    out = bot.cycle("2026-11-16T09:15:00+01:00")
    assert [s for s, _ in steps(out)] == ["forwarded_to_tdc", "information_form_request", "tdc_order"]
    assert next(m for m in out if m["X-SDN-Step"] == "tdc_order")["To"] == TDC_ORDER
    assert bot.case()["state"] == "sent_to_tdc"


def test_reminders_run_only_while_no_other_stage_runs(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    running: set[str] = set()
    lock = threading.Lock()
    beside_tick: list[set[str]] = []
    stages = runner_mod.Runner.stages

    def watched(self: runner_mod.Runner) -> list[Runnable]:
        out = stages(self)
        for stage in out:
            real = stage.run

            def run(ctx: StageContext, real: Any = real, name: str = stage.name) -> int:
                with lock:
                    if name == TickStage.name:
                        beside_tick.append(set(running))
                    running.add(name)
                try:
                    return int(real(ctx))
                finally:
                    with lock:
                        running.discard(name)
            stage.run = run  # type: ignore[method-assign]
        return out

    monkeypatch.setattr(runner_mod.Runner, "stages", watched)
    bot.deliver(mails.inquiry())
    bot.deliver(mails.inquiry(sender=("Ib Ny", "ib@nyby.example")))
    bot.cycle("2026-11-02T09:15:00+01:00")
    assert beside_tick and all(others == set() for others in beside_tick)


def test_a_failure_of_a_stage_reaches_the_cycle(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: ParseStage, ctx: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ParseStage, "run", broken)
    bot.deliver(mails.inquiry())
    with pytest.raises(RuntimeError, match="went away"):
        bot.cycle("2026-11-02T09:15:00+01:00")


# -- the runner's law, with stages it has never heard of --------------------------------------------------

class _Source(Stage[int]):
    """Takes its work from outside (a list), in pieces of two per run."""

    name = "taken"
    fetches = True

    def __init__(self, outside: list[int], queue: list[int]) -> None:
        self.outside, self.queue = outside, queue
        self.runs = 0

    def claim(self, ctx: StageContext) -> Iterator[int]:
        self.runs += 1
        taken, self.outside[:] = self.outside[:2], self.outside[2:]
        yield from taken

    def handle(self, ctx: StageContext, work: int) -> int:
        self.queue.append(work)
        return 1


class _Doubler(Stage[int]):
    """Takes what the source left, hands on twice its value."""

    name = "doubled"

    def __init__(self, queue: list[int], done: list[int]) -> None:
        self.queue, self.done = queue, done

    def claim(self, ctx: StageContext) -> Iterator[int]:
        while self.queue:
            yield self.queue.pop(0)

    def handle(self, ctx: StageContext, work: int) -> int:
        self.done.append(2 * work)
        return 1


class _Alone(Stage[int]):
    """Runs only when the others are quiet; adds one piece of work once."""

    name = "alone"
    beside: ClassVar[bool] = False
    timed = True

    def __init__(self, queue: list[int], seen: list[list[int]], done: list[int]) -> None:
        self.queue, self.seen, self.done = queue, seen, done

    def claim(self, ctx: StageContext) -> Iterator[int]:
        self.seen.append(list(self.done))
        if 100 not in self.queue and 200 not in self.done:
            yield 100

    def handle(self, ctx: StageContext, work: int) -> int:
        self.queue.append(work)
        return 1


def _toy_runner(bot: Bot, monkeypatch: pytest.MonkeyPatch, stages: list[Runnable]) -> runner_mod.Runner:
    monkeypatch.setattr(runner_mod.Runner, "stages", lambda self: stages)
    return bot.app.runner()


def test_a_cycle_ends_when_no_stage_has_anything_new(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    outside, queue, done, seen = [1, 2, 3, 4, 5], [], [], []  # type: ignore[var-annotated]
    source = _Source(outside, queue)
    runner = _toy_runner(bot, monkeypatch, [_Alone(queue, seen, done), _Doubler(queue, done), source])
    counts = runner.cycle(datetime(2026, 11, 2, 9, 15))
    assert sorted(done) == [2, 4, 6, 8, 10, 200]
    assert counts["taken"] == 5 and counts["doubled"] == 6 and counts["alone"] == 1
    # the stage that runs alone first saw everything the source had handed on, then what it added itself
    assert seen[0] == [2, 4, 6, 8, 10] and sorted(seen[-1]) == sorted(done)
    # a source runs again only while it finds some: 2 + 2 + 1 + one that found none
    assert source.runs == 4


def test_a_cycle_without_timed_stages_or_fetching_leaves_them_out(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    outside, queue, done, seen = [1], [], [], []  # type: ignore[var-annotated]
    runner = _toy_runner(bot, monkeypatch, [_Source(outside, queue), _Doubler(queue, done),
                                            _Alone(queue, seen, done)])
    counts = runner.cycle(datetime(2026, 11, 2, 9, 15), fetch=False, timed=False)
    assert counts == {"sent": 0, "doubled": 0} and outside == [1] and seen == []


def test_a_stop_ends_the_cycle_after_the_stages_in_hand(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    stop = threading.Event()

    class Stopper(_Source):
        def handle(self, ctx: StageContext, work: int) -> int:
            stop.set()  # SIGTERM arrives while this piece is handled
            return super().handle(ctx, work)

    outside, queue, done, seen = [1, 2, 3, 4], [], [], []  # type: ignore[var-annotated]
    runner = _toy_runner(bot, monkeypatch, [Stopper(outside, queue), _Alone(queue, seen, done)])
    runner.stop = stop
    counts = runner.cycle(datetime(2026, 11, 2, 9, 15))
    assert counts["taken"] == 2 and outside == [3, 4] and seen == []  # nothing started after the stop
