"""Office files an outside hand makes, read as the file itself (the `own` delivery: what the party sends instead of
the PDF its tool would print): the eighth hand's python-docx form sets each person's name, mail and phone as a table
inside the cell beside the person's role (`cell.add_table`, which leaves the cell's empty paragraph above it, so
the role stands on a line of its own in the PDF). The layout ran the role into the table's first row ("Aftaleansvarlig
| Navn | Signe Aagaard"), the agreement contact was not found and read as the first technical contact, with
confidence; the party would have been asked for it."""
from __future__ import annotations

import random
from typing import Any

import pytest

from bench.outside import eighth_hand as e8
from bench.outside.people import party
from parsers import reading_of


@pytest.mark.parametrize(("seed", "language"), [(3, "da"), (8, "en"), (21, "da")])
def test_a_role_beside_a_table_in_its_cell_heads_that_persons_rows(seed: int, language: str) -> None:
    rng = random.Random(seed)
    p = party(rng, "pharmacy", language)
    a = e8.Answers(random.Random(seed), p)
    [doc] = reading_of(e8._docx_header_form(random.Random(seed), a), "skema.docx").as_json()["documents"]
    fields: dict[str, Any] = doc["fields"]
    assert fields["org_contact"]["name"] == a.contact[0]
    assert [t["name"] for t in fields["technical_contacts"]] == [t[0] for t in a.techs]
    assert "org_contact" not in {f for p in doc["problems"] for f in p.get("fields") or []}
