"""How sure the reader is of a value by its text alone (parsers/documents/confidence.py): pure."""
from __future__ import annotations

import pytest

from parsers.documents.confidence import field_confidence
from parsers.reading import FormFields


@pytest.mark.parametrize(("organisation", "sure"), [
    ("Klinisk Laboratorium Vin-deby ApS", False),   # XeLaTeX hyphenated "Vindeby" at a line's end (held-out seed)
    ("Hospice Lyngå (selvejende institu-tion)", False),
    ("Region Syddanmark, IT-afdelingen", True),     # an abbreviation's own hyphen
    ("Ringkøbing-Skjern Kommune", True),           # a place's own hyphen, a capital after it
    ("Klinisk Laboratorium Vindeby ApS", True),
])
def test_an_organisation_joined_across_a_hyphen_inside_a_word_is_unsure(organisation: str, sure: bool) -> None:
    """A word joined from two lines keeps the line's hyphen ("Vin-" over "deby ApS"): the typesetter's or the
    name's, the page cannot tell; read with confidence, the party's name went to TDC misspelt."""
    got = field_confidence("information_form", FormFields(organisation=organisation))["organisation"]
    assert (got >= 0.5) is sure
