"""Scans read by OCR (parsers/documents/ocr.py): a form made pictures-only by Ghostscript, as a scanner or a
print-to-image makes it, is read from its picture; what is read is right or missing, and always for staff."""
from __future__ import annotations

import io
import pathlib

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from mailbot.blank_forms import build_information_form
from parsers import read_pdf
from parsers.documents import ocr
from parsers.documents.page import read_content
from tests.servers.ocr import ensure_tesseract

from . import tools
from .test_real_tools import FORM, fill, unsure


@pytest.fixture(scope="module")
def scanned_form(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The filled Danish form as 150 dpi pictures only (no text layer), made by Ghostscript."""
    tools.ensure("gs")
    ensure_tesseract()
    blank = tmp_path_factory.mktemp("scan") / "form.pdf"
    build_information_form("da", blank)
    return tools.gs_picture(fill(blank, FORM), dpi=150)


def test_the_page_is_rendered_grey_at_the_ocr_resolution(scanned_form: bytes, tmp_path: pathlib.Path) -> None:
    """One byte a pixel (pdfplumber's own rendering is a colour bitmap, four times the memory), A4 at the
    resolution the words' positions are scaled back from."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_form)
    with pdfplumber.open(path) as pdf:
        picture = ocr._picture(pdf.pages[0], ocr.RESOLUTION)
        assert picture.mode == "L"
        assert abs(picture.size[0] - 8.27 * ocr.RESOLUTION) < 3 and abs(picture.size[1] - 11.69 * ocr.RESOLUTION) < 3


def test_a_scanned_form_s_e_mail_addresses_are_read_and_left_to_staff(scanned_form: bytes) -> None:
    """Rendered without smoothing, the scan's 150 dpi letters came out jagged and Tesseract read
    "soren@aeblehcj.example" at a confidence below the cut: the contact's e-mail was None."""
    doc = read_pdf(scanned_form, "scan0001.pdf").as_json()
    assert doc["ocr"] is True
    fields = doc["fields"]
    assert fields["org_contact"]["email"] == FORM["orgcontact_email"]
    assert [t["email"] for t in fields["technical_contacts"]] == [FORM["tech1_email"]]
    # read by OCR: never confident, whatever was read ("Æblehøj" may come out "Eblehaj")
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])
    assert fields["organisation"] == FORM["org_name"] or None in unsure(doc) or "organisation" in unsure(doc)


def test_an_address_cut_at_its_at_sign_is_joined_but_a_name_read_with_one_is_not() -> None:
    """Tesseract sees a space beside a wide "@" ("mekr@ hvidmose.example"); but a Danish letter read as
    "@" in a name ("Kragsø Laboratorium" read "Kragsg@ Laboratorium", outside check seed 101) is no
    address, and joining it lost the party's organisation and CVR."""
    line = (1, 1, 1)
    read = [(line, "E-mail:", 0.0, 30.0, 0.0, 10.0, 95.0), (line, "mekr@", 40.0, 60.0, 0.0, 10.0, 90.0),
            (line, "hvidmose.example", 64.0, 120.0, 0.0, 10.0, 80.0)]
    joined = ocr._addresses_joined(read)
    assert [w[1] for w in joined] == ["E-mail:", "mekr@hvidmose.example"] and joined[1][6] == 80.0
    name = [(line, "Kragsg@", 0.0, 30.0, 0.0, 10.0, 70.0), (line, "Laboratorium", 34.0, 90.0, 0.0, 10.0, 95.0)]
    assert [w[1] for w in ocr._addresses_joined(name)] == ["Kragsg@", "Laboratorium"]
    other_line = [(line, "ase@", 0.0, 20.0, 0.0, 10.0, 90.0),
                  ((1, 1, 2), "aeblehoj.example", 0.0, 60.0, 20.0, 30.0, 90.0)]
    assert len(ocr._addresses_joined(other_line)) == 2


def test_a_long_scan_is_read_at_its_start_and_its_end() -> None:
    """A five-page scanned agreement signed on its last page had pages 1-4 read and its signature page not: the
    first pages and the last two are read, and the pages between are left out (never the end)."""
    tools.ensure("gs")
    ensure_tesseract()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for n in range(1, 7):
        c.setFont("Helvetica", 28)
        c.drawString(80, 700, f"Side {n} af 6")
        c.showPage()
    c.save()
    content = read_content(tools.gs_picture(out.getvalue(), dpi=100))
    assert content.ocr_pages == [1, 2, 5, 6]
    assert [ocr.page_wanted(p, 3, 0) for p in (1, 2, 3)] == [True, True, True]
    assert not ocr.page_wanted(6, 6, ocr.MAX_PAGES)
