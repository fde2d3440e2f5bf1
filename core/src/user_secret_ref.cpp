#include "clasp/user_secret_ref.h"

namespace clasp {

UserSecretResolution ResolveUserSecretDefinition(std::string_view company_id, std::string_view key,
                                                 const BindingTarget& target, std::string_view env_key,
                                                 const std::vector<UserSecretDefinition>& definitions) {
  for (const UserSecretDefinition& d : definitions) {
    if (d.company_id != company_id || d.key != key || d.status == "deleted") continue;
    if (d.deleted_at_set) break;
    return {&d, std::nullopt};
  }
  std::string message = "User secret definition not found for environment variable \"" + std::string(env_key) +
                        "\", " + target.target_type + " " + target.target_id + ", definition key \"" +
                        std::string(key) + "\"";
  return {nullptr, MakeDiagnostic(Code::kUserSecretDefinitionMissing, "", std::move(message))};
}

UserSecretDeclaration MakeUserSecretDeclaration(std::string_view company_id, const BindingTarget& target,
                                                std::string_view env_key, const EnvBinding& binding,
                                                const UserSecretDefinition& definition) {
  UserSecretDeclaration d;
  d.company_id = std::string(company_id);
  d.definition_id = definition.id;
  d.target_type = target.target_type;
  d.target_id = target.target_id;
  d.config_path = target.path_prefix + "." + std::string(env_key);
  d.env_key = std::string(env_key);
  d.version_selector = VersionSelectorText(binding.version);
  d.required = binding.required;
  d.allow_missing_override = binding.allow_missing_override;
  return d;
}

OrderedJson UserSecretDeclarationJson(const UserSecretDeclaration& d) {
  return OrderedJson{{"companyId", d.company_id},
                     {"userSecretDefinitionId", d.definition_id},
                     {"targetType", d.target_type},
                     {"targetId", d.target_id},
                     {"configPath", d.config_path},
                     {"envKey", d.env_key},
                     {"versionSelector", d.version_selector},
                     {"required", d.required},
                     {"allowMissingOverride", d.allow_missing_override}};
}

}  // namespace clasp
