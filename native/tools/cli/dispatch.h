// dispatch.h — from `clasp ARGS` to a command, by the table (command_table.h).
//
// Before a command runs, its line is checked against the table: an unknown
// command, subcommand or flag is a usage error of one line, with the
// nearest known word when one is close, and the way to the help:
//   clasp servee            -> "clasp: unknown command 'servee' (did you mean 'serve'?)"
//                              "Run 'clasp --help' for usage."            exit 2
//   clasp doctor --jsn      -> "clasp doctor: unknown flag --jsn (did you mean --json?)"
//   clasp backup create --force x
//                           -> "clasp backup create: --force is not a flag of this command (restore takes it)"
// -h/--help anywhere before "--", and `clasp help CMD [SUB]`, print the help
// of the command or subcommand; -V/--version the version.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "command_table.h"

namespace clasp::cli {

int Dispatch(const std::vector<std::string>& args);

// The help of the whole CLI, a command, or one of its subcommands (`sub`
// null), printed from the table.
void PrintTopHelp(std::ostream& out);
void PrintCommandHelp(std::ostream& out, const CommandSpec& command, const SubcommandSpec* sub);

// The candidate nearest to `word` by edit distance, when it is near enough
// to be a typo (at most 2 edits, and fewer than half the word), else empty.
//   Suggest("servee", {"serve","secrets"}) == "serve";  Suggest("xyz", {"serve"}) == ""
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace clasp::cli
