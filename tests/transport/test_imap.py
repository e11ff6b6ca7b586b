"""ImapInbox against a real Dovecot (tests/servers): fetch, cursor, filing, TLS, XOAUTH2, IDLE, outages."""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapclient import IMAPClient

from mailbot.transport.backoff import Backoff
from mailbot.transport.imap import ImapInbox, MailboxUnavailable, parse_source_key
from tests.servers.dovecot import DovecotServer
from tests.servers.fixtures import ImapAccount
from tests.transport.helpers import MemoryCursors, admin, append, mailbox_cfg, make_mail, subjects_in

pytestmark = pytest.mark.imap


def _subject(raw: bytes) -> str:
    for line in raw.split(b"\r\n"):
        if line.startswith(b"Subject:"):
            return line.split(b":", 1)[1].strip().decode()
    raise AssertionError("no Subject")


def drain(inbox: ImapInbox) -> list[str]:
    return [_subject(m.raw) for m in inbox.fetch_new()]


class StaticToken:
    def __init__(self, value: str) -> None:
        self.value = value
        self.calls = 0

    def token(self) -> str:
        self.calls += 1
        return self.value


# -- fetching ---------------------------------------------------------------------------------

def test_fetch_yields_all_mail_in_order_with_source_keys_and_leaves_seen_unset(
        imap_account: ImapAccount) -> None:
    append(imap_account, "one", "two", "three")
    cursors = MemoryCursors()
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn") as inbox:
        mails = list(inbox.fetch_new())
    assert [_subject(m.raw) for m in mails] == ["one", "two", "three"]
    keys = [parse_source_key(m.source_key) for m in mails]
    assert [k[0] for k in keys] == ["INBOX"] * 3
    assert [k[2] for k in keys] == [1, 2, 3]
    uidvalidity = keys[0][1]
    assert all(m.source_key == f"imap:INBOX:{uidvalidity}:{k[2]}" for m, k in zip(mails, keys, strict=True))
    assert cursors.data[("sdn", "INBOX")] == (uidvalidity, 3)
    assert mails[0].raw.endswith(b"Hej\r\n")
    with admin(imap_account) as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags([1, 2, 3])
    assert all(b"\\Seen" not in f for f in flags.values()), flags


def test_second_fetch_returns_only_new_mail(imap_account: ImapAccount) -> None:
    append(imap_account, "a", "b")
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        assert drain(inbox) == ["a", "b"]
        # "UID 3:*" matches the highest UID (2) too; it must not come back
        assert drain(inbox) == []
        append(imap_account, "c", "d")
        assert drain(inbox) == ["c", "d"]
        assert drain(inbox) == []
        assert inbox.last_success is not None


def test_batches_save_the_cursor_as_they_go(imap_account: ImapAccount) -> None:
    append(imap_account, *[f"m{i}" for i in range(5)])
    cursors = MemoryCursors()
    inbox = ImapInbox(mailbox_cfg(imap_account, batch_size=2), cursors, mailbox_name="sdn")
    try:
        assert drain(inbox) == [f"m{i}" for i in range(5)]
    finally:
        inbox.close()
    assert [s[3] for s in cursors.saves if s[3]] == [2, 4, 5]


def test_mail_whose_handling_raised_is_yielded_again(imap_account: ImapAccount) -> None:
    append(imap_account, "ok", "boom", "later")
    cursors = MemoryCursors()
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn") as inbox:
        with pytest.raises(RuntimeError):
            for mail in inbox.fetch_new():
                if _subject(mail.raw) == "boom":
                    raise RuntimeError("pipeline crashed on this mail")
        assert cursors.data[("sdn", "INBOX")][1] == 1  # only "ok" is behind the cursor
        assert drain(inbox) == ["boom", "later"]


