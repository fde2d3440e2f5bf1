#include "clasp/run_env.h"

#include <utility>

#include "clasp/binding_context.h"

namespace clasp {
namespace {

constexpr std::string_view kEnvPrefix = "env.";

struct Target {
  std::string_view type;
  std::string_view id;
};

std::string EntryPath(EnvLayer layer, std::string_view key) {
  return JsonPointerAppend(JsonPointerAppend("", EnvLayerName(layer)), key);
}

class Planner {
 public:
  explicit Planner(const RunEnvInput& input) : input_(input) {}

  RunEnvPlan Run() {
    EnvLayers layers;
    layers.agent = input_.agent_env;
    if (input_.project_id) layers.project = input_.project_env;
    layers.runtime = input_.runtime;
    MergedEnv merged = MergeRunEnv(layers);
    plan_.dropped = std::move(merged.dropped);
    plan_.diagnostics = std::move(merged.diagnostics);
    for (MergedEnvEntry& entry : merged.entries) Add(std::move(entry));
    return std::move(plan_);
  }

 private:
  void Error(Code code, EnvLayer layer, const std::string& key, std::string message,
             Severity severity = Severity::kError) {
    plan_.diagnostics.push_back(MakeDiagnostic(code, EntryPath(layer, key), std::move(message), severity));
  }

  Target TargetOf(EnvLayer layer) const {
    if (layer == EnvLayer::kProject) return {"project", *input_.project_id};
    return {"agent", input_.agent_id};
  }

  void Add(MergedEnvEntry merged) {
    RunEnvEntry entry{merged.key, merged.winner, std::move(merged.shadowed), std::nullopt, std::nullopt};
    if (merged.winner == EnvLayer::kRuntime) {
      if (!merged.value.is_string()) {
        Error(Code::kInputWrongType, merged.winner, merged.key,
              "runtime variable " + merged.key + " must be a string, got " + std::string(JsonTypeName(merged.value)));
        return;
      }
      entry.plain = merged.value.get<std::string>();
      plan_.entries.push_back(std::move(entry));
      return;
    }
    // Paperclip's resolveEnvBindings: the name first, then the binding.
    if (!IsValidEnvKey(merged.key)) {
      Error(Code::kEnvKeyInvalid, merged.winner, merged.key, "Invalid environment variable name: " + merged.key);
      return;
    }
    const std::optional<EnvBinding> binding = ParseEnvBinding(merged.value);
    if (!binding) {
      Error(Code::kEnvBindingInvalid, merged.winner, merged.key, "Invalid environment binding for key: " + merged.key);
      return;
    }
    switch (binding->type) {
      case BindingType::kPlain:
        entry.plain = binding->value;
        plan_.entries.push_back(std::move(entry));
        return;
      case BindingType::kSecretRef:
        if (auto ref = Grant(merged.winner, merged.key, *binding)) {
          entry.secret = std::move(*ref);
          plan_.entries.push_back(std::move(entry));
        }
        return;
      case BindingType::kUserSecretRef:
        UserSecret(merged.winner, merged.key, *binding);
        return;
    }
  }

  // BIND-2 as the resolution will run it, so a ref planned here is one the
  // resolution will not refuse for its binding.
  std::optional<PlannedSecretRef> Grant(EnvLayer layer, const std::string& key, const EnvBinding& binding) {
    const Target target = TargetOf(layer);
    const std::string config_path = std::string(kEnvPrefix) + key;
    const BindingContext context{std::string(target.type), std::string(target.id), config_path, std::nullopt};
    auto verdict = AssertBindingContext(input_.company_id, input_.bindings, binding.secret_id, context);
    if (verdict.ok()) {
      return PlannedSecretRef{config_path,       std::string(target.type), std::string(target.id),
                              binding.secret_id, binding.version,          verdict.value->binding_id.value_or("")};
    }
    MissingBinding missing;
    missing.target_type = target.type, missing.target_id = target.id, missing.config_path = config_path;
    missing.env_key = key, missing.binding_type = "secret_ref", missing.secret_id = binding.secret_id;
    for (const BindingRow& row : input_.bindings) {
      if (row.company_id == input_.company_id && row.target_type == target.type && row.target_id == target.id &&
          row.config_path == config_path && !SameSecretId(row.secret_id, binding.secret_id)) {
        missing.bound_secret_id = row.secret_id;
        break;
      }
    }
    missing.diagnostic = std::move(verdict.diagnostics.front());
    missing.diagnostic.path = EntryPath(layer, key);
    plan_.diagnostics.push_back(missing.diagnostic);
    plan_.missing.push_back(std::move(missing));
    return std::nullopt;
  }

