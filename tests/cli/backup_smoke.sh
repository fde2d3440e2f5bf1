#!/bin/sh
# `clasp backup create|verify|restore` through the binary. A home seeded by
# `clasp serve` (two secrets, one rotated, an agent bound to both) is
# archived (mode 0600, never overwritten, sealed under a passphrase: scrypt
# N=2^17 r=8 p=1 in the header, AES-256-GCM, decrypted here independently
# with Node's crypto from the documented format), verified, and restored
# into an EMPTY home where `clasp serve` hands the agent every value again
# (its API key, minted before the backup, still works: its hash is in the
# snapshot). No backup without a passphrase (exit 2); the passphrase typed
# on a terminal with echo off; neither the key, its base64 or hex, a value
# nor a value's SHA-256 in the archive's bytes; a wrong passphrase or a
# flipped byte in header, body or tag refused (exit 1) before anything is
# written; --key-separately / --key-file; an old plaintext archive refused
# unless --allow-plaintext-archive. Restoring onto the now live home is
# refused without --force; `clasp doctor` warns before the first backup and
# not after. No value, key or passphrase ever appears in any output.
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
phrase="smoke backup passphrase 5f0e"
pass=$dir/pass.txt
printf '%s\n' "$phrase" > "$pass"
wrong=$dir/wrong.txt
printf 'not the passphrase\n' > "$wrong"

# Runs clasp (stdin not a terminal), keeping stdout and stderr in the log;
# prints stdout.
run() {
  "$clasp" "$@" > "$dir/stdout" 2>>"$log" </dev/null
  rc=$?
  cat "$dir/stdout" >> "$log"
  cat "$dir/stdout"
  return $rc
}
status() { "$clasp" "$@" >>"$log" 2>&1 </dev/null; echo $?; }


"$clasp" backup --help >/dev/null || fail "backup --help should exit 0"
[ "$(status backup)" = 2 ] || fail "no verb should exit 2"
[ "$(status backup frobnicate x)" = 2 ] || fail "an unknown verb should exit 2"
[ "$(status backup create "$archive" --home "$home" --passphrase-file "$pass")" = 3 ] || fail "a missing store should exit 3"
[ -e "$archive" ] && fail "a failed create must not leave an archive"

start_serve "$home"
token=$(seed_bound_agent "$v1" "$v2" "$v3") || fail "seeding through clasp serve failed"
stop_serve
key=$(cat "$home/instances/default/secrets/master.key")
[ -n "$key" ] || fail "the seeded home has no key file"

doc=$(run doctor --home "$home" --json)
printf '%s' "$doc" | python3 -c '
import json, sys
b = [c for c in json.load(sys.stdin)["checks"] if c["name"] == "backup"][0]
assert b["status"] == "warn" and "No backup" in b["message"], b
' || fail "doctor should warn before the first backup: $doc"

# No backup without a passphrase: none given (stdin no terminal), an empty file, a short one.
[ "$(status backup create "$archive" --home "$home")" = 2 ] || fail "create without a passphrase must exit 2"
grep -q "No passphrase: pass --passphrase-file FILE" "$log" || fail "the refusal should say how to give one"
: > "$dir/empty.txt"
[ "$(status backup create "$archive" --home "$home" --passphrase-file "$dir/empty.txt")" = 2 ] \
  || fail "an empty passphrase must exit 2"
printf 'short\n' > "$dir/short.txt"
[ "$(status backup create "$archive" --home "$home" --passphrase-file "$dir/short.txt")" = 2 ] \
  || fail "a short passphrase must exit 2"
grep -q "never writes an unencrypted backup" "$log" || fail "the short passphrase refusal should say why"
[ -e "$archive" ] && fail "a refused create must not leave an archive"

out=$(run backup create "$archive" --home "$home" --passphrase-file "$pass")
[ $? -eq 0 ] || fail "create should exit 0: $out"
[ "$(stat -c %a "$archive")" = 600 ] || fail "the archive must be 0600"
printf '%s\n' "$out" | grep -q "2 secrets, 3 versions, 2 bindings" || fail "create counts: $out"
printf '%s\n' "$out" | grep -q "scrypt N=2^17 r=8 p=1" || fail "create should state the cost: $out"
[ "$(status backup create "$archive" --home "$home" --passphrase-file "$pass")" = 3 ] || fail "create must refuse an existing archive (exit 3, file_io_error)"