def test_cursor_survives_a_restart_and_rescan_refiles_leftovers(imap_account: ImapAccount) -> None:
    append(imap_account, "handled", "left-behind")
    cursors = MemoryCursors()
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn") as inbox:
        mails = list(inbox.fetch_new())
        inbox.acknowledge(mails[0], "processed")  # the 2nd was committed but the process died before moving
    append(imap_account, "new")
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn", rescan_on_start=False) as inbox:
        assert drain(inbox) == ["new"]
    # the default: the first fetch of a process looks at everything still in the folder
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn") as inbox:
        assert drain(inbox) == ["left-behind", "new"]
        assert drain(inbox) == []


class CountingInbox(ImapInbox):
    """Records the UIDs whose bodies were downloaded."""

    downloaded: list[int]

    def _new_uids(self, client: IMAPClient) -> list[int]:
        if not hasattr(self, "downloaded"):
            self.downloaded = []
            original = client.fetch

            def fetch(messages: list[int], data: list[str], modifiers: object = None) -> object:
                if any("BODY" in str(d) for d in data):  # a download (not the RFC822.SIZE look first)
                    self.downloaded.extend(messages)
                return original(messages, data, modifiers)  # type: ignore[arg-type]

            client.fetch = fetch  # type: ignore[method-assign]
        return super()._new_uids(client)


def test_rescan_downloads_only_mail_the_ledger_lacks(imap_account: ImapAccount) -> None:
    append(imap_account, "one", "two", "three")
    cursors = MemoryCursors()
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn") as inbox:
        mails = list(inbox.fetch_new())
    ledger = {mails[0].source_key, mails[2].source_key}  # "two" was a copy filed away, and the move was lost
    asked: list[list[str]] = []

    def known(keys: list[str]) -> set[str]:
        asked.append(keys)
        return {k for k in keys if k in ledger}

    append(imap_account, "new")
    with CountingInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn", known=known) as inbox:
        assert drain(inbox) == ["two", "new"]
        assert inbox.downloaded == [2, 4]
        assert asked == [[m.source_key for m in mails]]  # only mail at or below the cursor is looked up
        assert cursors.data[("sdn", "INBOX")][1] == 4
        assert drain(inbox) == []  # a steady poll: nothing downloaded, the ledger not asked again
        assert inbox.downloaded == [2, 4] and len(asked) == 1


def test_rescan_reads_everything_when_the_ledger_cannot_answer(imap_account: ImapAccount) -> None:
    append(imap_account, "one", "two")
    cursors = MemoryCursors()
    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn") as inbox:
        assert drain(inbox) == ["one", "two"]

    def broken(keys: list[str]) -> set[str]:
        raise RuntimeError("database gone")

    with ImapInbox(mailbox_cfg(imap_account), cursors, mailbox_name="sdn", known=broken) as inbox:
        assert drain(inbox) == ["one", "two"]  # as without `known`: nothing left behind


def test_uidvalidity_change_resets_the_cursor(imap_account: ImapAccount) -> None:
    with admin(imap_account) as client:
        client.create_folder("Intake")
    append(imap_account, "old-1", "old-2", "old-3", folder="Intake")
    cursors = MemoryCursors()
    cfg = mailbox_cfg(imap_account, folder="Intake")
    with ImapInbox(cfg, cursors, mailbox_name="sdn") as inbox:
        old = list(inbox.fetch_new())
    uv_before = cursors.data[("sdn", "Intake")][0]
    assert cursors.data[("sdn", "Intake")][1] == 3
    # the server rebuilds the folder: UIDs start again at 1 under a new UIDVALIDITY
    with admin(imap_account) as client:
        client.delete_folder("Intake")
        client.create_folder("Intake")
        status = client.folder_status("Intake", [b"UIDVALIDITY"])
    assert status[b"UIDVALIDITY"] != uv_before
    append(imap_account, "rebuilt-1", folder="Intake")
    with ImapInbox(cfg, cursors, mailbox_name="sdn", rescan_on_start=False) as inbox:
        assert drain(inbox) == ["rebuilt-1"]  # UID 1 <= old cursor 3, seen only because of the reset
        assert cursors.data[("sdn", "Intake")] == (status[b"UIDVALIDITY"], 1)
        inbox.acknowledge(old[0], "processed")  # a UID from the old validity: ignored, not misfiled
    assert subjects_in(imap_account, "Intake") == ["rebuilt-1"]


