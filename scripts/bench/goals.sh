#!/usr/bin/env bash
# The goals table of BENCHMARKS.md in one run: every row is a paired measurement (ours and its floor in the same invocation,
# interleaved round by round where both are processes), reported as absolutes and ratios, with the load average.
#   scripts/bench/goals.sh [ROW ...]      ROW: http-start lambda-cold restore lambda-warm wrk monitoring inprocess
#                                          (default: all, in that order)
# ROUNDS=3 (rounds per row), RIC_ROUNDS=5 (the runtime-client rows: a cold start's ratio moved 0.73-1.18 from round
# to round), WRK_SECONDS=15, GOALS_OUT (default docs/results/goals-<UTC date-time>.md).
# Needs: JDK 25 for http-start and wrk (JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), wrk (apt-get install -y wrk);
# both rows run the apps inside the Knative pod's limits (pod-java: root and cgroups; BENCH_POD=off: the whole machine);
# the runtime-client rows run with Lambda's CPU share for the template's memory size (lambda-cpu; BENCH_LAMBDA_CPU=off).
# Ports 18331-18343 (GOALS_PORT=N: N to N+3). The Lambda rows run functions' RicGoalsBench under the official runtime client through Maven.
set -uo pipefail
source "$(dirname "$0")/common.sh"
ROWS=("$@"); [ ${#ROWS[@]} -eq 0 ] && ROWS=(http-start lambda-cold restore lambda-warm wrk monitoring inprocess)
ROUNDS=${ROUNDS:-3}; RIC_ROUNDS=${RIC_ROUNDS:-5}; WRK_SECONDS=${WRK_SECONDS:-15}; PORT0=${GOALS_PORT:-18331}
STAMP=$(date -u +%Y-%m-%d-%H%M)
OUT=${GOALS_OUT:-$ROOT/docs/results/goals-$STAMP.md}
WORK=$(mktemp -d /tmp/goals.XXXXXX)
mkdir -p "$(dirname "$OUT")"
SUMMARY="$WORK/summary.md"
: > "$SUMMARY"

say() { echo "$@" | tee -a "$OUT"; }
# ratio A B -> A/B with 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
range() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%s–%s", lo, hi}'; }
med() { median; }
# summary ROW "ours" "floor" "ratio (range)" "goal" "met"
summary() { printf '| %s | %s | %s | %s | %s | %s | `%s` | %s |\n' "$@" >> "$SUMMARY"; }
met() { awk -v v="$1" -v g="$2" 'BEGIN { print (v != "n/a" && v + 0 <= g + 0) ? "yes" : "no" }'; }

{
  echo "# Goals run $STAMP (UTC)"
  echo
  echo "Command: \`scripts/bench/goals.sh ${*:-}\` (ROUNDS=$ROUNDS, RIC_ROUNDS=$RIC_ROUNDS). Machine: $(nproc) cores, $(uname -r);"
  echo "JDK: $(java -version 2>&1 | head -1). Load at start: $(load_avg). Git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo ' (dirty)')."
  echo
} > "$OUT"

build_bench

# ---------------------------------------------------------------- HTTP start -> first 200, JDK 25 AOT cache
row_http_start() {
  say "## http-start: JVM start → first 200 of the dry-run POST, JDK 25 + $POD_JIT_NAME + AOT cache trained on 200 requests, $POD_HEAP, $POD_WHERE"
  say "load before: $(load_avg)"
  : > "$WORK/hs.ours"; : > "$WORK/hs.echo"; : > "$WORK/hs.ratio"
  for r in $(seq "$ROUNDS"); do
    o=$(BENCH_PORT=$PORT0 "$BENCH/cold-start.sh" http ours aot 1 | sed -n 's/.*median_total_ms=\([0-9.]*\).*/\1/p')
    e=$(BENCH_PORT=$((PORT0 + 1)) "$BENCH/cold-start.sh" http echo aot 1 | sed -n 's/.*median_total_ms=\([0-9.]*\).*/\1/p')
    [ -n "$o" ] && [ -n "$e" ] || { say "round $r failed"; continue; }
    echo "$o" >> "$WORK/hs.ours"; echo "$e" >> "$WORK/hs.echo"; ratio "$o" "$e" >> "$WORK/hs.ratio"; echo >> "$WORK/hs.ratio"
    say "round $r: ours ${o} ms, echo ${e} ms, ratio $(ratio "$o" "$e"), load $(load_avg)"
  done
  local o e
  o=$(med < "$WORK/hs.ours"); e=$(med < "$WORK/hs.echo")
  local q; q=$(grep . "$WORK/hs.ratio" | med)
  say "median: ours $o ms, echo $e ms; median of the per-round ratios $q× (rounds: $(grep . "$WORK/hs.ratio" | range)); load after: $(load_avg)"
  say ""
  summary "HTTP start → first 200 (JDK 25 AOT cache)" "$o ms" "echo $e ms" "$q× ($(grep . "$WORK/hs.ratio" | range))" \
    "≤ 0.9×" "$(met "$q" 0.9)" "goals.sh http-start" "$(load_avg)"
}

# ---------------------------------------------------------------- Lambda rows: RicGoalsBench through Maven
LAMBDA_DONE=""
# every sandbox under the runtime client gets the CPU share Lambda gives the template's memory size (lambda-cpu);
# BENCH_LAMBDA_CPU=off runs them on the whole machine
LAMBDA_CPU="$BENCH/lambda-cpu"; [ "${BENCH_LAMBDA_CPU:-on}" = off ] && LAMBDA_CPU=
run_ric() { # modes (comma-separated)
  say "load before the runtime-client runs ($1): $(load_avg); CPU: $([ -n "$LAMBDA_CPU" ] && echo "Lambda's share for the function's memory (lambda-cpu)" || echo "the whole machine (BENCH_LAMBDA_CPU=off)")"
  [ -f "$ECHO_JAR" ] || "$ROOT/mvnw" -B -q -f "$BENCH/echo-app/pom.xml" package -DskipTests
  (cd "$ROOT" && ./mvnw -B -q verify -pl functions -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=RicGoalsBench -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true -Djacoco.skip=true \
    -Dric.goals="$1" -Dric.goals.rounds="$RIC_ROUNDS" -Dric.echo.jar="$ECHO_JAR" -Dric.cpu.wrapper="$LAMBDA_CPU") \
    > "$WORK/ric-$1.log" 2>&1 \
    || { say "runtime-client bench failed: tail of the log:"; tail -30 "$WORK/ric-$1.log" | tee -a "$OUT"; }
  LAMBDA_DONE="$LAMBDA_DONE,$1"
}
ric_tsv() { echo "$ROOT/functions/target/ric-logs/goals-$1.tsv"; }
# column N of code C in the tsv of mode M, one value a line
ric_col() { awk -F'\t' -v c="$2" -v n="$3" '$3 == c { print $n }' "$(ric_tsv "$1")"; }
ric_cpu() { ric_col cold "$1" 5 | sed -n 's/^cpu=\([0-9]*\).*/\1/p'; }
cpu_per_wall() { paste <(ric_col cold "$1" 4) <(ric_col cold "$1" 5 | sed 's/^cpu=\([0-9?]*\).*/\1/') \
  | awk '$2 ~ /^[0-9]+$/ && $1 > 0 { print $2 / $1 }' | median | awk '{ printf "%.2f", $1 }'; }
ric_paired() { # mode code-a code-b column -> per-round ratios a/b, one a line
  paste <(ric_col "$1" "$2" "$4") <(ric_col "$1" "$3" "$4") | awk '{ if ($2 > 0) printf "%.2f\n", $1 / $2 }'
}

row_lambda_cold() {
  say "## lambda-cold: official runtime client, process start → first answer (dry-run API event)"
  local t; t=$(ric_tsv cold)
  [ -s "$t" ] || { say "no rows"; return; }
  sed 's/^/    /' "$t" >> "$OUT"
  local j e f
  j=$(ric_col cold jar 4 | med); e=$(ric_col cold echo 4 | med); f=$(ric_col cold floor 4 | med)
  local q; q=$(ric_paired cold jar echo 4 | med)
  say "median: ours $j ms, echo app $e ms, plain handler $f ms; median of the per-round ratios ours/echo $q× (rounds: $(ric_paired cold jar echo 4 | range)); load after: $(load_avg)"
  # column 5: the process's CPU at the first answer, all threads ("cpu=MS name=MS ..."; RicGoalsBench's ThreadCpu)
  local jc ec; jc=$(ric_cpu jar | med); ec=$(ric_cpu echo | med)
  say "process CPU at the first answer (all threads, median): ours $jc ms, echo $ec ms (ours/echo $(awk -v a="$jc" -v b="$ec" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')×); CPU per wall-clock second: ours $(cpu_per_wall jar), echo $(cpu_per_wall echo) (a start bound by Lambda's CPU share uses all of it)"
  say ""
  summary "Lambda cold (RIC, start → first answer)" "$j ms" "echo $e ms (plain $f ms)" \
    "$q× ($(ric_paired cold jar echo 4 | range))" "≤ 1.0×" "$(met "$q" 1.0)" "goals.sh lambda-cold" "$(load_avg)"
}

row_restore() {
  say "## restore: SnapStart under the runtime client, restore released → first answer (and the event's own round trip)"
  local t; t=$(ric_tsv restore)
  [ -s "$t" ] || { say "no rows"; return; }
  sed 's/^/    /' "$t" >> "$OUT"
  local j f
  j=$(ric_col restore jar 4 | med); f=$(ric_col restore floor 4 | med)
  say "median: ours $j ms, plain handler $f ms (ratio $(ratio "$j" "$f")×; rounds ours: $(ric_col restore jar 4 | range) ms); load after: $(load_avg)"
  say ""
  summary "First invocation after SnapStart restore" "$j ms" "plain $f ms" "$(ratio "$j" "$f")×" "≤ 25 ms" "$(met "$j" 25)" "goals.sh restore" "$(load_avg)"
}

row_lambda_warm() {
  say "## lambda-warm: runtime-client round trip after 1,000 warm-up calls, percentiles of 1,000 (p50 p90 p99, ms)"
  local t; t=$(ric_tsv warm)
  [ -s "$t" ] || { say "no rows"; return; }
  sed 's/^/    /' "$t" >> "$OUT"
  local j f e d
  j=$(ric_col warm jar 4 | med); f=$(ric_col warm floor 4 | med); e=$(ric_col warm echo 4 | med)
  d=$(awk -v a="$j" -v b="$f" 'BEGIN { printf "%.2f", a - b }')
  local ds; ds=$(paste <(ric_col warm jar 4) <(ric_col warm floor 4) | awk '{ printf "%.2f\n", $1 - $2 }' | range)
  say "median p50: ours $j ms, plain handler $f ms, echo app $e ms → ours − floor = $d ms (rounds: $ds); load after: $(load_avg)"
  say ""
  summary "Lambda warm p50 (RIC round trip)" "$j ms" "plain $f ms (echo $e)" "floor + $d ms ($ds)" "≤ floor + 0.5 ms" "$(met "$d" 0.5)" "goals.sh lambda-warm" "$(load_avg)"
}

# ---------------------------------------------------------------- wrk at 64 connections
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f\n", v }'; }
row_wrk() {
  say "## wrk: 64 connections, ${WRK_SECONDS}s, dry-run POST, after a 10 s warm-up at 4 connections; both apps as the Knative pod runs them: JDK 25, AOT cache trained on 200 requests, $POD_JIT_NAME, $POD_HEAP, $POD_WHERE"
  : > "$WORK/w.ours.rps"; : > "$WORK/w.echo.rps"; : > "$WORK/w.ours.p99"; : > "$WORK/w.echo.p99"
  : > "$WORK/w.rr"; : > "$WORK/w.pr"; : > "$WORK/w.ours.cpu"; : > "$WORK/w.echo.cpu"; : > "$WORK/w.cr"
  for r in $(seq "$ROUNDS"); do
    for which in ours echo; do
      BENCH_PORT=$((PORT0 + $([ $which = ours ] && echo 2 || echo 3))) "$BENCH/http-load.sh" "$WRK_SECONDS" $which 64 > "$WORK/w.$which.$r" 2>&1
      grep 'Requests/sec' "$WORK/w.$which.$r" | awk '{print $2}' >> "$WORK/w.$which.rps"
      grep -E '^ +99%' "$WORK/w.$which.$r" | awk '{print $2}' | to_ms >> "$WORK/w.$which.p99"
      awk '/CPU per request/ {print $4}' "$WORK/w.$which.$r" >> "$WORK/w.$which.cpu"
      grep -E 'Non-2xx|Socket errors' "$WORK/w.$which.$r" | sed "s/^/round $r $which: /" | tee -a "$OUT"
    done
    local ro re po pe
    ro=$(tail -1 "$WORK/w.ours.rps"); re=$(tail -1 "$WORK/w.echo.rps")
    po=$(tail -1 "$WORK/w.ours.p99"); pe=$(tail -1 "$WORK/w.echo.p99")
    ratio "$ro" "$re" >> "$WORK/w.rr"; echo >> "$WORK/w.rr"; ratio "$po" "$pe" >> "$WORK/w.pr"; echo >> "$WORK/w.pr"
    local co ce; co=$(tail -1 "$WORK/w.ours.cpu"); ce=$(tail -1 "$WORK/w.echo.cpu")
    ratio "$co" "$ce" >> "$WORK/w.cr"; echo >> "$WORK/w.cr"
    say "round $r: ours $ro req/s p99 $po ms; echo $re req/s p99 $pe ms; req/s ratio $(ratio "$ro" "$re"), p99 ratio $(ratio "$po" "$pe"); app CPU per request ours $co us, echo $ce us; load $(load_avg)"
  done
  local ro re po pe
  ro=$(med < "$WORK/w.ours.rps"); re=$(med < "$WORK/w.echo.rps"); po=$(med < "$WORK/w.ours.p99"); pe=$(med < "$WORK/w.echo.p99")
  local qr qp; qr=$(grep . "$WORK/w.rr" | med); qp=$(grep . "$WORK/w.pr" | med)
  say "median: ours $ro req/s, p99 $po ms; echo $re req/s, p99 $pe ms; median of the per-round ratios $qr× req/s ($(grep . "$WORK/w.rr" | range)), $qp× p99 ($(grep . "$WORK/w.pr" | range)); load after: $(load_avg)"
  say ""
  summary "HTTP @64 connections, req/s (wrk)" "$ro req/s" "echo $re req/s" "$qr× ($(grep . "$WORK/w.rr" | range))" "≥ 0.6×" \
    "$(awk -v v="$qr" 'BEGIN { print v >= 0.6 ? "yes" : "no" }')" "goals.sh wrk" "$(load_avg)"
  summary "HTTP @64 connections, p99 (wrk)" "$po ms" "echo $pe ms" "$qp× ($(grep . "$WORK/w.pr" | range))" "≤ 2×" "$(met "$qp" 2)" "goals.sh wrk" "$(load_avg)"
  local co ce qc; co=$(med < "$WORK/w.ours.cpu"); ce=$(med < "$WORK/w.echo.cpu"); qc=$(grep . "$WORK/w.cr" | med)
  say "app CPU time per request (user + system, all threads): ours $co us, echo $ce us, median ratio $qc× ($(grep . "$WORK/w.cr" | range))"
  summary "HTTP @64 connections, app CPU per request (context: steadier than req/s under load)" "$co µs" "echo $ce µs" \
    "$qc× ($(grep . "$WORK/w.cr" | range))" "—" "—" "goals.sh wrk" "$(load_avg)"
}

# ---------------------------------------------------------------- in-process (JMH)
JMH_JAR="$ROOT/shared/benchmarks/target/benchmarks.jar"
[ -f "$JMH_JAR" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl shared/benchmarks -am)
jmh_orchestration() { # -> orch-R-ON.json / orch-R-OFF.json: one JMH run per setting, ABBA order over the rounds
  for r in $(seq "$ROUNDS"); do
    [ -s "$WORK/orch-$r-OFF.json" ] && continue
    order="ON OFF"; [ $((r % 2)) = 0 ] && order="OFF ON"
    for m in $order; do
      java -jar "$JMH_JAR" OrchestrationBenchmark -p monitoring=$m -f 1 -wi 5 -i 5 -w 2s -r 2s -rf json \
        -rff "$WORK/orch-$r-$m.json" > "$WORK/orch-$r-$m.txt" 2>&1
    done
    echo "$(load_avg)" > "$WORK/orch-$r.load"
  done
}
jmh_field() { # round monitoring(ON|OFF) field(mean|p99) -> µs
  python3 - "$WORK/orch-$1-$2.json" "$2" "$3" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))  # the file of that round and setting
for r in rows:
    if r["params"]["monitoring"] == sys.argv[2]:
        m = r["primaryMetric"]
        print(f'{m["score"]:.2f}' if sys.argv[3] == "mean" else f'{m["scorePercentiles"]["99.0"]:.2f}')
EOF
}

