"""Signing services' evidence pages as the services print them (not as a table of ours): Penneo's closing
page, DocuSign's Certificate Of Completion, Adobe Acrobat Sign's audit report, Scrive's verifikat,
Verified/Criipto's MitID page and Visma Addo's page. Each names the signers with the service's own words
and times (UTC, GMT, the sender's time zone), among other dates (sent, viewed, completed) that are not
the party's signing date, and in either order of the party's and MedCom's signer."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bench.outside.model import Block, Columns, Fields, Grid, Heading, PageBreak, Para, Title

CPH = ZoneInfo("Europe/Copenhagen")
UTC = ZoneInfo("UTC")
SERVICES = ["penneo_page", "docusign_coc", "acrobat_audit", "scrive_verifikat", "verified_mitid", "addo_page"]
# whether the service's page can show the signer's title (then only when the sender asked for it)
SHOWS_TITLE = {"penneo_page": True, "docusign_coc": True, "acrobat_audit": False, "scrive_verifikat": False,
               "verified_mitid": False, "addo_page": False}
MEDCOM_SIGNERS = [("Henrik Wulff Christensen", "Direktør", "hwc@medcom.example"),
                  ("Lone Kirkegaard", "Chefkonsulent", "lk@medcom.example")]


@dataclass
class Signer:
    name: str
    title: str
    org: str
    email: str
    at: datetime  # Copenhagen time
    show_title: bool = False


@dataclass
class Page:
    """What a service adds: blocks before the document (a stamp), its evidence page, a footer on every page."""

    head: list[Block]
    page: list[Block]
    footer: str | None


def signing_time(rng: random.Random, d: date) -> datetime:
    """When someone signed on day `d` (Copenhagen): working hours, now and then just after midnight (then the
    UTC time is the day before)."""
    if rng.random() < 0.12:
        t = time(0, rng.randint(2, 58), rng.randint(0, 59))
    else:
        t = time(rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59))
    return datetime.combine(d, t, CPH)


def _key(rng: random.Random, groups: int, n: int, alphabet: str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") -> str:
    return "-".join("".join(rng.choice(alphabet) for _ in range(n)) for _ in range(groups))


def _ip(rng: random.Random) -> str:
    first = rng.choice([5, 31, 80, 87, 93, 188, 212])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split())


def _us(t: datetime) -> str:
    """DocuSign's time: 11/3/2026 | 02:02:11 PM."""
    return f"{t.month}/{t.day}/{t.year} | {t:%I:%M:%S %p}"


def _gmt(t: datetime) -> str:
    """Acrobat Sign's time: 2026-11-03 - 1:02:11 PM GMT."""
    u = t.astimezone(UTC)
    return f"{u:%Y-%m-%d} - {u.hour % 12 or 12}:{u:%M:%S %p} GMT"


def _cet(t: datetime) -> str:
    """Scrive's time: 2026-11-03 14:02:11 CET (+0100)."""
    return f"{t:%Y-%m-%d %H:%M:%S} {t.tzname()} ({t:%z})"


def page(rng: random.Random, service: str, signers: list[Signer], lang: str, doc_title: str,
         sender: Signer) -> Page:
    """The evidence of `service` for `signers` (in the order signed or listed), sent by `sender`."""
    return {"penneo_page": _penneo, "docusign_coc": _docusign, "acrobat_audit": _acrobat,
            "scrive_verifikat": _scrive, "verified_mitid": _verified, "addo_page": _addo}[service](
        rng, signers, lang, doc_title, sender)


