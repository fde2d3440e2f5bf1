#!/bin/sh
# `clasp key rotate` through the binary (key_rotation.h). A home seeded by
# `clasp serve` (two secrets, one rotated, an agent bound to both):
# - usage: no verb, an unknown flag, --backup-out or --keep-old without
#   --apply exit 2; --help exits 0;
# - the dry run counts 3 versions, 0 proposals, 1 backup and changes nothing;
# - --apply without --backup-out/--passphrase-file is refused (exit 2),
#   nothing written;
# - --apply with them, while the same `clasp serve` keeps running: the backup
#   (0600, `clasp backup verify` ok under the OLD key inside it), the key file
#   replaced (0600, another fingerprint), no keyring left, and the running
#   server still hands the agent every value (it notices the switch and
#   reloads the key); every material decrypts under the new key file with
#   Node's crypto, as Paperclip decrypts, to its value_sha256;
# - --new-key-file F --keep-old: the key file holds F's key, the keyring
#   stays (0600, "state retired");
# - no value and no key text in any output.
# usage: key_rotate.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
key_file=$home/instances/default/secrets/master.key
log=$dir/outputs.log
: > "$log"
v1=sk-rotate-PLAINTEXT-first-3c1e
v2=sk-rotate-PLAINTEXT-rotated-9d02
v3=ghp-rotate-PLAINTEXT-third-55ab
pass=$dir/pass.txt
printf 'rotate smoke passphrase\n' > "$pass"
status() { "$clasp" "$@" >>"$log" 2>&1 </dev/null; echo $?; }

"$clasp" key --help > /dev/null || fail "key --help should exit 0"
[ "$(status key)" = 2 ] || fail "no verb should exit 2"
[ "$(status key rotate --frobnicate)" = 2 ] || fail "an unknown flag should exit 2"
[ "$(status key rotate --keep-old --home "$home")" = 2 ] || fail "--keep-old without --apply should exit 2"
[ "$(status key rotate --backup-out "$dir/x" --home "$home")" = 2 ] || fail "--backup-out without --apply should exit 2"

start_serve "$home"
token=$(seed_bound_agent "$v1" "$v2" "$v3") || fail "seeding through clasp serve failed"
old_key=$(cat "$key_file")

# The agent reads both values through the running server.
agent_reads() {
  python3 - "$url" "$token" "$v2" "$v3" <<'PY'
import json, sys, urllib.request
url, token, v2, v3 = sys.argv[1:]
def value(key):
    req = urllib.request.Request(url + "/api/agents/me/secrets/%s/value" % key, b"{}", method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(req))["value"]
assert value("openai") == v2 and value("github") == v3
PY
}
agent_reads || fail "the agent cannot read before the rotation"

"$clasp" key rotate --home "$home" > "$dir/dry" 2>>"$log" || fail "dry run: $(cat "$dir/dry")"
cat "$dir/dry" >> "$log"
grep -q "would re-encrypt 3 versions, 0 proposals and take 1 backup first" "$dir/dry" || fail "dry run: $(cat "$dir/dry")"
[ "$(cat "$key_file")" = "$old_key" ] || fail "the dry run changed the key file"
[ -e "$key_file.keyring" ] && fail "the dry run wrote a keyring"

[ "$(status key rotate --apply --home "$home")" = 2 ] || fail "--apply without a backup should exit 2"
grep -q "takes a backup first and needs --backup-out FILE and --passphrase-file FILE" "$log" || fail "refusal text"
[ "$(cat "$key_file")" = "$old_key" ] || fail "a refused --apply changed the key file"

"$clasp" key rotate --apply --home "$home" --backup-out "$dir/before.clasp" --passphrase-file "$pass" --json \
  > "$dir/apply.json" 2>>"$log" || fail "apply: $(cat "$dir/apply.json")"
cat "$dir/apply.json" >> "$log"
python3 - "$dir/apply.json" <<'PY' || fail "apply report: $(cat "$dir/apply.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["applied"] and not r["resumed"] and r["versions"] == 3 and r["versionsReencrypted"] == 3, r
assert r["proposals"] == 0 and r["keyFileWritten"] and not r["oldKeyKept"], r
assert r["oldFingerprint"] != r["newFingerprint"], r
PY
new_key=$(cat "$key_file")
[ "$new_key" != "$old_key" ] || fail "the key file still holds the old key"
[ "$(stat -c %a "$key_file")" = 600 ] || fail "the new key file is not 0600"
[ -e "$key_file.keyring" ] && fail "the keyring should be gone"
[ "$(stat -c %a "$dir/before.clasp")" = 600 ] || fail "the backup is not 0600"
"$clasp" backup verify "$dir/before.clasp" --passphrase-file "$pass" >> "$log" 2>&1 || fail "the backup does not verify"
agent_reads || fail "the running server cannot read after the rotation"
stop_serve

python3 - "$home/instances/default/db/clasp.sqlite3" > "$dir/materials.json" <<'PY' || fail "reading materials"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(json.dumps([[json.loads(m), h] for m, h in db.execute("SELECT material, value_sha256 FROM company_secret_versions")]))
PY
node - "$key_file" "$dir/materials.json" <<'JS' || fail "Node's crypto cannot read every value under the new key"
const crypto = require("crypto"), fs = require("fs");
const key = Buffer.from(fs.readFileSync(process.argv[2], "utf8").trim(), "base64");
const rows = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
if (rows.length !== 3) throw new Error("rows " + rows.length);
for (const [m, sha] of rows) {
  if (m.scheme !== "local_encrypted_v1") throw new Error("scheme " + m.scheme);
  const d = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(m.iv, "base64"));
  d.setAuthTag(Buffer.from(m.tag, "base64"));
  const plain = Buffer.concat([d.update(Buffer.from(m.ciphertext, "base64")), d.final()]);
  if (crypto.createHash("sha256").update(plain).digest("hex") !== sha) throw new Error("value_sha256");
}
JS

# A key of the operator's, the old one kept.
python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode(), end="")' > "$dir/next.key"
chmod 600 "$dir/next.key"
"$clasp" key rotate --apply --keep-old --new-key-file "$dir/next.key" --home "$home" \
  --backup-out "$dir/second.clasp" --passphrase-file "$pass" > "$dir/second" 2>>"$log" || fail "second: $(cat "$dir/second")"
cat "$dir/second" >> "$log"
[ "$(cat "$key_file")" = "$(cat "$dir/next.key")" ] || fail "the key file should hold --new-key-file's key"
[ "$(stat -c %a "$key_file.keyring")" = 600 ] || fail "the kept keyring is not 0600"
sed -n 2p "$key_file.keyring" | grep -qx "state retired" || fail "the kept keyring is not retired"
grep -q "old key kept in $key_file.keyring" "$dir/second" || fail "second report: $(cat "$dir/second")"
"$clasp" doctor --home "$home" >> "$log" 2>&1 || fail "doctor after the rotations: $(tail -5 "$log")"

for secret in "$v1" "$v2" "$v3" "$old_key" "$new_key" "$(cat "$dir/next.key")"; do
  grep -qF -- "$secret" "$log" && fail "a value or key appeared in the output"
done
echo "ok: key rotate dry run, refusals, apply under a running server, --new-key-file --keep-old"
