// clasp/vault_status.h — VLT-1..4, VLT-D, VAULT-SEL, HLT-1..3: the life of a
// provider vault row (company_secret_provider_configs) as pure transitions.
//
// Every function takes the current rows as plain values and returns the rows
// to write, or Paperclip's exact refusal (message and HTTP status). Nothing
// here reads a clock: where Paperclip stamps `new Date()`, clasp says so with
// DisabledAtChange::kStamp and the caller writes its own time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"
#include "clasp/result.h"
#include "clasp/vault_config.h"

namespace clasp {

// SECRET_PROVIDER_CONFIG_STATUSES, in Paperclip's order.
enum class VaultStatus { kReady, kWarning, kComingSoon, kDisabled };

//   ParseVaultStatus("coming_soon") -> kComingSoon;  ParseVaultStatus("Ready") -> nullopt
std::optional<VaultStatus> ParseVaultStatus(std::string_view name);
std::string_view VaultStatusName(VaultStatus status);
const std::vector<std::string_view>& VaultStatusNames();

// VLT-1: gcp_secret_manager and vault are pinned "coming soon"
// (COMING_SOON_SECRET_PROVIDERS); their vaults default to coming_soon, the
// others to ready.
//   IsComingSoonProvider(kVault) == true;  DefaultVaultStatus(kAwsSecretsManager) == kReady
bool IsComingSoonProvider(Provider provider);
VaultStatus DefaultVaultStatus(Provider provider);

// One row. `disabled_at` is the stored timestamp, opaque to clasp.
struct ProviderVault {
  std::string id;
  std::string company_id;
  Provider provider = Provider::kLocalEncrypted;
  std::string display_name;
  VaultStatus status = VaultStatus::kReady;
  bool is_default = false;
  OrderedJson config = OrderedJson::object();
  std::optional<std::string> disabled_at;
};

// Reads a row in Paperclip's JSON shape {id, companyId, provider, displayName,
// status, isDefault, config, disabledAt}; absent fields take the defaults above.
//   {"provider":"vault","status":"coming_soon"} -> ok
//   {"provider":"hashicorp"}                    -> vault_provider_unknown at /provider
Result<ProviderVault> ParseProviderVault(const OrderedJson& row);

enum class DisabledAtChange {
  kKeep,   // leave the stored disabled_at as it is
  kStamp,  // set disabled_at to the caller's current time
  kClear,  // set disabled_at to null
};

inline constexpr std::string_view kInvalidVaultConfigMessage = "Invalid provider vault config";
inline constexpr std::string_view kDefaultNotAllowedMessage = "Only ready or warning provider vaults can be default";

// The answer to a create, update or disable.
struct VaultWrite {
  bool ok = false;
  // What Paperclip's route answers: 201/200, 400 when its zod schema (run by
  // the route's validator) rejects the body, 422 for the service's rules.
  int http_status = 0;
  // The service's message when !ok: kInvalidVaultConfigMessage for schema
  // failures (the route's own body says "Validation error" with the same
  // issues), otherwise the rule's message.
  std::string error;
  // Paperclip's flattened zod messages, in its order, for schema failures.
  std::vector<std::string> errors;
  std::vector<Diagnostic> diagnostics;
  ProviderVault row;                   // the row to write, when ok (on create, id is left for the caller)
  bool clears_other_defaults = false;  // unset is_default on every row with this company and provider
  DisabledAtChange disabled_at = DisabledAtChange::kClear;
};

// VLT-2: createSecretProviderConfigSchema then createProviderConfig.
// request = {provider, displayName, status?, isDefault?, config?}; config
// defaults to {} (so an AWS vault without a region fails), status to the
// VLT-1 default. Rejections, all collected in schema order:
// "<provider> provider vaults are locked while coming soon" (/status),
// "Only ready or warning provider vaults can be default" (/isDefault), config
// issues (vault_config.h). The stored config is the normalized one.
//   ("c1", {"provider":"local_encrypted","displayName":"L","isDefault":true})
//        -> ok, ready, default, clears_other_defaults
//   ("c1", {"provider":"vault","displayName":"V","status":"ready"})
//        -> 400, errors ["vault provider vaults are locked while coming soon"]
//   ("c1", {"provider":"aws_secrets_manager","displayName":"A"})
//        -> 400, errors ["Invalid input: expected string, received undefined"]
VaultWrite CreateProviderVault(std::string_view company_id, const OrderedJson& request);

// VLT-3: updateSecretProviderConfigSchema then updateProviderConfig.
// patch = {displayName?, status?, isDefault?, config?}; config replaces the
// stored one wholesale. The schema checks the denylist, config.address (for
// every provider) and default-vs-patch.status; the service then uses the
// effective status (patch.status ?? existing.status) for the coming-soon
// lock and the default rule (422), and re-validates config with the
// provider's strict schema (422 kInvalidVaultConfigMessage). is_default is
// forced false when the effective status is disabled or coming_soon;
// disabled_at is kept or stamped while disabled and cleared otherwise.
//   (aws ready default, {"status":"disabled"})  -> ok, disabled, not default, kStamp
//   (aws disabled, {"isDefault":true})          -> 422 "Only ready or warning provider vaults can be default"
//   (vault coming_soon, {"status":"ready"})     -> 422 "vault provider vaults are locked while coming soon"
VaultWrite UpdateProviderVault(const ProviderVault& existing, const OrderedJson& patch);

// VLT-4: the service's soft delete (disableProviderConfig): disabled, not
// default, disabled_at kept or stamped. Never fails. (Paperclip 2026.916.1's
// DELETE route calls the hard removeProviderConfig instead, which simply
// drops the row.)
VaultWrite DisableProviderVault(const ProviderVault& existing);

// VLT-D: makes `id` the default of its (company, provider) and clears every
// other default there; rows of other companies or providers are untouched.
// A pinned provider's row whose status says ready is still allowed: only the
// status is checked.
//   unknown id                 -> vault_not_found 404 "Provider vault not found"
//   coming_soon/disabled target -> vault_default_not_allowed 422
Result<std::vector<ProviderVault>> SetDefaultProviderVault(const std::vector<ProviderVault>& rows,
                                                           std::string_view id);

// VAULT-SEL (assertSelectableProviderConfig), run when a secret is created,
// rotated or resolved with an explicit providerConfigId (without one, the
// deployment-level provider is used and this is not called). `vault` is the
// row with that id, or nullptr. Checks in Paperclip's order; the first
// failure is the answer:
//   nullptr                  -> 404 "Provider vault not found"
//   other company            -> 422 "Provider vault must belong to same company"
//   other provider           -> 422 "Provider vault must match the secret provider"
//   coming_soon              -> 422 "Provider vault is locked while coming soon"
//   disabled                 -> 422 "Provider vault is disabled"
std::vector<Diagnostic> CheckSelectableVault(const ProviderVault* vault, std::string_view company_id,
                                             std::string_view secret_provider);

// HLT-1..3: the health check of one vault.
enum class VaultHealthStatus { kReady, kWarning, kComingSoon, kDisabled, kError };
std::string_view VaultHealthStatusName(VaultHealthStatus status);

struct VaultHealth {
  VaultHealthStatus status = VaultHealthStatus::kReady;
  std::string code;     // disabled, runtime_locked, provider_ready, provider_needs_attention
  std::string message;
  std::vector<std::string> guidance;  // omitted from Paperclip's JSON when empty
};

// HLT-1, HLT-2: the answer that needs no provider call, checked in this order:
// status disabled -> disabled; status coming_soon or a pinned provider (even
// when the row says ready) -> coming_soon / runtime_locked. nullopt means the
// provider module's healthCheck must run (HLT-3).
//   (kVault, kDisabled) -> disabled;  (kGcpSecretManager, kReady) -> runtime_locked
//   (kAwsSecretsManager, kReady) -> nullopt
std::optional<VaultHealth> StaticVaultHealth(Provider provider, VaultStatus status);

// The provider module's own verdict. Anything but "ok" and "error" counts as warn.
enum class ModuleHealthStatus { kOk, kWarn, kError };
ModuleHealthStatus ParseModuleHealthStatus(std::string_view status);

struct ModuleHealth {
  ModuleHealthStatus status = ModuleHealthStatus::kOk;
  std::string message;
  std::vector<std::string> warnings;
  std::vector<std::string> backup_guidance;
};

// HLT-3: ok -> ready (warning when the row's status is warning), error ->
// error, warn -> warning; code provider_ready for ok, else
// provider_needs_attention; guidance = warnings then backup guidance.
VaultHealth MapModuleHealth(VaultStatus row_status, const ModuleHealth& module);

}  // namespace clasp
