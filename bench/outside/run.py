"""The outside check: documents made by real office tools from wordings the reader never saw, read by
`mailbot parse`, scored per tool and per layout.

    .venv/bin/python bench/outside/run.py [--count 64] [--seed 22] [--tools a,b] [--keep DIR] [--dir DIR] [-v]
    .venv/bin/python bench/outside/run.py --deliveries docx,xlsx,photo,zip [--seed 22] [--count 32]
    .venv/bin/python bench/outside/run.py --tools sixth,seventh --deliveries zip,photo,msg [--seed 22]
    .venv/bin/python bench/outside/run.py --tools reportlab --post mutool-convert,pyhanko [--seed 22]

With --deliveries the same documents arrive as other files (deliveries.py): Word and Writer files, the form
as a spreadsheet, photos and screenshots, a zip, a forwarded mail, an S/MIME-signed mail.

Prints field accuracy (scored as ../shared/corpus/score does), confident wrong values (a field read
wrong with no `uncertain` problem naming it) and dangerous answers (an unsigned or own-template
agreement accepted as signed, glyph garbage in a value not flagged `uncertain`)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.outside.deliveries import (  # noqa: E402
    DELIVERIES,
    PICTURES,
    accusing,
    by_hands,
    deliver_all,
    forms_for_sheets,
)
from bench.outside.generate import AGREEMENT_MIX, plan, render_all  # noqa: E402
from bench.outside.score import Result, compare  # noqa: E402
from bench.outside.tools import POST, TOOLS, post_process  # noqa: E402


def read(pdf: Path, cmd: list[str]) -> object:
    """The reading of one PDF, or None when the reader failed (scored as all wrong)."""
    try:
        p = subprocess.run([*cmd, str(pdf)], capture_output=True, text=True, timeout=120)
        return json.loads(p.stdout) if p.returncode == 0 else None
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        return None


def score_dir(directory: Path, cmd: list[str], jobs: int = 2,
              saved: Path | None = None) -> list[tuple[Path, dict[str, Any], Result]]:
    """(file, truth, result) for every X.pdf (or X.docx, X.eml, ...) with an X.truth.json in directory; each
    reading is kept in `saved` (as X.pdf.json) when given."""
    pdfs = sorted(p for p in directory.iterdir() if not p.name.endswith(".json")
                  and p.with_suffix(".truth.json").exists())
    with ThreadPoolExecutor(jobs) as pool:
        readings = list(pool.map(lambda p: read(p, cmd), pdfs))
    out = []
    for pdf, reading in zip(pdfs, readings, strict=True):
        if saved is not None and reading is not None:
            (saved / (pdf.name + ".json")).write_text(json.dumps(reading, ensure_ascii=False), encoding="utf-8")
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        result = compare(truth, reading)
        if str((truth.get("_outside") or {}).get("tool")) in PICTURES:
            result.dangerous += accusing(reading)  # a picture is never evidence enough to tell the party
        out.append((pdf, truth, result))
    return out


def report(results: list[tuple[Path, dict[str, Any], Result]], verbose: bool = False) -> str:
    """The figures: overall, per tool, per layout; with -v each file's mismatches."""
    groups: dict[str, dict[str, list[Result]]] = {"tool": defaultdict(list), "layout": defaultdict(list),
                                                  "signing": defaultdict(list), "variant": defaultdict(list)}
    lines = []
    for pdf, truth, r in results:
        meta: dict[str, Any] = truth["_outside"] if isinstance(truth.get("_outside"), dict) else {}
        groups["tool"][str(meta.get("tool", "?"))].append(r)
        groups["layout"][str(meta.get("layout", "?"))].append(r)
        if meta.get("signing"):
            groups["signing"][str(meta["signing"])].append(r)
        for v in meta.get("variants") or []:
            groups["variant"][str(v)].append(r)
        if verbose and (r.mismatches or r.dangerous):
            shape = f"{meta.get('signing') or ''} {','.join(meta.get('variants') or [])}".strip()
            lines.append(f"{pdf.name}  {r.good}/{r.total}  {shape}")
            lines += [f"    {m}" for m in r.mismatches]
            lines += [f"    CONFIDENT WRONG {c}" for c in r.confident_wrong]
            lines += [f"    DANGEROUS {d}" for d in r.dangerous]

    def row(name: str, rs: list[Result]) -> str:
        g, t = sum(r.good for r in rs), sum(r.total for r in rs)
        cw = sum(len(r.confident_wrong) for r in rs)
        cw_docs = sum(1 for r in rs if r.confident_wrong)
        dg = sum(len(r.dangerous) for r in rs)
        return (f"  {name:<40} accuracy {g / t if t else 0:.3f} ({g}/{t})  confident wrong {cw:>3} "
                f"in {cw_docs:>2}/{len(rs):<2} docs  dangerous {dg}")

    every = [r for _, _, r in results]
    lines.append("outside check: " + row("all", every).strip())
    for g in ("tool", "layout", "signing", "variant"):
        lines.append(f"per {g}:")
        lines += [row(k, v) for k, v in sorted(groups[g].items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=64)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--deliveries", help="deliver the documents as other files instead: "
                    + ",".join(DELIVERIES) + " (comma-separated)")
    ap.add_argument("--layouts", help="only information forms, in these layouts (comma-separated)")
    ap.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    ap.add_argument("--dir", type=Path, help="score an existing directory instead of generating")
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "mailbot") + " parse")
    ap.add_argument("--only", choices=["agreements"], help="make only agreements (and own-template DPAs)")
    ap.add_argument("--pictures", action="store_true", help="make every PDF made pictures-only afterwards "
                    "(Ghostscript's pdfimage24, as ghostscript-image): any hand's documents as a scanner gives them")
    ap.add_argument("--post", help="pass every document once more through each of these tools (tools.py POST: "
                    + ",".join(["none", *POST]) + "), scored per hand>tool")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    cmd = a.cmd.split()
    with tempfile.TemporaryDirectory(prefix="sdn-outside-set-") as tmp:
        directory = a.dir or a.keep or Path(tmp) / "set"
        if not a.dir:
            directory.mkdir(parents=True, exist_ok=True)
            layouts = a.layouts.split(",") if a.layouts else None
            mix = AGREEMENT_MIX if a.only == "agreements" else None
            if a.deliveries and a.tools != ",".join(TOOLS):  # other hands' documents, delivered in turn
                docs = plan(a.count, a.seed, a.tools.split(","), layouts, mix)
                deliver_all(by_hands(docs, a.deliveries.split(",")), directory, a.seed)
            elif a.deliveries:
                names = a.deliveries.split(",")
                deliver_all(forms_for_sheets(plan(a.count, a.seed, names, layouts, mix), a.seed), directory, a.seed)
            else:
                render_all(plan(a.count, a.seed, a.tools.split(","), layouts, mix), directory, a.seed)
            if a.pictures:
                as_pictures(directory)
            if a.post:
                post_process(directory, a.post.split(","))
        saved = Path(tmp) / "readings"
        saved.mkdir()
        print(report(score_dir(directory, cmd, saved=saved), a.verbose))
        print(shared_score(directory, saved))
    return 0


