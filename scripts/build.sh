#!/usr/bin/env bash
# scripts/build.sh — installs what is missing, then builds both trees:
#   build/native  (g++: clasp_core, adapters, build/native/bin/{clasp,clasp-conformance}, tests, bench)
#   build/wasm    (em++ 3.1.6: the ES module clasp.mjs + clasp.wasm, the plain-object API
#                  clasp-api.mjs with its .d.ts, and the test-only clasp-conformance.mjs)
#   build/web-demo (web-demo/ + the WASM core: the page `clasp serve` serves at /)
# Safe to re-run: installs nothing twice and rebuilds incrementally.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_apt_packages "${APT_PACKAGES[@]}"
re2_src=$(ensure_re2_sources)

cd "$CLASP_ROOT"
if [[ ! -f build/native/build.ninja ]]; then
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
log "building native tree"
ninja -C build/native -j "$JOBS" --quiet

if [[ ! -f build/wasm/build.ninja ]]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCLASP_RE2_SOURCE_DIR="$re2_src" -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
fi
log "building wasm tree"
ninja -C build/wasm -j "$JOBS" --quiet
log "assembling build/web-demo"
"$CLASP_ROOT/scripts/build_web_demo.sh"
