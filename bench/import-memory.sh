#!/usr/bin/env bash
# Model imports and exports at once on a small heap: a squarecb model just under the import guard (a
# quarter of the heap once parsed), imported three at a time with two exports beside, ROUNDS times
# (default 8), on a service started with -Xmx256m and, as the Dockerfile runs it,
# -XX:+ExitOnOutOfMemoryError. Prints the answers' status codes and whether the service survived
# (exiting 1 when it died). ACTIONS (default 350) sets the model's size; it must stay under the guard,
# which the first import checks. Needs python3.
# Run from the repository's root: bench/import-memory.sh
set -euo pipefail
command -v python3 > /dev/null || { echo "python3 is not installed: apt-get install -y python3"; exit 1; }
source bench/lib.sh
KEY=bench-key-0123456789abcdef0123456789
ROUNDS=${ROUNDS:-8}
ACTIONS=${ACTIONS:-350}
JAVA_OPTS="-Xmx256m -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-}"
start_neighbours
start_service AURORA_API_KEY=$KEY
BASE=http://127.0.0.1:$PORT
AUTH="Authorization: Bearer $KEY"

trace=$(curl -fsS -X POST "$BASE/decisions" -H 'Content-Type: application/json' -d '{"task_id":"t1",
  "context":{"cpu":4,"memory_gb":16,"latency_ms":100,"region":"us"},"candidates":[{"provider":"akash","sku":"a100"}]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["trace_id"])')
curl -fs -o /dev/null -X POST "$BASE/feedback" -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"trace_id\":\"$trace\",\"outcome\":{\"latency_ms\":80,\"cost\":1.2,\"failures\":0,\"slo_hit\":true}}"
curl -fs "$BASE/model" -H "$AUTH" > "$DATA/one.json"
python3 - "$DATA/one.json" "$ACTIONS" "$DATA/model.json" << 'PY'
import copy, json, sys
doc = json.load(open(sys.argv[1])); n = int(sys.argv[2]); state = doc["state"]
def widen(actions):
    return [dict(copy.deepcopy(actions[0]), provider=f"p{i}") for i in range(n)]
state["actions"] = widen(state["actions"])
for head in state["objectives"].values():
    head["actions"] = widen(head["actions"])
json.dump(doc, open(sys.argv[3], "w"))
PY
echo "model: $ACTIONS actions, $(stat -c %s "$DATA/model.json") bytes"
first=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$BASE/model" -H "$AUTH" -H 'Content-Type: application/json' \
  --data-binary @"$DATA/model.json")
[ "$first" = 204 ] || { echo "the first import answered $first: lower ACTIONS"; exit 1; }

for _ in $(seq "$ROUNDS"); do
  requests=()
  for _ in 1 2 3; do
    curl -s -o /dev/null -w 'PUT %{http_code}\n' -X PUT "$BASE/model" -H "$AUTH" -H 'Content-Type: application/json' \
      --data-binary @"$DATA/model.json" &
    requests+=($!)
  done
  for _ in 1 2; do
    curl -s -o /dev/null -w 'GET %{http_code}\n' "$BASE/model" -H "$AUTH" &
    requests+=($!)
  done
  wait "${requests[@]}" || true
done > "$DATA/codes"
sort "$DATA/codes" | uniq -c
echo "loads of an import as made on another replica: $(grep -c 'Loading a model imported on another replica' "$DATA/service.log" || true)"
if kill -0 "$SERVICE" 2> /dev/null; then
  echo "service alive after $ROUNDS rounds"
else
  echo "service DIED: $(grep -c OutOfMemoryError "$DATA/service.log" || true) OutOfMemoryError"
  exit 1
fi
