"""Problem objects as contracts.md section 1 shows them ({"code", "message"}), as the core's `Problem`."""
from __future__ import annotations

from .reading import Problem


def new_problem(code: str, message: str, **extra: object) -> Problem:
    """One problem as the document model's `Problem`, its keys in the order given (as the contract prints
    them); extra keys the model does not name (`seen`, `ocr`) are kept, as the contract allows."""
    return Problem.model_validate({"code": code, "message": message, **extra})
