"""Files a Word file carries (Insert > Object): a PDF dragged in as an icon (Windows' Packager: an OLE object whose
`\\x01Ole10Native` stream holds the file), a workbook kept whole (`Microsoft_Excel_Worksheet.xlsx`), read as
attachments under the Word file's name; a chart's own data workbook is part of the page, not a file. The Word files
are python-docx's with the parts Word writes for an embedded object added (the OLE compound file by the tests' own
writer, tests/parsers/msgmaker.py, after MS-CFB). Before, every embedded file was passed over unseen."""
from __future__ import annotations

import io
import struct
import zipfile

import docx

from parsers import read_mail
from tests.parsers import containermaker as cm
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH
from tests.parsers.msgmaker import Node, compound_file
from tests.parsers.pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kystby Kommune"), (60, 150, "CVR-nr.: 29189919")]])
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def packager(name: str, data: bytes) -> bytes:
    """An OLE Package object as Windows' Packager writes it: Ole10Native = size, 2, the name, the source path,
    0x00030000, the temporary path's length, the temporary path, the file's size, the file."""
    src = f"C:\\Users\\eva\\Documents\\{name}".encode("latin-1") + b"\x00"
    tmp = f"C:\\Users\\eva\\AppData\\Local\\Temp\\{name}".encode("latin-1") + b"\x00"
    body = struct.pack("<H", 2) + name.encode("latin-1") + b"\x00" + src + struct.pack("<II", 0x00030000, len(tmp)) \
        + tmp + struct.pack("<I", len(data)) + data
    native = struct.pack("<I", len(body)) + body
    return compound_file([Node("\x01Ole10Native", native), Node("\x01CompObj", b"\x01\x00\xfe\xff" + bytes(24))])


def word_with(parts: dict[str, bytes], chart_of: str | None = None) -> bytes:
    """A Word letter ("see the agreement below") with these parts under word/embeddings/, each related to the
    document as an OLE object or a package (or, for `chart_of`, to a chart as its data)."""
    d = docx.Document()
    d.add_paragraph("Hej MedCom")
    d.add_paragraph("Hermed vores underskrevne aftale, indsat herunder.")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    files = {i.filename: src.read(i) for i in src.infolist()}
    rels = files["word/_rels/document.xml.rels"].decode()
    types = files["[Content_Types].xml"].decode()
    for n, (name, data) in enumerate(parts.items(), start=1):
        files[f"word/embeddings/{name}"] = data
        if name == chart_of:
            files["word/charts/chart1.xml"] = b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/' \
                                              b'2006/chart"/>'
            files["word/charts/_rels/chart1.xml.rels"] = (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}package" '
                f'Target="../embeddings/{name}"/></Relationships>').encode()
            continue
        kind = "oleObject" if name.endswith(".bin") else "package"
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdE{n}" Type="{REL}{kind}" '
                            f'Target="embeddings/{name}"/></Relationships>')
    types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
                          'officedocument.oleObject"/><Default Extension="xlsx" ContentType="application/vnd.'
                          'openxmlformats-officedocument.spreadsheetml.sheet"/></Types>')
    files["word/_rels/document.xml.rels"] = rels.encode()
    files["[Content_Types].xml"] = types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def _read(data: bytes) -> dict:  # type: ignore[type-arg]
    return read_mail(cm.mail_with([("Brev til MedCom.docx", "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document", data)])).as_json()


def test_a_pdf_embedded_as_an_icon_is_read_as_the_agreement() -> None:
    reading = _read(word_with({"oleObject1.bin": packager("Tilslutningsaftale.pdf", AGREEMENT)}))
    kinds = {d["filename"]: d["kind"] for d in reading["documents"]}
    assert kinds.get("Brev til MedCom.docx/Tilslutningsaftale.pdf") == "connection_agreement", kinds


def test_a_workbook_kept_whole_in_the_word_file_is_read_as_the_form() -> None:
    reading = _read(word_with({"Microsoft_Excel_Worksheet.xlsx": om.excel_form()}))
    [form] = [d for d in reading["documents"] if d["kind"] == "information_form"]
    assert form["filename"] == "Brev til MedCom.docx/Microsoft_Excel_Worksheet.xlsx"
    assert form["fields"]["cvr"] == FORM_TRUTH["cvr"]


def test_a_charts_data_is_no_file_of_the_party() -> None:
    reading = _read(word_with({"Microsoft_Excel_Worksheet.xlsx": om.excel_form()},
                              chart_of="Microsoft_Excel_Worksheet.xlsx"))
    assert [d["filename"] for d in reading["documents"]] == ["Brev til MedCom.docx"]


def test_an_embedded_bomb_stops_at_the_budget() -> None:
    reading = _read(word_with({"Microsoft_Word_Document.docx": bytes(20 << 20)}))  # within the room, not the ratio
    assert [d["filename"] for d in reading["documents"]] == ["Brev til MedCom.docx"]
    assert any(p["code"] == "too_large" for p in reading["message"]["problems"])
