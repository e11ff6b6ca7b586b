"""Agreements laid out and worded as other organisations do (issue 22, classes 3-6): tables as party and
signature blocks, typed names in italics or under a "Signature" label, signing services' certificates in
English and Danish with UTC times, footers with the template's approval date, MedCom's column beside the
party's, and parties' own data processor agreements that name SDN. No value may be wrong without an
`uncertain` beside it."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.platypus import PageBreak

from mailbot.blank_forms import attachment_path
from parsers import read_pdf
from parsers.documents.agreements import org_rejected
from parsers.documents.page import read_content
from parsers.documents.signatures import _timestamp
from parsers.documents.templates import compare, verdict

from .agreement_docs import (
    DA_DPA_CLAUSES,
    DOCS,
    DOCS2,
    EN_DPA_CLAUSES,
    EVIDENCE_OTHER_LANGUAGE,
    H1,
    H2,
    P,
    build,
    clauses,
    confident_wrong,
    docusign_like,
    dpa_with_evidence,
    sig_table,
    table,
)
from .pdfmaker import lines, pdf

ALL = {**DOCS, **DOCS2}


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_confident_wrong_value(name: str) -> None:
    data, truth = ALL[name]()
    doc = read_pdf(data, f"{name}.pdf").as_json()
    assert confident_wrong(doc, truth) == []


@pytest.mark.parametrize("name", sorted(n for n in ALL if not ALL[n]()[1].wrong_template))
def test_every_field_read(name: str) -> None:
    """Beyond no wrong value: these layouts are read right, signed ones as signed with the local date."""
    data, truth = ALL[name]()
    doc = read_pdf(data, f"{name}.pdf").as_json()
    f = doc["fields"]
    if truth.extra.get("signers_untold"):
        assert (f["organisation"], f["cvr"]) == (truth.organisation, truth.cvr)
        _for_a_person(doc)
        return
    assert (f["organisation"], f["cvr"], f["signed"]) == (truth.organisation, truth.cvr, truth.signed)
    assert f["signature_date"] == truth.signature_date
    if truth.signed:
        assert f["signatory_name"] == truth.signatory_name


def _for_a_person(doc: dict[str, object]) -> None:
    """Signers the page does not tell apart: no name or date guessed, whether the party signed is `uncertain`
    (staff judge), and nothing says to the party that it did not sign."""
    f = doc["fields"]
    problems = doc["problems"]
    assert isinstance(f, dict) and isinstance(problems, list)
    assert (f["signatory_name"], f["signature_date"]) == (None, None)
    assert any(p["code"] == "uncertain" and p.get("field") == "signed" for p in problems)
    assert not any(p["code"] in ("not_signed", "missing_field") and p.get("evidence") == "found_empty"
                   for p in problems)


@pytest.mark.parametrize("name", sorted(n for n in ALL if ALL[n]()[1].wrong_template))
def test_own_template_naming_sdn_is_wrong_template_with_its_clauses(name: str) -> None:
    data, _ = ALL[name]()
    doc = read_pdf(data, f"{name}.pdf").as_json()
    wrong = [p for p in doc["problems"] if p["code"] == "wrong_template"]
    assert wrong and wrong[0]["coverage"] < 0.25
    assert doc["fields"]["signed"] is False  # never accepted as the signed SDN agreement


@pytest.mark.parametrize("kind", ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_medcoms_blank_templates_are_the_sdn_template(kind: str, language: str) -> None:
    m = compare(read_content(Path(attachment_path(kind, language)).read_bytes()).lines)
    assert verdict(m) == "sdn" and m.coverage == 1.0


def test_in_between_is_uncertain_not_wrong_template() -> None:
    """Two clauses of its own and little of the template: staff compare it, the party hears nothing."""
    page = [(60, 60, "Databehandleraftale", 16), (60, 85, "Sundhedsdatanettet (SDN)")] + lines(60, 120, [
        "Den dataansvarlige", "Organisation: Kommune Syd", "CVR-nr.: 11576133",
        "1. Formål og omfang", "Behandling af personoplysninger i SDN.", "2. Varighed", "Aftalen løber i et år.",
        "Underskrifter", "Dato: 03.11.2026", "Navn: Ole Vinther", "Underskrift: Ole Vinther"])
    doc = read_pdf(pdf([page]), "d.pdf").as_json()
    codes = {p["code"] for p in doc["problems"]}
    assert "wrong_template" not in codes
    assert any(p["code"] == "uncertain" and p.get("field") == "template" for p in doc["problems"])


@pytest.mark.parametrize(("text", "local"), [
    ("2026-11-18 23:40:05 UTC", "2026-11-19"),              # after 23:00 UTC it is the next day in winter
    ("2026-07-18 22:30:00 UTC", "2026-07-19"),              # after 22:00 UTC in summer (CEST)
    ("2026-07-18 21:30:00 UTC", "2026-07-18"),
    ("Signature Date: 2026-11-18 - 11:30:12 PM GMT - Time Source: server", "2026-11-19"),
    ("2026-11-18T23:05:00Z", "2026-11-19"),
    ("Signeret 2026-11-18 23:30:00 CET", "2026-11-18"),     # already local
    ("Underskrevet: 18-11-2026 23:10:00 (UTC)", "2026-11-19"),
])
def test_signing_times_in_utc_give_the_danish_date(text: str, local: str) -> None:
    assert _timestamp(text) == local


@pytest.mark.parametrize(("value", "why"), [
    ("97122849", "a number"), ("97 12 28 49", "a number"),
    ("2. Obligations of the data controller", "a clause heading"),
    ("§ 4 Instruks", "a clause heading"), ("Clause 7 Obligations of the parties", "a clause heading"),
    ("Data controller", "the heading of a role"), ("Den dataansvarlige", "the heading of a role"),
    ("For the Party", "the heading of a role"), ("CVR-nr.: 29189919", "a label"), ("nd", "the tail of a label"),
    ("Kystby Kommune", None), ("3Shape Health A/S", None), ("Region Nord", None), ("Lægerne i Parken I/S", None),
])
def test_what_cannot_be_an_organisations_name(value: str, why: str | None) -> None:
    assert org_rejected(value) == why


def test_number_under_the_organisation_label_is_uncertain_not_the_name() -> None:
    page = [(60, 60, "Tilslutningsaftale", 16), (60, 85, "Sundhedsdatanettet (SDN)")] + lines(60, 120, [
        "Parten", "Organisation: 97122849", "Adresse: Torvet 1", "", "MedCom", "CVR-nr.: 26919991",
        "Underskrifter", "Dato: 03.11.2026", "Navn: Ole Vinther", "Underskrift: Ole Vinther"])
    doc = read_pdf(pdf([page]), "t.pdf").as_json()
    assert doc["fields"]["organisation"] is None
    assert doc["fields"]["cvr"] != "26919991"
    unsure = [p for p in doc["problems"] if p["code"] == "uncertain" and p.get("field") == "organisation"]
    assert unsure and unsure[0]["seen"] == "97122849"
    assert not any(p["code"] == "missing_field" and "organisation" in p.get("fields", []) for p in doc["problems"])


@pytest.mark.parametrize("service", sorted(EVIDENCE_OTHER_LANGUAGE))
def test_each_services_evidence_page_in_the_other_language(service: str) -> None:
    """The party signed at 23:12 UTC on 18 November: the 19th in Copenhagen, where a zone is given."""
    doc = read_pdf(dpa_with_evidence(EVIDENCE_OTHER_LANGUAGE[service]()), "dpa.pdf").as_json()
    f = doc["fields"]
    if service == "criipto_da":  # "Underskriver: Karen Lund" and "Underskriver: Mads Holm", nobody's organisation
        _for_a_person(doc)
        return
    assert (f["signed"], f["signatory_name"]) == (True, "Karen Lund")
    assert f["signature_date"] == ("2026-11-18" if service == "docusign_en_rows" else "2026-11-19")  # no zone
    assert doc["problems"] == []


def test_evidence_page_naming_someone_else_is_for_staff() -> None:
    """The block names Karen Lund; the certificate lists another signer (a deputy?): not for the bot to say."""
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"],
                   ["Organisation: Kystby Kommune", "Organisation: MedCom"],
                   ["CVR-nr.: 29189919", "CVR-nr.: 26919991"]], [220, 220])] + clauses(DA_DPA_CLAUSES) + [
        P("Underskrifter", H2), sig_table("", "Karen Lund", "Direktør", lang="da"), PageBreak()]
    doc = read_pdf(build(flow + docusign_like("Sofie Anden", "sa@kystby.example", "2026-11-18 10:00:00 UTC")),
                   "d.pdf").as_json()
    unsure = [p for p in doc["problems"] if p["code"] == "uncertain" and p.get("field") == "signed"]
    assert doc["fields"]["signed"] is False and unsure and "Sofie Anden" in unsure[0]["seen"]


@pytest.mark.parametrize("registration", ["Business ID (Finland): 1234567-8", "Registration no.: SE 556677-8899",
                                          "Company number: 12345678", "VAT no.: FI12345678"])
def test_foreign_registration_number_beside_the_danish_cvr(registration: str) -> None:
    """A foreign party gives its own registration number and its Danish CVR: the CVR is the one labelled so,
    an eight-digit foreign number is no CVR, and MedCom's CVR in the next column is never the party's."""
    party = table([["Data controller", "Data processor (MedCom)"],
                   ["Company name: Aalto Care Oy", "Company name: MedCom"],
                   [registration, "CVR: 26919991"], ["Danish CVR: 29189919", ""]], [220, 220])
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"), party]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), sig_table("2026-11-16", "Aino Aalto", "CEO", "Aino Aalto")]
    doc = read_pdf(build(flow), "dpa.pdf").as_json()
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == ("Aalto Care Oy", "29189919")
    assert doc["problems"] == []


def test_own_signature_block_with_a_signer_label_and_a_time_is_no_evidence_page() -> None:
    """"Underskriver:" and a date with a time in the agreement's own block, the signature line empty: not
    a signing service's page, so not signed (one word that signature blocks also use is not enough)."""
    p1 = [(60, 60, "Databehandleraftale", 18), (60, 85, "Sundhedsdatanettet (SDN)")] + lines(60, 120, [
        "Den dataansvarlige", "Organisation: Kystby Kommune", "CVR-nr.: 29189919", "Databehandleren (MedCom)",
        "CVR-nr.: 26919991"])
    block = lines(60, 80, ["Underskrifter", "Underskriver: Karen Lund", "Dato: 18.11.2026 kl. 10.00",
                           "Underskrift: ____________"], step=20)
    doc = read_pdf(pdf([p1, block]), "d.pdf").as_json()
    assert doc["fields"]["signed"] is False


def test_label_and_value_columns_under_the_partys_heading() -> None:
    """"Parten" heads a label column and a value column, "MedCom" its own cells further right: a row with
    two cells (label, value) is no evidence that the headings are centred over other columns."""
    p1 = [(60, 60, "Tilslutningsaftale", 18), (60, 85, "Sundhedsdatanettet (SDN)")] + lines(60, 120, [
        "Parten", "Organisation: Kystby Kommune", "CVR-nr.: 29189919"])
    block = [(68, 80, "Underskrifter", 12), (65, 104, "Parten"), (298, 104, "MedCom"),
             (65, 124, "Dato"), (138, 124, "16-11-2026"), (298, 124, "Dato:"), (74, 163, "Søren Holmbæk"),
             (298, 176, "Underskrift"), (65, 182, "Underskrift"), (298, 191, "Navn:"), (65, 199, "Navn"),
             (138, 199, "Søren Holmbæk"), (298, 208, "Titel:"), (65, 222, "Titel"), (138, 222, "Kommunaldirektør")]
    doc = read_pdf(pdf([p1, block]), "t.pdf").as_json()
    f = doc["fields"]
    assert (f["signature_date"], f["signatory_name"], f["signed"]) == ("2026-11-16", "Søren Holmbæk", True)
