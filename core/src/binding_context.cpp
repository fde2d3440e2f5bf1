#include "clasp/binding_context.h"

#include <algorithm>

#include "clasp/env_binding.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

constexpr std::string_view kAccessPrefix = "access.";
constexpr std::string_view kClass3 = "class_3_static_lease";

// CLASS3_STATIC_LEASE_ALLOWLIST from @paperclipai/shared 2026.916.1 (key,
// targetType, configPath); labels and envKey are presentation only.
struct Class3Entry {
  std::string_view key;
  std::string_view target_type;
  std::string_view config_path;
};
constexpr Class3Entry kClass3Allowlist[] = {
    {"slack.bot_token", "agent", "env.SLACK_BOT_TOKEN"},
    {"slack.bot_token", "routine", "env.SLACK_BOT_TOKEN"},
    {"slack.bot_token", "tool_connection", "credentials.bot_token"},
    {"discord.bot_token", "agent", "env.DISCORD_BOT_TOKEN"},
    {"discord.bot_token", "routine", "env.DISCORD_BOT_TOKEN"},
    {"discord.bot_token", "tool_connection", "credentials.bot_token"},
};

}  // namespace

std::optional<Diagnostic> CheckSecretInCompany(std::string_view company_id, std::string_view secret_id,
                                               const SecretMap& secrets) {
  const SecretInfo* secret = FindSecret(secrets, secret_id);
  if (secret == nullptr || secret->status == "deleted") {
    return MakeDiagnostic(Code::kSecretNotFound, "", "Secret not found");
  }
  if (secret->company_id != company_id) {
    return MakeDiagnostic(Code::kSecretCompanyMismatch, "", "Secret must belong to same company");
  }
  if (secret->scope != "company") {
    return MakeDiagnostic(Code::kSecretScopeInvalid, "", "Secret references require company-scoped secrets");
  }
  return std::nullopt;
}

std::optional<Diagnostic> CheckSecretBindingConfigPath(std::string_view target_type, std::string_view config_path) {
  if (config_path.substr(0, kAccessPrefix.size()) != kAccessPrefix) return std::nullopt;
  if (target_type != "agent") {
    return MakeDiagnostic(Code::kBindingAccessTargetInvalid, "",
                          "API-only secret access bindings must target an agent");
  }
  const std::string_view alias = config_path.substr(kAccessPrefix.size());
  if (!IsValidEnvKey(alias)) {
    return MakeDiagnostic(Code::kBindingAccessAliasInvalid, "",
                          "Invalid agent secret access alias: " + std::string(alias.empty() ? "(empty)" : alias));
  }
  return std::nullopt;
}

std::optional<Diagnostic> CheckClass3StaticLease(std::string_view target_type, std::string_view config_path,
                                                 std::string_view projection_class,
                                                 std::optional<std::string_view> allowlist_key) {
  if (projection_class != kClass3) return std::nullopt;
  if (!allowlist_key || EcmaTrim(*allowlist_key).empty()) {
    return MakeDiagnostic(Code::kBindingClass3AllowlistRequired, "",
                          "Class-3 static lease bindings require an allowlist key");
  }
  const bool allowed = std::any_of(std::begin(kClass3Allowlist), std::end(kClass3Allowlist), [&](const Class3Entry& e) {
    return e.key == *allowlist_key && e.target_type == target_type && e.config_path == config_path;
  });
  if (!allowed) {
    return MakeDiagnostic(Code::kBindingClass3NotAllowed, "",
                          "Class-3 static lease binding is outside the approved allowlist");
  }
  return std::nullopt;
}

Result<BindingContextVerdict> AssertBindingContext(std::string_view company_id, const std::vector<BindingRow>& rows,
                                                   std::string_view secret_id,
                                                   const std::optional<BindingContext>& context) {
  if (!context) return Result<BindingContextVerdict>::Ok(BindingContextVerdict{});
  if (!context->config_path || context->config_path->empty()) {
    return Result<BindingContextVerdict>::Fail(
        MakeDiagnostic(Code::kBindingMissing, "", "Secret resolution requires a binding config path"));
  }
  const std::string& path = *context->config_path;
  const auto row = std::find_if(rows.begin(), rows.end(), [&](const BindingRow& r) {
    return r.company_id == company_id && SameSecretId(r.secret_id, secret_id) &&
           r.target_type == context->consumer_type && r.target_id == context->consumer_id && r.config_path == path;
  });
  if (row == rows.end()) {
    return Result<BindingContextVerdict>::Fail(MakeDiagnostic(
        Code::kBindingMissing, "",
        "Secret is not bound to " + context->consumer_type + ":" + context->consumer_id + " at " + path));
  }
  if (const auto& allowed = context->allowed_binding_ids;
      allowed && std::find(allowed->begin(), allowed->end(), row->id) == allowed->end()) {
    return Result<BindingContextVerdict>::Fail(
        MakeDiagnostic(Code::kBindingNotAllowed, "", "Secret binding is outside the active low-trust boundary"));
  }
  std::optional<std::string_view> key;
  if (row->projection_allowlist_key) key = *row->projection_allowlist_key;
  if (auto lease = CheckClass3StaticLease(row->target_type, row->config_path, row->projection_class, key)) {
    return Result<BindingContextVerdict>::Fail(std::move(*lease));
  }
  return Result<BindingContextVerdict>::Ok(BindingContextVerdict{true, row->id});
}

}  // namespace clasp
