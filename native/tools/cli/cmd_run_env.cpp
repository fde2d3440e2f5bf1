// clasp run-env: the env an agent's run gets (native/run_env.h), shown as a
// manifest or handed to a command.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <set>

#include "cli.h"
#include "clasp/masker.h"
#include "clasp/native/masked_exec.h"
#include "clasp/native/process_hardening.h"
#include "clasp/native/run_env.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"
#include "lookup.h"

extern char** environ;

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "run-env";

constexpr const char* kUsage =
    "usage: clasp run-env --agent NAME|ID [--project NAME|ID] [--home DIR | --database-url URL] [--json]\n"
    "       clasp run-env --agent NAME|ID [--project NAME|ID] [--home DIR | --database-url URL] [--inherit-env]\n"
    "                     [--no-mask] --exec -- COMMAND [ARG...]\n"
    "An agent named in one company only may be given by name; a project by name within its company.\n"
    "The env a run of the agent gets: the agent's env, the project's on top (it wins a collision),\n"
    "then PAPERCLIP_AGENT_ID, PAPERCLIP_AGENT_NAME, PAPERCLIP_COMPANY_ID (and PAPERCLIP_PROJECT_ID).\n"
    "Every secret_ref the run uses must have its binding row (a ref the project overrides need not);\n"
    "if any is missing the run is refused, with every missing binding listed, before any secret is\n"
    "decrypted.\n"
    "Without --exec: the pre-dispatch check. Keys, where each comes from and the manifest of the\n"
    "secrets it would resolve; nothing is decrypted, no access event is written, no value is printed.\n"
    "With --exec: each secret is resolved (one access event each, actor the agent) and COMMAND is\n"
    "run with exactly that environment (--inherit-env: clasp's own environment underneath, less its\n"
    "credentials: PAPERCLIP_* but PAPERCLIP_RUNTIME_API_URL, _LISTEN_HOST and _LISTEN_PORT, CLASP_*,\n"
    "PAPERCLIPAI_CMD, DATABASE_URL, PGPASSWORD); COMMAND is looked up in clasp's PATH. Its stdout and\n"
    "stderr are masked: every secret value (6 bytes or more), raw or URL-, JSON-, hex- or\n"
    "base64-encoded, is written as ***KEY. A stream that is a terminal is not masked (clasp says so).\n"
    "--no-mask: COMMAND replaces clasp instead, its output untouched. clasp prints nothing else.\n"
    "Exit: 0 ok (with --exec: COMMAND's status, or its signal), 1 the run is refused (missing binding, invalid env\n"
    "entry, a secret that does not resolve), 2 usage error or an unknown agent or project, 3 runtime\n"
    "error (the store); --exec: 126 COMMAND cannot be run, 127 COMMAND not found (as env does).\n";

// Refusals name keys, paths and secret ids, never a value. `diagnostics`
// are the plan's own, or a resolution's failure after a clean plan.
int Refused(const RunEnvCheck& check, const std::vector<Diagnostic>& diagnostics, bool json) {
  if (json) {
    const bool own = &diagnostics == &check.plan.diagnostics;
    std::cout << DumpJson(RunEnvReportJson(check, nullptr, own ? nullptr : &diagnostics), 2) << "\n";
    return kExitProblems;
  }
  std::cerr << "clasp run-env: run refused for agent " << check.agent_id << "\n";
  if (!check.plan.missing.empty()) {
    std::cerr << "clasp run-env: " << TerminalSafe(ConfigurationIncompleteMessage(check.plan.missing)) << "\n";
  }
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != Severity::kError) continue;
    std::cerr << "  " << CodeName(d.code) << " " << TerminalSafe(d.path) << ": " << TerminalSafe(d.message) << "\n";
  }
  return kExitProblems;
}

std::string LayerList(const std::vector<EnvLayer>& layers) {
  std::string out;
  for (EnvLayer l : layers) out += (out.empty() ? "" : ", ") + std::string(EnvLayerName(l));
  return out;
}

