"""Reading a batch of mails in parallel children: same readings, same order, each mail bounded on its own."""
from __future__ import annotations

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


def test_each_mail_keeps_its_own_timeout_in_parallel() -> None:
    raws = [mails.agreements("SDN-2026-0001")] * 3
    out = bounded.read_mails_bounded(raws, timeout_s=0.001, parallel=2)
    assert [[p["code"] for p in r["message"]["problems"]] for r in out] == [["timeout"]] * 3
