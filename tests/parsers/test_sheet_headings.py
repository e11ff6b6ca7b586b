"""A spreadsheet's bold heading rows are laid out bold, as the sheet's PDF prints them, so the form reader tells
its parts by them as in the PDF: the eighth outside hand's Calc sheet heads the installation address "Leveringssted
for SD-WAN-boksen" (words the reader does not know as an address heading) in a bold merged cell; without the face,
the technical contacts' part ran on over the address, the city became a second technical contact, the party was to
be asked for that contact's e-mail and phone, and the address was missing. The workbook is made by openpyxl and
saved by LibreOffice Calc as .ods."""
from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font

from parsers import reading_of
from tests.parsers.officemaker import soffice_convert

ROWS: list[tuple[list[str], bool]] = [
    (["SDN – oplysninger til opsætning af forbindelse"], True),
    (["1 Organisationen"], True),
    (["Organisationens navn", "Kragsø Kommune"], False),
    (["CVR nr.", "DK-81379211"], False),
    (["Del B – Kontakt vedr. aftalen / Del C – Teknisk personale"], True),
    (["Funktion", "Navn", "E-mail", "Mobil"], False),
    (["Organisatorisk kontakt", "Signe Bech", "sibe@kragsoe-it.example", "68 48 66 24"], False),
    (["Teknisk kontakt", "Karoline Uldall", "karoline.uldall@kragsoe-it.example", "0045 8090 9446"], False),
    (["Leveringssted for SD-WAN-boksen"], True),
    (["Gade og nr.", "Tværgade 7"], False),
    (["Postnummer", "1921", "By", "Frederiksberg C"], False),
    (["5 Netværk"], True),
    (["Net 1", "192.168.176.0/27"], False),
]


def sheet() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r, (cells, heading) in enumerate(ROWS, start=1):
        for c, text in enumerate(cells, start=1):
            ws.cell(r, c, text).font = Font(bold=heading)
        if heading:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_bold_heading_row_parts_the_contacts_from_the_address(fmt: str) -> None:
    data = sheet() if fmt == "xlsx" else soffice_convert(sheet(), ".xlsx", "ods")
    [doc] = reading_of(data, f"Udfyldt skema.{fmt}").as_json()["documents"]
    fields: dict[str, Any] = doc["fields"]
    assert [c["name"] for c in fields["technical_contacts"]] == ["Karoline Uldall"]
    assert fields["installation_address"] == {"street": "Tværgade 7", "postcode": "1921", "city": "Frederiksberg C"}
    assert [(p["code"], p.get("fields")) for p in doc["problems"]] == [("missing_field", ["party_type"])]  # none asked
