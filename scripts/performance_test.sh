#!/usr/bin/env bash
# shellcheck disable=SC2015,SC2317  # `a && b || die` where b cannot fail; cleanup is reached through the EXIT trap
# Performance test of the orchestrator's HTTP API.
#
# Runs four tests against a base URL (or against the local jar, which it starts and stops itself):
#   1 baseline           POST /orchestrate/project/{id}, pattern recognition off, sequential
#   2 full orchestration POST /orchestrate/project/{id}, pattern recognition on, sequential
#   3 metrics endpoint   GET  /orchestrate/intelligence/performance/metrics/{id}, sequential
#   4 concurrent load    test 2's request, N requests with C in flight at once (after a concurrent warm-up)
# and checks the five validation criteria (see docs/PERFORMANCE_TEST.md for their exact definitions).
# Every orchestration request is a dry run: the script cannot change a real project.
#
# Exit codes: 0 all criteria met · 1 a criterion failed · 2 bad usage or a missing tool · 3 target unreachable,
# failed to build/start, or answered no warm-up request successfully · 4 the report step itself failed (a bug).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
PERF_DIR="$SCRIPT_DIR/perf"

usage() {
  cat <<'EOF'
Usage: scripts/performance_test.sh [options] [BASE_URL]

Target
  BASE_URL (argument or env)      e.g. http://127.0.0.1:8080 or a Knative/API Gateway URL. Without it the
                                  script starts the local jar (building it if missing) and stops it afterwards.
  --jar PATH (env JAR)            jar to start (default functions/target/orchestrator-functions-1.0.0-aws.jar)
  --port N (env PORT)             port for the local jar (default: a free port)
  --project ID (env PROJECT_ID)   project to orchestrate, always as a dry run (default TEST-001)
  --header 'Name: value'          extra request header, repeatable (e.g. an API Gateway x-api-key)
  --aws-sigv4 (env AWS_SIGV4=1)   sign every request with SigV4 for execute-api (an IAM-authorized API Gateway),
                                  from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (if set) and
                                  AWS_REGION (or AWS_DEFAULT_REGION)
  BEARER_TOKEN (env only)         sent as 'Authorization: Bearer ...' (a JWT authorizer or the Knative JWT check)
                                  Credentials go to curl through a private config file, never its command line.
  --health-path PATH (HEALTH_PATH)  readiness check (default /health; empty skips it for a given BASE_URL)

Load
  --quick (env QUICK=1)           CI mode: few iterations, well under a minute once the jar is built
  --iterations N (ITERATIONS)     sequential requests in tests 1, 2 (default 50; quick 8)
  --metrics-iterations N (METRICS_ITERATIONS)   requests in test 3 (default 10; quick 3)
  --warmup N (WARMUP)             unmeasured warm-up requests of each kind (default 20; quick 5)
  --concurrency C (CONCURRENCY)   requests in flight at once in test 4 (default 5)
  --requests N (CONCURRENT_REQUESTS)  requests in test 4 (default 100; quick 20)
  --timeout S (REQUEST_TIMEOUT)   per-request limit in seconds (default 10)
  --metrics-window W (METRICS_WINDOW)  adds ?window=W to test 3 (default: none)

Criteria (definitions in docs/PERFORMANCE_TEST.md)
  --max-total-ms MS (MAX_TOTAL_MS)          test 2 client p95 must be below (default 2000)
  --max-pattern-ms MS (MAX_PATTERN_MS)      server-reported pattern analysis p95 below (default 1000)
  --max-memory-mb MB (MAX_MEMORY_MB)        server-reported per-request memory increase max below (default 100)
  --min-success-pct P (MIN_SUCCESS_PCT)     success rate above (default 95)
  --degradation-factor F (DEGRADATION_FACTOR)   concurrent p95 <= F x sequential p95 ... (default 2)
  --degradation-floor-ms MS (DEGRADATION_FLOOR_MS)  ... or within MS of it (default 25)

Output
  --output-dir DIR (OUTPUT_DIR)   default ./reports/perf-<UTC timestamp>/ (report.json, report.html, raw/)
  --keep-bodies (KEEP_BODIES=1)   keep every response body under raw/ (default: the first of each test)
  -h, --help
Exit codes: 0 all criteria met, 1 a criterion failed, 2 usage or missing tool, 3 target not usable,
4 the report step itself failed.
EOF
}

