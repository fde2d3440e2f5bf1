#!/bin/sh
# Paperclip's key for Paperclip's database (issue 18 item 3), through the
# binary, on the full Paperclip 2026.916.1 fixture with its own master key
# at Paperclip's default place ($PAPERCLIP_HOME/instances/default/secrets/
# master.key, nothing in the environment):
# - the migrate-inline-env dry run names that key file and its fingerprint;
# - without the key file, --apply is refused and no key is minted anywhere;
# - with it, --apply migrates a plain value, and every local_encrypted
#   material in the database — Paperclip's seven versions and its pending
#   proposal, and the migrated one — decrypts with the fixture key (checked
#   by Node's crypto, as Paperclip decrypts), each to its value_sha256;
# - nothing appears under ~/.clasp; the doctor takes the key and refuses
#   another one, naming both fingerprints.
# usage: paperclip_key.sh CLASP_BINARY FIXTURES_DIR
# (exits 77, skipped, without CLASP_TEST_DATABASE_URL or the fixtures)
. "$(dirname "$0")/smoke_lib.sh"
. "$(dirname "$0")/key_lib.sh"
fixtures=$2/paperclip-2026.916.1-full
[ -f "$fixtures-schema.sql" ] || { echo "skipped: no fixtures at $2"; exit 77; }
make_pg_database
export HOME="$dir/user" PAPERCLIP_HOME="$dir/paperclip"
unset PAPERCLIP_INSTANCE_ID CLASP_HOME
mkdir -p "$HOME"
key_file=$PAPERCLIP_HOME/instances/default/secrets/master.key
company=fb3abb2c-7605-4393-8ad1-03e45d686a39
alpha=5e321076-132e-4372-ad82-6ab7dc8f55dc
value=sk-migrate-VALUE-7f3a91

for part in schema data; do
  psql "$db_url" -q -v ON_ERROR_STOP=1 -f "$fixtures-$part.sql" > /dev/null || fail "loading $part"
done
psql "$db_url" -q -v ON_ERROR_STOP=1 -c "UPDATE agents SET adapter_config = jsonb_set(adapter_config,
  '{env,SERVICE_API_KEY}', '{\"type\":\"plain\",\"value\":\"$value\"}') WHERE id = '$alpha'" || fail "seeding a plain value"

fp=$(fingerprint "$(python3 -c 'import base64, sys; print(base64.b64decode(open(sys.argv[1]).read()).hex())' "$fixtures.master.key")")
migrate() { "$clasp" secrets migrate-inline-env --company-id "$company" --database-url "$db_url" "$@"; }
no_clasp_home() { [ -e "$HOME/.clasp" ] && fail "$1 created $HOME/.clasp"; return 0; }

# No key file yet: the dry run says so, --apply is refused, nothing is minted.
migrate > "$dir/dry0" 2>&1
[ $? -eq 1 ] || fail "a dry run without the store's key should exit 1: $(cat "$dir/dry0")"
grep -qF "there is no master key at Paperclip's default key file $key_file" "$dir/dry0" || fail "dry run: $(cat "$dir/dry0")"
migrate --apply > "$dir/apply0" 2>&1
[ $? -ne 0 ] || fail "--apply without the store's key should fail"
grep -q "refusing to create a new one" "$dir/apply0" || fail "apply without key: $(cat "$dir/apply0")"
[ -e "$key_file" ] && fail "a key was minted for a database that holds secrets"
no_clasp_home "--apply without a key"
[ "$(psql "$db_url" -Atq -c "SELECT count(*) FROM company_secret_versions")" = 7 ] || fail "rows written without a key"

mkdir -p "$(dirname "$key_file")"
cp "$fixtures.master.key" "$key_file"
chmod 600 "$key_file"
migrate > "$dir/dry" 2>&1
[ $? -eq 0 ] || fail "dry run: $(cat "$dir/dry")"
grep -qF "master key Paperclip's default key file $key_file, fingerprint $fp: decrypts the store's newest" "$dir/dry" ||
  fail "the dry run should name the key source and fingerprint: $(cat "$dir/dry")"
grep -q "SERVICE_API_KEY -> create" "$dir/dry" || fail "dry run plan: $(cat "$dir/dry")"
migrate --json > "$dir/dry.json" || fail "json dry run"
python3 - "$dir/dry.json" "$key_file" "$fp" <<'PY' || fail "json dry run: $(cat "$dir/dry.json")"
import json, sys
key = json.load(open(sys.argv[1]))["masterKey"]
assert key["source"] == "default_file" and key["keyFile"] == sys.argv[2], key
assert key["fingerprint"] == sys.argv[3] and key["storeFingerprint"] is None and key["ok"] is True, key
PY
migrate --apply > "$dir/apply" 2>&1 || fail "apply: $(cat "$dir/apply")"
no_clasp_home "--apply"
grep -qF "$value" "$dir/dry" "$dir/apply" && fail "a value was printed"

# Every material in the database, decrypted with the fixture key as Paperclip would.
psql "$db_url" -Atq -c "SELECT json_build_object('material', v.material, 'sha', v.value_sha256, 'key', s.key)
  FROM company_secret_versions v JOIN company_secrets s ON s.id = v.secret_id WHERE s.provider = 'local_encrypted'
  UNION ALL SELECT json_build_object('material', value_ciphertext, 'sha', value_fingerprint_sha256, 'key', 'proposal')
  FROM company_secret_proposals WHERE value_ciphertext IS NOT NULL" > "$dir/materials"
(umask 077; decrypt_materials "$fixtures.master.key" "$dir/materials" > "$dir/values.json") ||
  fail "decrypting with Paperclip's key"
python3 - "$dir/values.json" "$value" <<'PY' || fail "decrypting with Paperclip's key: not the 9 materials with the migrated one"
import json, sys
values = [v["value"] for v in json.load(open(sys.argv[1]))]
assert len(values) == 9 and sys.argv[2] in values, len(values)
PY

"$clasp" doctor --database-url "$db_url" > "$dir/doctor" 2>&1
grep -q "^ok    store_key .*Paperclip's default key file $key_file, fingerprint $fp: the store's key" "$dir/doctor" ||
  fail "doctor with Paperclip's key: $(cat "$dir/doctor")"
other=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
PAPERCLIP_SECRETS_MASTER_KEY=$other "$clasp" doctor --database-url "$db_url" > "$dir/doctor.other" 2>&1
[ $? -eq 1 ] || fail "doctor with another key should exit 1"
grep -q "^error store_key .*fingerprint $fp.*PAPERCLIP_SECRETS_MASTER_KEY" "$dir/doctor.other" ||
  fail "doctor with another key: $(cat "$dir/doctor.other")"
no_clasp_home "doctor"
echo "ok: Paperclip's key for Paperclip's database"
