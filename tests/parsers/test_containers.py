"""Containers a party's office sends documents in (issue 23): ZIP, winmail.dat, Outlook items, S/MIME.
Every fixture is made here (tests/parsers/containermaker.py); each is read by read_mail and by the
bounded reader `mailbot parse` uses."""
from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parsers import bounded, budget, read_mail
from parsers.containers import Allowance, Attachment, unwrap
from parsers.containers.smime import configure as configure_smime
from parsers.documents.signing import configure as configure_roots
from tests.parsers import containermaker as cm
from tests.parsers import msgmaker
from tests.pipeline import mails

AGREEMENT = mails.agreement("connection_agreement")
PDF = "application/pdf"


def problems(reading: dict[str, Any]) -> list[dict[str, Any]]:
    return list(reading["message"]["problems"])


def codes(reading: dict[str, Any]) -> set[str]:
    return {p["code"] for p in problems(reading)}


def kinds(reading: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d["filename"], d["kind"]) for d in reading["documents"]]


@pytest.fixture(autouse=True)
def fresh_budgets() -> Iterator[None]:
    budget.use(budget.Budgets())
    configure_roots([])
    configure_smime("", "")
    yield
    budget.use(budget.Budgets())  # a test's small budget must not reach the next module's tests
    configure_roots([])
    configure_smime("", "")


# ------------------------------------------------------------------------------------------------ ZIP
def test_agreement_in_a_zip_is_read_under_its_archive_name() -> None:
    raw = cm.mail_with([("aftaler.zip", "application/zip", cm.zip_of({"mappe/Tilslutningsaftale.pdf": AGREEMENT}))])
    reading = read_mail(raw).as_json()
    assert kinds(reading) == [("aftaler.zip/Tilslutningsaftale.pdf", "connection_agreement")]
    assert "unsupported_attachment" not in codes(reading)


def test_a_zip_within_a_zip_is_read_and_too_deep_is_named() -> None:
    two = read_mail(cm.mail_with([("a.zip", "application/zip", cm.nested_zip(2, AGREEMENT))])).as_json()
    assert kinds(two) == [("a.zip/level0.zip/Tilslutningsaftale.pdf", "connection_agreement")]
    deep = read_mail(cm.mail_with([("a.zip", "application/zip", cm.nested_zip(6, AGREEMENT))])).as_json()
    assert deep["documents"] == []
    [p] = [p for p in problems(deep) if p["code"] == "too_large"]
    assert p["limit"] == "max_archive_depth" and "a.zip/level" in p["message"]


def test_zip_bomb_is_too_large_naming_the_file() -> None:
    reading = read_mail(cm.mail_with([("aftale.zip", "application/zip", cm.zip_bomb(200))])).as_json()
    [p] = [p for p in problems(reading) if p["code"] == "too_large"]
    assert p["limit"] == "max_archive_ratio" and "aftale.zip/Tilslutningsaftale.pdf" in p["message"]
    assert reading["documents"] == []


def test_entry_over_the_unpacked_budget_is_too_large() -> None:
    budget.use(budget.Budgets(max_unpacked_bytes=len(AGREEMENT) + 10))
    data = cm.zip_of({"a.pdf": AGREEMENT, "b.pdf": AGREEMENT})
    reading = read_mail(cm.mail_with([("to.zip", "application/zip", data)])).as_json()
    assert kinds(reading) == [("to.zip/a.pdf", "connection_agreement")]
    [p] = [p for p in problems(reading) if p["code"] == "too_large"]
    assert p["limit"] == "max_unpacked_bytes" and "to.zip/b.pdf" in p["message"]


def test_too_many_entries_is_too_large() -> None:
    budget.use(budget.Budgets(max_archive_entries=3))
    data = cm.zip_of({f"f{i}.txt": b"x" for i in range(4)})
    reading = read_mail(cm.mail_with([("mange.zip", "application/zip", data)])).as_json()
    assert {(p["code"], p.get("limit")) for p in problems(reading)} >= {("too_large", "max_archive_entries")}


def test_encrypted_entry_and_damaged_zip_are_named() -> None:
    enc = read_mail(cm.mail_with([("kode.zip", "application/zip", cm.encrypted_entry_zip(AGREEMENT))])).as_json()
    [p] = [p for p in problems(enc) if p["code"] == "encrypted"]
    assert "kode.zip/Tilslutningsaftale.pdf" in p["message"] and "password" in p["message"]
    bad = read_mail(cm.mail_with([("brudt.zip", "application/zip", cm.zip_of({"a.pdf": AGREEMENT})[:200])])).as_json()
    assert any(p["code"] == "unsupported_attachment" and "brudt.zip" in p["message"] for p in problems(bad))


