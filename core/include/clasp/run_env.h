// clasp/run_env.h — the env a run gets: which keys, which values or secrets,
// and whether dispatch must be refused before anything is decrypted.
//
// Paperclip assembles a run's env from the agent's adapterConfig.env, the
// project's env and its own PAPERCLIP_* variables (PREC-1, env_precedence.h),
// resolving every secret_ref through a binding row (BIND-2). A ref without
// its row fails the run — before dispatch (#8309) or half-way through setup
// (#6128). This module plans the run: the merged env in PREC-1 order, each
// key either a plain value or a ref to resolve with the binding that grants
// it, and every ref that no row grants, all listed at once, so a caller can
// refuse before resolving any secret.
//
// Where clasp differs from Paperclip 2026.916.1 on purpose:
// - Only the refs the run will see are checked and resolved. Paperclip
//   checks and resolves every layer whole, so an agent ref that the project
//   overrides must still be bound and is decrypted only to be thrown away;
//   here a shadowed entry is neither required nor resolved (nor validated).
// - A user_secret_ref cannot be resolved (clasp keeps no user secrets): a
//   required one is a problem like a missing binding, an optional one (not
//   required, or allowMissingOverride) is left out with a warning.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/diagnostic.h"
#include "clasp/env_binding.h"
#include "clasp/env_precedence.h"
#include "clasp/json_input.h"

