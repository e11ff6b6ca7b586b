"""The same documents delivered the other ways parties send them (issue 22: "files that are not PDFs at all"):
the Word or Writer file itself, the form as a spreadsheet, a phone photo or a screenshot of the printed page,
a zip of the PDF, the party's mail forwarded as an attachment, an S/MIME-signed mail.

Each delivery starts from the outside generator's document (its blocks and its truth), so the truth is the
same model's; what a delivery cannot carry is taken out of the truth, never guessed:

- a Word or Writer agreement (and an old .doc or .rtf one) cannot carry a signature: where the party signed (a
  typed name, a picture, a signing service's words), whether it is signed is for staff (`signed` is not scored);
  an unsigned one stays unsigned;
- a photo or a screenshot is read by OCR: every value is for staff to confirm, so the problems are not
  scored, but a problem that would tell the party something is missing or unsigned is counted apart
  (`accusing`), since a picture is never evidence enough for that.

Old formats (`doc`, `rtf`, `xls`) are saved by LibreOffice from the same Writer source (or the spreadsheet);
`heic` and `webp` are the phone photo re-encoded by Pillow (pillow-heif) as an iPhone or a sharing app saves it;
`nested` is the party's mail saved as an .eml inside a zip a colleague sends on (a PDF in a mail in a zip).
`wordform` is the information form as a Word template's form fields filled in (python-docx: content controls
for the values, plain text or a date picker; check boxes as Word 2010 content controls or legacy FORMCHECKBOX
fields; a question with one answer as a legacy FORMDROPDOWN or a drop-down content control; legacy FORMTEXT
fields); `xlsxbox` the form as a workbook whose options are form-control check boxes (their parts as Excel
writes them, tests/parsers/xlsxcontrols.py), with the template's lists on a hidden sheet; `winmail` the PDF in
an Outlook winmail.dat (TNEF, the tests' writer tests/parsers/containermaker.py: tnefparse only reads); `ods`
the `xlsxbox` workbook saved by LibreOffice Calc as .ods (its boxes become form controls drawn over the sheet).

`own` is another hand's own office file, sent instead of the PDF its tool converted it to (the eighth hand's
python-docx form and agreements as the .docx itself, its Calc sheet saved by Calc as .ods): `RLDocument.source`;
a drawn document without one takes the hand's other deliveries.

`uuencode` is the PDF uuencoded into the mail's plain text by GNU sharutils' `uuencode` (an old mail program's or a
script's way); `targz` the PDFs in a `.tar.gz` made by GNU tar; `fax` each PDF as a multi-page CCITT G4 TIFF at
200 dpi by Ghostscript's `tiffg4` (a scanner's or a fax server's), read by OCR like the photos; `maczip` the PDFs
zipped as a Mac's Finder zips a folder: each file's AppleDouble companion under `__MACOSX/` (`._Aftale.pdf`, after
RFC 1740: its Finder type and creator) and the folder's `.DS_Store` beside them (no Linux tool writes them);
`odtobject` the PDFs inserted as objects (Windows' Packager, as a Word file carries them) in a letter LibreOffice
saves as .odt (`Obj…` at the package's root: tests/parsers/officemaker.writer_with); `strict` the `docx` file saved
as Strict Open XML (its namespaces under purl.oclc.org, as Word's "Strict Open XML Document": no tool here writes
it, so tests/parsers/officemaker.strict_ooxml renames them after ECMA-376's table; LibreOffice reads the result);
`binhex` each PDF as an old Mac mail program sends it, an `application/mac-binhex40` part by macutils' `binhex`;
`yenc` the PDFs yEncoded into an 8-bit text as a news reader does (python3-yenc: tests/parsers/oldmacmaker.py).

Outlook `.msg`: no library here writes one (extract-msg and olefile only read). The `msg` delivery uses the
project's own minimal writer (tests/parsers/msgmaker.py, after MS-CFB and MS-OXMSG), so it measures our reader
against our reading of the specification, not against Outlook: it says the wrapping is unwrapped, no more.
"""
from __future__ import annotations

import email.utils
import io
import json
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

from bench.outside import model, tools
from bench.outside.render_reportlab import RLDocument

DELIVERIES = ["docx", "odt", "xlsx", "photo", "screenshot", "zip", "forwarded", "smime", "msg", "pgp",
              "doc", "rtf", "xls", "heic", "webp", "nested", "wordform", "xlsxbox", "winmail", "ods",
              "apple", "danishname", "noname", "winmailfwd", "own", "uuencode", "targz", "fax", "maczip",
              "odtobject", "strict", "binhex", "yenc"]
# how mail programs attach a PDF (client_mail): Apple Mail's inline parts between text parts, a Danish file name
# (RFC 2231), a part with no name at all, a forwarded mail (.eml) inside a winmail.dat
CLIENT_MAILS = ("apple", "danishname", "noname", "winmailfwd")
# what each delivery is, as a file of its own on disk (the mail deliveries are .eml)
SUFFIX = {"docx": ".docx", "odt": ".odt", "xlsx": ".xlsx", "photo": ".eml", "screenshot": ".eml", "zip": ".eml",
          "forwarded": ".eml", "smime": ".eml", "msg": ".eml", "pgp": ".eml", "doc": ".doc", "rtf": ".rtf",
          "xls": ".xls", "heic": ".eml", "webp": ".eml", "nested": ".eml", "wordform": ".docx", "xlsxbox": ".xlsx",
          "winmail": ".eml", "ods": ".ods", **{d: ".eml" for d in CLIENT_MAILS}, "own": ".docx", "uuencode": ".eml",
          "targz": ".eml", "fax": ".eml", "maczip": ".eml", "odtobject": ".eml", "strict": ".docx", "binhex": ".eml",
          "yenc": ".eml"}
WORD_FILES = ("docx", "odt", "doc", "rtf", "strict")  # the document itself, saved by LibreOffice in that format
SHEETS = ("xlsx", "xls", "xlsxbox", "ods")  # the form kept in a spreadsheet (xlsxbox, ods: options as form controls)
BOXED = ("xlsxbox", "ods")
PHOTOS = {"photo": ("JPEG", ".jpg", "image/jpeg"), "heic": ("HEIF", ".heic", "image/heic"),
          "webp": ("WEBP", ".webp", "image/webp")}  # a phone's photo, as its camera or its sharing saves it
PICTURES = ("screenshot", *PHOTOS, "fax")  # read by OCR: every value for staff
AGREEMENTS = {"connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"}
MAX_PHOTOS = 4  # the reader's pictures per mail; a longer document is photographed at its start and its end


# --- the files -------------------------------------------------------------------------------------

def office_files(sources: list[Path], fmt: str, work: Path) -> dict[Path, Path]:
    """Each .fodt source saved by LibreOffice as `fmt` (docx, odt, doc, rtf; `strict`: the .docx then saved as
    Strict Open XML, as Word does: tests/parsers/officemaker.strict_ooxml): source -> file."""
    saved = "docx" if fmt == "strict" else fmt
    out = work / f"as-{fmt}"
    out.mkdir(exist_ok=True)
    tools.libreoffice(sources, out, work, saved)
    made = {s: out / f"{s.stem}.{saved}" for s in sources}
    if fmt == "strict":
        from tests.parsers.officemaker import strict_ooxml

        for f in made.values():
            f.write_bytes(strict_ooxml(f.read_bytes()))
    return made


