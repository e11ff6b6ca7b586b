"""Each routing clue and each trust rule, through the real pipeline and database."""
from __future__ import annotations

from . import mails
from .conftest import STAFF, Bot, steps

PARTY = mails.PARTY[1]
COLLEAGUE = ("Jens Kollega", "jens@vestby-kommune.example")


def _open_case(bot: Bot) -> tuple[str, object]:
    bot.deliver(mails.inquiry())
    (starter,) = bot.cycle("2026-11-02T09:15:00+01:00")
    return bot.case()["ref"], starter


def test_reference_in_the_body_only(bot: Bot) -> None:
    ref, _ = _open_case(bot)
    bot.deliver(mails.mail(mails.PARTY, "Aftaler", f"Vedr. sag {ref}: hermed aftalerne.", "2026-11-09T08:00:00+01:00",
                           pdfs=(("a.pdf", mails.agreement("connection_agreement")),
                                 ("b.pdf", mails.agreement("data_processor_agreement")))))
    bot.cycle("2026-11-09T08:05:00+01:00")
    assert len(bot.cases()) == 1 and bot.case()["state"] == "awaiting_information_form"


def test_our_message_id_in_references_with_rewritten_subject(bot: Bot) -> None:
    ref, starter = _open_case(bot)
    raw = mails.mail(mails.PARTY, "RE: (no subject)", "Hermed aftalerne", "2026-11-09T08:00:00+01:00",
                     pdfs=(("a.pdf", mails.agreement("connection_agreement")),
                           ("b.pdf", mails.agreement("data_processor_agreement"))))
    raw = raw.replace(b"MIME-Version", b"References: <x@y.example> " + str(starter["Message-ID"]).encode()
                      + b"\nMIME-Version", 1)
    bot.deliver(raw)
    bot.cycle("2026-11-09T08:05:00+01:00")
    assert len(bot.cases()) == 1 and bot.case()["state"] == "awaiting_information_form"


def test_known_contact_without_any_reference(bot: Bot) -> None:
    _open_case(bot)
    bot.deliver(mails.mail(mails.PARTY, "Aftaler", "Hermed aftalerne", "2026-11-09T08:00:00+01:00",
                           pdfs=(("a.pdf", mails.agreement("connection_agreement")),
                                 ("b.pdf", mails.agreement("data_processor_agreement")))))
    bot.cycle("2026-11-09T08:05:00+01:00")
    assert len(bot.cases()) == 1 and bot.case()["state"] == "awaiting_information_form"


def test_cvr_in_documents_from_a_colleague_in_the_learned_domain(bot: Bot) -> None:
    _open_case(bot)
    bot.deliver(mails.mail(COLLEAGUE, "Underskrevne aftaler", "Hermed", "2026-11-09T08:00:00+01:00",
                           pdfs=(("a.pdf", mails.agreement("connection_agreement")),
                                 ("b.pdf", mails.agreement("data_processor_agreement")))))
    out = bot.cycle("2026-11-09T08:05:00+01:00")
    assert len(bot.cases()) == 1 and bot.case()["state"] == "awaiting_information_form"
    assert ("information_form_request", COLLEAGUE[1]) in [(s, t.split(", ")[0]) for s, t in steps(out)]


