#!/usr/bin/env bash
# Stop what start-all.sh started (by the pids it recorded); each server removes its own files.
set -uo pipefail
STATE="${1:-/tmp/sdn-mailbot-servers}"
for name in smtp dovecot; do
    pidfile="$STATE/$name.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && { echo "$name (pid $pid) did not stop; killing" >&2; kill -KILL "$pid"; }
    fi
    rm -f "$pidfile"
done
