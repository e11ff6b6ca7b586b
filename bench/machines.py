"""How many mails of a collection of machines' mail (bounces, auto-replies, list mail) the reader
recognises as written by a machine, so that the bot never answers them.

    python bench/machines.py DIR [DIR ...]       (every file under DIR is one mail)

A public collection to try: sisimai's set-of-emails (BSD-2-Clause; not shipped here), its `maildir/bsd`,
`maildir/dos` and `maildir/mac` folders are real servers' bounces and auto-replies with three line-ending
styles, `maildir/not` holds mails that are no bounce. Printed as shares, with the files read as a person's.
"""
from __future__ import annotations

import collections
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from parsers.mail.reader import read_mail  # noqa: E402


def main(dirs: list[str]) -> int:
    for d in dirs:
        kinds: collections.Counter[str] = collections.Counter()
        people: list[str] = []
        files = sorted(p for p in pathlib.Path(d).rglob("*") if p.is_file())
        for f in files:
            try:
                kind = read_mail(f.read_bytes()).msg.automated
            except Exception as e:  # noqa: BLE001 - a crash is a finding, counted and named
                kind = f"crash: {type(e).__name__}"
            kinds[str(kind)] += 1
            if kind is None:
                people.append(f.name)
        machine = len(files) - len(people)
        print(f"{d}: {len(files)} mails, {machine / max(len(files), 1):.3f} read as a machine's "
              f"({', '.join(f'{k} {n}' for k, n in kinds.most_common())})")
        if people:
            print("  read as a person's:", " ".join(people[:40]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
