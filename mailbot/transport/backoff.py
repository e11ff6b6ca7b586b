"""Exponential backoff with jitter, pure so the reconnect schedule is testable without sleeping.

Why jitter: several bots (or restarts) hammering a mail server that just came back in lock-step is
what keeps it down.
"""
from __future__ import annotations

import random


class Backoff:
    """Delays base, 2*base, 4*base ... capped at `cap`, each scaled by a random factor in [1-jitter, 1]."""

    def __init__(self, base: float = 1.0, cap: float = 300.0, jitter: float = 0.5,
                 rng: random.Random | None = None) -> None:
        if base <= 0 or cap < base:
            raise ValueError("need 0 < base <= cap")
        if not 0.0 <= jitter <= 1.0:
            raise ValueError("jitter must be between 0 and 1")
        self.base = base
        self.cap = cap
        self.jitter = jitter
        self.rng = rng or random.Random()
        self.attempts = 0

    def next_delay(self) -> float:
        """The delay before the next attempt; each call counts one more failure."""
        exp = min(self.cap, self.base * (2 ** min(self.attempts, 62)))
        self.attempts += 1
        delay: float = exp * (1.0 - self.jitter * self.rng.random())
        return delay

    def reset(self) -> None:
        """After a success the next failure starts again from `base`."""
        self.attempts = 0
