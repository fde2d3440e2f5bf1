#!/usr/bin/env bash
# scripts/build.sh — installs what is missing, then builds, in this order:
#   build/wasm     (em++ 3.1.6: the ES module clasp.mjs + clasp.wasm, the plain-object API
#                   clasp-api.mjs with its .d.ts, and the test-only clasp-conformance.mjs)
#   build/web-demo (web-demo/ + the WASM core: the page compiled into clasp)
#   build/native   (g++: clasp_core, adapters, build/native/bin/{clasp,clasp-conformance}, tests, bench)
# The WASM tree comes first: the native binary embeds build/web-demo.
# CLASP_BUILD_TESTS=OFF (scripts/run.sh) installs only what building needs
# (scripts/lib.sh, BUILD_APT_PACKAGES) and builds clasp alone; a tree
# configured with its tests keeps them. Safe to re-run: installs nothing
# twice and rebuilds incrementally.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_tests=${CLASP_BUILD_TESTS:-ON}
[[ $with_tests =~ ^(ON|OFF)$ ]] || { log "CLASP_BUILD_TESTS is ON or OFF, not '$with_tests'"; exit 2; }
packages=("${BUILD_APT_PACKAGES[@]}")
[[ $with_tests == OFF ]] || packages+=("${TEST_APT_PACKAGES[@]}")
ensure_apt_packages "${packages[@]}"
re2_src=$(ensure_re2_sources)

cd "$CLASP_ROOT"
if [[ ! -f build/wasm/build.ninja ]]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCLASP_RE2_SOURCE_DIR="$re2_src" -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
fi
log "building wasm tree"
ninja -C build/wasm -j "$JOBS" --quiet
log "assembling build/web-demo"
"$CLASP_ROOT/scripts/build_web_demo.sh"

if [[ ! -f build/native/build.ninja ]]; then
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCLASP_BUILD_TESTS="$with_tests" -DCLASP_BUILD_BENCH="$with_tests" >/dev/null
elif [[ $with_tests == ON ]] && ! grep -q '^CLASP_BUILD_TESTS:BOOL=ON$' build/native/CMakeCache.txt; then
  cmake build/native -DCLASP_BUILD_TESTS=ON -DCLASP_BUILD_BENCH=ON >/dev/null
fi
log "building native tree"
if [[ $with_tests == OFF ]]; then
  ninja -C build/native -j "$JOBS" --quiet clasp clasp_operating_doc
else
  ninja -C build/native -j "$JOBS" --quiet
fi
