#!/usr/bin/env bash
# scripts/bench_http.sh — `clasp serve` over HTTP on loopback, SQLite and
# PostgreSQL: sequential keep-alive latency of PATCH agent env and of agent
# secret resolve (clasp-http-latency, BENCH_HTTP_N requests each), then wrk
# on the resolve route for BENCH_HTTP_SECONDS at 2, 16 and 64 connections.
# Prints one table; figures are for this machine only.
# CLASP_BENCH_BIN_DIR (default build/native/bin): where clasp and
# clasp-http-latency are; when set, nothing is built, so an older build can
# be measured the same way.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -n ${CLASP_BENCH_BIN_DIR:-} ]] || "$CLASP_ROOT/scripts/build.sh"
cd "$CLASP_ROOT"
BIN_DIR=$(realpath "${CLASP_BENCH_BIN_DIR:-build/native/bin}")
N=${BENCH_HTTP_N:-1000}
SECONDS_PER_RUN=${BENCH_HTTP_SECONDS:-30}
work=$(mktemp -d)
export CLASP_PG_TEST_DIR="${CLASP_PG_TEST_DIR:-$(mktemp -d -u /tmp/clasp-pg-bench.XXXXXX)}"
serve_pid=""
cleanup() {
  [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  "$CLASP_ROOT/scripts/pg_test_server.sh" stop
  rm -rf "$work"
}
trap cleanup EXIT
pg_url=$("$CLASP_ROOT/scripts/pg_test_server.sh" start)
[[ -n ${CLASP_BENCH_BIN_DIR:-} ]] || ninja -C build/native clasp-http-latency >/dev/null

for store in sqlite postgresql; do
  home="$work/home-$store"
  mkdir -p "$home"
  args=(serve --port 0 --home "$home")
  if [[ $store == postgresql ]]; then
    db="bench_http_$RANDOM"
    psql "$pg_url" -q -c "CREATE DATABASE $db"
    args+=(--database-url "${pg_url%/*}/$db")
  fi
  PAPERCLIP_SECRETS_MASTER_KEY=$(head -c 32 /dev/urandom | base64) \
    "$BIN_DIR/clasp" "${args[@]}" >"$work/serve.out" 2>/dev/null &
  serve_pid=$!
  for _ in $(seq 50); do grep -qs listening "$work/serve.out" && break; sleep 0.1; done
  url=$(grep -o 'http://[^ ]*' "$work/serve.out")
  "$BIN_DIR/clasp-http-latency" "$url" "$N" >"$work/$store-latency.json" 2>"$work/$store-token"
  token=$(sed -n 's/^TOKEN=//p' "$work/$store-token")
  for c in 2 16 64; do
    # The previous run's connections are still answering their last request
    # for a moment; with 64 per client address allowed, wrk -c64 would meet
    # the cap (its retries show as read errors).
    sleep 1
    TOKEN=$token wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" -s bench/http/resolve.lua "$url" | tail -n 1 >"$work/$store-wrk$c.json"
  done
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=""
done

BIN_DIR=$BIN_DIR python3 - "$work" <<'PY'
import json, sys, os
work = sys.argv[1]
print(f"clasp serve over HTTP (loopback, {os.cpu_count()} cores, {os.environ['BIN_DIR']})")
print(f"{'store':<11} {'measure':<34} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'errors':>7}")
for store in ("sqlite", "postgresql"):
    lat = json.load(open(f"{work}/{store}-latency.json"))
    for name, label in (("patch_agent_env", "PATCH agent env, sequential"), ("agent_resolve", "agent resolve, sequential")):
        m = lat[name]
        print(f"{store:<11} {label:<34} {m['p50_ms']:>8.3f} {m['p99_ms']:>8.3f} {1000 / m['p50_ms']:>9.0f} {'':>7}")
    for c in (2, 16, 64):
        w = json.load(open(f"{work}/{store}-wrk{c}.json"))
        print(f"{store:<11} {'agent resolve, wrk ' + str(c) + ' connections':<34} {w['p50_ms']:>8.3f} {w['p99_ms']:>8.3f} "
              f"{w['requests'] / w['seconds']:>9.0f} {w['errors'] + w['non2xx']:>7}")
print("Reference (Paperclip 2026.916.1, same machine kind): PATCH 24.7 ms median, resolve 25.7 ms median.")
PY
