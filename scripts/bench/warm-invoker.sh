#!/usr/bin/env bash
# Warm invocation through FunctionInvoker: our orchestrate (dry run, embedded data) vs the echo
# function of scripts/bench/echo-app, same JVM flags, same event, separate JVMs, interleaved rounds.
# Usage: scripts/bench/warm-invoker.sh [rounds=2] [warmup=3000] [measured=5000]
# JVM flags: BENCH_JAVA_OPTS (default: the template's -XX:TieredStopAtLevel=1, heap of a 1024 MB Lambda).
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-2}; WARMUP=${2:-3000}; MEASURED=${3:-5000}
OPTS=${BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xmx512m}
build_bench
run() { # main handler function event
  MAIN_CLASS=$1 java $OPTS -cp "$5:$BENCH/out" InvokerBench "$2" "$3" "$4" warm \
    "$WARMUP" "$MEASURED" 2>/dev/null | grep '^function='
}
echo "flags: $OPTS"
for r in $(seq "$ROUNDS"); do
  echo "round $r load=$(load_avg)"
  run $OURS_MAIN $OURS_HANDLER orchestrate "$EVENT_DRY" "$OURS_JAR" | sed 's/^/  dry-run      /'
  run $OURS_MAIN $OURS_HANDLER orchestrate "$ROOT/events/orchestrate-pattern-off.json" "$OURS_JAR" \
    | sed 's/^/  pattern-off  /'
  run $ECHO_MAIN $ECHO_HANDLER echo "$EVENT_DRY" "$ECHO_JAR" | sed 's/^/  echo         /'
done
echo "end load=$(load_avg)"