row_monitoring() {
  say "## monitoring: warm in-process orchestration (OrchestrationBenchmark, SampleTime), monitoring ON vs OFF, one JMH run each, ABBA order"
  say "load before: $(load_avg)"
  jmh_orchestration
  : > "$WORK/m.on"; : > "$WORK/m.off"; : > "$WORK/m.pct"
  for r in $(seq "$ROUNDS"); do
    local on off
    on=$(jmh_field $r ON mean); off=$(jmh_field $r OFF mean)
    [ -n "$on" ] && [ -n "$off" ] || { say "round $r failed (see $WORK/orch-$r-*.txt)"; continue; }
    echo "$on" >> "$WORK/m.on"; echo "$off" >> "$WORK/m.off"
    awk -v a="$on" -v b="$off" 'BEGIN { printf "%.1f\n", 100 * (a / b - 1) }' >> "$WORK/m.pct"
    say "round $r: ON mean $on µs, OFF mean $off µs → +$(tail -1 "$WORK/m.pct") %; load after $(cat "$WORK/orch-$r.load")"
  done
  local on off pct
  on=$(med < "$WORK/m.on"); off=$(med < "$WORK/m.off"); pct=$(med < "$WORK/m.pct")
  say "median: ON $on µs, OFF $off µs, overhead +$pct % (rounds: $(range < "$WORK/m.pct") %)"
  say ""
  summary "Monitoring on a warm in-process orchestration (JMH, ABBA runs)" "$on µs" "off $off µs" "+$pct % ($(range < "$WORK/m.pct") %)" "≤ +10 %" "$(met "$pct" 10)" "goals.sh monitoring" "$(load_avg)"
  # the same pair, alternated block by block in one JVM (MonitoringOverhead): robust to load drift
  java -cp "$JMH_JAR" org.dsm.orchestrator.benchmarks.MonitoringOverhead $((20 * ROUNDS)) 1000 ON_NO_SPAN,ON_NO_STORE,ON_SPAN_CPU_ONLY,ON_SPAN_NO_CPU \
    2>/dev/null > "$WORK/overhead.txt"
  sed 's/^/    /' "$WORK/overhead.txt" >> "$OUT"
  local w c
  w=$(awk '$1 == "ON" { for (i = 1; i <= NF; i++) if ($i == "wall" && $(i+1) ~ /^[0-9.]+$/ && $(i-1) == "rounds):") print $(i+1) }' "$WORK/overhead.txt")
  c=$(awk '$1 == "ON" { for (i = 1; i <= NF; i++) if ($i == "cpu" && $(i-1) ~ /\)$/) print $(i+1) }' "$WORK/overhead.txt")
  local wp cp
  wp=$(awk -v v="$w" 'BEGIN { printf "%.1f", 100 * (v - 1) }'); cp=$(awk -v v="$c" 'BEGIN { printf "%.1f", 100 * (v - 1) }')
  say "interleaved in one JVM (MonitoringOverhead): ON/OFF wall +$wp %, thread CPU +$cp % (median of block pairs); load after: $(load_avg)"
  summary "Monitoring, interleaved blocks in one JVM (MonitoringOverhead)" "wall +$wp %" "thread CPU +$cp %" "see results file (p25–p75)" "≤ +10 %" "$(met "$wp" 10)" "goals.sh monitoring" "$(load_avg)"
}