def test_clues_that_disagree_go_to_staff(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    bot.deliver(mails.mail(("Per", "per@oestby-kommune.example"), "Tilslutning", "Østby Kommune CVR 81409668",
                           "2026-11-02T09:13:00+01:00"))
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    starter = next(m for m in out if PARTY in str(m["To"]))
    refs = {c["cvr"]: c["ref"] for c in bot.cases()}
    raw = mails.mail(mails.PARTY, f"SV: [{refs['81409668']}] Tilslutning", "Hermed", "2026-11-03T08:00:00+01:00",
                     reply_to=str(starter["Message-ID"]))
    bot.deliver(raw)
    out = bot.cycle("2026-11-03T08:05:00+01:00")
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"]
    assert {c["state"] for c in bot.cases()} == {"awaiting_agreements"}


def test_contact_of_two_cases_without_reference_goes_to_staff(bot: Bot) -> None:
    consultant = ("Konsulent", "k@raadgivning.example")
    for cvr in ("29189846", "81409668"):
        bot.deliver(mails.mail(consultant, "Tilslutning", f"På vegne af kommunen, CVR {cvr}",
                               "2026-11-02T09:00:00+01:00"))
        bot.cycle("2026-11-02T09:15:00+01:00")
    assert len(bot.cases()) == 2
    bot.deliver(mails.mail(consultant, "Spørgsmål", "Hvornår hører vi fra jer?", "2026-11-03T09:00:00+01:00"))
    out = bot.cycle("2026-11-03T09:05:00+01:00")
    assert len(bot.cases()) == 2 and [m["X-SDN-Step"] for m in out] == ["staff_notice"]


def test_unknown_reference_is_shown_to_staff_and_opens_no_case(bot: Bot) -> None:
    bot.deliver(mails.mail(mails.PARTY, "SV: [SDN-2026-9999] Tilslutning", "Hej", "2026-11-02T09:00:00+01:00"))
    out = bot.cycle("2026-11-02T09:05:00+01:00")
    assert bot.cases() == [] and [m["X-SDN-Step"] for m in out] == ["staff_notice"]


def test_dmarc_failure_makes_a_mail_untrusted(bot: Bot) -> None:
    ref, _ = _open_case(bot)
    raw = mails.agreements(ref, at="2026-11-03T09:00:00+01:00").replace(
        b"MIME-Version", b"Authentication-Results: mx.medcom.example; dmarc=fail header.from=vestby-kommune.example;"
        b" dkim=fail\nMIME-Version", 1)
    bot.deliver(raw)
    out = bot.cycle("2026-11-03T09:15:00+01:00")
    assert bot.case()["state"] == "awaiting_agreements"
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"] and STAFF in str(out[0]["To"])


def test_tdc_mail_from_an_unconfigured_address_moves_nothing(bot: Bot) -> None:
    ref, _ = _open_case(bot)
    raw = mails.mail(("Fake TDC", "ole@tdc-erhverv-fake.example"), f"SV: [{ref}] Bestilling",
                     "Installationen er gennemført og testet.", "2026-11-03T09:00:00+01:00")
    bot.deliver(raw)
    out = bot.cycle("2026-11-03T09:05:00+01:00")
    assert bot.case()["state"] == "awaiting_agreements"
    assert all("tdc-erhverv-fake" not in str(m["To"]) for m in out)


def test_bounce_of_our_mail_raises_the_case(bot: Bot) -> None:
    ref, starter = _open_case(bot)
    bounce = (b"From: Mail Delivery System <MAILER-DAEMON@mx.vestby-kommune.example>\n"
              b"To: sdn@medcom.example\nSubject: Undelivered Mail Returned to Sender\n"
              b"Date: Mon, 02 Nov 2026 09:20:00 +0100\nMessage-ID: <b1@mx.vestby-kommune.example>\n"
              b"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
              b"--b\nContent-Type: text/plain\n\nUser unknown\n--b\nContent-Type: message/delivery-status\n\n"
              b"Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; " + PARTY.encode() + b"\nAction: failed\n"
              b"Status: 5.1.1\n--b\nContent-Type: text/rfc822-headers\n\nMessage-ID: "
              + str(starter["Message-ID"]).encode() + b"\nSubject: [" + ref.encode() + b"] x\n--b--\n")
    bot.deliver(bounce)
    out = bot.cycle("2026-11-02T09:25:00+01:00")
    assert bot.case()["needs_attention"] is True
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"]
    assert all("mailer-daemon" not in str(m["To"]).lower() for m in out)


def test_oversized_mail_is_kept_and_shown_to_staff_never_answered(tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session, select

    from mailbot.store import raw as raw_store
    from mailbot.store.models import InboundRow

    bot = Bot(tmp_path, db_url, extra={"limits": {"max_mail_bytes": 5000}})
    raw = mails.agreements("SDN-2026-0001")
    assert len(raw) > 5000
    bot.deliver(raw)
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"]
    assert "could not be read" in out[0].get_body(("plain",)).get_content()
    with Session(bot.app.engine) as s:
        (row,) = s.exec(select(InboundRow)).all()
        assert raw_store.read(s, row) == raw and row.outcome == "needs_attention" and row.sender == PARTY
    assert bot.cases() == []


def test_spam_from_a_stranger_opens_no_case_and_gets_no_answer(bot: Bot) -> None:
    from sqlmodel import Session, select

    from mailbot.store.models import InboundRow

    bot.deliver(mails.mail(("Shop", "offers@shop.example"), "Cheap watches", "Buy now!", "2026-11-02T09:00:00+01:00"))
    assert bot.cycle("2026-11-02T09:05:00+01:00") == []  # no answer, and no notice of its own
    assert bot.cases() == []
    with Session(bot.app.engine) as s:
        (row,) = s.exec(select(InboundRow)).all()
        assert row.outcome == "needs_attention" and "does not look like an SDN inquiry" in (row.reason or "")


def test_a_party_writing_twice_before_its_case_is_opened_gets_one_case(bot: Bot) -> None:
    """Both mails are routed as inquiries in one batch; the first opens the case, and decide, under the
    new-case lock, sees that a case was opened since the second was routed: routed again, it joins that case."""
    bot.deliver(mails.inquiry("2026-11-02T09:10:00+01:00"))
    bot.deliver(mails.mail(mails.PARTY, "Tilslutning til SDN", "Glemte at skrive: vi har to lokationer.",
                           "2026-11-02T09:12:00+01:00"))
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert len(bot.cases()) == 1 and [m["X-SDN-Step"] for m in out].count("starter_pack") == 1
    from sqlmodel import Session, select

    from mailbot.store.models import InboundRow
    with Session(bot.app.engine) as s:
        first, second = s.exec(select(InboundRow).order_by(InboundRow.id)).all()
        assert first.case_id == second.case_id is not None
        assert (first.route or {})["action"] == "inquiry" and (second.route or {})["action"] == "party"


def test_an_inquiry_is_routed_again_only_when_a_case_was_opened_since() -> None:
    from sqlalchemy import create_engine
    from sqlmodel import Session, SQLModel

    from mailbot.core.contracts import Route
    from mailbot.core.vocabulary import RouteAction
    from mailbot.pipeline.route import newest_case, opened_since
    from mailbot.store.models import CaseRow

    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        assert newest_case(s) == 0
        routed = Route(action=RouteAction.INQUIRY, newest_case=newest_case(s))
        assert not opened_since(s, routed)
        s.add(CaseRow(ref="SDN-2026-0001", state="inquiry"))
        s.commit()
        assert opened_since(s, routed) and newest_case(s) == 1
        assert not opened_since(s, Route(action=RouteAction.INQUIRY, newest_case=1))
        assert opened_since(s, Route(action=RouteAction.INQUIRY))  # stored before it was kept: routed again
