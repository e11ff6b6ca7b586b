"""A Word file's pages as Word prints them: a paragraph set to begin a page (by itself or by its style) starts
one, so what a signing service adds on a page of its own is read as such (issue 22, the outside check's
`docx` delivery: LibreOffice writes its page breaks this way). Every file is made here with python-docx."""
from __future__ import annotations

import io
import shutil

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from parsers.office.docx import read_docx
from parsers.office.layout import lay_out
from parsers.office.package import open_package
from tests.parsers import officemaker as om

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="tests/run.sh installs LibreOffice (tests/servers/libreoffice.py)")


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


@needs_soffice
def test_an_odt_paragraph_whose_style_begins_a_page_begins_one() -> None:
    """LibreOffice saves the Word file's page-breaking style as an ODF style with fo:break-before="page"."""
    from parsers.office.odf import read_odf

    odt = om.soffice_convert(word("based"), ".docx", "odt")
    pkg = open_package(odt, "test.odt")
    content = lay_out(read_odf(pkg.read("content.xml"), pkg.read("styles.xml")).blocks)
    at = {ln.text: ln.page for ln in content.lines}
    assert at["Underskrifter"] == 1
    assert at["Signing evidence – Verified"] == 2
