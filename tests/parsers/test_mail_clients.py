"""Mail-level reading of what real clients send: generated fixtures (email package, .example domains).

Covers the message fields of contracts.md section 1 (from, case_ref, automated, language) and which
attachments are documents, across mail programs, encodings, reference wordings, machine mail,
languages and forwards. Other phrasings than the shared corpus on purpose.
"""
from __future__ import annotations

import base64
from email import encoders
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from typing import Any

import pytest

from parsers import read_mail

from .mailmaker import headers
from .pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])
REF = "SDN-2026-0042"
OUR_ID = "<SDN-2026-0042.5f3a9c0e1b2d4e6f8a7b9c0d1e2f3a4b@medcom.example>"


def msg_of(m: EmailMessage | MIMEBase | bytes) -> dict[str, Any]:
    raw = m if isinstance(m, bytes) else m.as_bytes()
    out = read_mail(raw).as_json()
    out["message"]["_docs"] = [d["filename"] for d in out["documents"]]
    out["message"]["_kinds"] = [d["kind"] for d in out["documents"]]
    return dict(out["message"])


def plain(body: str, subject: str = "Aftaler", frm: str = "Eva Sand <Eva.Sand@nord-kommune.example>",
          **extra: str) -> EmailMessage:
    m = EmailMessage()
    headers(m, frm, subject, **extra)
    m.set_content(body)
    return m


def raw_mail(head: str, body: bytes) -> bytes:
    return head.replace("\n", "\r\n").encode("ascii") + b"\r\n" + body


# ---------------------------------------------------------------------------------------------- clients

def test_outlook_alternative_with_exchange_headers() -> None:
    m = MIMEMultipart("mixed")
    headers(m, "\"Hansen, Søren\" <SOEREN.HANSEN@Nord-Kommune.example>", f"SV: [{REF}] Tilslutning til SDN",
            Thread_Topic=f"[{REF}] Tilslutning til SDN", Thread_Index="AQHbfd380b3b3981bd4dc935",
            X_MS_Has_Attach="yes", X_MS_TNEF_Correlator="", X_MS_Exchange_Organization_SCL="-1",
            X_MS_Exchange_Organization_AuthAs="Internal", X_Auto_Response_Suppress="All",
            Content_Language="da-DK", In_Reply_To=OUR_ID, References=OUR_ID)
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText("Hej\r\n\r\nHermed de underskrevne aftaler.\r\n\r\nMed venlig hilsen\r\nSøren Hansen\r\n\r\n"
                        "Fra: MedCom SDN <sdn@medcom.example>\r\nSendt: 9. november 2026 08:15\r\n"
                        "Til: Søren Hansen <soeren.hansen@nord-kommune.example>\r\n"
                        f"Emne: [{REF}] Tilslutning til SDN\r\n\r\nThank you for your inquiry.\r\n",
                        "plain", "utf-8"))
    alt.attach(MIMEText("<html><head><style>p.MsoNormal{margin:0}</style></head><body lang=DA>"
                        "<div class=WordSection1><p class=MsoNormal>Hej<o:p></o:p></p>"
                        "<p class=MsoNormal>Hermed de underskrevne aftaler.</p>"
                        "<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>Fra:</b> "
                        "MedCom SDN<br><b>Sendt:</b> 9. november 2026<br><b>Emne:</b> x</p></div></div></body></html>",
                        "html", "utf-8"))
    m.attach(alt)
    a = MIMEApplication(AGREEMENT, "pdf")
    a.add_header("Content-Disposition", "attachment", filename="Tilslutningsaftale.pdf")
    m.attach(a)
    msg = msg_of(m)
    assert msg["from"] == "soeren.hansen@nord-kommune.example"
    assert msg["sender_name"] == "Hansen, Søren"
    assert (msg["case_ref"], msg["automated"], msg["language"]) == (REF, None, "da")
    assert msg["_docs"] == ["Tilslutningsaftale.pdf"] and msg["_kinds"] == ["connection_agreement"]
    assert "Thank you" not in msg["body_new_text"]


def test_outlook_web_html_reply_separator() -> None:
    m = EmailMessage()
    headers(m, "Ole Berg <ole.berg@syd-region.example>", "SV: Tilslutning", X_MS_Exchange_Organization_SCL="1",
            References=OUR_ID)
    m.set_content("Hi,\n\nPlease find attached the signed agreements.\n\nBest regards\nOle\n", charset="utf-8")
    m.add_alternative(
        "<html><body><div style=\"font-family:Calibri\">Hi,<br><br>Please find attached the signed agreements."
        "<br><br>Best regards<br>Ole</div><div id=\"appendonsend\"></div><hr style=\"display:inline-block\">"
        "<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font><b>Fra:</b> MedCom SDN &lt;sdn@medcom.example&gt;<br>"
        "<b>Sendt:</b> 9. november 2026 08:15<br><b>Til:</b> Ole Berg<br><b>Emne:</b> Tilslutning</font></div>"
        "<div>Tak for jeres henvendelse. Vi vender tilbage med aftalerne til underskrift.</div></body></html>",
        subtype="html")
    msg = msg_of(m)
    assert (msg["from"], msg["case_ref"], msg["language"]) == ("ole.berg@syd-region.example", REF, "en")


