"""Wording that is not a whole template: gettext catalogs per language, read with Babel.

Source strings are English and written in the code (``_("...")``, ``pgettext("context", "...")``);
each language's words live in ``mailbot/locale/<lang>/LC_MESSAGES/mailbot.po``. The ``.po`` files are
read directly (Babel compiles them in memory once per process), so a fresh clone needs no build step;
``make catalogs`` extracts new source strings and updates every catalog.

A language is available when it has a catalog. A language without one gets the default language's
words — explicitly, with a warning in the log — never the English source strings by accident.
Dates and lists are formatted by Babel with the catalog's own locale (its ``Language:`` header, e.g.
``en_GB``), and a mail's language is matched to the available ones with ``negotiate_locale``.

Loading a catalog reads a file once; after that every call is a pure lookup, which is why the case
machine may use it for the staff prose it writes, and why it lives in ``mailbot/core`` (the core imports
nothing from the shell above it). The catalogs themselves stay in ``mailbot/locale``.
"""
from __future__ import annotations

import gettext as _gettext
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import babel
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .vocabulary import Np_ as Np_  # ``N_`` with a message context (``pgettext`` at the point of use)

log = logging.getLogger(__name__)

DOMAIN = "mailbot"
DEFAULT_LANGUAGE = "da"  # MedCom's own language: the fallback for a language without a catalog
_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # mailbot/locale
_locale_dirs: list[Path] = [_LOCALE_DIR]


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; it is translated where it is used."""
    return message


@dataclass(frozen=True)
class Words:
    """One language's catalog: gettext lookups plus Babel formatting in the catalog's locale."""

    language: str  # the language asked for and served (after fallback: the default language)
    locale: babel.Locale
    translations: _gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    def format_date(self, value: date, pattern: str) -> str:
        return format_date(value, pattern, locale=self.locale)

    def format_datetime(self, value: datetime, pattern: str) -> str:
        return format_datetime(value, pattern, tzinfo=value.tzinfo, locale=self.locale)

    def format_list(self, items: Sequence[str]) -> str:
        return format_list(list(items), locale=self.locale)


def set_locale_dirs(dirs: Iterable[Path]) -> None:
    """Where catalogs are looked for, first match wins (tests add a throwaway language this way)."""
    _locale_dirs[:] = [Path(d) for d in dirs]
    reset()


def reset() -> None:
    """Forget loaded catalogs (after a catalog or the list of folders changed)."""
    _catalog.cache_clear()
    words.cache_clear()


def _po_path(language: str) -> Path | None:
    for folder in _locale_dirs:
        path = folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


def languages() -> tuple[str, ...]:
    """Every language that has a catalog, the default first."""
    found = {p.name for folder in _locale_dirs if folder.is_dir() for p in folder.iterdir()
             if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()}
    return tuple(sorted(found, key=lambda x: (x != DEFAULT_LANGUAGE, x)))


@lru_cache(maxsize=16)
def _catalog(language: str) -> tuple[babel.Locale, _gettext.NullTranslations] | None:
    path = _po_path(language)
    if path is None:
        return None
    with path.open("rb") as fh:
        catalog = read_po(fh, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    locale = catalog.locale or babel.Locale.parse(language)
    return locale, _gettext.GNUTranslations(buffer)


@lru_cache(maxsize=16)
def words(language: str | None) -> Words:
    """The words of one language; a language without a catalog gets the default's, and the log says so."""
    lang = (language or DEFAULT_LANGUAGE).strip().lower() or DEFAULT_LANGUAGE
    found = _catalog(lang)
    if found is None:
        if lang != DEFAULT_LANGUAGE:
            log.warning("no catalog for language %r: using the default language %r", lang, DEFAULT_LANGUAGE)
        lang = DEFAULT_LANGUAGE
        found = _catalog(lang)
    if found is None:  # pragma: no cover - the package always ships the default catalog
        raise RuntimeError(f"the default language's catalog {DEFAULT_LANGUAGE!r} is missing")
    return Words(lang, found[0], found[1])


def negotiate(language: str | None, available: Iterable[str] | None = None, default: str = DEFAULT_LANGUAGE) -> str:
    """A mail's language (``da``, ``da-DK``, ``EN_gb``…) as one of the available ones, else the default."""
    offered = [a.lower() for a in (languages() if available is None else available)]
    asked = re.sub(r"[-\s.]+", "_", (language or "").strip().lower())
    if not asked:
        return default
    found = babel.negotiate_locale([asked], offered, sep="_")
    return found.lower() if found and found.lower() in offered else default
