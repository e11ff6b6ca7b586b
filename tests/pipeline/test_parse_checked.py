"""The parse stage holds each prepared reading as a checked `Reading`: one the reader wrote wrong (a field its
document's kind has not) is not kept; that mail is read again alone, and its row fails there, not its batch."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mailbot.store.models import InboundRow
from parsers.reading import Reading

from . import mails
from .conftest import STAFF, Bot

PARTY = mails.PARTY[1]


def _reading(raw: bytes | Path, *_: Any) -> Reading:
    """What the bounded child hands back, loaded leniently as it crossed the pipe."""
    fields = {"cvr": "29189846", "shoe_size": "42"}  # the reader "wrote" a field no form has
    return Reading.model_validate({"message": {"from": PARTY, "subject": "Tilslutning", "body_text": "Hej"},
                                   "documents": [{"filename": "skema.pdf", "kind": "information_form",
                                                  "fields": fields}]})


def test_a_prepared_reading_that_does_not_check_fails_its_own_row_alone(
        bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    alone: list[Any] = []

    def read_alone(raw: bytes | Path, *rest: Any) -> Reading:
        alone.append(raw)
        return _reading(raw, *rest)

    monkeypatch.setattr("mailbot.pipeline.parse.read_mail", read_alone)
    monkeypatch.setattr("mailbot.pipeline.parse.read_mails", lambda raws, *_: [_reading(r) for r in raws])
    bot.deliver(mails.inquiry())
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert "did not check; it is read again alone" in caplog.text
    assert alone  # the one that did not check was read again, alone
    assert any(m["X-SDN-Step"] == "staff_notice" and STAFF in str(m["To"]) for m in out)
    with Session(bot.app.engine) as s:
        (row,) = s.exec(select(InboundRow)).all()
    assert row.outcome == "failed" and row.reading is None  # kept, never stored half-checked
