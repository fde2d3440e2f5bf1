// command_table.h — every `clasp` command, subcommand and flag in one table.
//
// The table is the one place a flag is declared: the dispatcher
// (dispatch.h) checks a command line against it before the command runs,
// and the help, the shell completions and the man page are printed from it,
// so none of them can name a flag the parser would refuse, or miss one it
// takes.
//   FindCommand("secrets")->Sub("list")->Flag("company")  -> takes NAME|ID
//   FindCommand("secrets")->Sub("list")->Flag("force")    -> nullptr
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clasp::cli {

struct FlagSpec {
  std::string_view name;   // without the leading "--"
  std::string_view value;  // the value's placeholder ("FILE"); empty: a switch
  std::string_view help;   // one line
  bool hidden = false;     // parsed (to refuse it with a reason) but never offered
};

struct SubcommandSpec {
  std::string_view word;
  std::string_view args;  // the positionals after the word, e.g. "SECRET"
  std::string_view summary;
  std::vector<FlagSpec> flags;
  const char* (*details)() = nullptr;  // its own long help; else the command's

  const FlagSpec* Flag(std::string_view name) const;
};

struct CommandSpec {
  std::string_view word;
  std::string_view args;  // for a command without subcommands
  std::string_view summary;
  int (*run)(const std::vector<std::string>&);
  const char* (*details)();  // the command's long help (its usage lines and rules)
  std::vector<FlagSpec> flags;  // for a command without subcommands
  std::vector<SubcommandSpec> subcommands;
  bool hidden = false;  // generators, not offered in help or completions

  const SubcommandSpec* Sub(std::string_view word) const;
  const FlagSpec* Flag(std::string_view name) const;  // a command without subcommands
  // Every flag taking a value, in any subcommand: what ParseArgs needs to
  // tell a flag's value from a positional.
  std::vector<std::string> ValueFlags() const;
};

const std::vector<CommandSpec>& Commands();
const CommandSpec* FindCommand(std::string_view word);
// ValueFlags() of the named command (which must be in the table).
std::vector<std::string> ValueFlagsOf(std::string_view command);

// The exit codes every command keeps (cli.h), as the help prints them.
constexpr const char* kExitCodesHelp =
    "exit codes: 0 ok, 1 problems found (invalid input, desyncs, a refusal), 2 usage error or a\n"
    "            name that matches nothing, 3 runtime or I/O error (unreadable file, store,\n"
    "            database), 4 bindings check: no desync but refs a run would refuse; run-env\n"
    "            --exec: the command's own status, 126 not executable, 127 not found\n";

}  // namespace clasp::cli