def _cells(blocks: Iterable[model.Block]) -> Iterable[tuple[str, list[str] | list[list[str]]]]:
    """A document's blocks as what a spreadsheet holds: ("row", [cells]) or ("grid", [header, *rows])."""
    for b in blocks:
        if isinstance(b, model.Title):
            yield "row", [b.text]
        elif isinstance(b, model.Heading):
            yield "row", [b.text]
        elif isinstance(b, model.Para):
            yield "row", [b.text]
        elif isinstance(b, model.Fields):
            for label, value in b.rows:
                yield "row", [label, value]
        elif isinstance(b, model.Grid):
            yield "grid", [b.header, *b.rows]
        elif isinstance(b, model.Checks):
            yield "row", [b.question]
            for text, on in b.options:
                yield "option", [text, "X" if on else ""]
        elif isinstance(b, model.Columns):
            yield from _cells(b.left)
            yield from _cells(b.right)
        elif isinstance(b, model.SignLine):
            yield "row", [b.caption, b.signature]
        elif isinstance(b, model.SignTable):
            for c in b.cells:
                for line in [*c.above, c.signature, *(c.below or [])]:
                    if line:
                        yield "row", [line]


def spreadsheet(doc: model.Document, rng: random.Random, out: Path, boxes: bool = False) -> None:
    """The form as a clerk keeps it in Excel: labels in column A and values in B, each table under its own
    header row; the tables on sheets of their own or not; or (`header`) the simple fields as one header row
    over one row of values. With `boxes` the options are form-control check boxes (their own label, or over
    the cell before the option's label) and the template's lists stand on a hidden sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Informationsskema" if doc.language == "da" else "Information form"
    apart = rng.random() < 0.5
    header = rng.random() < 0.3
    items = list(_cells(doc.blocks))
    if header:  # the label/value rows side by side: labels in row 1, values in row 2; the rest below
        pairs, rest, section = [], [], ""
        for k, c in items:
            if k == "row" and len(c) == 1:
                section = re.sub(r"^\s*(?:[A-Z]|\d+)\.\s*", "", str(c[0]))
            if k == "row" and len(c) == 2 and c[1] and c[1] != "X":
                # a column header alone does not say whose "Navn" it is: the section says it
                pairs.append([f"{section} – {c[0]}" if section else str(c[0]), c[1]])
            else:
                rest.append((k, c))
        ws.append([str(p[0]) for p in pairs])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.append([str(p[1]) for p in pairs])
        ws.append([])
        items = rest
    sheet_no = 1
    controls: list[Any] = []
    own_labels = rng.random() < 0.5
    for i, (kind, cells) in enumerate(items):
        if kind == "option":
            text, cross = str(cells[0]), cells[1] == "X"
            if not boxes:
                ws.append([text, "X" if cross else ""])
            else:
                from tests.parsers.xlsxcontrols import Box

                ws.append([None] if own_labels else ["", text])
                controls.append(Box(ws.max_row - 1, 0, text if own_labels else "", cross))
            continue
        nxt = items[i + 1][0] if i + 1 < len(items) else None
        if kind == "row" and apart and nxt == "grid" and len(cells) == 1:
            continue  # a heading goes with its table onto the table's own sheet
        if kind == "grid":
            grid: list[list[str]] = cells  # type: ignore[assignment]
            target = ws
            heading = items[i - 1][1] if i and items[i - 1][0] == "row" and len(items[i - 1][1]) == 1 else None
            if apart:
                sheet_no += 1
                title = str(heading[0]) if heading else f"Ark{sheet_no}" if doc.language == "da" else f"Sheet{sheet_no}"
                target = wb.create_sheet("".join(c for c in title if c not in "[]:*?/\\")[:31])
                if heading:
                    target.append([str(heading[0])])
                    target.append([])
            else:
                ws.append([])
            target.append(grid[0])
            for cell in target[target.max_row]:
                cell.font = Font(bold=True)
            for r in grid[1:]:
                target.append(r)
            if not apart:
                ws.append([])
        else:
            ws.append(list(cells))  # type: ignore[arg-type]
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 38
        sheet.column_dimensions["B"].width = 40
    if not boxes:
        wb.save(out)
        return
    from tests.parsers.xlsxcontrols import edit

    lists = wb.create_sheet("Lister")  # the template's lists: every option and label, as its drop-downs use them
    for kind, cells in _cells(doc.blocks):
        if kind in ("row", "option") and cells:
            lists.append([str(cells[0])])
    buf = io.BytesIO()
    wb.save(buf)
    out.write_bytes(edit(buf.getvalue(), {0: controls}, hidden_sheets=(len(wb.worksheets) - 1,)))


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{4}-\d{2}-\d{2}$")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _control(value: str, rng: random.Random) -> list[str]:
    """A value as Word's form fields hold it: a plain-text or date-picker content control, or a legacy FORMTEXT
    field (its result the value); several lines as line breaks inside it."""
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{_xml_text(line)}</w:t>' for line in value.split("\n"))
    if rng.random() < 0.3:
        return [f'<w:r {_W}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Tekst{rng.randint(1, 99)}"/>'
                '<w:enabled/><w:calcOnExit w:val="0"/><w:textInput/></w:ffData></w:fldChar></w:r>',
                f'<w:r {_W}><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>',
                f'<w:r {_W}><w:fldChar w:fldCharType="separate"/></w:r>', f"<w:r {_W}>{runs}</w:r>",
                f'<w:r {_W}><w:fldChar w:fldCharType="end"/></w:r>']
    kind = '<w:date w:fullDate="2026-11-16T00:00:00Z"><w:dateFormat w:val="dd-MM-yyyy"/><w:lid w:val="da-DK"/>' \
        '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>' if _DATE.match(value) \
        else "<w:text w:multiLine=\"1\"/>"
    return [f'<w:sdt {_W}><w:sdtPr><w:alias w:val="Felt"/>{kind}</w:sdtPr><w:sdtContent><w:r>{runs}</w:r>'
            "</w:sdtContent></w:sdt>"]


def _box(on: bool, legacy: bool) -> list[str]:
    """A check box as Word's form fields hold it: a legacy FORMCHECKBOX or a Word 2010 content control."""
    if legacy:
        return [f'<w:r {_W}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Kontrol"/><w:enabled/>'
                f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/>{"<w:checked/>" if on else ""}</w:checkBox>'
                "</w:ffData></w:fldChar></w:r>",
                f'<w:r {_W}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
                f'<w:r {_W}><w:fldChar w:fldCharType="end"/></w:r>']
    return [f'<w:sdt {_W} {_W14}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(on)}"/><w14:checkedState '
            'w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
            f'</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{"☒" if on else "☐"}</w:t></w:r></w:sdtContent>'
            "</w:sdt>"]