void PrintCheck(const RunEnvCheck& check) {
  std::cout << "agent " << TerminalSafe(check.agent_name) << " (" << check.agent_id << "), company "
            << check.company_id;
  if (check.project_id) std::cout << ", project " << *check.project_id;
  std::cout << "\n";
  for (const RunEnvEntry& e : check.plan.entries) {
    std::cout << "  " << TerminalSafe(e.key) << "  " << (e.secret ? "secret" : "plain") << "  from "
              << EnvLayerName(e.layer);
    if (!e.shadowed.empty()) std::cout << " (overrides " << LayerList(e.shadowed) << ")";
    if (e.secret) {
      std::cout << "  " << e.secret->secret_id << " via binding " << e.secret->binding_id << " ("
                << e.secret->target_type << " " << TerminalSafe(e.secret->config_path) << ")";
    }
    std::cout << "\n";
  }
  for (const DroppedEnvKey& d : check.plan.dropped) {
    std::cout << "  dropped " << d.key << " from " << EnvLayerName(d.layer) << " (only the run token sets it)\n";
  }
  for (const Diagnostic& d : check.plan.diagnostics) {
    std::cout << (d.severity == Severity::kError ? "error   " : "warning ") << CodeName(d.code) << " "
              << TerminalSafe(d.path) << ": " << TerminalSafe(d.message) << "\n";
  }
  if (!check.plan.missing.empty()) std::cout << TerminalSafe(ConfigurationIncompleteMessage(check.plan.missing)) << "\n";
  std::cout << check.manifest.size() << " secret" << (check.manifest.size() == 1 ? "" : "s") << " to resolve, "
            << check.plan.missing.size() << " missing binding" << (check.plan.missing.size() == 1 ? "" : "s") << "\n";
}

// As env(1) and POSIX shells: 127 when the command is not there, 126 when
// it is there and cannot be run.
int ExecFailureExit(int error) { return error == ENOENT || error == ENOTDIR ? kExitNotFound : kExitNotExecutable; }

void WipeAll(std::vector<std::string>& strings) {
  for (std::string& s : strings) WipeString(&s);
}

// The command's environment: the run's variables, then (--inherit-env)
// clasp's own less its credentials. nullopt (after saying why) when a value
// cannot be passed.
std::optional<std::vector<std::string>> Environment(AssembledRunEnv& run, bool inherit) {
  std::vector<std::string> entries;
  std::set<std::string, std::less<>> keys;
  for (const RunEnvVariable& v : run.env) {
    if (v.value.view().find('\0') != std::string_view::npos) {
      WipeAll(entries);
      std::cerr << "clasp run-env: the value of " << v.key << " holds a NUL byte and cannot be passed in an environment\n";
      return std::nullopt;
    }
    keys.insert(v.key);
    entries.push_back(v.key + "=" + std::string(v.value.view()));
  }
  if (inherit) {
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view entry(*e);
      const std::string_view name = entry.substr(0, entry.find('='));
      if (keys.count(name) == 0 && InheritableVariable(name)) entries.emplace_back(entry);
    }
  }
  return entries;
}

// Replaces clasp with the command (--no-mask); returns only when that fails.
int Exec(std::vector<std::string>& entries, const std::vector<std::string>& command) {
  std::vector<char*> envp;
  for (std::string& e : entries) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  std::vector<std::string> args = command;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  ::execvpe(argv[0], argv.data(), envp.data());
  const int error = errno;
  WipeAll(entries);
  std::cerr << "clasp run-env: cannot run " << TerminalSafe(command[0]) << ": " << std::strerror(error) << "\n";
  return ExecFailureExit(error);
}

// The masker over the run's secret values (plain values are configuration,
// not secrets: masking "production" would shred every transcript).
Result<Masker> SecretMasker(const AssembledRunEnv& run) {
  std::vector<MaskSecret> secrets;
  for (const RunEnvVariable& v : run.env) {
    if (v.secret) secrets.push_back(MaskSecret{v.key, v.value.view()});
  }
  auto masker = Masker::Build(secrets);
  if (masker.ok()) {
    for (std::size_t i : masker.value->skipped()) {
      std::cerr << "clasp run-env: " << TerminalSafe(std::string(secrets[i].env_key)) << " is shorter than "
                << kMinMaskedValueLength << " bytes: not masked\n";
    }
  }
  return masker;
}

