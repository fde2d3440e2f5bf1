// clasp/json_input.h — turning untrusted bytes into JSON without crashing.
//
// Every front end (HTTP body, CLI file, WASM string) goes through ParseJson so
// that hostile input gets a diagnostic instead of an exception or an abort:
//
//   ParseJson(R"({"A":"1"})")        -> ok
//   ParseJson("{")                   -> input_malformed_json "Input is not valid JSON (line 1, column 2)"
//   ParseJson("[[[[...]]]]" x 1000)  -> input_too_deep   (limit: max_depth)
//   ParseJson("\"\xff\"")            -> input_invalid_utf8
//   ParseJson(11 MB of text)         -> input_too_large   (limit: max_bytes)
//   ParseJson(an object of 20,000 members) -> input_too_large (limit: max_object_members)
//
// Duplicate object keys: the last one wins, as in JSON.parse.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clasp/result.h"

namespace clasp {

using Json = nlohmann::json;
// Keeps object keys in document order, as JS does for non-index keys; binding
// sync and canonical env output depend on that order.
using OrderedJson = nlohmann::ordered_json;

// The members of an object as the vector they are stored in (`object` must be
// one). Appending here skips ordered_map's linear duplicate-key scan, for
// callers whose keys are distinct by construction; reserve first, because a
// growing ordered_map copies every member (its keys are const, so they cannot
// be moved) — a deep copy of all that was built so far.
inline std::vector<OrderedJson::object_t::value_type>& ObjectMembers(OrderedJson& object) {
  return object.get_ref<OrderedJson::object_t&>();
}

struct JsonLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;
  int max_depth = 64;
  // Per object, not per document: arrays (binding tables) are not capped.
  std::size_t max_object_members = 10000;
};

Result<OrderedJson> ParseJson(std::string_view text, const JsonLimits& limits = {});

// Serializes without throwing: invalid UTF-8 inside strings is replaced by
// U+FFFD instead of raising nlohmann's type_error 316.
std::string DumpJson(const OrderedJson& value, int indent = -1);

// DumpJson(value) appended to `out`, for a caller that reserved room first:
// a string that never reallocates leaves no partial copy of its text behind
// in freed memory (native's DumpJsonForWipe, for answers that carry values).
void AppendJson(std::string& out, const OrderedJson& value);

// A string's JSON text without its quotes, as JSON.stringify writes it: the
// two-character escapes, \u00xx for other control characters, every other
// byte unchanged.
//   AppendJsonStringBody(out, "a\"b\n") appends  a\"b\n  (6 characters)
void AppendJsonStringBody(std::string& out, std::string_view s);

// The JS `typeof`-style name used in messages: "object", "array", "string",
// "number", "boolean", "null".
std::string_view JsonTypeName(const OrderedJson& value);

}  // namespace clasp
