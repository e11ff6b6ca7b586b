"""An OAuth2 token endpoint on loopback (http.server), so token code is tested over real HTTP(S).

It speaks just enough of Entra ID for MSAL (OpenID metadata + client_credentials) and of RFC 6749 for
the refresh-token grant, rotating the refresh token on every use like Microsoft and Google do.
"""
from __future__ import annotations

import json
import ssl
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class TokenEndpoint:
    """POST {base}/token and GET {base}/v2.0/.well-known/openid-configuration; state is inspectable."""

    def __init__(self, *, refresh_token: str = "rt-0", expires_in: int = 3600,
                 cert_file: Path | None = None, key_file: Path | None = None) -> None:
        self.valid_refresh = {refresh_token}
        self.expires_in = expires_in
        self.rotate = True
        self.fail_status: int | None = None  # answer every token request with this HTTP status
        self.requests: list[dict[str, str]] = []
        self._n = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                if not self.path.endswith("/.well-known/openid-configuration"):
                    return self._json(404, {"error": "not_found"})
                tenant = self.path.split("/")[1]
                root = f"{owner.base_url}/{tenant}"
                return self._json(200, {"token_endpoint": f"{root}/oauth2/v2.0/token",
                                        "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
                                        "issuer": f"{root}/v2.0"})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}
                owner.requests.append(form)
                status, body = owner._answer(form)
                self._json(status, body)

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if cert_file and key_file:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(cert_file), str(key_file))
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, name="token-endpoint", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    def _answer(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if self.fail_status:
            return self.fail_status, {"error": "temporarily_unavailable"}
        self._n += 1
        grant = form.get("grant_type")
        if grant == "client_credentials":
            return 200, {"access_token": f"cc-{self._n}", "expires_in": self.expires_in, "token_type": "Bearer"}
        if grant == "refresh_token":
            if form.get("refresh_token") not in self.valid_refresh:
                return 400, {"error": "invalid_grant", "error_description": "refresh token revoked"}
            body: dict[str, Any] = {"access_token": f"at-{self._n}", "expires_in": self.expires_in,
                                    "token_type": "Bearer"}
            if self.rotate:
                new = f"rt-{self._n}"
                self.valid_refresh = {new}  # the old one is spent
                body["refresh_token"] = new
            return 200, body
        return 400, {"error": "unsupported_grant_type"}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> TokenEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
