"""A text layer whose glyphs decode but for a few (parsers/documents/ocr_layer.py `decode_unmapped`): a reportlab
page set in DejaVu, passed through Ghostscript's pdfwrite or `mutool convert`, keeps its ASCII letters' Unicode
map and loses its Nordic ones ("Pr(cid:1)stev(cid:1)nget", "Pr\\x01stev\\x01nget"). The few take the letters OCR
sees in their lines; each word holding one stays for staff to confirm (OCR may confuse ö, ø and å)."""
from __future__ import annotations

import io

import pytest

from parsers import read_pdf
from parsers.documents.glyphs import unmapped
from parsers.documents.page import read_content
from tests.servers.ocr import ensure_tesseract

from . import tools
from .rows_page import rows_page
from .test_real_tools import unsure

ROWS = [("Organisationens navn", "Præstø Tandlægehus"), ("CVR-nummer", "29189919"),
        ("Kontaktperson", "Søren Kjær"), ("Teknisk kontakt", "Lena Bergström"),
        ("E-mail", "soeren@praestoe.example"), ("Telefon", "12345678"),
        ("Installationsadresse", "Præstevænget 67"), ("Postnummer og by", "4720 Præstø"),
        ("Bemærkninger", "Ingen særlige forhold at nævne for installationen")]


def _page() -> bytes:
    """An information form's rows drawn by reportlab in DejaVu Sans (a TrueType subset with its own map)."""
    return rows_page(ROWS, "DejaVuSans.ttf", "Informationsskema til Sundhedsdatanettet")


@pytest.fixture(scope="module", params=["gs", "mutool"])
def rewritten(request: pytest.FixtureRequest) -> bytes:
    tools.ensure(request.param)
    ensure_tesseract()
    data = tools.gs_pdfwrite(_page()) if request.param == "gs" else tools.mutool_convert(_page())
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the rewriter did lose the Nordic letters' map
        chars = pdf.pages[0].chars
        assert any(unmapped(c["text"]) for c in chars) and sum(unmapped(c["text"]) for c in chars) < 0.1 * len(chars)
    return data


def test_the_few_glyphs_that_do_not_decode_take_the_letters_ocr_sees(rewritten: bytes) -> None:
    content = read_content(rewritten)
    lines = [" ".join(w.text for s in ln.segments for w in s.words) for ln in content.lines]
    for label, value in ROWS:
        assert f"{label} {value}" in lines, (label, value, lines)
    assert not any(unmapped(ch) for line in lines for ch in line)
    assert content.ocr_pages == []  # the page is its text layer, not a scan
    decoded = {d.shown for d in content.disputes if d.how == "decoded"}
    assert {"Præstø", "Søren", "Kjær", "Præstevænget", "Bergström"} <= decoded and "Tandlægehus" in decoded
    assert "Kontaktperson" not in decoded and "29189919" not in decoded


def test_a_value_holding_such_letters_is_for_staff_to_confirm(rewritten: bytes) -> None:
    doc = read_pdf(rewritten, "Informationsskema Præstø.pdf").as_json()
    fields = doc["fields"]
    assert fields["organisation"] == "Præstø Tandlægehus" and "organisation" in unsure(doc)
    assert fields["installation_address"]["city"] == "Præstø" and "installation_address" in unsure(doc)
    assert fields["cvr"] == "29189919" and "cvr" not in unsure(doc)  # no such letter in it: as the layer says
    assert doc["ocr"] is False
