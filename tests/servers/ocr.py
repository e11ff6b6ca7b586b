"""Tesseract with its Danish data from Debian's packages, installed for the tests when missing."""
from __future__ import annotations

import shutil
import subprocess

from tests.servers._util import apt_install

PACKAGES = ("tesseract-ocr", "tesseract-ocr-dan", "tesseract-ocr-eng")


def ensure_tesseract() -> None:
    """Install Tesseract and its Danish and English data unless both are there."""
    if shutil.which("tesseract"):
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        if "dan" in langs and "eng" in langs:
            return
    apt_install(*PACKAGES)


if __name__ == "__main__":
    ensure_tesseract()
