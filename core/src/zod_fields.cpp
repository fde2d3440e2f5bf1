// The readers of zod_fields.h.
#include "zod_fields.h"

#include <utility>

#include "clasp/env_binding.h"
#include "clasp/utf8.h"

namespace clasp::zod {
namespace {

// Absent, or null where allowed: nothing to check. Otherwise false and the
// caller checks the value.
template <typename T>
bool AbsentOrNull(const OrderedJson* raw, Presence presence, NullableField<T>& out) {
  if (raw == nullptr) return presence != Presence::kRequired;
  if (raw->is_null() && presence == Presence::kOptionalNullable) {
    out.state = NullableField<T>::State::kNull;
    return true;
  }
  return false;
}

}  // namespace

NullableField<std::string> ReadString(const OrderedJson& body, std::string_view name, Presence presence,
                                      const StringRules& rules, ObjectIssues& issues) {
  NullableField<std::string> out;
  const OrderedJson* raw = Property(body, name);
  if (AbsentOrNull(raw, presence, out)) return out;
  if (raw == nullptr || !raw->is_string()) {
    issues.Add(Code::kInputWrongType, "", name, InvalidType("string", raw), true);
    if (raw != nullptr && (rules.min || rules.max)) {
      for (auto& message : NonStringLengthIssues(*raw, rules.min, rules.max)) {
        issues.Add(Code::kInputInvalidValue, "", name, std::move(message), false);
      }
    }
    return out;
  }
  const std::string& text = raw->get_ref<const std::string&>();
  std::vector<std::string> messages;
  if (rules.secret_key) {
    TextCheck key = CheckSecretKey(text);
    out.value = std::move(key.trimmed);
    messages = std::move(key.messages);
  } else if (rules.trim) {
    out.value = std::string(EcmaTrim(text));
    messages = CheckLength(out.value, rules.min, rules.max);
  } else {
    out.value = text;
    messages = CheckLength(text, rules.min, rules.max);
    if (rules.guid && !IsGuid(text)) messages.emplace_back(kInvalidGuid);
  }
  for (auto& message : messages) issues.Add(Code::kInputInvalidValue, "", name, std::move(message), false);
  out.state = NullableField<std::string>::State::kSet;
  return out;
}

std::optional<std::string> ReadOptionalString(const OrderedJson& body, std::string_view name,
                                              const StringRules& rules, ObjectIssues& issues) {
  NullableField<std::string> field = ReadString(body, name, Presence::kOptional, rules, issues);
  if (!field.is_set()) return std::nullopt;
  return std::move(field.value);
}

// z.enum(names).optional(): the index of the matched name.
std::optional<std::size_t> ReadEnum(const OrderedJson& body, std::string_view name,
                                    const std::vector<std::string_view>& names, ObjectIssues& issues) {
  const OrderedJson* raw = Property(body, name);
  if (raw == nullptr) return std::nullopt;
  if (raw->is_string()) {
    const std::string& text = raw->get_ref<const std::string&>();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == text) return i;
    }
  }
  issues.Add(Code::kInputInvalidValue, "", name, InvalidOption(names), true);
  return std::nullopt;
}

// z.record(z.string(), z.unknown()).optional().nullable(): any object passes.
NullableField<OrderedJson> ReadRecord(const OrderedJson& body, std::string_view name, ObjectIssues& issues) {
  NullableField<OrderedJson> out;
  const OrderedJson* raw = Property(body, name);
  if (AbsentOrNull(raw, Presence::kOptionalNullable, out)) return out;
  if (!raw->is_object()) {
    issues.Add(Code::kInputWrongType, "", name, InvalidType("record", raw), true);
    return out;
  }
  out.value = OrderedJson::object();
  for (const std::string& key : JsOwnKeys(*raw)) out.value[key] = *raw->find(key);
  out.state = NullableField<OrderedJson>::State::kSet;
  return out;
}

}  // namespace clasp::zod