def _choice(options: list[tuple[str, bool]], rng: random.Random) -> list[str]:
    """A question with one answer as a drop-down: a legacy FORMDROPDOWN (the choice only in its ffData) or a
    drop-down content control (the choice shown in it)."""
    chosen = next(k for k, (_, on) in enumerate(options) if on)
    if rng.random() < 0.5:
        entries = "".join(f'<w:listEntry w:val="{_xml_text(t)}"/>' for t, _ in options)
        return [f'<w:r {_W}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Rulleliste"/><w:enabled/>'
                f'<w:calcOnExit w:val="0"/><w:ddList><w:result w:val="{chosen}"/>{entries}</w:ddList></w:ffData>'
                "</w:fldChar></w:r>",
                f'<w:r {_W}><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>',
                f'<w:r {_W}><w:fldChar w:fldCharType="end"/></w:r>']
    items = "".join(f'<w:listItem w:displayText="{_xml_text(t)}" w:value="{_xml_text(t)}"/>' for t, _ in options)
    return [f'<w:sdt {_W}><w:sdtPr><w:dropDownList>{items}</w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>'
            f"{_xml_text(options[chosen][0])}</w:t></w:r></w:sdtContent></w:sdt>"]


def word_form(doc: model.Document, rng: random.Random, out: Path) -> None:
    """The form as a Word template's form fields filled in (python-docx): "Label:<tab>[field]" lines, options
    as check boxes, a question with one answer as a drop-down, tables with a field in each cell."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    legacy = rng.random() < 0.5

    def fill(p: Any, xml: list[str]) -> None:
        for x in xml:
            p._p.append(parse_xml(x))

    def put(blocks: Iterable[model.Block]) -> None:
        for b in blocks:
            if isinstance(b, model.Title):
                d.add_heading(b.text, 1)
                if b.sub:
                    d.add_paragraph(b.sub)
            elif isinstance(b, model.Heading):
                d.add_heading(b.text, 2)
            elif isinstance(b, model.Para):
                d.add_paragraph(b.text)
            elif isinstance(b, model.Fields):
                for label, value in b.rows:
                    p = d.add_paragraph(f"{label}:\t")
                    if value:
                        fill(p, _control(value, rng))
            elif isinstance(b, model.Grid):
                t = d.add_table(rows=1, cols=len(b.header))
                t.style = "Table Grid"
                for c, v in zip(t.rows[0].cells, b.header, strict=False):
                    c.text = v
                for row in b.rows:
                    cells = t.add_row().cells
                    for c, v in zip(cells, row, strict=False):
                        if v:
                            fill(c.paragraphs[0], _control(v, rng))
            elif isinstance(b, model.Checks):
                ticked = sum(1 for _, on in b.options if on)
                if ticked == 1 and len(b.options) > 2 and rng.random() < 0.5:
                    fill(d.add_paragraph(f"{b.question}\t"), _choice(b.options, rng))
                    continue
                d.add_paragraph(b.question)
                for text, on in b.options:
                    p = d.add_paragraph()
                    fill(p, _box(on, legacy))
                    p.add_run(f" {text}")
            elif isinstance(b, model.Columns):
                put(b.left)
                put(b.right)
            elif isinstance(b, model.SignLine):
                d.add_paragraph(f"{b.caption}: {b.signature}")
            elif isinstance(b, model.SignTable):
                for c in b.cells:
                    for line in [*c.above, c.signature, *(c.below or [])]:
                        if line:
                            d.add_paragraph(line)
            elif isinstance(b, model.PageBreak):
                d.add_page_break()
            elif isinstance(b, model.Footer):
                d.sections[0].footer.paragraphs[0].text = b.text

    put(doc.blocks)
    d.save(str(out))


def page_images(pdf: Path, dpi: int, work: Path) -> list[Path]:
    """The PDF's pages rendered as PNG by poppler (as a printer lays them on paper)."""
    prefix = work / f"{pdf.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, capture_output=True,
                   timeout=300)
    return sorted(work.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def photograph(page: Path, rng: random.Random, fmt: str = "JPEG") -> bytes:
    """A phone's photo of the printed page: the sheet on a desk a few degrees turned, seen at a slant,
    lit unevenly, a 12 MP frame saved as JPEG quality 70 (or HEIF, WEBP at the same quality)."""
    from PIL import Image, ImageDraw, ImageFilter

    sheet = Image.open(page).convert("RGB")
    w, h = sheet.size
    frame_w, frame_h = 3024, 4032
    desk = Image.new("RGB", (frame_w, frame_h), tuple(rng.randint(90, 150) for _ in range(3)))  # type: ignore[arg-type]
    scale = rng.uniform(0.82, 0.9) * frame_h / h
    sheet = sheet.resize((int(w * scale), int(h * scale)), Image.Resampling.LANCZOS)
    angle = rng.uniform(-4, 4)
    mask = Image.new("L", sheet.size, 255).rotate(angle, expand=True)
    sheet = sheet.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(0, 0, 0))
    x, y = (frame_w - sheet.width) // 2 + rng.randint(-60, 60), (frame_h - sheet.height) // 2 + rng.randint(-60, 60)
    desk.paste(sheet, (x, y), mask)
    # perspective: the top edge a little narrower than the bottom (the phone held over the desk's near edge)
    k = rng.uniform(0.02, 0.05) * frame_w
    coeffs = _perspective([(k, 0), (frame_w - k, 0), (frame_w, frame_h), (0, frame_h)],
                          [(0, 0), (frame_w, 0), (frame_w, frame_h), (0, frame_h)])
    photo = desk.transform((frame_w, frame_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    # uneven light: darker towards one corner, a soft shadow of the phone
    light = Image.new("L", (64, 64))
    d = ImageDraw.Draw(light)
    cx, cy = rng.uniform(0, 64), rng.uniform(0, 64)
    for yy in range(64):
        for xx in range(64):
            dist = ((xx - cx) ** 2 + (yy - cy) ** 2) ** 0.5 / 90
            d.point((xx, yy), int(255 * (1 - 0.38 * min(1.0, dist))))
    light = light.resize((frame_w, frame_h), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(20))
    photo = Image.composite(photo, Image.new("RGB", photo.size, (0, 0, 0)), light)
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2)))
    buf = io.BytesIO()
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    photo.save(buf, fmt, quality=70)
    return buf.getvalue()


def _perspective(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> tuple[float, ...]:
    """Pillow's eight coefficients mapping output points `dst` to input points `src`."""
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    for c in range(8):  # Gauss-Jordan with partial pivoting on the 8x9 augmented matrix
        piv = max(range(c, 8), key=lambda r: abs(rows[r][c]))
        rows[c], rows[piv] = rows[piv], rows[c]
        rows[c] = [x / rows[c][c] for x in rows[c]]
        for r in range(8):
            if r != c and rows[r][c]:
                f = rows[r][c]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[c], strict=True)]
    return tuple(r[8] for r in rows)


