#!/usr/bin/env bash
# scripts/bench.sh [SECTION...] [--benchmark_flag...] — builds the benchmarks
# and prints one table. Figures are for the machine it runs on; compare
# ratios within one run.
#
# Sections are the bench/*_bench.cpp names (crypto, resolve, rules,
# binding_diff, wasm_native, mask) plus wasm (bench/wasm_bench.mjs); none named
# means all of them. Arguments starting with "-" go to every Google Benchmark
# executable (e.g. --benchmark_filter=seal).
#   scripts/bench.sh                      # everything
#   scripts/bench.sh crypto resolve       # AES-GCM vs openssl speed, resolution
#
# CLASP_BENCH_BUILD_DIR=build/x builds only the selected executables in that
# (already configured, -DCLASP_BUILD_BENCH=ON) tree instead of running
# scripts/build.sh for build/native and build/wasm.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sections=()
flags=()
for arg in "$@"; do
  if [[ $arg == -* ]]; then flags+=("$arg"); else sections+=("$arg"); fi
done
wanted() {
  [[ ${#sections[@]} -eq 0 ]] && return 0
  local s
  for s in "${sections[@]}"; do [[ $s == "$1" ]] && return 0; done
  return 1
}

cd "$CLASP_ROOT"
build_dir="${CLASP_BENCH_BUILD_DIR:-build/native}"
benches=()
for source in bench/*_bench.cpp; do
  name=$(basename "$source" _bench.cpp)
  wanted "$name" && benches+=("$name")
done
for s in "${sections[@]}"; do
  [[ $s == wasm || -f bench/${s}_bench.cpp ]] || { log "unknown section: $s"; exit 2; }
done
if [[ -n ${CLASP_BENCH_BUILD_DIR:-} ]]; then
  [[ ${#benches[@]} -eq 0 ]] || ninja -C "$build_dir" -j "$JOBS" --quiet "${benches[@]/#/clasp-bench-}"
else
  "$CLASP_ROOT/scripts/build.sh"
fi

outdir=$(mktemp -d)
# resolve_pg runs on a throwaway PostgreSQL, stopped on every exit path.
export CLASP_PG_TEST_DIR="${CLASP_PG_TEST_DIR:-$(mktemp -d -u /tmp/clasp-pg-bench.XXXXXX)}"
trap 'rm -rf "$outdir"; "$CLASP_ROOT/scripts/pg_test_server.sh" stop' EXIT
if wanted resolve; then
  DATABASE_URL=$("$CLASP_ROOT/scripts/pg_test_server.sh" start)
  export DATABASE_URL
fi
for name in "${benches[@]}"; do
  "$build_dir/bin/clasp-bench-$name" --benchmark_format=json --benchmark_min_time="${BENCH_MIN_TIME:-0.2}" \
    "${flags[@]}" >"$outdir/clasp-bench-$name.json"
done
# The AES-256-GCM reference at the crypto bench's sizes, in bytes per second
# ("1000s of bytes per second" in openssl's last line): encryption for seal,
# -decrypt for open. Measured right after the crypto bench, so both see the
# same machine load.
openssl_speed() {
  local sep="" size kbps
  printf '{'
  for size in 32 1024 65536; do
    kbps=$(openssl speed -evp aes-256-gcm "$@" -bytes "$size" -seconds 1 2>/dev/null | tail -n 1 | awk '{print $NF}')
    printf '%s"%s": %s' "$sep" "$size" "${kbps%k}e3"
    sep=", "
  done
  printf '}'
}
if wanted crypto; then
  printf '{"openssl_speed": %s, "openssl_speed_decrypt": %s}\n' "$(openssl_speed)" "$(openssl_speed -decrypt)" \
    >"$outdir/openssl.json"
fi
if [[ ${#benches[@]} -gt 0 ]]; then
  python3 scripts/bench_table.py "$outdir"/*.json
fi
if wanted wasm; then
  # WASM: size, instantiation, and speed against Paperclip's zod schemas and
  # clasp native (clasp-bench-wasm_native) on the same inputs.
  ensure_npm_tree tests/differential npm-differential
  ensure_npm_tree tests/browser npm-browser
  export CLASP_PLAYWRIGHT=$CLASP_CACHE/npm-browser/node_modules/playwright-core/index.mjs
  echo
  # Without --no-experimental-fetch: playwright-core needs fetch's Headers,
  # and in Node clasp-api.mjs hands the wasm over itself, never fetching it.
  node bench/wasm_bench.mjs
fi
