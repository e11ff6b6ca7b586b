"""Hostile Office files and pictures through the real pipeline, checked as every hostile mail is
(test_hostile.py): processed or quarantined with the reason named, nothing in outgoing headers, and
the bot answers the next ordinary mail. Directly read too: each gives its clear reason, no crash."""
from __future__ import annotations

from pathlib import Path

import pytest

from parsers import read_mail

from .hostile import Case
from .hostile_formats import FORMAT_CASES
from .test_hostile import test_hostile_mail_ends_processed_or_quarantined_and_the_bot_goes_on as through_the_bot


@pytest.mark.parametrize("case", FORMAT_CASES, ids=[c.name for c in FORMAT_CASES])
def test_hostile_format_ends_with_its_reason(case: Case, tmp_path: Path) -> None:
    through_the_bot(case, tmp_path)


@pytest.mark.parametrize("case", [c for c in FORMAT_CASES if "DTD" in str(c.expect)],
                         ids=[c.name for c in FORMAT_CASES if "DTD" in str(c.expect)])
def test_no_entity_is_ever_expanded_or_fetched(case: Case) -> None:
    out = read_mail(case.build()).as_json()
    text = str(out)
    assert "root:" not in text and "lollol" not in text
    (doc,) = out["documents"]
    assert doc["kind"] == "unknown" and [p["code"] for p in doc["problems"]] == ["unreadable"]
