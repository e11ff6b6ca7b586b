"""The information form reader's typed reading (`FormFields`, `Problem`s) as the contract prints it, for the
tests that assert what a reading says field by field and problem by problem."""
from __future__ import annotations

from typing import Any

from parsers.documents.form import read_information_form
from parsers.documents.page import PdfContent


def read_form(content: PdfContent) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The form's fields and problems as `mailbot parse` writes them (contracts.md section 1)."""
    fields, problems = read_information_form(content)
    return fields.as_json(), [p.as_json() for p in problems]
