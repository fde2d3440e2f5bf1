// clasp/external_ref.h — EXT-1: linking a secret that lives in a remote
// provider (managedMode "external_reference") without ever reading its value.
//
// Paperclip's aws_secrets_manager module links a reference by validating the
// vault's config and its managed-namespace guardrail, then storing material
// that names the remote secret and a fingerprint of the reference (never of a
// value: clasp never sees one). The same material is what remote import
// (remote_import.h) writes, so both paths store byte-identical rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clasp/json_input.h"
#include "clasp/result.h"

namespace clasp {

// The non-sensitive row data of a linked reference (company_secret_versions).
struct ExternalReferenceMaterial {
  // {"scheme":"aws_secrets_manager_v1","secretId":<ref>,"versionId":<pvr|null>,"source":"external_reference"}
  OrderedJson material;
  // sha256("aws_secrets_manager_v1:<ref>:<pvr or empty>"), lower-case hex;
  // Paperclip stores it as both value_sha256 and fingerprint_sha256.
  std::string fingerprint_sha256;
  std::string external_ref;                         // trimmed
  std::optional<std::string> provider_version_ref;  // trimmed; blank -> nullopt
};

// An AWS Secrets Manager secret ARN, `arn:<p>:secretsmanager:<r>:<acct>:secret:<rest>`,
// matched case-insensitively on the trimmed ref; the <rest>, or the trimmed
// ref itself when it is no such ARN (JS /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/i;
// <rest> may hold ":" but no line terminator).
//   AwsSecretNameOfRef(" ARN:aws:SecretsManager:us-east-1:1:Secret:prod/db-AbC123 ") == "prod/db-AbC123"
//   AwsSecretNameOfRef("arn:aws:s3:::bucket") == "arn:aws:s3:::bucket"   (not a secret ARN)
std::string AwsSecretNameOfRef(std::string_view external_ref);

// Paperclip's sanitizePathSegment for AWS secret names: trim, every run of
// characters outside [A-Za-z0-9/_+=.@-] becomes "-", runs of "/" collapse,
// leading and trailing "/" go.
//   AwsSanitizePathSegment(" /team a//x/ ") == "team-a/x"
//   AwsSanitizePathSegment("///") == ""
std::string AwsSanitizePathSegment(std::string_view raw);

// aws_secrets_manager's linkExternalSecret against one provider vault
// (`vault_id`, its stored `config`), after VAULT-SEL has passed:
//   - a blank config.region -> 422 "AWS Secrets Manager provider vault requires non-secret config: region";
//   - a ref whose secret name is the vault's managed namespace
//     `<secretNamePrefix or "paperclip">/<namespace or vault id>` (sanitised)
//     or lies under it -> 422 "AWS Paperclip-managed namespace secrets cannot
//     be imported as external references" (code provider_guardrail);
//   - otherwise the material above.
//   (v1, {"region":"us-east-1"}, "arn:aws:secretsmanager:us-east-1:1:secret:team/db", nullopt) -> ok
//   (v1, {"region":"us-east-1"}, "paperclip/v1/company/key", nullopt) -> 422 guardrail
//   (v1, {}, "team/db", nullopt) -> 422 region
Result<ExternalReferenceMaterial> LinkAwsExternalReference(std::string_view vault_id, const OrderedJson& vault_config,
                                                           std::string_view external_ref,
                                                           const std::optional<std::string>& provider_version_ref);

// The message a provider without a runtime client in this process answers
// when a linked reference is resolved (Paperclip's unavailable-provider
// module: 422, recorded as access-event error code provider_error).
//   ProviderNotConfiguredMessage("aws_secrets_manager")
//     == "aws_secrets_manager provider is not configured in this deployment"
std::string ProviderNotConfiguredMessage(std::string_view provider);

}  // namespace clasp
