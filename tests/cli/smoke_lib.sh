# tests/cli/smoke_lib.sh — sourced by the CLI smoke scripts (`. smoke_lib.sh`
# with the script's own $1, the clasp binary): a scratch dir removed on exit
# with any server still running, fail(), an environment without the settings
# that would change clasp's choices, and `clasp serve` on a random port.
set -u
clasp=$1
dir=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
unset DATABASE_URL PAPERCLIP_SECRETS_MASTER_KEY PAPERCLIP_SECRETS_MASTER_KEY_FILE PAPERCLIP_DEPLOYMENT_MODE \
  PAPERCLIP_SECRETS_STRICT_MODE CLASP_INSTANCE_ID

# start_serve HOME: `clasp serve` on HOME; sets $server and $url. The output
# file is emptied here, not only by the background job's redirection: that
# one runs in the forked child, so the loop could still read the previous
# server's "listening on" line (seen in CI: a restart found no URL). Waits up
# to 60 s while the server lives.
start_serve() {
  : > "$dir/serve.out"
  "$clasp" serve --port 0 --home "$1" > "$dir/serve.out" 2> "$dir/serve.err" &
  server=$!
  for _ in $(seq 1 600); do
    grep -q 'listening on' "$dir/serve.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$dir/serve.out")
  [ -n "$url" ] || fail "clasp serve did not start: $(cat "$dir/serve.err")"
}
stop_serve() { kill "$server"; wait "$server" 2>/dev/null; server=; }

# api_python ARG...: runs the Python script on stdin with sys.argv[1:] = ARG...
# and `call(method, path, body)` defined: JSON to $url/api<path>, JSON back.
api_python() {
  { cat <<'PY'
import json, sys, urllib.request
api_url = sys.argv.pop(1)
def call(method, path, body):
    req = urllib.request.Request(api_url + "/api" + path, json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
PY
    cat; } | python3 - "$url" "$@"
}
