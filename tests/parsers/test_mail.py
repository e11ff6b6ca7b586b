"""Mails built with the email package in various encodings, clients and machine shapes."""
from __future__ import annotations

from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from parsers import read_mail

from . import mailmaker
from .pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])


def base(subject: str = "Aftaler", body: str = "Hej\n\nHermed vores aftaler.\n\nMvh Eva", **headers) -> EmailMessage:
    m = mailmaker.headers(EmailMessage(), "Eva Sand <Eva.Sand@Nord.example>", subject, to="sdn@medcom.example",
                          date="Mon, 09 Nov 2026 08:00:00 +0100", message_id="<abc@nord.example>", **headers)
    m.set_content(body)
    return m


def test_headers_ref_from_subject_and_from_our_message_id() -> None:
    out = read_mail(bytes(base("SV: [SDN-2026-0042] Aftaler"))).as_json()
    msg = out["message"]
    assert msg["from"] == "eva.sand@nord.example" and msg["sender_name"] == "Eva Sand"
    assert msg["case_ref"] == "SDN-2026-0042" and msg["date"] == "2026-11-09T08:00:00+01:00"
    reply = read_mail(bytes(base("SV: Aftaler", In_Reply_To="<SDN-2026-0007.starter.1@medcom.example>"))).as_json()
    assert reply["message"]["case_ref"] == "SDN-2026-0007"
    foreign = read_mail(bytes(base("SV: Aftaler", In_Reply_To="<xSDN-2026-0007@other.example>"))).as_json()
    assert foreign["message"]["case_ref"] is None


def test_attachments_in_odd_encodings_are_documents() -> None:
    m = MIMEMultipart()
    m["From"], m["To"], m["Subject"] = "a@b.example", "sdn@medcom.example", "=?iso-8859-1?q?Underskrevne_aftaler?="
    m.attach(MIMEText("Hej, her er aftalerne fra Ålykke. CVR 29189846.", "plain", "iso-8859-1"))
    a = MIMEApplication(AGREEMENT, "pdf")
    a.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "Tilslutningsaftale_Sønderå.pdf"))
    m.attach(a)
    b = MIMEBase("application", "octet-stream")
    b.set_payload(AGREEMENT)
    from email import encoders
    encoders.encode_base64(b)
    b.add_header("Content-Disposition", "attachment", filename="scan0001")
    m.attach(b)
    logo = MIMEBase("image", "png")
    logo.set_payload(b"\x89PNG....")
    logo.add_header("Content-Disposition", "inline", filename="logo.png")
    m.attach(logo)
    out = read_mail(m.as_bytes()).as_json()
    names = [d["filename"] for d in out["documents"]]
    assert names == ["Tilslutningsaftale_Sønderå.pdf", "scan0001"]
    assert all(d["kind"] == "connection_agreement" for d in out["documents"])
    assert out["message"]["cvrs"] == ["29189846"]
    assert "Ålykke" in out["message"]["body_text"]


def test_forwarded_message_attachment_pdfs_belong_to_outer_mail() -> None:
    inner = base("Aftaler")
    inner.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Aftale.pdf")
    outer = MIMEMultipart()
    outer["From"], outer["To"], outer["Subject"] = "Boss <boss@nord.example>", "sdn@medcom.example", "VS: Aftaler"
    outer.attach(MIMEText("Se vedhæftede.", "plain", "utf-8"))
    outer.attach(MIMEMessage(inner))
    out = read_mail(outer.as_bytes()).as_json()
    assert out["message"]["from"] == "boss@nord.example"
    assert [d["filename"] for d in out["documents"]] == ["Aftale.pdf"]
    assert out["message"]["body_text"].strip() == "Se vedhæftede."


def test_mismatch_between_agreements_of_one_mail() -> None:
    other = pdf([[(60, 60, "Databehandleraftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Nord Holding ApS"), (60, 150, "CVR-nr.: 11576133")]])
    m = base()
    m.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="a.pdf")
    m.add_attachment(other, maintype="application", subtype="pdf", filename="b.pdf")
    docs = read_mail(bytes(m)).as_json()["documents"]
    assert all("mismatch" in {p["code"] for p in d["problems"]} for d in docs)
    same = base()
    same.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="a.pdf")
    same.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="b.pdf")
    read = read_mail(bytes(same)).as_json()
    assert not any("mismatch" in {p["code"] for p in d["problems"]} for d in read["documents"])
    # two CVR numbers are a fact the party is told of
    assert all(p.get("evidence") is None for d in docs for p in d["problems"] if p["code"] == "mismatch")


