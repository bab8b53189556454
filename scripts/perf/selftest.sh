#!/usr/bin/env bash
# Self-test of scripts/performance_test.sh against scripts/perf/mock_server.py (no jar, no JUnit).
# Checks that a healthy target passes with a complete JSON report and a self-contained HTML report, and that each
# kind of failure (slow pattern analysis, memory, errors, degradation under concurrency, unreachable target, bad
# usage) gives the documented non-zero exit code. Ends with the line "N passed, N failed"; exit 1 if any failed.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCRIPT="$HERE/../performance_test.sh"
SCRIPT_CMD=("$SCRIPT")
TMP="$(mktemp -d "${TMPDIR:-/tmp}/perf-selftest.XXXXXX")"
MOCK_PID=""
PASSED=0
FAILED=0

stop_mock() {
  if [ -n "$MOCK_PID" ]; then
    kill "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
    MOCK_PID=""
  fi
}
trap 'stop_mock; rm -rf "$TMP"' EXIT

start_mock() { # mock_server.py options; sets MOCK_URL
  stop_mock
  : >"$TMP/mock.out"
  python3 "$HERE/mock_server.py" --lifetime 300 "$@" >"$TMP/mock.out" 2>&1 &
  MOCK_PID=$!
  for _ in $(seq 1 50); do grep -q '^PORT=' "$TMP/mock.out" && break; sleep 0.1; done
  MOCK_URL="http://127.0.0.1:$(sed -n 's/^PORT=//p' "$TMP/mock.out")"
}

check() { # description, then a command that must succeed
  local what="$1"; shift
  if "$@"; then PASSED=$((PASSED + 1)); echo "ok    $what"; else FAILED=$((FAILED + 1)); echo "FAIL  $what"; fi
}

# run NAME [script options...]: runs the script quickly against MOCK_URL; RC and OUT are set.
# The degradation floor is wide (250 ms) so that a busy machine cannot fail a run that is about something else;
# the degradation case passes the default 25 ms itself.
run() {
  local name="$1"; shift
  OUT="$TMP/$name"
  "${SCRIPT_CMD[@]}" --quick --iterations 5 --requests 10 --warmup 2 --degradation-floor-ms 250 --output-dir "$OUT" "$@" \
    >"$TMP/$name.log" 2>&1
  RC=$?
}

jq_true() { jq -e "$2" "$1" >/dev/null 2>&1; }
criterion_failed() { jq_true "$OUT/report.json" ".criteria[] | select(.id == \"$1\") | .passed == false"; }
only_failed() { jq_true "$OUT/report.json" "[.criteria[] | select(.passed | not) | .id] == [\"$1\"]"; }

# --- a healthy target passes and the reports are complete
start_mock
run healthy "$MOCK_URL"
check "healthy target: exit 0" test "$RC" -eq 0
check "report.json exists and is JSON" jq_true "$OUT/report.json" 'type == "object"'
check "report.json has target, config, environment, info" \
  jq_true "$OUT/report.json" 'has("target") and has("config") and has("environment") and has("info") and has("generated_at")'
check "report.json has the four tests" \
  jq_true "$OUT/report.json" '.tests | has("baseline") and has("full") and has("metrics") and has("concurrent")'
check "each test has n, errors and p50/p95/p99/min/max" jq_true "$OUT/report.json" \
  '[.tests[] | .requests and (.errors == 0) and (.client_latency_ms | .p50 and .p95 and .p99 and .min and .max)] | all'
check "every planned request was made (5+5+3+10)" \
  jq_true "$OUT/report.json" '[.tests[].requests] == [5, 5, 3, 10]'
check "server-reported figures were read" \
  jq_true "$OUT/report.json" '.tests.full.server_pattern_ms.n == 5 and .tests.full.server_total_ms.n == 5 and .tests.full.memory_increase_mb.max == 4'
check "five criteria, all passed" jq_true "$OUT/report.json" \
  '[.criteria[].id] == ["total_under_2000ms","pattern_analysis_under_1000ms","memory_increase_under_100mb","success_rate_over_95pct","concurrency_without_degradation"] and .passed == true and ([.criteria[].passed] | all)'
check "the first response's cold_start is reported" jq_true "$OUT/report.json" '.info.first_response_cold_start == true'
check "test 4 ran 5 requests at once" jq_true "$OUT/report.json" '.tests.concurrent.concurrency == 5'
check "requests were dry runs" jq_true "$OUT/report.json" '.config.request_bodies.pattern.options.dry_run == true and .config.request_bodies.baseline.options.dry_run == true and .config.request_bodies.baseline.options.enable_pattern_recognition == false'
check "report.html has an inline SVG chart" grep -q '<svg' "$OUT/report.html"
check "report.html loads nothing from outside" bash -c "! grep -Eiq '<(script|link|img)[^>]*(src|href)=' '$OUT/report.html'"
check "table printed with RESULT: PASS" grep -q '^RESULT: PASS' "$TMP/healthy.log"
check "raw samples kept" test -s "$OUT/raw/concurrent.tsv"

# --- EXTRA_OPTIONS_JSON cannot turn dry_run off (the mock answers 400 to anything but a dry run)
EXTRA_OPTIONS_JSON='{"dry_run": false, "note": "x"}' run extra "$MOCK_URL"
check "dry_run stays true whatever EXTRA_OPTIONS_JSON says" test "$RC" -eq 0

# --- each criterion can fail, and a failure exits 1
run strict --max-pattern-ms 0.001 "$MOCK_URL"
check "pattern threshold below the measured time: exit 1" test "$RC" -eq 1
check "... and only the pattern criterion failed" only_failed pattern_analysis_under_1000ms
check "... and report.json says passed=false" jq_true "$OUT/report.json" '.passed == false'