# -- filing -----------------------------------------------------------------------------------

def test_acknowledge_moves_to_outcome_folders_including_danish_names(imap_account: ImapAccount) -> None:
    append(imap_account, "p", "n", "f", "stay")
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        mails = {_subject(m.raw): m for m in inbox.fetch_new()}
        inbox.acknowledge(mails["p"], "processed")
        inbox.acknowledge(mails["n"], "needs_attention")
        inbox.acknowledge(mails["f"], "failed")
    with admin(imap_account) as client:
        names = {name for _, _, name in client.list_folders()}
    # imapclient encodes "Kræver opmærksomhed" in modified UTF-7 on the wire
    assert {"SDN/Behandlet", "SDN/Kræver opmærksomhed", "SDN/Fejlet"} <= names
    assert subjects_in(imap_account, "SDN/Behandlet") == ["p"]
    assert subjects_in(imap_account, "SDN/Kræver opmærksomhed") == ["n"]
    assert subjects_in(imap_account, "SDN/Fejlet") == ["f"]
    assert subjects_in(imap_account, "INBOX") == ["stay"]


def test_custom_folder_names_with_aeoeaa(imap_account: ImapAccount) -> None:
    append(imap_account, "x")
    cfg = mailbox_cfg(imap_account, processed_folder="Sager/Færdigbehandlede åbne øvrige")
    with ImapInbox(cfg, MemoryCursors()) as inbox:
        (mail,) = list(inbox.fetch_new())
        inbox.acknowledge(mail, "processed")
    assert subjects_in(imap_account, "Sager/Færdigbehandlede åbne øvrige") == ["x"]
    # on the wire the name is modified UTF-7, not raw UTF-8
    with admin(imap_account) as client:
        client.folder_encode = False
        raw_names = [name for _, _, name in client.list_folders()]
    assert any(b"&AOY-" in (n if isinstance(n, bytes) else n.encode()) for n in raw_names), raw_names


class NoMoveInbox(ImapInbox):
    """A server without MOVE (and optionally without UIDPLUS), as older servers are."""

    drop: tuple[str, ...] = ("MOVE",)

    def _on_connected(self) -> None:
        self._capabilities = self._capabilities - set(self.drop)
        super()._on_connected()


class NoMoveNoUidplusInbox(NoMoveInbox):
    drop = ("MOVE", "UIDPLUS")


