// Provider-vault rows as core values and as Paperclip's JSON; error bodies; VAULT-SEL in a transaction.
#include <algorithm>
#include <array>

#include "clasp/env_binding.h"
#include "clasp/native/vault_service.h"
#include "clasp/zod_flatten.h"
#include "clasp/zod_issues.h"

namespace clasp::native {
namespace {

OrderedJson OrNull(const std::optional<std::string>& value) { return value ? OrderedJson(*value) : OrderedJson(); }

// Stored JSON text; text that does not parse is shown as the string it is.
OrderedJson StoredJson(const std::string& text) {
  Result<OrderedJson> parsed = ParseJson(text);
  return parsed.ok() ? std::move(*parsed.value) : OrderedJson(text);
}

const Diagnostic* FirstError(const std::vector<Diagnostic>& diagnostics) {
  const auto it = std::find_if(diagnostics.begin(), diagnostics.end(),
                               [](const Diagnostic& d) { return d.severity == Severity::kError; });
  return it == diagnostics.end() ? nullptr : &*it;
}

// Codes of the strict provider-config schema: the service's 422 re-validation.
bool IsConfigSchemaCode(Code code) {
  static constexpr std::array kCodes = {
      Code::kVaultConfigNotObject,    Code::kVaultConfigSensitiveField, Code::kVaultConfigUnknownField,
      Code::kVaultConfigInvalidField, Code::kVaultConfigNestedCredential, Code::kVaultAddressInvalidUrl,
      Code::kVaultAddressNotOrigin,   Code::kVaultAddressNotString,
  };
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

OrderedJson ErrorBody(std::string_view error) {
  OrderedJson body = OrderedJson::object();
  body["error"] = std::string(error);
  return body;
}

}  // namespace

Result<ProviderVault> ToProviderVault(const ProviderConfigRow& row) {
  Result<OrderedJson> config = ParseJson(row.config);
  OrderedJson shape = OrderedJson::object();
  shape["id"] = row.id;
  shape["companyId"] = row.company_id;
  shape["provider"] = row.provider;
  shape["displayName"] = row.display_name;
  shape["status"] = row.status;
  shape["isDefault"] = row.is_default;
  shape["config"] = config.ok() ? std::move(*config.value) : OrderedJson();
  shape["disabledAt"] = OrNull(row.disabled_at);
  Result<ProviderVault> vault = ParseProviderVault(shape);
  if (!config.ok() || !vault.ok()) {
    return FailResult<ProviderVault>(Code::kStorageError, "Provider vault row " + row.id + " is unreadable");
  }
  return vault;
}

OrderedJson ProviderConfigJson(const ProviderConfigRow& row) {
  OrderedJson out = OrderedJson::object();
  out["id"] = row.id;
  out["companyId"] = row.company_id;
  out["provider"] = row.provider;
  out["displayName"] = row.display_name;
  out["status"] = row.status;
  out["isDefault"] = row.is_default;
  out["config"] = StoredJson(row.config);
  out["healthStatus"] = OrNull(row.health_status);
  out["healthCheckedAt"] = OrNull(row.health_checked_at);
  out["healthMessage"] = OrNull(row.health_message);
  out["healthDetails"] = row.health_details ? StoredJson(*row.health_details) : OrderedJson();
  out["disabledAt"] = OrNull(row.disabled_at);
  out["createdByAgentId"] = OrNull(row.created_by_agent_id);
  out["createdByUserId"] = OrNull(row.created_by_user_id);
  out["createdAt"] = row.created_at;
  out["updatedAt"] = row.updated_at;
  return out;
}

std::optional<OrderedJson> ValidationDetails(const std::vector<Diagnostic>& diagnostics) {
  const Diagnostic* first = FirstError(diagnostics);
  if (first == nullptr || first->http_status != 400) return std::nullopt;
  return zod::IssuesJson(diagnostics);
}

VaultErrorResponse VaultErrorJson(const std::vector<Diagnostic>& diagnostics) {
  const Diagnostic* first = FirstError(diagnostics);
  if (first == nullptr || first->http_status >= 500) return {500, ErrorBody("Internal server error")};
  if (auto details = ValidationDetails(diagnostics)) {
    OrderedJson body = ErrorBody("Validation error");
    body["details"] = std::move(*details);
    return {400, std::move(body)};
  }
  if (first->http_status == 422 && IsConfigSchemaCode(first->code)) {
    OrderedJson body = ErrorBody(kInvalidVaultConfigMessage);
    body["details"] = zod::FlattenJson(zod::IssuesJson(diagnostics));
    return {422, std::move(body)};
  }
  return {first->http_status, ErrorBody(first->message)};
}

OrderedJson VaultHealthJson(const VaultHealthReport& report) {
  OrderedJson details = OrderedJson::object();
  details["code"] = report.health.code;
  details["message"] = report.health.message;
  if (!report.health.guidance.empty()) details["guidance"] = report.health.guidance;
  OrderedJson out = OrderedJson::object();
  out["configId"] = report.row.id;
  out["provider"] = report.row.provider;
  out["status"] = std::string(VaultHealthStatusName(report.health.status));
  out["message"] = report.health.message;
  out["details"] = std::move(details);
  out["checkedAt"] = report.checked_at;
  return out;
}

Status CheckSelectableVaultInTxn(StoreTxn& txn, const std::string& provider_config_id, const std::string& company_id,
                                 const std::string& secret_provider) {
  std::optional<ProviderVault> vault;
  if (IsGuid(provider_config_id)) {
    Result<std::optional<ProviderConfigRow>> row = txn.GetProviderConfig(provider_config_id);
    if (!row.ok()) return Forward<Done>(std::move(row));
    if (*row.value) {
      Result<ProviderVault> parsed = ToProviderVault(**row.value);
      if (!parsed.ok()) return Forward<Done>(std::move(parsed));
      vault = std::move(*parsed.value);
    }
  }
  std::vector<Diagnostic> refusal = CheckSelectableVault(vault ? &*vault : nullptr, company_id, secret_provider);
  if (!refusal.empty()) return Status::Fail(std::move(refusal));
  return OkStatus();
}

}  // namespace clasp::native
