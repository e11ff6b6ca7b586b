"""A case's JSON column is the edge of its typed values: a row as the previous version stored it (the
reader's dicts, keys missing, a key this version does not know) loads into `Address` and `Person`, and is
written back with the same keys; its information form loads as `FormFields`, an early form as `EarlyForm`,
each accepted agreement as an `AcceptedAgreement`."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from mailbot.core.case import FormAttachment
from mailbot.core.readings import Address, Evidence, Person
from mailbot.core.vocabulary import PartyType, ProblemCode
from mailbot.store.cases import load_case, save_case
from mailbot.store.db import make_engine, migrate
from mailbot.store.models import CaseRow

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
# the data column of a case row as the version before the typed model wrote it
OLD_DATA = {
    "primary_email": "anna@aalborg.example", "ip_scopes": ["10.20.0.0/24"],
    "installation_address": {"street": "Boulevarden 13", "postcode": "9000", "city": "Aalborg"},
    "org_contact": {"name": "Anna Holm", "email": "anna@aalborg.example"},  # no phone key
    "technical_contacts": [{"name": "Ole", "email": "ole@aalborg.example", "phone": "+4520304050",
                            "department": "IT"}],  # a key this version does not name
    "agreements": {"connection_agreement": {"organisation": "Aalborg Kommune", "cvr": "29189420",
                                            "signatory_name": "Anna Holm", "signature_date": "2026-11-02",
                                            "signed": True, "filename": "Tilslutningsaftale.pdf"},
                   "data_processor_agreement": {"cvr": "29189420", "filename": "Databehandleraftale.pdf",
                                                "signatory_email": "anna@aalborg.example",
                                                "witness": "Ole"}},  # a key this version does not name
    "form": {"organisation": "Aalborg Kommune", "cvr": "29189420", "party_type": "municipality",
                               "ip_scopes": ["10.20.0.0/24"], "technical_contacts": [{"name": "Ole"}]},
    "form_attachment": {"inbound": 3, "filename": "Informationsskema.pdf"},
    "form_problems": [{"code": "missing_field", "message": "no SDN IP scope is given", "field": "ip_scopes",
                       "filename": "Informationsskema.pdf", "document_kind": "information_form",
                       "evidence": "found_empty"}],
    "early_form": {"doc": {"filename": "skema.pdf", "kind": "information_form", "fields": {"cvr": "29189420"},
                           "problems": [{"code": "missing_field", "message": "no scope", "field": "ip_scopes"}]},
                   "inbound": 7},
    "waiting_for": None, "reminders_sent": 0, "escalated": False, "installation_overdue_reported": False,
    "aliases": [],
}


def test_a_case_row_the_previous_version_stored_loads_typed_and_saves_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    with Session(engine) as s:
        row = CaseRow(ref="SDN-2026-0001", state="sent_to_tdc", created_at=NOW, updated_at=NOW, data=OLD_DATA)
        s.add(row)
        s.commit()
        assert row.id is not None
        row, case = load_case(s, row.id, lock=False)
        assert case.installation_address == Address(street="Boulevarden 13", postcode="9000", city="Aalborg")
        assert case.installation_address.complete
        assert case.org_contact is not None and case.org_contact.name == "Anna Holm" and case.org_contact.phone is None
        assert case.form is not None and case.form.party_type is PartyType.MUNICIPALITY
        assert case.form.technical_contacts == [Person(name="Ole")] and case.form.installation_address is None
        assert case.form_attachment == FormAttachment(3, "Informationsskema.pdf")
        (asked,) = case.form_problems
        assert (asked.code, asked.field) == (ProblemCode.MISSING_FIELD, "ip_scopes")
        assert asked.evidence is Evidence.FOUND_EMPTY
        assert case.early_form is not None and case.early_form.inbound == 7
        early = case.early_form.doc.form()
        assert early is not None and early.cvr == "29189420"
        assert case.early_form.doc.problems[0].code is ProblemCode.MISSING_FIELD
        ca, dpa = case.agreements["connection_agreement"], case.agreements["data_processor_agreement"]
        assert (ca.cvr, ca.signatory_name, ca.signed, ca.filename) == ("29189420", "Anna Holm", True,
                                                                       "Tilslutningsaftale.pdf")
        assert dpa.signatory_name is None and dpa.filename == "Databehandleraftale.pdf"
        assert dpa.signatory_email == "anna@aalborg.example"
        (tech,) = case.technical_contacts
        assert isinstance(tech, Person) and tech.email == "ole@aalborg.example"
        save_case(s, row, case.with_(technical_contacts=(*case.technical_contacts, Person(email="it@aalborg.example"))))
        s.commit()
        data = dict(row.data or {})
    assert data["form"] == OLD_DATA["form"]  # the keys it had, no more
    assert data["agreements"] == OLD_DATA["agreements"]  # flat as it was, the key not named kept
    assert data["early_form"] == OLD_DATA["early_form"]
    assert data["form_attachment"] == OLD_DATA["form_attachment"]
    assert data["form_problems"] == OLD_DATA["form_problems"]
    assert data["installation_address"] == OLD_DATA["installation_address"]
    assert data["org_contact"] == OLD_DATA["org_contact"]  # written as it came: no key is invented
    assert data["technical_contacts"] == [OLD_DATA["technical_contacts"][0],  # its unknown key kept
                                          {"email": "it@aalborg.example"}]
