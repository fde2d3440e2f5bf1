#!/bin/sh
# `clasp serve` and `clasp run-env` keep their memory to themselves
# (process_hardening.h): the running server is not dumpable — its
# /proc/PID entries belong to root although it runs as another user — and
# its core-file limit is 0; run-env's COMMAND inherits the core limit 0.
# Run as root, the processes run as nobody (setpriv), since a root process
# owns its /proc entries either way; run as anyone else, as that user.
# usage: hardening_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$(mktemp -d /tmp/clasp-harden.XXXXXX)
trap 'cleanup; rm -rf "$home"' EXIT INT TERM
as_user=
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv >/dev/null || fail "run as root, this test needs setpriv to run clasp as nobody"
  chown 65534:65534 "$home"
  as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

$as_user "$clasp" serve --port 0 --home "$home" > "$dir/serve.out" 2> "$dir/serve.err" &
server=$!
for _ in $(seq 1 600); do grep -q 'listening on' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$dir/serve.out")
[ -n "$url" ] || fail "clasp serve did not start: $(cat "$dir/serve.err")"

uid=$(awk '/^Uid:/ {print $2}' "/proc/$server/status")
[ "$uid" -ne 0 ] || fail "the server should run as a user other than root"
owner=$(stat -c %u "/proc/$server/mem")
[ "$owner" -eq 0 ] || fail "clasp serve is dumpable: /proc/$server/mem belongs to uid $owner, not to root"
core=$(awk '/^Max core file size/ {print $5}' "/proc/$server/limits")
[ "$core" = "0" ] || fail "clasp serve's core file size limit is '$core', not 0"

agent=$(python3 - "$url" <<'PY'
import json, sys, urllib.request
url = sys.argv[1]
def call(path, body):
    req = urllib.request.Request(url + "/api" + path, json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
company = call("/companies", {"name": "Acme"})["id"]
secret = call("/companies/%s/secrets" % company, {"name": "OpenAI", "value": "sk-harden-VALUE"})["id"]
ref = {"type": "secret_ref", "secretId": secret, "version": "latest"}
print(call("/companies/%s/agents" % company, {"name": "Coder", "adapterConfig": {"env": {"OPENAI_API_KEY": ref}}})["id"])
PY
) || fail "could not seed the store"
stop_serve

limits=$($as_user "$clasp" run-env --agent "$agent" --home "$home" --exec -- cat /proc/self/limits) ||
  fail "run-env --exec failed"
core=$(printf '%s\n' "$limits" | awk '/^Max core file size/ {print $5}')
[ "$core" = "0" ] || fail "run-env's command inherited a core file size limit of '$core', not 0"
echo "ok: serve not dumpable, core limit 0 in serve and run-env"
