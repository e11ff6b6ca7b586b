"""Agreements in layouts and wordings other than the shared corpus."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from parsers import read_pdf

from .pdfmaker import lines, pdf

CLAUSES = lines(60, 260, ["This agreement governs the connection to the Danish Health Data Network (SDN).",
                          "The Party keeps its contact persons and IP scope up to date."])


def codes(doc: dict) -> set[str]:
    return {p["code"] for p in doc["problems"]}


def english_dpa(sig_block: list[tuple], extra_pages: list[list[tuple]] | None = None, **kw) -> bytes:
    page1 = [(60, 60, "Data Processing Agreement", 18), (60, 90, "SDN - Danish Health Data Network")]
    page1 += lines(60, 130, ["The Data Controller", "Company name: Havbo Clinic ApS",
                             "Company registration number: 11 57 61 33", "Address: Strandgade 3"])
    page1 += lines(60, 210, ["The Data Processor (MedCom)", "Company name: MedCom"])
    return pdf([page1 + CLAUSES, sig_block] + (extra_pages or []), **kw)


def sequential_block(sig: str | None, date: str = "Date signed: 3 March 2027") -> list[tuple]:
    texts = ["Signatures", "For the Data Controller", date, "Printed name: Jane Holm Berg",
             "Position: Chief Physician"]
    if sig is not None:
        texts.append(f"Signature: {sig}")
    texts += ["For MedCom", "Date signed:", "Printed name:", "Position:", "Signature:"]
    return lines(60, 80, texts, step=20)


def test_sequential_blocks_with_typed_signature() -> None:
    doc = read_pdf(english_dpa(sequential_block("Jane Holm Berg")), "dpa.pdf").as_json()
    assert doc["kind"] == "data_processor_agreement"
    f = doc["fields"]
    assert (f["organisation"], f["cvr"]) == ("Havbo Clinic ApS", "11576133")
    assert (f["signatory_name"], f["signatory_title"], f["signature_date"]) == \
        ("Jane Holm Berg", "Chief Physician", "2027-03-03")
    assert f["signed"] is True and codes(doc) == set()


def test_filled_but_unsigned_block_is_not_signed_only() -> None:
    doc = read_pdf(english_dpa(sequential_block(None)), "dpa.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert codes(doc) == {"not_signed"}


def two_columns(rows: list[tuple[str, str]], top: float = 120) -> list[tuple]:
    out: list[tuple] = [(60, 80, "Underskrifter", 12), (60, top - 20, "Den dataansvarlige"),
                        (320, top - 20, "Databehandleren (MedCom)")]
    for i, (left, right) in enumerate(rows):
        out += [(60, top + 30 * i, left), (320, top + 30 * i, right)]
    return out


def danish_dpa(cvr: str, rows: list[tuple[str, str]], **kw) -> bytes:
    page1 = [(60, 60, "Databehandleraftale", 18), (60, 85, "Sundhedsdatanettet (SDN)")]
    page1 += [(60, 130, "Den dataansvarlige"), (60, 150, "Virksomhedens navn"), (220, 150, "Kommune Syd"),
              (60, 170, "CVR-nummer"), (220, 170, cvr), (60, 210, "Databehandleren (MedCom)"),
              (60, 230, "Virksomhedens navn"), (220, 230, "MedCom")]
    page1 += lines(60, 280, ["Den dataansvarlige instruerer databehandleren om behandling af personoplysninger."])
    return pdf([page1, two_columns(rows)], **kw)


def test_empty_block_gives_missing_field_and_not_signed() -> None:
    doc = read_pdf(danish_dpa("11576133", [("Dato:", "Dato:"), ("Underskrift:", "Underskrift:"),
                                           ("Navn:", "Navn:"), ("Titel:", "Titel:")]), "d.pdf").as_json()
    assert doc["fields"]["organisation"] == "Kommune Syd"
    assert doc["fields"]["signatory_name"] is None
    assert codes(doc) == {"not_signed", "missing_field"}


def test_invalid_cvr_and_medcom_column_ignored() -> None:
    rows = [("Dato: 05.01.2027", "Dato: 06.01.2027"), ("Navn: Ole Vinther", "Navn: Mads MedCom"),
            ("Titel: Direktør", "Titel: Chef")]
    doc = read_pdf(danish_dpa("11576134", rows), "d.pdf").as_json()
    f = doc["fields"]
    assert f["cvr"] == "11576134" and f["signatory_name"] == "Ole Vinther"
    assert f["signature_date"] == "2027-01-05"
    assert codes(doc) == {"invalid_cvr", "not_signed"}


def test_drawn_image_and_curve_signatures_count() -> None:
    rows = [("Dato: 05.01.2027", "Dato:"), ("", ""), ("Navn: Ole Vinther", "Navn:"), ("Titel: Direktør", "Titel:")]
    with_image = read_pdf(danish_dpa("11576133", rows, image_at=(70, 150, 120, 25)), "d.pdf").as_json()
    with_curve = read_pdf(danish_dpa("11576133", rows, curve_at=(70, 160)), "d.pdf").as_json()
    in_medcom_column = read_pdf(danish_dpa("11576133", rows, image_at=(330, 150, 120, 25)), "d.pdf").as_json()
    assert with_image["fields"]["signed"] is True and codes(with_image) == set()
    assert with_curve["fields"]["signed"] is True
    assert in_medcom_column["fields"]["signed"] is False


def test_evidence_page_signs_and_dates() -> None:
    block = two_columns([("Dato:", "Dato:"), ("Navn: Ole Vinther", "Navn:"), ("Titel: Direktør", "Titel:")])
    evidence = lines(60, 80, ["Signing certificate", "Envelope ID: 9F2A-77", "Signed by: Ole Vinther",
                              "Role: Direktør, Kommune Syd", "Timestamp: 2027-01-07 10:14:03 UTC",
                              "Identified with MitID"], step=20)
    page1 = [(60, 60, "Databehandleraftale", 18), (60, 85, "Sundhedsdatanettet (SDN)"),
             (60, 130, "Den dataansvarlige"), (60, 150, "Organisation: Kommune Syd"), (60, 170, "CVR: 11576133")]
    doc = read_pdf(pdf([page1, block, evidence]), "d.pdf").as_json()
    assert doc["fields"]["signed"] is True
    assert doc["fields"]["signature_date"] == "2027-01-07"
    assert codes(doc) == set()


def test_party_own_template_is_wrong_template() -> None:
    page = [(60, 60, "Databehandleraftale", 16)] + lines(60, 90, [
        "mellem Kommune Syd (CVR-nr. 11576133) som dataansvarlig og MedCom som databehandler",
        "1. Formål: behandling af personoplysninger i omsorgssystemet.", "Dato: 18-11-2026"])
    doc = read_pdf(pdf([page]), "egen.pdf").as_json()
    assert doc["kind"] == "data_processor_agreement"
    assert codes(doc) == {"wrong_template"}


def test_kinds_by_title_and_body() -> None:
    sub = pdf([[(60, 60, "Sub-processor Agreement", 16), (60, 90, "Health Data Network (SDN)")]])
    con = pdf([[(60, 60, "Aftale om tilslutning til SDN", 16)]])
    body_only = pdf([lines(60, 60, ["Vilkår", "Den dataansvarlige giver databehandleren instruks om behandling af",
                                    "personoplysninger."])])
    invoice = pdf([lines(60, 60, ["FAKTURA", "Beløb 100 kr."])])
    assert read_pdf(sub, "a.pdf").as_json()["kind"] == "sub_data_processor_agreement"
    assert read_pdf(con, "b.pdf").as_json()["kind"] == "connection_agreement"
    assert read_pdf(body_only, "c.pdf").as_json()["kind"] == "data_processor_agreement"
    assert read_pdf(invoice, "d.pdf").as_json()["kind"] == "unknown"


def test_scan_encrypted_and_garbage() -> None:
    scan = pdf([[]], image_at=(0, 0, 500, 700))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, encrypt="secret")
    c.drawString(60, 700, "Tilslutningsaftale")
    c.save()
    assert "unreadable" in codes(read_pdf(scan, "scan.pdf").as_json())
    assert codes(read_pdf(buf.getvalue(), "locked.pdf").as_json()) == {"encrypted"}
    broken = read_pdf(b"%PDF-1.7\n1 0 obj<<>>\ntrailer<<>>\n%%EOF", "broken.pdf").as_json()
    assert broken["kind"] == "unknown" and broken["problems"]