def screenshot(page: Path) -> bytes:
    """A screenshot of the page as a PDF viewer shows it at 100 % (about 110 dpi), saved as PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.open(page).convert("RGB").save(buf, "PNG", optimize=True)
    return buf.getvalue()


# --- the mails -------------------------------------------------------------------------------------

def party_mail(doc: model.Document, sender: tuple[str, str], attachments: list[tuple[str, bytes, str]],
               date: str, subject: str | None = None) -> EmailMessage:
    """The party's own mail to MedCom carrying the attachments (name, bytes, MIME type)."""
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((sender[1], sender[0]))
    msg["To"] = "MedCom SDN <sdn@medcom.example>"
    msg["Subject"] = subject or (("Vedhæftet: " if doc.language == "da" else "Attached: ") + Path(doc.name).stem)
    msg["Date"] = date
    msg["Message-ID"] = email.utils.make_msgid(domain=sender[0].split("@")[1])
    msg.set_content("Hej\n\nHermed som aftalt.\n\nVenlig hilsen\n" + sender[1] + "\n" if doc.language == "da"
                    else "Hello\n\nPlease find it attached.\n\nKind regards\n" + sender[1] + "\n")
    for name, data, mime in attachments:
        main, sub = mime.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg


def _colleague_mail(inner: EmailMessage, colleague: tuple[str, str], language: str, date: str,
                    text: str) -> EmailMessage:
    """A colleague's mail to MedCom passing the party's mail on ("VS: <its subject>"), with `text`."""
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((colleague[1], colleague[0]))
    msg["To"] = "MedCom SDN <sdn@medcom.example>"
    msg["Subject"] = ("VS: " if language == "da" else "FW: ") + str(inner["Subject"])
    msg["Date"] = date
    msg["Message-ID"] = email.utils.make_msgid(domain=colleague[0].split("@")[1])
    msg.set_content(text)
    return msg


def forwarded(inner: EmailMessage, colleague: tuple[str, str], language: str, date: str) -> EmailMessage:
    """A colleague at the party forwards the party's mail as an attachment (message/rfc822), as Outlook's
    "Forward as attachment" does."""
    msg = _colleague_mail(inner, colleague, language, date, "Videresendt til rette modtager.\n" if language == "da"
                          else "Forwarding to the right address.\n")
    msg.add_attachment(inner)
    return msg


class ThrowawayCA:
    """A CA made for this run only, and a party's signing certificate from it (openssl)."""

    def __init__(self, work: Path) -> None:
        self.dir = work / "smime-ca"
        self.dir.mkdir(exist_ok=True)
        self.key, self.cert = self.dir / "ca.key", self.dir / "ca.pem"
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(self.key), "-out", str(self.cert),
                 "-days", "30", "-subj", "/O=Outside check throwaway CA/CN=Outside check CA")
        self._n = 0

    def signer(self, address: str, name: str) -> tuple[Path, Path]:
        """(certificate, key) of a person's S/MIME certificate for `address`."""
        self._n += 1
        key, csr, crt = (self.dir / f"s{self._n}.{x}" for x in ("key", "csr", "pem"))
        ext = self.dir / f"s{self._n}.ext"
        ext.write_text(f"subjectAltName=email:{address}\nkeyUsage=digitalSignature\nextendedKeyUsage=emailProtection\n")
        _openssl("req", "-utf8", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
                 "-subj", f"/CN={name}/emailAddress={address}")
        _openssl("x509", "-req", "-in", str(csr), "-CA", str(self.cert), "-CAkey", str(self.key), "-CAcreateserial",
                 "-out", str(crt), "-days", "30", "-extfile", str(ext))
        return crt, key