  void UserSecret(EnvLayer layer, const std::string& key, const EnvBinding& binding) {
    const Target target = TargetOf(layer);
    const std::string config_path = std::string(kEnvPrefix) + key;
    if (!binding.required || binding.allow_missing_override) {
      Error(Code::kRunEnvUserSecretUnavailable, layer, key,
            "Optional user secret \"" + binding.user_key + "\" at " + config_path + " is left out of the run",
            Severity::kWarning);
      return;
    }
    MissingBinding missing;
    missing.target_type = target.type, missing.target_id = target.id, missing.config_path = config_path;
    missing.env_key = key, missing.binding_type = "user_secret_ref", missing.secret_name = binding.user_key;
    missing.diagnostic = MakeDiagnostic(Code::kRunEnvUserSecretUnavailable, EntryPath(layer, key),
                                        "User secret \"" + binding.user_key + "\" is not available at " +
                                            std::string(target.type) + ":" + std::string(target.id) + " " +
                                            config_path + ": clasp keeps no user secrets");
    plan_.diagnostics.push_back(missing.diagnostic);
    plan_.missing.push_back(std::move(missing));
  }

  const RunEnvInput& input_;
  RunEnvPlan plan_;
};

OrderedJson OptionalJson(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

}  // namespace

RunEnvPlan PlanRunEnv(const RunEnvInput& input) { return Planner(input).Run(); }

std::string MissingBindingSummary(const MissingBinding& missing) {
  if (missing.binding_type == "user_secret_ref") {
    return "user secret \"" + missing.secret_name.value_or("") + "\" not available at " + missing.target_type + " " +
           missing.config_path;
  }
  const std::string label = missing.secret_name ? "\"" + *missing.secret_name + "\"" : missing.secret_id;
  return "secret " + label + " not bound at " + missing.target_type + " " + missing.config_path;
}

std::string ConfigurationIncompleteMessage(const std::vector<MissingBinding>& missing) {
  std::string out = "configuration incomplete: ";
  for (std::size_t i = 0; i < missing.size(); ++i) out += (i ? "; " : "") + MissingBindingSummary(missing[i]);
  return out;
}

bool InheritableVariable(std::string_view name) {
  constexpr std::string_view kPaperclip = "PAPERCLIP_";
  if (name.substr(0, kPaperclip.size()) == kPaperclip) {
    return name == "PAPERCLIP_RUNTIME_API_URL" || name == "PAPERCLIP_LISTEN_HOST" || name == "PAPERCLIP_LISTEN_PORT";
  }
  return name.substr(0, 6) != "CLASP_" && name != "PAPERCLIPAI_CMD" && name != "DATABASE_URL" && name != "PGPASSWORD";
}

OrderedJson MissingBindingJson(const MissingBinding& missing) {
  return {{"consumerType", missing.target_type},
          {"consumerId", missing.target_id},
          {"configPath", missing.config_path},
          {"envKey", missing.env_key},
          {"bindingType", missing.binding_type},
          {"secretId", missing.secret_id.empty() ? OrderedJson(nullptr) : OrderedJson(missing.secret_id)},
          {"secretName", OptionalJson(missing.secret_name)},
          {"boundSecretId", OptionalJson(missing.bound_secret_id)},
          {"code", CodeName(missing.diagnostic.code)},
          {"path", missing.diagnostic.path},
          {"message", missing.diagnostic.message}};
}

OrderedJson ManifestEntryJson(const RunEnvManifestEntry& entry) {
  return {{"configPath", entry.config_path},
          {"envKey", OptionalJson(entry.env_key)},
          {"secretId", entry.secret_id},
          {"bindingId", OptionalJson(entry.binding_id)},
          {"version", entry.version ? OrderedJson(*entry.version) : OrderedJson(nullptr)},
          {"provider", entry.provider},
          {"outcome", entry.outcome}};
}

std::optional<std::string> EnvKeyOfConfigPath(std::string_view config_path) {
  if (config_path.substr(0, kEnvPrefix.size()) != kEnvPrefix) return std::nullopt;
  return std::string(config_path.substr(kEnvPrefix.size()));
}

}  // namespace clasp
