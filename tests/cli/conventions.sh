#!/usr/bin/env bash
# The CLI's conventions through the binary (issue 23): --version/-V,
# -h/--help on every command and subcommand of the table and `clasp help CMD
# [SUB]`; a usage error is one line plus the way to the help, with "did you
# mean"; exit codes 0/1/2/3 and 126/127 for run-env --exec as env(1); a
# missing file is "cannot read F: <reason>" with exit 3 and no HTTP status;
# malformed JSON gives its line and column; --json errors are one JSON
# document; libpq's messages one clean line; another database's URL refused
# by its scheme without echoing its password; plurals; secret names in
# `bindings check` lines; doctor points at `bindings repair`; colour on a
# terminal only, off with NO_COLOR.
# usage: conventions.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
db=$home/instances/default/db/clasp.sqlite3
export HOME="$dir/user"
mkdir -p "$HOME"
unset CLASP_HOME

# run ARGS...: stdout in $dir/out, stderr in $dir/err, the status in $rc.
run() { "$clasp" "$@" > "$dir/out" 2> "$dir/err"; rc=$?; }
expect() { [ "$rc" = "$1" ] || fail "clasp $2: exit $rc, not $1: $(cat "$dir/out" "$dir/err")"; }
one_usage_line() {
  [ "$(wc -l < "$dir/err")" = 2 ] || fail "$1: a usage error is two lines: $(cat "$dir/err")"
  grep -qx "$2" "$dir/err" || fail "$1: no line '$2' in: $(cat "$dir/err")"
  tail -n 1 "$dir/err" | grep -qx "Run 'clasp[a-z -]*--help' for usage." || fail "$1: no help hint: $(cat "$dir/err")"
  [ ! -s "$dir/out" ] || fail "$1: a usage error printed on stdout: $(cat "$dir/out")"
}

version=$("$clasp" --version) || fail "--version should exit 0"
[[ $version =~ ^clasp\ [0-9]+\.[0-9]+ ]] || fail "--version: $version"
[ "$("$clasp" -V)" = "$version" ] || fail "-V should print the version"
for help in -h --help help; do
  run $help; expect 0 "$help"
  for cmd in serve validate classify-key bindings doctor secrets agents bind unbind backup run-env redact key; do
    grep -q "^  $cmd " "$dir/out" || fail "clasp $help does not list $cmd"
  done
  grep -q "3 runtime or I/O error" "$dir/out" || fail "clasp $help does not document the exit codes"
done

# Every command and subcommand of the table answers -h and help CMD SUB alike.
pairs="serve validate:env validate:vault-config classify-key bindings:check bindings:repair doctor secrets:list
  secrets:show secrets:create secrets:rotate secrets:usage secrets:delete secrets:migrate-inline-env
  secrets:declarations secrets:import-preview secrets:import agents:list agents:show bind unbind backup:create
  backup:verify backup:restore run-env redact key:rotate"
for pair in $pairs; do
  words=${pair/:/ }
  run $words -h; expect 0 "$words -h"
  grep -q "^clasp $words: " "$dir/out" || fail "clasp $words -h does not start with its name: $(head -n 2 "$dir/out")"
  grep -q -- "-h, --help" "$dir/out" || fail "clasp $words -h lists no flags"
  cp "$dir/out" "$dir/help.dash"
  run help $words; expect 0 "help $words"
  cmp -s "$dir/out" "$dir/help.dash" || fail "clasp help $words differs from clasp $words -h"
done
run help serve; grep -q -- "--web-root DIR" "$dir/out" || fail "clasp help serve is not serve's help"
run secrets --help; grep -q "^  rotate SECRET " "$dir/out" || fail "secrets --help lists no subcommands"

# Usage errors: one line, the hint, the nearest word.
run servee; expect 2 servee
one_usage_line servee "clasp: unknown command 'servee' (did you mean 'serve'?)"
run doctor --jsn; expect 2 "doctor --jsn"
one_usage_line "doctor --jsn" "clasp doctor: unknown flag --jsn (did you mean '--json'?)"
run secrets lst; expect 2 "secrets lst"
one_usage_line "secrets lst" "clasp secrets: unknown subcommand 'lst' (did you mean 'list'?)"
run backup create "$dir/x" --force; expect 2 "backup create --force"
one_usage_line "backup create --force" "clasp backup create: --force is not a flag of this command (restore takes it)"
run help nosuch; expect 2 "help nosuch"
run validate env; expect 2 "validate env"
one_usage_line "validate env" "clasp validate: validate env takes one FILE"
run secrets; expect 2 secrets
grep -q "needs a subcommand: list, show" "$dir/err" || fail "secrets alone: $(cat "$dir/err")"
run doctor --json --jsn; expect 2 "doctor --json --jsn"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is False and d["error"]["code"] == "usage_error" and d["exitCode"] == 2, d' \
  "$dir/out" || fail "a usage error under --json is not one document: $(cat "$dir/out")"

# A missing file: exit 3, the OS's reason, no HTTP status; malformed JSON: line and column.
run validate env /nonexist.json; expect 3 "validate env /nonexist.json"
grep -qx "clasp validate: cannot read /nonexist.json: No such file or directory" "$dir/err" || fail "missing file: $(cat "$dir/err")"
! grep -q '\[[0-9][0-9][0-9]\]\|500' "$dir/out" "$dir/err" || fail "an HTTP status in CLI text"
printf '{\n  "A": "1",\n}\n' > "$dir/bad.json"
run validate env "$dir/bad.json"; expect 1 "validate env bad.json"
grep -q "input_malformed_json /: Input is not valid JSON (line 3, column 1)" "$dir/out" || fail "no line/column: $(cat "$dir/out")"
! grep -q '\[400\]' "$dir/out" || fail "an HTTP status in validate's lines: $(cat "$dir/out")"
run validate env /nonexist.json --json; expect 3 "validate --json /nonexist.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is False and "cannot read" in d["error"]["message"], d' \
  "$dir/out" || fail "a runtime error under --json: $(cat "$dir/out")"

