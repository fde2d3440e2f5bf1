#include "clasp/env_normalize.h"

#include <algorithm>
#include <cstdint>

#include "clasp/utf8.h"

namespace clasp {
namespace {

constexpr std::string_view kProtoKey = "__proto__";

std::string EnvPointer(std::string_view field_path) {
  std::string pointer;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = field_path.find('.', start);
    pointer = JsonPointerAppend(pointer, field_path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return pointer;
    start = dot + 1;
  }
}

// ECMAScript array index: "0" or a canonical decimal below 2^32 - 1. Object
// property enumeration lists these first, in numeric order.
std::optional<std::uint32_t> ArrayIndex(std::string_view key) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value >= 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

// The object's members in Object.entries order.
std::vector<const OrderedJson::object_t::value_type*> JsEntryOrder(const OrderedJson& object) {
  std::vector<std::pair<std::uint32_t, const OrderedJson::object_t::value_type*>> indices;
  std::vector<const OrderedJson::object_t::value_type*> rest;
  for (const auto& member : object.get_ref<const OrderedJson::object_t&>()) {
    if (const auto index = ArrayIndex(member.first)) {
      indices.emplace_back(*index, &member);
    } else {
      rest.push_back(&member);
    }
  }
  std::stable_sort(indices.begin(), indices.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const OrderedJson::object_t::value_type*> ordered;
  ordered.reserve(indices.size() + rest.size());
  for (const auto& [index, member] : indices) ordered.push_back(member);
  ordered.insert(ordered.end(), rest.begin(), rest.end());
  return ordered;
}

Result<EnvBinding> Fail(Code code, const EnvNormalizeOptions& options, std::string_view key, std::string message) {
  return Result<EnvBinding>::Fail(MakeDiagnostic(code, JsonPointerAppend(EnvPointer(options.field_path), key),
                                                 std::move(message)));
}

}  // namespace

Result<EnvBinding> NormalizeEnvEntry(std::string_view key, const OrderedJson& raw,
                                     const EnvNormalizeOptions& options) {
  const std::string k(key);
  if (!IsValidEnvKey(key)) return Fail(Code::kEnvKeyInvalid, options, key, "Invalid environment variable name: " + k);
  if (key == kProtoKey && !options.paperclip_compat) {
    return Fail(Code::kEnvReservedKey, options, key, "Reserved environment variable name: " + k);
  }
  auto binding = ParseEnvBinding(raw);
  if (!binding) return Fail(Code::kEnvBindingInvalid, options, key, "Invalid environment binding for key: " + k);
  if (binding->type == BindingType::kPlain) {
    if (options.strict_mode && !EcmaTrim(binding->value).empty()) {
      const SensitiveKeyPolicy policy = options.policy ? *options.policy
                                        : options.paperclip_compat ? SensitiveKeyPolicy::PaperclipCompat()
                                                                   : SensitiveKeyPolicy::Default();
      if (policy.IsSensitive(key)) {
        return Fail(Code::kStrictSensitivePlain, options, key,
                    "Strict secret mode requires secret references for sensitive key: " + k);
      }
    }
    if (binding->value == kRedactedSentinel) {
      return Fail(Code::kEnvRedactedPlaceholder, options, key, "Refusing to persist redacted placeholder for key: " + k);
    }
  }
  return Result<EnvBinding>::Ok(std::move(*binding));
}

Result<NormalizedEnv> NormalizeEnv(const OrderedJson& env, const EnvNormalizeOptions& options) {
  if (!env.is_object()) {
    return Result<NormalizedEnv>::Fail(
        MakeDiagnostic(Code::kEnvNotObject, EnvPointer(options.field_path), options.field_path + " must be an object"));
  }
  NormalizedEnv out;
  out.json = OrderedJson::object();
  std::vector<Diagnostic> errors;
  for (const auto* member : JsEntryOrder(env)) {
    auto entry = NormalizeEnvEntry(member->first, member->second, options);
    if (!entry.ok()) {
      errors.insert(errors.end(), entry.diagnostics.begin(), entry.diagnostics.end());
      continue;
    }
    if (member->first == kProtoKey) continue;  // paperclip_compat: the prototype setter swallows it
    out.json[member->first] = CanonicalBindingJson(*entry.value);
    out.entries.push_back(NormalizedEnvEntry{member->first, std::move(*entry.value)});
  }
  if (!errors.empty()) return Result<NormalizedEnv>::Fail(std::move(errors));
  return Result<NormalizedEnv>::Ok(std::move(out));
}

}  // namespace clasp
