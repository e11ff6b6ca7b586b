"""Imports run one way: the case machine (`mailbot/core`) imports nothing from the shell around it, and the
readers (`parsers`) nothing from `mailbot` but the core's vocabulary. Read from the source with `ast`, so an
import inside a function counts as much as one at the top."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, relative imports made absolute (`from .. import x` -> `pkg.x`)."""
    package = _module(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _offences(folder: str, allowed: str, root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted((root / folder).rglob("*.py")):
        for module in sorted(imported(path, root)):
            if _inside(module, "mailbot") and not _inside(module, allowed):
                out.append(f"{path.relative_to(root)} imports {module}")
    return out


def test_the_core_imports_nothing_from_the_shell() -> None:
    assert _offences("mailbot/core", "mailbot.core") == []


def test_the_readers_import_nothing_from_mailbot_but_the_core() -> None:
    assert _offences("parsers", "mailbot.core") == []


@pytest.mark.parametrize("source, expected", [
    ("from .. import config\n", "mailbot.config"),
    ("from ..config import RulesConfig\n", "mailbot.config"),
    ("def f():\n    import mailbot.templating\n", "mailbot.templating"),
    ("from . import i18n\n", "mailbot.core.i18n"),
])
def test_the_walk_sees_every_kind_of_import(tmp_path: Path, source: str, expected: str) -> None:
    """The check is shown to catch what it looks for: a relative import, a named one, one inside a function."""
    path = tmp_path / "mailbot" / "core" / "probe.py"
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    assert expected in imported(path, tmp_path)
    offences = _offences("mailbot/core", "mailbot.core", tmp_path)
    assert any(o.endswith(f"imports {expected}") for o in offences) == (not _inside(expected, "mailbot.core"))
