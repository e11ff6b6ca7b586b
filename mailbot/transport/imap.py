"""The sdn@ mailbox over IMAP (imapclient), as an `Inbox`.

Delivery guarantee: at least once. Mail is only filed away (moved out of the folder) by `acknowledge`,
which the pipeline calls after its database commit. Re-seeing a mail is harmless because the pipeline's
ledger deduplicates by Message-ID and by the sha256 of the raw bytes; losing one is not harmless. So:
- the cursor (UIDVALIDITY, last UID) advances only past mail whose handling finished, i.e. the consumer
  asked for the next mail (a consumer that raised while handling a mail leaves it to be yielded again);
- a changed UIDVALIDITY (the server rebuilt the folder) resets the cursor to 0: everything still in the
  folder is yielded again and the ledger sorts out what it has seen;
- by default the first fetch of each process starts from UID 1 (`rescan_on_start`), because a crash
  between the ledger commit and the move leaves mail in the folder below the saved cursor; given `known`
  (which source keys the ledger already holds), mail below the cursor that the ledger has is not
  downloaded again (the file stage moves it by its key alone), so a restart over a folder that keeps
  50,000 processed mails costs one UID SEARCH and one ledger query, not 50,000 downloads;
- a move that fails on a dropped connection is kept and retried after the next reconnect;
- a mail larger than `stream_above` (its RFC822.SIZE) is fetched in pieces into a spool file (`_spool`), so
  the literal is never held whole; smaller mail is fetched in batches as before.

Network trouble never escapes as a socket error: `fetch_new`/`acknowledge` raise `MailboxUnavailable`
and the next attempt waits for an exponential backoff with jitter. `last_success` (wall clock) lets the
daemon tell staff after `outage_notice_minutes`. Passwords and tokens never go into logs.

Threads: the daemon's cycle (fetch_new/acknowledge) and its IDLE thread (wait_for_mail) may use one
ImapInbox at once; IDLE runs on a second connection of its own, the main one is used under a lock.
Folder names in the config use "/" for hierarchy and are translated to the server's separator/prefix.
"""
from __future__ import annotations

import contextlib
import hashlib
import imaplib
import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from mailbot import spool
from mailbot.config import MailboxConfig
from mailbot.transport.backoff import Backoff
from mailbot.transport.base import CursorStore, FetchedMail, Outcome
from mailbot.transport.oauth2 import OAuth2Error, TokenProvider

log = logging.getLogger(__name__)

# what a dropped connection, a dead server or a timeout looks like from imaplib/imapclient
NETWORK_ERRORS: tuple[type[BaseException], ...] = (OSError, imaplib.IMAP4.abort, EOFError)  # incl. TimeoutError


STALE_AFTER_S = 30.0  # an idle connection older than this is checked with NOOP before use


class MailboxUnavailable(Exception):
    """The mailbox cannot be used right now; the daemon keeps running and tries again later.

    `retry_in` is the number of seconds the inbox will wait before its next connection attempt.
    """

    def __init__(self, message: str, retry_in: float = 0.0) -> None:
        super().__init__(message)
        self.retry_in = retry_in


@dataclass
class _PendingMove:
    folder: str
    uidvalidity: int
    uid: int
    outcome: Outcome


def parse_source_key(key: str) -> tuple[str, int, int]:
    """`imap:<folder>:<uidvalidity>:<uid>` -> (folder, uidvalidity, uid); folder may contain ':'."""
    prefix, _, rest = key.partition(":")
    folder, uv, uid = rest.rsplit(":", 2) if rest.count(":") >= 2 else ("", "", "")
    if prefix != "imap" or not folder or not uv.isdigit() or not uid.isdigit():
        raise ValueError(f"not an IMAP source key: {key!r}")
    return folder, int(uv), int(uid)


