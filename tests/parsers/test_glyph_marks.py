"""Check boxes printed as a font's glyphs ("□", "■") that Ghostscript's pdfwrite re-encoded, so the text layer
names them "¦" and "¥" (held-out whole cases, seed 6827, case c29-two_signatories: a complete form waited
for staff, its party type and connection "printed without any check box"). Their ink says what they are."""
from __future__ import annotations

import pdfplumber
import pytest

from parsers.documents.pipeline import read_pdf

from .tools import chromium_print, ensure, gs_pdfwrite

TYPES = ["Kommune", "Region", "Offentligt sygehus", "Apotek", "IT-leverandør"]
VIAS = ["Direkte", "Via KMD", "Via systemleverandør: …………"]


def _form(on: str, off: str, party_type: str, via: str) -> bytes:
    def options(items: list[str], ticked: str) -> str:
        return "".join(f"<p class=o>{on if t == ticked else off} {t}</p>" for t in items)

    page = ("<!doctype html><html lang='da'><head><meta charset='utf-8'><style>body{font-family:'Liberation Sans',"
            "sans-serif;font-size:10pt;margin:20mm} p.o{margin:1pt 0} h2{font-size:11pt}</style></head><body>"
            "<h1>Tilslutning til SDN</h1><h2>ORGANISATION</h2><p>Organisationens navn: Bøgeskov Sygehus</p>"
            "<p>CVR/SE-nr.: 17807757</p><h2>VI ER</h2><p>Sæt kryds</p>" + options(TYPES, party_type)
            + "<h2>OPKOBLING</h2><p>Sæt kryds</p>" + options(VIAS, via)
            + "<h2>DAGLIG KONTAKTPERSON</h2><p>Navn: Mads Iversen</p><p>E-mail: mads@boegeskov-sundhed.example</p>"
            "<p>Mobilnr.: +45 89 82 64 91</p><h2>IT-ANSVARLIG</h2><p>Navn: Bjarke Lindhardt</p>"
            "<p>E-mail: bjarke.lindhardt@boegeskov-sundhed.example</p><p>Mobilnr.: +45 24 41 09 52</p>"
            "<h2>NETVÆRK</h2><p>192.168.108.64/27</p><h2>OPSTILLINGSADRESSE</h2><p>Adresse: Sygehusvej 48</p>"
            "<p>Postnr. og by: 1871 Frederiksberg C</p></body></html>")
    ensure("chromium", "gs")
    return gs_pdfwrite(chromium_print(page))


def _marks(data: bytes) -> set[str]:
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {c["text"] for c in pdf.pages[0].chars if c["x0"] < 80 and not c["text"].isalnum()}


@pytest.mark.parametrize(("party_type", "via", "want"), [
    ("Offentligt sygehus", "Via KMD", ("public_hospital", "KMD")),
    ("Apotek", "Direkte", ("pharmacy", None)),
])
def test_boxes_whose_glyphs_were_renamed_are_read_by_their_ink(party_type: str, via: str,
                                                              want: tuple[str, str | None]) -> None:
    data = _form("■", "□", party_type, via)
    assert not _marks(data) & set("□■☐☒"), "the text layer no longer names the boxes (the case under test)"
    doc = read_pdf(data, "Informationsskema.pdf")
    assert (doc.fields.party_type, doc.fields.connected_via) == want
    assert not [p for p in doc.problems if p.field in ("party_type", "connected_via")]


def test_a_mark_that_draws_no_box_is_no_box() -> None:
    """A column of "§" before the options is no box, ticked or not: nothing is read from it."""
    doc = read_pdf(_form("§", "§", "Apotek", "Direkte"), "Informationsskema.pdf")
    assert doc.fields.party_type is None
