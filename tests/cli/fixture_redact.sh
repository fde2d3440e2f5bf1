#!/bin/sh
# `clasp redact` on the full Paperclip 2026.916.1 fixture with its own key
# (issue 22): every value in the database, decrypted here by Node's crypto
# as Paperclip decrypts, is written into a transcript in each form the
# masker knows (raw, base64 and base64url at three alignments, URL-encoded,
# JSON-escaped, hex), after the fixture's own run transcripts and events.
# For each target the fixture has:
# - every version of every secret its env references is masked, whatever
#   it is now (Gamma's disabled legacy-deploy-key, github-token's rotated
#   version 1, Beta's pinned refs), and nothing else: values of secrets it
#   does not reference, the other company's, the user secret's and the
#   pending proposal's stay, and the fixture's own text comes back byte for
#   byte;
# - the report counts each secret's occurrences, and names Beta's
#   user_secret_ref as not masked; one access event per version read;
# - no value reaches stderr or the report.
# usage: fixture_redact.sh CLASP_BINARY FIXTURES_DIR
# (exits 77, skipped, without CLASP_TEST_DATABASE_URL or the fixtures)
. "$(dirname "$0")/smoke_lib.sh"
. "$(dirname "$0")/key_lib.sh"
fixtures=$2/paperclip-2026.916.1-full
[ -f "$fixtures-schema.sql" ] || { echo "skipped: no fixtures at $2"; exit 77; }
make_pg_database
export HOME="$dir/user" PAPERCLIP_HOME="$dir/paperclip"
unset PAPERCLIP_INSTANCE_ID CLASP_HOME PAPERCLIP_SECRETS_MASTER_KEY
mkdir -p "$HOME" "$PAPERCLIP_HOME/instances/default/secrets"
key_file=$PAPERCLIP_HOME/instances/default/secrets/master.key
cp "$fixtures.master.key" "$key_file" && chmod 600 "$key_file"
for part in schema data; do
  psql "$db_url" -q -v ON_ERROR_STOP=1 -f "$fixtures-$part.sql" > /dev/null || fail "loading $part"
done

# Every material: secret versions (with their secret's key) and the proposal.
psql "$db_url" -Atq -c "SELECT json_build_object('material', v.material, 'sha', v.value_sha256,
    'name', s.key || '@' || v.version, 'id', s.id, 'version', v.version)
  FROM company_secret_versions v JOIN company_secrets s ON s.id = v.secret_id WHERE s.provider = 'local_encrypted'
  UNION ALL SELECT json_build_object('material', value_ciphertext, 'sha', value_fingerprint_sha256,
    'name', 'proposal', 'id', null, 'version', null)
  FROM company_secret_proposals WHERE value_ciphertext IS NOT NULL" > "$dir/materials" || fail "reading materials"
(umask 077; decrypt_materials "$key_file" "$dir/materials" > "$dir/values.json") ||
  fail "decrypting with Paperclip's key"
[ "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$dir/values.json")" = 8 ] ||
  fail "expected the fixture's 8 materials"

# The fixture's own text: the runs' excerpts and every run event, as stored.
psql "$db_url" -Atq -c "SELECT coalesce(stdout_excerpt, '') || coalesce(stderr_excerpt, '') || coalesce(error, '')
  FROM heartbeat_runs ORDER BY created_at" > "$dir/fixture.txt" || fail "reading runs"
psql "$db_url" -Atq -c "SELECT row_to_json(e) FROM heartbeat_run_events e ORDER BY id" >> "$dir/fixture.txt" ||
  fail "reading run events"
[ "$(wc -l < "$dir/fixture.txt")" -ge 11 ] || fail "the fixture's run events are missing"

python3 - "$dir/values.json" "$dir/fixture.txt" "$dir/transcript" <<'PY' || fail "writing the transcript"
import base64, json, sys, urllib.parse
values = json.load(open(sys.argv[1]))
own = open(sys.argv[2], "rb").read()
lines = []
for v in values:
    raw = v["value"].encode()
    forms = [raw, urllib.parse.quote(v["value"], safe="").encode(), json.dumps(v["value"])[1:-1].encode(), raw.hex().encode()]
    for prefix in (b"", b"u:", b"us:"):
        forms.append(base64.b64encode(prefix + raw))
        forms.append(base64.urlsafe_b64encode(prefix + raw).rstrip(b"="))
    lines += [b"%s form %d: <%s>" % (v["name"].encode(), i, f) for i, f in enumerate(forms)]
open(sys.argv[3], "wb").write(own + b"\n".join(lines) + b"\n")
PY

