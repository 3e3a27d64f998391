#!/usr/bin/env bash
# How long POST /evaluations takes on a full log: fills a store with decisions and one feedback each (wrk,
# bench/record.lua and bench/feedback.lua, the decisions of bench/decisions.lua over 4 regions), then times
# evaluations of 10,000 and 100,000 decisions (uniform; epsilon-greedy over squarecb, which fits its target and
# reward models twice, cross-fitted; with a baseline; on one region's segment; by region), each RUNS times, and prints the
# service's log lines that split each evaluation's time between reading the log and fitting, and its peak
# resident memory. Usage: bench/evaluations.sh   Honoured: FILL (s of decisions to record, default 30),
# RUNS (default 3), and bench/lib.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 1; }
source bench/lib.sh
start_neighbours > /dev/null
start_service
fill_store 4000
sleep 2
curl -fs "$URL/status" | tr ',' '\n' | grep -E '"(traces|feedback)"' || true

evaluate() {
  local body=$1 out status
  for run in $(seq 1 "${RUNS:-3}"); do
    out=$(curl -s -o "$DATA/evaluation.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
      -d "$body" "$URL/evaluations") || { echo "the service did not answer:"; tail -50 "$DATA/service.log"; exit 1; }
    status=${out%% *}
    printf '%-100s run %d: HTTP %s in %s ms, samples %s\n' "$body" "$run" "$status" \
      "$(LC_ALL=C awk -v s="${out##* }" 'BEGIN { printf "%.0f", s * 1000 }')" \
      "$(grep -o '"samples":[0-9]*' "$DATA/evaluation.json" | head -1 | cut -d: -f2)"
  done
}

for limit in 10000 100000; do
  evaluate "{\"policy\": \"epsilon-greedy\", \"by\": \"region\", \"limit\": $limit}"
  evaluate "{\"policy\": \"uniform\", \"limit\": $limit}"
  evaluate "{\"policy\": \"epsilon-greedy\", \"limit\": $limit}"
  evaluate "{\"policy\": \"epsilon-greedy\", \"baseline\": \"first\", \"limit\": $limit}"
  evaluate "{\"policy\": \"epsilon-greedy\", \"context\": {\"region\": \"eu-west\"}, \"limit\": $limit}"
done
echo "the service's own account of each (its log):"
grep -o 'Evaluated [^"]*' "$DATA/service.log" || true
echo "the service's resident memory after the runs (VmHWM: its peak): $(grep -E 'VmHWM|VmRSS' /proc/"$SERVICE"/status | tr -s ' \t\n' ' ')"
