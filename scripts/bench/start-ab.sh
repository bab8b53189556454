#!/usr/bin/env bash
# Start-up before/after of builds of ours beside the echo app, interleaved run by run (what BENCHMARKS.md's start-up
# rows were measured with). Each JAR is copied first, so later builds do not disturb it.
#   scripts/bench/start-ab.sh http   RUNS JAR...   JDK 25 + C1 + an AOT cache trained per jar (aot-cache.sh's way):
#                                                  JVM start → first 200 of the dry-run POST, in the Knative
#                                                  pod's limits (pod-java; BENCH_POD=off: the whole machine)
#   scripts/bench/start-ab.sh lambda RUNS JAR...   the jar unzipped as a Lambda task root, InvokerBench in-process
#                                                  (JDK 17, SerialGC, C1 as template.yaml sets): process start → first
#                                                  answer, and the main thread's CPU up to it
# JAR "echo" is the echo app. BENCH_PORT (default 18451), BENCH_TMP as in common.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"
MODE=$1; RUNS=$2; shift 2
build_bench
PORT=${BENCH_PORT:-18451}
WORK=$(mktemp -d "$BENCH_TMP/start-ab.XXXXXX")
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
names=()
i=0
for jar in "$@"; do # prepare: a copy (and its AOT cache or task root) per jar
  i=$((i + 1)); n="$i-$(basename "${jar%.jar}")"; names+=("$n"); mkdir -p "$WORK/$n"
  if [ "$jar" = echo ]; then cp "$ECHO_JAR" "$WORK/$n/app.jar"; echo echo > "$WORK/$n/kind"; else cp "$jar" "$WORK/$n/app.jar"; echo ours > "$WORK/$n/kind"; fi
  if [ "$MODE" = http ]; then
    BENCH_PORT=$PORT "$BENCH/aot-cache.sh" "$(cat "$WORK/$n/kind")" 200 "$WORK/$n/app.jar" "$WORK/$n/app.aot" > /dev/null
  else
    (mkdir -p "$WORK/$n/root" && cd "$WORK/$n/root" && unzip -q ../app.jar)
  fi
done
for r in $(seq "$RUNS"); do
  for n in "${names[@]}"; do
    kind=$(cat "$WORK/$n/kind")
    if [ "$MODE" = http ]; then
      t0=$(now_ms)
      "$POD_JAVA" $POD_JIT -XX:AOTCache="$WORK/$n/app.aot" $POD_HEAP \
        -Dserver.port="$PORT" -jar "$WORK/$n/app.jar" > "$WORK/$n/run.log" 2>&1 &
      app=$!
      until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.02; done
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d '{"options": {"dry_run": true}}' "http://127.0.0.1:$PORT/orchestrate/project/TEST-001")
      t1=$(now_ms)
      kill $app; wait $app 2>/dev/null || true
      [ "$code" = 200 ] || { echo "$n answered $code" >&2; exit 1; }
      echo "$((t1 - t0))" >> "$WORK/$n/ms"
    else
      main=$OURS_MAIN; handler=$OURS_HANDLER; fn=orchestrate
      [ "$kind" = echo ] && { main=$ECHO_MAIN; handler=$ECHO_HANDLER; fn=echo; }
      t0=$(date +%s%N)
      out=$(cd "$WORK/$n/root" && MAIN_CLASS=$main SPRING_CLOUD_FUNCTION_DEFINITION=$fn java -XX:+UseSerialGC \
        -XX:TieredStopAtLevel=1 -Xshare:auto -cp ".:$BENCH/out" InvokerBench "$handler" "$fn" "$EVENT_DRY" cold 2>/dev/null)
      e=$(echo "$out" | sed -n 's/first_response_epoch_ns=//p')
      echo $(( (e - t0) / 1000000 )) >> "$WORK/$n/ms"
      echo "$out" | sed -n 's/main_thread_cpu_ms=//p' >> "$WORK/$n/cpu"
    fi
  done
done
for n in "${names[@]}"; do
  line="$n: start → first answer median $(median < "$WORK/$n/ms") ms [$(tr '\n' ' ' < "$WORK/$n/ms")]"
  [ -f "$WORK/$n/cpu" ] && line="$line; main-thread CPU median $(median < "$WORK/$n/cpu") ms [$(tr '\n' ' ' < "$WORK/$n/cpu")]"
  echo "$line"
done
echo "load $(load_avg); files $WORK"
