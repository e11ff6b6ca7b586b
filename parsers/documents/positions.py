"""Where each value of a reading stands on its page, so the staff view can outline it beside the reading.

Found after the reading, by looking for each value among the page model's words: the readers keep reading
values as they do, and this only points at them. A value is found by its words in order (case and spacing
aside), or, for numbers (CVR, phone), by its digits; a value not found has no position (the page is shown
without an outline for it, never with a guess). Pages read turned upright are left out: their words are in
the upright page's space, not the drawn page's.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..reading import Fields, Spot
from .page_types import Line, PdfContent, Word

MAX_WORDS = 16  # the longest value looked for, in words (an organisation's name, an address)


def _leaves(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every value of a reading: `org_contact.email`, `technical_contacts.0.phone`, `ip_scopes.1`."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{path}.{i}")
    elif isinstance(value, str) and value.strip():
        yield path, value


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _matches(words: list[Word], value: str) -> bool:
    text = " ".join(w.text for w in words)
    if _norm(text) == _norm(value):
        return True
    digits = _digits(value)
    if len(digits) >= 8 and re.fullmatch(r"[+\d\s().-]+", value.strip()):  # a CVR or a phone, as written
        if not (_digits(words[0].text) and _digits(words[-1].text)):
            return False  # the number's own words, not a label before it
        seen = _digits(text)
        return seen == digits or (value.startswith("+45") and seen == digits[2:])
    return False


def _box(words: list[Word]) -> list[float]:
    return [round(min(w.x0 for w in words), 1), round(min(w.top for w in words), 1),
            round(max(w.x1 for w in words), 1), round(max(w.bottom for w in words), 1)]


def _find(lines: list[Line], value: str) -> tuple[int, list[float]] | None:
    size = min(MAX_WORDS, max(1, len(value.split())) + 3)
    text, digits = _norm(value), _digits(value)
    for line in lines:
        seen = line.text
        if text not in _norm(seen) and not (len(digits) >= 8 and digits[-8:] in _digits(seen)):
            continue  # the value is not on this line at all: no window of it can be
        words = [w for s in line.segments for w in s.words]
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + size) + 1):
                if _matches(words[start:end], value):
                    return line.page, _box(words[start:end])
    return None


def locate(content: PdfContent, fields: Fields) -> dict[str, Spot]:
    """{path: Spot(page, bbox [x0, top, x1, bottom])} for each value of `fields` found on its pages (PDF
    points from the page's top left, as pdfplumber measures them). The paths are those of the fields as the
    contract writes them (`org_contact.email`)."""
    turned = {int(n) for n in re.findall(r"page (\d+) is turned", " ".join(content.notes))}
    lines = [ln for ln in content.lines if ln.page not in turned]
    found: dict[str, Spot] = {}
    for path, value in _leaves(fields.as_json()):
        if len(value) > 300:
            continue
        hit = _find(lines, value)
        if hit is not None:
            found[path] = Spot(page=hit[0], bbox=hit[1])
    return found
