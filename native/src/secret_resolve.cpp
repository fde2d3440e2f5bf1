// SecretService: env binding sync and resolution with access events (§3.4, §4).
#include "clasp/native/secret_service.h"

#include "binding_apply.h"
#include "clasp/external_ref.h"
#include "clasp/native/aws/aws_runtime.h"
#include "clasp/native/vault_service.h"

namespace clasp::native {
namespace {

// The secret, if it is a company secret of `company_id`: Resolve's first
// three refusals, which Paperclip makes before its try block (no access event).
Result<SecretRow> CompanySecret(StoreTxn& txn, const std::string& company_id, const std::string& secret_id) {
  auto found = txn.GetSecret(secret_id);
  if (!found.ok()) return Forward<SecretRow>(std::move(found));
  if (!*found.value) return FailResult<SecretRow>(Code::kSecretNotFound, "Secret not found");
  if ((*found.value)->company_id != company_id) {
    return FailResult<SecretRow>(Code::kSecretCompanyMismatch, "Secret must belong to same company");
  }
  if ((*found.value)->scope != "company") {
    return FailResult<SecretRow>(Code::kSecretScopeInvalid,
                                 "User-scoped secrets must be resolved through user secret declarations");
  }
  return Result<SecretRow>::Ok(std::move(**found.value));
}

// KEY-5: a local_encrypted version's material opened with the store's key.
Result<SecretBytes> OpenLocalMaterial(StoreTxn& txn, CipherSource& ciphers, const VersionRow& v) {
  auto material_json = ParseJson(v.material);
  if (!material_json.ok()) {
    return FailResult<SecretBytes>(Code::kMaterialInvalid, "Invalid local_encrypted secret material");
  }
  auto material = MaterialFromJson(*material_json.value);
  if (!material.ok()) return Forward<SecretBytes>(std::move(material));
  auto cipher = ciphers.Cipher(txn);
  if (!cipher.ok()) return Forward<SecretBytes>(std::move(cipher));
  return (*cipher.value)->Open(*material.value);
}

// AUD-1: one secret_access_events row; `failure` empty for a success.
Status RecordAccess(StoreTxn& txn, Random& random, const SecretRow& secret, int version, const AccessContext& context,
                    const std::vector<Diagnostic>& failure, const std::string& now) {
  auto event_id = NewUuid(random);
  if (!event_id.ok()) return Forward<Done>(std::move(event_id));
  AccessEventRow e;
  e.id = *event_id.value, e.company_id = secret.company_id, e.secret_id = secret.id, e.version = version;
  e.provider = secret.provider, e.actor_type = context.actor_type, e.actor_id = context.actor_id;
  e.consumer_type = context.event_consumer_type.value_or(context.consumer_type);
  e.consumer_id = context.consumer_id;
  e.config_path = context.config_path, e.issue_id = context.issue_id;
  e.heartbeat_run_id = context.heartbeat_run_id, e.plugin_id = context.plugin_id;
  e.outcome = failure.empty() ? "success" : "failure";
  if (!failure.empty()) e.error_code = AccessErrorCode(failure);
  e.secret_scope = secret.scope, e.responsible_user_id = context.responsible_user_id, e.created_at = now;
  return txn.InsertAccessEvent(e);
}

Result<SecretBytes> ResolveAwsVersion(StoreTxn& txn, const std::string& vault_id, const SecretRow& secret,
                                      const VersionRow& version) {
  auto row = txn.GetProviderConfig(vault_id);
  if (!row.ok()) return Forward<SecretBytes>(std::move(row));
  if (!*row.value) return FailResult<SecretBytes>(Code::kVaultNotFound, "Provider vault not found");
  auto vault = ToProviderVault(**row.value);
  if (!vault.ok()) return Forward<SecretBytes>(std::move(vault));
  auto material = ParseJson(version.material);
  if (!material.ok()) return FailResult<SecretBytes>(Code::kMaterialInvalid, "Invalid AWS Secrets Manager material");
  return aws::AwsRuntime::Process().ResolveVersion(vault.value->config, *material.value, secret.external_ref,
                                                   version.provider_version_ref);
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
    auto changes = ApplyEnvBindingSync(txn, random_, clock_.NowIso8601(), company_id, target, env, options);
    if (!changes.ok()) return Forward<Done>(std::move(changes));
    applied = std::move(*changes.value);
    return Status::Ok(Done{}, std::move(changes.diagnostics));
  });
  if (!status.ok()) return Forward<Out>(std::move(status));
  return Result<Out>::Ok(std::move(*applied), std::move(status.diagnostics));
}

