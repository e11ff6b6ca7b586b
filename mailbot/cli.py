"""The command line: `mailbot run | cases | status | parse | case ... | outbox | digest | health | reprocess |
web | demo` (contracts.md section 2)."""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .config import Config, ConfigError, load

log = logging.getLogger("mailbot")


def _cli_language() -> str:
    """The terminal's language: $MAILBOT_LANGUAGE when it names a catalog, else English (the operators')."""
    from .core import i18n

    return i18n.negotiate(os.environ.get("MAILBOT_LANGUAGE"), default="en")


def _(message: str) -> str:
    """A message for the person at the terminal, from the catalogs (source strings are English)."""
    from .core import i18n

    return i18n.words(_cli_language()).gettext(message)


def _config(args: argparse.Namespace) -> Config:
    path = args.config or os.environ.get("MAILBOT_CONFIG")
    cfg = load(Path(path) if path else None)
    from .clock import use_zone

    use_zone(cfg.tz)  # --now and every date shown follow [general] timezone
    _logging(args, cfg)
    return cfg


def _logging(args: argparse.Namespace, cfg: Config) -> None:
    """`[logging]` from the configuration; --log-level or $MAILBOT_LOG win; secrets are always blanked."""
    from . import logs
    from .config import secrets_of

    explicit = getattr(args, "log_level", None) or os.environ.get("MAILBOT_LOG")
    daemon = (getattr(args, "command", None) == "run" and not getattr(args, "once", False)) or \
        getattr(args, "command", None) == "web"
    default = cfg.logging.level if daemon else "WARNING"
    logs.setup(explicit or default, cfg.logging.format, secrets_of(cfg))


