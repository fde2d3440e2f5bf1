// EXT-1: linking external references through a provider vault.
#include "external_link.h"

#include "clasp/native/secret_service.h"
#include "clasp/native/vault_service.h"

namespace clasp::native {

Result<ExternalReferenceMaterial> LinkExternalReferenceInTxn(StoreTxn& txn, const std::string& provider,
                                                             const std::optional<std::string>& provider_config_id,
                                                             std::string_view external_ref,
                                                             const std::optional<std::string>& provider_version_ref) {
  if (provider != "aws_secrets_manager") {
    return FailResult<ExternalReferenceMaterial>(Code::kExternalRefUnsupported,
                                                 provider + " does not support external reference secrets");
  }
  if (!provider_config_id) {
    return FailResult<ExternalReferenceMaterial>(
        Code::kProviderNotConfigured,
        "aws_secrets_manager external references need a provider vault (providerConfigId): clasp reads no "
        "deployment-level AWS configuration");
  }
  auto row = txn.GetProviderConfig(*provider_config_id);
  if (!row.ok()) return Forward<ExternalReferenceMaterial>(std::move(row));
  if (!*row.value) return FailResult<ExternalReferenceMaterial>(Code::kVaultNotFound, "Provider vault not found");
  auto vault = ToProviderVault(**row.value);
  if (!vault.ok()) return Forward<ExternalReferenceMaterial>(std::move(vault));
  return LinkAwsExternalReference(vault.value->id, vault.value->config, external_ref, provider_version_ref);
}

VersionRow ExternalReferenceVersion(const ExternalReferenceMaterial& linked, std::string id, std::string secret_id,
                                    std::string now) {
  VersionRow version;
  version.id = std::move(id), version.secret_id = std::move(secret_id), version.version = 1;
  version.material = DumpJson(linked.material);
  version.value_sha256 = linked.fingerprint_sha256, version.fingerprint_sha256 = linked.fingerprint_sha256;
  version.provider_version_ref = linked.provider_version_ref;
  version.status = "current", version.created_at = std::move(now);
  return version;
}

}  // namespace clasp::native

namespace clasp::native {

Result<SecretRow> SecretService::CreateExternal(StoreTxn& txn, const std::string& company_id, const std::string& key,
                                                const CreateSecretInput& input, const Actor& actor) {
  auto linked = LinkExternalReferenceInTxn(txn, input.provider, input.provider_config_id,
                                           input.external_ref.value_or(""), input.provider_version_ref);
  if (!linked.ok()) return Forward<SecretRow>(std::move(linked));
  auto secret_id = NewUuid(random_);
  if (!secret_id.ok()) return Forward<SecretRow>(std::move(secret_id));
  auto version_id = NewUuid(random_);
  if (!version_id.ok()) return Forward<SecretRow>(std::move(version_id));
  const std::string now = clock_.NowIso8601();
  SecretRow row;
  row.id = *secret_id.value, row.company_id = company_id, row.name = input.name, row.key = key;
  row.provider = input.provider, row.external_ref = linked.value->external_ref, row.latest_version = 1;
  row.description = input.description, row.status = "active", row.managed_mode = "external_reference";
  row.provider_config_id = input.provider_config_id, row.created_by_agent_id = actor.agent_id;
  row.created_by_user_id = actor.user_id, row.created_at = now, row.updated_at = now, row.last_rotated_at = now;
  if (auto s = txn.InsertSecret(row); !s.ok()) return Forward<SecretRow>(std::move(s));
  VersionRow version = ExternalReferenceVersion(*linked.value, *version_id.value, row.id, now);
  version.created_by_agent_id = actor.agent_id, version.created_by_user_id = actor.user_id;
  if (auto s = txn.InsertVersion(version); !s.ok()) return Forward<SecretRow>(std::move(s));
  return Result<SecretRow>::Ok(std::move(row));
}

}  // namespace clasp::native
