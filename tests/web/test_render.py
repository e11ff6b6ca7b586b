"""Drawing a document's pages for the web view, from many threads at once as Starlette's pool does."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pages_drawn_from_many_threads_at_once_do_not_crash_the_process() -> None:
    # In a child: without the lock PDFium crashes the whole interpreter (SIGSEGV/SIGABRT), not one call.
    script = textwrap.dedent("""
        import threading
        from mailbot.demo import fill
        from mailbot.web.app import render_page
        pdf = fill("information_form", {"org_name": "Vestby Kommune"}, checks=())
        drawn = []
        def draw():
            for _ in range(6):
                drawn.append(render_page(pdf, 1, {}))
        threads = [threading.Thread(target=draw) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        assert len(drawn) == 48 and all(p and p.startswith(b"\\x89PNG") for p in drawn), "a page not drawn"
        print("drawn", len(drawn))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "drawn 48" in done.stdout