def _penneo(rng: random.Random, signers: list[Signer], lang: str, title: str, sender: Signer) -> Page:
    key = _key(rng, 6, 5)
    da = lang == "da"
    intro = ("Underskrifterne i dette dokument er juridisk bindende. Dokumentet er underskrevet via Penneo™ sikker "
             "digital underskrift. Underskrivernes identiteter er blevet registreret, og informationerne er listet "
             "herunder." if da else
             "The signatures in this document are legally binding. The document is signed using Penneo™ secure "
             "digital signature. The identity of the signers has been recorded, and are listed below.")
    oath = ("\"Med min underskrift bekræfter jeg indholdet og alle datoer i dette dokument.\"" if da
            else "\"By my signature I confirm all dates and content in this document.\"")
    cols: list[list[Block]] = [[], []]
    for i, s in enumerate(signers):
        role = s.title if s.show_title else ("Underskriver" if da else "Signer")
        serial = f"{'Serienummer' if da else 'Serial number'}: {rng.choice(['UI:DK-', 'PID:9208-2002-2-'])}" \
                 f"{rng.randint(10**11, 10**12 - 1)}"
        behalf = [Para(f"{'På vegne af' if da else 'On behalf of'}: {s.org}")] if rng.random() < 0.5 else []
        ip = _ip(rng).rsplit(".", 1)[0] + ".xxx"
        cols[i % 2] += [Para(s.name), Para(role), *behalf, Para(serial), Para(f"IP: {ip}"),
                        Para(f"{s.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")]
    tail = ("Dette dokument er underskrevet digitalt via Penneo.com. De underskrevne data er valideret vha. den "
            "matematiske hashværdi af det originale dokument. Alle kryptografiske beviser er indlejret i denne PDF "
            "til fremtidig validering. Sådan kan du sikre dig, at dokumentet er originalt: penneo.com/validator"
            if da else
            "This document is digitally signed using Penneo.com. The digital signature data within the document is "
            "secured and validated by the computed hash value of the original document. All cryptographic evidence "
            "is embedded within this PDF for future validation. How to verify the originality of this document: "
            "penneo.com/validator")
    blocks: list[Block] = [PageBreak(), Para(intro), Para(oath, italic=True),
                           Columns(cols[0], cols[1]) if cols[1] else Columns(cols[0], []), Para(tail, small=True)]
    return Page([], blocks, f"{'Penneo dokumentnøgle' if da else 'Penneo document key'}: {key}")


def _docusign(rng: random.Random, signers: list[Signer], lang: str, title: str, sender: Signer) -> Page:
    env = "-".join(_key(rng, 1, n, "0123456789ABCDEF") for n in (8, 4, 4, 4, 12))
    first = min(s.at for s in signers)
    sent = first - timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 5), minutes=rng.randint(0, 59))
    rows = []
    for s in signers:
        who = "\n".join([s.name, s.email] + ([s.title] if s.show_title else [])
                        + ["Security Level: Email, Account Authentication (None)"])
        viewed = s.at - timedelta(minutes=rng.randint(1, 40))
        rows.append([who, f"{_initials(s.name)}\nSignature Adoption: Pre-selected Style\nUsing IP Address: {_ip(rng)}",
                     f"Sent: {_us(sent)}\nViewed: {_us(viewed)}\nSigned: {_us(s.at)}"])
    done = max(s.at for s in signers)
    blocks: list[Block] = [
        PageBreak(), Title("Certificate Of Completion"),
        Para(f"Envelope Id: {env.replace('-', '')}    Status: Completed"),
        Para(f"Subject: Complete with DocuSign: {title}.pdf"),
        Para(f"Document Pages: {rng.randint(3, 6)}    Signatures: {len(signers)}    Envelope Originator:"),
        Para(f"Certificate Pages: {rng.randint(2, 5)}    Initials: 0    {sender.name}"),
        Para("AutoNav: Enabled    EnvelopeId Stamping: Enabled"),
        Para("Time Zone: (UTC+01:00) Brussels, Copenhagen, Madrid, Paris"),
        Heading("Record Tracking"),
        Para(f"Status: Original    {_us(sent)}    Holder: {sender.name} {sender.email}    Location: DocuSign"),
        Grid(["Signer Events", "Signature", "Timestamp"], rows, borders=False),
        Para("Electronic Record and Signature Disclosure: Not Offered via DocuSign", small=True),
        Grid(["Envelope Summary Events", "Status", "Timestamps"],
             [["Envelope Sent", "Hashed/Encrypted", _us(sent)],
              ["Certified Delivered", "Security Checked", _us(done - timedelta(minutes=3))],
              ["Signing Complete", "Security Checked", _us(done)],
              ["Completed", "Security Checked", _us(done)]], borders=False)]
    return Page([Para(f"DocuSign Envelope ID: {env}", small=True)], blocks, None)


def _acrobat(rng: random.Random, signers: list[Signer], lang: str, title: str, sender: Signer) -> Page:
    first = min(s.at for s in signers)
    created = first - timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 4))
    done = max(s.at for s in signers)
    tid = "CBJCHBCAABAA" + _key(rng, 1, 32, "abcdefghijklmnopqrstuvwxyz0123456789_-")
    hist: list[Block] = [Para(f"Document created by {sender.name} ({sender.email})"), Para(_gmt(created), small=True)]
    for s in signers:
        hist += [Para(f"Document emailed to {s.name} ({s.email}) for signature"),
                 Para(_gmt(created + timedelta(minutes=1)), small=True),
                 Para(f"Email viewed by {s.name} ({s.email})"),
                 Para(_gmt(s.at - timedelta(minutes=rng.randint(2, 50))), small=True),
                 Para(f"Document e-signed by {s.name} ({s.email})"),
                 Para(f"Signature Date: {_gmt(s.at)} - Time Source: server", small=True)]
    hist += [Para("Agreement completed."), Para(_gmt(done), small=True)]
    blocks: list[Block] = [PageBreak(), Title(title, f"Final Audit Report    {done.astimezone(UTC):%Y-%m-%d}"),
                           Fields([("Created", f"{created.astimezone(UTC):%Y-%m-%d}"),
                                   ("By", f"{sender.name} ({sender.email})"), ("Status", "Signed"),
                                   ("Transaction ID", tid)], "inline"),
                           Heading(f"\"{title}\" History"), *hist,
                           Para("Adobe Acrobat Sign", small=True)]
    return Page([], blocks, None)


