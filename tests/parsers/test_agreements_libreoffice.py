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
    doc = read_pdf(html_to_pdf(html, tmp_path), f"{case}.pdf").as_json()
    assert confident_wrong(doc, truth) == []
    f = doc["fields"]
    assert (f["organisation"], f["cvr"], f["signed"], f["signature_date"], f["signatory_name"]) == \
        (truth.organisation, truth.cvr, truth.signed, truth.signature_date, truth.signatory_name)


def narrow_agreement(signature: str, name: str, after_name: str = "", cell: int = 90) -> str:
    """The party's column narrow enough that a typed name wraps inside its cell ("Underskrift: Søren" over
    "Ærø"), MedCom's cell of the same row standing between the two lines, as LibreOffice centres it."""
    rows = [("Dato: 2027-01-12", "Dato: 2026-11-20"), (f"Underskrift: {signature}", "Underskrift: Mette Jensen"),
            (f"Navn: {name}", "Navn: Mette Jensen")]
    if after_name:
        rows.append((after_name, "Direktør"))
    body = "".join(f"<tr><td width={cell} valign=top>{p}</td><td valign=middle>{m}</td></tr>" for p, m in rows)
    return f"""<html><body style="font-family:serif;font-size:10pt"><h1>Aftale om tilslutning til
Sundhedsdatanettet</h1><p>Parten: Æblehøj Kommune</p><p>CVR-nr.: 29189919</p><p>MedCom, CVR-nr. 26919991</p>
<p>Parten tilsluttes Sundhedsdatanettet (SDN), som MedCom driver, og overholder aftalens vilkår.</p>
<h2>Underskrifter</h2><table width=420 cellpadding=2><tr><td width={cell}>For Parten</td><td>For MedCom</td></tr>
{body}</table></body></html>"""


NARROW = {
    "signed": (narrow_agreement("<i>Søren Ærø</i>", "Søren Ærø"), "Søren Ærø", True),
    "unsigned": (narrow_agreement("", "Søren Kristian Ærø"), "Søren Kristian Ærø", False),
}


@pytest.mark.parametrize("case", sorted(NARROW))
def test_a_name_wrapped_in_a_narrow_cell_is_read_whole(case: str, tmp_path: Path) -> None:
    """A name that wraps in its cell is the whole name: a typed signature is a signature (not "not signed"),
    the signatory is "Søren Ærø", not "Søren"."""
    html, name, signed = NARROW[case]
    data = html_to_pdf(html, tmp_path)
    import io

    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the printed lines as they are (the page model joins the wrap)
        printed = [t for page in pdf.pages for t in (page.extract_text() or "").splitlines()]
    assert [t for t in printed if t.strip() == "Ærø"], "the fixture must wrap the name in its cell"
    f = read_pdf(data, f"{case}.pdf").as_json()["fields"]
    assert (f["signatory_name"], f["signed"]) == (name, signed)


def test_the_row_under_a_name_is_not_taken_for_its_rest(tmp_path: Path) -> None:
    """A title in the next row of a roomy cell is not the rest of the name: no wrap without the evidence. (Signed
    "Søren" alone: a signature that begins with the printed name and goes on is that name whole, by another rule,
    `agreements._whole_name`.)"""
    html = narrow_agreement("<i>Søren</i>", "Søren", after_name="Ærø", cell=200)
    f = read_pdf(html_to_pdf(html, tmp_path), "roomy.pdf").as_json()["fields"]
    assert f["signatory_name"] == "Søren"


def test_a_printed_name_with_room_after_it_is_not_lengthened_by_its_signature(tmp_path: Path) -> None:
    """A name printed whole in a roomy cell ("Navn: Søren", room for many words after it, nothing under it) over a
    signature that begins with it and goes on ("Søren Ærø" in italics): the printed name was not cut at its cell's
    edge, so the signature's further words are no part of it (`agreements._whole_name` takes a signature for the
    whole name only where the printed one stopped at its cell's edge, as in test_eighth_hand's Word table)."""
    html = narrow_agreement("<i>Søren Ærø</i>", "Søren", cell=200)
    f = read_pdf(html_to_pdf(html, tmp_path), "roomy.pdf").as_json()["fields"]
    assert (f["signatory_name"], f["signed"]) == ("Søren", True)
