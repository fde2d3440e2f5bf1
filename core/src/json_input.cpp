#include "clasp/json_input.h"

#include <vector>

#include "clasp/utf8.h"
#include "json_parse.h"

namespace clasp {
namespace {

enum class ShapeVerdict { kOk, kTooDeep, kTooManyMembers };

// One pass over the text, outside strings: nesting depth, and members per
// object. The member cap exists because ordered_json inserts by linear scan
// (quadratic in an object's size), so a 16 MB object of tiny members would
// otherwise cost minutes of CPU.
ShapeVerdict CheckShape(std::string_view text, const JsonLimits& limits) {
  std::vector<std::size_t> members;  // per open container; npos marks an array
  constexpr std::size_t kArray = static_cast<std::size_t>(-1);
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (members.size() >= static_cast<std::size_t>(limits.max_depth)) return ShapeVerdict::kTooDeep;
      members.push_back(c == '{' ? 1 : kArray);
    } else if (c == ']' || c == '}') {
      if (!members.empty()) members.pop_back();
    } else if (c == ',' && !members.empty() && members.back() != kArray) {
      if (++members.back() > limits.max_object_members) return ShapeVerdict::kTooManyMembers;
    }
  }
  return ShapeVerdict::kOk;
}

}  // namespace

Result<OrderedJson> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Result<OrderedJson>::Fail(MakeDiagnostic(
        Code::kInputTooLarge, "", "Input is larger than " + std::to_string(limits.max_bytes) + " bytes"));
  }
  if (!IsValidUtf8(text)) {
    return Result<OrderedJson>::Fail(MakeDiagnostic(Code::kInputInvalidUtf8, "", "Input is not valid UTF-8"));
  }
  switch (CheckShape(text, limits)) {
    case ShapeVerdict::kTooDeep:
      return Result<OrderedJson>::Fail(MakeDiagnostic(
          Code::kInputTooDeep, "", "Input nests deeper than " + std::to_string(limits.max_depth) + " levels"));
    case ShapeVerdict::kTooManyMembers:
      return Result<OrderedJson>::Fail(MakeDiagnostic(
          Code::kInputTooLarge, "",
          "Input has an object with more than " + std::to_string(limits.max_object_members) + " members"));
    case ShapeVerdict::kOk:
      break;
  }
  OrderedJson value;
  if (!json_internal::ParseJsonText(text, value)) {
    return Result<OrderedJson>::Fail(MakeDiagnostic(Code::kInputMalformedJson, "", "Input is not valid JSON"));
  }
  return Result<OrderedJson>::Ok(std::move(value));
}

std::string DumpJson(const OrderedJson& value, int indent) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false, OrderedJson::error_handler_t::replace);
}

std::string_view JsonTypeName(const OrderedJson& value) {
  switch (value.type()) {
    case OrderedJson::value_t::object: return "object";
    case OrderedJson::value_t::array: return "array";
    case OrderedJson::value_t::string: return "string";
    case OrderedJson::value_t::boolean: return "boolean";
    case OrderedJson::value_t::null: return "null";
    default: return "number";
  }
}

}  // namespace clasp
