// clasp/binding_context.h — who may read a secret, and at which path.
//
// SEC-1 (a referenced secret exists and belongs to the company), BIND-1
// (API-only `access.*` paths), BIND-2 (resolution only through a binding row)
// and BIND-3 (class-3 static leases only on allow-listed paths). Each check
// returns nothing on success or one diagnostic carrying Paperclip's exact
// message and status; the diagnostic's path is "" and callers that know where
// the value came from set it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/diagnostic.h"
#include "clasp/result.h"

namespace clasp {

// SEC-1: the secret must exist, not be deleted, belong to `company_id` and be
// company-scoped. Lookups ignore uuid hex case (FindSecret); the company
// comparison is exact, as in Paperclip's `secret.companyId !== companyId`.
//   secrets = {A: {company "c1"}}
//   CheckSecretInCompany("c1", A, secrets) -> nullopt
//   CheckSecretInCompany("c2", A, secrets) -> secret_company_mismatch 422 "Secret must belong to same company"
//   CheckSecretInCompany("c1", B, secrets) -> secret_not_found 404 "Secret not found" (also when deleted)
//   scope "user"                           -> secret_scope_invalid 422
//                                             "Secret references require company-scoped secrets"
std::optional<Diagnostic> CheckSecretInCompany(std::string_view company_id, std::string_view secret_id,
                                               const SecretMap& secrets);

// BIND-1: a configPath starting with "access." (case-sensitive) is an
// API-only grant, allowed only on agents, and its alias must pass ENV-5.
//   ("agent", "access.GH_TOKEN")   -> nullopt
//   ("environment", "accessX")     -> nullopt (no "access." prefix: not checked)
//   ("project", "access.GH_TOKEN") -> binding_access_target_invalid 422
//                                     "API-only secret access bindings must target an agent"
//   ("agent", "access.")           -> binding_access_alias_invalid 422
//                                     "Invalid agent secret access alias: (empty)"
//   ("agent", "access.A.B")        -> "... alias: A.B";  ("agent", "access.X\n") -> "... alias: X\n"
std::optional<Diagnostic> CheckSecretBindingConfigPath(std::string_view target_type, std::string_view config_path);

// BIND-3 (class-3 static lease; possibly fork, present in 2026.916.1): when
// the projection class is "class_3_static_lease" the allowlist key must be
// non-blank after JS trim(), and (key, targetType, configPath) must be in
// CLASS3_STATIC_LEASE_ALLOWLIST, compared exactly.
//   ("agent", "env.SLACK_BOT_TOKEN", "class_3_static_lease", "slack.bot_token") -> nullopt
//   ("agent", "env.K", "unclassified", nullopt)                               -> nullopt
//   ("agent", "env.K", "class_3_static_lease", nullopt) -> class_3_static_lease_allowlist_required 422
//       "Class-3 static lease bindings require an allowlist key"
//   ("agent", "env.K", "class_3_static_lease", "slack.bot_token") -> class_3_static_lease_not_allowed 422
//       "Class-3 static lease binding is outside the approved allowlist"
std::optional<Diagnostic> CheckClass3StaticLease(std::string_view target_type, std::string_view config_path,
                                                 std::string_view projection_class,
                                                 std::optional<std::string_view> allowlist_key);

// The binding context a resolution runs in. `config_path` nullopt or "" both
// mean "no path" (JS `!context.configPath`). `allowed_binding_ids` nullopt
// means the caller passed no array (no low-trust boundary); an empty vector
// is a boundary that admits nothing.
struct BindingContext {
  std::string consumer_type;
  std::string consumer_id;
  std::optional<std::string> config_path;
  std::optional<std::vector<std::string>> allowed_binding_ids;
};

struct BindingContextVerdict {
  bool enforced = false;                  // false only when no context was given
  std::optional<std::string> binding_id;  // the row that grants access
};

// BIND-2: with a context, the secret resolves only through a row matching
// (companyId, secretId, targetType=consumerType, targetId=consumerId,
// configPath) exactly — the first such row in `rows` order; secret ids match
// regardless of hex case, everything else byte for byte. Then the low-trust
// boundary, then BIND-3 on the row.
//   rows = [{id b1, c1, secret A, agent:a1, env.K}]
//   (c1, A, nullopt)                          -> ok {enforced false}
//   (c1, A, {agent, a1, "env.K"})             -> ok {enforced true, binding_id b1}
//   (c1, A, {agent, a1, ""})                  -> binding_missing 422
//       "Secret resolution requires a binding config path"
//   (c1, B, {agent, a1, "env.K"})             -> binding_missing 422 "Secret is not bound to agent:a1 at env.K"
//   (c1, A, {agent, a1, "env.K", allowed []}) -> binding_not_allowed 422
//       "Secret binding is outside the active low-trust boundary"
Result<BindingContextVerdict> AssertBindingContext(std::string_view company_id, const std::vector<BindingRow>& rows,
                                                   std::string_view secret_id,
                                                   const std::optional<BindingContext>& context);

}  // namespace clasp
