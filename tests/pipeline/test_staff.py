"""Staff decisions by mail (contracts.md section 4): each command, and never from anyone else."""
from __future__ import annotations

from . import mails
from .conftest import Bot, steps

FOREIGN = mails.FOREIGN


def _foreign_case_waiting_for_the_steering_group(bot: Bot) -> str:
    bot.deliver(mails.foreign_inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(mails.foreign_agreements(ref, "Please find the signed agreements attached."))
    out = bot.cycle("2026-11-03T09:15:00+01:00")
    assert bot.case()["state"] == "awaiting_steering_group" and bot.case()["needs_attention"]
    assert ("steering_group_pending", FOREIGN[1]) in steps(out)
    pending = next(m for m in out if m["X-SDN-Step"] == "steering_group_pending")
    assert pending["Content-Language"] == "en"
    return ref


def test_godkend_by_staff_approves_the_foreign_party(bot: Bot) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    bot.deliver(mails.staff(ref, "GODKEND\n\nStyregruppen godkendte på mødet i dag.", at="2026-11-04T10:00:00+01:00"))
    out = bot.cycle("2026-11-04T10:05:00+01:00")
    assert bot.case()["state"] == "awaiting_information_form" and not bot.case()["needs_attention"]
    assert steps(out) == [("information_form_request", FOREIGN[1])]
    assert [p.get_filename() for p in out[0].iter_attachments()] == ["Information_form.pdf"]


def test_reject_with_reason_tells_the_party(bot: Bot) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    bot.deliver(mails.staff(ref, "REJECT no Danish data controller\n", at="2026-11-04T10:00:00+01:00"))
    out = bot.cycle("2026-11-04T10:05:00+01:00")
    assert bot.case()["state"] == "rejected"
    (rejected,) = out
    assert rejected["X-SDN-Step"] == "rejected" and "no Danish data controller" in rejected.get_body(
        ("plain",)).get_content()


def test_note_hold_resume_by_mail_land_on_the_timeline(bot: Bot) -> None:
    from mailbot.views import case_timeline

    ref = _foreign_case_waiting_for_the_steering_group(bot)
    for i, body in enumerate(["NOTE ringede til Linnea", "HOLD", "RESUME"]):
        bot.deliver(mails.staff(ref, body, at=f"2026-11-04T1{i}:00:00+01:00"))
        bot.cycle(f"2026-11-04T1{i}:05:00+01:00")
        if body == "HOLD":
            assert next(c for c in bot.cases())["on_hold"] is True
    text = case_timeline(bot.app.engine, ref) or ""
    assert "NOTE ringede til Linnea [anne.staff@medcom.example]" in text
    assert "HOLD [anne.staff@medcom.example]" in text and "RESUME [anne.staff@medcom.example]" in text
    assert bot.case()["on_hold"] is False and bot.case()["state"] == "awaiting_steering_group"


def test_commands_from_the_party_or_a_stranger_are_never_obeyed(bot: Bot) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    for who in (FOREIGN, ("Mallory", "anne.staff@medcom-fake.example")):
        bot.deliver(mails.staff(ref, "APPROVE", sender=who, at="2026-11-04T10:00:00+01:00"))
    out = bot.cycle("2026-11-04T10:05:00+01:00")
    assert bot.case()["state"] == "awaiting_steering_group"
    assert all(m["X-SDN-Step"] == "staff_notice" for m in out)


def test_staff_mail_without_a_command_needs_attention_and_changes_nothing(bot: Bot) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    bot.deliver(mails.staff(ref, "Hvad synes I om denne?", at="2026-11-04T10:00:00+01:00"))
    bot.cycle("2026-11-04T10:05:00+01:00")
    assert bot.case()["state"] == "awaiting_steering_group"
