// The credential chain's sources (credentials.h), one function each:
// nullopt when the source is not configured (the chain moves on), else its
// answer, success or the failure that stops the chain.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/native/aws/credentials.h"
#include "clasp/native/aws/http_transport.h"

namespace clasp::native::aws::detail {

using SourceResult = std::optional<Result<ResolvedCredentials>>;

struct ChainContext {
  const EnvLookup& env;
  HttpTransport& transport;
  const std::function<long long()>& clock_seconds;
  std::string region;  // for STS; never empty (us-east-1 when nothing says)
};

// A variable, trimmed; nullopt when unset or blank.
std::optional<std::string> Var(const ChainContext& context, std::string_view name);

SourceResult FromEnvironment(const ChainContext& context);
SourceResult FromWebIdentity(const ChainContext& context);
SourceResult FromProfile(const ChainContext& context);
SourceResult FromContainer(const ChainContext& context);
SourceResult FromInstanceMetadata(const ChainContext& context);

// STS calls (credential_sts.cpp). `source` names the caller in messages.
Result<ResolvedCredentials> StsAssumeRole(const ChainContext& context, const Credentials& source_credentials,
                                          const std::string& role_arn, const std::string& session_name,
                                          const std::string& source);
Result<ResolvedCredentials> StsAssumeRoleWithWebIdentity(const ChainContext& context, const std::string& role_arn,
                                                         const std::string& session_name, const std::string& token,
                                                         const std::string& source);

// {"AccessKeyId","SecretAccessKey","SessionToken"|"Token","Expiration"} as
// the container endpoint, IMDS and credential_process answer.
Result<ResolvedCredentials> CredentialsFromJson(std::string_view body, const std::string& source);

template <typename T>
Result<T> SourceFailure(Code code, const std::string& source, const std::string& why) {
  return Result<T>::Fail(MakeDiagnostic(code, "", "AWS credentials (" + source + "): " + why));
}

}  // namespace clasp::native::aws::detail