# The documented format, read independently: header fields, then Node's
# scrypt and AES-256-GCM with the header as AAD give the container back.
node - "$archive" "$phrase" "$dir/plain.clasp" <<'JS' || fail "the archive does not decrypt as documented"
const crypto = require("crypto"), fs = require("fs");
const [file, phrase, out] = process.argv.slice(2);
const b = fs.readFileSync(file);
const assert = (c, m) => { if (!c) { console.error(m); process.exit(1); } };
assert(b.subarray(0, 16).toString() === "clasp-backup-enc", "magic");
assert(b[16] === 1 && b[17] === 1 && b[18] === 17 && b[19] === 0, "version, kdf, log2N");
assert(b.readUInt32BE(20) === 8 && b.readUInt32BE(24) === 1, "r, p");
const len = Number(b.readBigUInt64BE(56));
assert(b.length === 64 + len + 16, "length");
const key = crypto.scryptSync(phrase, b.subarray(28, 44), 32, { N: 1 << 17, r: 8, p: 1, maxmem: 256 << 20 });
const d = crypto.createDecipheriv("aes-256-gcm", key, b.subarray(44, 56));
d.setAAD(b.subarray(0, 64));
d.setAuthTag(b.subarray(64 + len));
const plain = Buffer.concat([d.update(b.subarray(64, 64 + len)), d.final()]);
assert(plain.subarray(0, 29).toString() === "clasp-backup 1\nmanifest.json ", "container");
fs.writeFileSync(out, plain, { mode: 0o600 });
JS

# Not in the bytes: the key text, the raw key (and its base64 and hex), a
# value or its SHA-256 (the container itself holds the key and the hashes).
python3 - "$archive" "$dir/plain.clasp" "$home/instances/default/secrets/master.key" "$v1" "$v2" "$v3" <<'PY' \
  || fail "the archive shows a key, a value or a value hash"
import base64, hashlib, sys
archive, plain, key_path, *values = sys.argv[1:]
data, inner = open(archive, "rb").read(), open(plain, "rb").read()
text = open(key_path, "rb").read().strip()
raw = base64.b64decode(text)
needles = [text, raw, base64.b64encode(raw), base64.b64encode(text), raw.hex().encode()]
for v in values:
    needles += [v.encode(), hashlib.sha256(v.encode()).hexdigest().encode()]
assert text in inner and hashlib.sha256(values[1].encode()).hexdigest().encode() in inner
for n in needles:
    assert n not in data, n[:4]
PY

doc=$(run doctor --home "$home" --json)
printf '%s' "$doc" | python3 -c '
import json, sys
b = [c for c in json.load(sys.stdin)["checks"] if c["name"] == "backup"][0]
assert b["status"] == "ok", b
' || fail "doctor should be satisfied after the backup: $doc"

[ "$(status backup verify "$archive")" = 2 ] || fail "verify without a passphrase must exit 2"
out=$(run backup verify "$archive" --passphrase-file "$wrong")
[ $? -eq 1 ] || fail "a wrong passphrase must fail verify: $out"
printf '%s\n' "$out" | grep -q "problem auth_failed" || fail "a wrong passphrase is auth_failed: $out"
doc=$(run backup verify "$archive" --passphrase-file "$pass" --json)
[ $? -eq 0 ] || fail "verify should exit 0: $doc"
printf '%s' "$doc" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["ok"] is True and d["versionsDecrypted"] == 3 and d["problems"] == [], d
assert d["found"] == {"secrets": 2, "versions": 3, "bindings": 2}, d
assert d["encryption"] == {"cipher": "aes-256-gcm", "kdf": "scrypt", "log2N": 17, "r": 8, "p": 1}, d
assert set(d["manifest"]["members"]) == {"store.sqlite3", "master.key"}, d
' || fail "unexpected verify document: $doc"

[ "$(status backup restore "$archive" --home "$restored" --passphrase-file "$wrong")" = 1 ] \
  || fail "restore with a wrong passphrase must be refused"
[ -e "$restored" ] && fail "a refused restore must write nothing"
out=$(run backup restore "$archive" --home "$restored" --passphrase-file "$pass")
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

[ "$(status backup restore "$archive" --home "$restored" --passphrase-file "$pass")" = 1 ] \
  || fail "restore onto a live store must be refused"
grep -q "pass --force to replace it" "$log" || fail "the refusal should say how to force it"
[ "$(status backup restore "$archive" --home "$restored" --passphrase-file "$pass" --force)" = 0 ] \
  || fail "restore --force should exit 0"

