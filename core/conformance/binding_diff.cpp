// binding_diff family (and binding_diff_user_secrets, its user_secret_ref
// cases): syncEnvBindingsForTarget (-> PlanPaperclipSync),
// assertBindingContext, assertSecretBindingConfigPath. JSON in, JSON out.
#include <string>
#include <vector>

#include "clasp/binding.h"
#include "clasp/binding_context.h"
#include "clasp/binding_sync.h"
#include "clasp/conformance.h"

namespace clasp::conformance {
namespace {

// The vectors spell JS `undefined` as this string.
constexpr std::string_view kUndefined = "__undefined__";

bool IsUndefined(const OrderedJson& v) { return v.is_string() && v.get_ref<const std::string&>() == kUndefined; }

const OrderedJson& Field(const OrderedJson& obj, const char* name) {
  static const OrderedJson kNull;
  if (!obj.is_object()) return kNull;
  const auto it = obj.find(name);
  return it == obj.end() ? kNull : *it;
}

std::string Text(const OrderedJson& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

// How a JS template literal prints the value (`${x}`), for context fields.
std::string JsTemplateText(const OrderedJson& obj, const char* name) {
  if (!obj.is_object() || obj.find(name) == obj.end()) return "undefined";
  const OrderedJson& v = Field(obj, name);
  if (v.is_string()) return IsUndefined(v) ? "undefined" : v.get<std::string>();
  return DumpJson(v);
}

OrderedJson ErrorObject(const Diagnostic& d) {
  return OrderedJson{{"status", d.http_status}, {"message", d.message}};
}

// rows come first so a malformed one is reported instead of half-evaluated.
bool ReadRows(const OrderedJson& json, std::vector<BindingRow>& rows, OrderedJson& error) {
  if (!json.is_array()) return true;
  rows.reserve(json.size());
  for (const auto& item : json) {
    auto row = BindingRowFromJson(item);
    if (!row.ok()) {
      error = ErrorObject(row.diagnostics.front());
      return false;
    }
    rows.push_back(std::move(*row.value));
  }
  return true;
}

// secrets_owner: id -> owning companyId (absent = no such secret); an object
// value {companyId, status, scope} is accepted too.
SecretMap ReadSecrets(const OrderedJson& owners) {
  SecretMap secrets;
  if (!owners.is_object()) return secrets;
  for (const auto& [id, owner] : owners.items()) {
    std::string key = id;
    for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    SecretInfo info;
    if (owner.is_string()) {
      info.company_id = owner.get<std::string>();
    } else if (owner.is_object()) {
      info.company_id = Text(Field(owner, "companyId"));
      if (Field(owner, "status").is_string()) info.status = Text(Field(owner, "status"));
      if (Field(owner, "scope").is_string()) info.scope = Text(Field(owner, "scope"));
    } else {
      continue;
    }
    secrets.emplace(std::move(key), std::move(info));
  }
  return secrets;
}

// user_secret_definitions: [{id, companyId, key, status, deletedAt?}]
// (absent = the company has none); a non-null deletedAt marks it deleted.
std::vector<UserSecretDefinition> ReadDefinitions(const OrderedJson& json) {
  std::vector<UserSecretDefinition> definitions;
  if (!json.is_array()) return definitions;
  for (const auto& item : json) {
    UserSecretDefinition d;
    d.id = Text(Field(item, "id"));
    d.company_id = Text(Field(item, "companyId"));
    d.key = Text(Field(item, "key"));
    if (Field(item, "status").is_string()) d.status = Text(Field(item, "status"));
    const OrderedJson& deleted_at = Field(item, "deletedAt");
    d.deleted_at_set = !deleted_at.is_null() && !IsUndefined(deleted_at);
    definitions.push_back(std::move(d));
  }
  return definitions;
}

OrderedJson EvaluateSync(const OrderedJson& input) {
  std::vector<BindingRow> rows;
  OrderedJson error;
  if (!ReadRows(Field(input, "existing_rows"), rows, error)) return OrderedJson{{"error", error}};
  const OrderedJson& target_json = Field(input, "target");
  BindingTarget target;
  target.target_type = Text(Field(target_json, "targetType"));
  target.target_id = Text(Field(target_json, "targetId"));
  if (const OrderedJson& p = Field(target_json, "pathPrefix"); p.is_string() && !IsUndefined(p)) {
    target.path_prefix = p.get<std::string>();
  }
  const OrderedJson& env_json = Field(input, "env");
  const OrderedJson env = IsUndefined(env_json) ? OrderedJson() : env_json;

  const std::string company = Text(Field(input, "companyId"));
  const auto outcome = PlanPaperclipSync(company, target, env, rows, ReadSecrets(Field(input, "secrets_owner")),
                                         ReadDefinitions(Field(input, "user_secret_definitions")));
  if (!outcome.ok()) return OrderedJson{{"error", ErrorObject(outcome.diagnostics.front())}};

  OrderedJson rows_after = OrderedJson::array();
  const OrderedJson& existing = Field(input, "existing_rows");
  for (std::size_t i : outcome.value->untouched_rows) rows_after.push_back(existing[i]);
  for (const BindingRow& r : outcome.value->inserted) {
    // The shape the oracle's store returns for a freshly inserted row.
    rows_after.push_back(OrderedJson{{"companyId", r.company_id},
                                     {"secretId", r.secret_id},
                                     {"targetType", r.target_type},
                                     {"targetId", r.target_id},
                                     {"configPath", r.config_path},
                                     {"versionSelector", r.version_selector},
                                     {"required", r.required},
                                     {"label", r.label ? OrderedJson(*r.label) : OrderedJson()}});
  }
  OrderedJson declarations = OrderedJson::array();
  for (const UserSecretDeclaration& d : outcome.value->declarations) declarations.push_back(UserSecretDeclarationJson(d));
  return OrderedJson{{"rows_after", std::move(rows_after)},
                     {"deleted", outcome.value->deleted},
                     {"inserted", outcome.value->inserted.size()},
                     {"user_secret_declarations", std::move(declarations)}};
}

OrderedJson FailureObject(const Diagnostic& d, bool with_code) {
  OrderedJson out{{"ok", false}, {"status", d.http_status}};
  if (with_code) out["code"] = std::string(CodeName(d.code));
  out["message"] = d.message;
  return out;
}

OrderedJson EvaluateAssertContext(const OrderedJson& input) {
  std::vector<BindingRow> rows;
  OrderedJson error;
  if (!ReadRows(Field(input, "rows"), rows, error)) return OrderedJson{{"ok", false}, {"error", error}};
  const OrderedJson& ctx = Field(input, "context");
  std::optional<BindingContext> context;
  // JS `if (!context)`: undefined, null, false, 0 and "" mean no context.
  const bool falsy = ctx.is_null() || IsUndefined(ctx) || (ctx.is_boolean() && !ctx.get<bool>()) ||
                     (ctx.is_number() && ctx.get<double>() == 0) || (ctx.is_string() && ctx.get_ref<const std::string&>().empty());
  if (!falsy) {
    BindingContext c;
    c.consumer_type = JsTemplateText(ctx, "consumerType");
    c.consumer_id = JsTemplateText(ctx, "consumerId");
    if (const OrderedJson& p = Field(ctx, "configPath"); p.is_string() && !IsUndefined(p)) c.config_path = p.get<std::string>();
    if (const OrderedJson& ids = Field(ctx, "allowedBindingIds"); ids.is_array()) {
      c.allowed_binding_ids.emplace();
      for (const auto& id : ids) {
        if (id.is_string()) c.allowed_binding_ids->push_back(id.get<std::string>());
      }
    }
    context = std::move(c);
  }
  const auto verdict = AssertBindingContext(Text(Field(input, "companyId")), rows, Text(Field(input, "secretId")), context);
  if (!verdict.ok()) return FailureObject(verdict.diagnostics.front(), true);
  OrderedJson out{{"ok", true}, {"enforced", verdict.value->enforced}};
  if (verdict.value->binding_id) out["bindingId"] = *verdict.value->binding_id;
  return out;
}

OrderedJson EvaluateConfigPath(const OrderedJson& input) {
  const auto failure = CheckSecretBindingConfigPath(Text(Field(input, "targetType")), Text(Field(input, "configPath")));
  if (failure) return FailureObject(*failure, false);
  return OrderedJson{{"ok", true}};
}

}  // namespace

OrderedJson EvaluateBindingDiff(const OrderedJson& input) {
  const std::string op = Text(Field(input, "op"));
  if (op == "syncEnvBindingsForTarget") return EvaluateSync(input);
  if (op == "assertBindingContext") return EvaluateAssertContext(input);
  if (op == "assertSecretBindingConfigPath") return EvaluateConfigPath(input);
  return OrderedJson{{"unsupported_op", op}};
}

}  // namespace clasp::conformance
