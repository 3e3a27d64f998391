#!/usr/bin/env bash
# A soak at a fixed rate, as quoted in docs/BENCHMARKS.md ("A long run"): fast neighbours and the packaged
# service on SQLite (Java 17, 512 MB heap, platform threads: the defaults a pod runs with, but the Java
# version), bench/SoakDriver.java sending RATE decisions/s with feedback and Idempotency-Keys, retention
# shortened to 120 s so that it deletes as many rows as come in. After MINUTES it prints the decisions'
# p99 per 30 s window (the first two, warm-up, left out) and the service's slowest store commit.
# Usage: bench/soak.sh   Honoured: RATE (150), MINUTES (7), SERVICE_ENV (e.g. STORE_SYNC=NORMAL), and
# bench/lib.sh's (JAVA defaults to java, JAR to the packaged jar).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-150}
MINUTES=${MINUTES:-7}
source bench/lib.sh
VIRTUAL_THREADS=${VIRTUAL_THREADS:-false}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
start_neighbours
"$JAVA" -version 2>&1 | head -1
start_service FEEDBACK_WINDOW_S=120 RETENTION_S=120
mkdir -p "$DATA/out"
"$JAVA" bench/SoakDriver.java "$DATA/out" A "$RATE" "http://127.0.0.1:$PORT" > "$DATA/out/driver.log" 2>&1 &
DRIVER=$!
trap 'kill $DRIVER $STUB_PID $SERVICE 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP_DATA:-}" ] || rm -rf "$DATA"' EXIT
sleep $((MINUTES * 60))
kill "$DRIVER"
echo "window (UTC)  decisions  p50 ms  p99 ms  max ms  statuses"
awk -F, 'NR > 3 { printf "%s  %9s  %6s  %6s  %6s  %s\n", substr($1, 12, 8), $3, $4, $5, $6, $12 }' "$DATA/out/driver_A.csv"
awk -F, 'NR > 3 { print $5 }' "$DATA/out/driver_A.csv" | sort -n | awk '{ v[NR] = $1; if ($1 > 50) over++ }
  END { printf "decision p99 over %d windows: median %s ms, %d over 50 ms\n", NR, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), over }'
curl -s "http://127.0.0.1:$PORT/metrics" | grep '^aurora_intelligence_store_commit_latency_seconds_max'
