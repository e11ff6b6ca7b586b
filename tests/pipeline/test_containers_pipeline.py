"""Containers through the bot as it runs (issue 23): the reading the parse stage stores, with the
`[signatures]` trust roots and the `[smime]` key from the configuration reaching the bounded readers;
and `mailbot parse --config` on the same mail."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from mailbot.store.models import InboundRow
from parsers.containers.smime import configure as configure_smime
from parsers.documents.signing import configure as configure_roots
from tests.parsers import containermaker as cm
from tests.parsers import msgmaker
from tests.pipeline import mails
from tests.pipeline.conftest import Bot

AT = "2026-11-02T10:00:00+01:00"
AGREEMENT = mails.agreement("connection_agreement")


@pytest.fixture(autouse=True)
def no_keys_after() -> Iterator[None]:
    yield
    configure_roots([])
    configure_smime("", "")


def _reading(bot: Bot) -> dict[str, Any]:
    with Session(bot.app.engine) as s:
        row = s.exec(select(InboundRow).order_by(col(InboundRow.id).desc())).first()
    assert row is not None and row.reading is not None
    return dict(row.reading)


@pytest.fixture
def keys(tmp_path: Path) -> tuple[cm.Identity, cm.Identity, dict[str, Any]]:
    party = cm.identity("Mette Holm", "Vestby Kommune", cvr="29189854")
    medcom = cm.identity("MedCom SDN", "MedCom", cvr="26919991")
    (tmp_path / "root.pem").write_bytes(party.pem())
    (tmp_path / "key.pem").write_bytes(medcom.key_pem())
    (tmp_path / "cert.pem").write_bytes(medcom.pem())
    extra = {"signatures": {"trust_roots": ["root.pem"]}, "smime": {"key_file": "key.pem", "cert_file": "cert.pem"}}
    return party, medcom, extra


def test_signed_and_encrypted_mail_and_a_zip_through_the_running_bot(tmp_path: Path, keys: Any) -> None:
    party, medcom, extra = keys
    bot = Bot(tmp_path, f"sqlite:///{tmp_path / 'bot.db'}", extra=extra)
    signed = cm.opaque_signed(cm.inner_entity([("Tilslutningsaftale.pdf", "application/pdf", AGREEMENT)]), party)
    head, body = signed.split(b"\r\n\r\n", 1)
    inner = b"\r\n".join(h for h in head.split(b"\r\n") if h.lower().startswith((b"mime-", b"content-")))
    bot.deliver(cm.encrypted(inner + b"\r\n\r\n" + body, medcom))
    bot.cycle(AT)
    reading = _reading(bot)
    assert [(d["filename"], d["kind"]) for d in reading["documents"]] == \
        [("Tilslutningsaftale.pdf", "connection_agreement")]
    smime = reading["message"]["smime"]
    assert (smime["cvr"], smime["organisation"], smime["valid"], smime["trusted"]) == \
        ("29189854", "Vestby Kommune", True, True)

    bot.deliver(cm.mail_with([("aftaler.zip", "application/zip", cm.zip_of({"Tilslutningsaftale.pdf": AGREEMENT}))]))
    bot.cycle(AT)
    assert [(d["filename"], d["kind"]) for d in _reading(bot)["documents"]] == \
        [("aftaler.zip/Tilslutningsaftale.pdf", "connection_agreement")]

    item = msgmaker.outlook_item("Aftale", [("Tilslutningsaftale.pdf", "application/pdf", AGREEMENT)])
    bot.deliver(cm.mail_with([("Aftale.msg", "application/vnd.ms-outlook", item)]))
    bot.cycle(AT)
    assert [(d["filename"], d["kind"]) for d in _reading(bot)["documents"]] == \
        [("Aftale.msg/Tilslutningsaftale.pdf", "connection_agreement")]


def test_mailbot_parse_with_config_opens_winmail_dat_and_encrypted_mail(tmp_path: Path, keys: Any) -> None:
    party, medcom, _ = keys
    (tmp_path / "mailbot.toml").write_text('[signatures]\ntrust_roots = ["root.pem"]\n'
                                           '[smime]\nkey_file = "key.pem"\ncert_file = "cert.pem"\n')
    mail = tmp_path / "m.eml"
    dat = cm.winmail_dat([("Tilslutningsaftale.pdf", AGREEMENT)])
    mail.write_bytes(cm.encrypted(cm.inner_entity([("winmail.dat", "application/ms-tnef", dat)]), medcom))
    out = subprocess.run([sys.executable, "-m", "mailbot", "parse", str(mail), "--config",
                          str(tmp_path / "mailbot.toml")], capture_output=True, check=True, cwd=tmp_path)
    reading = json.loads(out.stdout)
    assert [(d["filename"], d["kind"]) for d in reading["documents"]] == \
        [("winmail.dat/Tilslutningsaftale.pdf", "connection_agreement")]
    without = subprocess.run([sys.executable, "-m", "mailbot", "parse", str(mail)], capture_output=True, check=True,
                             cwd=tmp_path)
    assert any(p["code"] == "encrypted" for p in json.loads(without.stdout)["message"]["problems"])
