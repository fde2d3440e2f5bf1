#!/bin/sh
# Masking secret values (masker.h) through the binary, on a store seeded by
# `clasp serve`: `run-env --exec` masks the command's stdout and stderr (raw,
# base64 of "user:value", URL, JSON, hex), keeps its exit status and its
# signal, the order of its lines when both streams are one file, and writes
# a line as soon as the command does; --no-mask leaves the output alone; a
# short value is named on stderr and not masked. `clasp redact` masks files
# and stdin, --report / --json name secret ids and counts (never a value),
# and exits 0 only when no value occurred; a file without values comes back
# byte for byte.
# usage: mask_smoke.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
home=$dir/home
value=sk-mask-VALUE-0b7d2e
short=pin42

start_serve "$home"
ids=$(api_python "$value" "$short" <<'PY'
value, short = sys.argv[1:3]
company = call("POST", "/companies", {"name": "Acme"})["id"]
secret = call("POST", "/companies/%s/secrets" % company, {"name": "OpenAI", "value": value})["id"]
pin = call("POST", "/companies/%s/secrets" % company, {"name": "Pin", "value": short})["id"]
ref = lambda s: {"type": "secret_ref", "secretId": s, "version": "latest"}
agent = call("POST", "/companies/%s/agents" % company,
             {"name": "Coder", "adapterConfig": {"env": {"OPENAI_API_KEY": ref(secret), "PIN": ref(pin)}}})["id"]
print(secret, pin, agent)
PY
) || fail "seeding through clasp serve failed"
stop_serve
set -- $ids
secret=$1 pin=$2 agent=$3
run() { "$clasp" run-env --agent "$agent" --home "$home" "$@"; }

