#include "clasp/conformance.h"
#include "clasp/env_normalize.h"
#include "clasp/strict_mode.h"

namespace clasp::conformance {
namespace {

OrderedJson InputError(std::string message) { return OrderedJson{{"error", std::move(message)}}; }

OrderedJson FirstError(const std::vector<Diagnostic>& diagnostics) {
  const Diagnostic& d = diagnostics.front();
  return OrderedJson{{"ok", false}, {"status", d.http_status}, {"error", d.message},
                     {"code", CodeName(d.code)}, {"path", d.path}};
}

// Env values are strings or absent; anything else is a malformed case.
bool ReadEnv(const OrderedJson& input, const char* name, std::optional<std::string>* out) {
  const auto it = input.find(name);
  if (it == input.end()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

// A config file exists iff the case sets one of its fields.
OrderedJson ResolveConfig(const OrderedJson& input) {
  StrictModeInputs inputs;
  if (!ReadEnv(input, "env_PAPERCLIP_SECRETS_STRICT_MODE", &inputs.env_strict_mode) ||
      !ReadEnv(input, "env_PAPERCLIP_DEPLOYMENT_MODE", &inputs.env_deployment_mode)) {
    return InputError("env_* fields must be strings");
  }
  const auto file_mode = input.find("file_deploymentMode");
  const auto file_strict = input.find("file_strictMode");
  if (file_mode != input.end() || file_strict != input.end()) {
    StrictModeConfigFile file;
    if (file_mode != input.end()) {
      if (!file_mode->is_string()) return InputError("file_deploymentMode must be a string");
      file.deployment_mode = file_mode->get<std::string>();
    }
    if (file_strict != input.end()) {
      if (!file_strict->is_boolean()) return InputError("file_strictMode must be a boolean");
      file.strict_mode = file_strict->get<bool>();
    }
    inputs.config_file = std::move(file);
  }
  const auto resolved = ResolveStrictMode(inputs);
  if (!resolved.ok()) return FirstError(resolved.diagnostics);
  OrderedJson out{{"deploymentMode", DeploymentModeName(resolved.value->deployment_mode)},
                  {"strictMode", resolved.value->strict_mode}};
  if (resolved.value->env_write_back) out["envWriteBack"] = *resolved.value->env_write_back;
  return out;
}

OrderedJson Normalize(const OrderedJson& input, const char* binding_field) {
  const auto key = input.find("key");
  const auto binding = input.find(binding_field);
  if (key == input.end() || !key->is_string() || binding == input.end()) {
    return InputError("normalize cases need a string key and a binding");
  }
  EnvNormalizeOptions options;
  options.paperclip_compat = true;
  const auto strict = input.find("strictMode");
  options.strict_mode = strict != input.end() && strict->is_boolean() && strict->get<bool>();
  const auto result = NormalizeEnvEntry(key->get_ref<const std::string&>(), *binding, options);
  if (!result.ok()) return FirstError(result.diagnostics);
  return OrderedJson{{"ok", true}};
}

}  // namespace

// kind resolve_config (STRICT-2..4), normalize_plain / normalize_binding
// (STRICT-1, RED-1) in Paperclip-compatible mode.
OrderedJson EvaluateStrictMode(const OrderedJson& input) {
  if (!input.is_object()) return InputError("input must be an object");
  const auto kind = input.find("kind");
  if (kind == input.end() || !kind->is_string()) return InputError("input.kind must be a string");
  const auto& k = kind->get_ref<const std::string&>();
  if (k == "resolve_config") return ResolveConfig(input);
  if (k == "normalize_plain") return Normalize(input, "value");
  if (k == "normalize_binding") return Normalize(input, "binding");
  return InputError("unknown kind: " + k);
}

}  // namespace clasp::conformance
