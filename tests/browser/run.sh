#!/usr/bin/env bash
# tests/browser/run.sh CLASP_BIN — the web demo in Debian's headless
# Chromium, driven by the pinned playwright-core, against `clasp serve` on a
# random loopback port: the page compiled into CLASP_BIN (checked to be the
# assembled build/web-demo), or the files under CLASP_WEB_ROOT when set. Screenshots and the measured
# timings go to build/test-artifacts/browser/. Without Chromium the run says
# so and exits 77, which CTest reports as skipped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
export CLASP_BIN=$(realpath "$1")
export CLASP_CHROMIUM=${CLASP_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $CLASP_CHROMIUM ]]; then
  echo "skipped: no Chromium at $CLASP_CHROMIUM (apt-get install chromium, or scripts/build.sh installs it)"
  exit 77
fi
export CLASP_PAGE_DIR=${CLASP_WEB_ROOT:-$CLASP_ROOT/build/web-demo}
if [[ ! -f $CLASP_PAGE_DIR/index.html || ! -f $CLASP_PAGE_DIR/clasp.wasm ]]; then
  echo "FAILED: $CLASP_PAGE_DIR is not assembled (scripts/build.sh builds it)" >&2
  exit 1
fi
ensure_npm_tree "$CLASP_ROOT/tests/browser" npm-browser
export CLASP_PLAYWRIGHT=$CLASP_CACHE/npm-browser/node_modules/playwright-core/index.mjs
export CLASP_ARTIFACTS=${CLASP_ARTIFACTS:-$CLASP_ROOT/build/test-artifacts/browser}
mkdir -p "$CLASP_ARTIFACTS"
cd "$CLASP_ROOT/tests/browser"
exec node --test --test-concurrency=1 ./*.test.mjs
