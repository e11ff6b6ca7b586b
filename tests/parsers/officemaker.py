"""Word, Excel, ODF and photo fixtures made with the real libraries and tools (python-docx, openpyxl,
LibreOffice, Pillow, pypdfium2, pillow-heif), holding a known truth."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.oxml import parse_xml

from tests.parsers.generator import FORM_TRUTH

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W14_NS = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def _sdt_text(value: str | None, placeholder: str = "Klik eller tryk her for at skrive tekst.") -> Any:
    """An inline plain-text content control holding value, or showing its placeholder."""
    shown = value if value is not None else placeholder
    plc = "<w:showingPlcHdr/>" if value is None else ""
    return parse_xml(f'<w:sdt {W_NS}><w:sdtPr><w:text/>{plc}</w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve">'
                     f"{shown}</w:t></w:r></w:sdtContent></w:sdt>")


def _sdt_checkbox(on: bool) -> Any:
    """A Word 2010 check box content control (w14:checkbox), showing ☒ or ☐ as Word does."""
    return parse_xml(f'<w:sdt {W_NS} {W14_NS}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(on)}"/>'
                     '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
                     f'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{"☒" if on else "☐"}'
                     "</w:t></w:r></w:sdtContent></w:sdt>")


def _legacy_checkbox(paragraph: Any, on: bool) -> None:
    """A legacy form field check box (FORMCHECKBOX), as old templates have them."""
    checked = "<w:checked/>" if on else ""
    for xml in (f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check"/><w:enabled/>'
                f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/>{checked}</w:checkBox></w:ffData></w:fldChar></w:r>',
                f'<w:r {W_NS}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
                f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def _labelled(doc: Any, label: str, value: str | None) -> None:
    """"Label: [content control]" in one paragraph."""
    p = doc.add_paragraph(f"{label}: ")
    p._p.append(_sdt_text(value))


def _save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def word_form(truth: dict[str, Any] = FORM_TRUTH, *, boxes: str = "sdt", empty_field: str | None = None) -> bytes:
    """The information form as a Word file: content controls for the values (one left showing its
    placeholder when empty_field names it), check boxes as content controls or legacy form fields,
    the contacts in a table."""
    d = docx.Document()
    d.add_heading("Informationsskema", 1)
    d.add_paragraph("Tilslutning til Sundhedsdatanettet (SDN)")
    d.add_heading("A. Organisationen", 2)
    _labelled(d, "Organisationens navn", None if empty_field == "organisation" else truth["organisation"])
    _labelled(d, "CVR-nummer", truth["cvr"])
    d.add_heading("B. Type af part", 2)
    p = d.add_paragraph()
    for label, on in (("Kommune", truth["party_type"] == "municipality"), ("Region", truth["party_type"] == "region"),
                      ("Apotek", truth["party_type"] == "pharmacy")):
        if boxes == "sdt":
            p._p.append(_sdt_checkbox(on))
        else:
            _legacy_checkbox(p, on)
        p.add_run(f" {label}\t")
    d.add_heading("D. Administrativ kontaktperson", 2)
    oc = truth["org_contact"]
    _labelled(d, "Navn", oc["name"])
    _labelled(d, "E-mail", oc["email"])
    _labelled(d, "Telefon", oc["phone"].removeprefix("+45"))
    d.add_heading("E. Teknisk kontaktperson", 2)
    t = d.add_table(rows=1, cols=3)
    for c, v in zip(t.rows[0].cells, ("Navn", "E-mail", "Telefon"), strict=True):
        c.text = v
    for tc in truth["technical_contacts"]:
        cells = t.add_row().cells
        for c, v in zip(cells, (tc["name"], tc["email"], tc["phone"].removeprefix("+45")), strict=True):
            c.text = v
    d.add_heading("F. IP-adresser", 2)
    for net in truth["ip_scopes"]:
        d.add_paragraph(net)
    d.add_heading("G. Installationsadresse", 2)
    a = truth["installation_address"]
    t = d.add_table(rows=0, cols=2)
    for k, v in (("Adresse", a["street"]), ("Postnummer", a["postcode"]), ("By", a["city"])):
        cells = t.add_row().cells
        cells[0].text, cells[1].text = k, v
    return _save(d)


AGREEMENT_PARTY = {"organisation": "Kystby Kommune", "cvr": "29189919", "signatory_name": "Karen Lund",
                   "signatory_title": "Direktør"}


def _agreement_text(party: dict[str, str], *, medcom: bool = False) -> Any:
    """The connection agreement as a Word document up to its signature block: the title, the party (and MedCom's
    own section when asked), the terms and the "Underskrifter" heading."""
    d = docx.Document()
    d.add_heading("Tilslutningsaftale", 1)
    d.add_paragraph("Aftale om tilslutning til Sundhedsdatanettet (SDN)")
    d.add_heading("Parten", 2)
    _labelled(d, "Organisation", party["organisation"])
    _labelled(d, "CVR-nr.", party["cvr"])
    if medcom:
        d.add_heading("MedCom", 2)
        d.add_paragraph("Organisation: MedCom")
    for _ in range(5):
        d.add_paragraph("Parten tilslutter sig Sundhedsdatanettet på de vilkår, der fremgår af denne aftale og "
                        "dens bilag, herunder informationsskemaet og databehandleraftalen.")
    d.add_heading("Underskrifter", 2)
    return d


def word_agreement_unlabelled_block(party: dict[str, str] = AGREEMENT_PARTY, title: str = "Digitaliseringschef"
                                    ) -> bytes:
    """The connection agreement as a Word file whose signature block is one row of two cells, each the caption,
    the organisation, empty paragraphs to sign in, the name and the title under it, with no labels (as a signing
    service's template is filled in)."""
    d = _agreement_text(party)
    t = d.add_table(rows=1, cols=2)
    for cell, lines in zip(t.rows[0].cells, (
            ["For parten:", party["organisation"], "", "", "", party["signatory_name"], title, "Dato:"],
            ["For MedCom", "MedCom", "", "", "", "Henrik Wulff Christensen", "Direktør", "Dato:"]), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    return _save(d)


def word_agreement(*, typed_name: bool = False, picture: bytes | None = None,
                   party: dict[str, str] = AGREEMENT_PARTY) -> bytes:
    """MedCom's connection agreement as a Word file, filled in but not signed (typed_name: the party's
    name typed on the signature line; picture: an image pasted there)."""
    d = _agreement_text(party, medcom=True)
    t = d.add_table(rows=5, cols=2)
    rows = (("For Parten", "For MedCom"), ("Dato: 18.11.2026", "Dato: 20.11.2026"),
            (f"Underskrift: {party['signatory_name'] if typed_name else ''}", "Underskrift:"),
            (f"Navn: {party['signatory_name']}", "Navn: Mette Jensen"),
            (f"Titel: {party['signatory_title']}", "Titel: Direktør"))
    for r, (a, b) in zip(t.rows, rows, strict=True):
        r.cells[0].text, r.cells[1].text = a, b
    if picture is not None:
        t.rows[2].cells[0].paragraphs[0].add_run().add_picture(io.BytesIO(picture))
    return _save(d)


def excel_form(truth: dict[str, Any] = FORM_TRUTH, *, formula: bool = False) -> bytes:
    """The information form as a workbook: label in column A, value in B (the organisation as a formula
    when asked: only a file saved by a spreadsheet program holds its computed value)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    oc, tc, a = truth["org_contact"], truth["technical_contacts"][0], truth["installation_address"]
    rows: list[tuple[Any, ...]] = [
        ("Informationsskema",), ("Tilslutning til Sundhedsdatanettet (SDN)",), (),
        ("A. Organisationen",),
        ("Organisationens navn", '="Kystby "&"Kommune"' if formula else truth["organisation"]),
        ("CVR-nummer", int(truth["cvr"])), (),
        ("B. Type af part",), ("[X] Kommune", "[ ] Region", "[ ] Apotek"), (),
        ("D. Administrativ kontaktperson",), ("Navn", oc["name"]), ("E-mail", oc["email"]),
        ("Telefon", int(oc["phone"].removeprefix("+45"))), (),
        ("E. Teknisk kontaktperson",), ("Navn", tc["name"]), ("E-mail", tc["email"]),
        ("Telefon", int(tc["phone"].removeprefix("+45"))), (),
        ("F. IP-adresser",), *[(n,) for n in truth["ip_scopes"]], (),
        ("G. Installationsadresse",), ("Adresse", a["street"]), ("Postnummer", int(a["postcode"])),
        ("By", a["city"]),
    ]
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def soffice_convert(data: bytes, suffix: str, to: str, infilter: str | None = None) -> bytes:
    """The file converted by LibreOffice (`soffice --headless --convert-to`), which also recalculates
    formulas and stores their values (`infilter`: the import filter, where its type detection falls short)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is installed by tests/servers/libreoffice.py"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        chosen = [f"--infilter={infilter}"] if infilter else []
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", *chosen, "--convert-to", to,
                        "--outdir", str(Path(tmp) / "out"), str(src)], check=True, capture_output=True, timeout=180)
        (out,) = (Path(tmp) / "out").iterdir()
        return out.read_bytes()


