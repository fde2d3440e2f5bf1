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

// Builds the path and message only on failure: the success path allocates
// nothing for diagnostics. The message is Paperclip's text followed by the key.
Result<EnvBinding> Fail(Code code, const EnvNormalizeOptions& options, std::string_view key,
                        std::string_view message_prefix) {
  std::string message(message_prefix);
  message.append(key);
  return Result<EnvBinding>::Fail(MakeDiagnostic(code, JsonPointerAppend(EnvPointer(options.field_path), key),
                                                 std::move(message)));
}

}  // namespace

Result<EnvBinding> NormalizeEnvEntry(std::string_view key, const OrderedJson& raw,
                                     const EnvNormalizeOptions& options) {
  if (!IsValidEnvKey(key)) return Fail(Code::kEnvKeyInvalid, options, key, "Invalid environment variable name: ");
  if (key == kProtoKey && !options.paperclip_compat) {
    return Fail(Code::kEnvReservedKey, options, key, "Reserved environment variable name: ");
  }
  auto binding = ParseEnvBinding(raw);
  if (!binding) return Fail(Code::kEnvBindingInvalid, options, key, "Invalid environment binding for key: ");
  if (binding->type == BindingType::kPlain) {
    if (options.strict_mode && !EcmaTrim(binding->value).empty()) {
      const bool sensitive = options.policy             ? options.policy->IsSensitive(key)
                             : options.paperclip_compat ? SensitiveKeyPolicy::PaperclipCompat().IsSensitive(key)
                                                        : SensitiveKeyPolicy::Default().IsSensitive(key);
      if (sensitive) {
        return Fail(Code::kStrictSensitivePlain, options, key,
                    "Strict secret mode requires secret references for sensitive key: ");
      }
    }
    if (binding->value == kRedactedSentinel) {
      return Fail(Code::kEnvRedactedPlaceholder, options, key, "Refusing to persist redacted placeholder for key: ");
    }
  }
  return Result<EnvBinding>::Ok(std::move(*binding));
}

namespace {

// The shared walk: every entry checked in JS order; `out` (when given)
// receives the persisted form. Returns the errors.
std::vector<Diagnostic> WalkEnv(const OrderedJson& env, const EnvNormalizeOptions& options, NormalizedEnv* out) {
  if (!env.is_object()) {
    return {MakeDiagnostic(Code::kEnvNotObject, EnvPointer(options.field_path),
                           options.field_path + " must be an object")};
  }
  std::vector<Diagnostic> errors;
  const auto order = JsEntryOrder(env);
  if (out != nullptr) {
    out->entries.reserve(order.size());
    ObjectMembers(out->json).reserve(order.size());
  }
  for (const auto* member : order) {
    auto entry = NormalizeEnvEntry(member->first, member->second, options);
    if (!entry.ok()) {
      errors.insert(errors.end(), entry.diagnostics.begin(), entry.diagnostics.end());
      continue;
    }
    if (out == nullptr || member->first == kProtoKey) continue;  // compat: the prototype setter swallows it
    // Keys are unique (they come from one JSON object).
    ObjectMembers(out->json).emplace_back(member->first, CanonicalBindingJson(*entry.value));
    out->entries.push_back(NormalizedEnvEntry{member->first, std::move(*entry.value)});
  }
  return errors;
}

}  // namespace

Result<NormalizedEnv> NormalizeEnv(const OrderedJson& env, const EnvNormalizeOptions& options) {
  NormalizedEnv out;
  out.json = OrderedJson::object();
  auto errors = WalkEnv(env, options, &out);
  if (!errors.empty()) return Result<NormalizedEnv>::Fail(std::move(errors));
  return Result<NormalizedEnv>::Ok(std::move(out));
}

std::vector<Diagnostic> ValidateEnv(const OrderedJson& env, const EnvNormalizeOptions& options) {
  return WalkEnv(env, options, nullptr);
}

}  // namespace clasp
