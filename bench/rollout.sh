#!/usr/bin/env bash
# A stop as keep-alive callers meet it during a rolling update: CLIENTS (default 8) threads, each on a kept-alive
# connection, loop POST /decisions against a router answering in ROUTE_DELAY_MS (default 300); the service gets
# SIGTERM after TERM_AFTER_S (default 4.5) seconds. Prints what the requests sent after the SIGTERM met, then looks
# every acknowledged decision up in the stopped service's store. SERVICE_ENV=SHUTDOWN_DRAIN_MS=0 turns the drain off.
# Needs python3. Run from the repository's root: bench/rollout.sh
set -euo pipefail
command -v python3 > /dev/null || { echo "python3 is not installed: apt-get install -y python3"; exit 1; }
export ROUTE_DELAY_MS=${ROUTE_DELAY_MS:-300}
STUB=java
source bench/lib.sh
start_neighbours
start_service
echo "service: ${SERVICE_ENV:-defaults}; router answering in $ROUTE_DELAY_MS ms; ${CLIENTS:-8} keep-alive clients"
python3 bench/rollout.py "$URL" "$SERVICE" "${CLIENTS:-8}" "${TERM_AFTER_S:-4.5}" "$DATA/acked.txt"
if kill -0 "$SERVICE" 2> /dev/null; then
  echo "the service was still running 100 s after SIGTERM: killing it"
  kill -9 "$SERVICE"
fi
status=0
wait "$SERVICE" || status=$?
SERVICE=
echo "exit status: $status"
python3 - "$DATA/decisions.db" "$DATA/acked.txt" << 'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
acked = [line.strip() for line in open(sys.argv[2]) if line.strip()]
missing = [t for t in acked if db.execute("SELECT 1 FROM traces WHERE trace_id = ?", (t,)).fetchone() is None]
print(f"acknowledged traces missing from the store: {len(missing)} of {len(acked)}")
sys.exit(1 if missing else 0)
PY
