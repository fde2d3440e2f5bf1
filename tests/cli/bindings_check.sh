#!/bin/sh
# `clasp bindings check` on Paperclip JSON exports, end to end through the
# binary: a ref without a row and a row without a ref are found (exit 1,
# --json findings), a consistent export is clean (exit 0), a bad flag is a
# usage error (exit 2), and --sql prints a transaction; refs without usage
# files fail the gate unless --allow-unchecked; forbidden flag combinations
# exit 2 and leave the default store untouched.
# usage: bindings_check.sh CLASP_BINARY
set -u
clasp=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

c1=a5e14a02-7d61-4b70-b6f8-27742a6ad3a7
alpha=d31df0f7-af23-43cd-ab39-d60101586083
beta=b35685ad-7a23-46e6-810c-65fce1147f67
openai=b6122b9e-df6e-48ad-905a-da77f59ed9b9

cat > "$dir/agents.json" <<JSON
[{"id":"$alpha","companyId":"$c1","name":"Alpha","adapterConfig":{"env":{
   "OPENAI_API_KEY":{"type":"secret_ref","secretId":"$openai","version":"latest"}}}},
 {"id":"$beta","companyId":"$c1","name":"Beta","adapterConfig":{"env":{}}}]
JSON
cat > "$dir/usage.json" <<JSON
{"secretId":"$openai","bindings":[{"id":"41808091-60e4-4210-a0e4-82d31ec59cdb","companyId":"$c1",
  "secretId":"$openai","targetType":"agent","targetId":"$beta","configPath":"env.OPENAI_API_KEY",
  "versionSelector":"1","required":true,"label":null,"projectionClass":"unclassified","projectionAllowlistKey":null}]}
JSON

out=$("$clasp" bindings check --agents "$dir/agents.json" --usage "$dir/usage.json" --json)
[ $? -eq 1 ] || fail "desynced exports should exit 1"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
got = [(f["code"], f["targetName"], f["configPath"], f.get("bindingId")) for f in doc["findings"]]
want = [("desync_ref_without_row", "Alpha", "env.OPENAI_API_KEY", None),
        ("desync_row_without_ref", "Beta", "env.OPENAI_API_KEY", "41808091-60e4-4210-a0e4-82d31ec59cdb")]
assert doc["ok"] is False and doc["source"] == "json" and doc["targets"] == 2 and doc["rows"] == 1, doc
assert got == want, got
' || fail "unexpected --json document: $out"

sql=$("$clasp" bindings check --agents "$dir/agents.json" --usage "$dir/usage.json" --sql 2>/dev/null)
[ $? -eq 1 ] || fail "--sql on desynced exports should exit 1"
printf '%s\n' "$sql" | head -n 1 | grep -qx 'BEGIN;' || fail "--sql should start a transaction: $sql"
printf '%s\n' "$sql" | grep -q "^DELETE FROM company_secret_bindings WHERE id = E'41808091-60e4-4210-a0e4-82d31ec59cdb';$" \
  || fail "--sql should delete the stale row: $sql"
printf '%s\n' "$sql" | tail -n 1 | grep -qx 'COMMIT;' || fail "--sql should commit: $sql"

cat > "$dir/agents.json" <<JSON
[{"id":"$beta","companyId":"$c1","name":"Beta","adapterConfig":{"env":{
   "OPENAI_API_KEY":{"type":"secret_ref","secretId":"$openai","version":1}}}}]
JSON
"$clasp" bindings check --agents "$dir/agents.json" --usage "$dir/usage.json" >/dev/null
[ $? -eq 0 ] || fail "consistent exports should exit 0"

"$clasp" bindings check --agents "$dir/agents.json" --no-such-flag >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown flag should exit 2"
"$clasp" bindings check --agents "$dir/missing.json" >/dev/null 2>&1
[ $? -eq 3 ] || fail "an unreadable file should exit 3 (an I/O error)"
"$clasp" bindings check --agents "$dir/agents.json" >/dev/null
[ $? -eq 1 ] || fail "a ref with no usage file is unchecked: the gate must not pass"
"$clasp" bindings check --agents "$dir/agents.json" --allow-unchecked >/dev/null
[ $? -eq 0 ] || fail "--allow-unchecked should let unchecked refs pass"
"$clasp" bindings repair --agents "$dir/agents.json" --allow-unchecked >/dev/null 2>&1
[ $? -eq 2 ] || fail "--allow-unchecked belongs to check"

# A store where the commands would find one by default: a flag combination
# the help forbids must be refused before it is opened, never written.
export HOME="$dir/user" CLASP_HOME="$dir/user/.clasp"
unset DATABASE_URL PAPERCLIP_SECRETS_MASTER_KEY PAPERCLIP_SECRETS_MASTER_KEY_FILE
"$clasp" serve --port 0 > "$dir/serve.out" 2>&1 &
serve=$!
for _ in $(seq 1 600); do grep -q 'listening on' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
kill "$serve"; wait "$serve" 2>/dev/null
db="$CLASP_HOME/instances/default/db/clasp.sqlite3"
[ -f "$db" ] || fail "the setup should have created a store at $db"
before=$(cat "$db"* | sha256sum)
"$clasp" bindings repair --agents "$dir/agents.json" --usage "$dir/usage.json" --apply >/dev/null 2>&1
[ $? -eq 2 ] || fail "exports cannot be repaired in place"
"$clasp" bindings check --agents "$dir/agents.json" --home "$CLASP_HOME" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--agents with --home should be refused"
"$clasp" bindings check --usage "$dir/usage.json" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--usage without --agents should be refused"
[ "$(cat "$db"* | sha256sum)" = "$before" ] || fail "a refused command changed the store"
echo "bindings check CLI: ok"
