#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, types, the project's tests (the real servers they need are
# started by tests/servers), and, when ../shared is beside the checkout, the shared acceptance checks.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"
$BIN/ruff check mailbot parsers tests bench
echo "== mypy"
$BIN/mypy --strict mailbot parsers
echo "== OCR: Debian's tesseract-ocr with Danish data (installed when missing)"
$BIN/python -m tests.servers.ocr
echo "== LibreOffice Writer and Calc: the Office fixtures are converted by it (installed when missing)"
$BIN/python -m tests.servers.libreoffice
echo "== pytest"
# one worker process per core (at most 4; PYTEST_WORKERS overrides), each with its own servers (tests/servers)
WORKERS=${PYTEST_WORKERS:-$(nproc)}
if [ "$WORKERS" -gt 4 ]; then WORKERS=4; fi
$BIN/pytest -q -p no:cacheprovider -n "$WORKERS" --dist load --durations=25 tests  # the slowest 25: the budget

if [ -d ../shared/corpus/scenarios ]; then
    echo "== shared scenarios (local Maildir and .eml outbox)"
    python3 ../shared/tools/run-scenarios --cmd "$BIN/mailbot" ../shared/corpus/scenarios
    echo "== shared scenarios (real IMAP and SMTP servers)"
    STATE=$(mktemp -d /tmp/sdn-servers.XXXXXX)
    trap 'bash tests/servers/stop-all.sh "$STATE" >/dev/null 2>&1 || true; rm -rf "$STATE"' EXIT
    # free loopback ports, so several checkouts can run the suite at once
    IMAP_PORT=${IMAP_PORT:-$($BIN/python -c 'from tests.servers._util import free_port; print(free_port())')}
    SMTP_PORT=${SMTP_PORT:-$($BIN/python -c 'from tests.servers._util import free_port; print(free_port())')}
    IMAP_PORT=$IMAP_PORT SMTP_PORT=$SMTP_PORT bash tests/servers/start-all.sh "$STATE" >/dev/null
    python3 ../shared/tools/run-scenarios --cmd "$BIN/mailbot" --transport imap --imap-port "$IMAP_PORT" \
        --smtp-port "$SMTP_PORT" --sent-dir "$STATE/sent" ../shared/corpus/scenarios
fi
