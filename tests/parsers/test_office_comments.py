"""Comments beside an Office file's text (Word's comments, LibreOffice's annotations, Excel's cell notes) are a
party's remarks: never read as a value, never dropped, quoted for staff in one `uncertain` problem on the
document (parsers/office/remarks.py). Fixtures made here by python-docx, openpyxl and LibreOffice."""
from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pytest
from openpyxl.comments import Comment

from parsers.office import read_office
from tests.parsers import officemaker as om
from tests.parsers.test_office import needs_soffice

REMARK = "Vi har ikke fået vores nye CVR endnu, det sender vi senere"


def _commented_word() -> bytes:
    """The Word form with a comment by the party on the CVR line (python-docx's own comments API)."""
    d = docx.Document(io.BytesIO(om.word_form()))
    (p,) = [p for p in d.paragraphs if p.text.startswith("CVR-nummer")]
    d.add_comment(p.runs, text=REMARK, author="Anna Holm", initials="AH")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _remarked(doc: Any) -> list[str]:
    return [p.message for p in doc.problems if p.code == "uncertain" and not p.field and REMARK in p.message]


@pytest.mark.parametrize("fmt", ["docx", pytest.param("odt", marks=needs_soffice)])
def test_a_comment_in_a_word_or_writer_file_is_quoted_for_staff_at_its_line_never_a_value(fmt: str) -> None:
    data = _commented_word()
    if fmt == "odt":  # LibreOffice keeps Word's comment as its own annotation (office:annotation)
        data = om.soffice_convert(data, ".docx", "odt")
    (doc,) = read_office(data, f"Informationsskema.{fmt}", fmt)
    (message,) = _remarked(doc)
    assert "Anna Holm" in message and "CVR-nummer" in message  # who wrote it, and the line it stands at
    assert doc.form() is not None and doc.form().cvr == om.FORM_TRUTH["cvr"]  # the answer in the text is still read
    fields = doc.form().model_dump_json()
    assert "senere" not in fields  # the comment is no value


def test_a_word_file_without_comments_has_no_such_problem() -> None:
    (doc,) = read_office(om.word_form(), "Informationsskema.docx", "docx")
    assert not [p for p in doc.problems if p.code == "uncertain" and "comment" in p.message]


@pytest.mark.parametrize("fmt", ["xlsx", pytest.param("ods", marks=needs_soffice)])
def test_a_cell_comment_in_a_workbook_is_quoted_for_staff_with_its_cell(fmt: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(om.excel_form()))
    ws = wb.active
    (row,) = [r for r in ws.iter_rows() if r[0].value == "CVR-nummer"]
    row[1].comment = Comment(REMARK, "Anna Holm")
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue() if fmt == "xlsx" else om.soffice_convert(buf.getvalue(), ".xlsx", "ods")
    (doc,) = read_office(data, f"Informationsskema.{fmt}", fmt)
    (message,) = _remarked(doc)
    # where it stands: Excel's cell and author, or (Calc, which keeps no author from the .xlsx) the cell's own text
    assert (f"cell B{row[1].row}" in message and "Anna Holm" in message) if fmt == "xlsx" else \
        om.FORM_TRUTH["cvr"] in message
    assert "senere" not in doc.form().model_dump_json()