def cmd_parse(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        print(_("mailbot parse: cannot read {path}").format(path=path), file=sys.stderr)
        return 2
    if getattr(args, "config", None):  # only for [signatures] trust_roots and the [smime] key
        from parsers.containers.smime import configure as configure_smime
        from parsers.documents.signing import configure

        cfg = _config(args)
        configure(cfg.signatures.trust_roots)
        if cfg.smime.key_file:
            configure_smime(cfg.smime.key_file, cfg.smime.cert_file, cfg.smime.password.get_secret_value())
    try:
        from parsers import bounded

        reading = bounded.read_path_bounded(path)
    except OSError as exc:
        print(_("mailbot parse: cannot read {path}: {error}").format(path=path, error=exc), file=sys.stderr)
        return 2
    try:  # checked as the parse stage checks it: what the route and decide stages would be handed
        reading = reading.strict()
    except ValueError as exc:  # a reader's bug (a field its kind has not): flagged, and the reading still shown
        print(f"mailbot parse: the reading does not fit the document model: {exc}", file=sys.stderr)
    json.dump(reading.as_json(), sys.stdout, ensure_ascii=False, indent=1, default=str)  # the contract's JSON
    sys.stdout.write("\n")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .app import App
    from .clock import FixedClock, SystemClock, parse_now

    cfg = _config(args)
    if args.dry_run:
        from dataclasses import replace

        cfg = cfg.model_copy(update={"daemon": replace(cfg.daemon, dry_run=True)})
    app = App.open(cfg)
    if args.once:
        clock = FixedClock(parse_now(args.now)) if args.now else SystemClock()
        runner = app.runner()
        try:
            counts = runner.cycle(clock.now())
        finally:
            runner.inbox.close()
            runner.sender.close()
        if args.verbose:
            print(json.dumps(counts))
        return 0
    from .daemon import Daemon

    return Daemon(app).run_forever()


def cmd_cases(args: argparse.Namespace) -> int:
    from .app import App
    from .views import cases_json

    app = App.open_read(_config(args))
    data = cases_json(app.engine)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        from .safetext import terminal_line

        for c in data:
            flag = " !" if c["needs_attention"] else ""
            org = terminal_line(c["organisation"] or "-")
            print(f"{c['ref']:16} {c['state']:26} {org:30} {terminal_line(c['cvr'] or '-'):9}{flag}")
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    from . import cases
    from .app import App
    from .views import case_timeline

    if args.action == "show":
        from .safetext import terminal

        text = case_timeline(App.open_read(_config(args)).engine, args.ref)
        if text is None:
            print(_("no case {ref}").format(ref=terminal(args.ref)), file=sys.stderr)
            return 1
        print(terminal(text))  # a stranger's subject or name must not reach the terminal as escapes
        return 0
    if args.action == "search":
        from .safetext import terminal_line

        for ref in cases.search(App.open_read(_config(args)).engine, " ".join([args.ref, *(args.text or [])])):
            print(terminal_line(ref))
        return 0
    app = App.open(_config(args))
    argument = " ".join(args.text or []) if args.action == "note" else (args.reason or "")
    by = args.by or f"cli:{getpass.getuser()}"
    if args.action in _TOOLS:
        ok, message = _case_tool(app, args, by)
    else:
        ok, message = cases.command(app, args.ref, args.action, argument, by)
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


_TOOLS = ("take", "release", "merge", "move", "split")


def _case_tool(app: Any, args: argparse.Namespace, by: str) -> tuple[bool, str]:
    """`case take|release REF`, `case merge KEEP OTHER`, `case move REF MAIL`, `case split REF MAIL...`."""
    from . import cases

    if args.action in ("take", "release"):
        return cases.ownership(app, args.ref, by, take=args.action == "take")
    words = list(args.text or [])
    if args.action == "merge":
        if len(words) != 1:
            return False, "case merge KEEP OTHER: name the case that stays, then the one that joins it"
        return cases.merge(app, args.ref, words[0], by)
    numbers = [w.lstrip("#") for w in words]
    if not numbers or not all(n.isdigit() for n in numbers):
        return False, f"case {args.action} REF MAIL...: mail numbers as `mailbot case show` lists them (#N)"
    if args.action == "move":
        if len(numbers) != 1:
            return False, "case move REF MAIL: one mail at a time"
        return cases.move_mail(app, int(numbers[0]), args.ref, by)
    return cases.split(app, args.ref, [int(n) for n in numbers], by)


def cmd_outbox(args: argparse.Namespace) -> int:
    from .app import App
    from .views import outbox_list, outbox_resend

    if args.action == "resend":
        ok, message = outbox_resend(App.open(_config(args)).engine, args.id)
        print(message, file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    from .safetext import terminal_line

    for line in outbox_list(App.open_read(_config(args)).engine, args.status):
        print(terminal_line(line))
    return 0


def _now(args: argparse.Namespace) -> Any:
    from .clock import SystemClock, parse_now

    return parse_now(args.now) if getattr(args, "now", None) else SystemClock().now()


def cmd_status(args: argparse.Namespace) -> int:
    """Open cases by state and age as a table: where things stand without opening the mailbox."""
    from rich.console import Console
    from rich.table import Table

    from .app import App
    from .safetext import rich
    from .views import status_rows
    from .wording import state_name

    app = App.open_read(_config(args))
    now = _now(args)
    rows, counts = status_rows(app.engine, now)
    lang = _cli_language()
    who = {"party": _("party"), "tdc": "TDC", "staff": "MedCom"}
    table = Table(title=_("Open SDN cases, {now}").format(now=f"{now:%Y-%m-%d %H:%M}"), title_justify="left")
    for name, justify in ((_("Case"), "left"), (_("Organisation"), "left"), (_("State"), "left"),
                          (_("Waiting on"), "left"), (_("Working days"), "right"), (_("Age (days)"), "right"),
                          (_("Installation"), "left"), (_("Needs a human"), "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        at = r["installation_at"]
        flag = ("HOLD " if r["on_hold"] else "") + (r["reason"][:60] if r["attention"] else "")
        # organisation names and reasons come from mail and PDFs: shown, never parsed as Rich markup
        table.add_row(rich(r["ref"]), rich(r["organisation"] or ""), state_name(r["state"], lang=lang),
                      who.get(r["waiting_on"], ""),
                      str(r["waiting_days"]), str(r["age_days"]), f"{at:%Y-%m-%d}" if at else "",
                      rich(flag), style="bold red" if r["attention"] else None)
    console = Console(width=args.width) if args.width else Console()
    console.print(table)
    summary = ", ".join(f"{state_name(st, lang=lang)}: {n}" for st, n in _ordered(counts))
    console.print(_("{total} cases in all ({summary}); {open} open, {attention} need a human.").format(
        total=sum(counts.values()), summary=summary or _("none"), open=len(rows),
        attention=sum(1 for r in rows if r["attention"])))
    return 0


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    from .templating import ordered_states

    return ordered_states(counts)


def cmd_digest(args: argparse.Namespace) -> int:
    """Today's digest as it would go out, to a file, without sending it or counting it as sent."""
    from .app import App
    from .pipeline.render import preview_digest

    app = App.open_read(_config(args))
    subject, text, html = preview_digest(app.engine, app.cfg, _now(args))
    target = Path(args.preview)
    target.write_text(html, encoding="utf-8")
    if args.text:
        Path(args.text).write_text(text, encoding="utf-8")
    if args.text:
        print(_("{subject}: HTML written to {html}, plain text to {text}").format(
            subject=subject, html=target, text=args.text))
    else:
        print(_("{subject}: HTML written to {html}").format(subject=subject, html=target))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The approved parties since a date, for the agreement system, as CSV or JSON (stdout or --output)."""
    from .app import App
    from .export import approved_parties, since_moment, to_csv, to_json

    cfg = _config(args)
    try:
        since = since_moment(args.since, cfg.tz)
    except ValueError:
        print(_("--since: {value!r} is not a date (YYYY-MM-DD) or an ISO 8601 moment").format(value=args.since),
              file=sys.stderr)
        return 2
    records = approved_parties(App.open_read(cfg).engine, since)
    text = to_csv(records) if args.format == "csv" else to_json(records)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """One line and a Nagios-style exit code (0 OK, 2 CRITICAL, 3 UNKNOWN) for systemd, cron or a monitor."""
    from .clock import SystemClock
    from .config import secrets_of
    from .logs import where
    from .ops import health
    from .store.db import DatabaseMissing, make_read_engine

    cfg = _config(args)
    try:
        # read only: a monitor never migrates the schema, never creates a file, never waits for a writer
        facts = health(make_read_engine(cfg.database_url))
    except DatabaseMissing as exc:
        print(f"UNKNOWN: the database cannot be read: {exc} (health never creates one)")
        return 3
    except Exception as exc:  # noqa: BLE001 - the database itself is the problem
        log.warning("health: the database cannot be read: %s", where(exc))
        print(f"UNKNOWN: the database cannot be read: {type(exc).__name__}: "
              f"{_first_line(exc, secrets_of(cfg))}")
        return 3
    code, line = facts.line(cfg, SystemClock().now())
    print(line)
    return code


def _first_line(exc: BaseException, secrets: Any = ()) -> str:
    """The first line of an error for a person's terminal, with every configured secret blanked."""
    from .logs import RedactSecrets

    text = str(exc).strip().splitlines()
    return RedactSecrets(secrets)._clean(text[0][:200]) if text else ""


def cmd_reprocess(args: argparse.Namespace) -> int:
    from .app import App
    from .ops import reprocess

    if not args.ids and not args.failed:
        print(_("mailbot reprocess: give mail numbers or --failed"), file=sys.stderr)
        return 2
    app = App.open(_config(args))
    results = reprocess(app.engine, args.ids, failed=args.failed)
    for mail_id, message in results:
        print(f"#{mail_id}: {message}")
    if not results:
        print(_("no failed mail"))
    return 0 if all(m.startswith("queued") for _, m in results) else 1


def cmd_web(args: argparse.Namespace) -> int:
    """The staff view (contracts.md section 6): `[web] bind`:`port` until SIGTERM."""
    from .app import App
    from .web.app import serve

    cfg = _config(args)
    if args.port is not None:
        from dataclasses import replace

        cfg = cfg.model_copy(update={"web": replace(cfg.web, port=args.port)})
    return serve(App.open(cfg))


def cmd_config(args: argparse.Namespace) -> int:
    """`mailbot config check`: the configuration in force (file, environment, defaults), secrets blanked;
    a bad one ends in main() with its message and exit status 2."""
    from .config import as_toml, effective

    tables = effective(_config(args))
    if args.json:
        json.dump(tables, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        source = args.config or os.environ.get("MAILBOT_CONFIG") or "the embedded defaults"
        sys.stdout.write(f"# the configuration in force ({source}, the environment, defaults); secrets blanked\n")
        sys.stdout.write(as_toml(tables))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(Path(args.dir) if args.dir else None)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mailbot", description="MedCom's SDN intake bot")
    p.add_argument("--log-level", help="DEBUG, INFO, ... (default: $MAILBOT_LOG, else [logging] level for run, "
                                       "else WARNING)")
    sub = p.add_subparsers(dest="command", required=True)

    def with_config(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("--config", help="TOML file (default: $MAILBOT_CONFIG, else the embedded defaults)")
        return sp

    sp = sub.add_parser("parse", help="read one .eml or .pdf and print what the bot understands (JSON)")
    sp.add_argument("path")
    sp.add_argument("--config", help="TOML file, read only for [signatures] trust_roots and [smime]")
    sp.set_defaults(func=cmd_parse)

    sp = with_config(sub.add_parser("run", help="run the daemon, or one cycle with --once"))
    sp.add_argument("--once", action="store_true")
    sp.add_argument("--now", help="ISO 8601 moment for this cycle (with --once)")
    sp.add_argument("-v", "--verbose", action="store_true")
    sp.add_argument("--dry-run", action="store_true",
                    help="process and record everything but send nothing (outgoing mail ends as dry_run)")
    sp.set_defaults(func=cmd_run)

    sp = with_config(sub.add_parser("health", help="one line and an exit code: fetch, send, queues, oldest mail"))
    sp.set_defaults(func=cmd_health)

    sp = with_config(sub.add_parser("reprocess", help="run failed mail again after a fix (by number, or --failed)"))
    sp.add_argument("ids", nargs="*", type=int)
    sp.add_argument("--failed", action="store_true", help="every mail whose outcome is failed")
    sp.set_defaults(func=cmd_reprocess)

    sp = with_config(sub.add_parser("cases", help="list the cases"))
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_cases)

    sp = with_config(sub.add_parser("case", help="one case: show its timeline, or act as staff"))
    sp.add_argument("action", choices=["show", "approve", "reject", "note", "hold", "resume", "take", "release",
                                       "merge", "move", "split", "search"])
    sp.add_argument("ref", help="the case (for merge: the one that stays; for search: the first word)")
    sp.add_argument("text", nargs="*", help="note: its text; merge: the case that joins REF; move: the mail "
                                            "number to put on REF; split: the mail numbers that open a new "
                                            "case; search: more words")
    sp.add_argument("--reason", help="the reason (for reject)")
    sp.add_argument("--by", help="who gives the command (default: cli:<user>)")
    sp.set_defaults(func=cmd_case)

    sp = with_config(sub.add_parser("outbox", help="outgoing mail: list it, or resend one whose fate is unknown"))
    sp.add_argument("action", choices=["list", "resend"], nargs="?", default="list")
    sp.add_argument("id", nargs="?", type=int)
    sp.add_argument("--status", help="only mail in this status (queued, rendered, sending, sent, held, "
                                     "failed, uncertain)")
    sp.set_defaults(func=cmd_outbox)

    sp = with_config(sub.add_parser("status", help="a table of the open cases by state and age"))
    sp.add_argument("--now", help="ISO 8601 moment to count ages from (default: now)")
    sp.add_argument("--width", type=int, help="table width in characters (default: the terminal's)")
    sp.set_defaults(func=cmd_status)

    sp = with_config(sub.add_parser("digest", help="today's staff digest, written to a file instead of sent"))
    sp.add_argument("--preview", required=True, metavar="FILE.html", help="where to write the digest's HTML")
    sp.add_argument("--text", metavar="FILE.txt", help="also write its plain-text part here")
    sp.add_argument("--now", help="ISO 8601 moment of the digest (default: now)")
    sp.set_defaults(func=cmd_digest)

    sp = with_config(sub.add_parser("export", help="the approved parties for the agreement system (CSV or JSON)"))
    sp.add_argument("--since", required=True, metavar="DATE",
                    help="parties whose agreements were approved on or after this date (YYYY-MM-DD, local) or moment")
    sp.add_argument("--format", choices=("csv", "json"), default="csv")
    sp.add_argument("--output", metavar="FILE", help="write here instead of to standard output")
    sp.set_defaults(func=cmd_export)

    sp = with_config(sub.add_parser("web", help="serve the staff web view on [web] bind:port"))
    sp.add_argument("--port", type=int, help="listen on this port instead of [web] port")
    sp.set_defaults(func=cmd_web)

    sp = with_config(sub.add_parser("config", help="check the configuration: print it in force, secrets blanked"))
    sp.add_argument("action", choices=["check"])
    sp.add_argument("--json", action="store_true", help="as JSON instead of TOML")
    sp.set_defaults(func=cmd_config)

    sp = sub.add_parser("demo", help="replay a realistic conversation on the embedded defaults")
    sp.add_argument("--dir", help="work folder (default: ./var/demo, made afresh)")
    sp.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from . import logs

    logs.setup(args.log_level or os.environ.get("MAILBOT_LOG") or "WARNING")  # until a config says more
    try:
        result: Any = args.func(args)
    except ConfigError as exc:
        print(_("configuration error: {error}").format(error=exc), file=sys.stderr)
        return 2
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        from .store.db import DatabaseMissing

        if not isinstance(exc, SQLAlchemyError | DatabaseMissing):
            raise
        # through the logger (JSON when configured, secrets blanked), and one line for the person
        log.error("%s: the database cannot be used: %s", args.command, logs.where(exc))
        print(_("the database cannot be used: {error}").format(
            error=f"{type(exc).__name__}: {_first_line(exc, logs.current_secrets())}"), file=sys.stderr)
        return 3 if args.command == "health" else 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
