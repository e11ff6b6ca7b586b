"""The core's judgements of a reading, one module per kind: is a required field missing (`missing`), do
two documents disagree on the party's CVR or name (`mismatch`), is an agreement on MedCom's template
(`template`), did the party sign it enough (`signing`), which way an address broken at a line's end reads
(`broken_address`).

Each is decided here once. The readers (`parsers/`) call them to write the problems `mailbot parse`
shows (contracts.md section 1), and the case machine calls them again when a person corrected a reading;
nobody else decides these things. Pure functions over values and evidence; they import nothing but the
vocabulary and the document model (which the readers import anyway), so a reader's worker process loads no
more of the core than it did. Every judgement gives the document model's `Problem`; the readers and the
machine take it as it is.
"""
from __future__ import annotations

from typing import Any

from ..readings import Problem

__all__ = ["Problem", "problem"]


def problem(code: str, message: str, **extra: Any) -> Problem:
    """A problem as contracts.md shows it, its keys in the order given; extras that are None are left out."""
    return Problem.model_validate({"code": code, "message": message,
                                   **{k: v for k, v in extra.items() if v is not None}})
