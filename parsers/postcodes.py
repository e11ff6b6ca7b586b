"""Danish postcodes and their official town names, to check what a form says against the real list.

The list ships as ``parsers/data/postcodes_dk.tsv`` (DAWA's postnumre, MIT; see the file's first line)
and is read once, on first use, so importing this module costs nothing. No network.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

__all__ = ["town_of", "is_postcode", "match_town", "split_postcode_town"]

_DATA = "postcodes_dk.tsv"

# Letters people type instead of æ/ø/å (German/Swedish keyboards, or none at all).
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
# "Kbh.", "Kbh", "Kjøbenhavn" all mean København once folded.
_KBH = re.compile(r"\b(?:kbh\b\.?|kjoebenhavn\b|copenhagen\b)")
# "Kgs. Lyngby" (the list's spelling) is Kongens Lyngby written out
_KGS = re.compile(r"\bkgs\b\.?")
# A district suffix on the official name: "København K", "Frederiksberg C", "Aalborg SØ" (after folding, Ø is o).
_DISTRICT = re.compile(r"^(?P<base>.+?)\s+(?P<district>c|k|v|o|n|s|sv|so|nv|no)$")
_SPLIT = re.compile(r"^\s*(?:dk\s*[-\u2013]?\s*)?(?P<code>\d{4})(?!\d)\s*[,.]?\s*(?P<town>\S.*?)\s*$", re.IGNORECASE)


@cache
def _table() -> dict[str, str]:
    """Postcode -> official name, read from the shipped file the first time it is needed."""
    text = resources.files("parsers").joinpath("data", _DATA).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name = line.split("\t", 1)
        table[code.strip()] = name.strip()
    return table


def _normalise(town: str) -> str:
    """Case, diacritics, æ/ø/å versus ae/oe/aa, punctuation and "Kbh." folded away, so spellings compare."""
    text = unicodedata.normalize("NFC", town).casefold().translate(_FOLD)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _KBH.sub("koebenhavn ", text)
    text = _KGS.sub("kongens ", text)
    text = re.sub(r"\b(\w)\.\s?(\w)\b\.?", r"\1\2", text)  # "N.V." is NV
    text = re.sub(r"[^\w\s]", " ", text)
    # Then ae/oe/aa to a/o/a, so "Kobenhavn" (ø typed as o) and "Koebenhavn" both meet "København".
    text = text.replace("ae", "a").replace("oe", "o").replace("aa", "a")
    return " ".join(text.split())


def town_of(postcode: str) -> str | None:
    """The official town name for a postcode ("9400" -> "Nørresundby"), or None if there is no such postcode."""
    return _table().get(postcode.strip())


@cache
def _towns() -> frozenset[str]:
    return frozenset(_normalise(t) for t in _table().values())


def is_town(name: str) -> bool:
    """Whether ``name`` is the official name of a Danish postal town, spelt any of the usual ways."""
    return _normalise(name) in _towns()


def is_postcode(code: str) -> bool:
    """Whether ``code`` is a real Danish postcode: four digits that are in the list (not just any four digits)."""
    return town_of(code) is not None


def match_town(postcode: str, town: str) -> float:
    """How well a written town fits the official name of ``postcode``, from 0 (not at all) to 1 (the same).

    1.0 for the same name up to case, diacritics, ae/oe/aa and "Kbh."; 0.9 when only the district is left out
    ("København" for 1050 København K); at most 0.5 when the district is a different one ("København N" for
    2100 København Ø), since that is another postcode's town; otherwise rapidfuzz's similarity. 0.0 for an
    unknown postcode or an empty town.
    """
    official = town_of(postcode)
    if official is None or not town.strip():
        return 0.0
    want, got = _normalise(official), _normalise(town)
    if not got:
        return 0.0
    if want == got:
        return 1.0
    similarity = fuzz.ratio(want, got) / 100.0
    official_parts = _DISTRICT.match(want)
    if official_parts is None:
        return similarity
    base = official_parts["base"]
    if got == base:
        return 0.9
    written_parts = _DISTRICT.match(got)
    if written_parts is not None and written_parts["base"] == base:
        return min(similarity, 0.5)
    return similarity


def split_postcode_town(text: str) -> tuple[str, str] | None:
    """("9400", "Nørresundby") from "DK-9400 Nørresundby", "9400 Nørresundby" or "9400, Nørresundby".

    Only the shape is checked (four digits, then a town with a letter in it); whether the postcode exists is
    for ``is_postcode``, so a caller can say which of the two was wrong.
    """
    found = _SPLIT.match(text)
    if found is None:
        return None
    town = found["town"]
    if not any(ch.isalpha() for ch in town):
        return None
    return found["code"], town
