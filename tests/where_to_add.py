"""Where a state or a document kind must be known, as checks: each returns the files a value is missing from.

Shared by tests/test_where_to_add.py (a throwaway value is missing from exactly the files README's *Where to
add* lists) and tests/core/test_state_table.py (every real value is missing from none)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from mailbot import blank_forms, wording
from mailbot.core import agreement_texts
from mailbot.core.case import Case
from mailbot.core.machine import MACHINE
from mailbot.core.rules import Rules
from mailbot.core.states import STATE_TABLE
from mailbot.core.vocabulary import AGREEMENT_KINDS, DocumentKind, PartyType, State
from parsers.documents import kinds, vocabulary

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mailbot" / "locale"
POT = "mailbot/locale/mailbot.pot"
PO = "mailbot/locale/<lang>/LC_MESSAGES/mailbot.po"


@cache
def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def catalogs() -> dict[str, Catalog]:
    """Each language's catalog, by language."""
    return {p.parent.parent.name: _read(p) for p in sorted(LOCALE.glob("*/LC_MESSAGES/mailbot.po"))}


def missing_words(words: list[tuple[str, str | None]]) -> set[str]:
    """The catalog files that lack one of `words` ((context, English source); a source of None is not written
    yet): the template, or a language's catalog that has no translation (English is the source language)."""
    out: set[str] = set()
    pot = _read(LOCALE / "mailbot.pot")
    for context, source in words:
        if source is None or pot.get(source, context=context) is None:
            out.add(POT)
        for language, catalog in catalogs().items():
            message = catalog.get(source, context=context) if source else None
            if message is None or (language != "en" and not message.string):
                out.add(PO)
    return out


def state_missing(value: str) -> set[str]:
    """The files a state is missing from."""
    out = set()
    if value not in {s.value for s in State}:
        out.add("mailbot/core/vocabulary.py")
    row = STATE_TABLE.get(State(value)) if value in State._value2member_map_ else None
    if row is None:
        out.add("mailbot/core/states.py")
    if value not in MACHINE:
        out.add("mailbot/core/machine.py")
    return out | missing_words([("state", row.name if row else None)])


def _required_somewhere() -> set[str]:
    rules = Rules()
    return {str(k) for pt in [*PartyType, None] for umbrella in (None, "KMD", "Some System")
            for k in rules.required_documents(Case(ref="x", party_type=pt, umbrella=umbrella))}


def kind_missing(value: str) -> set[str]:
    """The files an agreement kind (one the party signs and the bot sends blank) is missing from."""
    out = set()
    if value not in {k.value for k in DocumentKind} or value not in AGREEMENT_KINDS:
        out.add("mailbot/core/vocabulary.py")
    if value not in vocabulary.wordings("titles"):
        out.add("parsers/documents/vocabulary.toml")
    if value not in {k for k, _ in kinds.TITLES} or value not in kinds.BODY:
        out.add("parsers/documents/kinds.py")
    title, definite = wording.doc_name(value, "en"), wording.doc_definite(value, "en")
    named = title != value and definite != title
    if not named:
        out.add("mailbot/wording/names.py")
    out |= missing_words([("document title", title if named else None),
                          ("document in a sentence", definite if named else None)])
    if value not in _required_somewhere():
        out.add("mailbot/core/rules.py")
    for language in ("da", "en"):
        if (value, language) not in blank_forms.FILENAMES:
            out.add("mailbot/blank_forms.py")
        if (value, language) not in agreement_texts.AGREEMENTS:
            out.add("mailbot/core/agreement_texts.py")
        name = blank_forms.FILENAMES.get((value, language))
        if name is None or not (blank_forms.ATTACHMENTS / name).is_file():
            out.add("outbox_templates/attachments/")  # the blank PDF, written by `python -m mailbot.blank_forms`
    return out


def readme_places(thing: str) -> set[str]:
    """The paths README's *Where to add* lists under `- **<thing>**`, one sub-bullet per place (with `<lang>`)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Where to add\n", 1)[1].split("\n## ", 1)[0]
    start = section.index(f"- **{thing}**")
    block = []
    for line in section[start:].splitlines()[1:]:
        if not line.startswith("  ") or not line.strip():
            break
        block.append(line)
    assert block and block[0].startswith("  - "), f"README lists the places of {thing} one sub-bullet each"
    return set(re.findall(r"`([\w.<>-]+(?:/[\w.<>-]*)+)`", "\n".join(block)))
