#include "clasp/url_key.h"

#include "clasp/js_lowercase.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

std::optional<std::string> NormalizeKey(std::string_view value) {
  const std::string lower = JsToLowerCase(EcmaTrim(value));
  std::string out;
  bool pending_dash = false;
  for (char c : lower) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_dash = true;
      continue;
    }
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += c;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool HasNonAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return true;
  }
  return false;
}

// Paperclip's UUID_RE: versions 1-5, RFC 4122 variant, any case.
std::optional<std::string> ShortId(std::string_view id) {
  const std::string_view trimmed = EcmaTrim(id);
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  if (trimmed.size() != 36) return std::nullopt;
  for (std::size_t i = 0; i < 36; ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? trimmed[i] != '-' : !hex(trimmed[i])) return std::nullopt;
  }
  if (trimmed[14] < '1' || trimmed[14] > '5') return std::nullopt;
  if (std::string_view("89abAB").find(trimmed[19]) == std::string_view::npos) return std::nullopt;
  std::string out;
  for (char c : trimmed) {
    if (c == '-') continue;
    out += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    if (out.size() == 8) break;
  }
  return out;
}

}  // namespace

std::optional<std::string> AgentUrlKey(std::string_view name) { return NormalizeKey(name); }

std::string ProjectUrlKey(std::string_view name, std::string_view id) {
  const auto base = NormalizeKey(name);
  if (base && !HasNonAscii(name)) return *base;
  const auto short_id = ShortId(id);
  if (base && short_id) return *base + "-" + *short_id;
  if (short_id) return *short_id;
  if (base) return *base;
  return NormalizeKey(id).value_or("project");
}

}  // namespace clasp
