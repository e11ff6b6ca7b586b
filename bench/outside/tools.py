"""The office tools that turn a document into a PDF, each called the way its users call it.

Missing tools are installed with the project's own apt helper (tests/servers/_util.py)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGES = {"soffice": "libreoffice-writer-nogui", "chromium": "chromium", "pdftk": "pdftk-java",
            "mutool": "mupdf-tools", "gs": "ghostscript", "pdftotext": "poppler-utils"}
TOOLS = ["chromium", "libreoffice", "libreoffice-docx", "pdftk", "ghostscript", "mutool-clean", "mutool-convert",
         "ghostscript-image"]
# drawn by reportlab's canvas and platypus in the generator itself (render_reportlab.py): only on `--tools reportlab`,
# so the default set and its figures stay as they were
EXTRA_TOOLS = ["reportlab", "fourth", "fifth"]
# `fourth` (fourth_hand.py): Word files written by python-docx and converted by LibreOffice, HTML printed by
# Chromium and reportlab canvases, in a fourth hand's layouts and words; only on `--tools fourth`
# `fifth` (fifth_hand.py): LaTeX, groff (-ms, tbl, ps2pdf) and WeasyPrint in a fifth hand's; only on `--tools fifth`


def ensure_tools() -> None:
    """Install the Debian packages of any missing tool (needs root, as CI has)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    if missing:
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-dejavu-core", "fonts-liberation", "fonts-urw-base35")


def _run(cmd: list[str], timeout: float = 180) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-500:]}")


def chromium(html: str, out: Path, work: Path) -> None:
    src = work / (out.stem + ".html")
    src.write_text(html, encoding="utf-8")
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    _run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
          f"--user-data-dir={work / 'chromium-profile'}", f"--print-to-pdf={out}", src.as_uri()])
    if not out.exists():
        raise RuntimeError(f"chromium wrote no {out.name}")


def libreoffice(sources: list[Path], outdir: Path, work: Path, fmt: str = "pdf") -> None:
    """One soffice run converts many files; a private profile keeps it apart from any other soffice."""
    if not sources:
        return
    profile = (work / "lo-profile").as_uri()
    for i in range(0, len(sources), 20):
        _run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", fmt,
              "--outdir", str(outdir), *map(str, sources[i:i + 20])], timeout=600)


def pdftk_fill_flatten(blank: bytes, xfdf: bytes, out: Path, work: Path) -> None:
    b, d = work / (out.stem + ".blank.pdf"), work / (out.stem + ".xfdf")
    b.write_bytes(blank)
    d.write_bytes(xfdf)
    _run(["pdftk", str(b), "fill_form", str(d), "output", str(out), "flatten"])


def ghostscript(src: Path, out: Path) -> None:
    _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dCompatibilityLevel=1.5",
          "-o", str(out), str(src)])


def ghostscript_image(src: Path, out: Path) -> None:
    """Pages as pictures only (what a print-to-image or a scanner gives): no text layer at all."""
    _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfimage24", "-r150", "-o", str(out), str(src)])


def mutool_clean(src: Path, out: Path) -> None:
    _run(["mutool", "clean", "-gggz", "-s", str(src), str(out)])


def mutool_convert(src: Path, out: Path) -> None:
    _run(["mutool", "convert", "-F", "pdf", "-o", str(out), str(src)])


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="sdn-outside-"))
