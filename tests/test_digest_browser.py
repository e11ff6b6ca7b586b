"""What staff see: the digest rendered by a real (headless) Chromium, the case view and the status table.

A few weeks of real mail go through the bot once for this module; `mailbot digest --preview` writes the
digest, Chromium renders it at an Outlook reading-pane width with scripts off, and the test reads what a
person would: the visible text, the funnel's bars, the colours in the screenshot. Set
MAILBOT_DOCS_SCREENSHOT=1 to refresh docs/digest.png from this run.
"""
from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from mailbot.cli import main
from mailbot.demo import agreement
from mailbot.templating import STATES
from mailbot.wording import state_name
from tests.pipeline import mails
from tests.pipeline.conftest import Bot
from tests.pipeline.test_digest_scenario import read_digest_text

from .local_config import local_config

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T07:45:00+01:00"  # a Monday morning, before the digest goes out
TOWNS = [("Østerby Kommune", "81409668"), ("Nordhavn Kommune", "12345674"), ("Lindholm Kommune", "56932437"),
         ("Sønderå Kommune", "57770694"), ("Egeby Kommune", "11576133")]
BAR = (0x3B, 0x6E, 0xA5)
ALERT = (0xB4, 0x23, 0x18)


@dataclass
class World:
    bot: Bot
    config: Path
    html: str
    text: str
    cases: list[dict[str, Any]]


def _sender(i: int) -> tuple[str, str]:
    return (f"Kontakt {i}", f"kontakt{i}@{TOWNS[i][0].split()[0].lower().replace('ø', 'oe').replace('å', 'aa')}"
                            ".example")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("digest-world")
    bot = Bot(root, f"sqlite:///{root / 'bot.db'}", extra={"digest": {"enabled": True, "time": "07:30"}})
    bot.deliver(mails.inquiry(at="2026-11-02T08:40:00+01:00"))
    for i, (town, cvr) in enumerate(TOWNS):
        bot.deliver(mails.mail(_sender(i), f"Tilslutning til SDN – {town}",
                               f"{town} ønsker tilslutning til SDN. CVR {cvr}.", f"2026-11-0{2 + i}T09:0{i}:00+01:00"))
        bot.cycle(f"2026-11-0{2 + i}T10:00:00+01:00")
    refs = {c["cvr"]: c["ref"] for c in bot.cases()}
    vestby = refs["29189846"]
    bot.deliver(mails.agreements(vestby, at="2026-11-09T08:40:00+01:00"))
    town, cvr = TOWNS[1]
    bot.deliver(mails.mail(_sender(1), f"SV: [{refs[cvr]}] Tilslutning til SDN", "Hermed aftalerne.",
                           "2026-11-09T09:00:00+01:00",
                           pdfs=(("Tilslutningsaftale.pdf", agreement("connection_agreement", town, cvr)),
                                 ("Databehandleraftale.pdf", agreement("data_processor_agreement", town, cvr)))))
    bot.cycle("2026-11-09T10:00:00+01:00")
    bot.deliver(mails.form(vestby, at="2026-11-16T09:00:00+01:00"))
    bot.cycle("2026-11-16T10:00:00+01:00")
    bot.cycle("2026-11-20T08:00:00+01:00")  # Friday's digest
    bot.deliver(mails.tdc(vestby, "Installationen er aftalt til 14. januar 2027 kl. 09.00.",
                          "2026-11-20T12:00:00+01:00"))
    bot.deliver(mails.staff(refs[TOWNS[4][1]], "AFVIS Ikke en sundhedsaktør", at="2026-11-20T12:30:00+01:00"))
    bot.deliver(mails.mail(("Ukendt", "faktura@elsewhere.example"), "Faktura 2026-1187", "Se vedhæftede.",
                           "2026-11-20T12:40:00+01:00"))
    bot.deliver(mails.mail(_sender(0), f"SV: [{refs[TOWNS[0][1]]}] Aftaler", "Hermed aftalen.",
                           "2026-11-20T12:50:00+01:00", pdfs=(("Tilslutningsaftale.pdf", b"%PDF-1.4 not a PDF"),)))
    bot.cycle("2026-11-20T13:00:00+01:00")
    config = local_config(root)
    html_path, text_path = root / "digest.html", root / "digest.txt"
    assert main(["digest", "--preview", str(html_path), "--text", str(text_path), "--config", str(config),
                 "--now", NOW]) == 0
    html, text = html_path.read_text(), text_path.read_text()
    # a preview is not the digest: the one due this morning still goes out, saying the same
    (sent,) = [m for m in bot.cycle(NOW) if m["X-SDN-Step"] == "staff_digest"]
    assert sent.get_body(("plain",)).get_content().replace("\r\n", "\n") == text
    yield World(bot, config, html, text, bot.cases())


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # 600 px: Outlook's reading pane and most web mail; no scripts, as mail clients run none
    context = browser.new_context(viewport={"width": 600, "height": 900}, java_script_enabled=False)
    p = context.new_page()
    try:
        yield p
    finally:
        context.close()


