#!/usr/bin/env bash
# scripts/bench.sh — builds the benchmarks and prints one table.
# Figures are for the machine it runs on; compare ratios within one run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
outdir=$(mktemp -d)
# resolve_pg runs on a throwaway PostgreSQL, stopped on every exit path.
export CLASP_PG_TEST_DIR="${CLASP_PG_TEST_DIR:-$(mktemp -d -u /tmp/clasp-pg-bench.XXXXXX)}"
trap 'rm -rf "$outdir"; "$CLASP_ROOT/scripts/pg_test_server.sh" stop' EXIT
DATABASE_URL=$("$CLASP_ROOT/scripts/pg_test_server.sh" start)
export DATABASE_URL
for bench in build/native/bin/clasp-bench-*; do
  "$bench" --benchmark_format=json --benchmark_min_time="${BENCH_MIN_TIME:-0.2}" "$@" >"$outdir/$(basename "$bench").json"
done
# The AES-256-GCM reference at the crypto bench's sizes, in bytes per second
# ("1000s of bytes per second" in openssl's last line).
{
  printf '{"openssl_speed": {'
  sep=""
  for size in 32 1024 65536; do
    kbps=$(openssl speed -evp aes-256-gcm -bytes "$size" -seconds 1 2>/dev/null | tail -n 1 | awk '{print $NF}')
    printf '%s"%s": %s' "$sep" "$size" "${kbps%k}e3"
    sep=", "
  done
  printf '}}\n'
} >"$outdir/openssl.json"
python3 scripts/bench_table.py "$outdir"/*.json
# WASM: size, instantiation, and speed against Paperclip's zod schemas and
# clasp native (clasp-bench-wasm_native) on the same inputs.
ensure_npm_tree tests/differential npm-differential
echo
node --no-experimental-fetch bench/wasm_bench.mjs
