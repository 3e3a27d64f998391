# Shared by the bench scripts (source it from the repository's root): the packaged service and fast
# neighbours on loopback, in a temporary directory that is removed on exit (kept with KEEP_DATA=1).
# Honoured: JAVA, JAR, JAVA_OPTS, SERVICE_ENV="KEY=VALUE ...", ROUTER_URL, STUB=java (JDK stub even
# when nginx is installed), VIRTUAL_THREADS (true by default here, as every earlier round measured on Java
# 21+; the service's own default on SQLite is false).
# Sets URL, the service's address on loopback.
JAVA=${JAVA:-java}
command -v curl > /dev/null || { echo "curl is not installed: apt-get install -y curl"; exit 1; }
JAR=${JAR:-target/aurora-intelligence-0.1.0.jar}
[ -f "$JAR" ] || ./mvnw -B -DskipTests package
JAR=$(realpath "$JAR")
PORT=${PORT:-18090}
URL="http://127.0.0.1:$PORT"
STUB_PORT=18091
DATA=$(mktemp -d)
mkdir -p "$DATA/tmp"
STUB_PID=
SERVICE=
trap 'kill $STUB_PID $SERVICE 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP_DATA:-}" ] || rm -rf "$DATA"' EXIT

# Refuses to go on when something already answers on a port the benchmark needs: a service left
# running would be measured in place of the one started here.
require_free_port() {
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/"; then
    echo "port $1 is in use (a service or stub left running?): stop it, or set PORT for the service"
    exit 1
  fi
}

# Starts nginx (bench/nginx-neighbours.conf) or the JDK stub answering GET /state and POST /route.
start_neighbours() {
  require_free_port "$STUB_PORT"
  if [ "${STUB:-}" != "java" ] && command -v nginx > /dev/null; then
    nginx -p "$DATA" -c "$PWD/bench/nginx-neighbours.conf" > "$DATA/stub.log" 2>&1 &
    echo "neighbours: nginx"
  else
    "$JAVA" bench/StubNeighbours.java "$STUB_PORT" > "$DATA/stub.log" 2>&1 &
    echo "neighbours: JDK stub (apt-get install nginx-light for a faster one)"
  fi
  STUB_PID=$!
}

# Starts the service on the store in $DATA with extra KEY=VALUE settings and waits until it answers.
start_service() {
  require_free_port "$PORT"
  env PORT="$PORT" STORE_FILE="$DATA/decisions.db" PSI_URL="http://127.0.0.1:$STUB_PORT" VIRTUAL_THREADS="${VIRTUAL_THREADS:-true}" \
    AURORA_ROUTER_URL="${ROUTER_URL:-http://127.0.0.1:$STUB_PORT}" ${SERVICE_ENV:-} "$@" \
    "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" >> "$DATA/service.log" 2>&1 &
  SERVICE=$!
  for _ in $(seq 1 120); do
    kill -0 "$SERVICE" 2> /dev/null || break
    curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && return
    sleep 0.5
  done
  echo "the service did not start:"
  tail -50 "$DATA/service.log"
  exit 1
}

# Fills the running service's store with FILL seconds (default 30) of decisions (wrk, bench/record.lua) and one
# feedback each (bench/feedback.lua), the feedback run given one second per $1 trace ids (its expected rate, low
# enough for the run to send them all) plus five, and prints what wrk says of the feedback. Needs wrk, which the
# scripts that call it check for before sourcing this file.
fill_store() {
  local per=${1:?fill_store needs the feedback rate to allow for, in trace ids a second}
  wrk -t2 -c16 -d"${FILL:-30}s" -s bench/record.lua "$URL" -- "$DATA/ids" > /dev/null
  cat "$DATA"/ids-*.txt > "$DATA/ids.txt"
  echo "recorded $(wc -l < "$DATA/ids.txt") trace ids; sending one feedback each"
  wrk -t2 -c16 -d"$(( $(wc -l < "$DATA/ids.txt") / per + 5 ))s" -s bench/feedback.lua "$URL" \
    -- "$DATA/ids.txt" 2 > "$DATA/feedback.out"
  grep -E 'requests in|Non-2xx' "$DATA/feedback.out" || true
}
