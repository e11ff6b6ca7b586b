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

from rapidfuzz import fuzz, process

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


def raw(table: str) -> dict[str, list[str]]:
    """{concept: its wordings as the vocabulary writes them} of one table (with their letters: OCR's misread
    words are spelt again by them, ocr_words)."""
    return _data()[table]


def words(name: str) -> tuple[str, ...]:
    """The normalised wordings of one list of the [words] table."""
    return tuple(norm(w) for w in _data()["words"][name])


@dataclass(frozen=True)
class Match:
    concept: str
    end: int          # offset in the original text just after the matched wording
    exact: bool       # an exact wording (else a fuzzy one)
    n_tokens: int


@functools.cache
def _index(table: str) -> tuple[dict[tuple[str, ...], list[str]], dict[str, list[tuple[str, int]]],
                                dict[int, tuple[list[str], list[str]]]]:
    """Look-up tables of a vocabulary table: wording tokens -> concepts, wording written together ->
    concepts, and per token count the wordings (and their concepts) for fuzzy matching."""
    exact: dict[tuple[str, ...], list[str]] = {}
    glued: dict[str, list[tuple[str, int]]] = {}
    fuzzy: dict[int, tuple[list[str], list[str]]] = {}
    for concept, ws in wordings(table).items():
        for w in ws:
            exact.setdefault(w, []).append(concept)
            glued.setdefault("".join(w), []).append((concept, len(w)))
            if sum(len(x) for x in w) >= 6:  # long words only: "by" never matches "bye"
                strings, concepts = fuzzy.setdefault(len(w), ([], []))
                strings.append(" ".join(w))
                concepts.append(concept)
    return exact, glued, fuzzy


def match_start(text: str, table: str, concepts: list[str] | None = None, *,
                fuzzy: bool = True) -> Match | None:
    """The longest wording of a concept that the text starts with (after an optional numbering such
    as "3.", "B)" or "(a)"), else the best fuzzy match of the text's leading words."""
    toks = tokens(text)
    skip = _numbering(text, toks)
    toks = toks[skip:6 + skip]
    if not toks:
        return None
    exact, glued, fuzz_index = _index(table)
    allowed = set(concepts) if concepts is not None else None
    words = [t for t, _, _ in toks]
    for n in range(len(words), 0, -1):
        hits = [c for c in exact.get(tuple(words[:n]), ()) if allowed is None or c in allowed]
        # the text's leading words written together, so "E-mailadresse", "e-mail adresse" and
        # "emailadresse" are one wording, as are "CVR-nummer" and "cvrnummer"
        hits += [c for c, _ in glued.get("".join(words[:n]), ()) if allowed is None or c in allowed]
        if hits:
            return Match(hits[0], toks[n - 1][2], True, n)
    if not fuzzy:
        return None
    best: tuple[float, int, str] | None = None
    for n, (strings, owners) in fuzz_index.items():
        if n > len(words):
            continue
        found = process.extractOne(" ".join(words[:n]), strings, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
        if found is not None and (best is None or (found[1], n) > best[:2]):
            best = (found[1], n, owners[found[2]])
    # the nearest wording of any concept decides: "Underskrifter" is near "underskrift" (a signature),
    # so it is no name label even when only names are asked for
    if best is None or (allowed is not None and best[2] not in allowed):
        return None
    return Match(best[2], toks[best[1] - 1][2], False, best[1])


def _numbering(text: str, toks: list[tuple[str, int, int]]) -> int:
    """How many leading tokens are a numbering ("1", "3.2", "B", "iv") rather than words. A question's number
    written with no stop after it ("1.1 Organisationens fulde navn") is one too, and so are OCR's readings of it
    with its first figure lost or read as a letter (".3 Registrering", "l Organisationens fulde navn")."""
    m = re.match(r"^\s*(?:\d{1,2}(?:\.\d{1,2})+\s|\(?(?:\d{1,2}(?:\.\d{1,2})*|[A-Za-z]|[ivxIVX]{1,4})[.):]"
                 r"|\d{1,2}\s|\.\d{1,2}\s|l\s(?=[A-ZÆØÅ])|§\s*\d+\.?)\s*", text)
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
