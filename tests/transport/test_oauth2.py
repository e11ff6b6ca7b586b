"""Token providers against a token endpoint on loopback (tests/servers/oauth2_endpoint.py)."""
from __future__ import annotations

import base64
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mailbot.config import OAuth2Config
from mailbot.transport.oauth2 import (
    FileSecretStore,
    MemorySecretStore,
    MsalClientCredentials,
    OAuth2Error,
    OAuth2Unavailable,
    RefreshTokenProvider,
    make_token_provider,
    xoauth2_string,
)
from tests.servers._util import free_port, make_tls_files
from tests.servers.oauth2_endpoint import TokenEndpoint


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def endpoint() -> Iterator[TokenEndpoint]:
    with TokenEndpoint(refresh_token="rt-0", expires_in=3600) as ep:
        yield ep


def rt_cfg(ep: TokenEndpoint, **kw: str) -> OAuth2Config:
    return OAuth2Config(provider="refresh_token", client_id="cid", client_secret="csecret",
                        refresh_token=kw.get("refresh_token", "rt-0"), token_url=ep.token_url,
                        scope="https://outlook.office365.com/IMAP.AccessAsUser.All offline_access")


def test_xoauth2_string_format() -> None:
    s = xoauth2_string("sdn@medcom.example", "abc.def")
    assert s == "user=sdn@medcom.example\x01auth=Bearer abc.def\x01\x01"
    # what goes on the wire is its base64, as RFC/Google/Microsoft document it
    assert base64.b64encode(s.encode()).decode() == (
        "dXNlcj1zZG5AbWVkY29tLmV4YW1wbGUBYXV0aD1CZWFyZXIgYWJjLmRlZgEB")


def test_refresh_token_rotation_is_persisted(endpoint: TokenEndpoint, tmp_path: Path) -> None:
    store = FileSecretStore(tmp_path / "secrets" / "refresh-token")
    clock = Clock()
    provider = RefreshTokenProvider(rt_cfg(endpoint), store, clock=clock)
    assert provider.token() == "at-1"
    assert store.load() == "rt-1"
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    form = endpoint.requests[0]
    assert form["grant_type"] == "refresh_token" and form["refresh_token"] == "rt-0"
    assert form["client_id"] == "cid" and form["client_secret"] == "csecret"
    # a restarted bot uses the rotated token from the store, not the spent one in the config
    again = RefreshTokenProvider(rt_cfg(endpoint), store, clock=clock)
    assert again.token() == "at-2"
    assert endpoint.requests[1]["refresh_token"] == "rt-1"
    assert store.load() == "rt-2"


def test_access_token_is_cached_and_renewed_a_minute_before_expiry(endpoint: TokenEndpoint) -> None:
    clock = Clock()
    provider = RefreshTokenProvider(rt_cfg(endpoint), MemorySecretStore(), clock=clock)
    assert provider.token() == "at-1"
    clock.now += 3600 - 61
    assert provider.token() == "at-1"
    assert len(endpoint.requests) == 1
    clock.now += 2  # 59 s left: renew now rather than log in with a dying token
    assert provider.token() == "at-2"
    assert len(endpoint.requests) == 2


def test_revoked_refresh_token_is_a_clear_error(endpoint: TokenEndpoint,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    provider = RefreshTokenProvider(rt_cfg(endpoint, refresh_token="rt-stolen-XYZ"), MemorySecretStore())
    with pytest.raises(OAuth2Error, match="invalid_grant") as info:
        provider.token()
    assert not isinstance(info.value, OAuth2Unavailable)
    assert "rt-stolen-XYZ" not in str(info.value) and "csecret" not in str(info.value)
    assert "rt-stolen-XYZ" not in caplog.text


def test_server_trouble_is_temporary(endpoint: TokenEndpoint) -> None:
    endpoint.fail_status = 503
    with pytest.raises(OAuth2Unavailable, match="temporarily_unavailable"):
        RefreshTokenProvider(rt_cfg(endpoint), MemorySecretStore()).token()
    cfg = OAuth2Config(provider="refresh_token", client_id="c", refresh_token="r",
                       token_url=f"http://127.0.0.1:{free_port()}/token")
    with pytest.raises(OAuth2Unavailable, match="unreachable"):
        RefreshTokenProvider(cfg, MemorySecretStore(), timeout_s=5).token()


def test_no_rotation_keeps_the_stored_token(endpoint: TokenEndpoint) -> None:
    endpoint.rotate = False
    store = MemorySecretStore()
    assert RefreshTokenProvider(rt_cfg(endpoint), store).token() == "at-1"
    assert store.secret is None  # nothing new to save; the config's token stays in use


def test_file_store_replaces_atomically(tmp_path: Path) -> None:
    store = FileSecretStore(tmp_path / "rt")
    assert store.load() is None
    store.save("one")
    store.save("two")
    assert store.load() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["rt"]  # no temporary files left behind


def test_msal_client_credentials_over_https(tmp_path: Path) -> None:
    tls = make_tls_files(tmp_path / "tls")
    with TokenEndpoint(expires_in=3600, cert_file=tls.cert_file, key_file=tls.key_file) as ep:
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would override verify
        session.verify = str(tls.ca_file)
        clock = Clock()
        cfg = OAuth2Config(provider="msal", tenant="tenant1", client_id="cid", client_secret="csecret")
        provider = MsalClientCredentials(cfg, authority=f"{ep.base_url}/tenant1", http_client=session,
                                         clock=clock)
        assert provider.token() == "cc-1"
        assert provider.token() == "cc-1"
        form = ep.requests[0]
        assert form["grant_type"] == "client_credentials"
        assert form["scope"] == "https://outlook.office365.com/.default"
        assert len(ep.requests) == 1
        clock.now += 3600  # our cache says expired; MSAL's own cache may still answer
        assert provider.token().startswith("cc-")


class FakeMsalApp:
    def __init__(self, results: list[dict[str, object]]) -> None:
        self.results = results
        self.calls = 0

    def acquire_token_for_client(self, scopes: list[str]) -> dict[str, object]:
        self.calls += 1
        return self.results.pop(0)


def test_msal_refreshes_before_expiry_and_reports_errors() -> None:
    clock = Clock()
    app = FakeMsalApp([{"access_token": "a1", "expires_in": 600}, {"access_token": "a2", "expires_in": 600},
                       {"error": "invalid_client", "error_description": "AADSTS7000215: bad secret"}])
    cfg = OAuth2Config(client_id="cid", client_secret="s3cr3t")
    provider = MsalClientCredentials(cfg, app=app, clock=clock)
    assert provider.token() == "a1"
    clock.now += 500
    assert provider.token() == "a1"
    clock.now += 50  # 50 s left
    assert provider.token() == "a2"
    clock.now += 600
    with pytest.raises(OAuth2Error, match="invalid_client") as info:
        provider.token()
    assert "s3cr3t" not in str(info.value)
    assert app.calls == 3


def test_factory_picks_the_provider(endpoint: TokenEndpoint) -> None:
    assert isinstance(make_token_provider(OAuth2Config(client_id="c")), MsalClientCredentials)
    assert isinstance(make_token_provider(rt_cfg(endpoint), MemorySecretStore()), RefreshTokenProvider)
    with pytest.raises(OAuth2Error):
        make_token_provider(rt_cfg(endpoint))
