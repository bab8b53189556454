#!/usr/bin/env bash
# Full-form loopback load test and SIGTERM test. CI runs the short form (32 clients x 10 s) as part of
# `mvn verify`; this runs LOAD_TEST_CLIENTS x LOAD_TEST_SECONDS (default 200 x 60) and prints the figures.
# Needs PostgreSQL for the SIGTERM test (METRICS_JDBC_URL, default jdbc:postgresql://127.0.0.1:5432/test); it is
# skipped when unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOAD_TEST_CLIENTS="${LOAD_TEST_CLIENTS:-200}"
export LOAD_TEST_SECONDS="${LOAD_TEST_SECONDS:-60}"
./mvnw -B -o -q verify -pl functions -am -Dtest='LoopbackLoadTest,SigtermDuringLoadTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
grep -h '^load:\|^sigterm:' functions/target/surefire-reports/*LoopbackLoadTest-output.txt \
  functions/target/surefire-reports/*SigtermDuringLoadTest-output.txt