def page_photo(pdf: bytes, page: int = 0, *, angle: float = 3.0, fmt: str = "JPEG",
               scale: float = 200 / 72) -> bytes:
    """A phone photo of a PDF page: rendered (pypdfium2, pdfplumber's renderer), on a grey table, turned
    a few degrees, with noise, saved as JPEG (or PNG, TIFF, HEIC)."""
    import pypdfium2
    from PIL import Image, ImageFilter

    doc = pypdfium2.PdfDocument(pdf)
    img = doc[page].render(scale=scale).to_pil().convert("RGB")
    doc.close()
    canvas = Image.new("RGB", (int(img.width * 1.15), int(img.height * 1.1)), (120, 118, 112))
    canvas.paste(img, ((canvas.width - img.width) // 2, (canvas.height - img.height) // 2))
    canvas = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(120, 118, 112))
    noise = Image.effect_noise(canvas.size, 18).convert("RGB")
    canvas = Image.blend(canvas, noise, 0.08).filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    if fmt == "HEIC":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    canvas.save(buf, format="HEIF" if fmt == "HEIC" else fmt, **({"quality": 85} if fmt in ("JPEG", "HEIC") else {}))
    return buf.getvalue()


def logo(size: tuple[int, int] = (180, 60)) -> bytes:
    """A small PNG logo, as a mail footer carries."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(im).text((10, 20), "Kystby Kommune", fill=(0, 70, 140))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def own_template_dpa(party: dict[str, str] = AGREEMENT_PARTY) -> bytes:
    """The party's own data processing agreement (standard clauses of its own, not MedCom's template) as a
    Word file, its signature place left empty as such files are sent."""
    d = docx.Document()
    d.add_heading("Standardkontraktbestemmelser", 1)
    d.add_paragraph("i henhold til artikel 28, stk. 3, i forordning 2016/679 (databeskyttelsesforordningen) med "
                    "henblik på databehandlerens behandling af personoplysninger")
    _labelled(d, "Den dataansvarlige", f"{party['organisation']}, CVR {party['cvr']}")
    _labelled(d, "Databehandleren", "MedCom, CVR 26919991")
    for h, t in (("1. Indledning", f"{party['organisation']} (den dataansvarlige) anvender egne "
                  "standardbestemmelser for alle leverandører, herunder ved dataudveksling over Sundhedsdatanettet."),
                 ("2. Den dataansvarliges rettigheder og forpligtelser", "Den dataansvarlige er ansvarlig for, at "
                  "behandlingen sker i overensstemmelse med databeskyttelsesforordningen."),
                 ("3. Databehandleren handler efter instruks", "Databehandleren må alene behandle "
                  "personoplysninger efter dokumenteret instruks fra den dataansvarlige."),
                 ("4. Fortrolighed", "Kun personer med et arbejdsbetinget behov har adgang."),
                 ("5. Behandlingssikkerhed", "Databehandleren iværksætter passende tekniske og organisatoriske "
                  "foranstaltninger.")):
        d.add_heading(h, 2)
        d.add_paragraph(t)
    d.add_heading("Den dataansvarlige", 2)
    _labelled(d, "Dato", "18.11.2026")
    _labelled(d, "Navn", party["signatory_name"])
    _labelled(d, "Underskrift", "")
    return _save(d)


_FLAT_WRITER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
    'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:'
    'opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.'
    'opendocument.text"><office:body><office:text><text:p>Hej MedCom</text:p>{}</office:text></office:body>'
    '</office:document>')


def packager(name: str, data: bytes) -> bytes:
    """An OLE Package object as Windows' Packager writes it: Ole10Native = size, 2, the name, the source path,
    0x00030000, the temporary path's length, the temporary path, the file's size, the file."""
    import struct

    from tests.parsers.msgmaker import Node, compound_file

    src = f"C:\\Users\\eva\\Documents\\{name}".encode("latin-1", "replace") + b"\x00"
    tmp = f"C:\\Users\\eva\\AppData\\Local\\Temp\\{name}".encode("latin-1", "replace") + b"\x00"
    body = struct.pack("<H", 2) + name.encode("latin-1", "replace") + b"\x00" + src \
        + struct.pack("<II", 0x00030000, len(tmp)) + tmp + struct.pack("<I", len(data)) + data
    native = struct.pack("<I", len(body)) + body
    return compound_file([Node("\x01Ole10Native", native), Node("\x01CompObj", b"\x01\x00\xfe\xff" + bytes(24))])


def writer_with(*, oles: tuple[bytes, ...] = (), calc: bytes | None = None, fmt: str = "odt") -> bytes:
    """A Writer letter ("our agreement and form, inserted below") saved by LibreOffice as `fmt`, carrying OLE
    objects (`oles`: compound files, as a Word file's objects arrive when LibreOffice opens it) and/or a Calc sheet
    inserted as an object (`calc`: a workbook, which LibreOffice saves as a flat .fods first and the letter
    holds whole): LibreOffice writes the package's objects its own way (`Obj…`, `Object 1/`)."""
    import base64

    from PIL import Image

    frames = []
    for n, ole in enumerate(oles, 1):
        png = io.BytesIO()
        Image.new("RGB", (32, 32), "white").save(png, "PNG")
        frames.append(f'<text:p>Bilag {n}:<draw:frame draw:name="Bilag{n}" text:anchor-type="as-char" svg:width="2cm" '
                      'svg:height="2cm"><draw:object-ole draw:class-id="0003000C-0000-0000-C000-000000000046">'
                      f'<office:binary-data>{base64.b64encode(ole).decode()}</office:binary-data></draw:object-ole>'
                      f'<draw:image><office:binary-data>{base64.b64encode(png.getvalue()).decode()}'
                      '</office:binary-data></draw:image></draw:frame></text:p>')
    if calc is not None:
        flat = soffice_convert(calc, ".xlsx", "fods").decode("utf-8")
        sheet = flat[flat.index("<office:document"):]
        for part in ("office:meta", "office:settings", "office:scripts"):  # the sheet's own, not the object's
            sheet = re.sub(rf"<{part}>.*?</{part}>", "", sheet, flags=re.S)
        frames.append('<text:p>Skemaet:<draw:frame draw:name="Skema" text:anchor-type="as-char" svg:width="16cm" '
                      f'svg:height="12cm"><draw:object>{sheet}</draw:object></draw:frame></text:p>')
    # a flat file holding another is not told by its first bytes: its filter is named
    return soffice_convert(_FLAT_WRITER.format("".join(frames)).encode("utf-8"), ".fodt", fmt,
                           infilter="OpenDocument Text Flat XML")


def strict_ooxml(data: bytes) -> bytes:
    """A transitional .docx or .xlsx saved as Strict Open XML, as Word and Excel do ("Strict Open XML Document"):
    each namespace and relationship type of the Office schemas under http://purl.oclc.org/ooxml/ (the package's
    own, `/package/2006/`, stay), and the main part marked `conformance="strict"`. No tool here writes Strict
    (LibreOffice reads it only), so this follows ECMA-376 part 1's namespace table; the values Word writes in
    other units are left as they are, which Strict accepts too."""
    import zipfile

    renamed = {b"extended-properties": b"extendedProperties", b"custom-properties": b"customProperties"}
    ns = re.compile(rb"http://schemas\.openxmlformats\.org/(officeDocument|wordprocessingml|spreadsheetml|drawingml|"
                    rb"presentationml)/2006/([A-Za-z-]+)((?:/[A-Za-z-]+)?)")

    def strict(m: re.Match[bytes]) -> bytes:
        rest = b"/" + renamed.get(m.group(3)[1:], m.group(3)[1:]) if m.group(3) else b""
        return b"http://purl.oclc.org/ooxml/" + m.group(1) + b"/" + renamed.get(m.group(2), m.group(2)) + rest

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.endswith((".xml", ".rels")):
                part = ns.sub(strict, part)
                if info.filename == "word/document.xml":
                    part = re.sub(rb"<w:document ", b'<w:document w:conformance="strict" ', part, count=1)
                elif info.filename == "xl/workbook.xml":
                    part = re.sub(rb"<workbook ", b'<workbook conformance="strict" ', part, count=1)
            z.writestr(info, part)
    return out.getvalue()
