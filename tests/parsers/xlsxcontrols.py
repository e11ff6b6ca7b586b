"""Form-control check boxes added to a workbook openpyxl wrote, as Excel 2010 and later save them (openpyxl
itself cannot write them): the sheet's VML drawing (`x:ClientData ObjectType="Checkbox"`, `x:Anchor`,
`x:Checked`, the label in `v:textbox`), `xl/ctrlProps/ctrlPropN.xml` (`checked="Checked"`, `fmlaLink`) and the
sheet's `<legacyDrawing>` and `<controls>`; and a sheet or rows hidden, as Excel writes `state="hidden"` and
`<row hidden="1">`. Used by the tests and by the outside check's spreadsheet delivery."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

VML_HEAD = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">\n <o:shapelayout v:ext="edit">\n  '
            '<o:idmap v:ext="edit" data="1"/>\n </o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600" '
            'o:spt="201" path="m,l,21600r21600,l21600,xe">\n  <v:stroke joinstyle="miter"/>\n  '
            '<v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>\n  '
            '<o:lock v:ext="edit" shapetype="t"/>\n </v:shapetype>')
NS = {"mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
      "x14": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@dataclass(frozen=True)
class Box:
    row: int       # 0-based, as Excel's anchors count
    column: int
    text: str      # the box's own label ("" when the label is a cell beside it)
    checked: bool
    link: str = ""  # a cell the box writes TRUE/FALSE into ("$D$4")
    straddle: bool = False  # drawn over the lower half of its row and the upper half of the next


def _vml_shape(n: int, b: Box, legacy_checked: bool) -> str:
    # col, its offset, top row, its offset, right col, its offset, bottom row, its offset (pixels)
    anchor = (f"{b.column}, 4, {b.row}, 2, {b.column + 2}, 10, {b.row}, 18" if not b.straddle
              else f"{b.column}, 4, {b.row}, 8, {b.column + 2}, 10, {b.row + 1}, 4")
    text = (f'<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:left">'
            f'<font face="Segoe UI" size="160" color="auto">{escape(b.text)}</font></div></v:textbox>'
            if b.text else "")
    return (f'<v:shape id="_x0000_s{1024 + n}" type="#_x0000_t201" style="position:absolute;z-index:{n};'
            f'visibility:visible" filled="f" fillcolor="window [65]" stroked="f" strokecolor="windowText [64]" '
            f'o:insetmode="auto">{text}<x:ClientData ObjectType="Checkbox"><x:Anchor>\n    {anchor}</x:Anchor>'
            f'<x:AutoFill>False</x:AutoFill><x:AutoLine>False</x:AutoLine><x:TextVAlign>Center</x:TextVAlign>'
            + (f"<x:FmlaLink>{b.link}</x:FmlaLink>" if b.link else "")
            + ("<x:Checked>1</x:Checked>" if legacy_checked else "")
            + "<x:NoThreeD/></x:ClientData></v:shape>")


def _activex_box(files: dict[str, bytes], n: int, b: Box) -> None:
    """An ActiveX check box's parts: its XML names the control's class and points to the binary stream, which
    holds its caption and value as Forms 2.0 persists them (an OLE compound file: here only its signature, as
    nothing reads it)."""
    files[f"xl/activeX/activeX{n}.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ax:ocx xmlns:ax="http://schemas.microsoft.com/'
        b'office/2006/activeX" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        b'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistStorage" r:id="rId1"/>')
    files[f"xl/activeX/_rels/activeX{n}.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/'
        f'relationships/activeXControlBinary" Target="activeX{n}.bin"/></Relationships>').encode()
    files[f"xl/activeX/activeX{n}.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + \
        (b.text.encode("utf-16-le") + (b"\x01" if b.checked else b"\x00"))


def edit(xlsx: bytes, boxes: dict[int, list[Box]] | None = None, hidden_sheets: tuple[int, ...] = (),
         hidden_rows: dict[int, tuple[int, ...]] | None = None, *, ctrl_props: bool = True,
         activex: bool = False) -> bytes:
    """The workbook with check boxes on its sheets (by index), those sheets hidden and those rows (1-based)
    hidden. `ctrl_props=False` writes only the VML, as Excel 2007 did; `activex=True` writes each box as an ActiveX
    check box (Developer > Insert > ActiveX Controls): `xl/activeX/activeXN.xml` and its binary `.bin`, where alone
    its state is kept, and the sheet's `<control>` pointing to it."""
    boxes, hidden_rows = boxes or {}, hidden_rows or {}
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    files = {i.filename: src.read(i) for i in src.infolist()}
    book = files["xl/workbook.xml"].decode()
    book_rels = files["xl/_rels/workbook.xml.rels"].decode()
    sheets = re.findall(r"<sheet\b[^>]*>", book)
    types = files["[Content_Types].xml"].decode()
    count = 0
    for k, tag in enumerate(sheets):
        rid = re.search(r'r:id="([^"]+)"', tag)
        assert rid
        target = re.search(rf'Id="{rid[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid[1]}"', book_rels)
        assert target
        part = "xl/" + (target[1] or target[2]).lstrip("/").removeprefix("xl/")
        if k in hidden_sheets:
            hidden = re.sub(r'\s+state="[^"]*"', "", tag).replace("<sheet ", '<sheet state="hidden" ', 1)
            book = book.replace(tag, hidden)
        xml = files[part].decode()
        for r in hidden_rows.get(k, ()):
            xml = re.sub(rf'<row r="{r}"', f'<row r="{r}" hidden="1"', xml, count=1)
        if boxes.get(k):
            rels_name = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
            rels = files.get(rels_name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                             b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
                             ).decode()
            vml_name = f"xl/drawings/vmlDrawing{k + 1}.vml"
            shapes, controls = [], []
            for b in boxes[k]:
                count += 1
                if activex:
                    _activex_box(files, count, b)
                    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdX{count}" Type="{REL}control" '
                                        f'Target="../activeX/activeX{count}.xml"/></Relationships>')
                    types = types.replace("</Types>", f'<Override PartName="/xl/activeX/activeX{count}.xml" '
                                          'ContentType="application/vnd.ms-office.activeX+xml"/></Types>')
                    if 'Extension="bin"' not in types:
                        types = types.replace("</Types>", '<Default Extension="bin" '
                                              'ContentType="application/vnd.ms-office.activeX"/></Types>')
                    controls.append(f'<control shapeId="{1024 + count}" r:id="rIdX{count}" name="CheckBox{count}"/>')
                    continue
                shapes.append(_vml_shape(count, b, legacy_checked=b.checked))
                if ctrl_props:
                    files[f"xl/ctrlProps/ctrlProp{count}.xml"] = (
                        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<formControlPr '
                        'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="CheckBox"'
                        + (' checked="Checked"' if b.checked else "") + (f' fmlaLink="{b.link}"' if b.link else "")
                        + ' lockText="1" noThreeD="1"/>').encode()
                    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdC{count}" Type="{REL}ctrlProp" '
                                        f'Target="../ctrlProps/ctrlProp{count}.xml"/></Relationships>')
                    types = types.replace("</Types>", f'<Override PartName="/xl/ctrlProps/ctrlProp{count}.xml" '
                                          'ContentType="application/vnd.ms-excel.controlproperties+xml"/></Types>')
                    controls.append(
                        f'<mc:AlternateContent><mc:Choice Requires="x14"><control shapeId="{1024 + count}" '
                        f'r:id="rIdC{count}" name="Check Box {count}"><controlPr defaultSize="0" autoFill="0" '
                        f'autoLine="0" autoPict="0"><anchor moveWithCells="1"><from><xdr:col>{b.column}</xdr:col>'
                        f'<xdr:colOff>50800</xdr:colOff><xdr:row>{b.row}</xdr:row><xdr:rowOff>12700</xdr:rowOff>'
                        f'</from><to><xdr:col>{b.column + 2}</xdr:col><xdr:colOff>127000</xdr:colOff>'
                        f'<xdr:row>{b.row}</xdr:row><xdr:rowOff>228600</xdr:rowOff></to></anchor></controlPr>'
                        '</control></mc:Choice></mc:AlternateContent>')
            if shapes:
                files[vml_name] = (VML_HEAD + "".join(shapes) + "</xml>").encode()
                rels = rels.replace("</Relationships>", f'<Relationship Id="rIdV{k}" Type="{REL}vmlDrawing" '
                                    f'Target="../drawings/vmlDrawing{k + 1}.vml"/></Relationships>')
            files[rels_name] = rels.encode()
            if 'Extension="vml"' not in types:
                types = types.replace("</Types>", '<Default Extension="vml" ContentType="application/'
                                      'vnd.openxmlformats-officedocument.vmlDrawing"/></Types>')
            for prefix, uri in NS.items():
                if f"xmlns:{prefix}=" not in xml:
                    xml = re.sub(r"<worksheet\b", f'<worksheet xmlns:{prefix}="{uri}"', xml, count=1)
            xml = xml.replace("</worksheet>", (f'<legacyDrawing r:id="rIdV{k}"/>' if shapes else "")
                              + (f'<mc:AlternateContent><mc:Choice Requires="x14"><controls>{"".join(controls)}'
                                 "</controls></mc:Choice></mc:AlternateContent>" if controls else "")
                              + "</worksheet>")
        files[part] = xml.encode()
    files["xl/workbook.xml"] = book.encode()
    files["[Content_Types].xml"] = types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()