def test_two_readings_of_the_name_under_one_cvr_are_for_a_person() -> None:
    """The same CVR and a name read another way (cut short at a wrap in one agreement, "Kommune No"): the readings
    disagree, and a person looks before the party hears that its documents differ."""
    cut = pdf([[(60, 60, "Databehandleraftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                (60, 130, "Organisation: Kommune No"), (60, 150, "CVR-nr.: 29189846")]])
    m = base()
    m.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="a.pdf")
    m.add_attachment(cut, maintype="application", subtype="pdf", filename="b.pdf")
    found = [p for d in read_mail(bytes(m)).as_json()["documents"] for p in d["problems"] if p["code"] == "mismatch"]
    assert found and all(p.get("evidence") == "disagree" for p in found)


def test_automated_kinds() -> None:
    assert read_mail(bytes(base(Auto_Submitted="auto-replied"))).as_json()["message"]["automated"] == "auto_reply"
    assert read_mail(bytes(base(Auto_Submitted="no"))).as_json()["message"]["automated"] is None
    outlook = base("Automatisk svar: [SDN-2026-0001] Aftaler", X_Auto_Response_Suppress="All")
    assert read_mail(bytes(outlook)).as_json()["message"]["automated"] == "auto_reply"
    ooo = base("Out of office", X_MS_Exchange_Inbox_Rules_Loop="x@nord.example")
    assert read_mail(bytes(ooo)).as_json()["message"]["automated"] == "auto_reply"
    human = base("Re: out of office next week?", X_Auto_Response_Suppress="All")
    assert read_mail(bytes(human)).as_json()["message"]["automated"] is None
    assert read_mail(bytes(base(List_Id="<news.example>"))).as_json()["message"]["automated"] == "list"
    assert read_mail(bytes(base(Precedence="bulk"))).as_json()["message"]["automated"] == "list"
    dsn = MIMEMultipart("report", report_type="delivery-status")
    dsn["From"], dsn["To"] = "Mail Delivery System <x@mx.example>", "sdn@medcom.example"
    dsn["Subject"] = "Undeliverable"
    dsn.attach(MIMEText("Delivery failed", "plain"))
    assert read_mail(dsn.as_bytes()).as_json()["message"]["automated"] == "bounce"
    daemon = base("Failure", Return_Path="<>")
    del daemon["From"]
    daemon["From"] = "MAILER-DAEMON@mx.example"
    assert read_mail(bytes(daemon)).as_json()["message"]["automated"] == "bounce"


def _from(address: str, subject: str, body: str = "Hej") -> bytes:
    m = base(subject, body)
    del m["From"]
    m["From"] = address
    return bytes(m)


def test_addresses_nobody_reads_are_machines_and_never_answered() -> None:
    # notification services and list managers, as in public bounce collections (SES, KDDI, fml, Mailman)
    for address in ("AWS Notifications <no-reply@sns.cloud.example>", "noreply@x0001.mobile.example",
                    "do-not-reply@portal.example", "DoNotReply@region.example", "news-request@lists.example",
                    "owner-sdn-info@lists.example", "info-bounces+eva=nord.example@lists.example"):
        read = read_mail(_from(address, "AWS Notification Message")).as_json()
        assert read["message"]["automated"] == "auto_reply", address
    # the same names inside a person's address are a person
    for address in ("Noreen Reply <noreen.reply@nord.example>", "request.team@nord.example",
                    "owner@nord.example", "bounce.manager@nord.example"):
        assert read_mail(_from(address, "Aftaler")).as_json()["message"]["automated"] is None, address
    # a mobile carrier's bounce from "post_master" whose subject looks like a reply
    bounce = _from("post_master@vtext.example", "Re:Test message",
                   "Error: No valid recipients for this MM\n\nOriginal message:\nTo: eva@nord.example\n")
    assert read_mail(bounce).as_json()["message"]["automated"] == "bounce"


def test_language_new_text_and_quotes() -> None:
    en = base("Connection", "Hello,\n\nPlease find attached our signed agreements. Thank you.\n\n"
              "Best regards\nLinnea\n\nOn Mon, 9 Nov 2026 MedCom SDN <sdn@medcom.example> wrote:\n"
              "> Tak for din henvendelse. Sag SDN-2026-0009\n")
    msg = read_mail(bytes(en)).as_json()["message"]
    assert msg["language"] == "en"
    assert msg["body_new_text"].endswith("Linnea") and "Tak for" not in msg["body_new_text"]
    assert msg["case_ref"] == "SDN-2026-0009"  # only in the quoted history: still the case
    da = base("Spørgsmål", "Hej\n\nSkal vi sende hele klientnettet med?\n\n________________________________\n"
              "Fra: MedCom\nSendt: 2. nov.\nPlease find attached the starter pack and the agreements for you.\n")
    msg = read_mail(bytes(da)).as_json()["message"]
    assert msg["language"] == "da" and "Fra: MedCom" not in msg["body_new_text"]


def test_html_only_and_auth_results() -> None:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "a@b.example", "sdn@medcom.example", "Hej"
    m["Authentication-Results"] = "mx.medcom.example; dkim=pass header.d=b.example; spf=fail; dmarc=fail"
    m.set_content("<html><head><style>p{}</style></head><body><p>Vi vil gerne tilsluttes.</p>"
                  "<p>CVR-nr. 29 18 98 46, tlf. 11 57 61 33</p></body></html>", subtype="html")
    msg = read_mail(bytes(m)).as_json()["message"]
    assert "Vi vil gerne tilsluttes." in msg["body_text"] and "p{}" not in msg["body_text"]
    assert msg["cvrs"] == ["29189846"]
    assert {k: msg["auth"][k] for k in ("dmarc", "dkim", "spf")} == {"dmarc": "fail", "dkim": "pass", "spf": "fail"}


def test_malformed_mail_does_not_crash() -> None:
    raw = (b"From: =?utf-8?q?broken <a@b.example\r\nTo: ,,,@@\r\nSubject: =?x-unknown?b?AAAA?=\r\n"
           b"Date: yesterday\r\nContent-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\n"
           b"Content-Type: text/plain; charset=x-bogus\r\n\r\nHej \xe6\xf8\xe5\r\n--zz\r\n"
           b"Content-Type: application/pdf; name=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"!!!notbase64\r\n")
    out = read_mail(raw).as_json()
    assert out["message"]["date"] is None
    assert isinstance(out["documents"], list)
    assert "Hej" in out["message"]["body_text"]
