#!/bin/sh
# `clasp backup create|verify|restore` through the binary. A home seeded by
# `clasp serve` (two secrets, one rotated, an agent bound to both) is
# archived (mode 0600, never overwritten), verified, and restored into an
# EMPTY home where `clasp serve` hands the agent every value again (its API
# key, minted before the backup, still works: its hash is in the snapshot). Restoring onto the now
# live home is refused without --force; a flipped byte in the snapshot or the
# key fails verification (exit 1); `clasp doctor` warns before the first
# backup and not after. No value and no key text ever appears in any output.
# usage: backup_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
restored=$dir/restored
archive=$dir/backup.clasp
log=$dir/outputs.log
: > "$log"
v1=sk-backup-PLAINTEXT-first-51c2
v2=sk-backup-PLAINTEXT-rotated-0ad9
v3=ghp-backup-PLAINTEXT-third-e7f4

# Runs clasp, keeping stdout and stderr in the log; prints stdout.
run() {
  "$clasp" "$@" > "$dir/stdout" 2>>"$log"
  rc=$?
  cat "$dir/stdout" >> "$log"
  cat "$dir/stdout"
  return $rc
}
status() { "$clasp" "$@" >>"$log" 2>&1; echo $?; }


"$clasp" backup --help >/dev/null || fail "backup --help should exit 0"
[ "$(status backup)" = 2 ] || fail "no verb should exit 2"
[ "$(status backup frobnicate x)" = 2 ] || fail "an unknown verb should exit 2"
[ "$(status backup create "$archive" --home "$home")" = 2 ] || fail "a missing store should exit 2"
[ -e "$archive" ] && fail "a failed create must not leave an archive"

start_serve "$home"
token=$(python3 - "$url" "$v1" "$v2" "$v3" <<'PY'
import json, sys, urllib.request
url, v1, v2, v3 = sys.argv[1:]
def call(method, path, body):
    req = urllib.request.Request(url + "/api" + path, json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
company = call("POST", "/companies", {"name": "Acme"})
one = call("POST", "/companies/%s/secrets" % company["id"], {"name": "openai", "value": v1})
call("POST", "/secrets/%s/rotate" % one["id"], {"value": v2})
two = call("POST", "/companies/%s/secrets" % company["id"], {"name": "github", "value": v3})
ref = lambda s: {"type": "secret_ref", "secretId": s["id"], "version": "latest"}
agent = call("POST", "/companies/%s/agents" % company["id"],
             {"name": "Coder", "adapterConfig": {"env": {"OPENAI_API_KEY": ref(one), "GITHUB_TOKEN": ref(two)}}})
print(call("POST", "/agents/%s/keys" % agent["id"], {})["token"])
PY
) || fail "seeding through clasp serve failed"
stop_serve
key=$(cat "$home/instances/default/secrets/master.key")
[ -n "$key" ] || fail "the seeded home has no key file"

doc=$(run doctor --home "$home" --json)
printf '%s' "$doc" | python3 -c '
import json, sys
b = [c for c in json.load(sys.stdin)["checks"] if c["name"] == "backup"][0]
assert b["status"] == "warn" and "No backup" in b["message"], b
' || fail "doctor should warn before the first backup: $doc"

out=$(run backup create "$archive" --home "$home")
[ $? -eq 0 ] || fail "create should exit 0: $out"
[ "$(stat -c %a "$archive")" = 600 ] || fail "the archive must be 0600"
printf '%s\n' "$out" | grep -q "2 secrets, 3 versions, 2 bindings" || fail "create counts: $out"
[ "$(status backup create "$archive" --home "$home")" = 2 ] || fail "create must refuse an existing archive"

doc=$(run doctor --home "$home" --json)
printf '%s' "$doc" | python3 -c '
import json, sys
b = [c for c in json.load(sys.stdin)["checks"] if c["name"] == "backup"][0]
assert b["status"] == "ok", b
' || fail "doctor should be satisfied after the backup: $doc"

doc=$(run backup verify "$archive" --json)
[ $? -eq 0 ] || fail "verify should exit 0: $doc"
printf '%s' "$doc" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["ok"] is True and d["versionsDecrypted"] == 3 and d["problems"] == [], d
assert d["found"] == {"secrets": 2, "versions": 3, "bindings": 2}, d
assert set(d["manifest"]["members"]) == {"store.sqlite3", "master.key"}, d
' || fail "unexpected verify document: $doc"

out=$(run backup restore "$archive" --home "$restored")
[ $? -eq 0 ] || fail "restore onto an empty home should exit 0: $out"
[ "$(stat -c %a "$restored/instances/default/secrets/master.key")" = 600 ] || fail "restored key must be 0600"
cmp -s "$home/instances/default/secrets/master.key" "$restored/instances/default/secrets/master.key" \
  || fail "the restored key differs"

start_serve "$restored"
python3 - "$url" "$token" "$v2" "$v3" <<'PY' || fail "the restored home does not hand out the values"
import json, sys, urllib.request
url, token, v2, v3 = sys.argv[1:]
for key, want in (("openai", v2), ("github", v3)):
    req = urllib.request.Request(url + "/api/agents/me/secrets/%s/value" % key, b"{}", method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    got = json.load(urllib.request.urlopen(req))
    assert got["value"] == want, key
PY
stop_serve

[ "$(status backup restore "$archive" --home "$restored")" = 1 ] || fail "restore onto a live store must be refused"
grep -q "pass --force to replace it" "$log" || fail "the refusal should say how to force it"
[ "$(status backup restore "$archive" --home "$restored" --force)" = 0 ] || fail "restore --force should exit 0"

# A flipped byte in the snapshot, then in the key text.
python3 - "$archive" "$dir/bad-store.clasp" "$dir/bad-key.clasp" <<'PY'
import sys
src, bad_store, bad_key = sys.argv[1:]
data = bytearray(open(src, "rb").read())
at = data.index(b"\nstore.sqlite3 ")
s = bytearray(data); s[at + 3000] ^= 1; open(bad_store, "wb").write(s)
at = data.index(b"\n", data.index(b"\nmaster.key ") + 1) + 7
k = bytearray(data); k[at] ^= 1; open(bad_key, "wb").write(k)
PY
[ "$(status backup verify "$dir/bad-store.clasp")" = 1 ] || fail "a tampered snapshot must fail verify"
[ "$(status backup verify "$dir/bad-key.clasp")" = 1 ] || fail "a tampered key must fail verify"
out=$(run backup verify "$dir/bad-key.clasp")
printf '%s\n' "$out" | grep -q "checksum_mismatch: Member master.key" || fail "the failing member should be named: $out"
[ "$(status backup restore "$dir/bad-store.clasp" --home "$dir/other")" = 1 ] || fail "restore must refuse a bad archive"
[ -e "$dir/other" ] && fail "a refused restore must write nothing"
[ "$(status backup verify "$dir/missing.clasp")" = 2 ] || fail "an unreadable archive should exit 2"

for secret in "$v1" "$v2" "$v3" "$key"; do
  grep -qF -- "$secret" "$log" && fail "a value or the key appeared in the output"
done
exit 0
