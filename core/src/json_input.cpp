#include "clasp/json_input.h"

#include "clasp/utf8.h"

namespace clasp {
namespace {

// Nesting depth outside of strings; stops counting once over the limit.
bool ExceedsDepth(std::string_view text, int max_depth) {
  int depth = 0;
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
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
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
  if (ExceedsDepth(text, limits.max_depth)) {
    return Result<OrderedJson>::Fail(MakeDiagnostic(
        Code::kInputTooDeep, "", "Input nests deeper than " + std::to_string(limits.max_depth) + " levels"));
  }
  OrderedJson value = OrderedJson::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
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
