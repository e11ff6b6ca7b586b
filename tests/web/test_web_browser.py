"""The staff web view in headless Chromium (Debian's, driven by Playwright), over a real `mailbot web`
process on the bot's database: sign-in by the mailed link, the queue, a correction that moves the case
and mails the party, and every way in without a staff session refused without case data.

MAILBOT_DOCS_SCREENSHOT=1 refreshes docs/web-overview.png and docs/web-case.png from this run.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mailbot.clock import SystemClock
from mailbot.demo import fill
from mailbot.web import auth
from tests.pipeline import mails
from tests.pipeline.conftest import STAFF, TDC_ORDER, Bot
from tests.servers._util import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PARTY = mails.PARTY[1]
STRANGER = "eve@elsewhere.example"


@dataclass
class World:
    bot: Bot
    url: str
    ref: str          # the case whose reading staff correct
    other: str        # a case that stays where it is
    shots: Path


def _form_without_scopes() -> bytes:
    return fill("information_form", {
        "org_name": "Vestby Kommune", "org_cvr": "29189846", "orgcontact_name": "Mette Holm",
        "orgcontact_email": PARTY, "orgcontact_phone": "30 59 30 86", "tech1_name": "Jonas Krag",
        "tech1_email": "jonas.krag@vestby-kommune.example", "tech1_phone": "+45 21 43 65 87",
        "installation_street": "Rådhuspladsen 1", "installation_postcode": "9999", "installation_city": "Vestby",
    }, checks=("type_municipality", "via_none"))


def _toml(bot: Bot, port: int, url: str) -> str:
    c = bot.cfg
    return (f'[addresses]\nmedcom = "{c.addresses.medcom}"\ntdc = {list(c.addresses.tdc)!r}\n'
            f'staff = {list(c.addresses.staff)!r}\n'.replace("'", '"')
            + f'[database]\nurl = "{bot.db_url}"\n[local]\ninbox = "{c.local.inbox}"\noutbox = "{c.local.outbox}"\n'
            f'[web]\nbind = "127.0.0.1"\nport = {port}\nbase_url = "{url}"\n')


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("web-world")
    bot = Bot(root, f"sqlite:///{root / 'bot.db'}")
    bot.deliver(mails.inquiry(at="2026-11-02T08:40:00+01:00"))
    bot.deliver(mails.mail(("Kim Ny", "kim@nordby-kommune.example"), "Tilslutning til SDN – Nordby Kommune",
                           "Nordby Kommune ønsker tilslutning. CVR 12345674.", "2026-11-02T09:00:00+01:00"))
    bot.cycle("2026-11-02T10:00:00+01:00")
    refs = {c["cvr"]: c["ref"] for c in bot.cases()}
    ref, other = refs["29189846"], refs["12345674"]
    bot.deliver(mails.agreements(ref))
    bot.cycle("2026-11-09T10:00:00+01:00")
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{ref}] Informationsskema", "Hermed skemaet.",
                           "2026-11-16T09:00:00+01:00", pdfs=(("Informationsskema.pdf", _form_without_scopes()),)))
    bot.cycle("2026-11-16T10:00:00+01:00")
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{ref}] Afklaring", "Vores IP-scope er 10.42.0.0/24.",
                           "2026-11-17T09:00:00+01:00"))
    bot.cycle("2026-11-17T10:00:00+01:00")
    case = next(c for c in bot.cases() if c["ref"] == ref)
    assert case["state"] == "clarification" and case["needs_attention"]
    bot.new_mail()  # what the bot sent so far is not what these tests look at
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = root / "web.toml"
    config.write_text(_toml(bot, port, url), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "web", "--config", str(config)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, 30)
        yield World(bot, url, ref, other, root)
    finally:
        proc.terminate()
        assert proc.wait(20) == 0  # SIGTERM stops it cleanly
        if proc.stdout is not None:
            log = proc.stdout.read().decode(errors="replace")
            assert "/login/" not in log  # the link never reaches a log


def _outbox(bot: Bot) -> list[Any]:
    return bot.new_mail()


def _mails_until(bot: Bot, to: str) -> list[Any]:
    """The mails sent until one to `to` is among them: the sign-in link is sent after the answer (a
    background task of the web process), so it may come a moment after the page."""
    seen: list[Any] = []
    deadline = time.monotonic() + 30
    while not any(str(m["To"]) == to for m in seen) and time.monotonic() < deadline:
        seen += _outbox(bot)
        time.sleep(0.05)
    return seen


def _link_mailed(bot: Bot, to: str) -> str:
    found = [m for m in _mails_until(bot, to) if str(m["To"]) == to and str(m["X-SDN-Step"]) == "staff_notice"]
    assert len(found) == 1
    text = found[0].get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"(http://\S+/login/\S+)", text)
    assert match, text
    return match.group(1)


def _sign_in(browser: Any, world: World, address: str = STAFF) -> tuple[Any, Any, str]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(world.url + "/")
    assert page.url.endswith("/signin")
    page.fill("input[name=address]", address)
    page.click("button[type=submit]")
    link = _link_mailed(world.bot, address)
    page.goto(link)
    page.click("main button[type=submit]")
    assert page.url == world.url + "/"
    return context, page, link


def _no_case_data(text: str, world: World) -> None:
    for secret in (world.ref, world.other, "Vestby", "Nordby", PARTY, "12345674"):
        assert secret not in text
    assert not re.search(r"\b\d+ (i alt|in all)\b", text)  # not even a count


def _raw(url: str, data: bytes | None = None, cookie: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a: Any, **k: Any) -> None:
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_without_a_session_every_url_shows_no_case_data(world: World) -> None:
    ref = world.ref
    for path in ("/", "/queue", f"/case/{ref}", f"/case/{ref}/mail/1/doc/0", f"/case/{ref}/mail/1/doc/0/page/1.png",
                 "/?q=Vestby", "/nothing-here", "/export", "/export/download?format=json"):
        status, body = _raw(world.url + path)
        assert status in (303, 403), path
        _no_case_data(body, world)
    for path in (f"/case/{ref}/decide", f"/case/{ref}/correct"):
        status, body = _raw(world.url + path, data=b"action=approve&csrf=x")
        assert status == 403
        _no_case_data(body, world)
    forged = "session." + "A" * 27
    status, body = _raw(world.url + "/queue", cookie=f"sdn_session={forged}")
    assert status == 303
    case = next(c for c in world.bot.cases() if c["ref"] == ref)
    assert case["state"] == "clarification"


def test_a_stranger_gets_no_mail_and_sees_nothing(browser: Any, world: World) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(world.url + "/signin")
    page.fill("input[name=address]", STRANGER)
    page.click("button[type=submit]")
    assert page.locator("#message").is_visible()
    _no_case_data(page.inner_text("body"), world)
    page.goto(world.url + "/signin")  # then a staff address: once its link is out, the stranger's turn is over
    page.fill("input[name=address]", STAFF)
    page.click("button[type=submit]")
    sent = _mails_until(world.bot, STAFF)
    assert [str(m["To"]) for m in sent] == [STAFF]
    page.goto(world.url + "/queue")
    assert page.url.endswith("/signin")
    context.close()


def test_the_link_works_once_and_an_expired_one_not_at_all(browser: Any, world: World) -> None:
    context, page, link = _sign_in(browser, world)
    assert world.ref in page.inner_text("#cases")
    context.close()
    again = browser.new_context(java_script_enabled=False)
    p2 = again.new_page()
    p2.goto(link)
    p2.click("main button[type=submit]")  # the page offers it; using it is refused
    assert "/login" in p2.url and p2.locator("#message").is_visible()
    _no_case_data(p2.inner_text("body"), world)
    p2.goto(world.url + "/")
    assert p2.url.endswith("/signin")
    signer = auth.Signer(auth.load_secret(world.bot.app.engine))
    old = auth.issue_link(world.bot.app.engine, signer, STAFF, SystemClock().now() - timedelta(minutes=16))
    p2.goto(f"{world.url}/login/{old}")
    assert p2.locator("#message").is_visible()
    _no_case_data(p2.inner_text("body"), world)
    tampered = link.rsplit(".", 1)[0] + ".AAAA"
    p2.goto(tampered)
    _no_case_data(p2.inner_text("body"), world)
    again.close()


def test_a_form_without_the_csrf_token_is_refused(browser: Any, world: World) -> None:
    context, page, _ = _sign_in(browser, world)
    r = context.request.post(f"{world.url}/case/{world.other}/decide", form={"action": "reject", "text": "x"},
                             max_redirects=0)
    assert r.status == 403
    _no_case_data(r.text(), world)
    r = context.request.post(f"{world.url}/case/{world.other}/decide",
                             form={"action": "reject", "text": "x", "csrf": "forged"}, max_redirects=0)
    assert r.status == 403
    assert next(c for c in world.bot.cases() if c["ref"] == world.other)["state"] != "rejected"
    context.close()


def test_staff_correct_a_reading_and_the_case_moves_on(browser: Any, world: World) -> None:
    context, page, _ = _sign_in(browser, world)
    page.goto(world.url + "/queue")
    row = page.locator("#queue tr", has_text=world.ref)
    assert row.count() == 1 and "informationsskema" in row.inner_text()
    page.goto(world.url + "/")
    page.fill("input[name=q]", "29189846")
    page.click("form[role=search] button")
    assert page.locator("#cases tr").count() == 2 and world.ref in page.inner_text("#cases")  # header + one
    page.goto(world.url + "/")
    _shot(page, world, "web-overview.png")

    page.click(f"text={world.ref}")
    reading = page.inner_text("#reading")
    assert "Mangler: SDN IP-scope" in reading and "Teknisk kontaktperson 1 – telefon" in reading  # words, not keys
    assert "ip_scopes" not in reading and "missing_field" not in reading
    page.locator(".doc", has_text="information_form").locator("a", has_text="vis siden").click()
    assert not page.locator("#no-positions").is_visible()  # the reading says where each value stands
    page.wait_for_load_state("load")  # images included
    img = page.locator("main img").first
    assert img.is_visible() and img.bounding_box()["height"] > 300  # the page drawn, not a broken image
    picture = context.request.get(world.url + str(img.get_attribute("src")))
    assert picture.headers["content-type"] == "image/png" and len(picture.body()) > 10_000
    assert "jonas.krag@vestby-kommune.example" in page.inner_text("main")  # the fields beside the page
    page.go_back()
    _shot(page, world, "web-case.png")  # before the correction: the reading to correct is on it

    page.fill("input[name='f:ip_scopes']", "10.42.0.0/24")
    page.click("#reading button[type=submit]")
    assert "/case/" in page.url
    assert "Sendt til TDC" in page.inner_text("#state") or "sent" in page.inner_text("#state").lower()
    assert STAFF in page.inner_text("#timeline")
    sent = {(str(m["X-SDN-Step"]), str(m["To"])) for m in _outbox(world.bot)}
    assert ("forwarded_to_tdc", PARTY) in sent and ("tdc_order", TDC_ORDER) in sent
    case = next(c for c in world.bot.cases() if c["ref"] == world.ref)
    assert case["state"] == "sent_to_tdc" and case["ip_scopes"] == ["10.42.0.0/24"] and not case["needs_attention"]

    page.fill("#decisions input[name=text][placeholder^=Note]", "Ringede til Mette; scope bekræftet")
    page.click("#decisions button[value=note]")
    assert "Ringede til Mette" in page.inner_text("#timeline")
    row = page.locator("#timeline tr", has_text="Ringede til Mette")
    assert STAFF in row.inner_text()
    page.goto(world.url + "/queue?lang=en")
    assert "Needs a human" in page.inner_text("h1") and world.ref not in page.inner_text("#queue")
    context.close()


def test_a_documents_pages_drawn_at_once_keep_the_server_up(browser: Any, world: World) -> None:
    """A browser asks for every page of a document at the same moment; the renderer is not thread-safe."""
    context, page, _ = _sign_in(browser, world)
    page.goto(f"{world.url}/case/{world.ref}")
    page.locator(".doc", has_text="information_form").locator("a", has_text="vis siden").click()
    srcs = [str(img.get_attribute("src")) for img in page.locator("main img").all()]
    assert srcs
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())

    def fetch(src: str) -> tuple[int, bytes]:
        req = urllib.request.Request(world.url + src, headers={"Cookie": cookie})
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(fetch, (srcs * 32)[:32]))
    assert all(status == 200 and body.startswith(b"\x89PNG") for status, body in got)
    assert _raw(world.url + "/signin")[0] == 200  # still serving
    context.close()


def test_approve_from_the_web_mails_the_party_like_a_staff_mail(browser: Any, world: World) -> None:
    context, page, _ = _sign_in(browser, world, "bo.staff@medcom.example")
    page.goto(f"{world.url}/case/{world.other}")
    page.fill("#decisions input[name=text][placeholder^=Begrundelse]", "Ikke en sundhedsaktør")
    page.click("#decisions button[value=reject]")
    assert "bo.staff@medcom.example" in page.inner_text("#timeline")
    rejected = [m for m in _outbox(world.bot) if str(m["X-SDN-Step"]) == "rejected"]
    assert [str(m["To"]) for m in rejected] == ["kim@nordby-kommune.example"]
    assert "Ikke en sundhedsaktør" in rejected[0].get_body(preferencelist=("plain",)).get_content()
    context.close()


def test_the_export_lists_exactly_the_approved_parties(browser: Any, world: World) -> None:
    """Vestby's agreements are approved (it awaits its form's clarification); Nordby only asked (or is
    rejected by another test): the agreement system gets Vestby alone, with what its form says."""
    context, page, _ = _sign_in(browser, world, "bo.staff@medcom.example")  # five link mails an address
    page.click("header a[href='/export']")
    assert "1" in page.inner_text("main")
    with page.expect_download() as csv_download:
        page.click("#export button[type=submit]")
    text = Path(csv_download.value.path()).read_text(encoding="utf-8")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [(r["ref"], r["cvr"], r["party_type"]) for r in lines] == [(world.ref, "29189846", "municipality")]
    assert lines[0]["org_contact_email"] == PARTY
    assert "jonas.krag@vestby-kommune.example" in lines[0]["technical_contacts"]
    page.select_option("#export select[name=format]", "json")
    page.fill("#export input[name=since]", "2026-11-01")
    with page.expect_download() as json_download:
        page.click("#export button[type=submit]")
    parties = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))["parties"]
    assert [p["ref"] for p in parties] == [world.ref]
    assert {a["kind"] for a in parties[0]["agreements"]} == {"connection_agreement", "data_processor_agreement"}
    context.close()


def _shot(page: Any, world: World, name: str) -> None:
    target = world.shots / name
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    if os.environ.get("MAILBOT_DOCS_SCREENSHOT") == "1":
        shutil.copy(target, ROOT / "docs" / name)