die() { local code="$1"; shift; echo "performance_test: $*" >&2; exit "$code"; }
log() { echo "==> $*" >&2; }

# ---------------------------------------------------------------- settings (env, then options)
BASE_URL="${BASE_URL:-}"
JAR="${JAR:-$ROOT/functions/target/orchestrator-functions-1.0.0-aws.jar}"
PORT="${PORT:-}"
PROJECT_ID="${PROJECT_ID:-TEST-001}"
QUICK="${QUICK:-0}"
ITERATIONS="${ITERATIONS:-}"
METRICS_ITERATIONS="${METRICS_ITERATIONS:-}"
WARMUP="${WARMUP:-}"
CONCURRENCY="${CONCURRENCY:-5}"
CONCURRENT_REQUESTS="${CONCURRENT_REQUESTS:-}"
REQUEST_TIMEOUT="${REQUEST_TIMEOUT:-10}"
METRICS_WINDOW="${METRICS_WINDOW:-}"
MAX_TOTAL_MS="${MAX_TOTAL_MS:-2000}"
MAX_PATTERN_MS="${MAX_PATTERN_MS:-1000}"
MAX_MEMORY_MB="${MAX_MEMORY_MB:-100}"
MIN_SUCCESS_PCT="${MIN_SUCCESS_PCT:-95}"
DEGRADATION_FACTOR="${DEGRADATION_FACTOR:-2}"
DEGRADATION_FLOOR_MS="${DEGRADATION_FLOOR_MS:-25}"
OUTPUT_DIR="${OUTPUT_DIR:-}"
KEEP_BODIES="${KEEP_BODIES:-0}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
HEALTH_PATH="${HEALTH_PATH-/health}"
EXTRA_HEADERS=()
AWS_SIGV4="${AWS_SIGV4:-0}"
BEARER_TOKEN="${BEARER_TOKEN:-}"

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || die 2 "option $1 needs a value (see --help)"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --quick) QUICK=1 ;;
    --keep-bodies) KEEP_BODIES=1 ;;
    --aws-sigv4) AWS_SIGV4=1 ;;
    --base-url) need_value "$@"; BASE_URL="$2"; shift ;;
    --header) need_value "$@"; [[ "$2" == *:* ]] || die 2 "--header needs 'Name: value', got '$2'"; EXTRA_HEADERS+=("$2"); shift ;;
    --health-path) [ $# -ge 2 ] || die 2 "option $1 needs a value"; HEALTH_PATH="$2"; shift ;;
    --jar) need_value "$@"; JAR="$2"; shift ;;
    --port) need_value "$@"; PORT="$2"; shift ;;
    --project) need_value "$@"; PROJECT_ID="$2"; shift ;;
    --iterations) need_value "$@"; ITERATIONS="$2"; shift ;;
    --metrics-iterations) need_value "$@"; METRICS_ITERATIONS="$2"; shift ;;
    --warmup) need_value "$@"; WARMUP="$2"; shift ;;
    --concurrency) need_value "$@"; CONCURRENCY="$2"; shift ;;
    --requests) need_value "$@"; CONCURRENT_REQUESTS="$2"; shift ;;
    --timeout) need_value "$@"; REQUEST_TIMEOUT="$2"; shift ;;
    --metrics-window) need_value "$@"; METRICS_WINDOW="$2"; shift ;;
    --max-total-ms) need_value "$@"; MAX_TOTAL_MS="$2"; shift ;;
    --max-pattern-ms) need_value "$@"; MAX_PATTERN_MS="$2"; shift ;;
    --max-memory-mb) need_value "$@"; MAX_MEMORY_MB="$2"; shift ;;
    --min-success-pct) need_value "$@"; MIN_SUCCESS_PCT="$2"; shift ;;
    --degradation-factor) need_value "$@"; DEGRADATION_FACTOR="$2"; shift ;;
    --degradation-floor-ms) need_value "$@"; DEGRADATION_FLOOR_MS="$2"; shift ;;
    --output-dir) need_value "$@"; OUTPUT_DIR="$2"; shift ;;
    -*) die 2 "unknown option $1 (see --help)" ;;
    *) [ -z "${POSITIONAL_URL:-}" ] || die 2 "only one BASE_URL argument is allowed"; POSITIONAL_URL="$1"; BASE_URL="$1" ;;
  esac
  shift
