// Env maps, strict mode, sensitive keys, export declarations, run-env layers.
#include "api.h"
#include "clasp/env_normalize.h"
#include "clasp/env_precedence.h"
#include "clasp/portable.h"
#include "clasp/sensitive_keys.h"
#include "clasp/strict_mode.h"
#include "marshal.h"

namespace clasp::bindings {
namespace {

std::optional<std::string> EnvText(const OrderedJson& v, std::string_view path, Reader& reader) {
  return reader.OptString(v, path);
}

OrderedJson MatchesJson(const SensitiveClassification& c) {
  OrderedJson out = OrderedJson::array();
  for (const auto& m : c.matches) {
    out.push_back(OrderedJson{{"patternId", m.pattern_id}, {"rule", SensitiveRuleName(m.rule)}});
  }
  return out;
}

}  // namespace

OrderedJson ValidateEnv(const OrderedJson& args) {
  const OrderedJson& options = Arg(args, 1);
  Reader reader;
  if (!options.is_null() && !options.is_object()) reader.WrongType("/options", "an object", options);
  EnvNormalizeOptions o;
  o.strict_mode = reader.Bool(Member(options, "strictMode"), "/options/strictMode", false);
  o.field_path = reader.String(Member(options, "fieldPath"), "/options/fieldPath", o.field_path);
  o.paperclip_compat = reader.Bool(Member(options, "paperclipCompat"), "/options/paperclipCompat", false);
  o.policy = ReadPolicy(Member(options, "policy"), "/options/policy", reader);
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  auto result = NormalizeEnv(Arg(args, 0), o);
  OrderedJson value;
  if (result.value) value["env"] = std::move(result.value->json);
  return Answer(result.ok(), std::move(value), result.diagnostics);
}

OrderedJson ClassifyKey(const OrderedJson& args) {
  const OrderedJson& key = Arg(args, 0);
  Reader reader;
  if (!key.is_string()) reader.WrongType("/key", "a string", key);
  auto policy = ReadPolicy(Member(Arg(args, 1), "policy"), "/options/policy", reader);
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  if (!policy) policy = SensitiveKeyPolicy::Default();
  const std::string& k = key.get_ref<const std::string&>();
  const SensitiveClassification c = policy->Classify(k);
  OrderedJson value{{"sensitive", c.sensitive},
                    {"matches", MatchesJson(c)},
                    {"serviceRegex", IsSensitiveServiceRegex(k)},
                    {"docsGlob", IsSensitiveDocsGlob(k)},
                    {"portability", IsSensitivePortability(k)}};
  return Answer(true, std::move(value), {});
}

OrderedJson ResolveStrictMode(const OrderedJson& args) {
  const OrderedJson& in = Arg(args, 0);
  Reader reader;
  if (!in.is_null() && !in.is_object()) reader.WrongType("", "an object", in);
  StrictModeInputs inputs;
  inputs.env_strict_mode = EnvText(Member(in, "envStrictMode"), "/envStrictMode", reader);
  inputs.env_deployment_mode = EnvText(Member(in, "envDeploymentMode"), "/envDeploymentMode", reader);
  const OrderedJson& file = Member(in, "configFile");
  if (file.is_object()) {
    StrictModeConfigFile f;
    f.deployment_mode = reader.OptString(Member(file, "deploymentMode"), "/configFile/deploymentMode");
    if (const OrderedJson& s = Member(file, "strictMode"); !s.is_null()) {
      f.strict_mode = reader.Bool(s, "/configFile/strictMode", false);
    }
    inputs.config_file = std::move(f);
  } else if (!file.is_null()) {
    reader.WrongType("/configFile", "an object", file);
  }
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  const auto result = clasp::ResolveStrictMode(inputs);
  OrderedJson value;
  if (result.value) {
    value = OrderedJson{{"deploymentMode", DeploymentModeName(result.value->deployment_mode)},
                        {"strictMode", result.value->strict_mode},
                        {"envWriteBack", result.value->env_write_back ? OrderedJson(*result.value->env_write_back)
                                                                      : OrderedJson()}};
  }
  return Answer(result.ok(), std::move(value), result.diagnostics);
}

OrderedJson ExportEnvDeclarations(const OrderedJson& args) {
  const OrderedJson& scope_json = Arg(args, 0);
  Reader reader;
  PortableScope scope;
  const std::string kind = reader.String(Member(scope_json, "kind"), "/scope/kind", "agent");
  if (kind == "project") {
    scope.kind = PortableScopeKind::kProject;
  } else if (kind != "agent") {
    reader.WrongType("/scope/kind", "\"agent\" or \"project\"", Member(scope_json, "kind"));
  }
  scope.slug = reader.String(Member(scope_json, "slug"), "/scope/slug");
  if (!reader.diagnostics.empty()) return Answer(false, nullptr, reader.diagnostics);
  const PortableExtraction extraction = ExtractPortableEnvInputs(scope, Arg(args, 1));
  OrderedJson inputs = OrderedJson::array();
  for (const auto& input : DedupeEnvInputs(extraction.inputs)) inputs.push_back(EnvInputJson(input));
  return Answer(true, OrderedJson{{"inputs", std::move(inputs)}}, extraction.warnings);
}

OrderedJson MergeRunEnv(const OrderedJson& args) {
  const OrderedJson& in = Arg(args, 0);
  EnvLayers layers;
  layers.environment = Member(in, "environment");
  layers.agent = Member(in, "agent");
  layers.project = Member(in, "project");
  layers.routine = Member(in, "routine");
  layers.runtime = Member(in, "runtime");
  const MergedEnv merged = clasp::MergeRunEnv(layers);
  OrderedJson entries = OrderedJson::array();
  for (const auto& e : merged.entries) {
    OrderedJson shadowed = OrderedJson::array();
    for (EnvLayer l : e.shadowed) shadowed.push_back(EnvLayerName(l));
    entries.push_back(OrderedJson{
        {"key", e.key}, {"value", e.value}, {"winner", EnvLayerName(e.winner)}, {"shadowed", std::move(shadowed)}});
  }
  OrderedJson dropped = OrderedJson::array();
  for (const auto& d : merged.dropped) dropped.push_back(OrderedJson{{"key", d.key}, {"layer", EnvLayerName(d.layer)}});
  return Answer(!HasErrors(merged.diagnostics),
                OrderedJson{{"entries", std::move(entries)}, {"dropped", std::move(dropped)}}, merged.diagnostics);
}

OrderedJson DiagnosticCodes(const OrderedJson&) {
  OrderedJson codes = OrderedJson::array();
  for (Code c : AllCodes()) codes.push_back(OrderedJson{{"code", CodeName(c)}, {"httpStatus", DefaultHttpStatus(c)}});
  return Answer(true, OrderedJson{{"codes", std::move(codes)}}, {});
}

}  // namespace clasp::bindings
