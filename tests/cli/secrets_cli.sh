#!/usr/bin/env bash
# `clasp secrets list|show|create|rotate` through the binary: names, keys and
# ids all find a secret; a value comes from a file or stdin, never an argument;
# the value written is the one a run gets; no command prints a value.
. "$(dirname "$0")/smoke_lib.sh" "$1"
home="$dir/home" value="sk-cli-created-$$-4f1c" rotated="sk-cli-rotated-$$-9a2e"
no_value() { ! grep -q -e "$value" -e "$rotated" "$@" || fail "a value was printed: $*"; }

start_serve "$home"
company=$(api_python <<'PY'
print(call("POST", "/companies", {"name": "Acme"})["id"])
PY
) || fail "seeding the company failed"
stop_serve

printf '%s\n' "$value" > "$dir/value"
"$clasp" secrets create "OpenAI API key" --value-file "$dir/value" --home "$home" > "$dir/create.out" 2>&1 ||
  fail "create from a file should exit 0: $(cat "$dir/create.out")"
grep -q "created secret OpenAI API key (.*): key openai-api-key, local_encrypted, active, latest version 1" \
  "$dir/create.out" || fail "unexpected create output: $(cat "$dir/create.out")"
secret=$(sed -n 's/.*(\([0-9a-f-]*\)).*/\1/p' "$dir/create.out")

printf '%s\n' "$rotated" | "$clasp" secrets rotate openai-api-key --value-file - --home "$home" --json \
  > "$dir/rotate.out" 2>&1 || fail "rotate from stdin, by key, should exit 0: $(cat "$dir/rotate.out")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["latestVersion"] == 2 and d["id"] == sys.argv[2], d' \
  "$dir/rotate.out" "$secret" || fail "unexpected rotate document: $(cat "$dir/rotate.out")"
upper=$(echo "$secret" | tr a-f A-F)
"$clasp" secrets show "$upper" --company Acme --home "$home" > "$dir/show.out" 2>&1 ||
  fail "show by an upper-case id should exit 0: $(cat "$dir/show.out")"
grep -q "latest version 2" "$dir/show.out" || fail "unexpected show output: $(cat "$dir/show.out")"
"$clasp" secrets list --company "$company" --home "$home" > "$dir/list.out" 2>&1 || fail "list should exit 0"
grep -q "^OpenAI API key	openai-api-key	$secret	local_encrypted	active	v2	0 bindings$" "$dir/list.out" ||
  fail "unexpected list output: $(cat "$dir/list.out")"

# Refusals: exit 2 before anything is written, exit 1 for the service's.
"$clasp" secrets create X --value "$value" --home "$home" > "$dir/arg.out" 2>&1
[ $? -eq 2 ] || fail "a value as an argument should be refused with exit 2"
grep -q "never an argument" "$dir/arg.out" || fail "the refusal should say why: $(cat "$dir/arg.out")"
"$clasp" secrets create Y --home "$home" < /dev/null > "$dir/none.out" 2>&1
[ $? -eq 2 ] || fail "no value and no terminal should exit 2"
"$clasp" secrets create "OpenAI API key" --value-file "$dir/value" --home "$home" > "$dir/dup.out" 2>&1
[ $? -eq 1 ] || fail "a name that exists should exit 1"
grep -q "Secret already exists: OpenAI API key" "$dir/dup.out" || fail "unexpected refusal: $(cat "$dir/dup.out")"
"$clasp" secrets rotate nope --value-file "$dir/value" --home "$home" > "$dir/nope.out" 2>&1
[ $? -eq 2 ] || fail "rotating a missing secret should exit 2"
"$clasp" secrets show x --key k --home "$home" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--key outside create should exit 2"
"$clasp" secrets list --company Nobody --home "$home" > "$dir/co.out" 2>&1
[ $? -eq 2 ] && grep -q "Company not found: Nobody" "$dir/co.out" || fail "an unknown company: $(cat "$dir/co.out")"
no_value "$dir"/*.out

# The rotated value is what a run gets.
start_serve "$home"
agent=$(api_python "$company" "$secret" <<'PY'
company, secret = sys.argv[1:3]
ref = {"type": "secret_ref", "secretId": secret, "version": "latest"}
print(call("POST", "/companies/%s/agents" % company, {"name": "Coder", "adapterConfig": {"env": {"OPENAI_API_KEY": ref}}})["id"])
PY
) || fail "creating the agent failed"
stop_serve
"$clasp" run-env --agent "$agent" --home "$home" --no-mask --exec -- sh -c 'printf %s "$OPENAI_API_KEY"' > "$dir/run.env" ||
  fail "run-env should resolve the rotated secret"
[ "$(cat "$dir/run.env")" = "$rotated" ] || fail "the run did not get the rotated value"
echo "secrets CLI: ok"
