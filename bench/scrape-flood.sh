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
out=$(decisions)
echo "no flood:        $out"
for path in metrics healthz; do
  # The flood outlasts the decisions' warm-up and measured 10 s with room for the generator's start on a loaded host.
  "$JAVA" bench/ScrapeFlood.java "$URL/$path" "$SERVICE" $(( ${WARMUP:-15} + 25 )) "$FLOOD" > "$DATA/flood.txt" &
  flood=$!
  out=$(decisions)
  kill -0 "$flood" 2> /dev/null || echo "warning: the flood ended before the decisions did; raise its length"
  echo "/$path flood: $out"
  wait "$flood"
  echo "  the flood (over its own 3 s warm-up and the decisions' whole run): $(sed 's/, service CPU.*//' "$DATA/flood.txt")"
done