done

if [ "$QUICK" = 1 ]; then
  ITERATIONS="${ITERATIONS:-8}"; METRICS_ITERATIONS="${METRICS_ITERATIONS:-3}"
  WARMUP="${WARMUP:-5}"; CONCURRENT_REQUESTS="${CONCURRENT_REQUESTS:-20}"
else
  ITERATIONS="${ITERATIONS:-50}"; METRICS_ITERATIONS="${METRICS_ITERATIONS:-10}"
  WARMUP="${WARMUP:-20}"; CONCURRENT_REQUESTS="${CONCURRENT_REQUESTS:-100}"
fi

is_int() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die 2 "$1 must be an integer in [$3, $4], got '$2'"; }
is_num() { [[ "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || die 2 "$1 must be a non-negative number, got '$2'"; }
# Bounded on purpose: this is a test, not an open-ended load generator.
is_int ITERATIONS "$ITERATIONS" 1 100000
is_int METRICS_ITERATIONS "$METRICS_ITERATIONS" 1 100000
is_int WARMUP "$WARMUP" 0 100000
is_int CONCURRENCY "$CONCURRENCY" 1 1000
is_int CONCURRENT_REQUESTS "$CONCURRENT_REQUESTS" 1 100000
is_int STARTUP_TIMEOUT "$STARTUP_TIMEOUT" 1 3600
[ -z "$PORT" ] || is_int PORT "$PORT" 1 65535
for v in REQUEST_TIMEOUT MAX_TOTAL_MS MAX_PATTERN_MS MAX_MEMORY_MB MIN_SUCCESS_PCT DEGRADATION_FACTOR DEGRADATION_FLOOR_MS; do
  is_num "$v" "${!v}"
done
[ -n "$PROJECT_ID" ] || die 2 "PROJECT_ID must not be empty"
if [ -n "$BASE_URL" ]; then
  [[ "$BASE_URL" =~ ^https?://[^[:space:]]+$ ]] || die 2 "BASE_URL must start with http:// or https://, got '$BASE_URL'"
  BASE_URL="${BASE_URL%/}"
fi

# ---------------------------------------------------------------- tools
install_hint() {
  case "$1" in
    curl) echo "apt-get install -y curl" ;;
    jq) echo "apt-get install -y jq" ;;
    python3) echo "apt-get install -y python3" ;;
    java) echo "apt-get install -y openjdk-17-jre-headless" ;;
    *) echo "apt-get install -y $1" ;;
  esac
}
need_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  die 2 "'$1' is required but not installed. Install it with: $(install_hint "$1")   (Debian/Ubuntu, as root)"
}
for t in curl jq python3 date; do need_tool "$t"; done
# --parallel-immediate needs curl 7.68; %{exitcode}/%{errormsg} in --write-out need 7.75.
CURL_VERSION="$(curl --version | awk 'NR==1{print $2}')"
python3 - "$CURL_VERSION" <<'EOF' || die 2 "curl $CURL_VERSION is too old: 7.75 or newer is needed ($(install_hint curl))"
import sys
v = tuple(int(x) for x in sys.argv[1].split("-")[0].split(".")[:3])
sys.exit(0 if v >= (7, 75, 0) else 1)
EOF
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' \
  || die 2 "python3 3.8 or newer is needed ($(install_hint python3))"
