"""Problem objects as contracts.md section 1 shows them: {"code", "message"}."""
from __future__ import annotations

from typing import Any


def problem(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """One problem; the message is plain words a party or staff member can act on. Extra keys (e.g.
    `fields` of a missing_field) let the bot name each item in the party's own language."""
    return {"code": code, "message": message, **extra}
