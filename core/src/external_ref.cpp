// EXT-1: AWS Secrets Manager external references, as Paperclip 2026.916.1 links them.
#include "clasp/external_ref.h"

#include <array>

#include "clasp/sha256.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

constexpr std::string_view kAwsScheme = "aws_secrets_manager_v1";

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// JS "." excludes \n, \r, U+2028 and U+2029, so (.+)$ fails on any of them.
bool HasLineTerminator(std::string_view s) {
  return s.find('\n') != std::string_view::npos || s.find('\r') != std::string_view::npos ||
         s.find("\xE2\x80\xA8") != std::string_view::npos || s.find("\xE2\x80\xA9") != std::string_view::npos;
}

// asOptionalNonEmptyString(config[name]).
std::string ConfigText(const OrderedJson& config, const char* name) {
  if (!config.is_object()) return {};
  const auto it = config.find(name);
  if (it == config.end() || !it->is_string()) return {};
  return std::string(EcmaTrim(it->get_ref<const std::string&>()));
}

Diagnostic Unprocessable(Code code, std::string message) {
  Diagnostic d = MakeDiagnostic(code, "", std::move(message));
  d.http_status = 422;
  return d;
}

}  // namespace

std::string AwsSecretNameOfRef(std::string_view external_ref) {
  const std::string_view trimmed = EcmaTrim(external_ref);
  std::array<std::string_view, 6> parts;
  std::string_view rest = trimmed;
  for (std::string_view& part : parts) {
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return std::string(trimmed);
    part = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
  }
  const bool arn = EqualsIgnoreAsciiCase(parts[0], "arn") && !parts[1].empty() &&
                   EqualsIgnoreAsciiCase(parts[2], "secretsmanager") && EqualsIgnoreAsciiCase(parts[5], "secret");
  if (!arn || rest.empty() || HasLineTerminator(rest)) return std::string(trimmed);
  return std::string(rest);
}

std::string AwsSanitizePathSegment(std::string_view raw) {
  const auto allowed = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("/_+=.@-").find(c) != std::string_view::npos;
  };
  std::string out;
  bool in_run = false;
  for (char c : EcmaTrim(raw)) {
    if (!allowed(c)) {
      if (!in_run) out.push_back('-');
      in_run = true;
      continue;
    }
    in_run = false;
    if (c != '/' || out.empty() || out.back() != '/') out.push_back(c);
  }
  const std::size_t first = out.find_first_not_of('/');
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of('/') - first + 1);
}

Result<ExternalReferenceMaterial> LinkAwsExternalReference(std::string_view vault_id, const OrderedJson& vault_config,
                                                           std::string_view external_ref,
                                                           const std::optional<std::string>& provider_version_ref) {
  using R = Result<ExternalReferenceMaterial>;
  if (ConfigText(vault_config, "region").empty()) {
    return R::Fail(Unprocessable(Code::kProviderNotConfigured,
                                 "AWS Secrets Manager provider vault requires non-secret config: region"));
  }
  const std::string ns = ConfigText(vault_config, "namespace");
  const std::string name_prefix = ConfigText(vault_config, "secretNamePrefix");
  std::string namespace_prefix = AwsSanitizePathSegment(name_prefix.empty() ? "paperclip" : name_prefix);
  const std::string deployment = AwsSanitizePathSegment(ns.empty() ? vault_id : std::string_view(ns));
  if (!deployment.empty()) namespace_prefix += (namespace_prefix.empty() ? "" : "/") + deployment;
  const std::string name = AwsSecretNameOfRef(external_ref);
  if (!namespace_prefix.empty() &&
      (name == namespace_prefix || name.rfind(namespace_prefix + "/", 0) == 0)) {
    return R::Fail(Unprocessable(Code::kProviderGuardrail,
                                 "AWS Paperclip-managed namespace secrets cannot be imported as external references"));
  }
  ExternalReferenceMaterial out;
  out.external_ref = std::string(EcmaTrim(external_ref));
  if (provider_version_ref && !EcmaTrim(*provider_version_ref).empty()) {
    out.provider_version_ref = std::string(EcmaTrim(*provider_version_ref));
  }
  out.fingerprint_sha256 = HexLower(Sha256Of(std::string(kAwsScheme) + ":" + out.external_ref + ":" +
                                             out.provider_version_ref.value_or("")));
  out.material = OrderedJson::object();
  out.material["scheme"] = std::string(kAwsScheme);
  out.material["secretId"] = out.external_ref;
  out.material["versionId"] = out.provider_version_ref ? OrderedJson(*out.provider_version_ref) : OrderedJson(nullptr);
  out.material["source"] = "external_reference";
  return R::Ok(std::move(out));
}

std::string ProviderNotConfiguredMessage(std::string_view provider) {
  return std::string(provider) + " provider is not configured in this deployment";
}

}  // namespace clasp
