"""A real Dovecot IMAP server on loopback for the tests, installed from Debian when missing.

Why real: MOVE/UIDPLUS/IDLE/UIDVALIDITY/modified-UTF-7 behaviour is where IMAP code breaks, and a fake
server would only agree with our own misunderstandings.

Facts this encodes (Dovecot 2.3 on Debian 12, run as root):
- login processes run as `dovenull`, mail processes must not be uid 0: mail belongs to `nobody`;
- the hierarchy separator is "/" by default (as on Exchange); with "." (Dovecot's Maildir default)
  "SDN/Behandlet" in our config must become "SDN.Behandlet" on the server -- a test proves it;
- unix sockets live in `base_dir`, whose path must be short (/tmp/dvXXXX/r);
- users are kept in one passwd-file each (path with %u), so each test can have a fresh user (a fresh
  mailbox) without a restart;
- XOAUTH2/OAUTHBEARER are checked by Dovecot's oauth2 passdb against a token introspection endpoint
  that this module serves itself on loopback (tokens are registered with `add_token`).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.servers._util import (
    TlsFiles,
    apt_install,
    chown_tree,
    free_port,
    make_tls_files,
    wait_for_port,
    wait_port_closed,
)

DOVECOT = Path("/usr/sbin/dovecot")
MAIL_USER = "nobody"
MAIL_GROUP = "nogroup"


def ensure_installed() -> None:
    """Install dovecot-imapd from Debian when the binary is missing (fresh CI machine)."""
    if not DOVECOT.exists():
        apt_install("dovecot-imapd")
    if not DOVECOT.exists():
        raise RuntimeError("dovecot-imapd installed but /usr/sbin/dovecot is still missing")


class _TokenEndpoint:
    """OAuth2 token introspection (RFC 7662 style) for Dovecot's oauth2 passdb; tokens live in a dict."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}  # token -> username
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                token = (form.get("token") or [""])[0]
                auth = self.headers.get("Authorization", "")
                if not token and auth.lower().startswith("bearer "):
                    token = auth[7:]
                self._answer(token)

            def do_GET(self) -> None:  # noqa: N802
                auth = self.headers.get("Authorization", "")
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                token = auth[7:] if auth.lower().startswith("bearer ") else (query.get("token") or [""])[0]
                self._answer(token)

            def _answer(self, token: str) -> None:
                owner.requests += 1
                user = owner.tokens.get(token)
                body: dict[str, Any] = {"active": "true", "username": user} if user else {"active": "false"}
                data = json.dumps(body).encode()
                self.send_response(200 if user else 401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet tests
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, name="oauth2-introspect",
                                       daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class DovecotServer:
    """One Dovecot instance: plain IMAP (STARTTLS offered) on `port`, implicit TLS on `ssl_port`.

    `ca_file` verifies the server certificate; `other_ca_file` is a CA that must NOT verify it.
    """

    def __init__(self, root: Path | None = None, *, port: int | None = None, ssl_port: int | None = None,
                 separator: str = "/") -> None:
        """separator "/" is what Exchange and the scenario harness use ("INBOX/<scenario>"); "." is
        Dovecot's Maildir default and proves that configured names are translated."""
        ensure_installed()
        # short path: Dovecot's unix sockets must fit in sun_path (108 bytes)
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="dv", dir="/tmp"))
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        self.base_dir = self.root / "r"
        self.home_root = self.root / "home"
        self.passwd_dir = self.root / "passwd.d"
        self.conf_file = self.root / "dovecot.conf"
        self.log_file = self.root / "dovecot.log"
        self.tls: TlsFiles = make_tls_files(self.root / "tls")
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.ssl_port = ssl_port or free_port()
        self.separator = separator
        self._users: dict[str, str] = {}
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._introspect = _TokenEndpoint()
        self.home_root.mkdir(exist_ok=True)
        chown_tree(self.home_root, MAIL_USER, MAIL_GROUP)
        self.passwd_dir.mkdir(exist_ok=True)
        os.chmod(self.passwd_dir, 0o755)
        self._write_config()

    # -- configuration -----------------------------------------------------------------
    @property
    def ca_file(self) -> Path:
        return self.tls.ca_file

    def _write_config(self) -> None:
        oauth2_conf = self.root / "dovecot-oauth2.conf.ext"
        oauth2_conf.write_text(
            f"introspection_url = http://127.0.0.1:{self._introspect.port}/introspect\n"
            "introspection_mode = post\n"
            "username_attribute = username\n"
            "active_attribute = active\n"
            "active_value = true\n"
        )
        dh = Path("/usr/share/dovecot/dh.pem")
        dh_line = f"ssl_dh = <{dh}\n" if dh.exists() else ""
        self.conf_file.write_text(f"""\
# generated by tests/servers/dovecot.py - a throwaway test server, never for production
base_dir = {self.base_dir}
state_dir = {self.root / "state"}
instance_name = dovecot-test-{self.root.name}
log_path = {self.log_file}
info_log_path = {self.log_file}
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.tls.cert_file}
ssl_key = <{self.tls.key_file}
{dh_line}disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:~/Maildir
mail_uid = {MAIL_USER}
mail_gid = {MAIL_GROUP}
first_valid_uid = 1
mailbox_idle_check_interval = 1 secs
imap_idle_notify_interval = 10 secs
login_trusted_networks =
auth_cache_size = 0
auth_failure_delay = 0 secs
shutdown_clients = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd_dir}/%u
  mechanisms = plain login
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {oauth2_conf}
}}
userdb {{
  driver = static
  args = uid={MAIL_USER} gid={MAIL_GROUP} home={self.home_root}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.ssl_port}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  separator = {self.separator}
}}
""")

    # -- users and tokens --------------------------------------------------------------
    def add_user(self, username: str, password: str) -> None:
        """Add a mailbox user, usable at once.

        One passwd-file per user: Dovecot notices a changed passwd-file by its mtime in whole seconds,
        so users added to one shared file within the same second would be refused.
        """
        if "/" in username or username.startswith("."):
            raise ValueError(f"unusable test user name {username!r}")
        with self._lock:
            self._users[username] = password
            tmp = self.passwd_dir / f".{username}.tmp"
            tmp.write_text(f"{username}:{{PLAIN}}{password}\n")
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.passwd_dir / username)

    def add_token(self, token: str, username: str) -> None:
        """Make an OAuth2 access token valid for XOAUTH2/OAUTHBEARER logins as username."""
        self._introspect.tokens[token] = username

    def revoke_token(self, token: str) -> None:
        self._introspect.tokens.pop(token, None)

    def maildir(self, username: str) -> Path:
        """The user's Maildir on disk, for tests that must look behind the server's back."""
        return self.home_root / username / "Maildir"

    # -- life cycle --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start in the foreground mode (-F) as our child, so stopping it is a plain signal."""
        if self.running:
            return
        check = subprocess.run([str(DOVECOT), "-c", str(self.conf_file), "-n"], capture_output=True,
                               text=True)
        if check.returncode != 0:
            raise RuntimeError(f"dovecot rejected its test config:\n{check.stderr}")
        self._proc = subprocess.Popen([str(DOVECOT), "-F", "-c", str(self.conf_file)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      start_new_session=True)
        try:
            wait_for_port(self.port)
            wait_for_port(self.ssl_port)
        except TimeoutError as exc:
            self.stop()
            raise RuntimeError(f"dovecot did not start: {exc}\n{self.log_tail()}") from exc

    def stop(self, timeout_s: float = 1.0) -> None:
        """Stop the server and wait until its ports are closed.

        SIGTERM first, but Dovecot's master takes ~6 s to exit on it, so after `timeout_s` the whole
        process group is killed; mail is already on disk (imap processes write it synchronously).
        """
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                pass
        # the master leaves logged-in imap processes running; a server that "goes down" in a test
        # must drop its clients, so end every process of this instance (its own process group)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if proc.poll() is None:
            proc.wait(timeout=5)
        if proc.stderr:
            proc.stderr.close()
        wait_port_closed(self.port)
        wait_port_closed(self.ssl_port)
        time.sleep(0.1)  # let child processes of the master drop their sockets in base_dir

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no dovecot log)"

    def close(self) -> None:
        """Stop the server and remove every file it had."""
        self.stop()
        self._introspect.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> DovecotServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main() -> None:
    """`python -m tests.servers.dovecot [--port 10143] --user sdn --password sdn-test`: run until SIGTERM.

    Prints one JSON line (host, ports, ca_file, root) once the server accepts connections.
    """
    import argparse

    parser = argparse.ArgumentParser(description="a throwaway Dovecot for tests and the scenario harness")
    parser.add_argument("--port", type=int, default=None, help="plain IMAP port (default: a free one)")
    parser.add_argument("--ssl-port", type=int, default=None, help="implicit TLS port (default: a free one)")
    parser.add_argument("--separator", default="/", choices=("/", "."))
    parser.add_argument("--user", default="sdn")
    parser.add_argument("--password", default="sdn-test")
    args = parser.parse_args()
    server = DovecotServer(port=args.port, ssl_port=args.ssl_port, separator=args.separator)
    server.add_user(args.user, args.password)
    server.start()
    print(json.dumps({"host": server.host, "port": server.port, "ssl_port": server.ssl_port,
                      "ca_file": str(server.ca_file), "root": str(server.root)}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()