# Every form, on both streams, and the command's own exit status.
forms='printf "%s\n" "$OPENAI_API_KEY"
printf "user:%s" "$OPENAI_API_KEY" | base64 -w0; echo
printf "%s" "$OPENAI_API_KEY" | od -An -tx1 | tr -d " \n"; echo
printf "{\"k\":\"%s\"}\n" "$OPENAI_API_KEY"
echo "pin $PIN"
printf "err %s\n" "$OPENAI_API_KEY" >&2
exit 3'
run --exec -- sh -c "$forms" > "$dir/out" 2> "$dir/err"
[ $? -eq 3 ] || fail "run-env --exec should exit with the command's status 3"
grep -qF "$value" "$dir/out" "$dir/err" && fail "a value reached the output: $(cat "$dir/out" "$dir/err")"
b64=$(printf 'user:%s' "$value" | base64 -w0)
grep -qF "$b64" "$dir/out" && fail "the base64 form survived"
expected_out="***OPENAI_API_KEY
dXNlcjp***OPENAI_API_KEYQ==
***OPENAI_API_KEY
{\"k\":\"***OPENAI_API_KEY\"}
pin $short"
[ "$(cat "$dir/out")" = "$expected_out" ] || fail "unexpected masked stdout: $(cat "$dir/out")"
expected_err="clasp run-env: PIN is shorter than 6 bytes: not masked
err ***OPENAI_API_KEY"
[ "$(cat "$dir/err")" = "$expected_err" ] || fail "unexpected masked stderr: $(cat "$dir/err")"

# --no-mask: the command replaces clasp, its output untouched.
out=$(run --no-mask --exec -- sh -c 'printf "%s" "$OPENAI_API_KEY"' 2>/dev/null)
[ "$out" = "$value" ] || fail "--no-mask should leave the output alone"
run --no-mask >/dev/null 2>&1
[ $? -eq 2 ] || fail "--no-mask without --exec should exit 2"

# One file for both streams: the child's order, line by line.
run --exec -- sh -c 'echo "1 $OPENAI_API_KEY"; echo 2 >&2; echo 3; echo 4 >&2' > "$dir/both" 2>&1
[ "$(grep -v '^clasp run-env' "$dir/both" | tr '\n' ' ')" = "1 ***OPENAI_API_KEY 2 3 4 " ] ||
  fail "stdout and stderr lost their order: $(cat "$dir/both")"

# A signal that kills the command kills clasp the same way.
run --exec -- sh -c 'kill -TERM $$' >/dev/null 2>&1
[ $? -eq 143 ] || fail "a command killed by SIGTERM should make clasp die of SIGTERM"
# SIGTERM to clasp reaches the command, which reports it.
python3 - "$clasp" "$agent" "$home" <<'PY' || fail "SIGTERM was not forwarded, or a line was held back"
import signal, subprocess, sys, time
clasp, agent, home = sys.argv[1:4]
p = subprocess.Popen([clasp, "run-env", "--agent", agent, "--home", home, "--exec", "--", "sh", "-c",
                      'trap "echo got-term; exit 7" TERM; echo "ready $OPENAI_API_KEY"; while :; do sleep 0.1; done'],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
start = time.time()
line = p.stdout.readline().decode()
assert line == "ready ***OPENAI_API_KEY\n", line   # written while the command still runs
assert time.time() - start < 5
p.send_signal(signal.SIGTERM)
rest = p.stdout.read().decode()
assert p.wait(timeout=10) == 7, p.returncode
assert rest == "got-term\n", rest
PY
run --exec -- /nonexistent/cmd > /dev/null 2> "$dir/noexec"
[ $? -eq 127 ] || fail "a command that is not there should exit 127, as env does"
grep -q "cannot run /nonexistent/cmd: No such file or directory" "$dir/noexec" || fail "unexpected: $(cat "$dir/noexec")"

# clasp redact: files and stdin, reports, exit codes.
printf 'log %s\nauth %s\nnothing else\n' "$value" "$b64" > "$dir/transcript.log"
head -c 200000 /dev/urandom | base64 > "$dir/clean.log"
"$clasp" redact --agent "$agent" --home "$home" "$dir/transcript.log" > "$dir/redacted" 2> "$dir/redact.err"
[ $? -eq 1 ] || fail "redact should exit 1 when a value occurred"
[ "$(cat "$dir/redact.err")" = "clasp redact: PIN (secret $pin v1) not masked: shorter than 6 bytes" ] ||
  fail "what is not masked should be said without --report: $(cat "$dir/redact.err")"
[ "$(cat "$dir/redacted")" = "log ***OPENAI_API_KEY
auth dXNlcjp***OPENAI_API_KEYQ==
nothing else" ] || fail "unexpected redaction: $(cat "$dir/redacted")"
"$clasp" redact --agent "$agent" --home "$home" "$dir/clean.log" > "$dir/clean.out" 2>/dev/null
[ $? -eq 0 ] || fail "redact should exit 0 when no value occurred"
cmp -s "$dir/clean.log" "$dir/clean.out" || fail "a file without values did not come back byte for byte"
"$clasp" redact --agent "$agent" --home "$home" --report "$dir/transcript.log" - < "$dir/transcript.log" \
  > "$dir/twice" 2> "$dir/report"
[ $? -eq 1 ] || fail "redact --report should exit 1"
[ "$(grep -c '\*\*\*OPENAI_API_KEY' "$dir/twice")" -eq 4 ] || fail "both inputs should be masked: $(cat "$dir/twice")"
[ "$(cat "$dir/report")" = "clasp redact: OPENAI_API_KEY (secret $secret v1) occurred 4 times: rotate it
clasp redact: PIN (secret $pin v1) not masked: shorter than 6 bytes" ] || fail "unexpected report: $(cat "$dir/report")"
"$clasp" redact --agent "$agent" --home "$home" --report --json "$dir/transcript.log" > /dev/null 2> "$dir/report.json"
python3 - "$dir/report.json" "$secret" "$pin" <<'PY' || fail "unexpected JSON report: $(cat "$dir/report.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
secret, pin = sys.argv[2:4]
assert doc == {"occurrences": [{"envKey": "OPENAI_API_KEY", "secretId": secret, "version": 1, "count": 2}],
               "unmasked": [{"envKey": "PIN", "secretId": pin, "version": 1, "reason": "shorter than 6 bytes"}]}, doc
PY
for f in "$dir/redact.err" "$dir/report" "$dir/report.json"; do
  grep -qF "$value" "$f" && fail "a value reached $f"
done
"$clasp" redact --agent "$agent" --home "$home" "$dir/absent" > /dev/null 2>&1
[ $? -eq 3 ] || fail "an unreadable file should exit 3"
"$clasp" redact --home "$home" > /dev/null 2>&1
[ $? -eq 2 ] || fail "redact without --agent should exit 2"
"$clasp" redact --agent 00000000-0000-4000-8000-000000000000 --home "$home" < /dev/null > /dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown agent should exit 2"
exit 0
