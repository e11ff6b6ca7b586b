"""Untrusted text made safe for each place it is shown (pure)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from mailbot.safetext import greeting, header, rich, terminal, terminal_line

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
CLEAR = "\x1b[2J\x1b[H"


def test_terminal_shows_escapes_as_visible_text() -> None:
    out = terminal(f"Hej {OSC52}{CLEAR}\u202egnp.exe\nnext line")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]52;c;" in out and "\\u202e" in out and "\nnext line" in out
    assert "\n" not in terminal_line("a\nb") and terminal_line("a\nb") == "a\\nb"


def test_rich_markup_in_a_name_is_shown_not_parsed() -> None:
    name = "[/] [bold red]Evil[/bold red] \x1b[31m"
    table = Table()
    table.add_column("Organisation")
    table.add_row(rich(name))
    console = Console(width=80, record=True, color_system=None)
    console.print(table)  # unescaped, "[/]" raises MarkupError
    shown = console.export_text()
    assert "[/] [bold red]Evil[/bold red]" in shown and "\x1b" not in shown


def test_header_text_has_no_breaks_controls_or_bidi_overrides() -> None:
    out = header("Re: faktura\u202e fdp.exe\r\nBcc: x@y.example\x00", 40)
    assert out == "Re: faktura fdp.exe Bcc: x@y.example"
    assert len(header("x" * 500, 100)) == 100


def test_greeting_is_a_plain_bounded_name() -> None:
    assert greeting("Mette Holm") == "Mette Holm"
    assert greeting("Søren O'Brien-Hansen") == "Søren O'Brien-Hansen"
    assert greeting("Klik her https://phish.example/login for at bekræfte") is None
    assert greeting("Vind en præmie på www.phish.example") is None
    assert greeting("anne@medcom.example") is None
    assert greeting("A" * 110) is None
    assert greeting("Mette\u202e Holm") == "Mette Holm"
    assert greeting(None) is None and greeting("   ") is None
