// Run readiness: the refusals a run would meet on rows that agree (run_readiness.h).
#include "clasp/run_readiness.h"

#include <cstdint>
#include <optional>
#include <string_view>

#include "clasp/env_binding.h"

namespace clasp {
namespace {

const SecretVersions* FindVersions(const VersionMap& versions, std::string_view secret_id) {
  for (const auto& [id, v] : versions) {
    if (SameSecretId(id, secret_id)) return &v;
  }
  return nullptr;
}

Diagnostic Warning(Code code, const std::string& path, std::string message) {
  return MakeDiagnostic(code, path, std::move(message), Severity::kWarning);
}

// resolveEnvBindings' checks of one secret_ref, in its order.
std::optional<Diagnostic> SecretRefProblem(const TargetEnv& te, const EnvBinding& b, const SecretMap& secrets,
                                           const VersionMap& versions, const std::string& path) {
  const SecretInfo* s = FindSecret(secrets, b.secret_id);
  // Missing, deleted, foreign or user-scoped: DesyncReport's or env validation's.
  if (s == nullptr || s->status == "deleted" || s->company_id != te.company_id || s->scope != "company") {
    return std::nullopt;
  }
  if (s->status != "active") return Warning(Code::kSecretInactive, path, "Secret is not active");
  const SecretVersions* known = FindVersions(versions, b.secret_id);
  const std::int64_t wanted = b.version.latest ? (known ? known->latest_version : 0) : b.version.number;
  const auto v = known ? known->versions.find(static_cast<int>(wanted)) : std::map<int, VersionState>::const_iterator();
  if (!known || wanted < 1 || wanted > INT32_MAX || v == known->versions.end()) {
    return Warning(Code::kVersionMissing, path, "Secret version not found");
  }
  if (v->second.status == "disabled" || v->second.status == "destroyed" || v->second.revoked) {
    return Warning(Code::kVersionInactive, path, "Secret version is not active");
  }
  return std::nullopt;
}

// collectMissingRuntimeBindings' checks of one user_secret_ref.
std::optional<Diagnostic> UserRefProblem(const TargetEnv& te, const std::string& key, const EnvBinding& b,
                                         const std::vector<UserSecretDefinition>& definitions,
                                         const std::vector<UserSecretDeclaration>& declarations,
                                         const std::string& path) {
  const UserSecretResolution found =
      ResolveUserSecretDefinition(te.company_id, b.user_key, te.target, key, definitions);
  if (found.failure) return Warning(found.failure->code, path, found.failure->message);
  if (found.definition->status != "active") {
    return Warning(Code::kUserSecretDefinitionInactive, path, "User secret definition is not active");
  }
  const std::string config_path = te.target.path_prefix + "." + key;
  for (const UserSecretDeclaration& d : declarations) {
    if (d.company_id == te.company_id && SameSecretId(d.definition_id, found.definition->id) &&
        d.target_type == te.target.target_type && d.target_id == te.target.target_id && d.config_path == config_path) {
      return std::nullopt;
    }
  }
  return Warning(Code::kBindingMissing, path,
                 "configuration incomplete: user secret \"" + b.user_key + "\" not available at " +
                     te.target.target_type + " " + config_path);
}

}  // namespace

std::vector<Diagnostic> RunReadinessReport(const std::vector<TargetEnv>& targets, const SecretMap& secrets,
                                           const VersionMap& versions,
                                           const std::vector<UserSecretDefinition>& definitions,
                                           const std::vector<UserSecretDeclaration>& declarations) {
  std::vector<Diagnostic> out;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const TargetEnv& te = targets[i];
    const std::string env_pointer = "/targets/" + std::to_string(i) + "/env";
    for (const auto& entry : JsObjectEntries(te.env)) {
      const std::string& key = entry.key();
      if (!IsValidEnvKey(key)) continue;
      const auto b = ParseEnvBinding(entry.value());
      if (!b || b->type == BindingType::kPlain) continue;
      // An optional user secret is left out of a run that lacks it.
      if (b->type == BindingType::kUserSecretRef && (!b->required || b->allow_missing_override)) continue;
      const std::string path = JsonPointerAppend(env_pointer, key);
      std::optional<Diagnostic> problem =
          b->type == BindingType::kSecretRef ? SecretRefProblem(te, *b, secrets, versions, path)
                                             : UserRefProblem(te, key, *b, definitions, declarations, path);
      if (problem) out.push_back(std::move(*problem));
    }
  }
  return out;
}

}  // namespace clasp