def test_an_archive_giving_no_files_is_named_not_passed_over() -> None:
    """An empty zip, one of folders only, an empty 7z: nothing read and nothing said would let the
    core call the documents missing; the archive is named for staff."""
    import io

    import py7zr

    folders = io.BytesIO()
    with zipfile.ZipFile(folders, "w") as z:
        z.mkdir("Aftaler")
    seven = io.BytesIO()
    with py7zr.SevenZipFile(seven, "w"):
        pass
    for name, data in (("tom.zip", cm.zip_of({})), ("mapper.zip", folders.getvalue()), ("tom.7z", seven.getvalue())):
        reading = read_mail(cm.mail_with([(name, "application/octet-stream", data)])).as_json()
        assert [(p["code"], p["filename"]) for p in problems(reading)] == [("unsupported_attachment", name)], name


def test_every_file_in_an_archive_is_read_or_named() -> None:
    data = cm.zip_of({"Tilslutningsaftale.pdf": AGREEMENT, "noter.txt": b"hej", "logo.bin": b"\x00\x01"},
                     zipfile.ZIP_STORED)
    reading = read_mail(cm.mail_with([("alt.zip", "application/zip", data)])).as_json()
    named = {p["filename"] for p in problems(reading) if p["code"] == "unsupported_attachment"}
    assert named == {"alt.zip/noter.txt", "alt.zip/logo.bin"}
    assert kinds(reading) == [("alt.zip/Tilslutningsaftale.pdf", "connection_agreement")]


# ----------------------------------------------------------------------------------------------- TNEF
def test_agreement_in_winmail_dat_is_read() -> None:
    dat = cm.winmail_dat([("Tilslutningsaftale.pdf", AGREEMENT)])
    reading = read_mail(cm.mail_with([("winmail.dat", "application/ms-tnef", dat)])).as_json()
    assert kinds(reading) == [("winmail.dat/Tilslutningsaftale.pdf", "connection_agreement")]
    assert "unsupported_attachment" not in codes(reading)


def test_zip_inside_winmail_dat_is_opened_too() -> None:
    dat = cm.winmail_dat([("aftaler.zip", cm.zip_of({"Tilslutningsaftale.pdf": AGREEMENT}))])
    reading = read_mail(cm.mail_with([("winmail.dat", "application/ms-tnef", dat)])).as_json()
    assert kinds(reading) == [("winmail.dat/aftaler.zip/Tilslutningsaftale.pdf", "connection_agreement")]


def test_a_forwarded_mail_with_a_danish_name_inside_winmail_dat_is_opened() -> None:
    """Outlook writes a file's title in the code page (Windows-1252): "VS Ærø Sundhedshus.eml" holding the
    party's mail holding the PDF; before, the name was lost (tnefparse decodes it as UTF-8) and the mail not
    opened, named for staff as an unknown file."""
    inner = cm.mail_with([("Tilslutningsaftale Ærø.pdf", "application/pdf", AGREEMENT)])
    dat = cm.winmail_dat([("VS Ærø Sundhedshus.eml", inner)])
    reading = read_mail(cm.mail_with([("winmail.dat", "application/ms-tnef", dat)])).as_json()
    assert kinds(reading) == [("winmail.dat/VS Ærø Sundhedshus.eml/Tilslutningsaftale Ærø.pdf",
                               "connection_agreement")]
    assert "unsupported_attachment" not in codes(reading)


def test_winmail_dat_with_a_bad_checksum_is_named() -> None:
    dat = cm.winmail_dat([("Tilslutningsaftale.pdf", AGREEMENT)], bad_checksum=True)
    reading = read_mail(cm.mail_with([("winmail.dat", "application/ms-tnef", dat)])).as_json()
    assert reading["documents"] == []
    assert any("winmail.dat" in p["message"] and "checksum" in p["message"] for p in problems(reading))


def test_outlook_item_and_the_item_attached_to_it_are_read() -> None:
    files = [("Tilslutningsaftale.pdf", PDF, AGREEMENT), ("note.txt", "text/plain", b"hej")]
    item = msgmaker.outlook_item("Aftale", files,
                                 [("Videresendt", "Fwd", [("Aftale2.pdf", PDF, mails.agreement(
                                     "data_processor_agreement"))])])
    reading = read_mail(cm.mail_with([("Aftale.msg", "application/vnd.ms-outlook", item)])).as_json()
    assert kinds(reading) == [("Aftale.msg/Tilslutningsaftale.pdf", "connection_agreement"),
                              ("Aftale.msg/Videresendt/Aftale2.pdf", "data_processor_agreement")]
    named = [p["filename"] for p in problems(reading) if p["code"] == "unsupported_attachment"]
    assert named == ["Aftale.msg/note.txt"]


