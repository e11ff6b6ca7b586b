"""A signer's job title, and a signer written as title and name on one line ("Direktør, Hanne Ryberg")."""
from __future__ import annotations

import re

from ..values import clean, looks_like_name, org_like
from . import vocabulary

_MEDCOM = re.compile(r"medcom", re.I)


def job_title(text: str | None) -> bool:
    """A person's job title ("Kommunaldirektør", "IT-chef", "Head of IT", "Chief Operating Officer"): one to
    six words, no digits, one of them a title word of the vocabulary, or a Danish compound ending in one."""
    toks = vocabulary.norm(text or "").split()
    if not 1 <= len(toks) <= 6 or re.search(r"[\d@:]", text or "") or _MEDCOM.search(text or "") \
            or org_like(text or ""):
        return False
    known = set(vocabulary.words("job_title_words"))
    return any(_title_word(t, known) for t in toks)


def _title_word(token: str, known: set[str]) -> bool:
    return token in known or any(len(w) >= 4 and token.endswith(w) for w in known)


def title_only(text: str | None) -> bool:
    """A job title and nothing else ("Managing Director", "Chief Operating Officer", "Chief Executive" cut
    short), not a name with a title run into it ("Karen Lund Director")."""
    known = set(vocabulary.words("job_title_words")) | set(vocabulary.words("job_title_modifiers"))
    toks = vocabulary.norm(text or "").split()
    rest = [t for t in toks if not _title_word(t, known) and t not in ("of", "for", "and", "og", "i", "the", "af")]
    # a title cut short ("Chief Executive") is title words only; a whole one may hold one word more ("Head of IT")
    return bool(toks) and (not rest or job_title(text) and len(rest) < 2)


def title_and_name(text: str | None) -> tuple[str, str] | None:
    """(name, title) of a signer written as one line, title first or last: "Direktør, Hanne Ryberg",
    "Hanne Ryberg, Direktør". Only where one part is a job title and the other a person's name: a party's
    caption over its signature ("For Tornby Health AB, filial af svensk selskab (dataansvarlig)") names an
    organisation, never its signer."""
    parts = [clean(p) or "" for p in (text or "").split(",")]
    if len(parts) != 2:
        return None
    for name, title in (parts, parts[::-1]):
        if looks_like_name(name) and not org_like(name) and not job_title(name) and job_title(title):
            return name, title
    return None
