"""Reading a batch of mails in parallel children: same readings, same order, each mail bounded on its own."""
from __future__ import annotations

import os
from pathlib import Path

from parsers import bounded

from .pipeline import mails


def _kinds(reading: dict) -> list[str]:  # type: ignore[type-arg]
    return [d["kind"] for d in reading["documents"]]


def test_parallel_readings_equal_one_by_one_and_keep_their_order() -> None:
    raws = [mails.agreements("SDN-2026-0001"), mails.inquiry(), b"x" * 2000, mails.agreements("SDN-2026-0002")]
    together = [d.as_json() for d in bounded.read_mails_bounded(raws, max_bytes=1500_000, parallel=2)]
    alone = [bounded.read_mail_bounded(raw, max_bytes=1500_000).as_json() for raw in raws]
    assert together == alone
    assert _kinds(together[0]) == ["connection_agreement", "data_processor_agreement"]
    assert together[0]["message"]["case_ref"] == "SDN-2026-0001"
    assert together[3]["message"]["case_ref"] == "SDN-2026-0002"
    assert together[1]["documents"] == []


def test_an_oversize_mail_is_refused_without_a_child_and_the_rest_is_read() -> None:
    small = mails.inquiry()
    out = [d.as_json() for d in bounded.read_mails_bounded([b"y" * 5000, small], max_bytes=4000, parallel=2)]
    assert [p["code"] for p in out[0]["message"]["problems"]] == ["too_large"]
    assert out[1] == bounded.read_mail_bounded(small, max_bytes=4000).as_json()


def test_each_mail_keeps_its_own_timeout_in_parallel(tmp_path: Path) -> None:
    """Mails whose reading never ends are each stopped and reported as timed out, two workers at a time,
    and the pool reads on. Each such mail is a named pipe nobody writes to (the worker waits in its open forever),
    so no answer can come before the deadline however loaded the machine is: with a real mail and a 1 ms
    timeout, a parent descheduled past the deadline found the worker's answer already there and took it."""
    never = []
    for i in range(3):
        os.mkfifo(tmp_path / f"never-{i}.eml")
        never.append(tmp_path / f"never-{i}.eml")
    out = [d.as_json() for d in bounded.read_mails_bounded([never[0], never[1], never[2]], timeout_s=1, parallel=2)]
    assert [[p["code"] for p in r["message"]["problems"]] for r in out] == [["timeout"]] * 3
    assert all("longer than 1 s" in r["message"]["problems"][0]["message"] for r in out)
    after = [r.as_json() for r in bounded.read_mails_bounded([mails.agreements("SDN-2026-0001")],
                                                             parallel=2)]  # fresh workers read on
    assert _kinds(after[0]) == ["connection_agreement", "data_processor_agreement"]
