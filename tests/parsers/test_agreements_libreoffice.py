"""Agreements made by LibreOffice Writer from HTML (its own table layout: centred headings over their
columns, narrow cells whose text runs together, MedCom's column on the left): a third maker."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from parsers import read_pdf
from tests.servers._util import apt_install

from .agreement_docs import Truth, confident_wrong


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        apt_install("libreoffice-writer", "fonts-dejavu-core")
        found = shutil.which("soffice")
    assert found, "LibreOffice was installed but soffice is not on PATH"
    return found


def html_to_pdf(html: str, tmp: Path) -> bytes:
    src = tmp / "agreement.html"
    src.write_text(html, encoding="utf-8")
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                    "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp),
                    str(src)], check=True, capture_output=True, timeout=180)
    return (tmp / "agreement.pdf").read_bytes()


def agreement(date: str, signature: str, name: str) -> str:
    return f"""<html><body><h1>Tilslutningsaftale</h1><p>Sundhedsdatanettet (SDN)</p>
<table border=1 cellpadding=4><tr><th>MedCom</th><th>Parten</th></tr>
<tr><td>Navn: MedCom</td><td>Navn: Ringkøbing Tandlæger I/S</td></tr>
<tr><td>CVR: 26919991</td><td>CVR: 41234598</td></tr></table>
<p>Parten tilsluttes Sundhedsdatanettet (SDN) på de vilkår, som MedCom fastsætter.</p>
<h3>Underskrifter</h3>
<table border=1 cellpadding=4><tr><th>For MedCom</th><th>For Parten</th></tr>
<tr><td>Dato:</td><td>Dato: {date}</td></tr>
<tr><td>Underskrift:</td><td>Underskrift:<br>{signature}</td></tr>
<tr><td>Navn:</td><td>Navn: {name}</td></tr></table></body></html>"""


CASES = {
    "signed_italic": (agreement("9. november 2026", "<i><font size=5>Rasmus Ring</font></i>", "Rasmus Ring"),
                      Truth("connection_agreement", "Ringkøbing Tandlæger I/S", "41234598", "Rasmus Ring",
                            "2026-11-09")),
    "unsigned": (agreement("", "", ""),
                 Truth("connection_agreement", "Ringkøbing Tandlæger I/S", "41234598", None, None, signed=False)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_libreoffice_table_agreement(case: str, tmp_path: Path) -> None:
    html, truth = CASES[case]
    doc = read_pdf(html_to_pdf(html, tmp_path), f"{case}.pdf")
    assert confident_wrong(doc, truth) == []
    f = doc["fields"]
    assert (f["organisation"], f["cvr"], f["signed"], f["signature_date"], f["signatory_name"]) == \
        (truth.organisation, truth.cvr, truth.signed, truth.signature_date, truth.signatory_name)
