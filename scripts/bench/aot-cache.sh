#!/usr/bin/env bash
# Builds a JDK 25 AOT cache (JEP 483/514/515) for a jar the way functions/Dockerfile does, without Docker:
# a training run that serves real requests (AotTraining for our jar; for the echo app, its own main plus curl),
# then the JVM writes the cache at exit.
# Usage: scripts/bench/aot-cache.sh [ours|echo] [requests=200] [jar] [cache]   → prints the cache path
#   jar: another build (default: the one the build made); cache: where to write it (default: under
#   $BENCH_TMP/bench-aot, one per jar path). A cache newer than its jar is reused: the JVM rejects one older than the jar.
# JAVA25 overrides the JDK 25 location; the JIT flag is the image's (POD_JIT in common.sh), as at docker build.
set -euo pipefail
source "$(dirname "$0")/common.sh"
WHICH=${1:-ours}; REQUESTS=${2:-200}
build_bench
JAR=${3:-}; [ -n "$JAR" ] || { JAR=$OURS_JAR; [ "$WHICH" = echo ] && JAR=$ECHO_JAR; }
JAR=$(readlink -f "$JAR")
mkdir -p $BENCH_TMP/bench-aot
CACHE=${4:-$BENCH_TMP/bench-aot/$WHICH-$(echo "$JAR $POD_JIT" | cksum | cut -d' ' -f1).aot}
LOG=${CACHE%.aot}.log
if [ "$CACHE" -nt "$JAR" ]; then echo "$CACHE"; exit 0; fi
rm -f "$CACHE"
if [ "$WHICH" = ours ]; then
  "$JAVA25" -XX:AOTCacheOutput="$CACHE" $POD_JIT -Xmx512m \
    -cp "$JAR" org.dsm.orchestrator.functions.AotTraining "$REQUESTS" >"$LOG" 2>&1 || {
    # the JVM writes a cache at exit even when training failed (a jar without the class on -cp, such as the
    # Spring Boot -exec jar): drop it, or the next call would reuse it as if trained
    rm -f "$CACHE"; echo "AOT training failed (use the shaded -aws jar); see $LOG:" >&2; grep -m2 -E "Error|Exception" "$LOG" >&2; exit 1; }
else
  PORT=${BENCH_PORT:-18432}
  "$JAVA25" -XX:AOTCacheOutput="$CACHE" $POD_JIT -Xmx512m \
    -Dserver.port="$PORT" -jar "$JAR" >"$LOG" 2>&1 &
  APP=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.1; done
  for _ in $(seq 1 "$REQUESTS"); do
    curl -fs -o /dev/null -X POST -H 'content-type: application/json' -d '{"options":{"dry_run":true}}' \
      "http://127.0.0.1:$PORT/orchestrate/project/TEST-001"
  done
  kill -TERM "$APP"; wait "$APP" || true
fi
[ -s "$CACHE" ] || { echo "no AOT cache written; see $LOG" >&2; exit 1; }
echo "$CACHE"
