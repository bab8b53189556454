# Shared paths and helpers for scripts/bench/*.sh (sourced).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/scripts/bench"
OURS_JAR="$ROOT/functions/target/orchestrator-functions-1.0.0-aws.jar"
ECHO_JAR="$BENCH/echo-app/target/echo-app-1.0.0-aws.jar"
OURS_MAIN=org.dsm.orchestrator.functions.FunctionsApplication
ECHO_MAIN=bench.echo.EchoApplication
OURS_HANDLER=org.dsm.orchestrator.functions.lambda.LambdaHandler
ECHO_HANDLER=org.springframework.cloud.function.adapter.aws.FunctionInvoker
EVENT_DRY="$ROOT/events/orchestrate-dry-run.json"
# the Knative image's JDK (functions/Dockerfile), for the AOT-cache rows
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# how the HTTP rows run JDK 25: inside the Knative pod's limits (pod-java applies the manifest's, so the JVM picks what
# the pod's picks) with the image's heap flag; BENCH_POD=off runs it on the whole machine, -Xmx512m. POD_WHERE says which.
if [ "${BENCH_POD:-on}" = off ]; then
  POD_JAVA=$JAVA25; POD_HEAP="-Xmx512m"; POD_WHERE="the whole machine (BENCH_POD=off)"
else
  POD_JAVA="$BENCH/pod-java"; POD_HEAP="-XX:MaxRAMPercentage=75"; POD_WHERE="the pod's limits (pod-java)"
fi
# the image's JIT flag, read from functions/Dockerfile's ENTRYPOINT, so the HTTP rows (and their AOT caches' training)
# follow the image; BENCH_POD_JIT overrides it ("" = tiered compilation, C1 then C2)
POD_JIT=${BENCH_POD_JIT-$(sed -n '/^ENTRYPOINT/,/]/p' "$ROOT/functions/Dockerfile" | grep -o -- '-XX:TieredStopAtLevel=[0-9]' | head -1)}
[ "$POD_JIT" = "-XX:TieredStopAtLevel=1" ] && POD_JIT_NAME="C1" || POD_JIT_NAME="JIT ${POD_JIT:-tiered (C1, C2)}"
# where the JDK 25 AOT caches and AppCDS archives go: BENCH_TMP lets two checkouts benchmark side by side
BENCH_TMP=${BENCH_TMP:-/tmp}

build_bench() {
  [ -f "$OURS_JAR" ] || (cd "$ROOT" && ./mvnw -B -o -q package -DskipTests -pl functions -am)
  [ -f "$ECHO_JAR" ] || "$ROOT/mvnw" -B -q -f "$BENCH/echo-app/pom.xml" package -DskipTests
  [ "$BENCH/out/InvokerBench.class" -nt "$BENCH/InvokerBench.java" ] \
    || { mkdir -p "$BENCH/out" && javac -d "$BENCH/out" "$BENCH/InvokerBench.java"; }
}

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# median of numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
