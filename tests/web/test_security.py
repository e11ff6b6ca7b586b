"""Issue 24, item 5: the staff view held against what was found when it was tried from outside.

The view runs in-process (Starlette's TestClient over the real application on a real SQLite database that
the bot itself filled from mails); every finding has its own test, each of which failed on the code before
its fix: sign-out ends the session, numbers from a URL are range-checked, the language link is built from
route names, the sign-in answer goes before the link mail, limits lock nobody out, and what parties write
is shown escaped on every page.
"""
from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlmodel import Session, select
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.testclient import TestClient

from mailbot.demo import fill
from mailbot.store.models import InboundRow, OutboundRow
from mailbot.web.app import client_address, create_app
from tests.pipeline import mails
from tests.pipeline.conftest import STAFF, Bot

# what a party can put in a display name, a subject, a file name or a form field
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
TEMPLATE = "{{7*7}}{% raw %}"
CONTROLS = "\x1b[31m\x07\x00\u202e"
HOSTILE_NAME = f"Eve {SCRIPT}{TEMPLATE}{CONTROLS}"
HOSTILE_SUBJECT = f"Tilslutning til SDN {IMG} {TEMPLATE} {CONTROLS}"
HOSTILE_FROM = f"Eve & Co {TEMPLATE}\x1b[31m"  # a display name (angle brackets there would make it no address)
HOSTILE_FILE = f'aftale{IMG}{TEMPLATE}\x01.pdf'
PARTY = ("Hostile", "eve@vestby-kommune.example")


@dataclass
class World:
    bot: Bot
    ref: str
    mail_id: int  # the mail carrying the hostile file name


def _hostile_form(ref: str) -> bytes:
    return fill("information_form", {
        "org_name": f"Vestby {SCRIPT} {TEMPLATE}", "org_cvr": "29189846", "orgcontact_name": HOSTILE_NAME,
        "orgcontact_email": PARTY[1], "orgcontact_phone": "30 59 30 86", "tech1_name": f"Jonas {IMG}",
        "tech1_email": "jonas.krag@vestby-kommune.example", "tech1_phone": "+45 21 43 65 87",
        "ipscope_1": "10.42.0.0/24", "installation_street": f"Torvet {TEMPLATE}", "installation_postcode": "9999",
        "installation_city": "Vestby",
    }, checks=("type_municipality", "via_none"))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("web-security")
    bot = Bot(root, f"sqlite:///{root / 'bot.db'}", extra={"web": {"trusted_proxy": "127.0.0.1"}})
    bot.deliver(mails.mail((HOSTILE_FROM, PARTY[1]), HOSTILE_SUBJECT,
                           f"Vestby Kommune ønsker tilslutning. CVR 29189846. {SCRIPT} {TEMPLATE}",
                           "2026-11-02T09:00:00+01:00"))
    bot.cycle("2026-11-02T10:00:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(mails.mail((HOSTILE_FROM, PARTY[1]), f"SV: [{ref}] {HOSTILE_SUBJECT}", "Hermed.",
                           "2026-11-09T09:00:00+01:00",
                           pdfs=((HOSTILE_FILE, mails.agreement("connection_agreement")),
                                 ("Informationsskema.pdf", _hostile_form(ref)))))
    bot.cycle("2026-11-09T10:00:00+01:00")
    with Session(bot.app.engine) as s:
        mail_id = max(r.id for r in s.exec(select(InboundRow)).all() if r.id is not None)
    bot.new_mail()
    yield World(bot, ref, mail_id)


def _client(world: World, peer: str = "127.0.0.1") -> TestClient:
    return TestClient(create_app(world.bot.app), client=(peer, 40000), follow_redirects=False)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _ask_link(client: TestClient, address: str, headers: dict[str, str] | None = None) -> Any:
    token = _csrf(client.get("/signin").text)
    return client.post("/signin", data={"address": address, "csrf": token}, headers=headers or {})


def _link_mailed(world: World, to: str = STAFF) -> str:
    found = [m for m in world.bot.new_mail() if str(m["To"]) == to and str(m["X-SDN-Step"]) == "staff_notice"]
    assert len(found) == 1
    match = re.search(r"/login/(\S+)", found[0].get_body(preferencelist=("plain",)).get_content())
    assert match
    return match.group(1)


