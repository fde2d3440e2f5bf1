// clasp agents list | show: a company's agents, their env keys and where each
// secret ref points, never a value (plain values are not printed at all,
// the JSON is the API's redacted AgentJson).
#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>

#include "cli.h"
#include "clasp/env_binding.h"
#include "clasp/native/env_target_service.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"
#include "lookup.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "agents";

constexpr const char* kUsage =
    "usage: clasp agents list [--company NAME|ID] [--json] [STORE]\n"
    "       clasp agents show AGENT [--company NAME|ID] [--json] [STORE]\n"
    "AGENT: an agent's name or id. --company may be left out when the store has one company.\n"
    "list: every agent of the company but terminated ones (name, id, status, adapter, env counts).\n"
    "show: one agent's env keys: plain (its value is never shown) or the secret it references, with\n"
    "  the secret's name, the version and whether its binding row is there (a ref without one fails\n"
    "  the run pre-dispatch: clasp bindings repair).\n"
    "STORE: --home DIR (SQLite under CLASP_HOME) or --database-url URL / DATABASE_URL (PostgreSQL);\n"
    "  read-only.\n";

struct View {
  CompanyRow company;
  std::vector<AgentRow> agents;
  std::map<std::string, SecretRow> secrets;  // by lower-case id
  std::vector<BindingRow> bindings;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

OrderedJson EnvOf(const AgentRow& agent) {
  auto config = ParseJson(agent.adapter_config);
  if (!config.ok() || !config.value->is_object() || !config.value->contains("env")) return OrderedJson::object();
  const OrderedJson& env = (*config.value)["env"];
  return env.is_object() ? env : OrderedJson::object();
}

Result<View> Read(SecretStore& store, const Args& args, const std::optional<std::string>& agent_ref) {
  return InTransaction<View>(store, [&](StoreTxn& txn) -> Result<View> {
    View view;
    auto company = FindCompanyRef(txn, args.Value("company").value_or(""));
    if (!company.ok()) return Forward<View>(std::move(company));
    view.company = std::move(*company.value);
    if (agent_ref) {
      auto agent = FindAgentRef(txn, view.company.id, *agent_ref);
      if (!agent.ok()) return Forward<View>(std::move(agent));
      view.agents.push_back(std::move(*agent.value));
    } else {
      auto agents = txn.ListAgents(view.company.id);
      if (!agents.ok()) return Forward<View>(std::move(agents));
      for (AgentRow& a : *agents.value) {
        if (a.status != "terminated") view.agents.push_back(std::move(a));
      }
    }
    auto secrets = txn.ListSecrets(view.company.id);
    if (!secrets.ok()) return Forward<View>(std::move(secrets));
    for (SecretRow& s : *secrets.value) view.secrets.emplace(Lower(s.id), std::move(s));
    auto bindings = txn.ListBindings(view.company.id);
    if (!bindings.ok()) return Forward<View>(std::move(bindings));
    view.bindings = std::move(*bindings.value);
    return Result<View>::Ok(std::move(view));
  }, SecretStore::Durability::kReadOnly);
}

std::size_t SecretRefs(const OrderedJson& env) {
  std::size_t n = 0;
  for (const auto& [key, raw] : env.items()) {
    const auto binding = ParseEnvBinding(raw);
    n += binding && binding->type == BindingType::kSecretRef;
  }
  return n;
}

int List(const Args& args, const View& view) {
  if (args.Has("json")) {
    OrderedJson out = OrderedJson::array();
    for (const AgentRow& a : view.agents) out.push_back(AgentJson(a));
    std::cout << DumpJson(out, 2) << "\n";
    return kExitOk;
  }
  for (const AgentRow& a : view.agents) {
    const OrderedJson env = EnvOf(a);
    std::cout << TerminalSafe(a.name) << "\t" << a.id << "\t" << TerminalSafe(a.status) << "\t"
              << TerminalSafe(a.adapter_type) << "\t" << Count(env.size(), "env key", "env keys") << ", "
              << Count(SecretRefs(env), "secret ref", "secret refs") << "\n";
  }
  std::cout << Count(view.agents.size(), "agent", "agents") << " in " << TerminalSafe(view.company.name) << "\n";
  return kExitOk;
}

int Show(const Args& args, const View& view) {
  const AgentRow& agent = view.agents.front();
  std::vector<const BindingRow*> rows;
  for (const BindingRow& b : view.bindings) {
    if (b.target_type == "agent" && Lower(b.target_id) == Lower(agent.id)) rows.push_back(&b);
  }
  if (args.Has("json")) {
    OrderedJson out = AgentJson(agent);
    OrderedJson bindings = OrderedJson::array();
    for (const BindingRow* b : rows) {
      bindings.push_back({{"id", b->id}, {"configPath", b->config_path}, {"secretId", b->secret_id},
                          {"versionSelector", b->version_selector}});
    }
    out["bindings"] = std::move(bindings);
    std::cout << DumpJson(out, 2) << "\n";
    return kExitOk;
  }
  std::cout << "agent " << TerminalSafe(agent.name) << " (" << agent.id << "): " << TerminalSafe(agent.status)
            << ", adapter " << TerminalSafe(agent.adapter_type) << ", company " << TerminalSafe(view.company.name)
            << "\n";
  const OrderedJson env = EnvOf(agent);
  for (const auto& [key, raw] : env.items()) {
    std::cout << "  " << TerminalSafe(key) << "\t";
    const auto binding = ParseEnvBinding(raw);
    if (!binding || binding->type != BindingType::kSecretRef) {
      std::cout << (binding ? "plain" : "invalid") << "\n";
      continue;
    }
    const auto secret = view.secrets.find(Lower(binding->secret_id));
    const std::string name = secret == view.secrets.end() ? "(no such secret)" : TerminalSafe(secret->second.name);
    const bool bound = std::any_of(rows.begin(), rows.end(), [&](const BindingRow* b) { return b->config_path == "env." + key; });
    std::cout << "secret " << name << " (" << TerminalSafe(binding->secret_id) << ") " << VersionSelectorText(binding->version)
              << (bound ? "" : "  NOT BOUND: clasp bindings repair") << "\n";
  }
  std::cout << Count(env.size(), "env key", "env keys") << ", " << Count(SecretRefs(env), "secret ref", "secret refs")
            << ", " << Count(rows.size(), "binding row", "binding rows") << "\n";
  return kExitOk;
}

}  // namespace

const char* AgentsHelp() { return kUsage; }

int RunAgents(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  const std::string sub = args.positionals.front();
  const std::size_t want = sub == "list" ? 1 : 2;
  if (args.positionals.size() != want) {
    return UsageError(kCommand + std::string(" ") + sub, sub == "list" ? "list takes no other arguments" : "show takes one AGENT");
  }
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  auto store = OpenExistingStore(ProcessEnvWith(overrides), args.Value("database-url"), false);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  auto view = Read(**store.value, args, sub == "show" ? std::optional<std::string>(args.positionals[1]) : std::nullopt);
  if (!view.ok()) return RuntimeFailure(kCommand, view.diagnostics);
  return sub == "list" ? List(args, *view.value) : Show(args, *view.value);
}

}  // namespace clasp::cli
