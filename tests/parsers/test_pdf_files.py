"""Files a PDF carries (an annex embedded in the agreement, a PDF portfolio, a paper clip on a page): read as the
mail's attachments are, under the PDF's name, within the container budgets; never dropped unseen. The PDFs are
made here by pypdf (tests/parsers/containermaker.pdf_carrying)."""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parsers import budget, read_mail, read_path
from tests.parsers import containermaker as cm
from tests.pipeline import mails

AGREEMENT = mails.agreement("connection_agreement")
DPA = mails.agreement("data_processor_agreement")


@pytest.fixture(autouse=True)
def fresh_budgets() -> Iterator[None]:
    budget.use(budget.Budgets())
    yield
    budget.use(budget.Budgets())


def kinds(reading: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d["filename"], d["kind"]) for d in reading["documents"]]


def mail_problems(reading: dict[str, Any]) -> list[dict[str, Any]]:
    return list(reading["message"]["problems"])


@pytest.mark.parametrize("as_annotation", [False, True], ids=["embedded-files", "file-attachment-annotation"])
def test_the_annex_a_pdf_carries_is_read_as_an_attachment(as_annotation: bool) -> None:
    pdf = cm.pdf_carrying(AGREEMENT, [("Databehandleraftale.pdf", DPA)], as_annotation=as_annotation)
    reading = read_mail(cm.mail_with([("Aftale med bilag.pdf", "application/pdf", pdf)])).as_json()
    assert kinds(reading) == [("Aftale med bilag.pdf", "connection_agreement"),
                              ("Aftale med bilag.pdf/Databehandleraftale.pdf", "data_processor_agreement")]
    assert mail_problems(reading) == []


def test_a_pdf_given_alone_and_one_in_a_zip_read_what_they_carry(tmp_path: Path) -> None:
    pdf = cm.pdf_carrying(AGREEMENT, [("Databehandleraftale.pdf", DPA)])
    alone = tmp_path / "Aftale.pdf"
    alone.write_bytes(pdf)
    assert kinds(read_path(alone).as_json()) == [("Aftale.pdf", "connection_agreement"),
                                                 ("Aftale.pdf/Databehandleraftale.pdf", "data_processor_agreement")]
    zipped = read_mail(cm.mail_with([("aftaler.zip", "application/zip", cm.zip_of({"Aftale.pdf": pdf}))])).as_json()
    assert ("aftaler.zip/Aftale.pdf/Databehandleraftale.pdf", "data_processor_agreement") in kinds(zipped)


def test_a_carried_file_no_reader_takes_is_named_for_staff() -> None:
    pdf = cm.pdf_carrying(AGREEMENT, [("bilag.xyz", b"\x00\x01 not a document " * 40)])
    reading = read_mail(cm.mail_with([("Aftale.pdf", "application/pdf", pdf)])).as_json()
    assert kinds(reading) == [("Aftale.pdf", "connection_agreement")]
    [p] = mail_problems(reading)
    assert p["code"] == "unsupported_attachment" and p["filename"] == "Aftale.pdf/bilag.xyz"


def test_a_carried_file_inflating_past_the_budget_stops_there() -> None:
    budget.use(budget.Budgets(max_archive_entry_bytes=2_000_000, max_unpacked_bytes=4_000_000))
    bomb = zlib.compress(bytes(30_000_000), 9)  # 30 MB of zeros in about 30 KB, the stream claiming nothing
    pdf = cm.pdf_carrying(AGREEMENT, [("Databehandleraftale.pdf", b"tiny")], raw_stream=bomb)
    reading = read_mail(cm.mail_with([("Aftale.pdf", "application/pdf", pdf)])).as_json()
    assert kinds(reading) == [("Aftale.pdf", "connection_agreement")]
    [p] = mail_problems(reading)
    assert p["code"] == "too_large" and p["limit"] == "max_archive_entry_bytes"
    assert "Aftale.pdf/Databehandleraftale.pdf" in p["message"]


def test_the_settings_acrobat_distiller_embeds_are_left_alone_with_the_reason() -> None:
    """Distiller keeps its .joboptions in the PDFs it makes (pdfplumber's test suite has one): no party's document,
    so no file for staff to look at, but said."""
    settings = b"<< /ASCII85EncodePages false >> setdistillerparams"
    pdf = cm.pdf_carrying(AGREEMENT, [("Press Quality.joboptions", settings)])
    reading = read_mail(cm.mail_with([("Aftale.pdf", "application/pdf", pdf)])).as_json()
    assert kinds(reading) == [("Aftale.pdf", "connection_agreement")]
    assert mail_problems(reading) == []
    assert any(i.startswith("Aftale.pdf/Press Quality.joboptions: ") for i in reading["message"]["ignored_attachments"])
