#!/usr/bin/env bash
# scripts/test.sh [STAGE...] — sets everything up, builds and runs every test.
# Stages (all of them, in this order, when none is named):
#   native    the Boost.Test suites, conformance, CLI, HTTP (incl. the hostile
#             input matrix) and browser suites on build/native (Release), with
#             a throwaway PostgreSQL on 127.0.0.1
#   wasm      the WASM module under node: its API, the WASM conformance runner,
#             native/WASM parity, the differential test against Paperclip's
#             zod schemas and the TypeScript check; the npm package (packed,
#             installed from its tarball, in Node and in a Vite build in
#             Chromium) and its size budget
#   sanitize  the whole native suite again, built with ASan+UBSan (build/asan,
#             the "asan" preset)
#   fuzz      every libFuzzer target for CLASP_FUZZ_SECONDS (20) under
#             ASan+UBSan, then native/WASM differential fuzzing over their
#             corpora (CLASP_DIFF_CASES, 50,000)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stages=("$@")
(( ${#stages[@]} )) || stages=(native wasm sanitize fuzz)
for stage in "${stages[@]}"; do
  [[ $stage =~ ^(native|wasm|sanitize|fuzz)$ ]] || { log "unknown stage '$stage' (native wasm sanitize fuzz)"; exit 2; }
done

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
if [[ ! -d $CLASP_SHARED/conformance ]]; then
  log "WARNING: $CLASP_SHARED/conformance is absent: the conformance tests will be reported as skipped (not run)"
fi

# Throwaway services, stopped on every exit path by one EXIT trap: a
# PostgreSQL for the native_pg_* / native_storage_pg suites and the
# PostgreSQL HTTP suite, and a moto_server (AWS Secrets Manager, STS) on a
# random loopback port for the AWS suites (CLASP_TEST_AWS_ENDPOINT). Without
# them those suites report "skipped", never "passed".
cleanup_services() {
  [[ -n ${CLASP_PG_STARTED:-} ]] && "$CLASP_ROOT/scripts/pg_test_server.sh" stop
  [[ -n ${CLASP_MOTO_STARTED:-} ]] && "$CLASP_ROOT/scripts/moto_server.sh" stop
  return 0
}
trap cleanup_services EXIT

start_pg() {
  [[ -n ${CLASP_TEST_DATABASE_URL:-} ]] && return 0
  export CLASP_PG_TEST_DIR="${CLASP_PG_TEST_DIR:-$(mktemp -d -u /tmp/clasp-pg-test.XXXXXX)}"
  CLASP_PG_STARTED=1
  CLASP_TEST_DATABASE_URL=$("$CLASP_ROOT/scripts/pg_test_server.sh" start)
  export CLASP_TEST_DATABASE_URL
}

start_moto() {
  [[ -n ${CLASP_TEST_AWS_ENDPOINT:-} ]] && return 0
  export CLASP_MOTO_TEST_DIR="${CLASP_MOTO_TEST_DIR:-$(mktemp -d -u /tmp/clasp-moto-test.XXXXXX)}"
  CLASP_MOTO_STARTED=1
  if CLASP_TEST_AWS_ENDPOINT=$("$CLASP_ROOT/scripts/moto_server.sh" start); then
    export CLASP_TEST_AWS_ENDPOINT
  else
    unset CLASP_TEST_AWS_ENDPOINT
    log "WARNING: moto_server is absent: the AWS suites will be reported as skipped (not run)"
  fi
}

for stage in "${stages[@]}"; do
  case $stage in
    native)
      start_pg
      start_moto
      log "running native tests"
      ctest --test-dir build/native --output-on-failure --timeout 900 -j "$JOBS"
      ;;
    wasm)
      # Pinned npm trees for the WASM tests (TypeScript for the .d.ts check;
      # Paperclip's schemas for the differential test), installed into .cache/.
      ensure_npm_tree tests/wasm npm-types
      ensure_npm_tree tests/differential npm-differential
      # The package's default Vite build, loaded in Chromium (tests/package/vite.sh).
      ensure_npm_tree tests/package/vite npm-vite
      ensure_npm_tree tests/browser npm-browser
      log "running wasm tests"
      ctest --test-dir build/wasm --output-on-failure -j "$JOBS"
      ;;
    sanitize)
      start_pg
      start_moto
      [[ -f build/asan/build.ninja ]] || cmake --preset asan >/dev/null
      log "building the native tree with ASan+UBSan"
      ninja -C build/asan -j "$JOBS" --quiet
      log "running native tests under ASan+UBSan"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build/asan --output-on-failure --timeout 900 -j "$JOBS"
      ;;
    fuzz)
      "$CLASP_ROOT/scripts/fuzz.sh" "${CLASP_FUZZ_SECONDS:-20}"
      log "native/WASM differential fuzzing"
      node tests/fuzz/differential.mjs --cases "${CLASP_DIFF_CASES:-50000}"
      ;;
  esac
done
