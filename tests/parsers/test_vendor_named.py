"""A party connected through a system vendor: the vendor's name under a label that says it is a name ("Vendor
name: Novax", "Leverandørnavn"), and a vendor chosen whose name is not found, which is no direct connection
(null says that): it is for staff (issue 22; a form printed by LibreOffice read connected_via null)."""
from __future__ import annotations

import pytest

from parsers import read_pdf

from .pdfmaker import lines, pdf


def _form(vendor_line: str | None, lang: str = "en") -> bytes:
    en = lang == "en"
    page = [(60, 60, "Information form – connection to the Health Data Network" if en else
             "Informationsskema – tilslutning til Sundhedsdatanettet", 14)]
    page += lines(60, 100, ["1. Connecting organisation" if en else "1. Organisationen"])
    page += [("cols", 120, [(64, "Legal name of the organisation" if en else "Organisationens navn"),
                            (300, "Ålund Apotek")]),
             ("cols", 138, [(64, "Company reg. no. (CVR)" if en else "CVR-nr."), (300, "54011741")]),
             (60, 170, "3. Connection route" if en else "3. Tilslutning"),
             ("cols", 195, [(262, "Yes" if en else "Ja"), (381, "No" if en else "Nej")]),
             ("cols", 215, [(64, "Connected through KMD" if en else "Tilsluttet via KMD"), (384, "X")]),
             ("cols", 233, [(64, "Connected through a system vendor" if en else "Tilsluttet via en systemleverandør"),
                            (265, "X")])]
    if vendor_line:
        page += [("cols", 255, [(60, vendor_line), (262, "Novax")])]
    page += lines(60, 290, ["4. Main contact" if en else "4. Kontaktperson"])
    page += [("cols", 310, [(64, "Full name" if en else "Navn"), (300, "Cecilie Thrane")]),
             ("cols", 328, [(64, "E-mail"), (300, "cecilie@aalund-sundhed.example")]),
             ("cols", 346, [(64, "Mobile" if en else "Mobil"), (300, "4724 2352")])]
    return pdf([_expand(page)])


def _expand(items: list[tuple]) -> list[tuple]:
    out: list[tuple] = []
    for it in items:
        if it[0] == "cols":
            out += [(x, it[1], text) for x, text in it[2]]
        else:
            out.append(it)
    return out


@pytest.mark.parametrize(("label", "lang"), [("Vendor name:", "en"), ("Supplier name", "en"),
                                             ("Leverandørnavn:", "da")])
def test_a_vendor_named_under_a_name_label(label: str, lang: str) -> None:
    doc = read_pdf(_form(label, lang), "form.pdf").as_json()
    assert doc["fields"]["connected_via"] == "Novax"
    assert not [p for p in doc["problems"] if p.get("field") == "connected_via"]


def test_a_vendor_chosen_with_no_name_found_is_uncertain_not_direct() -> None:
    doc = read_pdf(_form(None), "form.pdf").as_json()
    assert doc["fields"]["connected_via"] is None
    assert [p["code"] for p in doc["problems"] if p.get("field") == "connected_via"] == ["uncertain"]
