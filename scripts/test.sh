#!/usr/bin/env bash
# scripts/test.sh — sets everything up, builds both trees and runs every test:
# the Boost.Test suites and the conformance runner over ../shared/conformance
# (native), and the core compiled to WebAssembly (run under node).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
if [[ ! -d $CLASP_SHARED/conformance ]]; then
  log "WARNING: $CLASP_SHARED/conformance is absent: the conformance tests will be reported as skipped (not run)"
fi
log "running native tests"
ctest --test-dir build/native --output-on-failure -j "$JOBS"
log "running wasm tests"
ctest --test-dir build/wasm --output-on-failure -j "$JOBS"
