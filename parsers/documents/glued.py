"""Words that are two things set against each other, taken apart again.

pdfplumber's word rule joins glyphs less than 3 pt apart into one word. A renderer sets two different
things that close when a cell or a tab stop has no room left, and the text layer has no space between them:

- a value and the next cell's label ("Skovlund SygehusFulde navn:": LibreOffice prints a full table cell or
  tab stop against the next one). Split where a label the vocabulary knows begins, at a gap wider than the
  word's own letter spacing or at a change of font; never on a gap alone (a name is not cut in two);
- dotted or underscored leaders and what stands before or after them ("line.......67 71 88 66"): the
  leaders are a tab's fill, neither the label's last word nor the value's first.
"""
from __future__ import annotations

import re
from typing import Any, cast

from pdfplumber.utils.text import WordExtractor

from . import vocabulary
from .combs import comb_pitch, joined, mark_combs
from .page_types import PdfChar, PdfGlyphs, PdfWord, Word

_MERGE = WordExtractor()  # pdfplumber's own rules for a word's text and box (ligatures expanded)
# a word's gap as a share of its letters' size: a space is a quarter to a third of an em (Times 0.25, TeX's
# justified 0.22 at its tightest), letters of one word stand a few hundredths apart
_GAP_OF_SIZE = 0.18
_SIZED_SPLIT = "sdn_sized_split"  # the mark on a glyph that begins a word only by SizedWords' gap


class SizedWords(WordExtractor):
    """pdfplumber's word rules with the gap that parts two words no wider than 3 pt and no wider than _GAP_OF_SIZE
    of the letters' size: typesetters that draw no space glyphs and set small type close (groff's Times at 10-11
    pt, a space of 2.5-2.75 pt; TeX's justified lines shrunk to 2.4 pt) ran a line's words into one
    ("AftalenerindgåetmellemEgelevLaboratoriumApS", "EgelevData A/S") under the fixed 3 pt."""

    def iter_chars_to_words(self, ordered_chars: Any, direction: Any) -> Any:
        """pdfplumber's words, less a space glyph between two glyphs that touch: Ghostscript's pdfwrite, given
        groff's PostScript, sets a line's space glyph a word early, drawn over the next word ("Bakkev ej91,"
        for "Bakkevej 91,"); what the page shows there is no gap, so no word ends there (the true gap, with no
        glyph, is found by its width)."""
        chars = list(ordered_chars)
        if direction == "ltr":
            keep = []
            for k, c in enumerate(chars):
                if str(c.get("text", "")).isspace() and 0 < k < len(chars) - 1 \
                        and not str(chars[k - 1].get("text", "")).isspace() \
                        and not str(chars[k + 1].get("text", "")).isspace() \
                        and abs(float(chars[k + 1]["top"]) - float(chars[k - 1]["top"])) < 1 \
                        and float(chars[k + 1]["x0"]) - float(chars[k - 1]["x1"]) < 0.05 * float(c.get("size") or 10):
                    continue
                keep.append(c)
            chars = keep
            mark_combs(chars)  # answers one character a box: each comb's letters one word (combs.py)
            return joined(super().iter_chars_to_words(chars, direction))
        return super().iter_chars_to_words(chars, direction)

    def char_begins_new_word(self, prev_char: Any, curr_char: Any, direction: Any, x_tolerance: Any,
                             y_tolerance: Any) -> bool:
        size = float(prev_char.get("size") or 0.0)
        tolerance = min(float(x_tolerance), _GAP_OF_SIZE * size) if size > 0 else x_tolerance
        new = bool(super().char_begins_new_word(prev_char, curr_char, direction, tolerance, y_tolerance))
        if new and tolerance != x_tolerance and not super().char_begins_new_word(prev_char, curr_char, direction,
                                                                                 x_tolerance, y_tolerance):
            curr_char[_SIZED_SPLIT] = True  # parted by this rule alone: no space glyph, under 3 pt (_label_against)
        return new
_LEADER_GLYPHS = frozenset(".…_")
_MIN_LEADERS = 4  # "...." and longer; an ellipsis or "etc." is no leader
_AFTER_LABEL = re.compile(r"\s*(?:[:.…_(]|$)")  # a label ends its cell, or a colon or leaders follow it
_BOLD_FACE = re.compile(r"bold|black|heavy|demi|semibold|extrabold|ultrabold", re.I)


def words_of(extractor: WordExtractor, chars: list[PdfChar]) -> list[PdfWord]:
    """pdfplumber's words of `chars`, each with its glyphs: the one place its untyped dictionaries are named
    as what they are."""
    found: Any = extractor.extract_words(cast(Any, chars), return_chars=True)
    return cast("list[PdfWord]", found)


def _merged(chars: list[PdfChar]) -> PdfGlyphs:
    """pdfplumber's text and box of glyphs taken as one word (ligatures expanded)."""
    return cast(PdfGlyphs, _MERGE.merge_chars(cast(Any, chars)))


def bold_face(chars: list[PdfChar]) -> bool:
    """Whether every visible glyph is set in a bold face, by its font's name ("Arial-BoldMT",
    "ABCDEF+LiberationSans-Bold", "NimbusRomanBold"): how headings stand apart from labels and values
    when nothing else (a number, a colon, capitals) marks them."""
    seen = [c for c in chars if str(c.get("text", "")).strip()]
    return bool(seen) and all(_BOLD_FACE.search(str(c.get("fontname", "")).split("+")[-1]) for c in seen)


