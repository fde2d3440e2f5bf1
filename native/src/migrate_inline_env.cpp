// `clasp secrets migrate-inline-env` (migrate_inline_env.h).
#include "clasp/native/migrate_inline_env.h"

#include <set>

#include "clasp/env_binding.h"
#include "clasp/native/env_target_service.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/portable.h"
#include "clasp/utf8.h"
#include "nested_store.h"

namespace clasp::native {
namespace {

constexpr const char* kMigrationUser = "migration";  // MIG-1's actor
constexpr const char* kMigrationActor = "clasp-migrate-inline-env";

// A candidate with its value, which never leaves this file and is wiped
// when the candidate goes.
struct Pending {
  std::string key;
  std::string value;
  Pending(std::string k, std::string v) : key(std::move(k)), value(std::move(v)) {}
  Pending(Pending&&) = default;
  Pending& operator=(Pending&&) = default;
  ~Pending() { WipeString(&value); }
};

// The agent's env as stored, or null when the config or env is not an object.
OrderedJson StoredEnv(const AgentRow& agent) {
  Result<OrderedJson> config = ParseJson(agent.adapter_config);
  if (!config.ok() || !config.value->is_object()) return nullptr;
  auto env = config.value->find("env");
  if (env == config.value->end() || !env->is_object()) return nullptr;
  return *env;
}

std::vector<Pending> Candidates(const OrderedJson& env, const SensitiveKeyPolicy& policy) {
  std::vector<Pending> out;
  if (!env.is_object()) return out;
  for (auto it = env.begin(); it != env.end(); ++it) {
    if (!policy.IsSensitive(it.key())) continue;
    std::optional<EnvBinding> binding = ParseEnvBinding(it.value());
    if (!binding || binding->type != BindingType::kPlain || EcmaTrim(binding->value).empty()) continue;
    out.emplace_back(it.key(), std::move(binding->value));
    WipeString(&binding->value);
  }
  return out;
}

Status CheckCompany(StoreTxn& txn, const std::string& company_id) {
  auto company = txn.GetCompany(company_id);
  if (!company.ok()) return Forward<Done>(std::move(company));
  if (*company.value) return OkStatus();
  return Status::Fail(Diagnostic{Code::kInputInvalidValue, "/companyId", "Company not found: " + company_id, 404});
}

void Summarise(MigrationReport& report) {
  report.summary = report.apply ? MigrationApplySummary(report.agents_updated, report.secrets_created,
                                                        report.secrets_rotated)
                                : MigrationDryRunSummary(report.agents_updated);
}

Status Audit(StoreTxn& txn, Random& random, const std::string& now, const AgentRow& agent,
             const MigrationCandidate& candidate) {
  auto id = NewUuid(random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value;
  row.company_id = agent.company_id;
  row.actor_id = kMigrationActor;
  row.action = kMigrationActivityAction;
  row.entity_type = "agent";
  row.entity_id = agent.id;
  row.agent_id = agent.id;
  row.details = DumpJson(OrderedJson{{"key", candidate.key},
                                     {"configPath", "env." + candidate.key},
                                     {"secretId", candidate.secret_id},
                                     {"secretName", candidate.secret_name},
                                     {"migration", std::string(MigrationActionName(candidate.action))}});
  row.created_at = now;
  return txn.InsertActivity(row);
}

// One agent, inside the caller's transaction: secrets, env, bindings, audit.
Status MigrateAgent(StoreTxn& txn, CipherSource& ciphers, Random& random, Clock& clock, const std::string& agent_id,
                    const SensitiveKeyPolicy& policy, AgentMigration& out) {
  // Read again inside the transaction: the plan acts on what it writes over.
  auto found = txn.GetAgent(agent_id);
  if (!found.ok()) return Forward<Done>(std::move(found));
  if (!*found.value) return OkStatus();
  const AgentRow& agent = **found.value;
  OrderedJson env = StoredEnv(agent);
  std::vector<Pending> pending = Candidates(env, policy);
  if (pending.empty()) return OkStatus();

  NestedStore nested(txn);
  SecretService secrets(nested, ciphers, random, clock);
  // Migrating only removes plain values; strict mode must not block it
  // over keys that stay plain (see the header).
  EnvTargetService targets(nested, random, clock, EnvWritePolicy{false, policy});
  const Actor actor{std::nullopt, std::string(kMigrationUser)};
  for (Pending& p : pending) {
    MigrationCandidate candidate{p.key, MigratedSecretName(agent.id, p.key), MigrationAction::kCreate, ""};
    auto existing = txn.FindLiveSecretByName(agent.company_id, candidate.secret_name);
    if (!existing.ok()) return Forward<Done>(std::move(existing));
    if (*existing.value) candidate.action = MigrationAction::kRotate;
    Result<SecretRow> written = [&] {
      if (candidate.action == MigrationAction::kRotate) {
        RotateSecretInput input;
        input.value = std::move(p.value);
        Result<SecretRow> rotated = secrets.Rotate((*existing.value)->id, input, actor);
        WipeString(&*input.value);
        return rotated;
      }
      CreateSecretInput input;
      input.name = candidate.secret_name;
      input.value = std::move(p.value);
      input.description = MigratedSecretDescription(agent.id, p.key);
      Result<SecretRow> created = secrets.Create(agent.company_id, input, actor);
      WipeString(&*input.value);
      return created;
    }();
    if (!written.ok()) return Forward<Done>(std::move(written));
    candidate.secret_id = written.value->id;
    env[p.key] = OrderedJson{{"type", "secret_ref"}, {"secretId", candidate.secret_id}, {"version", "latest"}};
    out.candidates.push_back(std::move(candidate));
  }
  auto updated = targets.UpdateAgent(agent.id, OrderedJson{{"adapterConfig", {{"env", env}}}});
  if (!updated.ok()) return Forward<Done>(std::move(updated));
  if (!*updated.value) return FailStatus(Code::kStorageError, std::string(kAgentNotFound));
  out.binding_changes = std::move((*updated.value)->binding_changes);
  const std::string now = clock.NowIso8601();
  for (const MigrationCandidate& candidate : out.candidates) {
    if (Status s = Audit(txn, random, now, agent, candidate); !s.ok()) return s;
  }
  out.migrated = true;
  return OkStatus();
}

}  // namespace

std::string_view MigrationActionName(MigrationAction action) {
  return action == MigrationAction::kCreate ? "create" : "rotate";
}

bool MigrationReport::failed() const {
  for (const AgentMigration& agent : agents) {
    if (!agent.errors.empty()) return true;
  }
  return false;
}

Result<MigrationReport> PlanInlineEnvMigration(SecretStore& store, const std::string& company_id,
                                               const SensitiveKeyPolicy& policy) {
  MigrationReport report;
  Status read = store.Transact([&](StoreTxn& txn) -> Status {
    report = MigrationReport{};
    report.company_id = company_id;
    if (Status s = CheckCompany(txn, company_id); !s.ok()) return s;
    auto agents = txn.ListAgents(company_id);
    if (!agents.ok()) return Forward<Done>(std::move(agents));
    std::set<std::string> planned;  // names this run would have created by then
    for (const AgentRow& agent : *agents.value) {
      AgentMigration entry;
      entry.agent_id = agent.id, entry.agent_name = agent.name;
      for (const Pending& p : Candidates(StoredEnv(agent), policy)) {
        MigrationCandidate candidate{p.key, MigratedSecretName(agent.id, p.key), MigrationAction::kCreate, ""};
        auto existing = txn.FindLiveSecretByName(company_id, candidate.secret_name);
        if (!existing.ok()) return Forward<Done>(std::move(existing));
        if (*existing.value) {
          candidate.action = MigrationAction::kRotate;
          candidate.secret_id = (*existing.value)->id;
        } else {
          candidate.action = planned.insert(candidate.secret_name).second ? MigrationAction::kCreate
                                                                           : MigrationAction::kRotate;
          candidate.secret_id = MigrationDryRunSecretId(candidate.secret_name);
        }
        ++(candidate.action == MigrationAction::kCreate ? report.secrets_created : report.secrets_rotated);
        entry.candidates.push_back(std::move(candidate));
      }
      if (entry.candidates.empty()) continue;
      ++report.agents_updated;
      report.agents.push_back(std::move(entry));
    }
    return OkStatus();
  });
  if (!read.ok()) return Forward<MigrationReport>(std::move(read));
  Summarise(report);
  return Result<MigrationReport>::Ok(std::move(report));
}

Result<MigrationReport> ApplyInlineEnvMigration(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                                                const std::string& company_id, const SensitiveKeyPolicy& policy) {
  std::vector<AgentRow> agents;
  Status listed = store.Transact([&](StoreTxn& txn) -> Status {
    if (Status s = CheckCompany(txn, company_id); !s.ok()) return s;
    auto rows = txn.ListAgents(company_id);
    if (!rows.ok()) return Forward<Done>(std::move(rows));
    agents = std::move(*rows.value);
    return OkStatus();
  });
  if (!listed.ok()) return Forward<MigrationReport>(std::move(listed));
  MigrationReport report;
  report.company_id = company_id, report.apply = true;
  for (const AgentRow& agent : agents) {
    // Cheap pre-filter; MigrateAgent decides on the row it re-reads.
    if (Candidates(StoredEnv(agent), policy).empty()) continue;
    AgentMigration entry;
    const Status status = store.Transact([&](StoreTxn& txn) -> Status {
      // PostgreSQL may run the body again after a conflict: start afresh.
      entry = AgentMigration{};
      entry.agent_id = agent.id, entry.agent_name = agent.name;
      return MigrateAgent(txn, ciphers, random, clock, agent.id, policy, entry);
    });
    if (!status.ok()) {
      entry.migrated = false;
      entry.binding_changes.clear();
      entry.errors = status.diagnostics;
      for (MigrationCandidate& c : entry.candidates) c.secret_id.clear();  // rolled back: those ids do not exist
    }
    if (entry.migrated) {
      ++report.agents_updated;
      for (const MigrationCandidate& c : entry.candidates) {
        ++(c.action == MigrationAction::kCreate ? report.secrets_created : report.secrets_rotated);
      }
    }
    if (entry.migrated || !entry.errors.empty()) report.agents.push_back(std::move(entry));
  }
  Summarise(report);
  return Result<MigrationReport>::Ok(std::move(report));
}

OrderedJson MigrationReportJson(const MigrationReport& report) {
  OrderedJson agents = OrderedJson::array();
  for (const AgentMigration& agent : report.agents) {
    OrderedJson candidates = OrderedJson::array();
    for (const MigrationCandidate& c : agent.candidates) {
      candidates.push_back({{"key", c.key},
                            {"secretName", c.secret_name},
                            {"action", std::string(MigrationActionName(c.action))},
                            {"secretId", c.secret_id.empty() ? OrderedJson(nullptr) : OrderedJson(c.secret_id)}});
    }
    OrderedJson entry = {{"agentId", agent.agent_id}, {"agentName", agent.agent_name}};
    if (report.apply) entry["migrated"] = agent.migrated;
    entry["candidates"] = std::move(candidates);
    if (report.apply && agent.migrated) {
      OrderedJson changes = OrderedJson::array();
      for (const AppliedBindingChange& change : agent.binding_changes) {
        changes.push_back({{"kind", std::string(BindingChangeKindName(change.kind))},
                           {"configPath", change.row.config_path},
                           {"secretId", change.row.secret_id}});
      }
      entry["bindingChanges"] = std::move(changes);
    }
    if (!agent.errors.empty()) {
      OrderedJson errors = OrderedJson::array();
      for (const Diagnostic& d : agent.errors) {
        errors.push_back({{"code", std::string(CodeName(d.code))}, {"path", d.path}, {"message", d.message}});
      }
      entry["errors"] = std::move(errors);
    }
    agents.push_back(std::move(entry));
  }
  return OrderedJson{{"companyId", report.company_id},
                     {"apply", report.apply},
                     {"agentsToUpdate", report.agents_updated},
                     {"secretsToCreate", report.secrets_created},
                     {"secretsToRotate", report.secrets_rotated},
                     {"summary", report.summary},
                     {"ok", !report.failed()},
                     {"agents", std::move(agents)}};
}

}  // namespace clasp::native
