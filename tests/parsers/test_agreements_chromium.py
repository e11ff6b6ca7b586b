"""Agreements printed to PDF by Chromium from HTML with their own CSS (a party block as a CSS grid, a
signature in a cursive italic face, a running footer with the template's approval date, a certificate of
completion with a signer table in UTC): a second maker than reportlab, with layouts the reader never saw."""
from __future__ import annotations

from typing import Any

import pytest

from parsers import read_pdf

from .agreement_docs import EN_DPA_CLAUSES, Truth, confident_wrong

STYLE = """
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; margin: 0 }
h1 { font-size: 20pt; margin-bottom: 2pt } .sub { color: #555 }
.grid { display: grid; grid-template-columns: 9em 1fr 1fr; gap: 4pt 14pt; border-top: 1px solid #999;
        padding-top: 6pt } .grid div { padding: 2pt 0 }
.head { font-weight: bold }
.sign { font-family: 'DejaVu Sans'; font-style: italic; font-size: 16pt }
table { border-collapse: collapse; width: 100% } td, th { border: 1px solid #aaa; padding: 3pt; text-align: left }
.page { page-break-before: always }
"""
FOOTER = ("<div style='font-size:7pt; width:100%; margin: 0 40px'>Template approved by MedCom's steering "
          "group on 12 March 2024 · version 3.1</div>")


def html_dpa(signature_cell: str, date_cell: str, certificate: str) -> str:
    clauses = "".join(f"<h3>{h}</h3><p>{b}</p>" for h, b in EN_DPA_CLAUSES)
    return f"""<html><head><style>{STYLE}</style></head><body>
<h1>Data Processor Agreement</h1><div class=sub>Danish Health Data Network (SDN)</div>
<p>This agreement is made between the following parties:</p>
<div class=grid>
 <div></div><div class=head>Data controller</div><div class=head>Data processor</div>
 <div>Name</div><div>Østkyst Sundhedshus ApS</div><div>MedCom</div>
 <div>CVR</div><div>41234563</div><div>26919991</div>
 <div>Address</div><div>Strandvejen 12, 8000 Aarhus C</div><div>Forskerparken 10, 5230 Odense M</div>
</div>
{clauses}
<h3>Signatures</h3>
<div class=grid>
 <div></div><div class=head>For the data controller</div><div class=head>For MedCom</div>
 <div>Date</div><div>{date_cell}</div><div></div>
 <div>Signature</div><div>{signature_cell}</div><div></div>
 <div>Name</div><div>Jonas Østkyst</div><div></div>
 <div>Title</div><div>Director</div><div></div>
</div>
{certificate}
</body></html>"""


CERTIFICATE = """<div class=page><h1>Certificate of completion</h1><p>Envelope ID: 5E6F7A8B-9C0D</p>
<p>All parties listed below have signed electronically.</p>
<table><tr><th>Signer</th><th>E-mail</th><th>Signed (UTC)</th><th>Method</th></tr>
<tr><td>Jonas Østkyst</td><td>jo@oestkyst.example</td><td>2026-11-18 23:20:41 UTC</td><td>MitID</td></tr>
<tr><td>Mads Holm, MedCom</td><td>mh@medcom.example</td><td>2026-11-21 08:00:00 UTC</td><td>MitID</td></tr>
</table></div>"""

CASES = {
    "italic_name": (html_dpa("<span class=sign>Jonas Østkyst</span>", "16 November 2026", ""),
                    Truth("data_processor_agreement", "Østkyst Sundhedshus ApS", "41234563", "Jonas Østkyst",
                          "2026-11-16")),
    "certificate": (html_dpa("", "", CERTIFICATE),
                    Truth("data_processor_agreement", "Østkyst Sundhedshus ApS", "41234563", "Jonas Østkyst",
                          "2026-11-19")),
    "unsigned": (html_dpa("", "", ""),
                 Truth("data_processor_agreement", "Østkyst Sundhedshus ApS", "41234563", "Jonas Østkyst", None,
                       signed=False)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_chromium_printed_agreement(browser: Any, case: str) -> None:
    html, truth = CASES[case]
    page = browser.new_page()
    try:
        page.set_content(html)
        data = page.pdf(format="A4", display_header_footer=True, header_template="<div></div>",
                        footer_template=FOOTER, margin={"top": "50px", "bottom": "60px", "left": "50px",
                                                        "right": "50px"})
    finally:
        page.close()
    doc = read_pdf(data, f"{case}.pdf").as_json()
    assert confident_wrong(doc, truth) == []
    f = doc["fields"]
    assert (f["organisation"], f["cvr"], f["signed"], f["signature_date"]) == \
        (truth.organisation, truth.cvr, truth.signed, truth.signature_date)
