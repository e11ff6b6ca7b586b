"""Agreements with other label wordings, date forms, layouts and signing services than the corpus.

Each party label, signature-block label and date form is tried in three layouts: "Label: value" on
one line, a two-column table (label cell, value cell), and the value on the line below the label.
"""
from __future__ import annotations

import pytest

from parsers import read_pdf

from .pdfmaker import lines, pdf

LAYOUTS = ["colon", "table", "below"]


def agreement(org_l: str = "Organisation", cvr_l: str = "CVR-nr.", name_l: str = "Navn", title_l: str = "Titel",
              date_l: str = "Dato", date_v: str = "18.11.2026", layout: str = "colon",
              signature: str = "typed") -> bytes:
    place_first = date_l.lower().startswith(("sted", "place"))
    date_v = f"Kystby, {date_v}" if place_first else date_v

    def kv(y: float, label: str, value: str) -> list[tuple]:
        if layout == "colon":
            return [(60, y, f"{label}: {value}")]
        if layout == "table":
            return [(60, y, label), (240, y, value)]
        return [(60, y, label), (60, y + 14, value)]

    step = 34 if layout == "below" else 20
    p1: list[tuple] = [(60, 60, "Tilslutningsaftale", 18),
                       (60, 85, "Aftale om tilslutning til Sundhedsdatanettet (SDN)"), (60, 120, "Parten", 12)]
    p1 += kv(140, org_l, "Kystby Kommune") + kv(140 + step, cvr_l, "29 18 99 19")
    p1 += kv(140 + 2 * step, "Adresse", "Havnevej 1, 7000 Kystby")
    y = 160 + 3 * step
    p1 += [(60, y, "MedCom", 12)] + kv(y + 20, org_l, "MedCom") + kv(y + 20 + step, cvr_l, "26919991")
    p1 += lines(60, y + 40 + 2 * step, ["Parten tilsluttes SDN på de vilkår, der fremgår af denne aftale."])
    p2: list[tuple] = [(60, 60, "Underskrifter", 12), (60, 90, "For Parten"), (320, 90, "For MedCom")]
    y = 120
    for label, value in ((date_l, date_v), (name_l, "Karen Lund"), (title_l, "Direktør")):
        if layout == "below":
            p2 += [(60, y, f"{label}:"), (60, y + 14, value), (320, y, f"{label}:")]
            y += 40
        elif layout == "table":
            p2 += [(60, y, label), (195, y, value), (360, y, label)]
            y += 24
        else:
            p2 += [(60, y, f"{label}: {value}"), (320, y, f"{label}:")]
            y += 24
    kw = {}
    if signature == "typed":
        p2 += [(60, y + 10, "Underskrift: Karen Lund"), (320, y + 10, "Underskrift:")]
    else:
        p2 += [(60, y + 10, "Underskrift:"), (320, y + 10, "Underskrift:")]
        kw["image_at"] = (150, y, 100, 25)
    return pdf([p1, p2], **kw)


EXPECTED = {"organisation": "Kystby Kommune", "cvr": "29189919", "signatory_name": "Karen Lund",
            "signatory_title": "Direktør", "signature_date": "2026-11-18", "signed": True}


def assert_clean(doc: dict) -> None:
    assert doc["kind"] == "connection_agreement"
    assert doc["fields"] == EXPECTED
    assert doc["problems"] == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("label", ["Virksomhedens navn", "Organisationsnavn", "Navn på organisation", "Organisation",
                                   "Myndighedens navn", "Company name", "Name of organisation", "Legal name",
                                   "Organization name", "Institution"])
def test_organisation_labels(label: str, layout: str) -> None:
    assert_clean(read_pdf(agreement(org_l=label, layout=layout), "a.pdf").as_json())


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("label", ["CVR nummer", "CVR-nummer", "Company registration no.", "CVR-nr.", "CVR",
                                   "Company registration number", "CVR no.", "Registration number"])
def test_cvr_labels(label: str, layout: str) -> None:
    assert_clean(read_pdf(agreement(cvr_l=label, layout=layout), "a.pdf").as_json())


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("label", ["Underskriver", "Underskrevet af", "Navn (blokbogstaver)", "Navn med blokbogstaver",
                                   "Printed name", "Name (block capitals)", "Signatory", "Signed by",
                                   "Name of signatory", "Underskrivers navn"])
def test_signatory_labels(label: str, layout: str) -> None:
    assert_clean(read_pdf(agreement(name_l=label, layout=layout), "a.pdf").as_json())


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("label", ["Stilling", "Titel", "Job title", "Position", "Title", "Stillingsbetegnelse"])
def test_title_labels(label: str, layout: str) -> None:
    assert_clean(read_pdf(agreement(title_l=label, layout=layout), "a.pdf").as_json())


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("label", ["Sted og dato", "Dato for underskrift", "Dato", "Date", "Place and date",
                                   "Date of signature", "Underskriftsdato"])
@pytest.mark.parametrize("value", ["18.11.2026", "18/11/2026", "18. november 2026", "November 18, 2026",
                                   "2026-11-18", "18-11-2026", "18 Nov 2026", "den 18. november 2026"])
def test_date_labels_and_forms(label: str, value: str, layout: str) -> None:
    assert_clean(read_pdf(agreement(date_l=label, date_v=value, layout=layout), "a.pdf").as_json())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_drawn_signature_in_each_layout(layout: str) -> None:
    assert_clean(read_pdf(agreement(layout=layout, signature="image"), "a.pdf").as_json())


