"""The information form answered in the mail's own text: read as the form, marked from the mail and
uncertain; an ordinary mail (a signature with a phone number, a question about a network) gives nothing."""
from __future__ import annotations

from typing import Any

import pytest

from parsers import read_mail
from tests.parsers.mailmaker import from_kystby
from tests.parsers.officemaker import word_form

PLAIN = """Hej MedCom

Her er vores oplysninger til tilslutningen:

Organisation: Kystby Kommune
CVR: 29189919
Teknisk kontakt: Bo Berg, bo.berg@kystby.example, 87654321
IP-adresser: 10.1.0.0/24 og 10.2.0.0/24
Installationsadresse: Havnevej 1, 7000 Kystby

Venlig hilsen
Anna Holm
"""

HTML = """<html><body><p>Hej, her er oplysningerne:</p><table>
<tr><td>Organisation</td><td>Kystby Kommune</td></tr>
<tr><td>CVR-nummer</td><td>29189919</td></tr>
<tr><td>Teknisk kontaktperson</td><td>Bo Berg</td></tr>
<tr><td>E-mail</td><td>bo.berg@kystby.example</td></tr>
<tr><td>IP-scope</td><td>10.1.0.0/24</td></tr>
<tr><td>Installationsadresse</td><td>Havnevej 1, 7000 Kystby</td></tr>
</table><p>Mvh Anna</p></body></html>"""


def mail(body: str, html: str | None = None, attach: tuple[str, bytes] | None = None) -> bytes:
    m = from_kystby("SV: Tilslutning til SDN")
    if body:
        m.set_content(body)
        if html:
            m.add_alternative(html, subtype="html")
    else:
        m.set_content(html or "", subtype="html")
    if attach:
        m.add_attachment(attach[1], maintype="application", subtype="octet-stream", filename=attach[0])
    return m.as_bytes()


def body_doc(raw: bytes) -> dict[str, Any] | None:
    docs = [d for d in read_mail(raw).as_json()["documents"] if d.get("from_mail")]
    assert len(docs) <= 1
    return docs[0] if docs else None


def test_form_details_in_plain_text_are_read_as_the_form_for_staff_to_confirm() -> None:
    doc = body_doc(mail(PLAIN))
    assert doc is not None and doc["kind"] == "information_form" and doc["filename"] == "(mail body)"
    f = doc["fields"]
    assert f["organisation"] == "Kystby Kommune" and f["cvr"] == "29189919"
    assert f["ip_scopes"] == ["10.1.0.0/24", "10.2.0.0/24"]
    assert f["technical_contacts"] == [{"name": "Bo Berg", "email": "bo.berg@kystby.example", "phone": "+4587654321"}]
    assert f["installation_address"] == {"street": "Havnevej 1", "postcode": "7000", "city": "Kystby"}
    assert any(p["code"] == "uncertain" and p.get("from_mail") for p in doc["problems"])
    assert max(doc["confidence"].values()) <= 0.55


def test_the_mail_body_s_own_keys_are_written_after_the_reading_s() -> None:
    """`source` and `from_mail` come after what the page reader wrote, as `mailbot parse` has always printed
    them (pipeline.amended: a new key goes last, a key the document has keeps its place)."""
    doc = body_doc(mail(PLAIN))
    assert doc is not None
    assert list(doc)[:4] == ["filename", "kind", "fields", "problems"]
    assert list(doc)[-2:] == ["source", "from_mail"] and "confidence" in list(doc)[4:-2]


def test_form_details_in_an_html_table_are_read() -> None:
    doc = body_doc(mail("", HTML))
    assert doc is not None
    f = doc["fields"]
    assert f["cvr"] == "29189919" and f["ip_scopes"] == ["10.1.0.0/24"]
    assert f["technical_contacts"][0]["email"] == "bo.berg@kystby.example"
    assert f["technical_contacts"][0]["name"] == "Bo Berg"


@pytest.mark.parametrize("body", [
    "Hej MedCom\n\nVi vil gerne tilsluttes SDN. Kan I ringe?\n\nMvh\nAnna Holm\nanna.holm@kystby.example\n"
    "Tlf. 12 34 56 78\nKystby Kommune, Havnevej 1, 7000 Kystby\n",
    "Hej\n\nVores netværk er 10.0.0.0/8 - er det et problem for SDN?\n\nMvh Anna\n",
    "Hej\n\nTak for mailen, skemaet kommer i morgen.\n\n> Organisation: Kystby Kommune\n> CVR: 29189919\n"
    "> Teknisk kontakt: Bo Berg, bo.berg@kystby.example\n> IP-adresser: 10.1.0.0/24\n",
])
def test_an_ordinary_mail_gives_no_form(body: str) -> None:
    assert body_doc(mail(body)) is None


