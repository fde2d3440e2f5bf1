// clasp/native/aws/aws_runtime.h — the process's AWS Secrets Manager
// runtime for aws_secrets_manager provider vaults: one libcurl transport and
// one cached credential chain per region (as Paperclip caches one provider
// per region), and the endpoint Paperclip uses
// (PAPERCLIP_SECRETS_AWS_ENDPOINT, else https://secretsmanager.<region>.amazonaws.com).
//
// Resolution is Paperclip's resolveVersion for external-reference material
// ({"scheme":"aws_secrets_manager_v1","secretId","versionId","source":"external_reference"}):
// GetSecretValue on the secret's external_ref (else the material's secretId)
// with VersionId = the version's provider_version_ref (else the material's
// versionId), or VersionStage AWSCURRENT when neither is set. Errors are the
// client's (secrets_manager.h): Paperclip's classes and texts.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "clasp/json_input.h"
#include "clasp/native/aws/credentials.h"
#include "clasp/native/aws/http_transport.h"
#include "clasp/native/aws/secrets_manager.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/result.h"

namespace clasp::native::aws {

class AwsRuntime {
 public:
  AwsRuntime(EnvLookup env, std::unique_ptr<HttpTransport> transport, std::function<long long()> clock_seconds);

  // The one this process uses: its environment, libcurl, the system clock.
  static AwsRuntime& Process();

  //   ({"region":"us-east-1"}, {scheme…, secretId "arn:…", versionId null, source "external_reference"},
  //    "arn:…", nullopt) -> the AWSCURRENT value
  //   material with another scheme -> 422 "Invalid AWS Secrets Manager material"
  //   a vault config without region -> 422 "AWS Secrets Manager provider vault requires non-secret config: region"
  Result<SecretBytes> ResolveVersion(const OrderedJson& vault_config, const OrderedJson& material,
                                     const std::optional<std::string>& external_ref,
                                     const std::optional<std::string>& provider_version_ref);

  // A client for a vault's region (the chain for that region is shared).
  Result<std::unique_ptr<SecretsManagerClient>> ClientFor(const OrderedJson& vault_config);

 private:
  EnvLookup env_;
  std::unique_ptr<HttpTransport> transport_;
  std::function<long long()> clock_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<DefaultCredentialChain>> chains_;
};

}  // namespace clasp::native::aws
