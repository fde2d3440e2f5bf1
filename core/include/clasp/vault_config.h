// clasp/vault_config.h — VLT-5, VLT-6 (and VLT-7 through vault_address.h):
// what a provider vault's `config` may hold.
//
// A provider vault (company_secret_provider_configs row) stores only
// non-secret metadata: the credentials that reach AWS, GCP or Vault come from
// the deployment, never from this JSON. Paperclip enforces that with two
// layers, and clasp keeps both because each catches what the other misses:
//
//   1. VLT-5, a denylist on the top-level keys (a specific message that names
//      the credential field);
//   2. VLT-6, a strict allow-list per provider (anything else is an unknown
//      field, and no allowed field takes an object or an array).
//
// clasp adds one diagnostic Paperclip lacks: a credential-looking key nested
// at any depth (`{"auth":{"token":"..."}}`) is named with
// vault_config_nested_credential. Paperclip rejects such configs too (as an
// unknown or invalid field) but never says why.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp {

// Paperclip's SECRET_PROVIDERS, in its order.
enum class Provider { kLocalEncrypted, kAwsSecretsManager, kGcpSecretManager, kVault };

//   ParseProvider("vault") -> kVault;  ParseProvider("Vault") -> nullopt (exact match)
std::optional<Provider> ParseProvider(std::string_view name);
std::string_view ProviderName(Provider provider);
// Every provider name in Paperclip's order (for zod's enum message).
const std::vector<std::string_view>& ProviderNames();

// VLT-5: the credential denylist, one anchored ASCII-case-insensitive match
// of the whole key. Words are separated by at most one "-" or "_", and only
// at the marked points (access[-_]key[-_]id, service[-_]account[-_]json, ...).
// Only ASCII letters fold: the Kelvin sign and long s never match "k"/"s".
//   IsDeniedConfigKey("accessKeyId") == true     IsDeniedConfigKey("SeRvIcE-AcCoUnT_jSoN") == true
//   IsDeniedConfigKey("keyFilePath") == true     IsDeniedConfigKey("aws_access_key_id") == false
//   IsDeniedConfigKey("access__key") == false    IsDeniedConfigKey("tokens") == false
//   IsDeniedConfigKey(" token") == false         IsDeniedConfigKey("private_key_id") == false
bool IsDeniedConfigKey(std::string_view key);

// The verdict on a config. `errors` are Paperclip's zod messages in its issue
// order (what its 400/422 `details` carry); `diagnostics` are clasp's, at
// /config/<key> (one per denied or unknown key, one per failed check of an
// allowed key), naming keys but never values.
struct VaultConfigVerdict {
  bool accepted = false;
  std::vector<std::string> denied_fields;   // VLT-5 hits
  std::vector<std::string> unknown_fields;  // not in the provider's allow-list
  std::vector<std::string> invalid_fields;  // allowed but ill-typed, or missing `region`
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> errors;
  // The config Paperclip stores (trimmed strings, vault address as its
  // origin, allow-listed keys only); null unless the schema layer accepted it.
  OrderedJson normalized;
};

// VLT-5 on create, update and discovery preview: every top-level key that
// matches the denylist, in JS key order, message
// "Provider vault config cannot persist sensitive field: <key>", plus the
// clasp-only nested-credential diagnostics. Non-objects give nothing.
//   {"region":"us-east-1","token":"x"}  -> denied ["token"]
//   {"auth":{"token":"x"}}              -> no denied field; nested diagnostic at /config/auth/token
VaultConfigVerdict ScanSensitiveConfigKeys(const OrderedJson& config);

// VLT-6 (+VLT-7 for `address`): the provider's strict schema alone, as
// Paperclip's service re-validates a config. Shape fields first (in schema
// order), then one "Unrecognized key(s)" issue.
//   (kAwsSecretsManager, {"region":" eu-central-1 "}) -> accepted, normalized {"region":"eu-central-1"}
//   (kAwsSecretsManager, {})                          -> invalid ["region"],
//        "Invalid input: expected string, received undefined"
//   (kLocalEncrypted, {"backupReminderAcknowledged":null}) -> invalid (optional, not nullable)
VaultConfigVerdict CheckProviderConfigSchema(Provider provider, const OrderedJson& config);

// VLT-3: the update schema re-checks config.address for every provider (even
// local_encrypted) before the service knows the provider. Absent or null passes.
//   {"address":"https://user@h"} -> invalid ["address"], the VLT-7 origin-only message
VaultConfigVerdict CheckConfigAddress(const OrderedJson& config);

// VLT-2 / discovery preview: `config` must be a JSON object (zod record;
// otherwise "Invalid input: expected record, received <type>" and nothing
// else runs), then ScanSensitiveConfigKeys followed by CheckProviderConfigSchema.
//   (kVault, {"address":"https://vault.example.com:8200","token":"hvs.x"})
//        -> denied ["token"], unknown ["token"], not accepted
//   (kVault, "not-an-object") -> vault_config_not_object
VaultConfigVerdict CheckProviderConfig(Provider provider, const OrderedJson& config);

// The short reason clasp reports (beside zod's "expected record" message)
// when `config` is not a JSON object.
inline constexpr std::string_view kConfigNotObjectNote = "config must be an object (record)";

}  // namespace clasp
