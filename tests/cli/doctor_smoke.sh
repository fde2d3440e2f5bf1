#!/bin/sh
# `clasp doctor` through the binary on a throwaway home: a fresh home is
# healthy with warnings (exit 0) and stays empty, --json is one document,
# a group-readable key file warns, an invalid key is an error (exit 1), an
# unreachable database exits 3, a bad flag 2, --help exits 0.
# usage: doctor_smoke.sh CLASP_BINARY
set -u
clasp=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
unset DATABASE_URL PAPERCLIP_SECRETS_MASTER_KEY PAPERCLIP_SECRETS_MASTER_KEY_FILE PAPERCLIP_DEPLOYMENT_MODE \
  PAPERCLIP_SECRETS_STRICT_MODE CLASP_INSTANCE_ID
home=$dir/home

"$clasp" doctor --help >/dev/null || fail "doctor --help should exit 0"

out=$("$clasp" doctor --home "$home")
[ $? -eq 0 ] || fail "a fresh home should exit 0: $out"
printf '%s\n' "$out" | grep -q "^warn  master_key      Secrets key file does not exist yet: $home/instances/default/secrets/master.key$" \
  || fail "missing-key warning line: $out"
[ -e "$home" ] && fail "doctor must not create the home directory"

out=$("$clasp" doctor --home "$home" --deployment-mode authenticated --json)
[ $? -eq 0 ] || fail "--json on a fresh home should exit 0"
printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
names = [c["name"] for c in doc["checks"]]
assert doc["ok"] is True, doc
assert names == ["master_key", "strict_mode", "storage", "store_key", "provider_vaults", "bindings", "backup", "agent_keys", "file_custody"], names
strict = doc["checks"][1]
assert strict["status"] == "ok" and strict["details"]["strictMode"] is True, strict
' || fail "unexpected --json document: $out"

out=$(PAPERCLIP_SECRETS_STRICT_MODE=false "$clasp" doctor --home "$home" --deployment-mode authenticated)
[ $? -eq 0 ] || fail "strict off is a warning, not an error"
printf '%s\n' "$out" | grep -q "^warn  strict_mode     Strict secret mode should be enabled for authenticated deployments$" \
  || fail "strict-off warning line: $out"

key=$home/instances/default/secrets/master.key
mkdir -p "$(dirname "$key")"
printf 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' > "$key"  # 32 distinct bytes
chmod 644 "$key"
out=$("$clasp" doctor --home "$home")
[ $? -eq 0 ] || fail "a 0644 key file is a warning"
printf '%s\n' "$out" | grep -q "Secrets key file permissions are 644; run chmod 600 $key" || fail "mode warning: $out"
[ "$(stat -c %a "$key")" = 644 ] || fail "doctor must not chmod the key file"

PAPERCLIP_SECRETS_MASTER_KEY=short "$clasp" doctor --home "$home" >/dev/null
[ $? -eq 1 ] || fail "an invalid env key should exit 1"

"$clasp" doctor --home "$home" --database-url "postgresql://clasp@127.0.0.1:1/none?connect_timeout=2" >/dev/null 2>&1
[ $? -eq 3 ] || fail "an unreachable database should exit 3"
"$clasp" doctor --no-such-flag >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown flag should exit 2"
"$clasp" doctor --deployment-mode public >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown deployment mode should exit 2"
exit 0
