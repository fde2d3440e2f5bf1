#!/usr/bin/env bash
# The shell completions and the man page list exactly what the command table
# holds (issue 23): every command of `clasp --help`, every subcommand of
# `clasp CMD --help`, every flag of `clasp CMD [SUB] --help`. The bash script
# is run in bash with COMP_WORDS as bash sets them; the zsh and fish scripts
# and the man page are checked for every word (and run when zsh, fish or
# groff are installed); the build's generated copies match the binary's.
# usage: completions.sh CLASP_BINARY
. "$(dirname "$0")/smoke_lib.sh"
build=$(dirname "$(dirname "$clasp")")

commands=$("$clasp" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\) .*/\1/p')
[ "$(wc -w <<<"$commands")" -ge 13 ] || fail "too few commands in --help: $commands"
"$clasp" completion bash > "$dir/clasp.bash" || fail "completion bash"
"$clasp" completion zsh > "$dir/_clasp" || fail "completion zsh"
"$clasp" completion fish > "$dir/clasp.fish" || fail "completion fish"
"$clasp" man > "$dir/clasp.1" || fail "man"
"$clasp" completion tcsh > /dev/null 2>&1; [ $? -eq 2 ] || fail "an unknown shell should exit 2"

# complete WORD...: what bash completion offers after `clasp WORD...` (the
# last word is the one being completed).
complete_words() {
  bash -c '. "$1"; shift; COMP_WORDS=(clasp "$@"); COMP_CWORD=$#; _clasp; printf "%s\n" "${COMPREPLY[@]}"' _ "$dir/clasp.bash" "$@"
}
same_set() { [ "$(tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort)" = "$(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort)" ] || fail "$3: offered [$1], table [$2]"; }
flags_of() { "$clasp" "$@" --help | sed -n '/^flags:/,/^$/p' | sed -n 's/^  \(-h, \)\{0,1\}\(--[a-z-]*\).*/\2/p'; }

same_set "$(complete_words "")" "$commands help" "clasp <TAB>"
for cmd in $commands; do
  grep -q "^complete -c clasp -n __fish_use_subcommand -a $cmd " "$dir/clasp.fish" || fail "fish lacks $cmd"
  grep -q "^$cmd) echo\|^    $cmd) echo\|'$cmd'" "$dir/_clasp" || fail "zsh lacks $cmd"
  grep -q "^\.SH \"CLASP $(sed 's/-/\\\\-/g' <<<"$cmd")\"$" "$dir/clasp.1" || fail "the man page lacks $cmd"
  subs=$("$clasp" "$cmd" --help | sed -n '/^subcommands/,/^$/p' | sed -n 's/^  \([a-z-]*\).*/\1/p')
  if [ -z "$subs" ]; then
    same_set "$(complete_words "$cmd" --)" "$(flags_of "$cmd")" "clasp $cmd --<TAB>"
    continue
  fi
  same_set "$(complete_words "$cmd" "")" "$subs" "clasp $cmd <TAB>"
  for sub in $subs; do
    same_set "$(complete_words "$cmd" "$sub" --)" "$(flags_of "$cmd" "$sub")" "clasp $cmd $sub --<TAB>"
    for flag in $(flags_of "$cmd" "$sub"); do
      [ "$flag" = --help ] && continue
      grep -q "__fish_seen_subcommand_from $sub' -l ${flag#--} " "$dir/clasp.fish" || fail "fish lacks $cmd $sub $flag"
    done
  done
done
# A flag's value is not taken for the subcommand: `clasp secrets --home DIR <TAB>`.
same_set "$(complete_words secrets --home /tmp "")" "$("$clasp" secrets --help | sed -n '/^subcommands/,/^$/p' | sed -n 's/^  \([a-z-]*\).*/\1/p')" \
  "clasp secrets --home DIR <TAB>"
! grep -q -- "--value " "$dir/clasp.bash" || fail "a hidden flag is offered"

if command -v zsh > /dev/null; then zsh -n "$dir/_clasp" || fail "the zsh script does not parse"; fi
if command -v fish > /dev/null; then fish -n "$dir/clasp.fish" || fail "the fish script does not parse"; fi
if command -v groff > /dev/null; then
  groff -man -Tutf8 -ww -z "$dir/clasp.1" 2> "$dir/groff.err" || fail "groff: $(cat "$dir/groff.err")"
  [ ! -s "$dir/groff.err" ] || fail "groff warns: $(cat "$dir/groff.err")"
fi

# What the build generated (and cmake --install installs) is the binary's.
for pair in man/man1/clasp.1:clasp.1 completions/clasp.bash:clasp.bash completions/_clasp:_clasp completions/clasp.fish:clasp.fish; do
  cmp -s "$build/${pair%%:*}" "$dir/${pair##*:}" || fail "$build/${pair%%:*} is not what the binary prints"
done
echo "completions and man page: ok"
