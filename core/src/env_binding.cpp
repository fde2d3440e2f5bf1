#include "clasp/env_binding.h"

#include <cmath>

#include "clasp/utf8.h"

namespace clasp {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // Number.MAX_SAFE_INTEGER

bool IsAsciiAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// zod's "latest" | z.number().int().positive(): a JS number that is an integer
// above zero. JSON 2.0 parses as a float in nlohmann but is the integer 2 in JS.
std::optional<SecretVersion> ParseVersion(const OrderedJson& raw) {
  if (raw.is_string()) {
    if (raw.get_ref<const std::string&>() == "latest") return SecretVersion{};
    return std::nullopt;
  }
  if (raw.is_number_unsigned() || raw.is_number_integer()) {
    if (raw.is_number_integer() && raw.get<std::int64_t>() <= 0) return std::nullopt;
    const auto n = raw.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(kMaxSafeInteger)) return std::nullopt;
    return SecretVersion{false, static_cast<std::int64_t>(n)};
  }
  if (raw.is_number_float()) {
    const double d = raw.get<double>();
    if (!std::isfinite(d) || d <= 0 || d != std::floor(d) || d > kMaxSafeInteger) return std::nullopt;
    return SecretVersion{false, static_cast<std::int64_t>(d)};
  }
  return std::nullopt;
}

// Length in UTF-16 code units, which is what zod's min/max count.
std::size_t Utf16Length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) n += (c >= 0xF0) ? 2 : 1;
  }
  return n;
}

// zod secretKeySchema: trim, 1..120, [a-zA-Z0-9_.-]+ (the trimmed value is kept).
std::optional<std::string> ParseUserSecretKey(const OrderedJson& raw) {
  if (!raw.is_string()) return std::nullopt;
  const std::string_view key = EcmaTrim(raw.get_ref<const std::string&>());
  if (key.empty() || key.size() > 120) return std::nullopt;
  for (char c : key) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '_' && c != '.' && c != '-') return std::nullopt;
  }
  return std::string(key);
}

std::optional<EnvBinding> ParsePlain(const OrderedJson& raw) {
  const auto value = raw.find("value");
  if (value == raw.end() || !value->is_string()) return std::nullopt;
  EnvBinding b;
  b.type = BindingType::kPlain;
  b.value = value->get<std::string>();
  return b;
}

std::optional<EnvBinding> ParseSecretRef(const OrderedJson& raw) {
  EnvBinding b;
  b.type = BindingType::kSecretRef;
  const auto id = raw.find("secretId");
  if (id == raw.end() || !id->is_string() || !IsGuid(id->get_ref<const std::string&>())) return std::nullopt;
  b.secret_id = id->get<std::string>();
  if (const auto v = raw.find("version"); v != raw.end()) {
    auto version = ParseVersion(*v);
    if (!version) return std::nullopt;
    b.version = *version;
  }
  if (const auto pc = raw.find("projectionClass"); pc != raw.end()) {
    if (!pc->is_string()) return std::nullopt;
    const auto& s = pc->get_ref<const std::string&>();
    if (s != "unclassified" && s != "class_3_static_lease") return std::nullopt;
    b.projection_class = s;
  }
  if (const auto ak = raw.find("projectionAllowlistKey"); ak != raw.end() && !ak->is_null()) {
    if (!ak->is_string()) return std::nullopt;
    const std::string_view key = EcmaTrim(ak->get_ref<const std::string&>());
    const std::size_t len = Utf16Length(key);
    if (len < 1 || len > 160) return std::nullopt;
    b.projection_allowlist_key = std::string(key);
  }
  return b;
}