events_before=$(psql "$db_url" -Atq -c "SELECT count(*) FROM secret_access_events WHERE actor_id = 'cli'")
# redact TARGET_ARGS -- EXPECTED_MASKED...: the report and the output checked
# against the values this test decrypted itself.
redact() {
  name=$1; shift
  "$clasp" redact --database-url "$db_url" --report --json "$@" "$dir/transcript" > "$dir/$name.out" 2> "$dir/$name.err"
  echo $? > "$dir/$name.code"
}
check() {
  python3 - "$dir" "$@" <<'PY' || fail "redact $1: $(head -c 2000 "$dir/$1.err")"
import json, sys
d, name, expected_unmasked = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
masked = set(sys.argv[4:])  # "secret-key@version"
values = json.load(open(d + "/values.json"))
code = int(open("%s/%s.code" % (d, name)).read())
out = open("%s/%s.out" % (d, name), "rb").read()
err = open("%s/%s.err" % (d, name), "rb").read()
own = open(d + "/fixture.txt", "rb").read()
transcript = open(d + "/transcript", "rb").read()
assert code == 1, "exit %d: some value occurred" % code
assert out.startswith(own), "the fixture's own text did not come back byte for byte"
report = json.loads(err)
for v in values:
    raw = v["value"].encode()
    if v["name"] in masked:
        assert raw not in out, "%s survived" % v["name"]
        assert raw[4:-4] not in out, "part of %s survived" % v["name"]
    else:
        assert transcript.count(raw) == out.count(raw), "%s was masked but is not referenced" % v["name"]
    assert raw not in err and raw[4:-4] not in err, "a value reached the report"
    for line in out.split(b"\n"):
        if line.startswith(v["name"].encode() + b" form"):
            assert (b"***" in line) == (v["name"] in masked), line.decode()
# Ten form lines per masked value, counted per secret: github-token's two
# versions differ in their last byte only, so their base64 forms share the
# core the masker matches and may be counted under either version.
by_id = {v["id"]: v["name"].split("@")[0] for v in values if v["id"]}
got = {}
for o in report["occurrences"]:
    got[by_id[o["secretId"]]] = got.get(by_id[o["secretId"]], 0) + o["count"]
want = {}
for m in masked:
    want[m.split("@")[0]] = want.get(m.split("@")[0], 0) + 10
assert got == want, (got, want)
assert [(u["envKey"], u["reason"]) for u in report["unmasked"]] == [tuple(u) for u in expected_unmasked], report["unmasked"]
PY
}
alpha=5e321076-132e-4372-ad82-6ab7dc8f55dc beta=f68b2691-743b-44ff-9dc9-2e0ff3c820a9
gamma=158eb73e-c623-49b8-8ddb-2f894ed99210 delta=30c19a85-d6a8-4b10-9d0c-baab6f91992c
project=d1e148c1-e088-4a2d-b46f-69aea1080ba8
redact alpha --agent "$alpha"
check alpha '[]' openai-api-key@1 github-token@1 github-token@2 anthropic-api-key@1
redact beta --agent "$beta"
check beta '[["USER_GH_TOKEN", "user secret \"personal-github-token\": clasp keeps no user secrets"]]' \
  anthropic-api-key@1 openai-api-key@1 github-token@1 github-token@2
redact gamma --agent "$gamma"
check gamma '[]' legacy-deploy-key@1 github-token@1 github-token@2
redact alpha_project --agent "$alpha" --project "$project"
check alpha_project '[]' openai-api-key@1 github-token@1 github-token@2 anthropic-api-key@1 legacy-deploy-key@1
redact delta --agent "$delta"
check delta '[]' stripe-api-key@1

# One access event per version read, by actor cli, with nothing else in it.
events_after=$(psql "$db_url" -Atq -c "SELECT count(*) FROM secret_access_events WHERE actor_id = 'cli'
  AND actor_type = 'system' AND outcome = 'success' AND error_code IS NULL")
[ $((events_after - events_before)) -eq $((4 + 4 + 3 + 5 + 1)) ] ||
  fail "expected 17 access events by cli, got $((events_after - events_before))"

# The fixture's own text alone holds no value: exit 0, byte for byte.
"$clasp" redact --database-url "$db_url" --agent "$alpha" "$dir/fixture.txt" > "$dir/own.out" 2>/dev/null
[ $? -eq 0 ] || fail "the fixture's transcripts hold no value: redact should exit 0"
cmp -s "$dir/fixture.txt" "$dir/own.out" || fail "the fixture's transcripts did not come back byte for byte"
echo "ok: redact on the full Paperclip fixture's values"
