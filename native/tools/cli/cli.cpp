#include "cli.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "clasp/native/instance_paths.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"

extern char** environ;

namespace clasp::cli {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool json_errors = false;  // one run of the CLI, one setting (SetJsonErrors)

// Prints `diagnostics` the way every failure is printed; returns `exit`.
int PrintFailure(std::string_view command, std::string_view code, const std::vector<Diagnostic>& diagnostics,
                 int exit) {
  const std::string first = diagnostics.empty() ? "failed" : CleanMessage(diagnostics[0].message);
  if (json_errors) {
    OrderedJson doc = ErrorJson(code, first, diagnostics);
    doc["exitCode"] = exit;
    std::cout << DumpJson(doc, 2) << "\n";
    return exit;
  }
  const std::string who = Paint(STDERR_FILENO, Colour::kRed, "clasp " + std::string(command) + ":");
  for (const Diagnostic& d : diagnostics) std::cerr << who << " " << CleanMessage(d.message) << "\n";
  if (diagnostics.empty()) std::cerr << who << " failed\n";
  return exit;
}

}  // namespace

void SetJsonErrors(bool json) { json_errors = json; }
bool JsonErrors() { return json_errors; }

bool Args::Has(const std::string& name) const { return Contains(switches, name) || values.count(name) != 0; }

std::optional<std::string> Args::Value(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::All(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

ParsedArgs ParseArgs(const std::vector<std::string>& argv, const std::vector<std::string>& value_flags) {
  ParsedArgs out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      out.args.after_dashes.assign(argv.begin() + static_cast<long>(i) + 1, argv.end());
      break;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      out.args.positionals.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (!Contains(value_flags, name)) {
      if (inline_value) {
        out.error = "--" + name + " takes no value";
        return out;
      }
      out.args.switches.push_back(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size()) {
        out.error = "--" + name + " needs a value";
        return out;
      }
      inline_value = argv[++i];
    }
    out.args.values[name].push_back(*inline_value);
  }
  return out;
}

int PrintDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    out << (d.severity == Severity::kError ? "error   " : "warning ") << CodeName(d.code) << ' '
        << (d.path.empty() ? "/" : d.path) << ": " << CleanMessage(d.message) << "\n";
  }
  return HasErrors(diagnostics) ? kExitProblems : kExitOk;
}

OrderedJson DiagnosticsJson(const std::vector<Diagnostic>& diagnostics) {
  OrderedJson out = OrderedJson::array();
  for (const auto& d : diagnostics) {
    out.push_back({{"code", std::string(CodeName(d.code))},
                   {"path", d.path},
                   {"message", d.message},
                   {"httpStatus", d.http_status},
                   {"severity", d.severity == Severity::kError ? "error" : "warning"}});
  }
  return out;
}

Result<OrderedJson> ReadJsonFile(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      const int error = errno;
      return Result<OrderedJson>::Fail(
          MakeDiagnostic(Code::kFileIoError, "", "cannot read " + path + ": " + std::strerror(error)));
    }
    text << in.rdbuf();
    if (in.bad()) {
      return Result<OrderedJson>::Fail(MakeDiagnostic(Code::kFileIoError, "", "cannot read " + path + ": read error"));
    }
  }
  return ParseJson(text.str());
}

bool IsIoFailure(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.code == Code::kFileIoError; });
}

int UsageError(std::string_view command, const std::string& error) {
  const std::string who = command.empty() ? "clasp" : "clasp " + std::string(command);
  if (json_errors) {
    OrderedJson doc = ErrorJson("usage_error", CleanMessage(error), {});
    doc["exitCode"] = kExitUsage;
    std::cout << DumpJson(doc, 2) << "\n";
    return kExitUsage;
  }
  std::cerr << Paint(STDERR_FILENO, Colour::kRed, who + ":") << " " << CleanMessage(error) << "\nRun '" << who
            << " --help' for usage.\n";
  return kExitUsage;
}

int FailureExit(const std::vector<Diagnostic>& diagnostics) {
  const bool system = diagnostics.empty() || std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
                        return d.http_status >= 500;
                      });
  return system ? kExitRuntime : kExitUsage;
}

int RuntimeFailure(std::string_view command, const std::vector<Diagnostic>& diagnostics) {
  const int exit = FailureExit(diagnostics);
  return PrintFailure(command, exit == kExitRuntime ? "runtime_error" : "not_found_or_invalid", diagnostics, exit);
}

int ProblemFailure(std::string_view command, const std::vector<Diagnostic>& diagnostics) {
  return PrintFailure(command, "refused", diagnostics, kExitProblems);
}

OrderedJson ErrorJson(std::string_view code, const std::string& message, const std::vector<Diagnostic>& diagnostics) {
  OrderedJson diags = DiagnosticsJson(diagnostics);
  for (auto& d : diags) d["message"] = CleanMessage(d["message"].get<std::string>());
  return {{"ok", false}, {"error", {{"code", std::string(code)}, {"message", message}}}, {"diagnostics", diags}};
}

std::string CleanMessage(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return TerminalSafe(out);
}

native::MapEnvVars ProcessEnvWith(const std::map<std::string, std::string, std::less<>>& overrides) {
  std::map<std::string, std::string, std::less<>> vars;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : overrides) vars[k] = v;
  return native::MapEnvVars(std::move(vars));
}

Result<std::unique_ptr<native::SecretStore>> OpenExistingStore(const native::EnvVars& vars,
                                                               const std::optional<std::string>& database_url,
                                                               bool writable) {
  using namespace clasp::native;
  using R = Result<std::unique_ptr<SecretStore>>;
  if ((database_url && !database_url->empty()) || vars.Get("DATABASE_URL").value_or("") != "") {
    auto url = DatabaseUrl(vars, database_url);
    if (!url.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(url));
    auto store = PgStore::Open(*url.value, writable ? PgOpenMode::kReadWrite : PgOpenMode::kReadOnly);
    if (!store.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(store));
    return R::Ok(std::move(*store.value));
  }
  auto path = StorePath(vars, PosixFileSystem());
  if (!path.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(path));
  auto exists = PosixFileSystem().PermissionBits(*path.value);
  if (!exists.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(exists));
  if (!*exists.value) {
    return FailResult<std::unique_ptr<SecretStore>>(
        Code::kStorageError, "No clasp store at " + *path.value + " (set CLASP_HOME, --home or --database-url)");
  }
  if (writable) {
    auto dir = PrepareInstanceDirectory(vars, PosixFileSystem(), "db");  // 0700, no links (instance_paths.h)
    if (!dir.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(dir));
  }
  auto store = SqliteStore::Open(*path.value, writable ? SqliteOpenMode::kReadWrite : SqliteOpenMode::kReadOnly);
  if (!store.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(store));
  return R::Ok(std::move(*store.value));
}

std::string Paint(int fd, Colour colour, std::string_view text) {
  const char* no_color = std::getenv("NO_COLOR");
  if (::isatty(fd) != 1 || (no_color != nullptr && *no_color != '\0')) return std::string(text);
  const char* code = colour == Colour::kRed ? "31" : colour == Colour::kYellow ? "33" : "32";
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

std::string Count(std::size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string TerminalSafe(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

}  // namespace clasp::cli
