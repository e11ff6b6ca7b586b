import random

import pytest

from mailbot.transport.backoff import Backoff


def test_delays_double_up_to_the_cap_without_jitter() -> None:
    b = Backoff(base=1.0, cap=10.0, jitter=0.0)
    assert [b.next_delay() for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_reset_starts_again_from_base() -> None:
    b = Backoff(base=2.0, cap=100.0, jitter=0.0)
    b.next_delay()
    b.next_delay()
    b.reset()
    assert b.next_delay() == 2.0


def test_jitter_stays_within_bounds_and_varies() -> None:
    b = Backoff(base=4.0, cap=4.0, jitter=0.5, rng=random.Random(7))
    delays = [b.next_delay() for _ in range(200)]
    assert all(2.0 <= d <= 4.0 for d in delays)
    assert len(set(delays)) > 100  # not lock-step


def test_many_failures_do_not_overflow() -> None:
    b = Backoff(base=1.0, cap=300.0, jitter=0.0)
    for _ in range(2000):
        d = b.next_delay()
    assert d == 300.0


@pytest.mark.parametrize("kwargs", [{"base": 0}, {"base": 5, "cap": 1}, {"jitter": 1.5}])
def test_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**kwargs)