# ------------------------------------------------------------------ signing services' evidence pages
EVIDENCE = {
    "penneo": ["Penneo dokumentnøgle: 4XKQ2-7ZP1M-SLQ9E",
               "Underskrifterne i dette dokument er juridisk bindende. Dokumentet er underskrevet via Penneo",
               "", "Karen Lund", "Direktør", "På vegne af: Kystby Kommune", "Serienummer: PID:9208-2002-2-123456789",
               "IP: 80.62.11.4", "2026-11-18 09:12:33 UTC", "", "Mads Holm", "MedCom", "2026-11-19 10:00:01 UTC"],
    "mitid": ["Signeret med MitID", "Dokumentet er underskrevet digitalt af følgende parter:",
              "Karen Lund, Direktør, Kystby Kommune", "Underskrevet 18.11.2026 kl. 09:12", "Mads Holm, MedCom",
              "Underskrevet 19.11.2026 kl. 10:00"],
    "prose_en": ["Signature certificate", "Signed by Karen Lund via Penneo on 18 November 2026 at 09:12 (UTC).",
                 "Signed by Mads Holm (MedCom) via Penneo on 19 November 2026 at 10:00 (UTC)."],
    "prose_da": ["Dokumentet er underskrevet digitalt",
                 "Karen Lund (Kystby Kommune) har underskrevet dokumentet den 18. november 2026 kl. 09:12 med MitID.",
                 "Mads Holm (MedCom) har underskrevet dokumentet den 19. november 2026 kl. 10:00 med MitID."],
    "visma_addo": ["Visma Addo", "Dette dokument er underskrevet elektronisk med Visma Addo.",
                   "Signeret af: Karen Lund", "Dato: 18-11-2026 09:12", "Signeringsmetode: MitID",
                   "Signeret af: Mads Holm, MedCom", "Dato: 19-11-2026 10:00"],
    "docusign": ["DocuSign Envelope ID: 9F2A77C1-1B2C-4D3E-8F90-ABCDEF123456", "Certificate Of Completion",
                 "Signer Events", "Karen Lund", "karen.lund@kystby.example", "Direktør", "Kystby Kommune",
                 "Signed: 11/18/2026 | 09:12 AM", "Mads Holm", "MedCom", "Signed: 11/19/2026 | 10:00 AM"],
    "scrive": ["Verifikat", "Transaktion 09222115557461234567", "Dokument", "Databehandleraftale", "Underskrivere",
               "Karen Lund (KL)", "Kystby Kommune", "karen.lund@kystby.example", "Signeret 2026-11-18 09:12:33 CET",
               "Mads Holm (MH)", "MedCom", "Signeret 2026-11-19 10:00:01 CET"],
}


def dpa_with_evidence(evidence: list[str], block_filled: bool) -> bytes:
    p1 = [(60, 60, "Databehandleraftale", 18), (60, 85, "Sundhedsdatanettet (SDN)"), (60, 130, "Den dataansvarlige"),
          (60, 150, "Organisation: Kystby Kommune"), (60, 170, "CVR-nr.: 29189919"), (60, 200, "Databehandleren"),
          (60, 220, "Organisation: MedCom"), (60, 240, "CVR-nr.: 26919991")]
    p2 = [(60, 60, "Underskrifter", 12), (60, 90, "For den dataansvarlige"), (320, 90, "For MedCom")]
    rows = [("Dato:", "Dato:"), ("Navn: Karen Lund" if block_filled else "Navn:", "Navn:"),
            ("Titel: Direktør" if block_filled else "Titel:", "Titel:"), ("Underskrift:", "Underskrift:")]
    for i, (left, right) in enumerate(rows):
        p2 += [(60, 120 + 24 * i, left), (320, 120 + 24 * i, right)]
    return pdf([p1, p2, lines(60, 60, evidence, step=18)])


@pytest.mark.parametrize("service", sorted(EVIDENCE))
@pytest.mark.parametrize("block_filled", [True, False])
def test_evidence_pages_of_other_services(service: str, block_filled: bool) -> None:
    doc = read_pdf(dpa_with_evidence(EVIDENCE[service], block_filled), "dpa.pdf").as_json()
    f = doc["fields"]
    assert doc["kind"] == "data_processor_agreement"
    assert (f["signed"], f["signatory_name"], f["signature_date"]) == (True, "Karen Lund", "2026-11-18")
    if block_filled or service in ("penneo", "mitid", "docusign"):
        assert f["signatory_title"] == "Direktør"
    assert f["signatory_title"] not in ("Kystby Kommune", "KL", "MedCom")
    assert doc["problems"] == []


@pytest.mark.parametrize("service", ["penneo", "mitid", "prose_da", "docusign", "scrive", "prose_en", "visma_addo"])
def test_evidence_page_with_only_medcom_signing_is_not_signed(service: str) -> None:
    only_medcom = [t for t in EVIDENCE[service]
                   if not any(k in t for k in ("Karen", "karen", "Kystby", "Direktør", "18", "11/18"))]
    doc = read_pdf(dpa_with_evidence(only_medcom, block_filled=True), "dpa.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert "not_signed" in {p["code"] for p in doc["problems"]}
