"""`make demo`'s main job: a municipality from inquiry to connected on the embedded defaults."""
from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.demo import run_demo


def test_demo_reaches_connected_and_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(tmp_path / "demo") == 0
    out = capsys.readouterr().out
    for step in ("starter_pack", "information_form_request", "tdc_order", "forwarded_to_tdc",
                 "installation_confirmed", "connected"):
        assert f"-> {step}" in out
    assert "demo finished: the case is connected" in out and "installation 2027-01-14" in out
    assert len(list((tmp_path / "demo" / "outbox").glob("*.eml"))) >= 7
