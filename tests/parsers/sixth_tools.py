"""The sixth outside hand's tools, as the tests call them: wkhtmltopdf (Qt WebKit) and AbiWord (`abiword
--to=pdf` from a Word file python-docx writes), each Debian's package, installed for the tests when missing."""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.servers._util import apt_install


def _run(cmd: list[str], cwd: str) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=180,
                   env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": cwd, "LANG": "C.UTF-8"})


def wkhtmltopdf(html: str) -> bytes:
    """An HTML page printed by wkhtmltopdf on A4, as an intranet's "print to PDF" button calls it."""
    if shutil.which("wkhtmltopdf") is None:
        apt_install("wkhtmltopdf", "fonts-dejavu-core")
    with tempfile.TemporaryDirectory(prefix="wk-") as d:
        (Path(d) / "in.html").write_text(html, encoding="utf-8")
        _run(["wkhtmltopdf", "-q", "--page-size", "A4", "--encoding", "utf-8", "in.html", "out.pdf"], d)
        return (Path(d) / "out.pdf").read_bytes()


def abiword(docx: object) -> bytes:
    """A python-docx Document saved and printed to PDF by AbiWord."""
    if shutil.which("abiword") is None:
        apt_install("abiword")
    buf = io.BytesIO()
    docx.save(buf)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="abw-") as d:
        (Path(d) / "in.docx").write_bytes(buf.getvalue())
        _run(["abiword", "--to=pdf", "--to-name=out.pdf", "in.docx"], d)
        return (Path(d) / "out.pdf").read_bytes()


def enscript(text: str) -> bytes:
    """A plain-text mail printed from a text mail client: enscript's page header, Courier 10, then ps2pdf."""
    if shutil.which("enscript") is None or shutil.which("ps2pdf") is None:
        apt_install("enscript", "ghostscript")
    with tempfile.TemporaryDirectory(prefix="ens-") as d:
        (Path(d) / "mail.txt").write_bytes(text.encode("latin-1", "replace"))
        _run(["enscript", "-q", "-G", "-X", "latin1", "-M", "A4", "-f", "Courier10", "--word-wrap",
              "--title=SV: SDN", "-p", "mail.ps", "mail.txt"], d)
        _run(["ps2pdf", "-sPAPERSIZE=a4", "mail.ps", "out.pdf"], d)
        return (Path(d) / "out.pdf").read_bytes()
