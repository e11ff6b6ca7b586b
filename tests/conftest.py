"""Shared test set-up: the real servers (Dovecot, aiosmtpd, PostgreSQL) and Chromium come from tests/servers."""
pytest_plugins = ["tests.servers.fixtures", "tests.servers.browser"]
