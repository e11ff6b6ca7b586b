"""The document model: a reader's output is typed per kind, refused when it names a field its kind has not,
and every reading the ledger holds (older, fewer keys, codes this version does not know) still loads."""
from __future__ import annotations

import json

import pydantic
import pytest

from mailbot.core.readings import (
    STRICT,
    AgreementFields,
    Document,
    Evidence,
    FormFields,
    OtherFields,
    Person,
    Reading,
)
from mailbot.core.vocabulary import DocumentKind, PartyType, ProblemCode
from parsers import read_pdf
from tests.parsers.test_information_form import form


def test_a_form_the_reader_read_is_typed_and_written_back_as_it_came() -> None:
    raw = read_pdf(form([("Ole Hansen", "ole@labtek.example", "20304050")], ["10.20.0.0/24"]), "form.pdf").as_json()
    doc = Document.model_validate(raw, context=STRICT)
    fields = doc.form()
    assert fields is not None and doc.agreement() is None
    assert fields.party_type is PartyType.LABORATORY
    assert fields.cvr == "29189846"
    assert fields.technical_contacts == [Person(name="Ole Hansen", email="ole@labtek.example", phone="+4520304050")]
    assert fields.installation_address is not None and fields.installation_address.complete
    assert fields.ip_scopes == ["10.20.0.0/24"]
    assert all(0.0 <= c <= 1.0 for c in doc.confidence.values()) and doc.confidence
    assert all(spot.page == 1 for spot in doc.positions.values())
    # the stored and printed form is the reader's, key for key and in its order
    assert json.dumps(doc.as_json()) == json.dumps(raw, default=str)


def test_a_field_the_kind_has_not_is_refused_from_a_reader_and_kept_from_the_ledger() -> None:
    misspelt = {"filename": "a.pdf", "kind": "connection_agreement",
                "fields": {"organisation": "Labtek ApS", "signatory_nmae": "Eva Sand"}, "problems": []}
    with pytest.raises(pydantic.ValidationError, match="signatory_nmae"):
        Document.model_validate(misspelt, context=STRICT)
    with pytest.raises(pydantic.ValidationError, match="signatory_nmae"):
        Reading.model_validate({"message": None, "documents": [misspelt]}, context=STRICT)
    stored = Document.model_validate(misspelt)  # a stored row is never lost for a key this version lacks
    assert isinstance(stored.fields, AgreementFields)
    assert stored.fields.signatory_name is None
    assert stored.as_json()["fields"] == misspelt["fields"]


def test_fields_follow_the_kind() -> None:
    assert isinstance(Document.model_validate({"kind": "information_form", "fields": {}}).fields, FormFields)
    assert isinstance(Document.model_validate({"kind": "data_processor_agreement"}).fields, AgreementFields)
    unknown = Document.model_validate({"kind": "unknown", "fields": {}})
    assert isinstance(unknown.fields, OtherFields) and unknown.as_json()["fields"] == {}
    with pytest.raises(pydantic.ValidationError):  # the form's fields are typed: a contact is a person
        Document.model_validate({"kind": "information_form", "fields": {"technical_contacts": ["Ole"]}}, context=STRICT)


def test_a_problem_code_this_version_does_not_know_goes_to_a_person() -> None:
    doc = Document.model_validate({"kind": "connection_agreement", "problems": [
        {"code": "stamp_missing", "message": "no stamp", "field": "signed"},
        {"code": "not_signed", "message": "not signed", "evidence": "seen_in_a_dream"}]})
    unknown, known = doc.problems
    assert unknown.code is ProblemCode.UNCERTAIN and unknown.original_code == "stamp_missing"
    assert unknown.field == "signed"
    assert unknown.as_json() == {"code": "uncertain", "message": "no stamp", "field": "signed",
                                 "original_code": "stamp_missing"}
    assert known.code is ProblemCode.NOT_SIGNED
    assert known.evidence is None  # evidence this version does not know is no evidence: nothing is said on it
    assert Document.model_validate({"problems": [{"code": "not_signed", "evidence": "found_empty"}]}
                                   ).problems[0].evidence is Evidence.FOUND_EMPTY


def test_a_reading_an_older_version_stored_loads_and_is_written_back_unchanged() -> None:
    old = {"message": {"message_id": "<1@x.example>", "from": "anna@aalborg.example", "to": ["sdn@medcom.example"],
                       "subject": "Aftale", "date": None, "in_reply_to": None, "references": [], "case_ref": None,
                       "automated": None, "language": "da"},
           "documents": [{"filename": "aftale.pdf", "kind": "connection_agreement",
                          "fields": {"organisation": "Aalborg Kommune", "cvr": "29189420", "signed": True},
                          "problems": [{"code": "missing_field", "message": "no date", "fields": ["signature_date"]}]}]}
    reading = Reading.model_validate(old)
    assert reading.msg.sender == "anna@aalborg.example" and reading.msg.body_text == ""
    doc = reading.documents[0]
    agreement = doc.agreement()
    assert agreement is not None and agreement.signed and agreement.signature_date is None
    assert doc.problems[0].fields == ["signature_date"] and doc.confidence == {} and not doc.ocr
    back = reading.as_json()
    assert back["documents"] == old["documents"]  # nothing the reader did not say is invented
    assert back["message"]["from"] == "anna@aalborg.example"


def test_a_failed_reading_has_the_contract_shape() -> None:
    pdf = Reading.failed("too_large", "too big", is_pdf=True, filename="big.pdf", limit="max_pdf_bytes").as_json()
    assert pdf["documents"] == [{"filename": "big.pdf", "kind": DocumentKind.UNKNOWN, "fields": {}, "problems": [
        {"code": "too_large", "message": "too big", "limit": "max_pdf_bytes"}]}]
    mail = Reading.failed("timeout", "slow", is_pdf=False).as_json()
    assert mail["documents"] == [] and mail["message"]["problems"] == [{"code": "timeout", "message": "slow"}]


@pytest.mark.parametrize("name", ["conn_en_tables_italic", "dpa_en_numbered_headings_docusign", "sub_da_addo",
                                  "conn_da_footer_date_unsigned"])
def test_an_agreement_the_reader_read_is_typed_and_written_back_as_it_came(name: str) -> None:
    from tests.parsers import agreement_docs

    data, truth = getattr(agreement_docs, name)()
    raw = read_pdf(data, f"{name}.pdf").as_json()
    doc = Document.model_validate(raw, context=STRICT)
    agreement = doc.agreement()
    assert agreement is not None and doc.kind == truth.kind
    assert agreement.signed is truth.signed or any(p.code in (ProblemCode.UNCERTAIN, ProblemCode.NOT_SIGNED)
                                                   for p in doc.problems)
    assert set(doc.confidence) <= set(type(agreement).model_fields)  # confidence is per field of the kind
    assert json.dumps(doc.as_json()) == json.dumps(raw, default=str)