# One flipped bit in the header (salt), the body, the tag; a truncated file.
python3 - "$archive" "$dir" <<'PY'
import sys
src, out = sys.argv[1:]
data = open(src, "rb").read()
for name, at in (("header", 30), ("body", len(data) // 2), ("tag", len(data) - 1)):
    b = bytearray(data); b[at] ^= 1; open("%s/bad-%s.clasp" % (out, name), "wb").write(b)
open(out + "/bad-truncated.clasp", "wb").write(data[:-1])
PY
for bad in header body tag truncated; do
  out=$(run backup verify "$dir/bad-$bad.clasp" --passphrase-file "$pass")
  [ $? -eq 1 ] || fail "a $bad change must fail verify: $out"
  [ "$(status backup restore "$dir/bad-$bad.clasp" --home "$dir/other" --passphrase-file "$pass")" = 1 ] \
    || fail "restore must refuse a $bad change"
  [ -e "$dir/other" ] && fail "a refused restore ($bad) must write nothing"
done
run backup verify "$dir/bad-tag.clasp" --passphrase-file "$pass" | grep -q "problem auth_failed" \
  || fail "a changed tag is auth_failed"
run backup verify "$dir/bad-truncated.clasp" --passphrase-file "$pass" | grep -q "truncated" \
  || fail "a truncated archive is named so"
[ "$(status backup verify "$dir/missing.clasp" --passphrase-file "$pass")" = 3 ] || fail "an unreadable archive should exit 3"

# --key-separately: the key in its own 0600 file, never over an existing one.
apart=$dir/apart.clasp
keyfile=$dir/apart.key
: > "$dir/taken.key"
[ "$(status backup create "$apart" --home "$home" --passphrase-file "$pass" --key-separately "$dir/taken.key")" = 3 ] \
  || fail "--key-separately must refuse an existing file (exit 3)"
[ -e "$apart" ] && fail "a refused --key-separately must not write the archive"
[ "$(status backup create "$apart" --home "$home" --passphrase-file "$pass" --key-separately "$keyfile")" = 0 ] \
  || fail "create --key-separately should exit 0"
[ "$(stat -c %a "$keyfile")" = 600 ] || fail "the separate key file must be 0600"
cmp -s "$home/instances/default/secrets/master.key" "$keyfile" || fail "the separate key file is not the key"
[ "$(status backup verify "$apart" --passphrase-file "$pass")" = 2 ] || fail "verify without --key-file must exit 2"
grep -q "needs --key-file FILE" "$log" || fail "the refusal should name --key-file"
doc=$(run backup verify "$apart" --passphrase-file "$pass" --key-file "$keyfile" --json)
[ $? -eq 0 ] || fail "verify --key-file should exit 0: $doc"
printf '%s' "$doc" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["ok"] and d["versionsDecrypted"] == 3 and set(d["manifest"]["members"]) == {"store.sqlite3"}, d
' || fail "unexpected verify document for --key-separately: $doc"
[ "$(status backup restore "$apart" --home "$dir/apart-home" --passphrase-file "$pass" --key-file "$keyfile")" = 0 ] \
  || fail "restore --key-file should exit 0"
cmp -s "$keyfile" "$dir/apart-home/instances/default/secrets/master.key" || fail "restore --key-file wrote another key"

# An archive from before the envelope (the bare container Node decrypted).
[ "$(status backup verify "$dir/plain.clasp")" = 2 ] || fail "a plaintext archive must be refused (exit 2)"
grep -q "unencrypted backup from an older clasp" "$log" || fail "the plaintext refusal should say what it is"
out=$(run backup verify "$dir/plain.clasp" --allow-plaintext-archive)
[ $? -eq 0 ] || fail "--allow-plaintext-archive should verify it: $out"
printf '%s\n' "$out" | grep -q "UNENCRYPTED archive" || fail "verify should flag the plaintext archive: $out"
[ "$(status backup restore "$dir/plain.clasp" --home "$dir/plain-home")" = 2 ] || fail "restore must refuse it too"
[ -e "$dir/plain-home" ] && fail "a refused plaintext restore must write nothing"
[ "$(status backup restore "$dir/plain.clasp" --home "$dir/plain-home" --allow-plaintext-archive)" = 0 ] \
  || fail "restore --allow-plaintext-archive should exit 0"

# The passphrase typed on a terminal: echo off, asked twice on create.
python3 - "$clasp" "$home" "$dir/typed.clasp" "$phrase" <<'PY' || fail "the terminal prompt failed"
import os, pty, signal, sys
clasp, home, out, phrase = sys.argv[1:]
signal.alarm(120)  # a prompt that never comes fails the test instead of hanging it
pid, fd = pty.fork()
if pid == 0:
    os.execv(clasp, [clasp, "backup", "create", out, "--home", home])
seen = b""
def expect(word):
    global seen
    while word not in seen:
        seen += os.read(fd, 1024)
expect(b"New backup passphrase: ")
os.write(fd, phrase.encode() + b"\n")
expect(b"Repeat the passphrase: ")
os.write(fd, phrase.encode() + b"\n")
try:
    while True:
        chunk = os.read(fd, 1024)
        if not chunk: break
        seen += chunk
except OSError:
    pass
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, seen
assert phrase.encode() not in seen, "the passphrase was echoed"
assert b"backup written to" in seen, seen
PY
[ "$(status backup verify "$dir/typed.clasp" --passphrase-file "$pass")" = 0 ] || fail "the typed passphrase was not the one used"

for secret in "$v1" "$v2" "$v3" "$key" "$phrase"; do
  grep -qF -- "$secret" "$log" && fail "a value, the key or the passphrase appeared in the output"
done
exit 0
