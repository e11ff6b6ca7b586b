"""Peak memory of reading one mail with a 25 MB PDF: the project's reader against mail-parser's ways in.

Each variant runs in a fresh process (peak RSS, Linux's VmHWM), after the imports and
after the mail's bytes are loaded, so "growth" is what the reading itself added on top of the 34 MB
of raw mail. The PDF reader is replaced by a stub in the ``read_mail (mail only)`` rows, so the
figure is the mail reader's own; ``read_mail (whole)`` includes pdfplumber on the PDF. ``read_mail_file``
is given the file, as a parse worker is (parsers/mail/mapped.py): nothing is loaded before it, so its
growth is the whole cost of the reading, the mail's bytes included.

    .venv/bin/python bench/reader_memory.py [MEGABYTES]     # default 25

It first prints the RSS of a fresh process after importing what every parse worker inherits
(``parsers.bounded.PRELOAD``).
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

VARIANTS = {
    "mailparser.parse_from_bytes(raw)": "mailparser_bytes",
    "mailparser.MailParser(stdlib message fed in 1 MB pieces)": "mailparser_pieces",
    "read_mail (mail only, PDF reader stubbed)": "read_mail_stub",
    "read_mail (whole, pdfplumber included)": "read_mail_whole",
    "read_mail_file (whole, as a worker reads it: the file mapped)": "read_mail_file",
}


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: per address space, unlike ru_maxrss, which a child inherits)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: kB on most systems


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _imports() -> None:
    """RSS of a fresh interpreter, then after importing what the parent imports before its first fork
    (parsers.bounded.PRELOAD): what every parse worker inherits."""
    start = _rss_mb()
    import importlib

    from parsers import bounded

    for name in bounded.PRELOAD:
        importlib.import_module(name)
    print(json.dumps({"start": start, "after": _rss_mb()}))


def _child(variant: str, path: str) -> None:
    import email.policy

    import mailparser

    import parsers.mail.reader as reader

    raw = Path(path).read_bytes() if variant != "read_mail_file" else b""
    before = _peak_mb()
    if variant == "mailparser_bytes":
        mail = mailparser.parse_from_bytes(raw)
        assert mail.attachments
    elif variant == "mailparser_pieces":
        mail = mailparser.MailParser(reader._parse_mime(raw, email.policy.default))
        assert mail.attachments
    elif variant == "read_mail_stub":
        from parsers.documents import pipeline  # the dispatch imports read_pdf_all from here at each call
        from parsers.reading import Document
        pipeline.read_pdf_all = lambda payload, name: [Document.model_validate(
            {"filename": name, "kind": "unknown", "fields": {}, "problems": [], "size": len(payload)})]
        out = reader.read_mail(raw).as_json()
        assert out["documents"] and out["documents"][0]["size"] > 1_000_000
    elif variant == "read_mail_file":
        out = reader.mail_file_reading(Path(path)).as_json()
        assert out["documents"]
    else:
        out = reader.read_mail(raw).as_json()
        assert out["documents"]
    after = _peak_mb()
    print(json.dumps({"before": before, "after": after}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--imports":
        _imports()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mails import big_attachment_mail

    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    done = subprocess.run([sys.executable, __file__, "--imports"], capture_output=True, text=True, check=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"import of the readers (parsers.bounded.PRELOAD): {got['after']:.1f} MB RSS "
          f"({got['start']:.1f} MB before the imports)")
    raw = big_attachment_mail(megabytes)
    with tempfile.NamedTemporaryFile(suffix=".eml") as fh:
        fh.write(raw)
        fh.flush()
        print(f"one mail of {len(raw) / 1e6:.1f} MB with a {megabytes} MB PDF; peak RSS per fresh process")
        print(f"{'variant':60} {'peak':>9} {'growth':>9}")
        for label, variant in VARIANTS.items():
            done = subprocess.run([sys.executable, __file__, "--child", variant, fh.name], capture_output=True,
                                  text=True, check=False)
            if done.returncode != 0:
                print(f"{label:60} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            got = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{label:60} {got['after']:7.0f} MB {got['after'] - got['before']:7.0f} MB")


if __name__ == "__main__":
    main()
