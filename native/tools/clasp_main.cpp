// clasp — the command-line front end: `clasp <command> --help` for each.
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/commands.h"

namespace {

struct Command {
  const char* word;
  int (*run)(const std::vector<std::string>&);
  const char* summary;
};

constexpr Command kCommands[] = {
    {"serve", clasp::cli::RunServe, "Paperclip's secrets API and the web demo on 127.0.0.1"},
    {"validate", clasp::cli::RunValidate, "validate env FILE | vault-config --provider P FILE"},
    {"classify-key", clasp::cli::RunClassifyKey, "which sensitive-key rules a key name matches"},
    {"bindings", clasp::cli::RunBindings, "check | repair: env refs vs binding rows (the offline doctor)"},
    {"doctor", clasp::cli::RunDoctor, "master key, strict mode, storage, vaults and binding desyncs at a glance"},
    {"secrets", clasp::cli::RunSecrets, "list | show | create | rotate | usage | delete | migrate-inline-env | declarations | import-preview | import"},
    {"backup", clasp::cli::RunBackup, "create | verify | restore: the store and its master key in one archive"},
    {"run-env", clasp::cli::RunRunEnv, "the env an agent's run gets: manifest, or --exec a command with it"},
    {"redact", clasp::cli::RunRedact, "a transcript or log with the values an agent's run gets masked"},
    {"key", clasp::cli::RunKey, "rotate: re-encrypt every value under a new master key (dry run unless --apply)"},
};

void PrintUsage(std::ostream& out) {
  out << "usage: clasp <command> [options]   (clasp <command> --help)\n\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.word << std::string(16 - std::string(c.word).size(), ' ') << c.summary << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return PrintUsage(std::cerr), clasp::cli::kExitUsage;
  if (args[0] == "--help" || args[0] == "help") return PrintUsage(std::cout), clasp::cli::kExitOk;
  if (args[0] == "--version") return std::cout << "clasp " << CLASP_VERSION << "\n", clasp::cli::kExitOk;
  for (const auto& c : kCommands) {
    if (args[0] == c.word) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  std::cerr << "clasp: unknown command '" << args[0] << "'\n";
  PrintUsage(std::cerr);
  return clasp::cli::kExitUsage;
}
