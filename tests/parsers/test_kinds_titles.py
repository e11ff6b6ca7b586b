"""Which document: a title in other words ("Agreement on joining ..."), and a field whose label holds a
title's word ("Foreign registration no.:" is no registration form) deciding nothing."""
from __future__ import annotations

import pytest

from parsers import read_pdf

from .agreement_docs import EN_CONN_CLAUSES, H1, P, build, clauses


def _agreement(title: str) -> bytes:
    flow = [P(title, H1), P("Health Data Network – MedCom template"), P("The connecting party"),
            P("Name: Havrum Medical GmbH, dansk filial"), P("Company no. (CVR): 29189919"),
            P("Foreign registration no.: Org.nr. 954556478"), P("Address: Søndre Ringvej 101, 1879 Frederiksberg C"),
            P("MedCom"), P("Name: MedCom"), P("Company no. (CVR): 26919991")]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures"), P("Date: 20 November 2026"), P("/s/ Matthias Solberg"),
                                        P("Signature"), P("Name: Matthias Solberg")]
    return build(flow)


@pytest.mark.parametrize("title", ["Agreement on joining the Health Data Network (SDN)",
                                   "Health Data Network (SDN) – terms for the connecting party"])
def test_a_foreign_branchs_connection_agreement_is_a_connection_agreement(title: str) -> None:
    doc = read_pdf(_agreement(title), "a.pdf")
    assert doc["kind"] == "connection_agreement"
    assert doc["fields"]["cvr"] == "29189919"


def test_a_registration_form_by_its_title_still_is_one() -> None:
    """The label rule does not hide a real title: "Registration form" at the top is the information form's."""
    from parsers.documents.kinds import title_of
    assert title_of("Registration form") == "information_form"
    assert title_of("Registration: SDN connection 2026") is None
