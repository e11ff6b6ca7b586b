#!/usr/bin/env bash
# Start a test Dovecot and SMTP sink in the background for the shared scenario harness:
#   bash tests/servers/start-all.sh [STATE_DIR]      (then: run-scenarios --transport imap \
#       --imap-port 10143 --smtp-port 10025 --sent-dir STATE_DIR/sent ...)
#   bash tests/servers/stop-all.sh [STATE_DIR]
# Ports come from IMAP_PORT / SMTP_PORT (defaults 10143 / 10025, what run-scenarios expects); the IMAP
# user is sdn / sdn-test. Dovecot is installed from Debian when missing (needs root, as on CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE="${1:-/tmp/sdn-mailbot-servers}"
IMAP_PORT="${IMAP_PORT:-10143}"
SMTP_PORT="${SMTP_PORT:-10025}"
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
mkdir -p "$STATE/sent"

start() {  # name, then the module and its arguments
    local name=$1; shift
    if [ -f "$STATE/$name.pid" ] && kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
        echo "$name already running (pid $(cat "$STATE/$name.pid"))"; return
    fi
    : > "$STATE/$name.json"
    nohup "$PY" -m "$@" > "$STATE/$name.json" 2> "$STATE/$name.log" < /dev/null &
    echo $! > "$STATE/$name.pid"
}

start dovecot tests.servers.dovecot --port "$IMAP_PORT" --user sdn --password sdn-test
start smtp tests.servers.smtp_sink --port "$SMTP_PORT" --dir "$STATE/sent"

for name in dovecot smtp; do  # each prints one JSON line once it accepts connections
    for _ in $(seq 1 600); do
        [ -s "$STATE/$name.json" ] && break
        if ! kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
            echo "$name failed to start:" >&2; cat "$STATE/$name.log" >&2; exit 1
        fi
        sleep 0.1
    done
    [ -s "$STATE/$name.json" ] || { echo "$name did not start in 60 s" >&2; cat "$STATE/$name.log" >&2; exit 1; }
    echo "$name: $(cat "$STATE/$name.json")"
done
echo "run-scenarios --transport imap --imap-port $IMAP_PORT --smtp-port $SMTP_PORT --sent-dir $STATE/sent"
