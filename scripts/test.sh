#!/usr/bin/env bash
# scripts/test.sh — sets everything up, builds both trees and runs every test:
# the Boost.Test suites (with a throwaway PostgreSQL on 127.0.0.1) and the
# conformance runner over ../shared/conformance (native), and the WASM module
# under node: its API, the WASM conformance runner, native/WASM parity, the
# differential test against Paperclip's zod schemas and the TypeScript check.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
if [[ ! -d $CLASP_SHARED/conformance ]]; then
  log "WARNING: $CLASP_SHARED/conformance is absent: the conformance tests will be reported as skipped (not run)"
fi
# A throwaway PostgreSQL for the native_pg_* / native_storage_pg suites,
# stopped on every exit path (they report "skipped" without it).
export CLASP_PG_TEST_DIR="${CLASP_PG_TEST_DIR:-$(mktemp -d -u /tmp/clasp-pg-test.XXXXXX)}"
trap '"$CLASP_ROOT/scripts/pg_test_server.sh" stop' EXIT
CLASP_TEST_DATABASE_URL=$("$CLASP_ROOT/scripts/pg_test_server.sh" start)
export CLASP_TEST_DATABASE_URL
log "running native tests"
ctest --test-dir build/native --output-on-failure -j "$JOBS"
# Pinned npm trees for the WASM tests (TypeScript for the .d.ts check;
# Paperclip's schemas for the differential test), installed into .cache/.
ensure_npm_tree tests/wasm npm-types
ensure_npm_tree tests/differential npm-differential
log "running wasm tests"
ctest --test-dir build/wasm --output-on-failure -j "$JOBS"
