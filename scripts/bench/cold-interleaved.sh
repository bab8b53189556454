#!/usr/bin/env bash
# The cold-start matrix, interleaved: each round runs every configuration once, so the machine's load (shared,
# 2 cores) drifts over all of them alike; medians over ROUNDS rounds.
# Usage: scripts/bench/cold-interleaved.sh [rounds=5]   (BENCH_CONFIGS: a ;-separated subset)
set -uo pipefail
B="$(dirname "$0")"; R=${1:-5}
CONFIGS=("http ours base" "http echo base" "http ours c1" "http ours cds" "http echo cds" "http ours lazy"
  "http ours primed" "invoker ours base" "invoker echo base" "invoker ours c1" "invoker ours cds"
  "invoker echo cds")
# BENCH_CONFIGS="invoker ours cds;invoker echo cds" runs a subset
if [ -n "${BENCH_CONFIGS:-}" ]; then IFS=';' read -ra CONFIGS <<< "$BENCH_CONFIGS"; fi
OUT=$(mktemp -d)
for r in $(seq "$R"); do
  for c in "${CONFIGS[@]}"; do
    line=$("$B/cold-start.sh" $c 1) || { echo "FAILED: $c" >&2; continue; }
    echo "round $r: $line"
    key=${c// /-}
    echo "$line" | sed -n 's/.*median_total_ms=\([0-9.]*\).*/\1/p' >> "$OUT/$key.total"
    echo "$line" | sed -n 's/.*median_first_request_ms=\([0-9.]*\).*/\1/p' >> "$OUT/$key.first"
  done
done
source "$B/common.sh"
echo "== medians over $R rounds (ms): config total [first request] load=$(load_avg)"
for c in "${CONFIGS[@]}"; do
  key=${c// /-}
  first=""; [ -s "$OUT/$key.first" ] && first=" first_request=$(median < "$OUT/$key.first")"
  echo "$c: total=$(median < "$OUT/$key.total")$first all=[$(tr '\n' ' ' < "$OUT/$key.total")]"
done
