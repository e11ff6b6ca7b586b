"""A form's label at the foot of a page and its value at the head of the next (issue 22, held-out whole cases):
labels set small over their fields, Chromium breaking the page between "Postdistrikt" and its town. The town was
not found and a complete form waited for staff. A known town at the next page's head, in the label's column, is
the label's; anything else there (a running header, the next part) is not."""
from __future__ import annotations

from html import escape

import pytest

from parsers import read_pdf

from . import tools
from .test_layout_geometry import _page

CSS = ("body{font-family:'Liberation Sans',sans-serif;font-size:10pt;margin:0} @page{size:A4;margin:20mm} "
       ".stk{margin:0 0 5pt} .stk .l{font-size:7.5pt;color:#555} .stk .v{border-bottom:0.5pt solid #999} "
       ".pb{break-after:page}")


def _stacked(label: str, value: str, page_break: bool = False) -> str:
    return (f"<div class=stk><div class='l{' pb' if page_break else ''}'>{escape(label)}</div>"
            f"<div class=v>{escape(value)}</div></div>")


def _form(label: str, town: str) -> bytes:
    body = ("<h1>Informationsskema</h1><h2>1. Organisation</h2>" + _stacked("Organisationens navn", "Region Egelev")
            + _stacked("CVR-nummer", "29189846") + "<h2>2. Kontaktperson</h2>" + _stacked("Navn", "Sofie Kragh")
            + _stacked("E-mail", "sofie@egelev.example") + _stacked("Telefon", "20 30 40 50")
            + "<h2>3. Teknisk kontaktperson</h2>" + _stacked("Navn", "Bo Lind")
            + _stacked("E-mail", "bo@egelev.example") + _stacked("Telefon", "21 31 41 51")
            + "<h2>4. IP-adresser</h2>" + _stacked("Netværk", "10.20.30.0/24")
            + "<h2>5. Installationsadresse</h2>" + _stacked("Vej og nr.", "Skovvej 12")
            + _stacked("Postnummer", "7400") + _stacked(label, town, page_break=True)
            + "<h2>6. Bemærkninger</h2>" + _stacked("Bemærkning", "Ingen"))
    tools.ensure("chromium")
    return tools.chromium_print(_page(body, CSS))


@pytest.mark.parametrize("label", ["Postdistrikt", "By"])
def test_a_town_at_the_head_of_the_page_after_its_label_is_read(label: str) -> None:
    doc = read_pdf(_form(label, "Herning"), "form.pdf").as_json()
    assert doc["fields"]["installation_address"] == {"street": "Skovvej 12", "postcode": "7400", "city": "Herning"}
    assert not [p for p in doc["problems"] if "installation_address" in (p.get("field"), *(p.get("fields") or []))]


def test_words_at_the_head_of_the_next_page_that_are_no_town_are_not_taken() -> None:
    doc = read_pdf(_form("Postdistrikt", "Se vedlagte bilag"), "form.pdf").as_json()
    assert doc["fields"]["installation_address"]["city"] is None
