"""Our own forms and agreements after the real tools parties pass them through: what the reader says
is right, or it says it is unsure; never a confident wrong value (bench/real_tools.py counts them all)."""
from __future__ import annotations

import io
import pathlib
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from mailbot.blank_forms import build_agreement, build_information_form
from parsers import read_pdf
from parsers.documents.page import read_content
from tests.servers.ocr import ensure_tesseract

from . import tools
from .generator import Style, agreement, information_form

FORM = {"org_name": "Æblehøj Kommune", "org_cvr": "29189919", "type_municipality": "/Yes", "via_none": "/Yes",
        "orgcontact_name": "Søren Ærø", "orgcontact_email": "soren@aeblehoj.example",
        "orgcontact_phone": "12345678", "tech1_name": "Åse Brøndum", "tech1_email": "ase@aeblehoj.example",
        "tech1_phone": "87654321", "ipscope_1": "10.1.0.0/24", "installation_street": "Østergade 12",
        "installation_postcode": "7000", "installation_city": "Fredericia"}
PARTY = {"party_organisation": "Æblehøj Kommune", "party_cvr": "29189919", "party_date": "12-01-2027",
         "party_name": "Søren Ærø", "party_title": "Direktør"}


def fill(blank: pathlib.Path, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def unsure(doc: dict[str, Any]) -> set[str | None]:
    return {p.get("field") for p in doc["problems"] if p["code"] == "uncertain"}


@pytest.fixture(scope="module")
def filled_form(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    blank = tmp_path_factory.mktemp("forms") / "form.pdf"
    build_information_form("da", blank)
    return fill(blank, FORM)


def test_a_form_flattened_by_pdftk_reads_the_ticked_options(filled_form: bytes) -> None:
    tools.ensure("pdftk")
    doc = read_pdf(tools.pdftk_flatten(filled_form), "flat.pdf").as_json()
    f = doc["fields"]
    assert (f["organisation"], f["party_type"], f["connected_via"]) == ("Æblehøj Kommune", "municipality", None)
    assert unsure(doc) == set()


@pytest.mark.parametrize("kmd", [True, False])
def test_a_flattened_form_with_kmd_ticked_reads_kmd(tmp_path: pathlib.Path, kmd: bool) -> None:
    tools.ensure("pdftk")
    blank = tmp_path / "form.pdf"
    build_information_form("en", blank)
    ticks = {"type_pharmacy": "/Yes", "via_kmd" if kmd else "via_provider": "/Yes"}
    values = {k: v for k, v in FORM.items() if not k.startswith(("type_", "via_"))} | ticks
    doc = read_pdf(tools.pdftk_flatten(fill(blank, values)), "flat.pdf").as_json()
    assert doc["fields"]["party_type"] == "pharmacy"
    assert (doc["fields"]["connected_via"] == "KMD") is kmd


def test_an_unsigned_agreement_flattened_by_pdftk_stays_unsigned(tmp_path: pathlib.Path) -> None:
    tools.ensure("pdftk")
    blank = tmp_path / "agreement.pdf"
    build_agreement("connection_agreement", "da", blank)
    unsigned = read_pdf(tools.pdftk_flatten(fill(blank, PARTY)), "flat.pdf").as_json()
    signed = read_pdf(tools.pdftk_flatten(fill(blank, PARTY | {"party_signature": "Søren Ærø"})), "flat.pdf").as_json()
    assert unsigned["fields"]["signed"] is False
    assert signed["fields"]["signed"] is True


def test_a_text_layer_that_lies_is_read_again_by_ocr_and_left_to_staff(filled_form: bytes) -> None:
    """mutool convert re-encodes the form's fonts with a Unicode map that reads "Æblehøj" as "áblehùj"; the page
    itself still shows "Æblehøj". Those letters (none Danish or English text has) are read from their lines by
    OCR, each word holding one left to staff."""
    tools.ensure("mutool")
    ensure_tesseract()
    data = tools.mutool_convert(filled_form)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the tool made a lying layer
        assert "Æblehøj" not in (pdf.pages[0].extract_text() or "")
    layer = read_content(data)
    assert "Æblehøj" in layer.text and layer.ocr_pages == []
    assert {"Æblehøj", "Søren"} <= {d.shown for d in layer.disputes if d.how == "decoded"}
    doc = read_pdf(data, "converted.pdf").as_json()
    assert doc["fields"]["organisation"] == "Æblehøj Kommune" and "organisation" in unsure(doc)
    assert doc["fields"]["org_contact"]["name"] == "Søren Ærø" and "org_contact" in unsure(doc)
    said = next(p["message"] for p in doc["problems"] if p.get("field") == "org_contact")
    assert "read from the page's picture by OCR" in said  # staff are told where the letters came from


def test_a_normal_text_pdf_is_read_once() -> None:
    for data in (agreement(), information_form(Style(layout="inline", boxes="drawn"))):
        content = read_content(data)
        assert content.suspect_pages == [] and content.disputes == [] and content.ocr_seconds == []


def test_check_boxes_drawn_as_glyphs_that_do_not_decode_are_not_guessed() -> None:
    """Ghostscript re-embeds a TrueType subset without a Unicode map: the ☒/☐ boxes become (cid:N)."""
    tools.ensure("gs")
    doc = read_pdf(tools.gs_pdfwrite(information_form(Style(layout="inline", boxes="glyph"))), "gs.pdf").as_json()
    assert {"party_type", "connected_via"} <= unsure(doc)
    assert not any(p["code"] == "missing_field" and "party_type" in (p.get("fields") or [p.get("field")])
                   for p in doc["problems"])


def test_a_field_value_the_page_does_not_show_is_uncertain(filled_form: bytes) -> None:
    """The field's value changed by a tool that left its appearance: the page (and a print) shows the old one."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled_form)))
    for annot in writer.pages[0]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/T") == "org_name":
            widget[NameObject("/V")] = TextStringObject("Vestby Kommune")
    out = io.BytesIO()
    writer.write(out)
    doc = read_pdf(out.getvalue(), "changed.pdf").as_json()
    assert "organisation" in unsure(doc)
    assert "Æblehøj" in next(p["message"] for p in doc["problems"] if p.get("field") == "organisation")
    assert "organisation" not in unsure(read_pdf(filled_form, "form.pdf").as_json())


def _boxes_page(cross_at: float) -> bytes:
    """Two options, each a drawn box, and one cross drawn at x = cross_at."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 700.0
    for line in ("Informationsskema", "Organisation: Kystby Kommune", "CVR-nr.: 29189919", "Partstype:"):
        c.drawString(60, y, line)
        y -= 18
    c.rect(60, y - 2, 10, 10)
    c.drawString(74, y, "Kommune")
    c.rect(130, y - 2, 10, 10)
    c.drawString(144, y, "Region")
    c.line(cross_at, y - 2, cross_at + 10, y + 8)
    c.line(cross_at, y + 8, cross_at + 10, y - 2)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_drawn_cross_is_given_to_the_box_it_lies_in() -> None:
    content = read_content(_boxes_page(130.5))
    line = next(ln.text for ln in content.lines if "Kommune" in ln.text and "Region" in ln.text)
    assert line.replace(" ", "") == "[]Kommune[X]Region"


def test_a_cross_across_two_boxes_ticks_neither() -> None:
    """A mark squeezed between two boxes (boxes 10 pt apart, the cross over both halves)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(60, 700, "Partstype:")
    c.rect(60, 680, 10, 10)
    c.rect(72, 680, 10, 10)
    c.drawString(86, 682, "Kommune / Region")
    c.line(65, 680, 77, 690)
    c.line(65, 690, 77, 680)
    c.showPage()
    c.save()
    content = read_content(buf.getvalue())
    assert {d.how for d in content.disputes} == {"mark"}
    assert "[X]" not in content.text


def test_a_signed_agreement_whose_text_layer_lies_is_not_called_unsigned(tmp_path: pathlib.Path) -> None:
    """After mutool convert the typed signature reads "Sùren árù": no name, so no signature is seen; that is
    no evidence of a missing signature, and the party must not be told it did not sign."""
    tools.ensure("mutool")
    blank = tmp_path / "agreement.pdf"
    build_agreement("connection_agreement", "da", blank)
    doc = read_pdf(tools.mutool_convert(fill(blank, PARTY | {"party_signature": "Søren Ærø"})),
                   "converted.pdf").as_json()
    codes = {p["code"] for p in doc["problems"]}
    assert doc["fields"]["signed"] is True or ("signed" in unsure(doc) and "not_signed" not in codes)
    assert doc["fields"]["signatory_name"] == "Søren Ærø" or "signatory_name" in unsure(doc)
