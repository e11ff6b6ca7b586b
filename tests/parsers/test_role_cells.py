"""A contacts table's role cell that names a technician after a word of rank ("Primær tekniker", "Primary
technician"; held-out outside check seed 4330, the eleventh hand's PostScript form): "primær" alone had made
the row the organisation's contact, so the first technician was lost from the technical contacts and no
one was told (a confident wrong list for TDC)."""
from __future__ import annotations

from typing import Any

import pytest

from parsers.documents.form import _row_role
from parsers.documents.page import read_content
from parsers.documents.page_types import Line, Segment, Word
from tests.parsers.form_reading import read_form

from .layouts import BOLD, Page, render


def _form(first_role: str, first_phone: str, name_x: float = 175) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    p = Page()
    p.line("Stamoplysninger til tilslutning af Sundhedsdatanettet", size=13, font=BOLD)
    p.heading("1. Om organisationen")
    p.pair("Organisationens navn*", "Blodbanken på Guldager Sygehus", value_x=200)
    p.pair("CVR", "33045301", value_x=200)
    p.heading("2. Ansvarlig for aftalen hos os")
    p.pair("Fulde navn", "Signe Christoffersen", value_x=200)
    p.pair("E-post", "signe.christoffersen@egelev-sundhed.example", value_x=200)
    p.pair("Direkte telefon", "+45 6700 7443", value_x=200)
    p.heading("3. TEKNIKERE DER MÅ KONTAKTES AF TDC")
    p.row([(60, "Rolle"), (name_x, "Navn"), (300, "E-post"), (482, "Tlf.")], font=BOLD)
    p.row([(60, first_role), (name_x, "Nikolaj Krøyer"), (300, "nikr@egelev-sundhed.example")]
          + ([(482, first_phone)] if first_phone else []))
    p.row([(60, "Stedfortræder"), (name_x, "Nikolaj Christoffersen"),
           (262, "nikolaj.christoffersen@egelev-sundhed.example"), (482, "9322 6494")])
    p.heading("4. Leveringssted for udstyr")
    p.pair("Vej og husnr.", "Lupinvej 91", value_x=200)
    p.pair("Postnr. og by", "7451 Sunds", value_x=200)
    p.heading("5. Netværk der skal på SDN")
    p.pair("Net (CIDR) 1", "172.19.11.0/24", value_x=200)
    return read_form(read_content(render([p])))


@pytest.mark.parametrize("role", ["Primær tekniker", "Primary technician", "Hovedkontakt IT"])
def test_a_role_naming_a_technician_after_its_rank_is_a_technical_contact(role: str) -> None:
    f, _ = _form(role, "5311 8951")
    assert f["org_contact"]["name"] == "Signe Christoffersen"
    assert [c["name"] for c in f["technical_contacts"]] == ["Nikolaj Krøyer", "Nikolaj Christoffersen"]


@pytest.mark.parametrize("role", ["Primær tekniker", "Hovedkontakt IT"])
def test_a_role_cell_run_into_the_name_leaves_the_name_unread_never_missing(role: str) -> None:
    """Set so close that the role's cell and the name's read as one ("Primær tekniker Nikolaj Krøyer"): the
    name is there but not told apart, so it is neither read with the role in it nor said to be missing (the
    party would be asked for a name it gave): staff look."""
    f, problems = _form(role, "5311 8951", name_x=146)
    first = f["technical_contacts"][0]
    assert first["email"] == "nikr@egelev-sundhed.example" and first["name"] in (None, "Nikolaj Krøyer")
    assert not [q for q in problems if q["code"] == "missing_field" and q.get("evidence") == "found_empty"]
    if first["name"] is None:
        assert [q for q in problems if q["code"] == "uncertain" and q.get("field") == "technical_contacts[0]"]


def _row(role: str) -> Line:
    return Line(1, 100, 110, [Segment([Word(t, x, x + 6.0 * len(t), 100, 110)]) for x, t in
                              [(60, role), (145, "Nikolaj Krøyer"), (262, "nikr@egelev-sundhed.example")]])


@pytest.mark.parametrize(("role", "want"), [("Primær kontakt", "org_contact"), ("Primary contact", "org_contact"),
                                            ("Primær tekniker", "tech"), ("Main IT contact", "tech"),
                                            ("Administrativ kontakt", "org_contact"), ("Teknisk kontakt", "tech")])
def test_a_rank_alone_still_names_the_organisations_contact(role: str, want: str) -> None:
    """"Primær kontakt" names no technician: the rule for it stays."""
    assert _row_role(_row(role)) == want
