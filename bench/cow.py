"""What a full garbage collection costs a forked parse worker, with and without gc.freeze.

The parent imports what the daemon does before its first fork (`mailbot.pipeline`, parsers.bounded's
PRELOAD), forks a child, and then a full collection runs in the child and one in the parent while the
child lives. Each writes into every object it walks, so every page of the shared heap it touches is
copied (the child's copy, or the parent's): printed is each process's private dirty memory and the two
processes' PSS together, once as the readers did before (nothing frozen) and once as parsers/bounded.py
does now (the parent freezes after its imports, the child first thing).

    .venv/bin/python bench/cow.py
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path


def _rollup(pid: int) -> dict[str, float]:
    """/proc/<pid>/smaps_rollup in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        out[key] = int(value.split()[0]) / 1024
    return out


def _run(freeze: bool) -> str:
    import mailbot.cli  # noqa: F401 - what the daemon has imported
    import mailbot.pipeline.runner  # noqa: F401
    from parsers import bounded

    if freeze:
        bounded._preload()  # imports PRELOAD, then freezes
    else:
        for name in bounded.PRELOAD:
            __import__(name)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        if freeze:
            bounded._keep_shared()
        gc.collect()
        os.write(w, b"x")
        time.sleep(5)
        os._exit(0)
    os.read(r, 1)
    gc.collect()
    child, parent = _rollup(pid), _rollup(os.getpid())
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return (f"{'frozen' if freeze else 'not frozen':11} child private dirty {child['Private_Dirty']:5.1f} MB, "
            f"parent private dirty {parent['Private_Dirty']:5.1f} MB, "
            f"PSS of both {child['Pss'] + parent['Pss']:6.1f} MB (parent RSS {parent['Rss']:.1f} MB)")


def main() -> None:
    if len(sys.argv) > 1:
        print(_run(sys.argv[1] == "frozen"))
        return
    for arm in ("not-frozen", "frozen"):  # each in a fresh interpreter: a freeze cannot be undone cleanly
        print(subprocess.run([sys.executable, __file__, arm], capture_output=True, text=True, check=True).stdout,
              end="")


if __name__ == "__main__":
    main()
