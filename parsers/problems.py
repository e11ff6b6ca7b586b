"""Problem objects as contracts.md section 1 shows them: {"code", "message"}, and as the core's `Problem`."""
from __future__ import annotations

from typing import Any

from .reading import Problem


def problem(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """One problem as the contract's JSON object, for the readers that still build their output as JSON (the
    form reader); the message is plain words a party or staff member can act on. Extra keys
    (e.g. `fields` of a missing_field) let the bot name each item in the party's own language."""
    return {"code": code, "message": message, **extra}


def new_problem(code: str, message: str, **extra: object) -> Problem:
    """One problem as the document model's `Problem`, its keys in the order given (as the contract prints
    them); extra keys the model does not name (`seen`, `ocr`) are kept, as the contract allows."""
    return Problem.model_validate({"code": code, "message": message, **extra})
