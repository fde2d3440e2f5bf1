#!/bin/sh
# One master key per store, through the binary (issue 18, "Why"): a store
# written under key A, then PAPERCLIP_SECRETS_MASTER_KEY set to another
# valid key B. `clasp doctor` exits 1 naming both fingerprints, `clasp serve`
# refuses to start, a server started before the store had a key refuses
# POST /secrets once another key owns it, and nothing is ever written under
# B; a key with fewer than 16 distinct bytes is a doctor problem. The
# fingerprints are recomputed here from the documented construction
# (HKDF-SHA256 -> HMAC-SHA256 -> SHA-256, key_check.h).
# usage: key_check.sh CLASP_BINARY sqlite|postgresql
# (postgresql needs CLASP_TEST_DATABASE_URL, else it exits 77: skipped)
. "$(dirname "$0")/smoke_lib.sh"
. "$(dirname "$0")/key_lib.sh"
store=$2
export HOME="$dir/user"
mkdir -p "$HOME"
unset PAPERCLIP_HOME PAPERCLIP_INSTANCE_ID CLASP_HOME

if [ "$store" = postgresql ]; then
  make_pg_database
  set -- --database-url "$db_url"
  versions() { psql "$db_url" -Atq -c "SELECT count(*) FROM company_secret_versions"; }
else
  set -- --home "$dir/home"
  versions() {
    python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM company_secret_versions").fetchone()[0])' \
      "$dir/home/instances/default/db/clasp.sqlite3"
  }
fi

key_a=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
key_b=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
fp_a=$(fingerprint "$key_a")
fp_b=$(fingerprint "$key_b")

# post URL PATH JSON: prints "STATUS BODY".
post() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys, urllib.error, urllib.request
req = urllib.request.Request(sys.argv[1] + "/api" + sys.argv[2], sys.argv[3].encode(), method="POST",
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req) as r: print(r.status, r.read().decode())
except urllib.error.HTTPError as e: print(e.code, e.read().decode())
PY
}
id_of() { python3 -c 'import json, sys; print(json.loads(sys.argv[1].split(" ", 1)[1])["id"])' "$1"; }

# A server that started while the store held nothing yet, under key B.
PAPERCLIP_SECRETS_MASTER_KEY=$key_b "$clasp" serve --port 0 "$@" > "$dir/serve.b.out" 2> "$dir/serve.b.err" &
server2=$!
url_b=$(wait_listening "$dir/serve.b.out")
[ -n "$url_b" ] || fail "clasp serve on an empty store did not start: $(cat "$dir/serve.b.err")"

# The store's first secret, under key A.
PAPERCLIP_SECRETS_MASTER_KEY=$key_a "$clasp" serve --port 0 "$@" > "$dir/serve.a.out" 2> "$dir/serve.a.err" &
server=$!
url_a=$(wait_listening "$dir/serve.a.out")
[ -n "$url_a" ] || fail "clasp serve under key A did not start: $(cat "$dir/serve.a.err")"
company=$(id_of "$(post "$url_a" /companies '{"name":"Acme"}')")
answer=$(post "$url_a" "/companies/$company/secrets" '{"name":"OpenAI","value":"sk-keycheck-A"}')
case $answer in 201*) ;; *) fail "POST /secrets under key A: $answer" ;; esac
[ "$(versions)" = 1 ] || fail "one version expected under key A"
stop_serve

# The server under key B is refused every encrypting request now.
answer=$(post "$url_b" "/companies/$company/secrets" '{"name":"Second","value":"sk-keycheck-B"}')
case $answer in 500*"Master key mismatch"*) ;; *) fail "POST /secrets under key B should be refused: $answer" ;; esac
case $answer in *"$fp_a"*"$fp_b"*) ;; *) fail "the refusal should name both fingerprints: $answer" ;; esac
kill "$server2"; wait "$server2" 2>/dev/null; server2=
[ "$(versions)" = 1 ] || fail "a version was written under key B"

# doctor: ok under A; exit 1 naming both fingerprints under B.
PAPERCLIP_SECRETS_MASTER_KEY=$key_a "$clasp" doctor "$@" > "$dir/doctor.a" 2>&1
[ $? -eq 0 ] || fail "doctor under key A should exit 0: $(cat "$dir/doctor.a")"
grep -q "^ok    store_key .*fingerprint $fp_a: the store's key" "$dir/doctor.a" || fail "doctor under A: $(cat "$dir/doctor.a")"
PAPERCLIP_SECRETS_MASTER_KEY=$key_b "$clasp" doctor "$@" > "$dir/doctor.b" 2>&1
[ $? -eq 1 ] || fail "doctor under key B should exit 1: $(cat "$dir/doctor.b")"
grep -q "^error store_key .*$fp_a.*$fp_b" "$dir/doctor.b" || fail "doctor under B should name both: $(cat "$dir/doctor.b")"
grep -qF "$key_b" "$dir/doctor.b" && fail "doctor printed the key"

# serve under B refuses to start.
PAPERCLIP_SECRETS_MASTER_KEY=$key_b "$clasp" serve --port 0 "$@" > "$dir/serve.b2.out" 2> "$dir/serve.b2.err"
[ $? -eq 3 ] || fail "serve under key B should exit 3"
grep -q "Master key mismatch.*$fp_a.*$fp_b" "$dir/serve.b2.err" || fail "serve's refusal: $(cat "$dir/serve.b2.err")"
grep -q "listening on" "$dir/serve.b2.out" && fail "serve under key B listened"
[ "$(versions)" = 1 ] || fail "a version was written under key B"

# A key that is not random is a doctor problem even where it matches nothing yet.
weak=$(python3 -c 'print("ab" * 32)')
PAPERCLIP_SECRETS_MASTER_KEY=$weak "$clasp" doctor --home "$dir/fresh" > "$dir/doctor.weak" 2>&1
[ $? -eq 1 ] || fail "doctor with a uniform key should exit 1"
grep -q "^error master_key .*fewer than 16 distinct bytes" "$dir/doctor.weak" || fail "weak key: $(cat "$dir/doctor.weak")"
echo "ok: key check ($store)"
