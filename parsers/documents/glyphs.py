"""A glyph's text as its PDF writer meant it: ligatures whose Unicode map a rewriter spelt backwards.

Ghostscript's pdfwrite copies a font's ToUnicode map, and a glyph that maps to more than one character (a
ligature: "ff", "fi", "ffi") comes out with each UTF-16 unit's bytes swapped ("f" U+0066 becomes U+6600, a CJK
letter) and, for three letters, the last two summed into one unit ("ffi" becomes U+6600 U+CF00, 0xCF being
"f" + "i"): "Officer" reads "O昀케cer". The bytes still spell the letters, so they are read back from them;
a sum is read as the ligature whose letters add up to it (Unicode's own ligatures, from its character
names). Whatever does not decode stays as it is, and a word that still mixes scripts (a CJK letter inside a
Latin word) is no word of any text: `mixed_script` says so and the reader marks the value `uncertain`."""
from __future__ import annotations

import functools
import re
import unicodedata


@functools.cache
def ligature_letters() -> frozenset[str]:
    """The letters of each Latin ligature Unicode has ("ff", "fi", "ffl", "st", "ij"...): the characters named
    a ligature whose compatibility form is two or three ASCII letters."""
    out = set()
    for code in range(0x100, 0x10000):
        ch = chr(code)
        if "LIGATURE" not in unicodedata.name(ch, ""):
            continue
        letters = unicodedata.normalize("NFKC", ch)
        if 2 <= len(letters) <= 3 and letters.isascii() and letters.isalpha():
            out.add(letters)
    return frozenset(out)


def _ascii_letter(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def _swapped(text: str) -> str | None:
    """The letters a glyph's byte-swapped text spells, or None when it is not such a text: two units or
    more, each a letter's byte followed by a zero byte; the last unit may be the sum of two letters."""
    units = [ord(ch) for ch in text]
    if len(units) < 2 or any(u > 0xFFFF or u & 0xFF or not u for u in units):
        return None
    spelt = [u >> 8 for u in units]
    if not all(_ascii_letter(b) for b in spelt[:-1]):
        return None
    head = "".join(chr(b) for b in spelt[:-1])
    if _ascii_letter(spelt[-1]):
        return head + chr(spelt[-1])
    found = [lig for lig in ligature_letters() if len(lig) == len(head) + 2 and lig.startswith(head)
             and ord(lig[-2]) + ord(lig[-1]) == spelt[-1]]
    return found[0] if len(found) == 1 else None


# PostScript's ISOLatin1Encoding names the ASCII hyphen's code /minus (U+2212), and TeX and Word write hyphens as
# U+2010 and U+2011: in a mail address, a date or a phone number each is the hyphen typed ("08-12-26")
_HYPHENS = {"\u2212": "-", "\u2010": "-", "\u2011": "-"}


def glyph_text(text: str) -> str:
    """A glyph's text, its ligature letters read back where a rewriter swapped their bytes or where the font
    maps the ligature to its own code; a hyphen drawn by another glyph's name read as the hyphen it is; else as
    given."""
    if len(text) >= 2 and any("\ufb00" <= ch <= "\ufb06" for ch in text):
        # a glyph mapped to a Latin ligature's own code and more letters ("ﬀi" of "Oﬀicer": XeLaTeX's Latin Modern
        # maps its ffi glyph so): its letters, as the word is written (a value holding the code is no party's text;
        # a lone ligature code is left as the PDF gives it, as before)
        return "".join(unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb06" else ch for ch in text)
    if len(text) < 2 or text.isascii():
        return _HYPHENS.get(text, text)
    return _swapped(text) or text


_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    """A letter's script, the first word of its Unicode name ("LATIN", "CJK", "HANGUL", "GREEK"); the letters
    of the Latin blocks (up to U+024F: "µ", "ß", "ø" too) are Latin."""
    if ord(ch) <= 0x24F:
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def mixed_script(text: str) -> bool:
    """A word whose letters come from Latin and another script ("O昀케cer"): no name, title or address of a
    party is written so; it is the sign of a glyph decoded wrong."""
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word}
        if "LATIN" in scripts and len(scripts) > 1:
            return True
    return False


# Ghostscript's pdfwrite writes each ligature of a range in a font's Unicode map ("<6D> <6E> <FB01>": "fi", "fl")
# as the range's high byte and its place in it: U+00FB, U+00FC... ("Soüe" for "Sofie", "aûald" for "affald").
# Those are letters too ("û", "ü", "ý"), so on a page Ghostscript wrote, a word holding one is checked against
# the page's picture (the reader's second reading) before it is believed.
_GS_RANGE_LIGATURES = frozenset(chr(code) for code in range(0xFB, 0xFB + 7))


def ghostscript_producer(producer: object) -> bool:
    """A PDF whose Producer says Ghostscript wrote it (pdfwrite, or ps2pdf over it)."""
    text = producer.decode("latin-1", "replace") if isinstance(producer, bytes) else str(producer or "")
    return "ghostscript" in text.lower()


def may_be_ghostscript_ligature(text: str) -> bool:
    """A word holding a letter Ghostscript's pdfwrite writes for a ligature of a range (U+00FB to U+0101)."""
    return any(ch in _GS_RANGE_LIGATURES for ch in text)


def unmapped(text: str) -> bool:
    """A glyph whose text the layer does not give: a glyph code ("(cid:1)"), a control, private-use or
    replacement character (a font whose Unicode map left out its Nordic letters: "Pr(cid:1)stev(cid:1)nget")."""
    return text.startswith("(cid:") or text == "\ufffd" or any(
        0xE000 <= ord(ch) <= 0xF8FF or (ord(ch) < 32 and ch not in "\t\n") for ch in text)
