"""How sure the reader is of each field, and `uncertain` where acting on a guess would do harm.

A wrong value is worse than a missing one: a field whose value does not look like what the field
holds (a signatory "name" that is the tail of a label, a CVR that is no CVR, a date in another
century) or that was read by OCR is reported with the problem `uncertain`, and the case goes to
staff with the reading instead of the bot acting on it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .. import postcodes
from ..problems import new_problem
from ..reading import Address, Fields, Person, Problem
from ..values import cvr_valid, looks_like_name
from .glyphs import mixed_script
from .page import Dispute, PdfContent, garbled

UNCERTAIN_BELOW = 0.6
_SAID = {"invalid_cvr": "cvr", "invalid_email": "email", "invalid_phone": "phone"}
_FROM_BOXES = ("party_type", "connected_via")  # the fields read from ticked options


def _text_ok(value: str, *, max_len: int = 100) -> float:
    v = value.strip()
    if not v or len(v) > max_len:
        return 0.3
    if not (v[0].isalnum() or v[0] in "(\"'") or v[0].islower():  # ": Frederik", "n: Bækgaard", "nd"
        return 0.3
    if ":" in v or len(v) < 3:
        return 0.4
    if re.search(r"[^\W\d_]-$", v):  # a word broken at a line's end ("Hospice Lyngå (selvejende institu-"): cut short
        return 0.4
    return 0.9


# a word joined across a line's hyphen between small letters ("institu-tion)"): the typesetter's hyphen or the
# word's own, which the page cannot tell; no name of an organisation is usually so written
_HYPHEN_IN_WORD = re.compile(r"[a-zæøå]{2}-[a-zæøå]{3}")


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


def _contact_ok(c: Person) -> float:
    scores = [_name_ok(c.name) if c.name else 0.9]
    if c.email:
        scores.append(0.95 if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", c.email) else 0.5)
    if c.phone:
        scores.append(0.95 if re.fullmatch(r"\+\d{8,15}", c.phone) else 0.5)
    return min(scores)


def _address_ok(a: Address) -> float:
    """Equipment is shipped to this address: a postcode that is not four digits is a guess."""
    scores = [0.9]
    if a.postcode:
        code = a.postcode
        # four digits that are no Danish postcode (the 2018 list may lack a new one; fixtures use 9999):
        # shown lower, not a stop, since the party wrote it under its label
        scores.append(0.4 if not re.fullmatch(r"\d{4}", code) else 0.9 if postcodes.is_postcode(code) else 0.65)
        if a.city and postcodes.is_postcode(code):
            # a town that is not the postcode's own is worth a look, not a stop (parties write the
            # locality, "Fjordby", where the postal district is another)
            scores.append(0.9 if postcodes.match_town(code, a.city) >= 0.85 else 0.75)
    if a.street:
        scores.append(_text_ok(a.street))
    if a.city:
        scores.append(_text_ok(a.city, max_len=40))
    return min(scores)


def _any_value(value: Person | Address) -> bool:
    """Whether a contact or an address holds anything (a form's empty block is given, all absent)."""
    return any(value.model_dump().values())


def field_confidence(kind: str, fields: Fields) -> dict[str, float]:
    """{field: 0..1} for every field that holds a value, in the order the reader wrote them."""
    out: dict[str, float] = {}
    for key in fields.as_json():
        value: object = getattr(fields, key, None)
        if value is None or value == [] or key.startswith("_"):
            continue
        if key == "cvr":
            out[key] = 0.95 if cvr_valid(str(value)) else 0.5
        elif key == "signatory_name":
            out[key] = _name_ok(str(value))
        elif key in ("organisation", "signatory_title"):
            out[key] = _text_ok(str(value))
            if key == "organisation" and _HYPHEN_IN_WORD.search(str(value)):
                out[key] = min(out[key], 0.4)
        elif key == "signature_date":
            out[key] = _date_ok(str(value))
        elif key == "org_contact" and isinstance(value, Person):
            if _any_value(value):
                out[key] = _contact_ok(value)
        elif key == "technical_contacts" and isinstance(value, list):
            out[key] = min(_contact_ok(c) for c in value)
        elif key == "installation_address" and isinstance(value, Address):
            if _any_value(value):
                out[key] = _address_ok(value)
        elif isinstance(value, bool | str | list):
            out[key] = 0.9
    return out


def judge(kind: str, fields: Fields, problems: list[Problem],
          content: PdfContent) -> tuple[dict[str, float], list[Problem]]:
    """(confidence per field, `uncertain` problems) of one reading. The problems quote each value as the
    contract writes it (`written`), as staff will see it in the reading."""
    conf = field_confidence(kind, fields)
    written = fields.as_json()
    for p in problems:
        if p.code == "uncertain" and p.field in conf:
            conf[p.field] = min(conf[p.field], 0.5)
    if content.ocr_pages:
        ocr = min(content.ocr_confidence or [0.5])
        conf = {k: round(min(v, 0.55, ocr), 2) for k, v in conf.items()}
    already = {p.field for p in problems if p.code == "uncertain"}
    said = {_SAID[p.code] for p in problems if p.code in _SAID}
    if said & {"email", "phone"}:
        said |= {"org_contact", "technical_contacts"}
    out: list[Problem] = []
    for key, why in _two_readings(written, content).items():
        if key not in already:
            out.append(new_problem("uncertain", why, field=key, seen=_seen(written.get(key))))
            already.add(key)
            if key in conf:
                conf[key] = min(conf[key], 0.4)
    if content.ocr_pages:
        pages = ", ".join(str(p) for p in content.ocr_pages)
        out.append(new_problem("uncertain", f"The document is a scan (page {pages} read by OCR); a staff member must "
                         "confirm what was read before it is used.", field=None, ocr=True))
        return conf, out
    for key, c in conf.items():
        if c < UNCERTAIN_BELOW and key not in already and key not in said:
            out.append(new_problem("uncertain", f"The reader is not sure of {key}: it read {written[key]!r}.",
                             field=key, seen=str(written[key])[:200]))
    return conf, out


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _seen(value: object) -> str | None:
    return None if value is None else str(value)[:200]


def _holds(value: str, d: Dispute) -> bool:
    """Whether a field's value holds the disputed text: the word itself (a text layer's word), or the
    same letters and digits (a form value, which the reader may have re-spelled: a phone, a CVR)."""
    if d.how == "appearance":
        mine, theirs = _skeleton(value), _skeleton(d.shown)
        return len(theirs) >= 3 and (theirs in mine or len(mine) >= 3 and mine in theirs)
    word = d.shown.strip(".,:;()")
    return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", value) is not None


def _skeleton(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _two_readings(fields: Mapping[str, object], content: PdfContent) -> dict[str, str]:
    """{field: why} for each field that a second reading of the page contradicts, or that holds glyph codes.

    A suspect text layer read again by OCR, a form field's value against the text its appearance draws,
    a drawn mark across two check boxes: where the two disagree, the field is `uncertain` and staff see
    both readings; the reader chooses neither silently."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        if key.startswith("_") or value is None:
            continue
        texts = _strings(value)
        bad = next((t for t in texts if garbled(t) or mixed_script(t)), None)
        if bad is not None:
            out[key] = (f"The text of {key} holds characters that are no letters ({bad!r}): the PDF's text "
                        "layer does not decode; a staff member must read the page.")
            continue
        for d in content.disputes:
            if d.how == "mark" or not any(_holds(t, d) for t in texts):
                continue
            if d.how == "appearance":
                out[key] = (f"The form field behind {key} holds {d.shown!r}, but the page shows {d.other!r} "
                            f"(page {d.page}); a staff member must say which is meant.")
            elif d.how == "hidden":
                out[key] = (f"The text {d.shown!r} behind {key} on page {d.page} is invisible: a program's reading of "
                            "a picture on the page (OCR), not text the page shows; a staff member must confirm it.")
            elif d.how == "zone":
                out[key] = (f"The moment of signing behind {key} ({d.shown}, page {d.page}) is near midnight and its "
                            f"time zone reads {d.other!r}: the day depends on the zone; a staff member must confirm.")
            elif d.how == "decoded":
                out[key] = (f"The PDF's text layer does not decode some letters of {d.shown!r} for {key} on page "
                            f"{d.page}; they were read from the page's picture by OCR, which confuses letters such "
                            "as ö, ø and å; a staff member must confirm them.")
            elif d.other is None:
                out[key] = (f"The PDF's text layer reads {d.shown!r} for {key} on page {d.page}, with letters "
                            "that the page's fonts may map wrongly, and the page could not be read by OCR to "
                            "check it; a staff member must read the page.")
            else:
                out[key] = (f"The PDF's text layer reads {d.shown!r} for {key} on page {d.page}, but the page "
                            f"itself shows {d.other!r} (read by OCR); a staff member must read the page.")
            break
    lying = sorted({d.page for d in content.disputes if d.how in ("ocr", "decoded")})
    if fields.get("signed") is False and lying:
        # the signature block's words (a typed name, a signer's title) are read from the same text layer
        out["signed"] = (f"The PDF's text layer on page {', '.join(map(str, lying))} does not say what the page "
                         "shows, so no signature found in it is no evidence of none; a staff member must look.")
    marks = [d for d in content.disputes if d.how == "mark"]
    if marks:
        pages = ", ".join(map(str, sorted({d.page for d in marks})))
        why = (f"a sign on page {pages} that does not decode ({marks[0].shown}) may be a check box" if marks[0].shown
               else f"a mark drawn on page {pages} lies across two check boxes")
        for key in _FROM_BOXES:
            if key in fields and key not in out:
                out[key] = f"Which option of {key} is ticked cannot be told: {why}; a staff member must look."
    return out
