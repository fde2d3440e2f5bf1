#!/bin/sh
# `clasp secrets import-preview` and `clasp secrets import` through the
# binary, on a store seeded by `clasp serve` (a company, an AWS vault, a
# local secret named "team/db"), from an AWS ListSecrets page: the preview
# lists candidates, the dry run writes nothing, --apply imports the ready
# rows as external references (one "current" version each, no value), a
# re-run skips them all; activity rows hold counts and ids only, never a
# name, ARN, tag or description (IMP-5). Usage mistakes exit 2.
# usage: secrets_import_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home

"$clasp" secrets import --help >/dev/null || fail "import --help should exit 0"
"$clasp" secrets import-preview --help >/dev/null || fail "import-preview --help should exit 0"
"$clasp" secrets import --company-id x "$dir/none.json" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing --provider-config-id should exit 2"
"$clasp" secrets import-preview --company-id x --provider-config-id y --apply "$dir/none.json" >/dev/null 2>&1
[ $? -eq 2 ] || fail "import-preview --apply should exit 2"

start_serve "$home"
ids=$(python3 - "$url" <<'PY'
import json, sys, urllib.request
url = sys.argv[1]
def call(method, path, body):
    req = urllib.request.Request(url + "/api" + path, json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
company = call("POST", "/companies", {"name": "Acme"})
vault = call("POST", "/companies/%s/secret-provider-configs" % company["id"],
             {"provider": "aws_secrets_manager", "displayName": "AWS", "config": {"region": "us-east-1"}})
local = call("POST", "/companies/%s/secret-provider-configs" % company["id"],
             {"provider": "local_encrypted", "displayName": "Local"})
call("POST", "/companies/%s/secrets" % company["id"], {"name": "team/db", "value": "sk-local-VALUE-5521"})
print(company["id"], vault["id"], local["id"])
PY
) || fail "seeding through clasp serve failed"
stop_serve
set -- $ids
company=$1 vault=$2 local=$3
db=$home/instances/default/db/clasp.sqlite3
[ -f "$db" ] || fail "no store at $db"

arn=arn:aws:secretsmanager:us-east-1:123456789012:secret
cat > "$dir/page.json" <<JSON
{"SecretList":[
 {"ARN":"$arn:prod/api/OpenAI-Key-AbC123","Name":"prod/api/OpenAI-Key","Description":"OpenAI prod key",
  "KmsKeyId":"alias/ml","Tags":[{"Key":"owner","Value":"ml-team"}],"CreatedDate":1700000000.5},
 {"ARN":"ARN:AWS:SECRETSMANAGER:us-east-1:123456789012:SECRET:team/db//","Name":"team/db"},
 {"ARN":"$arn:paperclip/$vault/$company/k-AbCdEf","Name":"managed"},
 {"ARN":"$arn:svc/Search-Token-q1w2e3","Name":""},
 {"ARN":"$arn:prod/api/OpenAI-Key-AbC123","Name":"again"}],
 "NextToken":"page-2"}
JSON
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }

out=$("$clasp" secrets import-preview --company-id "$company" --provider-config-id "$vault" --home "$home" --json "$dir/page.json")
[ $? -eq 0 ] || fail "preview should exit 0: $out"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
got = [(c["name"], c["key"], c["status"]) for c in doc["candidates"]]
assert got == [("prod/api/OpenAI-Key", "prod-api-openai-key", "ready"), ("team/db", "team-db", "conflict"),
               ("managed", "managed", "conflict"), ("Search-Token-q1w2e3", "search-token-q1w2e3", "ready"),
               ("again", "again", "ready")], got
assert doc["nextToken"] == "page-2", doc
assert doc["candidates"][0]["providerMetadata"] == {"createdDate": "2023-11-14T22:13:20.500Z", "lastAccessedDate": None,
    "lastChangedDate": None, "deletedDate": None, "hasDescription": True, "hasKmsKey": True, "tagCount": 1}, doc
assert doc["candidates"][2]["conflicts"][0]["type"] == "provider_guardrail", doc
' || fail "unexpected preview: $out"
[ "$(count 'select count(*) from company_secrets')" = 1 ] || fail "the preview wrote a secret"

out=$("$clasp" secrets import --company-id "$company" --provider-config-id "$vault" --home "$home" "$dir/page.json")
[ $? -eq 1 ] || fail "a dry run with an error row should exit 1: $out"
printf '%s\n' "$out" | grep -q '^2 to import, 2 skipped, 1 error (dry run' || fail "unexpected dry run: $out"
[ "$(count 'select count(*) from company_secrets')" = 1 ] || fail "the dry run wrote a secret"

out=$("$clasp" secrets import --company-id "$company" --provider-config-id "$vault" --home "$home" --apply --json "$dir/page.json")
[ $? -eq 1 ] || fail "--apply with an error row should exit 1: $out"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert (doc["importedCount"], doc["skippedCount"], doc["errorCount"], doc["applied"]) == (2, 2, 1, True), doc
got = [(r["status"], r["reason"]) for r in doc["results"]]
assert got == [("imported", None), ("skipped", "name_or_key_conflict"),
               ("error", "AWS Paperclip-managed namespace secrets cannot be imported as external references"),
               ("imported", None), ("skipped", "exact_reference_duplicate")], got
' || fail "unexpected import: $out"
[ "$(count "select count(*) from company_secrets where managed_mode = 'external_reference' and status = 'active'")" = 2 ] ||
  fail "expected two external references"
[ "$(count "select count(*) from company_secret_versions v join company_secrets s on s.id = v.secret_id where s.managed_mode = 'external_reference' and v.status = 'current' and v.material like '%\"source\":\"external_reference\"%'")" = 2 ] ||
  fail "expected one current reference version per imported secret"

out=$("$clasp" secrets import --company-id "$company" --provider-config-id "$vault" --home "$home" --apply --json "$dir/page.json")
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert (doc["importedCount"], doc["skippedCount"], doc["errorCount"]) == (0, 4, 1), doc
' || fail "a re-run should skip every imported row: $out"

"$clasp" secrets import --company-id "$company" --provider-config-id "$local" --home "$home" --apply "$dir/page.json" >/dev/null 2>"$dir/err"
[ $? -eq 1 ] || fail "a local_encrypted vault should be refused with exit 1"
grep -q 'local_encrypted provider does not support linked external references' "$dir/err" || fail "unexpected refusal: $(cat "$dir/err")"
echo '{"SecretList":{}}' > "$dir/bad.json"
"$clasp" secrets import-preview --company-id "$company" --provider-config-id "$vault" --home "$home" "$dir/bad.json" >/dev/null 2>&1
[ $? -eq 1 ] || fail "a malformed page should exit 1"

# IMP-5: the import activity rows hold counts and ids, never inventory text.
[ "$(count "select count(*) from activity_log where action like 'secret.remote_import.%'")" = 3 ] ||
  fail "expected one previewed and two completed activity rows"
python3 - "$db" <<'PY' || fail "an activity row holds inventory text"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("select details from activity_log where action like 'secret.remote_import.%'").fetchall()
for (details,) in rows:
    for text in ("arn:", "ARN:", "OpenAI", "openai", "team/db", "team-db", "Search", "ml-team", "owner", "prod key", "managed"):
        assert text not in details, (text, details)
PY
echo "secrets import smoke: ok"
