// clasp/native/aws/secrets_manager.h — the AWS Secrets Manager calls
// Paperclip's provider makes (aws-secrets-manager-provider.js), over the
// AWS JSON 1.1 protocol: POST / with X-Amz-Target secretsmanager.<Op>,
// signed with SigV4 (sigv4.h) by credentials from a CredentialProvider.
//
// Errors are Paperclip's: an AWS answer that is not 2xx becomes
// "<__type>: <message>" and is classified by classifyAwsProviderError's
// patterns, in its order, into one of access_denied (403), throttled (429),
// not_found (404), conflict (409), invalid_request (422),
// provider_unavailable (503) or provider_error (502); the diagnostic's
// message is Paperclip's safe text for the class
// ("AWS Secrets Manager could not find the requested secret.") and never
// AWS's own message, a name, an ARN, a header or a value. A transport that
// got no answer is provider_unavailable; a body that is not JSON is
// provider_error.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/aws/credentials.h"
#include "clasp/native/aws/http_transport.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/result.h"

namespace clasp::native::aws {

struct Tag {
  std::string key;
  std::string value;
};

struct CreateSecretInput {
  std::string name;
  std::string_view secret_string;
  std::optional<std::string> kms_key_id;
  std::optional<std::string> description;
  std::vector<Tag> tags;
};

struct PutSecretValueInput {
  std::string secret_id;
  std::string_view secret_string;
  std::vector<std::string> version_stages;  // empty: AWS moves AWSCURRENT to the new version
};

// Exactly one of version_id / version_stage is sent (AWS refuses both).
struct GetSecretValueInput {
  std::string secret_id;
  std::optional<std::string> version_id;
  std::optional<std::string> version_stage;
};

struct DeleteSecretInput {
  std::string secret_id;
  int recovery_window_days = 30;  // 7..30
};

// Paperclip's listRemoteSecrets request: MaxResults clamped to 1..100,
// IncludePlannedDeletion false, Filters [{Key:"all",Values:[query]}] when
// a query is given, NextToken when one is.
struct ListSecretsInput {
  int max_results = 50;
  std::optional<std::string> next_token;
  std::optional<std::string> query;
};

struct SecretWrite {  // CreateSecret, PutSecretValue
  std::string arn;
  std::string name;
  std::string version_id;
};

struct SecretValue {
  std::string arn;
  std::string name;
  std::string version_id;
  std::vector<std::string> version_stages;
  SecretBytes secret_string;
};

struct SecretDeletion {
  std::string arn;
  std::string name;
  double deletion_date = 0;  // epoch seconds
};

struct SecretsManagerEndpoint {
  std::string url;     // PAPERCLIP_SECRETS_AWS_ENDPOINT or https://secretsmanager.<region>.amazonaws.com
  std::string region;
};

class SecretsManagerClient {
 public:
  // `clock_seconds` gives the signing time (Unix seconds).
  SecretsManagerClient(SecretsManagerEndpoint endpoint, HttpTransport& transport, CredentialProvider& credentials,
                       std::function<long long()> clock_seconds);

  //   CreateSecret({"paperclip/dep/c1/db", "v", kms, desc, tags}) -> {arn "arn:aws:…:secret:paperclip/dep/c1/db-AbC123", version_id}
  //   CreateSecret of a name that exists -> conflict "AWS Secrets Manager reported that the requested secret already exists."
  Result<SecretWrite> CreateSecret(const CreateSecretInput& input);
  //   PutSecretValue({arn, "v2"}) -> a new version id; AWSCURRENT moves to it
  Result<SecretWrite> PutSecretValue(const PutSecretValueInput& input);
  //   GetSecretValue({arn, nullopt, "AWSCURRENT"}) -> the current value
  //   GetSecretValue({"missing"}) -> not_found "AWS Secrets Manager could not find the requested secret."
  Result<SecretValue> GetSecretValue(const GetSecretValueInput& input);
  //   DeleteSecret({arn, 7}) -> deletion_date 7 days from now
  Result<SecretDeletion> DeleteSecret(const DeleteSecretInput& input);
  // The page as AWS sent it ({"SecretList":[…],"NextToken":…}): ParseAwsListSecretsPage
  // (clasp/aws_inventory.h) reads it.
  Result<OrderedJson> ListSecrets(const ListSecretsInput& input);

 private:
  Result<OrderedJson> Call(std::string_view operation, const OrderedJson& payload);

  SecretsManagerEndpoint endpoint_;
  HttpTransport& transport_;
  CredentialProvider& credentials_;
  std::function<long long()> clock_seconds_;
};

// Paperclip's classifyAwsProviderError on "<code>: <message>".
//   ClassifyAwsError("ResourceNotFoundException: Secrets Manager can't find the specified secret.") == kProviderNotFound
//   ClassifyAwsError("ThrottlingException: Rate exceeded") == kProviderThrottled
//   ClassifyAwsError("InvalidNextTokenException: bad") == kProviderError
Code ClassifyAwsError(std::string_view raw_message);
// Paperclip's awsProviderSafeMessage.
//   AwsSafeMessage(kProviderThrottled) == "AWS Secrets Manager throttled the request. Wait and try again."
std::string_view AwsSafeMessage(Code code);

}  // namespace clasp::native::aws
