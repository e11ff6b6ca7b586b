"""Pass a PDF through the real tools parties' PDFs come from: pdftk, mutool, Ghostscript, poppler,
Chromium and LibreOffice (Debian's packages, installed for the tests when missing).

Each pass is what a party's office does to a document before it is mailed: a form flattened before
sending (pdftk), a file "optimised" or re-saved (mutool, Ghostscript, poppler), a page printed to PDF
from a browser or a word processor. The reader must read each as it reads the original, or say that
it is unsure; these helpers make the documents, the tests and bench/real_tools.py judge them.
"""
from __future__ import annotations

import html
import pathlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from typing import Any

from tests.servers._util import apt_install

# tool -> (the program that must be there, the Debian package that brings it)
PROGRAMS = {"pdftk": ("pdftk", "pdftk-java"), "mutool": ("mutool", "mupdf-tools"),
            "gs": ("gs", "ghostscript"), "poppler": ("pdftocairo", "poppler-utils"),
            "chromium": ("chromium", "chromium")}


def ensure(*tools: str) -> None:
    """Install the Debian packages of the named tools that are missing."""
    missing = [PROGRAMS[t][1] for t in tools if shutil.which(PROGRAMS[t][0]) is None]
    if missing:
        apt_install(*missing)


def _run(cmd: list[str], out: pathlib.Path, timeout: float = 120) -> bytes:
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    return out.read_bytes()


def _through(data: bytes, make: Callable[[pathlib.Path, pathlib.Path], list[str]]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="realtool-") as tmp:
        src, dst = pathlib.Path(tmp) / "in.pdf", pathlib.Path(tmp) / "out.pdf"
        src.write_bytes(data)
        return _run(make(src, dst), dst)


def pdftk_flatten(data: bytes) -> bytes:
    """A filled form flattened: its fields become drawn page content (`pdftk in output out flatten`)."""
    return _through(data, lambda s, d: ["pdftk", str(s), "output", str(d), "flatten"])


def mutool_convert(data: bytes) -> bytes:
    """MuPDF's re-writing of every page (`mutool convert`): fonts subset and re-encoded."""
    return _through(data, lambda s, d: ["mutool", "convert", "-F", "pdf", "-o", str(d), str(s)])


def mutool_clean(data: bytes) -> bytes:
    """MuPDF's clean-up (`mutool clean -gggg -s`): objects renumbered, content streams sanitised."""
    return _through(data, lambda s, d: ["mutool", "clean", "-gggg", "-s", str(s), str(d)])


def gs_pdfwrite(data: bytes) -> bytes:
    """Ghostscript's pdfwrite: every page re-drawn, fonts re-embedded as subsets."""
    return _through(data, lambda s, d: ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                                        "-o", str(d), str(s)])


def gs_picture(data: bytes, dpi: int = 150) -> bytes:
    """Ghostscript's pictures-only output (`-sDEVICE=pdfimage24`): every page one picture and no text layer,
    as a scanner or a print-to-image makes it."""
    return _through(data, lambda s, d: ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfimage24",
                                        f"-r{dpi}", "-o", str(d), str(s)])


def pdftocairo(data: bytes) -> bytes:
    """poppler's cairo printer (`pdftocairo -pdf`): a print of the page to a new PDF (form values drawn)."""
    return _through(data, lambda s, d: ["pdftocairo", "-pdf", str(s), str(d)])