// Runs the command as clasp's child, its output masked (masked_exec.h), and
// ends clasp as the command ended.
int ExecMasked(AssembledRunEnv& run, std::vector<std::string>& entries, const std::vector<std::string>& command) {
  auto masker = SecretMasker(run);
  run.env.clear();
  if (!masker.ok()) {
    WipeAll(entries);
    return RuntimeFailure(kCommand, masker.diagnostics);
  }
  for (int fd : {1, 2}) {
    if (::isatty(fd) == 1) {
      std::cerr << "clasp run-env: " << (fd == 1 ? "stdout" : "stderr") << " is a terminal: not masked\n";
    }
  }
  std::cout.flush();
  std::cerr.flush();
  auto ran = RunMasked(*masker.value, command, entries);
  WipeAll(entries);
  if (!ran.ok()) return RuntimeFailure(kCommand, ran.diagnostics);
  if (!ran.value->started) {
    std::cerr << "clasp run-env: cannot run " << TerminalSafe(command[0]) << ": " << std::strerror(ran.value->exec_errno)
              << "\n";
    return ExecFailureExit(ran.value->exec_errno);
  }
  ExitLikeChild(*ran.value);
}

}  // namespace

const char* RunEnvHelp() { return kUsage; }

int RunRunEnv(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  if (!args.positionals.empty()) return UsageError(kCommand, "run-env takes no positional arguments (COMMAND goes after --exec --)");
  const auto agent = args.Value("agent");
  if (!agent || agent->empty()) return UsageError(kCommand, "run-env needs --agent");
  const bool exec = args.Has("exec");
  if (exec && args.after_dashes.empty()) return UsageError(kCommand, "--exec needs a command after --");
  if (!exec && !args.after_dashes.empty()) return UsageError(kCommand, "a command after -- needs --exec");
  if (!exec && args.Has("inherit-env")) return UsageError(kCommand, "--inherit-env needs --exec");
  if (!exec && args.Has("no-mask")) return UsageError(kCommand, "--no-mask needs --exec");
  if (args.Value("home") && args.Value("database-url")) return UsageError(kCommand, "give --home or --database-url, not both");
  // Before anything holds a key or a value (process_hardening.h).
  if (auto hardened = HardenProcessMemory(); !hardened.ok()) return RuntimeFailure(kCommand, hardened.diagnostics);

  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  const MapEnvVars vars = ProcessEnvWith(overrides);
  // The check only reads; --exec writes access events.
  auto store = OpenExistingStore(vars, args.Value("database-url"), exec);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  auto ids = ResolveRunTarget(**store.value, *agent, args.Value("project"));
  if (!ids.ok()) return RuntimeFailure(kCommand, ids.diagnostics);
  const RunEnvRequest request{ids.value->agent_id, ids.value->project_id};
  auto check = CheckRunEnv(**store.value, request);
  if (!check.ok()) return RuntimeFailure(kCommand, check.diagnostics);
  if (!exec) {
    if (args.Has("json")) {
      std::cout << DumpJson(RunEnvReportJson(*check.value), 2) << "\n";
    } else {
      PrintCheck(*check.value);
    }
    return check.value->plan.ok() ? kExitOk : kExitProblems;
  }
  if (!check.value->plan.ok()) return Refused(*check.value, check.value->plan.diagnostics, args.Has("json"));
  auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom(),
                                        StoreKeyHome(vars, args.Value("database-url")));
  auto run = AssembleRunEnv(**store.value, *ciphers, SystemRandom(), SystemClock(), request);
  if (!run.ok()) {
    for (const Diagnostic& d : run.diagnostics) {
      if (d.http_status >= 500) return RuntimeFailure(kCommand, run.diagnostics);
    }
    return Refused(*check.value, run.diagnostics, args.Has("json"));
  }
  // Nothing of clasp's stays open in the command: the store's connection
  // and the cipher go before the exec.
  ciphers.reset();
  store.value->reset();
  auto entries = Environment(*run.value, args.Has("inherit-env"));
  if (!entries) return kExitProblems;
  if (args.Has("no-mask")) {
    run.value->env.clear();
    return Exec(*entries, args.after_dashes);
  }
  return ExecMasked(*run.value, *entries, args.after_dashes);
}

}  // namespace clasp::cli
