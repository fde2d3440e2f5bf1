// Secrets Manager over the AWS JSON 1.1 protocol, with Paperclip's request
// shapes and error mapping (secrets_manager.h).
#include "clasp/native/aws/secrets_manager.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "clasp/native/status.h"
#include "clasp/native/wipe_json.h"

namespace clasp::native::aws {
namespace {

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

template <std::size_t N>
bool ContainsAny(std::string_view text, const std::array<std::string_view, N>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return ContainsIgnoreCase(text, n); });
}

template <typename T>
Result<T> ProviderFailure(Code code) {
  return FailResult<T>(code, std::string(AwsSafeMessage(code)));
}

std::string StringField(const OrderedJson& json, const char* name) {
  auto it = json.find(name);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<SecretWrite> ReadWrite(Result<OrderedJson>&& answer) {
  if (!answer.ok()) return Forward<SecretWrite>(std::move(answer));
  const OrderedJson& json = *answer.value;
  return Result<SecretWrite>::Ok({StringField(json, "ARN"), StringField(json, "Name"), StringField(json, "VersionId")});
}

}  // namespace

Code ClassifyAwsError(std::string_view raw) {
  static constexpr std::array<std::string_view, 2> kConflict = {"ResourceExistsException", "AlreadyExists"};
  static constexpr std::array<std::string_view, 2> kNotFound = {"ResourceNotFoundException", "NotFound"};
  static constexpr std::array<std::string_view, 5> kDenied = {"AccessDeniedException", "AccessDenied",
                                                              "UnrecognizedClientException", "InvalidClientTokenId",
                                                              "not authorized"};
  static constexpr std::array<std::string_view, 4> kThrottled = {"Throttl", "TooManyRequests", "RequestLimitExceeded",
                                                                 "Rate exceeded"};
  static constexpr std::array<std::string_view, 3> kInvalid = {"ValidationException", "InvalidParameter",
                                                               "InvalidRequest"};
  static constexpr std::array<std::string_view, 6> kUnavailable = {"fetch failed", "ECONN", "ENOTFOUND", "ETIMEDOUT",
                                                                   "network", "timeout"};
  if (ContainsAny(raw, kConflict)) return Code::kProviderConflict;
  if (ContainsAny(raw, kNotFound)) return Code::kProviderNotFound;
  if (ContainsAny(raw, kDenied)) return Code::kProviderAccessDenied;
  if (ContainsAny(raw, kThrottled)) return Code::kProviderThrottled;
  if (ContainsAny(raw, kInvalid)) return Code::kProviderInvalidRequest;
  if (ContainsAny(raw, kUnavailable)) return Code::kProviderUnavailable;
  return Code::kProviderError;
}

std::string_view AwsSafeMessage(Code code) {
  switch (code) {
    case Code::kProviderAccessDenied:
      return "AWS Secrets Manager denied the request. Check IAM permissions for this provider vault.";
    case Code::kProviderThrottled:
      return "AWS Secrets Manager throttled the request. Wait and try again.";
    case Code::kProviderNotFound:
      return "AWS Secrets Manager could not find the requested secret.";
    case Code::kProviderConflict:
      return "AWS Secrets Manager reported that the requested secret already exists.";
    case Code::kProviderInvalidRequest:
      return "AWS Secrets Manager rejected the request.";
    case Code::kProviderUnavailable:
      return "AWS Secrets Manager is unavailable right now.";
    default:
      return "AWS Secrets Manager request failed.";
  }
}

SecretsManagerClient::SecretsManagerClient(SecretsManagerEndpoint endpoint, HttpTransport& transport,
                                           CredentialProvider& credentials, std::function<long long()> clock_seconds)
    : endpoint_(std::move(endpoint)),
      transport_(transport),
      credentials_(credentials),
      clock_seconds_(std::move(clock_seconds)) {}

