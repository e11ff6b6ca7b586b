"""Where values come from besides the file: `MAILBOT_<SECTION>__<KEY>` overrides and `KEY_env = "NAME"`.

Any key may be set by `MAILBOT_<SECTION>__<KEY>` (nested tables: `MAILBOT_MAILBOX__OAUTH2__CLIENT_ID`), its
value read as a TOML value (`true`, `8`, `["a", "b"]`) or else as a string; the environment wins over the
file. A secret may be named by an environment variable (`password_env = "NAME"`, and so for every secret
key and `[database] url`). The walk over a section's keys is here too: it serves these and the error
messages alike, from the models themselves.
"""
from __future__ import annotations

import contextvars
import dataclasses
import tomllib
from collections.abc import Mapping
from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

ENV_PREFIX = "MAILBOT_"

Table = dict[str, Any]
"""A TOML table as tomllib reads it (and as pydantic takes it): the one untyped shape, at the file's edge."""


class Load:
    """What one load sees: the environment (a mapping, so tests pass their own) and where values came from."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.from_env: dict[tuple[str, ...], str] = {}  # a key's path -> the variable that set it


CURRENT: contextvars.ContextVar[Load] = contextvars.ContextVar("mailbot_config_load")


def _env_value(text: str) -> Any:
    """An override's value in TOML syntax (true, 8, 2.5, ["a", "b"], "quoted"), else the text itself."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


class EnvOverrides(PydanticBaseSettingsSource):
    """`MAILBOT_<SECTION>__<KEY>=value` sets a key; variables without `__` (MAILBOT_LOG, MAILBOT_CONFIG,
    the secrets named by `*_env`) are not keys and are left alone."""

    def __init__(self, settings_cls: type[BaseSettings], load: Load) -> None:
        super().__init__(settings_cls)
        self.load = load

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover - unused
        return None, field_name, False

    def __call__(self) -> Table:
        out: Table = {}
        for name, text in sorted(self.load.env.items()):
            if not name.upper().startswith(ENV_PREFIX) or "__" not in name:
                continue
            path = tuple(p.lower() for p in name[len(ENV_PREFIX):].split("__"))
            if not all(path):
                continue
            table = out
            for part in path[:-1]:
                nxt = table.setdefault(part, {})
                if not isinstance(nxt, dict):
                    break
                table = nxt
            else:
                table[path[-1]] = _env_value(text)
                self.load.from_env[path] = name
        return out


def section_class(annotation: object) -> type | None:
    """The section (or sub-table) class behind a field's annotation, if any."""
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if dataclasses.is_dataclass(candidate) and isinstance(candidate, type):
            return candidate
        inner = getattr(candidate, "__args__", ())
        for arg in inner:  # tuple[Section, ...]
            if dataclasses.is_dataclass(arg) and isinstance(arg, type):
                return arg
    return None


def fields_of(cls: object) -> dict[str, object]:
    """A section's keys and their annotations (the whole file's `Config` or a section dataclass)."""
    if isinstance(cls, type) and issubclass(cls, BaseSettings):
        return {k: f.annotation for k, f in cls.model_fields.items()}
    pydantic_fields = getattr(cls, "__pydantic_fields__", None)  # resolved annotations, not strings
    return {k: f.annotation for k, f in pydantic_fields.items()} if pydantic_fields else {}


def known_keys(cls: object) -> list[str]:
    """The keys a table may have: its fields, `KEY_env` beside each secret, and a section's older spellings."""
    keys = list(fields_of(cls))
    keys += [f"{s}_env" for s in getattr(cls, "secrets", ())]
    keys += list(getattr(cls, "also_keys", ()))
    return keys


def resolve_env(data: Table, cls: object, where: tuple[str, ...], env: Mapping[str, str]) -> Table:
    """`KEY_env = "NAME"` beside a secret becomes the secret itself (read from that variable), in every sub-table."""
    out = dict(data)
    for secret in getattr(cls, "secrets", ()):
        env_key = f"{secret}_env"
        if env_key in out:
            name = out.pop(env_key)
            label = ".".join((*where, env_key))
            if not isinstance(name, str) or not name:
                raise ValueError(f"{label}: expected the name of an environment variable")
            if name not in env:
                raise ValueError(f"{label}: environment variable {name} is not set")
            out[secret] = env[name]
    fields = fields_of(cls)
    for key, value in list(out.items()):
        sub = section_class(fields.get(key))
        if sub is not None and isinstance(value, dict):
            out[key] = resolve_env(value, sub, (*where, key), env)
    return out

