"""A section's heading set right over a ruled table is the table's heading, never a row of it (issue 22: a
browser's form whose 'E. IT operations contacts' heading, cut at the table's column edge, left the section
without its role, so the technical contacts were read as the organisation's)."""
from __future__ import annotations

import pytest

from parsers.documents.pipeline import read_pdf

from .tools import chromium_print, ensure

CSS = ("body{font-family:'Liberation Sans',sans-serif;font-size:10.5pt;margin:14mm}"
       "h2{font-size:11.5pt;margin:6mm 0 %s 0} table{border-collapse:collapse;width:100%%}"
       "th,td{border:1px solid #888;text-align:left;padding:1.5mm 2.5mm} th{font-weight:bold}")


def _form(gap: str) -> bytes:
    ensure("chromium")

    def rows(pairs: list[tuple[str, str]]) -> str:
        cells = "".join(f"<tr><td style='width:30%'>{a}</td><td>{b}</td></tr>" for a, b in pairs)
        return f"<table>{cells}</table>"

    tech = [("Malin Bergström", "malin.bergstrom@aalund-it.example", "+45 80 40 46 98", "Operations"),
            ("Matthias Nyberg", "matthias.nyberg@aalund-it.example", "5196 8801", "Network")]
    # the first column's edge falls in the heading's word gap before 'contacts', as the form's did
    table = ("<table style='table-layout:fixed'><col style='width:88pt'><col><col><col>"
             "<tr><th>Name</th><th>Email address</th><th>Direct line</th><th>Responsibility</th></tr>"
             + "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in tech) + "</table>")
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><style>{CSS % gap}</style></head><body>"
            "<h1>Information form – connection to the Health Data Network</h1>"
            "<h2>A. The organisation</h2>" + rows([("Name", "Kystby Kommune"), ("CVR no.", "29189919")])
            + "<h2>B. Contact person at the organisation</h2>"
            + rows([("Name", "Malin Haugen"), ("Email address", "malin.haugen@kystby.example"),
                    ("Direct line", "42 21 59 45")])
            + f"<h2>C. IT operations contacts</h2>{table}"
            + "<h2>D. IP ranges to be opened</h2>" + rows([("1", "172.27.26.0/24")])
            + "<h2>E. Delivery address of the SDN equipment</h2>"
            + rows([("Street address", "Bakkevej 59"), ("Postcode", "1738"), ("Town/City", "København V")])
            + "</body></html>")
    return chromium_print(page)


@pytest.mark.parametrize("gap", ["2mm", "1mm"])
def test_a_heading_right_over_a_ruled_table_keeps_its_role(gap: str) -> None:
    doc = read_pdf(_form(gap), "Information form.pdf")
    f = doc.fields
    assert (f.org_contact.name, f.org_contact.email) == ("Malin Haugen", "malin.haugen@kystby.example")
    assert [(t.name, t.email, t.phone) for t in f.technical_contacts] == [
        ("Malin Bergström", "malin.bergstrom@aalund-it.example", "+4580404698"),
        ("Matthias Nyberg", "matthias.nyberg@aalund-it.example", "+4551968801")]
