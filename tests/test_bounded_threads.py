"""Reading mail in a child process from a daemon that has other threads (IDLE, the scheduler)."""
from __future__ import annotations

import threading

from parsers import bounded

from .pipeline import mails


def test_reading_works_and_stays_bounded_while_other_threads_run() -> None:
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, daemon=True)
    busy.start()
    try:
        assert threading.active_count() > 1
        reading = bounded.read_mail_bounded(mails.agreements("SDN-2026-0001")).as_json()
        assert [d["kind"] for d in reading["documents"]] == ["connection_agreement", "data_processor_agreement"]
        slow = bounded.read_mail_bounded(mails.agreements("SDN-2026-0001"), timeout_s=0.001).as_json()
        assert [p["code"] for p in slow["message"]["problems"]] == ["timeout"]
    finally:
        stop.set()
