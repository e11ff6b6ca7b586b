"""Problem objects as contracts.md section 1 shows them: {"code", "message"}."""
from __future__ import annotations


def problem(code: str, message: str) -> dict[str, str]:
    """One problem; the message is plain words a party or staff member can act on."""
    return {"code": code, "message": message}
