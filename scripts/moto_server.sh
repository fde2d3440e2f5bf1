#!/usr/bin/env bash
# scripts/moto_server.sh start|stop|url — a throwaway moto_server (AWS
# Secrets Manager, KMS and STS emulated) for the tests, on a random
# loopback port.
#
#   endpoint=$(scripts/moto_server.sh start)   # prints http://127.0.0.1:PORT
#   scripts/moto_server.sh stop                # stops it and deletes its files
#
# One server per state directory ($CLASP_MOTO_TEST_DIR, default
# /tmp/clasp-moto-test-$UID). `start` reuses a running server and prints its
# endpoint again; it fails (exit 1, a message on stderr) when moto_server is
# not installed, so the caller can report the AWS tests as skipped. `stop`
# kills only the process it started (its pid file) and is a no-op when
# nothing runs, so it is safe in an EXIT trap. The server log is <dir>/moto.log.
set -euo pipefail

DIR="${CLASP_MOTO_TEST_DIR:-/tmp/clasp-moto-test-$(id -u)}"

log() { printf '[moto_server] %s\n' "$*" >&2; }

running() {
  [[ -f $DIR/pid ]] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

answers() {
  python3 - "$1" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1).read()
except Exception:
    sys.exit(1)
PY
}

stop() {
  if running; then
    local pid
    pid=$(cat "$DIR/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$DIR"
}

start() {
  if running && [[ -f $DIR/url ]]; then
    cat "$DIR/url"
    return
  fi
  stop
  if ! command -v moto_server >/dev/null; then
    log "moto_server is absent (python3 -m pip install 'moto[server]')"
    return 1
  fi
  mkdir -p "$DIR"
  local port attempt pid url
  for attempt in 1 2 3; do
    port=$(free_port)
    url="http://127.0.0.1:$port"
    setsid moto_server -H 127.0.0.1 -p "$port" >"$DIR/moto.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" >"$DIR/pid"
    for _ in $(seq 100); do
      if answers "$url"; then
        echo "$url" >"$DIR/url"
        echo "$url"
        return
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    log "start on port $port failed (attempt $attempt)"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  tail -n 20 "$DIR/moto.log" >&2 || true
  stop
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) if running; then cat "$DIR/url"; else exit 1; fi ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
