// clasp/user_secret_request.h — the bodies of Paperclip's user-secret routes,
// checked as its zod schemas check them (createUserSecretDefinitionSchema,
// updateUserSecretDefinitionSchema, createUserSecretValueSchema,
// updateUserSecretValueSchema, rotateUserSecretValueSchema in
// @paperclipai/shared 2026.916.1, zod 4.6.7), with the zod rules and
// Diagnostic conventions of secret_request.h: one Diagnostic per zod issue,
// in zod's order, http_status 400, messages naming fields, never a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clasp/json_input.h"
#include "clasp/result.h"
#include "clasp/secret_request.h"
#include "clasp/vault_config.h"

namespace clasp {

// POST /companies/:cid/user-secret-definitions. name, description and
// usageGuidance are trimmed (zod's .trim() transforms), key as secretKeySchema.
struct CreateUserSecretDefinitionRequest {
  std::string key;
  std::string name;
  NullableField<std::string> description;
  std::optional<SecretStatus> status;  // active | disabled | archived only
  std::optional<Provider> provider;
  NullableField<std::string> provider_config_id;  // a GUID when set
  std::optional<ManagedMode> managed_mode;
  NullableField<OrderedJson> provider_metadata;
  NullableField<std::string> usage_guidance;
};

// PATCH /companies/:cid/user-secret-definitions/:id. The schema has no key:
// a "key" in the body is dropped as zod drops unknown keys, so a definition
// is never re-keyed through this route.
struct UpdateUserSecretDefinitionRequest {
  std::optional<std::string> name;
  NullableField<std::string> description;
  std::optional<SecretStatus> status;  // "deleted" removes the definition
  NullableField<std::string> provider_config_id;
  NullableField<OrderedJson> provider_metadata;
  NullableField<std::string> usage_guidance;
};

// POST /companies/:cid/me/user-secrets. `value` is the secret: never log it.
struct CreateUserSecretValueRequest {
  std::optional<std::string> definition_key;  // trimmed
  std::optional<std::string> definition_id;   // a GUID
  NullableField<std::string> value;
  NullableField<std::string> external_ref;
  NullableField<std::string> provider_version_ref;
  NullableField<std::string> provider_config_id;
};

// PATCH …/me/user-secrets/:id and POST …/:id/rotate (rotate has no status).
struct UserSecretValuePatchRequest {
  std::optional<SecretStatus> status;
  NullableField<std::string> value;
  NullableField<std::string> external_ref;
  NullableField<std::string> provider_version_ref;
  NullableField<std::string> provider_config_id;
};

// creatableSecretStatusSchema's values, in Paperclip's order.
const std::vector<std::string_view>& CreatableSecretStatusNames();

inline constexpr std::string_view kUserSecretDefinitionRequiredMessage =
    "User secret value requires definitionId or definitionKey";
inline constexpr std::string_view kUserSecretValueRequiredMessage = "User secret value requires value or externalRef";

// createUserSecretDefinitionSchema (no refinement).
//   {"key":" github-token ","name":" GitHub token "} -> ok, key "github-token", name "GitHub token"
//   {"key":"a b","name":""}  -> the key pattern at /key, "Too small: expected string to have >=1 characters" at /name
//   {"key":"k","name":"N","status":"deleted"} -> "Invalid option: expected one of \"active\"|\"disabled\"|\"archived\""
Result<CreateUserSecretDefinitionRequest> ParseCreateUserSecretDefinitionRequest(const OrderedJson& body);

// updateUserSecretDefinitionSchema (no refinement).
//   {"name":" Renamed ","key":"ignored"} -> ok, name "Renamed", no key
//   {"usageGuidance":5}                  -> "Invalid input: expected string, received number" at /usageGuidance
Result<UpdateUserSecretDefinitionRequest> ParseUpdateUserSecretDefinitionRequest(const OrderedJson& body);

// createUserSecretValueSchema, then its refinement (when no type or enum
// error came first): kUserSecretDefinitionRequiredMessage at /definitionId
// without a definitionKey or definitionId, kUserSecretValueRequiredMessage
// at /value when value and externalRef are both blank.
//   {"definitionKey":"github-token","value":"ghp_1"} -> ok
//   {}                                               -> both refinement issues, /definitionId first
//   {"definitionId":"x","value":"v"}                 -> "Invalid GUID" at /definitionId, no refinement issue
Result<CreateUserSecretValueRequest> ParseCreateUserSecretValueRequest(const OrderedJson& body);

// updateUserSecretValueSchema (no refinement): every string min(1).
//   {"status":"disabled"} -> ok;  {"value":""} -> too_small at /value
Result<UserSecretValuePatchRequest> ParseUpdateUserSecretValueRequest(const OrderedJson& body);

// rotateUserSecretValueSchema: as the update without status, then
// rotateSecretSchema's refinement (kRotationInputRequiredMessage at /value).
//   {"value":"ghp_2"} -> ok;  {} -> the rotation message at /value;  {"status":"active"} -> the rotation message
Result<UserSecretValuePatchRequest> ParseRotateUserSecretValueRequest(const OrderedJson& body);

}  // namespace clasp
