#!/usr/bin/env bash
# How fast a replica rebuilds its model at start: fills a store with decisions and their feedback
# (wrk, bench/record.lua and bench/feedback.lua), then restarts the service on it twice and prints the
# service's own "Model rebuilt" line: once with the same settings (newest snapshot plus the log after
# it), once with another FORGETTING, whose configuration no snapshot matches, so the whole log is
# replayed. The time of the second bounds how long a start may take after a hyper-parameter change,
# which the startup probes must allow. Usage: bench/replay.sh   Honoured: FILL (s of decisions to
# record, default 30), and bench/lib.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 1; }
source bench/lib.sh
start_neighbours > /dev/null
start_service CHECKPOINT_INTERVAL_S=5
fill_store 3000
sleep 6
curl -fs "$URL/status" | tr ',' '\n' | grep -E '"(updates|feedback)"' || true
kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
for settings in "CHECKPOINT_INTERVAL_S=5" "CHECKPOINT_INTERVAL_S=5 FORGETTING=0.99"; do
  : > "$DATA/service.log"
  start_service $settings
  echo "restart with $settings: $(grep -o 'Model rebuilt.*' "$DATA/service.log")"
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
done
