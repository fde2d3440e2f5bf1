// clasp/vault_zod.h — the zod 4 texts and JS semantics the provider-vault
// schemas reproduce (VLT-2..7).
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

// z.string().trim().min(min).max(max) on a string: the trimmed value and the
// messages of the checks that failed, in zod's order.
struct TextCheck {
  std::string trimmed;
  std::vector<std::string> messages;
};
TextCheck CheckTrimmedText(std::string_view raw, std::size_t min, std::size_t max);

// The same schema given a non-string: zod 4 reports the type error, then still
// runs its min/max checks on any value with a `length` (an array, or an object
// with a "length" key), comparing with JS `>=`/`<=` after ToNumber. These are
// the extra messages, in zod's order (empty for other values):
//   ([], 1, 160)              -> "Too small: expected array to have >=1 items"
//   (161 items, 1, 160)       -> "Too big: expected array to have <=160 items"
//   ({"length":"x"}, 1, 160)  -> "Too small: expected unknown to be >=1", "Too big: expected unknown to be <=160"
//   ({"length":true}, 1, 160) -> none (true is 1)
std::vector<std::string> NonStringLengthIssues(const OrderedJson& raw, std::size_t min, std::size_t max);

}  // namespace clasp::zod
