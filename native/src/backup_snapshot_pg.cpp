// The store snapshot of a PostgreSQL source: one REPEATABLE READ READ ONLY
// transaction copied row by row into a fresh SQLite store (backup_internal.h).
#include "backup_internal.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"

namespace clasp::native::backup {
namespace {

// Agents with their API keys (hashes only: a restored home authenticates
// the same tokens, and no token is in the archive).
Status CopyAgents(StoreTxn& from, StoreTxn& to) {
  auto agents = from.ListAgents(std::nullopt);
  if (!agents.ok()) return Forward<Done>(std::move(agents));
  for (const AgentRow& agent : *agents.value) {
    if (auto s = to.InsertAgent(agent); !s.ok()) return s;
    auto keys = from.ListAgentKeys(agent.id);
    if (!keys.ok()) return Forward<Done>(std::move(keys));
    for (const AgentKeyRow& key : *keys.value) {
      if (auto s = to.InsertAgentKey(key); !s.ok()) return s;
    }
  }
  return OkStatus();
}

// Every row clasp's StoreTxn reads, in an order the foreign keys accept.
Status CopyRows(StoreTxn& from, StoreTxn& to, const std::string& now) {
  auto companies = from.ListCompanies();
  if (!companies.ok()) return Forward<Done>(std::move(companies));
  for (const CompanyRow& company : *companies.value) {
    if (auto s = to.InsertCompany(company); !s.ok()) return s;
    auto vaults = from.ListProviderConfigs(company.id);
    if (!vaults.ok()) return Forward<Done>(std::move(vaults));
    for (const ProviderConfigRow& vault : *vaults.value) {
      if (auto s = to.InsertProviderConfig(vault); !s.ok()) return s;
    }
    auto activity = from.ListActivity(company.id);
    if (!activity.ok()) return Forward<Done>(std::move(activity));
    for (const ActivityRow& row : *activity.value) {
      if (auto s = to.InsertActivity(row); !s.ok()) return s;
    }
  }
  if (auto s = CopyAgents(from, to); !s.ok()) return s;
  auto projects = from.ListProjects(std::nullopt);
  if (!projects.ok()) return Forward<Done>(std::move(projects));
  for (const ProjectRow& project : *projects.value) {
    if (auto s = to.InsertProject(project); !s.ok()) return s;
  }
  auto secrets = from.ListAllSecrets(std::nullopt);
  if (!secrets.ok()) return Forward<Done>(std::move(secrets));
  for (const SecretRow& secret : *secrets.value) {
    if (auto s = to.InsertSecret(secret); !s.ok()) return s;
    for (int v = 1; v <= secret.latest_version; ++v) {
      auto version = from.GetVersion(secret.id, v);
      if (!version.ok()) return Forward<Done>(std::move(version));
      if (!*version.value) continue;
      if (auto s = to.InsertVersion(**version.value); !s.ok()) return s;
    }
    auto events = from.ListAccessEvents(secret.id);
    if (!events.ok()) return Forward<Done>(std::move(events));
    for (const AccessEventRow& event : *events.value) {
      if (auto s = to.InsertAccessEvent(event); !s.ok()) return s;
    }
  }
  // BindingRow carries no timestamps: the copies are stamped `now`.
  auto bindings = from.ListBindings(std::nullopt);
  if (!bindings.ok()) return Forward<Done>(std::move(bindings));
  for (const BindingRow& binding : *bindings.value) {
    if (auto s = to.InsertBinding(binding, now); !s.ok()) return s;
  }
  return OkStatus();
}

}  // namespace

Status SnapshotPostgres(const std::string& conninfo, const std::string& dest, const std::string& now) {
  auto source = PgStore::Open(conninfo, PgOpenMode::kReadOnly);
  if (!source.ok()) return Forward<Done>(std::move(source));
  auto target = SqliteStore::Open(dest);
  if (!target.ok()) return Forward<Done>(std::move(target));
  return (*source.value)->Transact([&](StoreTxn& from) {
    return (*target.value)->Transact([&](StoreTxn& to) { return CopyRows(from, to, now); });
  });
}

}  // namespace clasp::native::backup
