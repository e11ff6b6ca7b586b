"""Free-text search over cases, the one rule the command line and the web view share: a case matches when its
reference (or a merged case's), organisation, CVR, a contact's address or name, or the subject of a mail in
or out holds the text, case-insensitively (a LIKE pattern; `%` and `_` typed are text)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select

from .models import CaseAliasRow, CaseRow, ContactRow, InboundRow, OutboundRow

MAX_QUERY = 100  # characters of a search that count


def like(text: str) -> str:
    """`text` as a LIKE pattern that finds it anywhere, its wildcards escaped (with `\\`)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def case_matches(text: str) -> Any:
    """A condition on `cases` for the search `text` (already stripped and non-empty)."""
    pat = like(text[:MAX_QUERY].lower())

    def has(column: Any) -> Any:
        return func.lower(func.coalesce(column, "")).like(pat, escape="\\")

    return or_(has(CaseRow.ref), has(CaseRow.organisation), has(CaseRow.cvr),
               col(CaseRow.id).in_(select(ContactRow.case_id).where(or_(has(ContactRow.email), has(ContactRow.name)))),
               col(CaseRow.id).in_(select(CaseAliasRow.case_id).where(has(CaseAliasRow.ref))),
               col(CaseRow.id).in_(select(InboundRow.case_id).where(has(InboundRow.subject))),
               col(CaseRow.id).in_(select(OutboundRow.case_id).where(has(OutboundRow.subject))))
