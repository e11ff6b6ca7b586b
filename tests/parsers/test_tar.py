"""Tar archives and compressed files (.tar, .tar.gz, .tgz, .gz, .bz2, .xz) made by GNU tar, gzip, bzip2 and xz at
test time: the documents inside are read as attachments (before: the archive was named whole, for staff), within
the container budgets; a damaged one is named, never dropped."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from parsers import read_mail
from parsers.budget import Budgets
from parsers.containers import Allowance, Attachment, unwrap

from . import containermaker as cm
from .pdfmaker import pdf

FORM = pdf([[(60, 60, "Informationsskema", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
             (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])
AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])


def _tar(tmp: Path, flag: str, out: str) -> bytes:
    folder = tmp / "aftaler"
    folder.mkdir(exist_ok=True)
    (folder / "Informationsskema.pdf").write_bytes(FORM)
    (folder / "Tilslutningsaftale.pdf").write_bytes(AGREEMENT)
    (folder / "Tilslutningsaftale.lnk").symlink_to("Tilslutningsaftale.pdf")  # a link is no file of its own
    subprocess.run(["tar", f"-c{flag}f", str(tmp / out), "-C", str(tmp), "aftaler"], check=True)
    return (tmp / out).read_bytes()


def _read(name: str, ctype: str, data: bytes) -> dict:  # type: ignore[type-arg]
    return read_mail(cm.mail_with([(name, ctype, data)])).as_json()


@pytest.mark.parametrize(("flag", "name", "ctype"), [
    ("", "aftaler.tar", "application/x-tar"),
    ("z", "aftaler.tar.gz", "application/gzip"),
    ("z", "aftaler.tgz", "application/octet-stream"),
    ("j", "aftaler.tar.bz2", "application/x-bzip2"),
    ("J", "aftaler.tar.xz", "application/x-xz"),
])
def test_the_documents_in_a_tar_are_read(tmp_path: Path, flag: str, name: str, ctype: str) -> None:
    reading = _read(name, ctype, _tar(tmp_path, flag, name))
    kinds = sorted((d["filename"].rsplit("/", 1)[-1], d["kind"]) for d in reading["documents"])
    assert kinds == [("Informationsskema.pdf", "information_form"), ("Tilslutningsaftale.pdf", "connection_agreement")]
    assert not [p for p in reading["message"]["problems"] if p["code"] == "unsupported_attachment"]


@pytest.mark.parametrize("tool", ["gzip", "bzip2", "xz"])
def test_one_compressed_pdf_is_read_under_its_own_name(tmp_path: Path, tool: str) -> None:
    src = tmp_path / "Informationsskema.pdf"
    src.write_bytes(FORM)
    subprocess.run([tool, str(src)], check=True)
    packed = next(tmp_path.glob("Informationsskema.pdf.*"))
    reading = _read(packed.name, "application/octet-stream", packed.read_bytes())
    assert [(d["filename"], d["kind"]) for d in reading["documents"]] == \
        [(f"{packed.name}/Informationsskema.pdf", "information_form")]


def test_a_cut_gzip_is_named_for_staff(tmp_path: Path) -> None:
    data = _tar(tmp_path, "z", "aftaler.tgz")
    reading = _read("aftaler.tgz", "application/gzip", data[:len(data) // 2])
    named = [p for p in reading["message"]["problems"] if p["code"] == "unsupported_attachment"]
    assert named and reading["documents"] == []


def test_a_gzip_bomb_stops_at_the_budget(tmp_path: Path) -> None:
    src = tmp_path / "Aftale.pdf"
    src.write_bytes(b"%PDF-1.4\n" + bytes(40 << 20))
    subprocess.run(["gzip", str(src)], check=True)
    data = (tmp_path / "Aftale.pdf.gz").read_bytes()
    found = unwrap(Attachment("Aftale.pdf.gz", "application/gzip", data), Allowance(Budgets()))
    assert found.files == []
    assert [p.code for p in found.problems] == ["too_large"]
