"""The outside check's third hand (bench/outside/render_reportlab.py): every layout draws a PDF whose text
shows its truth, in turn through the form and agreement layouts, with a page stored turned (/Rotate) among
the letterhead forms. The reader's figures on these documents are measured by `run.py --tools reportlab`."""
from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest

from bench.outside import render_reportlab as rl
from bench.outside.generate import plan, render_all


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("reportlab")
    return render_all(plan(14, seed=3, tool_names=["reportlab"]), out, seed=3)


def test_every_layout_is_drawn_and_shows_its_truth(made: list[Path]) -> None:
    layouts = set()
    for pdf in made:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        meta = truth["_outside"]
        assert meta["tool"] == "reportlab"
        layouts.add("rl-" + meta["layout"].split("rl-", 1)[1])
        with pdfplumber.open(pdf) as doc:
            text = " ".join((p.extract_text() or "") for p in doc.pages)
        fields = truth["documents"][0]["fields"]
        assert fields["organisation"] in text
        assert fields["cvr"] in text.replace(" ", "")
    assert {"rl-boxes", "rl-runs", "rl-platypus", "rl-letterhead"} <= layouts
    assert {"rl-agr-canvas", "rl-agr-platypus", "rl-agr-evidence"} <= layouts


def test_a_letterhead_form_has_one_page_turned(made: list[Path]) -> None:
    turned = []
    for pdf in made:
        if "rl-letterhead" not in pdf.with_suffix(".truth.json").read_text(encoding="utf-8"):
            continue
        with pdfplumber.open(pdf) as doc:
            turned.append([int(p.rotation) % 360 for p in doc.pages])
    assert turned and all(r.count(90) == 1 and len(r) == 4 for r in turned)


def test_the_plan_draws_only_for_reportlab() -> None:
    """Other tools' plans are as they were: no reportlab document among them."""
    assert not any(isinstance(d, rl.RLDocument) for _, d in plan(6, seed=3, tool_names=["pdftk", "chromium"]))
