// SecretService: env binding sync and resolution with access events (§3.4, §4).
#include "clasp/native/secret_service.h"

namespace clasp::native {
namespace {

bool IsSelectable(const SecretRow& s) { return s.status != "deleted"; }

// The SecretMap the planner checks SEC-1 against: every secret the env or the
// current rows name, read in this transaction.
Result<SecretMap> LoadSecretsFor(StoreTxn& txn, const OrderedJson& env, const std::vector<BindingRow>& rows) {
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
    auto row = txn.GetSecret(id);
    if (!row.ok()) return Forward<SecretMap>(std::move(row));
    if (*row.value && IsSelectable(**row.value)) {
      secrets[(*row.value)->id] = SecretInfo{(*row.value)->company_id, (*row.value)->status, (*row.value)->scope};
    }
  }
  return Result<SecretMap>::Ok(std::move(secrets));
}

}  // namespace

std::string AccessErrorCode(const std::vector<Diagnostic>& diagnostics) {
  // AUD-1: only these detail codes survive; everything else (including
  // binding_not_allowed and the class-3 codes) is recorded as provider_error.
  static const Code kPassThrough[] = {Code::kBindingMissing, Code::kSecretDeleted, Code::kSecretInactive,
                                      Code::kVersionMissing, Code::kVersionInactive, Code::kSecretScopeInvalid};
  if (!diagnostics.empty()) {
    for (const Code c : kPassThrough) {
      if (diagnostics.front().code == c) return std::string(CodeName(c));
    }
  }
  return "provider_error";
}

Result<std::vector<AppliedBindingChange>> SecretService::SyncEnvBindings(const std::string& company_id,
                                                                         const BindingTarget& target,
                                                                         const OrderedJson& env,
                                                                         const BindingSyncOptions& options) {
  using Out = std::vector<AppliedBindingChange>;
  std::optional<Out> applied;
  Status status = store_.Transact([&](StoreTxn& txn) -> Status {
    auto rows = txn.ListTargetBindings(company_id, target.target_type, target.target_id);
    if (!rows.ok()) return Forward<Done>(std::move(rows));
    auto secrets = LoadSecretsFor(txn, env, *rows.value);
    if (!secrets.ok()) return Forward<Done>(std::move(secrets));
    Result<BindingPlan> plan = PlanBindingSync(company_id, target, env, *rows.value, *secrets.value, options);
    if (!plan.ok()) return Forward<Done>(std::move(plan));
    const std::string now = clock_.NowIso8601();
    Out out;
    for (const BindingChange& change : plan.value->changes) {
      AppliedBindingChange step{change.kind, change.reason, {}};
      if (change.row != kNoRow) step.row = (*rows.value)[change.row];
      if (change.kind == BindingChangeKind::kDelete) {
        if (auto s = txn.DeleteBinding(step.row.id); !s.ok()) return s;
      } else if (change.kind == BindingChangeKind::kInsert || change.kind == BindingChangeKind::kUpdate) {
        step.row.version_selector = VersionSelectorText(change.version);
        step.row.projection_class = std::string(change.projection_class);
        step.row.projection_allowlist_key = change.projection_allowlist_key
                                                ? std::optional<std::string>(*change.projection_allowlist_key)
                                                : std::nullopt;
        if (change.kind == BindingChangeKind::kUpdate) {
          if (auto s = txn.UpdateBinding(step.row, now); !s.ok()) return s;
        } else {
          auto id = NewUuid(random_);
          if (!id.ok()) return Forward<Done>(std::move(id));
          step.row.id = *id.value, step.row.company_id = company_id, step.row.secret_id = std::string(change.secret_id);
          step.row.target_type = target.target_type, step.row.target_id = target.target_id;
          step.row.config_path = target.path_prefix + "." + std::string(change.env_key);
          if (auto s = txn.InsertBinding(step.row, now); !s.ok()) return s;
        }
      }
      out.push_back(std::move(step));
    }
    applied = std::move(out);
    return Status::Ok(Done{}, std::move(plan.diagnostics));
  });
  if (!status.ok()) return Forward<Out>(std::move(status));
  return Result<Out>::Ok(std::move(*applied), std::move(status.diagnostics));
}

