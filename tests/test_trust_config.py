"""[trust] authserv_ids and secrets in configuration errors (pure)."""
from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.config import ConfigError, from_dict
from mailbot.trust import unverified_warning


def test_authserv_ids_are_read_and_the_warning_follows_them(tmp_path: Path) -> None:
    cfg = from_dict({"trust": {"authserv_ids": ["MX1.medcom.example", "mx2.medcom.example"]}}, tmp_path, {})
    assert cfg.trust.authserv_ids == ("mx1.medcom.example", "mx2.medcom.example")
    assert unverified_warning(cfg) is None
    assert "not verified" in (unverified_warning(from_dict({}, tmp_path, {})) or "")


@pytest.mark.parametrize("url", ["postgresql+psycopg//sdn:Hemmelig-123@db.example/sdn",
                                 "postgresql+psycopg:/sdn:Hemmelig-123@db.example/sdn?password=Hemmelig-123"])
def test_a_malformed_database_url_does_not_print_its_password(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError) as err:
        from_dict({"database": {"url": url}}, tmp_path, {})
    assert "Hemmelig-123" not in str(err.value) and "db.example" in str(err.value)
