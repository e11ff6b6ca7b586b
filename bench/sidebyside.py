"""The backlog measured side by side: this tree against another (e.g. main's), in turns, with the baseline.

    .venv/bin/python bench/sidebyside.py OTHER_TREE [N] [ROUNDS]     (default 1000 mails, 3 rounds)

The machine is shared, so seconds mean little from one minute to the next: each round runs the bare
baseline, this tree's bot and the other tree's bot over the same N mails (fresh copies in Dovecot), in an
order that turns from round to round, and prints each bot's ratio to the baseline of its own round. The
other tree runs with this tree's virtual environment (`PYTHONPATH` puts its `mailbot` and `parsers` first),
so only the code differs. Nothing here is a test.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import mails  # noqa: E402
import run  # noqa: E402

from tests.servers.dovecot import DovecotServer  # noqa: E402
from tests.servers.smtp_sink import SmtpSink  # noqa: E402


def bot(b: run.Bench, content: list[bytes], tree: Path, name: str) -> run.Measured:
    """One `run --once` of the tree's bot over a fresh copy of the mails; checks every mail is done."""
    user, pw = b.account(content)
    cfg = b.config(name, user, pw)
    env_before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree)
    try:
        m = run.measure([run.PY, "-m", "mailbot", "run", "--once", "--config", str(cfg)], cfg.parent)
    finally:
        if env_before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = env_before
    if m.returncode != 0:
        raise RuntimeError(f"{name} failed: {m.output}")
    total, done = run.done_count(cfg)
    if total != len(content) or done != total:
        print(f"  note: {name} finished {done} of {total} stored mails (of {len(content)})", flush=True)
    return m


def main(other: Path, n: int, rounds: int) -> int:
    content = mails.build(n)
    ratios: dict[str, list[float]] = {"new": [], "old": []}
    work = Path(tempfile.mkdtemp(prefix="mailbot-sbs-"))
    with DovecotServer() as dovecot, SmtpSink(work / "sink").start() as sink:
        b = run.Bench(work, dovecot, sink)
        for r in range(rounds):
            order = ["new", "old"] if r % 2 == 0 else ["old", "new"]
            user, pw = b.account(content)
            load = os.getloadavg()[0]
            base = run.measure([run.PY, str(ROOT / "bench" / "baseline.py"), dovecot.host, str(dovecot.port), user,
                                pw], work)
            line = [f"round {r + 1} ({time.strftime('%H:%M', time.gmtime())} UTC, load {load:.1f}): "
                    f"baseline {base.seconds:.1f} s"]
            for which in order:
                m = bot(b, content, ROOT if which == "new" else other, f"{which}-{r}")
                ratios[which].append(m.seconds / base.seconds)
                line.append(f"{which} {m.seconds:.1f} s = {m.seconds / base.seconds:.2f} (peak {m.peak_mb:.0f} MB PSS)")
            print("; ".join(line), flush=True)
    for which, values in ratios.items():
        print(f"{which}: ratios {', '.join(f'{v:.2f}' for v in values)}; median {statistics.median(values):.2f}")
    print("new / old per round: " + ", ".join(f"{a / b:.2f}" for a, b in zip(ratios["new"], ratios["old"],
                                                                          strict=True)))
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    sys.exit(main(Path(args[0]).resolve(), int(args[1]) if len(args) > 1 else 1000,
                  int(args[2]) if len(args) > 2 else 3))
