#include "clasp/vault_zod.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "clasp/decimal_to_double.h"
#include "clasp/utf8.h"

namespace clasp::zod {
namespace {

std::uint64_t IndexValue(std::string_view key) {
  std::uint64_t n = 0;
  for (const char c : key) n = n * 10 + static_cast<std::uint64_t>(c - '0');
  return n;
}

std::string Quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

}  // namespace

bool IsArrayIndex(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  std::uint64_t n = 0;
  for (const char c : key) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n <= 4294967294ULL;
}

std::string ReceivedType(const OrderedJson* value) {
  if (value == nullptr || value->is_discarded()) return "undefined";
  if (value->is_number_float()) {
    const double d = value->get<double>();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return "number";
  }
  if (value->is_binary()) return "object";
  return std::string(JsonTypeName(*value));
}

std::string InvalidType(std::string_view expected, const OrderedJson* value) {
  std::string out = "Invalid input: expected ";
  out += expected;
  out += ", received ";
  out += ReceivedType(value);
  return out;
}

std::string InvalidOption(const std::vector<std::string_view>& values) {
  std::string out = "Invalid option: expected one of ";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += '|';
    out += Quoted(values[i]);
  }
  return out;
}

std::string Unrecognized(const std::vector<std::string>& keys) {
  std::string out = keys.size() > 1 ? "Unrecognized keys: " : "Unrecognized key: ";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quoted(keys[i]);
  }
  return out;
}

std::size_t CodePointLength(std::string_view utf8) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t len = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
                          : (lead >= 0xF0 && lead <= 0xF4) ? 4 : 0;
    bool whole = len > 0 && i + len <= utf8.size();
    for (std::size_t k = 1; whole && k < len; ++k) {
      whole = (static_cast<unsigned char>(utf8[i + k]) & 0xC0) == 0x80;
    }
    ++count;
    i += whole ? len : 1;  // one U+FFFD per undecodable byte
  }
  return count;
}

std::vector<std::string> JsOwnKeys(const OrderedJson& object) {
  std::vector<std::string> indices;
  std::vector<std::string> names;
  if (!object.is_object()) return names;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    if (key == "__proto__") continue;
    (IsArrayIndex(key) ? indices : names).push_back(key);
  }
  std::stable_sort(indices.begin(), indices.end(), [](const std::string& a, const std::string& b) {
    return IndexValue(a) < IndexValue(b);
  });
  indices.insert(indices.end(), names.begin(), names.end());
  return indices;
}

TextCheck CheckTrimmedText(std::string_view raw, std::size_t min, std::size_t max) {
  TextCheck out;
  out.trimmed = std::string(EcmaTrim(raw));
  out.messages = CheckLength(out.trimmed, min, max);
  return out;
}

std::vector<std::string> CheckLength(std::string_view value, std::optional<std::size_t> min,
                                     std::optional<std::size_t> max) {
  std::vector<std::string> messages;
  const std::size_t length = CodePointLength(value);
  if (min && length < *min) {
    messages.push_back("Too small: expected string to have >=" + std::to_string(*min) + " characters");
  }
  if (max && length > *max) {
    messages.push_back("Too big: expected string to have <=" + std::to_string(*max) + " characters");
  }
  return messages;
}

std::string PatternMismatch(std::string_view pattern) {
  return "Invalid string: must match pattern " + std::string(pattern);
}

namespace {

double JsToNumber(const OrderedJson& v);

double JsStringToNumber(std::string_view text) {
  const std::string_view s = EcmaTrim(text);
  if (s.empty()) return 0;
  if (s == "Infinity" || s == "+Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (s.size() > 2 && s[0] == '0' && std::string_view("xXoObB").find(s[1]) != std::string_view::npos) {
    const int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
    double value = 0;
    for (char c : s.substr(2)) {
      const int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
      if (digit >= base) return nan;
      value = value * base + digit;
    }
    return value;
  }
  // StrDecimalLiteral, which DecimalToDouble reads exactly; anything else is NaN.
  return DecimalToDouble(s).value_or(nan);
}

// ECMAScript ToNumber on a JSON value; NaN where JS gives NaN.
double JsToNumber(const OrderedJson& v) {
  switch (v.type()) {
    case OrderedJson::value_t::null: return 0;
    case OrderedJson::value_t::boolean: return v.get<bool>() ? 1 : 0;
    case OrderedJson::value_t::string: return JsStringToNumber(v.get_ref<const std::string&>());
    case OrderedJson::value_t::number_integer: return static_cast<double>(v.get<std::int64_t>());
    case OrderedJson::value_t::number_unsigned: return static_cast<double>(v.get<std::uint64_t>());
    case OrderedJson::value_t::number_float: return v.get<double>();
    case OrderedJson::value_t::array:
      // Via String(array): [] is "", [x] is String(x) ("true" and
      // "[object Object]" are NaN), two or more elements contain a ",".
      if (v.empty() || (v.size() == 1 && v[0].is_null())) return 0;
      if (v.size() == 1 && !v[0].is_boolean() && !v[0].is_object()) return JsToNumber(v[0]);
      return std::numeric_limits<double>::quiet_NaN();
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

std::vector<std::string> NonStringLengthIssues(const OrderedJson& raw, std::optional<std::size_t> min,
                                               std::optional<std::size_t> max) {
  double length;
  std::string origin;
  if (raw.is_array()) {
    length = static_cast<double>(raw.size());
    origin = "array to have ";
  } else if (const auto it = raw.is_object() ? raw.find("length") : raw.end(); raw.is_object() && it != raw.end()) {
    length = JsToNumber(*it);
    origin = "unknown to be ";
  } else {
    return {};
  }
  const std::string unit = raw.is_array() ? " items" : "";
  std::vector<std::string> issues;
  if (min && !(length >= static_cast<double>(*min))) {
    issues.push_back("Too small: expected " + origin + ">=" + std::to_string(*min) + unit);
  }
  if (max && !(length <= static_cast<double>(*max))) {
    issues.push_back("Too big: expected " + origin + "<=" + std::to_string(*max) + unit);
  }
  return issues;
}

}  // namespace clasp::zod
