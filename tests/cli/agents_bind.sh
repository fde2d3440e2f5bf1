#!/usr/bin/env bash
# `clasp agents list|show`, `clasp bind` / `clasp unbind` and names for ids
# (run-env --agent NAME, secrets delete NAME) through the binary, on SQLite
# or PostgreSQL: a bind writes the env ref, its binding row and one
# activity row in one go, exactly what PATCH /agents/:id would (the run gets
# the value); rebinding the same is a no-op; unbind removes ref and row; a
# project binds the same way; names that match nothing or two rows are usage
# errors (exit 2) that write nothing; a write the env's rules refuse exits 1;
# no command prints a value.
# usage: agents_bind.sh CLASP_BINARY sqlite|postgresql
# (postgresql needs CLASP_TEST_DATABASE_URL, else it exits 77: skipped)
. "$(dirname "$0")/smoke_lib.sh"
. "$(dirname "$0")/key_lib.sh"
export HOME="$dir/user"
mkdir -p "$HOME"
unset CLASP_HOME PAPERCLIP_HOME PAPERCLIP_INSTANCE_ID
export PAPERCLIP_SECRETS_MASTER_KEY
PAPERCLIP_SECRETS_MASTER_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
one=sk-bind-one-VALUE-71c2 two=sk-bind-two-VALUE-4e9a

store=$2
if [ "$store" = postgresql ]; then
  make_pg_database
  set -- --database-url "$db_url"
  sql() { psql "$db_url" -Atq -c "$1"; }
else
  set -- --home "$dir/home"
  sql() { python3 -c 'import sqlite3, sys; print("\n".join("|".join(map(str, r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' \
    "$dir/home/instances/default/db/clasp.sqlite3" "$1"; }
fi
run() { "$clasp" "$@" > "$dir/out" 2> "$dir/err"; rc=$?; }
expect() { [ "$rc" = "$1" ] || fail "clasp $2: exit $rc, not $1: $(cat "$dir/out" "$dir/err")"; }
no_value() { ! grep -q -e "$one" -e "$two" "$dir/out" "$dir/err" || fail "a value was printed by $1"; }

"$clasp" serve --port 0 "$@" > "$dir/serve.out" 2> "$dir/serve.err" &
server=$!
url=$(wait_listening "$dir/serve.out")
[ -n "$url" ] || fail "serve did not start: $(cat "$dir/serve.err")"
api_python "$one" "$two" <<'PY' || fail "seeding failed"
one, two = sys.argv[1:3]
company = call("POST", "/companies", {"name": "Acme"})
call("POST", "/companies/%s/secrets" % company["id"], {"name": "openai", "value": one})
call("POST", "/companies/%s/secrets" % company["id"], {"name": "github", "value": two})
call("POST", "/companies/%s/agents" % company["id"], {"name": "Coder", "adapterConfig": {"env": {"MODE": "fast"}}})
call("POST", "/companies/%s/agents" % company["id"], {"name": "Twin", "adapterConfig": {}})
call("POST", "/companies/%s/agents" % company["id"], {"name": "Twin", "adapterConfig": {}})
call("POST", "/companies/%s/projects" % company["id"], {"name": "Website"})
PY
stop_serve

run agents list "$@"; expect 0 "agents list"
grep -q "^Coder	[0-9a-f-]*	idle	process	1 env key, 0 secret refs$" "$dir/out" || fail "agents list: $(cat "$dir/out")"
grep -qx "3 agents in Acme" "$dir/out" || fail "agents list count: $(cat "$dir/out")"
run agents show Twin "$@"; expect 2 "agents show of an ambiguous name"
grep -q "Twin names 2 agents: give the id" "$dir/err" || fail "ambiguous name: $(cat "$dir/err")"
run agents show Nobody "$@"; expect 2 "agents show Nobody"

activity() { sql "SELECT count(*) FROM activity_log WHERE action = 'agent.updated'"; }
before=$(activity)
run bind --agent Coder OPENAI_API_KEY openai "$@"; expect 0 "bind"
grep -q "^bound agent Coder ([0-9a-f-]*) env OPENAI_API_KEY -> secret openai ([0-9a-f-]*) latest$" "$dir/out" ||
  fail "bind output: $(cat "$dir/out")"
grep -q "binding insert env.OPENAI_API_KEY" "$dir/out" || fail "bind should insert the row: $(cat "$dir/out")"
[ "$(activity)" = $((before + 1)) ] || fail "bind should write one activity row"
[ "$(sql "SELECT count(*) FROM company_secret_bindings WHERE config_path = 'env.OPENAI_API_KEY'")" = 1 ] ||
  fail "bind wrote no binding row"
