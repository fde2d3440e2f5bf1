#!/usr/bin/env bash
# tests/http/run.sh STORE CLASP_BIN — the HTTP suites against `clasp serve`
# on one storage adapter (sqlite | postgresql). PostgreSQL needs
# CLASP_TEST_DATABASE_URL (scripts/test.sh starts a throwaway server);
# without it the run says so and exits 77, which CTest reports as skipped.
set -euo pipefail
store=$1
export CLASP_BIN=$(realpath "$2") CLASP_HTTP_STORE=$store
if [[ $store == postgresql && -z ${CLASP_TEST_DATABASE_URL:-} ]]; then
  echo "skipped: CLASP_TEST_DATABASE_URL is not set (no PostgreSQL server for the HTTP suites)"
  exit 77
fi
cd "$(dirname "${BASH_SOURCE[0]}")"
exec node --test --test-concurrency=1 ./*_test.mjs