def _colour_share(png: bytes, rgb: tuple[int, int, int]) -> float:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=img.width * img.height) or []
    hits = sum(n for n, c in colours if all(abs(a - b) <= 8 for a, b in zip(c, rgb, strict=True)))
    return hits / (img.width * img.height)


def test_digest_as_a_reader_sees_it_in_chromium(world: World, page: Any, tmp_path: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(world.html, wait_until="load")
    # nothing fetched from outside, nothing scripted, nothing wider than the reading pane
    assert [u for u in requests if not u.startswith(("data:", "about:"))] == []
    assert "<script" not in world.html.lower() and "<img" not in world.html.lower() and "<style" not in world.html
    assert page.evaluate("document.documentElement.scrollWidth") <= 600

    shown = page.inner_text("body")
    for heading in ("Sager pr. status", "Kræver behandling", "Ændringer siden sidst", "Venter (",
                    "Kommende installationer", "Mail der ikke kunne læses"):
        assert heading in shown, heading

    # the funnel: one row per state, the number a person reads equals `cases --json`, bars grow with it
    rows = page.eval_on_selector_all(
        '[data-part="funnel"] tr[data-state]',
        """rows => rows.map(r => ({state: r.dataset.state,
             count: r.querySelector('[data-part="count"]').innerText.trim(),
             bar: (r.querySelector('[data-part="bar"]') || {getBoundingClientRect: () => ({width: 0})})
                  .getBoundingClientRect().width}))""")
    expected = {st: sum(1 for c in world.cases if c["state"] == st) for st in STATES}
    assert [r["state"] for r in rows] == [st for st in STATES if st != "rejected"]
    assert {r["state"]: int(r["count"]) for r in rows} == {st: n for st, n in expected.items() if st != "rejected"}
    assert f"Afvist: {expected['rejected']}." in shown
    for r in rows:
        assert (r["bar"] > 0) == (int(r["count"]) > 0), r
    widest = max(rows, key=lambda r: int(r["count"]))
    assert all(r["bar"] <= widest["bar"] for r in rows) and widest["bar"] > 100

    # the tiles at the top and the lists say what the plain-text part says
    tiles = page.inner_text('[data-part="tiles"]')
    text = read_digest_text(world.text)
    open_cases = sum(1 for c in world.cases if c["state"] not in ("connected", "rejected"))
    attention = [c for c in world.cases if c["needs_attention"]]
    assert re.search(rf"\b{open_cases}\s+Åbne sager", tiles) and text["open"] == open_cases
    assert re.search(rf"\b{len(attention)}\s+Kræver behandling", tiles) and text["attention"] == len(attention)
    assert attention, "the world should have a case that needs a human"
    for c in attention:
        assert c["ref"] in shown and c["ref"] in text["attention_part"]
    assert text["counts"] == {st: n for st, n in expected.items() if n}
    vestby = next(c for c in world.cases if c["cvr"] == "29189846")
    assert vestby["state"] == "installation_scheduled"
    assert "14. januar 2027 kl. 09.00" in shown and "14. januar 2027 kl. 09.00" in " ".join(world.text.split())
    assert "faktura@elsewhere.example" in shown and "Faktura 2026-1187" in shown  # mail nobody could place
    # waiting, oldest first: the order a person reads top to bottom
    days = [int(d) for d in page.eval_on_selector_all(
        "table", """ts => ts.filter(t => t.rows[0] && t.rows[0].innerText.includes('Arbejdsdage'))
                      .flatMap(t => Array.from(t.rows).slice(1).map(r => r.cells[r.cells.length - 1].innerText))""")]
    assert days == sorted(days, reverse=True) and days[0] > 0

    png = page.screenshot(full_page=True)
    (tmp_path / "digest.png").write_bytes(png)
    assert _colour_share(png, BAR) > 0.002  # the funnel's bars are there to see
    assert _colour_share(png, ALERT) > 0.0002  # and so is the red of what needs a human
    if os.environ.get("MAILBOT_DOCS_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "digest.png").write_bytes(png)


def test_digest_plain_text_says_the_same_as_the_html(world: World, page: Any) -> None:
    page.set_content(world.html)
    shown = " ".join(page.inner_text("body").split())
    text = " ".join(world.text.split())
    for c in world.cases:  # every case the HTML names, the plain text names too
        assert (c["ref"] in shown) == (c["ref"] in text), c["ref"]
    for st in STATES:
        assert state_name(st, "da") in shown and state_name(st, "da") in text


def test_status_table_and_case_view(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, "status", "--config", str(world.config), "--now", NOW, "--width", "200")
    open_cases = [c for c in world.cases if c["state"] not in ("connected", "rejected")]
    lines = [ln for ln in out.splitlines() if re.search(r"SDN-\d{4}-\d{4}", ln)]
    assert sorted(re.search(r"SDN-\d{4}-\d{4}", ln).group(0) for ln in lines) == sorted(  # type: ignore[union-attr]
        c["ref"] for c in open_cases)
    assert f"{len(world.cases)} cases in all" in out and f"{len(open_cases)} open" in out
    vestby = next(c for c in world.cases if c["cvr"] == "29189846")
    (row,) = [ln for ln in lines if vestby["ref"] in ln]
    assert "Installation scheduled" in row and "TDC" in row and "2027-01-14" in row

    shown = _cli(capsys, "case", "show", vestby["ref"], "--config", str(world.config))
    # every state change and what caused it, every mail in with its documents' reading, every mail out
    assert re.search(r"state\s+awaiting_agreements -> awaiting_information_form: .*\[the bot\] \(mail #\d+\)", shown)
    assert "document Tilslutningsaftale.pdf: connection_agreement" in shown
    assert "document Informationsskema.pdf: information_form" in shown and "cvr=29189846" in shown
    assert "MAIL IN (4)" in shown and "from ole.broendum@tdc-erhverv.example" in shown
    for step in ("starter_pack", "information_form_request", "tdc_order", "installation_confirmed"):
        assert re.search(rf"#\d+\s+{step}\s+sent", shown), step
    assert "subject: " in shown
    rejected = next(c for c in world.cases if c["state"] == "rejected")
    shown = _cli(capsys, "case", "show", rejected["ref"], "--config", str(world.config))
    assert re.search(r"-> rejected: .*\[anne.staff@medcom.example\]", shown)
    broken = next(c for c in world.cases if c["cvr"] == TOWNS[0][1])
    shown = _cli(capsys, "case", "show", broken["ref"], "--config", str(world.config))
    assert re.search(r"document Tilslutningsaftale.pdf: unknown\n\s+problem \w+: ", shown)  # its reading and why
    assert json.loads(_cli(capsys, "cases", "--json", "--config", str(world.config))) == world.cases
