"""Apple Pages and Numbers files: the Quick Look PDF a package holds is read, every document from it `uncertain`
(a preview may be cut), in a mail, in a zip and without a name; a package with no preview PDF is named for staff.
The packages are made here (tests/parsers/containermaker.iwork_package; no free tool writes one)."""
from __future__ import annotations

from typing import Any

import pytest

from parsers import read_mail
from tests.parsers import containermaker as cm
from tests.pipeline import mails

AGREEMENT = mails.agreement("connection_agreement")


def documents(reading: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(d["filename"], d["kind"], [p["code"] for p in d["problems"]]) for d in reading["documents"]]


def mail_codes(reading: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["code"], p.get("filename") or "") for p in reading["message"]["problems"]]


@pytest.mark.parametrize("modern", [True, False], ids=["pages-2013", "iwork-09"])
def test_a_pages_file_is_read_from_its_preview_pdf_for_staff(modern: bool) -> None:
    pages = cm.iwork_package(AGREEMENT, modern=modern)
    reading = read_mail(cm.mail_with([("Tilslutningsaftale.pages", "application/x-iwork-pages-sffpages",
                                       pages)])).as_json()
    assert documents(reading) == [("Tilslutningsaftale.pages", "connection_agreement", ["uncertain"])]
    assert mail_codes(reading) == []


def test_a_pages_file_in_a_zip_is_never_read_with_confidence() -> None:
    """Opened as an archive, its preview was read as a PDF of the party's with confidence, its parts named."""
    zipped = cm.zip_of({"Aftaler/Tilslutningsaftale.pages": cm.iwork_package(AGREEMENT)})
    reading = read_mail(cm.mail_with([("aftaler.zip", "application/zip", zipped)])).as_json()
    assert documents(reading) == [("aftaler.zip/Tilslutningsaftale.pages", "connection_agreement", ["uncertain"])]
    assert mail_codes(reading) == []


def test_a_pages_file_without_its_name_is_still_known() -> None:
    reading = read_mail(cm.mail_with([("attachment", "application/octet-stream",
                                       cm.iwork_package(AGREEMENT))])).as_json()
    assert [(k, c) for _, k, c in documents(reading)] == [("connection_agreement", ["uncertain"])]


def test_a_package_with_only_a_picture_preview_is_named_for_staff() -> None:
    for name, inside in (("Skema.numbers", "Skema.numbers"), ("a.zip", "a.zip/Skema.numbers")):
        data = cm.iwork_package(None)
        att = (name, "application/zip", cm.zip_of({"Skema.numbers": data})) if name.endswith(".zip") \
            else (name, "application/octet-stream", data)
        reading = read_mail(cm.mail_with([att])).as_json()
        assert reading["documents"] == []
        assert mail_codes(reading) == [("unsupported_attachment", inside)]
        assert "Apple Numbers" in reading["message"]["problems"][0]["message"]
