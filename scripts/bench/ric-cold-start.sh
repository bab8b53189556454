#!/usr/bin/env bash
# Cold start, warm p50 and RSS of the orchestrate function under the official Lambda runtime client (the RIC
# harness of the functions module's integration tests), beside a constant-answer floor handler, on every JDK
# under /usr/lib/jvm, interleaved round by round. Rows: functions/target/ric-logs/bench.tsv.
#   scripts/bench/ric-cold-start.sh [rounds]        (default 3)
# RIC_BENCH_JDKS=/path/jdk-a,/path/jdk-b picks the JDKs.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"
mvn -B -q verify -pl functions -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RicColdStartBench -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dric.bench=true -Dric.bench.rounds="$rounds" ${RIC_BENCH_JDKS:+-Dric.bench.jdks="$RIC_BENCH_JDKS"}
column -t -s $'\t' functions/target/ric-logs/bench.tsv
