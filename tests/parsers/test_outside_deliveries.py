"""The outside check's other deliveries (bench/outside/deliveries.py): each file is what it says it is and
carries its document, and a picture's problem counts against the reader only when the party would be told it.
The reader's figures on them are measured by `bench/outside/run.py --deliveries`, not asserted here."""
from __future__ import annotations

import email
import io
import random
import zipfile
from email import policy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bench.outside import deliveries
from bench.outside.forms import FORM_LAYOUTS, information_form
from bench.outside.people import party


def a_form() -> Any:
    rng = random.Random(3)
    return information_form(rng, party(rng, None), FORM_LAYOUTS[0], "01 xlsx - Informationsskema.pdf")


def test_the_spreadsheet_holds_the_forms_values(tmp_path: Path) -> None:
    doc = a_form()
    out = tmp_path / "f.xlsx"
    deliveries.spreadsheet(doc, random.Random(1), out)
    wb = openpyxl.load_workbook(out)
    cells = {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    fields = doc.truth["documents"][0]["fields"]
    assert fields["organisation"] in cells
    assert any(fields["technical_contacts"][0]["name"] in c for c in cells)


def test_zip_and_forwarded_mail_carry_the_file() -> None:
    doc = a_form()
    inner = deliveries.party_mail(doc, ("post@x.example", "X"),
                                  [("z.zip", deliveries.zipped([("a.pdf", b"%PDF-1.4")]), "application/zip")],
                                  "Sun, 06 Dec 2026 10:00:00 +0100")
    fw = deliveries.forwarded(inner, ("kollega@x.example", "Kollega"), "da", "Sun, 06 Dec 2026 10:05:00 +0100")
    msg = email.message_from_bytes(fw.as_bytes(), policy=policy.default)
    (att,) = list(msg.iter_attachments())  # type: ignore[attr-defined]
    assert att.get_content_type() == "message/rfc822"
    (z,) = list(att.get_content().iter_attachments())
    assert zipfile.ZipFile(io.BytesIO(z.get_content())).read("a.pdf") == b"%PDF-1.4"


def reading(ocr: bool, evidence: str) -> dict[str, Any]:
    return {"message": None, "documents": [{
        "filename": "IMG_1.jpg", "kind": "information_form", "ocr": ocr, "fields": {},
        "problems": [{"code": "missing_field", "field": "ip_scopes", "evidence": evidence, "message": "x"}]}]}


@pytest.mark.parametrize("ocr,evidence,told", [(True, "found_empty", False), (False, "found_empty", True),
                                               (False, "not_found", False)])
def test_a_pictures_problem_counts_only_when_the_party_would_be_told(ocr: bool, evidence: str, told: bool) -> None:
    assert bool(deliveries.accusing(reading(ocr, evidence))) is told
