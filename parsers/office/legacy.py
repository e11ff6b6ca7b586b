"""Old formats a party still sends (.doc, .xls, .rtf) converted by LibreOffice to .docx and .xlsx, and PowerPoint
files (.ppt, .pptx) to .odp, then read as those are (parsers/office).

LibreOffice runs headless as a process of its own, once per file, with a profile made for the run and thrown
away after it (no state from one party's file reaches another's, and no user's settings apply); its macros
never run (headless conversion keeps LibreOffice's default macro security, which runs none from a document)
and it is given no display. Its wall time is bounded (`TIMEOUT_S`: on this project's two shared cores a
conversion takes 2-4 s, the profile's first start most of it; at most MAX_CONVERSIONS a mail), and its address
space has a cap of its own (SOFFICE_ADDRESS_MB: the reading child's, parsers/bounded.py, would stop it as it
starts). A file it cannot convert,
or a machine without LibreOffice, gives a reason for staff (`Unconverted`), never a request to the party.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 20.0
MAX_CONVERSIONS = 3  # of one mail: three take 9-12 s here, inside the reading's own time with the rest of the mail
MAX_BYTES = 20 * 1024 * 1024   # a form or an agreement is far smaller; a larger old file is for staff
# LibreOffice's own address space (RLIMIT_AS, set by util-linux prlimit as it starts): it maps some 400 MB before it
# reads a byte, so the reading child's cap (parse_memory_mb over what the child maps) would stop it at its start;
# its resident memory is a fraction of this
SOFFICE_ADDRESS_MB = 1536
# what each old format becomes: the format LibreOffice writes and the reader that reads it
# (a PowerPoint file, old or new, becomes an Impress presentation: its slides read as the .odp reader reads them)
TARGETS = {".doc": ("docx", "docx"), ".dot": ("docx", "docx"), ".rtf": ("docx", "docx"), ".wps": ("docx", "docx"),
           ".xls": ("xlsx", "xlsx"), ".ppt": ("odp", "odp"), ".pptx": ("odp", "odp")}
TARGET_TYPES = {"application/msword": ".doc", "application/rtf": ".rtf", "text/rtf": ".rtf",
                "application/vnd.ms-excel": ".xls", "application/vnd.ms-powerpoint": ".ppt",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def _presentation(data: bytes) -> bool:
    """A PowerPoint package (.pptx) by its parts, whatever its name."""
    import io
    import zipfile

    if data[:4] != _ZIP:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "ppt/presentation.xml" in z.namelist()[:5000]
    except Exception:  # noqa: BLE001 - not a readable ZIP: no presentation
        return False


class Unconverted(Exception):
    """Why an old file was not converted, in words for staff."""


def suffix_of(name: str | None, content_type: str, data: bytes) -> str | None:
    """The old format a file is in (".doc", ".xls", ".rtf"...) when LibreOffice converts it here, else None."""
    ext = os.path.splitext((name or "").strip().lower())[1]
    if ext in TARGETS:
        return ext
    if data[:5] == b"{\\rtf":
        return ".rtf"
    if _presentation(data):
        return ".pptx"
    found = TARGET_TYPES.get((content_type or "").lower())
    return found if found and (found == ".rtf" or data[:8] == _OLE) else None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_bounded(cmd: list[str], tmp: str, what: str, address_mb: int, env: dict[str, str] | None = None) -> None:
    """A converter run in `tmp` as a process group of its own, its address space capped (util-linux prlimit) and its
    wall time TIMEOUT_S, the whole group killed after (soffice starts soffice.bin, which may outlive it); raises
    Unconverted when it runs out of time."""
    cap = shutil.which("prlimit")
    limit = [cap, f"--as={address_mb * 1024 * 1024}"] if cap else []
    proc = subprocess.Popen([*limit, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, cwd=tmp, start_new_session=True,
                            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8",
                                 **(env or {})})
    try:
        proc.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise Unconverted(f"{what} did not convert it within {TIMEOUT_S:.0f} s") from None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()


def convert(data: bytes, suffix: str) -> tuple[bytes, str]:
    """The file (in the old format `suffix`) as LibreOffice saves it in a format read here: (bytes, "docx", "xlsx" or
    "odp").
    Raises Unconverted with the reason."""
    target, reader = TARGETS[suffix]
    exe = soffice()
    if exe is None:
        raise Unconverted("LibreOffice, which converts it, is not installed here")
    if len(data) > MAX_BYTES:
        raise Unconverted(f"it is {len(data):,} bytes, more than the {MAX_BYTES:,} converted")
    if (suffix == ".pptx" and not _presentation(data)) or (suffix not in (".rtf", ".pptx") and data[:8] != _OLE):
        raise Unconverted("its content is not in that format")
    with tempfile.TemporaryDirectory(prefix="mailbot-legacy-") as tmp:
        src = Path(tmp) / f"file{suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        run_bounded([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--invisible", "--norestore",
                     "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(src)], tmp, "LibreOffice",
                     SOFFICE_ADDRESS_MB, {"SAL_USE_VCLPLUGIN": "svp"})
        made = out / f"file.{target}"
        if not made.is_file() or not made.stat().st_size:
            raise Unconverted("LibreOffice could not convert it (the file may be damaged or protected)")
        return made.read_bytes(), reader
