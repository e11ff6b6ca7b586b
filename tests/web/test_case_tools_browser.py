"""The case tools in Chromium over a real `mailbot web` process: take a case (the queue names who), merge two
cases (both references open the one that stays), split a mail off into a new case and move it back; each on
the timeline with the staff member's address, the mails it causes sent by the web process."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.pipeline import mails
from tests.pipeline.conftest import STAFF, Bot
from tests.servers._util import free_port, wait_for_port
from tests.web.test_web_browser import _outbox, _sign_in, _toml

IB = ("Ib Tandpleje", "ib@vestby-tand.example")


@dataclass
class World:
    bot: Bot
    url: str
    a: str  # Vestby Kommune's case; it needs a person
    b: str  # the same organisation, opened from a colleague's address


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("tools-world")
    bot = Bot(root, f"sqlite:///{root / 'bot.db'}")
    bot.deliver(mails.inquiry(at="2026-11-02T08:40:00+01:00"))
    bot.cycle("2026-11-02T10:00:00+01:00")
    bot.deliver(mails.mail(IB, "Tilslutning til SDN", "Hej MedCom\n\nVi vil gerne tilsluttes SDN.\n\nIb",
                           "2026-11-03T09:00:00+01:00"))
    a = bot.case()["ref"]
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{a}] Spørgsmål", "Hvem skal underskrive?",
                           "2026-11-03T09:10:00+01:00"))
    bot.cycle("2026-11-03T10:00:00+01:00")
    b = next(c["ref"] for c in bot.cases() if c["ref"] != a)
    assert next(c for c in bot.cases() if c["ref"] == a)["needs_attention"]
    bot.new_mail()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = root / "web.toml"
    config.write_text(_toml(bot, port, url), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "web", "--config", str(config)], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 30)
        yield World(bot, url, a, b)
    finally:
        proc.terminate()
        assert proc.wait(20) == 0


def test_take_merge_split_and_move_from_the_case_page(browser: Any, world: World) -> None:
    context, page, _ = _sign_in(browser, world)  # type: ignore[arg-type]
    page.goto(f"{world.url}/case/{world.a}")
    page.click("#tools button[value=take]")
    assert STAFF in page.inner_text("#owner")
    page.goto(f"{world.url}/queue")
    row = page.locator("#queue tr", has_text=world.a)
    assert STAFF in row.locator("td.owner").inner_text()

    page.goto(f"{world.url}/case/{world.a}")
    page.fill("#tools input[name=ref]", world.b)
    page.click("#tools button[value=merge]")
    assert page.url.endswith(f"/case/{world.a}?done=merge")
    assert world.b in page.inner_text("#timeline") and STAFF in page.inner_text("#timeline")
    assert IB[1] in page.inner_text("#contacts")
    page.goto(f"{world.url}/case/{world.b}")  # the merged reference opens the case that stays
    assert world.a in page.inner_text("h1")
    page.goto(f"{world.url}/?q={world.b}")
    assert world.a in page.inner_text("main")

    page.goto(f"{world.url}/case/{world.a}")
    ib_mail = page.locator(".mail-in", has_text=IB[1]).first
    mail_id = ib_mail.get_attribute("id")
    assert mail_id is not None
    ib_mail.locator("input[name=split]").check()
    page.click("#split-form button[value=split]")
    assert page.url.endswith(f"/case/{world.a}?done=split")
    assert "split off" in page.inner_text("#timeline")
    assert IB[1] not in page.inner_text("#contacts")  # Vestby's case no longer writes to Ib
    starter = [m for m in _outbox(world.bot) if str(m["X-SDN-Step"]) == "starter_pack"]
    assert [str(m["To"]) for m in starter] == [IB[1]]  # the new case answered Ib's first mail, sent at once
    new_ref = str(starter[0]["X-SDN-Case"])
    assert new_ref not in (world.a, world.b)

    page.goto(f"{world.url}/case/{new_ref}")
    move = page.locator(f"#{mail_id} form.move")
    move.locator("input[name=ref]").fill(world.a)
    move.locator("button[value=move]").click()
    assert page.url.endswith(f"/case/{world.a}?done=move")
    assert f"#{mail_id.removeprefix('mail-')}" in page.inner_text("#timeline")
    page.goto(f"{world.url}/case/{new_ref}")
    assert "moved to" in page.inner_text("#timeline")
    context.close()


def test_a_refused_tool_says_why_and_changes_nothing(browser: Any, world: World) -> None:
    context, page, _ = _sign_in(browser, world, "bo.staff@medcom.example")  # type: ignore[arg-type]
    page.goto(f"{world.url}/case/{world.a}")
    page.fill("#tools input[name=ref]", "SDN-2099-99999")
    page.click("#tools button[value=merge]")
    assert "SDN-2099-99999" in page.inner_text("#message")
    context.close()
