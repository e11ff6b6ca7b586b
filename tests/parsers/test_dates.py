"""Dates as parties write them: the common spellings directly, the rest through dateparser."""
from __future__ import annotations

import pytest

from parsers.values import date_norm


@pytest.mark.parametrize("text, iso", [
    ("18.11.2026", "2026-11-18"), ("2026-11-18", "2026-11-18"), ("Kystby, den 18. november 2026", "2026-11-18"),
    ("18 Nov 2026", "2026-11-18"), ("the 18th of November 2026", "2026-11-18"),
    ("November the 18th, 2026", "2026-11-18"), ("Odense 3/2-2027", "2027-02-03"),
])
def test_a_written_date_is_read_day_first(text: str, iso: str) -> None:
    assert date_norm(text) == iso


@pytest.mark.parametrize("text", ["2026", "Version 2026 af aftalen", "Side 3 af 4", "", "CVR 29189919"])
def test_text_without_a_whole_date_has_none(text: str) -> None:
    assert date_norm(text) is None
