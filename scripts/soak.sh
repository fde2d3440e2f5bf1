#!/usr/bin/env bash
# scripts/soak.sh [SECONDS] — the load, soak and fault runs of docs/RELIABILITY.md
# (loopback only, bounded in time; not part of scripts/test.sh): tests/soak/soak.mjs
# at 64 connections for SECONDS (default 300) on SQLite, on PostgreSQL, and on
# PostgreSQL with the database server killed and restarted half way through.
# Prints one JSON summary per run; exits 1 if any run failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${1:-300}
"$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
export CLASP_PG_TEST_DIR="${CLASP_PG_TEST_DIR:-$(mktemp -d -u /tmp/clasp-pg-soak.XXXXXX)}"
trap '"$CLASP_ROOT/scripts/pg_test_server.sh" stop' EXIT
CLASP_TEST_DATABASE_URL=$("$CLASP_ROOT/scripts/pg_test_server.sh" start)
export CLASP_TEST_DATABASE_URL CLASP_BIN=$CLASP_ROOT/build/native/bin/clasp
status=0
for run in "--store sqlite" "--store postgresql" "--store postgresql --fault"; do
  log "soak: $run, ${seconds}s"
  # shellcheck disable=SC2086
  node tests/soak/soak.mjs $run --seconds "$seconds" || status=1
done
exit $status
