"""Classes the sixth outside hand (bench/outside/sixth_hand.py: wkhtmltopdf, AbiWord, pandoc, ssconvert,
enscript, unflattened AcroForms) showed, each made here by the real tool."""
from __future__ import annotations

import html as H

from parsers.documents.pipeline import read_pdf
from tests.parsers.sixth_tools import wkhtmltopdf

CLAUSES = [("Aftalens omfang", "Aftalen omfatter adgang til Sundhedsdatanettet og de tjenester, MedCom stiller til "
            "rådighed på nettet."),
           ("Forpligtelser", "Parterne overholder gældende lovgivning om behandling af personoplysninger, herunder "
            "databeskyttelsesforordningen og databeskyttelsesloven."),
           ("Sikkerhed", "Der anvendes kryptering og adgangsstyring svarende til risikoen, jf. Bilag 2."),
           ("Ikrafttræden og ophør", "Aftalen træder i kraft ved underskrift og kan opsiges med 3 mdr. varsel.")]


def _parties_last(org: str, cvr: str, name: str, title: str, signed: bool) -> str:
    """A connection agreement as an intranet prints it: a table of contents, clauses, numbered appendices,
    the signatures (the party's place captioned with its role, "For Kunden"), and the parties' block last."""
    toc = "".join(f"<tr><td>{i + 1}. {H.escape(h)}</td><td>1</td></tr>" for i, (h, _) in enumerate(CLAUSES))
    toc += "<tr><td>Bilag 1: Behandlingens formål</td><td>2</td></tr><tr><td>Underskrifter</td><td>2</td></tr>"
    body = "".join(f"<h2>{i + 1}. {H.escape(h)}</h2><p>{H.escape(t)}</p>" for i, (h, t) in enumerate(CLAUSES))
    mark = ("<svg width='120' height='40'><path d='M5 30 C15 5 25 35 40 20 C55 5 60 35 80 18 C95 8 100 30 115 22' "
            "stroke='#123' stroke-width='1.5' fill='none'/></svg>") if signed else "&nbsp;"
    sig = ("<table style='width:100%'><tr><td>For Kunden</td><td>For MedCom</td></tr>"
           "<tr><td>Dato: d. 22/10 2026</td><td>Dato:</td></tr>"
           f"<tr><td style='height:50px;vertical-align:bottom'>{mark}</td><td></td></tr>"
           f"<tr><td style='border-top:1px solid #000'>{H.escape(name)}<br><small>{H.escape(title)}</small></td>"
           "<td style='border-top:1px solid #000'><br></td></tr></table>")
    parties = (f"<h2>Aftalens parter</h2><p><b>Kunden</b></p><table><tr><td>Navn</td><td>{H.escape(org)}</td></tr>"
               f"<tr><td>CVR-nr.:</td><td>{cvr[:4]} {cvr[4:]}</td></tr><tr><td>Adresse</td><td>Tværgade 89, 8410 "
               "Rønde</td></tr></table><p><b>MedCom</b></p><table><tr><td>Navn</td><td>MedCom</td></tr><tr><td>CVR"
               "</td><td>26919991</td></tr><tr><td>Adresse</td><td>Forskerparken 10, 5230 Odense M</td></tr></table>")
    return ("<!doctype html><html><head><meta charset='utf-8'><style>body{font-family:'DejaVu Serif';font-size:10pt}"
            "</style></head><body><h1>Tilslutningsaftale – Sundhedsdatanettet (SDN)</h1><h3>Indhold</h3>"
            f"<table>{toc}</table>{body}<div style='page-break-before:always'></div><h2>Bilag 1. Behandlingens "
            f"formål</h2><p>Formålet er transport af sundhedsdata.</p><h2>Underskrifter</h2>{sig}{parties}"
            "</body></html>")


def test_a_party_block_after_the_signatures_is_the_party_and_its_name_is_no_signatory() -> None:
    """The parties' block printed last, after the signatures ("Aftalens parter" / "Kunden" / "Navn Region
    Egelev" / "CVR-nr.: ..."): its "Navn" was read as the signatory's name label (the organisation became the
    signatory, with confidence) and the party was never found, since only the text before the signatures was
    looked at. A heading naming the parties ends the signature block, and the block after it names the party."""
    for signed in (True, False):
        pdf = wkhtmltopdf(_parties_last("Region Egelev", "35578552", "Dorthe Aagaard", "Apoteker", signed))
        doc = read_pdf(pdf, "tilslutningsaftale.pdf")
        assert doc.kind == "connection_agreement"
        assert doc.fields.organisation == "Region Egelev"
        assert doc.fields.cvr == "35578552"
        assert doc.fields.signatory_name == "Dorthe Aagaard"
        assert doc.fields.signatory_title == "Apoteker"
        assert doc.fields.signature_date == "2026-10-22"
