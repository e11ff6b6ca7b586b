"""bench: clearing a queue of forms that need a person, in the confirm view, with Chromium (Playwright) and
the keyboard alone (not a test; prints figures, fails nothing).

    .venv/bin/python bench/confirm.py            (BENCH_ITEMS=20 for more items)

The real bot reads BENCH_ITEMS parties' mail: each sent an information form without its IP scope and then
wrote the scope in a mail, so each case needs a person. A real `mailbot web` serves the view; the browser
signs in by the mailed link, opens /confirm, and for each item types the scope the party wrote (read from the
page, as a person would) and presses Enter. Printed per item: page loads, key actions, and the time from one
item's page to the next, as a ratio to opening the queue page in the same browser (the target: one page and at most two
actions for a reading to correct; one action for a reading that is right).
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pipeline import mails  # noqa: E402
from tests.pipeline.conftest import STAFF, Bot  # noqa: E402
from tests.servers._util import free_port, wait_for_port  # noqa: E402
from tests.web.test_web_browser import _link_mailed, _toml  # noqa: E402

N = int(os.environ.get("BENCH_ITEMS", "10"))


def _cvr(i: int) -> str:
    """The i-th valid CVR number from 30000000 (modulus 11, weights 2765432 1)."""
    from stdnum.dk import cvr

    found = [n for n in range(30000000, 30000000 + 40 * (i + 1)) if cvr.is_valid(str(n))]
    return str(found[i])


def _form(i: int, email: str) -> bytes:
    from mailbot.demo import fill

    return fill("information_form", {
        "org_name": f"Kommune {i}", "org_cvr": _cvr(i), "orgcontact_name": f"Part {i}", "orgcontact_email": email,
        "orgcontact_phone": "30 59 30 86", "tech1_name": "Jonas Krag", "tech1_email": f"it@kommune{i}.example",
        "tech1_phone": "+45 21 43 65 87", "installation_street": "Rådhuspladsen 1", "installation_postcode": "9999",
        "installation_city": "Vestby"}, checks=("type_municipality", "via_none"))


def seed(bot: Bot) -> None:
    for i in range(N):
        party = (f"Part {i}", f"kontakt{i}@kommune{i}.example")
        bot.deliver(mails.mail(party, f"Tilslutning til SDN – Kommune {i}", "Vi vil gerne tilsluttes SDN.",
                               "2026-11-02T09:00:00+01:00"))
    bot.cycle("2026-11-02T10:00:00+01:00")
    for i, case in enumerate(sorted(bot.cases(), key=lambda c: c["ref"])):
        party = (f"Part {i}", case["contacts"][0]["email"])
        bot.deliver(mails.mail(party, f"SV: [{case['ref']}] Aftaler", "Hermed.", "2026-11-09T09:00:00+01:00",
                               pdfs=(("Tilslutningsaftale.pdf", mails.agreement("connection_agreement",
                                                                                f"Kommune {i}", _cvr(i))),
                                     ("Databehandleraftale.pdf", mails.agreement("data_processor_agreement",
                                                                                 f"Kommune {i}", _cvr(i))))))
    bot.cycle("2026-11-09T10:00:00+01:00")
    for i, case in enumerate(sorted(bot.cases(), key=lambda c: c["ref"])):
        party = (f"Part {i}", case["contacts"][0]["email"])
        bot.deliver(mails.mail(party, f"SV: [{case['ref']}] Informationsskema", "Hermed skemaet.",
                               "2026-11-16T09:00:00+01:00", pdfs=(("Informationsskema.pdf", _form(i, party[1])),)))
    bot.cycle("2026-11-16T10:00:00+01:00")
    for i, case in enumerate(sorted(bot.cases(), key=lambda c: c["ref"])):
        party = (f"Part {i}", case["contacts"][0]["email"])
        bot.deliver(mails.mail(party, f"SV: [{case['ref']}] Afklaring", f"Vores IP-scope er 10.{i}.0.0/24.",
                               "2026-11-17T09:00:00+01:00"))
    bot.cycle("2026-11-17T10:00:00+01:00")
    bot.new_mail()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.servers.browser import chromium_path

    root = Path(tempfile.mkdtemp(prefix="bench-confirm-"))
    bot = Bot(root, f"sqlite:///{root / 'bot.db'}")
    t = time.perf_counter()
    seed(bot)
    queued = [c["ref"] for c in bot.cases() if c["needs_attention"]]
    print(f"{len(queued)} of {N} cases need a person (seeded in {time.perf_counter() - t:.1f} s)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    (root / "web.toml").write_text(_toml(bot, port, url), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "web", "--config", str(root / "web.toml")], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 60)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(url + "/signin")
            page.fill("input[name=address]", STAFF)
            page.click("button[type=submit]")
            page.goto(_link_mailed(bot, STAFF))
            page.click("button[type=submit]")
            plain: list[float] = []
            for _ in range(7):  # the yardstick: one plain page of the same view, the queue
                t0 = time.perf_counter()
                page.goto(url + "/queue")
                plain.append((time.perf_counter() - t0) * 1000)
            loads: list[str] = []
            page.on("load", lambda p: loads.append(p.url))
            page.goto(url + "/confirm")
            per_item: list[float] = []
            actions = 0
            while "/confirm/" in page.url:
                started = time.perf_counter()
                scope = re.search(r"\d+\.\d+\.0\.0/24", page.inner_text("#words"))
                if scope and page.locator("tr.uncertain").count():
                    page.keyboard.type(scope.group(0))
                    actions += 1
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                actions += 1
                per_item.append((time.perf_counter() - started) * 1000)
            browser.close()
        pages = len([u for u in loads if "/confirm/" in u])
        left = [c["ref"] for c in bot.cases() if c["needs_attention"]]
        done = [c for c in bot.cases() if c["state"] == "sent_to_tdc"]
        item_ms = statistics.median(per_item) if per_item else 0.0
        print(f"items cleared: {len(per_item)}; sent to TDC: {len(done)}; still needing a person: {len(left)}")
        print(f"page loads per item: {pages / max(1, len(per_item)):.2f} (goal 1)")
        print(f"key actions per item: {actions / max(1, len(per_item)):.2f} (goal <= 2 for a reading to correct)")
        print(f"one item, from its page to the next item's page: {item_ms / statistics.median(plain):.1f}x the time "
              f"of opening the queue page (median of each)")
    finally:
        proc.terminate()
        proc.wait(20)


if __name__ == "__main__":
    main()
