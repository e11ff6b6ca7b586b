"""The outside check's harness (bench/outside): its documents are made by a real tool, carry truth that
matches what the PDF shows, and its scorer calls a wrong reading wrong. The reader's figures on them
are measured by `make bench`, not asserted here."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pdfplumber
import pytest

from bench.outside import tools
from bench.outside.generate import plan, render_all
from bench.outside.score import compare


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("outside")
    return render_all(plan(4, seed=7, tool_names=["pdftk"]), out, seed=7)


def test_each_document_shows_its_truth(made: list[Path]) -> None:
    """The truth's values are on the page (so a reading that finds them can score right)."""
    assert len(made) == 4
    for pdf in made:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        assert truth["_outside"]["tool"] == "pdftk"
        with pdfplumber.open(pdf) as doc:
            text = " ".join((p.extract_text() or "") for p in doc.pages)
            assert not doc.pages[0].annots, "pdftk flattened the form: no widgets are left"
        fields = truth["documents"][0].get("fields", {})
        if "organisation" in fields:
            assert fields["organisation"].split()[0] in text
        if "cvr" in fields:
            assert fields["cvr"] in text.replace(" ", "").replace("-", "")


def test_scorer_calls_a_wrong_reading_wrong(made: list[Path]) -> None:
    """The truth read back is perfect; one changed value is a confident wrong value, and flagged
    `uncertain` it is wrong but not confident; an unsigned agreement read as signed is dangerous."""
    truth = json.loads(made[1].with_suffix(".truth.json").read_text(encoding="utf-8"))
    doc = truth["documents"][0]
    perfect = {"message": None, "documents": [{**copy.deepcopy(doc),
                                               "problems": [{"code": c, "message": ""} for c in doc["problems"]]}]}
    r = compare(truth, perfect)
    assert (r.good, r.confident_wrong, r.dangerous) == (r.total, [], [])

    wrong = copy.deepcopy(perfect)
    key = next(k for k, v in doc["fields"].items() if isinstance(v, str))
    wrong["documents"][0]["fields"][key] = "Navn (blokbogstSaøverer)n: Bækgaard"
    r = compare(truth, wrong)
    assert r.good == r.total - 1 and len(r.confident_wrong) == 1

    wrong["documents"][0]["problems"].append({"code": "uncertain", "field": key, "message": "not sure"})
    r = compare(truth, wrong)
    assert r.good == r.total - 1 and r.confident_wrong == []

    unsigned = copy.deepcopy(perfect)
    unsigned["documents"][0] = {"filename": doc["filename"], "kind": "connection_agreement",
                                "fields": {"signed": True}, "problems": []}
    truth_unsigned = {"message": None, "documents": [{"filename": doc["filename"], "kind": "connection_agreement",
                                                      "fields": {"signed": False}, "problems": ["not_signed"]}]}
    assert compare(truth_unsigned, unsigned).dangerous == ["unsigned agreement accepted as signed"]
    garbage = copy.deepcopy(perfect)
    garbage["documents"][0]["fields"][key] = "áblehùj Kommune (cid:12)"
    assert any("glyph" in d for d in compare(truth, garbage).dangerous)


def test_tools_are_there() -> None:
    """The tools are installed by the project's own helper when missing (they are here after this)."""
    tools.ensure_tools()
    import shutil
    assert all(shutil.which(exe) for exe in tools.PACKAGES)
