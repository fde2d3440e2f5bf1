#!/usr/bin/env bash
# tests/package/vite.sh — the packed clasp-wasm in a default `vite build`
# (pinned Vite, tests/package/vite/), loaded in Debian's headless Chromium
# driven by the browser suite's pinned playwright-core. Without Chromium it
# says so and exits 77, which CTest reports as skipped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
export CLASP_CHROMIUM=${CLASP_CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $CLASP_CHROMIUM ]]; then
  echo "skipped: no Chromium at $CLASP_CHROMIUM (apt-get install chromium, or scripts/build.sh installs it)"
  exit 77
fi
ensure_npm_tree "$CLASP_ROOT/tests/package/vite" npm-vite
ensure_npm_tree "$CLASP_ROOT/tests/browser" npm-browser
export CLASP_VITE=$CLASP_CACHE/npm-vite/node_modules/vite/bin/vite.js
export CLASP_PLAYWRIGHT=$CLASP_CACHE/npm-browser/node_modules/playwright-core/index.mjs
exec node --test "$CLASP_ROOT/tests/package/vite.test.mjs"
