#!/bin/sh
# `clasp secrets migrate-inline-env` and `clasp secrets declarations` through
# the binary, on a store seeded by `clasp serve` (local_trusted, strict off,
# so an agent can hold inline secrets): the dry run plans and changes
# nothing, --apply migrates and syncs bindings, a re-run is a no-op, no
# value is ever printed; then `clasp doctor` finds a desync induced by
# deleting binding rows (exit 1). Usage mistakes exit 2, --help exits 0.
# usage: secrets_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
value=sk-smoke-PLAINTEXT-8812

"$clasp" secrets --help >/dev/null || fail "secrets --help should exit 0"
"$clasp" secrets migrate-inline-env --help >/dev/null || fail "migrate-inline-env --help should exit 0"
"$clasp" secrets declarations --help >/dev/null || fail "declarations --help should exit 0"
"$clasp" secrets migrate-inline-env >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing --company-id should exit 2"
"$clasp" secrets migrate-inline-env --company-id x --home "$home" >/dev/null 2>&1
[ $? -eq 3 ] || fail "a missing store should exit 3"
[ -e "$home" ] && fail "a dry run must not create the store"

start_serve "$home"
company=$(python3 - "$url" "$value" <<'PY'
import json, sys, urllib.request
url, value = sys.argv[1], sys.argv[2]
def call(method, path, body):
    req = urllib.request.Request(url + "/api" + path, json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
company = call("POST", "/companies", {"name": "Acme"})
env = {"OPENAI_API_KEY": value, "GITHUB_TOKEN": "ghp-smoke", "MODE": "fast"}
call("POST", "/companies/%s/agents" % company["id"], {"name": "Coder", "adapterConfig": {"env": env}})
print(company["id"])
PY
) || fail "seeding through clasp serve failed"
stop_serve

"$clasp" secrets migrate-inline-env --company-id 0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11 --home "$home" >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown company should exit 2"

out=$("$clasp" secrets migrate-inline-env --company-id "$company" --home "$home" --json)
[ $? -eq 0 ] || fail "dry run should exit 0: $out"
case $out in *$value*|*ghp-smoke*) fail "the dry run printed a value";; esac
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
keys = [c["key"] for c in doc["agents"][0]["candidates"]]
assert doc["apply"] is False and doc["agentsToUpdate"] == 1 and doc["secretsToCreate"] == 2, doc
assert keys == ["OPENAI_API_KEY", "GITHUB_TOKEN"], keys
assert doc["summary"] == "Dry run: 1 agents would be updated", doc
' || fail "unexpected dry-run document: $out"
out=$("$clasp" secrets migrate-inline-env --company-id "$company" --home "$home" --paperclip-compat --json)
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert [c["key"] for c in doc["agents"][0]["candidates"]] == ["OPENAI_API_KEY"], doc
' || fail "--paperclip-compat should leave GITHUB_TOKEN: $out"

out=$("$clasp" secrets declarations --company-id "$company" --home "$home" --kind secret --json)
[ $? -eq 0 ] || fail "declarations should exit 0"
case $out in *$value*|*ghp-smoke*) fail "declarations printed a value";; esac
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
got = [(i["agentSlug"], i["key"], i["kind"], i["defaultValue"]) for i in doc["envInputs"]]
assert got == [("coder", "OPENAI_API_KEY", "secret", ""), ("coder", "GITHUB_TOKEN", "secret", "")], got
' || fail "unexpected declarations: $out"
"$clasp" secrets declarations --company-id "$company" --home "$home" --kind bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "--kind bogus should exit 2"

out=$("$clasp" secrets migrate-inline-env --company-id "$company" --home "$home" --apply)
[ $? -eq 0 ] || fail "--apply should exit 0: $out"
case $out in *$value*|*ghp-smoke*) fail "--apply printed a value";; esac
printf '%s\n' "$out" | tail -n 1 | grep -qx 'Updated 1 agents, created 2 secrets, rotated 0 secrets' || fail "apply summary: $out"
out=$("$clasp" secrets migrate-inline-env --company-id "$company" --home "$home" --apply)
printf '%s\n' "$out" | tail -n 1 | grep -qx 'Updated 0 agents, created 0 secrets, rotated 0 secrets' || fail "re-run: $out"

"$clasp" doctor --home "$home" >/dev/null
[ $? -eq 0 ] || fail "doctor after the migration should exit 0"
python3 - "$home/instances/default/db/clasp.sqlite3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM company_secret_bindings")
db.commit()
PY
out=$("$clasp" doctor --home "$home" --json)
[ $? -eq 1 ] || fail "doctor should exit 1 on desyncs: $out"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
b = [c for c in doc["checks"] if c["name"] == "bindings"][0]
assert b["status"] == "error" and b["details"]["companies"][0]["counts"] == {"desync_ref_without_row": 2}, b
' || fail "unexpected doctor document: $out"
exit 0
