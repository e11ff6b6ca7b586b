"""A bot's configuration on the local transports (a Maildir inbox, a folder of `.eml` files as outbox), as
the tests that run the CLI write it: MedCom, TDC and staff at example addresses, and the tables a test adds."""
from __future__ import annotations

import json
from pathlib import Path

STAFF = "anne.staff@medcom.example"
TDC_ORDER = "sdn-levering@tdc-erhverv.example"


def write_config(path: Path, data: dict[str, dict[str, object]]) -> Path:
    """TOML from plain tables: JSON's strings, numbers, booleans and arrays are valid TOML values."""
    lines = []
    for table, values in data.items():
        lines.append(f"[{table}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def local_config(root: Path, db_url: str | None = None, name: str = "bot.toml",
                 **more: dict[str, object]) -> Path:
    """`root/name`, the bot's inbox and outbox under `root`, its database `db_url` (a SQLite file under `root`
    when none is given), and each keyword a further table."""
    return write_config(root / name, {
        "addresses": {"medcom": "sdn@medcom.example", "tdc": [TDC_ORDER, "tdc-erhverv.example"], "staff": [STAFF]},
        "database": {"url": db_url or f"sqlite:///{root / 'bot.db'}"},
        "local": {"inbox": str(root / "inbox"), "outbox": str(root / "outbox")},
        **more,
    })
