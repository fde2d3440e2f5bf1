// clasp/vault_zod.h — the zod 4 texts and JS semantics the provider-vault
// schemas (VLT-2..7) and the secret request schemas (secret_request.h) reproduce.
//
// Paperclip answers a bad provider-vault request with zod's own issue
// messages (the `details` of its 400/422). clasp returns the same strings so
// a UI written against Paperclip keeps working:
//
//   InvalidType("string", nullptr)          -> "Invalid input: expected string, received undefined"
//   InvalidType("boolean", &J("\"yes\""))   -> "Invalid input: expected boolean, received string"
//   Unrecognized({"a"})                     -> "Unrecognized key: \"a\""
//   Unrecognized({"a", "b"})                -> "Unrecognized keys: \"a\", \"b\""
//   CheckTrimmedText(" ns ", 1, 160)        -> trimmed "ns", no messages
//   CheckTrimmedText("   ", 1, 160)         -> "Too small: expected string to have >=1 characters"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"

namespace clasp::zod {

// zod's name for the type of a received value: string, number, boolean, null,
// array, object; "undefined" when the value is absent (nullptr); NaN and
// infinities as JS prints them.
std::string ReceivedType(const OrderedJson* value);

// invalid_type: "Invalid input: expected <expected>, received <type>".
std::string InvalidType(std::string_view expected, const OrderedJson* value);

// invalid_value for an enum: `Invalid option: expected one of "a"|"b"`.
std::string InvalidOption(const std::vector<std::string_view>& values);

// unrecognized_keys on a strict object; keys are quoted but not escaped, as zod does.
std::string Unrecognized(const std::vector<std::string>& keys);

// String length as zod 4.6's min/max checks count it: Unicode code points
// (an emoji is 1, not the 2 UTF-16 units of JS `length`). Each byte of
// invalid UTF-8 counts as one, like the U+FFFD a JS runtime decodes it to.
std::size_t CodePointLength(std::string_view utf8);

// Own enumerable keys in JS Object.keys order: array indices ("0".."4294967294",
// no leading zeros) ascending first, then the other keys in document order.
// "__proto__" is left out: zod's record and object parsers skip it, so
// Paperclip neither validates nor stores it.
std::vector<std::string> JsOwnKeys(const OrderedJson& object);

// An ECMAScript array index: canonical decimal ("0", not "00"), at most 2^32 - 2.
//   IsArrayIndex("12") == true;  IsArrayIndex("012") == false;  IsArrayIndex("4294967295") == false
bool IsArrayIndex(std::string_view key);

// z.string().trim().min(min).max(max) on a string: the trimmed value and the
// messages of the checks that failed, in zod's order.
struct TextCheck {
  std::string trimmed;
  std::vector<std::string> messages;
};
TextCheck CheckTrimmedText(std::string_view raw, std::size_t min, std::size_t max);

// The min/max checks alone on a string as given (z.string().min(1) has no
// trim and no max): the messages of the checks that failed, in zod's order.
//   CheckLength("", 1, std::nullopt)     -> "Too small: expected string to have >=1 characters"
//   CheckLength("\xF0\x9F\x98\x80", 1, 1) -> none (one code point)
std::vector<std::string> CheckLength(std::string_view value, std::optional<std::size_t> min,
                                     std::optional<std::size_t> max);

// invalid_format for .regex(): zod prints the pattern as JS source, slashes and flags included.
//   PatternMismatch("/^[a-z]+$/") -> "Invalid string: must match pattern /^[a-z]+$/"
std::string PatternMismatch(std::string_view pattern);

// invalid_format for .guid() (IsGuid in env_binding.h is the check): the
// message, and the `pattern` field zod 4.6.7 puts in the issue.
inline constexpr std::string_view kInvalidGuid = "Invalid GUID";
inline constexpr std::string_view kGuidPattern =
    "/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/";

// The same schema given a non-string: zod 4 reports the type error, then still
// runs its min/max checks on any value with a `length` (an array, or an object
// with a "length" key), comparing with JS `>=`/`<=` after ToNumber. These are
// the extra messages, in zod's order (empty for other values):
//   ([], 1, 160)              -> "Too small: expected array to have >=1 items"
//   (161 items, 1, 160)       -> "Too big: expected array to have <=160 items"
//   ({"length":"x"}, 1, 160)  -> "Too small: expected unknown to be >=1", "Too big: expected unknown to be <=160"
//   ({"length":true}, 1, 160) -> none (true is 1)
// A schema without a max (or min) passes std::nullopt and gets no such check:
//   ({"length":"x"}, 1, std::nullopt) -> "Too small: expected unknown to be >=1"
std::vector<std::string> NonStringLengthIssues(const OrderedJson& raw, std::optional<std::size_t> min,
                                               std::optional<std::size_t> max);

}  // namespace clasp::zod
