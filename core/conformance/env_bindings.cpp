#include "clasp/conformance.h"
#include "clasp/env_normalize.h"

namespace clasp::conformance {
namespace {

OrderedJson FirstError(const std::vector<Diagnostic>& diagnostics) {
  const Diagnostic& d = diagnostics.front();
  return OrderedJson{{"ok", false}, {"status", d.http_status}, {"error", d.message},
                     {"code", CodeName(d.code)}, {"path", d.path}};
}

EnvNormalizeOptions CompatOptions() {
  EnvNormalizeOptions options;
  options.paperclip_compat = true;
  return options;
}

OrderedJson WholeEnv(const OrderedJson& env) {
  const auto result = NormalizeEnv(env, CompatOptions());
  if (!result.ok()) return FirstError(result.diagnostics);
  return OrderedJson{{"ok", true}, {"entries", result.value->entries.size()}, {"canonical_env", result.value->json}};
}

}  // namespace

// {key, binding}: one entry; {env}: a whole env value; {env_json}: env text,
// parsed like JSON.parse (duplicates: last wins; "__proto__" an own key).
OrderedJson EvaluateEnvBindings(const OrderedJson& input) {
  if (!input.is_object()) return OrderedJson{{"error", "input must be an object"}};
  if (const auto text = input.find("env_json"); text != input.end()) {
    if (!text->is_string()) return OrderedJson{{"error", "env_json must be a string"}};
    const auto parsed = ParseJson(text->get_ref<const std::string&>());
    if (!parsed.ok()) return FirstError(parsed.diagnostics);
    return WholeEnv(*parsed.value);
  }
  if (const auto env = input.find("env"); env != input.end()) return WholeEnv(*env);
  const auto key = input.find("key");
  const auto binding = input.find("binding");
  if (key == input.end() || !key->is_string() || binding == input.end()) {
    return OrderedJson{{"error", "input needs env, env_json, or a string key and a binding"}};
  }
  const auto result = NormalizeEnvEntry(key->get_ref<const std::string&>(), *binding, CompatOptions());
  if (!result.ok()) return FirstError(result.diagnostics);
  return OrderedJson{{"ok", true}, {"canonical", CanonicalBindingJson(*result.value)}};
}

}  // namespace clasp::conformance