Result<OrderedJson> SecretsManagerClient::Call(std::string_view operation, const OrderedJson& payload) {
  std::optional<std::string> host = HostOfUrl(endpoint_.url);
  if (!host) return ProviderFailure<OrderedJson>(Code::kProviderError);
  Result<Credentials> credentials = credentials_.Get();
  // Paperclip: a chain that yields nothing is a plain Error, classified provider_error.
  if (!credentials.ok()) return ProviderFailure<OrderedJson>(Code::kProviderError);

  HttpRequest request{"POST", endpoint_.url, {}, DumpJsonForWipe(payload)};
  WipeOnExit forget_body(&request.body);
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"Host", *host},
                     {"X-Amz-Content-Sha256", PayloadSha256Hex(request.body)},
                     {"X-Amz-Target", "secretsmanager." + std::string(operation)}};
  SigV4Request to_sign{"POST", PathOfUrl(endpoint_.url), {}, request.headers, request.body,
                       AmzDate(clock_seconds_()), endpoint_.region, "secretsmanager"};
  Result<SigV4Signature> signature = SignV4(to_sign, *credentials.value);
  if (!signature.ok()) return ProviderFailure<OrderedJson>(Code::kProviderError);
  for (auto& header : signature.value->headers_to_add) request.headers.push_back(std::move(header));

  Result<HttpResponse> response = transport_.Send(request);
  if (!response.ok()) {
    // The transport's own reason names the host; the caller gets the class.
    bool unreadable = response.diagnostics[0].code == Code::kProviderError;
    return ProviderFailure<OrderedJson>(unreadable ? Code::kProviderError : Code::kProviderUnavailable);
  }
  WipeOnExit forget_answer(&response.value->body);
  OrderedJson parsed = response.value->body.empty() ? OrderedJson::object()
                                                    : OrderedJson::parse(response.value->body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return ProviderFailure<OrderedJson>(Code::kProviderError);
  if (response.value->status < 200 || response.value->status >= 300) {
    std::string type = StringField(parsed, "__type");
    if (type.empty()) type = StringField(parsed, "code");
    if (type.empty()) type = StringField(parsed, "Code");
    if (type.empty()) type = "UnknownError";
    std::string message = StringField(parsed, "message");
    if (message.empty()) message = StringField(parsed, "Message");
    if (message.empty()) message = type;
    WipeJson(&parsed);
    return ProviderFailure<OrderedJson>(ClassifyAwsError(type + ": " + message));
  }
  return Result<OrderedJson>::Ok(std::move(parsed));
}

Result<SecretWrite> SecretsManagerClient::CreateSecret(const CreateSecretInput& input) {
  OrderedJson payload = {{"Name", input.name}, {"SecretString", input.secret_string}};
  WipeOnExit forget(&payload);
  if (input.kms_key_id) payload["KmsKeyId"] = *input.kms_key_id;
  if (input.description) payload["Description"] = *input.description;
  payload["Tags"] = OrderedJson::array();
  for (const Tag& tag : input.tags) payload["Tags"].push_back({{"Key", tag.key}, {"Value", tag.value}});
  return ReadWrite(Call("CreateSecret", payload));
}

Result<SecretWrite> SecretsManagerClient::PutSecretValue(const PutSecretValueInput& input) {
  OrderedJson payload = {{"SecretId", input.secret_id}, {"SecretString", input.secret_string}};
  WipeOnExit forget(&payload);
  if (!input.version_stages.empty()) payload["VersionStages"] = input.version_stages;
  return ReadWrite(Call("PutSecretValue", payload));
}

Result<SecretValue> SecretsManagerClient::GetSecretValue(const GetSecretValueInput& input) {
  OrderedJson payload = {{"SecretId", input.secret_id}};
  if (input.version_id) {
    payload["VersionId"] = *input.version_id;
  } else if (input.version_stage) {
    payload["VersionStage"] = *input.version_stage;
  }
  Result<OrderedJson> answer = Call("GetSecretValue", payload);
  if (!answer.ok()) return Forward<SecretValue>(std::move(answer));
  OrderedJson& json = *answer.value;
  WipeOnExit forget(&json);
  auto value = json.find("SecretString");
  // Paperclip: `typeof resolved.SecretString !== "string"` -> "SecretString was empty" (provider_error).
  if (value == json.end() || !value->is_string()) return ProviderFailure<SecretValue>(Code::kProviderError);
  SecretValue out;
  out.arn = StringField(json, "ARN");
  out.name = StringField(json, "Name");
  out.version_id = StringField(json, "VersionId");
  if (auto stages = json.find("VersionStages"); stages != json.end() && stages->is_array()) {
    for (const auto& stage : *stages) {
      if (stage.is_string()) out.version_stages.push_back(stage.get<std::string>());
    }
  }
  out.secret_string = SecretBytes::Copy(value->get_ref<const std::string&>());
  return Result<SecretValue>::Ok(std::move(out));
}

Result<SecretDeletion> SecretsManagerClient::DeleteSecret(const DeleteSecretInput& input) {
  OrderedJson payload = {{"SecretId", input.secret_id}, {"RecoveryWindowInDays", input.recovery_window_days}};
  Result<OrderedJson> answer = Call("DeleteSecret", payload);
  if (!answer.ok()) return Forward<SecretDeletion>(std::move(answer));
  const OrderedJson& json = *answer.value;
  SecretDeletion out{StringField(json, "ARN"), StringField(json, "Name"), 0};
  if (auto date = json.find("DeletionDate"); date != json.end() && date->is_number()) out.deletion_date = date->get<double>();
  return Result<SecretDeletion>::Ok(std::move(out));
}

Result<OrderedJson> SecretsManagerClient::ListSecrets(const ListSecretsInput& input) {
  OrderedJson payload = {{"MaxResults", std::clamp(input.max_results, 1, 100)}};
  if (input.next_token && !input.next_token->empty()) payload["NextToken"] = *input.next_token;
  payload["IncludePlannedDeletion"] = false;
  if (input.query && !input.query->empty()) {
    payload["Filters"] = OrderedJson::array({{{"Key", "all"}, {"Values", OrderedJson::array({*input.query})}}});
  }
  return Call("ListSecrets", payload);
}

}  // namespace clasp::native::aws
