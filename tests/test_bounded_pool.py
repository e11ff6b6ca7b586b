"""The long-lived parse workers: reused for clean mails, let go after anything else, and the readings of a
PDF they have read before."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers import bounded, budget
from parsers.documents import pipeline
from parsers.reading import Document

from .pipeline import mails


@pytest.fixture(autouse=True)
def no_workers() -> Iterator[None]:
    bounded.close_workers()
    yield
    bounded.close_workers()


def _idle_pids() -> list[int]:
    return [w.proc.pid for w in bounded._IDLE]


def test_a_worker_reads_one_clean_mail_after_another() -> None:
    raw = mails.agreements("SDN-2026-0001")
    raws = [raw, mails.inquiry(), raw]
    first = [d.as_json() for d in bounded.read_mails_bounded(raws, parallel=1)]
    (pid,) = _idle_pids()
    again = [d.as_json() for d in bounded.read_mails_bounded(raws[:1], parallel=1)]
    assert _idle_pids() == [pid]
    alone = bounded.read_mail_bounded(raws[0]).as_json()  # a child of its own, as before
    assert first[0] == first[2] == again[0] == alone  # the remembered reading is the reading


def test_a_mail_that_hits_a_budget_takes_its_worker_with_it() -> None:
    tight = budget.Budgets(max_pdf_pages=1)
    out = [r.as_json() for r in bounded.read_mails_bounded([mails.agreements("SDN-2026-0001")], parallel=1,
                                                           budgets=tight)]
    assert "max_pdf_pages" in [p.get("limit") for p in out[0]["message"]["problems"]]
    assert _idle_pids() == []


def test_a_worker_past_a_deadline_is_killed_and_the_next_batch_is_read(tmp_path: Path) -> None:
    raw = mails.agreements("SDN-2026-0001")
    bounded.read_mails_bounded([mails.inquiry()], parallel=1)
    (pid,) = _idle_pids()
    never = tmp_path / "never.eml"  # a named pipe nobody writes to: its reading can end only at the deadline
    os.mkfifo(never)
    out = [d.as_json() for d in bounded.read_mails_bounded([never], timeout_s=1, parallel=1)]
    assert [p["code"] for p in out[0]["message"]["problems"]] == ["timeout"]
    assert _idle_pids() == []
    later = [d.as_json() for d in bounded.read_mails_bounded([raw], parallel=1)]
    assert later[0]["message"]["case_ref"] == "SDN-2026-0001"
    assert _idle_pids() != [pid]


def test_workers_of_other_settings_are_not_shared() -> None:
    bounded.read_mails_bounded([mails.inquiry()], parallel=1, ref_prefix="SDN")
    bounded.read_mails_bounded([mails.inquiry()], parallel=1, ref_prefix="HDN")
    assert sorted(w.key[2] for w in bounded._IDLE) == ["HDN", "SDN"]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[bytes, str]]]:
    calls: list[tuple[bytes, str]] = []

    def fake(data: bytes, filename: str) -> list[Document]:
        calls.append((data, filename))
        if b"bomb" in data:
            budget.hit("max_inflated_bytes", "too much")
        return [Document.model_validate({"filename": filename, "kind": "unknown", "n": len(calls)})]

    monkeypatch.setattr(pipeline, "_read_pdf_all", fake)
    pipeline.remember_readings(2)
    budget.use(budget.Budgets())
    yield calls
    pipeline.remember_readings(0)


def test_a_pdf_read_again_is_looked_up_by_bytes_and_name(counted: list[tuple[bytes, str]]) -> None:
    one = pipeline.read_pdf_all(b"%PDF-1 a", "a.pdf")
    one[0].filename = "changed by a caller"
    again = pipeline.read_pdf_all(b"%PDF-1 a", "a.pdf")[0]
    assert again.filename == "a.pdf" and again.model_extra == {"n": 1}  # the first reading, as it was
    assert pipeline.read_pdf_all(b"%PDF-1 a", "a.pdf")[0].as_json()["n"] == 1
    pipeline.read_pdf_all(b"%PDF-1 a", "b.pdf")  # another name: its own reading (the name is in it)
    pipeline.read_pdf_all(b"%PDF-1 b", "a.pdf")
    assert len(counted) == 3
    pipeline.read_pdf_all(b"%PDF-1 a", "a.pdf")  # the oldest of three, past the two kept
    assert len(counted) == 4


def test_a_reading_that_hit_a_budget_or_other_budgets_is_not_looked_up(counted: list[tuple[bytes, str]]) -> None:
    pipeline.read_pdf_all(b"%PDF-1 bomb", "x.pdf")
    pipeline.read_pdf_all(b"%PDF-1 bomb", "x.pdf")
    assert len(counted) == 2
    pipeline.read_pdf_all(b"%PDF-1 c", "c.pdf")
    budget.use(budget.Budgets(max_pdf_pages=3))
    pipeline.read_pdf_all(b"%PDF-1 c", "c.pdf")
    assert len(counted) == 4


def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(pipeline, "_read_pdf_all", lambda data, name: calls.append(name) or [])
    pipeline.read_pdf_all(b"%PDF-1 a", "a.pdf")
    pipeline.read_pdf_all(b"%PDF-1 a", "a.pdf")
    assert len(calls) == 2


def test_a_worker_that_read_a_large_mail_is_let_go() -> None:
    big = mails.mail(mails.PARTY, "Stor", "Hermed.", "2026-11-02T09:12:00+01:00",
                     pdfs=(("Stor.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 9000),))
    assert len(big) > bounded.WORKER_LARGE_BYTES
    out = [d.as_json() for d in bounded.read_mails_bounded([big], parallel=1)]
    assert out[0]["message"]["subject"] == "Stor"
    assert _idle_pids() == []
