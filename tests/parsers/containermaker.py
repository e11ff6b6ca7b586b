"""Containers made by the tests: ZIPs (zipfile), winmail.dat (a minimal TNEF writer after MS-OXTNEF:
tnefparse only reads) and S/MIME mail (cryptography's PKCS7SignatureBuilder and PKCS7EnvelopeBuilder,
self-signed certificates naming the organisation as MitID Erhverv / OCES3 does: organizationIdentifier
NTRDK-<CVR>)."""
from __future__ import annotations

import base64
import datetime as dt
import email.policy
import io
import struct
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

SENDER = "Mette Holm <mette.holm@vestby-kommune.example>"


def mail_with(files: list[tuple[str, str, bytes]], subject: str = "Hermed aftalen") -> bytes:
    """A mail from a party with a short text and these (name, content type, bytes) attachments."""
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Nov 2026 09:12:00 +0100"
    msg["Message-ID"] = "<containers@vestby-kommune.example>"
    msg.set_content("Hermed den underskrevne aftale.\n")
    for name, ctype, data in files:
        main, sub = ctype.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()


# ------------------------------------------------------------------------------------------------ ZIP
def zip_of(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def zip_bomb(inflated_mb: int = 200) -> bytes:
    """One entry of zeros: a few hundred KB that inflate to `inflated_mb` MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("Tilslutningsaftale.pdf", "w", force_zip64=True) as f:
            block = bytes(1 << 20)
            for _ in range(inflated_mb):
                f.write(block)
    return buf.getvalue()


def seven_zip(files: dict[str, bytes], password: str | None = None) -> bytes:
    """A 7-Zip archive of `files`, written by py7zr (the header encrypted too when a password is given)."""
    import py7zr

    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w", password=password, header_encryption=bool(password)) as z:
        for name, data in files.items():
            z.writestr(data, name)
    return buf.getvalue()


def nested_zip(depth: int, inner: bytes) -> bytes:
    """`inner` as a PDF in a ZIP in a ZIP ... `depth` deep."""
    data = zip_of({"Tilslutningsaftale.pdf": inner})
    for i in range(depth - 1):
        data = zip_of({f"level{i}.zip": data})
    return data


def encrypted_entry_zip(inner: bytes) -> bytes:
    """A ZIP whose entry is marked encrypted (general purpose flag bit 0 in both headers), as a
    password-protected ZIP from Windows is."""
    data = bytearray(zip_of({"Tilslutningsaftale.pdf": inner}, zipfile.ZIP_STORED))
    data[6] |= 1  # local file header: flags at offset 6
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1  # central directory entry: flags at offset 8
    return bytes(data)


# ----------------------------------------------------------------------------------------------- TNEF
def _attribute(level: int, attr_id: int, attr_type: int, data: bytes, bad_checksum: bool = False) -> bytes:
    """One TNEF attribute (MS-OXTNEF 2.1.3.1): level, ID and type, length, data, checksum (the sum of the
    data bytes modulo 65536)."""
    checksum = (sum(data) + (1 if bad_checksum else 0)) & 0xFFFF
    return struct.pack("<BHHI", level, attr_id, attr_type, len(data)) + data + struct.pack("<H", checksum)


def winmail_dat(files: list[tuple[str, bytes]], bad_checksum: bool = False, body: str | None = None) -> bytes:
    """A winmail.dat holding these files (and the mail's body text, attBody), as Outlook writes one for a
    rich-text mail."""
    out = struct.pack("<IH", 0x223E9F78, 0x0001)  # TNEF signature, legacy key
    out += _attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += _attribute(1, 0x9007, 0x0006, struct.pack("<II", 1252, 0))  # attOemCodepage
    if body is not None:
        out += _attribute(1, 0x800C, 0x0001, body.encode("cp1252") + b"\0")  # attBody (atpText)
    for name, data in files:
        rend = struct.pack("<HIHHI", 0x0001, 0xFFFFFFFF, 0xFFFF, 0xFFFF, 0)  # attAttachRendData: a file
        out += _attribute(2, 0x9002, 0x0006, rend)
        out += _attribute(2, 0x8010, 0x0001, name.encode("cp1252") + b"\0")  # attAttachTitle
        out += _attribute(2, 0x800F, 0x0006, data, bad_checksum)  # attAttachData
    return out


# ------------------------------------------------------------------------------------------- S/MIME
@dataclass
class Identity:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def identity(common_name: str, organisation: str | None = None, cvr: str | None = None,
             email: str | None = None, oces2: bool = False) -> Identity:
    """A self-signed certificate: OCES3 names the CVR as organizationIdentifier NTRDK-<CVR>, OCES2 in the
    serialNumber ("CVR:<CVR>-UID:...")."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if cvr and oces2:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"CVR:{cvr}-UID:12345678"))
    elif cvr:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRDK-{cvr}"))
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    name = x509.Name(attrs)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return Identity(cert, key)


def _headers(subject: str) -> bytes:
    return (f"From: {SENDER}\r\nTo: sdn@medcom.example\r\nSubject: {subject}\r\n"
            "Date: Mon, 02 Nov 2026 09:12:00 +0100\r\nMessage-ID: <smime@vestby-kommune.example>\r\n").encode()


def inner_entity(files: list[tuple[str, str, bytes]], text: str = "Hermed den underskrevne aftale.\n") -> bytes:
    """The MIME entity a client signs or encrypts: text and attachments, without the mail's headers."""
    msg = EmailMessage()
    msg.set_content(text)
    for name, ctype, data in files:
        main, sub = ctype.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes(policy=email.policy.SMTP)


def opaque_signed(entity: bytes, signer: Identity, subject: str = "Hermed aftalen") -> bytes:
    """A mail whose whole body is the signed-data envelope (application/pkcs7-mime; smime-type=signed-data)."""
    der = pkcs7.PKCS7SignatureBuilder().set_data(entity).add_signer(signer.cert, signer.key, hashes.SHA256()) \
        .sign(serialization.Encoding.DER, [])
    body = base64.encodebytes(der).replace(b"\n", b"\r\n")
    return _headers(subject) + (b"MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data;"
                                b' name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n'
                                b'Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n') + body


def clear_signed(entity: bytes, signer: Identity, subject: str = "Hermed aftalen") -> bytes:
    """A multipart/signed mail: the entity as sent, the detached signature beside it."""
    smime = pkcs7.PKCS7SignatureBuilder().set_data(entity).add_signer(signer.cert, signer.key, hashes.SHA256()) \
        .sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature])
    return _headers(subject) + smime.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def encrypted(entity: bytes, recipient: Identity, subject: str = "Hermed aftalen") -> bytes:
    """A mail encrypted to `recipient` (application/pkcs7-mime; smime-type=enveloped-data)."""
    smime = pkcs7.PKCS7EnvelopeBuilder().set_data(entity).add_recipient(recipient.cert) \
        .encrypt(serialization.Encoding.SMIME, [])
    return _headers(subject) + smime.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


