"""The form's contacts laid out a column per person (the roles across the top, name, e-mail and phone down the
rows), as a clerk's spreadsheet gives them: the workbook itself (.xlsx, and as Calc saves it, .ods) and the
sheet printed to PDF by Gnumeric's ssconvert and by LibreOffice Calc. Every file is made here: the workbook
with openpyxl, the rest by the real tools. Before `persons_across.py` and `xlsx._persons_across` every contact
was lost (missing, so staff were asked), each label reading several people's values as one."""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font

from parsers import reading_of
from tests.parsers.generator import FORM_TRUTH, score
from tests.parsers.officemaker import soffice_convert
from tests.servers._util import apt_install

TECHS = [{"name": "Bo Berg", "email": "bo.berg@kystby-kommune-it.example", "phone": "+4587654321"},
         {"name": "Sofie Vestergaard", "email": "sofie.vestergaard@kystby-kommune-it.example",
          "phone": "+4574446788"}]
TRUTH: dict[str, Any] = {**FORM_TRUTH, "technical_contacts": TECHS,
                         "org_contact": {**FORM_TRUTH["org_contact"], "email": "anna.holm@kystby-kommune-it.example"}}


def across_workbook(label_in_corner: bool = True, width: int = 24) -> bytes:
    """The form as a sheet: labels in A, answers in B, and the contacts a column per person. The e-mail
    addresses are longer than their columns, so on paper each runs over the next person's cell."""
    t, oc = TRUTH, TRUTH["org_contact"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Skema"
    bold = Font(bold=True)
    rows: list[list[Any]] = [["Informationsskema – Sundhedsdatanettet"], [],
                             ["Organisation", t["organisation"]], ["CVR-nr.", t["cvr"]], ["Type", "Kommune"],
                             ["Tilsluttes via KMD", "Nej"], ["Systemleverandør", "Ingen"], [],
                             ["Kontakter" if label_in_corner else None, "Kontaktperson", "Teknisk kontakt 1",
                              "Teknisk kontakt 2"],
                             ["Navn", oc["name"], *[p["name"] for p in TECHS]],
                             ["E-post", oc["email"], *[p["email"] for p in TECHS]],
                             ["Tlf.", "+45 12 34 56 78", "+45 87 65 43 21", "74 44 67 88"], [],
                             ["IP-net", t["ip_scopes"][0]], [None, t["ip_scopes"][1]], [],
                             ["Installationsadresse", t["installation_address"]["street"]],
                             [None, "7000 Kystby"]]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                if c == 1 or r == 9:
                    cell.font = bold
    ws.column_dimensions["A"].width = 28
    for col in "BCD":
        ws.column_dimensions[col].width = width
    ws.page_setup.orientation = "landscape"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ssconvert(xlsx: bytes) -> bytes:
    """The workbook printed to PDF by Gnumeric's ssconvert (Debian's gnumeric, installed when missing)."""
    if shutil.which("ssconvert") is None:
        apt_install("gnumeric")
    with tempfile.TemporaryDirectory(prefix="gnm-") as d:
        (Path(d) / "form.xlsx").write_bytes(xlsx)
        subprocess.run(["ssconvert", "form.xlsx", "form.pdf"], cwd=d, check=True, capture_output=True, timeout=180,
                       env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": d, "LANG": "C.UTF-8"})
        return (Path(d) / "form.pdf").read_bytes()


def fields(data: bytes, name: str) -> dict[str, Any]:
    (doc,) = reading_of(data, name).as_json()["documents"]
    assert isinstance(doc, dict) and doc["kind"] == "information_form"
    return dict(doc["fields"])


def contacts_right(f: dict[str, Any]) -> None:
    assert f["org_contact"] == TRUTH["org_contact"]
    assert f["technical_contacts"] == TECHS
    good, total, wrong = score(f, {k: TRUTH[k] for k in ("organisation", "cvr", "ip_scopes")})
    assert good == total, wrong


@pytest.mark.parametrize("corner", [True, False], ids=["labelled", "blank-corner"])
def test_a_workbook_with_a_column_per_person_reads_each_contact(corner: bool) -> None:
    contacts_right(fields(across_workbook(corner), "Informationsskema.xlsx"))


def test_the_same_sheet_saved_by_calc_as_ods_reads_each_contact() -> None:
    contacts_right(fields(soffice_convert(across_workbook(), ".xlsx", "ods"), "Informationsskema.ods"))


def test_the_sheet_printed_by_gnumeric_reads_each_contact() -> None:
    contacts_right(fields(ssconvert(across_workbook()), "Informationsskema.pdf"))


def test_the_sheet_printed_by_calc_a_column_a_page_reads_each_contact() -> None:
    """Calc prints columns too wide for the page on pages of their own: each person a page, read as before."""
    contacts_right(fields(soffice_convert(across_workbook(width=40), ".xlsx", "pdf"), "Informationsskema.pdf"))


def test_addresses_calc_cut_at_their_cells_edge_are_never_read_as_whole() -> None:
    """Calc leaves out of its text layer what a cell clips ("bo.berg@kystby-kommune-it.examp"): such a block is
    not read as contacts at all (staff read it), never with a cut address as a contact's."""
    f = fields(soffice_convert(across_workbook(width=28), ".xlsx", "pdf"), "Informationsskema.pdf")
    people = [f["org_contact"], *f["technical_contacts"]]
    truth = [TRUTH["org_contact"], *TECHS]
    for person in people:
        for key, value in person.items():
            assert value is None or value in {p[key] for p in truth}, (key, value)


def test_contacts_set_down_the_rows_are_not_turned() -> None:
    """One person a row (the usual table) has its addresses down one column: read as a table, as before."""
    t, oc = TRUTH, TRUTH["org_contact"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in [["Informationsskema"], [], ["Organisation", t["organisation"]], ["CVR-nr.", t["cvr"]], [],
                ["Kontaktperson"], ["Navn", "E-post", "Tlf."], [oc["name"], oc["email"], oc["phone"]], [],
                ["Teknisk kontakt"], ["Navn", "E-post", "Tlf."], *[[p["name"], p["email"], p["phone"]] for p in TECHS]]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    f = fields(buf.getvalue(), "Informationsskema.xlsx")
    assert f["org_contact"] == TRUTH["org_contact"]
    assert f["technical_contacts"] == TECHS
