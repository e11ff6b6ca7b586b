"""Errors that name the key (`section.key`) as the file spells it, and never show a secret.

An unknown key is answered with the nearest known one (the person reading is editing that file), and the
environment variable that set a bad value is named. A password or a URL that may carry one is blanked.
"""
from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from .environment import Load, fields_of, known_keys, section_class


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names the key."""


def _label(loc: tuple[Any, ...]) -> str:
    """A pydantic location as the file names it: ("reminders", "rule", 0, "state") -> reminders.rule[1].state."""
    parts: list[str] = []
    for p in loc:
        if isinstance(p, int):
            parts[-1] = f"{parts[-1] if parts else ''}[{p + 1}]"
        elif p not in ("function-after[", ) and not str(p).startswith(("function-", "tuple[", "nullable[")):
            parts.append(str(p))
    return ".".join(parts)


def _class_at(root: type, path: tuple[Any, ...]) -> type | None:
    """The table class a key's path leads to from the file's root (`Config`), or None."""
    cls: type | None = root
    for part in path:
        if isinstance(part, int):
            continue
        cls = section_class(fields_of(cls).get(str(part)))
        if cls is None:
            return None
    return cls


def _unknown(root: type, loc: tuple[Any, ...], load: Load) -> str:
    keys = [p for p in loc if isinstance(p, str)]
    parent = _class_at(root, tuple(keys[:-1]))
    known = known_keys(parent) if parent is not None else []
    what = "section" if len(keys) == 1 else "key"
    label = _label(loc)
    near = difflib.get_close_matches(keys[-1], known, n=1, cutoff=0.6)
    text = f"{label}: unknown {what}"
    if near:
        text += f"; did you mean {label[: -len(keys[-1])]}{near[0]}?"
    elif known:
        text += f" (known: {', '.join(known)})"
    source = load.from_env.get(tuple(keys))
    return text + (f" (set by the environment variable {source})" if source else "")


def _is_secret(root: type, loc: tuple[Any, ...]) -> bool:
    """The key at `loc` is one its section declares secret (`secrets`): its value is never shown."""
    keys = [p for p in loc if isinstance(p, str)]
    parent = _class_at(root, tuple(keys[:-1])) if keys else None
    return bool(keys) and keys[-1] in getattr(parent, "secrets", ())


def messages(exc: ValidationError, load: Load, root: type) -> list[str]:
    """Each of pydantic's errors as the file's reader needs it: the key's path, what is wrong, no secret."""
    out: list[str] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc") or ())
        kind = err.get("type", "")
        label = _label(loc)
        value = err.get("input")
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            out.append(_unknown(root, loc, load))
            continue
        if kind == "value_error":
            text = str(err.get("ctx", {}).get("error", err.get("msg")))
            # a section's own check names its key already ("digest: give either ...")
            out.append(text if re.match(r"^[a-z_]+(\.[a-z_0-9\[\]]+)*:", text) else f"{label}: {text}")
            continue
        secret = _is_secret(root, loc)
        if kind == "missing":
            out.append(f"{label}: missing")
        elif secret:
            out.append(f"{label}: expected a string (the value is not shown: it is a secret)")
        elif kind == "literal_error":
            expected = str(err.get("ctx", {}).get("expected", "")).replace("'", "")
            out.append(f"{label}: must be one of {expected}, got {value!r}")
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = err.get("ctx", {})
            out.append(f"{label}: must be at least {bound['ge']}, got {value!r}" if "ge" in bound
                       else f"{label}: must be at most {bound.get('le')}, got {value!r}")
        elif kind in ("dataclass_type", "dataclass_exact_type", "model_type", "dict_type"):
            out.append(f"{label}: expected a table [{label}]")
        else:
            out.append(f"{label}: {str(err.get('msg', 'invalid')).lower()}, got {value!r}")
    return out



def blank_url(url: str) -> str:
    """A URL fit for an error message: whatever stands before its last "@" (user and password) blanked."""
    url = re.sub(r"(?i)(password=)[^&]*", r"\1***", url)
    if "@" not in url:
        return url
    head, tail = url.rsplit("@", 1)
    scheme = head.split("://", 1)[0] + "://" if "://" in head else ""
    return f"{scheme}***@{tail}"

