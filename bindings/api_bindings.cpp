// Binding sync plans, desync reports, binding context and config paths.
#include "api.h"
#include "clasp/binding_context.h"
#include "clasp/binding_sync.h"
#include "clasp/desync.h"
#include "marshal.h"

namespace clasp::bindings {
namespace {

OrderedJson ChangeJson(const BindingChange& c, const BindingTarget& target, const std::vector<BindingRow>& rows) {
  const bool has_row = c.row != kNoRow;
  const bool wants = c.kind != BindingChangeKind::kDelete;
  std::string config_path =
      has_row ? rows[c.row].config_path : target.path_prefix + "." + std::string(c.env_key);
  OrderedJson out{{"kind", BindingChangeKindName(c.kind)},
                  {"reason", c.reason == DeleteReason::kNone ? OrderedJson() : OrderedJson(DeleteReasonName(c.reason))},
                  {"row", has_row ? OrderedJson(c.row) : OrderedJson()},
                  {"configPath", std::move(config_path)},
                  {"envKey", c.env_key.empty() ? OrderedJson() : OrderedJson(std::string(c.env_key))}};
  if (wants && !c.secret_id.empty()) {
    out["secretId"] = std::string(c.secret_id);
    out["version"] = VersionJson(c.version);
    out["projectionClass"] = std::string(c.projection_class);
    out["projectionAllowlistKey"] =
        c.projection_allowlist_key ? OrderedJson(std::string(*c.projection_allowlist_key)) : OrderedJson();
  }
  return out;
}

OrderedJson DeclarationsJson(const std::vector<UserSecretDeclaration>& declarations) {
  OrderedJson out = OrderedJson::array();
  for (const auto& d : declarations) out.push_back(UserSecretDeclarationJson(d));
  return out;
}

}  // namespace

OrderedJson DiffBindings(const OrderedJson& args) {
  const OrderedJson& env = Arg(args, 0);
  const OrderedJson& target_json = Arg(args, 2);
  const OrderedJson& options = Arg(args, 3);
  Reader reader;
  const std::vector<BindingRow> rows = ReadBindingRows(Arg(args, 1), "/rows", reader);
  const std::string company = reader.String(Member(target_json, "companyId"), "/target/companyId");
  const BindingTarget target = ReadTarget(target_json, "/target", reader);
  const SecretMap secrets = ReadSecrets(Member(options, "secrets"), "/options/secrets", reader);
  const std::vector<UserSecretDefinition> definitions =
      ReadUserSecretDefinitions(Member(options, "userSecretDefinitions"), "/options/userSecretDefinitions", reader);
  BindingSyncOptions sync_options;
  sync_options.replace_all = reader.Bool(Member(options, "replaceAll"), "/options/replaceAll", false);
  const bool compat = reader.Bool(Member(options, "paperclipCompat"), "/options/paperclipCompat", false);
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);

  if (compat) {
    const auto outcome = PlanPaperclipSync(company, target, env, rows, secrets, definitions);
    OrderedJson value;
    if (outcome.value) {
      OrderedJson after = OrderedJson::array();
      for (std::size_t i : outcome.value->untouched_rows) after.push_back(BindingRowToJson(rows[i]));
      for (const auto& row : outcome.value->inserted) after.push_back(BindingRowToJson(row));
      value = OrderedJson{{"rowsAfter", std::move(after)},
                          {"deleted", outcome.value->deleted},
                          {"inserted", outcome.value->inserted.size()},
                          {"userSecretDeclarations", DeclarationsJson(outcome.value->declarations)}};
    }
    return Answer(outcome.ok(), std::move(value), outcome.diagnostics);
  }
  const auto plan = PlanBindingSync(company, target, env, rows, secrets, sync_options, definitions);
  OrderedJson value;
  if (plan.value) {
    OrderedJson changes = OrderedJson::array();
    for (const auto& c : plan.value->changes) changes.push_back(ChangeJson(c, target, rows));
    value = OrderedJson{{"changes", std::move(changes)},
                        {"rowsAfter", BindingRowsJson(ApplyBindingPlan(company, target, rows, *plan.value))},
                        {"kept", plan.value->kept},
                        {"inserted", plan.value->inserted},
                        {"updated", plan.value->updated},
                        {"deleted", plan.value->deleted},
                        {"userSecretDeclarations", DeclarationsJson(plan.value->declarations)}};
  }
  return Answer(plan.ok(), std::move(value), plan.diagnostics);
}