# Databases: another scheme is refused by name, the password never echoed;
# libpq's message is one clean line.
run secrets list --database-url "mysql://root:hunter2pw@db/clasp"; expect 2 "--database-url mysql://"
grep -q "scheme 'mysql'.*postgres:// or postgresql://" "$dir/err" || fail "mysql URL: $(cat "$dir/err")"
! grep -q hunter2pw "$dir/err" || fail "the URL's password was echoed"
run doctor --database-url "postgresql://clasp@127.0.0.1:1/none"; expect 3 "doctor on an unreachable database"
run secrets list --database-url "postgresql://clasp@127.0.0.1:1/none"; expect 3 "secrets list on an unreachable database"
[ "$(wc -l < "$dir/err")" = 1 ] || fail "libpq's message should be one line: $(cat "$dir/err")"
! grep -q '??' "$dir/err" || fail "libpq's newlines came out as ??: $(cat "$dir/err")"
run bindings check --home "$dir/nohome" --json; expect 3 "bindings check on a missing store"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is False and "No clasp store" in d["error"]["message"], d' \
  "$dir/out" || fail "bindings error under --json: $(cat "$dir/out" "$dir/err")"
run run-env --agent x --home "$dir/nohome" --json; expect 3 "run-env on a missing store"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is False, d' "$dir/out" ||
  fail "run-env error under --json: $(cat "$dir/out" "$dir/err")"
[ ! -s "$dir/err" ] || fail "--json errors belong on stdout only: $(cat "$dir/err")"

# A store with one agent bound to one secret.
start_serve "$home"
seed_bound_agent sk-conv-one-12345 sk-conv-two-12345 sk-conv-three-123 > /dev/null || fail "seeding failed"
stop_serve
run bindings check --home "$home"; expect 0 "bindings check on a clean store"
grep -q "^0 findings in 1 target, 2 binding rows, 1 company \[sqlite " "$dir/out" || fail "plurals: $(cat "$dir/out")"
! grep -q '(s)\|(ies)' "$dir/out" || fail "(s) in: $(cat "$dir/out")"
python3 - "$db" <<'PY' || fail "deleting a binding row"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DELETE FROM company_secret_bindings WHERE config_path = 'env.GITHUB_TOKEN'")
c.commit()
PY
run bindings check --home "$home"; expect 1 "bindings check with a missing row"
grep -q 'key GITHUB_TOKEN configPath env.GITHUB_TOKEN secret "github" ([0-9a-f-]*):' "$dir/out" ||
  fail "no secret name in the finding: $(cat "$dir/out")"
grep -q "^1 finding in 1 target, 1 binding row, 1 company " "$dir/out" || fail "plurals: $(cat "$dir/out")"
run doctor --home "$home"; expect 1 "doctor with a desync"
grep -q "1 desync in 1 company .*clasp bindings repair" "$dir/out" || fail "doctor should point at repair: $(cat "$dir/out")"
run bindings repair --home "$home" --apply; expect 0 "bindings repair --apply"
grep -qx "1 activity row written" "$dir/err" || fail "plural of the repair's rows: $(cat "$dir/err")"

# run-env --exec: 127 for a command not found, 126 for one that cannot run, as env(1).
printf 'not a program\n' > "$dir/noexec"
chmod 0644 "$dir/noexec"
for mask in "" --no-mask; do
  run run-env --agent Coder --home "$home" $mask --exec -- clasp-no-such-command-here; expect 127 "exec of a missing command $mask"
  grep -q "cannot run clasp-no-such-command-here: No such file or directory" "$dir/err" || fail "127: $(cat "$dir/err")"
  run run-env --agent Coder --home "$home" $mask --exec -- "$dir/noexec"; expect 126 "exec of a non-executable file $mask"
done
# Colour on a terminal only, never with NO_COLOR or in a pipe.
esc=$(printf '\033[')
script -qec "'$clasp' doctor --home '$dir/empty'" /dev/null > "$dir/tty.out" 2>&1 || true
grep -qF "${esc}33mwarn${esc}0m" "$dir/tty.out" || fail "doctor on a terminal has no colour: $(cat -v "$dir/tty.out")"
NO_COLOR=1 script -qec "'$clasp' doctor --home '$dir/empty'" /dev/null > "$dir/tty.out" 2>&1 || true
! grep -qF "$esc" "$dir/tty.out" || fail "NO_COLOR=1 still coloured: $(cat -v "$dir/tty.out")"
script -qec "'$clasp' servee" /dev/null > "$dir/tty.out" 2>&1 || true
grep -qF "${esc}31mclasp:${esc}0m unknown command 'servee'" "$dir/tty.out" || fail "errors on a terminal: $(cat -v "$dir/tty.out")"
run doctor --home "$dir/empty"
! grep -qF "$esc" "$dir/out" "$dir/err" || fail "colour in a pipe"
[ ! -e "$dir/empty" ] || fail "doctor created the home"
echo "CLI conventions: ok"
