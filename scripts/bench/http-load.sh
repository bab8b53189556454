#!/usr/bin/env bash
# HTTP throughput and latency: starts the jar (HTTP mode, in-memory store unless METRICS_STORE is set),
# warms it up, then runs wrk at 5, 64 and 200 connections against POST /orchestrate/project/TEST-001 (dry run).
# Usage: scripts/bench/http-load.sh [seconds=15] [jar=ours] [levels="5 64 200"]   (jar: ours | echo)
# Request: BENCH_LUA (default post-dry-run.lua; post-pattern-off.lua for the path without the Chronicle fetch).
# Runtime: as the Knative pod runs the jar (functions/Dockerfile, k8s-knative/10-orchestrate.yaml): JDK 25 with an
# AOT cache trained for this jar (aot-cache.sh's way, reused while newer than the jar), the image's flags
# (its JIT flag, read by common.sh, and -XX:MaxRAMPercentage=75), inside the pod's limits (pod-java: 1 CPU, 768 MiB; wrk stays
# outside them, as a client would). BENCH_POD=off: the whole machine and -Xmx512m; BENCH_RUNTIME=jdk17: the build JDK
# without a cache, on the whole machine. JVM flags: BENCH_JAVA_OPTS (the cache flag is added to them); BENCH_JAVA:
# another java binary.
# Logging as deployed (INFO: one access line per request); BENCH_LOG_ROOT=WARN turns it off for a comparison.
set -euo pipefail
source "$(dirname "$0")/common.sh"
SECONDS_PER_LEVEL=${1:-15}; WHICH=${2:-ours}; LEVELS=${3:-5 64 200}
LUA="$BENCH/${BENCH_LUA:-post-dry-run.lua}"
RUNTIME=${BENCH_RUNTIME:-knative}
[ "$RUNTIME" = knative ] && HEAP=$POD_HEAP || HEAP=-Xmx512m
[ "$RUNTIME" = knative ] && JIT=$POD_JIT || JIT=-XX:TieredStopAtLevel=1
OPTS=${BENCH_JAVA_OPTS:-$JIT $HEAP}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 2; }
build_bench
PORT=${BENCH_PORT:-18431}
JAR=$OURS_JAR; [ "$WHICH" = echo ] && JAR=$ECHO_JAR
JAR=${BENCH_JAR:-$JAR}  # another build of ours (before/after pairs)
if [ "$RUNTIME" = knative ]; then
  [ -x "$JAVA25" ] || { echo "JDK 25 not found at $JAVA25 (JAVA25=...; or BENCH_RUNTIME=jdk17)" >&2; exit 2; }
  JAVA=${BENCH_JAVA:-$POD_JAVA}
  OPTS="-XX:AOTCache=$(BENCH_PORT=$PORT "$BENCH/aot-cache.sh" "$WHICH" 200 "$JAR") $OPTS"
else
  JAVA=${BENCH_JAVA:-java}
fi
PORT=$PORT $JAVA $OPTS -Dserver.port=$PORT ${BENCH_LOG_ROOT:+-Dlogging.level.root=$BENCH_LOG_ROOT} -jar "$JAR" >/tmp/bench-http-$PORT.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.1; done
# a cache the JVM rejects (another JDK build, a changed jar) is only a warning: say so rather than measure without it
grep -m3 -E '\[(warning|error)\]\[(aot|cds)' /tmp/bench-http-$PORT.log >&2 || true
URL="http://127.0.0.1:$PORT/orchestrate/project/TEST-001"
echo "jar=$WHICH request=$(basename "$LUA") runtime=$RUNTIME ($($JAVA -version 2>&1 | head -1)) flags: $OPTS where: $([ "$JAVA" = "$POD_JAVA" ] && echo "$POD_WHERE" || echo "the whole machine") store=${METRICS_STORE:-memory}"
wrk -t2 -c4 -d10s -s "$LUA" "$URL" >/dev/null  # warm-up (JIT, pools), below the pool size
# the app's own CPU time (user + system, all threads, GC included) per request served: unlike req/s, it hardly
# moves when other processes take the machine's cores
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; }
for c in $LEVELS; do
  echo "--- $c connections, ${SECONDS_PER_LEVEL}s, load before=$(load_avg)"
  t0=$(cpu_ticks)
  wrk -t2 -c$c -d${SECONDS_PER_LEVEL}s --latency -s "$LUA" "$URL" > "/tmp/bench-wrk-$PORT.txt"
  t1=$(cpu_ticks)
  grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%|Latency  ' "/tmp/bench-wrk-$PORT.txt"
  awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" '/requests in/ {printf "CPU per request: %.1f us\n", t / hz * 1e6 / $1}' \
    "/tmp/bench-wrk-$PORT.txt"
done
echo "RSS of the app: $(ps -o rss= -p $APP) KB; load after=$(load_avg)"
