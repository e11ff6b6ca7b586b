"""Reading a batch of mails in parallel children: same readings, same order, each mail bounded on its own."""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from parsers import bounded

from .pipeline import mails


def _kinds(reading: dict) -> list[str]:  # type: ignore[type-arg]
    return [d["kind"] for d in reading["documents"]]


def test_parallel_readings_equal_one_by_one_and_keep_their_order() -> None:
    raws = [mails.agreements("SDN-2026-0001"), mails.inquiry(), b"x" * 2000, mails.agreements("SDN-2026-0002")]
    together = bounded.read_mails_bounded(raws, max_bytes=1500_000, parallel=2)
    alone = [bounded.read_mail_bounded(raw, max_bytes=1500_000) for raw in raws]
    assert together == alone
    assert _kinds(together[0]) == ["connection_agreement", "data_processor_agreement"]
    assert together[0]["message"]["case_ref"] == "SDN-2026-0001"
    assert together[3]["message"]["case_ref"] == "SDN-2026-0002"
    assert together[1]["documents"] == []


def test_an_oversize_mail_is_refused_without_a_child_and_the_rest_is_read() -> None:
    small = mails.inquiry()
    out = bounded.read_mails_bounded([b"y" * 5000, small], max_bytes=4000, parallel=2)
    assert [p["code"] for p in out[0]["message"]["problems"]] == ["too_large"]
    assert out[1] == bounded.read_mail_bounded(small, max_bytes=4000)


def test_each_mail_keeps_its_own_timeout_in_parallel(tmp_path: Path) -> None:
    """Mails whose reading never ends are each stopped and reported as timed out, two workers at a time,
    and the pool reads on. Each such mail is a named pipe nobody writes to (the worker waits in its open forever),
    so no answer can come before the deadline however loaded the machine is: with a real mail and a 1 ms
    timeout, a parent descheduled past the deadline found the worker's answer already there and took it."""
    never = []
    for i in range(3):
        os.mkfifo(tmp_path / f"never-{i}.eml")
        never.append(tmp_path / f"never-{i}.eml")
    out = bounded.read_mails_bounded([never[0], never[1], never[2]], timeout_s=1, parallel=2)
    assert [[p["code"] for p in r["message"]["problems"]] for r in out] == [["timeout"]] * 3
    assert all("longer than 1 s" in r["message"]["problems"][0]["message"] for r in out)
    after = bounded.read_mails_bounded([mails.agreements("SDN-2026-0001")], parallel=2)  # fresh workers read on
    assert _kinds(after[0]) == ["connection_agreement", "data_processor_agreement"]


def test_readings_are_handed_on_as_each_is_done_not_after_the_batch(tmp_path: Path) -> None:
    """The parse stage commits a row as soon as its reading is there: the stream gives a mail's reading while
    another mail of the batch is still being read. The first mail is a named pipe: its worker waits in the
    open until the test opens the other end, which it does only after it got the second mail's reading, so
    that order is the only one possible (a pipe cannot be read as a mail: that one ends as a reader's error)."""
    pipe = tmp_path / "slow.eml"
    os.mkfifo(pipe)
    stream = bounded.read_mails_streamed([pipe, mails.agreements("SDN-2026-0001")], parallel=2, timeout_s=120)
    i, first = next(stream)
    assert i == 1 and _kinds(first) == ["connection_agreement", "data_processor_agreement"]
    with open(pipe, "wb"):  # now the first mail's worker goes on
        pass
    ((i, last),) = list(stream)
    assert i == 0 and [p["code"] for p in last["message"]["problems"]] == ["parse_error"]


def test_a_stream_closed_early_kills_the_workers_still_reading(tmp_path: Path) -> None:
    """A stop in the middle of a batch: nobody waits for the mails not yet read."""
    pipe = tmp_path / "never.eml"
    os.mkfifo(pipe)
    stream = bounded.read_mails_streamed([pipe, mails.inquiry()], parallel=2, timeout_s=600)
    assert next(stream)[0] == 1
    alive = [w for w in multiprocessing.active_children() if w.is_alive()]  # the pipe's, and the idle one
    stream.close()
    assert len([w for w in alive if w.is_alive()]) == len(alive) - 1  # the one still reading is gone
