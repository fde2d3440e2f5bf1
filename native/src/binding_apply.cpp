#include "binding_apply.h"

#include <optional>
#include <utility>

namespace clasp::native {

Result<SecretMap> LoadReferencedSecrets(StoreTxn& txn, const OrderedJson& env, const std::vector<BindingRow>& rows) {
  std::vector<std::string> ids;
  for (const BindingRow& r : rows) ids.push_back(r.secret_id);
  if (env.is_object()) {
    for (const auto& [key, raw] : env.items()) {
      if (std::optional<EnvBinding> b = ParseEnvBinding(raw); b && b->type == BindingType::kSecretRef) {
        ids.push_back(b->secret_id);
      }
    }
  }
  SecretMap secrets;
  for (const std::string& id : ids) {
    if (FindSecret(secrets, id)) continue;
    auto row = txn.GetSecret(id);
    if (!row.ok()) return Forward<SecretMap>(std::move(row));
    if (*row.value && (*row.value)->status != "deleted") {
      secrets[(*row.value)->id] = SecretInfo{(*row.value)->company_id, (*row.value)->status, (*row.value)->scope};
    }
  }
  return Result<SecretMap>::Ok(std::move(secrets));
}

namespace {

// Whether any entry claims to be a user_secret_ref: a look at "type" only,
// since the planner parses every entry anyway and a false alarm costs one
// query.
bool HasUserSecretRef(const OrderedJson& env) {
  if (!env.is_object()) return false;
  for (const auto& [key, raw] : env.items()) {
    if (!raw.is_object()) continue;
    const auto type = raw.find("type");
    if (type != raw.end() && type->is_string() && type->get_ref<const std::string&>() == "user_secret_ref") return true;
  }
  return false;
}

// The plan's declarations, with ids, in place of the target's under "<prefix>.".
Status ReplaceDeclarations(StoreTxn& txn, Random& random, const std::string& now, const std::string& company_id,
                           const BindingTarget& target, std::vector<UserSecretDeclaration> rows) {
  for (UserSecretDeclaration& d : rows) {
    auto id = NewUuid(random);
    if (!id.ok()) return Forward<Done>(std::move(id));
    d.id = *id.value;
  }
  return txn.ReplaceUserSecretDeclarations(company_id, target, rows, now);
}

}  // namespace

Result<std::vector<AppliedBindingChange>> ApplyEnvBindingSync(StoreTxn& txn, Random& random, const std::string& now,
                                                              const std::string& company_id,
                                                              const BindingTarget& target, const OrderedJson& env,
                                                              const BindingSyncOptions& options) {
  using Out = std::vector<AppliedBindingChange>;
  auto rows = txn.ListTargetBindings(company_id, target.target_type, target.target_id);
  if (!rows.ok()) return Forward<Out>(std::move(rows));
  auto secrets = LoadReferencedSecrets(txn, env, *rows.value);
  if (!secrets.ok()) return Forward<Out>(std::move(secrets));
  // Definitions are read only for an env that names one: most never do.
  std::vector<UserSecretDefinition> definitions;
  if (HasUserSecretRef(env)) {
    auto listed = txn.ListUserSecretDefinitions(company_id);
    if (!listed.ok()) return Forward<Out>(std::move(listed));
    definitions = std::move(*listed.value);
  }
  Result<BindingPlan> plan =
      PlanBindingSync(company_id, target, env, *rows.value, *secrets.value, options, definitions);
  if (!plan.ok()) return Forward<Out>(std::move(plan));
  Out out;
  for (const BindingChange& change : plan.value->changes) {
    AppliedBindingChange step{change.kind, change.reason, {}};
    if (change.row != kNoRow) step.row = (*rows.value)[change.row];
    if (change.kind == BindingChangeKind::kDelete) {
      if (auto s = txn.DeleteBinding(step.row.id); !s.ok()) return Forward<Out>(std::move(s));
    } else if (change.kind == BindingChangeKind::kInsert || change.kind == BindingChangeKind::kUpdate) {
      step.row.version_selector = VersionSelectorText(change.version);
      step.row.projection_class = std::string(change.projection_class);
      step.row.projection_allowlist_key = change.projection_allowlist_key
                                              ? std::optional<std::string>(*change.projection_allowlist_key)
                                              : std::nullopt;
      if (change.kind == BindingChangeKind::kUpdate) {
        if (auto s = txn.UpdateBinding(step.row, now); !s.ok()) return Forward<Out>(std::move(s));
      } else {
        auto id = NewUuid(random);
        if (!id.ok()) return Forward<Out>(std::move(id));
        step.row.id = *id.value, step.row.company_id = company_id, step.row.secret_id = std::string(change.secret_id);
        step.row.target_type = target.target_type, step.row.target_id = target.target_id;
        step.row.config_path = target.path_prefix + "." + std::string(change.env_key);
        if (auto s = txn.InsertBinding(step.row, now); !s.ok()) return Forward<Out>(std::move(s));
      }
    }
    out.push_back(std::move(step));
  }
  // After the binding writes, which hold the target's lock when they change anything.
  if (plan.value->replaces_declarations) {
    Status s = ReplaceDeclarations(txn, random, now, company_id, target, std::move(plan.value->declarations));
    if (!s.ok()) return Forward<Out>(std::move(s));
  }
  return Result<Out>::Ok(std::move(out), std::move(plan.diagnostics));
}

}  // namespace clasp::native
