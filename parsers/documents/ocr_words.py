"""Words of the vocabulary that OCR misread by its typical confusions, spelt again as the vocabulary spells them.

Tesseract confuses a few shapes over and over on a 150 dpi scan: "m" and "rn" ("Ernail"), "i" and "l" ("Emall"),
"f" and "t" ("Teleton"), "a" and "o" ("Campany", "phane"), "e" and "c", "d" and "cl", and, reading Danish, a
capital "A" with its ring ("Ågreement", "Åddress"). A label, heading or title so misread is not known, and the value
it names is lost (or, a title lost, the document's kind is guessed from its body). Each word is compared with the
vocabulary's words (labels, sections, titles, party types, connection routes) by its *shape*: the letters OCR
confuses made one; a word whose shape is exactly one vocabulary word's, and that differs from it in at most two
letters, is spelt as that word. Only vocabulary words are ever written: a value (a name, an address, a number)
is never "corrected" into another value, and a word that is itself a vocabulary word stays as it was. The page
stays read by OCR, so everything on it is still `uncertain` for staff.
"""
from __future__ import annotations

import functools
import re

from rapidfuzz.distance import Levenshtein

from . import vocabulary

TABLES = ("labels", "sections", "titles", "party_types", "via")
MIN_LETTERS = 4     # shorter words have too many look-alikes ("tlf", "by", "nr")
MAX_EDITS = 2       # letters a misread word may differ from its vocabulary word by

# OCR's confusions, each side made one shape: several letters read as one first ("rn" as "m"), then single ones
_MULTI = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("li", "h"))
_SINGLE = str.maketrans({"i": "l", "1": "l", "|": "l", "!": "l", "t": "f", "a": "o", "0": "o", "c": "e",
                         "u": "n", "q": "g"})
# a loose shape, tried only where the strict one knows no word: a small "t" read as an "i" or an "l" ("Posinr." for
# "Postnr."), so "t", "f", "i", "l" are one; a word so found may differ from its vocabulary word by one letter only
_LOOSE = str.maketrans({"t": "l", "f": "l"})
LOOSE_EDITS = 1
_RINGS = str.maketrans({"å": "a", "Å": "A"})  # Danish OCR sets a ring on a capital A ("Ågreement")
_WORD = re.compile(r"^([^\w]*)([^\W\d_][\w-]*[^\W\d_])([^\w]*)$")


def shape(token: str) -> str:
    """The letters of a folded token with OCR's look-alikes made one."""
    for many, one in _MULTI:
        token = token.replace(many, one)
    return token.translate(_SINGLE)


def loose_shape(token: str) -> str:
    """The shape with "t" and "f" made one with "i" and "l" as well (a small "t" read as an "i")."""
    return shape(token).translate(_LOOSE)


@functools.cache
def _known() -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(every vocabulary word folded, {shape: the words of that shape, as the vocabulary writes them}, the same
    by loose shape) of the tables OCR's words are matched with."""
    spelt: set[str] = set()
    for table in TABLES:
        for words in vocabulary.raw(table).values():
            for wording in words:
                spelt.update(w.casefold() for w in re.findall(r"[^\W\d_]+", wording) if len(w) >= MIN_LETTERS)
    shapes: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    for w in spelt:
        shapes.setdefault(shape(vocabulary.fold(w)), set()).add(w)
        loose.setdefault(loose_shape(vocabulary.fold(w)), set()).add(w)
    return (frozenset(vocabulary.fold(w) for w in spelt), {k: frozenset(v) for k, v in shapes.items()},
            {k: frozenset(v) for k, v in loose.items()})


def respelt(text: str) -> str:
    """The word as the vocabulary spells it when OCR misread a vocabulary word by its typical confusions (its
    punctuation and capitals kept); else the word as it was."""
    m = _WORD.match(text)
    if m is None or len(m.group(2)) < MIN_LETTERS:
        return text
    lead, word, tail = m.groups()
    tokens, shapes, loose = _known()
    parts = word.split("-")
    out = []
    changed = False
    for part in parts:
        folded = vocabulary.fold(part)
        if len(part) < MIN_LETTERS or folded in tokens or not part.isalpha():
            out.append(part)
            continue
        # the ring first: "Åddress" is "Address" misread, "Ålund" a name no vocabulary word looks like
        plain = vocabulary.fold(part.translate(_RINGS))
        hits = shapes.get(shape(plain), frozenset())
        edits = MAX_EDITS
        if not hits:  # the loose shape only where the strict one knows no word, and one letter off at most
            hits = loose.get(loose_shape(plain), frozenset())
            edits = LOOSE_EDITS
        if len(hits) != 1:
            out.append(part)
            continue
        target = next(iter(hits))
        if Levenshtein.distance(plain, vocabulary.fold(target)) > min(edits, len(target) // 2):
            out.append(part)
            continue
        out.append(_cased(target, part))
        changed = True
    return lead + "-".join(out) + tail if changed else text


def _cased(target: str, like: str) -> str:
    """The vocabulary word written in the case the page wrote it: all capitals, a capital first, or small."""
    if like.isupper() and len(like) > 1:
        return target.upper()
    if like[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


_DIGITS = re.compile(r"\d{2,}")


def value_marks(text: str) -> frozenset[str]:
    """What in a word shows the kind of value it is part of: an "@" (an e-mail address), a run of digits (a
    phone, a postcode, a CVR number, a network). A second reading of a place replaces a word only with one that
    keeps these (skipped.py, ocr._bands): a surer garbage word ("«NV") is no better as the value than an unsure
    address that the English re-read would still have mended."""
    marks = {"@"} if "@" in text else set()
    if _DIGITS.search(text):
        marks.add("digits")
    return frozenset(marks)


def better_as_value(old: str, new: str) -> bool:
    """Whether `new`, read again where `old` was read, may stand for it: it keeps every value mark of `old`."""
    return value_marks(old) <= value_marks(new)
