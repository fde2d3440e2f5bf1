#include "marshal.h"

#include <utility>

namespace clasp::bindings {

const OrderedJson& Member(const OrderedJson& object, std::string_view name) {
  static const OrderedJson kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(name);
  return it == object.end() ? kNull : *it;
}

OrderedJson DiagnosticJson(const Diagnostic& d) {
  return OrderedJson{{"code", CodeName(d.code)},
                     {"path", d.path},
                     {"message", d.message},
                     {"httpStatus", d.http_status},
                     {"severity", d.severity == Severity::kError ? "error" : "warning"}};
}

OrderedJson Answer(bool ok, OrderedJson value, const std::vector<Diagnostic>& diagnostics) {
  OrderedJson list = OrderedJson::array();
  for (const auto& d : diagnostics) list.push_back(DiagnosticJson(d));
  OrderedJson out = OrderedJson::object();
  // Reserved first (see ObjectMembers): `value` can be a whole env.
  auto& members = ObjectMembers(out);
  members.reserve(3);
  members.emplace_back("ok", ok);
  if (!value.is_null()) members.emplace_back("value", std::move(value));
  members.emplace_back("diagnostics", std::move(list));
  return out;
}

void AppendWithPrefix(std::vector<Diagnostic>& out, const std::vector<Diagnostic>& in, std::string_view prefix) {
  for (Diagnostic d : in) {
    d.path = std::string(prefix) + d.path;
    out.push_back(std::move(d));
  }
}

void Reader::WrongType(std::string_view path, std::string_view expected, const OrderedJson& v) {
  diagnostics.push_back(MakeDiagnostic(Code::kInputWrongType, std::string(path),
                                       std::string(path) + " must be " + std::string(expected) + ", not " +
                                           std::string(JsonTypeName(v))));
}

bool Reader::Bool(const OrderedJson& v, std::string_view path, bool fallback) {
  if (v.is_boolean()) return v.get<bool>();
  if (!v.is_null()) WrongType(path, "a boolean", v);
  return fallback;
}

std::string Reader::String(const OrderedJson& v, std::string_view path, std::string fallback) {
  if (v.is_string()) return v.get_ref<const std::string&>();
  if (!v.is_null()) WrongType(path, "a string", v);
  return fallback;
}

std::optional<std::string> Reader::OptString(const OrderedJson& v, std::string_view path) {
  if (v.is_string()) return v.get_ref<const std::string&>();
  if (!v.is_null()) WrongType(path, "a string", v);
  return std::nullopt;
}

std::vector<std::string> Reader::Strings(const OrderedJson& v, std::string_view path) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (!v.is_array()) {
    WrongType(path, "an array of strings", v);
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string item_path = std::string(path) + "/" + std::to_string(i);
    if (v[i].is_string()) {
      out.push_back(v[i].get_ref<const std::string&>());
    } else {
      WrongType(item_path, "a string", v[i]);
    }
  }
  return out;
}

namespace {

std::optional<KeyForm> ParseKeyForm(std::string_view name) {
  if (name == "exact") return KeyForm::kExact;
  if (name == "ascii_folded") return KeyForm::kAsciiFolded;
  if (name == "portability") return KeyForm::kPortability;
  return std::nullopt;
}

std::string PathIndex(std::string_view path, std::size_t i) { return std::string(path) + "/" + std::to_string(i); }

}  // namespace

std::optional<SensitiveKeyPolicy> ReadPolicy(const OrderedJson& v, std::string_view path, Reader& reader) {
  if (v.is_null()) return std::nullopt;
  const OrderedJson& base_json = v.is_object() ? Member(v, "base") : v;
  const std::string base_path = v.is_object() ? std::string(path) + "/base" : std::string(path);
  const std::string base = reader.String(base_json, base_path, "default");
  if (base != "default" && base != "paperclip") {
    reader.WrongType(base_path, "\"default\" or \"paperclip\"", base_json);
    return std::nullopt;
  }
  SensitiveKeyPolicy policy = base == "paperclip" ? SensitiveKeyPolicy::PaperclipCompat() : SensitiveKeyPolicy::Default();
  const OrderedJson& extra_json = Member(v, "extraPatterns");
  if (extra_json.is_null()) return policy;
  const std::string extra_path = std::string(path) + "/extraPatterns";
  if (!extra_json.is_array()) {
    reader.WrongType(extra_path, "an array", extra_json);
    return std::nullopt;
  }
  std::vector<SensitivePattern> extra;
  for (std::size_t i = 0; i < extra_json.size(); ++i) {
    const OrderedJson& p = extra_json[i];
    const std::string p_path = PathIndex(extra_path, i);
    SensitivePattern pattern;
    pattern.id = reader.String(Member(p, "id"), p_path + "/id");
    pattern.regex = reader.String(Member(p, "regex"), p_path + "/regex");
    pattern.description = reader.String(Member(p, "description"), p_path + "/description");
    const std::string form = reader.String(Member(p, "form"), p_path + "/form", "ascii_folded");
    if (const auto parsed = ParseKeyForm(form)) {
      pattern.form = *parsed;
    } else {
      reader.WrongType(p_path + "/form", "\"exact\", \"ascii_folded\" or \"portability\"", Member(p, "form"));
    }
    pattern.true_positives = reader.Strings(Member(p, "truePositives"), p_path + "/truePositives");
    pattern.false_positives = reader.Strings(Member(p, "falsePositives"), p_path + "/falsePositives");
    extra.push_back(std::move(pattern));
  }
  if (!reader.diagnostics.empty()) return std::nullopt;
  auto with_extra = policy.WithExtraPatterns(extra);
  AppendWithPrefix(reader.diagnostics, with_extra.diagnostics, extra_path);
  if (!with_extra.ok()) return std::nullopt;
  return std::move(*with_extra.value);
}