row_inprocess() {
  say "## inprocess: warm in-process orchestration p99 (monitoring ON), pattern analysis over 100,000 projects"
  say "load before: $(load_avg)"
  jmh_orchestration
  : > "$WORK/i.p99"
  for r in $(seq "$ROUNDS"); do
    jmh_field $r ON p99 >> "$WORK/i.p99"
  done
  local p99; p99=$(med < "$WORK/i.p99")
  say "orchestration p99 per round (µs): $(tr '\n' ' ' < "$WORK/i.p99")→ median $p99 µs"
  java -jar "$JMH_JAR" PatternScalingBenchmark -p history=100000 -f 1 -wi 3 -i 5 -w 2s -r 3s -jvmArgs -Xmx2g \
    -rf json -rff "$WORK/pattern.json" > "$WORK/pattern.txt" 2>&1
  local pat
  pat=$(python3 -c "
import json
for r in json.load(open('$WORK/pattern.json')):
    print(r['params']['source'], '%.2f' % r['primaryMetric']['score'])" 2>/dev/null | tr '\n' ' ')
  say "pattern analysis, 100,000 projects (ms, by source): $pat; load after: $(load_avg)"
  say ""
  local worst; worst=$(echo "$pat" | awk '{ m = 0; for (i = 2; i <= NF; i += 2) if ($i > m) m = $i; print m }')
  local p99ms; p99ms=$(awk -v v="$p99" 'BEGIN { printf "%.3f", v / 1000 }')
  summary "Warm in-process orchestration p99" "$p99ms ms" "—" "—" "≤ 0.3 ms" "$(met "$p99ms" 0.3)" "goals.sh inprocess" "$(load_avg)"
  summary "Pattern analysis, 100k projects" "$pat" "—" "—" "≤ 15 ms" "$(met "$worst" 15)" "goals.sh inprocess" "$(load_avg)"
}

# the Lambda rows share one Maven run
MODES=""
for row in "${ROWS[@]}"; do
  case $row in lambda-cold) MODES="$MODES,cold" ;; restore) MODES="$MODES,restore" ;; lambda-warm) MODES="$MODES,warm" ;; esac
done
for row in "${ROWS[@]}"; do
  case $row in
    http-start) row_http_start ;;
    lambda-cold|restore|lambda-warm)
      [ -z "$LAMBDA_DONE" ] && run_ric "${MODES#,}"
      case $row in lambda-cold) row_lambda_cold ;; restore) row_restore ;; lambda-warm) row_lambda_warm ;; esac ;;
    wrk) row_wrk ;;
    monitoring) row_monitoring ;;
    inprocess) row_inprocess ;;
    *) echo "unknown row $row" >&2; exit 2 ;;
  esac
done

{
  echo "## Summary"
  echo
  echo "| measure | ours | floor | ratio (range over rounds) | goal | met | command | load after |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$SUMMARY"
  echo
  echo "Load at end: $(load_avg). Raw files: $WORK"
} | tee -a "$OUT"
echo "results: $OUT"
