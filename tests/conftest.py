"""Shared test set-up: the real servers (Dovecot, aiosmtpd, PostgreSQL) come from tests/servers."""
pytest_plugins = ["tests.servers.fixtures"]
