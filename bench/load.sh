#!/usr/bin/env bash
# Load benchmark: starts fast neighbours (nginx from Debian when installed, else a JDK stub) and the
# packaged service on loopback, then drives GET /healthz, POST /decisions and POST /feedback with a
# closed-loop Java load generator. Usage: bench/load.sh
# Honoured: JAVA=/path/to/java, CONNECTIONS=16, DURATION=8, WARMUP=30 (s of /healthz and of decisions,
# half that of feedback), ROUNDS=3, LOAD_ARGS (more LoadGenerator options), JAVA_OPTS="...",
# SERVICE_ENV="KEY=VALUE ...", ROUTER_URL (default: the stub), STUB=java to force the JDK stub,
# JAR (default: the packaged jar, to compare two builds). Needs a JDK (not a JRE), curl and procps.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
start_neighbours
start_service
"$JAVA" -version 2>&1 | head -1
NEIGHBOUR_PIDS="$STUB_PID$( (pgrep -P "$STUB_PID" || true) | sed 's/^/+/' | tr -d '\n')"
"$JAVA" bench/LoadGenerator.java --url "http://127.0.0.1:$PORT" --connections "${CONNECTIONS:-16}" \
  --duration "${DURATION:-8}" --warmup "${WARMUP:-30}" --rounds "${ROUNDS:-3}" \
  --pids "service=$SERVICE,neighbours=$NEIGHBOUR_PIDS" ${LOAD_ARGS:-}
