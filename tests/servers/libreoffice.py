"""LibreOffice (Writer and Calc, without the GUI) from Debian's packages, installed for the tests when
missing: the Office fixtures are converted and recalculated by it (`soffice --convert-to`)."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.servers._util import apt_install

PACKAGES = ("libreoffice-writer-nogui", "libreoffice-calc-nogui")
# Calc's own library: a machine with Writer alone has soffice too, but converts no spreadsheet
CALC = Path("/usr/lib/libreoffice/program/libsclo.so")


def ensure_libreoffice() -> None:
    """Install LibreOffice's Writer and Calc unless both are there."""
    if (shutil.which("soffice") or shutil.which("libreoffice")) and CALC.exists():
        return
    apt_install(*PACKAGES)


if __name__ == "__main__":
    ensure_libreoffice()
