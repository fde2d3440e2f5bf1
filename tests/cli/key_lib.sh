# tests/cli/key_lib.sh — sourced after smoke_lib.sh by the master key tests
# (key_check.sh, paperclip_key.sh): a scratch PostgreSQL database, a second
# server, and the key check fingerprint recomputed from its documented
# construction (key_check.h), so the tests do not take clasp's word for it.
server2=
pg_name=
key_lib_cleanup() {
  [ -n "$server2" ] && kill "$server2" 2>/dev/null && wait "$server2" 2>/dev/null
  [ -n "$pg_name" ] && psql "$CLASP_TEST_DATABASE_URL" -q -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)"
  cleanup
}
trap key_lib_cleanup EXIT INT TERM

# make_pg_database: a fresh database on CLASP_TEST_DATABASE_URL's server,
# dropped on exit; its URL in $db_url. Without a server: exit 77 (skipped).
make_pg_database() {
  [ -n "${CLASP_TEST_DATABASE_URL:-}" ] || { echo "skipped: CLASP_TEST_DATABASE_URL is not set"; exit 77; }
  psql "$CLASP_TEST_DATABASE_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE clasp_keys_$$" || fail "cannot create a database"
  pg_name="clasp_keys_$$"
  db_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
    "$CLASP_TEST_DATABASE_URL" "$pg_name")
}

# fingerprint KEY_HEX: HKDF-SHA256 (no salt, info "clasp key check v1"),
# HMAC-SHA256 of "clasp-store-key-check-v1", then SHA-256 of its hex, 16 digits.
fingerprint() {
  python3 - "$1" <<'PY'
import hashlib, hmac, sys
key = bytes.fromhex(sys.argv[1])
prk = hmac.new(b"\0" * 32, key, hashlib.sha256).digest()
derived = hmac.new(prk, b"clasp key check v1\x01", hashlib.sha256).digest()
check = hmac.new(derived, b"clasp-store-key-check-v1", hashlib.sha256).hexdigest()
print(hashlib.sha256(check.encode()).hexdigest()[:16])
PY
}

# wait_listening OUT: the URL `clasp serve` printed to OUT, or fail.
wait_listening() {
  for _ in $(seq 1 600); do grep -q 'listening on' "$1" 2>/dev/null && break; sleep 0.1; done
  sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$1"
}

# decrypt_materials KEY_FILE MATERIALS: each line of MATERIALS, a JSON object
# {material, sha, ...}, opened with the base64 key in KEY_FILE as Paperclip
# opens local_encrypted_v1 (AES-256-GCM, Node's crypto) and checked against
# its sha; prints a JSON array of the other fields plus "value". Fails on
# any mismatch. The output holds values: keep it in the test's own folder.
decrypt_materials() {
  node - "$1" "$2" <<'JS'
const { createDecipheriv, createHash } = require('node:crypto');
const fs = require('node:fs');
const [keyFile, materials] = process.argv.slice(2);
const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
const out = [];
for (const line of fs.readFileSync(materials, 'utf8').split('\n').filter(Boolean)) {
  const { material, sha, ...row } = JSON.parse(line);
  const m = typeof material === 'string' ? JSON.parse(material) : material;
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(m.iv, 'base64'));
  d.setAuthTag(Buffer.from(m.tag, 'base64'));
  const value = Buffer.concat([d.update(Buffer.from(m.ciphertext, 'base64')), d.final()]).toString('utf8');
  if (createHash('sha256').update(value).digest('hex') !== sha) throw new Error('sha mismatch for ' + JSON.stringify(row));
  out.push({ ...row, value });
}
process.stdout.write(JSON.stringify(out));
JS
}
