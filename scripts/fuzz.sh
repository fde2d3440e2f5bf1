#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] — builds the libFuzzer targets (tests/fuzz/, clang
# with ASan+UBSan: the "fuzz" preset, build/fuzz) and runs each for SECONDS
# (default 20), two at a time, seeded from ../shared/conformance. Prints one
# line per target (executions, exec/s, crashes) and exits 1 on any crash; a
# crashing input is kept as build/fuzz/artifacts/<target>-crash-*.
# The corpora grow in build/fuzz/corpus/ across runs; scripts/fuzz_differential.sh
# replays them through the native and WASM runners.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${1:-20}
[[ $seconds =~ ^[0-9]+$ ]] || { log "usage: scripts/fuzz.sh [SECONDS]"; exit 2; }
ensure_apt_packages "${APT_PACKAGES[@]}" clang-14 libclang-rt-14-dev
cd "$CLASP_ROOT"
[[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
log "building fuzz targets"
ninja -C build/fuzz -j "$JOBS" --quiet

corpus=build/fuzz/corpus
artifacts=build/fuzz/artifacts
mkdir -p "$corpus" "$artifacts" build/fuzz/logs
if [[ -d $CLASP_SHARED/conformance ]]; then
  node tests/fuzz/seeds.mjs "$CLASP_SHARED/conformance" "$corpus" >/dev/null
else
  log "WARNING: $CLASP_SHARED/conformance is absent: the fuzz targets start from empty corpora"
fi

run_one() {
  local target=$1 seconds=$2
  mkdir -p "build/fuzz/corpus/$target"
  "build/fuzz/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/artifacts/$target-" "build/fuzz/corpus/$target" >"build/fuzz/logs/$target.log" 2>&1
}
export -f run_one
targets=$(cd build/fuzz/fuzz && ls fuzz_*)
log "fuzzing ${targets//$'\n'/ } for ${seconds}s each"
printf '%s\n' $targets | xargs -P "$JOBS" -I{} bash -c "run_one {} $seconds" || true

failed=0
printf '%-26s %14s %10s %8s\n' target executions 'exec/s' crashes
for target in $targets; do
  logfile=build/fuzz/logs/$target.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logfile" | tail -1)
  crashes=$(grep -c -E '^==[0-9]+==ERROR|^SUMMARY: (Address|UndefinedBehavior)Sanitizer|invariant broken|deadly signal|ERROR: libFuzzer' "$logfile" || true)
  printf '%-26s %14s %10s %8s\n' "$target" "${runs:-?}" "${rate:-?}" "$crashes"
  if [[ -z $runs || $crashes != 0 ]]; then
    failed=1
    log "$target failed; its log: $logfile"
    tail -40 "$logfile" >&2
  fi
done
exit $failed
