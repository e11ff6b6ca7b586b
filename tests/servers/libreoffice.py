"""LibreOffice (Writer and Calc, without the GUI) from Debian's packages, installed for the tests when
missing: the Office fixtures are converted and recalculated by it (`soffice --convert-to`)."""
from __future__ import annotations

import shutil

from tests.servers._util import apt_install

PACKAGES = ("libreoffice-writer-nogui", "libreoffice-calc-nogui")


def ensure_libreoffice() -> None:
    """Install LibreOffice's Writer and Calc unless soffice is there."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    apt_install(*PACKAGES)


if __name__ == "__main__":
    ensure_libreoffice()
