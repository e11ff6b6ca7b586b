"""Several weeks of mail through `mailbot run --once --now`: each digest's numbers agree with `mailbot cases --json`.

The digest goes out on Danish working days only, at the configured time; what it says is read back from
its plain-text part (the HTML part is checked in a browser by tests/test_digest_browser.py).
"""
from __future__ import annotations

import email
import json
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from mailbot.cli import main
from mailbot.clock import parse_now
from mailbot.templating import STATES
from mailbot.wording import state_name

from ..local_config import local_config
from . import mails

OTHER = ("Lars Berg", "lars.berg@oesterby-kommune.example")
STATE_BY_NAME = {state_name(state, "da"): state for state in STATES}


def _config(root: Path, db_url: str) -> Path:
    return local_config(root, db_url, "mailbot.toml", reminders={"after_working_days": 5, "max_reminders": 1},
                        digest={"time": "07:30"})


class Cli:
    def __init__(self, root: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.root, self.cfg, self.capsys, self.seen = root, _config(root, db_url), capsys, set[str]()

    def deliver(self, raw: bytes) -> None:
        from mailbot.demo import deliver

        deliver(self.root / "inbox", raw)

    def run(self, at: str) -> list[EmailMessage]:
        """One `mailbot run --once --now AT`; the mails it sent."""
        assert main(["run", "--once", "--config", str(self.cfg), "--now", at]) == 0
        self.capsys.readouterr()
        out = []
        for p in sorted((self.root / "outbox").glob("*.eml")):
            if p.name not in self.seen:
                self.seen.add(p.name)
                out.append(email.message_from_bytes(p.read_bytes(), policy=policy.default))
        return out  # type: ignore[return-value]

    def cases(self) -> list[dict[str, Any]]:
        assert main(["cases", "--json", "--config", str(self.cfg)]) == 0
        return json.loads(self.capsys.readouterr().out)  # type: ignore[no-any-return]


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = re.search(r"\n\n[A-ZÆØÅ][A-ZÆØÅ .()0-9,]+\n", text[start + len(heading):])
    return text[start: start + len(heading) + (nxt.start() if nxt else len(text))]


def read_digest(m: EmailMessage) -> dict[str, Any]:
    return read_digest_text(m.get_body(("plain",)).get_content())  # type: ignore[union-attr]


def read_digest_text(text: str) -> dict[str, Any]:
    """The numbers a reader takes from the plain-text digest."""
    text = text.replace("\r\n", "\n")
    funnel = _section(text, "SAGER PR. STATUS")
    counts = {}
    for name, n in re.findall(r"^ {2}(.+?):\s+(\d+)", funnel, flags=re.M):
        counts[STATE_BY_NAME.get(name, name)] = int(n)

    def heading_count(heading: str) -> int:
        return int(re.search(rf"^{heading} \((\d+)\)", text, flags=re.M).group(1))  # type: ignore[union-attr]

    return {"text": text, "counts": {s: n for s, n in counts.items() if n},
            "all": int(re.search(r"SAGER PR. STATUS \((\d+) I ALT\)", text).group(1)),  # type: ignore[union-attr]
            "open": int(re.search(r"Åbne sager: (\d+)", text).group(1)),  # type: ignore[union-attr]
            "attention": heading_count("KRÆVER BEHANDLING"), "upcoming": heading_count("KOMMENDE INSTALLATIONER"),
            "waiting": heading_count("VENTER"), "attention_part": _section(text, "KRÆVER BEHANDLING"),
            "waiting_part": _section(text, "VENTER"), "unmatched_part": _section(text, "MAIL DER IKKE KUNNE LÆSES"),
            "changes_part": _section(text, "ÆNDRINGER SIDEN SIDST")}


def agrees_with_cases(d: dict[str, Any], cases: list[dict[str, Any]], now: str) -> None:
    counts: dict[str, int] = {}
    for c in cases:
        counts[c["state"]] = counts.get(c["state"], 0) + 1
    final = ("connected", "rejected")
    assert d["counts"] == counts
    assert d["all"] == len(cases)
    assert d["open"] == sum(1 for c in cases if c["state"] not in final)
    assert d["attention"] == sum(1 for c in cases if c["needs_attention"])
    assert d["upcoming"] == sum(1 for c in cases if c["installation_at"] and c["state"] not in final
                                and parse_now(c["installation_at"]) >= parse_now(now))
    assert d["waiting"] == sum(1 for c in cases if c["state"] not in final)  # every open state waits on someone


def digests(out: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in out if m["X-SDN-Step"] == "staff_digest"]


def test_weeks_of_digests_agree_with_cases_json(tmp_path: Path, db_url: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bot = Cli(tmp_path, db_url, capsys)
    # Monday 2 November: two municipalities ask, and a stranger writes something the bot cannot place
    bot.deliver(mails.inquiry(at="2026-11-02T07:40:00+01:00"))
    bot.deliver(mails.mail(OTHER, "Tilslutning til SDN – Østerby Kommune",
                           "Østerby Kommune ønsker tilslutning til SDN. CVR 81409668.", "2026-11-02T07:45:00+01:00"))
    bot.deliver(mails.mail(("Ukendt", "someone@elsewhere.example"), "Faktura 2026-1187", "Se vedhæftede.",
                           "2026-11-02T07:50:00+01:00"))
    before = bot.run("2026-11-02T07:20:00+01:00")  # before 07:30: the mail is handled, no digest yet
    assert digests(before) == [] and len(bot.cases()) == 2
    (d1,) = digests(bot.run("2026-11-02T08:00:00+01:00"))
    cases = bot.cases()
    refs = {c["organisation"] or c["cvr"]: c["ref"] for c in cases}
    a = next(c["ref"] for c in cases if c["cvr"] == "29189846")
    b = next(c["ref"] for c in cases if c["cvr"] == "81409668")
    r1 = read_digest(d1)
    agrees_with_cases(r1, cases, "2026-11-02T08:00:00+01:00")
    assert r1["counts"] == {"awaiting_agreements": 2} and refs
    assert a in r1["changes_part"] and b in r1["changes_part"] and "ny sag" in r1["changes_part"]
    assert "someone@elsewhere.example" in r1["unmatched_part"] and "Faktura 2026-1187" in r1["unmatched_part"]
    assert digests(bot.run("2026-11-02T16:00:00+01:00")) == []  # once a day

    assert digests(bot.run("2026-11-07T10:00:00+01:00")) == []  # Saturday: no digest
    # Monday 9 November: A returns the agreements; B has waited 5 working days and is reminded
    bot.deliver(mails.agreements(a, at="2026-11-09T07:40:00+01:00"))
    out = bot.run("2026-11-09T08:00:00+01:00")
    (d2,) = digests(out)
    assert any(m["X-SDN-Step"] == "reminder" and m["X-SDN-Case"] == b for m in out)
    r2 = read_digest(d2)
    agrees_with_cases(r2, bot.cases(), "2026-11-09T08:00:00+01:00")
    assert r2["counts"] == {"awaiting_agreements": 1, "awaiting_information_form": 1}
    assert "someone@elsewhere.example" not in r2["unmatched_part"]  # already told in the last digest
    assert f"{a} Vestby Kommune: Afventer aftaler -> Afventer informationsskema" in " ".join(r2["changes_part"].split())
    assert r2["waiting_part"].index(b) < r2["waiting_part"].index(a)  # B has waited longest: first

    # Monday 16 November: A's form goes to TDC; B has not answered the reminder: a human must act
    bot.deliver(mails.form(a, at="2026-11-16T07:40:00+01:00"))
    out = bot.run("2026-11-16T08:00:00+01:00")
    (d3,) = digests(out)
    (notice,) = [m for m in out if m["X-SDN-Step"] == "staff_notice" and m["X-SDN-Case"] == b]  # at once
    told = notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "DET SÅ BOTTEN" in told and "BOTTEN FORESLÅR" in told and "\n    NOTE <hvad parten svarede>" in told
    r3 = read_digest(d3)
    cases = bot.cases()
    agrees_with_cases(r3, cases, "2026-11-16T08:00:00+01:00")
    assert r3["attention"] == 1 and next(c for c in cases if c["ref"] == b)["needs_attention"]
    (line,) = [ln for ln in r3["attention_part"].splitlines() if ln.startswith("- ")]
    assert line.startswith(f"- {b} ") and len(line) < 200  # the case reference and a one-line reason
    assert "venter på MedCom" in " ".join(r3["waiting_part"].split())  # B now waits on staff
    assert "venter på TDC Erhverv" in " ".join(r3["waiting_part"].split())

    # Friday 20 November: TDC books the installation; the digest of that day shows it coming
    bot.deliver(mails.tdc(a, "Installationen er aftalt til 14. januar 2027 kl. 09.00.", "2026-11-20T07:00:00+01:00"))
    (d4,) = digests(bot.run("2026-11-20T08:00:00+01:00"))
    r4 = read_digest(d4)
    agrees_with_cases(r4, bot.cases(), "2026-11-20T08:00:00+01:00")
    assert r4["upcoming"] == 1 and "14. januar 2027 kl. 09.00" in " ".join(r4["text"].split())

    # Christmas Eve is no working day; the next digest comes on Monday 28 December
    assert digests(bot.run("2026-12-24T08:00:00+01:00")) == []
    assert digests(bot.run("2026-12-25T08:00:00+01:00")) == []
    (d5,) = digests(bot.run("2026-12-28T08:00:00+01:00"))
    agrees_with_cases(read_digest(d5), bot.cases(), "2026-12-28T08:00:00+01:00")
