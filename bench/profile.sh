#!/usr/bin/env bash
# CPU profile of the service during one load phase, as quoted in docs/BENCHMARKS.md: starts the
# neighbours and the packaged service like bench/load.sh, drives one endpoint, attaches
# async-profiler (from Maven Central) for 8 s of the measured phase and prints the share of samples
# whose stack contains each frame of interest. Usage: bench/profile.sh decisions|feedback|keyed (keyed:
# decisions with a fresh Idempotency-Key each, profiled after a phase of plain ones)
# Honoured: WARMUP (s, default 40), FRAMES (space-separated frame names to report), and bench/lib.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE=${1:?usage: bench/profile.sh decisions|feedback|keyed}
case "$PHASE" in
  decisions|feedback) MEASURING=measuring ;;
  keyed) MEASURING="measuring keyed" ;;
  *) echo "usage: bench/profile.sh decisions|feedback|keyed"; exit 1 ;;
esac
source bench/lib.sh
JCMD=$(dirname "$(command -v "$JAVA")")/jcmd
LIB=target/profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
  ./mvnw -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:4.1 -DoutputDirectory=target/profiler
  (cd target/profiler && "$(dirname "$JCMD")/jar" xf async-profiler-4.1.jar linux-x64/libasyncProfiler.so)
fi
LIB=$PWD/$LIB
OUT=$PWD/target/profile-$PHASE.collapsed
start_neighbours > /dev/null
start_service
"$JAVA" bench/LoadGenerator.java --url "http://127.0.0.1:$PORT" --only "$PHASE" --rounds 1 --warmup "${WARMUP:-40}" --duration 10 > "$DATA/load.out" &
LOAD=$!
trap 'kill $LOAD $STUB_PID $SERVICE 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP_DATA:-}" ] || rm -rf "$DATA"' EXIT
until grep -qs "$MEASURING" "$DATA/load.out"; do
  kill -0 "$LOAD" 2> /dev/null || { echo "the load generator ended before measuring:"; cat "$DATA/load.out"; exit 1; }
  sleep 0.2
done
sleep 0.5
"$JCMD" "$SERVICE" JVMTI.agent_load "$LIB" "\"start,event=itimer,interval=100us,file=$DATA/x\"" > /dev/null
sleep 8
"$JCMD" "$SERVICE" JVMTI.agent_load "$LIB" "\"stop,file=$OUT,collapsed\"" > /dev/null
wait $LOAD
grep -v measuring "$DATA/load.out"
FRAMES=${FRAMES:-"Http11Processor.service DecisionController.decide IdempotentDecisions IdempotencyKeys.find IdempotencyKeys.claim FeedbackController Validator readWithMessageConverters handleReturnValue RouterClient GroupCommitter SQLiteConnection.commit TraceStore.write TraceStore.findTrace TraceStore.appendFeedback SquareCb CompileBroker"}
echo "share of samples whose stack contains the frame ($OUT):"
for frame in $FRAMES; do
  awk -v f="$frame" '{ n = $NF; total += n; if (index($0, f)) hit += n } END { printf "  %5.1f%%  %s\n", 100 * hit / total, f }' "$OUT"
done
