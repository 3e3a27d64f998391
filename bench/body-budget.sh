#!/usr/bin/env bash
# The request-body budget on a small heap (-Xmx128m, a 32 MiB budget): valid 1 MiB decisions from 1, 2 and 4
# senders at once; a steady client of small decisions beside 56 slow 1 MiB bodies; then, against a router that
# takes 0.9 s to place them, the steady client beside 1 and 3 senders of 1 MiB decisions. Figures in
# docs/BENCHMARKS.md. Honoured: JAVA, JAR (to compare two builds), and bench/lib.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
JAVA_OPTS="${JAVA_OPTS:--Xmx128m -XX:+ExitOnOutOfMemoryError}"
ROUTER_URL=none start_service
for senders in 1 2 4; do
  python3 bench/body-budget.py "$PORT" large "$senders" 10
done
python3 bench/body-budget.py "$PORT" slow 16 25
kill "$SERVICE"
wait "$SERVICE" 2> /dev/null || true
python3 bench/body-budget.py "$STUB_PORT" router &
STUB_PID=$!
rm -f "$DATA"/decisions.db*
ROUTER_URL="http://127.0.0.1:$STUB_PORT" start_service
for senders in 1 3; do
  python3 bench/body-budget.py "$PORT" routed "$senders" 12
done
kill -0 "$SERVICE" && echo "the service is up"
