"""Issue 24, item 4: the approved parties for MedCom's agreement system — `mailbot export` (CSV, JSON) and
the webhook that receives each approval, signed, from the durable outbox, against a real loopback HTTP
server: a refusal is retried with the same body, signature and Idempotency-Key, a taken event is not sent
again, and a process that died mid-POST leaves an event that is sent again under the same key."""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mailbot.cli import main
from mailbot.clock import parse_now
from mailbot.config import ConfigError, from_dict
from mailbot.store.db import session_scope
from mailbot.store.models import WebhookRow
from tests.pipeline import mails
from tests.pipeline.conftest import Bot

SECRET = "s3cret-shared-with-the-agreement-system"
NORDBY = ("Kim Ny", "kim@nordby-kommune.example")


@dataclass
class Receiver:
    """A real HTTP server on loopback that answers each POST with the next scripted status."""

    answers: list[int]
    got: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""

    def status(self) -> int:
        return self.answers.pop(0) if self.answers else 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver([])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            r.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(r.status())
            self.end_headers()

        def log_message(self, *a: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    r.url = f"http://127.0.0.1:{server.server_address[1]}/sdn-hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield r
    server.shutdown()
    server.server_close()


def _approved_world(bot: Bot) -> str:
    """Vestby's agreements approved on 9 November; Nordby only asked."""
    bot.deliver(mails.inquiry(at="2026-11-02T08:40:00+01:00"))
    bot.deliver(mails.mail(NORDBY, "Tilslutning til SDN – Nordby Kommune", "Nordby Kommune ønsker tilslutning. "
                           "CVR 12345674.", "2026-11-02T09:00:00+01:00"))
    bot.cycle("2026-11-02T10:00:00+01:00")
    ref = next(c["ref"] for c in bot.cases() if c["cvr"] == "29189846")
    bot.deliver(mails.agreements(ref))
    bot.cycle("2026-11-09T10:00:00+01:00")
    return ref


def _verify(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    want = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-mailbot-signature"], want)
    assert headers["content-type"].startswith("application/json")
    event: dict[str, Any] = json.loads(body)
    assert headers["idempotency-key"] == event["key"] and headers["x-mailbot-event"] == event["event"]
    return event


def _rows(bot: Bot) -> list[WebhookRow]:
    with Session(bot.app.engine) as s:
        return list(s.exec(select(WebhookRow)).all())


def test_the_approval_reaches_the_webhook_once_signed_and_retried(tmp_path: Path, db_url: str, receiver: Receiver,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDN_WEBHOOK_SECRET", SECRET)
    bot = Bot(tmp_path, db_url,
              extra={"export": {"webhook_url": receiver.url, "secret_env": "SDN_WEBHOOK_SECRET"}})
    receiver.answers = [503]  # the agreement system is down at first
    ref = _approved_world(bot)
    assert len(receiver.got) == 1
    (row,) = _rows(bot)
    assert (row.status, row.attempts, row.last_error) == ("queued", 1, "HTTP 503")
    bot.cycle("2026-11-09T10:00:30+01:00")  # not due yet (one minute after the first failure)
    assert len(receiver.got) == 1
    bot.cycle("2026-11-09T10:05:00+01:00")
    assert len(receiver.got) == 2 and receiver.got[0] == receiver.got[1]  # the same bytes, signature and key
    event = _verify(*receiver.got[1])
    party = event["party"]
    assert (event["event"], party["ref"], party["cvr"], party["party_type"]) == (
        "agreements_approved", ref, "29189846", "municipality")
    assert party["approved_at"].startswith("2026-11-09T09:00:00")
    assert {a["kind"] for a in party["agreements"]} == {"connection_agreement", "data_processor_agreement"}
    (row,) = _rows(bot)
    assert row.status == "sent" and row.sent_at is not None
    bot.deliver(mails.form(ref))  # the case moves on; no further approval, nothing sent again
    bot.cycle("2026-11-16T10:00:00+01:00")
    bot.cycle("2026-11-17T10:00:00+01:00")
    assert len(receiver.got) == 2 and len(_rows(bot)) == 1


def test_an_event_left_mid_post_is_sent_again_under_the_same_key(tmp_path: Path, db_url: str, receiver: Receiver,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDN_WEBHOOK_SECRET", SECRET)
    bot = Bot(tmp_path, db_url,
              extra={"export": {"webhook_url": receiver.url, "secret_env": "SDN_WEBHOOK_SECRET"}})
    _approved_world(bot)
    (first,) = receiver.got
    # as if the process died after the POST and before it marked the row sent
    with session_scope(bot.app.engine) as s:
        row = s.exec(select(WebhookRow)).one()
        row.status, row.claimed_at, row.sent_at = "sending", parse_now("2026-11-09T10:00:00+01:00"), None
        s.add(row)
    bot.cycle("2026-11-09T10:05:00+01:00")  # still within the ten minutes another process may be sending
    assert len(receiver.got) == 1
    bot.cycle("2026-11-09T10:11:00+01:00")
    assert len(receiver.got) == 2 and receiver.got[1] == first  # the receiver drops it by its key
    assert [r.status for r in _rows(bot)] == ["sent"]


def test_a_webhook_needs_its_secret() -> None:
    with pytest.raises(ConfigError, match="export"):
        from_dict({"export": {"webhook_url": "https://aftaler.example/hook"}})
    with pytest.raises(ConfigError, match="export"):
        from_dict({"export": {"webhook_url": "ftp://aftaler.example/hook", "secret": "x" * 20}})
    assert from_dict({}).export.webhook_url is None


def _config_file(bot: Bot) -> Path:
    c = bot.cfg
    path = bot.root / "export.toml"
    path.write_text(f'[addresses]\nmedcom = "{c.addresses.medcom}"\nstaff = {list(c.addresses.staff)!r}\n'
                    .replace("'", '"') + f'[database]\nurl = "{bot.db_url}"\n', encoding="utf-8")
    return path


def test_export_lists_exactly_the_approved_parties(tmp_path: Path, db_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bot = Bot(tmp_path, db_url)
    ref = _approved_world(bot)
    bot.deliver(mails.form(ref))
    bot.cycle("2026-11-16T10:00:00+01:00")
    config = str(_config_file(bot))
    assert main(["export", "--config", config, "--since", "2026-11-01", "--format", "json"]) == 0
    (party,) = json.loads(capsys.readouterr().out)["parties"]
    assert (party["ref"], party["organisation"], party["cvr"]) == (ref, "Vestby Kommune", "29189846")
    assert party["org_contact"] == {"name": "Mette Holm", "email": mails.PARTY[1], "phone": "+4530593086"}
    assert [t["email"] for t in party["technical_contacts"]] == ["jonas.krag@vestby-kommune.example"]
    assert all(a["signature_date"] for a in party["agreements"]) and len(party["agreements"]) == 2
    assert main(["export", "--config", config, "--since", "2026-11-01"]) == 0
    (line,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (line["ref"], line["cvr"], line["party_type"], line["org_contact_email"]) == (
        ref, "29189846", "municipality", mails.PARTY[1])
    assert "connection_agreement: " in line["agreements"]
    assert main(["export", "--config", config, "--since", "2026-11-10"]) == 0  # approved before that day
    assert len(capsys.readouterr().out.splitlines()) == 1  # the header alone
    assert main(["export", "--config", config, "--since", "last week"]) == 2


def test_a_party_cannot_smuggle_a_formula_into_the_spreadsheet() -> None:
    from mailbot.core.approvals import party_record
    from mailbot.core.case import Case
    from mailbot.core.readings import Person
    from mailbot.export import to_csv

    case = Case(ref="SDN-2026-0001", organisation='=HYPERLINK("http://x.example")', cvr="29189846",
                org_contact=Person(name="@SUM(A1)", email="a@b.example", phone="-1"))
    (line,) = csv.DictReader(io.StringIO(to_csv([party_record(case, None)])))
    assert (line["organisation"], line["org_contact_name"], line["org_contact_phone"]) == (
        '\'=HYPERLINK("http://x.example")', "\'@SUM(A1)", "\'-1")
