"""`mailbot demo`: a realistic conversation replayed on the embedded defaults, from inquiry to connected.

The party's documents are the project's own blank forms, filled in with pypdf as a party would, so the
demo also shows the parser reading our forms back.
"""
from __future__ import annotations

import email.utils
import io
import shutil
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from .app import App
from .blank_forms import attachment_path
from .clock import parse_now
from .config import from_dict
from .store.models import OutboundRow
from .views import case_timeline, cases_json

PARTY = ("Mette Holm", "mette.holm@vestby-kommune.example")
TDC = ("Ole Brøndum", "ole.broendum@tdc-erhverv.example")
CVR = "29189846"
ORG = "Vestby Kommune"


def fill(kind: str, values: dict[str, str], checks: tuple[str, ...] = ()) -> bytes:
    """Fill one of our blank forms the way a party does in a PDF reader."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(str(attachment_path(kind, "da"))))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
        for annot in page.get("/Annots") or []:
            field = annot.get_object()
            if field.get("/T") in checks:
                states = [k for k in field.get("/AP", {}).get("/N", {}) if k != "/Off"] or ["/Yes"]
                field[NameObject("/V")] = NameObject(states[0])
                field[NameObject("/AS")] = NameObject(states[0])
    writer.set_need_appearances_writer(True)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def agreement(kind: str, org: str = ORG, cvr: str = CVR) -> bytes:
    return fill(kind, {
        "party_organisation": org, "party_cvr": cvr, "party_address": "Rådhuspladsen 1",
        "party_postcode_city": "9999 Vestby", "party_date": "06-11-2026", "party_signature": "Mette Holm",
        "party_name": "Mette Holm", "party_title": "Digitaliseringschef",
    })


def information_form() -> bytes:
    return fill("information_form", {
        "org_name": ORG, "org_cvr": CVR, "orgcontact_name": PARTY[0], "orgcontact_email": PARTY[1],
        "orgcontact_phone": "30 59 30 86", "tech1_name": "Jonas Krag",
        "tech1_email": "jonas.krag@vestby-kommune.example",
        "tech1_phone": "+45 21 43 65 87", "ipscope_1": "10.42.0.0/24", "ipscope_2": "10.42.8.0/22",
        "installation_street": "Rådhuspladsen 1", "installation_postcode": "9999", "installation_city": "Vestby",
    }, checks=("type_municipality", "via_none"))


def mail(sender: tuple[str, str], subject: str, body: str, at: str, *, reply_to: str | None = None,
         pdfs: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr(sender)
    msg["To"] = "MedCom SDN <sdn@medcom.example>"
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime(parse_now(at))
    msg["Message-ID"] = email.utils.make_msgid(domain=sender[1].split("@")[1])
    if reply_to:
        msg["In-Reply-To"] = reply_to
        msg["References"] = reply_to
    msg.set_content(body)
    for name, data in pdfs:
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def deliver(inbox: Path, raw: bytes) -> None:
    name = f"{time.time_ns()}.demo"
    for sub in ("tmp", "new", "cur"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    (inbox / "tmp" / name).write_bytes(raw)
    (inbox / "tmp" / name).rename(inbox / "new" / name)


@dataclass
class _Seen:
    """What the demo saw of the bot's mails so far: the last mail's id, the mails a party and TDC answer, the case."""

    ids: int = 0
    starter: str | None = None  # the starter pack's Message-ID
    order: str | None = None  # TDC's order's
    ref: str = ""


def run_demo(folder: Path | None = None) -> int:
    folder = (folder or Path("var/demo")).resolve()
    shutil.rmtree(folder, ignore_errors=True)
    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example",
                      "tdc": ["sdn-levering@tdc-erhverv.example", "tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": "sqlite:///mailbot.db"},
        "local": {"inbox": "inbox", "outbox": "outbox"},
    }, base=folder)
    app = App.open(cfg)
    runner = app.runner()
    last = _Seen()

    def cycle(at: str, what: str) -> None:
        print(f"\n=== {at[:16].replace('T', ' ')}  {what}")
        runner.cycle(parse_now(at))
        from sqlmodel import Session, col, select

        with Session(app.engine) as s:
            for o in s.exec(select(OutboundRow).where(col(OutboundRow.id) > last.ids).order_by(col(OutboundRow.id))):
                last.ids = o.id or last.ids
                print(f"    -> {o.step:24} to {', '.join(o.to_addrs + o.cc_addrs)}   [{o.status}] {o.subject or ''}")
                if o.step == "starter_pack":
                    last.starter = o.message_id
                if o.step == "tdc_order":
                    last.order = o.message_id
        cases = cases_json(app.engine)
        if cases:
            c = cases[0]
            last.ref = c["ref"]
            print(f"    case {c['ref']}: {c['state']}" + (" (needs attention)" if c["needs_attention"] else ""))

    deliver(cfg.local.inbox, mail(PARTY, "Tilslutning til SDN – Vestby Kommune",
                                  f"Kære MedCom\n\nVestby Kommune ønsker at blive tilsluttet Sundhedsdatanettet. "
                                  f"CVR-nr. {CVR}.\n\nMed venlig hilsen\nMette Holm\nDigitaliseringschef",
                                  "2026-11-02T09:12:00+01:00"))
    cycle("2026-11-02T09:15:00+01:00", "the municipality's first inquiry arrives")
    ref = last.ref
    deliver(cfg.local.inbox, mail(PARTY, f"SV: [{ref}] Tilslutning til SDN", "Hermed de underskrevne aftaler.",
                                  "2026-11-09T08:40:00+01:00", reply_to=last.starter,
                                  pdfs=(("Tilslutningsaftale - underskrevet.pdf", agreement("connection_agreement")),
                                        ("Databehandleraftale - underskrevet.pdf",
                                         agreement("data_processor_agreement")))))
    cycle("2026-11-09T09:15:00+01:00", "signed agreements arrive")
    deliver(cfg.local.inbox, mail(PARTY, f"SV: [{ref}] Informationsskema", "Hermed det udfyldte informationsskema.",
                                  "2026-11-16T09:00:00+01:00", pdfs=(("Informationsskema Vestby.pdf",
                                                                     information_form()),)))
    cycle("2026-11-16T09:15:00+01:00", "the information form arrives")
    deliver(cfg.local.inbox, mail(TDC, f"SV: [{ref}] Bestilling af SDN-tilslutning",
                                  "Hej\n\nVi har aftalt installation med kommunen torsdag den 14. januar 2027 kl. "
                                  "09.00.\n\nMvh\nOle Brøndum\nTDC Erhverv", "2026-11-20T13:00:00+01:00",
                                  reply_to=last.order))
    cycle("2026-11-20T13:03:00+01:00", "TDC gives the installation date")
    deliver(cfg.local.inbox, mail(TDC, f"SV: [{ref}] Bestilling af SDN-tilslutning",
                                  "SD-WAN-udstyret er afsendt i dag sammen med opsætningsvejledningen.",
                                  "2027-01-06T10:00:00+01:00"))
    cycle("2027-01-06T10:03:00+01:00", "TDC ships the equipment")
    deliver(cfg.local.inbox, mail(TDC, f"SV: [{ref}] Bestilling af SDN-tilslutning",
                                  "Installationen er gennemført og testet. Forbindelsen er aktiv.",
                                  "2027-01-14T11:30:00+01:00"))
    cycle("2027-01-14T11:33:00+01:00", "TDC reports the installation done and tested")

    print("\n=== the case's timeline (mailbot case show)\n")
    print(case_timeline(app.engine, ref))
    print("\n=== staff summary (mailbot cases)\n")
    for c in cases_json(app.engine):
        print(f"{c['ref']}  {c['state']:12} {c['organisation']}  CVR {c['cvr']}  installation "
              f"{c['installation_date']}  scopes {', '.join(c['ip_scopes'])}  needs attention: {c['needs_attention']}")
    outbox = sorted(cfg.local.outbox.glob("*.eml"))
    print(f"\n{len(outbox)} outgoing mails written to {cfg.local.outbox}; the database is {folder / 'mailbot.db'}")
    ok = cases_json(app.engine)[0]["state"] == "connected"
    print("demo finished: the case is connected" if ok else "demo FAILED: the case did not reach connected")
    return 0 if ok else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_demo())


