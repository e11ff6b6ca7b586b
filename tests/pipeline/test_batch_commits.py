"""Commits per run of rows (issue 25, item 6): a crash between two commits loses no mail and repeats none.

Row stages (parse, route, decide, render) handle a run of rows in one transaction, each row in a savepoint;
fetch stores several mails in one transaction and the IMAP cursor moves only after their commit; filing
moves a UID set and marks the rows in one commit after the move. Each test kills the work at the worst
moment of its batch (a BaseException, which no stage catches, as a dying process would) and shows what is
left, and that the next run finishes every mail exactly once; on SQLite and PostgreSQL, over real Dovecot.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlmodel import Session, select

from mailbot.app import App
from mailbot.clock import parse_now
from mailbot.core.vocabulary import InboundStatus
from mailbot.pipeline import decide as decide_module
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.decide import DecideStage
from mailbot.pipeline.fetch import FetchStage
from mailbot.pipeline.parse import ParseStage
from mailbot.pipeline.route import RouteStage
from mailbot.store import db as db_module
from mailbot.store import raw as raw_store
from mailbot.store.models import CaseRow, InboundRow, MailboxCursorRow, OutboundRow, TimelineRow

from . import mails
from .conftest import Bot
from .real_app import imap_session, one_cycle, real_app

NOW = "2026-11-02T09:15:00+01:00"
PLACES = ["Vestby", "Østby", "Nordby", "Sønderby", "Lilleby", "Storeby"]


class Died(BaseException):
    """The process dies here: no stage catches it, no transaction in hand is committed by the stage."""


def inquiries() -> list[bytes]:
    return [mails.mail((f"Kontakt {place}", f"kontakt@{place.lower().replace('ø', 'oe')}-kommune.example"),
                       f"Tilslutning til SDN – {place} Kommune",
                       f"Kære MedCom\n\n{place} Kommune ønsker at blive tilsluttet SDN.\n\nMed venlig hilsen",
                       f"2026-11-02T09:0{i}:00+01:00") for i, place in enumerate(PLACES)]


def _ctx(app: App) -> StageContext:
    return StageContext(app.cfg, app.engine, parse_now(NOW))


def _statuses(app: App) -> Counter[str]:
    with Session(app.engine) as s:
        return Counter(str(r.status) for r in s.exec(select(InboundRow)))


def _count(app: App, model: Any) -> int:
    with Session(app.engine) as s:
        return len(s.exec(select(model)).all())


def _decided_once(app: App) -> None:
    """Every mail done, one case each, and no case got the same mail twice."""
    with Session(app.engine) as s:
        rows = s.exec(select(InboundRow)).all()
        assert {r.status for r in rows} == {InboundStatus.DONE}
        assert len({r.case_id for r in rows}) == len(rows) == len(s.exec(select(CaseRow)).all())
        out = [(o.case_id, o.step, tuple(o.to_addrs)) for o in s.exec(select(OutboundRow))]
        assert out and len(out) == len(set(out))
        assert {case for case, _, _ in out} == {r.case_id for r in rows}


def _routed(tmp_path: Path, db_url: str) -> Bot:
    bot = Bot(tmp_path, db_url)
    for raw in inquiries():
        bot.deliver(raw)
    ctx = _ctx(bot.app)
    runner = bot.app.runner()
    FetchStage(runner.inbox).run(ctx)
    ParseStage().run(ctx)
    RouteStage().run(ctx)
    assert _statuses(bot.app) == {InboundStatus.ROUTED: len(PLACES)}
    return bot


def test_a_death_in_the_middle_of_a_decide_run_leaves_the_whole_run_to_do_again(
        tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = _routed(tmp_path, db_url)
    real, calls = decide_module.apply, []

    def dies_on_the_fourth(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        if len(calls) == 4:
            raise Died
        return real(*args, **kw)

    monkeypatch.setattr(decide_module, "apply", dies_on_the_fourth)
    try:
        DecideStage().run(_ctx(bot.app))
    except Died:
        pass  # the stage's transaction goes with the run: nothing of it was committed
    assert len(calls) == 4
    # three mails were decided in the transaction, none committed: no case, no timeline, no mail queued
    assert _statuses(bot.app) == {InboundStatus.ROUTED: len(PLACES)}
    assert (_count(bot.app, CaseRow), _count(bot.app, TimelineRow), _count(bot.app, OutboundRow)) == (0, 0, 0)
    monkeypatch.undo()
    assert DecideStage().run(_ctx(bot.app)) == len(PLACES)
    _decided_once(bot.app)


def test_one_row_that_fails_is_rolled_back_alone_and_the_run_commits(
        tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = _routed(tmp_path, db_url)
    with Session(bot.app.engine) as s:
        third = sorted(r.id for r in s.exec(select(InboundRow)))[2]
    real, failed = decide_module.apply, []

    def fails_once_on_the_third(*args: Any, **kw: Any) -> Any:
        decision = real(*args, **kw)  # its case, timeline and mails are written in the savepoint first
        if args[-1] == third and not failed:
            failed.append(third)
            raise ValueError("a passing fault for this mail alone")
        return decision

    monkeypatch.setattr(decide_module, "apply", fails_once_on_the_third)
    assert DecideStage().run(_ctx(bot.app)) == len(PLACES) + 1  # the failed attempt counts, then its retry
    assert failed == [third]
    with Session(bot.app.engine) as s:
        rows = {r.id: r for r in s.exec(select(InboundRow))}
        assert rows[third].attempts == 1 and "a passing fault" in (rows[third].last_error or "")
        assert {r.attempts for i, r in rows.items() if i != third} == {0}
    # what the failed attempt's decision wrote went with its savepoint: one case per mail, each mail queued once
    _decided_once(bot.app)


# --- over IMAP: the cursor and the moves ------------------------------------------------------------------

def _imap_app(tmp_path: Path, db_url: str, account: Any, sink: Any) -> App:
    return real_app(tmp_path, db_url, account, sink, mailbox={"batch_size": 2})


def _restarted(tmp_path: Path, db_url: str, account: Any, sink: Any) -> App:
    """A new daemon on the same database and mailbox after the first died: one whole cycle."""
    app = _imap_app(tmp_path, db_url, account, sink)
    one_cycle(app, NOW)
    return app


def _imap(account: Any) -> IMAPClient:
    return imap_session(account)


def _folders(account: Any) -> dict[str, list[str]]:
    """Each folder's mails by Subject."""
    found: dict[str, list[str]] = {}
    with _imap(account) as c:
        for flags, _, name in c.list_folders():
            if b"\\Noselect" in flags:
                continue
            c.select_folder(name, readonly=True)
            uids = c.search(["ALL"])
            heads = c.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
            found[str(name)] = sorted(bytes(h[b"BODY[HEADER.FIELDS (SUBJECT)]"]).decode("utf-8", "replace").strip()
                                      for h in heads.values())
    return found