def test_gmail_alternative_with_wrapped_attribution_and_gmail_quote() -> None:
    m = MIMEMultipart("mixed")
    headers(m, "Mette Lund <mette.lund.praksis@gmail.example>", f"Re: [{REF}] Tilslutning til SDN")
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText("Hi\n\nHere are the agreements, signed.\n\nKind regards\nMette\n\n"
                        "Den tirs. 10. nov. 2026 kl. 08.15 skrev MedCom SDN <\nsdn@medcom.example>:\n\n"
                        "> Tak for jeres henvendelse om tilslutning til Sundhedsdatanettet.\n>\n"
                        "> Med venlig hilsen\n> MedCom\n", "plain", "utf-8"))
    alt.attach(MIMEText("<div dir=\"ltr\"><div>Hi</div><div><br></div><div>Here are the agreements, signed.</div>"
                        "</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">Den tirs. 10. "
                        "nov. 2026 kl. 08.15 skrev MedCom SDN &lt;<a href=\"mailto:sdn@medcom.example\">"
                        "sdn@medcom.example</a>&gt;:<br></div><blockquote class=\"gmail_quote\">Tak for jeres "
                        "henvendelse om tilslutning til Sundhedsdatanettet.</blockquote></div>", "html", "utf-8"))
    m.attach(alt)
    a = MIMEApplication(AGREEMENT, "pdf")
    a.add_header("Content-Disposition", "attachment", filename="Aftale underskrevet.PDF")
    m.attach(a)
    msg = msg_of(m)
    assert msg["language"] == "en"
    assert "skrev" not in msg["body_new_text"] and msg["body_new_text"].endswith("Mette")
    assert msg["_docs"] == ["Aftale underskrevet.PDF"]


def test_gmail_html_only_quote_is_not_new_text() -> None:
    m = EmailMessage()
    headers(m, subject="Re: Aftaler")
    m.set_content("<div dir=\"ltr\">Please find the forms attached.</div><br><div class=\"gmail_quote\">"
                  "<div class=\"gmail_attr\">Den man. 9. nov. 2026 skrev MedCom SDN:</div>"
                  "<blockquote class=\"gmail_quote\">Hej. Vi har brug for jeres underskrevne aftaler, og "
                  "vi skal også have informationsskemaet udfyldt af jer.</blockquote></div>", subtype="html")
    msg = msg_of(m)
    assert msg["language"] == "en" and "Hej" not in msg["body_new_text"]


def test_apple_mail_inline_pdfs_between_text_parts() -> None:
    m = MIMEMultipart("mixed")
    headers(m, "Jens Kold <jens@kold-klinik.example>", f"Re: [{REF}] aftaler", X_Mailer="Apple Mail (2.3774)")
    m.attach(MIMEText("Hej\n\nHer er tilslutningsaftalen\n", "plain", "utf-8"))
    for name in ("Tilslutningsaftale.pdf", "Databehandleraftale.pdf"):
        p = MIMEApplication(AGREEMENT, "pdf", name=name)
        p.add_header("Content-Disposition", "inline", filename=name)
        p.add_header("Content-Id", f"<{name}@apple>")
        m.attach(p)
        m.attach(MIMEText("\n", "plain", "utf-8"))
    m.attach(MIMEText("og databehandleraftalen.\n\nVenlig hilsen\nJens\n\nSendt fra min iPad", "plain", "utf-8"))
    msg = msg_of(m)
    assert msg["_docs"] == ["Tilslutningsaftale.pdf", "Databehandleraftale.pdf"]
    assert msg["language"] == "da" and "databehandleraftalen" in msg["body_text"]


def test_apple_mail_alternative_with_mixed_html_and_inline_pdf() -> None:
    m = MIMEMultipart("alternative")
    headers(m, "Jens Kold <jens@kold-klinik.example>", "Aftaler")
    m.attach(MIMEText("Hej, hermed aftalerne.", "plain", "utf-8"))
    mixed = MIMEMultipart("mixed")
    mixed.attach(MIMEText("<html><body>Hej, hermed aftalerne.<br></body></html>", "html", "utf-8"))
    p = MIMEApplication(AGREEMENT, "pdf", name="Aftale.pdf")
    p.add_header("Content-Disposition", "inline", filename="Aftale.pdf")
    mixed.attach(p)
    mixed.attach(MIMEText("<html><body></body></html>", "html", "utf-8"))
    m.attach(mixed)
    msg = msg_of(m)
    assert msg["_docs"] == ["Aftale.pdf"] and msg["language"] == "da"
    assert msg["body_text"].count("hermed aftalerne") == 1


def test_thunderbird_format_flowed_delsp() -> None:
    body = ("Hello,\r\n\r\nplease find attached our signed connection agree\r\nment and the data processor  \r\n"
            "agreement.\r\n\r\nBest regards\r\nLars\r\n\r\nOn 09-11-2026 08:15, MedCom SDN wrote:\r\n"
            "> Tak for jeres henvendelse. Vi har brug for de underskrevne aftaler  \r\n> fra jer.\r\n")
    # delsp=yes: the space before a soft line break is not part of the text
    body = body.replace("agree\r\nment", "agree \r\nment")
    raw = raw_mail("From: Lars Ek <lars.ek@lab-vest.example>\nTo: sdn@medcom.example\n"
                   f"Subject: Re: [{REF}] Connection\nMIME-Version: 1.0\nUser-Agent: Mozilla Thunderbird\n"
                   "Content-Type: text/plain; charset=UTF-8; format=flowed; delsp=yes\n"
                   "Content-Transfer-Encoding: 8bit\n", body.encode())
    msg = msg_of(raw)
    assert "connection agreement and the data processor agreement." in msg["body_text"]
    assert (msg["language"], msg["case_ref"]) == ("en", REF)


def test_thunderbird_format_flowed_without_delsp_keeps_spaces() -> None:
    body = "Hej\r\n\r\nHermed de underskrevne \r\naftaler fra \r\nos.\r\n\r\nMvh Lars\r\n"
    raw = raw_mail("From: lars@lab-vest.example\nTo: sdn@medcom.example\nSubject: Aftaler\n"
                   "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8; format=flowed\n", body.encode())
    assert "Hermed de underskrevne aftaler fra os." in msg_of(raw)["body_text"]


@pytest.mark.parametrize("body,lang", [
    ("Hej, hermed aftalerne.\n\nSendt fra min iPhone", "da"),
    ("Please find attached.\n\nSendt fra min iPhone", "en"),
    ("See attached, thanks\n\nSent from my iPhone", "en"),
    ("Aftalerne er vedhæftet\n\nHent Outlook til iOS", "da"),
    ("Signed copies attached.\n\nSendt fra Outlook til Android", "en"),
])
def test_iphone_and_mobile_signatures_do_not_decide_language(body: str, lang: str) -> None:
    m = plain(body, "Aftaler")
    m.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="IMG_0042.pdf")
    msg = msg_of(m)
    assert msg["language"] == lang and msg["_docs"] == ["IMG_0042.pdf"]