# stdbuf (coreutils) lets progress be shown per request; without it progress comes per test.
LINEBUF=()
command -v stdbuf >/dev/null 2>&1 && LINEBUF=(stdbuf -oL)

# ---------------------------------------------------------------- output and scratch dirs
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUTPUT_DIR="${OUTPUT_DIR:-./reports/perf-$STAMP}"
mkdir -p "$OUTPUT_DIR/raw" || die 2 "cannot create output dir $OUTPUT_DIR"
OUTPUT_DIR="$(cd "$OUTPUT_DIR" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/perf-test.XXXXXX")"
SERVER_PID=""

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the local server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { [ -n "$SERVER_PID" ] && awk '/^VmRSS:/{print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo null; }
HEADER_ARGS=()
for h in ${EXTRA_HEADERS[@]+"${EXTRA_HEADERS[@]}"}; do HEADER_ARGS+=(-H "$h"); done
# Authentication as curl config lines (SigV4 or a bearer token); written only into files under the private $WORK.
cfg_quote() { local v="${1//\\/\\\\}"; printf '"%s"' "${v//\"/\\\"}"; }
auth_config() {
  if [ "$AWS_SIGV4" = 1 ]; then
    printf 'aws-sigv4 = %s\nuser = %s\n' "$(cfg_quote "aws:amz:$AWS_SIGV4_REGION:execute-api")" \
      "$(cfg_quote "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")"
    [ -z "${AWS_SESSION_TOKEN:-}" ] || printf 'header = %s\n' "$(cfg_quote "x-amz-security-token: $AWS_SESSION_TOKEN")"
  fi
  [ -z "$BEARER_TOKEN" ] || printf 'header = %s\n' "$(cfg_quote "Authorization: Bearer $BEARER_TOKEN")"
  return 0
}
if [ "$AWS_SIGV4" = 1 ]; then
  AWS_SIGV4_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
  [ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] && [ -n "$AWS_SIGV4_REGION" ] \
    || die 2 "--aws-sigv4 needs AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION (or AWS_DEFAULT_REGION)"
  [ -z "$BEARER_TOKEN" ] || die 2 "use either --aws-sigv4 or BEARER_TOKEN, not both"
fi
( umask 077; auth_config >"$WORK/auth.cfg" )
http_code() { curl -s -o /dev/null -m 5 -K "$WORK/auth.cfg" ${HEADER_ARGS[@]+"${HEADER_ARGS[@]}"} -w '%{http_code}' "$1" 2>/dev/null || true; }

# ---------------------------------------------------------------- target: given URL or the local jar
MODE=external
STARTUP_MS=null
if [ -z "$BASE_URL" ]; then
  MODE=local-jar
  need_tool java
  if [ ! -f "$JAR" ]; then
    log "jar $JAR missing: building it (log: $OUTPUT_DIR/build.log)"
    if ! (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests -pl functions -am) >"$OUTPUT_DIR/build.log" 2>&1; then
      log "offline build failed; retrying online"
      (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl functions -am) >>"$OUTPUT_DIR/build.log" 2>&1 \
        || { tail -n 30 "$OUTPUT_DIR/build.log" >&2; die 3 "build failed (see $OUTPUT_DIR/build.log)"; }
    fi
    [ -f "$JAR" ] || die 3 "the build did not produce $JAR"
  fi
  if [ -z "$PORT" ]; then
    PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  fi
  BASE_URL="http://127.0.0.1:$PORT"
  [ "$(http_code "$BASE_URL/")" = 000 ] || die 3 "port $PORT is already in use: pass --port or BASE_URL"
  [ -n "$HEALTH_PATH" ] || HEALTH_PATH=/health
  log "starting $JAR on port $PORT (log: $OUTPUT_DIR/server.log)"
  t0="$(now_ms)"
  export PORT  # the jar reads its port from $PORT; --server.port says the same to Spring directly
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" >"$OUTPUT_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  deadline=$(( t0 + STARTUP_TIMEOUT * 1000 ))
  while code="$(http_code "$BASE_URL$HEALTH_PATH")"; [ "$code" != 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$OUTPUT_DIR/server.log" >&2; SERVER_PID=""; die 3 "the jar exited during start-up"; }
    # Tomcat only accepts connections once the context is up, so a 404 is final: this jar has no /health.
    [ "$code" != 404 ] || die 3 "the jar is up but GET $HEALTH_PATH answers 404 (see $OUTPUT_DIR/server.log)"
    [ "$(now_ms)" -lt "$deadline" ] || { tail -n 30 "$OUTPUT_DIR/server.log" >&2; die 3 "no healthy /health within ${STARTUP_TIMEOUT}s (last answer: HTTP $code)"; }
    sleep 0.1
  done
  STARTUP_MS=$(( $(now_ms) - t0 ))
  log "healthy after ${STARTUP_MS} ms (JVM start to $HEALTH_PATH 200, polled every 100 ms)"
elif [ -n "$HEALTH_PATH" ]; then
  code="$(http_code "$BASE_URL$HEALTH_PATH")"
  [ "$code" = 200 ] || die 3 "GET $BASE_URL$HEALTH_PATH answered HTTP $code (000 = unreachable); is the target up?"
fi

# ---------------------------------------------------------------- requests
PROJECT_ENC="$(jq -rn --arg p "$PROJECT_ID" '$p|@uri')"
ORCH_URL="$BASE_URL/orchestrate/project/$PROJECT_ENC"
METRICS_URL="$BASE_URL/orchestrate/intelligence/performance/metrics/$PROJECT_ENC"
[ -z "$METRICS_WINDOW" ] || METRICS_URL="$METRICS_URL?window=$(jq -rn --arg w "$METRICS_WINDOW" '$w|@uri')"
# dry_run is forced true last, so nothing (not even EXTRA_OPTIONS_JSON) can turn it off.
EXTRA_OPTIONS_JSON="${EXTRA_OPTIONS_JSON:-{\}}"
make_body() {
  jq -cn --argjson extra "$EXTRA_OPTIONS_JSON" --argjson pattern "$1" \
    '{action: "analyze_and_orchestrate", options: ($extra + {enable_pattern_recognition: $pattern, dry_run: true})}' \
    || die 2 "EXTRA_OPTIONS_JSON is not a JSON object: $EXTRA_OPTIONS_JSON"
}
make_body false >"$WORK/body-baseline.json"
make_body true >"$WORK/body-pattern.json"

WRITE_OUT='%{http_code}\t%{time_connect}\t%{time_starttransfer}\t%{time_total}\t%{num_connects}\t%{exitcode}\t%{errormsg}\n'
# One curl config entry per request; a single curl process runs them all (sequentially or --parallel), so
# connections are reused and no process start-up lands in the timings. kind: baseline | pattern | metrics.
config_entry() {
  local index="$1" kind="$2" dir="$3"
  if [ "$kind" = metrics ]; then
    printf 'url = "%s"\n' "$METRICS_URL"
  else
    printf 'url = "%s"\nrequest = "POST"\nheader = "Content-Type: application/json"\ndata-binary = "@%s"\n' \
      "$ORCH_URL" "$WORK/body-$kind.json"
  fi
  for h in ${EXTRA_HEADERS[@]+"${EXTRA_HEADERS[@]}"}; do printf 'header = "%s"\n' "${h//\"/\\\"}"; done
  auth_config
  printf 'header = "Accept: application/json"\noutput = "%s/%d.json"\nmax-time = %s\nsilent\nwrite-out = "%d\\t%s\\t%s"\n' \
    "$dir" "$index" "$REQUEST_TIMEOUT" "$index" "$kind" "${WRITE_OUT//\\/\\\\}"
}

progress() { # label done total
  if [ -t 2 ]; then
    printf '\r    %-28s %5d/%-5d' "$1" "$2" "$3" >&2
  elif [ $(( $2 * 4 / $3 )) -ne $(( ($2 - 1) * 4 / $3 )) ] || [ "$2" = "$3" ]; then
    printf '    %-28s %5d/%d\n' "$1" "$2" "$3" >&2
  fi
}

# run_phase NAME LABEL CONCURRENCY MEASURED KIND... : one request per KIND argument, in that order.
run_phase() {
  local name="$1" label="$2" conc="$3" measured="$4"; shift 4
  local dir="$WORK/phases/$name" total=$# i=0 kind
  mkdir -p "$dir"
  : >"$dir/curl.cfg"
  for kind in "$@"; do
    i=$((i + 1))
    [ "$i" -gt 1 ] && echo next >>"$dir/curl.cfg"
    config_entry "$i" "$kind" "$dir" >>"$dir/curl.cfg"
  done
  local parallel=()
  [ "$conc" -gt 1 ] && parallel=(--parallel --parallel-immediate --parallel-max "$conc")
  local rss_before t0 t1 done_count=0 line rc=0
  rss_before="$(rss_kb)"
  t0="$(date +%s%N)"
  # curl exits non-zero when any transfer failed; each failure is recorded per request, so that is not fatal.
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$dir/samples.tsv"
    done_count=$((done_count + 1))
    progress "$label" "$done_count" "$total"
  done < <("${LINEBUF[@]}" curl --no-progress-meter "${parallel[@]}" -K "$dir/curl.cfg" 2>>"$dir/curl.err" || true)
  t1="$(date +%s%N)"
  [ -t 2 ] && echo >&2
  [ -f "$dir/samples.tsv" ] || : >"$dir/samples.tsv"
  jq -n --arg name "$name" --arg phase_label "$label" --argjson concurrency "$conc" --argjson measured "$measured" \
    --argjson requests "$total" --argjson wall_ms "$(( (t1 - t0) / 1000 ))e-3" \
    --argjson rss_before_kb "$rss_before" --argjson rss_after_kb "$(rss_kb)" \
    '{name: $name, "label": $phase_label, concurrency: $concurrency, measured: $measured, requests: $requests,
      wall_ms: $wall_ms, rss_before_kb: $rss_before_kb, rss_after_kb: $rss_after_kb}' >"$dir/meta.json"
  echo "$name" >>"$WORK/phases/order"
  return $rc
}

repeat() { local n="$1" k="$2"; for _ in $(seq 1 "$n"); do printf '%s ' "$k"; done; }

log "target $BASE_URL ($MODE), project $PROJECT_ID, dry runs only$([ "$QUICK" = 1 ] && echo ', quick mode')"
mkdir -p "$WORK/phases"
TOTAL_STEPS=6
# shellcheck disable=SC2046 # word splitting of repeat's output is intended
{
  log "[1/$TOTAL_STEPS] warm-up: $WARMUP x (baseline, pattern) + 1 metrics request (not measured)"
  run_phase warmup "warm-up" 1 false $(for _ in $(seq 1 "$WARMUP"); do printf 'baseline pattern '; done) metrics

  ok_warmup="$(awk -F'\t' '$3 ~ /^2/' "$WORK/phases/warmup/samples.tsv" | wc -l)"
  if [ "$ok_warmup" -eq 0 ]; then
    first="$(head -n 1 "$WORK/phases/warmup/samples.tsv")"
    body="$(head -c 600 "$WORK/phases/warmup/1.json" 2>/dev/null || true)"
    die 3 "no warm-up request succeeded; first: [${first:-no answer}] body: ${body:-none}"
  fi

  log "[2/$TOTAL_STEPS] test 1 baseline (pattern recognition off): $ITERATIONS sequential requests"
  run_phase baseline "test 1 baseline" 1 true $(repeat "$ITERATIONS" baseline)
  log "[3/$TOTAL_STEPS] test 2 full orchestration (pattern recognition on): $ITERATIONS sequential requests"
  run_phase full "test 2 full orchestration" 1 true $(repeat "$ITERATIONS" pattern)
  log "[4/$TOTAL_STEPS] test 3 metrics endpoint: $METRICS_ITERATIONS sequential requests"
  run_phase metrics "test 3 metrics endpoint" 1 true $(repeat "$METRICS_ITERATIONS" metrics)
  warm_conc=$(( CONCURRENCY * 2 ))
  log "[5/$TOTAL_STEPS] concurrent warm-up: $warm_conc requests, $CONCURRENCY at once (not measured)"
  run_phase concurrent_warmup "concurrent warm-up" "$CONCURRENCY" false $(repeat "$warm_conc" pattern)
  log "[6/$TOTAL_STEPS] test 4 concurrent load: $CONCURRENT_REQUESTS requests, $CONCURRENCY at once"
  run_phase concurrent "test 4 concurrent load" "$CONCURRENCY" true $(repeat "$CONCURRENT_REQUESTS" pattern)
}

# ---------------------------------------------------------------- report
jq -n \
  --arg generated_at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg base_url "$BASE_URL" --arg mode "$MODE" \
  --arg jar "$([ "$MODE" = local-jar ] && echo "$JAR" || true)" --arg project_id "$PROJECT_ID" \
  --argjson startup_ms "$STARTUP_MS" --argjson quick "$([ "$QUICK" = 1 ] && echo true || echo false)" \
  --argjson iterations "$ITERATIONS" --argjson metrics_iterations "$METRICS_ITERATIONS" \
  --argjson warmup "$WARMUP" --argjson concurrency "$CONCURRENCY" \
  --argjson concurrent_requests "$CONCURRENT_REQUESTS" --argjson request_timeout_s "$REQUEST_TIMEOUT" \
  --arg metrics_window "$METRICS_WINDOW" \
  --argjson max_total_ms "$MAX_TOTAL_MS" --argjson max_pattern_ms "$MAX_PATTERN_MS" \
  --argjson max_memory_mb "$MAX_MEMORY_MB" --argjson min_success_pct "$MIN_SUCCESS_PCT" \
  --argjson degradation_factor "$DEGRADATION_FACTOR" --argjson degradation_floor_ms "$DEGRADATION_FLOOR_MS" \
  --arg curl_version "$CURL_VERSION" --arg host "$(uname -n)" --argjson cpus "$(nproc 2>/dev/null || echo 0)" \
  --arg java_version "$( [ "$MODE" = local-jar ] && java -version 2>&1 | head -n 1 || true)" \
  --argjson body_baseline "$(cat "$WORK/body-baseline.json")" --argjson body_pattern "$(cat "$WORK/body-pattern.json")" \
  '{generated_at: $generated_at,
    target: {base_url: $base_url, mode: $mode, jar: (if $jar == "" then null else $jar end), project_id: $project_id,
             startup_ms: $startup_ms},
    config: {quick: $quick, iterations: $iterations, metrics_iterations: $metrics_iterations, warmup: $warmup,
             concurrency: $concurrency, concurrent_requests: $concurrent_requests,
             request_timeout_s: $request_timeout_s,
             metrics_window: (if $metrics_window == "" then null else $metrics_window end),
             request_bodies: {baseline: $body_baseline, pattern: $body_pattern},
             thresholds: {max_total_ms: $max_total_ms, max_pattern_ms: $max_pattern_ms, max_memory_mb: $max_memory_mb,
                          min_success_pct: $min_success_pct, degradation_factor: $degradation_factor,
                          degradation_floor_ms: $degradation_floor_ms}},
    environment: {host: $host, cpus: $cpus, curl: $curl_version,
                  java: (if $java_version == "" then null else $java_version end)}}' >"$WORK/run.json"

set +e
python3 "$PERF_DIR/report.py" --work "$WORK" --out "$OUTPUT_DIR" --keep-bodies "$KEEP_BODIES"
rc=$?
set -e
case "$rc" in
  0) log "all criteria met; reports: $OUTPUT_DIR/report.json, $OUTPUT_DIR/report.html" ;;
  1) log "one or more criteria FAILED; reports: $OUTPUT_DIR/report.json, $OUTPUT_DIR/report.html" ;;
  *) log "report generation failed (exit $rc): this is a bug of the script, not a verdict"; rc=4 ;;
esac
exit "$rc"
