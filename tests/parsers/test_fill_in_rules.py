"""A value typed after a label's fill-in rule (the thirteenth hand's Writer form from RTF, whole cases of seed 141:
"Vej og husnr.: __________________________ Kirkestræde 60"): the rule was read as the street's first word, the
address `uncertain`, and a complete form waited for staff. After a label of several words and its colon, the rule
is no part of the value, as after a plain label's colon."""
from __future__ import annotations

import pytest

from parsers.documents.labels import label_of


@pytest.mark.parametrize(("text", "expected"), [
    ("Vej og husnr.: __________________________ Kirkestræde 60", ("address", "Kirkestræde 60")),
    ("Vej og husnr.: ........ Kirkestræde 60", ("address", "Kirkestræde 60")),
    ("Vej og husnr.: Kirkestræde 60", ("address", "Kirkestræde 60")),
    ("Vej og husnr.: ____________", ("address", "")),  # the rule alone: the field's place found, empty
])
def test_a_fill_in_rule_after_a_labels_colon_is_no_part_of_the_value(text: str, expected: tuple[str, str]) -> None:
    assert label_of(text) == expected
