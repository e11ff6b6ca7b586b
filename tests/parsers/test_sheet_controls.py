"""A workbook form as the party sees it: check boxes drawn as form controls (Excel's Developer tab) are its
answers, and a hidden sheet or hidden rows (a template's lists for its drop-downs) are not. The workbooks are
written by openpyxl with the controls' parts added as Excel 2010 and later save them (tests/parsers/xlsxcontrols.py)."""
from __future__ import annotations

import io
import shutil
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation

from parsers.office import read_office
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH
from tests.parsers.xlsxcontrols import Box, edit

TYPES = ["Kommune", "Region", "Apotek", "Privat praksis"]


def _form(truth: dict[str, Any] = FORM_TRUTH, *, labels_in_cells: bool, lists_sheet: bool = False,
          helper_rows: bool = False) -> tuple[bytes, int]:
    """The form with its party types as bare options (in column B, or nothing where the boxes carry their own
    labels); returns the workbook and the 0-based row of the first option."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Informationsskema"
    oc, tc, a = truth["org_contact"], truth["technical_contacts"][0], truth["installation_address"]
    rows: list[list[Any]] = [["Informationsskema"], ["Tilslutning til Sundhedsdatanettet (SDN)"], [],
                             ["A. Organisationen"], ["Organisationens navn", truth["organisation"]],
                             ["CVR-nummer", int(truth["cvr"])], [], ["B. Type af part"]]
    first = len(rows)
    rows += [["", t] if labels_in_cells else [] for t in TYPES]
    if helper_rows:  # the template's own lists, in rows the party never saw
        rows += [["Kommune", "Region", "Apotek"], ["Teknisk kontaktperson", "Navn"]]
    rows += [[], ["D. Administrativ kontaktperson"], ["Navn", oc["name"]], ["E-mail", oc["email"]],
             ["Telefon", oc["phone"]], [], ["E. Teknisk kontaktperson"], ["Navn", tc["name"]],
             ["E-mail", tc["email"]], ["Telefon", tc["phone"]], [], ["F. IP-adresser"],
             *[[n] for n in truth["ip_scopes"]], [], ["G. Installationsadresse"], ["Adresse", a["street"]],
             ["Postnummer", a["postcode"]], ["By", a["city"]]]
    for r in rows:
        ws.append(r)
    if lists_sheet:  # a drop-down's list on a sheet of its own, hidden, as templates keep them
        lists = wb.create_sheet("Lister")
        for t in ["Privat praksis", "Kommune", "Region", "Teknisk kontaktperson", "Organisationens navn"]:
            lists.append([t, "Region Nordjylland"])
        dv = DataValidation(type="list", formula1="=Lister!$A$1:$A$3", allow_blank=True)
        ws.add_data_validation(dv)
        dv.add("B5")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), first


def _read(data: bytes) -> Any:
    docs = read_office(data, "Informationsskema.xlsx", "xlsx")
    assert len(docs) == 1 and docs[0].kind == "information_form", [d.kind for d in docs]
    return docs[0].form()


def test_check_boxes_with_their_own_labels_give_the_party_type() -> None:
    data, first = _form(labels_in_cells=False)
    boxes = [Box(first + k, 0, t, checked=t == "Region") for k, t in enumerate(TYPES)]
    form = _read(edit(data, {0: boxes}))
    assert form.party_type == "region"  # before: the boxes were not read and no type was found


def test_a_box_beside_its_label_cell_ticks_that_label() -> None:
    data, first = _form(labels_in_cells=True)
    boxes = [Box(first + k, 0, "", checked=t == "Apotek", straddle=True) for k, t in enumerate(TYPES)]
    assert _read(edit(data, {0: boxes})).party_type == "pharmacy"


def test_the_box_s_own_state_counts_where_excel_2007_wrote_only_the_drawing() -> None:
    data, first = _form(labels_in_cells=False)
    boxes = [Box(first + k, 0, t, checked=t == "Kommune") for k, t in enumerate(TYPES)]
    assert _read(edit(data, {0: boxes}, ctrl_props=False)).party_type == "municipality"


def test_a_linked_cell_s_true_false_is_not_read_as_a_second_box() -> None:
    data, first = _form(labels_in_cells=False)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None
    for k, t in enumerate(TYPES):  # the boxes' linked cells, far to the right
        ws.cell(row=first + k + 1, column=8, value=t == "Region")
    buf = io.BytesIO()
    wb.save(buf)
    boxes = [Box(first + k, 0, t, checked=t == "Region", link=f"$H${first + k + 1}") for k, t in enumerate(TYPES)]
    assert _read(edit(buf.getvalue(), {0: boxes})).party_type == "region"


def test_a_hidden_sheet_and_hidden_rows_are_not_the_party_s_answers() -> None:
    data, first = _form(labels_in_cells=True, lists_sheet=True, helper_rows=True)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None
    ws.cell(row=first + 1, column=2, value="[X] Kommune")  # ticked by a typed cross, no control
    buf = io.BytesIO()
    wb.save(buf)
    hidden_rows = (first + len(TYPES) + 1, first + len(TYPES) + 2)  # 1-based: the template's helper rows
    form = _read(edit(buf.getvalue(), hidden_sheets=(1,), hidden_rows={0: hidden_rows}))
    assert form.party_type == "municipality"
    assert form.organisation == FORM_TRUTH["organisation"]  # before: the hidden list's "Organisationens navn"
    assert [t.name for t in form.technical_contacts] == [FORM_TRUTH["technical_contacts"][0]["name"]]


def test_a_hidden_column_is_not_the_party_s_answers() -> None:
    """The template's helper column (hidden) holds its own TRUE/FALSE for the options, computed before the party
    ticked; the party sees only its typed cross."""
    data, first = _form(labels_in_cells=True)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None
    for k, t in enumerate(TYPES):
        ws.cell(row=first + k + 1, column=3, value="X" if t == "Kommune" else None)  # the party's cross
        ws.cell(row=first + k + 1, column=5, value=t == "Region")  # the template's helper, hidden
    ws.column_dimensions["E"].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    assert _read(buf.getvalue()).party_type == "municipality"


needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="tests/run.sh installs LibreOffice (tests/servers/libreoffice.py)")


@needs_soffice
def test_the_same_form_saved_by_libreoffice_as_ods_reads_as_the_workbook() -> None:
    """LibreOffice Calc keeps the boxes as form controls drawn over the sheet (table:shapes, placed by position),
    the lists' sheet hidden by its table style; the .ods reads as the .xlsx does (before: the boxes unread and
    the hidden lists read, an organisation, type and connection read wrong)."""
    data, first = _form(labels_in_cells=False, lists_sheet=True)
    boxes = [Box(first + k, 0, t, checked=t == "Region") for k, t in enumerate(TYPES)]
    ods = om.soffice_convert(edit(data, {0: boxes}, hidden_sheets=(1,)), ".xlsx", "ods")
    docs = read_office(ods, "Informationsskema.ods", "ods")
    assert [d.kind for d in docs] == ["information_form"]
    form = docs[0].form()
    assert form.party_type == "region"
    assert form.organisation == FORM_TRUTH["organisation"]
    assert [t.name for t in form.technical_contacts] == [FORM_TRUTH["technical_contacts"][0]["name"]]


def test_activex_check_boxes_make_the_workbook_uncertain() -> None:
    """ActiveX check boxes keep their state in a binary part nothing here reads: the party's type is not found, and
    the document says why, for staff (before: no doubt at all, so the party could be told its type is missing)."""
    data, first = _form(labels_in_cells=True)
    boxes = [Box(first + k, 0, "", checked=t == "Region") for k, t in enumerate(TYPES)]
    docs = read_office(edit(data, {0: boxes}, activex=True), "Informationsskema.xlsx", "xlsx")
    assert len(docs) == 1 and docs[0].kind == "information_form"
    assert docs[0].form().party_type is None
    doubts = [p.message for p in docs[0].problems if p.code == "uncertain"]
    assert any("4 form controls (ActiveX)" in d for d in doubts), doubts


def test_form_control_boxes_leave_the_workbook_certain() -> None:
    data, first = _form(labels_in_cells=False)
    boxes = [Box(first + k, 0, t, checked=t == "Region") for k, t in enumerate(TYPES)]
    docs = read_office(edit(data, {0: boxes}), "Informationsskema.xlsx", "xlsx")
    assert not [p for p in docs[0].problems if p.code == "uncertain" and "ActiveX" in p.message]
