#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, types, the project's tests (the real servers they need are
# started by tests/servers), and, when ../shared is beside the checkout, the shared acceptance checks.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"
$BIN/ruff check mailbot parsers tests bench
echo "== mypy"
$BIN/mypy mailbot parsers
echo "== pytest"
$BIN/pytest -q -p no:cacheprovider tests

if [ -d ../shared/corpus/scenarios ]; then
    echo "== shared scenarios"
    python3 ../shared/tools/run-scenarios --cmd "$BIN/mailbot" ../shared/corpus/scenarios
fi
