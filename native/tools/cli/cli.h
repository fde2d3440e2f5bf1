// cli.h — what every `clasp <command>` shares: argument parsing, output
// conventions and exit codes.
//
// Exit codes: 0 ok, 1 problems found (diagnostics with errors, desyncs, a
// refusal), 2 usage error (bad flag, missing argument), 3 runtime or I/O
// error (unreadable file, unreachable database), 4 `bindings check` with
// refs a run would refuse and no desync; `run-env --exec` ends with
// its command's status, or 126 (not executable) / 127 (not found) as env(1).
// `--help` on any command prints its usage and exits 0; `--json` switches a
// command to one JSON document on stdout, its errors included. Human output
// goes to stdout, errors to stderr; no value of a secret is ever printed by
// any command except `run-env --exec`, which hands them to a child process
// only.
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
constexpr int kExitRuntime = 3;
// `bindings check`: no desync, but refs a run would refuse (run_readiness.h).
constexpr int kExitRunWarnings = 4;
constexpr int kExitNotExecutable = 126;
constexpr int kExitNotFound = 127;

// Whether this run's errors are printed as JSON documents on stdout (the
// command line has --json; set once by the dispatcher, before the command).
void SetJsonErrors(bool json);
bool JsonErrors();

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

// One line per diagnostic: "error   code /path: message". Returns
// kExitProblems when any is an error, else kExitOk.
int PrintDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

// Diagnostics as the API shape [{code, path, message, httpStatus, severity}].
OrderedJson DiagnosticsJson(const std::vector<Diagnostic>& diagnostics);

// Reads FILE or stdin ("-") and parses it with the core's limits. A file
// that cannot be read is kFileIoError "cannot read F: <strerror>" (a
// runtime failure, IsIoFailure); malformed JSON is the core's
// kInputMalformedJson with its line and column (a problem of the input).
Result<OrderedJson> ReadJsonFile(const std::string& path);
bool IsIoFailure(const std::vector<Diagnostic>& diagnostics);

// A usage mistake: one line on stderr, "clasp <command>: <error>", then the
// way to the help, "Run 'clasp <command> --help' for usage."; under --json,
// one document {"ok":false,"error":{"code":"usage_error",...}} on stdout
// instead. `command` may hold the subcommand ("secrets list"). kExitUsage.
int UsageError(std::string_view command, const std::string& error);

// The exit code of a failure: kExitRuntime when the store or the system
// failed (a 5xx diagnostic: storage_error, file_io_error, or none at all),
// else kExitUsage (4xx: no such company or secret, a missing passphrase:
// what the operator typed is what to fix).
int FailureExit(const std::vector<Diagnostic>& diagnostics);

// A command that could not do its work: each diagnostic on stderr as
// "clasp <command>: <message>" (CleanMessage), "clasp <command>: failed"
// when there is none; under --json one document with the diagnostics on
// stdout. Returns FailureExit.
int RuntimeFailure(std::string_view command, const std::vector<Diagnostic>& diagnostics);

// Refusals and problems (exit 1) worded as RuntimeFailure does: lines on
// stderr, or under --json one document on stdout. kExitProblems.
int ProblemFailure(std::string_view command, const std::vector<Diagnostic>& diagnostics);

// The error document --json prints: {"ok":false,"error":{code,message},
// "diagnostics":[...]}.
OrderedJson ErrorJson(std::string_view code, const std::string& message, const std::vector<Diagnostic>& diagnostics);

// A message from a library (libpq, SQLite, the OS) as one clean line: line
// breaks and tabs become single spaces, the ends are trimmed, and what
// TerminalSafe would replace is replaced.
//   CleanMessage("connection failed\n\tis the server running?\n") ==
//       "connection failed is the server running?"
std::string CleanMessage(std::string_view text);

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

// Colour for a terminal: `text` in red, yellow or green when `fd` is a
// terminal and NO_COLOR is unset (https://no-color.org), else as it is, so
// a pipe or a file never holds escape sequences.
//   Paint(STDOUT_FILENO, Colour::kRed, "error") -> "\x1b[31merror\x1b[0m" on a terminal, "error" in a pipe
enum class Colour { kRed, kYellow, kGreen };
std::string Paint(int fd, Colour colour, std::string_view text);

// "1 agent", "2 agents": a count with its noun, singular only for one.
//   Count(1, "company", "companies") == "1 company"; Count(0, "row", "rows") == "0 rows"
std::string Count(std::size_t n, std::string_view singular, std::string_view plural);

// Names and ids read from a database or a file, with terminal control
// characters replaced by '?' before they reach a terminal.
//   TerminalSafe("a\x1b[2Jb") == "a?[2Jb"
std::string TerminalSafe(std::string_view text);

}  // namespace clasp::cli
