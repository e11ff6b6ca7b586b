"""A Danish address written on one line or in a sentence: street and number, a floor, postcode and town.

The town after its postcode may have several words ("8000 Aarhus C", "2800 Kongens Lyngby", "4291 Ruds
Vedby"): where the text does not end it (a comma, a full stop, a lower-case word), the official name of the
postcode (`postcodes.py`) says how many of the words that follow are the town's, so a sentence going on
after it ("... 8000 Aarhus C Technical contacts are ...") never becomes part of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import postcodes

__all__ = ["Found", "find_address", "town_after"]

# a word of a street's name: capitalised ("Gammel", "Kongevej", "H.C.", "Dr.", "Allé"), or a small word
# street names hold ("Ved Kæret" is capitalised; "Frederik d. VII's Gade", "Peter de Bangs Vej")
_WORD = r"[A-ZÆØÅÉÜ][\w.'’-]*"
_SMALL = r"(?:d\.|de|af|i|ved|og|la|le)"
_STREET = rf"(?P<street>{_WORD}(?:\s+(?:{_WORD}|{_SMALL})){{0,5}}?\s+\d{{1,4}}(?:\s?[A-Za-z](?![\w.]))?)"
# a floor and side after the number: "1. sal", "st. tv.", "2. th.", "3.tv", "kl.", "1. sal th."
_FLOOR = (r"(?P<floor>(?:\d{1,2}\.\s*(?:sal|th|tv|mf|etage)?|\d{1,2}(?:st|nd|rd|th)\s+floor|st|stuen|kl|kælder)\.?"
          r"(?:\s*(?:th|tv|mf|sal)\.?)?(?:\s*,?\s*(?:lokale|room|dør)\s*\w+)?)")
_ADDRESS = re.compile(rf"(?<![\w.-]){_STREET}(?:\s*,\s*{_FLOOR})?\s*,?\s+(?:DK\s*-?\s*)?(?P<code>\d{{4}})(?!\d)"
                      r"\s*,?\s+(?P<rest>[A-ZÆØÅ].{0,60})", re.S)
# the words a town may be written with, up to where the text ends it
_TOWN_WORD = re.compile(r"\s*(?P<w>[A-ZÆØÅÉÜ][\w'’-]*\.?|[A-ZÆØÅ]{1,2}\b\.?)")
_ABBREVIATED = re.compile(r"^(?:St|Sct|Skt|Gl|Ny|Nr|Sdr|Kbh|Kgs|Hr|Nordr|Vestr|Østr)\.$")


@dataclass(frozen=True)
class Found:
    """An address read from text: `city` as the text writes it; `whole_town` False where the words after the
    postcode went on beyond the town the official name gives (staff look: "4000 Roskilde Øst")."""

    street: str
    postcode: str
    city: str
    start: int
    end: int
    whole_town: bool = True


def town_after(code: str, rest: str) -> tuple[str, int, bool] | None:
    """(town, its end in `rest`, whole) of the town written at the start of `rest`, after postcode `code`.

    The written words run to a comma, a full stop, a lower-case word or the end; when the official name is
    fewer of them ("Aarhus C" of "Aarhus C Technical"), the official name's words are taken and `whole` says
    whether the rest can be a next sentence (capitalised after a word the official name ends with) or may be
    the town's own ("Roskilde Øst").
    """
    words: list[tuple[str, int]] = []
    pos = 0
    while len(words) < 5:
        m = _TOWN_WORD.match(rest, pos)
        if m is None:
            break
        w = m.group("w")
        stop = w.endswith(".") and not _ABBREVIATED.match(w)
        words.append((w.rstrip(".") if stop else w, m.end() - (1 if stop else 0)))
        pos = m.end()
        if stop or (pos < len(rest) and rest[pos] in ",;:()\n"):
            break
    if not words:
        return None
    written = " ".join(w for w, _ in words)
    if not postcodes.is_postcode(code) or postcodes.match_town(code, written) >= 0.85:
        return written, words[-1][1], True
    for n in range(len(words) - 1, 0, -1):
        part = " ".join(w for w, _ in words[:n])
        if postcodes.match_town(code, part) >= 0.85:
            # what follows is the next sentence when it is a word of more than two letters ("Aarhus C Technical");
            # a short word may be a district the list does not have ("Roskilde Øst", "Vejle Ø")
            nxt = words[n][0]
            return part, words[n - 1][1], len(nxt) > 3 and not nxt.isupper()
    # a town the list does not know by this name: as written, in doubt when it runs on
    return written, words[-1][1], len(words) <= 2


def find_address(text: str) -> Found | None:
    """The first address in `text` with a street and number, a postcode and a town: "Vestergade 12, 1. sal,
    8000 Aarhus C", "Gammel Kongevej 45 1920 Frederiksberg C"."""
    for m in _ADDRESS.finditer(text):
        town = town_after(m.group("code"), m.group("rest"))
        if town is None:
            continue
        street = m.group("street")
        if m.group("floor"):
            street = f"{street}, {m.group('floor').strip()}"
        city, end, whole = town
        return Found(street=" ".join(street.split()), postcode=m.group("code"), city=city, start=m.start(),
                     end=m.start("rest") + end, whole_town=whole)
    return None