def as_pictures(directory: Path) -> None:
    """Every PDF of a set made pictures-only in place (what a scanner gives); its truth's tool is named
    "<tool>-image", so the figures show them apart from the same hand's text layers."""
    from bench.outside.tools import ghostscript_image

    for pdf in sorted(directory.glob("*.pdf")):
        truth_path = pdf.with_suffix(".truth.json")
        if not truth_path.exists():
            continue
        picture = pdf.with_name(pdf.stem + ".image.tmp")
        ghostscript_image(pdf, picture)
        picture.replace(pdf)
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        meta = truth.get("_outside")
        if isinstance(meta, dict) and not str(meta.get("tool", "")).endswith("-image"):
            meta["tool"] = f"{meta.get('tool')}-image"
        truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")


def shared_score(directory: Path, saved: Path) -> str:
    """The same readings scored by ../shared/corpus/score, where that outside scorer exists."""
    scorer = next((p for p in (ROOT.parent / "shared" / "corpus" / "score", Path("/work/shared/corpus/score"))
                   if p.exists()), None)
    if scorer is None:
        return "shared scorer: not here (../shared/corpus/score)"
    replay = [sys.executable, str(Path(__file__).with_name("replay.py")), str(saved)]
    p = subprocess.run([sys.executable, str(scorer), str(directory), "-q", "--", *replay],
                       capture_output=True, text=True, timeout=600)
    return "shared scorer, same readings: " + (p.stdout.strip().splitlines() or ["(no output)"])[-1]


if __name__ == "__main__":
    sys.exit(main())
