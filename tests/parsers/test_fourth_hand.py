"""Classes the fourth outside hand (bench/outside/fourth_hand.py) showed, each drawn here by the real tool: a
Word file written by python-docx and converted by LibreOffice, HTML printed by Chromium, reportlab."""
from __future__ import annotations

import io
import shutil

import pytest
from docx import Document as DocxDocument

from parsers.documents.pipeline import read_pdf

from .officemaker import soffice_convert

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="LibreOffice is installed by tests/servers/libreoffice.py")


TERMS = [("1. Baggrund", "MedCom driver Sundhedsdatanettet, som sundhedsvæsenets parter bruger til at udveksle "
                         "data sikkert. Denne aftale fastsætter vilkårene for partens brug af nettet."),
         ("2. Forpligtelser", "Parten holder sine netværks- og kontaktoplysninger opdaterede og giver kun relevant "
                              "personale adgang."),
         ("3. Personoplysninger", "Oplysninger behandles efter instruks og i overensstemmelse med "
                                  "databeskyttelsesforordningen."),
         ("4. Ikrafttræden og opsigelse", "Aftalen træder i kraft ved underskrift og kan opsiges med tre måneders "
                                          "varsel.")]


def _docx_agreement(role: str, org: str, cvr: str, address: str, title: str = "Databehandleraftale (SDN)") -> bytes:
    """A Word agreement as a clerk writes it: the parties in a grid table under a merged "Parter" row, a
    role row ("Dataansvarlig | Databehandler") over the rows of names; then terms and a signature table."""
    doc = DocxDocument()
    doc.add_heading(title, level=1)
    rows = [("", role, "Databehandler"), ("Navn", org, "MedCom"), ("CVR", cvr, "26919991"),
            ("Adresse", address, "Forskerparken 10, 5230 Odense M")]
    t = doc.add_table(rows=len(rows) + 1, cols=3)
    t.style = "Table Grid"
    top = t.rows[0].cells[0].merge(t.rows[0].cells[2])
    top.text = "Parter"
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.rows[i + 1].cells[j].text = v
    for h, text in TERMS:
        doc.add_heading(h, level=2)
        doc.add_paragraph(text)
    s = doc.add_table(rows=5, cols=2)
    for i, (a, b) in enumerate(((f"For {org}", "For MedCom"), ("Dato: 25/10/2026", "Dato: ____________"),
                                ("Underskrift: ______________________", "Underskrift: ______________________"),
                                ("Navn: Ulla Aagaard", "Navn:"), ("Titel: Vicedirektør", "Titel:"))):
        s.rows[i].cells[0].text, s.rows[i].cells[1].text = a, b
    buf = io.BytesIO()
    doc.save(buf)
    return soffice_convert(buf.getvalue(), ".docx", "pdf")


@needs_soffice
@pytest.mark.parametrize(("org", "cvr"), [("Lægehuset Havrum", "23962292"),        # the role heading over it
                                          ("Lægehuset Mosede Strand", "49976305"),  # wrapped, the CVR under it
                                          ("Vester Lyng Laboratorium ApS", "22429345")])
def test_a_word_tables_rows_are_not_one_wrapped_cell(org: str, cvr: str) -> None:
    """A grid table's rows stand as close as a cell's wrapped lines; the rule between them is the border no
    wrap crosses. Read as a wrap, the role heading "Dataansvarlig" and the name under it were one value
    ("Dataansvarlig Lægehuset Havrum"), or a wrapped name took the next row's CVR with it (confident wrong)."""
    pdf = _docx_agreement("Dataansvarlig", org, cvr, "Præstevænget 15, 8620 Kjellerup")
    doc = read_pdf(pdf, "Databehandleraftale.pdf")
    assert doc.fields.organisation == org
    assert doc.fields.cvr == cvr