std::vector<BindingRow> ReadBindingRows(const OrderedJson& v, std::string_view path, Reader& reader) {
  std::vector<BindingRow> rows;
  if (v.is_null()) return rows;
  if (!v.is_array()) {
    reader.WrongType(path, "an array", v);
    return rows;
  }
  rows.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto row = BindingRowFromJson(v[i]);
    if (!row.ok()) {
      AppendWithPrefix(reader.diagnostics, row.diagnostics, PathIndex(path, i));
      continue;
    }
    rows.push_back(std::move(*row.value));
  }
  return rows;
}

OrderedJson BindingRowsJson(const std::vector<BindingRow>& rows) {
  OrderedJson out = OrderedJson::array();
  for (const auto& row : rows) out.push_back(BindingRowToJson(row));
  return out;
}

SecretMap ReadSecrets(const OrderedJson& v, std::string_view path, Reader& reader) {
  SecretMap secrets;
  if (v.is_null()) return secrets;
  if (!v.is_object()) {
    reader.WrongType(path, "an object of secrets by id", v);
    return secrets;
  }
  for (const auto& [id, info_json] : v.items()) {
    const std::string item_path = JsonPointerAppend(path, id);
    std::string key = id;
    for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    SecretInfo info;
    if (info_json.is_string()) {
      info.company_id = info_json.get_ref<const std::string&>();
    } else if (info_json.is_object()) {
      info.company_id = reader.String(Member(info_json, "companyId"), item_path + "/companyId");
      info.status = reader.String(Member(info_json, "status"), item_path + "/status", info.status);
      info.scope = reader.String(Member(info_json, "scope"), item_path + "/scope", info.scope);
    } else {
      reader.WrongType(item_path, "an object or a company id", info_json);
      continue;
    }
    secrets.insert_or_assign(std::move(key), std::move(info));
  }
  return secrets;
}

std::vector<UserSecretDefinition> ReadUserSecretDefinitions(const OrderedJson& v, std::string_view path,
                                                            Reader& reader) {
  std::vector<UserSecretDefinition> definitions;
  if (v.is_null()) return definitions;
  if (!v.is_array()) {
    reader.WrongType(path, "an array of user secret definitions", v);
    return definitions;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string p = std::string(path) + "/" + std::to_string(i);
    UserSecretDefinition d;
    d.id = reader.String(Member(v[i], "id"), p + "/id");
    d.company_id = reader.String(Member(v[i], "companyId"), p + "/companyId");
    d.key = reader.String(Member(v[i], "key"), p + "/key");
    d.status = reader.String(Member(v[i], "status"), p + "/status", d.status);
    d.deleted_at_set = !Member(v[i], "deletedAt").is_null();
    definitions.push_back(std::move(d));
  }
  return definitions;
}

BindingTarget ReadTarget(const OrderedJson& v, std::string_view path, Reader& reader) {
  BindingTarget target;
  if (!v.is_object()) {
    reader.WrongType(path, "an object", v);
    return target;
  }
  const std::string p(path);
  target.target_type = reader.String(Member(v, "targetType"), p + "/targetType");
  target.target_id = reader.String(Member(v, "targetId"), p + "/targetId");
  target.path_prefix = reader.String(Member(v, "pathPrefix"), p + "/pathPrefix", target.path_prefix);
  return target;
}

std::vector<ProviderVault> ReadVaultRows(const OrderedJson& v, std::string_view path, Reader& reader) {
  std::vector<ProviderVault> rows;
  if (v.is_null()) return rows;
  if (!v.is_array()) {
    reader.WrongType(path, "an array", v);
    return rows;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto row = ParseProviderVault(v[i]);
    if (!row.ok()) {
      AppendWithPrefix(reader.diagnostics, row.diagnostics, PathIndex(path, i));
      continue;
    }
    rows.push_back(std::move(*row.value));
  }
  return rows;
}

OrderedJson ProviderVaultJson(const ProviderVault& row) {
  return OrderedJson{{"id", row.id},
                     {"companyId", row.company_id},
                     {"provider", ProviderName(row.provider)},
                     {"displayName", row.display_name},
                     {"status", VaultStatusName(row.status)},
                     {"isDefault", row.is_default},
                     {"config", row.config},
                     {"disabledAt", row.disabled_at ? OrderedJson(*row.disabled_at) : OrderedJson()}};
}

std::string_view DisabledAtChangeName(DisabledAtChange change) {
  switch (change) {
    case DisabledAtChange::kKeep: return "keep";
    case DisabledAtChange::kStamp: return "stamp";
    case DisabledAtChange::kClear: return "clear";
  }
  return "keep";
}

}  // namespace clasp::bindings