def test_winmail_dat_of_countless_tiny_attributes_is_refused_before_parsing() -> None:
    budget.use(budget.Budgets(max_archive_entries=10))
    dat = cm.winmail_dat([(f"f{i}.txt", b"x") for i in range(100)])
    reading = read_mail(cm.mail_with([("winmail.dat", "application/ms-tnef", dat)])).as_json()
    [p] = [p for p in problems(reading) if p["code"] == "too_large"]
    assert p["limit"] == "max_archive_entries" and "winmail.dat" in p["message"]


def test_damaged_outlook_item_is_named() -> None:
    ole_head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    reading = read_mail(cm.mail_with([("Aftale.msg", "application/vnd.ms-outlook", ole_head)])).as_json()
    assert any(p["code"] == "unsupported_attachment" and "Aftale.msg" in p["message"] for p in problems(reading))


def test_unwrap_leaves_a_plain_file_as_it_is() -> None:
    att = Attachment("a.pdf", PDF, AGREEMENT)
    assert unwrap(att, Allowance()).files == [att]


# --------------------------------------------------------------------------------------------- S/MIME
@pytest.fixture(scope="module")
def oces3() -> cm.Identity:
    return cm.identity("Mette Holm", "Vestby Kommune", cvr="29189854", email="mette.holm@vestby-kommune.example")


def entity() -> bytes:
    return cm.inner_entity([("Tilslutningsaftale.pdf", PDF, AGREEMENT)])


def test_opaque_signed_mail_is_unwrapped_and_its_signer_recorded(oces3: cm.Identity, tmp_path: Path) -> None:
    raw = cm.opaque_signed(entity(), oces3)
    reading = read_mail(raw).as_json()
    assert kinds(reading) == [("Tilslutningsaftale.pdf", "connection_agreement")]
    assert "Hermed den underskrevne aftale." in reading["message"]["body_text"]
    smime = reading["message"]["smime"]
    assert smime["kind"] == "opaque" and smime["valid"] and not smime["trusted"]
    assert (smime["cvr"], smime["organisation"], smime["signer"]) == ("29189854", "Vestby Kommune", "Mette Holm")
    assert smime["email"] == "mette.holm@vestby-kommune.example"
    assert "signer_untrusted" in codes(reading)
    root = tmp_path / "root.pem"
    root.write_bytes(oces3.pem())
    configure_roots([str(root)])
    trusted = read_mail(raw).as_json()["message"]
    assert trusted["smime"]["trusted"] and not {"signer_untrusted", "signature_invalid"} & \
        {p["code"] for p in trusted["problems"]}


def test_opaque_signed_mail_changed_after_signing_does_not_verify(oces3: cm.Identity) -> None:
    raw = cm.opaque_signed(cm.inner_entity([], text="Vi tilmelder os SDN med 10 pladser.\n"), oces3)
    head, body = raw.split(b"\r\n\r\n", 1)
    import base64

    der = base64.b64decode(body)
    forged = der.replace(b"10 pladser", b"90 pladser")
    assert forged != der
    reading = read_mail(head + b"\r\n\r\n" + base64.encodebytes(forged)).as_json()
    assert reading["message"]["smime"]["valid"] is False
    assert any(p["code"] == "signature_invalid" and "Vestby Kommune" in p["message"] for p in problems(reading))


def test_oces2_serial_names_the_cvr(oces3: cm.Identity) -> None:
    oces2 = cm.identity("Søren Berg", "Andeby Apotek", cvr="12345674", oces2=True)
    smime = read_mail(cm.opaque_signed(entity(), oces2)).as_json()["message"]["smime"]
    assert smime["cvr"] == "12345674" and smime["organisation"] == "Andeby Apotek" and smime["valid"]


