"""Staff read how each digital signature was judged: in the steering group's notice and `case show`
(a real pipeline run over SQLite/PostgreSQL, agreements signed for real with pyHanko)."""
from __future__ import annotations

from tests.parsers.test_signed_then_changed import make_signer, sign

from . import mails
from .conftest import Bot


def test_notice_and_case_show_say_how_each_signature_was_judged(bot: Bot) -> None:
    from mailbot.views import case_timeline

    bot.deliver(mails.foreign_inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    signer = make_signer("Linnea Berg", "Nordsund Health AB")
    pdfs = tuple((f"{kind}.pdf", sign(mails.agreement(kind, "Nordsund Health AB", "65602040"), "Signature1", signer))
                 for kind in ("connection_agreement", "data_processor_agreement"))
    bot.deliver(mails.foreign_agreements(ref, "Signed, attached.", pdfs))
    out = bot.cycle("2026-11-03T09:15:00+01:00")
    assert bot.case()["state"] == "awaiting_steering_group"  # an unverified signature stops nothing
    notice = next(m for m in out if m["X-SDN-Step"] == "staff_notice")
    body = " ".join(notice.get_body(("plain",)).get_content().split())  # lines are wrapped
    assert "Linnea Berg (Nordsund Health AB): valid, covers the document, not verified" in body
    text = case_timeline(bot.app.engine, ref) or ""
    assert text.count("signature Linnea Berg (Nordsund Health AB): valid") == 2   # each document's reading
    assert "problem signer_untrusted" in text
