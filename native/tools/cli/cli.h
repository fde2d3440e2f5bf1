// cli.h — what every `clasp <command>` shares: argument parsing, output
// conventions and exit codes.
//
// Exit codes (issue 5): 0 ok, 1 problems found (diagnostics with errors,
// desyncs), 2 usage or runtime error (bad flag, unreachable database).
// `--help` on any command prints its usage and exits 0; `--json` switches a
// command to one JSON document on stdout. Human output goes to stdout,
// errors to stderr; no value of a secret is ever printed by any command
// except `run-env --exec`, which hands them to a child process only.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/system.h"

namespace clasp::cli {

constexpr int kExitOk = 0;
constexpr int kExitProblems = 1;
constexpr int kExitUsage = 2;
// `bindings check`: no desync, but refs a run would refuse (run_readiness.h).
constexpr int kExitRunWarnings = 4;

// A command's arguments after the command words: `--flag`, `--flag value`
// or `--flag=value`, and positionals. `value_flags` names the flags that
// take a value; any other `--x` is a switch. `--` ends flag parsing.
//   Parse({"--json","--port","8080","f.json"}, {"port"}) -> switches{json},
//       values{port:"8080"}, positionals{"f.json"}
//   Parse({"--port"}, {"port"})                          -> error "--port needs a value"
struct Args {
  std::vector<std::string> switches;
  std::map<std::string, std::vector<std::string>> values;  // repeated flags keep every value
  std::vector<std::string> positionals;
  std::vector<std::string> after_dashes;  // everything after "--"

  // Whether the flag was given at all, as a switch or with a value: the one
  // question every "these flags don't combine" guard asks.
  //   {"--agents","a.json","--apply"} -> Has("agents"), Has("apply")
  bool Has(const std::string& name) const;
  std::optional<std::string> Value(const std::string& name) const;  // the last one given
  std::vector<std::string> All(const std::string& name) const;
};

struct ParsedArgs {
  Args args;
  std::optional<std::string> error;  // usage mistake, for stderr
};

ParsedArgs ParseArgs(const std::vector<std::string>& argv, const std::vector<std::string>& value_flags);

// Rejects switches and value flags the command does not know, so a typo is
// a usage error rather than silently ignored.
std::optional<std::string> CheckKnownFlags(const Args& args, const std::vector<std::string>& switches,
                                           const std::vector<std::string>& value_flags);

// One line per diagnostic: "error   code /path: message [http]". Returns
// kExitProblems when any is an error, else kExitOk.
int PrintDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

// Diagnostics as the API shape [{code, path, message, httpStatus, severity}].
OrderedJson DiagnosticsJson(const std::vector<Diagnostic>& diagnostics);

// Reads FILE or stdin ("-") and parses it with the core's limits.
Result<OrderedJson> ReadJsonFile(const std::string& path);

// Prints `usage` to stderr with `error` above it, returns kExitUsage.
int UsageError(const std::string& usage, const std::string& error);

// A failure that is not the caller's mistake (a store that cannot be opened
// or read): each diagnostic on stderr as "clasp <command>: <message>"
// (TerminalSafe), "clasp <command>: failed" when there is none; kExitUsage.
int RuntimeFailure(std::string_view command, const std::vector<Diagnostic>& diagnostics);

// The process environment with the command line's overrides on top, e.g.
// {CLASP_HOME: --home, PAPERCLIP_DEPLOYMENT_MODE: --deployment-mode}, so
// every rule reads one EnvVars whichever way a setting was given.
native::MapEnvVars ProcessEnvWith(const std::map<std::string, std::string, std::less<>>& overrides);

// The store a command works on, which must already exist: PostgreSQL from
// `database_url` or DATABASE_URL, else the SQLite file under the home
// directory; unless `writable`, read-only (PgOpenMode::kReadOnly,
// SqliteOpenMode::kReadOnly: consistent snapshots that never block a running
// server's writers). A missing SQLite file is kStorageError "No clasp store
// at <path> …" rather than created: a command that only reads must leave a
// fresh home as it found it. A writable open migrates an older schema, as
// `clasp serve` would; a read-only one refuses it.
Result<std::unique_ptr<native::SecretStore>> OpenExistingStore(const native::EnvVars& vars,
                                                               const std::optional<std::string>& database_url,
                                                               bool writable);

// Names and ids read from a database or a file, with terminal control
// characters replaced by '?' before they reach a terminal.
//   TerminalSafe("a\x1b[2Jb") == "a?[2Jb"
std::string TerminalSafe(std::string_view text);

}  // namespace clasp::cli
