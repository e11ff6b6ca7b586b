"""The information form written as a letter in prose, read by meaning (issue 22).

Some parties answer the form's questions in sentences, not in its grid: "Our contact person for the
connection is Jens Hansen (jens@x.example, 20 30 40 50). The equipment is to be installed at Vestergade 12,
8000 Aarhus C. We are connected directly, not via KMD." The text is cut into units (sentences, and the items
of a list with the sentence that introduces them), and each value is taken where a phrase names its role:
a person (a name followed by an e-mail address or a phone number) takes the role its own clause names
(technical words make a technical contact, contact words the organisation's contact), a list's items the
role of the sentence before them; the installation address is the address after an installation phrase;
the party type what "we are a ..." or "type of organisation: ..." names; the connection what a connecting
verb goes "via" (a negated "not via KMD" is no KMD). The words are data (vocabulary.toml's [prose]).

A value found at its role phrase is read as sure; one whose role is in doubt (technical and contact words
apart in one clause) is `uncertain`. What the letter does not say is `not_found`, never `found_empty`: a
letter has no place left empty, so its silence never asks the party for anything (staff look).

`form_subjects` says which of the form's subjects a text answers with values: kinds.py uses it to tell a
form written as a letter from a cover letter that announces one ("attached is the form") and from an
unrelated letter; the mail-body reader uses the same reading for a form written into a mail.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from mailbot.core.judgements import missing
from mailbot.core.vocabulary import PartyType

from .. import addresses, postcodes
from ..problems import new_problem
from ..reading import Address, FormFields, Person, Problem
from ..values import (
    EMAIL_TOKEN,
    IP_TOKEN,
    PHONE_TOKEN,
    clean,
    cvr_digits,
    cvr_valid,
    email_norm,
    looks_like_name,
    org_like,
    phone_like,
    phone_norm,
)
from . import vocabulary
from .form import BOX_ANY, BOX_ON, read_information_form, read_networks, reading_order, type_of
from .job_titles import job_title
from .labels import is_label
from .page_types import Line, PdfContent

__all__ = ["Reading", "form_subjects", "in_prose", "read_form", "read_prose", "units"]

_BULLET = re.compile(r"^\s*(?:[-–—•·*▪◦●○►‣]|\(cid:\d+\)|\d{1,2}[.)](?=\s+[A-ZÆØÅ])|[a-h][.)](?=\s+[A-ZÆØÅ]))\s*")
# a full stop that ends no sentence: an abbreviation, an initial ("Jens P. Hansen"), a number's dot
_NO_END = re.compile(r"(?:\b(?:tlf|tel|mob|mobil|nr|no|ca|evt|st|th|tv|mf|sal|att|vedr|jf|bl\.a|f\.eks|e\.g|i\.e"
                     r"|mr|mrs|ms|dr|hr|fr|pr|kl|gl|sct|skt|kgs|incl|inkl|etc|dvs|mv|m\.v)|\b[A-ZÆØÅ]|\d)\.$",
                     re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RECEIVER = re.compile(r"@(?:[\w-]+\.)*medcom\.", re.I)
# a person's name: capitalised words, with the small words names hold
_NAME = re.compile(r"[A-ZÆØÅÉÜÖÄ][\w'’-]+(?:\s+(?:(?:von|van|de|la|af|der|den|du)\s+)?[A-ZÆØÅÉÜÖÄ][\w'’-]*\.?){1,4}")
_CVR_NEAR = re.compile(r"\b(?:CVR|SE)[\s.:-]*(?:nr\.?|nummer|no\.?|number)?[\s.:-]*(?:DK\s*-?\s*)?"
                       r"((?:\d{2}\.){3}\d{2}(?![.\d])|(?:\d[\s-]?){7}\d)\b", re.I)  # "25.26.10.03" too
# the words that lead to the party's name in the sentence that gives its CVR number
_LEAD = re.compile(r"\b(?i:af|for|of|connecting|connect|fra|from|vegne\s+af|behalf\s+of|er|is|are|join|joining"
                   r"|tilslutte|tilmelde|register|registering|about|om|regarding|vedrørende|vedr\.|re:"
                   # the name a sentence gives the party: "... og hedder Klinik Bøgeskov ApS, CVR-nr. ..."
                   r"|hedder|named|called|kaldet)\s+(?=[A-ZÆØÅ])")


@cache
def _stems(name: str) -> tuple[str, ...]:
    """A list of [prose]'s stems, folded as the text's tokens are."""
    return vocabulary.words("prose_" + name)


def _has(toks: Iterable[str], name: str) -> list[int]:
    """The indexes of the tokens that start with one of the list's stems (a stem of three letters or fewer is a
    whole word: "it", "ip")."""
    stems = _stems(name)
    return [i for i, t in enumerate(toks) if any(t == s if len(s) <= 3 else t.startswith(s) for s in stems)]


@dataclass(frozen=True)
class Unit:
    """A sentence, a list's item, or a sentence that introduces a list (it ends in a colon)."""

    text: str
    item: bool = False
    intro: bool = False
    # e-mail addresses made whole where they broke at the margin after a hyphen: (as read, read the other way), the
    # hyphen kept or left out; whether it was the typesetter's or the address's own, the line cannot tell
    joined: tuple[tuple[str, str], ...] = ()


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences: cut after a full stop, ! or ? that ends a sentence, before a capital."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[\"'(]?[A-ZÆØÅ])", text):
        before = text[start:m.end()]
        if m.group(0) == "." and _NO_END.search(before) and not re.search(r"\b\d{4}\s+\S+(?:\s\S)?\.$", before):
            continue
        out.append(before.strip())
        start = m.end()
    rest = text[start:].strip()
    return [s for s in (*out, rest) if s]


