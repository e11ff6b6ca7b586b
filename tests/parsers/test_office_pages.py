"""A Word file's pages as Word prints them: a paragraph set to begin a page (by itself or by its style) starts
one, so what a signing service adds on a page of its own is read as such (issue 22, the outside check's
`docx` delivery: LibreOffice writes its page breaks this way). Every file is made here with python-docx."""
from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE

from parsers.office.docx import read_docx
from parsers.office.layout import lay_out
from parsers.office.package import open_package


def word(page_break: str) -> bytes:
    d = docx.Document()
    d.add_paragraph("Aftale om tilslutning til Sundhedsdatanettet")
    d.add_paragraph("Underskrifter")
    base = d.styles.add_style("NewPage", WD_STYLE_TYPE.PARAGRAPH)
    base.paragraph_format.page_break_before = True
    derived = d.styles.add_style("Evidence", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = base
    style = {"style": "NewPage", "based": "Evidence"}.get(page_break)
    p = d.add_paragraph("Signing evidence – Verified", style=style)
    if page_break == "own":
        p.paragraph_format.page_break_before = True
    d.add_paragraph("Status: signed by every signer.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pages(data: bytes) -> dict[str, int]:
    content = lay_out(read_docx(data, open_package(data, "test.docx").names).blocks)
    return {ln.text: ln.page for ln in content.lines}


def test_a_paragraph_set_to_begin_a_page_begins_one() -> None:
    for how in ("own", "style", "based"):
        at = pages(word(how))
        assert at["Underskrifter"] == 1, how
        assert at["Signing evidence – Verified"] == 2 and at["Status: signed by every signer."] == 2, how


def test_a_paragraph_not_set_so_stays_on_its_page() -> None:
    at = pages(word("none"))
    assert at["Signing evidence – Verified"] == 1
