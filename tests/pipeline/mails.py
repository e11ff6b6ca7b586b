"""Mails as parties, TDC and staff write them, built in the tests (no shared corpus needed)."""
from __future__ import annotations

from mailbot.demo import agreement, information_form, mail

__all__ = ["agreement", "information_form", "mail"]

PARTY = ("Mette Holm", "mette.holm@vestby-kommune.example")
TDC = ("Ole Brøndum", "ole.broendum@tdc-erhverv.example")
STAFF = ("Anne Staff", "anne.staff@medcom.example")
FOREIGN = ("Linnea Berg", "linnea.berg@nordsund-health.example")  # a Swedish party: no Danish CVR


def foreign_inquiry() -> bytes:
    return mail(FOREIGN, "Connecting to the Danish Health Data Network",
                "Dear MedCom, Nordsund Health AB would like to connect. Our CVR is 65602040.",
                "2026-11-02T09:00:00+01:00")


def foreign_agreements(ref: str, text: str, pdfs: tuple[tuple[str, bytes], ...] | None = None) -> bytes:
    """The foreign party's agreements (unsigned, unless signed ones are given), a day after its inquiry."""
    pdfs = pdfs or tuple((f"{kind}.pdf", agreement(kind, "Nordsund Health AB", "65602040"))
                         for kind in ("connection_agreement", "data_processor_agreement"))
    return mail(FOREIGN, f"RE: [{ref}] agreements", text, "2026-11-03T09:00:00+01:00", pdfs=pdfs)


def inquiry(at: str = "2026-11-02T09:12:00+01:00", sender: tuple[str, str] = PARTY) -> bytes:
    return mail(sender, "Tilslutning til SDN – Vestby Kommune",
                "Kære MedCom\n\nVestby Kommune ønsker at blive tilsluttet SDN. CVR-nr. 29189846.\n\nMette Holm", at)


def agreements(ref: str, at: str = "2026-11-09T08:40:00+01:00", sender: tuple[str, str] = PARTY) -> bytes:
    return mail(sender, f"SV: [{ref}] Tilslutning til SDN", "Hermed aftalerne.", at,
                pdfs=(("Tilslutningsaftale.pdf", agreement("connection_agreement")),
                      ("Databehandleraftale.pdf", agreement("data_processor_agreement"))))


def form(ref: str, at: str = "2026-11-16T09:00:00+01:00", sender: tuple[str, str] = PARTY) -> bytes:
    return mail(sender, f"SV: [{ref}] Informationsskema", "Hermed skemaet.", at,
                pdfs=(("Informationsskema.pdf", information_form()),))


def tdc(ref: str, body: str, at: str = "2026-11-20T13:00:00+01:00") -> bytes:
    return mail(TDC, f"SV: [{ref}] Bestilling af SDN-tilslutning", body, at)


def staff(ref: str, body: str, sender: tuple[str, str] = STAFF, at: str = "2026-11-20T13:00:00+01:00") -> bytes:
    return mail(sender, f"SV: [{ref}] Sagen kræver manuel behandling", body, at)
