"""Photos and scans of pages read by OCR and marked for staff; logos and footer images left alone, and
every picture not read named. Fixtures: a generated PDF page rendered by pypdfium2, turned a few
degrees, with noise, saved by Pillow (JPEG, PNG, TIFF, WebP) or pillow-heif (HEIC)."""
from __future__ import annotations

import shutil
from typing import Any

import pytest

from parsers import read_mail
from parsers.images import skew_angle
from tests.parsers import officemaker as om
from tests.parsers.generator import FORM_TRUTH, Style, agreement, information_form, score
from tests.parsers.mailmaker import from_kystby

needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tests/run.sh installs tesseract-ocr")


def photo_mail(*files: tuple[str, bytes, str], html_cids: tuple[str, ...] = (), inline: bool = False) -> bytes:
    m = from_kystby("Aftale")
    m.set_content("Hermed aftalen.\n\nSendt fra min iPhone\n")
    if html_cids:
        m.add_alternative("<p>Hermed aftalen.</p>" + "".join(f'<img src="cid:{c}">' for c in html_cids),
                          subtype="html")
    for i, (name, data, ctype) in enumerate(files):
        main, sub = ctype.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=name,
                         disposition="inline" if inline else "attachment",
                         cid=f"<{html_cids[i]}>" if i < len(html_cids) else None)
    return m.as_bytes()


def docs_of(raw: bytes) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    out = read_mail(raw).as_json()
    return out["documents"], out["message"]


@needs_ocr
@pytest.mark.parametrize("fmt,ctype,angle", [("JPEG", "image/jpeg", 3.0), ("HEIC", "image/heic", -2.5),
                                             ("TIFF", "image/tiff", 1.0), ("WEBP", "image/webp", 2.0)])
def test_a_photo_of_the_form_is_read_by_ocr_and_marked_for_staff(fmt: str, ctype: str, angle: float) -> None:
    pic = om.page_photo(information_form(Style()), angle=angle, fmt=fmt)
    docs, msg = docs_of(photo_mail((f"IMG_0001.{fmt.lower()}", pic, ctype)))
    (doc,) = docs
    assert doc["kind"] == "information_form" and doc["ocr"] is True and doc["source"] == "photo"
    assert any(p["code"] == "uncertain" for p in doc["problems"])
    assert all(c <= 0.55 for c in doc["confidence"].values())
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good >= total - 1, wrong
    assert msg["ignored_attachments"] == []


@needs_ocr
def test_a_phone_photo_of_the_signed_agreement_is_the_agreement_never_not_signed() -> None:
    pic = om.page_photo(agreement(), angle=-3.0)
    docs, _ = docs_of(photo_mail(("IMG_4711.JPG", pic, "image/jpeg")))
    (doc,) = docs
    assert doc["kind"] == "connection_agreement" and doc["ocr"] is True
    assert doc["fields"]["cvr"] == "29189919"
    codes = [p["code"] for p in doc["problems"]]
    assert "uncertain" in codes and "not_signed" not in codes


@needs_ocr
def test_photos_of_two_documents_are_read_in_filename_order_each_named_by_its_pictures() -> None:
    form = om.page_photo(information_form(Style()), angle=2.0)
    agr = om.page_photo(agreement(), angle=-1.5)
    docs, _ = docs_of(photo_mail(("IMG_0010.jpg", form, "image/jpeg"), ("IMG_0009.jpg", agr, "image/jpeg")))
    assert [(d["kind"], d["filename"]) for d in docs] == [("connection_agreement", "IMG_0009.jpg"),
                                                          ("information_form", "IMG_0010.jpg")]


def test_a_logo_in_the_mail_text_is_ignored_with_its_reason() -> None:
    docs, msg = docs_of(photo_mail(("image001.png", om.logo(), "image/png"), html_cids=("logo1@kystby",), inline=True))
    assert docs == []
    assert not [p for p in msg["problems"] if p["code"] == "unsupported_attachment"]
    (why,) = msg["ignored_attachments"]
    assert why.startswith("image001.png") and "logo" in why


def test_a_banner_strip_is_not_a_page() -> None:
    docs, msg = docs_of(photo_mail(("banner.jpg", om.logo((3200, 700)), "image/png")))
    assert docs == [] and "strip" in msg["ignored_attachments"][0]


@needs_ocr
def test_a_large_picture_without_text_is_named_for_staff() -> None:
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 40)).save(buf, format="JPEG")
    docs, msg = docs_of(photo_mail(("ferie.jpg", buf.getvalue(), "image/jpeg")))
    assert docs == []
    (p,) = [p for p in msg["problems"] if p["code"] == "unsupported_attachment"]
    assert "ferie.jpg" in p["message"]


def test_a_damaged_picture_is_named() -> None:
    docs, msg = docs_of(photo_mail(("IMG_0001.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 3000, "image/jpeg")))
    assert docs == []
    assert any("IMG_0001.jpg" in p["message"] for p in msg["problems"] if p["code"] == "unsupported_attachment")


@pytest.mark.parametrize("fmt", ["WEBP", "HEIC"])
def test_a_photo_sent_without_a_name_or_a_picture_type_is_known_by_its_content(fmt: str) -> None:
    """A phone's WebP or HEIC photo forwarded as "application/octet-stream" with no file name is a picture, by its
    RIFF/WEBP or ISO file type header, read as one (not a file in a format the bot does not read)."""
    from parsers.documents.dispatch import what_is

    pic = om.page_photo(information_form(Style()), angle=1.0, fmt=fmt, scale=1.0)
    assert what_is(None, "application/octet-stream", pic) == "image"


def test_the_skew_of_a_turned_page_is_measured() -> None:
    import io

    from PIL import Image
    for angle in (-4.0, 2.5):
        pic = Image.open(io.BytesIO(om.page_photo(information_form(Style()), angle=angle, scale=1.2))).convert("L")
        assert abs(skew_angle(pic) + angle) <= 0.6, angle


def test_pictures_not_reached_in_the_mails_time_are_each_named_for_staff_and_told_to_no_party() -> None:
    """A loaded machine: the time for pictures is spent before these are read (a budget of none). Each photo is
    named with that reason, for staff, and nothing is said of it that the party could be told."""
    from mailbot.core import certainty
    from parsers.images import Picture, read_pictures

    pics = [Picture(f"IMG_00{i}.jpg", om.page_photo(agreement(), angle=a)) for i, a in ((1, 2.0), (2, -1.5))]
    got = read_pictures(pics, budget_s=0.0)
    assert got.documents == [] and got.ignored == []
    assert [p.filename for p in got.problems] == ["IMG_001.jpg", "IMG_002.jpg"]
    assert all("time" in (p.message or "") and "staff" in (p.message or "") for p in got.problems)
    assert not certainty.may_say_missing([], got.problems)  # an unread picture may be the document: none is missing


def test_the_pictures_time_fits_inside_the_readers_own_time_with_room_for_the_rest_of_the_mail() -> None:
    """The pictures' budget is below the bounded reader's default (`mailbot parse`: 30 s), so a slow photo costs
    the photos after it, never the whole mail's reading (a `timeout` that drops what was read)."""
    import inspect

    from parsers import bounded, images

    default = inspect.signature(bounded.read_mail_bounded).parameters["timeout_s"].default
    assert images.TIME_BUDGET_S + images.MIN_OCR_S <= 0.8 * default
