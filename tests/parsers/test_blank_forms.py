"""Our own blank forms: fill them as a party would (pypdf) and read the values back."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from mailbot.blank_forms import attachment_path, build_agreement, build_information_form
from parsers import read_pdf

KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]


def fill(path, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_agreement_roundtrip(tmp_path, kind: str, lang: str) -> None:
    path = tmp_path / "blank.pdf"
    build_agreement(kind, lang, path)
    base = {"party_organisation": "Kommune Nord", "party_cvr": "29189846", "party_date": "12-01-2027",
            "party_name": "Karen Lund Holm", "party_title": "Direktør"}
    unsigned = read_pdf(fill(path, base), "x.pdf").as_json()
    signed = read_pdf(fill(path, base | {"party_signature": "Karen Lund Holm"}), "x.pdf").as_json()
    medcom_only = read_pdf(fill(path, base | {"medcom_signature": "Mads Medcom"}), "x.pdf").as_json()
    assert signed["kind"] == unsigned["kind"] == kind
    assert signed["fields"] == {"organisation": "Kommune Nord", "cvr": "29189846",
                                "signatory_name": "Karen Lund Holm", "signatory_title": "Direktør",
                                "signature_date": "2027-01-12", "signed": True}
    assert signed["problems"] == []
    assert {p["code"] for p in unsigned["problems"]} == {"not_signed"}
    assert medcom_only["fields"]["signed"] is False


@pytest.mark.parametrize("lang", ["da", "en"])
def test_information_form_roundtrip(tmp_path, lang: str) -> None:
    path = tmp_path / "form.pdf"
    build_information_form(lang, path)
    doc = read_pdf(fill(path, {
        "org_name": "Lægehuset Vest", "org_cvr": "29189846", "type_practitioner": "/Yes", "via_provider": "/Yes",
        "via_provider_name": "Journal Data A/S", "orgcontact_name": "Eva Sand",
        "orgcontact_email": "Eva@Vest.example",
        "orgcontact_phone": "20 30 40 50", "tech1_name": "Bo Lind", "tech1_email": "bo@vest.example",
        "tech1_phone": "+45 21 22 23 24", "ipscope_1": "10.9.8.0/24", "ipscope_2": "10.9.8.128/25",
        "ipscope_3": "10.7.7.7/24",
        "installation_street": "Vestergade 2", "installation_postcode": "7100", "installation_city": "Vejle"}),
        "f.pdf").as_json()
    f = doc["fields"]
    assert doc["kind"] == "information_form"
    assert (f["organisation"], f["cvr"], f["party_type"], f["connected_via"]) == \
        ("Lægehuset Vest", "29189846", "practitioner", "Journal Data A/S")
    assert f["org_contact"] == {"name": "Eva Sand", "email": "eva@vest.example", "phone": "+4520304050"}
    assert f["technical_contacts"] == [{"name": "Bo Lind", "email": "bo@vest.example", "phone": "+4521222324"}]
    assert f["ip_scopes"] == ["10.9.8.0/24", "10.9.8.128/25", "10.7.7.0/24"]
    assert f["installation_address"] == {"street": "Vestergade 2", "postcode": "7100", "city": "Vejle"}
    assert {p["code"] for p in doc["problems"]} == {"invalid_ip_scope", "ip_scope_overlap"}


def test_attachment_paths_exist() -> None:
    for kind in KINDS + ["information_form"]:
        for lang in ("da", "en"):
            p = attachment_path(kind, lang)
            assert p.exists() and p.read_bytes().startswith(b"%PDF")
    assert attachment_path("information_form", "en").name == "Information_form.pdf"
    with pytest.raises(ValueError):
        attachment_path("invoice", "da")
