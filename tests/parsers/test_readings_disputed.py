"""A form whose labels' reading missed a part, so the running-text reading was taken for answering more
(held-out outside check seed 4330, the eleventh hand's WeasyPrint form with its parts two by two): where the
two readings of the same page disagree, the field is for staff; before, the running text's "KMD" was taken
though the labels' reading had seen "[X] Nej, vi tilslutter os selv"."""
from __future__ import annotations

from mailbot.core.readings import Address, FormFields, Person
from parsers.documents.prose import _disputed

GRID = FormFields(organisation="Ølstrup Telehelse AS, norsk filial", cvr="53937217", party_type="foreign",
                  connected_via=None, org_contact=Person(name="Malin Solberg", email="malin.solberg@fjeldsaa.example",
                                                         phone="+4570848269"),
                  ip_scopes=["192.168.118.0/27"],
                  installation_address=Address(street="Lupinvej 87", postcode="1620", city="København V"))


def test_two_readings_that_disagree_leave_the_field_to_staff() -> None:
    prose = GRID.model_copy(update={"connected_via": "KMD", "org_contact": Person(
        name="Malin Solberg CVR-nummer", email="malin.solberg@fjeldsaa.example")})
    fields = sorted(p.field or "" for p in _disputed(prose, GRID))
    assert fields == ["connected_via", "org_contact"]


def test_readings_that_agree_or_a_value_the_labels_did_not_find_raise_nothing() -> None:
    prose = GRID.model_copy(update={"org_contact": Person(name="Malin Solberg",
                                                          email="malin.solberg@fjeldsaa.example")})
    assert _disputed(prose, GRID) == []
    unfound = GRID.model_copy(update={"installation_address": None, "organisation": None})
    assert _disputed(GRID, unfound) == []


def test_a_labels_reading_that_answered_little_is_no_witness() -> None:
    thin = FormFields(organisation="Ølstrup Telehelse AS", connected_via=None)
    assert _disputed(GRID.model_copy(update={"connected_via": "KMD"}), thin) == []