def test_lotus_notes_mail() -> None:
    m = MIMEMultipart("mixed")
    headers(m, "Karen Dahl <Karen.Dahl@hospital-oest.example>", f"Sv: {REF} Aftaler",
            X_Mailer="Lotus Notes Release 9.0.1FP10 Jan 08, 2018",
            X_MIMETrack="Serialize by Router on MAIL01/HOSP at 10-11-2026 09:12:00")
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText("Hej\n\nVedlagt de underskrevne aftaler.\n\nVenlig hilsen\nKaren Dahl\n\n\n\n"
                        "Fra:        \"MedCom SDN\" <sdn@medcom.example>\n"
                        "Til:        Karen.Dahl@hospital-oest.example\n"
                        "Dato:        09-11-2026 08:15\nEmne:        Tilslutning\n"
                        "________________________________\n\nThank you for the inquiry.\n", "plain", "iso-8859-1"))
    alt.attach(MIMEText("<font size=2 face=\"sans-serif\">Hej</font><br><br><font size=2>Vedlagt de underskrevne "
                        "aftaler.</font>", "html", "iso-8859-1"))
    m.attach(alt)
    a = MIMEBase("application", "octet-stream", name="Aftale.pdf")
    a.set_payload(AGREEMENT)
    encoders.encode_base64(a)
    a.add_header("Content-Disposition", "attachment", filename="Aftale.pdf")
    m.attach(a)
    msg = msg_of(m)
    assert (msg["from"], msg["case_ref"], msg["language"]) == ("karen.dahl@hospital-oest.example", REF, "da")
    assert msg["_docs"] == ["Aftale.pdf"] and "Thank you" not in msg["body_new_text"]


def test_html_only_with_tables_and_br() -> None:
    m = EmailMessage()
    headers(m, "info@tandlaege-fjord.example", "Forespørgsel om tilslutning")
    m.set_content("<html><body><p>Hej MedCom<br>Vi vil gerne tilsluttes SDN.</p>"
                  "<table><tr><td>Organisation</td><td>Tandlæge Fjord ApS</td></tr>"
                  "<tr><td>CVR</td><td>29189846</td></tr></table><p>Mvh<br>Klinikken</p></body></html>",
                  subtype="html", charset="utf-8")
    msg = msg_of(m)
    assert msg["language"] == "da" and msg["cvrs"] == ["29189846"]
    assert "Organisation Tandlæge Fjord ApS" in " ".join(msg["body_text"].split())


def test_empty_text_part_falls_back_to_html() -> None:
    m = MIMEMultipart("alternative")
    headers(m, "a.b@nord-kommune.example", "Spørgsmål")
    m.attach(MIMEText("\u200b\r\n \r\n", "plain", "utf-8"))
    m.attach(MIMEText(f"<p>Hello, we have a question regarding case {REF}. Could you please call us?</p>",
                      "html", "utf-8"))
    msg = msg_of(m)
    assert (msg["case_ref"], msg["language"]) == (REF, "en")


# ---------------------------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("charset,cte", [
    ("utf-8", "quoted-printable"), ("utf-8", "base64"), ("utf-8", "8bit"), ("iso-8859-1", "quoted-printable"),
    ("iso-8859-1", "8bit"), ("windows-1252", "quoted-printable"), ("windows-1252", "base64"),
])
def test_body_encodings(charset: str, cte: str) -> None:
    text = "Hej\n\nHermed aftalerne for Ålykke Sø – pris 1.200 € “inkl. moms”.\n\nMvh Åse Øster\n"
    if charset == "iso-8859-1":
        text = text.replace("–", "-").replace("€", "EUR").replace("“", '"').replace("”", '"')
    data = text.encode(charset)
    if cte == "quoted-printable":
        import quopri
        data = quopri.encodestring(data)
    elif cte == "base64":
        data = base64.encodebytes(data)
    raw = raw_mail("From: =?iso-8859-1?q?=C5se_=D8ster?= <aase@aalykke.example>\nTo: sdn@medcom.example\n"
                   f"Subject: Aftaler\nMIME-Version: 1.0\nContent-Type: text/plain; charset={charset}\n"
                   f"Content-Transfer-Encoding: {cte}\n", data)
    msg = msg_of(raw)
    assert "Ålykke Sø" in msg["body_text"] and "Åse Øster" in msg["body_text"]
    assert msg["sender_name"] == "Åse Øster" and msg["language"] == "da"
    if charset == "windows-1252":
        assert "€ “inkl. moms”" in msg["body_text"]


@pytest.mark.parametrize("declared,data", [
    ("us-ascii", "Hej, hermed aftalerne fra Ålykke Sø.".encode("iso-8859-1")),
    ("us-ascii", "Hej, hermed aftalerne fra Ålykke Sø.".encode()),
    ("utf8", "Hej, hermed aftalerne fra Ålykke Sø.".encode()),
    ("latin1", "Hej, hermed aftalerne fra Ålykke Sø.".encode("iso-8859-1")),
    ('"unknown-8bit"', "Hej, hermed aftalerne fra Ålykke Sø.".encode("iso-8859-1")),
    ("unknown-8bit", "Hej, hermed aftalerne fra Ålykke Sø.".encode()),
    ("iso-8859-1", "Hej, hermed aftalerne fra Ålykke Sø.".encode()),  # utf-8 labelled latin-1
    ("iso-8859-1", "Pris 100 € – “ok”. Hej fra Ålykke Sø.".encode("cp1252")),  # cp1252 labelled latin-1
    ("x-mac-bogus", "Hej fra Ålykke Sø.".encode("cp1252")),
])
def test_mislabelled_charsets(declared: str, data: bytes) -> None:
    raw = raw_mail("From: a@aalykke.example\nTo: sdn@medcom.example\nSubject: Aftaler\nMIME-Version: 1.0\n"
                   f"Content-Type: text/plain; charset={declared}\nContent-Transfer-Encoding: 8bit\n", data)
    body = msg_of(raw)["body_text"]
    assert "Ålykke Sø" in body and "\ufffd" not in body
    if "€" in data.decode("cp1252"):
        assert "100 € – “ok”" in body


