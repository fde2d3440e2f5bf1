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

# seed_bound_agent V1 V2 V3: on the running server, company Acme with secret
# "openai" (V1, rotated to V2) and "github" (V3), agent Coder bound to both
# (latest) and one agent key for it; prints that key's token.
seed_bound_agent() {
  api_python "$@" <<'PY'
v1, v2, v3 = sys.argv[1:4]
company = call("POST", "/companies", {"name": "Acme"})
one = call("POST", "/companies/%s/secrets" % company["id"], {"name": "openai", "value": v1})
call("POST", "/secrets/%s/rotate" % one["id"], {"value": v2})
two = call("POST", "/companies/%s/secrets" % company["id"], {"name": "github", "value": v3})
ref = lambda s: {"type": "secret_ref", "secretId": s["id"], "version": "latest"}
agent = call("POST", "/companies/%s/agents" % company["id"],
             {"name": "Coder", "adapterConfig": {"env": {"OPENAI_API_KEY": ref(one), "GITHUB_TOKEN": ref(two)}}})
print(call("POST", "/agents/%s/keys" % agent["id"], {})["token"])
PY
}
