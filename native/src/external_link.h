// external_link.h — EXT-1 inside a store transaction: link an external
// reference through the provider vault it names (internal to clasp_native;
// SecretService::Create and RemoteImportService share it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clasp/external_ref.h"
#include "clasp/native/secret_store.h"

namespace clasp::native {

// The provider module's linkExternalSecret, offline:
//   - aws_secrets_manager through a vault (its row is read here; VAULT-SEL
//     must have passed): LinkAwsExternalReference (external_ref.h);
//   - aws_secrets_manager without a vault: 422 provider_not_configured
//     (clasp reads no deployment-level AWS configuration);
//   - any other provider: 400 "<provider> does not support external reference secrets".
//   (txn, "aws_secrets_manager", "<vault>", "arn:…:secret:team/db", nullopt) -> material
//   (txn, "local_encrypted", nullopt, "x", nullopt)
//     -> 400 "local_encrypted does not support external reference secrets"
Result<ExternalReferenceMaterial> LinkExternalReferenceInTxn(StoreTxn& txn, const std::string& provider,
                                                             const std::optional<std::string>& provider_config_id,
                                                             std::string_view external_ref,
                                                             const std::optional<std::string>& provider_version_ref);

// The version row of a linked reference (value_sha256 = fingerprint, as Paperclip stores it).
VersionRow ExternalReferenceVersion(const ExternalReferenceMaterial& linked, std::string id, std::string secret_id,
                                    std::string now);

}  // namespace clasp::native
