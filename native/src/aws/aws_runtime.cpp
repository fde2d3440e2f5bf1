// The process's AWS runtime (aws_runtime.h).
#include "clasp/native/aws/aws_runtime.h"

#include <chrono>

#include "clasp/native/status.h"

namespace clasp::native::aws {
namespace {

std::optional<std::string> NonBlank(const OrderedJson& object, const char* name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  const std::string& text = it->get_ref<const std::string&>();
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return std::nullopt;
  return text.substr(start, text.find_last_not_of(" \t\r\n") - start + 1);
}

long long SystemSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

AwsRuntime::AwsRuntime(EnvLookup env, std::unique_ptr<HttpTransport> transport, std::function<long long()> clock_seconds)
    : env_(std::move(env)), transport_(std::move(transport)), clock_(std::move(clock_seconds)) {}

AwsRuntime& AwsRuntime::Process() {
  static AwsRuntime runtime(ProcessEnvironment(), MakeCurlTransport(), SystemSeconds);
  return runtime;
}

Result<std::unique_ptr<SecretsManagerClient>> AwsRuntime::ClientFor(const OrderedJson& vault_config) {
  using Out = std::unique_ptr<SecretsManagerClient>;
  std::optional<std::string> region = NonBlank(vault_config, "region");
  if (!region) {
    return FailResult<Out>(Code::kVaultConfigRejected, "AWS Secrets Manager provider vault requires non-secret config: region");
  }
  std::string endpoint = "https://secretsmanager." + *region + ".amazonaws.com";
  if (auto configured = env_("PAPERCLIP_SECRETS_AWS_ENDPOINT")) {
    if (auto trimmed = NonBlank(OrderedJson{{"v", *configured}}, "v")) endpoint = *trimmed;
  }
  DefaultCredentialChain* chain = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = chains_[*region];
    if (!slot) slot = std::make_unique<DefaultCredentialChain>(env_, *transport_, clock_, *region);
    chain = slot.get();
  }
  return Result<Out>::Ok(std::make_unique<SecretsManagerClient>(SecretsManagerEndpoint{endpoint, *region}, *transport_,
                                                                *chain, clock_));
}

Result<SecretBytes> AwsRuntime::ResolveVersion(const OrderedJson& vault_config, const OrderedJson& material,
                                               const std::optional<std::string>& external_ref,
                                               const std::optional<std::string>& provider_version_ref) {
  bool valid = material.is_object() && material.value("scheme", "") == "aws_secrets_manager_v1" &&
               material.contains("secretId") && material["secretId"].is_string() && material.contains("versionId") &&
               (material["versionId"].is_string() || material["versionId"].is_null()) &&
               (material.value("source", "") == "managed" || material.value("source", "") == "external_reference");
  if (!valid) return FailResult<SecretBytes>(Code::kMaterialInvalid, "Invalid AWS Secrets Manager material");
  if (material["source"] == "managed") {
    return FailResult<SecretBytes>(Code::kProviderNotConfigured,
                                   "aws_secrets_manager provider is not configured for Paperclip-managed values");
  }
  auto client = ClientFor(vault_config);
  if (!client.ok()) return Forward<SecretBytes>(std::move(client));
  GetSecretValueInput input;
  input.secret_id = external_ref.value_or(material["secretId"].get<std::string>());
  if (provider_version_ref) {
    input.version_id = *provider_version_ref;
  } else if (material["versionId"].is_string()) {
    input.version_id = material["versionId"].get<std::string>();
  } else {
    input.version_stage = "AWSCURRENT";
  }
  auto value = (*client.value)->GetSecretValue(input);
  if (!value.ok()) return Forward<SecretBytes>(std::move(value));
  return Result<SecretBytes>::Ok(std::move(value.value->secret_string));
}

}  // namespace clasp::native::aws