# ------------------------------------------------------------------------------------------- PDF carrying files
def pdf_carrying(pdf: bytes, files: list[tuple[str, bytes]], as_annotation: bool = False,
                 raw_stream: bytes | None = None) -> bytes:
    """`pdf` with `files` embedded by pypdf: in the document's /EmbeddedFiles (a portfolio's, Acrobat's "attach
    file"), or (`as_annotation`) each on the first page's file attachment annotation (the paper clip).
    `raw_stream`: the first file's stream holds these FlateDecode bytes instead (a bomb that lies)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for n, (name, data) in enumerate(files):
        if not as_annotation and raw_stream is None:
            w.add_attachment(name, data)
            continue
        stream = DecodedStreamObject()
        stream.set_data(data)
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        if raw_stream is not None and n == 0:
            stream = stream.flate_encode()
            stream._data = raw_stream  # noqa: SLF001 - the bytes a hostile writer puts there
        spec = DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                                 NameObject("/F"): TextStringObject(name), NameObject("/UF"): TextStringObject(name),
                                 NameObject("/EF"): DictionaryObject({NameObject("/F"): w._add_object(stream)})})  # noqa: SLF001
        if as_annotation:
            annot = DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (500, 760, 520, 780)]),
                NameObject("/FS"): w._add_object(spec), NameObject("/Contents"): TextStringObject(name)})  # noqa: SLF001
            w.pages[0].annotations = ArrayObject([*(w.pages[0].annotations or []), w._add_object(annot)])  # noqa: SLF001
        else:
            w.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject(name), w._add_object(spec)])})})  # noqa: SLF001
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------- Apple Pages / Numbers
def iwork_package(preview_pdf: bytes | None, modern: bool = True) -> bytes:
    """A Pages/Numbers package as Apple's apps lay it out (no free tool writes one): a ZIP of the app's own parts
    (Index/Document.iwa, Snappy-framed protobuf, here placeholder bytes; or iWork '09's index.xml.gz), a picture
    of the first page made by Pillow, and (`preview_pdf`) the Quick Look PDF of the document."""
    from PIL import Image

    jpg = io.BytesIO()
    Image.new("RGB", (212, 300), "white").save(jpg, "JPEG")
    parts: dict[str, bytes] = {"preview.jpg": jpg.getvalue(), "preview-micro.jpg": jpg.getvalue()}
    if modern:
        parts |= {"Index/Document.iwa": b"\x00\x1c\x00\x00" + bytes(60), "Index/Metadata.iwa": bytes(30),
                  "Metadata/Properties.plist": b"bplist00" + bytes(40)}
    else:
        parts |= {"index.xml.gz": b"\x1f\x8b" + bytes(40), "QuickLook/Thumbnail.jpg": jpg.getvalue()}
    if preview_pdf is not None:
        parts["QuickLook/Preview.pdf"] = preview_pdf
    return zip_of(parts)
