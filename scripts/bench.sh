#!/usr/bin/env bash
# scripts/bench.sh — builds the benchmarks and prints one table.
# Figures are for the machine it runs on; compare ratios within one run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
build/native/bin/clasp-bench --benchmark_format=json --benchmark_min_time="${BENCH_MIN_TIME:-0.2}" "$@" >"$out"
python3 scripts/bench_table.py "$out"