# a line that ends in a word cut by the typesetter's hyphenation (small letters before the hyphen), and a next line
# that goes on with the word's small letters: not a Danish word left open for the next one ("netværks- og")
_HYPHENATED = re.compile(r"(?<![\w@.-])[A-ZÆØÅ]?[a-zæøå]*[a-zæøå]{2}-$")
# an e-mail address broken at a hyphen of its own ("vily@aalund-" / "sundhed.example"): its hyphen is kept
_ADDRESS_AT_HYPHEN = re.compile(r"[\w.+-]+@[\w.-]*\w-$")
_GOES_ON = re.compile(r"(?!(?:og|eller|and|or|nor|samt|til)\b)[a-zæøå]{2}")
# an e-mail address whose local part the typesetter broke at the margin ("anne.lind-" / "hardt@havrum.example"): the
# hyphen may be the typesetter's or the address's own, so the address is made whole without it, in doubt
_LOCAL_AT_HYPHEN = re.compile(r"(?<!\S)([\w+][\w.+-]*\w)-$")
_LOCAL_GOES_ON = re.compile(r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


_UNTICKED = re.compile(r"^\s*(?:\[\s*\]|☐|□|○|\(\s*\))")


def _unhyphenated(text: str) -> str:
    """Lines with the words the typesetter hyphenated at the margin made whole again ("og hed-" / "der ...")."""
    return re.sub(r"(?<![\w@.-])([A-ZÆØÅ]?[a-zæøå]*[a-zæøå]{2})-\n(?!(?:og|eller|and|or|nor|samt|til)\b)([a-zæøå]{2})",
                  r"\1\2", text)


def units(lines: Iterable[Line]) -> list[Unit]:
    """The text's units in reading order. A line joins the one before it unless it starts a list item or a
    new page, or the line before ended a paragraph (a colon, or a short line set well apart)."""
    paras: list[tuple[str, bool]] = []
    joined: list[tuple[str, str]] = []
    prev: Line | None = None
    lines = list(lines)
    right: dict[int, float] = {}
    for ln in lines:
        if ln.segments:
            right[ln.page] = max(right.get(ln.page, 0.0), ln.segments[-1].x1)
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        bullet = _BULLET.match(text)
        gap = prev is not None and (ln.page != prev.page or ln.top - prev.bottom > 1.2 * max(4.0, ln.bottom - ln.top))
        # after a sentence that ends in a colon, a line holding an e-mail address or a phone is a list's item
        # (not the rest of a sentence wrapped at the right margin)
        wrapped = prev is not None and prev.segments and prev.segments[-1].x1 >= 0.85 * right.get(prev.page, 0.0) \
            and not re.search(r"[.:;!?]$", prev.text.strip())
        listed = bool(paras) and (paras[-1][0].endswith(":") or paras[-1][1]) and bool(_details(text)) and not wrapped
        if (bullet or listed or not paras or gap or prev is not None
                and re.search(r"[.!?]$", prev.text.strip()) and len(prev.text) < 45):
            paras.append((text[bullet.end():] if bullet else text, bool(bullet or listed)))
        elif (head := _ADDRESS_AT_HYPHEN.search(paras[-1][0])) and re.match(r"[a-z0-9]", text):
            tail = re.match(r"[\w.-]*\w", text)
            if tail:
                joined.append((head.group() + tail.group(), head.group()[:-1] + tail.group()))
            paras[-1] = (paras[-1][0] + text, paras[-1][1])  # the address goes on after its hyphen, kept
        elif (local := _LOCAL_AT_HYPHEN.search(paras[-1][0])) and (rest := _LOCAL_GOES_ON.match(text)):
            joined.append((local.group(1) + rest.group(1), f"{local.group(1)}-{rest.group(1)}"))
            paras[-1] = (paras[-1][0][:-1] + text, paras[-1][1])
        elif _HYPHENATED.search(paras[-1][0]) and _GOES_ON.match(text):
            # a word the typesetter hyphenated at the margin ("og hed-" / "der Klinik ..."): one word again
            paras[-1] = (paras[-1][0][:-1] + text, paras[-1][1])
        else:
            paras[-1] = (paras[-1][0] + " " + text, paras[-1][1])
        prev = ln
    out: list[Unit] = []
    for text, item in paras:
        for s in _sentences(text):
            # "Our technical contacts are: A, B" on one line: the part after the colon is the list
            out.append(Unit(s, item=item, intro=s.endswith(":"), joined=tuple(a for a in joined if a[0] in s)))
    return out


# --- persons ------------------------------------------------------------------------------------------------

@dataclass
class _Person:
    name: str | None
    email: str | None
    phone: str | None
    start: int  # where it is written in its unit
    end: int
    role: str | None = None
    sure: bool = True


def _details(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, value) of the e-mail addresses and phone numbers of a unit; a CVR number, a date or
    a network is none; MedCom's own addresses (it receives the form) are no party's."""
    out = [(m.start(), m.end(), "email", m.group(0)) for m in _EMAIL.finditer(text) if not _RECEIVER.search(m.group(0))]
    cvr = [(m.start(1), m.end(1)) for m in _CVR_NEAR.finditer(text)]
    nets = [(m.start(), m.end()) for m in IP_TOKEN.finditer(text)]
    for m in PHONE_TOKEN.finditer(text):
        inside = any(a <= m.start() < b for a, b, _, _ in out) or any(a <= m.start() < b or m.start() <= a < m.end()
                                                                        for a, b in cvr + nets)
        if inside or not phone_like(m.group(0)) or re.search(r"\b\d{4}\s+[A-ZÆØÅ]", text[m.start():m.end() + 2]):
            continue
        out.append((m.start(), m.end(), "phone", m.group(0)))
    return sorted(out)


def _not_a_name(word: str) -> bool:
    """A capitalised word that starts no name: a sentence's first word ("Vores", "Our"), a role's
    ("Kontakt", "IT-chef", a table's rank "Primær"), a courtesy title ("Hr."), a form's label ("Navn", "CVR")."""
    toks = [t for t, _, _ in vocabulary.tokens(word)]
    # a label as written, not one merely near it: "Signe" (a first name) is near "signed", yet starts a name
    written = vocabulary.match_start(word, "labels", fuzzy=False)
    return (not toks or toks[0] in _stems("not_names") or toks[0] in _stems("ranks") or bool(_has(toks, "tech"))
            or bool(_has(toks, "contact")) or job_title(word) or (is_label(word) and written is not None))


# a town after its postcode ("1710 København V"): an address's words, never a name's
_AFTER_POSTCODE = re.compile(r"(?<!\d)\d{4}\s*$")


def _names(text: str) -> list[tuple[int, int, str]]:
    """Persons' names in a unit: capitalised words that read as a name, no organisation's, no role's words
    at their start ("Kontakt Jens Hansen" names Jens Hansen). Two columns read as one text run a town into a
    table's rank and the name after it ("1710 København V Primær Matthias Bergström"): a name holds no
    role's word and no town after its postcode, so the name is the words after the last role's word, and a
    town with no role's word after it is no name at all."""
    out = []
    for m in _NAME.finditer(text):
        spans = [(m.start() + w.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        town = bool(_AFTER_POSTCODE.search(text[:m.start()]))
        roles = [_not_a_name(w) for _, w in spans]
        inner = [k for k, r in enumerate(roles) if r and not all(roles[k + 1:])]  # a role's word a name follows
        if inner and (town or inner[-1] > 0):
            spans = spans[inner[-1] + 1:]  # the words after the last role's word (or the town's run) alone
        elif town:
            continue  # the town of an address, no role's word after it
        words = [w for _, w in spans]
        start = spans[0][0] if spans else m.end()
        while words and _not_a_name(words[0]):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        while len(words) > 1 and _not_a_name(words[-1]):
            words = words[:-1]  # "Birthe Lauridsen Mail: ...": a label after the name
        name = " ".join(words).rstrip(".")
        if looks_like_name(name) and not org_like(name):
            out.append((start, start + len(name), name))
    return out


def _persons(text: str) -> list[_Person]:
    """The persons of a unit: each name with the e-mail address and phone number written after it, before
    the next name."""
    names = _names(text)
    details = _details(text)
    out: list[_Person] = []
    for n, (start, end, name) in enumerate(names):
        stop = names[n + 1][0] if n + 1 < len(names) else len(text)
        mine = [d for d in details if end <= d[0] < stop and d[0] - end < 160]
        if not mine:
            continue
        email = next((d[3] for d in mine if d[2] == "email"), None)
        phone = next((d[3] for d in mine if d[2] == "phone"), None)
        out.append(_Person(name, email, phone, start, max(d[1] for d in mine)))
    return out


def _role(clause: str) -> tuple[str | None, bool]:
    """(role, sure) a clause names: technical words make a technical contact, contact words without them the
    organisation's contact. Both in one clause but apart ("Kontaktperson er IT-chef ...") is a doubt."""
    toks = [t for t, _, _ in vocabulary.tokens(clause)]
    tech, contact = _has(toks, "tech"), _has(toks, "contact")
    if tech:
        # "Kontaktperson er vores IT-chef Bo Berg": the contact named first, a technical word apart after it
        # (a job title, or the contact's subject) leaves the role a guess; "tekniske kontaktpersoner", "For
        # technical matters, please contact" do not
        doubt = bool(contact) and min(contact) < min(tech) - 1
        return "tech", not doubt
    if contact:
        return "org", True
    return None, True


_BOUNDARY = re.compile(r"[;,]\s*|\s+(?:og|and|mens|while|samt|hvorimod|whereas)\s+", re.I)
# two persons of one list: nothing but the list's marks between them, and a detail of the first answered none
# ("Anne Lindhardt, anne@..., telefon: (ingen); Karoline Pape, ...")
_JOINED = re.compile(r"^[\s,;.)]*(?:(?:telefon|tlf\.?|phone|mobil|mobile)\s*:?\s*"
                     r"\((?:ingen|none|ikke\s+oplyst|not\s+given|-|–)\)[\s,;.]*)?"
                     r"(?:(?:og|and|samt|&)\s*)?[\s,;]*$", re.I)


def _roles(unit: Unit, intro_role: tuple[str | None, bool]) -> list[_Person]:
    """The persons of a unit with their roles. The text between two persons is cut at its last comma or
    conjunction: what stands before the cut names the person before ("A (...) er teknisk kontakt, og B ..."),
    what stands after names the person after ("..., og teknisk kontakt er B"). A person takes the role named
    before it, else after it; else, in a list ("A (...) og B (...)"), its neighbour's; else the role of the
    sentence that introduced the list."""
    text = unit.text
    people = _persons(text)
    cuts: list[int] = []  # where the text between person i-1 and i is cut
    for i, p in enumerate(people):
        start = people[i - 1].end if i else 0
        gap = text[start:p.start]
        found = list(_BOUNDARY.finditer(gap)) if i else []
        cuts.append(start + found[-1].start() if found else start)
    plain: list[tuple[str | None, bool]] = []
    for i, p in enumerate(people):
        before = _role(text[cuts[i]:p.start])
        after_end = cuts[i + 1] if i + 1 < len(people) else len(text)
        after = _role(text[p.end:after_end])
        plain.append(before if before[0] is not None else after)
    for i, p in enumerate(people):
        role = plain[i]
        if role[0] is None:
            joined_prev = i > 0 and _JOINED.match(text[people[i - 1].end:p.start])
            joined_next = i + 1 < len(people) and _JOINED.match(text[p.end:people[i + 1].start])
            if joined_prev and people[i - 1].role is not None:
                role = (people[i - 1].role, people[i - 1].sure)
            elif joined_next:
                role = next((r for r in plain[i + 1:] if r[0] is not None), (None, True))
        if role[0] is None:
            role = intro_role
        p.role, p.sure = role
    return people


# --- the other subjects --------------------------------------------------------------------------------------

def _closing(unit: Unit) -> bool:
    """"Med venlig hilsen", "Kind regards": the letter's own signature follows (its signer is no contact)."""
    return bool(_has([t for t, _, _ in vocabulary.tokens(unit.text)][:3], "closing"))


def _address(us: list[Unit]) -> tuple[addresses.Found | None, bool]:
    """The address after an installation phrase in its unit (or the list it introduces); (None, _) when no
    installation phrase has one. The letterhead's or the signature's address is the party's postal address,
    never the installation's."""
    for i, u in enumerate(us):
        toks = vocabulary.tokens(u.text)
        at = _has([t for t, _, _ in toks], "install")
        if not at:
            continue
        phrase = toks[at[0]][1]
        found = addresses.find_address(u.text[phrase:])
        if found is None and u.intro and i + 1 < len(us):
            found = addresses.find_address(" ".join(x.text for x in us[i + 1:i + 4]))
        if found is not None:
            return found, True
    return None, True


_TYPE_SAID = re.compile(r"\b(?:organisationstype|partstype|type\s+(?:of|af)\s+(?:organi[sz]ation|party|part)"
                        r"|organi[sz]ation\s+(?:type|category))\s*[:\-–]?\s*(?:is|er)?\s*(?P<v>[^.;:()]{2,60})"
                        r"|\b(?:vi\s+er|we\s+are|we're)\s+(?P<neg>ikke\s+|not\s+)?(?:en|et|a|an)(?:/(?:en|et|an))?\s+"
                        r"(?P<w>[^.;:()]{2,60})"
                        # the organisation's sentence goes on to what it is: "... har CVR-nummer ... og er apotek",
                        # "... has CVR number ... and is a pharmacy"
                        r"|\b(?:og\s+er|and\s+is)\s+(?P<neg2>ikke\s+|not\s+)?(?:(?:en|et|a|an)\s+)?(?P<z>[^.;:()]{2,60})",
                        re.I)


def _party_type(us: list[Unit]) -> str | None:
    """The type the letter says it is: "Organisationstype: kommune", "We are a private practice"."""
    for u in us:
        if re.search(BOX_ANY, u.text):
            continue  # a list of options with their boxes ("We are a | ☐ Danish region"): the ticked one says it
        for m in _TYPE_SAID.finditer(u.text):
            if m.group("neg") or m.group("neg2"):
                continue
            value = m.group("v") or m.group("w") or m.group("z") or ""
            # the type ends where the sentence goes on about it: "en almen lægepraksis med fire læger", "a practice
            # in Aarhus"; "en del af Region Nord" names no type of its own
            value = re.split(r",|\s+(?:og|and|som|who|which|der|that|with|med|i|in|på|at|af|of|under|for)\s+",
                             value)[0]
            found = type_of(value)
            if found is not None:
                return found
    return None


# "not via KMD", "ikke KMD"; "hverken gennem KMD eller ...", "neither through KMD nor ...": the rest of its clause
_NEGATED = re.compile(r"\b(?:ikke|not|never|aldrig|uden|without)\s+(?:\w+\s+){0,2}?(?:via|through|gennem|igennem)"
                      r"\s+(?:\w+\s+){0,2}?KMD\b|\b(?:ikke|not)\s+KMD\b|\b(?:hverken|neither)\b[^.;:!?]*", re.I)
_VIA = re.compile(r"\b(?i:via|through|gennem|igennem)\s+(?i:(?:vores|vor|our|the|en|a|et|an)\s+)?"
                  r"(?i:(?:\w*system|\w*it)?\s*-?\s*(?:leverandør|vendor|provider|supplier)(?:en)?,?\s+)?"
                  r"(?P<name>(?i:KMD)\b|[A-ZÆØÅ](?:[\w&/'’-]|\.(?=\w))*(?:\s+(?:[A-ZÆØÅ](?:[\w&/'’-]|\.(?=\w))*|&))*)")
_DIRECT = re.compile(r"\b(?:direkte|directly|direct|selvstændigt|independently|egen\s+forbindelse|own\s+connection)\b",
                     re.I)


def _connected_via(us: list[Unit]) -> tuple[bool, str | None]:
    """(said?, the umbrella) from the sentence about how the party connects: "via KMD" is KMD, "via our
    system vendor X" is X, "directly, not via KMD" is none; (False, None) where no sentence says."""
    for u in us:
        toks = [t for t, _, _ in vocabulary.tokens(u.text)]
        if not _has(toks, "connect"):
            continue
        text = u.text
        question, mark, answer = text.rpartition("?")
        if mark and not re.search(r"[^\W\d_]", answer):
            continue  # a question alone ("Går tilslutningen gennem KMD eller en systemleverandør?") says nothing
        if mark:
            # "Går tilslutningen gennem KMD eller en systemleverandør?: Nej, direkte": the question's words are no
            # answer; a "no" to it is no umbrella, a "yes" names it in the answer
            if re.match(r"[\s:–-]*(?:nej|no)\b", answer, re.I):
                return True, None
            text = answer
        text = _NEGATED.sub(" ", text)
        m = _VIA.search(text)
        if m is not None and m.group("name"):
            name = m.group("name").rstrip(".")
            if name.upper() == "KMD":
                return True, "KMD"
            if not vocabulary.fold(name).startswith(tuple(_stems("not_umbrellas"))):
                return True, name
        if _DIRECT.search(text) or text != u.text:
            return True, None
    return False, None


def _organisation(text: str) -> tuple[str | None, str | None, bool]:
    """(organisation, CVR, sure): the name written just before its CVR number ("tilslutningen af Egelev
    Kommune (CVR 82686185)"), the CVR after its word; else the one valid CVR and an organisation's line,
    in doubt."""
    cvr_m = _CVR_NEAR.search(text)
    cvr = cvr_digits(re.sub(r"\D", "", cvr_m.group(1))) if cvr_m else None
    if cvr is None:
        found = {d for m in re.finditer(r"(?<!\d)(?:\d[\s-]?){7}\d(?!\d)", text)
                 if (d := cvr_digits(m.group(0))) and cvr_valid(d)}
        cvr = found.pop() if len(found) == 1 else None
    for m in re.finditer(r"\s*[(,]\s*(?i:CVR|SE)\b", text):
        before = text[max(0, m.start() - 120):m.start()].replace("\n", " ")
        # the name starts after the last word that leads to it ("... tilslutningen af", "connecting"), or
        # starts its line ("Egelev Kommune (CVR 82686185)")
        lead = list(_LEAD.finditer(before))
        line_start = text.rfind("\n", 0, m.start()) + 1
        org = clean(before[lead[-1].end():] if lead else text[line_start:m.start()])
        org = re.sub(r"^(?:Vi|We|Us)\s*,\s*", "", org or "")  # "Vi, Region Kystby (CVR ...)"
        if org and re.match(r"[A-ZÆØÅ]", org) and re.search(r"[^\W\d_]{2}", org) and not _EMAIL.search(org) \
                and len(org.split()) <= 8:
            return org, cvr, True
    for line in text.splitlines():
        if org_like(line.strip()):
            return clean(line.strip()), cvr, False
    return None, cvr, False


def _networks(text: str) -> tuple[list[str], list[Problem]]:
    """Every network written in the letter, as the form reader reads one in a cell."""
    return read_networks([text])


# --- the reading ---------------------------------------------------------------------------------------------

@dataclass
class Reading:
    """What the letter says, subject by subject, with the doubts a staff member should see."""

    fields: FormFields
    problems: list[Problem] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)  # the form's subjects answered with a value
    announces: bool = False  # it says a form is attached or sent apart


def _person(p: _Person) -> Person:
    email, _ = email_norm(p.email) if p.email else (None, True)
    phone, _ = phone_norm(p.phone) if p.phone else (None, True)
    return Person(name=p.name, email=email or p.email, phone=phone or (clean(p.phone) if p.phone else None))


def _told_apart(read: str, other: str, domains: Counter[str]) -> str | None:
    """Of an address broken after a hyphen, the reading whose domain the letter's other addresses have (one of
    them: "torben@vester-lyng-sund-" / "hed.example" beside "asger@vester-lyng-sundhed.example"); None where
    they do not tell (a local part broken, or no other address of either domain)."""
    mine, theirs = read.split("@")[1], other.split("@")[1]
    if mine == theirs:
        return None
    seen_mine, seen_theirs = domains[mine] - 1, domains[theirs]  # the address itself is counted once as read
    if seen_mine > 0 and seen_theirs == 0:
        return read
    if seen_theirs > 0 and seen_mine <= 0:
        return other
    return None


def read_prose(lines: list[Line]) -> Reading:
    """The form's fields as the letter's sentences give them (see the module's docstring). A page whose parts
    stand side by side is read column by column, as the labels' reading reads it: read across, a line runs one
    part's words into the other's ("Frederikke" / "Mark | Christoffersen" read "Frederikke Mark")."""
    lines = reading_order(lines)
    # an option printed with an empty box ("( ) Gennem KMD", "☐ Through KMD") is one not chosen: no statement
    us = units([ln for ln in lines if not (_UNTICKED.match(ln.text) and not re.search(BOX_ON, ln.text))])
    body = us
    for i, u in enumerate(us):
        if _closing(u):
            body = us[:i]
            break
    problems: list[Problem] = []
    org_c: _Person | None = None
    techs: list[_Person] = []
    intro: tuple[str | None, bool] = (None, True)
    for u in body:
        for p in _roles(u, intro if u.item else (None, True)):
            if p.role == "org" and org_c is None:
                org_c = p
            elif p.role == "tech" and all(p.email != t.email or p.name != t.name for t in techs):
                techs.append(p)
        if u.intro:
            intro = _role(u.text)
        elif not u.item:
            intro = (None, True)
    text = _unhyphenated("\n".join(ln.text for ln in lines))
    organisation, cvr, org_sure = _organisation(text)
    scopes, net_problems = _networks(text)
    problems += net_problems
    found, _ = _address(body)
    said_via, via = _connected_via(body)
    party_type = _party_type(body)
    addr = Address(street=found.street, postcode=found.postcode, city=found.city) if found else Address()
    broken = {a.casefold().rstrip("."): b.casefold() for u in body for a, b in u.joined}
    domains = Counter(m.group().casefold().rstrip(".").split("@")[1] for u in body for m in _EMAIL.finditer(u.text))
    # id() of the persons whose address's hyphen the letter does not tell: the address read the other way
    doubted: dict[int, str] = {}
    for someone in [c for c in [org_c, *techs] if c is not None]:
        other = broken.get(someone.email.casefold().rstrip(".")) if someone.email else None
        if someone.email and other is not None:
            told = _told_apart(someone.email.casefold().rstrip("."), other, domains)
            if told is None:
                doubted[id(someone)] = other
            else:
                someone.email = told
    fields = FormFields(organisation=organisation, cvr=cvr, party_type=PartyType(party_type) if party_type else None,
                        connected_via=via, org_contact=_person(org_c) if org_c else Person(),
                        technical_contacts=[_person(t) for t in techs], ip_scopes=scopes, installation_address=addr)
    if organisation and not org_sure:
        problems.append(new_problem("uncertain", f"The organisation was read as \"{organisation}\" from a line of the "
                                    "letter that names an organisation, not from a sentence that says it is the party.",
                                    field="organisation"))
    held = {p.email.casefold() for p in [org_c, *techs] if p is not None and p.email}
    loose = sorted({m.group().casefold().rstrip(".") for u in body for m in _EMAIL.finditer(u.text)
                    if "medcom" not in m.group().casefold()} - held - set(broken))
    if loose and techs:
        # an address in the letter that no contact read holds: a contact was missed, or read in part, where the
        # letter runs its people together; which are the technical contacts is for staff to see
        problems.append(new_problem("uncertain", f"The letter names {', '.join(loose[:3])}, which no contact read "
                                    "holds: the technical contacts may not have been read whole.",
                                    field="technical_contacts"))
    named: list[tuple[str, str, _Person]] = [("organisational contact", "org_contact", org_c)] if org_c else []
    named += [(f"technical contact {i}", f"technical_contacts[{i - 1}]", t) for i, t in enumerate(techs, 1)]
    for who, fname, p in named:
        if not p.sure:
            problems.append(new_problem("uncertain", f"The {who} was read as {p.name} from a sentence that names "
                                        "both a technical role and a contact role: which one is meant is a guess.",
                                        field=fname))
        if id(p) in doubted:
            problems.append(new_problem("uncertain", f"The {who}'s e-mail address was read as {p.email}, joined "
                                        "from two lines where it broke at the margin after a hyphen: the hyphen "
                                        "may or may not be part of it.", field=fname,
                                        ways=[_person(p).email or "", doubted[id(p)]]))
        elif p.email and not email_norm(p.email)[1]:
            problems.append(new_problem("invalid_email", f"The {who}'s e-mail address {p.email} is not valid.",
                                        detail=p.email, field=fname))
    if found is not None and not found.whole_town:
        problems.append(new_problem("uncertain", f"The installation address's town was read as \"{found.city}\" after "
                                    f"postcode {found.postcode}; the words after it may belong to it.",
                                    field="installation_address"))
    if found is not None and postcodes.is_postcode(found.postcode) and postcodes.match_town(found.postcode,
                                                                                            found.city) < 0.85:
        problems.append(new_problem("uncertain", f"The installation address's town \"{found.city}\" is not the town "
                                    f"of postcode {found.postcode}.", field="installation_address"))
    if fields.cvr and not cvr_valid(fields.cvr):
        problems.append(new_problem("invalid_cvr", f"The CVR number {fields.cvr} fails the modulus-11 check."))
    # a letter leaves no place empty: what it does not say was not found (staff look), never asked of the party
    absent = missing.form_items(fields.model_dump(),
                                invalid_scopes=any(p.code == "invalid_ip_scope" for p in problems))
    problems += missing.judged(absent, lambda it: "not_found")
    subjects = {name for name, ok in (
        ("org_contact", org_c is not None), ("tech", bool(techs)), ("ip", bool(scopes)),
        ("address", found is not None), ("via", said_via), ("party_type", party_type is not None)) if ok}
    announces = any(_has([t for t, _, _ in vocabulary.tokens(u.text)], "attached") for u in us)
    return Reading(fields, problems, subjects, announces)


def form_subjects(lines: list[Line]) -> int:
    """How many of the information form's subjects a text answers in prose with values (contacts, the
    installation address, networks, the connection, the party type): 0 for a letter that announces a form
    sent apart and says little itself ("attached is our information form"), whatever it mentions."""
    reading = read_prose(lines)
    n = len(reading.subjects)
    if not reading.subjects & {"tech", "ip", "address"}:
        return 0
    return 0 if reading.announces and n < 4 else n


# a small word of running text: lower-case letters, not part of an address, a domain or a number
_SMALL_WORD = re.compile(r"(?<![\w@.])[a-zæøå]{2,}(?![\w@.])")


def in_prose(content: PdfContent) -> bool:
    """Whether a form is written in sentences rather than in a grid: most lines that hold an e-mail address, a
    network or a postcode hold them inside a sentence (three or more small words beside the value, or the rest
    of a sentence wrapped from the line before), a list's items and the letter's signature aside."""
    prose = grid = 0
    before = 0  # the small words of the line before, when it ended no sentence
    for ln in content.lines:
        text = ln.text.strip()
        if _closing(Unit(text)):
            break
        small = len(_SMALL_WORD.findall(EMAIL_TOKEN.sub(" ", text)))
        values = _EMAIL.search(text) or IP_TOKEN.search(text) or re.search(r"\b\d{4}\s+[A-ZÆØÅ]", text)
        if values and not _BULLET.match(text):
            if any(w.source == "field" for seg in ln.segments for w in seg.words):
                grid += 1  # a form field's value: a form's grid, whatever words stand around it
            elif _value_in_own_cell(ln):
                grid += 1  # "E-postadresse / E-mail address | anne@x.example": a label's words beside its value
            elif len(ln.segments) < 3 and (small >= 3 or small and before >= 3):
                prose += 1  # a row of three cells or more is a table's, whatever its words
            else:
                grid += 1
        before = small if text and not re.search(r"[.:;!?]$", text) else 0
    return prose >= 2 and prose > grid and _sentence_lines(content) >= 2


def _value_in_own_cell(ln: Line) -> bool:
    """A row of two cells whose value (a mail address, a network, a postcode and town) stands alone in its cell,
    the words in the other: a label and its value, not a sentence; a sentence holds its value among its words."""
    if len(ln.segments) != 2:
        return False
    holding = [sg for sg in ln.segments if _EMAIL.search(sg.text) or IP_TOKEN.search(sg.text)
               or re.search(r"\b\d{4}\s+[A-ZÆØÅ]", sg.text)]
    return len(holding) == 1 and len(_SMALL_WORD.findall(EMAIL_TOKEN.sub(" ", holding[0].text))) < 2


def _answered(fields: FormFields) -> int:
    """How many of the form's subjects a reading holds a value for."""
    c, a = fields.org_contact or Person(), fields.installation_address or Address()
    return sum((bool(c.email or c.phone), bool(fields.technical_contacts), bool(fields.ip_scopes),
                bool(a.street and a.postcode), bool(fields.connected_via), fields.party_type is not None))


def read_form(content: PdfContent) -> tuple[FormFields, list[Problem]]:
    """The form's fields and problems, for the document pipeline: a letter's by its sentences, a grid's by its
    labels (form.read_information_form). A letter set partly as lists ("Kontaktperson: Jens ...") may look like
    a grid; the sentences' reading is taken where it answers more of the form's subjects than the labels'."""
    if in_prose(content):
        reading = read_prose(content.lines)
        return reading.fields, reading.problems
    grid = read_information_form(content)
    if _sentence_lines(content) < 2:
        return grid  # labels and values, questions and answers: no letter's sentences to read
    reading = read_prose(content.lines)
    if len(reading.subjects) >= 3 and _answered(reading.fields) > _answered(grid[0]):
        return reading.fields, reading.problems + _disputed(reading.fields, grid[0])
    return grid


_COMPARED = ("organisation", "cvr", "party_type", "connected_via", "org_contact", "installation_address")


def _disputed(prose: FormFields, grid: FormFields) -> list[Problem]:
    """Where the sentences' reading, taken for answering more, says otherwise than the labels' reading of the
    same page did (held-out outside check seed 4330, the eleventh hand's two-by-two form: the labels' reading
    saw "[X] Nej, vi tilslutter os selv", the sentences' took "Ja, gennem KMD"). Two readings of one page that
    disagree are for staff, never a silent choice. A value the labels' reading did not find is no
    disagreement; "connected via" none is a value there when its options were read."""
    if _answered(grid) < 3:
        return []
    out: list[Problem] = []
    for name in _COMPARED:
        mine, theirs = getattr(prose, name), getattr(grid, name)
        empty = theirs is None or theirs == Person() or theirs == Address()
        if mine == theirs or (empty and name != "connected_via"):
            continue
        if isinstance(mine, Person) and isinstance(theirs, Person) and mine.email and mine.email == theirs.email \
                and mine.name == theirs.name and mine.phone in (None, theirs.phone):
            continue  # the same person, one reading without the phone
        out.append(new_problem("uncertain", f"The form read as running text and read by its labels disagree on "
                               f"{name.replace('_', ' ')}: {_shown(mine)!r} against {_shown(theirs)!r}.", field=name))
    return out


def _shown(value: object) -> str:
    return "none" if value is None else str(value)[:80]


def _sentence_lines(content: PdfContent) -> int:
    """Lines that read as running text: one cell of four or more small words, none of it a form field's
    value. A grid of labels and values, or of questions ("Kobles I på via KMD?") and their answers, has
    none or hardly any."""
    return sum(1 for ln in content.lines if len(ln.segments) == 1 and ln.segments[0].words
               and all(w.source != "field" for w in ln.segments[0].words)
               and len(_SMALL_WORD.findall(ln.text)) >= 4)
