"""The vocabulary of `vocabulary.toml`, and matching text against it.

Matching is done on normalised word tokens (case, punctuation, hyphens and diacritics removed,
"æ/ø/å" spelled "ae/oe/aa"), so "CVR-nr.", "cvr nr" and "CVR nummer" are one wording apart at most;
what no wording matches exactly is tried with rapidfuzz, at a lower confidence.
"""
from __future__ import annotations

import functools
import pathlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

_FILE = pathlib.Path(__file__).with_name("vocabulary.toml")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "đ": "d", "ł": "l"})
FUZZY_MIN = 88.0  # rapidfuzz ratio (0-100) at which an unseen spelling still counts as a wording


def fold(text: str) -> str:
    """Lower case, ae/oe/aa for æ/ø/å, no other diacritics."""
    t = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in t if not unicodedata.combining(ch))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised token, start, end) of each word in text; spans index the original text."""
    return [(fold(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def norm(text: str) -> str:
    """The normal form wordings are compared in: folded tokens joined by one space."""
    return " ".join(t for t, _, _ in tokens(text))


@functools.cache
def _data() -> dict[str, dict[str, list[str]]]:
    with _FILE.open("rb") as f:
        return tomllib.load(f)


@functools.cache
def wordings(table: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """{concept: its wordings as token tuples, longest first} of one table of the vocabulary."""
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for concept, words in _data()[table].items():
        toks = {tuple(norm(w).split()) for w in words}
        out[concept] = tuple(sorted((t for t in toks if t), key=len, reverse=True))
    return out


def words(name: str) -> tuple[str, ...]:
    """The normalised wordings of one list of the [words] table."""
    return tuple(norm(w) for w in _data()["words"][name])


@dataclass(frozen=True)
class Match:
    concept: str
    end: int          # offset in the original text just after the matched wording
    exact: bool       # an exact wording (else a fuzzy one)
    n_tokens: int


def match_start(text: str, table: str, concepts: list[str] | None = None, *,
                fuzzy: bool = True) -> Match | None:
    """The longest wording of a concept that the text starts with (after an optional numbering such
    as "3.", "B)" or "(a)"), else the best fuzzy match of the text's leading words."""
    toks = tokens(text)
    skip = _numbering(text, toks)
    toks = toks[skip:]
    if not toks:
        return None
    table_w = wordings(table)
    keys = concepts if concepts is not None else list(table_w)
    best: Match | None = None
    # the text's leading words written together, so "E-mailadresse", "e-mail adresse" and "emailadresse"
    # are one wording, as are "CVR-nummer" and "cvrnummer"
    joined = ["".join(t for t, _, _ in toks[:k]) for k in range(1, min(len(toks), 6) + 1)]
    for concept in keys:
        for w in table_w.get(concept, ()):
            n = len(w)
            if n <= len(toks) and tuple(t for t, _, _ in toks[:n]) == w:
                if best is None or n > best.n_tokens:
                    best = Match(concept, toks[n - 1][2], True, n)
                break
            glued = "".join(w)
            for k, text_glued in enumerate(joined, 1):
                if len(text_glued) > len(glued):
                    break
                if text_glued == glued and (best is None or k > best.n_tokens):
                    best = Match(concept, toks[k - 1][2], True, k)
    if best is not None or not fuzzy:
        return best
    # fuzzy: the leading 1-4 words against each wording of the same length (long words only, so that
    # "by" never matches "bye" and "tel" never "tal")
    scored: list[tuple[float, int, str]] = []
    for concept in keys:
        for w in table_w.get(concept, ()):
            n = len(w)
            if n > len(toks) or sum(len(x) for x in w) < 6:
                continue
            cand = " ".join(t for t, _, _ in toks[:n])
            score = fuzz.ratio(cand, " ".join(w))
            if score >= FUZZY_MIN:
                scored.append((score, n, concept))
    if not scored:
        return None
    score, n, concept = max(scored)
    return Match(concept, toks[n - 1][2], False, n)


def _numbering(text: str, toks: list[tuple[str, int, int]]) -> int:
    """How many leading tokens are a numbering ("1", "3.2", "B", "iv") rather than words."""
    m = re.match(r"^\s*(?:\(?(?:\d{1,2}(?:\.\d{1,2})*|[A-Za-z]|[ivxIVX]{1,4})[.):]|\d{1,2}\s|§\s*\d+\.?)\s*", text)
    if not m:
        return 0
    return sum(1 for _, s, _ in toks if s < m.end())


def is_whole(text: str, table: str, concepts: list[str] | None = None) -> str | None:
    """The concept whose wording is the whole text (give or take numbering, a colon and a short
    parenthesis), as headings are written; else None."""
    m = match_start(text, table, concepts)
    if m is None:
        return None
    rest = text[m.end:].strip()
    rest = re.sub(r"^\([^()]{0,60}\)", "", rest).strip()
    return m.concept if re.fullmatch(r"[:.\-–—*]*", rest) else None


def contains(text: str, wording_list: tuple[str, ...]) -> list[str]:
    """The wordings of a list that occur in text at word boundaries."""
    n = " " + norm(text) + " "
    return [w for w in wording_list if w and f" {w} " in n]


def which(text: str, table: str) -> list[tuple[str, int]]:
    """(concept, position) of every wording of a table found anywhere in text, in text order."""
    n = " " + norm(text) + " "
    found: list[tuple[str, int]] = []
    for concept, ws in wordings(table).items():
        for w in ws:
            pos = n.find(" " + " ".join(w) + " ")
            if pos >= 0:
                found.append((concept, pos))
                break
    return sorted(found, key=lambda x: x[1])


def match_end(label: str, table: str, concepts: list[str] | None = None) -> str | None:
    """The concept of a label that ends in one of its wordings: "Underskriverens fulde navn",
    "Kontaktpersonens e-mail", "Organisationens CVR-nummer" (a label is named by its last words)."""
    toks = [t for t, _, _ in tokens(label)]
    if not toks or len(toks) > 6:
        return None
    table_w = wordings(table)
    for n in (3, 2, 1):
        if n > len(toks):
            continue
        tail = tuple(toks[-n:])
        for concept in concepts if concepts is not None else list(table_w):
            if tail in table_w.get(concept, ()):
                return concept
    return None
