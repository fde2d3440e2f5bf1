// clasp/user_secret_ref.h — what a user_secret_ref env entry names and what
// the binding sync writes for it.
//
// A user_secret_ref {"type":"user_secret_ref","key":K} names a company's
// user secret *definition* by key; each user holds their own value for it.
// The sync writes no company binding row for such an entry but a
// *declaration* (Paperclip's user_secret_declarations): "this target needs
// the responsible user's value of definition D at configPath". These are
// plain mirrors of the two tables; callers load the definitions and pass them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/diagnostic.h"
#include "clasp/env_binding.h"

namespace clasp {

// One row of user_secret_definitions, as far as resolution looks at it.
struct UserSecretDefinition {
  std::string id;
  std::string company_id;
  std::string key;
  std::string status = "active";  // "active", "disabled", "deleted"
  bool deleted_at_set = false;    // deleted_at IS NOT NULL
};

// One row of user_secret_declarations as the sync writes it.
struct UserSecretDeclaration {
  std::string company_id;
  std::string definition_id;
  std::string target_type;
  std::string target_id;
  std::string config_path;
  std::string env_key;
  std::string version_selector = "latest";
  bool required = true;
  bool allow_missing_override = false;
  std::string id;  // the stored row's; empty in a plan
};

// Paperclip's resolveUserSecretDefinition by key: the first definition of
// `company_id` with that key (exact, case-sensitive) whose status is not
// "deleted"; one with deleted_at set, or none, is user_secret_definition_missing
// 404 "User secret definition not found for environment variable "<env_key>",
// <target_type> <target_id>, definition key "<key>"" (path left empty). Another
// company's definition is never found by key, so Paperclip's 422 "must belong
// to same company" cannot arise here.
//   defs = [{id D, company c1, key "gh.token"}]
//   ResolveUserSecretDefinition("c1", "gh.token", {agent a1}, "K", defs) -> D
//   ResolveUserSecretDefinition("c2", "gh.token", {agent a1}, "K", defs)
//     -> 404 "User secret definition not found for environment variable "K", agent a1, definition key "gh.token""
struct UserSecretResolution {
  const UserSecretDefinition* definition = nullptr;  // into `definitions`
  std::optional<Diagnostic> failure;
};
UserSecretResolution ResolveUserSecretDefinition(std::string_view company_id, std::string_view key,
                                                 const BindingTarget& target, std::string_view env_key,
                                                 const std::vector<UserSecretDefinition>& definitions);

// The declaration the sync writes for the user_secret_ref `binding` at
// <prefix>.<env_key> of `target`, naming `definition`.
UserSecretDeclaration MakeUserSecretDeclaration(std::string_view company_id, const BindingTarget& target,
                                                std::string_view env_key, const EnvBinding& binding,
                                                const UserSecretDefinition& definition);

// The declaration in the camelCase shape of the conformance vectors and the
// API: companyId, userSecretDefinitionId, targetType, targetId, configPath,
// envKey, versionSelector, required, allowMissingOverride.
OrderedJson UserSecretDeclarationJson(const UserSecretDeclaration& declaration);

}  // namespace clasp
