// Paperclip 2026.916.1's provider modules' healthCheck(), offline.
#include <cmath>
#include <cstdlib>

#include "clasp/external_ref.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/vault_service.h"
#include "clasp/utf8.h"

namespace clasp::native {
namespace {

using Strings = std::vector<std::string>;

const Strings kEnvKeyGuidance = {"Back up the configured master key separately from the database.",
                                 "A restore needs both the database metadata and the same master key."};
const Strings kKeyFileGuidance = {"Back up the key file together with database backups.",
                                  "The database alone cannot restore local encrypted secret values."};
const Strings kAwsGuidance = {
    "Back up Paperclip metadata separately from AWS-managed secrets.",
    "Restoring access requires the Paperclip database plus the same AWS secret namespace and KMS permissions."};
constexpr const char* kAwsRuntimeWarning =
    "AWS bootstrap credentials must be available to the Paperclip server runtime through the AWS SDK default "
    "credential provider chain: IAM role/workload identity, AWS_PROFILE/SSO/shared credentials, web identity, "
    "container/instance metadata, or short-lived shell credentials.";
constexpr const char* kAwsCustodyWarning =
    "Do not store AWS root credentials or long-lived IAM user access keys in Paperclip company_secrets; the AWS "
    "provider bootstrap belongs in deployment infrastructure, the process environment, an AWS profile, or the "
    "orchestrator secret store.";
constexpr const char* kAwsStaticCredentialsWarning =
    "AWS static environment credentials are visible to this process; use only short-lived shell credentials locally "
    "and prefer IAM role/workload identity for hosted deployments.";
constexpr const char* kCredentialSource = "AWS SDK default credential provider chain";
// clasp has no AWS client: even a complete config only links references.
// These are Paperclip's own texts for a provider without a runtime.
constexpr const char* kAwsNoRuntimeMessage =
    "aws_secrets_manager provider is available for external references but not configured for runtime resolution";
constexpr const char* kNoRuntimeWarning =
    "Linked external references can be stored as metadata, but runtime resolution will fail until this provider is "
    "configured.";

ProviderModuleReport Report(const std::string& provider, ModuleHealthStatus status, std::string message,
                            const Strings& warnings, const Strings& guidance, OrderedJson details,
                            bool list_empty_warnings = false) {
  ProviderModuleReport report;
  report.health = {status, message, warnings, guidance};
  OrderedJson& json = report.json = OrderedJson::object();
  json["provider"] = provider;
  json["status"] = status == ModuleHealthStatus::kOk ? "ok" : status == ModuleHealthStatus::kError ? "error" : "warn";
  json["message"] = std::move(message);
  if (!warnings.empty() || list_empty_warnings) json["warnings"] = warnings;
  if (!guidance.empty()) json["backupGuidance"] = guidance;
  if (!details.is_null()) json["details"] = std::move(details);
  return report;
}

// `process.env.NAME?.trim()`, empty when unset.
std::string Env(const EnvVars& vars, std::string_view name) {
  const std::optional<std::string> value = vars.Get(name);
  return value ? std::string(EcmaTrim(*value)) : std::string();
}

// asOptionalNonEmptyString(config[name]).
std::string ConfigText(const OrderedJson& config, const char* name) {
  const auto it = config.find(name);
  if (it == config.end() || !it->is_string()) return {};
  return std::string(EcmaTrim(it->get_ref<const std::string&>()));
}

// PAPERCLIP_SECRETS_AWS_DELETE_RECOVERY_DAYS, when set, must be a number in 7..30.
std::optional<std::string> RecoveryWindowError(const EnvVars& vars) {
  const std::string raw = Env(vars, "PAPERCLIP_SECRETS_AWS_DELETE_RECOVERY_DAYS");
  if (raw.empty()) return std::nullopt;
  char* end = nullptr;
  const double days = std::strtod(raw.c_str(), &end);
  if (end == raw.c_str() + raw.size() && std::isfinite(days) && days >= 7 && days <= 30) return std::nullopt;
  return "PAPERCLIP_SECRETS_AWS_DELETE_RECOVERY_DAYS must be an integer between 7 and 30";
}

OrderedJson DetectedAwsCredentialSources(const EnvVars& vars) {
  OrderedJson sources = OrderedJson::array();
  const auto set = [&](const char* name) { return !Env(vars, name).empty(); };
  if (set("AWS_PROFILE")) sources.push_back("AWS_PROFILE/shared config");
  if (set("AWS_ACCESS_KEY_ID") && set("AWS_SECRET_ACCESS_KEY")) {
    sources.push_back("temporary AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment credentials");
  }
  if (set("AWS_WEB_IDENTITY_TOKEN_FILE") && set("AWS_ROLE_ARN")) sources.push_back("AWS web identity token");
  if (set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || set("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    sources.push_back("AWS container credentials endpoint");
  }
  if (set("AWS_SHARED_CREDENTIALS_FILE") || set("AWS_CONFIG_FILE")) {
    sources.push_back("custom AWS shared credentials/config file");
  }
  return sources;
}

class OfflineProbe final : public ProviderHealthProbe {
 public:
  OfflineProbe(const EnvVars& vars, FileSystem& fs, KeyHome home) : vars_(vars), fs_(fs), home_(home) {}

  ProviderModuleReport Check(Provider provider, const ProviderVault* vault) override {
    switch (provider) {
      case Provider::kLocalEncrypted: return LocalEncrypted();
      case Provider::kAwsSecretsManager: return Aws(vault);
      case Provider::kGcpSecretManager: break;
      case Provider::kVault: break;
    }
    const std::string id(ProviderName(provider));
    return Report(id, ModuleHealthStatus::kWarn,
                  id + " provider is available for external references but not configured for runtime resolution",
                  {kNoRuntimeWarning}, {}, nullptr);
  }

 private:
  ProviderModuleReport LocalEncrypted() {
    const KeyHealth key = InspectMasterKey(vars_, fs_, home_);
    const ModuleHealthStatus status = ParseModuleHealthStatus(key.status);
    if (key.location.path.empty()) {  // the env key, or no key location at all
      if (status != ModuleHealthStatus::kOk) return Report("local_encrypted", status, key.message, {}, {}, nullptr);
      OrderedJson details = {{"keySource", "env"}};
      return Report("local_encrypted", status, key.message, {}, kEnvKeyGuidance, std::move(details));
    }
    OrderedJson details = {{"keySource", "file"}, {"keyFilePath", key.location.path}};
    const bool configured = key.message.rfind("Local encrypted provider configured with key file", 0) == 0;
    const bool missing = key.message.rfind("Secrets key file does not exist yet", 0) == 0;
    if (!configured && !missing) return Report("local_encrypted", status, key.message, {}, {}, std::move(details));
    return Report("local_encrypted", status, key.message, key.warnings, kKeyFileGuidance, std::move(details),
                  configured);
  }

  ProviderModuleReport NotReady(const Strings& missing, std::string message, bool for_vault) {
    std::string list;
    for (const auto& item : missing) list += (list.empty() ? "" : ", ") + item;
    Strings warnings;
    if (!missing.empty()) warnings.push_back("Missing required non-secret AWS provider config: " + list + ".");
    warnings.insert(warnings.end(), {kAwsRuntimeWarning, kAwsCustodyWarning,
                                     "Managed secret create/rotate/resolve calls will fail until AWS provider "
                                     "configuration is complete."});
    OrderedJson details = OrderedJson::object();
    details["missingConfig"] = missing;
    details["requiredProviderConfig"] =
        for_vault ? Strings{"region"}
                  : Strings{"PAPERCLIP_SECRETS_AWS_REGION or AWS_REGION/AWS_DEFAULT_REGION",
                            "PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID", "PAPERCLIP_SECRETS_AWS_KMS_KEY_ID"};
    details["optionalProviderConfig"] = Strings{"PAPERCLIP_SECRETS_AWS_PREFIX", "PAPERCLIP_SECRETS_AWS_ENVIRONMENT",
                                                "PAPERCLIP_SECRETS_AWS_PROVIDER_OWNER", "PAPERCLIP_SECRETS_AWS_ENDPOINT",
                                                "PAPERCLIP_SECRETS_AWS_DELETE_RECOVERY_DAYS"};
    details["credentialSource"] = kCredentialSource;
    details["detectedCredentialSources"] = DetectedAwsCredentialSources(vars_);
    if (!missing.empty()) message = "AWS Secrets Manager provider is not ready: missing " + list + ".";
    return Report("aws_secrets_manager", ModuleHealthStatus::kWarn, std::move(message), warnings, {},
                  std::move(details));
  }

  ProviderModuleReport Aws(const ProviderVault* vault) {
    std::string region, deployment_id, prefix;
    bool kms = false;
    if (vault != nullptr) {
      region = ConfigText(vault->config, "region");
      if (region.empty()) {
        return NotReady({"region"}, "AWS Secrets Manager provider vault requires non-secret config: region", true);
      }
      const std::string ns = ConfigText(vault->config, "namespace");
      deployment_id = AwsSanitizePathSegment(ns.empty() ? vault->id : ns);
      const std::string name_prefix = ConfigText(vault->config, "secretNamePrefix");
      prefix = AwsSanitizePathSegment(name_prefix.empty() ? "paperclip" : name_prefix);
      kms = !ConfigText(vault->config, "kmsKeyId").empty();
    } else {
      // getAwsConfigReadiness: the first of the three region variables that is set, even if blank.
      std::optional<std::string> raw_region = vars_.Get("PAPERCLIP_SECRETS_AWS_REGION");
      if (!raw_region) raw_region = vars_.Get("AWS_REGION");
      if (!raw_region) raw_region = vars_.Get("AWS_DEFAULT_REGION");
      region = raw_region ? std::string(EcmaTrim(*raw_region)) : std::string();
      deployment_id = Env(vars_, "PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID");
      kms = !Env(vars_, "PAPERCLIP_SECRETS_AWS_KMS_KEY_ID").empty();
      Strings missing;
      if (region.empty()) missing.push_back("PAPERCLIP_SECRETS_AWS_REGION or AWS_REGION/AWS_DEFAULT_REGION");
      if (deployment_id.empty()) missing.push_back("PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID");
      if (!kms) missing.push_back("PAPERCLIP_SECRETS_AWS_KMS_KEY_ID");
      if (!missing.empty()) return NotReady(missing, "", false);
      const std::string env_prefix = Env(vars_, "PAPERCLIP_SECRETS_AWS_PREFIX");
      prefix = AwsSanitizePathSegment(env_prefix.empty() ? "paperclip" : env_prefix);
    }
    if (std::optional<std::string> error = RecoveryWindowError(vars_)) return NotReady({}, *error, vault != nullptr);
    Strings warnings = {kNoRuntimeWarning};
    if (prefix.empty()) warnings.push_back("PAPERCLIP_SECRETS_AWS_PREFIX should be set to a deployment-scoped prefix");
    if (!Env(vars_, "AWS_ACCESS_KEY_ID").empty() && !Env(vars_, "AWS_SECRET_ACCESS_KEY").empty()) {
      warnings.push_back(kAwsStaticCredentialsWarning);
    }
    OrderedJson details = OrderedJson::object();
    details["region"] = region;
    details["prefix"] = prefix;
    details["deploymentId"] = deployment_id;
    details["kmsKeyConfigured"] = kms;
    details["credentialSource"] = kCredentialSource;
    details["detectedCredentialSources"] = DetectedAwsCredentialSources(vars_);
    ProviderModuleReport report = Report("aws_secrets_manager", ModuleHealthStatus::kWarn, kAwsNoRuntimeMessage,
                                         warnings, kAwsGuidance, nullptr, true);
    // Paperclip's object lists details before backupGuidance.
    report.json.erase("backupGuidance");
    report.json["details"] = std::move(details);
    report.json["backupGuidance"] = kAwsGuidance;
    return report;
  }

  const EnvVars& vars_;
  FileSystem& fs_;
  KeyHome home_;
};

}  // namespace

std::unique_ptr<ProviderHealthProbe> DeploymentHealthProbe(const EnvVars& vars, FileSystem& fs, KeyHome home) {
  return std::make_unique<OfflineProbe>(vars, fs, home);
}

}  // namespace clasp::native