def _sign_in(world: World, client: TestClient, address: str = STAFF) -> None:
    assert _ask_link(client, address).status_code == 200
    _use_link(client, _link_mailed(world, address))


def _use_link(client: TestClient, token: str) -> None:
    page = client.get(f"/login/{token}")
    answer = client.post("/login", data={"token": token, "csrf": _csrf(page.text)})
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text


def test_sign_out_ends_the_session_for_every_copy_of_the_cookie(world: World) -> None:
    client = _client(world)
    _sign_in(world, client)
    cookie = client.cookies["sdn_session"]
    case = client.get(f"/case/{world.ref}")
    assert case.status_code == 200 and world.ref in case.text
    token = _csrf(case.text)
    assert client.post("/signout", data={"csrf": token}).status_code == 303
    # the cookie as it was before sign-out (a copy kept by someone else, a browser that did not drop it)
    stolen = _client(world)
    stolen.cookies.set("sdn_session", cookie)
    after = stolen.get(f"/case/{world.ref}")
    assert after.status_code == 303 and after.headers["location"] == "/signin"
    decided = stolen.post(f"/case/{world.ref}/decide", data={"action": "note", "text": "still here", "csrf": token})
    assert decided.status_code == 403
    assert "still here" not in _client_signed_in(world).get(f"/case/{world.ref}").text


def _client_signed_in(world: World) -> TestClient:
    client = _client(world)
    _sign_in(world, client, "bo.staff@medcom.example")
    return client


def test_a_number_no_row_can_have_is_not_found_not_an_error(world: World) -> None:
    client = _client_signed_in(world)
    for path in (f"/case/{world.ref}/mail/99999999999999999999/doc/0",
                 f"/case/{world.ref}/mail/{world.mail_id}/doc/99999999999999999999",
                 f"/case/{world.ref}/mail/2147483648/doc/0",
                 f"/case/{world.ref}/mail/{world.mail_id}/doc/0/page/99999999999999999999.png",
                 f"/case/{world.ref}/mail/99999999999999999999/doc/0/page/1.png"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/case/{world.ref}/mail/{world.mail_id}/doc/0").status_code == 200


def _language_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" hreflang=', html)


def test_the_language_link_is_built_from_the_route_never_the_raw_path(world: World) -> None:
    client = _client_signed_in(world)
    for path, want in (("//evil.example", "/?lang=en"), ("//evil.example/x", "/?lang=en"),
                       ("/queue/..//evil.example", "/?lang=en"), ("/queue", "/queue?lang=en"),
                       (f"/case/{world.ref}", f"/case/{world.ref}?lang=en"),
                       (f"/?{urlencode({'q': '//evil.example'})}", "/?q=%2F%2Fevil.example&amp;lang=en")):
        page = client.get("http://testserver" + path)  # a full URL: "//x" alone would name a host to httpx
        assert _language_links(page.text) == [want], (path, page.status_code)
    anonymous = _client(world).get("http://testserver//evil.example/signin")
    assert all(link.startswith("/signin?") for link in _language_links(anonymous.text))


def _run(coroutine: Any) -> Any:
    """A coroutine run to its end on a loop of its own, in a thread of its own: a browser test earlier in the
    same process (Playwright's sync API) leaves an event loop running in this one."""
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(asyncio.run(coroutine)))
    worker.start()
    worker.join()
    return out[0]


def test_the_sign_in_answer_goes_before_the_link_mail_is_made_or_sent(world: World) -> None:
    """The answer for a staff address is the same page as for any other, returned with the link mail left
    to a background task: nothing is issued, queued or sent until the answer has gone."""
    app = create_app(world.bot.app)
    view = app.state.view

    async def ask(address: str) -> Any:
        pre = "p" * 22
        body = urlencode({"address": address, "csrf": view.signer.csrf(f"pre\x1f{pre}")}).encode()
        scope = {"type": "http", "method": "POST", "path": "/signin", "query_string": b"", "app": app,
                 "headers": [(b"content-type", b"application/x-www-form-urlencoded"),
                             (b"cookie", f"sdn_pre={pre}".encode())], "client": ("127.0.0.1", 1)}

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}
        return await view.signin(Request(scope, receive))

    def queued() -> int:
        with Session(world.bot.app.engine) as s:
            return len(s.exec(select(OutboundRow).where(OutboundRow.step == "staff_notice")).all())

    before = queued()
    staff, stranger = _run(ask(STAFF)), _run(ask("eve@elsewhere.example"))
    assert staff.body == stranger.body and staff.status_code == stranger.status_code == 200
    assert queued() == before and world.bot.new_mail() == []  # the answer is made; no mail yet
    assert isinstance(staff.background, BackgroundTask) and isinstance(stranger.background, BackgroundTask)
    _run(staff.background())
    _run(stranger.background())
    assert queued() == before + 1
    assert [str(m["To"]) for m in world.bot.new_mail()] == [STAFF]