Result<ResolvedSecret> SecretService::Resolve(const std::string& company_id, const std::string& secret_id,
                                              std::optional<int> version, const std::optional<AccessContext>& context) {
  std::optional<Result<ResolvedSecret>> outcome;
  // kRelaxed: this transaction writes only the access event and
  // last_resolved_at, so it need not wait for a disk flush (secret_store.h).
  Status status = store_.Transact([&](StoreTxn& txn) -> Status {
    auto found = CompanySecret(txn, company_id, secret_id);
    if (!found.ok()) return Forward<Done>(std::move(found));
    const SecretRow& secret = *found.value;
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
      // VAULT-SEL at run time, as Paperclip's getSelectableRuntimeProviderConfig:
      // a secret written through a vault that has since been disabled (or
      // moved, or locked) does not resolve.
      if (secret.provider_config_id) {
        auto vault = CheckSelectableVaultInTxn(txn, *secret.provider_config_id, company_id, secret.provider);
        if (!vault.ok()) return Forward<SecretBytes>(std::move(vault));
      }
      // AWS through its vault: GetSecretValue now (aws_runtime.h), inside
      // this transaction so the access event records its outcome.
      if (secret.provider == "aws_secrets_manager" && secret.provider_config_id) {
        return ResolveAwsVersion(txn, *secret.provider_config_id, secret, v);
      }
      // Any other remote provider has no runtime in this process:
      // Paperclip's unavailable-provider answer, recorded as provider_error.
      if (secret.provider != "local_encrypted") {
        return FailResult<SecretBytes>(Code::kProviderNotConfigured, ProviderNotConfiguredMessage(secret.provider));
      }
      return OpenLocalMaterial(txn, ciphers_, v);
    };
    Result<SecretBytes> value = attempt();
    const std::string now = clock_.NowIso8601();
    if (context) {
      if (auto s = RecordAccess(txn, random_, secret, resolved_version, *context, value.diagnostics, now); !s.ok()) {
        return s;
      }
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
  }, SecretStore::Durability::kRelaxed);
  if (!status.ok()) return Forward<ResolvedSecret>(std::move(status));
  return std::move(*outcome);
}

Result<std::vector<SecretService::VersionValue>> SecretService::OpenVersionsForMasking(
    const std::string& company_id, const std::string& secret_id, const AccessContext& context) {
  using Out = std::vector<VersionValue>;
  std::optional<Out> opened;
  Status status = store_.Transact([&](StoreTxn& txn) -> Status {
    auto found = CompanySecret(txn, company_id, secret_id);
    if (!found.ok()) return Forward<Done>(std::move(found));
    const SecretRow& secret = *found.value;
    if (secret.provider != "local_encrypted") {
      return FailStatus(Code::kProviderNotConfigured, ProviderNotConfiguredMessage(secret.provider));
    }
    const std::string now = clock_.NowIso8601();
    Out out;
    for (int n = 1; n <= secret.latest_version; ++n) {
      auto row = txn.GetVersion(secret.id, n);
      if (!row.ok()) return Forward<Done>(std::move(row));
      if (!*row.value || (*row.value)->status == "destroyed" || (*row.value)->material.empty()) continue;
      auto value = OpenLocalMaterial(txn, ciphers_, **row.value);
      if (!value.ok()) return Forward<Done>(std::move(value));
      if (auto s = RecordAccess(txn, random_, secret, n, context, {}, now); !s.ok()) return s;
      out.push_back(VersionValue{n, std::move(*value.value)});
    }
    opened = std::move(out);
    return OkStatus();
  }, SecretStore::Durability::kRelaxed);
  if (!status.ok()) return Forward<Out>(std::move(status));
  return Result<Out>::Ok(std::move(*opened));
}

}  // namespace clasp::native