def _filed_once(account: Any, n: int) -> None:
    folders = _folders(account)
    assert folders.get("INBOX") == []
    filed = [subject for name, subjects in folders.items() if name != "INBOX" for subject in subjects]
    assert len(filed) == len(set(filed)) == n


@pytest.mark.imap
def test_the_cursor_never_passes_a_mail_whose_row_is_not_committed(
        tmp_path: Path, db_url: str, imap_account: Any, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with _imap(imap_account) as c:
        for raw in inquiries():
            c.append("INBOX", raw)
        c.select_folder("INBOX", readonly=True)
        uids = sorted(c.search(["ALL"]))
    app = _imap_app(tmp_path, db_url, imap_account, smtp_sink)
    saved: list[tuple[int, set[int]]] = []  # each cursor the inbox saved, and the UIDs committed at that moment
    real_save = db_module.DbCursorStore.save

    def save(self: Any, mailbox: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        with Session(app.engine) as s:  # another session: sees only what is committed
            keys = s.exec(select(InboundRow.source_key)).all()
        saved.append((last_uid, {int(k.rsplit(":", 1)[1]) for k in keys}))
        real_save(self, mailbox, folder, uidvalidity, last_uid)

    stores = []
    real_put = raw_store.put

    def dies_on_the_fifth(*args: Any) -> Any:
        stores.append(1)
        if len(stores) == 5:
            raise Died
        return real_put(*args)

    monkeypatch.setattr(db_module.DbCursorStore, "save", save)
    monkeypatch.setattr(raw_store, "put", dies_on_the_fifth)
    runner = app.runner()
    stage = FetchStage(runner.inbox)
    stage.per_transaction = 3
    try:
        stage.run(_ctx(app))
    except Died:
        pass
    finally:
        runner.inbox.close()
    assert saved, "the cursor was saved at least once (after the first IMAP batch of two)"
    for last_uid, committed in saved:
        assert {u for u in uids if u <= last_uid} <= committed
    with Session(app.engine) as s:
        cursor = s.exec(select(MailboxCursorRow)).one()
        stored = {int(k.rsplit(":", 1)[1]) for k in s.exec(select(InboundRow.source_key))}
    assert {u for u in uids if u <= cursor.last_uid} <= stored and len(stored) < len(uids)
    monkeypatch.undo()
    app2 = _restarted(tmp_path, db_url, imap_account, smtp_sink)
    _decided_once(app2)
    _filed_once(imap_account, len(PLACES))


@pytest.mark.imap
def test_a_death_between_the_move_and_its_commit_files_each_mail_once(
        tmp_path: Path, db_url: str, imap_account: Any, smtp_sink: Any) -> None:
    with _imap(imap_account) as c:
        for raw in inquiries():
            c.append("INBOX", raw)
    app = _imap_app(tmp_path, db_url, imap_account, smtp_sink)
    runner = app.runner()
    moved: list[int] = []
    real = runner.inbox.acknowledge_all

    def moves_then_dies(batch: list[Any], outcome: Any) -> None:
        real(batch, outcome)  # the server has moved them
        moved.append(len(batch))
        raise Died  # and the process dies before the rows say so

    runner.inbox.acknowledge_all = moves_then_dies  # type: ignore[method-assign]
    try:
        runner.cycle(parse_now(NOW))
    except Died:
        pass
    finally:
        runner.inbox.close()
        runner.sender.close()
    assert moved == [len(PLACES)]  # one MOVE of the whole UID set
    with Session(app.engine) as s:
        assert not any(r.filed for r in s.exec(select(InboundRow)))
    assert _folders(imap_account)["INBOX"] == []
    app2 = _restarted(tmp_path, db_url, imap_account, smtp_sink)
    with Session(app2.engine) as s:
        assert all(r.filed for r in s.exec(select(InboundRow)))
    _decided_once(app2)
    _filed_once(imap_account, len(PLACES))