def apart(word: PdfWord, following: list[PdfWord], run: float | None = None,
          before: PdfWord | None = None) -> list[Word]:
    """A word pdfplumber found (with its chars) as the page model's words: itself, or its pieces where it
    is two things set against each other. `following` are the words pdfplumber found after it (the rest
    of its line is read from them, for a label of several words); `before` the word found before it: a label
    set closer to it than a fixed 3 pt is the next cell's (SizedWords parts them as words only)."""
    chars = word["chars"]
    labels = set(_label_cuts(chars, word, following))
    if before is not None and _label_against(before, word, following):
        labels.add(0)
    cuts = sorted((set(_leader_cuts(chars)) | labels) - {0})
    if not cuts:
        return [_word(word, run, chars, 0 in labels)]
    starts = [0, *cuts]
    pieces = [(a, chars[a:b]) for a, b in zip(starts, [*cuts, len(chars)], strict=True)]
    return [_word(_merged(p), run, p, a in labels) for a, p in pieces if p]


def _word(w: PdfGlyphs, run: float | None, chars: list[PdfChar], opens_cell: bool = False) -> Word:
    return Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), run=run,
                bold=bold_face(chars), opens_cell=opens_cell, face=face(chars), comb=comb_pitch(chars))


def face(chars: list[PdfChar]) -> str:
    """The font (without its subset's tag) and size of a word's first glyph: "C059Italic 10.0"."""
    c = next((c for c in chars if str(c.get("text", "")).strip()), None)
    if c is None:
        return ""
    return f"{str(c.get('fontname', '')).split('+')[-1]} {float(c.get('size') or 0):.1f}"


def _leader_cuts(chars: list[PdfChar]) -> list[int]:
    """Where a run of leaders begins after other glyphs or ends before them."""
    lead = [bool(c["text"]) and all(ch in _LEADER_GLYPHS for ch in c["text"]) for c in chars]
    cuts: list[int] = []
    k = 0
    while k < len(chars):
        if not lead[k]:
            k += 1
            continue
        end = k
        while end < len(chars) and lead[end]:
            end += 1
        if sum(3 if c["text"] == "…" else len(c["text"]) for c in chars[k:end]) >= _MIN_LEADERS:
            cuts += [i for i in (k, end) if 0 < i < len(chars)]
        k = end
    return cuts


def _label_against(before: PdfWord, word: PdfWord, following: list[PdfWord]) -> bool:
    """A label the vocabulary knows begins at `word`, set against the value before it on its line closer than 3 pt
    (the fixed gap that made one word of them before SizedWords): the next cell's label, as _label_cuts finds one
    inside a word."""
    gap = float(word["x0"]) - float(before["x1"])
    if not word["chars"] or not word["chars"][0].get(_SIZED_SPLIT):
        return False  # a space glyph or a gap of 3 pt or more stood between them: words as they always were
    if not 0 <= gap < 3 or abs(float(word["top"]) - float(before["top"])) >= 1.5:
        return False
    if not str(word["text"])[:1].isalpha() or not str(before["text"])[-1:].isalnum():
        return False
    line = [f["text"] for f in following
            if abs(float(f["top"]) - float(word["top"])) < 1.5 and float(f["x0"]) > float(word["x1"]) - 1]
    text = " ".join([str(word["text"]), *line[:5]])
    m = vocabulary.match_start(text, "labels", fuzzy=False)
    return m is not None and m.exact and bool(_AFTER_LABEL.match(text[m.end:]))


def _label_cuts(chars: list[PdfChar], word: PdfWord, following: list[PdfWord]) -> list[int]:
    """Where a label the vocabulary knows begins inside the word, at a gap or a change of font."""
    if len(chars) < 4:
        return []
    gaps = [float(b["x0"]) - float(a["x1"]) for a, b in zip(chars, chars[1:], strict=False)]
    usual = sorted(gaps)[len(gaps) // 2]  # the word's own letter spacing
    cuts: list[int] = []
    for k in range(2, len(chars) - 1):
        a, b = chars[k - 1], chars[k]
        size = max(float(a.get("size") or 0), float(b.get("size") or 0), 1.0)
        apart_by_gap = gaps[k - 1] > max(0.8, 0.12 * size) and gaps[k - 1] > usual + 0.08 * size
        other_font = a.get("fontname") != b.get("fontname") or abs(float(a.get("size") or 0)
                                                                   - float(b.get("size") or 0)) > 0.5
        if not (apart_by_gap or other_font) or not str(b["text"])[:1].isalpha():
            continue
        if not any(str(c["text"])[:1].isalnum() for c in chars[:k]):
            continue
        rest = "".join(str(c["text"]) for c in chars[k:])
        line = [f["text"] for f in following
                if abs(float(f["top"]) - float(word["top"])) < 1.5 and float(f["x0"]) > float(word["x1"]) - 1]
        text = " ".join([rest, *line[:5]])
        m = vocabulary.match_start(text, "labels", fuzzy=False)
        if m is not None and m.exact and _AFTER_LABEL.match(text[m.end:]):
            cuts.append(k)
    return cuts
