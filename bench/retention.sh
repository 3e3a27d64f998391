#!/usr/bin/env bash
# Retention under load, as quoted in docs/BENCHMARKS.md: fills a store with decisions and feedback
# (RETENTION_S=0, a snapshot every 5 s), stops the service, moves everything 30 days back in time,
# restarts the service on the store with the default settings and drives POST /decisions in 10 s
# phases from 40 s to 110 s after start; its first retention sweep deletes the old rows 60 s after
# start. Usage: bench/retention.sh   Honoured: FILL (s per fill phase, default 30), and bench/lib.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
FILL=${FILL:-30}
source bench/lib.sh
start_neighbours > /dev/null
"$JAVA" -version 2>&1 | head -1
start_service CHECKPOINT_INTERVAL_S=5 RETENTION_S=0
"$JAVA" bench/LoadGenerator.java --url "http://127.0.0.1:$PORT" --only feedback --warmup "$FILL" --duration "$FILL" > "$DATA/fill.out"
"$JAVA" bench/LoadGenerator.java --url "http://127.0.0.1:$PORT" --only decisions --warmup 0 --duration 10 > "$DATA/unfed.out"
sleep 6
kill "$SERVICE"
wait "$SERVICE" || true
LIB=$("$(dirname "$(command -v "$JAVA")")/jar" tf "$JAR" | grep 'BOOT-INF/lib/sqlite-jdbc')
(cd "$DATA" && "$(dirname "$(command -v "$JAVA")")/jar" xf "$JAR" "$LIB")
"$JAVA" -cp "$DATA/$LIB" bench/AgeStore.java "$DATA/decisions.db" 30
echo "store before: $(du -m "$DATA/decisions.db" | cut -f1) MB"
start_service
"$JAVA" bench/LoadGenerator.java --url "http://127.0.0.1:$PORT" --only decisions --warmup 35 --duration 10 --rounds 7 | grep req/s
grep 'Retention deleted' "$DATA/service.log" | sed -E 's/^[0-9-]+T([0-9:]+)\.[0-9]+Z.*(Retention deleted.*)/\1  \2 (logged as it ended)/' \
  || echo "no sweep logged"
echo "store after: $(du -m "$DATA/decisions.db" | cut -f1) MB (SQLite keeps freed pages for reuse)"
