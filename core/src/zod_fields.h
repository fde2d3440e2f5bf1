// zod_fields.h — internal to core: the property readers of the request
// schemas (secret_request.cpp, user_secret_request.cpp), each one zod 4.6.7
// property type with its issues in zod's order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/secret_request.h"
#include "zod_object.h"

namespace clasp::zod {

enum class Presence { kRequired, kOptional, kOptionalNullable };

// The checks of one z.string() property.
struct StringRules {
  std::optional<std::size_t> min;
  std::optional<std::size_t> max;
  bool secret_key = false;  // secretKeySchema (trim, 1..120, pattern)
  bool guid = false;
  bool trim = false;  // .trim() before min/max; the value is kept trimmed
};

// One z.string() property: absent and null per `presence`, otherwise the
// (trimmed) text with every failed check as an issue at /<name>.
NullableField<std::string> ReadString(const OrderedJson& body, std::string_view name, Presence presence,
                                      const StringRules& rules, ObjectIssues& issues);

// ReadString for a .optional() property (null is a type error).
std::optional<std::string> ReadOptionalString(const OrderedJson& body, std::string_view name,
                                              const StringRules& rules, ObjectIssues& issues);

// z.enum(names).optional(): the index of the matched name.
std::optional<std::size_t> ReadEnum(const OrderedJson& body, std::string_view name,
                                    const std::vector<std::string_view>& names, ObjectIssues& issues);

// z.record(z.string(), z.unknown()).optional().nullable(): any object passes.
NullableField<OrderedJson> ReadRecord(const OrderedJson& body, std::string_view name, ObjectIssues& issues);

}  // namespace clasp::zod