std::optional<EnvBinding> ParseUserSecretRef(const OrderedJson& raw) {
  EnvBinding b;
  b.type = BindingType::kUserSecretRef;
  const auto key = raw.find("key");
  if (key == raw.end()) return std::nullopt;
  auto parsed_key = ParseUserSecretKey(*key);
  if (!parsed_key) return std::nullopt;
  b.user_key = std::move(*parsed_key);
  if (const auto v = raw.find("version"); v != raw.end()) {
    auto version = ParseVersion(*v);
    if (!version) return std::nullopt;
    b.version = *version;
  }
  if (const auto r = raw.find("required"); r != raw.end()) {
    if (!r->is_boolean()) return std::nullopt;
    b.required = r->get<bool>();
  }
  if (const auto a = raw.find("allowMissingOverride"); a != raw.end()) {
    if (!a->is_boolean()) return std::nullopt;
    b.allow_missing_override = a->get<bool>();
  }
  return b;
}

}  // namespace

bool IsValidEnvKey(std::string_view key) {
  if (key.empty() || !(IsAsciiAlpha(key[0]) || key[0] == '_')) return false;
  for (char c : key) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '_') return false;
  }
  return true;
}

bool IsGuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool hyphen_slot = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen_slot ? s[i] != '-' : !IsHex(s[i])) return false;
  }
  return true;
}

std::string CanonicalGuid(std::string_view s) {
  std::string out(s);
  if (!IsGuid(s)) return out;
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<EnvBinding> ParseEnvBinding(const OrderedJson& raw) {
  if (raw.is_string()) {
    EnvBinding b;
    b.value = raw.get<std::string>();
    return b;
  }
  if (!raw.is_object()) return std::nullopt;
  const auto type = raw.find("type");
  if (type == raw.end() || !type->is_string()) return std::nullopt;
  const auto& t = type->get_ref<const std::string&>();
  if (t == "plain") return ParsePlain(raw);
  if (t == "secret_ref") return ParseSecretRef(raw);
  if (t == "user_secret_ref") return ParseUserSecretRef(raw);
  return std::nullopt;
}

OrderedJson VersionJson(const SecretVersion& v) {
  return v.latest ? OrderedJson("latest") : OrderedJson(v.number);
}

OrderedJson CanonicalBindingJson(const EnvBinding& b) {
  OrderedJson out = OrderedJson::object();
  // Every env entry of every PATCH passes here: one allocation, no key scan.
  auto& m = ObjectMembers(out);
  switch (b.type) {
    case BindingType::kPlain:
      m.reserve(2);
      m.emplace_back("type", "plain");
      m.emplace_back("value", b.value);
      break;
    case BindingType::kSecretRef:
      m.reserve(5);
      m.emplace_back("type", "secret_ref");
      m.emplace_back("secretId", b.secret_id);
      m.emplace_back("version", VersionJson(b.version));
      m.emplace_back("projectionClass", b.projection_class);
      m.emplace_back("projectionAllowlistKey",
                     b.projection_allowlist_key ? OrderedJson(*b.projection_allowlist_key) : OrderedJson());
      break;
    case BindingType::kUserSecretRef:
      m.reserve(5);
      m.emplace_back("type", "user_secret_ref");
      m.emplace_back("key", b.user_key);
      m.emplace_back("version", VersionJson(b.version));
      m.emplace_back("required", b.required);
      m.emplace_back("allowMissingOverride", b.allow_missing_override);
      break;
  }
  return out;
}

OrderedJson CompactBindingJson(const EnvBinding& b) {
  if (b.type == BindingType::kPlain) return OrderedJson(b.value);
  OrderedJson out = OrderedJson::object();
  const bool secret_ref = b.type == BindingType::kSecretRef;
  out["type"] = secret_ref ? "secret_ref" : "user_secret_ref";
  if (secret_ref) {
    out["secretId"] = b.secret_id;
  } else {
    out["key"] = b.user_key;
  }
  if (!b.version.latest) out["version"] = b.version.number;
  if (secret_ref && b.projection_class != "unclassified") out["projectionClass"] = b.projection_class;
  if (secret_ref && b.projection_allowlist_key) out["projectionAllowlistKey"] = *b.projection_allowlist_key;
  if (!secret_ref && !b.required) out["required"] = false;
  if (!secret_ref && b.allow_missing_override) out["allowMissingOverride"] = true;
  return out;
}

std::string VersionSelectorText(const SecretVersion& v) {
  return v.latest ? std::string("latest") : std::to_string(v.number);
}

}  // namespace clasp