def chromium_print(page_html: str) -> bytes:
    """An HTML page printed to PDF by headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="realtool-") as tmp:
        src, dst = pathlib.Path(tmp) / "page.html", pathlib.Path(tmp) / "out.pdf"
        src.write_text(page_html, encoding="utf-8")
        exe = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
        return _run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                     f"--user-data-dir={tmp}/profile", f"--print-to-pdf={dst}", src.as_uri()], dst, 180)


def libreoffice_print(page_html: str) -> bytes:
    """An HTML page opened by LibreOffice Writer and exported to PDF."""
    with tempfile.TemporaryDirectory(prefix="realtool-") as tmp:
        src = pathlib.Path(tmp) / "page.html"
        src.write_text(page_html, encoding="utf-8")
        exe = shutil.which("soffice") or "soffice"
        return _run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                     "pdf:writer_pdf_Export", "--outdir", tmp, str(src)], pathlib.Path(tmp) / "page.pdf", 240)


PDF_TOOLS: dict[str, Callable[[bytes], bytes]] = {
    "pdftk flatten": pdftk_flatten, "mutool convert": mutool_convert, "mutool clean": mutool_clean,
    "gs pdfwrite": gs_pdfwrite, "pdftocairo": pdftocairo,
}
HTML_TOOLS: dict[str, Callable[[str], bytes]] = {"chromium": chromium_print, "libreoffice": libreoffice_print}


def form_html(truth: dict[str, Any], css: str = "") -> str:
    """The information form as a party's own web page would show it: Danish labels, ticked options."""
    e = html.escape
    oc, addr = truth["org_contact"], truth["installation_address"]
    types = [("municipality", "Kommune"), ("region", "Region"), ("pharmacy", "Apotek")]
    via = truth["connected_via"]
    vias = [("KMD", via == "KMD"), ("Systemleverandør", via not in (None, "KMD")), ("Ingen af delene", via is None)]

    def box(on: bool) -> str:
        return "☒" if on else "☐"

    rows = [
        "<h1>Informationsskema – tilslutning til Sundhedsdatanettet</h1>",
        "<h2>1. Organisation</h2>",
        f"<p>Organisationens navn: {e(truth['organisation'])}</p>", f"<p>CVR-nr.: {e(truth['cvr'])}</p>",
        "<p>Partstype: " + " &nbsp; ".join(f"{box(truth['party_type'] == k)} {lbl}" for k, lbl in types) + "</p>",
        "<h2>2. Tilsluttes via</h2>",
        "<p>" + " &nbsp; ".join(f"{box(on)} {lbl}" for lbl, on in vias) + "</p>",
        "<h2>3. Organisatorisk kontaktperson</h2>",
        f"<p>Navn: {e(oc['name'])}</p><p>E-mail: {e(oc['email'])}</p><p>Telefon: {e(oc['phone'])}</p>",
        "<h2>4. Teknisk kontaktperson</h2>",
    ]
    for tc in truth["technical_contacts"]:
        rows.append(f"<p>Navn: {e(tc['name'])}</p><p>E-mail: {e(tc['email'])}</p><p>Telefon: {e(tc['phone'])}</p>")
    rows.append("<h2>5. SDN IP-scope</h2>")
    rows += [f"<p>{e(net)}</p>" for net in truth["ip_scopes"]]
    rows += ["<h2>6. Installationsadresse</h2>", f"<p>Adresse: {e(addr['street'])}</p>",
             f"<p>Postnr.: {e(addr['postcode'])}</p>", f"<p>By: {e(addr['city'])}</p>"]
    return (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>body{{font-family:"
            f"'DejaVu Sans',sans-serif;font-size:11pt}} {css}</style></head><body>{''.join(rows)}</body></html>")


def agreement_html(truth: dict[str, Any], signed: bool, css: str = "") -> str:
    """A connection agreement as a party's own word processor or web page lays it out: the party block,
    a clause, and the signature block in a two-column table, the party's signature typed (or left blank)."""
    e = html.escape
    sign = f"<i>{e(truth['signatory_name'])}</i>" if signed else "&nbsp;"
    rows = [
        "<h1>Aftale om tilslutning til Sundhedsdatanettet</h1>",
        f"<p>Parten: {e(truth['organisation'])}</p><p>CVR-nr.: {e(truth['cvr'])}</p>",
        "<p>MedCom, CVR-nr. 26919991</p>",
        "<p>" + "Parten tilsluttes Sundhedsdatanettet (SDN), som MedCom driver, og overholder aftalens vilkår. " * 6
        + "</p>",
        "<h2>Underskrifter</h2><table style='width:100%'>",
        "<tr><td>For Parten</td><td>For MedCom</td></tr>",
        f"<tr><td>Dato: {e(truth['signature_date'])}</td><td>Dato: 2026-11-20</td></tr>",
        f"<tr><td>Underskrift: {sign}</td><td>Underskrift: Mette Jensen</td></tr>",
        f"<tr><td>Navn: {e(truth['signatory_name'])}</td><td>Navn: Mette Jensen</td></tr>",
        f"<tr><td>Stilling: {e(truth['signatory_title'])}</td><td>Stilling: Direktør</td></tr></table>",
    ]
    return (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>body{{font-family:"
            f"'DejaVu Sans',sans-serif;font-size:11pt}} {css}</style></head><body>{''.join(rows)}</body></html>")