def test_html_with_meta_charset_and_no_mime_charset() -> None:
    raw = raw_mail("From: a@aalykke.example\nTo: sdn@medcom.example\nSubject: Hej\nMIME-Version: 1.0\n"
                   "Content-Type: text/html\nContent-Transfer-Encoding: 8bit\n",
                   "<html><head><meta charset=\"windows-1252\"></head><body>Hej fra Ålykke Sø</body></html>"
                   .encode("cp1252"))
    assert "Ålykke Sø" in msg_of(raw)["body_text"]


def test_rfc2047_words_in_from_and_subject() -> None:
    raw = raw_mail("From: =?utf-8?B?U8O4cmVu?= =?iso-8859-1?Q?_B=E6kgaard?=\n <Soeren@Fjord.example>\n"
                   "To: sdn@medcom.example\n"
                   "Subject: =?utf-8?Q?SV=3A_=5BSDN-2026-?=\n =?utf-8?Q?0042=5D_Underskrevne_aftaler_fra_S?=\n"
                   " =?windows-1252?Q?=F8nder=E5_=96_klar?=\nMIME-Version: 1.0\nContent-Type: text/plain\n",
                   b"Hej, hermed aftalerne.\n")
    msg = msg_of(raw)
    assert msg["from"] == "soeren@fjord.example" and msg["sender_name"] == "Søren Bækgaard"
    assert msg["subject"] == "SV: [SDN-2026-0042] Underskrevne aftaler fra Sønderå – klar"
    assert msg["case_ref"] == REF


def test_rfc2047_b_word_split_inside_a_character() -> None:
    whole = "Sønderå aftaler".encode()
    cut = whole.index("ø".encode()) + 1  # between the two bytes of ø
    w1, w2 = base64.b64encode(whole[:cut]).decode(), base64.b64encode(whole[cut:]).decode()
    raw = raw_mail(f"From: =?utf-8?B?{w1}?=\n =?utf-8?B?{w2}?= <x@fjord.example>\nTo: sdn@medcom.example\n"
                   f"Subject: =?utf-8?B?{w1}?= =?utf-8?B?{w2}?=\nContent-Type: text/plain\n", b"Hej\n")
    msg = msg_of(raw)
    assert msg["subject"] == "Sønderå aftaler" and msg["from"] == "x@fjord.example"


def test_raw_8bit_headers() -> None:
    raw = ("From: Søren Bæk <soeren@fjord.example>\r\nTo: sdn@medcom.example\r\nSubject: Aftaler fra Sønderå\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nHej\r\n").encode()
    msg = msg_of(raw)
    assert msg["subject"] == "Aftaler fra Sønderå" and msg["sender_name"] == "Søren Bæk"
    latin = ("From: Søren Bæk <soeren@fjord.example>\r\nTo: sdn@medcom.example\r\nSubject: Aftaler fra Sønderå\r\n"
             "Content-Type: text/plain; charset=iso-8859-1\r\n\r\nHej\r\n").encode("iso-8859-1")
    msg = msg_of(latin)
    assert msg["subject"] == "Aftaler fra Sønderå" and msg["from"] == "soeren@fjord.example"


def test_unquoted_comma_in_display_name() -> None:
    msg = msg_of(plain("Hej", frm="Hansen, Søren <soeren@fjord.example>"))
    assert msg["from"] == "soeren@fjord.example"


def _pdf_part(disposition: str | None, ctype: str = "application/pdf", **params: str) -> MIMEBase:
    main, sub = ctype.split("/")
    p = MIMEBase(main, sub, **params)
    p.set_payload(AGREEMENT)
    encoders.encode_base64(p)
    if disposition:
        p["Content-Disposition"] = disposition
    return p


@pytest.mark.parametrize("part,name", [
    (_pdf_part("attachment; filename*=utf-8''Tilslutningsaftale%20%C3%85lykke.pdf"), "Tilslutningsaftale Ålykke.pdf"),
    (_pdf_part("attachment; filename*0*=utf-8''Tilslutningsaftale%20; filename*1*=%C3%85lykke%20Kommune; "
               "filename*2=\".pdf\""), "Tilslutningsaftale Ålykke Kommune.pdf"),
    (_pdf_part("attachment; filename=\"=?utf-8?Q?Aftale_=C3=85lykke=2Epdf?=\""), "Aftale Ålykke.pdf"),
    (_pdf_part(None, name="Aftale_kun_name.pdf"), "Aftale_kun_name.pdf"),
    (_pdf_part("attachment", "application/octet-stream", name="AFTALE.PDF"), "AFTALE.PDF"),
    (_pdf_part("attachment; filename=\"SCAN.PDF\"", "application/octet-stream"), "SCAN.PDF"),
])
def test_attachment_names(part: MIMEBase, name: str) -> None:
    m = MIMEMultipart()
    headers(m)
    m.attach(MIMEText("Hej, hermed aftalen.", "plain", "utf-8"))
    m.attach(part)
    msg = msg_of(m)
    assert msg["_docs"] == [name] and msg["_kinds"] == ["connection_agreement"]


def test_octet_stream_pdf_without_any_name_is_a_document() -> None:
    m = MIMEMultipart()
    headers(m)
    m.attach(MIMEText("Hej, hermed aftalen.", "plain", "utf-8"))
    m.attach(_pdf_part(None, "application/octet-stream"))
    msg = msg_of(m)
    assert len(msg["_docs"]) == 1 and msg["_docs"][0].endswith(".pdf") and msg["_kinds"] == ["connection_agreement"]