namespace clasp {

// What the planner reads. The env maps are as stored (binding objects or
// legacy strings); a null map is an absent layer. `runtime` holds the
// PAPERCLIP_* variables the run is given (string values). `bindings` are
// company_secret_bindings rows; rows of other companies or targets are
// ignored.
struct RunEnvInput {
  std::string company_id;
  std::string agent_id;
  OrderedJson agent_env;
  std::optional<std::string> project_id;  // the project's env is read only with an id
  OrderedJson project_env;
  OrderedJson runtime;
  std::vector<BindingRow> bindings;
};

// A secret_ref the run resolves: BIND-2 on (target_type, target_id,
// config_path) granted it through `binding_id`.
struct PlannedSecretRef {
  std::string config_path;  // "env.<KEY>"
  std::string target_type;  // "agent" | "project"
  std::string target_id;
  std::string secret_id;
  SecretVersion version;
  std::string binding_id;
};

// One key of the run env: a plain value or a ref, never both.
struct RunEnvEntry {
  std::string key;
  EnvLayer layer = EnvLayer::kAgent;  // the layer that won
  std::vector<EnvLayer> shadowed;     // layers it overrode
  std::optional<std::string> plain;
  std::optional<PlannedSecretRef> secret;
};

// A ref BIND-2 would refuse, in Paperclip's collectMissingRuntimeBindings
// shape plus the reason: no row at the path for that secret (`bound_secret_id`
// names the secret a row at that path points at instead, if any), or a row
// that fails BIND-3. A required user_secret_ref has no secret_id.
struct MissingBinding {
  std::string target_type;
  std::string target_id;
  std::string config_path;
  std::string env_key;
  std::string binding_type;  // "secret_ref" | "user_secret_ref"
  std::string secret_id;     // the ref's; "" for user_secret_ref
  std::optional<std::string> bound_secret_id;
  // Filled by callers that can read secrets; a user_secret_ref's key.
  std::optional<std::string> secret_name;
  Diagnostic diagnostic;
};

struct RunEnvPlan {
  std::vector<RunEnvEntry> entries;        // env_precedence.h order
  std::vector<DroppedEnvKey> dropped;      // PAPERCLIP_API_KEY set by a config layer
  std::vector<MissingBinding> missing;     // every ref dispatch would fail on
  std::vector<Diagnostic> diagnostics;     // all errors (missing ones included) and warnings
  bool ok() const { return !HasErrors(diagnostics); }
};

// Plans a run. Diagnostics point at "/agent/<KEY>", "/project/<KEY>" or
// "/runtime/<KEY>".
//   agent {OPENAI_API_KEY: ref S}, rows [agent:a1 env.OPENAI_API_KEY -> S (b1)]
//     -> OPENAI_API_KEY: secret S via b1, target agent:a1; missing []
//   agent {OPENAI_API_KEY: ref S}, no rows
//     -> missing [binding_missing 422 "Secret is not bound to agent:a1 at env.OPENAI_API_KEY"
//                 at /agent/OPENAI_API_KEY]
//   agent {K: ref S}, rows [agent:a1 env.K -> T] -> missing, bound_secret_id T, same message
//   agent {K: ref S} (no row), project p1 {K: ref P}, rows [project:p1 env.K -> P]
//     -> K: secret P via project:p1, shadowed [agent]; missing [] (the agent ref is never used)
//   agent {PAPERCLIP_AGENT_ID: "y"}, runtime {PAPERCLIP_AGENT_ID: "a1"}
//     -> PAPERCLIP_AGENT_ID = "a1" (runtime), shadowed [agent]
//   agent {PAPERCLIP_API_KEY: "k"} -> no such entry; dropped [{PAPERCLIP_API_KEY, agent}]
//   agent {"1X": "v"}   -> env_key_invalid "Invalid environment variable name: 1X" at /agent/1X
//   agent {K: {type: "secret_ref"}} -> env_binding_invalid "Invalid environment binding for key: K"
RunEnvPlan PlanRunEnv(const RunEnvInput& input);

// Paperclip's operator text for a missing binding (formatMissingBindingForOperator):
//   secret_name "OpenAI"  -> secret "OpenAI" not bound at agent env.OPENAI_API_KEY
//   no secret_name        -> secret <secret_id> not bound at agent env.OPENAI_API_KEY
//   user_secret_ref       -> user secret "<key>" not available at agent env.K
std::string MissingBindingSummary(const MissingBinding& missing);

// Paperclip's refusal text: "configuration incomplete: " then each summary,
// joined by "; ".
std::string ConfigurationIncompleteMessage(const std::vector<MissingBinding>& missing);

// Whether a variable of the launcher's own environment may reach a run's
// command underneath the run env (`clasp run-env --inherit-env`). Paperclip's
// sanitizeInheritedPaperclipEnv drops PAPERCLIPAI_CMD and every PAPERCLIP_*
// but PAPERCLIP_RUNTIME_API_URL, PAPERCLIP_LISTEN_HOST and
// PAPERCLIP_LISTEN_PORT; clasp also keeps its own credentials (CLASP_*, the
// board token among them) and the store's (DATABASE_URL, PGPASSWORD) from the
// agent. Names are compared exactly, as the environment's are.
//   "PATH", "HOME", "PAPERCLIP_LISTEN_PORT"               -> true
//   "PAPERCLIP_SECRETS_MASTER_KEY", "PAPERCLIPAI_CMD"     -> false
//   "CLASP_BOARD_TOKEN", "DATABASE_URL", "PGPASSWORD"     -> false
//   "paperclip_secrets_master_key" (another variable)     -> true
bool InheritableVariable(std::string_view name);

// {consumerType, consumerId, configPath, envKey, bindingType, secretId,
//  secretName, boundSecretId, code, path, message} — no value ever.
OrderedJson MissingBindingJson(const MissingBinding& missing);

// §4.1's manifest entry, without the value: one per resolved (or, before
// resolution, planned) secret. `version` is the resolved version number,
// nullopt when it is not known yet; `outcome` is "success", "failure", or
// "pending" for a plan that has not resolved anything.
struct RunEnvManifestEntry {
  std::string config_path;
  std::optional<std::string> env_key;
  std::string secret_id;
  std::optional<std::string> binding_id;
  std::optional<int> version;
  std::string provider;
  std::string outcome;
};

// {configPath, envKey, secretId, bindingId, version, provider, outcome}.
OrderedJson ManifestEntryJson(const RunEnvManifestEntry& entry);

// "env.OPENAI_API_KEY" -> "OPENAI_API_KEY";  "apiKey" -> nullopt (§3.3).
std::optional<std::string> EnvKeyOfConfigPath(std::string_view config_path);

}  // namespace clasp
