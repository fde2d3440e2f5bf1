// The user-secret schemas of user_secret_request.h as zod 4.6.7 runs them.
#include "clasp/user_secret_request.h"

#include <utility>

#include "clasp/utf8.h"
#include "zod_fields.h"

namespace clasp {
namespace {

using Issues = zod::ObjectIssues;
using zod::BodyIsObject;
using zod::Finish;
using zod::Presence;
using zod::ReadEnum;
using zod::ReadOptionalString;
using zod::ReadRecord;
using zod::ReadString;
using zod::StringRules;

const StringRules kName{1, 160, false, false, true};
const StringRules kDescription{std::nullopt, 500, false, false, true};
const StringRules kUsageGuidance{std::nullopt, 1000, false, false, true};
const StringRules kSecretKey{1, 120, true, false};
const StringRules kGuid{std::nullopt, std::nullopt, false, true};
const StringRules kNonEmpty{1, std::nullopt, false, false};
const StringRules kPlain{};

bool Blank(const NullableField<std::string>& field) { return !field.is_set() || EcmaTrim(field.value).empty(); }

std::optional<SecretStatus> ReadStatus(const OrderedJson& body, const std::vector<std::string_view>& names,
                                       Issues& issues) {
  // Both enums list their names in SecretStatus's order.
  const auto i = ReadEnum(body, "status", names, issues);
  return i ? std::optional<SecretStatus>(static_cast<SecretStatus>(*i)) : std::nullopt;
}

// The four value fields of updateUserSecretValueSchema / rotateUserSecretValueSchema.
void ReadValueFields(const OrderedJson& body, UserSecretValuePatchRequest& request, Issues& issues) {
  request.value = ReadString(body, "value", Presence::kOptionalNullable, kNonEmpty, issues);
  request.external_ref = ReadString(body, "externalRef", Presence::kOptionalNullable, kNonEmpty, issues);
  request.provider_version_ref = ReadString(body, "providerVersionRef", Presence::kOptionalNullable, kNonEmpty, issues);
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
}

}  // namespace

const std::vector<std::string_view>& CreatableSecretStatusNames() {
  static const std::vector<std::string_view> kNames = {"active", "disabled", "archived"};
  return kNames;
}

Result<CreateUserSecretDefinitionRequest> ParseCreateUserSecretDefinitionRequest(const OrderedJson& body) {
  Issues issues;
  CreateUserSecretDefinitionRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.key = ReadString(body, "key", Presence::kRequired, kSecretKey, issues).value;
  request.name = ReadString(body, "name", Presence::kRequired, kName, issues).value;
  request.description = ReadString(body, "description", Presence::kOptionalNullable, kDescription, issues);
  request.status = ReadStatus(body, CreatableSecretStatusNames(), issues);
  if (const auto i = ReadEnum(body, "provider", ProviderNames(), issues)) request.provider = static_cast<Provider>(*i);
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
  if (const auto i = ReadEnum(body, "managedMode", ManagedModeNames(), issues)) {
    request.managed_mode = static_cast<ManagedMode>(*i);
  }
  request.provider_metadata = ReadRecord(body, "providerMetadata", issues);
  request.usage_guidance = ReadString(body, "usageGuidance", Presence::kOptionalNullable, kUsageGuidance, issues);
  return Finish(std::move(request), issues);
}

Result<UpdateUserSecretDefinitionRequest> ParseUpdateUserSecretDefinitionRequest(const OrderedJson& body) {
  Issues issues;
  UpdateUserSecretDefinitionRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.name = ReadOptionalString(body, "name", kName, issues);
  request.description = ReadString(body, "description", Presence::kOptionalNullable, kDescription, issues);
  request.status = ReadStatus(body, SecretStatusNames(), issues);
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
  request.provider_metadata = ReadRecord(body, "providerMetadata", issues);
  request.usage_guidance = ReadString(body, "usageGuidance", Presence::kOptionalNullable, kUsageGuidance, issues);
  return Finish(std::move(request), issues);
}

Result<CreateUserSecretValueRequest> ParseCreateUserSecretValueRequest(const OrderedJson& body) {
  Issues issues;
  CreateUserSecretValueRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.definition_key = ReadOptionalString(body, "definitionKey", kSecretKey, issues);
  request.definition_id = ReadOptionalString(body, "definitionId", kGuid, issues);
  request.value = ReadString(body, "value", Presence::kOptionalNullable, kNonEmpty, issues);
  request.external_ref = ReadString(body, "externalRef", Presence::kOptionalNullable, kPlain, issues);
  request.provider_version_ref = ReadString(body, "providerVersionRef", Presence::kOptionalNullable, kPlain, issues);
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
  if (issues.aborted) return Finish(std::move(request), issues);
  // JS truthiness: an empty definitionKey counts as missing.
  const bool has_key = request.definition_key && !request.definition_key->empty();
  const bool has_id = request.definition_id && !request.definition_id->empty();
  if (!has_key && !has_id) {
    issues.Add(Code::kInputInvalidValue, "", "definitionId", std::string(kUserSecretDefinitionRequiredMessage));
  }
  if (Blank(request.value) && Blank(request.external_ref)) {
    issues.Add(Code::kInputInvalidValue, "", "value", std::string(kUserSecretValueRequiredMessage));
  }
  return Finish(std::move(request), issues);
}

Result<UserSecretValuePatchRequest> ParseUpdateUserSecretValueRequest(const OrderedJson& body) {
  Issues issues;
  UserSecretValuePatchRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.status = ReadStatus(body, SecretStatusNames(), issues);
  ReadValueFields(body, request, issues);
  return Finish(std::move(request), issues);
}

Result<UserSecretValuePatchRequest> ParseRotateUserSecretValueRequest(const OrderedJson& body) {
  Issues issues;
  UserSecretValuePatchRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  ReadValueFields(body, request, issues);
  if (issues.aborted) return Finish(std::move(request), issues);
  if (Blank(request.value) && Blank(request.external_ref) && !request.provider_version_ref.is_set() &&
      !request.provider_config_id.is_set()) {
    issues.Add(Code::kInputInvalidValue, "", "value", std::string(kRotationInputRequiredMessage));
  }
  return Finish(std::move(request), issues);
}

}  // namespace clasp