def _scrive(rng: random.Random, signers: list[Signer], lang: str, title: str, sender: Signer) -> Page:
    da = lang == "da"
    tid = "".join(rng.choice("0123456789") for _ in range(20))
    first = min(s.at for s in signers)
    started = first - timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 4))
    done = max(s.at for s in signers)
    parties: list[Block] = []
    for s in signers:
        parties += [Para(f"{s.name} ({_initials(s.name)})", italic=True), Para(s.org, italic=True),
                    Para(s.email, italic=True),
                    Para(f"{'Signeret' if da else 'Signed'} {_cet(s.at)}")]
    events: list[Block] = []
    for s in signers:
        events += [Para(f"{_cet(s.at - timedelta(minutes=rng.randint(2, 30)))}  {s.name} ({_initials(s.name)}) "
                        f"{'så dokumentet' if da else 'viewed the document'}"),
                   Para(f"{_cet(s.at)}  {s.name} ({_initials(s.name)}) "
                        f"{'underskrev dokumentet' if da else 'signed the document'}")]
    blocks: list[Block] = [
        PageBreak(), Title("Verifikat" if da else "Verification", f"{'Transaktion' if da else 'Transaction'} {tid}"),
        Heading("Dokument" if da else "Document"), Para(title), Para("Hoveddokument" if da else "Main document"),
        Para(f"{rng.randint(3, 6)} {'sider' if da else 'pages'}"),
        Para(f"{'Initieret på' if da else 'Initiated on'} {_cet(started)} {'af' if da else 'by'} {sender.name} "
             f"({_initials(sender.name)})"),
        Para(f"{'Færdiggjort' if da else 'Finalised'} {_cet(done)}"),
        Heading("Underskrivende parter" if da else "Signing parties"), *parties,
        Heading("Hændelser" if da else "Events"), *events,
        Para("Denne verifikation blev udstedt af Scrive. Information i kursiv er sikkert verificeret af Scrive."
             if da else "This verification was issued by Scrive. Information in italics has been safely verified "
             "by Scrive.", small=True)]
    return Page([], blocks, None)


def _verified(rng: random.Random, signers: list[Signer], lang: str, title: str, sender: Signer) -> Page:
    da = lang == "da"
    blocks: list[Block] = [PageBreak(), Title("Underskrifter" if da else "Signatures",
                                              f"{'Dokument-ID' if da else 'Document ID'}: {_key(rng, 5, 4)}"),
                           Para("Dette dokument er signeret med MitID via Verified." if da
                                else "This document has been signed with MitID via Verified.")]
    for s in signers:
        blocks += [Heading(s.name),
                   Para(f"{'signeret med MitID' if da else 'signed with MitID'} {s.at:%d.%m.%Y} "
                        f"{'kl.' if da else 'at'} {s.at:%H:%M}"),
                   Para(s.org, small=True)]
    blocks.append(Para("Verified / Criipto", small=True))
    return Page([], blocks, f"{'Dokument-ID' if da else 'Document ID'} via Verified")


def _addo(rng: random.Random, signers: list[Signer], lang: str, title: str, sender: Signer) -> Page:
    da = lang == "da"
    blocks: list[Block] = [PageBreak(), Title("Underskrevet via Visma Addo" if da else "Signed via Visma Addo"),
                           Para(f"{'Dokument' if da else 'Document'}: {title}")]
    for s in signers:
        blocks += [Heading(s.name),
                   Fields([("E-mail", s.email),
                           ("Underskrevet" if da else "Signed", f"{s.at:%d-%m-%Y %H:%M:%S}"),
                           ("Metode" if da else "Method", "MitID Erhverv"), ("IP-adresse" if da else "IP address",
                                                                            _ip(rng))], "inline")]
    blocks.append(Para(f"Visma Addo · {_key(rng, 4, 5)}", small=True))
    return Page([], blocks, None)


def medcom_signer(rng: random.Random, d: date) -> Signer:
    name, title, mail = rng.choice(MEDCOM_SIGNERS)
    return Signer(name, title, "MedCom", mail, signing_time(rng, d))