start_mock --memory-increase-mb 150
run memory "$MOCK_URL"
check "memory increase of 150 MB: exit 1, memory criterion failed" \
  bash -c "[ $RC -eq 1 ] && jq -e '[.criteria[] | select(.passed | not) | .id] == [\"memory_increase_under_100mb\"]' '$OUT/report.json' >/dev/null"

start_mock --fail-rate 0.5
run errors "$MOCK_URL" --warmup 10  # 21 warm-up requests: all failing (exit 3) has odds of 1 in 2 million
check "half the requests failing: exit 1" test "$RC" -eq 1
check "... success-rate criterion failed and errors listed" \
  bash -c "jq -e '(.criteria[] | select(.id == \"success_rate_over_95pct\") | .passed == false) and (.error_count > 0) and (.errors[0].reason | test(\"HTTP 500\"))' '$OUT/report.json' >/dev/null"

start_mock --serialize --base-ms 30 --pattern-ms 10
run degraded "$MOCK_URL" --degradation-floor-ms 25 --concurrency 8  # ~8x the sequential latency: far past 2x
check "requests served one at a time: exit 1, concurrency criterion failed" \
  bash -c "[ $RC -eq 1 ] && jq -e '[.criteria[] | select(.passed | not) | .id] == [\"concurrency_without_degradation\"]' '$OUT/report.json' >/dev/null"

run memory_limit "$MOCK_URL" --max-memory-mb 0.5
check "memory threshold configurable (0.5 MB): exit 1" test "$RC" -eq 1

start_mock --pattern-cache
run cache "$MOCK_URL"
check "pattern cache: hits counted, criterion judged on lookups and the server's uncached stats" \
  bash -c "[ $RC -eq 0 ] && jq -e '.tests.full.pattern_cache_hits == 5 and .tests.full.server_uncached_pattern_stats.total_calls >= 1' '$OUT/report.json' >/dev/null"
start_mock --pattern-cache --pattern-ms 1100 --jitter-ms 0
run cache_slow "$MOCK_URL"
check "... a slow uncached analysis fails the criterion though every measured request was a cache hit" \
  bash -c "[ $RC -eq 1 ] && jq -e '[.criteria[] | select(.passed | not) | .id] == [\"pattern_analysis_under_1000ms\"] and .tests.full.server_pattern_ms.max < 1' '$OUT/report.json' >/dev/null"

start_mock --omit-server-metrics
run unreported "$MOCK_URL"
check "API reporting no pattern/memory figures: exit 1, both criteria failed as 'no data'" \
  bash -c "[ $RC -eq 1 ] && jq -e '[.criteria[] | select(.passed | not) | select(.actual == null) | .id] == [\"pattern_analysis_under_1000ms\", \"memory_increase_under_100mb\"]' '$OUT/report.json' >/dev/null"

start_mock --require-header 'X-Api-Key: s3cret "quoted"'
run header "$MOCK_URL" --header 'X-Api-Key: s3cret "quoted"'
check "--header is sent with every request (health, POST, GET)" test "$RC" -eq 0
run noheader "$MOCK_URL" --health-path ''
check "... and without it the target answers 401: exit 3" test "$RC" -eq 3

start_mock --require-sigv4 'AKIDSELFTEST:selftest/secret+key:eu-west-1'
SIGV4_ENV=(AWS_ACCESS_KEY_ID=AKIDSELFTEST 'AWS_SECRET_ACCESS_KEY=selftest/secret+key' AWS_REGION=eu-west-1
  AWS_SESSION_TOKEN=)
sigv4_run() { env "${SIGV4_ENV[@]}" "$@"; }
SCRIPT_CMD=(sigv4_run "$SCRIPT")
run sigv4 "$MOCK_URL" --aws-sigv4
check "--aws-sigv4 signs every request validly (the mock verifies the signature like API Gateway)" \
  bash -c "[ $RC -eq 0 ] && ! grep -rq 'selftest/secret' '$OUT'"
SIGV4_ENV+=(AWS_SECRET_ACCESS_KEY=wrong)
run sigv4bad "$MOCK_URL" --aws-sigv4
check "... a wrong secret key is refused (403): exit 3" test "$RC" -eq 3
SIGV4_ENV+=(AWS_REGION= AWS_DEFAULT_REGION=)
run sigv4noregion "$MOCK_URL" --aws-sigv4
SCRIPT_CMD=("$SCRIPT")
check "... without a region: exit 2" test "$RC" -eq 2
start_mock --require-bearer 'tok.en-123'
export BEARER_TOKEN='tok.en-123'
run bearer "$MOCK_URL"
check "BEARER_TOKEN is sent as Authorization: Bearer with every request" test "$RC" -eq 0
BEARER_TOKEN='other'
run bearerbad "$MOCK_URL"
check "... a wrong token is refused (401): exit 3" test "$RC" -eq 3
unset BEARER_TOKEN

# --- target and usage errors
stop_mock
run unreachable "http://127.0.0.1:9"
check "unreachable target: exit 3" test "$RC" -eq 3
run badopt --no-such-option
check "unknown option: exit 2" test "$RC" -eq 2
run badnum --iterations abc "http://127.0.0.1:9"
check "non-numeric --iterations: exit 2" test "$RC" -eq 2
run help --help
check "--help: exit 0" test "$RC" -eq 0

if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck finds nothing" shellcheck "$SCRIPT" "$HERE/selftest.sh"
fi

echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
