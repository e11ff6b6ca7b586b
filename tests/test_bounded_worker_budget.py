"""A long-lived reading worker gives every mail the whole of limits.parse_memory_mb: what earlier mails left
in its heap (their readings remembered, a thread's malloc arena, modules imported on the way) is not taken
from the next mail's budget. Before, the cap was measured once at the worker's start, so whether a 50
megapixel photo could be read depended on which clean mails the same worker had read before (CI's flaky
`photo_50_megapixels`). A worker that grew past the budget itself is replaced, so the growth stays bounded."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from parsers import bounded
from parsers.reading import Reading

MB = 1024 * 1024
KEPT: list[bytearray] = []  # in the worker: what its earlier mails left behind


def _reading(item: bytes | Path, ref_prefix: str) -> Reading:
    """A reader standing in for the mail reader, told by the mail what to do: `keep N` leaves N MB in the
    worker's heap (written, so resident), `use N` allocates N MB for this reading only."""
    verb, n = bytes(item if isinstance(item, bytes) else b"").decode().split()
    block = bytearray(int(n) * MB)
    block[::4096] = b"\1" * (len(block) // 4096)
    if verb == "keep":
        KEPT.append(block)
    return Reading.model_validate({"pid": __import__("os").getpid(), "used_mb": len(block) // MB})


@pytest.fixture
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked from this process (no other thread runs), so that they inherit the stand-in reader."""
    if threading.active_count() > 1 or "fork" not in bounded.mp.get_all_start_methods():
        pytest.skip("workers come from the fork server here, which does not inherit the stand-in")
    monkeypatch.setattr(bounded, "_read_input", _reading)
    monkeypatch.setattr(bounded, "WORKER_GROWTH_MB", 200)  # the kept 48 MB alone does not retire the worker
    bounded.close_workers()
    yield
    bounded.close_workers()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_each_mail_has_the_whole_budget_whatever_the_worker_read_before(forked_workers: None) -> None:
    out = bounded.read_mails_bounded([b"keep 48", b"use 100"], max_memory_mb=128, parallel=1)
    first, second = (r.model_extra or {} for r in out)
    assert first.get("used_mb") == 48, out[0].msg.problems
    assert second.get("pid") == first["pid"]  # the same worker read both
    assert second.get("used_mb") == 100, out[1].msg.problems  # 48 + 100 > 128: refused before


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_worker_that_grew_past_the_budget_is_replaced(forked_workers: None) -> None:
    out = bounded.read_mails_bounded([b"keep 72", b"keep 72", b"use 1"], max_memory_mb=128, parallel=1)
    pids = [(r.model_extra or {}).get("pid") for r in out]
    assert None not in pids, [r.msg.problems for r in out]
    assert pids[0] == pids[1] != pids[2]  # 144 MB grown after the second mail: a fresh worker for the third
