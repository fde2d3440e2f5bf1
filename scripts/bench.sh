#!/usr/bin/env bash
# scripts/bench.sh — builds the benchmarks and prints one table.
# Figures are for the machine it runs on; compare ratios within one run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT
for bench in build/native/bin/clasp-bench-*; do
  "$bench" --benchmark_format=json --benchmark_min_time="${BENCH_MIN_TIME:-0.2}" "$@" >"$outdir/$(basename "$bench").json"
done
python3 scripts/bench_table.py "$outdir"/*.json
