"""An address broken inside its domain at a letter (issue 22: a confident wrong e-mail would reach TDC): Chromium
breaks a long address after a hyphen and prints no hyphen at the break, LibreOffice breaks one inside a word. The
joined address is taken only on evidence (the break in the last part of the domain, or the form's other
addresses); otherwise it is `uncertain` for staff."""
from __future__ import annotations

from collections import Counter

from parsers import read_pdf
from parsers.documents.form import _hyphen_at_breaks
from parsers.documents.page_types import Line, Segment, Word

from . import tools
from .test_layout_geometry import _texts, two_column_form

LONG = "sofie.kragh@hospitalsenheden-hvidmose-it.example"


def _printed(note: str = "") -> bytes:
    tools.ensure("chromium")
    page = two_column_form("Region Hvidmose", LONG).replace("</h1>", "</h1>" + note, 1)
    data = tools.chromium_print(page)
    texts = _texts(data)
    assert any(t.endswith("sofie.kragh@hospitalsenheden") for t in texts), "the fixture must break at the hyphen"
    assert not any(LONG in t for t in texts), "and print no hyphen at the break"
    return data


def test_an_address_broken_where_a_hyphen_may_have_stood_is_uncertain() -> None:
    reading = read_pdf(_printed(), "form.pdf").as_json()
    email = reading["fields"]["org_contact"]["email"]
    assert email != LONG  # the page cannot tell: read as joined ...
    doubt = [p for p in reading["problems"] if p["code"] == "uncertain" and p["field"] == "org_contact"]
    assert doubt  # ... staff look, or the case's own mails tell which way (core/judgements/broken_address.py)
    assert doubt[0]["ways"] == [email, LONG]


def test_another_address_of_the_domain_on_the_form_restores_the_hyphen() -> None:
    note = "<p>Spørgsmål til skemaet: it@hospitalsenheden-hvidmose-it.example</p>"
    reading = read_pdf(_printed(note), "form.pdf").as_json()
    assert reading["fields"]["org_contact"]["email"] == LONG
    assert not [p for p in reading["problems"] if p.get("field") == "org_contact"]


def _line(top: float, *texts: tuple[str, int | None]) -> Line:
    return Line(0, top, top + 10, [Segment([Word(t, 0, 100, top, top + 10, break_at=at) for t, at in texts])])


def test_a_break_in_the_last_part_of_the_domain_or_a_domain_seen_twice_is_no_doubt() -> None:
    joined: dict[str, tuple[str, str]] = {}
    in_tld = "ida.lykke@aalund.example"  # "…aalund.exam" / "ple": a top-level domain has no hyphen
    seen_twice = "ib@fjeldsaadata.example"  # "ib@fjeldsaa" / "data.example", the domain also on another address
    lines = [_line(0, (in_tld, in_tld.index("ple"))), _line(20, (seen_twice, seen_twice.index("data")))]
    # `seen`: the domains' names the form prints on one line (form.domain_names), the joined ones not among them
    _hyphen_at_breaks(lines, joined, Counter({"aalund": 1, "fjeldsaadata": 1}))
    assert joined == {}
    assert [w.text for ln in lines for s in ln.segments for w in s.words] == [in_tld, seen_twice]
    alone = "ib@fjeldsaadata.example"
    _hyphen_at_breaks([_line(0, (alone, alone.index("data")))], joined, Counter())
    assert joined == {alone: (alone, "ib@fjeldsaa-data.example")}