@pytest.mark.parametrize("cls", [NoMoveInbox, NoMoveNoUidplusInbox])
def test_filing_without_move_copies_and_expunges(imap_account: ImapAccount, cls: type[ImapInbox]) -> None:
    append(imap_account, "a", "b")
    with cls(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        mails = list(inbox.fetch_new())
        assert "MOVE" not in inbox._capabilities
        inbox.acknowledge(mails[0], "failed")
    assert subjects_in(imap_account, "SDN/Fejlet") == ["a"]
    assert subjects_in(imap_account, "INBOX") == ["b"]


@pytest.mark.parametrize("cls", [ImapInbox, NoMoveInbox, NoMoveNoUidplusInbox])
def test_acknowledge_all_files_a_uid_set_in_one_command_and_leaves_the_rest(
        imap_account: ImapAccount, cls: type[ImapInbox], monkeypatch: pytest.MonkeyPatch) -> None:
    append(imap_account, "a", "b", "stay", "c")
    sent: list[str] = []
    real = IMAPClient._command_and_check

    def counting(self: IMAPClient, command: str, *args: object, **kw: object) -> object:
        sent.append(command.lower())
        return real(self, command, *args, **kw)

    with cls(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        mails = {_subject(m.raw): m for m in inbox.fetch_new()}
        monkeypatch.setattr(IMAPClient, "_command_and_check", counting)
        inbox.acknowledge_all([mails["a"], mails["b"], mails["c"]], "processed")
    moves = [c for c in sent if c in ("move", "copy")]
    assert len(moves) == 1, sent  # one command for the three
    assert subjects_in(imap_account, "SDN/Behandlet") == ["a", "b", "c"]
    assert subjects_in(imap_account, "INBOX") == ["stay"]


def test_acknowledge_all_again_after_its_moves_files_nothing_twice(imap_account: ImapAccount) -> None:
    """A process that died after the MOVE but before its commit moves the same UIDs again: nothing happens."""
    append(imap_account, "a", "b")
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        mails = list(inbox.fetch_new())
        inbox.acknowledge_all(mails, "needs_attention")
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        inbox.acknowledge_all(mails, "needs_attention")
    assert subjects_in(imap_account, "SDN/Kræver opmærksomhed") == ["a", "b"]
    assert subjects_in(imap_account, "INBOX") == []


# -- security and authentication ----------------------------------------------------------

def test_implicit_tls_verifies_with_the_ca_file(imap_account: ImapAccount) -> None:
    append(imap_account, "secret")
    cfg = mailbox_cfg(imap_account, security="ssl", port=imap_account.ssl_port)
    with ImapInbox(cfg, MemoryCursors()) as inbox:
        assert drain(inbox) == ["secret"]


def test_starttls_verifies_with_the_ca_file(imap_account: ImapAccount) -> None:
    append(imap_account, "secret")
    with ImapInbox(mailbox_cfg(imap_account, security="starttls"), MemoryCursors()) as inbox:
        assert drain(inbox) == ["secret"]


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_untrusted_certificate_is_refused(imap_account: ImapAccount, dovecot: DovecotServer,
                                          security: str) -> None:
    port = imap_account.ssl_port if security == "ssl" else imap_account.port
    cfg = mailbox_cfg(imap_account, security=security, port=port, ca_file=str(dovecot.tls.other_ca_file))
    inbox = ImapInbox(cfg, MemoryCursors())
    with pytest.raises(MailboxUnavailable, match="certificate"):
        list(inbox.fetch_new())
    # and switching verification off (explicitly) connects
    append(imap_account, "x")
    lax = ImapInbox(dataclasses.replace(cfg, verify_certificates=False), MemoryCursors())
    try:
        assert drain(lax) == ["x"]
    finally:
        lax.close()


def test_system_cas_do_not_trust_the_test_server(imap_account: ImapAccount) -> None:
    cfg = mailbox_cfg(imap_account, security="ssl", port=imap_account.ssl_port, ca_file=None)
    with pytest.raises(MailboxUnavailable, match="certificate"):
        list(ImapInbox(cfg, MemoryCursors()).fetch_new())


def test_wrong_password_is_unavailable_and_never_logged(imap_account: ImapAccount,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cfg = mailbox_cfg(imap_account, password="Wr0ng-Secret-xyz")
    with pytest.raises(MailboxUnavailable, match="login refused") as info:
        list(ImapInbox(cfg, MemoryCursors()).fetch_new())
    assert "Wr0ng-Secret-xyz" not in str(info.value)
    assert "Wr0ng-Secret-xyz" not in caplog.text


def test_xoauth2_login(imap_account: ImapAccount, dovecot: DovecotServer,
                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = f"tok-{imap_account.username}-Zq9"
    dovecot.add_token(token, imap_account.username)
    append(imap_account, "oauth")
    provider = StaticToken(token)
    cfg = mailbox_cfg(imap_account, auth="xoauth2", password="")
    with ImapInbox(cfg, MemoryCursors(), token_provider=provider) as inbox:
        assert drain(inbox) == ["oauth"]
    assert provider.calls == 1
    assert token not in caplog.text
    assert imap_account.password not in caplog.text
    dovecot.revoke_token(token)
    with pytest.raises(MailboxUnavailable, match="login refused"):
        list(ImapInbox(cfg, MemoryCursors(), token_provider=provider).fetch_new())


def test_xoauth2_without_provider_is_a_configuration_error(imap_account: ImapAccount) -> None:
    with pytest.raises(ValueError, match="token provider"):
        ImapInbox(mailbox_cfg(imap_account, auth="xoauth2"), MemoryCursors())


# -- waiting for mail ---------------------------------------------------------------------

def _deliver_later(acc: ImapAccount, delay: float) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        append(acc, "late")
    t = threading.Thread(target=run)
    t.start()
    return t


@pytest.mark.parametrize("idle", [True, False])
def test_wait_for_mail_wakes_when_mail_arrives(imap_account: ImapAccount, idle: bool) -> None:
    with ImapInbox(mailbox_cfg(imap_account, idle=idle, poll_seconds=1), MemoryCursors()) as inbox:
        assert drain(inbox) == []
        if idle:
            assert "IDLE" in inbox._capabilities
        t = _deliver_later(imap_account, 0.5)
        start = time.monotonic()
        assert inbox.wait_for_mail(30) is True
        assert time.monotonic() - start < 10
        t.join()
        assert drain(inbox) == ["late"]


def test_idle_is_reissued_and_times_out_without_mail(imap_account: ImapAccount) -> None:
    # idle_seconds=1: several IDLE rounds within the 2.5 s; nothing arrives, so False
    with ImapInbox(mailbox_cfg(imap_account, idle_seconds=1), MemoryCursors()) as inbox:
        assert drain(inbox) == []
        start = time.monotonic()
        assert inbox.wait_for_mail(2.5) is False
        assert 2.0 <= time.monotonic() - start < 10
        t = _deliver_later(imap_account, 0.2)
        assert inbox.wait_for_mail(20) is True  # still a usable connection after the rounds
        t.join()


def test_wait_returns_at_once_if_mail_came_before_waiting(imap_account: ImapAccount) -> None:
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        assert drain(inbox) == []
        append(imap_account, "early")
        start = time.monotonic()
        assert inbox.wait_for_mail(30) is True
        assert time.monotonic() - start < 5


# -- outages ------------------------------------------------------------------------------

@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot of this test's own, which it may stop and start."""
    server = DovecotServer()
    server.add_user("sdn", "sdn-test")
    server.start()
    try:
        yield server
    finally:
        server.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_server_down_backoff_and_recovery(own_dovecot: DovecotServer) -> None:
    acc = ImapAccount(own_dovecot.host, own_dovecot.port, own_dovecot.ssl_port, "sdn", "sdn-test",
                      str(own_dovecot.ca_file))
    append(acc, "before")
    clock, wall = FakeClock(), FakeClock()
    sleeps: list[float] = []
    cfg = mailbox_cfg(acc, outage_notice_minutes=60, timeout_seconds=5.0)
    inbox = ImapInbox(cfg, MemoryCursors(), clock=clock, wall_clock=wall, sleep=sleeps.append,
                      backoff=Backoff(base=10.0, cap=100.0, jitter=0.0))
    (before,) = list(inbox.fetch_new())
    ok_at = inbox.last_success
    assert ok_at == wall.now

    own_dovecot.stop()
    clock.now += 60  # the connection is old enough to be checked with NOOP: it is dead
    with pytest.raises(MailboxUnavailable) as first:
        list(inbox.fetch_new())
    assert first.value.retry_in == 10.0
    # within the backoff nothing is tried: the same answer at once, with the time left
    clock.now += 4
    with pytest.raises(MailboxUnavailable, match="next attempt in 6 s"):
        list(inbox.fetch_new())
    clock.now += 6
    with pytest.raises(MailboxUnavailable) as second:
        list(inbox.fetch_new())
    assert second.value.retry_in == 20.0  # doubled
    # filing while down is remembered, waiting while down sleeps out the backoff and says False
    with pytest.raises(MailboxUnavailable):
        inbox.acknowledge(before, "processed")
    assert inbox.wait_for_mail(5) is False
    assert sleeps == [5.0]
    wall.now += 61 * 60
    assert inbox.outage_notice_due()
    assert inbox.last_success == ok_at

    own_dovecot.start()
    append(acc, "after")
    clock.now += 20
    assert drain(inbox) == ["after"]
    assert inbox.last_success == wall.now
    assert inbox.unavailable_since is None and not inbox.outage_notice_due()
    assert inbox.backoff.attempts == 0
    assert subjects_in(acc, "SDN/Behandlet") == ["before"]  # the pending move was done on reconnect
    inbox.close()


def test_after_a_long_outage_mail_flows_within_one_poll_interval(own_dovecot: DovecotServer) -> None:
    """The default backoff never outlasts the poll interval, so the first poll after the server is back
    fetches (it used to wait out up to 300 s: 46-58 s without mail after an outage)."""
    acc = ImapAccount(own_dovecot.host, own_dovecot.port, own_dovecot.ssl_port, "sdn", "sdn-test",
                      str(own_dovecot.ca_file))
    clock = FakeClock()
    cfg = mailbox_cfg(acc, timeout_seconds=5.0, poll_seconds=30, idle=False)
    inbox = ImapInbox(cfg, MemoryCursors(), clock=clock, sleep=lambda _: None)
    assert drain(inbox) == []
    own_dovecot.stop()
    for _ in range(12):  # a long outage: twelve polls, each a failed attempt
        clock.now += cfg.poll_seconds
        with pytest.raises(MailboxUnavailable) as failed:
            list(inbox.fetch_new())
        assert failed.value.retry_in <= cfg.poll_seconds
    own_dovecot.start()
    append(acc, "after")
    clock.now += cfg.poll_seconds  # the next poll
    assert drain(inbox) == ["after"]
    inbox.close()


def test_a_reconnected_idle_connection_cuts_the_fetch_backoff_short(own_dovecot: DovecotServer) -> None:
    acc = ImapAccount(own_dovecot.host, own_dovecot.port, own_dovecot.ssl_port, "sdn", "sdn-test",
                      str(own_dovecot.ca_file))
    offset = [0.0]

    def clock() -> float:  # real time (IDLE waits on it), moved on by hand across the outage
        return time.monotonic() + offset[0]

    inbox = ImapInbox(mailbox_cfg(acc, timeout_seconds=5.0, idle=True), MemoryCursors(), clock=clock,
                      sleep=lambda _: None, backoff=Backoff(base=100.0, cap=300.0, jitter=0.0))
    assert drain(inbox) == []
    assert inbox.wait_for_mail(0.5) is False  # the IDLE connection is up, nothing new
    own_dovecot.stop()
    offset[0] += 60
    with pytest.raises(MailboxUnavailable):
        list(inbox.fetch_new())
    assert inbox.wait_for_mail(0.5) is False  # IDLE fails too, and waits
    own_dovecot.start()
    append(acc, "after")
    offset[0] += 1  # long before the fetch backoff (100 s) is over
    assert inbox.wait_for_mail(5) is True  # IDLE is back: the daemon fetches now
    assert drain(inbox) == ["after"]  # and the fetch does not wait out its backoff
    inbox.close()


def test_connection_dropped_between_cycles_reconnects_transparently(own_dovecot: DovecotServer) -> None:
    acc = ImapAccount(own_dovecot.host, own_dovecot.port, own_dovecot.ssl_port, "sdn", "sdn-test",
                      str(own_dovecot.ca_file))
    clock = FakeClock()
    inbox = ImapInbox(mailbox_cfg(acc), MemoryCursors(), clock=clock)
    assert drain(inbox) == []
    own_dovecot.restart()
    append(acc, "x")
    clock.now += 60
    assert drain(inbox) == ["x"]  # NOOP found the dead connection; a fresh one was made at once
    inbox.close()


def test_nothing_listening_is_unavailable() -> None:
    from tests.servers._util import free_port

    acc = ImapAccount("127.0.0.1", free_port(), 0, "u", "p", "")
    inbox = ImapInbox(mailbox_cfg(acc), MemoryCursors())
    with pytest.raises(MailboxUnavailable, match="ConnectionRefused"):
        list(inbox.fetch_new())
    assert inbox.unavailable_since is not None
    inbox.close()


def test_append_helper_roundtrip(imap_account: ImapAccount) -> None:
    """Guards the helpers the other tests trust."""
    with admin(imap_account) as client:
        assert isinstance(client, IMAPClient)
        client.append("INBOX", make_mail("h"))
    assert subjects_in(imap_account, "INBOX") == ["h"]


def test_xoauth2_with_a_rotating_refresh_token_end_to_end(imap_account: ImapAccount, dovecot: DovecotServer,
                                                          tmp_path: Path) -> None:
    """Token endpoint -> RefreshTokenProvider -> XOAUTH2 at Dovecot (which asks its introspection URL)."""
    from mailbot.config import OAuth2Config
    from mailbot.transport.oauth2 import FileSecretStore, RefreshTokenProvider
    from tests.servers.oauth2_endpoint import TokenEndpoint

    with TokenEndpoint(refresh_token="rt-0") as ep:
        provider = RefreshTokenProvider(
            OAuth2Config(provider="refresh_token", client_id="cid", refresh_token="rt-0",
                         token_url=ep.token_url), FileSecretStore(tmp_path / "rt"))
        dovecot.add_token("at-1", imap_account.username)  # what the endpoint will issue first
        append(imap_account, "via-oauth")
        cfg = mailbox_cfg(imap_account, auth="xoauth2", password="", security="ssl",
                          port=imap_account.ssl_port)
        with ImapInbox(cfg, MemoryCursors(), token_provider=provider) as inbox:
            assert drain(inbox) == ["via-oauth"]
        assert (tmp_path / "rt").read_text().strip() == "rt-1"


def test_folder_names_follow_the_servers_separator(tmp_path: Path) -> None:
    """Config names use '/'; on a server whose separator is '.', 'SDN/Behandlet' is 'SDN.Behandlet'."""
    with DovecotServer(separator=".") as server:
        server.add_user("sdn", "sdn-test")
        acc = ImapAccount(server.host, server.port, server.ssl_port, "sdn", "sdn-test", str(server.ca_file))
        append(acc, "dot")
        with ImapInbox(mailbox_cfg(acc), MemoryCursors()) as inbox:
            (mail,) = list(inbox.fetch_new())
            inbox.acknowledge(mail, "needs_attention")
            assert inbox.server_folder("SDN/Behandlet") == "SDN.Behandlet"
        with admin(acc) as client:
            names = {name for _, _, name in client.list_folders()}
        assert "SDN.Kræver opmærksomhed" in names and "SDN/Kræver opmærksomhed" not in names
        assert subjects_in(acc, "SDN.Kræver opmærksomhed") == ["dot"]


def test_subfolder_of_inbox_as_the_scenario_harness_uses(imap_account: ImapAccount) -> None:
    """run-scenarios creates 'INBOX/<scenario>' and sets mailbox.folder to it."""
    with admin(imap_account) as client:
        client.create_folder("INBOX/Scenario1")
    append(imap_account, "s1", folder="INBOX/Scenario1")
    cursors = MemoryCursors()
    with ImapInbox(mailbox_cfg(imap_account, folder="INBOX/Scenario1"), cursors, mailbox_name="sdn") as inbox:
        (mail,) = list(inbox.fetch_new())
        assert mail.source_key.startswith("imap:INBOX/Scenario1:")
        inbox.acknowledge(mail, "processed")
    assert subjects_in(imap_account, "INBOX/Scenario1") == []
    assert subjects_in(imap_account, "SDN/Behandlet") == ["s1"]


def test_wait_in_another_thread_while_fetching_and_filing(imap_account: ImapAccount) -> None:
    """The daemon IDLEs in one thread while its cycle fetches and files in another."""
    inbox = ImapInbox(mailbox_cfg(imap_account), MemoryCursors())
    woke: list[bool] = []
    stop = threading.Event()

    def idle_loop() -> None:
        while not stop.is_set():
            woke.append(inbox.wait_for_mail(2))

    assert drain(inbox) == []
    t = threading.Thread(target=idle_loop)
    t.start()
    try:
        for round_ in range(3):
            append(imap_account, f"r{round_}")
            deadline = time.monotonic() + 10
            while True not in woke and time.monotonic() < deadline:
                time.sleep(0.05)
            assert True in woke, f"round {round_}: IDLE did not wake"
            woke.clear()
            mails = list(inbox.fetch_new())
            assert [_subject(m.raw) for m in mails] == [f"r{round_}"]
            inbox.acknowledge(mails[0], "processed")
    finally:
        stop.set()
        t.join(timeout=15)
        inbox.close()
    assert not t.is_alive()
    assert subjects_in(imap_account, "SDN/Behandlet") == ["r0", "r1", "r2"]


def test_mail_left_in_the_folder_wakes_only_once(imap_account: ImapAccount) -> None:
    append(imap_account, "stuck")
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors()) as inbox:
        assert inbox.wait_for_mail(10) is True  # there is mail the cycle has not fetched yet
        start = time.monotonic()
        assert inbox.wait_for_mail(1.5) is False  # not again for the same mail: no busy loop
        assert time.monotonic() - start >= 1.4
        list(inbox.fetch_new())  # fetched, not filed: it stays in the folder
        assert inbox.wait_for_mail(1.5) is False


def test_close_wakes_a_blocked_wait(imap_account: ImapAccount) -> None:
    inbox = ImapInbox(mailbox_cfg(imap_account), MemoryCursors())
    assert drain(inbox) == []
    result: list[bool] = []
    t = threading.Thread(target=lambda: result.append(inbox.wait_for_mail(60)))
    t.start()
    time.sleep(1.0)
    start = time.monotonic()
    inbox.close()
    t.join(timeout=20)
    assert not t.is_alive() and result == [False]
    assert time.monotonic() - start < 20


def test_folder_rebuilt_under_a_running_inbox(imap_account: ImapAccount) -> None:
    """The same inbox object lives through the rebuild: it reconnects and reads the new folder."""
    with admin(imap_account) as client:
        client.create_folder("Live")
    append(imap_account, "x1", "x2", folder="Live")
    cursors = MemoryCursors()
    inbox = ImapInbox(mailbox_cfg(imap_account, folder="Live"), cursors, mailbox_name="sdn",
                      backoff=Backoff(base=0.01, cap=0.05, jitter=0.0))
    try:
        assert drain(inbox) == ["x1", "x2"]
        with admin(imap_account) as client:
            client.delete_folder("Live")
            client.create_folder("Live")
        append(imap_account, "y1", folder="Live")
        got: list[str] = []
        for _ in range(3):  # at most a failed attempt or two while the old selection is torn down
            try:
                got = drain(inbox)
                break
            except MailboxUnavailable:
                time.sleep(0.1)
        assert got == ["y1"]
        assert cursors.data[("sdn", "Live")][1] == 1
    finally:
        inbox.close()
