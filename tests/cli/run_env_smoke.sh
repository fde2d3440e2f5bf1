#!/bin/sh
# `clasp run-env` through the binary, on a store seeded by `clasp serve`: the
# check prints a manifest and no value; --exec hands the command exactly the
# run env (secret resolved, one access event) while no byte of a value
# reaches clasp's stdout or stderr; a project overriding an agent secret
# needs no binding for the agent's ref; with binding rows deleted the run is
# refused with the exact missing list, the command never starts and no
# access event is written. Usage mistakes exit 2, --help exits 0.
# usage: run_env_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
db=$home/instances/default/db/clasp.sqlite3
value=sk-runenv-VALUE-5f31c
project_value=sk-project-VALUE-a9e07

# Every byte clasp itself wrote, checked for both values.
no_value() {
  for f in "$@"; do
    if grep -qF -e "$value" -e "$project_value" "$f"; then fail "a secret value reached $f"; fi
  done
}
events() {
  python3 - "$db" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT consumer_type, actor_type, config_path, outcome FROM secret_access_events ORDER BY rowid").fetchall()
print(";".join("|".join(r) for r in rows))
PY
}

"$clasp" run-env --help >/dev/null || fail "run-env --help should exit 0"
"$clasp" run-env >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing --agent should exit 2"
"$clasp" run-env --agent x --exec >/dev/null 2>&1
[ $? -eq 2 ] || fail "--exec without a command should exit 2"
"$clasp" run-env --agent x -- true >/dev/null 2>&1
[ $? -eq 2 ] || fail "a command without --exec should exit 2"
"$clasp" run-env --agent x --home "$home" >/dev/null 2>&1
[ $? -eq 3 ] || fail "a missing store should exit 3"
[ -e "$home" ] && fail "run-env must not create the store"

