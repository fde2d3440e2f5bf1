#include "clasp/json_input.h"

#include <algorithm>
#include <charconv>
#include <string>
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

namespace {

// "(line L, column C)" of byte `at`, both from 1, columns in bytes: where an
// editor puts the cursor for a file that is mostly ASCII.
std::string LineColumn(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') ++line, line_start = i + 1;
  }
  return "(line " + std::to_string(line) + ", column " + std::to_string(at - line_start + 1) + ")";
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
  std::size_t at = 0;
  if (!json_internal::ParseJsonText(text, value, at)) {
    return Result<OrderedJson>::Fail(MakeDiagnostic(Code::kInputMalformedJson, "", "Input is not valid JSON " + LineColumn(text, at)));
  }
  return Result<OrderedJson>::Ok(std::move(value));
}

namespace {

std::string NlohmannDump(const OrderedJson& value, int indent) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false, OrderedJson::error_handler_t::replace);
}

template <typename Int>
void AppendInt(std::string& out, Int v) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
}

void AppendEscaped(std::string& out, std::string_view s) {
  out += '"';
  AppendJsonStringBody(out, s);
  out += '"';
}

// Keys and string values alike.
void AppendString(std::string& out, const std::string& s) {
  if (IsValidUtf8(s)) {
    AppendEscaped(out, s);
  } else {
    out += NlohmannDump(OrderedJson(s), -1);
  }
}

// Compact output, byte for byte nlohmann's (fuzz_json_parse checks it). The
// rare cases with intricate rules of their own — doubles (shortest
// round-trip digits) and strings that are not valid UTF-8 (U+FFFD per
// broken sequence) — are left to nlohmann.
void AppendCompact(std::string& out, const OrderedJson& v) {
  switch (v.type()) {
    case OrderedJson::value_t::null: out += "null"; return;
    case OrderedJson::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return;
    case OrderedJson::value_t::number_integer: AppendInt(out, v.get<OrderedJson::number_integer_t>()); return;
    case OrderedJson::value_t::number_unsigned: AppendInt(out, v.get<OrderedJson::number_unsigned_t>()); return;
    case OrderedJson::value_t::string: AppendString(out, v.get_ref<const std::string&>()); return;
    case OrderedJson::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_ref<const OrderedJson::array_t&>()) {
        if (!first) out += ',';
        first = false;
        AppendCompact(out, item);
      }
      out += ']';
      return;
    }
    case OrderedJson::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.get_ref<const OrderedJson::object_t&>()) {
        if (!first) out += ',';
        first = false;
        AppendString(out, key);
        out += ':';
        AppendCompact(out, item);
      }
      out += '}';
      return;
    }
    default: out += NlohmannDump(v, -1); return;
  }
}

}  // namespace

void AppendJson(std::string& out, const OrderedJson& value) { AppendCompact(out, value); }

std::string DumpJson(const OrderedJson& value, int indent) {
  if (indent >= 0) return NlohmannDump(value, indent);
  std::string out;
  AppendCompact(out, value);
  return out;
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

// nlohmann's escaping with ensure_ascii off, which is JSON.stringify's: the
// two-character escapes, \u00xx for other control characters, every other
// byte as it is (copied in runs).
void AppendJsonStringBody(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace clasp
