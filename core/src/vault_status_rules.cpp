// VLT-D, VAULT-SEL, HLT-1..3: default vault, selection for a secret, health.
#include <algorithm>

#include "clasp/vault_status.h"

namespace clasp {
namespace {

constexpr std::string_view kNotFound = "Provider vault not found";
constexpr std::string_view kLockedGuidance =
    "Draft metadata may be saved, but create, rotate, and resolve stay unavailable.";

}  // namespace

Result<std::vector<ProviderVault>> SetDefaultProviderVault(const std::vector<ProviderVault>& rows,
                                                           std::string_view id) {
  const auto target = std::find_if(rows.begin(), rows.end(), [&](const ProviderVault& row) { return row.id == id; });
  if (target == rows.end()) {
    return Result<std::vector<ProviderVault>>::Fail(MakeDiagnostic(Code::kVaultNotFound, "/id", std::string(kNotFound)));
  }
  if (target->status == VaultStatus::kComingSoon || target->status == VaultStatus::kDisabled) {
    return Result<std::vector<ProviderVault>>::Fail(
        MakeDiagnostic(Code::kVaultDefaultNotAllowed, "/id", std::string(kDefaultNotAllowedMessage)));
  }
  const std::string company = target->company_id;
  const Provider provider = target->provider;
  const auto index = static_cast<std::size_t>(target - rows.begin());
  std::vector<ProviderVault> after = rows;
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (after[i].company_id == company && after[i].provider == provider) after[i].is_default = false;
  }
  after[index].is_default = true;
  return Result<std::vector<ProviderVault>>::Ok(std::move(after));
}

std::vector<Diagnostic> CheckSelectableVault(const ProviderVault* vault, std::string_view company_id,
                                             std::string_view secret_provider) {
  if (vault == nullptr) return {MakeDiagnostic(Code::kVaultNotFound, "/providerConfigId", std::string(kNotFound))};
  if (vault->company_id != company_id) {
    return {MakeDiagnostic(Code::kVaultCompanyMismatch, "/providerConfigId",
                           "Provider vault must belong to same company")};
  }
  if (ProviderName(vault->provider) != secret_provider) {
    return {MakeDiagnostic(Code::kVaultProviderMismatch, "/providerConfigId",
                           "Provider vault must match the secret provider")};
  }
  if (vault->status == VaultStatus::kComingSoon) {
    return {MakeDiagnostic(Code::kVaultSelectedComingSoon, "/providerConfigId",
                           "Provider vault is locked while coming soon")};
  }
  if (vault->status == VaultStatus::kDisabled) {
    return {MakeDiagnostic(Code::kVaultSelectedDisabled, "/providerConfigId", "Provider vault is disabled")};
  }
  return {};
}

std::string_view VaultHealthStatusName(VaultHealthStatus status) {
  switch (status) {
    case VaultHealthStatus::kReady: return "ready";
    case VaultHealthStatus::kWarning: return "warning";
    case VaultHealthStatus::kComingSoon: return "coming_soon";
    case VaultHealthStatus::kDisabled: return "disabled";
    case VaultHealthStatus::kError: break;
  }
  return "error";
}

std::optional<VaultHealth> StaticVaultHealth(Provider provider, VaultStatus status) {
  if (status == VaultStatus::kDisabled) {
    return VaultHealth{VaultHealthStatus::kDisabled, "disabled", "Provider vault is disabled.", {}};
  }
  if (status == VaultStatus::kComingSoon || IsComingSoonProvider(provider)) {
    return VaultHealth{VaultHealthStatus::kComingSoon, "runtime_locked",
                       "Provider vault runtime is locked while coming soon.", {std::string(kLockedGuidance)}};
  }
  return std::nullopt;
}

ModuleHealthStatus ParseModuleHealthStatus(std::string_view status) {
  if (status == "ok") return ModuleHealthStatus::kOk;
  if (status == "error") return ModuleHealthStatus::kError;
  return ModuleHealthStatus::kWarn;
}

VaultHealth MapModuleHealth(VaultStatus row_status, const ModuleHealth& module) {
  VaultHealth health;
  switch (module.status) {
    case ModuleHealthStatus::kOk:
      health.status = row_status == VaultStatus::kWarning ? VaultHealthStatus::kWarning : VaultHealthStatus::kReady;
      break;
    case ModuleHealthStatus::kError: health.status = VaultHealthStatus::kError; break;
    case ModuleHealthStatus::kWarn: health.status = VaultHealthStatus::kWarning; break;
  }
  health.code = module.status == ModuleHealthStatus::kOk ? "provider_ready" : "provider_needs_attention";
  health.message = module.message;
  health.guidance = module.warnings;
  health.guidance.insert(health.guidance.end(), module.backup_guidance.begin(), module.backup_guidance.end());
  return health;
}

}  // namespace clasp
