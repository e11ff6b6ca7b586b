"""Outgoing mail text: one Jinja2 template per step and language, rendered to subject, text and HTML.

The whole mails live in ``outbox_templates/<lang>/`` so MedCom can change what the bot says without
touching code. This module finds the templates, renders them and tidies the plain text; what things are
called in the mail's language (document kinds, party types, problems, dates) is ``mailbot/wording``, bound
here as filters per language, so every template names things the same way. The digest's view of its facts
is made by the digest stage (``mailbot/pipeline/digest.py``) and handed in as ``view``.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .core import i18n
from .core.i18n import DEFAULT_LANGUAGE
from .core.rules import PRE_APPROVED
from .core.vocabulary import State, Step
from .wording import FILTERS, document_problems, missing_documents

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "outbox_templates"
_template_dirs: list[Path] = [TEMPLATE_DIR]

# The X-SDN-Step values and the case states, in process order (the digest lists them this way).
STEPS: tuple[Step, ...] = tuple(Step)
STATES: tuple[State, ...] = tuple(State)

WRAP_WIDTH = 76


@dataclass(frozen=True)
class RenderedMail:
    """One outgoing mail's content; the caller adds headers and the ``[SDN-…]`` subject prefix."""

    subject: str
    text: str
    html: str | None


def ordered_states(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Counts in process order, unknown states last, so the digest always reads top to bottom."""
    known = [(s, counts[s]) for s in STATES if s in counts]
    extra = sorted((s, n) for s, n in counts.items() if s not in STATES)
    return known + extra


# --------------------------------------------------------------------------- environment and rendering

def _bind(func: Callable[..., str], lang: str) -> Callable[..., str]:
    def bound(value: Any, *args: Any, **kwargs: Any) -> str:
        return func(value, *args, lang=lang, **kwargs)

    bound.__name__ = func.__name__
    bound.__doc__ = func.__doc__
    return bound


def set_template_dirs(dirs: Iterable[Path]) -> None:
    """Where the language folders are looked for, first match wins (a test adds a throwaway language)."""
    _template_dirs[:] = [Path(d) for d in dirs]
    _environment.cache_clear()


def languages() -> tuple[str, ...]:
    """Languages with a template folder (at least the default language's steps), the default first.

    A language is a template folder here and a catalog in ``mailbot/locale``; one with a folder but no
    catalog gets the default language's words for the filters, and the log says so (``mailbot.core.i18n``).
    """
    found = {p.name for folder in _template_dirs if folder.is_dir() for p in folder.iterdir()
             if p.is_dir() and any(p.glob("*.txt.j2"))}
    return tuple(sorted(found, key=lambda x: (x != DEFAULT_LANGUAGE, x)))


@lru_cache(maxsize=16)
def _environment(lang: str) -> jinja2.Environment:
    """One environment per language, so every filter speaks the language of the template it serves."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in _template_dirs]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False,
                                            default=False),
    )
    for func in FILTERS:
        env.filters[func.__name__] = _bind(func, lang)
    env.globals.update(
        lang=lang,
        missing_documents=missing_documents,
        document_problems=document_problems,
        ordered_states=ordered_states,
        # the render stage passes the configured `[rules] pre_approved`; a template rendered without it (a
        # preview, a test) reads the rules' default (core/rules.py), the same one list
        pre_approved_types=list(PRE_APPROVED),
        STATES=STATES,
    )
    return env


def _language(language: str | None) -> str:
    """``da``, ``da-DK``, ``EN_gb`` … are understood (Babel's negotiate_locale over the template
    folders); anything else is the default language, MedCom's own."""
    return i18n.negotiate(language, languages())


def available_steps() -> list[str]:
    """Steps with a text template in the default language, in process order (unknown ones last)."""
    found = {p.name[: -len(".txt.j2")] for folder in _template_dirs
             for p in (folder / DEFAULT_LANGUAGE).glob("*.txt.j2") if not p.name.startswith("_")}
    return [s for s in STEPS if s in found] + sorted(found.difference(STEPS))


def _render_block(template: jinja2.Template, name: str, context: Mapping[str, object]) -> str:
    if name not in template.blocks:
        raise KeyError(f"template {template.name} has no block {name!r}")
    return "".join(template.blocks[name](template.new_context(dict(context))))


_BULLET = re.compile(r"^(\s*(?:[-*•]|\d+\.)\s+|\s+)")


def _wrap_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    match = _BULLET.match(line)
    indent = " " * len(match.group(1)) if match else ""
    return textwrap.wrap(line, width=width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [line]


def tidy_text(text: str, width: int = WRAP_WIDTH) -> str:
    """Plain text for mail clients: wrapped paragraphs, no runs of blank lines left by conditionals."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        lines.extend(_wrap_line(line, width))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def render_mail(step: str, language: str, context: Mapping[str, object]) -> RenderedMail:
    """Render one step's mail; the language decides both the template and the filters' words.

    Raises KeyError for an unknown step and jinja2.UndefinedError when the context lacks a key a
    template needs (StrictUndefined), so a gap in the render stage fails loudly instead of
    sending a mail with a hole in it.
    """
    if step not in available_steps():
        raise KeyError(f"unknown mail step: {step!r}")
    lang = _language(language)
    env = _environment(lang)
    ctx = dict(context)
    ctx["lang"] = lang
    ctx.setdefault("step", step)

    try:
        text_template = env.get_template(f"{lang}/{step}.txt.j2")
    except jinja2.TemplateNotFound:
        lang = DEFAULT_LANGUAGE
        env = _environment(lang)
        ctx["lang"] = lang
        text_template = env.get_template(f"{lang}/{step}.txt.j2")

    subject = " ".join(_render_block(text_template, "subject", ctx).split())
    text = tidy_text(text_template.render(ctx))

    html: str | None = None
    try:
        html_template = env.get_template(f"{lang}/{step}.html.j2")
    except jinja2.TemplateNotFound:
        html_template = None
    if html_template is not None:
        html = html_template.render({**ctx, "subject": subject}).strip() + "\n"
    return RenderedMail(subject=subject, text=text, html=html)
