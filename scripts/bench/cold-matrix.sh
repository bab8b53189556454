#!/usr/bin/env bash
# The cold-start matrix of docs/BENCHMARKS-EDGE.md: ours vs echo (same flags) and each start-up measure.
# Usage: scripts/bench/cold-matrix.sh [runs=5]
set -uo pipefail
B="$(dirname "$0")"; R=${1:-5}
for v in base cds; do
  "$B/cold-start.sh" http ours $v "$R"; "$B/cold-start.sh" http echo $v "$R"
  "$B/cold-start.sh" invoker ours $v "$R"; "$B/cold-start.sh" invoker echo $v "$R"
done
for v in c1 lazy primed; do "$B/cold-start.sh" http ours $v "$R"; done
"$B/cold-start.sh" invoker ours c1 "$R"
