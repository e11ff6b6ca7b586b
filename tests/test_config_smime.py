"""`[smime]`: MedCom's key and certificate for encrypted mail, and the container budgets in `[limits]`."""
from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.config import ConfigError, from_dict, secrets_of
from mailbot.pipeline.parse import budgets


def test_smime_paths_are_from_the_config_folder_and_the_password_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "key.pem").write_text("k")
    (tmp_path / "cert.pem").write_text("c")
    cfg = from_dict({"smime": {"key_file": "key.pem", "cert_file": "cert.pem", "password_env": "SMIME_PW"}},
                    base=tmp_path, env={"SMIME_PW": "hemmeligt-kodeord"})
    assert cfg.smime.key_file == str(tmp_path / "key.pem") and cfg.smime.cert_file == str(tmp_path / "cert.pem")
    assert cfg.smime.password.get_secret_value() == "hemmeligt-kodeord"
    assert "hemmeligt-kodeord" in secrets_of(cfg)  # blanked wherever it turns up in the log


@pytest.mark.parametrize(("smime", "says"), [
    ({"key_file": "key.pem"}, "named together"),
    ({"key_file": "nowhere.pem", "cert_file": "cert.pem"}, "smime.key_file"),
])
def test_smime_errors_name_the_key(tmp_path: Path, smime: dict[str, str], says: str) -> None:
    (tmp_path / "cert.pem").write_text("c")
    with pytest.raises(ConfigError, match=says):
        from_dict({"smime": smime}, base=tmp_path)


def test_container_limits_reach_the_parse_budgets(tmp_path: Path) -> None:
    cfg = from_dict({"limits": {"max_archive_depth": 2, "max_unpacked_bytes": 1000, "max_archive_ratio": 7}},
                    base=tmp_path)
    b = budgets(cfg.limits)
    assert (b.max_archive_depth, b.max_unpacked_bytes, b.max_archive_ratio) == (2, 1000, 7)
