"""Realistic mail for the benchmarks, built from the shared corpus, and fast ways to fill a mailbox.

Each mail takes the text, sender and subject of a corpus mail, gets its own Message-ID, sender and a line
that makes its bytes unique; about 40 % carry one to three PDFs from the corpus documents. Seeded, so
every run (and the bot and the baseline within a run) sees exactly the same mailbox.
"""
from __future__ import annotations

import email
import io
import os
import random
import shutil
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, make_msgid
from pathlib import Path

SHARED = Path(os.environ.get("BENCH_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
MAILS = SHARED / "corpus" / "mails"
DOCS = SHARED / "corpus" / "docs"
PDF_SHARE = 0.40


def _templates() -> list[tuple[str, str, str]]:
    """(from, subject, text) of every corpus mail that has a plain or HTML text part."""
    out = []
    for p in sorted(MAILS.glob("*.eml")):
        msg = email.message_from_bytes(p.read_bytes(), policy=default)
        body = msg.get_body(preferencelist=("plain", "html"))
        try:
            text = body.get_content() if body is not None else ""
        except (LookupError, ValueError):
            continue
        if text.strip() and msg.get("From"):
            out.append((str(msg["From"]), str(msg.get("Subject") or ""), text))
    return out


def _pdfs() -> list[tuple[str, bytes]]:
    out = []
    for p in sorted(DOCS.glob("*.pdf")):
        data = p.read_bytes()
        if data.lstrip().startswith(b"%PDF"):
            out.append((p.name, data))
    return out


def build(n: int, *, seed: int = 8, pdf_share: float = PDF_SHARE) -> list[bytes]:
    """n distinct mails; senders repeat in small groups, as parties write a few times each."""
    rnd = random.Random(seed)
    templates, pdfs = _templates(), _pdfs()
    start = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    out = []
    for i in range(n):
        sender, subject, text = templates[i % len(templates)]
        name, _, addr = sender.rpartition("<")
        local, _, domain = addr.rstrip(">").partition("@")
        org = i // 4  # four mails per party
        msg = EmailMessage()
        msg["From"] = f"{name.strip() or local} <{local}@org{org}.{domain}>"
        msg["To"] = "MedCom SDN <sdn@medcom.example>"
        msg["Subject"] = subject
        msg["Date"] = format_datetime(start + timedelta(minutes=7 * i))
        msg["Message-ID"] = make_msgid(f"bench{i}", domain=f"org{org}.{domain}")
        msg.set_content(f"{text}\n\n(mail {i})\n")
        if rnd.random() < pdf_share:
            for fname, data in rnd.sample(pdfs, rnd.randint(1, 3)):
                msg.add_attachment(data, maintype="application", subtype="pdf", filename=fname)
        out.append(msg.as_bytes())
    return out


def big_attachment_mail(megabytes: int = 25) -> bytes:
    """A mail with one scanned-looking PDF of about `megabytes` MB (a page of incompressible image)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    side = int((megabytes * 1_000_000 / 3 * 0.81) ** 0.5)  # reportlab stores it ~1.23 times its raw size
    img = Image.frombytes("RGB", (side, side), random.Random(25).randbytes(side * side * 3))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 800, "Databehandleraftale - indscannet")
    c.drawImage(ImageReader(img), 36, 36, width=520, height=520)
    c.showPage()
    c.save()
    msg = EmailMessage()
    msg["From"] = "Karen Scan <karen@scan-kommune.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = "Underskrevet aftale (scannet)"
    msg["Message-ID"] = make_msgid("big", domain="scan-kommune.example")
    msg.set_content("Hermed den underskrevne aftale.\n")
    msg.add_attachment(buf.getvalue(), maintype="application", subtype="pdf", filename="aftale-scannet.pdf")
    return msg.as_bytes()


def fill_maildir(maildir: Path, mails: list[bytes], *, owner: str = "nobody", group: str = "nogroup") -> None:
    """Write mail straight into a Dovecot user's Maildir `new/` (far faster than APPEND for 50,000)."""
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for i, raw in enumerate(mails):
        (maildir / "new" / f"1764000000.M{i}P1.bench").write_bytes(raw)
    for p in (maildir.parent, maildir, *maildir.iterdir()):
        shutil.chown(p, owner, group)
    for p in (maildir / "new").iterdir():
        shutil.chown(p, owner, group)


def inquiries(n: int) -> list[tuple[str, bytes]]:
    """n first inquiries from n different parties (each is answered), as (sender, raw)."""
    out = []
    for i in range(n):
        sender = f"kontakt{i}@latency{i}-kommune.example"
        msg = EmailMessage()
        msg["From"] = f"Kontakt {i} <{sender}>"
        msg["To"] = "MedCom SDN <sdn@medcom.example>"
        msg["Subject"] = "Tilslutning til Sundhedsdatanettet"
        msg["Date"] = format_datetime(datetime.now(UTC))
        msg["Message-ID"] = make_msgid(f"latency{i}", domain=f"latency{i}-kommune.example")
        msg.set_content(f"Kære MedCom\n\nVi vil gerne tilsluttes Sundhedsdatanettet (SDN). Hvad er de næste "
                        f"skridt?\n\nMed venlig hilsen\nKontakt {i}\nLatency{i} Kommune\n")
        out.append((sender, msg.as_bytes()))
    return out
