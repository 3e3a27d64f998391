#!/usr/bin/env bash
# The load benchmark with wrk (apt-get install wrk), a generator written in C, instead of the JDK one:
# starts nginx neighbours and the packaged service like bench/load.sh, warms up GET /healthz,
# POST /decisions and POST /feedback, then runs three rounds of the three at 16 connections and prints
# requests/s, p50, p99 and the CPU time per request of wrk and of the service, and each round's ratios
# to /healthz. After each decisions phase, untimed decisions record their trace ids for twice its
# length (bench/record.lua), and the feedback phase sends one feedback per recorded id (bench/feedback.lua).
# Usage: bench/wrk.sh   Honoured: DURATION (s, default 8), WARMUP (s, default 30), ROUNDS (default 3), and bench/lib.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed: apt-get install -y time"; exit 1; }
source bench/lib.sh
start_neighbours
start_service
"$JAVA" -version 2>&1 | head -1
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
phase() { # name, extra wrk arguments...
  local name=$1; shift
  local before; before=$(ticks "$SERVICE")
  /usr/bin/time -f '%U %S' -o "$DATA/time" wrk -t2 -c16 -d"${DURATION:-8}s" --latency "$@" > "$DATA/wrk.out"
  local after; after=$(ticks "$SERVICE")
  awk -v name="$name" -v svc=$((after - before)) -v cpu="$(cat "$DATA/time")" '
    /Requests\/sec/ { rate = $2 } / 50% / { p50 = $2 } / 99% / { p99 = $2 }
    /requests in/ { n = $1 } /Non-2xx/ { bad = $NF } /Socket errors/ { sock = $4 + $6 + $8 + $10 }
    END { split(cpu, c, " "); printf "%-16s %8.0f req/s  p50 %8s  p99 %8s  non-2xx %d  socket errors %d  CPU µs/request: wrk %.0f  service %.0f\n",
          name, rate, p50, p99, bad, sock, (c[1] + c[2]) * 1e6 / n, svc * 1e4 / n }' "$DATA/wrk.out" | tee -a "$DATA/rounds"
}
record() { # file prefix, duration (untimed decisions that record their trace ids)
  wrk -t2 -c16 -d"$2s" -s bench/record.lua "$URL" -- "$1" > /dev/null
}
wrk -t2 -c16 -d"${WARMUP:-30}s" "$URL/healthz" > /dev/null
record "$DATA/warm" "${WARMUP:-30}"
cat "$DATA"/warm-*.txt > "$DATA/warm.txt"
wrk -t2 -c16 -d"$(( (${WARMUP:-30} + 1) / 2 ))s" -s bench/feedback.lua "$URL" -- "$DATA/warm.txt" 2 > /dev/null
for round in $(seq 1 "${ROUNDS:-3}"); do
  phase "GET /healthz" "$URL/healthz"
  phase "POST /decisions" -s bench/decisions.lua "$URL"
  record "$DATA/round$round" $(( 2 * ${DURATION:-8} ))
  cat "$DATA/round$round"-*.txt > "$DATA/round$round.txt"
  echo "                 (feedback for $(wc -l < "$DATA/round$round.txt") recorded trace ids)"
  phase "POST /feedback" -s bench/feedback.lua "$URL" -- "$DATA/round$round.txt" 2
done
awk '{ rate[NR] = $3 } END { for (r = 0; r < NR / 3; r++)
  printf "round %d: /decisions %.0f%% of /healthz, /feedback %.0f%%\n", r + 1, 100 * rate[3*r+2] / rate[3*r+1], 100 * rate[3*r+3] / rate[3*r+1] }' "$DATA/rounds"
