"""7-Zip archives (.7z) a party's office sends documents in: opened with py7zr within the container budgets, a
password named for staff, a bomb refused before it is inflated. The archives are written by py7zr in the test."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mailbot.core import certainty
from parsers import budget, read_mail
from tests.parsers import containermaker as cm
from tests.pipeline import mails

AGREEMENT = mails.agreement("connection_agreement")


@pytest.fixture(autouse=True)
def fresh_budgets() -> Iterator[None]:
    budget.use(budget.Budgets())
    yield


def _seven(files: dict[str, bytes], password: str | None = None) -> bytes:
    return cm.seven_zip(files, password)


def _read(data: bytes, name: str = "Aftaler.7z", ctype: str = "application/x-7z-compressed") -> Any:
    return read_mail(cm.mail_with([(name, ctype, data)]))


def test_an_agreement_in_a_7z_is_read_under_its_archive_name() -> None:
    reading = _read(_seven({"Aftaler/Tilslutningsaftale.pdf": AGREEMENT}))
    assert [(d.filename, d.kind) for d in reading.documents] == [
        ("Aftaler.7z/Tilslutningsaftale.pdf", "connection_agreement")]  # before: the archive was only named
    assert not [p for p in reading.message.problems if p.code == "unsupported_attachment"]


def test_a_7z_sent_without_its_name_is_known_by_its_bytes() -> None:
    reading = _read(_seven({"Tilslutningsaftale.pdf": AGREEMENT}), name="dokumenter", ctype="application/octet-stream")
    assert [d.kind for d in reading.documents] == ["connection_agreement"]


def test_a_7z_with_a_password_is_for_staff() -> None:
    reading = _read(_seven({"Tilslutningsaftale.pdf": AGREEMENT}, password="hemmeligt"))
    assert reading.documents == []
    [p] = [p for p in reading.message.problems if p.code == "encrypted"]
    assert "Aftaler.7z" in (p.message or "")
    assert not certainty.all_read(reading.documents, reading.message.problems)  # no "missing" to the party


def test_a_7z_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = _seven({"a.pdf": b"\0" * (40 << 20)})
    assert len(bomb) < 1 << 20
    reading = _read(bomb)
    assert reading.documents == []
    assert [p.limit for p in reading.message.problems
            if p.code == "too_large"] == ["max_archive_ratio"]


def test_a_damaged_7z_is_named() -> None:
    data = _seven({"Tilslutningsaftale.pdf": AGREEMENT})
    reading = _read(data[:40] + b"\xff" * 64 + data[104:])
    assert reading.documents == [] or all(d.kind == "unknown" for d in reading.documents)
    assert any(p.code in ("unsupported_attachment", "too_large") and "Aftaler.7z" in (p.message or "")
               for p in reading.message.problems)
