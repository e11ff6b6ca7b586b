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
    doc = read_pdf(_agreement(title), "a.pdf").as_json()
    assert doc["kind"] == "connection_agreement"
    assert doc["fields"]["cvr"] == "29189919"


def test_a_registration_form_by_its_title_still_is_one() -> None:
    """The label rule does not hide a real title: "Registration form" at the top is the information form's."""
    from parsers.documents.kinds import title_of
    assert title_of("Registration form") == "information_form"
    assert title_of("Registration: SDN connection 2026") is None


def test_a_form_in_two_columns_is_known_by_the_headings_of_either_column() -> None:
    """A form laid out in two columns, under a title in words of its own: the headings of its questions
    (the IP ranges, here in the right-hand column) tell it is the information form."""
    from .agreement_docs import table

    rows = [["Party", "Administrative contact"],
            ["Legal name of the organisation: Kragsø Kommune", "Full name: Birthe Østergaard"],
            ["CVR number: 10070694", "Mail: birthe@kragsoe.example"],
            ["What kind of organisation are you?", "IT operations contacts"],
            ["☒ Municipality", "Full name: Nikolaj Lykke"],
            ["Connection route", "IP address ranges (CIDR)"],
            ["☒ Connected directly (not through KMD)", "Range 1: 192.168.182.64/27"],
            ["Place of installation", ""], ["Street address: Sygehusvej 123", ""], ["Postcode: 5491", ""]]
    flow = [P("Health Data Network: information for connecting a new party", H1),
            P("To be completed by the connecting organisation and returned to MedCom by e-mail."),
            table(rows, [240, 235])]
    doc = read_pdf(build(flow), "Information form Kragsø Kommune.pdf").as_json()
    assert doc["kind"] == "information_form"
    assert doc["fields"]["ip_scopes"] == ["192.168.182.64/27"]
