"""Information forms printed by real office tools: Chromium from HTML with varied CSS and LibreOffice
Writer from HTML, worded and laid out independently of the reader (headings in table rows, a CSS grid
of labels and values, a footer repeated at the page's foot, negations, party types in words)."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import tempfile

from tests.servers._util import apt_install

from .layouts import Case, address, contact

_CHROMIUM_HTML = """<!doctype html><html lang="da"><head><meta charset="utf-8"><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; margin: 0 20mm; }
h1 { font-size: 15pt; } table { border-collapse: collapse; width: 100%; margin-bottom: 10pt; }
th { text-align: left; background: #dde; padding: 4pt; font-size: 11pt; }
td { border: 1px solid #999; padding: 3pt 5pt; } td.l { width: 35%; }
.foot { position: fixed; bottom: 0; font-size: 7pt; color: #555; }
@page { size: A4; margin: 18mm 0 20mm 0; }
</style></head><body>
<h1>Anmodning om adgang til Sundhedsdatanettet</h1>
<table><tr><th colspan="2">A. Organisationen</th></tr>
<tr><td class="l">Navn</td><td>Bakkedal Sygehus</td></tr>
<tr><td class="l">CVR</td><td>41668881</td></tr>
<tr><td class="l">Hvilken slags organisation?</td><td>Offentligt sygehus</td></tr></table>
<table><tr><th colspan="2">B. Kontaktperson i organisationen</th></tr>
<tr><td class="l">Navn</td><td>Grethe Bach</td></tr>
<tr><td class="l">E-mail</td><td>grethe.bach@bakkedal.example</td></tr>
<tr><td class="l">Telefon</td><td>56 78 90 12</td></tr></table>
<table><tr><th colspan="3">C. Tekniske kontaktpersoner</th></tr>
<tr><td>Navn</td><td>E-mail</td><td>Telefon</td></tr>
<tr><td>Henrik Ravn</td><td>hr@bakkedal.example</td><td>56 78 90 13</td></tr>
<tr><td>Yasmin Ali</td><td>ya@bakkedal.example</td><td>56 78 90 14</td></tr></table>
<table><tr><th colspan="2">D. Adresse hvor forbindelsen installeres</th></tr>
<tr><td class="l">Adresse</td><td>Bakkevej 30</td></tr>
<tr><td class="l">Postnr.</td><td>4700</td></tr>
<tr><td class="l">By</td><td>Næstved</td></tr></table>
<table><tr><th colspan="2">E. Netværk (IP-scope)</th></tr>
<tr><td class="l">Net</td><td>10.140.0.0/24</td></tr>
<tr><td class="l">Tilsluttes via KMD?</td><td>Nej, direkte</td></tr></table>
<div class="foot">MedCom · sdn@medcom.example · J.nr. 2024-55120 · Skabelon godkendt 01.02.2023</div>
</body></html>"""

_CHROMIUM_GRID = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt; margin: 15mm 22mm; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #333; }
.grid { display: grid; grid-template-columns: 55mm auto; row-gap: 3pt; }
.grid div:nth-child(odd) { color: #333; }
</style></head><body>
<p style="font-size:16pt;font-weight:bold">Health Data Network &ndash; application</p>
<h2>Section 1 &ndash; Applicant</h2>
<div class="grid"><div>Legal name</div><div>Greenway Pharmacy</div>
<div>CVR no.</div><div>88701933</div><div>Kind of party</div><div>Pharmacy</div></div>
<h2>Section 2 &ndash; Contact person at the applicant</h2>
<div class="grid"><div>Full name</div><div>Sofie Winther</div>
<div>E-mail address</div><div>sofie@greenway.example</div><div>Telephone</div><div>+45 61 71 81 91</div></div>
<h2>Section 3 &ndash; IT contact persons</h2>
<div class="grid"><div>Name</div><div>Peter Holt</div>
<div>E-mail</div><div>peter.holt@greenway.example</div><div>Telephone</div><div>+45 61 71 81 92</div></div>
<h2>Section 4 &ndash; Installation site</h2>
<div class="grid"><div>Street</div><div>Algade 9</div><div>Postcode and town</div><div>4000 Roskilde</div></div>
<h2>Section 5 &ndash; Network</h2>
<div class="grid"><div>IP range(s)</div><div>172.18.4.0/24</div>
<div>Connection</div><div>Not via KMD &ndash; direct connection</div></div>
</body></html>"""

_WRITER_HTML = """<!doctype html><html lang="da"><head><meta charset="utf-8"><style>
body { font-family: 'DejaVu Serif', serif; font-size: 11pt; } p.h { font-weight: bold; margin-top: 12pt; }
</style></head><body>
<p style="font-size:16pt"><b>Skema til SDN-tilslutning</b></p>
<p class="h">1) Organisation</p>
<p>Navn: Kildemose Privat Laboratorium ApS<br>CVR-nr.: 12701179<br>Partstype: Privat laboratorium</p>
<p class="h">2) Organisationens kontaktperson</p>
<p>Navn: Astrid Møller<br>E-mail: am@kildemose.example<br>Telefon: 25 26 27 28</p>
<p class="h">3) Teknisk kontaktperson</p>
<p>Navn: Frederik Nyborg<br>E-mail: fn@kildemose.example<br>Telefon: 25 26 27 29</p>
<p class="h">4) Installationsadresse</p>
<p>Adresse: Mosevej 11<br>Postnr. og by: 5700 Svendborg</p>
<p class="h">5) IP-scope</p>
<p>192.168.200.0/26</p>
<p class="h">6) Tilslutning</p>
<p>Tilsluttes via KMD eller systemleverandør? Nej</p>
</body></html>"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        apt_install("chromium", "fonts-dejavu-core")
        found = shutil.which("chromium")
    assert found, "chromium was installed but is not on PATH"
    return found


def _soffice() -> str:
    found = shutil.which("soffice")
    if not found:
        apt_install("libreoffice-writer-nogui", "fonts-dejavu-core")
        found = shutil.which("soffice")
    assert found, "LibreOffice was installed but soffice is not on PATH"
    return found


def chromium_pdf(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        src, out = pathlib.Path(d, "form.html"), pathlib.Path(d, "form.pdf")
        src.write_text(html, encoding="utf-8")
        subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={d}/profile", f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
        return out.read_bytes()


def writer_pdf(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        src = pathlib.Path(d, "form.html")
        src.write_text(html, encoding="utf-8")
        subprocess.run([_soffice(), f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to",
                        "pdf:writer_web_pdf_Export", "--outdir", d, str(src)],
                       check=True, capture_output=True, timeout=180)
        return pathlib.Path(d, "form.pdf").read_bytes()


OFFICE_CASES: list[Case] = [
    Case("chromium_tables_dk", lambda: chromium_pdf(_CHROMIUM_HTML), {
        "organisation": "Bakkedal Sygehus", "cvr": "41668881", "party_type": "public_hospital",
        "connected_via": None,
        "org_contact": contact("Grethe Bach", "grethe.bach@bakkedal.example", "+4556789012"),
        "technical_contacts": [contact("Henrik Ravn", "hr@bakkedal.example", "+4556789013"),
                               contact("Yasmin Ali", "ya@bakkedal.example", "+4556789014")],
        "ip_scopes": ["10.140.0.0/24"], "installation_address": address("Bakkevej 30", "4700", "Næstved")}),
    Case("chromium_grid_en", lambda: chromium_pdf(_CHROMIUM_GRID), {
        "organisation": "Greenway Pharmacy", "cvr": "88701933", "party_type": "pharmacy", "connected_via": None,
        "org_contact": contact("Sofie Winther", "sofie@greenway.example", "+4561718191"),
        "technical_contacts": [contact("Peter Holt", "peter.holt@greenway.example", "+4561718192")],
        "ip_scopes": ["172.18.4.0/24"], "installation_address": address("Algade 9", "4000", "Roskilde")}),
    Case("writer_paragraphs_dk", lambda: writer_pdf(_WRITER_HTML), {
        "organisation": "Kildemose Privat Laboratorium ApS", "cvr": "12701179", "party_type": "laboratory",
        "connected_via": None,
        "org_contact": contact("Astrid Møller", "am@kildemose.example", "+4525262728"),
        "technical_contacts": [contact("Frederik Nyborg", "fn@kildemose.example", "+4525262729")],
        "ip_scopes": ["192.168.200.0/26"], "installation_address": address("Mosevej 11", "5700", "Svendborg")}),
]
