"""The staff view's sign-in parts on a real SQLite database, the rate limit, and [web] configuration."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from mailbot.clock import parse_now
from mailbot.config import ConfigError, from_dict
from mailbot.core.readings import FormFields, Problem
from mailbot.core.vocabulary import ProblemCode
from mailbot.store.db import make_engine, migrate
from mailbot.web import auth
from mailbot.web.app import read_corrections
from mailbot.web.queries import form_rows

NOW = parse_now("2026-11-20T10:00:00+01:00")
STAFF = ("anne.staff@medcom.example",)


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    e = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    migrate(e)
    return e


def test_a_link_works_once_within_fifteen_minutes(engine) -> None:  # type: ignore[no-untyped-def]
    signer = auth.Signer(auth.load_secret(engine))
    assert auth.load_secret(engine) == signer.key  # made once, then shared
    token = auth.issue_link(engine, signer, STAFF[0], NOW)
    assert auth.use_link(engine, signer, token, NOW + timedelta(minutes=16)) is None  # too late
    assert auth.use_link(engine, signer, token, NOW + timedelta(minutes=14)) == STAFF[0]
    assert auth.use_link(engine, signer, token, NOW + timedelta(minutes=14)) is None  # used
    other = auth.Signer(b"k" * 32)
    assert auth.use_link(engine, other, auth.issue_link(engine, other, STAFF[0], NOW), NOW) == STAFF[0]
    assert auth.use_link(engine, signer, auth.issue_link(engine, other, STAFF[0], NOW), NOW) is None  # forged


def test_a_session_names_a_configured_staff_member_until_it_expires_or_ends(engine) -> None:  # type: ignore[no-untyped-def]
    signer = auth.Signer(b"s" * 32)
    cookie = auth.make_session(engine, signer, STAFF[0], NOW, 8)
    assert auth.read_session(engine, signer, cookie, NOW, STAFF)[0] == STAFF[0]  # type: ignore[index]
    assert auth.read_session(engine, signer, cookie, NOW + timedelta(hours=9), STAFF) is None
    assert auth.read_session(engine, signer, cookie, NOW, ("bo@medcom.example",)) is None  # removed from staff
    assert auth.read_session(engine, signer, cookie[:-2] + "xx", NOW, STAFF) is None
    assert signer.csrf("a") != signer.csrf("b")
    other = auth.make_session(engine, signer, STAFF[0], NOW, 8)
    auth.end_session(engine, signer, cookie, NOW + timedelta(minutes=5))  # signed out
    assert auth.read_session(engine, signer, cookie, NOW + timedelta(minutes=6), STAFF) is None
    assert auth.read_session(engine, signer, other, NOW + timedelta(minutes=6), STAFF) is not None  # another browser


def test_rate_limit_counts_per_key_within_the_window() -> None:
    limit = auth.RateLimit(2, 60)
    assert limit.allow("a", 0) and limit.allow("a", 1) and not limit.allow("a", 2)
    assert limit.allow("b", 2)
    assert limit.allow("a", 61.5)


def test_the_reading_form_gives_only_changed_values_typed_as_the_reading() -> None:
    form = {"cvr": "29189846", "ip_scopes": [], "installation_address": {"street": "Torvet 1"},
            "org_contact": {"email": "a@b.example"}}
    rows = form_rows(FormFields.model_validate(form), [Problem(code=ProblemCode.UNCERTAIN, field="cvr", message="?")])
    given = {"f:cvr": "29189846", "f:ip_scopes": "10.1.0.0/24, 10.2.0.0/24", "f:org_contact.email": "A@B.example",
             "f:installation_address.city": "Vestby", "ok:cvr": "1"}
    corrections, confirmed = read_corrections(rows, given)
    assert dict(corrections) == {"ip_scopes": ["10.1.0.0/24", "10.2.0.0/24"], "org_contact.email": "a@b.example",
                                 "installation_address.city": "Vestby"}
    assert confirmed == ["cvr"]


def test_web_section() -> None:
    web = from_dict({"web": {"bind": "0.0.0.0", "port": 9000, "base_url": "https://sdn.example/",
                             "trusted_proxy_header": "X-Remote-User"}}).web
    assert (web.bind, web.port, web.base_url, web.trusted_proxy_header, web.secure) == (
        "0.0.0.0", 9000, "https://sdn.example", "x-remote-user", True)
    assert from_dict({}).web.port == 8025 and not from_dict({}).web.secure
    for bad in ({"port": 0}, {"base_url": "sdn.example"}, {"trusted_proxy_header": "X: y"}):
        with pytest.raises(ConfigError, match="web"):
            from_dict({"web": bad})
