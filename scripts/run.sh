#!/usr/bin/env bash
# scripts/run.sh — sets everything up, builds, and runs clasp on a sample
# env and vault config, printing the diagnostics.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
exec build/native/bin/clasp "${@:-demo}"
