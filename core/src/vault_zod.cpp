#include "clasp/vault_zod.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "clasp/utf8.h"

namespace clasp::zod {
namespace {

// ECMAScript array index: canonical decimal, at most 2^32 - 2.
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
  const std::size_t length = CodePointLength(out.trimmed);
  if (length < min) {
    out.messages.push_back("Too small: expected string to have >=" + std::to_string(min) + " characters");
  }
  if (length > max) {
    out.messages.push_back("Too big: expected string to have <=" + std::to_string(max) + " characters");
  }
  return out;
}

}  // namespace clasp::zod
