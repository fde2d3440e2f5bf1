#include "clasp/env_redaction.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <string>

#include "clasp/binding.h"
#include "clasp/env_binding.h"

namespace clasp {
namespace {

constexpr int kMaxRedactDepth = 64;

bool IsIdent(char c, bool allow_dot) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         (allow_dot && c == '.');
}

bool AllIdent(std::string_view s, bool allow_dot) {
  for (const char c : s) {
    if (!IsIdent(c, allow_dot)) return false;
  }
  return true;
}

// PROJECTION_ALLOWLIST_KEY_RE: ^[A-Za-z0-9_-]{1,80}\.[A-Za-z0-9_-]{1,80}$
bool IsAllowlistKeyShape(std::string_view s) {
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view a = s.substr(0, dot), b = s.substr(dot + 1);
  return !a.empty() && a.size() <= 80 && !b.empty() && b.size() <= 80 && AllIdent(a, false) && AllIdent(b, false);
}

// USER_SECRET_KEY_RE: ^[A-Za-z0-9_.-]{1,120}$
bool IsUserSecretKeyShape(std::string_view s) { return !s.empty() && s.size() <= 120 && AllIdent(s, true); }

// JWT_VALUE_RE: three or four non-empty runs of [A-Za-z0-9_-] joined by dots.
bool IsJwtShaped(std::string_view s) {
  std::size_t runs = 1, run_length = 0;
  for (const char c : s) {
    if (c == '.') {
      if (run_length == 0) return false;
      ++runs, run_length = 0;
    } else if (IsIdent(c, false)) {
      ++run_length;
    } else {
      return false;
    }
  }
  return run_length > 0 && (runs == 3 || runs == 4);
}

bool TypeIs(const OrderedJson& v, std::string_view type) {
  if (!v.is_object()) return false;
  auto it = v.find("type");
  return it != v.end() && it->is_string() && it->get_ref<const std::string&>() == type;
}

bool IsSecretRefShape(const OrderedJson& v) {
  if (!TypeIs(v, "secret_ref")) return false;
  auto id = v.find("secretId");
  return id != v.end() && id->is_string() && IsGuid(id->get_ref<const std::string&>());
}

bool IsUserSecretRefShape(const OrderedJson& v) {
  if (!TypeIs(v, "user_secret_ref")) return false;
  auto key = v.find("key");
  return key != v.end() && key->is_string() && IsUserSecretKeyShape(key->get_ref<const std::string&>());
}

bool IsPlainShape(const OrderedJson& v) { return TypeIs(v, "plain") && v.contains("value"); }

// safeSecretVersion: "latest" or a JS integer > 0.
bool IsSafeVersion(const OrderedJson& v) {
  if (v.is_string()) return v.get_ref<const std::string&>() == "latest";
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() > 0;
  if (v.is_number_integer()) return v.get<std::int64_t>() > 0;
  if (v.is_number_float()) {
    const double d = v.get<double>();
    return std::isfinite(d) && d > 0 && std::floor(d) == d;
  }
  return false;
}

OrderedJson Placeholder() { return OrderedJson(std::string(kRedactedSentinel)); }

OrderedJson PlainPlaceholder() {
  OrderedJson out = OrderedJson::object();
  out["type"] = "plain";
  out["value"] = std::string(kRedactedSentinel);
  return out;
}

OrderedJson SanitizedSecretRef(const OrderedJson& v) {
  OrderedJson out = OrderedJson::object();
  out["type"] = "secret_ref";
  out["secretId"] = *v.find("secretId");
  if (auto it = v.find("version"); it != v.end() && IsSafeVersion(*it)) out["version"] = *it;
  if (auto it = v.find("projectionClass"); it != v.end() && it->is_string() &&
                                           (*it == "unclassified" || *it == "class_3_static_lease")) {
    out["projectionClass"] = *it;
  }
  if (auto it = v.find("projectionAllowlistKey"); it != v.end()) {
    if (it->is_null() || (it->is_string() && IsAllowlistKeyShape(it->get_ref<const std::string&>()))) {
      out["projectionAllowlistKey"] = *it;
    }
  }
  return out;
}

OrderedJson SanitizedUserSecretRef(const OrderedJson& v) {
  OrderedJson out = OrderedJson::object();
  out["type"] = "user_secret_ref";
  out["key"] = *v.find("key");
  if (auto it = v.find("version"); it != v.end() && IsSafeVersion(*it)) out["version"] = *it;
  if (auto it = v.find("required"); it != v.end() && it->is_boolean()) out["required"] = *it;
  if (auto it = v.find("allowMissingOverride"); it != v.end() && it->is_boolean()) out["allowMissingOverride"] = *it;
  return out;
}

OrderedJson SanitizeRecord(const OrderedJson& record, int depth);

// sanitizeValue, without the free-text scan (see the header).
OrderedJson SanitizeValue(const OrderedJson& v, int depth) {
  if (depth > kMaxRedactDepth) return Placeholder();
  if (v.is_string()) return IsJwtShaped(v.get_ref<const std::string&>()) ? Placeholder() : v;
  if (v.is_array()) {
    OrderedJson out = OrderedJson::array();
    for (const OrderedJson& item : v) out.push_back(SanitizeValue(item, depth + 1));
    return out;
  }
  if (IsSecretRefShape(v)) return SanitizedSecretRef(v);
  if (IsUserSecretRefShape(v)) return SanitizedUserSecretRef(v);
  if (IsPlainShape(v)) {
    OrderedJson out = OrderedJson::object();
    out["type"] = "plain";
    out["value"] = SanitizeValue(*v.find("value"), depth + 1);
    return out;
  }
  if (!v.is_object()) return v;
  return SanitizeRecord(v, depth);
}

OrderedJson SanitizeRecord(const OrderedJson& record, int depth) {
  OrderedJson out = OrderedJson::object();
  for (const auto& it : JsObjectEntries(record)) {
    const std::string& key = it.key();
    const OrderedJson& value = it.value();
    if (IsSecretFieldName(key)) {
      if (IsSecretRefShape(value)) {
        out[key] = SanitizedSecretRef(value);
      } else if (IsUserSecretRefShape(value)) {
        out[key] = SanitizedUserSecretRef(value);
      } else if (IsPlainShape(value)) {
        out[key] = PlainPlaceholder();
      } else {
        out[key] = Placeholder();
      }
      continue;
    }
    out[key] = SanitizeValue(value, depth + 1);
  }
  return out;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

OrderedJson RedactEnvBindingForRead(const OrderedJson& binding) {
  if (IsSecretRefShape(binding)) return SanitizedSecretRef(binding);
  if (IsUserSecretRefShape(binding)) return SanitizedUserSecretRef(binding);
  if (binding.is_string() || IsPlainShape(binding)) return PlainPlaceholder();
  if (binding.is_null()) return binding;
  return Placeholder();
}

OrderedJson RedactEnvForRead(const OrderedJson& env) {
  if (env.is_null()) return env;
  if (!env.is_object()) return Placeholder();
  OrderedJson out = OrderedJson::object();
  for (const auto& it : JsObjectEntries(env)) out[it.key()] = RedactEnvBindingForRead(it.value());
  return out;
}

bool IsSecretFieldName(std::string_view name) {
  // Every separator-optional alternative spelled out; "token" subsumes
  // access[-_]?token and auth(_?token) reduces to "auth".
  static constexpr std::array<std::string_view, 22> kNeedles = {
      "apikey",     "api-key",     "api_key",     "token",          "auth",        "bearer",
      "secret",     "passwd",      "password",    "credential",     "jwt",         "privatekey",
      "private-key", "private_key", "cookie",     "connectionstring", "browsercode", "browser-code",
      "browser_code", "loginurl",  "login-url",   "login_url"};
  std::string lower(name.size(), '\0');
  for (std::size_t i = 0; i < name.size(); ++i) lower[i] = AsciiLower(name[i]);
  for (const std::string_view needle : kNeedles) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

OrderedJson RedactAdapterConfigForRead(const OrderedJson& adapter_config) {
  if (!adapter_config.is_object()) return adapter_config;
  auto env = adapter_config.find("env");
  if (env == adapter_config.end()) return SanitizeRecord(adapter_config, 0);
  OrderedJson rest = adapter_config;
  rest.erase("env");
  OrderedJson out = SanitizeRecord(rest, 0);
  out["env"] = RedactEnvForRead(*env);
  return out;
}

bool IsRedactedPlaceholder(const OrderedJson& binding) {
  if (!TypeIs(binding, "plain")) return false;
  auto value = binding.find("value");
  return value != binding.end() && value->is_string() && value->get_ref<const std::string&>() == kRedactedSentinel;
}

OrderedJson RestoreRedactedEnv(const OrderedJson& incoming, const OrderedJson& stored) {
  if (!incoming.is_object() || !stored.is_object()) return incoming;
  OrderedJson out = incoming;
  for (auto it = out.begin(); it != out.end(); ++it) {
    if (!IsRedactedPlaceholder(it.value())) continue;
    if (auto found = stored.find(it.key()); found != stored.end()) it.value() = *found;
  }
  return out;
}

}  // namespace clasp
