"""The core's judgements of a reading (mailbot/core/judgements): what is missing and on what evidence, and
whether documents disagree on the party. Pure; the readers and the machine both call these."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from typing import Any

from mailbot.core.documents import evaluate_form
from mailbot.core.events import ReadingCorrection
from mailbot.core.judgements import mismatch, missing, template
from mailbot.core.machine import decide
from mailbot.core.readings import Document, Problem
from mailbot.core.states import State
from mailbot.core.vocabulary import PartyType
from tests.core.helpers import PARTY, SETTINGS, at, case, form, party_mail, steps

ROOT = Path(__file__).resolve().parents[2]


def _fields(**change: Any) -> dict[str, Any]:
    return {**form()["fields"], **change}


def test_a_whole_form_lacks_nothing_and_each_empty_item_is_named_in_reading_order() -> None:
    assert missing.form_items(_fields()) == []
    items = missing.form_items(_fields(cvr=None, org_contact={"name": "Anna", "email": None, "phone": ""},
                                       technical_contacts=[{"name": "Tom", "email": "", "phone": None}],
                                       installation_address={"street": "Torvet 1", "postcode": None, "city": ""}))
    assert [(it.field, it.part) for it in items] == [
        ("cvr", None), ("org_contact", "email_or_phone"), ("technical_contacts", "email"),
        ("technical_contacts", "phone"), ("installation_address", "postcode"), ("installation_address", "city")]
    assert items[2].index == 1 and items[2].label == "technical contact 1's e-mail"


def test_no_networks_is_missing_only_when_none_was_written() -> None:
    assert [it.field for it in missing.form_items(_fields(ip_scopes=[]))] == ["ip_scopes"]
    assert missing.form_items(_fields(ip_scopes=[]), invalid_scopes=True) == []  # written, but none valid


def test_a_field_is_found_empty_only_when_every_item_missing_of_it_was_seen_empty() -> None:
    items = missing.form_items(_fields(party_type=None, installation_address={"street": None, "city": None}))
    seen = {"type of party", "installation address (street)"}  # the postcode's and city's places not found
    found = [p.as_json() for p in missing.judged(items, lambda it: "found_empty" if it.label in seen else "not_found")]
    assert [(p["fields"], p["evidence"]) for p in found] == [
        (["party_type"], "found_empty"), (["installation_address"], "not_found")]
    assert found[1]["message"] == ("Missing: installation address (street), installation address (postcode), "
                                   "installation address (city).")


def test_an_agreement_field_the_reader_is_unsure_of_is_not_missing() -> None:
    fields = {"organisation": None, "cvr": None, "signatory_name": "Bo", "signature_date": ""}
    assert [it.field for it in missing.agreement_items(fields)] == ["organisation", "cvr", "signature_date"]
    assert [it.field for it in missing.agreement_items(fields, {"organisation"})] == ["cvr", "signature_date"]


def test_an_absence_a_second_reading_doubts_is_dropped_and_others_kept() -> None:
    found = [Problem.model_validate(p) for p in (
        {"code": "missing_field", "fields": ["cvr", "organisation"]}, {"code": "not_signed"},
        {"code": "missing_field", "field": "cvr"}, {"code": "invalid_cvr", "field": "cvr"})]
    assert [p.as_json() for p in missing.unproven(found, {"cvr", "signed"})] == [
        {"code": "missing_field", "message": "", "fields": ["organisation"]},
        {"code": "invalid_cvr", "message": "", "field": "cvr"}]


def test_the_machine_judges_again_every_required_field_a_person_left_empty() -> None:
    """Staff confirmed the whole reading with the organisation's name and the contact's phone empty: both
    are asked of the party, as confirmed; what the reader already named is not named twice."""
    doc = form(problems=[{"code": "missing_field", "message": "Missing: CVR number.", "fields": ["cvr"],
                          "evidence": "found_empty"}])
    doc["fields"] = _fields(organisation="", cvr=None, technical_contacts=[{"name": "Tom", "email": "t@x.example"}])
    doc["confirmed"] = ["organisation", "technical_contacts"]
    probs = evaluate_form(case(cvr=None, organisation=None), Document.model_validate(doc), ())
    assert sorted((p.field, p.evidence) for p in probs if p.code == "missing_field") == [
        ("cvr", "found_empty"), ("organisation", "confirmed"), ("technical_contacts", "confirmed")]


def test_a_foreign_party_is_never_asked_for_a_danish_cvr_even_when_judged_again() -> None:
    doc = form()
    doc["fields"] = _fields(cvr=None)
    doc["confirmed"] = ["cvr"]
    assert evaluate_form(case(party_type=PartyType.FOREIGN, cvr=None), Document.model_validate(doc), ()) == []
    assert [p.field for p in evaluate_form(case(cvr=None), Document.model_validate(doc), ())] == ["cvr"]


def test_a_whole_reading_confirmed_with_the_organisation_empty_asks_the_party_for_it() -> None:
    """A form read from the mail's text (in doubt as a whole) without the organisation's name, for a case that
    holds none from agreements (what TDC is sent is the case's): staff check the whole reading and leave the
    name empty; before, the form went to TDC without it."""
    doc = form(problems=[{"code": "uncertain", "message": "read from the mail's text"}])
    doc["fields"]["organisation"] = None
    d = decide(case(State.AWAITING_INFORMATION_FORM, organisation=None), party_mail(doc), at("2026-11-16T10:00:00"),
               SETTINGS)
    assert d.case.state == State.CLARIFICATION and not any(m.role == "party" for m in d.mails)
    d = decide(d.case, ReadingCorrection(by="staff@medcom.example", whole=True), at("2026-11-18T10:00:00"),
               SETTINGS)
    assert d.case.state == State.CLARIFICATION and steps(d) == [("clarification", (PARTY,))]
    assert [(p.field, p.evidence) for p in d.case.form_problems] == [("organisation", "confirmed")]


def test_the_agreements_of_one_mail_that_name_another_party_than_most_differ() -> None:
    a = {"cvr": "29189846", "organisation": "Vestby Kommune"}
    same = {"cvr": "29189846", "organisation": "vestby  kommune."}  # spaces, case and dots: the same name
    other = {"cvr": "12345674", "organisation": "Kystby"}
    assert mismatch.in_one_mail([a, same]) == [False, False]
    assert mismatch.in_one_mail([a, same, other]) == [False, False, True]
    assert mismatch.in_one_mail([a, other]) == [True, True]  # no majority: every one is in doubt
    assert mismatch.in_one_mail([a, {"cvr": None, "organisation": None}]) == [False, False]


def test_a_mistyped_cvr_beside_the_valid_one_makes_no_agreement_differ() -> None:
    # two digits swapped fail the modulus-11 check: that agreement's invalid_cvr is its problem, and the valid
    # agreement beside it is not in doubt (the party would have been told both differ, and later that the
    # valid one was missing)
    a = {"cvr": "29189846", "organisation": "Vestby Kommune"}
    typo = {"cvr": "92189846", "organisation": "Vestby Kommune"}
    other = {"cvr": "12345674", "organisation": "Vestby Kommune"}
    assert mismatch.in_one_mail([a, typo]) == [False, False]
    assert mismatch.in_one_mail([a, typo, other]) == [True, True, True]  # two valid CVRs still differ
    # a mistyped CVR and another name: only the names differ, which is the reader's doubt, for staff
    renamed = {"cvr": "92189846", "organisation": "Kystby Kommune"}
    assert mismatch.in_one_mail([a, renamed]) == [True, True]
    assert mismatch.in_one_mail_problem(renamed, [a, renamed]).evidence == "disagree"


def test_a_cvr_differs_only_from_one_that_is_known() -> None:
    assert mismatch.other_cvr("29189846", [None, "29189846", "12345674"]) == "12345674"
    assert mismatch.other_cvr("29189846", [None, "29189846"]) is None
    assert mismatch.other_cvr(None, ["12345674"]) is None


def test_the_form_and_the_agreements_disagreeing_on_the_cvr_is_one_mismatch() -> None:
    (p,) = evaluate_form(case(cvr="12345674"), Document.model_validate(form()), ())
    assert (p.code, p.field) == ("mismatch", "cvr") and "29189846" in p.message


def test_the_template_judgement_needs_evidence_to_call_a_document_another_template() -> None:
    own = template.TemplateMatch(coverage=0.1, own_clauses=5, sdn_clauses=0, marks=0, own_examples=("1. Scope",))
    (p,) = template.judged(own)
    assert p.code == "wrong_template" and "'1. Scope'" in p.message
    (p,) = template.judged(own, ocr=True)  # OCR may have lost the very sentences: a person compares
    assert (p.code, p.field) == ("uncertain", "template")
    assert template.judged(template.TemplateMatch(coverage=0.5, own_clauses=5, sdn_clauses=2, marks=0)) == []


def test_a_document_calling_itself_medcoms_template_is_never_told_it_is_another() -> None:
    """Clauses in other words under a footer "Template approved by the MedCom steering group": the party may
    have retyped MedCom's template (held-out: a signed agreement was answered `wrong_template`). A person
    compares; declaring another template outright still is positive evidence."""
    retyped = template.TemplateMatch(coverage=0.0, own_clauses=4, sdn_clauses=1, marks=0,
                                     own_examples=("1. Subject",), medcom_mark=True)
    (p,) = template.judged(retyped)
    assert (p.code, p.field) == ("uncertain", "template")
    declared = template.TemplateMatch(coverage=0.0, own_clauses=4, sdn_clauses=0, marks=0, declared_own=True)
    assert [p.code for p in template.judged(declared)] == ["wrong_template"]


def _problems_built(path: Path) -> set[str]:
    """The problem codes a file builds itself: a call whose first argument is the code's literal or member."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Attribute) and first.attr == "value":  # ProblemCode.X.value
                first = first.value
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                out.add(first.value)
            elif isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) \
                    and first.value.id == "ProblemCode":
                out.add(first.attr.lower())
    return out


