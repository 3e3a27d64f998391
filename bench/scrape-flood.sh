#!/usr/bin/env bash
# Decisions beside a flood of anonymous GETs: 4 connections of decisions (bench/LoadGenerator.java --only decisions)
# alone, then beside FLOOD (default 64) connections flooding /metrics, then /healthz for comparison
# (bench/ScrapeFlood.java), each after WARMUP (default 15) s of decisions. SERVICE_ENV=METRICS_CACHE_MS=0 turns the scrape
# cache off.
# Run from the repository's root: bench/scrape-flood.sh
set -euo pipefail
source bench/lib.sh
FLOOD=${FLOOD:-64}
start_neighbours
start_service
"$JAVA" -version 2>&1 | head -1
echo "service: ${SERVICE_ENV:-defaults}; $FLOOD flooding connections beside 4 of decisions"
decisions() {
  "$JAVA" bench/LoadGenerator.java --url "$URL" --connections 4 --duration 10 --warmup "${WARMUP:-15}" --only decisions \
    | grep '^POST /decisions' | sed 's/  CPU µs.*//'
}
echo "no flood:        $(decisions)"
for path in metrics healthz; do
  "$JAVA" bench/ScrapeFlood.java "$URL/$path" "$SERVICE" $(( ${WARMUP:-15} + 12 )) "$FLOOD" > "$DATA/flood.txt" &
  flood=$!
  echo "/$path flood: $(decisions)"
  wait "$flood"
  echo "  the flood: $(sed 's/, service CPU.*//' "$DATA/flood.txt")"
done
