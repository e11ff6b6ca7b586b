"""The reading's rows in the web view show each doubt on the field it is about, a doubt of one entry
(`technical_contacts[0]`, as the reader names it) on that field's rows, so staff see what they confirm."""
from __future__ import annotations

from mailbot.core.readings import FormFields, Problem
from mailbot.core.vocabulary import ProblemCode
from mailbot.web.queries import form_rows


def test_a_doubt_on_one_contact_is_shown_on_the_technical_contacts() -> None:
    form = FormFields.model_validate({"cvr": "29189846", "technical_contacts": [
        {"name": "Tom Tek", "email": "tom@vestby-kommune.example"}, {"name": "Ida Holm"}]})
    doubt = Problem(code=ProblemCode.UNCERTAIN, field="technical_contacts[1]", message="cut")
    rows = form_rows(form, [doubt])
    shown = [r for r in rows if r.problems]
    assert [(r.path, r.root) for r in shown] == [("technical_contacts.0.name", "technical_contacts")]
    assert shown[0].problems == [doubt] and shown[0].uncertain
    assert all(r.uncertain for r in rows if r.root == "technical_contacts")
    assert not any(r.uncertain for r in rows if r.root != "technical_contacts")
