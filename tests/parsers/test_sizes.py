"""Sizes in the reasons a person reads: an 8 KB mail over a 5,000-byte limit says so, not "0.0 MB"."""
from __future__ import annotations

from parsers.bounded import human_size, read_mail_bounded


def test_human_size_keeps_small_limits_comparable() -> None:
    assert [human_size(n) for n in (5_000, 8_192, 150_000, 1_500_000, 25_000_000)] == [
        "5,000 bytes", "8,192 bytes", "150 KB", "1.5 MB", "25 MB"]


def test_a_mail_over_a_small_limit_names_both_sizes() -> None:
    raw = b"From: a@x.example\r\nSubject: big\r\n\r\n" + b"x" * (8_192 - 37) + b"\r\n"
    reading = read_mail_bounded(raw, timeout_s=30, max_bytes=5_000).as_json()
    (problem,) = reading["message"]["problems"]
    assert problem["code"] == "too_large"
    assert f"{len(raw):,} bytes; the limit is 5,000 bytes" in problem["message"]
