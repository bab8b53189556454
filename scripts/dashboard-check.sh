#!/usr/bin/env bash
# Renders the history page in a real headless browser from a real run of the app on the PostgreSQL store:
# starts the jar (METRICS_STORE=jdbc), sends dry-run orchestrations for a few minutes (plus some rejected requests
# and one scheduled benchmark, which the page must leave out), then has Debian's chromium dump the page's DOM and take
# a screenshot. Fails unless the DOM holds the series, counts exactly the project's orchestrations, and the
# screenshot is a PNG.
#   scripts/dashboard-check.sh                       # jar from the last build, a fresh database, 180 s of traffic
#   RUN_SECONDS=60 OUT=/tmp/dash scripts/dashboard-check.sh
# Needs: the built jar (mvn verify/package), PostgreSQL on 127.0.0.1:5432, chromium, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=functions/target/orchestrator-functions-1.0.0-aws.jar
OUT="${OUT:-target/dashboard-check}"
RUN_SECONDS="${RUN_SECONDS:-180}"
WINDOW="${WINDOW:-6m}"
DB_URL="${METRICS_JDBC_URL:-}"
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
[ -f "$JAR" ] || { echo "dashboard-check: $JAR missing; build first (mvn -B package -DskipTests)" >&2; exit 2; }
[ -n "$CHROMIUM" ] || { echo "dashboard-check: chromium not installed (apt-get install -y chromium)" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/dashboard.png "$OUT"/dom.html

# a database of its own, dropped afterwards: no migration history of another run can stand in the way
FRESH_DB=""
if [ -z "$DB_URL" ]; then
  if command -v psql >/dev/null; then
    FRESH_DB="dashboard_check_$$"
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $FRESH_DB" >/dev/null
    DB_URL="jdbc:postgresql://127.0.0.1:5432/$FRESH_DB"
  else
    DB_URL="jdbc:postgresql://127.0.0.1:5432/test"
  fi
fi

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
PROJECT=TEST-001
METRICS_STORE=jdbc METRICS_JDBC_URL="$DB_URL" METRICS_JDBC_USER="${METRICS_JDBC_USER:-postgres}" \
  APP_PLATFORM=local DSM_DATA_SOURCE=embedded \
  java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
PROFILE="$(mktemp -d)"
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$PROFILE"
  [ -z "$FRESH_DB" ] || psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $FRESH_DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$OUT/server.log" >&2; echo "dashboard-check: the jar exited" >&2; exit 3; }
  sleep 1
done
curl -fsS "$BASE/health" >/dev/null

echo "dashboard-check: $RUN_SECONDS s of traffic against $BASE (store: $DB_URL)"
end=$((SECONDS + RUN_SECONDS))
round=0
sent=0 # the project's orchestrations: the page must count exactly these
while [ "$SECONDS" -lt "$end" ]; do
  round=$((round + 1))
  for _ in 1 2 3 4 5; do
    curl -fsS -X POST -H 'Content-Type: application/json' -d '{"options":{"dry_run":true}}' \
         "$BASE/orchestrate/project/$PROJECT" >/dev/null
    sent=$((sent + 1))
  done
  # the benchmark after the project's first orchestrations: its dry runs are recorded apart and would otherwise
  # leave the pattern cache warm, so the project's own history would hold no full analysis to chart
  if [ "$round" -eq 1 ]; then
    curl -fsS -X POST -H 'Ce-Specversion: 1.0' -H 'Ce-Type: dev.knative.sources.ping' -H 'Ce-Id: dash-1' \
         -H 'Ce-Source: dashboard-check' "$BASE/" >/dev/null
  fi
  # every fourth round a request the API rejects (400): recorded with no project (the path's id is unverified
  # input), so the project's page must not count it either
  if [ $((round % 4)) -eq 0 ]; then
    curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"options":' \
         "$BASE/orchestrate/project/$PROJECT"
  fi
  sleep 5
done
sleep 3 # the HTTP recorder writes in batches off the response path

URL="$BASE/orchestrate/intelligence/performance/dashboard/$PROJECT?window=$WINDOW"
FLAGS=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$PROFILE")
"$CHROMIUM" "${FLAGS[@]}" --dump-dom "$URL" >"$OUT/dom.html" 2>"$OUT/chromium-dom.log"
"$CHROMIUM" "${FLAGS[@]}" --hide-scrollbars --window-size=1280,2400 --screenshot="$OUT/dashboard.png" "$URL" \
  >"$OUT/chromium-screenshot.log" 2>&1

fail=0
for series in invocations error_rate cold_start_rate total:p95 total_orchestration:p50 total_orchestration:p95 \
              total_orchestration:p99 full_pattern_analysis:p95 similarity_analysis:p95 project_state_fetch:p95; do
  points="$(grep -o "data-series=\"$series\" data-points=\"[0-9]*\"" "$OUT/dom.html" | grep -o '[0-9]*"$' | tr -d '"' || true)"
  if [ "$series" = invocations ]; then
    points="$(grep -o 'data-series="invocations" x=' "$OUT/dom.html" | wc -l)"
  fi
  if [ -z "$points" ] || [ "$points" -lt 1 ]; then
    echo "dashboard-check: series $series missing or empty in the rendered DOM" >&2; fail=1
  else
    echo "dashboard-check: series $series: $points point(s)"
  fi
done
total="$(grep -o '<b id="invocations-total">[0-9]*' "$OUT/dom.html" | grep -o '[0-9]*$' || true)"
if [ "$total" != "$sent" ]; then
  echo "dashboard-check: the page counts ${total:-no} invocations, the project was sent $sent (the benchmark's runs must not count)" >&2; fail=1
else
  echo "dashboard-check: invocations-total $total = requests sent"
fi
grep -q '<span id="regression-status">' "$OUT/dom.html" || { echo "dashboard-check: no regression status" >&2; fail=1; }
if grep -qi '<script' "$OUT/dom.html"; then echo "dashboard-check: the page has a script" >&2; fail=1; fi
if [ ! -s "$OUT/dashboard.png" ] || [ "$(head -c 8 "$OUT/dashboard.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  echo "dashboard-check: no PNG screenshot (see $OUT/chromium-screenshot.log)" >&2; fail=1
else
  echo "dashboard-check: screenshot $OUT/dashboard.png ($(stat -c %s "$OUT/dashboard.png") bytes)"
fi
[ "$fail" -eq 0 ] && echo "dashboard-check: OK ($(grep -c . "$OUT/dom.html") DOM lines, $(wc -c <"$OUT/dom.html") bytes)"
exit "$fail"
