"""Files a Word file carries (Insert > Object): a PDF dragged in as an icon (Windows' Packager: an OLE object whose
`\\x01Ole10Native` stream holds the file), a workbook kept whole (`Microsoft_Excel_Worksheet.xlsx`), read as
attachments under the Word file's name; a chart's own data workbook is part of the page, not a file. The Word files
are python-docx's with the parts Word writes for an embedded object added (the OLE compound file by the tests' own
writer, tests/parsers/msgmaker.py, after MS-CFB). Before, every embedded file was passed over unseen."""
from __future__ import annotations

import io
import zipfile

import docx

from parsers import read_mail
from tests.parsers import containermaker as cm
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH
from tests.parsers.officemaker import packager
from tests.parsers.pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kystby Kommune"), (60, 150, "CVR-nr.: 29189919")]])
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


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


def _read_odt(data: bytes, name: str = "Brev til MedCom.odt") -> dict:  # type: ignore[type-arg]
    return read_mail(cm.mail_with([(name, "application/vnd.oasis.opendocument.text", data)])).as_json()


def test_objects_in_a_writer_file_saved_by_libreoffice_are_read() -> None:
    """LibreOffice keeps a Word file's OLE object at the package's root (`Obj…`) and a Calc sheet inserted as an
    object as a folder (`Object 1/`): the PDF and the form are read (before, both were passed over unseen)."""
    reading = _read_odt(om.writer_with(oles=(packager("Tilslutningsaftale.pdf", AGREEMENT),), calc=om.excel_form()))
    kinds = {d["filename"]: d["kind"] for d in reading["documents"]}
    assert kinds.get("Brev til MedCom.odt/Tilslutningsaftale.pdf") == "connection_agreement", kinds
    [form] = [d for d in reading["documents"] if d["kind"] == "information_form"]
    assert form["filename"] == "Brev til MedCom.odt/Object 1.ods"
    assert form["fields"]["cvr"] == FORM_TRUTH["cvr"]
    assert form["fields"]["technical_contacts"][0]["email"] == FORM_TRUTH["technical_contacts"][0]["email"]


def _odt_with(parts: dict[str, bytes], manifest: str = "") -> bytes:
    """A LibreOffice letter with these parts added to its package (and these manifest entries)."""
    src = zipfile.ZipFile(io.BytesIO(om.writer_with()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "META-INF/manifest.xml":
                data = data.replace(b"</manifest:manifest>", manifest.encode() + b"</manifest:manifest>")
            z.writestr(info, data)
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


CHART = (b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body>'
         b'<office:chart/></office:body></office:document-content>')


def test_a_chart_in_a_writer_file_is_part_of_the_page() -> None:
    reading = _read_odt(_odt_with({"Object 1/content.xml": CHART}))
    assert [d["filename"] for d in reading["documents"]] == ["Brev til MedCom.odt"]
    assert not reading["message"]["problems"]


def test_an_object_of_an_unknown_kind_is_named_for_staff() -> None:
    entry = '<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/x-unknown"/>'
    reading = _read_odt(_odt_with({"Object 1/content.xml": CHART.replace(b"chart", b"database")}, entry))
    [problem] = reading["message"]["problems"]
    assert problem["code"] == "unsupported_attachment" and problem["filename"] == "Brev til MedCom.odt/Object 1"


def test_an_odf_object_bomb_stops_at_the_budget() -> None:
    reading = _read_odt(_odt_with({"Object 1/content.xml": b"<office:body>" + bytes(30 << 20)}))
    assert [d["filename"] for d in reading["documents"]] == ["Brev til MedCom.odt"]
    assert any(p["code"] == "too_large" for p in reading["message"]["problems"])
