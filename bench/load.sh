#!/usr/bin/env bash
# Load benchmark: starts fast neighbours (nginx from Debian when installed, else a JDK stub) and the
# packaged service on loopback, then drives GET /healthz, POST /decisions and POST /feedback with a
# closed-loop Java load generator. Usage: bench/load.sh
# Honoured: JAVA=/path/to/java, CONNECTIONS=16, DURATION=8, WARMUP=30 (per endpoint), JAVA_OPTS="...",
# SERVICE_ENV="KEY=VALUE ...", ROUTER_URL (default: the stub), STUB=java to force the JDK stub,
# JAR (default: the packaged jar, to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=${JAR:-target/aurora-intelligence-0.1.0.jar}
[ -f "$JAR" ] || ./mvnw -B -DskipTests package
PORT=${PORT:-18090}
STUB_PORT=18091
DATA=$(mktemp -d)
mkdir -p "$DATA/tmp"
if [ "${STUB:-}" != "java" ] && command -v nginx > /dev/null; then
  nginx -p "$DATA" -c "$PWD/bench/nginx-neighbours.conf" > "$DATA/stub.log" 2>&1 &
  echo "neighbours: nginx"
else
  "$JAVA" bench/StubNeighbours.java "$STUB_PORT" > "$DATA/stub.log" 2>&1 &
  echo "neighbours: JDK stub (apt-get install nginx-light for a faster one)"
fi
STUB_PID=$!
env PORT="$PORT" STORE_FILE="$DATA/decisions.db" PSI_URL="http://127.0.0.1:$STUB_PORT" \
  AURORA_ROUTER_URL="${ROUTER_URL:-http://127.0.0.1:$STUB_PORT}" ${SERVICE_ENV:-} \
  "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" > "$DATA/service.log" 2>&1 &
SERVICE=$!
trap 'kill $STUB_PID $SERVICE 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP_DATA:-}" ] || rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
  sleep 0.5
done
"$JAVA" -version 2>&1 | head -1
NEIGHBOUR_PIDS="$STUB_PID$( (pgrep -P "$STUB_PID" || true) | sed 's/^/+/' | tr -d '\n')"
"$JAVA" bench/LoadGenerator.java --url "http://127.0.0.1:$PORT" --connections "${CONNECTIONS:-16}" \
  --duration "${DURATION:-8}" --warmup "${WARMUP:-30}" --rounds "${ROUNDS:-3}" \
  --pids "service=$SERVICE,neighbours=$NEIGHBOUR_PIDS" ${LOAD_ARGS:-}
