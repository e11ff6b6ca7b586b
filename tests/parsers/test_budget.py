"""The reading budgets (parsers/budget.py): pure helpers, each budget hit in a PDF, and in a bounded child."""
from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from parsers import bounded, budget
from parsers.documents.pipeline import read_pdf_all
from tests.pipeline import mails
from tests.robustness.hostile import pdf_bomb


@pytest.fixture(autouse=True)
def _defaults() -> Iterator[None]:
    yield
    budget.use(budget.Budgets())  # tests below change this process's budgets


# -- pure helpers -------------------------------------------------------------------------------------------
def test_inflate_gives_the_bytes_within_the_limit_and_refuses_beyond() -> None:
    data = b"abc" * 10_000
    packed = zlib.compress(data)
    assert budget.inflate(packed, len(data)) == data
    with pytest.raises(budget.BudgetExceeded) as hit:
        budget.inflate(packed, len(data) - 1)
    assert hit.value.key == "max_inflated_bytes"
    with pytest.raises(zlib.error):  # a truncated stream is an error, as zlib.decompress says
        budget.inflate(packed[: len(packed) // 2], len(data))


def test_pages_to_read_all_within_the_budget_else_head_and_tail() -> None:
    assert budget.pages_to_read(5, 200) == [0, 1, 2, 3, 4]
    assert budget.pages_to_read(200, 200) == list(range(200))
    got = budget.pages_to_read(20_000, 200)
    assert got == list(range(100)) + list(range(19_980, 20_000))
    assert budget.pages_to_read(12, 10) == [0, 1, 2, 3, 4, 11]
    assert len(budget.pages_to_read(3, 1)) == 1


def test_pdfminer_inflates_through_the_budget_and_the_documents_allowance_is_shared() -> None:
    budget.use(budget.Budgets(max_inflated_bytes=1000))
    from pdfminer import pdftypes

    budget.start_document()
    assert pdftypes.zlib.decompress(zlib.compress(b"x" * 600)) == b"x" * 600
    with pytest.raises(budget.BudgetExceeded):  # 600 + 600 > 1000: the allowance is per document
        pdftypes.zlib.decompress(zlib.compress(b"y" * 600))
    assert [k for k, _ in budget.hits()] == ["max_inflated_bytes"]
    budget.start_document()
    assert budget.hits() == [] and pdftypes.zlib.decompress(zlib.compress(b"z" * 600)) == b"z" * 600
    d = pdftypes.zlib.decompressobj()  # pdfminer's path for damaged streams is bounded too
    with pytest.raises(budget.BudgetExceeded):
        d.decompress(zlib.compress(b"w" * 5000))


# -- each budget hit in a PDF ---------------------------------------------------------------------------------
def _pages(n: int) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for i in range(n):
        c.drawString(72, 800, f"Side {i + 1}: Tilslutningsaftale")
        c.showPage()
    c.save()
    return buf.getvalue()


def _images(n: int) -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.drawString(72, 800, "Tilslutningsaftale med billeder")
    picture = ImageReader(Image.new("RGB", (8, 8), "red"))
    for i in range(n):
        c.drawImage(picture, 20 + 10 * i, 100, 8, 8)
    c.showPage()
    c.save()
    return buf.getvalue()


def _problem_text(docs: list[dict[str, object]]) -> str:
    return " ".join(str(p["message"]) for d in docs for p in d["problems"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(("budgets", "make", "key"), [
    (budget.Budgets(max_inflated_bytes=1_000_000), lambda: pdf_bomb(8), "max_inflated_bytes"),
    (budget.Budgets(max_pdf_objects=5), lambda: mails.agreement("connection_agreement"), "max_pdf_objects"),
    (budget.Budgets(max_pdf_images=3), lambda: _images(6), "max_pdf_images"),
    (budget.Budgets(max_pdf_pages=10), lambda: _pages(30), "max_pdf_pages"),
])
def test_each_budget_hit_is_a_too_large_problem_naming_its_limit(budgets: budget.Budgets, make: object,
                                                                  key: str) -> None:
    data = make()  # type: ignore[operator]
    budget.use(budget.Budgets())
    if key != "max_inflated_bytes":  # (the bomb within the defaults is only slow: millions of lines drawn)
        within = [d.as_json() for d in read_pdf_all(data, "x.pdf")]
        assert key not in _problem_text(within)  # within the defaults: no hit
    budget.use(budgets)
    docs = [d.as_json() for d in read_pdf_all(data, "x.pdf")]
    assert any(p["code"] == "too_large" for d in docs for p in d["problems"])
    assert f"limits.{key}" in _problem_text(docs)
    assert [k for k, _ in budget.all_hits()] == [key]


# -- in the bounded child: the mail itself carries the reason ------------------------------------------------
def test_a_budget_hit_in_the_child_becomes_a_problem_of_the_mail() -> None:
    raw = mails.mail(mails.PARTY, "Aftale", "Hermed.", "2026-11-02T09:12:00+01:00",
                     pdfs=(("Tilslutningsaftale.pdf", pdf_bomb(8)),))
    reading = bounded.read_mail_bounded(raw, budgets=budget.Budgets(max_inflated_bytes=1_000_000)).as_json()
    (prob,) = [p for p in reading["message"]["problems"] if p.get("limit")]
    assert prob["code"] == "too_large" and prob["limit"] == "max_inflated_bytes"
    assert "limits.max_inflated_bytes" in prob["message"]
    plain = bounded.read_mail_bounded(mails.inquiry(), budgets=budget.Budgets(max_inflated_bytes=5_000_000)).as_json()
    assert not [p for p in plain["message"]["problems"] if p.get("limit")]


def test_the_address_space_limit_is_headroom_over_what_the_child_starts_with(tmp_path: Path) -> None:
    assert bounded.address_limit(1 << 30, 100) == (1 << 30) + 100 * 1024 * 1024
    assert bounded.address_space() > 0
    big = tmp_path / "big.eml"  # handed over by its path, as the parse stage does: the child reads it
    big.write_bytes(mails.mail(mails.PARTY, "Stor", "Hermed.", "2026-11-02T09:12:00+01:00",
                               pdfs=(("Stor.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 60_000),)))
    tight = bounded.read_mail_bounded(big, max_memory_mb=8, max_bytes=100_000_000).as_json()
    ample = bounded.read_mail_bounded(big, max_memory_mb=512, max_bytes=100_000_000).as_json()
    assert not [p for p in ample["message"]["problems"] if p.get("limit") == "parse_memory_mb"]
    problems = tight["message"]["problems"]
    assert problems and problems[0]["code"] in ("too_large", "parse_error")
    assert problems[0].get("limit") == "parse_memory_mb" or "out of memory" in problems[0]["message"]