def test_clear_signed_mail_is_verified_and_recorded(oces3: cm.Identity) -> None:
    raw = cm.clear_signed(entity(), oces3)
    reading = read_mail(raw).as_json()
    assert kinds(reading) == [("Tilslutningsaftale.pdf", "connection_agreement")]
    smime = reading["message"]["smime"]
    assert smime["kind"] == "clear" and smime["valid"] and smime["cvr"] == "29189854"
    # stored with bare LF line endings (as a Maildir may keep it): still the same signed content
    assert read_mail(raw.replace(b"\r\n", b"\n")).as_json()["message"]["smime"]["valid"]
    changed = read_mail(raw.replace(b"Hermed den underskrevne aftale.", b"Hermed den UNDERSKREVNE aftale.")).as_json()
    assert changed["message"]["smime"]["valid"] is False and "signature_invalid" in codes(changed)


def test_encrypted_mail_without_a_key_is_kept_for_staff(oces3: cm.Identity) -> None:
    medcom = cm.identity("MedCom SDN", "MedCom", cvr="26919991")
    reading = read_mail(cm.encrypted(entity(), medcom)).as_json()
    assert reading["documents"] == []
    [p] = [p for p in problems(reading) if p["code"] == "encrypted"]  # named once, not again as an attachment
    assert "[smime]" in p["message"]


def test_encrypted_mail_is_opened_with_the_configured_key(oces3: cm.Identity, tmp_path: Path) -> None:
    medcom = cm.identity("MedCom SDN", "MedCom", cvr="26919991")
    (tmp_path / "key.pem").write_bytes(medcom.key_pem())
    (tmp_path / "cert.pem").write_bytes(medcom.pem())
    configure_smime(str(tmp_path / "key.pem"), str(tmp_path / "cert.pem"))
    # signed, then encrypted: as Outlook sends a signed and encrypted mail
    signed = cm.opaque_signed(entity(), oces3).split(b"\r\n\r\n", 1)
    inner = b"\r\n".join(line for line in signed[0].split(b"\r\n") if line.lower().startswith(
        (b"mime-version", b"content-"))) + b"\r\n\r\n" + signed[1]
    reading = read_mail(cm.encrypted(inner, medcom)).as_json()
    assert kinds(reading) == [("Tilslutningsaftale.pdf", "connection_agreement")]
    assert reading["message"]["smime"]["cvr"] == "29189854" and reading["message"]["smime"]["valid"]
    other = cm.identity("Anden", "Anden", cvr="12345674")
    lost = read_mail(cm.encrypted(entity(), other)).as_json()
    assert any(p["code"] == "encrypted" and "another recipient" in p["message"] for p in problems(lost))


def test_signed_pdf_p7m_file_is_read_and_its_signer_kept(oces3: cm.Identity) -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    der = pkcs7.PKCS7SignatureBuilder().set_data(AGREEMENT).add_signer(oces3.cert, oces3.key, hashes.SHA256()) \
        .sign(serialization.Encoding.DER, [])
    reading = read_mail(cm.mail_with([("Tilslutningsaftale.pdf.p7m", "application/pkcs7-mime", der)])).as_json()
    assert kinds(reading) == [("Tilslutningsaftale.pdf", "connection_agreement")]
    [signed] = [s for s in reading["message"]["smime_all"] if s["kind"] == "file"]
    assert signed["cvr"] == "29189854" and signed["valid"] and signed["file"] == "Tilslutningsaftale.pdf.p7m"


# ------------------------------------------------------------------------- through the bounded reader
def test_bounded_reader_reports_a_zip_bomb_once_with_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.eml"
    path.write_bytes(cm.mail_with([("aftale.zip", "application/zip", cm.zip_bomb(200))]))
    reading = bounded.read_path_bounded(path).as_json()
    hits = [p for p in reading["message"]["problems"] if p["code"] == "too_large"]
    assert [p["limit"] for p in hits] == ["max_archive_ratio"] and "aftale.zip" in hits[0]["message"]


def test_bounded_reader_reads_zip_and_opaque_signed(oces3: cm.Identity, tmp_path: Path) -> None:
    path = tmp_path / "zip.eml"
    path.write_bytes(cm.mail_with([("a.zip", "application/zip", cm.zip_of({"Tilslutningsaftale.pdf": AGREEMENT}))]))
    read = bounded.read_path_bounded(path).as_json()
    assert kinds(read) == [("a.zip/Tilslutningsaftale.pdf", "connection_agreement")]
    path.write_bytes(cm.opaque_signed(entity(), oces3))
    reading = bounded.read_path_bounded(path).as_json()
    assert reading["message"]["smime"]["cvr"] == "29189854"


