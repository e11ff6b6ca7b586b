"""TDC Erhverv's replies: what happened (date agreed, equipment shipped, installed, meeting wanted,
a question) and when. Only TDC's own new text counts, never our order quoted below it."""
from __future__ import annotations

import datetime as dt
import re

from ..values import MONTH_RE, MONTHS
from .quoting import new_text

_INSTALLED = re.compile(
    r"installation(?:en)?\s+(?:er\s+)?(?:nu\s+)?(?:gennemført|færdig|afsluttet|udført)|gennemført\s+og\s+testet"
    r"|er\s+(?:nu\s+)?installeret|forbindelsen\s+er\s+(?:nu\s+)?(?:aktiv|oppe|etableret)|(?:has\s+been|was|is)\s+"
    r"(?:successfully\s+)?(?:installed|completed)|installation\s+(?:is\s+|has\s+been\s+)?(?:complete|completed|done)"
    r"|installed\s+and\s+tested|(?:connection|line|circuit|link|service)\s+is\s+(?:now\s+)?(?:live|active|up|operational"
    r"|in\s+(?:service|operation|production))|up\s+and\s+running|(?:has|have)\s+been\s+(?:activated|commissioned)"
    r"|(?:linjen|forbindelsen|kredsløbet|tilslutningen|sdn-?forbindelsen)\s+er\s+(?:nu\s+)?(?:oprettet|aktiv(?:eret)?"
    r"|idriftsat|i\s+drift|etableret|oppe)|idriftsættelsen\s+er\s+(?:gennemført|sket)", re.I)
_SHIPPED = re.compile(
    r"(?:udstyr\w*|router\w*|sd-?wan|hardware|equipment|pakke\w*)[^.\n]{0,80}?(?:er\s+)?(?:afsendt|sendt|"
    r"leveret|på\s+vej|shipped|dispatched|sent|on\s+(?:its|the)\s+way)|(?:afsendt|sendt|shipped|dispatched|posted)"
    r"[^.\n]{0,60}(?:udstyr|equipment|router|box|boks|device|enhed|hardware|pakke|package|parcel)"
    r"|\b(?:tracking|track\s*(?:&|and)\s*trace|sporings(?:nummer|link)|trackingnummer|pakkenummer)\b", re.I)
_MEETING = re.compile(r"koordinerings-?\s*(?:møde|opkald)|coordination\s+(?:meeting|call)|opstartsmøde|afklaringsmøde"
                      r"|kick-?off\s+(?:meeting|call)|\bet\s+(?:kort\s+|online\s+|teams-?\s*|virtuelt\s+)?møde\b"
                      r"|\bmøde\s+(?:med|inden|før)\b|(?:schedule|arrange|hold|set\s+up|book)\s+a\s+(?:short\s+|brief\s+"
                      r"|teams\s+|online\s+)?(?:meeting|call)", re.I)
_INSTALL_DATE = re.compile(r"installation|installere|installeres|montering|opsætning|install|tekniker"
                           r"|technician|booked|scheduled|aftalt|planlagt|fastlagt|bekræfte", re.I)

# "kl.", "fra kl.", "at", "from approx." between a date and its time
_AT = r"\s*,?\s*(?:(?:fra|from|omkring|around|ca\.?|approx\.?)\s+)*(?:kl\.?|klokken|at|@)\s*"
_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:[ T]+(?P<h>\d{1,2})[:.](?P<m>\d{2}))?"),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})[-/.](?P<mo>\d{1,2})[-./](?P<y>\d{4})(?!\d)"
               rf"(?:{_AT}(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?"
               r"|\s*,?\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2}))?", re.I),
    # day and month without a year, as Danes write it: "den 3.2. kl. 10"
    re.compile(r"(?<![\d.:/])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?![\d])"
               rf"(?:{_AT}(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?)?", re.I),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?:de[nr]\s+)?(?P<mon>{MONTH_RE})\.?(?:\s*,?\s*(?P<y>\d{{4}}))?"
               rf"(?:(?:{_AT}|\s*,\s*)(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?\s*(?P<ampm>am|pm)?)?", re.I),
    re.compile(rf"\b(?P<mon>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<y>\d{{4}}))?"
               rf"(?:\s*(?:,|at|@)\s*(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?\s*(?P<ampm>am|pm)?)?", re.I),
]


def _find_when(text: str, now: dt.datetime) -> dt.datetime | None:
    found: list[tuple[int, dt.datetime]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            g = m.groupdict()
            if g.get("h2"):
                g["h"], g["m"] = g["h2"], g["m2"]
            before = text[max(0, m.start() - 9):m.start()]
            if not g.get("y") and re.search(r"(?:kl\.?|klokken|at|from|fra|til|to)\s*$", before, re.I):
                continue  # "kl. 10.05." is a time, not the 10th of May
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
        if not abs((when.replace(tzinfo=None) - base).days) <= 730:
            continue  # "3.2. kl. 10" read as the year 2110 is no appointment
        if re.search(r"\d", phrase) and re.search(r"[a-zæøå]{3}|\d[./-]\d", phrase, re.I):
            moment: dt.datetime = when.replace(tzinfo=None)
            return moment
    return None


# what a reply's subject carries besides TDC's own words: reply and forward prefixes, our case reference in
# brackets, and the party's CVR our order's subject names
_SUBJECT_NOISE = re.compile(r"^(?:\s*(?:re|sv|aw|vs|fw|fwd|videresend|antw)\s*(?:\[\d+\])?\s*:)+|\[[^\]]*\]"
                            r"|\(?\bCVR[-\s.:nr]*\d{8}\)?", re.I)


def read_tdc_reply(text: str, now: dt.datetime, subject: str = "") -> dict[str, str | None]:
    """{"kind": installation_date|equipment_shipped|installed|coordination_meeting|question|unknown,
    "when": ISO datetime or None}. The subject is read, alone, only when the body says nothing the reader
    knows: TDC's delivery staff sometimes put the date in the subject alone ("Installation 14. januar 2027 kl.
    9", the body "Se emnefeltet"), and that mail would otherwise wait for a person. The caller gives the
    subject only where an old one cannot mislead (route: while no installation date is set)."""
    found = _read(new_text(text or ""), now)
    words = _SUBJECT_NOISE.sub(" ", subject).strip()
    if found["kind"] == "unknown" and words:
        # the subject alone, never joined to the body: a date in the body beside "installation" in the subject
        # may be any date ("we received the order on 3 December" under our reminder's "installation date")
        return _read(words, now)
    return found


def _read(own: str, now: dt.datetime) -> dict[str, str | None]:
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