start_serve "$home"
ids=$(python3 - "$url" "$value" "$project_value" <<'PY'
import json, sys, urllib.request
url, value, project_value = sys.argv[1:4]
def call(method, path, body):
    req = urllib.request.Request(url + "/api" + path, json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
company = call("POST", "/companies", {"name": "Acme"})["id"]
secret = call("POST", "/companies/%s/secrets" % company, {"name": "OpenAI", "value": value})["id"]
other = call("POST", "/companies/%s/secrets" % company, {"name": "Project key", "value": project_value})["id"]
ref = lambda s: {"type": "secret_ref", "secretId": s, "version": "latest"}
agent = call("POST", "/companies/%s/agents" % company,
             {"name": "Coder", "adapterConfig": {"env": {"OPENAI_API_KEY": ref(secret), "MODE": "fast"}}})["id"]
project = call("POST", "/companies/%s/projects" % company,
               {"name": "Site", "env": {"OPENAI_API_KEY": ref(other), "REGION": "eu"}})["id"]
nul = call("POST", "/companies/%s/secrets" % company, {"name": "Nul", "value": "a\u0000b"})["id"]
nul_agent = call("POST", "/companies/%s/agents" % company,
                 {"name": "Nul", "adapterConfig": {"env": {"NUL_KEY": ref(nul)}}})["id"]
print(company, secret, other, agent, project, nul_agent)
PY
) || fail "seeding through clasp serve failed"
stop_serve
set -- $ids
company=$1 secret=$2 other=$3 agent=$4 project=$5 nul_agent=$6

# The check: keys and a pending manifest, nothing decrypted.
"$clasp" run-env --agent "$agent" --home "$home" --json > "$dir/check.out" 2> "$dir/check.err"
[ $? -eq 0 ] || fail "the check should exit 0: $(cat "$dir/check.out" "$dir/check.err")"
no_value "$dir/check.out" "$dir/check.err"
grep -q '"fast"' "$dir/check.out" && fail "the check printed a plain value"
python3 - "$dir/check.out" "$agent" "$secret" <<'PY' || fail "unexpected check document: $(cat "$dir/check.out")"
import json, sys
doc = json.load(open(sys.argv[1]))
agent, secret = sys.argv[2:4]
assert doc["ok"] is True and doc["missingBindings"] == [], doc
assert [(e["key"], e["source"], e["layer"]) for e in doc["env"]] == [
    ("OPENAI_API_KEY", "secret", "agent"), ("MODE", "plain", "agent"), ("PAPERCLIP_AGENT_ID", "plain", "runtime"),
    ("PAPERCLIP_AGENT_NAME", "plain", "runtime"), ("PAPERCLIP_COMPANY_ID", "plain", "runtime")], doc["env"]
[m] = doc["manifest"]
assert (m["configPath"], m["envKey"], m["secretId"], m["version"], m["provider"], m["outcome"]) == (
    "env.OPENAI_API_KEY", "OPENAI_API_KEY", secret, 1, "local_encrypted", "pending"), m
assert m["bindingId"], m
PY
"$clasp" run-env --agent "$agent" --home "$home" > "$dir/check.txt" 2>&1 || fail "the text check should exit 0"
no_value "$dir/check.txt"
[ -z "$(events)" ] || fail "the check wrote access events: $(events)"

# --exec: exactly the run env, the value only in the command's environment.
"$clasp" run-env --agent "$agent" --home "$home" --exec -- sh -c \
  'test "$OPENAI_API_KEY" = "$1" && test "$MODE" = fast && env > "$2"' sh "$value" "$dir/env.txt" \
  > "$dir/exec.out" 2> "$dir/exec.err"
[ $? -eq 0 ] || fail "--exec should run the command with the secret: $(cat "$dir/exec.err")"
no_value "$dir/exec.out" "$dir/exec.err"
[ -s "$dir/exec.out" ] && fail "clasp printed on a successful --exec: $(cat "$dir/exec.out")"
grep -qx "OPENAI_API_KEY=$value" "$dir/env.txt" || fail "the command did not see the secret"
grep -qx "PAPERCLIP_AGENT_ID=$agent" "$dir/env.txt" || fail "PAPERCLIP_AGENT_ID missing"
grep -qx "PAPERCLIP_COMPANY_ID=$company" "$dir/env.txt" || fail "PAPERCLIP_COMPANY_ID missing"
keys=$(sed 's/=.*//' "$dir/env.txt" | grep -v '^PWD$' | sort | tr '\n' ' ')
[ "$keys" = "MODE OPENAI_API_KEY PAPERCLIP_AGENT_ID PAPERCLIP_AGENT_NAME PAPERCLIP_COMPANY_ID " ] ||
  fail "the command's env is not exactly the run env: $keys"
[ "$(events)" = "agent|agent|env.OPENAI_API_KEY|success" ] || fail "expected one access event: $(events)"
# --inherit-env: clasp's own environment underneath, less its credentials
# (Paperclip's sanitizeInheritedPaperclipEnv, plus CLASP_*, DATABASE_URL,
# PGPASSWORD), compared byte for byte (NUL-separated, sorted). DATABASE_URL
# would point clasp itself at PostgreSQL; run_env_test covers it. --no-mask:
# the value itself must be seen (mask_smoke.sh covers masking).
master_key=$(cat "$home/instances/default/secrets/master.key") || fail "no master key file under $home"
env -i PATH="$PATH" HOME="$dir" LANG=C.UTF-8 MODE=inherited PAPERCLIP_RUNTIME_API_URL=http://127.0.0.1:3100 \
  PAPERCLIP_LISTEN_HOST=127.0.0.1 PAPERCLIP_LISTEN_PORT=3100 PAPERCLIP_SECRETS_MASTER_KEY="$master_key" \
  PAPERCLIP_API_KEY=launcher-run-token PAPERCLIPAI_CMD=paperclipai CLASP_BOARD_TOKEN=board-token-0123456789 \
  PGPASSWORD=pg-password \
  "$clasp" run-env --agent "$agent" --home "$home" --inherit-env --no-mask --exec -- env -0 > "$dir/inherit.env" ||
  fail "--inherit-env --exec should run the command"
python3 - "$dir/inherit.env" "$PATH" "$dir" "$value" "$agent" "$company" <<'PY' || fail "--inherit-env passed the wrong environment"
import sys
got, path, home, value, agent, company = sys.argv[1:7]
got = sorted(open(got, "rb").read().split(b"\0")[:-1])
want = sorted(e.encode() for e in [
    "PATH=" + path, "HOME=" + home, "LANG=C.UTF-8", "MODE=fast", "OPENAI_API_KEY=" + value,
    "PAPERCLIP_AGENT_ID=" + agent, "PAPERCLIP_AGENT_NAME=Coder", "PAPERCLIP_COMPANY_ID=" + company,
    "PAPERCLIP_RUNTIME_API_URL=http://127.0.0.1:3100", "PAPERCLIP_LISTEN_HOST=127.0.0.1", "PAPERCLIP_LISTEN_PORT=3100"])
if got != want:
    names = lambda es: sorted(e.split(b"=")[0].decode() for e in es)
    sys.exit("got %s, want %s" % (names(got), names(want)))
PY
two="agent|agent|env.OPENAI_API_KEY|success;agent|agent|env.OPENAI_API_KEY|success"

# The project's ref overrides the agent's: the agent's row is not needed.
python3 - "$db" "$agent" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM company_secret_bindings WHERE target_id = ?", (sys.argv[2],))
db.commit()
PY
"$clasp" run-env --agent "$agent" --project "$project" --home "$home" --exec -- sh -c \
  'test "$OPENAI_API_KEY" = "$1" && test "$REGION" = eu && test "$PAPERCLIP_PROJECT_ID" = "$2"' \
  sh "$project_value" "$project" > "$dir/project.out" 2> "$dir/project.err"
[ $? -eq 0 ] || fail "the project's secret should win: $(cat "$dir/project.err")"
no_value "$dir/project.out" "$dir/project.err"
[ "$(events)" = "$two;project|agent|env.OPENAI_API_KEY|success" ] ||
  fail "expected the project's access event only: $(events)"

# Refusal: the agent alone now has an unbound ref; the project's row goes too.
"$clasp" run-env --agent "$agent" --home "$home" --exec -- sh -c 'touch "$1"' sh "$dir/ran" \
  > "$dir/refused.out" 2> "$dir/refused.err"
[ $? -eq 1 ] || fail "a missing binding should exit 1: $(cat "$dir/refused.err")"
[ -e "$dir/ran" ] && fail "the command ran although a binding was missing"
no_value "$dir/refused.out" "$dir/refused.err"
expected="clasp run-env: run refused for agent $agent
clasp run-env: configuration incomplete: secret \"OpenAI\" not bound at agent env.OPENAI_API_KEY
  binding_missing /agent/OPENAI_API_KEY: Secret is not bound to agent:$agent at env.OPENAI_API_KEY"
[ "$(cat "$dir/refused.err")" = "$expected" ] || fail "unexpected refusal: $(cat "$dir/refused.err")"
python3 - "$db" "$project" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM company_secret_bindings WHERE target_id = ?", (sys.argv[2],))
db.commit()
PY
"$clasp" run-env --agent "$agent" --project "$project" --home "$home" --json > "$dir/missing.json" 2> "$dir/missing.err"
[ $? -eq 1 ] || fail "the check should exit 1 with a missing binding"
no_value "$dir/missing.json" "$dir/missing.err"
python3 - "$dir/missing.json" "$project" "$other" <<'PY' || fail "unexpected missing list: $(cat "$dir/missing.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
project, other = sys.argv[2:4]
assert doc["ok"] is False, doc
assert [(m["consumerType"], m["consumerId"], m["configPath"], m["envKey"], m["secretId"], m["secretName"], m["code"],
         m["path"], m["message"]) for m in doc["missingBindings"]] == [
    ("project", project, "env.OPENAI_API_KEY", "OPENAI_API_KEY", other, "Project key", "binding_missing",
     "/project/OPENAI_API_KEY", "Secret is not bound to project:%s at env.OPENAI_API_KEY" % project)], doc
PY
out=$("$clasp" run-env --agent "$agent" --project "$project" --home "$home")
[ $? -eq 1 ] || fail "the text check should exit 1 with a missing binding"
printf '%s\n' "$out" | grep -qx "configuration incomplete: secret \"Project key\" not bound at project env.OPENAI_API_KEY" ||
  fail "the text check should list the missing binding: $out"
[ "$(events)" = "$two;project|agent|env.OPENAI_API_KEY|success" ] ||
  fail "a refused run wrote access events: $(events)"
# A value no environment can carry is refused, by key, before the exec.
err=$("$clasp" run-env --agent "$nul_agent" --home "$home" --exec -- sh -c 'touch "$1"' sh "$dir/ran" 2>&1 >/dev/null)
[ $? -eq 1 ] || fail "a NUL byte in a value should exit 1"
[ "$err" = "clasp run-env: the value of NUL_KEY holds a NUL byte and cannot be passed in an environment" ] ||
  fail "unexpected NUL refusal: $err"
[ -e "$dir/ran" ] && fail "the command ran with a NUL value"
"$clasp" run-env --agent 00000000-0000-4000-8000-000000000000 --home "$home" >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown agent should exit 2"
exit 0
