"""The outside check's post-processing (bench/outside/tools.py `post_process`, `run.py --post`): any hand's PDF
passed once more through a real tool keeps its truth, named by hand and tool; the tool's output is what it says."""
from __future__ import annotations

import json
from pathlib import Path

import pdfplumber

from bench.outside import tools
from bench.outside.generate import plan, render_all
from parsers.documents.invisible import all_invisible


def test_each_document_is_passed_through_each_tool_with_its_truth(tmp_path: Path) -> None:
    made = render_all(plan(2, seed=5, tool_names=["pdftk"]), tmp_path, seed=5)
    tools.post_process(tmp_path, ["none", "mutool-clean", "pyhanko", "tesseract-layer"])
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert not any(p.exists() for p in made)  # the hand's own files make way for their copies
    assert len(pdfs) == 2 * 4
    for pdf in pdfs:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        hand_tool, post = truth["_outside"]["tool"].split(">")
        assert hand_tool == "generator" and f">{post} - " in pdf.name
        assert truth["_outside"]["hand_tool"] == "pdftk"
        assert [d["filename"] for d in truth["documents"]] == [pdf.name]
        data = pdf.read_bytes()
        assert (b"/ByteRange" in data) == (post == "pyhanko")  # the seal is a real signature
        if post == "tesseract-layer":  # a picture with Tesseract's words over it, drawn invisibly
            with pdfplumber.open(pdf) as doc:
                assert doc.pages[0].images and doc.pages[0].chars and all_invisible(doc.pages[0])
