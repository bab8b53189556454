#!/usr/bin/env bash
# Before/after pairs of one change: two builds of ours measured alternately (ABBA order per round pair, so a load
# drift hits both alike), reported per round and as the median ratio B/A.
#   scripts/bench/ab.sh wrk A.jar B.jar [rounds=4]          functions jars: req/s and p99 at 64 connections
#   scripts/bench/ab.sh jmh A.jar B.jar [rounds=4] ARGS...  benchmarks jars: mean (and p99 in SampleTime) of
#                                                           a JMH selection, e.g. OrchestrationBenchmark -p monitoring=ON
# wrk also reports the app's CPU time per request (steadier than req/s on a shared machine). WRK_SECONDS=15; JMH_OPTS (default -f 1 -wi 3 -i 4 -w 1s -r 2s).
set -uo pipefail
source "$(dirname "$0")/common.sh"
KIND=$1; A=$2; B=$3; ROUNDS=${4:-4}; shift 4 2>/dev/null || shift $#
ARGS=("$@")
WORK=$(mktemp -d /tmp/ab.XXXXXX)
echo "ab $KIND A=$A B=$B rounds=$ROUNDS load=$(load_avg)"
one() { # label jar round -> "value1 value2"
  if [ "$KIND" = wrk ]; then
    BENCH_PORT=18336 BENCH_JAR=$2 "$BENCH/http-load.sh" "${WRK_SECONDS:-15}" ours 64 > "$WORK/$1.$3" 2>&1
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.$3")
    p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v}' "$WORK/$1.$3")
    cpu=$(awk '/CPU per request/ {print $4}' "$WORK/$1.$3")
    echo "$rps $p99 $cpu"
  else
    java -jar "$2" "${ARGS[@]}" ${JMH_OPTS:--f 1 -wi 3 -i 4 -w 1s -r 2s} -rf json -rff "$WORK/$1.$3.json" > "$WORK/$1.$3.txt" 2>&1
    python3 -c "
import json
r = json.load(open('$WORK/$1.$3.json'))[0]['primaryMetric']
print('%.3f %.3f' % (r['score'], r['scorePercentiles'].get('99.0', float('nan'))))"
  fi
}
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for x in $order; do
    jar=$A; [ $x = B ] && jar=$B
    v=$(one $x "$jar" $r)
    echo "$v" > "$WORK/$x.$r.v"
  done
  read -r a1 a2 a3 < "$WORK/A.$r.v"; read -r b1 b2 b3 < "$WORK/B.$r.v"
  cpu=""; [ -n "${a3:-}" ] && cpu="   CPU/request A $a3 us B $b3 us B/A $(awk -v a="$a3" -v b="$b3" 'BEGIN{printf "%.2f", b/a}')"
  echo "round $r ($order): A $a1 / $a2   B $b1 / $b2   B/A $(awk -v a="$a1" -v b="$b1" 'BEGIN{printf "%.2f", b/a}') / $(awk -v a="$a2" -v b="$b2" 'BEGIN{printf "%.2f", b/a}')$cpu   load $(load_avg)"
  awk -v a="$a1" -v b="$b1" 'BEGIN{printf "%.3f\n", b/a}' >> "$WORK/r1"; awk -v a="$a2" -v b="$b2" 'BEGIN{printf "%.3f\n", b/a}' >> "$WORK/r2"
  echo "$a1" >> "$WORK/a1"; echo "$b1" >> "$WORK/b1"; echo "$a2" >> "$WORK/a2"; echo "$b2" >> "$WORK/b2"
  [ -n "${a3:-}" ] && { echo "$a3" >> "$WORK/a3"; echo "$b3" >> "$WORK/b3"; awk -v a="$a3" -v b="$b3" 'BEGIN{printf "%.3f\n", b/a}' >> "$WORK/r3"; }
done
label1=mean; label2=p99; [ "$KIND" = wrk ] && { label1=req/s; label2="p99 ms"; }
echo "median $label1: A $(median < "$WORK/a1") B $(median < "$WORK/b1") → B/A $(median < "$WORK/r1") (rounds $(sort -n "$WORK/r1" | tr '\n' ' '))"
echo "median $label2: A $(median < "$WORK/a2") B $(median < "$WORK/b2") → B/A $(median < "$WORK/r2") (rounds $(sort -n "$WORK/r2" | tr '\n' ' '))"
[ -s "$WORK/r3" ] && echo "median CPU/request us: A $(median < "$WORK/a3") B $(median < "$WORK/b3") → B/A $(median < "$WORK/r3") (rounds $(sort -n "$WORK/r3" | tr '\n' ' '))"
echo "load at end: $(load_avg); raw: $WORK"