OrderedJson DesyncReport(const OrderedJson& args) {
  const OrderedJson& targets_json = Arg(args, 0);
  Reader reader;
  std::vector<TargetEnv> targets;
  if (targets_json.is_array()) {
    for (std::size_t i = 0; i < targets_json.size(); ++i) {
      const std::string path = "/targets/" + std::to_string(i);
      const OrderedJson& t = targets_json[i];
      TargetEnv te;
      te.company_id = reader.String(Member(t, "companyId"), path + "/companyId");
      te.target = ReadTarget(t, path, reader);
      te.env = Member(t, "env");
      targets.push_back(std::move(te));
    }
  } else if (!targets_json.is_null()) {
    reader.WrongType("/targets", "an array", targets_json);
  }
  const std::vector<BindingRow> rows = ReadBindingRows(Arg(args, 1), "/rows", reader);
  const SecretMap secrets = ReadSecrets(Arg(args, 2), "/secrets", reader);
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  const auto diagnostics = clasp::DesyncReport(targets, rows, secrets);
  return Answer(diagnostics.empty(), OrderedJson{{"inSync", diagnostics.empty()}}, diagnostics);
}

OrderedJson CheckBindingContext(const OrderedJson& args) {
  Reader reader;
  const std::vector<BindingRow> rows = ReadBindingRows(Arg(args, 0), "/rows", reader);
  const OrderedJson& q = Arg(args, 1);
  const std::string company = reader.String(Member(q, "companyId"), "/query/companyId");
  const std::string secret = reader.String(Member(q, "secretId"), "/query/secretId");
  std::optional<BindingContext> context;
  if (const OrderedJson& c = Member(q, "context"); c.is_object()) {
    BindingContext ctx;
    ctx.consumer_type = reader.String(Member(c, "consumerType"), "/query/context/consumerType");
    ctx.consumer_id = reader.String(Member(c, "consumerId"), "/query/context/consumerId");
    ctx.config_path = reader.OptString(Member(c, "configPath"), "/query/context/configPath");
    if (const OrderedJson& ids = Member(c, "allowedBindingIds"); !ids.is_null()) {
      ctx.allowed_binding_ids = reader.Strings(ids, "/query/context/allowedBindingIds");
    }
    context = std::move(ctx);
  } else if (!c.is_null()) {
    reader.WrongType("/query/context", "an object or null", c);
  }
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  const auto verdict = AssertBindingContext(company, rows, secret, context);
  OrderedJson value;
  if (verdict.value) {
    value = OrderedJson{{"enforced", verdict.value->enforced},
                        {"bindingId", verdict.value->binding_id ? OrderedJson(*verdict.value->binding_id) : OrderedJson()}};
  }
  return Answer(verdict.ok(), std::move(value), verdict.diagnostics);
}

OrderedJson CheckBindingConfigPath(const OrderedJson& args) {
  Reader reader;
  const std::string target_type = reader.String(Arg(args, 0), "/targetType");
  const std::string config_path = reader.String(Arg(args, 1), "/configPath");
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  std::vector<Diagnostic> diagnostics;
  if (auto failure = CheckSecretBindingConfigPath(target_type, config_path)) {
    failure->path = "/configPath";
    diagnostics.push_back(std::move(*failure));
  }
  return Answer(diagnostics.empty(), nullptr, diagnostics);
}

}  // namespace clasp::bindings
