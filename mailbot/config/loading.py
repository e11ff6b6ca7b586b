"""Loading: the TOML file, the environment's overrides over it, and the defaults under both.

The file is read by pydantic-settings into `Config` (sections.py); relative paths (the SQLite file, the
local Maildir and outbox, trust roots, the S/MIME key) are then taken from the config file's folder. Every
error is a `ConfigError` that names the key.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from .environment import CURRENT, Load, Table
from .errors import ConfigError, messages
from .sections import Config, LocalConfig, SignaturesConfig


def read_config(data: Table, env: Mapping[str, str] | None = None) -> Config:
    """The file's tables and the environment through pydantic-settings; ConfigError names every bad key.
    Paths are as written (`from_dict` resolves them)."""
    load = Load(dict(os.environ) if env is None else env)
    token = CURRENT.set(load)
    try:
        return Config(**data)
    except ValidationError as exc:
        raise ConfigError("; ".join(dict.fromkeys(messages(exc, load, Config)))) from None
    except ValueError as exc:  # raised before validation proper (a secret's environment variable)
        raise ConfigError(str(exc)) from None
    finally:
        CURRENT.reset(token)


def from_dict(data: Table, base: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Build a Config; relative paths are taken from the config file's folder."""
    s = read_config(data, env)
    base = base or Path.cwd()

    def path(p: Path) -> Path:
        p = p.expanduser()
        return p if p.is_absolute() else base / p

    url = s.database.url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        url = "sqlite:///" + str(path(Path(url[len("sqlite:///"):])))
    roots = tuple(str(path(Path(r))) for r in s.signatures.trust_roots)
    for root in roots:
        if not Path(root).is_file():
            raise ConfigError(f"signatures.trust_roots: {root} is not a file")
    smime = s.smime
    if smime.key_file or smime.cert_file:
        if not (smime.key_file and smime.cert_file):
            raise ConfigError("smime: key_file and cert_file are named together")
        smime = dataclasses.replace(smime, key_file=str(path(Path(smime.key_file))),
                                    cert_file=str(path(Path(smime.cert_file))))
        for key, file in (("key_file", smime.key_file), ("cert_file", smime.cert_file)):
            if not Path(file).is_file():
                raise ConfigError(f"smime.{key}: {file} is not a file")
    return s.model_copy(update={
        "database": dataclasses.replace(s.database, url=url),
        "local": LocalConfig(inbox=path(s.local.inbox), outbox=path(s.local.outbox)),
        "signatures": SignaturesConfig(trust_roots=roots),
        "smime": smime,
    })


def load(path: Path | None, env: Mapping[str, str] | None = None) -> Config:
    """Load a config file; with no file, the embedded defaults (SQLite, Maildir, .eml outbox under ./var)."""
    if path is None:
        return from_dict({}, Path.cwd(), env)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: {exc}") from exc
    return from_dict(data, path.resolve().parent, env).read_from(path)
