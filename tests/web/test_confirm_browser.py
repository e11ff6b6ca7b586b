"""The confirm view in Chromium over a real `mailbot web` process, with the keyboard alone: each item of the
queue is one page (the reason, the evidence beside the reading, what confirming does); a correction is typed
and Enter confirms it, a case to approve takes Enter alone; the party gets the next step at once, the timeline
names the person, and the next item of the queue follows."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.pipeline import mails
from tests.pipeline.conftest import STAFF, TDC_ORDER, Bot
from tests.servers._util import free_port, wait_for_port
from tests.web.test_web_browser import PARTY, _form_without_scopes, _outbox, _shot, _sign_in, _toml

KIM = ("Kim Ny", "kim@nordby-kommune.example")
LIS = ("Lis Aagaard", "lis@aalborg-kommune.example")
BODY_FORM = """Hej MedCom

Her er vores oplysninger:

Organisation: Aalborg Kommune
CVR: 29189420
Type: Kommune
Kontaktperson: Lis Aagaard, lis@aalborg-kommune.example, 30593086
Teknisk kontakt: Jonas Krag, jonas.krag@aalborg-kommune.example, 21436587
IP-scope: 10.77.0.0/24
Installationsadresse: Boulevarden 13, 9000 Aalborg

Lis Aagaard"""


@dataclass
class World:
    bot: Bot
    url: str
    shots: Path
    form_case: str  # its form lacks the IP scope; the party wrote the scope in a mail
    ask_case: str  # wrote without the agreements: a person answers or approves
    body_case: str  # wrote the form's details in the mail: read right, but only a person may say so


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("confirm-world")
    bot = Bot(root, f"sqlite:///{root / 'bot.db'}")
    bot.deliver(mails.inquiry(at="2026-11-02T08:40:00+01:00"))
    bot.deliver(mails.mail(KIM, "Tilslutning til SDN – Nordby Kommune", "Nordby Kommune ønsker tilslutning. "
                           "CVR 12345674.", "2026-11-02T09:00:00+01:00"))
    bot.deliver(mails.mail(LIS, "Tilslutning til SDN – Aalborg Kommune", "Aalborg Kommune ønsker tilslutning. "
                           "CVR 29189420.", "2026-11-02T09:10:00+01:00"))
    bot.cycle("2026-11-02T10:00:00+01:00")
    refs = {c["cvr"]: c["ref"] for c in bot.cases()}
    form_case, ask_case, body_case = refs["29189846"], refs["12345674"], refs["29189420"]
    bot.deliver(mails.agreements(form_case))
    bot.deliver(mails.mail(LIS, f"SV: [{body_case}] Aftaler", "Hermed aftalerne.", "2026-11-09T08:50:00+01:00",
                           pdfs=(("Tilslutningsaftale.pdf", mails.agreement("connection_agreement",
                                                                            "Aalborg Kommune", "29189420")),
                                 ("Databehandleraftale.pdf", mails.agreement("data_processor_agreement",
                                                                             "Aalborg Kommune", "29189420")))))
    bot.cycle("2026-11-09T10:00:00+01:00")
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{form_case}] Informationsskema", "Hermed skemaet.",
                           "2026-11-16T09:00:00+01:00", pdfs=(("Informationsskema.pdf", _form_without_scopes()),)))
    bot.cycle("2026-11-16T10:00:00+01:00")
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{form_case}] Afklaring", "Vores IP-scope er 10.42.0.0/24.",
                           "2026-11-17T09:00:00+01:00"))
    bot.deliver(mails.mail(KIM, f"SV: [{ask_case}] Aftaler", "Hvem skal underskrive aftalerne hos os?",
                           "2026-11-17T09:30:00+01:00"))
    bot.deliver(mails.mail(LIS, f"SV: [{body_case}] Informationsskema", BODY_FORM, "2026-11-17T09:40:00+01:00"))
    bot.cycle("2026-11-17T10:00:00+01:00")
    assert all(c["needs_attention"] for c in bot.cases())
    bot.new_mail()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = root / "web.toml"
    config.write_text(_toml(bot, port, url), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "web", "--config", str(config)], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 30)
        yield World(bot, url, root, form_case, ask_case, body_case)
    finally:
        proc.terminate()
        assert proc.wait(20) == 0


def test_the_queue_is_cleared_from_the_keyboard_one_page_an_item(browser: Any, world: World) -> None:
    context, page, _ = _sign_in(browser, world)  # type: ignore[arg-type]
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    page.goto(f"{world.url}/confirm")
    cases = {world.form_case, world.ask_case, world.body_case}
    actions = 0
    seen: list[str] = []
    while "/confirm/" in page.url:
        ref = page.url.rsplit("/", 1)[-1]
        assert ref in cases and ref not in seen
        seen.append(ref)
        text = page.inner_text("main")
        assert page.locator("#why").is_visible() and "ip_scopes" not in text and "missing_field" not in text
        if ref == world.form_case:
            assert "Mangler: SDN IP-scope" in text
            assert "10.42.0.0/24" in page.inner_text("#words")  # the party's own words beside the reading
            assert page.locator("#page-image").is_visible()
            image = page.locator("#page-image")
            picture = page.context.request.get(world.url + str(image.get_attribute("src")))
            assert picture.headers["content-type"] == "image/png"
            _shot(page, world, "web-confirm.png")  # type: ignore[arg-type]
            page.keyboard.type("10.42.0.0/24")  # the focus is in the field the bot could not fill
            actions += 1
        if ref == world.body_case:
            assert "10.77.0.0/24" in page.inner_text("#words")  # the mail it was read from, beside the reading
            assert page.locator("button[value=confirm]").evaluate("b => b === document.activeElement")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        actions += 1
    assert sorted(seen) == sorted(cases)
    assert actions == 4  # two for the field to fill, one for the uncertain reading that is right, one approval
    assert page.url.endswith("/queue") and world.form_case not in page.inner_text("main")
    assert len([u for u in loads if "/confirm/" in u]) == 3  # one page an item
    sent = {(str(m["X-SDN-Step"]), str(m["To"])) for m in _outbox(world.bot)}
    assert ("forwarded_to_tdc", PARTY) in sent and ("tdc_order", TDC_ORDER) in sent
    assert ("information_form_request", KIM[1]) in sent
    assert ("forwarded_to_tdc", LIS[1]) in sent  # the form read from her mail, confirmed as a whole
    assert {c["ref"]: c for c in world.bot.cases()}[world.body_case]["ip_scopes"] == ["10.77.0.0/24"]
    cases = {c["ref"]: c for c in world.bot.cases()}
    assert cases[world.form_case]["state"] == "sent_to_tdc"
    assert cases[world.form_case]["ip_scopes"] == ["10.42.0.0/24"]
    page.goto(f"{world.url}/case/{world.form_case}")
    assert STAFF in page.inner_text("#timeline")
    context.close()