def test_zip_and_winmail_dat_are_not_documents() -> None:
    m = MIMEMultipart()
    headers(m)
    m.attach(MIMEText("Hej, aftalerne ligger i zip-filen.", "plain", "utf-8"))
    z = MIMEApplication(b"PK\x03\x04" + b"\0" * 40 + b"Tilslutningsaftale.pdf%PDF-1.4", "zip", name="aftaler.zip")
    z.add_header("Content-Disposition", "attachment", filename="aftaler.zip")
    m.attach(z)
    t = MIMEApplication(b"\x78\x9f\x3e\x22" + b"\0" * 40 + b"%PDF-1.4 inside", "ms-tnef", name="winmail.dat")
    t.add_header("Content-Disposition", "attachment", filename="winmail.dat")
    m.attach(t)
    msg = msg_of(m)
    assert msg["_docs"] == []
    codes = {p["code"] for p in msg["problems"]}
    assert "unsupported_attachment" in codes
    text = " ".join(p["message"] for p in msg["problems"])
    assert "aftaler.zip" in text and "winmail.dat" in text


# ---------------------------------------------------------------------------------------------- case references

@pytest.mark.parametrize("subject,body,extra,ref", [
    (f"[{REF}] Aftaler", "Hej", {}, REF),
    ("Aftaler", f"Hej\n\nVedr. {REF}: her er aftalerne.", {}, REF),
    ("aftaler", "hej, vedr. sdn-2026-0042", {}, REF),
    (f"Sag: {REF}", "Hej", {}, REF),
    ("Sag:SDN-2026-0042 aftaler", "Hej", {}, REF),
    (f"Re: SV: AW: VS: Fwd: [{REF}] Tilslutning", "Hej", {}, REF),
    ("SV: Tilslutning", "Hej", {"References": f"<x1@nord.example> {OUR_ID} <x2@nord.example>"}, REF),
    ("SV: Tilslutning", "Hej", {"In-Reply-To": "<x2@nord.example>", "References": OUR_ID}, REF),
    ("SV: SDN-26-42", "Ring på 2026 0042 eller SDN 26-42.", {}, None),
    ("Tlf. 20260042", "Mobil +45 2026 0042, sag 2026-0042", {}, None),
    ("Aftaler", "Vi har fået nummeret SDN-2026-00421 fra jer?", {}, None),
    ("Aftaler", "Hej\n\nSag nr. SDN–2026–0042 (med tankestreger fra Word).", {}, REF),
])
def test_case_references(subject: str, body: str, extra: dict[str, str], ref: str | None) -> None:
    m = plain(body, subject)
    for k, v in extra.items():
        m[k] = v
    assert msg_of(m)["case_ref"] == ref


def test_new_text_reference_wins_over_quoted_one() -> None:
    body = "Hej\n\nDette gælder sag SDN-2026-0042.\n\nDen 9. nov. 2026 skrev MedCom:\n> Sag SDN-2026-0007\n"
    assert msg_of(plain(body, "Aftaler"))["case_ref"] == REF
    quoted_first = "Hej\n\nDen 9. nov. 2026 skrev MedCom:\n> Sag SDN-2026-0007\n"
    assert msg_of(plain(quoted_first, "Aftaler"))["case_ref"] == "SDN-2026-0007"


# ---------------------------------------------------------------------------------------------- automated

@pytest.mark.parametrize("subject,extra,kind", [
    ("Aftaler", {"Auto-Submitted": "auto-generated"}, "auto_reply"),
    ("Aftaler", {"Auto-Submitted": "auto-replied; owner-email=\"x@nord.example\""}, "auto_reply"),
    ("Aftaler", {"Auto-Submitted": "no"}, None),
    ("Aftaler", {"Auto-Submitted": "No"}, None),
    ("Aftaler", {"X-Autoreply": "yes"}, "auto_reply"),
    ("Aftaler", {"X-Autorespond": "Vacation"}, "auto_reply"),
    ("Aftaler", {"Precedence": "bulk"}, "list"),
    ("Aftaler", {"Precedence": "junk"}, "list"),
    ("Aftaler", {"Precedence": "list"}, "list"),
    ("Nyhedsbrev", {"List-Id": "Nyheder <nyheder.region.example>"}, "list"),
    ("Nyhedsbrev", {"List-Unsubscribe": "<mailto:unsub@region.example>"}, "list"),
    ("Aftaler", {"X-Auto-Response-Suppress": "All"}, None),
    ("Aftaler", {"X-Auto-Response-Suppress": "DR, RN, NRN, OOF, AutoReply"}, None),
    (f"Automatisk svar: [{REF}] Aftaler", {}, "auto_reply"),
    (f"Automatic reply: [{REF}] Aftaler", {}, "auto_reply"),
    (f"Out of Office: [{REF}] Aftaler", {}, "auto_reply"),
    (f"Out of Office AutoReply: [{REF}] Aftaler", {}, "auto_reply"),
    (f"Fraværende: [{REF}] Aftaler", {}, "auto_reply"),
    (f"Autosvar: [{REF}] Aftaler", {}, "auto_reply"),
    ("Karen Dahl er ikke på kontoret.", {"X-Mailer": "Lotus Notes"}, "auto_reply"),
    ("Karen Dahl is out of the office.", {}, "auto_reply"),
    (f"Re: [{REF}] Aftaler", {"Auto-Submitted": "auto-replied", "Precedence": "bulk"}, "auto_reply"),
    (f"SV: Automatisk svar: [{REF}] Aftaler", {}, None),
    ("I am out of the office next week - can we meet later?", {}, None),
    ("Failure", {"Return-Path": "<>"}, "auto_reply"),
    ("Undelivered Mail Returned to Sender", {"Return-Path": "<>"}, "bounce"),
    ("Kan ikke leveres: Aftaler", {"Return-Path": "<>"}, "bounce"),
    ("Delivery delayed: Aftaler", {"Return-Path": "<>"}, "bounce"),
    ("Læst: Aftaler", {"Return-Path": "<>"}, "auto_reply"),
])
def test_automated_from_headers_and_subject(subject: str, extra: dict[str, str], kind: str | None) -> None:
    m = plain("Hej\n\nJeg er på ferie til og med 20. november.\n\nMvh Eva", subject)
    for k, v in extra.items():
        m[k] = v
    assert msg_of(m)["automated"] == kind


