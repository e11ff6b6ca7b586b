"""Profile `mailbot run --once` over a backlog with pyinstrument, to find the slowest stage.

    .venv/bin/python bench/profile.py [N]      (default 200 mails; prints the tree, kept in var/bench-profile.txt)
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402

from tests.servers.dovecot import DovecotServer  # noqa: E402
from tests.servers.smtp_sink import SmtpSink  # noqa: E402

ROOT_VAR = Path(__file__).resolve().parent.parent / "var"


def main(n: int) -> int:
    work = Path(tempfile.mkdtemp(prefix="mailbot-profile-"))
    with DovecotServer() as dovecot, SmtpSink(work / "sink").start() as sink:
        b = run.Bench(work, dovecot, sink)
        user, pw = b.account(run.mails.build(n))
        cfg = b.config("profile", user, pw)
        out = ROOT_VAR / "bench-profile"
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([run.PY, "-m", "pyinstrument", "-r", "text", "-o", f"{out}.txt", "-m", "mailbot", "run",
                        "--once", "--config", str(cfg)], cwd=cfg.parent, check=True)
        print(Path(f"{out}.txt").read_text()[:20000])
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