run bind --agent Coder OPENAI_API_KEY openai@latest "$@"; expect 0 "bind again"
grep -q "^nothing to do" "$dir/out" || fail "a repeated bind: $(cat "$dir/out")"
[ "$(activity)" = $((before + 1)) ] || fail "a no-op bind wrote an activity row"
run bind --agent Coder GITHUB_TOKEN github@1 "$@" --json; expect 0 "bind --json, pinned"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changed"] and d["version"] == 1 and d["secretName"] == "github", d' \
  "$dir/out" || fail "bind --json: $(cat "$dir/out")"
run bind --agent Coder X github@0 "$@"; expect 2 "bind with version 0"
run bind --agent Coder X nosuch "$@"; expect 2 "bind of a missing secret"
run bind --agent Coder "bad key" openai "$@"; expect 2 "bind of an invalid key"
run bind KEY openai "$@"; expect 2 "bind without --agent"

run agents show Coder "$@"; expect 0 "agents show"
grep -q "^  OPENAI_API_KEY	secret openai ([0-9a-f-]*) latest$" "$dir/out" || fail "agents show: $(cat "$dir/out")"
grep -q "^  GITHUB_TOKEN	secret github ([0-9a-f-]*) 1$" "$dir/out" || fail "agents show pinned: $(cat "$dir/out")"
grep -q "^  MODE	plain$" "$dir/out" || fail "agents show plain: $(cat "$dir/out")"
grep -qx "3 env keys, 2 secret refs, 2 binding rows" "$dir/out" || fail "agents show counts: $(cat "$dir/out")"
! grep -q fast "$dir/out" || fail "agents show printed a plain value"

# The run gets what was bound, by the agent's name.
run run-env --agent Coder "$@" --no-mask --exec -- sh -c 'printf "%s %s" "$OPENAI_API_KEY" "$GITHUB_TOKEN"'
expect 0 "run-env --agent NAME --exec"
[ "$(cat "$dir/out")" = "$one $two" ] || fail "the run did not get the bound values"
run run-env --agent Coder "$@"; expect 0 "run-env --agent NAME"
no_value "run-env"

run unbind --agent Coder GITHUB_TOKEN "$@"; expect 0 "unbind"
grep -q "binding delete env.GITHUB_TOKEN" "$dir/out" || fail "unbind should delete the row: $(cat "$dir/out")"
[ "$(sql "SELECT count(*) FROM company_secret_bindings WHERE config_path = 'env.GITHUB_TOKEN'")" = 0 ] ||
  fail "unbind left the binding row"
run unbind --agent Coder MODE "$@"; expect 1 "unbind of a plain value (refused)"
grep -q "is not a secret reference" "$dir/err" || fail "unbind plain: $(cat "$dir/err")"
run unbind --agent Coder NOPE "$@"; expect 1 "unbind of a missing key (refused)"
grep -q "has no env key NOPE" "$dir/err" || fail "unbind NOPE: $(cat "$dir/err")"

run bind --project Website DEPLOY_TOKEN github "$@"; expect 0 "bind --project"
[ "$(sql "SELECT count(*) FROM company_secret_bindings WHERE target_type = 'project' AND config_path = 'env.DEPLOY_TOKEN'")" = 1 ] ||
  fail "bind --project wrote no row"
[ "$(sql "SELECT count(*) FROM activity_log WHERE action = 'project.updated'")" = 1 ] || fail "no project activity row"
run run-env --agent Coder --project Website "$@" --no-mask --exec -- sh -c 'printf %s "$DEPLOY_TOKEN"'
expect 0 "run-env --project NAME"
[ "$(cat "$dir/out")" = "$two" ] || fail "the project's ref did not reach the run"

# secrets usage / delete by name.
run secrets usage github "$@"; expect 0 "secrets usage NAME"
grep -q "^project	Website	" "$dir/out" || fail "usage by name: $(cat "$dir/out")"
run secrets delete github "$@"; expect 1 "secrets delete of a secret in use"
run unbind --project Website DEPLOY_TOKEN "$@"; expect 0 "unbind --project"
run secrets delete github "$@"; expect 0 "secrets delete NAME"
grep -q "^deleted secret github" "$dir/out" || fail "delete by name: $(cat "$dir/out")"
run secrets delete github "$@"; expect 2 "deleting it again"
no_value "the commands"
echo "agents and bind ($store): ok"
