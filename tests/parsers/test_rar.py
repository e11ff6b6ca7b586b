"""RAR archives are opened (libarchive's RAR readers), within the container budgets; encrypted files and what
cannot be inflated are named for staff. No free tool writes RAR: the archives are libarchive's own test files
(tests/parsers/samples/rar/, its BSD licence beside them), made by RARLAB's program."""
from __future__ import annotations

import ctypes.util
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parsers import budget, read_mail
from parsers.containers import Allowance, Attachment, unwrap
from tests.parsers import containermaker as cm

SAMPLES = Path(__file__).parent / "samples" / "rar"


@pytest.fixture(scope="module", autouse=True)
def libarchive_present() -> None:
    if ctypes.util.find_library("archive") is None:
        from tests.servers._util import apt_install

        apt_install("libarchive13")


@pytest.fixture(autouse=True)
def fresh_budgets() -> Iterator[None]:
    budget.use(budget.Budgets())
    yield
    budget.use(budget.Budgets())


def opened(name: str, budgets: budget.Budgets | None = None) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    found = unwrap(Attachment(name, "application/octet-stream", (SAMPLES / name).read_bytes()),
                   Allowance(budgets or budget.Budgets()))
    return {f.name: f.data for f in found.files}, [(p.code, p.filename or "") for p in found.problems]


def test_a_rar4_archive_gives_its_files_under_its_name() -> None:
    found = unwrap(Attachment("Aftaler.rar", "", (SAMPLES / "test_read_format_rar.rar").read_bytes()), Allowance())
    assert [(f.name, f.data) for f in found.files] == [("Aftaler.rar/test.txt", b"test text document\r\n")] * 2
    assert found.problems == []  # test.txt and testdir/test.txt; the link and the folders are no files


def test_a_rar5_archive_gives_its_files() -> None:
    files, problems = opened("test_read_format_rar5_stored.rar")
    assert files == {"test_read_format_rar5_stored.rar/helloworld.txt": b"hello libarchive test suite!\n"}
    assert problems == []
    files, problems = opened("test_read_format_rar5_multiple_files.rar")
    assert sorted(files) == [f"test_read_format_rar5_multiple_files.rar/test{i}.bin" for i in range(1, 5)]
    assert {len(d) for d in files.values()} == {4096} and problems == []


def test_encrypted_files_are_named_and_the_others_read() -> None:
    files, problems = opened("test_read_format_rar4_encrypted.rar")
    assert sorted(files) == ["test_read_format_rar4_encrypted.rar/a.txt", "test_read_format_rar4_encrypted.rar/c.txt"]
    assert problems == [("encrypted", "test_read_format_rar4_encrypted.rar/b.txt"),
                        ("encrypted", "test_read_format_rar4_encrypted.rar/d.txt")]
    files, problems = opened("test_read_format_rar5_encrypted.rar")  # marked by its headers, not libarchive 3.6
    assert sorted(files) == ["test_read_format_rar5_encrypted.rar/a.txt", "test_read_format_rar5_encrypted.rar/c.txt"]
    assert problems == [("encrypted", "test_read_format_rar5_encrypted.rar/b.txt"),
                        ("encrypted", "test_read_format_rar5_encrypted.rar/d.txt")]


def _vint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n >> 7 else 0))
        n >>= 7
        if not n:
            return bytes(out)


def rar5_headers_encrypted() -> bytes:
    """What `rar -hp` writes first (RAR 5.0 format): the signature, then an archive encryption header (type 4:
    version 0, a password check, KDF count, salt and check value), then only encrypted headers (IV + AES)."""
    body = _vint(4) + _vint(0) + _vint(0) + _vint(1) + bytes([15]) + bytes(range(16)) + bytes(12)
    header = _vint(len(body)) + body
    return b"Rar!\x1a\x07\x01\x00" + struct.pack("<I", zlib.crc32(header)) + header + bytes(range(96))


def rar4_headers_encrypted() -> bytes:
    """RAR 4 with `-hp`: the marker, a main header flagged 0x0080 (encrypted headers), then salt + AES blocks."""
    main = struct.pack("<BHH", 0x73, 0x0080, 13) + bytes(6)
    return b"Rar!\x1a\x07\x00" + struct.pack("<H", zlib.crc32(main) & 0xFFFF) + main + bytes(range(96))


@pytest.mark.parametrize("archive", [rar5_headers_encrypted, rar4_headers_encrypted])
def test_an_archive_whose_list_of_files_is_encrypted_is_named_encrypted(archive: Any) -> None:
    found = unwrap(Attachment("Aftaler.rar", "application/vnd.rar", archive()), Allowance())
    assert found.files == []
    assert [(p.code, p.filename) for p in found.problems] == [("encrypted", "Aftaler.rar")]
    raw = cm.mail_with([("Aftaler.rar", "application/vnd.rar", archive())])
    reading: dict[str, Any] = read_mail(raw).as_json()
    assert [(p["code"], p["filename"]) for p in reading["message"]["problems"]] == [("encrypted", "Aftaler.rar")]


def test_the_budgets_hold_for_a_rar() -> None:
    _, problems = opened("test_read_format_rar5_multiple_files.rar", budget.Budgets(max_archive_entry_bytes=3000))
    assert [p for p, _ in problems] == ["too_large"] * 4
    files, problems = opened("test_read_format_rar5_multiple_files.rar", budget.Budgets(max_archive_entries=2))
    assert len(files) == 2 and [p for p, _ in problems] == ["too_large"]


def test_a_rar_attached_to_a_mail_is_opened_not_named_whole() -> None:
    raw = cm.mail_with([("Aftaler.rar", "application/x-rar-compressed", (SAMPLES / "test_read_format_rar.rar")
                         .read_bytes())])
    reading: dict[str, Any] = read_mail(raw).as_json()
    named = sorted(p["filename"] for p in reading["message"]["problems"])
    assert named == ["Aftaler.rar/test.txt", "Aftaler.rar/test.txt"]  # the two text files, not the archive


@pytest.mark.parametrize("data", [b"Rar!\x1a\x07\x00" + bytes(30), b"Rar!\x1a\x07\x01\x00" + bytes(200),
                                  (SAMPLES / "test_read_format_rar5_multiple_files.rar").read_bytes()[:900]],
                         ids=["rar4-empty", "rar5-zeros", "rar5-cut"])
def test_a_damaged_rar_is_named_never_a_crash(data: bytes) -> None:
    found = unwrap(Attachment("x.rar", "application/vnd.rar", data), Allowance())
    assert found.problems and all(p.code == "unsupported_attachment" for p in found.problems)
    assert all(p.filename and p.filename.startswith("x.rar") for p in found.problems)
