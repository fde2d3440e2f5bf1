// clasp/secret_request.h — the bodies of Paperclip's secret routes, checked as
// its zod schemas check them (createSecretSchema, rotateSecretSchema,
// updateSecretSchema in @paperclipai/shared 2026.916.1, zod 4.6.7).
//
// Paperclip's route validator answers a body its schema refuses with
//   400 {"error":"Validation error","details":[<zod issue>, ...]}
// and a UI reads those issues. clasp reproduces them issue for issue: one
// Diagnostic per zod issue, in zod's order (schema shape order, then the
// object's refinement), with zod's exact message and the issue's path as a
// JSON Pointer ("/name"). zod_issues.h turns the list back into the `details`
// array, byte for byte.
//
// zod rules that decide what is reported (all checked against zod 4.6.7):
//   - a type error (invalid_type) or an enum miss (invalid_value) stops the
//     object's refinement; a failed length, pattern or GUID check does not,
//     so {"name":""} reports too_small on /name and then the refinement's
//     "Managed secrets require value";
//   - lengths count Unicode code points (an emoji is 1);
//   - a non-string given to a length-checked string still gets its min/max
//     checks when it has a `length` (an array, or an object with a "length");
//   - keys the schema does not list are dropped silently (z.object() strips);
//   - key is trimmed (ECMAScript trim) before its checks, and kept trimmed.
//
// Diagnostic codes: input_wrong_type (invalid_type), input_invalid_value
// (enum, length, pattern, GUID, the rotation rule), and for the create
// refinement the service's own codes secret_external_ref_required,
// secret_managed_external_ref, secret_managed_value_required; every one with
// http_status 400, as Paperclip's route answers. Messages name fields, never
// a submitted value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/result.h"
#include "clasp/vault_config.h"
#include "clasp/vault_zod.h"

namespace clasp {

// SECRET_MANAGED_MODES and SECRET_STATUSES, in Paperclip's order (the order
// of zod's "Invalid option" message).
enum class ManagedMode { kPaperclipManaged, kExternalReference };
enum class SecretStatus { kActive, kDisabled, kArchived, kDeleted };
const std::vector<std::string_view>& ManagedModeNames();
const std::vector<std::string_view>& SecretStatusNames();
std::string_view ManagedModeName(ManagedMode mode);
std::string_view SecretStatusName(SecretStatus status);

// A property zod declares .optional().nullable(): Paperclip treats "absent"
// (leave the column alone on update) and null (clear it) differently, so
// both are kept apart from a value.
template <typename T>
struct NullableField {
  enum class State { kAbsent, kNull, kSet };
  State state = State::kAbsent;
  T value{};  // meaningful when state == kSet

  bool absent() const { return state == State::kAbsent; }
  bool is_null() const { return state == State::kNull; }
  bool is_set() const { return state == State::kSet; }
};

// POST /companies/:cid/secrets. `value` is the secret itself: never log it.
struct CreateSecretRequest {
  std::string name;
  std::optional<std::string> key;  // trimmed
  std::optional<Provider> provider;
  NullableField<std::string> provider_config_id;  // a GUID when set
  std::optional<ManagedMode> managed_mode;
  NullableField<std::string> value;
  NullableField<std::string> description;
  NullableField<std::string> external_ref;
  // A JSON object, keys in JS order (zod::JsOwnKeys), "__proto__" dropped as
  // zod's record parser drops it.
  NullableField<OrderedJson> provider_metadata;
  NullableField<std::string> provider_version_ref;
};

// POST /secrets/:id/rotate.
struct RotateSecretRequest {
  NullableField<std::string> value;
  NullableField<std::string> external_ref;
  NullableField<std::string> provider_version_ref;
  NullableField<std::string> provider_config_id;
};

// PATCH /secrets/:id. Every field is optional; absent means "unchanged".
struct UpdateSecretRequest {
  std::optional<std::string> name;
  std::optional<std::string> key;  // trimmed
  std::optional<SecretStatus> status;
  NullableField<std::string> provider_config_id;
  NullableField<std::string> description;
  NullableField<std::string> external_ref;
  NullableField<OrderedJson> provider_metadata;
};

// The refinements' messages (zod "custom" issues).
inline constexpr std::string_view kExternalRefRequiredMessage = "External reference secrets require externalRef";
inline constexpr std::string_view kManagedExternalRefMessage = "Managed secrets cannot set externalRef";
inline constexpr std::string_view kManagedValueRequiredMessage = "Managed secrets require value";
inline constexpr std::string_view kRotationInputRequiredMessage =
    "Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId";

// The source text of secretKeySchema's pattern, as zod prints it.
inline constexpr std::string_view kSecretKeyPattern = "/^[a-zA-Z0-9_.-]+$/";

// secretKeySchema on a string: z.string().trim().min(1).max(120)
// .regex(/^[a-zA-Z0-9_.-]+$/). The trimmed key and the failed checks'
// messages in zod's order (min, max, pattern; an empty key fails two).
//   CheckSecretKey(" openai-api-key ") -> trimmed "openai-api-key", no messages
//   CheckSecretKey("   ")              -> "Too small: expected string to have >=1 characters",
//                                         "Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"
//   CheckSecretKey("a b")              -> the pattern message
zod::TextCheck CheckSecretKey(std::string_view raw);

// createSecretSchema, then its refinement (only when no type or enum error
// came first): managedMode (default paperclip_managed) external_reference
// needs a non-blank externalRef; otherwise externalRef must be blank and
// value non-blank (blank = absent, null or only whitespace).
//   {"name":"OpenAI","key":" openai ","value":"sk-1"}     -> ok, key "openai"
//   {"name":"R","managedMode":"external_reference","externalRef":"arn:x"} -> ok
//   {"name":"","value":"v"}   -> too_small at /name
//   {"name":"N"}              -> secret_managed_value_required at /value
//   {"name":5,"value":""}     -> invalid_type at /name, too_small at /value (no refinement)
//   []                        -> "Invalid input: expected object, received array" at ""
Result<CreateSecretRequest> ParseCreateSecretRequest(const OrderedJson& body);

// rotateSecretSchema: at least one of a non-blank value, a non-blank
// externalRef, a providerVersionRef (even "") or a providerConfigId, else
// kRotationInputRequiredMessage at /value.
//   {"value":"sk-2"}            -> ok
//   {"providerVersionRef":""}   -> ok
//   {"value":"  "}              -> input_invalid_value at /value, the rotation message
//   {"providerConfigId":"x"}    -> "Invalid GUID" at /providerConfigId only
Result<RotateSecretRequest> ParseRotateSecretRequest(const OrderedJson& body);

// updateSecretSchema (no refinement). Nulls are allowed only where the
// schema says nullable: {"name":null} and {"status":null} are refused.
//   {"description":null,"key":" K "} -> ok, description null, key "K"
//   {"status":"gone"}                -> "Invalid option: expected one of \"active\"|\"disabled\"|\"archived\"|\"deleted\""
Result<UpdateSecretRequest> ParseUpdateSecretRequest(const OrderedJson& body);

}  // namespace clasp
