#!/usr/bin/env bash
# scripts/run.sh [clasp serve options] — sets everything up, builds, and runs
# `clasp serve`: Paperclip's secrets API (and the web demo, once built) on
# http://127.0.0.1:3100 with an embedded SQLite store under ~/.clasp
# (CLASP_HOME overrides). Ctrl-C stops it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
exec build/native/bin/clasp serve "$@"
