"""TDC Erhverv's replies: what happened (date agreed, equipment shipped, installed, meeting wanted,
a question) and when. Only TDC's own new text counts, never our order quoted below it."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .fields import MONTH_RE, MONTHS
from .quoting import new_text

_INSTALLED = re.compile(
    r"installation(?:en)?\s+(?:er\s+)?(?:nu\s+)?(?:gennemført|færdig|afsluttet|udført)|gennemført\s+og\s+testet"
    r"|er\s+(?:nu\s+)?installeret|forbindelsen\s+er\s+(?:nu\s+)?(?:aktiv|oppe|etableret)|(?:has\s+been|was|is)\s+"
    r"(?:successfully\s+)?(?:installed|completed)|installation\s+(?:is\s+|has\s+been\s+)?(?:complete|completed|done)"
    r"|installed\s+and\s+tested|connection\s+is\s+(?:now\s+)?(?:live|active|up)", re.I)
_SHIPPED = re.compile(
    r"(?:udstyr\w*|router\w*|sd-?wan|hardware|equipment|pakke\w*)[^.\n]{0,80}?(?:er\s+)?(?:afsendt|sendt|"
    r"leveret|på\s+vej|shipped|dispatched|sent|on\s+(?:its|the)\s+way)|(?:afsendt|shipped|dispatched)[^.\n]{0,60}"
    r"(?:udstyr|equipment|router)", re.I)
_MEETING = re.compile(r"koordineringsmøde|koordinerings-?\s*møde|coordination\s+meeting|opstartsmøde"
                      r"|afklaringsmøde|kick-?off\s+meeting|(?:holde|afholde|book\w*|aftale)\s+et\s+møde"
                      r"|(?:schedule|arrange|hold)\s+a\s+meeting", re.I)
_INSTALL_DATE = re.compile(r"installation|installere|installeres|montering|opsætning|install|tekniker"
                           r"|technician|booked|scheduled|aftalt|planlagt|fastlagt|bekræfte", re.I)

_TIME = r"(?:\s*(?:,|kl\.?|klokken|at|@|from|fra)?\s*(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ampm>am|pm)?)?"
_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:[ T]+(?P<h>\d{1,2})[:.](?P<m>\d{2}))?"),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})[/.](?P<mo>\d{1,2})[-./](?P<y>\d{4})(?!\d)"
               r"(?:\s*(?:,|kl\.?|klokken|at)\s*(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?)?", re.I),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?:de[nr]\s+)?(?P<mon>{MONTH_RE})\.?(?:\s*,?\s*(?P<y>\d{{4}}))?"
               rf"(?:\s*(?:,|kl\.?|klokken|at)\s*(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?\s*(?P<ampm>am|pm)?)?", re.I),
    re.compile(rf"\b(?P<mon>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<y>\d{{4}}))?"
               rf"(?:\s*(?:,|at|@)\s*(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?\s*(?P<ampm>am|pm)?)?", re.I),
]


def _find_when(text: str, now: dt.datetime) -> dt.datetime | None:
    found: list[tuple[int, dt.datetime]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            g = m.groupdict()
            try:
                month = MONTHS[g["mon"].lower()] if g.get("mon") else int(g["mo"])
                day = int(g["d"])
                hour = int(g["h"]) if g.get("h") else 0
                minute = int(g["m"]) if g.get("m") else 0
                if (g.get("ampm") or "").lower() == "pm" and hour < 12:
                    hour += 12
                if g.get("y"):
                    year = int(g["y"])
                    hit = dt.datetime(year, month, day, hour, minute)
                else:
                    hit = dt.datetime(now.year, month, day, hour, minute)
                    if hit.date() < now.date():
                        hit = hit.replace(year=now.year + 1)
            except (ValueError, KeyError, TypeError):
                continue
            found.append((m.start(), hit))
    if found:
        found.sort(key=lambda x: x[0])
        when: dt.datetime | None = found[0][1]
    else:
        when = _dateparser_when(text, now)
    if when is None:
        return None
    if when.tzinfo is None and now.tzinfo is not None:
        when = when.replace(tzinfo=now.tzinfo)
    return when


def _dateparser_when(text: str, now: dt.datetime) -> dt.datetime | None:
    """dateparser as the fallback for wordings the patterns above do not know."""
    try:
        from dateparser.search import search_dates
        base = now.replace(tzinfo=None)
        hits = search_dates(text, languages=["da", "en"],
                            settings={"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base,
                                      "REQUIRE_PARTS": ["day", "month"]})
    except Exception:
        return None
    for phrase, when in hits or []:
        if re.search(r"\d", phrase) and re.search(r"[a-zæøå]{3}|\d[./-]\d", phrase, re.I):
            return when.replace(tzinfo=None)
    return None


def read_tdc_reply(text: str, now: dt.datetime) -> dict[str, Any]:
    """{"kind": installation_date|equipment_shipped|installed|coordination_meeting|question|unknown,
    "when": ISO datetime or None}."""
    own = new_text(text or "")
    kind = "unknown"
    when = None
    if _INSTALLED.search(own):
        kind = "installed"
    elif _SHIPPED.search(own):
        kind = "equipment_shipped"
    elif _MEETING.search(own):
        kind = "coordination_meeting"
    else:
        found = _find_when(own, now)
        if found is not None and _INSTALL_DATE.search(own):
            kind = "installation_date"
            when = found
        elif "?" in own:
            kind = "question"
    if kind != "installation_date":
        found = _find_when(own, now)
        when = found if found is not None and kind != "question" else None
    return {"kind": kind, "when": when.isoformat() if when else None}
