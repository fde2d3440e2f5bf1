// clasp/native/aws/credentials.h — where the AWS client's credentials come
// from: the AWS SDK's default chain, in the order issue 21 fixes for clasp.
//
//  1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
//  2. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
//     (+ AWS_ROLE_SESSION_NAME) -> STS AssumeRoleWithWebIdentity;
//  3. the shared files (AWS_CONFIG_FILE, default ~/.aws/config, and
//     AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials; the latter
//     wins a key both set) for AWS_PROFILE (default "default"): role_arn +
//     source_profile -> STS AssumeRole signed with the source profile's
//     credentials; static aws_access_key_id/aws_secret_access_key
//     (+ aws_session_token); credential_process (its JSON, Version 1);
//  4. the container endpoint: AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or
//     http on a loopback host) or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
//     (on 169.254.170.2), with AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE);
//  5. IMDSv2 at AWS_EC2_METADATA_SERVICE_ENDPOINT (default
//     http://169.254.169.254), unless AWS_EC2_METADATA_DISABLED=true.
// STS is at AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else
// https://sts.<region>.amazonaws.com.
//
// A source that is not configured is skipped; one that is configured and
// fails stops the chain with its reason (as the SDK does: a broken profile
// is not papered over by the instance role). Credentials with an expiry are
// cached until 5 minutes before it, and refreshed under a lock: concurrent
// callers wait for the one refresh. Credentials are never logged and never
// in a diagnostic: a failure names the source and why, not a key, a token
// or a file's contents.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/native/aws/sigv4.h"
#include "clasp/result.h"

namespace clasp::native::aws {

class HttpTransport;

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  virtual Result<Credentials> Get() = 0;
};

// Fixed credentials (tests).
class StaticCredentialProvider final : public CredentialProvider {
 public:
  explicit StaticCredentialProvider(Credentials credentials) : credentials_(std::move(credentials)) {}
  Result<Credentials> Get() override { return Result<Credentials>::Ok(credentials_); }

 private:
  Credentials credentials_;
};

// The variables the chain reads, so tests hand it a map instead of the
// process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup ProcessEnvironment();
EnvLookup MapEnvironment(std::map<std::string, std::string> variables);

struct ResolvedCredentials {
  Credentials credentials;
  std::optional<long long> expires_at;  // Unix seconds; nullopt: does not expire
  std::string source;                   // "environment", "profile dev (static keys)", …
};

// One pass over the chain, no cache.
//   env {AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY} -> source "environment"
//   env {AWS_PROFILE=p} and no such profile -> provider_not_configured "… profile p is not in …"
//   nothing configured, IMDS disabled -> provider_not_configured "no AWS credentials found …"
Result<ResolvedCredentials> ResolveCredentialChain(const EnvLookup& env, HttpTransport& transport,
                                                   const std::function<long long()>& clock_seconds,
                                                   std::string_view region);

class DefaultCredentialChain final : public CredentialProvider {
 public:
  DefaultCredentialChain(EnvLookup env, HttpTransport& transport, std::function<long long()> clock_seconds,
                         std::string region)
      : env_(std::move(env)), transport_(transport), clock_(std::move(clock_seconds)), region_(std::move(region)) {}

  Result<Credentials> Get() override;
  // The source of the cached credentials ("" before the first success).
  std::string source();
  // How many times the chain was walked (tests check the cache with it).
  int refreshes();

 private:
  EnvLookup env_;
  HttpTransport& transport_;
  std::function<long long()> clock_;
  std::string region_;
  std::mutex mutex_;
  std::optional<ResolvedCredentials> cached_;
  int refreshes_ = 0;
};

// Seconds before expiry at which cached credentials are refreshed.
inline constexpr long long kCredentialRefreshMarginSeconds = 5 * 60;

// "2026-12-08T02:00:00Z" (also with fractional seconds or an offset) as Unix
// seconds, nullopt when it is not such a date-time.
//   ParseIso8601Seconds("1970-01-01T00:01:00Z") == 60
//   ParseIso8601Seconds("2026-12-08T02:00:00.5+01:00") == ParseIso8601Seconds("2026-12-08T01:00:00Z")
std::optional<long long> ParseIso8601Seconds(std::string_view text);

}  // namespace clasp::native::aws