Result<ResolvedSecret> SecretService::Resolve(const std::string& company_id, const std::string& secret_id,
                                              std::optional<int> version, const std::optional<AccessContext>& context) {
  std::optional<Result<ResolvedSecret>> outcome;
  Status status = store_.Transact([&](StoreTxn& txn) -> Status {
    auto found = txn.GetSecret(secret_id);
    if (!found.ok()) return Forward<Done>(std::move(found));
    // These three fail before Paperclip's try block: no access event.
    if (!*found.value) return FailStatus(Code::kSecretNotFound, "Secret not found");
    const SecretRow& secret = **found.value;
    if (secret.company_id != company_id) {
      return FailStatus(Code::kSecretCompanyMismatch, "Secret must belong to same company");
    }
    if (secret.scope != "company") {
      return FailStatus(Code::kSecretScopeInvalid,
                        "User-scoped secrets must be resolved through user secret declarations");
    }
    const int resolved_version = version.value_or(secret.latest_version);
    std::optional<std::string> binding_id;
    auto attempt = [&]() -> Result<SecretBytes> {
      if (secret.status == "deleted") return FailResult<SecretBytes>(Code::kSecretDeleted, "Secret not found");
      if (secret.status != "active") return FailResult<SecretBytes>(Code::kSecretInactive, "Secret is not active");
      if (context) {
        auto rows = txn.ListTargetBindings(company_id, context->consumer_type, context->consumer_id);
        if (!rows.ok()) return Forward<SecretBytes>(std::move(rows));
        const BindingContext bind{context->consumer_type, context->consumer_id, context->config_path,
                                  context->allowed_binding_ids};
        auto verdict = AssertBindingContext(company_id, *rows.value, secret.id, bind);
        if (!verdict.ok()) return Forward<SecretBytes>(std::move(verdict));
        binding_id = verdict.value->binding_id;
      }
      auto row = txn.GetVersion(secret.id, resolved_version);
      if (!row.ok()) return Forward<SecretBytes>(std::move(row));
      if (!*row.value) return FailResult<SecretBytes>(Code::kVersionMissing, "Secret version not found");
      const VersionRow& v = **row.value;
      if (v.status == "disabled" || v.status == "destroyed" || v.revoked_at) {
        return FailResult<SecretBytes>(Code::kVersionInactive, "Secret version is not active");
      }
      auto material_json = ParseJson(v.material);
      if (!material_json.ok()) return FailResult<SecretBytes>(Code::kMaterialInvalid, "Invalid local_encrypted secret material");
      auto material = MaterialFromJson(*material_json.value);
      if (!material.ok()) return Forward<SecretBytes>(std::move(material));
      auto cipher = ciphers_.Cipher();
      if (!cipher.ok()) return Forward<SecretBytes>(std::move(cipher));
      return (*cipher.value)->Open(*material.value);
    };
    Result<SecretBytes> value = attempt();
    const std::string now = clock_.NowIso8601();
    if (context) {
      auto event_id = NewUuid(random_);
      if (!event_id.ok()) return Forward<Done>(std::move(event_id));
      AccessEventRow e;
      e.id = *event_id.value, e.company_id = company_id, e.secret_id = secret.id, e.version = resolved_version;
      e.provider = secret.provider, e.actor_type = context->actor_type, e.actor_id = context->actor_id;
      e.consumer_type = context->consumer_type, e.consumer_id = context->consumer_id;
      e.config_path = context->config_path, e.issue_id = context->issue_id;
      e.heartbeat_run_id = context->heartbeat_run_id, e.plugin_id = context->plugin_id;
      e.outcome = value.ok() ? "success" : "failure";
      if (!value.ok()) e.error_code = AccessErrorCode(value.diagnostics);
      e.secret_scope = secret.scope, e.responsible_user_id = context->responsible_user_id, e.created_at = now;
      if (auto s = txn.InsertAccessEvent(e); !s.ok()) return s;
    }
    if (!value.ok()) {
      outcome = Forward<ResolvedSecret>(std::move(value));
      return OkStatus();  // commit the failure's access event
    }
    SecretRow touched = secret;
    touched.last_resolved_at = now, touched.updated_at = now;
    if (auto s = txn.UpdateSecret(touched); !s.ok()) return s;
    ResolvedSecret r{std::move(*value.value), resolved_version, secret.key, secret.provider, binding_id, std::nullopt};
    if (context && context->config_path && context->config_path->rfind("env.", 0) == 0) {
      r.env_key = context->config_path->substr(4);
    }
    outcome = Result<ResolvedSecret>::Ok(std::move(r));
    return OkStatus();
  });
  if (!status.ok()) return Forward<ResolvedSecret>(std::move(status));
  return std::move(*outcome);
}

}  // namespace clasp::native
