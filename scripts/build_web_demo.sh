#!/usr/bin/env bash
# scripts/build_web_demo.sh — assembles build/web-demo/, the page `clasp serve`
# serves at / by default: the sources in web-demo/ (plain HTML, CSS and ES
# modules, no build step) next to the WASM core from build/wasm (clasp.mjs,
# clasp.wasm and the plain-object API clasp-api.mjs, which the page imports).
# Called by scripts/build.sh after the wasm tree is built; cheap to re-run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$CLASP_ROOT"
for f in clasp.mjs clasp.wasm clasp-api.mjs; do
  if [[ ! -f build/wasm/$f ]]; then
    log "build/wasm/$f is missing: build the wasm tree first (scripts/build.sh)"
    exit 1
  fi
done
# Assembled beside the old copy and swapped in, so a file deleted from
# web-demo/ does not linger and a running server never sees half a tree.
staging=$(mktemp -d build/web-demo.staging.XXXXXX)
trap 'rm -rf "$staging"' EXIT
cp -R web-demo/. "$staging/"
cp build/wasm/clasp.mjs build/wasm/clasp.wasm build/wasm/clasp-api.mjs "$staging/"
chmod 755 "$staging"
rm -rf build/web-demo
mv "$staging" build/web-demo
