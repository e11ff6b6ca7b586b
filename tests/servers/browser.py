"""Headless Chromium from Debian (installed when missing, like Dovecot), driven by Playwright.

Playwright only drives it: no browser is downloaded, the Debian `chromium` binary is launched.
One browser per test session; each test opens its own page.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers._util import apt_install

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str:
    """The Debian chromium binary; installs the package (and a font) when it is missing."""
    found = next((p for p in CHROMIUM_PATHS if Path(p).exists()), None) or shutil.which("chromium")
    if found is None:
        apt_install("chromium", "fonts-dejavu-core")
        found = next((p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    if found is None:
        raise RuntimeError("Debian's chromium was installed but no chromium binary is there")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module: Playwright's sync API keeps an event loop running in this thread while
    it is open, and code after it that runs a coroutine of its own (pyHanko's signing and validation) must
    not find one, so the browser closes with the module that used it."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        # --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()
