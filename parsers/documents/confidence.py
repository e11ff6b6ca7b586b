"""How sure the reader is of each field, and `uncertain` where acting on a guess would do harm.

A wrong value is worse than a missing one: a field whose value does not look like what the field
holds (a signatory "name" that is the tail of a label, a CVR that is no CVR, a date in another
century) or that was read by OCR is reported with the problem `uncertain`, and the case goes to
staff with the reading instead of the bot acting on it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import postcodes
from ..problems import problem
from ..values import cvr_valid, looks_like_name
from .page import PdfContent

UNCERTAIN_BELOW = 0.6
_SAID = {"invalid_cvr": "cvr", "invalid_email": "email", "invalid_phone": "phone"}


def _text_ok(value: str, *, max_len: int = 100) -> float:
    v = value.strip()
    if not v or len(v) > max_len:
        return 0.3
    if not (v[0].isalnum() or v[0] in "(\"'") or v[0].islower():  # ": Frederik", "n: Bækgaard", "nd"
        return 0.3
    if ":" in v or len(v) < 3:
        return 0.4
    return 0.9


def _name_ok(value: str) -> float:
    if looks_like_name(value):
        return 0.92
    return min(_text_ok(value, max_len=60), 0.7)


def _date_ok(value: str) -> float:
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return 0.2
    return 0.9 if 2000 <= d.year <= dt.date.today().year + 1 else 0.3


def _contact_ok(c: dict[str, Any]) -> float:
    scores = [_name_ok(c["name"]) if c.get("name") else 0.9]
    if c.get("email"):
        scores.append(0.95 if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", c["email"]) else 0.5)
    if c.get("phone"):
        scores.append(0.95 if re.fullmatch(r"\+\d{8,15}", c["phone"]) else 0.5)
    return min(scores)


def _address_ok(a: dict[str, Any]) -> float:
    """Equipment is shipped to this address: a postcode that is not four digits is a guess."""
    scores = [0.9]
    if a.get("postcode"):
        code = a["postcode"]
        # four digits that are no Danish postcode (the 2018 list may lack a new one; fixtures use 9999):
        # shown lower, not a stop, since the party wrote it under its label
        scores.append(0.4 if not re.fullmatch(r"\d{4}", code) else 0.9 if postcodes.is_postcode(code) else 0.65)
        if a.get("city") and postcodes.is_postcode(code):
            # a town that is not the postcode's own is worth a look, not a stop (parties write the
            # locality, "Fjordby", where the postal district is another)
            scores.append(0.9 if postcodes.match_town(code, a["city"]) >= 0.85 else 0.75)
    if a.get("street"):
        scores.append(_text_ok(a["street"]))
    if a.get("city"):
        scores.append(_text_ok(a["city"], max_len=40))
    return min(scores)


def field_confidence(kind: str, fields: dict[str, Any]) -> dict[str, float]:
    """{field: 0..1} for every field that holds a value."""
    out: dict[str, float] = {}
    for key, value in fields.items():
        if value is None or value == [] or key.startswith("_"):
            continue
        if key == "cvr":
            out[key] = 0.95 if cvr_valid(value) else 0.5
        elif key == "signatory_name":
            out[key] = _name_ok(value)
        elif key in ("organisation", "signatory_title"):
            out[key] = _text_ok(value)
        elif key == "signature_date":
            out[key] = _date_ok(value)
        elif key == "org_contact":
            if any(value.values()):
                out[key] = _contact_ok(value)
        elif key == "technical_contacts":
            out[key] = min(_contact_ok(c) for c in value)
        elif key == "installation_address":
            if any(value.values()):
                out[key] = _address_ok(value)
        elif isinstance(value, bool | str | list):
            out[key] = 0.9
    return out


def judge(kind: str, fields: dict[str, Any], problems: list[dict[str, Any]],
          content: PdfContent) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """(confidence per field, `uncertain` problems) of one reading."""
    conf = field_confidence(kind, fields)
    for p in problems:
        if p.get("code") == "uncertain" and p.get("field") in conf:
            conf[p["field"]] = min(conf[p["field"]], 0.5)
    if content.ocr_pages:
        ocr = min(content.ocr_confidence or [0.5])
        conf = {k: round(min(v, 0.55, ocr), 2) for k, v in conf.items()}
    already = {p.get("field") for p in problems if p.get("code") == "uncertain"}
    said = {_SAID[p["code"]] for p in problems if p.get("code") in _SAID}
    if said & {"email", "phone"}:
        said |= {"org_contact", "technical_contacts"}
    out: list[dict[str, Any]] = []
    if content.ocr_pages:
        pages = ", ".join(str(p) for p in content.ocr_pages)
        out.append(problem("uncertain", f"The document is a scan (page {pages} read by OCR); a staff member must "
                           "confirm what was read before it is used.", field=None, ocr=True))
        return conf, out
    for key, c in conf.items():
        if c < UNCERTAIN_BELOW and key not in already and key not in said:
            out.append(problem("uncertain", f"The reader is not sure of {key}: it read {fields[key]!r}.",
                               field=key, seen=str(fields[key])[:200]))
    return conf, out
