#!/usr/bin/env bash
# scripts/pg_test_server.sh start|stop|restart|url — a throwaway PostgreSQL 15
# for the tests and benchmarks, listening on 127.0.0.1 only.
#
#   url=$(scripts/pg_test_server.sh start)   # prints the DATABASE_URL
#   scripts/pg_test_server.sh restart        # kills it as a crash would (-m immediate), starts it again
#   scripts/pg_test_server.sh stop           # stops it and deletes its files
#
# One server per state directory ($CLASP_PG_TEST_DIR, default
# /tmp/clasp-pg-test-$UID). `start` is idempotent: a running server is reused
# and its URL printed again; a dead one is cleaned up and replaced. `stop` is
# a no-op when nothing runs, so it is safe in an EXIT trap.
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to user
# postgres. The server log is <data>/server.log (the leak scan reads it along
# with the data files and the WAL). fsync is off: the data is disposable.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DIR="${CLASP_PG_TEST_DIR:-/tmp/clasp-pg-test-$(id -u)}"
DATA="$DIR/data"

log() { printf '[pg_test_server] %s\n' "$*" >&2; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
  [[ -f $DATA/postmaster.pid ]] && as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop() {
  if running; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  fi
  rm -rf "$DIR"
}

start() {
  if running && [[ -f $DIR/url ]]; then
    cat "$DIR/url"
    return
  fi
  stop
  if [[ ! -x $PG_BIN/initdb ]]; then
    log "PostgreSQL 15 server binaries not found in $PG_BIN (apt-get install postgresql)"
    return 1
  fi
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$DIR"
  as_owner "$PG_BIN/initdb" -D "$DATA" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 20 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c fsync=off -c full_page_writes=off" \
        start >/dev/null; then
      printf 'postgresql://postgres@127.0.0.1:%s/postgres\n' "$port" >"$DIR/url"
      cat "$DIR/url"
      return
    fi
    log "start on port $port failed (attempt $attempt)"
  done
  tail -n 20 "$DATA/server.log" >&2 || true
  stop
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) running && as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -m immediate -w -t 30 restart >/dev/null ;;
  url) if running; then cat "$DIR/url"; else exit 1; fi ;;
  *) echo "usage: $0 start|stop|restart|url" >&2; exit 2 ;;
esac