def _openssl(*args: str, data: bytes | None = None) -> bytes:
    p = subprocess.run(["openssl", *args], input=data, capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {p.stderr.decode(errors='replace')[-400:]}")
    return p.stdout


def smime_signed(msg: EmailMessage, ca: ThrowawayCA, sender: tuple[str, str], opaque: bool) -> bytes:
    """The mail signed by its sender with `openssl smime -sign`: clear-signed (multipart/signed) or opaque
    (application/pkcs7-mime), the envelope's headers kept outside the signature as mail clients do."""
    crt, key = ca.signer(*sender)
    entity = msg.as_bytes(policy=SMTP).split(b"\r\n\r\n", 1)[1]
    head = b"".join(f"{h}: {msg[h]}\r\n".encode() for h in ("Content-Type", "Content-Transfer-Encoding")
                    if msg[h])
    args = ["smime", "-sign", "-signer", str(crt), "-inkey", str(key), "-certfile", str(ca.cert)]
    if opaque:
        args.append("-nodetach")
    signed = _openssl(*args, data=head + b"\r\n" + entity)
    outer = b"".join(f"{h}: {msg[h]}\r\n".encode() for h in ("From", "To", "Subject", "Date", "Message-ID"))
    return outer + signed


class ThrowawayGpg:
    """GnuPG with a home and a signing key made for this run only (the signature is not what is scored: that the
    documents beside it are read, and the signature never taken for one)."""

    def __init__(self, work: Path) -> None:
        self.home = work / "gnupg"
        self.home.mkdir(mode=0o700, exist_ok=True)
        self.run("--quick-gen-key", "Outside check <signer@outside.example>", "ed25519", "sign", "1d")

    def run(self, *args: str, data: bytes = b"") -> bytes:
        p = subprocess.run(["gpg", "--homedir", str(self.home), "--batch", "--yes", "--pinentry-mode", "loopback",
                            "--passphrase", "", *args], input=data, capture_output=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError(f"gpg {args[0]} failed: {p.stderr.decode(errors='replace')[-400:]}")
        return p.stdout

    def close(self) -> None:
        subprocess.run(["gpgconf", "--homedir", str(self.home), "--kill", "all"], capture_output=True, check=False)


def pgp_signed(msg: EmailMessage, g: ThrowawayGpg, inline: bool) -> bytes:
    """The mail signed with OpenPGP as Thunderbird sends it (PGP/MIME: multipart/signed over the content as sent,
    signature.asc beside it) or as Enigmail's inline PGP does (the text clear-signed, each file followed by its
    binary detached signature, name.sig)."""
    if inline:
        out = EmailMessage()
        for h in ("From", "To", "Subject", "Date", "Message-ID"):
            out[h] = msg[h]
        body = msg.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        out.set_content(g.run("--clearsign", data=text.encode()).decode())
        for part in msg.iter_attachments():
            data, name = part.get_content(), part.get_filename() or "attachment"
            out.add_attachment(data, maintype=part.get_content_maintype(), subtype=part.get_content_subtype(),
                               filename=name)
            out.add_attachment(g.run("--detach-sign", data=data), maintype="application", subtype="octet-stream",
                               filename=name + ".sig")
        return out.as_bytes()
    entity = msg.as_bytes(policy=SMTP).split(b"\r\n\r\n", 1)[1]
    head = b"".join(f"{h}: {msg[h]}\r\n".encode() for h in ("Content-Type", "Content-Transfer-Encoding") if msg[h])
    signed = (head + b"\r\n" + entity).rstrip(b"\r\n")  # the CRLF before the next boundary is the boundary's
    sig = g.run("--detach-sign", "--armor", data=signed)
    boundary = "----outside-pgp-" + email.utils.make_msgid().strip("<>").split("@")[0]
    outer = b"".join(f"{h}: {msg[h]}\r\n".encode() for h in ("From", "To", "Subject", "Date", "Message-ID"))
    outer += (f'MIME-Version: 1.0\r\nContent-Type: multipart/signed; micalg=pgp-sha512; '
              f'protocol="application/pgp-signature"; boundary="{boundary}"\r\n\r\n').encode()
    return (outer + f"--{boundary}\r\n".encode() + signed + f"\r\n--{boundary}\r\n".encode()
            + b'Content-Type: application/pgp-signature; name="signature.asc"\r\n'
            + b'Content-Disposition: attachment; filename="signature.asc"\r\n\r\n'
            + sig.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + f"\r\n--{boundary}--\r\n".encode())


def uuencoded_text(files: list[tuple[str, bytes]]) -> str:
    """The files as GNU sharutils' `uuencode` writes them into a text ("begin 644 name" ... "end")."""
    return "".join(subprocess.run(["uuencode", name], input=data, capture_output=True, check=True).stdout.decode()
                   for name, data in files)


def uuencoded_mail(msg: EmailMessage) -> EmailMessage:
    """The mail with its attachments uuencoded into the end of its plain text instead, as old mail programs and
    scripts send them (one text/plain part, no MIME attachments)."""
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else ""
    files = [(str(part.get_filename() or "file.pdf"), bytes(part.get_content())) for part in msg.iter_attachments()]
    out = EmailMessage(policy=SMTP)
    for key in ("From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References"):
        if msg[key] is not None:
            out[key] = str(msg[key])
    out.set_content(text.rstrip("\n") + "\n\n" + uuencoded_text(files))
    return out


def yencoded_mail(msg: EmailMessage) -> bytes:
    """The mail with its attachments yEncoded into the end of its plain text instead, as a news reader or a script
    sends them: one 8-bit text/plain part (ISO-8859-1, as such programs label it), "=ybegin" ... "=yend" (the yEnc
    library Debian ships: tests/parsers/oldmacmaker.yencoded)."""
    from tests.parsers.oldmacmaker import yencoded

    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else ""
    files = b"".join(yencoded(str(part.get_filename() or "file.pdf"), bytes(part.get_content()))
                     for part in msg.iter_attachments())
    head = "".join(f"{key}: {msg[key]}\r\n" for key in ("From", "To", "Cc", "Subject", "Date", "Message-ID",
                                                         "In-Reply-To", "References") if msg[key] is not None)
    head += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n"
    return (head + "\r\n").encode("utf-8") + text.rstrip("\n").replace("\n", "\r\n").encode("latin-1", "replace") \
        + b"\r\n\r\n" + files


def tarred(files: list[tuple[str, bytes]], folder: str) -> bytes:
    """The files in a folder, packed by GNU tar and gzip (`tar czf`), as a Linux or macOS user sends them."""
    work = tools.scratch()
    try:
        (work / folder).mkdir()
        for name, data in files:
            (work / folder / name).write_bytes(data)
        subprocess.run(["tar", "czf", str(work / "out.tgz"), "-C", str(work), folder], check=True)
        return (work / "out.tgz").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def faxed(pdf: bytes) -> bytes:
    """The PDF's pages as one multi-page TIFF, CCITT group 4 at 200 dpi (Ghostscript's tiffg4): a fax server's or a
    scanner's file."""
    work = tools.scratch()
    try:
        (work / "in.pdf").write_bytes(pdf)
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffg4", "-r200",
                        f"-sOutputFile={work / 'out.tif'}", str(work / "in.pdf")], check=True, capture_output=True)
        return (work / "out.tif").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mac_zipped(files: list[tuple[str, bytes]], folder: str) -> bytes:
    """The files zipped as a Mac's Finder zips a folder (Compress): in the folder, each with its AppleDouble
    companion `__MACOSX/<folder>/._<name>` (RFC 1740: magic, version, "Mac OS X", one Finder Info entry), and the
    folder's `.DS_Store`."""
    import struct

    finder = b"PDF CARO" + bytes(24)
    double = struct.pack(">II16sH", 0x00051607, 0x00020000, b"Mac OS X        ", 1) + \
        struct.pack(">III", 9, 26 + 12, len(finder)) + finder
    entries = [(f"{folder}/{name}", data) for name, data in files]
    entries += [(f"__MACOSX/{folder}/._{name}", double) for name, _ in files]
    entries.append((f"{folder}/.DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(6140)))
    return zipped(entries)


def zipped(files: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(name, data)
    return buf.getvalue()


# --- the set ----------------------------------------------------------------------------------------

def nested(inner: EmailMessage, colleague: tuple[str, str], language: str, date: str) -> tuple[EmailMessage, str]:
    """The party's mail saved as an .eml and zipped by a colleague, who sends the zip on: (the mail, the zip's
    name)."""
    saved = "Videresendt.eml" if language == "da" else "Forwarded.eml"
    zname = ("Mail fra parten" if language == "da" else "Mail from the party") + ".zip"
    msg = _colleague_mail(inner, colleague, language, date,
                          "Se den vedhæftede mail.\n" if language == "da" else "Please see the mail attached.\n")
    msg.add_attachment(zipped([(saved, inner.as_bytes())]), maintype="application", subtype="zip", filename=zname)
    return msg, f"{zname}/{saved}"


def client_mail(delivery: str, doc: model.Document, sender: tuple[str, str], pdf: bytes, date: str,
                rng: random.Random) -> tuple[bytes, str]:
    """The party's mail carrying the PDF as a mail program writes it, and the name the document goes by:

    - apple: Apple Mail's inline PDF, its text before and after it in parts of their own (multipart/mixed), or
      in an HTML part that shows it (multipart/alternative, the HTML and the PDF in multipart/related);
    - danishname: the file named in Danish, which the standard library writes as RFC 2231 (filename*0*=utf-8'');
    - noname: the PDF in a part with neither a file name nor a name (a scanner's, an old client's);
    - winmailfwd: Outlook's rich-text mail whose winmail.dat holds the party's mail, forwarded as an .eml."""
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    da = doc.language == "da"
    if delivery == "danishname":
        name = f"{Path(doc.name).stem} – underskrevet på mødet i Ærøskøbing, endelig udgave.pdf"
        return party_mail(doc, sender, [(name, pdf, "application/pdf")], date).as_bytes(), name
    if delivery == "winmailfwd":
        from tests.parsers.containermaker import winmail_dat

        inner = party_mail(doc, sender, [(doc.name, pdf, "application/pdf")], date)
        ename = ("VS " if da else "FW ") + Path(doc.name).stem[:40].strip() + ".eml"
        tnef = winmail_dat([(ename, inner.as_bytes())], body="Se vedhæftede." if da else "See the attached.")
        outer = party_mail(doc, sender, [("winmail.dat", tnef, "application/ms-tnef")], date)
        return outer.as_bytes(), f"winmail.dat/{ename}/{doc.name}"
    head = party_mail(doc, sender, [], date)
    greeting, closing = ("Hej\n\nHer er dokumentet:\n", "\nVenlig hilsen\n" + sender[1] + "\n") if da else \
        ("Hello\n\nHere is the document:\n", "\nKind regards\n" + sender[1] + "\n")
    part = MIMEApplication(pdf, "pdf")
    if delivery == "noname":
        msg: Any = MIMEMultipart("mixed", policy=SMTP)
        msg.attach(MIMEText(greeting + closing, "plain", "utf-8"))
        msg.attach(part)
        name = "(no name)"
    else:
        part.add_header("Content-Disposition", "inline", filename=doc.name)
        name = doc.name
        if rng.random() < 0.5:
            msg = MIMEMultipart("mixed", policy=SMTP)
            msg.attach(MIMEText(greeting, "plain", "utf-8"))
            msg.attach(part)
            msg.attach(MIMEText(closing, "plain", "utf-8"))
        else:
            part.add_header("Content-ID", "<pdf1@apple.example>")
            related = MIMEMultipart("related")
            related.attach(MIMEText(f"<html><body>{greeting}<br><img src=\"cid:pdf1@apple.example\"><br>"
                                    f"{closing}</body></html>".replace("\n", "<br>"), "html", "utf-8"))
            related.attach(part)
            msg = MIMEMultipart("alternative", policy=SMTP)
            msg.attach(MIMEText(greeting + "\n" + closing, "plain", "utf-8"))
            msg.attach(related)
    for key in ("From", "To", "Subject", "Date", "Message-ID"):
        msg[key] = str(head[key])
    return bytes(msg.as_bytes()), name


def _truth(doc: model.Document, delivery: str, filename: str) -> dict[str, Any]:
    """The document's truth as this delivery can carry it (see the module's docstring)."""
    truth: dict[str, Any] = json.loads(json.dumps(doc.truth))
    note = dict(part.split("=", 1) for part in doc.note.split(";") if "=" in part)
    for td in truth.get("documents") or []:
        td["filename"] = filename
        fields = td.get("fields") or {}
        if delivery in WORD_FILES and td.get("kind") in AGREEMENTS and fields.get("signed") is True:
            fields.pop("signed", None)
            td.pop("problems", None)
        if delivery in PICTURES:
            td.pop("problems", None)
    truth["_outside"] = {"tool": delivery, "layout": doc.layout, "language": doc.language,
                         "signing": note.get("signing"),
                         "variants": [v for v in note.get("variants", "").split(",") if v]}
    return truth


def deliver_all(items: list[tuple[str, model.Document]], outdir: Path, seed: int) -> list[Path]:
    """Make every (delivery, document) pair's file in outdir, with X.truth.json beside it."""
    from bench.outside import render_odf as odf

    tools.ensure_tools()
    outdir.mkdir(parents=True, exist_ok=True)
    work = tools.scratch()
    rng = random.Random(seed + 7)
    made: list[Path] = []
    gpg: ThrowawayGpg | None = None
    try:
        sources = {}
        pdf_dir = work / "pdf"
        pdf_dir.mkdir()
        for n, (d, doc) in enumerate(items):
            src = work / f"d{n:03d}.fodt"
            if isinstance(doc, RLDocument):  # another hand's document: its own tools draw its PDF
                if d != "own":  # (its own office file goes instead)
                    doc.draw(pdf_dir / f"{src.stem}.pdf")
            else:
                src.write_text(odf.render(doc.blocks, rng, doc.language), encoding="utf-8")
            sources[n] = src
        need_pdf = [sources[n] for n, (d, doc) in enumerate(items)
                    if d not in (*WORD_FILES, *SHEETS, "wordform") and not isinstance(doc, RLDocument)]
        words = {fmt: office_files([sources[n] for n, (d, _) in enumerate(items) if d == fmt], fmt, work)
                 for fmt in WORD_FILES}
        if need_pdf:
            tools.libreoffice(need_pdf, pdf_dir, work, "pdf")
        ca = ThrowawayCA(work) if any(d == "smime" for d, _ in items) else None
        gpg = ThrowawayGpg(work) if any(d == "pgp" for d, _ in items) else None
        signed_n = pgp_n = 0
        for n, (delivery, doc) in enumerate(items):
            stem = Path(doc.name).stem
            out = outdir / (stem + SUFFIX[delivery])
            pdf = pdf_dir / f"{sources[n].stem}.pdf"
            p = _party(doc)
            date = email.utils.format_datetime(email.utils.localtime())
            if delivery == "own":
                out = own_file(doc, outdir, work)
                fname = out.name
            elif delivery in WORD_FILES:
                shutil.copyfile(words[delivery][sources[n]], out)
                fname = out.name
            elif delivery in SHEETS:
                _sheet(doc, rng, out, work, boxes=delivery in BOXED)
                fname = out.name
            elif delivery == "wordform":
                word_form(doc, rng, out)
                fname = out.name
            elif delivery == "winmail":
                from tests.parsers.containermaker import winmail_dat

                tnef = winmail_dat([(doc.name, pdf.read_bytes())])
                out.write_bytes(party_mail(doc, p, [("winmail.dat", tnef, "application/ms-tnef")], date).as_bytes())
                fname = f"winmail.dat/{doc.name}"
            elif delivery == "screenshot":
                pages = _at_most(page_images(pdf, 110, work))
                shots = [(f"Skærmbillede {i + 1}.png" if doc.language == "da" else f"Screenshot {i + 1}.png",
                          screenshot(pg), "image/png") for i, pg in enumerate(pages)]
                out.write_bytes(party_mail(doc, p, shots, date).as_bytes())
                fname = shots[0][0]
            elif delivery in PHOTOS:
                pages = _at_most(page_images(pdf, 300, work))
                base = rng.randint(1000, 8000)
                fmt, ext, mime = PHOTOS[delivery]
                photos = [(f"IMG_{base + i}{ext}", photograph(pg, rng, fmt), mime) for i, pg in enumerate(pages)]
                out.write_bytes(party_mail(doc, p, photos, date).as_bytes())
                fname = photos[0][0]
            elif delivery == "zip":
                zname = ("Aftaler" if doc.language == "da" else "Documents") + f" {stem[:3].strip()}.zip"
                data = zipped([(Path(doc.name).name, pdf.read_bytes())])
                out.write_bytes(party_mail(doc, p, [(zname, data, "application/zip")], date).as_bytes())
                fname = f"{zname}/{Path(doc.name).name}"
            elif delivery in ("forwarded", "nested"):
                inner = party_mail(doc, p, [(doc.name, pdf.read_bytes(), "application/pdf")], date)
                colleague = (p[0].replace("@", ".sekretariat@", 1), "Sekretariatet")
                if delivery == "forwarded":
                    out.write_bytes(forwarded(inner, colleague, doc.language, date).as_bytes())
                    fname = doc.name
                else:
                    outer, inside = nested(inner, colleague, doc.language, date)
                    out.write_bytes(outer.as_bytes())
                    fname = f"{inside}/{doc.name}"
            elif delivery == "msg":
                from tests.parsers.msgmaker import outlook_item

                item = outlook_item(Path(doc.name).stem, [(doc.name, "application/pdf", pdf.read_bytes())])
                mname = ("VS " if doc.language == "da" else "FW ") + stem[:40].strip() + ".msg"
                out.write_bytes(party_mail(doc, p, [(mname, item, "application/vnd.ms-outlook")], date).as_bytes())
                fname = f"{mname}/{doc.name}"
            elif delivery in CLIENT_MAILS:
                mail, fname = client_mail(delivery, doc, p, pdf.read_bytes(), date, rng)
                out.write_bytes(mail)
            elif delivery in ("uuencode", "targz", "fax", "maczip", "odtobject", "binhex", "yenc"):
                files = attachments(delivery, [pdf], rng, doc.language, names=[Path(doc.name).name])
                mail = party_mail(doc, p, files, date)
                out.write_bytes(wrapped(delivery, mail, None, doc.language))
                fname = {"fax": files[0][0], "uuencode": Path(doc.name).name, "binhex": Path(doc.name).name,
                         "yenc": Path(doc.name).name,
                         "maczip": f"{files[0][0]}/{Path(doc.name).name}",
                         "odtobject": f"{files[0][0]}/{Path(doc.name).name}"}.get(
                    delivery, f"{files[0][0]}/{files[0][0].removesuffix('.tar.gz')}.tar/{Path(doc.name).name}")
            elif delivery == "pgp":
                assert gpg is not None
                mail = party_mail(doc, p, [(doc.name, pdf.read_bytes(), "application/pdf")], date)
                pgp_n += 1  # PGP/MIME and inline PGP in turn
                out.write_bytes(pgp_signed(mail, gpg, inline=pgp_n % 2 == 0))
                fname = doc.name
            else:  # smime
                assert ca is not None
                mail = party_mail(doc, p, [(doc.name, pdf.read_bytes(), "application/pdf")], date)
                signed_n += 1  # clear-signed and opaque in turn
                out.write_bytes(smime_signed(mail, ca, p, opaque=signed_n % 2 == 0))
                fname = doc.name
            truth = _truth(doc, "docx" if delivery == "own" and out.suffix in (".docx", ".odt") else delivery, fname)
            if delivery == "own":
                truth["_outside"]["tool"] = f"own{out.suffix}"
            if delivery == "odtobject":  # the letter carrying the PDF is a document too, of no kind the bot knows
                truth["documents"].append({"filename": files[0][0], "kind": "unknown", "fields": {}})
            out.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2),
                                                      encoding="utf-8")
            made.append(out)
    finally:
        if gpg is not None:
            gpg.close()
        shutil.rmtree(work, ignore_errors=True)
    return made


def _sheet(doc: model.Document, rng: random.Random, out: Path, work: Path, boxes: bool = False) -> None:
    """The form as a workbook at `out`: .xlsx by openpyxl, or that workbook saved by LibreOffice as .xls."""
    if out.suffix == ".xlsx":
        spreadsheet(doc, rng, out, boxes)
        return
    src = work / "sheets" / (out.stem + ".xlsx")
    src.parent.mkdir(exist_ok=True)
    spreadsheet(doc, rng, src, boxes)
    tools.libreoffice([src], src.parent, work, out.suffix.lstrip("."))
    shutil.copyfile(src.with_suffix(out.suffix), out)


FLAT_ODF = {".fods": "ods", ".fodt": "odt", ".fodp": "odp"}  # a flat file as LibreOffice saves it for a party


def own_file(doc: model.Document, outdir: Path, work: Path) -> Path:
    """The hand's own office file for `doc` in outdir (a .docx as made; a flat Calc sheet, Writer text or Impress
    presentation saved by LibreOffice as .ods, .odt or .odp)."""
    assert isinstance(doc, RLDocument) and doc.source is not None
    name, data = doc.source()
    stem = Path(doc.name).stem
    fmt = FLAT_ODF.get(Path(name).suffix)
    if fmt is not None:
        src = work / "own" / (stem + Path(name).suffix)
        src.parent.mkdir(exist_ok=True)
        src.write_bytes(data)
        tools.libreoffice([src], src.parent, work, fmt)
        out = outdir / (stem + "." + fmt)
        shutil.copyfile(src.with_suffix("." + fmt), out)
        return out
    out = outdir / (stem + Path(name).suffix)
    out.write_bytes(data)
    return out


def _at_most(pages: list[Path]) -> list[Path]:
    """The pages a party photographs of a long document: the first, and the last ones (where it is signed)."""
    return pages if len(pages) <= MAX_PHOTOS else pages[:1] + pages[-(MAX_PHOTOS - 1):]


def _party(doc: model.Document) -> tuple[str, str]:
    """A sender for the document's mail: an address at a domain of the party's own (from its truth)."""
    org = ""
    for td in doc.truth.get("documents") or []:  # type: ignore[union-attr]
        org = str((td.get("fields") or {}).get("organisation") or "")
    slug = "".join(c for c in org.lower() if c.isascii() and c.isalnum())[:20] or "party"
    return f"post@{slug}.example", org or "Party"


# the deliveries that carry the document's PDF (or pictures of it): the ones another hand's drawn document can take
FROM_PDF = tuple(d for d in DELIVERIES if d not in (*WORD_FILES, *SHEETS, "wordform", "own"))


def by_hands(docs: list[tuple[str, model.Document]], deliveries: list[str]) -> list[tuple[str, model.Document]]:
    """Other hands' documents (run.py --tools sixth,seventh --deliveries ...), each delivered in turn as one of the
    deliveries that carry its PDF; a hand's drawn document has no blocks to save as Word or as a sheet."""
    out = []
    for n, (_, doc) in enumerate(docs):
        usable = [d for d in deliveries if not isinstance(doc, RLDocument) or d in FROM_PDF
                  or (d == "own" and doc.source is not None)]
        if usable:  # a drawn document only where its PDF (or, for `own`, its office file) can go
            out.append((usable[n % len(usable)], doc))
    if not out:
        raise SystemExit(f"none of {deliveries} carries a drawn document's PDF: use some of {', '.join(FROM_PDF)}")
    return out


def forms_for_sheets(items: list[tuple[str, model.Document]], seed: int) -> list[tuple[str, model.Document]]:
    """A spreadsheet or a Word template's form fields hold a form, never an agreement: the plan's agreements for
    those deliveries become forms."""
    from bench.outside.forms import FORM_LAYOUTS, information_form
    from bench.outside.people import party

    rng = random.Random(seed + 11)
    out = []
    for delivery, doc in items:
        if delivery in (*SHEETS, "wordform") and not doc.layout.startswith("form"):
            p = party(rng, None)
            stem = ("Informationsskema " if p.language == "da" else "Information form ") + p.organisation
            doc = information_form(rng, p, FORM_LAYOUTS[len(out) % len(FORM_LAYOUTS)],
                                   f"{doc.name[:2]} {delivery} - {stem}.pdf".replace("/", "-"))
        out.append((delivery, doc))
    return out


# problems that tell a party something is missing, unsigned or wrong
ACCUSING = {"not_signed", "missing_field", "invalid_cvr", "invalid_email", "invalid_phone", "invalid_ip_scope",
            "wrong_template"}


def accusing(reading: Any) -> list[str]:
    """The problems of a reading read from pictures that the party could be told (the core's own rule,
    mailbot/core/certainty.py) and that accuse it of something: each named. A picture is never evidence
    enough for that, so every one is counted as dangerous."""
    from mailbot.core.certainty import certain
    from mailbot.core.readings import Reading

    if not isinstance(reading, dict):
        return []
    try:
        r = Reading.model_validate(reading)
    except ValueError as exc:
        return [f"reading does not load ({exc})"]
    out = []
    for d in r.documents:
        for p in d.problems:  # stamped with their document, as the case machine has them
            q = p.model_copy(update={"filename": d.filename, "document_kind": d.kind})
            if q.code in ACCUSING and certain(q, r.documents):
                out.append(f"{q.code} ({q.field or ''}) from a picture, as the party would be told")
    return out


# --- whole cases (cases.py --delivery) -------------------------------------------------------------------

# deliveries whose documents a person must confirm or judge before the case goes on (OCR, a Word agreement)
FOR_STAFF = {*PICTURES, *WORD_FILES, "own"}


def office_copies(docs: list[model.Document], delivery: str, outdir: Path, seed: int) -> None:
    """Beside each document's PDF in outdir, the file the party sends instead (`<stem>.docx`, `.odt`, a form's
    `.xlsx`, or for `own` the hand's own office file where it made one), for cases.py's mails."""
    from bench.outside import render_odf as odf

    if delivery not in (*WORD_FILES, *SHEETS, "own"):
        return
    rng = random.Random(seed + 13)
    work = tools.scratch()
    try:
        if delivery == "own":  # a hand's own office file, where its tool made one
            for doc in docs:
                if isinstance(doc, RLDocument) and doc.source is not None:
                    own_file(doc, outdir, work)
            return
        if delivery in SHEETS:
            for doc in docs:
                if doc.layout.startswith("form"):
                    _sheet(doc, rng, outdir / (Path(doc.name).stem + SUFFIX[delivery]), work,
                           boxes=delivery in BOXED)
            return
        sources = []
        for doc in docs:
            src = work / (Path(doc.name).stem + ".fodt")
            src.write_text(odf.render(doc.blocks, rng, doc.language), encoding="utf-8")
            sources.append(src)
        for made in office_files(sources, delivery, work).values():
            shutil.copyfile(made, outdir / made.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


MIME = {".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".doc": "application/msword",
        ".rtf": "application/rtf", ".xls": "application/vnd.ms-excel",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".odp": "application/vnd.oasis.opendocument.presentation"}


def attachments(delivery: str, pdfs: list[Path], rng: random.Random, language: str,
                names: list[str] | None = None) -> list[tuple[str, bytes, str]]:
    """What a mail carrying these documents' PDFs attaches in `delivery`: the office file where one was made
    (office_copies), photos or screenshots of the pages, one zip or tar.gz of them all, a fax's TIFF of each; else
    the PDFs (`names`: the names they go by, where the files are named otherwise)."""
    out: list[tuple[str, bytes, str]] = []
    named = list(zip(names or [p.name for p in pdfs], pdfs, strict=True))
    if delivery == "targz" and pdfs:
        folder = "Aftaler og skema" if language == "da" else "Documents"
        return [(f"{folder}.tar.gz", tarred([(n, p.read_bytes()) for n, p in named], folder), "application/gzip")]
    if delivery == "maczip" and pdfs:
        folder = "Aftaler" if language == "da" else "Documents"
        return [(f"{folder}.zip", mac_zipped([(n, p.read_bytes()) for n, p in named], folder), "application/zip")]
    if delivery == "odtobject" and pdfs:
        from tests.parsers.officemaker import packager, writer_with

        letter = writer_with(oles=tuple(packager(n, p.read_bytes()) for n, p in named))
        return [(("Brev til MedCom" if language == "da" else "Letter to MedCom") + ".odt", letter, MIME[".odt"])]
    if delivery == "binhex":  # an old Mac mail program's part (RFC 1741)
        from tests.parsers.oldmacmaker import binhexed

        return [(n, binhexed(n, p.read_bytes()).encode("ascii"), "application/mac-binhex40") for n, p in named]
    if delivery == "fax":
        base = rng.randint(1, 900)
        return [(f"Scan_{base + i:04d}.tif", faxed(p.read_bytes()), "image/tiff") for i, (_, p) in enumerate(named)]
    if delivery == "msg" and pdfs:
        from tests.parsers.msgmaker import outlook_item

        item = outlook_item("Dokumenter", [(p.name, "application/pdf", p.read_bytes()) for p in pdfs])
        return [("Dokumenter.msg", item, "application/vnd.ms-outlook")]
    if delivery == "zip" and pdfs:
        name = ("Aftaler og skema" if language == "da" else "Documents") + ".zip"
        return [(name, zipped([(p.name, p.read_bytes()) for p in pdfs]), "application/zip")]
    for name, pdf in named:
        if delivery in ("screenshot", *PHOTOS):
            work = tools.scratch()
            try:
                pages = _at_most(page_images(pdf, 110 if delivery == "screenshot" else 300, work))
                base = rng.randint(1000, 8000)
                for i, pg in enumerate(pages):
                    if delivery in PHOTOS:
                        fmt, ext, mime = PHOTOS[delivery]
                        out.append((f"IMG_{base + i}{ext}", photograph(pg, rng, fmt), mime))
                    else:
                        out.append((f"{pdf.stem} {i + 1}.png", screenshot(pg), "image/png"))
            finally:
                shutil.rmtree(work, ignore_errors=True)
            continue
        suffixes = [".docx", ".ods", ".odt", ".odp"] if delivery == "own" else [SUFFIX.get(delivery, ".pdf")]
        other = next((pdf.with_suffix(x) for x in suffixes if delivery in (*WORD_FILES, *SHEETS, "own")
                      and pdf.with_suffix(x).exists()), None)
        f = other if other is not None else pdf
        out.append((f.name if other is not None else name, f.read_bytes(), MIME[f.suffix]))
    return out


def wrapped(delivery: str, msg: EmailMessage, ca: ThrowawayCA | None, language: str) -> bytes:
    """The mail as it reaches MedCom: forwarded by a colleague as an attachment, S/MIME-signed, or as it is."""
    sender = email.utils.parseaddr(str(msg["From"]))
    if delivery in ("forwarded", "nested"):
        colleague = (sender[1].replace("@", ".sekretariat@", 1), "Sekretariatet")
        if delivery == "nested":
            return nested(msg, colleague, language, str(msg["Date"]))[0].as_bytes()
        return forwarded(msg, colleague, language, str(msg["Date"])).as_bytes()
    if delivery == "smime" and ca is not None:
        return smime_signed(msg, ca, (sender[1], sender[0] or sender[1]), opaque=False)
    if delivery == "uuencode":
        return uuencoded_mail(msg).as_bytes()
    if delivery == "yenc":
        return yencoded_mail(msg)
    return msg.as_bytes()
