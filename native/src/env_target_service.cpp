// EnvTargetService: agents' and projects' env writes (validation, redaction,
// SEC-1, binding sync) in one transaction each.
#include "clasp/native/env_target_service.h"

#include <map>
#include <utility>

#include "binding_apply.h"
#include "clasp/binding_context.h"
#include "clasp/env_normalize.h"
#include "clasp/env_redaction.h"
#include "env_target_body.h"

namespace clasp::native {
namespace {

// Request bodies as deep as the HTTP parser lets through (json_input.h).
constexpr int kMaxBodyDepth = 64;

// ADAPTER_AGNOSTIC_KEYS: carried over when an agent changes adapter type.
constexpr std::string_view kAdapterAgnosticKeys[] = {"env",     "promptTemplate", "instructionsFilePath",
                                                     "cwd",     "timeoutSec",     "graceSec",
                                                     "bootstrapPromptTemplate", "paperclipSkillSync"};

Status CheckDepth(const OrderedJson& body) {
  if (!NestedDeeperThan(body, kMaxBodyDepth)) return OkStatus();
  return FailStatus(Code::kInputTooDeep, "Input nests deeper than " + std::to_string(kMaxBodyDepth) + " levels");
}

// Rows clasp wrote hold one JSON object; anything else (a foreign writer's
// text) reads as nullopt.
std::optional<OrderedJson> StoredObject(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  JsonLimits limits;
  limits.max_object_members = static_cast<std::size_t>(1) << 24;
  auto parsed = ParseJson(*text, limits);
  if (!parsed.ok() || !parsed.value->is_object()) return std::nullopt;
  return std::move(*parsed.value);
}

// A stored env that is not an object (a foreign writer's) restores nothing.
OrderedJson StoredEnv(const OrderedJson& holder, std::string_view member) {
  auto it = holder.find(member);
  return it == holder.end() ? OrderedJson() : *it;
}

// NormalizeEnv, then SEC-1 on every secret_ref entry NormalizeEnv accepted,
// the diagnostics merged in env entry order so the first is the one
// Paperclip (which stops at the first bad entry) would answer.
Result<NormalizedEnv> NormalizeOwnedEnv(StoreTxn& txn, const std::string& company_id, const OrderedJson& env,
                                        const EnvNormalizeOptions& options) {
  Result<NormalizedEnv> normalized = NormalizeEnv(env, options);
  if (!env.is_object()) return normalized;
  auto secrets = LoadReferencedSecrets(txn, env, {});
  if (!secrets.ok()) return Forward<NormalizedEnv>(std::move(secrets));
  std::string root;
  for (std::size_t start = 0;;) {
    const std::size_t dot = options.field_path.find('.', start);
    root = JsonPointerAppend(root, options.field_path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::map<std::string, std::vector<Diagnostic>> by_path;
  for (Diagnostic& d : normalized.diagnostics) by_path[d.path].push_back(std::move(d));
  std::vector<Diagnostic> merged;
  bool sec1_failed = false;
  for (const auto& entry : JsObjectEntries(env)) {
    const std::string path = JsonPointerAppend(root, entry.key());
    if (auto found = by_path.find(path); found != by_path.end()) {
      for (Diagnostic& d : found->second) merged.push_back(std::move(d));
      by_path.erase(found);
      continue;
    }
    std::optional<EnvBinding> b = ParseEnvBinding(entry.value());
    if (!b || b->type != BindingType::kSecretRef) continue;
    if (std::optional<Diagnostic> d = CheckSecretInCompany(company_id, b->secret_id, *secrets.value)) {
      d->path = path;
      merged.push_back(std::move(*d));
      sec1_failed = true;
    }
  }
  for (auto& [path, rest] : by_path) {
    for (Diagnostic& d : rest) merged.push_back(std::move(d));
  }
  if (sec1_failed) normalized.value.reset();
  return Result<NormalizedEnv>{std::move(normalized.value), std::move(merged)};
}

// The env a write syncs from: the stored one, or {} when the target has none
// (its env is the truth, so no env means no env.* bindings).
OrderedJson EnvForSync(const std::optional<OrderedJson>& env) {
  return env && env->is_object() ? *env : OrderedJson::object();
}

Result<std::vector<AppliedBindingChange>> Sync(StoreTxn& txn, Random& random, const std::string& now,
                                               const std::string& company_id, const std::string& target_type,
                                               const std::string& target_id, const OrderedJson& env) {
  BindingSyncOptions options;
  options.replace_all = true;
  return ApplyEnvBindingSync(txn, random, now, company_id, BindingTarget{target_type, target_id, "env"}, env,
                             options);
}

EnvNormalizeOptions EnvOptionsFor(const EnvWritePolicy& policy, std::string field_path) {
  EnvNormalizeOptions o;
  o.strict_mode = policy.strict_mode;
  o.field_path = std::move(field_path);
  o.policy = policy.policy;
  return o;
}

}  // namespace

Result<std::optional<AgentWrite>> EnvTargetService::CreateAgent(const std::string& company_id,
                                                                const OrderedJson& body) {
  using Out = std::optional<AgentWrite>;
  if (Status s = CheckDepth(body); !s.ok()) return Forward<Out>(std::move(s));
  Result<AgentBody> parsed = ParseAgentBody(body, true);
  if (!parsed.ok()) return Forward<Out>(std::move(parsed));
  AgentBody& in = *parsed.value;
  return InTransaction<Out>(store_, [&](StoreTxn& txn) -> Result<Out> {
    auto company = txn.GetCompany(company_id);
    if (!company.ok()) return Forward<Out>(std::move(company));
    if (!*company.value) return Result<Out>::Ok(std::nullopt);
    OrderedJson config = std::move(*in.adapter_config);
    if (auto env = config.find("env"); env != config.end()) {
      auto normalized = NormalizeOwnedEnv(txn, company_id, *env, EnvOptionsFor(policy_, "adapterConfig.env"));
      if (!normalized.ok()) return Forward<Out>(std::move(normalized));
      *env = std::move(normalized.value->json);
    }
    auto id = NewUuid(random_);
    if (!id.ok()) return Forward<Out>(std::move(id));
    const std::string now = clock_.NowIso8601();
    AgentRow row;
    row.id = *id.value, row.company_id = company_id, row.name = *in.name, row.role = *in.role;
    row.title = in.title ? *in.title : std::nullopt;
    row.status = "idle", row.adapter_type = *in.adapter_type, row.adapter_config = DumpJson(config);
    row.created_at = now, row.updated_at = now;
    if (auto s = txn.InsertAgent(row); !s.ok()) return Forward<Out>(std::move(s));
    auto changes = Sync(txn, random_, now, company_id, "agent", row.id, EnvForSync(StoredEnv(config, "env")));
    if (!changes.ok()) return Forward<Out>(std::move(changes));
    return Result<Out>::Ok(AgentWrite{std::move(row), std::move(*changes.value)}, std::move(changes.diagnostics));
  });
}

Result<std::optional<AgentRow>> EnvTargetService::GetAgent(const std::string& id) {
  using Out = std::optional<AgentRow>;
  return InTransaction<Out>(
      store_, [&](StoreTxn& txn) { return txn.GetAgent(id); }, SecretStore::Durability::kReadOnly);
}

Result<std::vector<AgentRow>> EnvTargetService::ListAgents(const std::string& company_id) {
  using Out = std::vector<AgentRow>;
  return InTransaction<Out>(store_, [&](StoreTxn& txn) -> Result<Out> {
    auto rows = txn.ListAgents(company_id);
    if (!rows.ok()) return rows;
    Out out;
    for (AgentRow& r : *rows.value) {
      if (r.status != "terminated") out.push_back(std::move(r));
    }
    return Result<Out>::Ok(std::move(out));
  });
}

Result<std::optional<AgentWrite>> EnvTargetService::UpdateAgent(const std::string& id, const OrderedJson& patch) {
  using Out = std::optional<AgentWrite>;
  if (Status s = CheckDepth(patch); !s.ok()) return Forward<Out>(std::move(s));
  Result<AgentBody> parsed = ParseAgentBody(patch, false);
  if (!parsed.ok()) return Forward<Out>(std::move(parsed));
  AgentBody& in = *parsed.value;
  return InTransaction<Out>(store_, [&](StoreTxn& txn) -> Result<Out> {
    auto found = txn.GetAgent(id);
    if (!found.ok()) return Forward<Out>(std::move(found));
    if (!*found.value) return Result<Out>::Ok(std::nullopt);
    AgentRow row = std::move(**found.value);
    const bool touches_config = in.adapter_type.has_value() || in.adapter_config.has_value();
    const std::string now = clock_.NowIso8601();
    if (touches_config) {
      const OrderedJson existing = StoredObject(row.adapter_config).value_or(OrderedJson::object());
      const bool changing_type = in.adapter_type && *in.adapter_type != row.adapter_type;
      OrderedJson config;
      if (in.adapter_config) {
        config = std::move(*in.adapter_config);
        if (auto env = config.find("env"); env != config.end()) {
          *env = RestoreRedactedEnv(*env, StoredEnv(existing, "env"));
        }
        if (!changing_type && !in.replace_adapter_config) {
          OrderedJson merged = existing;
          for (auto it = config.begin(); it != config.end(); ++it) merged[it.key()] = std::move(it.value());
          config = std::move(merged);
        }
      } else {
        config = changing_type ? OrderedJson::object() : existing;
      }
      if (changing_type) {
        for (const std::string_view key : kAdapterAgnosticKeys) {
          auto kept = existing.find(key);
          if (!config.contains(key) && kept != existing.end()) config[std::string(key)] = *kept;
        }
      }
      if (auto env = config.find("env"); env != config.end()) {
        auto normalized = NormalizeOwnedEnv(txn, row.company_id, *env, EnvOptionsFor(policy_, "adapterConfig.env"));
        if (!normalized.ok()) return Forward<Out>(std::move(normalized));
        *env = std::move(normalized.value->json);
      }
      row.adapter_config = DumpJson(config);
      if (in.adapter_type) row.adapter_type = *in.adapter_type;
    }
    if (in.name) row.name = *in.name;
    if (in.role) row.role = *in.role;
    if (in.title) row.title = *in.title;
    if (in.status) row.status = *in.status;
    row.updated_at = now;
    if (auto s = txn.UpdateAgent(row); !s.ok()) return Forward<Out>(std::move(s));
    std::vector<AppliedBindingChange> changes;
    std::vector<Diagnostic> warnings;
    if (touches_config) {
      const std::optional<OrderedJson> config = StoredObject(row.adapter_config);
      auto applied = Sync(txn, random_, now, row.company_id, "agent", row.id,
                          EnvForSync(config ? StoredEnv(*config, "env") : OrderedJson()));
      if (!applied.ok()) return Forward<Out>(std::move(applied));
      changes = std::move(*applied.value), warnings = std::move(applied.diagnostics);
    }
    return Result<Out>::Ok(AgentWrite{std::move(row), std::move(changes)}, std::move(warnings));
  });
}

Result<std::optional<ProjectWrite>> EnvTargetService::CreateProject(const std::string& company_id,
                                                                    const OrderedJson& body) {
  using Out = std::optional<ProjectWrite>;
  if (Status s = CheckDepth(body); !s.ok()) return Forward<Out>(std::move(s));
  Result<ProjectBody> parsed = ParseProjectBody(body, true);
  if (!parsed.ok()) return Forward<Out>(std::move(parsed));
  ProjectBody& in = *parsed.value;
  return InTransaction<Out>(store_, [&](StoreTxn& txn) -> Result<Out> {
    auto company = txn.GetCompany(company_id);
    if (!company.ok()) return Forward<Out>(std::move(company));
    if (!*company.value) return Result<Out>::Ok(std::nullopt);
    std::optional<OrderedJson> env;
    if (in.env) {
      auto normalized = NormalizeOwnedEnv(txn, company_id, *in.env, EnvOptionsFor(policy_, "env"));
      if (!normalized.ok()) return Forward<Out>(std::move(normalized));
      env = std::move(normalized.value->json);
    }
    auto id = NewUuid(random_);
    if (!id.ok()) return Forward<Out>(std::move(id));
    const std::string now = clock_.NowIso8601();
    ProjectRow row;
    row.id = *id.value, row.company_id = company_id, row.name = *in.name, row.status = *in.status;
    row.description = in.description ? *in.description : std::nullopt;
    if (env) row.env = DumpJson(*env);
    row.created_at = now, row.updated_at = now;
    if (auto s = txn.InsertProject(row); !s.ok()) return Forward<Out>(std::move(s));
    auto changes = Sync(txn, random_, now, company_id, "project", row.id, EnvForSync(env));
    if (!changes.ok()) return Forward<Out>(std::move(changes));
    return Result<Out>::Ok(ProjectWrite{std::move(row), std::move(*changes.value)}, std::move(changes.diagnostics));
  });
}

Result<std::optional<ProjectRow>> EnvTargetService::GetProject(const std::string& id) {
  using Out = std::optional<ProjectRow>;
  return InTransaction<Out>(
      store_, [&](StoreTxn& txn) { return txn.GetProject(id); }, SecretStore::Durability::kReadOnly);
}

Result<std::vector<ProjectRow>> EnvTargetService::ListProjects(const std::string& company_id) {
  using Out = std::vector<ProjectRow>;
  return InTransaction<Out>(
      store_, [&](StoreTxn& txn) { return txn.ListProjects(company_id); }, SecretStore::Durability::kReadOnly);
}

Result<std::optional<ProjectWrite>> EnvTargetService::UpdateProject(const std::string& id, const OrderedJson& patch) {
  using Out = std::optional<ProjectWrite>;
  if (Status s = CheckDepth(patch); !s.ok()) return Forward<Out>(std::move(s));
  Result<ProjectBody> parsed = ParseProjectBody(patch, false);
  if (!parsed.ok()) return Forward<Out>(std::move(parsed));
  ProjectBody& in = *parsed.value;
  return InTransaction<Out>(store_, [&](StoreTxn& txn) -> Result<Out> {
    auto found = txn.GetProject(id);
    if (!found.ok()) return Forward<Out>(std::move(found));
    if (!*found.value) return Result<Out>::Ok(std::nullopt);
    ProjectRow row = std::move(**found.value);
    const std::string now = clock_.NowIso8601();
    std::optional<OrderedJson> env;
    if (in.env) {
      const OrderedJson restored = RestoreRedactedEnv(*in.env, StoredObject(row.env).value_or(OrderedJson()));
      auto normalized = NormalizeOwnedEnv(txn, row.company_id, restored, EnvOptionsFor(policy_, "env"));
      if (!normalized.ok()) return Forward<Out>(std::move(normalized));
      env = std::move(normalized.value->json);
      row.env = DumpJson(*env);
    }
    if (in.name) row.name = *in.name;
    if (in.description) row.description = *in.description;
    if (in.status) row.status = *in.status;
    row.updated_at = now;
    if (auto s = txn.UpdateProject(row); !s.ok()) return Forward<Out>(std::move(s));
    std::vector<AppliedBindingChange> changes;
    std::vector<Diagnostic> warnings;
    if (env) {
      auto applied = Sync(txn, random_, now, row.company_id, "project", row.id, *env);
      if (!applied.ok()) return Forward<Out>(std::move(applied));
      changes = std::move(*applied.value), warnings = std::move(applied.diagnostics);
    }
    return Result<Out>::Ok(ProjectWrite{std::move(row), std::move(changes)}, std::move(warnings));
  });
}

}  // namespace clasp::native
