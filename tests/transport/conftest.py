"""Loads the real-server fixtures for these tests unless tests/conftest.py already did.

pytest only honours `pytest_plugins` in the top-level conftest, so a sub-folder registers the plugin itself.
"""
from __future__ import annotations

import pytest

PLUGIN = "tests.servers.fixtures"


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)
