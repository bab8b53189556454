#!/usr/bin/env bash
# Cold start: JVM start to the first successful response, median of RUNS runs.
#   http    : java -jar, poll GET /health every 20 ms, then the dry-run POST; prints ready_ms, first_ms (the POST
#             alone) and total_ms (JVM start to the POST's response)
#   invoker : java -cp JAR InvokerBench (FunctionInvoker/LambdaHandler, events/orchestrate-dry-run.json)
# Usage: scripts/bench/cold-start.sh MODE JAR_NAME VARIANT [runs=5]
#   MODE http|invoker; JAR_NAME ours|echo
#   VARIANT base | c1 | cds (c1 + AppCDS archive) | lazy (cds + spring.main.lazy-initialization) |
#           primed (cds + dsm.priming.on-start: the SnapStart priming pass run at start; POST sent once it ends) |
#           aot (JDK 25 + the image's JIT flag + an AOT cache trained on 200 real requests, as functions/Dockerfile, in the Knative
#           pod's limits unless BENCH_POD=off: see pod-java; http mode only)
set -euo pipefail
source "$(dirname "$0")/common.sh"
MODE=$1; WHICH=$2; VARIANT=$3; RUNS=${4:-5}
build_bench
JAR=$OURS_JAR; MAIN=$OURS_MAIN; HANDLER=$OURS_HANDLER; FUNCTION=orchestrate
if [ "$WHICH" = echo ]; then JAR=$ECHO_JAR; MAIN=$ECHO_MAIN; HANDLER=$ECHO_HANDLER; FUNCTION=echo; fi
# a directory on the class path disables AppCDS: the harness goes in a jar, made once (CDS rejects an archive
# when a class-path jar's mtime or size changed since the training run)
[ "$BENCH/out/invokerbench.jar" -nt "$BENCH/out/InvokerBench.class" ] \
  || (cd "$BENCH/out" && jar cf invokerbench.jar InvokerBench.class)
CP="$JAR:$BENCH/out/invokerbench.jar"
ARCHIVES=$BENCH_TMP/bench-cds; mkdir -p $ARCHIVES
JSA="$ARCHIVES/$WHICH-$MODE.jsa"
BASE_OPTS="-Xmx512m"  # the log level as deployed (INFO)
case $VARIANT in
  base) OPTS="$BASE_OPTS" ;;
  c1) OPTS="$BASE_OPTS -XX:TieredStopAtLevel=1" ;;
  cds|lazy|primed)
    if [ ! -f "$JSA" ]; then # training run, as in functions/Dockerfile
      if [ "$MODE" = http ]; then
        java -XX:ArchiveClassesAtExit="$JSA" -Dspring.context.exit=onRefresh -Dserver.port=0 -jar "$JAR" >/dev/null 2>&1
      else
        MAIN_CLASS=$MAIN java -XX:ArchiveClassesAtExit="$JSA" -cp "$CP" InvokerBench "$HANDLER" "$FUNCTION" \
          "$EVENT_DRY" cold >/dev/null 2>&1
      fi
    fi
    OPTS="$BASE_OPTS -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$JSA -Xshare:auto"
    [ "$VARIANT" = lazy ] && OPTS="$OPTS -Dspring.main.lazy-initialization=true"
    [ "$VARIANT" = primed ] && OPTS="$OPTS -Ddsm.priming.on-start=true" ;;
  aot)
    [ "$MODE" = http ] || { echo "aot: http mode only (the Lambda runtime loads the app in its own class loader)" >&2; exit 2; }
    AOT=$("$BENCH/aot-cache.sh" "$WHICH" 200)  # retrained when the jar is newer
    JAVA=$POD_JAVA  # in the pod's limits, with the image's heap flag (BENCH_POD=off: the whole machine)
    OPTS="$POD_HEAP $POD_JIT -XX:AOTCache=$AOT" ;;
  *) echo "unknown variant $VARIANT" >&2; exit 2 ;;
esac
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
PORT=${BENCH_PORT:-18441}
BODY='{"action": "analyze_and_orchestrate", "options": {"dry_run": true}}'
totals=(); firsts=(); readies=()
for r in $(seq "$RUNS"); do
  if [ "$MODE" = http ]; then
    LOG=/tmp/bench-cold-$PORT.log
    t0=$(now_ms)
    "${JAVA:-java}" $OPTS -Dserver.port=$PORT -jar "$JAR" >"$LOG" 2>&1 &
    APP=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.02; done
    t_ready=$(now_ms)
    if [ "$VARIANT" = primed ]; then until grep -q "primed before snapshot" "$LOG"; do sleep 0.02; done; fi
    t_post=$(now_ms)
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$BODY" \
      "http://127.0.0.1:$PORT/orchestrate/project/TEST-001")
    t1=$(now_ms)
    kill $APP; wait $APP 2>/dev/null || true
    [ "$code" = 200 ] || { echo "POST answered $code" >&2; exit 1; }
    readies+=($((t_ready - t0))); firsts+=($((t1 - t_post))); totals+=($((t1 - t0)))
  else
    t0=$(date +%s%N)
    out=$(MAIN_CLASS=$MAIN java $OPTS -cp "$CP" InvokerBench "$HANDLER" "$FUNCTION" "$EVENT_DRY" cold 2>/dev/null \
      | grep first_response_epoch_ns=)
    totals+=($(( (${out#*=} - t0) / 1000000 )))
  fi
done
med() { printf '%s\n' "$@" | median; }
line="mode=$MODE jar=$WHICH variant=$VARIANT runs=$RUNS median_total_ms=$(med "${totals[@]}") all=[${totals[*]}]"
[ "$MODE" = http ] && line="$line median_ready_ms=$(med "${readies[@]}") median_first_request_ms=$(med "${firsts[@]}") first=[${firsts[*]}]"
echo "$line load=$(load_avg)"
