"""Apple Pages, Numbers and Keynote files (.pages, .numbers, .key): a ZIP package whose own format (Snappy-framed
protobuf in Index/*.iwa, or iWork '09's index.xml) no library here reads. Many hold a PDF of the document that
Finder's Quick Look shows (`QuickLook/Preview.pdf`): that is read as a PDF is, every document it gives `uncertain`
as a whole (a preview may be cut to its first pages or its first sheet, and is not the file the party edits), so
staff confirm and the party is told nothing on it alone. A package with only a picture preview (`preview.jpg`, the
first page) or none is named for staff, as before. The package is checked first as any Office file is
(package.py: parts, sizes, ratios, encryption)."""
from __future__ import annotations

import io
import os
import zipfile

from ..problems import new_problem
from ..reading import Document, Problem
from .package import Refused, open_package

EXTENSIONS = {".pages": "an Apple Pages file", ".numbers": "an Apple Numbers file", ".key": "an Apple Keynote file"}
PREVIEWS = ("QuickLook/Preview.pdf", "preview.pdf")
MAX_PREVIEW_BYTES = 25_000_000


def is_package(data: bytes, names: set[str] | None = None) -> bool:
    """Is this ZIP an iWork package, by its parts (a .pages sent without its name, or renamed)?"""
    if names is None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist()[:5000])
        except Exception:  # noqa: BLE001 - not a readable ZIP
            return False
    return "Index/Document.iwa" in names or "Index.zip" in names or (
        "QuickLook/Preview.pdf" in names and any(n in names for n in ("index.xml", "index.xml.gz", "Index.zip")))


def what_file(filename: str) -> str:
    """"an Apple Pages file", by its name; "an Apple iWork file" when the name does not say."""
    return EXTENSIONS.get(os.path.splitext(filename.lower())[1], "an Apple iWork file")


def read_iwork(data: bytes, filename: str) -> tuple[list[Document], list[Problem]]:
    """The documents read from the package's preview PDF, each `uncertain` as a whole; or a problem naming the
    file for staff when it holds no preview PDF or cannot be opened."""
    from ..documents.pipeline import read_pdf_all  # local: the pipeline imports this package's callers

    what = what_file(filename)
    try:
        pkg = open_package(data, f"The file {filename}")
        preview = next((n for n in PREVIEWS if n in pkg.names), None)
        info = pkg.zip.getinfo(preview) if preview else None
        pdf = pkg.read(preview) if preview and info and info.file_size <= MAX_PREVIEW_BYTES else None
    except Refused as exc:
        return [], [new_problem(exc.code if exc.code != "unreadable" else "unsupported_attachment",
                                f"The attachment {filename} is {what}, which was not read: {exc}", filename=filename)]
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged package: named, never a crash
        return [], [new_problem("unsupported_attachment", f"The attachment {filename} is {what}, which could not be "
                                f"opened ({type(exc).__name__}); a staff member will look at it.", filename=filename)]
    if pdf is None or not pdf.lstrip().startswith(b"%PDF"):
        return [], [new_problem("unsupported_attachment", f"The attachment {filename} is {what}, which was not read "
                                "(it holds no PDF preview; the bot does not read Apple's own format); a staff member "
                                "will look at it. Please export it as a PDF.", filename=filename)]
    docs = read_pdf_all(pdf, filename)
    for d in docs:
        d.problems.append(new_problem("uncertain", f"{filename} is {what}; it was read from the PDF preview Apple "
                                      "keeps inside it, which may show only part of the document: a member of staff "
                                      "should confirm it against the file."))
    return docs, []
