"""Shared test set-up: the real servers (Dovecot, aiosmtpd, PostgreSQL) and Chromium come from tests/servers."""
import pytest

pytest_plugins = ["tests.servers.fixtures", "tests.servers.browser"]

# The longest tests (CI's --durations: the real-world files through the daemon 95 s, the crash loops 40 s and
# 26 s, the servers restarted underneath 28 s). Collected first, so that pytest-xdist hands them out at the
# start and the short tests fill the workers around them; collected last, the longest ended the run alone.
LONGEST_FIRST = (
    "tests/robustness/test_realworld.py",
    "tests/robustness/test_crash.py",
    "tests/robustness/test_outages.py",
)


def _rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the longest modules first; the rest keep their order (a stable sort, the same on every worker)."""
    items.sort(key=_rank)