# ------------------------------------------------------------------------------- nothing silently ignored
@pytest.mark.parametrize(("name", "ctype", "data"), [
    ("a.zip", "application/zip", cm.zip_of({"notes.txt": b"hej"})),
    ("winmail.dat", "application/ms-tnef", cm.winmail_dat([("notes.txt", b"hej")])),
    ("a.msg", "application/vnd.ms-outlook", msgmaker.outlook_item("x", [("notes.txt", "text/plain", b"hej")])),
    ("a.7z", "application/x-7z-compressed", b"7z\xbc\xaf\x27\x1c" + bytes(30)),
    ("a.rar", "application/vnd.rar", b"Rar!\x1a\x07\x00" + bytes(30)),
    ("a.tar.gz", "application/gzip", b"\x1f\x8b\x08" + bytes(30)),
    ("a.p7m", "application/pkcs7-mime", b"\x30\x03\x02\x01\x00"),
    ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", cm.zip_of({"x": b"y"})),
])
def test_every_container_is_read_or_named(name: str, ctype: str, data: bytes) -> None:
    reading = read_mail(cm.mail_with([(name, ctype, data)])).as_json()
    said = [p["message"] for p in problems(reading)]
    assert reading["documents"] or any(name in m for m in said), said


def test_reader_settings_reach_workers_started_before_them(oces3: cm.Identity, tmp_path: Path) -> None:
    """A long-lived parse worker started before the trust roots were configured is not used after."""
    from parsers.containers import smime
    from parsers.documents.signing.validation import TRUST_ENV

    assert set(bounded.READER_ENV) == {TRUST_ENV, smime.KEY_ENV, smime.CERT_ENV, smime.PASSWORD_ENV}
    mail = tmp_path / "m.eml"
    mail.write_bytes(cm.opaque_signed(entity(), oces3))
    before = [d.as_json() for d in bounded.read_mails_bounded([mail])][0]
    assert before["message"]["smime"]["trusted"] is False
    (tmp_path / "root.pem").write_bytes(oces3.pem())
    configure_roots([str(tmp_path / "root.pem")])
    after = [d.as_json() for d in bounded.read_mails_bounded([mail])][0]
    assert after["message"]["smime"]["trusted"] is True
    bounded.close_workers()


def test_a_form_written_in_a_winmail_dat_s_body_is_read_as_the_party_s_words() -> None:
    """Outlook's rich-text mail can keep its body only in the winmail.dat: what the party wrote there (here the
    information form as text) is read as the mail's own text is, never lost."""
    body = ("Hej MedCom\r\n\r\nHer er vores oplysninger:\r\nOrganisation: Kystby Kommune\r\nCVR-nummer: 29189919\r\n"
            "Teknisk kontakt: Bo Berg, bo.berg@kystby.example, 87654321\r\nIP-adresser: 10.1.0.0/24\r\n"
            "Installationsadresse: Havnevej 1, 7000 Kystby\r\n\r\nMed venlig hilsen\r\nAnna Holm\r\n")
    raw = cm.mail_with([("winmail.dat", "application/ms-tnef", cm.winmail_dat([], body=body))], subject="Oplysninger")
    reading = read_mail(raw).as_json()
    forms = [d for d in reading["documents"] if d["kind"] == "information_form"]
    assert forms and forms[0]["filename"].startswith("winmail.dat")  # before: the body in the winmail.dat was lost
    assert forms[0]["fields"]["technical_contacts"][0]["email"] == "bo.berg@kystby.example"


@pytest.mark.parametrize("kind", ["msg", "tnef"])
def test_an_outlook_file_past_the_room_left_is_too_large_and_the_next_one_still_read(kind: str) -> None:
    """The room check msg.py and tnef.py share (Allowance.take): a file past what is left of the mail's budget is
    `too_large` naming it, counted under max_unpacked_bytes; one that fits after it is read."""
    budget.use(budget.Budgets(max_unpacked_bytes=len(AGREEMENT) + 10))
    files = [("Stor.pdf", AGREEMENT + bytes(100)), ("Tilslutningsaftale.pdf", AGREEMENT)]
    if kind == "msg":
        item = msgmaker.outlook_item("Aftale", [(n, PDF, d) for n, d in files])
        att = ("Aftale.msg", "application/vnd.ms-outlook", item)
    else:
        att = ("winmail.dat", "application/ms-tnef", cm.winmail_dat(files))
    reading = read_mail(cm.mail_with([att])).as_json()
    [p] = [p for p in problems(reading) if p["code"] == "too_large"]
    assert p["limit"] == "max_unpacked_bytes" and f"{att[0]}/Stor.pdf" in p["message"]
    assert kinds(reading) == [(f"{att[0]}/Tilslutningsaftale.pdf", "connection_agreement")]
