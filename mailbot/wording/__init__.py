"""Wording: what the bot calls things in each language (names, dates, problems), apart from rendering.

The renderer (`mailbot/templating.py`) binds these as Jinja filters per template language, the web view
and the command line call them directly; each takes the language as `lang=` and reads the words from the
gettext catalogs (`mailbot/locale`).
"""
from __future__ import annotations

from collections.abc import Callable

from .dates import longdate, shortdate
from .names import (
    cap,
    doc_definite,
    doc_name,
    format_address,
    format_contact,
    join_and,
    notice_label,
    party_type_name,
    party_types_plural,
    state_name,
)
from .problems import document_problems, missing_documents, problem_question, problem_text

# every template names things through these, under their own names (`{{ kind|doc_name }}`)
FILTERS: tuple[Callable[..., str], ...] = (
    longdate, shortdate, doc_name, doc_definite, cap, party_type_name, party_types_plural, state_name,
    notice_label, problem_text, problem_question, join_and, format_address, format_contact,
)

__all__ = [
    "FILTERS", "cap", "doc_definite", "doc_name", "document_problems", "format_address", "format_contact",
    "join_and", "longdate", "missing_documents", "notice_label", "party_type_name", "party_types_plural",
    "problem_question", "problem_text", "shortdate", "state_name",
]
