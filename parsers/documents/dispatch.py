"""Which reader reads an attachment: by what the file is (its first bytes, its parts), then its name and type.

One place decides for every attachment of a mail, so that the mail reader (parsers/mail/reader.py)
and whatever unwraps containers (archives, Outlook items, S/MIME) hand every file they find to the
same function, and every file ends in exactly one of three places:

- read: documents (a PDF, a Word, Excel or ODF file, pictures of pages);
- left alone on purpose, with the reason (`ignored`: a logo or a signature image in the mail's text, the
  mail's own S/MIME or PGP signature);
- named in a problem (`problems`: an old format LibreOffice did not convert, a format no reader knows):
  nothing a party attached is ever silently dropped.

An old .doc, .xls or .rtf is converted by LibreOffice (parsers/office/legacy.py) and read as Word and Excel
files are.

Where to add a format: a reader that returns `Document`s (the core's model), a line in `what_is`,
and a branch in `read_attachments`.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field

from mailbot.core.vocabulary import DocumentKind

from ..problems import new_problem
from ..reading import Document, OtherFields, Problem, Reading

XPS_TYPES = ("application/vnd.ms-xpsdocument", "application/oxps")
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-word.document.macroenabled.12": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OFFICE_EXTENSIONS = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
                     ".odt": "odt", ".ott": "odt", ".ods": "ods", ".ots": "ods", ".odp": "odp", ".otp": "odp"}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".tif", ".tiff", ".gif", ".bmp", ".webp")
IMAGE_MAGIC = ((b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
               (b"GIF8", "gif"), (b"BM", "bmp"))
# an iPhone's photo (HEIC/HEIF) by its file type box, whatever its name: the brands Apple and Samsung write
HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftypheim", b"ftypheis", b"ftyphevc", b"ftyphevx", b"ftypmif1",
               b"ftypmsf1")
LEGACY = {".doc": "a Word 97-2003 document (.doc)", ".dot": "a Word 97-2003 template (.dot)",
          ".xls": "an Excel 97-2003 workbook (.xls)", ".ppt": "a PowerPoint 97-2003 file (.ppt)",
          ".wps": "a Works document (.wps)", ".rtf": "a Rich Text document (.rtf)", ".pages": "an Apple Pages file",
          ".numbers": "an Apple Numbers file", ".pptx": "a PowerPoint presentation (.pptx)"}
# files a PDF program embeds about itself, never a party's document (Acrobat Distiller keeps its settings in the PDF)
PRODUCER_FILES = (".joboptions",)
# what an operating system writes beside a party's files, which a zip made on a Mac or a folder copied from Windows
# carries along: never a document, so never "not a PDF" to the party, nor a file staff must look at
_APPLE_DOUBLE = b"\x00\x05\x16\x07"  # a Mac file's own information (its type, its resource fork): "._Aftale.pdf"
SYSTEM_FILES = {".ds_store": "a Mac folder's view settings", "thumbs.db": "Windows' thumbnails of a folder's pictures",
                "desktop.ini": "a Windows folder's settings"}
SIGNATURE_TYPES = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature")
LEGACY_TYPES = {"application/msword": ".doc", "application/vnd.ms-excel": ".xls", "application/rtf": ".rtf",
                "text/rtf": ".rtf", "application/vnd.ms-powerpoint": ".ppt"}


@dataclass
class Attachment:
    """One file of a mail (or found inside a container), as the reader got it."""

    name: str | None
    content_type: str
    data: bytes
    inline: bool = False       # Content-Disposition: inline
    referenced: bool = False   # its Content-ID is used by the mail's HTML (an image in the text)


@dataclass
class AttachmentsRead:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the mail's problems: each names a file
    ignored: list[str] = field(default_factory=list)              # "name: why" of files left alone on purpose

    def extend(self, other: AttachmentsRead) -> None:
        self.documents += other.documents
        self.problems += other.problems
        self.ignored += other.ignored


def _ext(name: str | None) -> str:
    return os.path.splitext((name or "").strip().lower())[1]


def zip_document(data: bytes) -> str | None:
    """docx/xlsx/odt/ods/iwork by the parts of a ZIP package (a file sent without its extension, or renamed);
    None for a ZIP that is an archive (containers/ opens it) or no ZIP."""
    from ..office.iwork import is_package
    from ..office.xps import is_xps

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist()[:5000])
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "ppt/presentation.xml" in names:
                return "legacy"  # PowerPoint: converted by LibreOffice (office/legacy.py)
            if is_xps(names, z.read("_rels/.rels")[:4000] if "_rels/.rels" in names else b""):
                return "xps"
            if is_package(data, names):
                return "iwork"
            if "mimetype" in names:
                kind = z.read("mimetype")[:100].decode("ascii", "replace").strip()
                return OFFICE_TYPES.get(kind)
    except Exception:  # noqa: BLE001 - not a readable ZIP: the caller names it
        return None
    return None


def openpgp(name: str | None, content_type: str, data: bytes) -> str | None:
    """What an OpenPGP part is, by its armour or first packet and then its type and name: "signature" (a PGP/MIME
    signature, or an inline-PGP file's detached .sig/.asc beside it), "key" (the sender's public key, which mail
    clients attach), "envelope" (PGP/MIME's "Version: 1" part of an encrypted mail), "encrypted" (an encrypted
    mail or file: no key here opens it), or None."""
    ext, ctype = _ext(name), (content_type or "").lower()
    head = data[:64].lstrip()
    if head.startswith(b"-----BEGIN PGP SIGNATURE-----"):
        return "signature"
    if head.startswith(b"-----BEGIN PGP PUBLIC KEY BLOCK-----") or ctype == "application/pgp-keys":
        return "key"
    if head.startswith(b"-----BEGIN PGP MESSAGE-----") or ctype == "application/pgp-encrypted" and \
            not data.strip().lower().startswith(b"version:"):
        return "encrypted"
    if ctype == "application/pgp-encrypted":
        return "envelope"
    # a binary packet: its tag (old format 0b10ttttll, new 0b11tttttt) says signature (2) or encrypted session key (1)
    tag = (data[0] & 0x3F if data[0] & 0x40 else (data[0] >> 2) & 0x0F) if data and data[0] & 0x80 else None
    if ext == ".sig" and tag == 2:
        return "signature"
    if ext in (".pgp", ".gpg") and tag == 1:
        return "encrypted"
    return None


def system_file(name: str | None, content_type: str, data: bytes) -> str | None:
    """What a file the operating system wrote is (why it is left alone), or None for any other file: the Mac's
    AppleDouble companion of a file (`__MACOSX/._Aftale.pdf` in a zip, an `application/applefile` part of an old
    Apple Mail's multipart/appledouble), a folder's `.DS_Store`, `Thumbs.db` or `desktop.ini`."""
    base = re.split(r"[\\/]", (name or "").strip())[-1]
    if data[:4] == _APPLE_DOUBLE or (content_type or "").lower() == "application/applefile":
        return f"the Mac's own information about the file {base.removeprefix('._') or 'beside it'} (AppleDouble)"
    return SYSTEM_FILES.get(base.lower())


def what_is(name: str | None, content_type: str, data: bytes) -> str:
    """"pdf", "docx", "xlsx", "odt", "ods", "odp", "image", "signature", "pgp-key", "pgp-envelope", "encrypted",
    "legacy", "xps", "system" or "other"."""
    ext, ctype = _ext(name), (content_type or "").lower()
    if system_file(name, content_type, data):
        return "system"
    if ctype in SIGNATURE_TYPES or ext == ".p7s":
        return "signature"
    if ext in PRODUCER_FILES:
        return "producer"
    pgp = openpgp(name, content_type, data)
    if pgp is not None:
        return {"signature": "signature", "key": "pgp-key", "envelope": "pgp-envelope"}.get(pgp, pgp)
    head = data[:1024]
    if ctype in ("application/pdf", "application/x-pdf") or ext == ".pdf" or head.lstrip().startswith(b"%PDF"):
        if not head.startswith(b"PK\x03\x04") or ext == ".pdf":
            return "pdf"  # a ZIP named .pdf is reported by the PDF reader as not a PDF
    if head.startswith(b"PK\x03\x04"):  # what the package holds wins over its name (a .docx saved as .odt)
        found = zip_document(data)
        if found:
            return found
        if ext in (".pages", ".numbers"):
            return "iwork"  # named for staff by the iWork reader, whatever the package holds
    if ext in (".xps", ".oxps") or ctype in XPS_TYPES:
        return "xps"
    office = OFFICE_EXTENSIONS.get(ext) or OFFICE_TYPES.get(ctype)
    if office:
        return office
    if ext in IMAGE_EXTENSIONS or ctype.startswith("image/") or any(head.startswith(m) for m, _ in IMAGE_MAGIC) \
            or head[4:12] in HEIF_BRANDS or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if ext in LEGACY or ctype in LEGACY_TYPES:
        return "legacy"
    return "other"


def read_attachments(items: list[Attachment]) -> AttachmentsRead:
    """Every attachment of one mail read, left alone with a reason, or named in a problem."""
    from ..images import Picture, read_pictures
    from ..office import read_office
    from .pipeline import read_pdf_all

    out = AttachmentsRead()
    pictures: list[Picture] = []
    converted = 0  # old-format files converted by LibreOffice so far: a few seconds each, bounded per mail
    for n, a in enumerate(items, start=1):
        kind = what_is(a.name, a.content_type, a.data)
        if kind == "pdf":
            out.documents += read_pdf_all(a.data, a.name or f"attachment-{n}.pdf")
        elif kind in ("docx", "xlsx", "odt", "ods", "odp"):
            out.documents += read_office(a.data, a.name or f"attachment-{n}.{kind}", kind)
        elif kind == "iwork":  # Pages, Numbers, Keynote: the preview PDF inside, for staff
            from ..office.iwork import read_iwork

            docs, named = read_iwork(a.data, a.name or f"attachment-{n}.pages")
            out.documents += docs
            out.problems += named
        elif kind == "xps":  # Windows' XPS print of a document: converted to PDF, every document for staff
            out.extend(_read_xps(a, n))
        elif kind == "image":
            pictures.append(Picture(a.name or f"picture-{n}{_ext(a.name) or ''}", a.data, a.inline, a.referenced))
        elif kind == "signature":  # the mail's own S/MIME or PGP signature (multipart/signed): no document
            out.ignored.append(f"{a.name or a.content_type}: the mail's digital signature (S/MIME or PGP), not a "
                               "document")
        elif kind == "system":  # a Mac's or Windows' own file beside the party's (a zip made on a Mac holds them)
            out.ignored.append(f"{a.name or a.content_type}: {system_file(a.name, a.content_type, a.data)}, not a "
                               "document")
        elif kind == "producer":  # Acrobat Distiller's settings, which it embeds in the PDFs it makes
            out.ignored.append(f"{a.name}: the settings of the program that made a PDF, not a document")
        elif kind == "pgp-key":  # Enigmail, Thunderbird and Mailvelope attach the sender's key
            out.ignored.append(f"{a.name or a.content_type}: the sender's OpenPGP public key, not a document")
        elif kind == "pgp-envelope":  # PGP/MIME's version part; the encrypted part beside it is named
            out.ignored.append(f"{a.name or a.content_type}: the version part of an OpenPGP-encrypted mail, not a "
                               "document")
        elif kind == "encrypted":
            out.problems.append(new_problem(
                "encrypted", f"{a.name or 'The mail'} is encrypted with OpenPGP and the bot holds no key to open it; "
                "a staff member will read it.", filename=a.name))
        elif kind == "legacy":
            out.extend(_read_legacy(a, n, converted))
            converted += 1
        else:
            out.problems.append(new_problem(
                "unsupported_attachment", f"The attachment {a.name or 'without a name'} ({a.content_type}) is in a "
                "format the bot does not read; a staff member will look at it. Please send documents as PDF.",
                filename=a.name))
    if pictures:
        got = read_pictures(pictures)
        out.documents += got.documents
        out.problems += got.problems
        out.ignored += got.ignored
    return out


def _read_xps(a: Attachment, n: int) -> AttachmentsRead:
    """An XPS document converted to PDF by mutool (parsers/office/xps.py) and read as a PDF, each document
    `uncertain` (a print of another file: staff confirm); one not converted, named for staff."""
    from ..office.legacy import Unconverted
    from ..office.xps import to_pdf
    from .pipeline import amended, read_pdf_all

    name = a.name or f"attachment-{n}.xps"
    out = AttachmentsRead()
    try:
        pdf = to_pdf(a.data)
    except Unconverted as exc:
        out.problems.append(new_problem(
            "unsupported_attachment", f"The attachment {name} is an XPS document (a print from Windows), which was "
            f"not read ({exc}); a staff member will look at it.", filename=a.name))
        return out
    doubt = new_problem("uncertain", f"{name} is an XPS document (a print of another file from Windows), read as the "
                        "PDF it converts to: it carries no signature of its own and may not hold all the original did; "
                        "a staff member should confirm what was read.")
    out.documents += [amended(d, problems=[*d.problems, doubt]) for d in read_pdf_all(pdf, name)]
    return out


def _read_legacy(a: Attachment, n: int, before: int) -> AttachmentsRead:
    """An old format: .doc, .xls and .rtf converted by LibreOffice and read as Word and Excel files are
    (parsers/office/legacy.py), at most MAX_CONVERSIONS of one mail (`before`: converted already); what is not
    converted, and the formats no converter here takes, named for staff."""
    from ..office import read_office
    from ..office.legacy import MAX_CONVERSIONS, Unconverted, convert, suffix_of

    what = LEGACY.get(_ext(a.name)) or LEGACY.get(LEGACY_TYPES.get(a.content_type.lower(), ""), "an old format")
    name = a.name or f"attachment-{n}"
    suffix = suffix_of(a.name, a.content_type, a.data)
    out = AttachmentsRead()
    if suffix is not None and before >= MAX_CONVERSIONS:
        why = f"only the first {MAX_CONVERSIONS} files of a mail in an old format are converted"
    elif suffix is not None:
        try:
            data, fmt = convert(a.data, suffix)
        except Unconverted as exc:
            why = str(exc)
        else:
            out.documents += read_office(data, name, fmt)
            return out
    else:
        why = "the bot does not read that format"
    out.problems.append(new_problem(
        "unsupported_attachment", f"The attachment {name} is {what}, which was not read ({why}); a staff member "
        "will look at it.", filename=a.name))
    return out


def read_attachment(name: str | None, content_type: str, data: bytes) -> AttachmentsRead:
    """One file: read_attachments of it alone."""
    return read_attachments([Attachment(name, content_type, data)])


def read_file(data: bytes, name: str) -> Reading | None:
    """The reading of a document file given on its own (`mailbot parse form.docx`), or None when the file
    is no document (a mail: read_mail reads it). A file the bot does not read is a document of kind
    "unknown" whose problem names it."""
    kind = what_is(name, "", data)
    if kind == "other" or (kind == "legacy" and _ext(name) not in LEGACY):
        return None
    got = read_attachment(name, "", data)
    docs = got.documents + [Document(filename=p.filename or name, kind=DocumentKind.UNKNOWN, fields=OtherFields(),
                                     problems=[p]) for p in got.problems]
    return Reading(message=None, documents=docs, ignored_attachments=got.ignored)
