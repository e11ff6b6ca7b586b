"""A stranger's text in the terminal and in the starter pack (issue 14), through the real CLI."""
from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

from sqlalchemy import create_engine, text

from mailbot.demo import deliver

from .pipeline import mails
from .test_cli import _config, run

NOW = "2026-11-02T09:15:00+01:00"


def test_escapes_and_markup_from_mail_never_reach_the_terminal(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    subject = "Tilslutning til SDN \x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J – Vestby Kommune"
    raw = mails.mail(("Mette Holm", mails.PARTY[1]), subject,
                     "Kære MedCom\n\nVestby Kommune ønsker at blive tilsluttet SDN. CVR-nr. 29189846.\n", NOW)
    deliver(tmp_path / "inbox", raw)
    run("run", "--once", "--config", str(cfg), "--now", NOW)
    (case,) = json.loads(run("cases", "--json", "--config", str(cfg)).stdout)
    engine = create_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    with engine.begin() as conn:  # an organisation name as a hostile PDF would give it
        conn.execute(text("UPDATE cases SET organisation = :o"), {"o": "[/] [bold red]Evil\x1b[31m\u202e"})
    for args in (("case", "show", case["ref"]), ("cases",), ("status", "--now", NOW)):
        out = run(*args, "--config", str(cfg)).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
    assert "[/] [bold red]Evil" in run("status", "--now", NOW, "--width", "250", "--config", str(cfg)).stdout


def test_a_display_name_with_a_link_does_not_greet(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    name = "Vinder af en iPhone – klik på https://phish.example/claim og log ind med NemID " + "x" * 30
    raw = mails.mail((name, mails.PARTY[1]), "Tilslutning til SDN – Vestby Kommune\u202e",
                     "Kære MedCom\n\nVestby Kommune ønsker at blive tilsluttet SDN. CVR-nr. 29189846.\n", NOW)
    deliver(tmp_path / "inbox", raw)
    run("run", "--once", "--config", str(cfg), "--now", NOW)
    (sent,) = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
               for p in (tmp_path / "outbox").glob("*.eml")]
    body = sent.get_body(("plain",)).get_content()
    assert "phish.example" not in body and "iPhone" not in body
    assert "\u202e" not in str(sent["Subject"])
