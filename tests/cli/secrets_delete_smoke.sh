#!/bin/sh
# `clasp secrets usage` and `clasp secrets delete` through the binary, on a
# store seeded by `clasp serve`, with one binding row deleted behind clasp's
# back (#8309): usage lists the env ref without a row as a desync (exit 1);
# delete of a secret in use is refused with its uses listed (exit 1, nothing
# changes) unless --force; an unused secret deletes; a missing one is exit 2;
# no value is ever printed and no store is created where none was.
# usage: secrets_delete_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
value=sk-delete-smoke-PLAINTEXT-4471
db=$home/instances/default/db/clasp.sqlite3

"$clasp" secrets usage --help >/dev/null || fail "secrets usage --help should exit 0"
"$clasp" secrets delete >/dev/null 2>&1
[ $? -eq 2 ] || fail "delete without --id should exit 2"
"$clasp" secrets usage --id x --force >/dev/null 2>&1
[ $? -eq 2 ] || fail "usage --force should exit 2"
env -u CLASP_HOME HOME="$dir/nohome" "$clasp" secrets delete --id 0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11 >/dev/null 2>&1
[ $? -eq 3 ] || fail "a missing store should exit 3"
[ -e "$dir/nohome" ] && fail "delete must not create a store"

start_serve "$home"
ids=$(api_python "$value" <<'PY'
value = sys.argv[1]
company = call("POST", "/companies", {"name": "Acme"})
secret = call("POST", "/companies/%s/secrets" % company["id"], {"name": "Shared", "value": value})
idle = call("POST", "/companies/%s/secrets" % company["id"], {"name": "Idle", "value": value + "-idle"})
ref = {"type": "secret_ref", "secretId": secret["id"]}
call("POST", "/companies/%s/agents" % company["id"], {"name": "Coder", "adapterConfig": {"env": {"API_KEY": ref}}})
lost = call("POST", "/companies/%s/agents" % company["id"], {"name": "Lost", "adapterConfig": {"env": {"API_KEY": ref}}})
print(secret["id"], idle["id"], lost["id"])
PY
) || fail "seeding through clasp serve failed"
stop_serve
set -- $ids
secret=$1 idle=$2 lost=$3
rows() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM company_secret_bindings WHERE secret_id = ?", (sys.argv[2],)).fetchone()[0])' "$db" "$1"; }
python3 -c 'import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute("DELETE FROM company_secret_bindings WHERE target_id = ?", (sys.argv[2],)); d.commit()' "$db" "$lost"
[ "$(rows "$secret")" = 1 ] || fail "seed: expected one row left"

out=$("$clasp" secrets usage --id "$secret" --home "$home" --json)
[ $? -eq 1 ] || fail "usage with a desync should exit 1: $out"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
got = [(u["targetName"], u["configPath"], u["source"], u["desync"]) for u in doc["uses"]]
assert got == [("Coder", "env.API_KEY", "both", False), ("Lost", "env.API_KEY", "env_ref", True)], got
' || fail "unexpected usage document: $out"
out=$("$clasp" secrets usage --id "$idle" --home "$home")
[ $? -eq 0 ] || fail "usage of an unused secret should exit 0"
[ "$out" = "0 uses" ] || fail "unexpected usage of Idle: $out"

out=$("$clasp" secrets delete --id "$secret" --home "$home" 2>"$dir/err")
[ $? -eq 1 ] || fail "delete of a secret in use should exit 1: $out"
grep -q 'Secret is in use (2 uses, 1 of them an env reference without a binding row); --force deletes it anyway' "$dir/err" \
  || fail "refusal message: $(cat "$dir/err")"
printf '%s\n' "$out" | grep -q "^agent	Lost	$lost	env.API_KEY	env_ref	desync" || fail "the desync use is not listed: $out"
[ "$(rows "$secret")" = 1 ] || fail "a refused delete must change nothing"
out=$("$clasp" secrets delete --id "$secret" --home "$home" --json)
[ $? -eq 1 ] || fail "refused --json should exit 1"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["deleted"] is False and len(doc["uses"]) == 2 and doc["uses"][1]["desync"] is True, doc
' || fail "unexpected refusal document: $out"

"$clasp" secrets delete --id "$idle" --home "$home" >/dev/null || fail "an unused secret should delete"
out=$("$clasp" secrets delete --id "$secret" --home "$home" --force --json)
[ $? -eq 0 ] || fail "--force should exit 0: $out"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["deleted"] is True and doc["removedBindings"] == 1 and len(doc["uses"]) == 2, doc
' || fail "unexpected forced document: $out"
[ "$(rows "$secret")" = 0 ] || fail "the forced delete should remove the row"
"$clasp" secrets delete --id "$secret" --home "$home" --force >/dev/null 2>&1
[ $? -eq 2 ] || fail "a deleted secret should be exit 2"
"$clasp" secrets usage --id "$secret" --home "$home" >/dev/null 2>&1
[ $? -eq 2 ] || fail "usage of a deleted secret should be exit 2"
grep -rq "$value" "$dir/err" && fail "a value reached stderr"
exit 0