def test_a_mail_with_the_form_attached_is_not_read_twice() -> None:
    out = read_mail(mail(PLAIN, attach=("Informationsskema.docx", word_form()))).as_json()
    assert [d["filename"] for d in out["documents"]] == ["Informationsskema.docx"]


# the party's answers written under the quoted lines of our own request (outbox_templates/da/
# information_form_request.txt.j2), as a mail client quotes it: before, the quote ended the party's new text and
# every answer under it was lost (no form, and the case waited for a form the party had sent)
INTERLEAVED = """Hej

Svar herunder.

Den 6. dec. 2026 kl. 10.00 skrev MedCom SDN <sdn@medcom.example>:
> Jeres aftaler om tilslutning til Sundhedsdatanettet (SDN) er nu godkendt.
>
> Vedhæftet finder I informationsskemaet (Informationsskema.pdf). Udfyld det venligst med:
>
> - tekniske kontaktpersoner: navn, e-mail og telefonnummer for hver
Bo Berg, bo.berg@kystby.example, 87654321
Eva Sand, eva.sand@kystby.example, 11223344
> - SDN IP-scope: de netværk, der skal på SDN, i CIDR-form (fx 10.20.0.0/24)
10.1.0.0/24
10.2.0.0/24
> - installationsadresse: vej, postnummer og by, hvor SDN-udstyret skal installeres
Havnevej 1, 7000 Kystby
> - organisatorisk kontaktperson, hvis den er en anden end i tilslutningsaftalen
>
> Send det udfyldte skema som PDF-fil til sdn@medcom.example som svar på denne mail.

Med venlig hilsen
Anna Holm
"""


def test_answers_written_under_the_quoted_questions_are_read_for_staff() -> None:
    doc = body_doc(mail(INTERLEAVED))
    assert doc is not None and doc["kind"] == "information_form" and doc["filename"] == "(mail body)"
    f = doc["fields"]
    assert f["technical_contacts"] == [
        {"name": "Bo Berg", "email": "bo.berg@kystby.example", "phone": "+4587654321"},
        {"name": "Eva Sand", "email": "eva.sand@kystby.example", "phone": "+4511223344"}]
    assert f["ip_scopes"] == ["10.1.0.0/24", "10.2.0.0/24"]  # never the question's example, 10.20.0.0/24
    assert f["installation_address"] == {"street": "Havnevej 1", "postcode": "7000", "city": "Kystby"}
    assert any(p["code"] == "uncertain" and p.get("from_mail") for p in doc["problems"])
    assert max(doc["confidence"].values()) <= 0.55


def test_answers_under_quoted_labels_of_the_party_s_own_questions_are_read() -> None:
    text = ("Hej\n\n> Organisationens navn:\nKystby Kommune\n> CVR-nummer:\n29189919\n"
            "> Teknisk kontakt (navn, e-mail, telefon):\nBo Berg, bo.berg@kystby.example, 87654321\n"
            "> IP-scope (CIDR):\n10.1.0.0/24\n\nMvh Anna\n")
    doc = body_doc(mail(text))
    assert doc is not None
    f = doc["fields"]
    assert f["organisation"] == "Kystby Kommune" and f["cvr"] == "29189919"
    assert f["technical_contacts"] == [{"name": "Bo Berg", "email": "bo.berg@kystby.example", "phone": "+4587654321"}]
    assert f["ip_scopes"] == ["10.1.0.0/24"]


def test_a_reply_above_a_quoted_request_is_no_form() -> None:
    """A reply written above the whole quote (the usual reply) answers no question in it: nothing read from the
    quote, whose example network and address are ours."""
    text = INTERLEAVED.split("Den 6. dec.")[0] + "Vi sender skemaet i morgen.\n\n" + "\n".join(
        "> " + line.lstrip("> ") for line in INTERLEAVED.split("skrev MedCom SDN <sdn@medcom.example>:\n")[1]
        .splitlines())
    assert body_doc(mail(text)) is None


def test_a_text_marked_as_an_attachment_without_a_name_is_the_partys_text() -> None:
    """Some mail programs mark the mail's only text part `Content-Disposition: attachment` with no file name: it is
    still the party's words (before: passed over unseen, neither text nor file, so a form written there was lost)."""
    m = from_kystby("SV: Tilslutning til SDN")
    m.set_content(PLAIN)
    m.replace_header("Content-Type", 'text/plain; charset="utf-8"')
    m["Content-Disposition"] = "attachment"
    doc = body_doc(m.as_bytes())
    assert doc is not None and doc["kind"] == "information_form"
    assert doc["fields"]["cvr"] == "29189919"