def test_nobody_locks_a_staff_member_out(world: World) -> None:
    """Behind the proxy every peer is the proxy: a stranger's failed links and requests in a staff member's
    name must not stop that staff member signing in with a link they already have."""
    client = _client(world)
    assert _ask_link(client, STAFF).status_code == 200
    token = _link_mailed(world)
    stranger = _client(world)
    page = stranger.get(f"/login/{token}")
    for n in range(40):  # forged links, from the same peer (the proxy) as the staff member
        stranger.post("/login", data={"token": f"forged{n}.x", "csrf": _csrf(page.text)})
    for _ in range(10):  # and link mails asked in the staff member's name, from elsewhere
        assert _ask_link(stranger, STAFF, {"X-Forwarded-For": "198.51.100.7"}).status_code == 200
    _use_link(client, token)
    assert client.get("/queue").status_code == 200
    # the mails themselves are limited (no mail bomb): five per address per quarter of an hour
    assert len([m for m in world.bot.new_mail() if str(m["To"]) == STAFF]) <= 5


def test_the_client_address_comes_from_the_trusted_proxy_only(world: World) -> None:
    assert client_address("127.0.0.1", "203.0.113.9, 198.51.100.7", "127.0.0.1") == "198.51.100.7"
    assert client_address("198.51.100.20", "203.0.113.9", "127.0.0.1") == "198.51.100.20"  # not the proxy
    assert client_address("127.0.0.1", "203.0.113.9", None) == "127.0.0.1"  # no proxy configured
    assert client_address("127.0.0.1", "not an address", "127.0.0.1") == "127.0.0.1"
    # one client asking too often is refused; another behind the same proxy is not
    client = _client(world)
    answers = [_ask_link(client, "x@elsewhere.example", {"X-Forwarded-For": "203.0.113.50"}).status_code
               for _ in range(31)]
    assert answers[:30] == [200] * 30 and answers[30] == 429
    assert _ask_link(client, "x@elsewhere.example", {"X-Forwarded-For": "203.0.113.51"}).status_code == 200
    # a client that writes X-Forwarded-For itself, not through the proxy, is counted by its own address
    direct = _client(world, peer="198.51.100.99")
    assert _ask_link(direct, "x@elsewhere.example", {"X-Forwarded-For": "203.0.113.51"}).status_code == 200


_UNSAFE = (SCRIPT, "<img src=x", "\x1b", "\x07", "\x00", "\x01", "\u202e")


def test_what_parties_write_is_shown_escaped_on_every_page(world: World) -> None:
    client = _client_signed_in(world)
    case = client.get(f"/case/{world.ref}")
    docs = sorted(set(re.findall(r'href="(/case/[^"]+/doc/\d+)"', case.text)))
    assert docs, case.text
    pages = {"overview": client.get("/"), "search": client.get("/", params={"q": SCRIPT + TEMPLATE}),
             "queue": client.get("/queue"), "case": case,
             "message": client.get(f"/case/{SCRIPT}{TEMPLATE}"),
             **{f"document {d}": client.get(d) for d in docs}}
    shown = {name: r.text for name, r in pages.items()}
    for name, html in shown.items():
        assert pages[name].status_code in (200, 404), name
        for bad in _UNSAFE:
            assert bad not in html, (name, bad)
    # and they are there, escaped: nothing a party wrote was dropped to make the page safe
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown["case"] and "{{7*7}}" in shown["case"]
    assert "\\x1b" in shown["case"] and "onerror=alert(2)" in shown["case"].replace("&gt;", ">")
    assert any("aftale&#34;&gt;&lt;img" in html or "aftale&quot;&gt;&lt;img" in html for html in shown.values())
    assert "&lt;script&gt;" in shown["search"]
