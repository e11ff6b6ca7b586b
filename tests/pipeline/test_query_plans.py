"""No query of the fetch -> parse -> route -> decide -> render -> send path reads a whole big table: every
statement the pipeline issues for a case's mails, on a seeded database, explained (SQLite and PostgreSQL).
bench/scale.py runs the same audit at 100,000 cases and 1,000,000 ledger rows."""
from __future__ import annotations

from mailbot.clock import parse_now

from . import mails
from .conftest import Bot
from .seed import seed
from .sqlplans import captured, plans, report


def test_no_statement_of_the_mail_path_scans_a_big_table(bot: Bot) -> None:
    seed(bot.app.engine, cases=2000, ledger=6000)
    runner = bot.app.runner()
    with captured(bot.app.engine) as statements:
        bot.deliver(mails.inquiry())
        runner.cycle(parse_now("2026-11-02T09:15:00+01:00"), timed=False)
        ref = next(m for m in bot.new_mail() if m["X-SDN-Step"] == "starter_pack")["X-SDN-Case"]
        bot.deliver(mails.agreements(ref))
        runner.cycle(parse_now("2026-11-09T09:15:00+01:00"), timed=False)
        bot.deliver(mails.form(ref))
        runner.cycle(parse_now("2026-11-16T09:15:00+01:00"), timed=False)
    steps = sorted(str(m["X-SDN-Step"]) for m in bot.new_mail())
    assert steps == ["forwarded_to_tdc", "information_form_request", "tdc_order"]  # the path really ran
    found = plans(bot.app.engine, statements)
    assert any("case_scopes" in p.sql for p in found)  # the overlap check was asked
    assert len(found) > 20
    assert [p for p in found if p.full_scans] == [], report(found, only_scans=True)
    # an index search can still read most of a table: the loop breaker's count of today's sent mail went by
    # status alone (every mail ever sent); its plan must bound the time as well
    (breaker,) = [p for p in found if "outbound.sent_at >=" in p.sql]
    assert any("sent_at" in line for line in breaker.lines), report([breaker])