@pytest.mark.parametrize("frm", ["MAILER-DAEMON@mx.nord.example", "postmaster@nord.example",
                                 "Mail Delivery Subsystem <mailer-daemon@googlemail.example>",
                                 "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@nord.example>"])
def test_bounce_senders(frm: str) -> None:
    m = plain("Delivery has failed to these recipients.", "Undeliverable: Aftaler", frm=frm)
    assert msg_of(m)["automated"] == "bounce"


def _dsn(subject: str, frm: str, action: str = "failed", returned: str = "message") -> bytes:
    orig = EmailMessage()
    orig["From"] = "MedCom SDN <sdn@medcom.example>"
    orig["To"] = "x@nord.example"
    orig["Subject"] = f"[{REF}] Tilslutning til SDN"
    orig["Message-ID"] = OUR_ID
    orig.set_content("Tak for jeres henvendelse.")
    orig.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Tilslutningsaftale.pdf")
    if returned == "message":
        last = "Content-Type: message/rfc822\n\n" + orig.as_string()
    else:
        last = "Content-Type: text/rfc822-headers\n\n" + "".join(f"{k}: {v}\n" for k, v in orig.items()
                                                                if k.lower() != "content-type")
    status = "4.4.7" if action == "delayed" else "5.1.1"
    text = (f"From: {frm}\nTo: sdn@medcom.example\nSubject: {subject}\nDate: Tue, 10 Nov 2026 09:12:00 +0100\n"
            "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n"
            "--BB\nContent-Type: text/plain; charset=utf-8\n\nYour message could not be delivered / "
            "Din meddelelse kunne ikke leveres.\n\n--BB\nContent-Type: message/delivery-status\n\n"
            f"Reporting-MTA: dns; mx.nord.example\n\nFinal-Recipient: rfc822; x@nord.example\nAction: {action}\n"
            f"Status: {status}\n\n--BB\n{last}\n--BB--\n")
    return text.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("subject,frm,action,returned", [
    ("Undelivered Mail Returned to Sender", "MAILER-DAEMON@mx.nord.example", "failed", "headers"),
    ("Undeliverable: Tilslutning til SDN", "postmaster@nord.example", "failed", "message"),
    ("Kan ikke leveres: Tilslutning til SDN", "Microsoft Outlook <postmaster@nord.example>", "failed", "message"),
    ("Delivery Status Notification (Failure)", "Mail Delivery Subsystem <mailer-daemon@googlemail.example>",
     "failed", "message"),
    ("Delivery Status Notification (Delay)", "Mail Delivery Subsystem <mailer-daemon@googlemail.example>",
     "delayed", "headers"),
    ("Delayed Mail (still being retried)", "Mail Delivery System <relay@mx.nord.example>", "delayed", "headers"),
])
def test_delivery_reports(subject: str, frm: str, action: str, returned: str) -> None:
    msg = msg_of(_dsn(subject, frm, action, returned))
    assert msg["automated"] == "bounce"
    assert msg["case_ref"] == REF  # from the returned message's subject or our Message-ID
    assert msg["_docs"] == []  # the returned PDFs are our own, not the party's


def test_read_receipt_is_automated() -> None:
    text = ("From: Eva Sand <eva@nord-kommune.example>\nTo: sdn@medcom.example\nSubject: =?utf-8?q?L=C3=A6st=3A?= "
            "Aftaler\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; "
            "boundary=\"RR\"\n\n--RR\nContent-Type: text/plain; charset=utf-8\n\nDin meddelelse er blevet "
            "læst.\n\n--RR\nContent-Type: message/disposition-notification\n\nFinal-Recipient: rfc822; "
            f"eva@nord-kommune.example\nOriginal-Message-ID: {OUR_ID}\nDisposition: manual-action/MDN-sent-manually;"
            " displayed\n\n--RR--\n")
    msg = msg_of(text.replace("\n", "\r\n").encode())
    assert msg["automated"] == "auto_reply" and msg["case_ref"] == REF


def test_gmail_vacation_responder() -> None:
    m = plain("Jeg er på ferie og læser ikke mails før mandag.", f"Ferie (Re: [{REF}] Tilslutning)",
              frm="Mette Lund <mette.lund@gmail.example>", Auto_Submitted="auto-replied", Precedence="bulk")
    assert msg_of(m)["automated"] == "auto_reply"


def test_human_reply_quoting_an_out_of_office_is_not_automated() -> None:
    body = ("Hej\n\nBeklager, min kollega er på ferie - her er aftalerne alligevel.\n\nMvh Eva\n\n"
            "-----Oprindelig meddelelse-----\nFra: Jens\nSendt: 9. november\nEmne: Automatisk svar: Aftaler\n\n"
            "Out of Office: I am out of the office until Monday. Automatic reply.\n")
    m = plain(body, f"SV: [{REF}] Aftaler", X_Auto_Response_Suppress="All", X_MS_Exchange_Organization_SCL="1")
    msg = msg_of(m)
    assert msg["automated"] is None and msg["language"] == "da"


# ---------------------------------------------------------------------------------------------- language

