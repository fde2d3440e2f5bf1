#include "clasp/binding.h"

#include <algorithm>
#include <cstdint>

namespace clasp {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Reads one optional text column; false (with a diagnostic) on a wrong type.
bool ReadText(const OrderedJson& json, const char* field, std::string& out, std::vector<Diagnostic>& errors) {
  const auto it = json.find(field);
  if (it == json.end() || it->is_null()) return true;
  if (!it->is_string()) {
    errors.push_back(MakeDiagnostic(Code::kInputWrongType, JsonPointerAppend("", field),
                                    std::string(field) + " must be a string, not " + std::string(JsonTypeName(*it))));
    return false;
  }
  out = it->get_ref<const std::string&>();
  return true;
}

bool ReadOptionalText(const OrderedJson& json, const char* field, std::optional<std::string>& out,
                      std::vector<Diagnostic>& errors) {
  const auto it = json.find(field);
  if (it == json.end() || it->is_null()) return true;
  std::string value;
  if (!ReadText(json, field, value, errors)) return false;
  out = std::move(value);
  return true;
}

}  // namespace

Result<BindingRow> BindingRowFromJson(const OrderedJson& json) {
  if (!json.is_object()) {
    return Result<BindingRow>::Fail(MakeDiagnostic(
        Code::kInputWrongType, "", "binding row must be an object, not " + std::string(JsonTypeName(json))));
  }
  BindingRow row;
  std::vector<Diagnostic> errors;
  ReadText(json, "id", row.id, errors);
  ReadText(json, "companyId", row.company_id, errors);
  ReadText(json, "secretId", row.secret_id, errors);
  ReadText(json, "targetType", row.target_type, errors);
  ReadText(json, "targetId", row.target_id, errors);
  ReadText(json, "configPath", row.config_path, errors);
  if (const auto v = json.find("versionSelector"); v != json.end() && (v->is_number_integer() || v->is_number_unsigned())) {
    row.version_selector = v->dump();
  } else {
    ReadText(json, "versionSelector", row.version_selector, errors);
  }
  if (const auto r = json.find("required"); r != json.end() && !r->is_null()) {
    if (r->is_boolean()) {
      row.required = r->get<bool>();
    } else {
      errors.push_back(MakeDiagnostic(Code::kInputWrongType, "/required", "required must be a boolean"));
    }
  }
  ReadOptionalText(json, "label", row.label, errors);
  ReadText(json, "projectionClass", row.projection_class, errors);
  ReadOptionalText(json, "projectionAllowlistKey", row.projection_allowlist_key, errors);
  if (!errors.empty()) return Result<BindingRow>::Fail(std::move(errors));
  return Result<BindingRow>::Ok(std::move(row));
}

OrderedJson BindingRowToJson(const BindingRow& row) {
  return OrderedJson{{"id", row.id},
                     {"companyId", row.company_id},
                     {"secretId", row.secret_id},
                     {"targetType", row.target_type},
                     {"targetId", row.target_id},
                     {"configPath", row.config_path},
                     {"versionSelector", row.version_selector},
                     {"required", row.required},
                     {"label", row.label ? OrderedJson(*row.label) : OrderedJson()},
                     {"projectionClass", row.projection_class},
                     {"projectionAllowlistKey",
                      row.projection_allowlist_key ? OrderedJson(*row.projection_allowlist_key) : OrderedJson()}};
}

bool SameSecretId(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

const SecretInfo* FindSecret(const SecretMap& secrets, std::string_view secret_id) {
  if (const auto it = secrets.find(secret_id); it != secrets.end()) return &it->second;
  // Only a folded retry: callers normally pass the canonical lower-case id.
  std::string folded(secret_id);
  bool changed = false;
  for (char& c : folded) {
    const char lower = AsciiLower(c);
    changed |= lower != c;
    c = lower;
  }
  if (!changed) return nullptr;
  const auto it = secrets.find(folded);
  return it == secrets.end() ? nullptr : &it->second;
}

bool IsJsArrayIndex(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  std::uint64_t value = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value <= 4294967294ULL;
}

std::vector<OrderedJson::const_iterator> JsObjectEntries(const OrderedJson& object) {
  std::vector<OrderedJson::const_iterator> entries;
  if (!object.is_object()) return entries;
  // One pass: index keys are rare in env maps, so they go to a side vector
  // and are spliced in front only when present.
  std::vector<OrderedJson::const_iterator> index_keys;
  entries.reserve(object.size());
  for (auto it = object.begin(); it != object.end(); ++it) {
    (IsJsArrayIndex(it.key()) ? index_keys : entries).push_back(it);
  }
  if (index_keys.empty()) return entries;
  // Canonical index strings order numerically by (length, text).
  std::sort(index_keys.begin(), index_keys.end(), [](const auto& a, const auto& b) {
    const std::string& ka = a.key();
    const std::string& kb = b.key();
    return ka.size() != kb.size() ? ka.size() < kb.size() : ka < kb;
  });
  entries.insert(entries.begin(), index_keys.begin(), index_keys.end());
  return entries;
}

}  // namespace clasp
