// createSecretSchema, rotateSecretSchema, updateSecretSchema as zod 4.6.7 runs them.
#include "clasp/secret_request.h"

#include <algorithm>
#include <utility>

#include "clasp/env_binding.h"
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

// JS `!x?.trim()`: absent, null, or nothing but whitespace.
bool Blank(const NullableField<std::string>& field) { return !field.is_set() || EcmaTrim(field.value).empty(); }

const StringRules kPlain{};
const StringRules kNonEmpty{1, std::nullopt, false, false};
const StringRules kSecretKey{1, 120, true, false};
const StringRules kGuid{std::nullopt, std::nullopt, false, true};

}  // namespace

const std::vector<std::string_view>& ManagedModeNames() {
  static const std::vector<std::string_view> kNames = {"paperclip_managed", "external_reference"};
  return kNames;
}

const std::vector<std::string_view>& SecretStatusNames() {
  static const std::vector<std::string_view> kNames = {"active", "disabled", "archived", "deleted"};
  return kNames;
}

std::string_view ManagedModeName(ManagedMode mode) { return ManagedModeNames()[static_cast<std::size_t>(mode)]; }

std::string_view SecretStatusName(SecretStatus status) {
  return SecretStatusNames()[static_cast<std::size_t>(status)];
}

zod::TextCheck CheckSecretKey(std::string_view raw) {
  zod::TextCheck check = zod::CheckTrimmedText(raw, 1, 120);
  const std::string& key = check.trimmed;
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  };
  if (key.empty() || !std::all_of(key.begin(), key.end(), allowed)) {
    check.messages.push_back(zod::PatternMismatch(kSecretKeyPattern));
  }
  return check;
}

Result<CreateSecretRequest> ParseCreateSecretRequest(const OrderedJson& body) {
  Issues issues;
  CreateSecretRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  NullableField<std::string> name = ReadString(body, "name", Presence::kRequired, kNonEmpty, issues);
  request.name = std::move(name.value);
  request.key = ReadOptionalString(body, "key", kSecretKey, issues);
  if (const auto i = ReadEnum(body, "provider", ProviderNames(), issues)) request.provider = static_cast<Provider>(*i);
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
  if (const auto i = ReadEnum(body, "managedMode", ManagedModeNames(), issues)) {
    request.managed_mode = static_cast<ManagedMode>(*i);
  }
  request.value = ReadString(body, "value", Presence::kOptionalNullable, kNonEmpty, issues);
  request.description = ReadString(body, "description", Presence::kOptionalNullable, kPlain, issues);
  request.external_ref = ReadString(body, "externalRef", Presence::kOptionalNullable, kPlain, issues);
  request.provider_metadata = ReadRecord(body, "providerMetadata", issues);
  request.provider_version_ref = ReadString(body, "providerVersionRef", Presence::kOptionalNullable, kPlain, issues);
  if (issues.aborted) return Finish(std::move(request), issues);

  if (request.managed_mode.value_or(ManagedMode::kPaperclipManaged) == ManagedMode::kExternalReference) {
    if (Blank(request.external_ref)) {
      issues.Add(Code::kSecretExternalRefRequired, "", "externalRef", std::string(kExternalRefRequiredMessage), false);
    }
    return Finish(std::move(request), issues);
  }
  if (!Blank(request.external_ref)) {
    issues.Add(Code::kSecretManagedExternalRef, "", "externalRef", std::string(kManagedExternalRefMessage), false);
  }
  if (Blank(request.value)) {
    issues.Add(Code::kSecretManagedValueRequired, "", "value", std::string(kManagedValueRequiredMessage), false);
  }
  return Finish(std::move(request), issues);
}

Result<RotateSecretRequest> ParseRotateSecretRequest(const OrderedJson& body) {
  Issues issues;
  RotateSecretRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.value = ReadString(body, "value", Presence::kOptionalNullable, kNonEmpty, issues);
  request.external_ref = ReadString(body, "externalRef", Presence::kOptionalNullable, kPlain, issues);
  request.provider_version_ref = ReadString(body, "providerVersionRef", Presence::kOptionalNullable, kPlain, issues);
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
  if (issues.aborted) return Finish(std::move(request), issues);

  // `== null` in requireSecretRotationInput: an empty providerVersionRef counts.
  if (Blank(request.value) && Blank(request.external_ref) && !request.provider_version_ref.is_set() &&
      !request.provider_config_id.is_set()) {
    issues.Add(Code::kInputInvalidValue, "", "value", std::string(kRotationInputRequiredMessage), false);
  }
  return Finish(std::move(request), issues);
}

Result<UpdateSecretRequest> ParseUpdateSecretRequest(const OrderedJson& body) {
  Issues issues;
  UpdateSecretRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.name = ReadOptionalString(body, "name", kNonEmpty, issues);
  request.key = ReadOptionalString(body, "key", kSecretKey, issues);
  if (const auto i = ReadEnum(body, "status", SecretStatusNames(), issues)) {
    request.status = static_cast<SecretStatus>(*i);
  }
  request.provider_config_id = ReadString(body, "providerConfigId", Presence::kOptionalNullable, kGuid, issues);
  request.description = ReadString(body, "description", Presence::kOptionalNullable, kPlain, issues);
  request.external_ref = ReadString(body, "externalRef", Presence::kOptionalNullable, kPlain, issues);
  request.provider_metadata = ReadRecord(body, "providerMetadata", issues);
  return Finish(std::move(request), issues);
}

}  // namespace clasp
