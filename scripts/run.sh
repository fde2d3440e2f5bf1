#!/usr/bin/env bash
# scripts/run.sh [clasp serve options] — installs what building needs (no
# test tools), builds, packs build/native/clasp_<version>_<arch>.deb, and
# runs `clasp serve`: Paperclip's secrets API and the page compiled into the
# binary on http://127.0.0.1:3100 with an embedded SQLite store under
# ~/.clasp (CLASP_HOME overrides). Ctrl-C stops it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLASP_BUILD_TESTS=OFF "$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
deb=$(ls -t build/native/clasp_*.deb 2>/dev/null | head -1 || true)
if [[ -z $deb || -n $(find build/native/bin/clasp build/native/doc/operating.md packaging -newer "$deb") ]]; then
  log "packing the Debian package"
  (cd build/native && cpack -G DEB >/dev/null)
  deb=$(ls -t build/native/clasp_*.deb | head -1)
fi
log "Debian package: $deb (see \"Installing clasp\" in README.md)"
exec build/native/bin/clasp serve "$@"