class ImapInbox:
    """`Inbox` over IMAP with incremental fetch, filing by MOVE, IDLE and reconnect with backoff."""

    def __init__(self, cfg: MailboxConfig, cursors: CursorStore, *, mailbox_name: str | None = None,
                 token_provider: TokenProvider | None = None, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 backoff: Backoff | None = None, rescan_on_start: bool = True,
                 known: Callable[[list[str]], set[str]] | None = None, stream_above: int = 4_000_000,
                 piece_size: int = 1_000_000, spool_dir: Path | None = None) -> None:
        if cfg.security not in ("none", "starttls", "ssl"):
            raise ValueError(f"mailbox.security: {cfg.security!r}")
        if cfg.auth == "xoauth2" and token_provider is None:
            raise ValueError("mailbox.auth = xoauth2 needs a token provider (see mailbot.transport.oauth2)")
        self.cfg = cfg
        self.cursors = cursors
        self.name = mailbox_name or f"{cfg.username}@{cfg.host}"
        self.token_provider = token_provider
        self.clock = clock
        self.wall_clock = wall_clock
        self.sleep = sleep
        # capped at the poll interval: the fetch job already waits that long between attempts, and a longer
        # backoff kept mail from flowing for up to 5 minutes after the server came back
        base = min(2.0, float(cfg.poll_seconds))
        self.backoff = backoff or Backoff(base=base, cap=max(base, min(300.0, float(cfg.poll_seconds))), jitter=0.5)
        self.last_success: float | None = None  # wall clock of the last successful fetch
        self.unavailable_since: float | None = None  # wall clock of the first failure of this outage
        self.last_error: str | None = None
        self._client: IMAPClient | None = None
        self._capabilities: frozenset[str] = frozenset()
        self._delimiter = "/"
        self._prefix = ""
        self._uidvalidity: int | None = None
        self._last_uid = 0
        self._retry_at = 0.0  # monotonic: no connection attempt before this
        self._known_folders: set[str] = set()
        self._pending: list[_PendingMove] = []
        self._cut_off: set[tuple[int, int]] = set()  # (uidvalidity, uid) whose MOVE was interrupted
        self._rescan = rescan_on_start
        self.known = known
        # a mail larger than stream_above bytes is fetched in pieces of piece_size into spool_dir
        self.stream_above = stream_above
        self.piece_size = piece_size
        self.spool_dir = spool_dir
        self._rescan_below = 0  # during a rescan: the saved cursor; mail at or below it may be known
        self._last_used = 0.0
        # fetch/acknowledge (the daemon's cycle) and wait_for_mail (its IDLE thread) run in different
        # threads, so IDLE has a connection of its own and the main connection is used under a lock
        self._lock = threading.RLock()
        self._watch: IMAPClient | None = None
        self._watch_uidvalidity: int | None = None
        self._watch_reported = 0  # highest UID wait_for_mail already said True for
        self._watch_backoff = Backoff(self.backoff.base, self.backoff.cap, self.backoff.jitter, self.backoff.rng)
        self._watch_recovered = False  # the IDLE connection came back after a failure: fetch at once

    # -- connection ------------------------------------------------------------------------
    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.cfg.ca_file)
        if not self.cfg.verify_certificates:
            log.warning("imap %s: certificate verification is switched off (mailbox.verify_certificates)",
                        self.name)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def _open(self, *, watch_only: bool = False) -> IMAPClient:
        """Connect, secure, log in and select the folder; raises network/IMAP errors to the caller.

        watch_only: the IDLE connection, which only EXAMINEs the folder and leaves the cursor alone.
        """
        cfg = self.cfg
        use_ssl = cfg.security == "ssl"
        client = IMAPClient(cfg.host, port=cfg.port, ssl=use_ssl,
                            ssl_context=self._ssl_context() if use_ssl else None,
                            timeout=cfg.timeout_seconds)
        try:
            if cfg.security == "starttls":
                client.starttls(self._ssl_context())
            if cfg.auth == "xoauth2":
                assert self.token_provider is not None
                client.oauth2_login(cfg.username, self.token_provider.token())
            else:
                client.login(cfg.username, cfg.password.get_secret_value())
            self._capabilities = frozenset(c.decode().upper() if isinstance(c, bytes) else str(c).upper()
                                           for c in client.capabilities())
            self._read_namespace(client)
            if watch_only:
                self._examine(client)
            else:
                self._select(client)
        except BaseException:
            _shutdown(client)
            raise
        return client

    def _read_namespace(self, client: IMAPClient) -> None:
        """Config folder names use '/' for hierarchy; servers differ ('.', prefix 'INBOX.')."""
        self._delimiter, self._prefix = "/", ""
        if "NAMESPACE" not in self._capabilities:
            return
        try:
            personal = client.namespace().personal
        except IMAPClientError:
            return
        if personal:
            prefix, delim = personal[0]
            self._prefix = prefix or ""
            if delim:
                self._delimiter = delim

    def server_folder(self, name: str) -> str:
        """The server's name for a configured folder ('SDN/Behandlet' -> 'INBOX.SDN.Behandlet' etc.)."""
        if name.upper() == "INBOX":
            return "INBOX"
        parts = [p for p in name.split("/") if p]
        full = self._delimiter.join(parts)
        if self._prefix and not full.startswith(self._prefix):
            full = self._prefix + full
        return full

    def _select(self, client: IMAPClient) -> None:
        folder = self.server_folder(self.cfg.folder)
        info = client.select_folder(folder)
        uidvalidity = int(info[b"UIDVALIDITY"])
        stored_uv, last_uid = self.cursors.load(self.name, self.cfg.folder)
        if stored_uv is not None and stored_uv != uidvalidity:
            log.warning("imap %s: UIDVALIDITY of %s changed %s -> %s; reading the folder from the start "
                        "(the ledger skips mail it has seen)", self.name, folder, stored_uv, uidvalidity)
            last_uid = 0
        if stored_uv != uidvalidity:
            self.cursors.save(self.name, self.cfg.folder, uidvalidity, 0)
            last_uid = 0
        self._rescan_below = 0 if stored_uv != uidvalidity else self._rescan_below
        if self._rescan:
            self._rescan_below = last_uid
            last_uid = 0  # the saved cursor is kept; see the module docstring
        self._uidvalidity = uidvalidity
        self._last_uid = last_uid

    def _connected(self, sync: bool = False) -> IMAPClient:
        """A usable, selected connection, or MailboxUnavailable (after which the backoff runs).

        sync: SELECT the folder again (once per fetch). Besides proving the connection alive, it makes
        the server show mail that arrived since our last command (a SEARCH alone may not), and it
        reports the current UIDVALIDITY: a folder deleted and re-created under a selected session is
        otherwise invisible to it (Dovecot keeps the old view).
        """
        if self._client is not None:
            if not sync and self.clock() - self._last_used < STALE_AFTER_S:
                self._last_used = self.clock()
                return self._client
            try:
                if sync:
                    self._select(self._client)
                else:
                    self._client.noop()
                self._last_used = self.clock()
                return self._client
            except NETWORK_ERRORS + (IMAPClientError,):
                log.info("imap %s: connection went stale, reconnecting", self.name)
                self._drop()
        now = self.clock()
        if now < self._retry_at:
            raise MailboxUnavailable(
                f"mailbox {self.name} unavailable ({self.last_error}); next attempt in "
                f"{self._retry_at - now:.0f} s", self._retry_at - now)
        try:
            self._client = self._open()
        except LoginError:
            self._fail("login refused (check mailbox.username / password / oauth2)")
        except OAuth2Error as exc:
            self._fail(f"no OAuth2 token: {exc}")
        except ssl.SSLCertVerificationError as exc:
            self._fail(f"TLS certificate not trusted ({exc.verify_message}); see mailbox.ca_file")
        except NETWORK_ERRORS as exc:
            self._fail(f"{type(exc).__name__}: {exc}")
        except IMAPClientError as exc:
            self._fail(f"IMAP error: {exc}")
        self._last_used = self.clock()
        self._on_connected()
        assert self._client is not None
        return self._client

    def _on_connected(self) -> None:
        if self.unavailable_since is not None:
            log.info("imap %s: connected again after an outage", self.name)
        self.backoff.reset()
        self._retry_at = 0.0
        self.unavailable_since = None
        self.last_error = None
        self._flush_pending()

    def _fail(self, reason: str) -> NoReturn:
        """Give up on this attempt: drop the connection, schedule the next one, tell the caller."""
        self._drop()
        delay = self.backoff.next_delay()
        self._retry_at = self.clock() + delay
        self.last_error = reason
        if self.unavailable_since is None:
            self.unavailable_since = self.wall_clock()
        log.warning("imap %s: %s; next attempt in %.1f s", self.name, reason, delay)
        raise MailboxUnavailable(f"mailbox {self.name} unavailable: {reason}", delay)

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            _shutdown(client)

    def outage_notice_due(self) -> bool:
        """True while the mailbox has been unreachable for longer than cfg.outage_notice_minutes."""
        if self.unavailable_since is None:
            return False
        since = self.last_success if self.last_success is not None else self.unavailable_since
        return self.wall_clock() - since >= self.cfg.outage_notice_minutes * 60

    # -- fetching --------------------------------------------------------------------------
    def _new_uids(self, client: IMAPClient) -> list[int]:
        # "n+1:*" always matches the highest UID even when it is <= n (RFC 3501 6.4.8): filter
        found = client.search(["UID", f"{self._last_uid + 1}:*"])
        return sorted(int(u) for u in found if int(u) > self._last_uid)

    def fetch_new(self, settle: Callable[[], None] | None = None) -> Iterator[FetchedMail]:
        """Yield mail above the cursor, oldest first, BODY.PEEK[] so \\Seen stays as it was. `settle` (the
        fetch stage's commit of what it stored) is called before the cursor moves past what was yielded:
        a consumer that commits several mails at once asks for the next one before the last is committed."""
        with self._lock:
            client = self._connected(sync=True)
            try:
                uids = self._new_uids(client)
            except (*NETWORK_ERRORS, IMAPClientError) as exc:
                # a NO/BAD here (e.g. the folder vanished under us) also calls for a fresh connection
                self._fail(f"{type(exc).__name__}: {exc}")
        self.last_success = self.wall_clock()
        self._rescan = False
        assert self._uidvalidity is not None
        uidvalidity = self._uidvalidity
        rescan_below = self._rescan_below if self._last_uid < self._rescan_below else 0
        if rescan_below:
            uids = self._without_known(uids, uidvalidity, rescan_below)
        done = self._last_uid
        try:
            for start in range(0, len(uids), max(1, self.cfg.batch_size)):
                chunk = uids[start:start + max(1, self.cfg.batch_size)]
                with self._lock:
                    # acknowledge may have reconnected meanwhile; UIDs hold while UIDVALIDITY does
                    current = self._client
                    if current is None or self._uidvalidity != uidvalidity:
                        return
                    try:
                        sizes = current.fetch(chunk, ["RFC822.SIZE"])
                        large = {uid for uid in chunk
                                 if int((sizes.get(uid) or {}).get(b"RFC822.SIZE") or 0) > self.stream_above}
                        small = [uid for uid in chunk if uid not in large]
                        data = current.fetch(small, ["BODY.PEEK[]"]) if small else {}
                    except (*NETWORK_ERRORS, IMAPClientError) as exc:
                        self._fail(f"{type(exc).__name__}: {exc}")
                for uid in chunk:
                    key = f"imap:{self.cfg.folder}:{uidvalidity}:{uid}"
                    if uid in large:
                        with self._lock:
                            current = self._client
                            if current is None or self._uidvalidity != uidvalidity:
                                return
                            mail: FetchedMail | None = self._spool(current, uid, key)
                    else:
                        raw = (data.get(uid) or {}).get(b"BODY[]")
                        mail = FetchedMail(source_key=key, raw=bytes(raw)) if raw is not None else None
                    if mail is not None:
                        try:
                            yield mail
                        finally:
                            mail.discard()
                    # reached only when the consumer asks for more: this mail's handling is over
                    done = uid
                if settle is not None:
                    settle()
                self._advance(uidvalidity, done)
                self.last_success = self.wall_clock()
            if rescan_below:  # the rescan is complete: what it skipped is the ledger's
                done = max(done, rescan_below)
                self._rescan_below = 0
        finally:
            if settle is not None:
                settle()  # raises when the commit fails: then the cursor stays where it was
            self._advance(uidvalidity, done)

    def _spool(self, client: IMAPClient, uid: int, key: str) -> FetchedMail | None:
        """Fetch a large mail in pieces (`BODY.PEEK[]<offset.size>`) into a spool file, hashing as it
        goes: the daemon never holds the whole literal (imaplib and imapclient would keep it two or three
        times over). Ends at the first short piece, so a server's inexact RFC822.SIZE does not matter."""
        piece = max(4096, self.piece_size)
        digest = hashlib.sha256()
        fd, name = spool.temp_file(self.spool_dir, spool.FETCH)  # named by this process: swept if it is killed
        offset = 0
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    try:
                        got = client.fetch([uid], [f"BODY.PEEK[]<{offset}.{piece}>"])
                    except (*NETWORK_ERRORS, IMAPClientError) as exc:
                        self._fail(f"{type(exc).__name__}: {exc}")
                    fields = got.get(uid) or {}
                    data = next((v for k, v in fields.items() if isinstance(k, bytes) and k.startswith(b"BODY[]")),
                                None)
                    if data is None:
                        if offset == 0:  # gone meanwhile (expunged by someone else)
                            os.unlink(name)
                            return None
                        break
                    data = bytes(data)
                    out.write(data)
                    digest.update(data)
                    offset += len(data)
                    if len(data) < piece:
                        break
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
        log.info("imap %s: uid %s fetched in pieces (%d bytes)", self.name, uid, offset)
        return FetchedMail(source_key=key, path=Path(name), sha256=digest.hexdigest())

    def _without_known(self, uids: list[int], uidvalidity: int, below: int) -> list[int]:
        """Drop UIDs at or below the saved cursor whose mail the ledger already holds (no download)."""
        if self.known is None:
            return uids
        keys = {uid: f"imap:{self.cfg.folder}:{uidvalidity}:{uid}" for uid in uids if uid <= below}
        if not keys:
            return uids
        try:
            held = self.known(list(keys.values()))
        except Exception:  # noqa: BLE001 - the ledger unreadable: download them, as without `known`
            log.warning("imap %s: could not ask the ledger which mail it holds; reading the folder in full",
                        self.name, exc_info=True)
            return uids
        return [uid for uid in uids if uid > below or keys[uid] not in held]

    def _advance(self, uidvalidity: int, uid: int) -> None:
        if uidvalidity == self._uidvalidity and uid > self._last_uid:
            self._last_uid = uid
            stored_uv, stored_uid = self.cursors.load(self.name, self.cfg.folder)
            if stored_uv != uidvalidity or uid > stored_uid:
                self.cursors.save(self.name, self.cfg.folder, uidvalidity, uid)

    # -- filing ----------------------------------------------------------------------------
    def _target(self, outcome: Outcome) -> str:
        return {"processed": self.cfg.processed_folder, "needs_attention": self.cfg.needs_attention_folder,
                "failed": self.cfg.failed_folder}[outcome]

    def acknowledge(self, mail: FetchedMail, outcome: Outcome) -> None:
        """File the mail in the outcome's folder; raises MailboxUnavailable if the server is gone
        (the move is then retried after the next reconnect)."""
        self.acknowledge_all([mail], outcome)

    def acknowledge_all(self, mails: list[FetchedMail], outcome: Outcome) -> None:
        """File several mails of one outcome with one UID MOVE of their UID set (one round trip instead of
        one a mail); like `acknowledge` otherwise, which a mail whose earlier move was cut off still takes
        alone. Raises MailboxUnavailable if the server is gone (the moves are then retried after the next
        reconnect)."""
        moves = [_PendingMove(*parse_source_key(m.source_key), outcome) for m in mails]
        with self._lock:
            try:
                client = self._connected()
            except MailboxUnavailable:
                self._pending.extend(moves)
                raise
            alone = [m for m in moves if (m.uidvalidity, m.uid) in self._cut_off or m.folder != self.cfg.folder
                     or m.uidvalidity != self._uidvalidity]
            together = [m for m in moves if m not in alone]
            try:
                if together:
                    self._move_set(client, [m.uid for m in together], outcome)
                for move in alone:
                    together.append(move)  # counted as in hand below, should the network fail now
                    self._move(client, move)
            except (*NETWORK_ERRORS, IMAPClientError) as exc:
                # kept and retried after the next (re)connect; the mails stay in the folder meanwhile
                self._pending.extend(moves)
                self._cut_off.update((m.uidvalidity, m.uid) for m in together)
                self._fail(f"{type(exc).__name__} while filing mail: {exc}")

    def _move_set(self, client: IMAPClient, uids: list[int], outcome: Outcome) -> None:
        target = self.server_folder(self._target(outcome))
        self._ensure_folder(client, target)
        if "MOVE" in self._capabilities:
            client.move(uids, target)
        else:
            client.copy(uids, target)
            client.delete_messages(uids)
            if "UIDPLUS" in self._capabilities:
                client.uid_expunge(uids)
            else:
                client.expunge()
        log.info("imap %s: %d mails filed in %s (%s): uids %s", self.name, len(uids), target, outcome,
                 ",".join(map(str, uids)))

    def _move(self, client: IMAPClient, move: _PendingMove) -> None:
        if move.folder != self.cfg.folder or move.uidvalidity != self._uidvalidity:
            log.warning("imap %s: not filing %s:%s:%s: the folder was rebuilt (UIDVALIDITY now %s); it will be "
                        "seen again and the ledger recognises it", self.name, move.folder, move.uidvalidity,
                        move.uid, self._uidvalidity)
            return
        target = self.server_folder(self._target(move.outcome))
        self._ensure_folder(client, target)
        if (move.uidvalidity, move.uid) in self._cut_off and self._already_copied(client, move.uid, target):
            # the earlier attempt copied it before the connection or the server died: only remove it here
            client.delete_messages([move.uid])
            self._expunge(client, move.uid)
        elif "MOVE" in self._capabilities:
            client.move([move.uid], target)
        else:
            client.copy([move.uid], target)
            client.delete_messages([move.uid])
            self._expunge(client, move.uid)
        self._cut_off.discard((move.uidvalidity, move.uid))
        log.info("imap %s: uid %s filed in %s (%s)", self.name, move.uid, target, move.outcome)

    def _expunge(self, client: IMAPClient, uid: int) -> None:
        if "UIDPLUS" in self._capabilities:
            client.uid_expunge([uid])
        else:
            # plain EXPUNGE also removes other mail flagged \Deleted in the folder; without UIDPLUS
            # there is no narrower way, and a bot-owned intake folder holds nothing else deleted
            client.expunge()

    def _already_copied(self, client: IMAPClient, uid: int, target: str) -> bool:
        """Whether the target folder already holds this mail (by Message-ID).

        A MOVE is copy-then-expunge inside the server: one cut off by a dropped connection or a server
        that died (Dovecot killed mid-MOVE does this) can leave the mail in both folders, and moving it
        again would file it twice. Only asked for a move whose earlier attempt was cut off.
        """
        data = client.fetch([uid], ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        header = bytes((data.get(uid) or {}).get(b"BODY[HEADER.FIELDS (MESSAGE-ID)]") or b"")
        message_id = header.decode("ascii", "replace").partition(":")[2].strip()
        if not message_id:
            return False
        client.select_folder(target, readonly=True)
        try:
            found = client.search(["HEADER", "Message-ID", message_id])
        finally:
            info = client.select_folder(self.server_folder(self.cfg.folder))
            if int(info[b"UIDVALIDITY"]) != self._uidvalidity:
                self._select(client)
        return bool(found)

    def _ensure_folder(self, client: IMAPClient, folder: str) -> None:
        if folder in self._known_folders:
            return
        if not client.folder_exists(folder):
            try:
                client.create_folder(folder)
                client.subscribe_folder(folder)
            except IMAPClientError:
                if not client.folder_exists(folder):  # created meanwhile by someone else is fine
                    raise
        self._known_folders.add(folder)

    def _flush_pending(self) -> None:
        pending, self._pending = self._pending, []
        client = self._client
        for i, move in enumerate(pending):
            if client is None:
                self._pending.extend(pending[i:])
                return
            try:
                self._move(client, move)
            except NETWORK_ERRORS:
                self._cut_off.add((move.uidvalidity, move.uid))
                self._pending.extend(pending[i:])
                return
            except IMAPClientError as exc:
                log.error("imap %s: could not file uid %s: %s", self.name, move.uid, exc)

    # -- waiting ---------------------------------------------------------------------------
    def wait_for_mail(self, timeout_s: float) -> bool:
        """Block until new mail arrived (True) or timeout_s passed (False); thread-safe beside fetch_new.

        "New" means a UID above both the fetch cursor and what an earlier call already reported, so a
        mail the pipeline leaves in the folder wakes the daemon once, not in a busy loop. Uses IDLE on a
        connection of its own when the server offers it (re-issued every cfg.idle_seconds, under the
        30-minute limit of RFC 2177), else looks every cfg.poll_seconds. Never raises for network
        trouble: it waits out a backoff instead and fetch_new reports the outage.
        """
        deadline = self.clock() + max(0.0, timeout_s)
        try:
            client = self._watch_connection()
            if self._watch_recovered:
                self._watch_recovered = False
                return True  # the server is back: fetch now, not at the end of a backoff
            if self._arrived(client):
                return True
            if self.cfg.idle and "IDLE" in self._capabilities:
                return self._idle(client, deadline)
            while True:
                remaining = deadline - self.clock()
                if remaining <= 0:
                    return False
                self.sleep(min(remaining, float(self.cfg.poll_seconds)))
                client.noop()  # lets the server show mail that came meanwhile
                if self._arrived(client):
                    return True
        except (*NETWORK_ERRORS, IMAPClientError, OAuth2Error) as exc:
            self._drop_watch()
            delay = self._watch_backoff.next_delay()
            log.info("imap %s: waiting for mail failed (%s: %s); waiting %.1f s", self.name,
                     type(exc).__name__, exc, min(delay, max(0.0, deadline - self.clock())))
            self.sleep(max(0.0, min(delay, deadline - self.clock())))
            return False

    def _watch_connection(self) -> IMAPClient:
        if self._watch is None:
            self._watch = self._open(watch_only=True)
            if self._watch_backoff.attempts or self._retry_at:
                # a successful reconnect cuts the fetch side's backoff short too
                self._watch_recovered = True
                self.backoff.reset()
                self._retry_at = 0.0
            self._watch_backoff.reset()
        else:  # EXAMINE again: current UIDVALIDITY and a view that includes the latest mail
            self._examine(self._watch)
        return self._watch

    def _examine(self, client: IMAPClient) -> None:
        info = client.select_folder(self.server_folder(self.cfg.folder), readonly=True)
        uidvalidity = int(info[b"UIDVALIDITY"])
        if uidvalidity != self._watch_uidvalidity:
            self._watch_reported = 0
        self._watch_uidvalidity = uidvalidity

    def _arrived(self, client: IMAPClient) -> bool:
        known = self._watch_reported
        if self._watch_uidvalidity is not None and self._watch_uidvalidity == self._uidvalidity:
            known = max(known, self._last_uid)
        found = client.search(["UID", f"{known + 1}:*"])
        newest = max((int(u) for u in found), default=0)
        if newest > known:
            self._watch_reported = newest
            return True
        return False

    def _idle(self, client: IMAPClient, deadline: float) -> bool:
        """IDLE in rounds of at most cfg.idle_seconds; within a round, keepalives ("OK Still here") are
        ignored and EXISTS/RECENT end it early. After every round a SEARCH decides, so mail that
        slipped in between two rounds is not missed."""
        while True:
            round_end = min(deadline, self.clock() + float(self.cfg.idle_seconds))
            client.idle()
            try:
                while True:
                    remaining = round_end - self.clock()
                    if remaining <= 0 or _announces_mail(client.idle_check(timeout=remaining)):
                        break
            finally:
                client.idle_done()
            if self._arrived(client):
                return True
            if self.clock() >= deadline:
                return False

    def _drop_watch(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None:
            _shutdown(watch)

    def close(self) -> None:
        """Log out of both connections; a dead connection is simply dropped."""
        self._drop_watch()  # also wakes a wait_for_mail blocked in IDLE in another thread
        with self._lock:
            client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except NETWORK_ERRORS + (IMAPClientError,):
            _shutdown(client)

    def __enter__(self) -> ImapInbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _announces_mail(responses: object) -> bool:
    """Whether untagged IDLE responses include EXISTS or RECENT (new mail, in IMAP's words)."""
    if not isinstance(responses, list):
        return False
    return any(isinstance(r, tuple) and len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT") for r in responses)


def _shutdown(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:  # noqa: BLE001 - the socket is being thrown away anyway
        pass
