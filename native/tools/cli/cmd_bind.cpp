// clasp bind | unbind: one env key of an agent or a project set to a secret
// ref, or removed, through EnvTargetService as PATCH /agents/:id does
// (native/env_bind.h: one transaction, bindings synced, an activity row).
#include <charconv>
#include <iostream>
#include <map>

#include "cli.h"
#include "clasp/env_binding.h"
#include "clasp/native/env_bind.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"
#include "lookup.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kUsage =
    "usage: clasp bind   (--agent NAME|ID | --project NAME|ID) KEY SECRET[@VERSION] [--company NAME|ID]\n"
    "                    [--json] [STORE]\n"
    "       clasp unbind (--agent NAME|ID | --project NAME|ID) KEY [--company NAME|ID] [--json] [STORE]\n"
    "bind: the env entry KEY of the agent (or project) becomes a reference to SECRET (a secret's name,\n"
    "  key or id) at VERSION (a number, or latest: the default, which follows rotations); an entry\n"
    "  already under KEY is replaced. unbind: removes the secret reference under KEY (a plain value is\n"
    "  left alone: unbind refuses it).\n"
    "Both write as PATCH /agents/:id (or /projects/:id) does: the env is checked by the same rules,\n"
    "its binding rows are synced, and one activity_log row records the change, all in one\n"
    "transaction; nothing is written when the env already says so. No value is read or printed.\n"
    "STORE: --home DIR (SQLite under CLASP_HOME) or --database-url URL / DATABASE_URL (PostgreSQL).\n"
    "Exit 0 done (or nothing to do), 1 refused (the env's rules; unbind of a key that holds no secret\n"
    "  reference), 2 usage error or no such company, agent, project or secret, 3 runtime error.\n";

// SECRET[@VERSION] split at the last '@' ("openai@3", "openai@latest",
// "openai"); nullopt when VERSION is not a positive number or latest.
std::optional<std::pair<std::string, SecretVersion>> SecretAndVersion(const std::string& text) {
  const auto at = text.rfind('@');
  if (at == std::string::npos) return std::make_pair(text, SecretVersion{});
  const std::string version = text.substr(at + 1);
  if (version == "latest") return std::make_pair(text.substr(0, at), SecretVersion{});
  std::int64_t n = 0;
  const auto [end, error] = std::from_chars(version.data(), version.data() + version.size(), n);
  if (error != std::errc() || end != version.data() + version.size() || n < 1) return std::nullopt;
  return std::make_pair(text.substr(0, at), SecretVersion{false, n});
}

// The target's id and type and the secret's id, read by name in one snapshot.
Status Resolve(SecretStore& store, const Args& args, const std::optional<std::string>& secret_ref, EnvBindRequest& request,
               std::string& secret_name) {
  return store.Transact([&](StoreTxn& txn) -> Status {
    auto company = FindCompanyRef(txn, args.Value("company").value_or(""));
    if (!company.ok()) return Forward<Done>(std::move(company));
    if (auto agent = args.Value("agent")) {
      auto found = FindAgentRef(txn, company.value->id, *agent);
      if (!found.ok()) return Forward<Done>(std::move(found));
      request.target_type = "agent", request.target_id = found.value->id;
    } else {
      auto found = FindProjectRef(txn, company.value->id, *args.Value("project"));
      if (!found.ok()) return Forward<Done>(std::move(found));
      request.target_type = "project", request.target_id = found.value->id;
    }
    if (!secret_ref) return OkStatus();
    auto secret = FindSecretRef(txn, company.value->id, *secret_ref);
    if (!secret.ok()) return Forward<Done>(std::move(secret));
    request.secret_id = secret.value->id, secret_name = secret.value->name;
    return OkStatus();
  }, SecretStore::Durability::kReadOnly);
}

void Print(const Args& args, const EnvBindRequest& request, const EnvBindOutcome& outcome, const std::string& secret_name) {
  if (args.Has("json")) {
    OrderedJson changes = OrderedJson::array();
    for (const AppliedBindingChange& c : outcome.binding_changes) {
      changes.push_back({{"kind", std::string(BindingChangeKindName(c.kind))}, {"configPath", c.row.config_path},
                         {"secretId", c.row.secret_id}});
    }
    OrderedJson doc = {{"ok", true}, {"targetType", request.target_type}, {"targetId", request.target_id},
                       {"targetName", outcome.target_name}, {"key", request.key}, {"changed", outcome.changed},
                       {"bindingChanges", changes}};
    if (request.secret_id) {
      doc["secretId"] = *request.secret_id, doc["secretName"] = secret_name;
      doc["version"] = VersionJson(request.version);
    }
    std::cout << DumpJson(doc, 2) << "\n";
    return;
  }
  const std::string who = request.target_type + " " + TerminalSafe(outcome.target_name) + " (" + request.target_id + ")";
  if (!outcome.changed) {
    std::cout << "nothing to do: " << who << " env " << TerminalSafe(request.key) << " already says so\n";
    return;
  }
  if (request.secret_id) {
    std::cout << "bound " << who << " env " << TerminalSafe(request.key) << " -> secret " << TerminalSafe(secret_name)
              << " (" << *request.secret_id << ") " << VersionSelectorText(request.version) << "\n";
  } else {
    std::cout << "unbound " << who << " env " << TerminalSafe(request.key) << "\n";
  }
  for (const AppliedBindingChange& c : outcome.binding_changes) {
    std::cout << "  binding " << BindingChangeKindName(c.kind) << " " << TerminalSafe(c.row.config_path) << "\n";
  }
}

int Run(const std::vector<std::string>& argv, const char* command, bool bind) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(command));
  if (parsed.error) return UsageError(command, *parsed.error);
  const Args& args = parsed.args;
  if (args.Has("agent") == args.Has("project")) return UsageError(command, "give --agent NAME|ID or --project NAME|ID");
  const std::size_t want = bind ? 2 : 1;
  if (args.positionals.size() != want) {
    return UsageError(command, bind ? "bind takes KEY SECRET[@VERSION]" : "unbind takes one KEY");
  }
  EnvBindRequest request;
  request.key = args.positionals[0];
  if (!IsValidEnvKey(request.key)) return UsageError(command, "invalid env key '" + TerminalSafe(request.key) + "'");
  std::optional<std::string> secret_ref;
  if (bind) {
    auto split = SecretAndVersion(args.positionals[1]);
    if (!split) return UsageError(command, "the version after @ must be a positive number or latest");
    secret_ref = split->first, request.version = split->second;
  }
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  auto store = OpenExistingStore(ProcessEnvWith(overrides), args.Value("database-url"), true);
  if (!store.ok()) return RuntimeFailure(command, store.diagnostics);
  std::string secret_name;
  if (Status s = Resolve(**store.value, args, secret_ref, request, secret_name); !s.ok()) {
    return RuntimeFailure(command, s.diagnostics);
  }
  // Every name resolved: what the write path turns down is a refusal.
  auto outcome = BindEnvKey(**store.value, SystemRandom(), SystemClock(), EnvWritePolicy{}, request);
  if (!outcome.ok()) {
    return FailureExit(outcome.diagnostics) == kExitRuntime ? RuntimeFailure(command, outcome.diagnostics)
                                                            : ProblemFailure(command, outcome.diagnostics);
  }
  Print(args, request, *outcome.value, secret_name);
  return kExitOk;
}

}  // namespace

const char* BindHelp() { return kUsage; }

int RunBind(const std::vector<std::string>& argv) { return Run(argv, "bind", true); }
int RunUnbind(const std::vector<std::string>& argv) { return Run(argv, "unbind", false); }

}  // namespace clasp::cli
