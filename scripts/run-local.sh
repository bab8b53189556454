#!/usr/bin/env bash
# Starts both functions (orchestrate + performanceMetrics) on one port with the embedded DSM data and the in-memory
# metrics store, building the jar first if it is missing or older than the sources.
#   scripts/run-local.sh            # port 8080
#   PORT=9090 scripts/run-local.sh  # another port; any EnvironmentVariables setting can be exported the same way
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=functions/target/orchestrator-functions-1.0.0-aws.jar
if [ ! -f "$JAR" ] || [ -n "$(find functions/src shared/*/src -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
  echo "Building $JAR (tests skipped; run scripts/test.sh for them)..."
  ./mvnw -B -q package -pl functions -am -DskipTests
fi

export PORT="${PORT:-8080}"
export APP_PLATFORM="${APP_PLATFORM:-local}"
export DSM_DATA_SOURCE="${DSM_DATA_SOURCE:-embedded}"
export METRICS_STORE="${METRICS_STORE:-memory}"
# plain-text logs for a person at a terminal; LOG_FORMAT=ecs (or logstash) for the JSON lines deployments write
LOG_FORMAT="${LOG_FORMAT:-text}"
[ "$LOG_FORMAT" = text ] && LOG_FORMAT=""
# the deployments' ECS writer (application.properties); the same documents as Spring's "ecs"
[ "$LOG_FORMAT" = ecs ] && LOG_FORMAT=org.dsm.orchestrator.functions.observability.EcsLogFormatter
BASE="http://localhost:${PORT}"

cat <<EOT
Starting on ${BASE} (data: ${DSM_DATA_SOURCE}, metrics store: ${METRICS_STORE}). Try:

  curl -s ${BASE}/health
  curl -s -X POST -H 'Content-Type: application/json' \\
       -d '{"action": "analyze_and_orchestrate", "options": {"dry_run": true}}' \\
       ${BASE}/orchestrate/project/TEST-001
  curl -s -X POST -H 'Content-Type: application/json' \\
       -d '{"action": "analyze_and_orchestrate", "options": {"enable_pattern_recognition": false}}' \\
       ${BASE}/orchestrate/project/TEST-001
  curl -s '${BASE}/orchestrate/intelligence/performance/metrics/TEST-001?window=1h'
  curl -s -X POST -H 'Ce-Specversion: 1.0' -H 'Ce-Type: dev.knative.sources.ping' -H 'Ce-Id: 1' \\
       -H 'Ce-Source: local' ${BASE}/        # the scheduled benchmark, as a Knative PingSource sends it

Stop with Ctrl-C.
EOT
exec java ${JAVA_OPTS:-} -jar "$JAR" --logging.structured.format.console="$LOG_FORMAT"