@pytest.mark.parametrize("body,extra,lang", [
    ("Hej, hermed aftalerne.", {}, "da"),
    ("Please find attached.", {}, "en"),
    ("Please see attached.", {}, "en"),
    ("Hi, attached.", {}, "en"),
    ("Tak!", {}, "da"),
    ("Thanks!", {}, "en"),
    ("Hej\n\nVi vil gerne vide, hvornår vi kan blive tilsluttet.\n\nMvh Jens", {}, "da"),
    ("Hello,\n\nWe would like to know when the connection can be made.\n\nBest regards\nJohn Smith\n\n"
     "Med venlig hilsen\nJohn Smith\nIT-afdelingen, Region Øst\nTlf. 12 34 56 78\nVores åbningstider er "
     "mandag til fredag\nDenne e-mail kan indeholde fortrolige oplysninger og er kun til modtageren.", {}, "en"),
    ("Hej\n\nHer er aftalerne.\n\nMvh Jens", {"Content-Language": "en-US"}, "da"),
    ("Hello, here are the signed agreements for our clinic.", {"Content-Language": "da-DK"}, "en"),
    # Swedish and Norwegian partners get English: see parsers/mail/language.py for why
    ("Hej!\n\nHär kommer de undertecknade avtalen. Jag återkommer med formuläret.\n\nMed vänliga hälsningar\n"
     "Sven", {}, "en"),
    ("Hei\n\nVedlagt er de signerte avtalene fra oss. Ta gjerne kontakt hvis dere har spørsmål.\n\n"
     "Vennlig hilsen\nKari", {}, "en"),
    ("Hej\n\nVedlagt er de underskrevne aftaler fra os. Kontakt os gerne, hvis I har spørgsmål.\n\n"
     "Venlig hilsen\nKaren", {}, "da"),
])
def test_language(body: str, extra: dict[str, str], lang: str) -> None:
    assert msg_of(plain(body, "Aftaler", **extra))["language"] == lang


def test_english_subject_danish_body_and_the_reverse() -> None:
    assert msg_of(plain("Hej, vi har et spørgsmål til aftalen.", "Question"))["language"] == "da"
    assert msg_of(plain("We have a question about the agreement.", "Spørgsmål"))["language"] == "en"


# ---------------------------------------------------------------------------------------------- forwards

@pytest.mark.parametrize("marker", [
    "---------- Forwarded message ---------\nFrom: Jens <jens@klinik.example>\nDate: Mon, 9 Nov 2026\n"
    "Subject: Aftaler\nTo: Eva <eva@nord-kommune.example>\n",
    "-----Oprindelig meddelelse-----\nFra: Jens <jens@klinik.example>\nSendt: 9. november 2026 10:00\n"
    "Til: Eva\nEmne: Aftaler\n",
    "---------- Videresendt besked ----------\nFra: Jens <jens@klinik.example>\nDato: 9. nov. 2026\n",
    "Start på videresendt besked:\n\nFra: Jens <jens@klinik.example>\nEmne: Aftaler\nDato: 9. nov. 2026\n",
    "Begin forwarded message:\n\nFrom: Jens <jens@klinik.example>\nSubject: Aftaler\nDate: 9 Nov 2026\n",
    "-------- Videresendt meddelelse --------\nEmne: Aftaler\nDato: 9. nov. 2026\nFra: Jens <jens@klinik.example>\n",
    "-------- Forwarded Message --------\nSubject: Aftaler\nDate: Mon, 9 Nov 2026\nFrom: Jens <jens@klinik.example>\n",
])
def test_inline_forwards(marker: str) -> None:
    body = (f"Hej MedCom\n\nVideresender aftalerne fra klinikken, sag {REF}.\n\nMvh Eva\n\n{marker}\n"
            "Hello, please find attached the agreements we signed. Best regards, Jens\n")
    m = plain(body, "Fwd: Aftaler", frm="Eva Sand <eva@nord-kommune.example>")
    m.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Aftale.pdf")
    msg = msg_of(m)
    assert msg["from"] == "eva@nord-kommune.example" and msg["case_ref"] == REF and msg["language"] == "da"
    assert "Hello" not in msg["body_new_text"] and msg["_docs"] == ["Aftale.pdf"]


def test_forward_as_attachment_with_nested_pdfs_and_empty_outer_text() -> None:
    inner = plain("Hello, the signed agreements are attached.", f"[{REF}] Agreements",
                  frm="Jens <jens@klinik.example>")
    inner.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Connection.pdf")
    inner.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="DPA.pdf")
    outer = MIMEMultipart()
    headers(outer, "Eva Sand <eva@nord-kommune.example>", "VS: Agreements")
    outer.attach(MIMEText("", "plain", "utf-8"))
    outer.attach(MIMEMessage(inner))
    msg = msg_of(outer)
    assert msg["from"] == "eva@nord-kommune.example"
    assert msg["_docs"] == ["Connection.pdf", "DPA.pdf"]
    assert msg["case_ref"] == REF  # from the forwarded message's subject


def test_outer_pdfs_and_forwarded_pdfs_both_count() -> None:
    inner = plain("Aftalen.", "Aftale", frm="jens@klinik.example")
    inner.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Indre.pdf")
    outer = plain("Se vedhæftede.", "VS: Aftale")
    outer.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Ydre.pdf")
    outer.add_attachment(inner)
    assert msg_of(outer)["_docs"] == ["Ydre.pdf", "Indre.pdf"]


def test_forwarded_message_base64_encoded_or_as_eml_file() -> None:
    inner = plain("Hej, aftalen.", f"[{REF}] Aftale", frm="jens@klinik.example")
    inner.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Indre.pdf")
    data = inner.as_bytes()
    for ctype, extra in (("message/rfc822", ""), ("application/octet-stream", "; name=\"Aftale.eml\"")):
        raw = ("From: Eva <eva@nord-kommune.example>\nTo: sdn@medcom.example\nSubject: VS: Aftale\n"
               "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"ZZ\"\n\n--ZZ\n"
               "Content-Type: text/plain; charset=utf-8\n\nSe vedhæftede.\n\n--ZZ\n"
               f"Content-Type: {ctype}{extra}\nContent-Transfer-Encoding: base64\n\n").replace("\n", "\r\n").encode()
        raw += base64.encodebytes(data).replace(b"\n", b"\r\n") + b"--ZZ--\r\n"
        msg = msg_of(raw)
        assert msg["_docs"] == ["Indre.pdf"] and msg["from"] == "eva@nord-kommune.example", ctype
        assert msg["case_ref"] == REF and msg["body_text"].strip() == "Se vedhæftede."
        # a sound mail: the base64 text parsed as headers by the standard library is no defect of the mail's
        # (before: malformed_mail, MissingHeaderBodySeparatorDefect, and the mail to staff)
        assert [p["code"] for p in msg["problems"]] == [], ctype


