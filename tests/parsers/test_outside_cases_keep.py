"""The whole-cases harness (bench/outside/cases.py) run twice into one `--keep` folder: the second run replays
onto a fresh database and outbox, so it reports what its own run did, not the mails of the run before."""
from __future__ import annotations

import random
import sys
from pathlib import Path

from bench.outside.cases import CaseSpec, Clock, Step, _inquiry, replay_all
from bench.outside.people import party


def _inquiry_only() -> CaseSpec:
    rng = random.Random(5)
    p = party(rng, "region", "da")
    return CaseSpec("c01-inquiry", "thread", p, [], [Step(Clock(rng).t, "inquiry", _inquiry(p),
                                                          expect=("starter_pack",))], "awaiting_agreements")


def test_a_second_run_into_the_same_folder_replays_on_a_fresh_data_directory(tmp_path: Path) -> None:
    spec = _inquiry_only()
    bot = [sys.executable, "-m", "mailbot"]
    docs, work = tmp_path / "documents", tmp_path / "cases"
    (docs / spec.name).mkdir(parents=True)
    (docs / spec.name / "kept.pdf").write_bytes(b"%PDF-1.4\n")  # a kept document: not the harness's to clear
    first = replay_all([spec], docs, work, bot, jobs=1)[0]
    assert first.error is None and first.party_mails == ["0:starter_pack"]
    sent_once = sorted(f.name for f in (work / spec.name / "outbox").glob("*.eml"))
    second = replay_all([spec], docs, work, bot, jobs=1)[0]
    # the last run's case and its starter pack are not this run's: one inquiry, one starter pack, one case
    assert second.error is None and second.party_mails == ["0:starter_pack"]
    assert second.state == "awaiting_agreements" and not second.faults
    assert len(list((work / spec.name / "outbox").glob("*.eml"))) == len(sent_once)
    assert (docs / spec.name / "kept.pdf").exists()
