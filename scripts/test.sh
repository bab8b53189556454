#!/usr/bin/env bash
# The project's test command: prepares what the tests need, then runs the whole build with the Maven wrapper.
#   PostgreSQL  the configured server (METRICS_JDBC_URL, default 127.0.0.1:5432 database "test"), started here if
#               it is installed but down; without one the tests fall back to Testcontainers (Docker) or an embedded
#               PostgreSQL, and fail with one line saying what is missing when neither can run (TestPostgres)
#   dynalite    127.0.0.1:${DYNALITE_PORT:-8111} (a DynamoDB-protocol server from npm, started and stopped here);
#               Node.js is installed with apt-get when it is missing and this runs as root, else the run stops
#               with one line saying so
#   Redis       127.0.0.1:6379 for the event-stream tests, started here if redis-server is installed but down
#               (without it those tests are skipped, saying so)
#   cfn-lint    on template.yaml when installed (one clear SKIPPED line when not)
#   then, on a full run (no arguments): the performance script's self-test against its mock, a short
#   performance run (--quick) against the jar the build just made, and the history page rendered in headless
#   chromium from a run of that jar on PostgreSQL (scripts/dashboard-check.sh)
# Extra arguments go to Maven (and skip the performance steps), e.g. scripts/test.sh -pl shared/core
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null \
  && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is down; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

if command -v redis-server >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "Redis is down; starting it"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
fi

if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Node.js is missing (dynalite needs it); installing nodejs and npm with apt-get"
    (apt-get update -qq && apt-get install -y -qq nodejs npm) >/dev/null
  else
    echo "scripts/test.sh: Node.js (node and npm) is missing; the DynamoDB store tests need it for dynalite: install nodejs and npm" >&2
    exit 1
  fi
fi

export DYNALITE_PORT="${DYNALITE_PORT:-8111}"
export DYNALITE_ENDPOINT="http://127.0.0.1:${DYNALITE_PORT}"
scripts/dynalite.sh start "$DYNALITE_PORT"
trap 'scripts/dynalite.sh stop "$DYNALITE_PORT" || true' EXIT

# AWS's linter over template.yaml (resource properties, intrinsics, IAM actions, the SAM transform); .ci/run installs
# it on a fresh machine when a package index is reachable
if command -v cfn-lint >/dev/null; then
  cfn-lint template.yaml
  echo "cfn-lint: template.yaml is clean"
else
  echo "cfn-lint: SKIPPED, not installed (pip install cfn-lint); template.yaml was not linted"
fi

./mvnw -B verify "$@"

if [ $# -eq 0 ]; then
  bash scripts/perf/selftest.sh
  # a short run on a CI machine: the concurrency check gets a wider absolute margin (100 ms) than the default 25 ms,
  # because its p95 comes from 20 requests; the performance thresholds themselves are unchanged
  scripts/performance_test.sh --quick --degradation-floor-ms 100 --output-dir target/perf-quick
  RUN_SECONDS=120 scripts/dashboard-check.sh
fi