def test_a_mail_missing_its_header_body_separator_is_still_malformed() -> None:
    raw = (b"From: eva@nord-kommune.example\r\nTo: sdn@medcom.example\r\nSubject: Aftale\r\n"
           b"no header at all\r\n\r\nHej\r\n")
    assert "malformed_mail" in [p["code"] for p in msg_of(raw)["problems"]]


def test_utf8_with_a_stray_windows_1252_byte() -> None:
    data = "Hej fra Ålykke Sø – pris 100 ".encode() + "€".encode("cp1252") + b"\n"
    raw = raw_mail("From: a@aalykke.example\nTo: sdn@medcom.example\nSubject: Hej\nMIME-Version: 1.0\n"
                   "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", data)
    assert "Ålykke Sø – pris 100 €" in msg_of(raw)["body_text"]


@pytest.mark.parametrize("subject,kind", [
    ("Karen Dahl is out of the office (returning 20-11-2026).", "auto_reply"),
    ("Karen Dahl er fraværende", "auto_reply"),
    ("Our IT manager is out of the office until Monday - please wait", None),
    ("Vores IT-ansvarlige er på ferie", None),
    ("Undeliverable: Aftaler", None),  # a human may write that; no machine sign
])
def test_out_of_office_subjects_without_headers(subject: str, kind: str | None) -> None:
    assert msg_of(plain("Hej, det er ok.", subject))["automated"] == kind


def test_danish_words_shared_with_norwegian_stay_danish() -> None:
    body = "Hej\n\nNår I har tid, kommer vi gerne om et spørgsmål til deres kontakt om aftalen.\n\nMvh Per"
    assert msg_of(plain(body, "Aftaler"))["language"] == "da"


def test_byte_order_mark_before_the_headers() -> None:
    raw = b"\xef\xbb\xbf" + bytes(plain("Hej, hermed aftalerne.", f"[{REF}] Aftaler"))
    msg = msg_of(raw)
    assert (msg["from"], msg["case_ref"]) == ("eva.sand@nord-kommune.example", REF)


@pytest.mark.parametrize("ctype", ["application/pdf", "application/octet-stream"])
def test_a_nameless_binary_pdf_part_is_read_and_the_mail_is_not_malformed(ctype: str) -> None:
    """A part with no name at all holding a PDF with binary bytes (as every PDF writer's header comment has): read
    as a document, and no `malformed_mail` (mail-parser decodes a nameless part as text and called that a charset
    defect, which sent a sound mail to staff)."""
    main, sub = ctype.split("/")
    part = MIMEBase(main, sub)
    part.set_payload(AGREEMENT)  # reportlab's: "%PDF-1.3\n%\x93\x8c\x8b\x9e ..."
    encoders.encode_base64(part)
    m = MIMEMultipart()
    headers(m)
    m.attach(MIMEText("Hej, hermed aftalen.", "plain", "utf-8"))
    m.attach(part)
    msg = msg_of(m)
    assert msg["_kinds"] == ["connection_agreement"]
    assert not [p for p in msg["problems"] if p["code"] == "malformed_mail"]


def test_a_text_part_in_the_wrong_charset_is_still_a_defect() -> None:
    m = MIMEMultipart()
    headers(m)
    bad = MIMEBase("text", "plain", charset="x-unknown-charset")
    bad.set_payload(b"Hej \xe6\xf8\xe5 \xff\xfe")
    m.attach(bad)
    msg = msg_of(m)
    assert [p for p in msg["problems"] if p["code"] == "malformed_mail"]


def test_the_words_of_a_mail_forwarded_as_an_attachment_are_given_beside_the_mails_own() -> None:
    """A colleague forwards the party's inquiry as an attachment (message/rfc822) with two lines of their own: the
    party's words ("via vores lægesystemleverandør, Praksys Data A/S") are in `body_forwarded_text`, so the case
    machine reads the inquiry as the party wrote it; the mail's own text stays the colleague's."""
    inner = EmailMessage()
    inner["From"] = "Lægehuset Nord <info@laegehuset-nord.example>"
    inner["To"] = "kollega@laegehuset-nord.example"
    inner["Subject"] = "Tilslutning til SDN"
    inner.set_content("Vi er en lægepraksis koblet på SDN via vores lægesystemleverandør, Praksys Data A/S.")
    outer = headers(EmailMessage(), "Eva Sand <eva.sand@laegehuset-nord.example>", "Fwd: Tilslutning til SDN")
    outer.set_content("Videresender til rette adresse.")
    outer.add_attachment(inner)
    msg = msg_of(outer)
    assert "Praksys Data A/S" in msg["body_forwarded_text"]
    assert "Praksys" not in msg["body_text"]


def test_exchanges_att00001_parts_are_the_rest_of_the_partys_text() -> None:
    """Apple Mail's text after an inline PDF, passed through Exchange, arrives as attachments "ATT00001.htm" and
    "ATT00002.txt": the rest of the party's words, read as its text (before: each named for staff as a file the bot
    does not read, so every such mail stopped for a person)."""
    m = plain("Hej\n\nHer er aftalen:\n")
    m.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Tilslutningsaftale.pdf")
    m.add_attachment("\nTeknisk kontakt: Bo Berg, bo.berg@nord-kommune.example\n\nVenlig hilsen\nEva\n",
                     filename="ATT00001.txt")
    m.add_attachment("<html><body>Venlig hilsen<br>Eva</body></html>", subtype="html", filename="ATT00002.htm")
    got = msg_of(m)
    assert got["_docs"] == ["Tilslutningsaftale.pdf"]
    assert not [p for p in got["problems"] if p["code"] == "unsupported_attachment"]
    assert "bo.berg@nord-kommune.example" in got["body_text"]