def test_missing_fields_mismatches_templates_and_signing_are_judged_in_one_module_each() -> None:
    """Issue 25: no reader and no other part of the core writes a missing_field, mismatch, wrong_template or
    not_signed problem itself."""
    builders: dict[str, list[str]] = {"missing_field": [], "mismatch": [], "wrong_template": [], "not_signed": []}
    for folder in ("mailbot", "parsers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for code in _problems_built(path) & set(builders):
                builders[code].append(str(path.relative_to(ROOT)))
    assert builders == {"missing_field": ["mailbot/core/judgements/missing.py"],
                        "mismatch": ["mailbot/core/judgements/mismatch.py"],
                        "wrong_template": ["mailbot/core/judgements/template.py"],
                        "not_signed": ["mailbot/core/judgements/signing.py"]}


def test_an_agreement_that_says_it_is_another_under_borrowed_headings_is_another_template() -> None:
    """Clause headings in the templates' words ("Instruks", "Sikkerhed") over none of their sentences, in a document
    that calls itself another ("egen skabelon", "with every supplier"): positive evidence, `wrong_template`; read by
    OCR, or without saying so, a person compares."""
    said = template.TemplateMatch(coverage=0.0, own_clauses=0, sdn_clauses=4, marks=0, declared_own=True)
    (p,) = template.judged(said)
    assert p.code == "wrong_template" and "e.g. ," not in p.message
    assert [x.code for x in template.judged(said, ocr=True)] == ["uncertain"]
    assert [x.code for x in template.judged(dataclasses.replace(said, declared_own=False))] == ["uncertain"]
    assert [x.code for x in template.judged(dataclasses.replace(said, medcom_mark=True))] == ["uncertain"]
