// clasp/binding_sync.h — turning an env map into binding rows (SYNC-1..4).
//
// Two planners over the same inputs (the company, the target, the env as
// submitted, the current rows and the secrets they may name):
//
// * PlanPaperclipSync reproduces Paperclip's syncEnvBindingsForTarget, quirks
//   included, so clasp can show what Paperclip *would* do (and the
//   conformance vectors can check it). Its SYNC-4 wipe is the #5631 incident.
// * PlanBindingSync is clasp's default: a per-path diff that never wipes by
//   accident and explains every delete.
//
// Neither touches storage: they return what to write. Planning is pure, so a
// refused plan (an error) changes nothing by construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/env_binding.h"
#include "clasp/json_input.h"
#include "clasp/result.h"
#include "clasp/user_secret_ref.h"

namespace clasp {

// ---------------------------------------------------------------------------
// Paperclip-compatible sync
// ---------------------------------------------------------------------------

// SYNC-3's DELETE filter on configPath: PostgreSQL `configPath LIKE
// '<prefix>.%'` with the prefix left unescaped, so `_` (one character) and
// `%` (any run) inside the prefix are wildcards and `\` escapes the next
// character. Case-sensitive; a bare "<prefix>" without the dot never matches.
//   PaperclipPrefixMatches("env", "env.K")   == true
//   PaperclipPrefixMatches("env", "env")     == false
//   PaperclipPrefixMatches("env", "envX.K")  == false
//   PaperclipPrefixMatches("e_v", "eXv.K")   == true   (the wildcard caveat)
//   PaperclipPrefixMatches("%", "access.Y")  == true
bool PaperclipPrefixMatches(std::string_view path_prefix, std::string_view config_path);

struct PaperclipSyncOutcome {
  std::vector<std::size_t> untouched_rows;  // indices into `rows`, original order
  std::vector<BindingRow> inserted;         // new rows, in Object.entries order of env
  std::size_t deleted = 0;                  // rows the DELETE removed
  // What replaces the target's user_secret_declarations under "<prefix>.",
  // one per user_secret_ref entry in Object.entries order.
  std::vector<UserSecretDeclaration> declarations;
};

// syncEnvBindingsForTarget(companyId, target, env) as published:
// * SYNC-1: a non-object env (null = JS undefined or null, array, string) is {}.
// * SYNC-2: entries are visited in Object.entries order (JsObjectEntries);
//   unparsable bindings and plain ones are skipped silently and key names are
//   not checked ("BAD-KEY" gets a row).
// * SEC-1 then BIND-3 on each secret_ref, ResolveUserSecretDefinition on each
//   user_secret_ref, in that one pass: the first failure is the whole answer
//   (404 "Secret not found" / 422 "Secret must belong to same company" / 422
//   class-3 / 404 "User secret definition not found for ...") and nothing is
//   deleted or inserted.
// * SYNC-3: delete every row with the same companyId, targetType, targetId
//   whose configPath matches PaperclipPrefixMatches, then insert one row per
//   ref: configPath "<prefix>.<key>", versionSelector text, required true,
//   label null, the secretId as written. The target's declarations under
//   "<prefix>." are replaced by one per user_secret_ref (no binding row).
// * SYNC-4: an env with no refs still deletes — the empty-refs wipe.
//   rows [agent:a1 env.K], env null -> untouched [], inserted [], deleted 1
//   rows [agent:a1 env.K -> A], env {"K": ref A} -> deleted 1, inserted 1 (same end state)
//   env {"K": ref C of company c2} for c1 -> 422 "Secret must belong to same company"
//   env {"K": user ref "gh.token"}, no such definition
//     -> 404 "User secret definition not found for environment variable "K", agent a1, definition key "gh.token""
Result<PaperclipSyncOutcome> PlanPaperclipSync(std::string_view company_id, const BindingTarget& target,
                                               const OrderedJson& env, const std::vector<BindingRow>& rows,
                                               const SecretMap& secrets,
                                               const std::vector<UserSecretDefinition>& definitions = {});

// ---------------------------------------------------------------------------
// clasp's planner
// ---------------------------------------------------------------------------

enum class BindingChangeKind : std::uint8_t {
  kKeep,    // row already says what env says
  kInsert,  // env refers to a secret at a path with no row
  kUpdate,  // same secret, new version selector and/or projection
  kDelete,  // row goes; see DeleteReason
};

enum class DeleteReason : std::uint8_t {
  kNone,               // not a delete
  kRefRemoved,         // the env has no entry at this key any more
  kNowPlain,           // the env entry at this key is now a plain value
  kNowUserSecretRef,   // the env entry at this key now names a user secret
  kSecretSwapped,      // the env names another secret here; an insert follows
  kDuplicateRow,       // a second row at a path that already has one
};

// "keep", "insert", "update", "delete".
std::string_view BindingChangeKindName(BindingChangeKind kind);
// "ref_removed", "now_plain", "now_user_secret_ref", "secret_swapped", "duplicate_row", "".
std::string_view DeleteReasonName(DeleteReason reason);

inline constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);

// One step of a plan. The string_views point into the `env` and `rows`
// passed to PlanBindingSync (or at static text); they are valid while those
// are alive and unmodified. The row's own configPath is rows[row].config_path;
// an insert's is "<prefix>.<env_key>". The env-side fields (env_key,
// secret_id, version, projection_*) are left empty when env was absent.
struct BindingChange {
  BindingChangeKind kind = BindingChangeKind::kKeep;
  DeleteReason reason = DeleteReason::kNone;
  std::size_t row = kNoRow;       // existing row (keep, update, delete); kNoRow for insert
  std::string_view env_key;       // the env entry behind it; "" for ref_removed and duplicate_row
  std::string_view secret_id;     // wanted secret (keep, insert, update), as written in env
  SecretVersion version;          // wanted version (keep, insert, update)
  std::string_view projection_class;
  std::optional<std::string_view> projection_allowlist_key;
};

struct BindingPlan {
  // Env entries in Object.entries order (a swap is its delete then its
  // insert), then the deletes of rows no entry claims, in row order. With an
  // absent env, a keep for every row in scope.
  std::vector<BindingChange> changes;
  std::size_t kept = 0;
  std::size_t inserted = 0;
  std::size_t updated = 0;
  std::size_t deleted = 0;
  // The target's user_secret_declarations under "<prefix>." after the sync,
  // one per user_secret_ref entry in env order, replacing what is there; left
  // alone (replaces_declarations false) when env is absent.
  std::vector<UserSecretDeclaration> declarations;
  bool replaces_declarations = false;
};

struct BindingSyncOptions {
  // Allows a plan that leaves none of the target's existing `<prefix>.*`
  // paths bound (every row deleted, none kept, updated or re-pointed).
  bool replace_all = false;
};

// clasp's default sync: a diff per configPath within the target.
// * Scope: rows of this company and target whose configPath starts with the
//   literal "<prefix>." (no LIKE wildcards).
// * Absent env (null): changes nothing; warning sync_env_absent. This is the
//   #5631 fix: a PATCH that does not mention env must not touch bindings.
// * Other non-objects: error env_not_object "<prefix> must be an object".
// * Every key must pass ENV-5 and every binding must parse (env_key_invalid,
//   env_binding_invalid, path "/<key>"); every secret_ref must pass SEC-1,
//   BIND-1 (for an "access" prefix) and BIND-3, every user_secret_ref must
//   name a live definition (ResolveUserSecretDefinition). All errors are
//   reported, in env order, and the plan is refused.
// * Per path: same secret (hex case ignored), same version text and
//   projection -> keep; same secret, other version/projection -> update;
//   other secret -> delete (secret_swapped) + insert; no row -> insert;
//   row without a ref entry -> delete with its reason. Resubmitting the same
//   env is all keep. required and label of kept/updated rows are left alone.
// * If rows existed in scope and none would stay bound, the plan is refused
//   with sync_replace_all_required unless options.replace_all.
//   rows [env.K -> A latest], env {"K": ref A}             -> [keep]
//   rows [env.K -> A latest], env {"K": ref A version 2}   -> [update]
//   rows [env.K -> A, env.J -> B], env {"K": ref A}        -> [keep K, delete J ref_removed]
//   rows [env.K -> A], env {}                              -> sync_replace_all_required (nothing changes)
//   rows [env.K -> A], env null                            -> [keep K], warning sync_env_absent
// Linear in rows + env entries (a flat hash over the keys of rows in scope);
// every row passed is scanned and sized for, so pass the target's rows
// (ListTargetBindings), not the company's. More than 2^32-1 rows is
// input_too_large.
Result<BindingPlan> PlanBindingSync(std::string_view company_id, const BindingTarget& target, const OrderedJson& env,
                                    const std::vector<BindingRow>& rows, const SecretMap& secrets,
                                    const BindingSyncOptions& options = {},
                                    const std::vector<UserSecretDefinition>& definitions = {});

// The plan holds views into `env`: a temporary env would leave them dangling.
Result<BindingPlan> PlanBindingSync(std::string_view company_id, const BindingTarget& target, OrderedJson&& env,
                                    const std::vector<BindingRow>& rows, const SecretMap& secrets,
                                    const BindingSyncOptions& options = {},
                                    const std::vector<UserSecretDefinition>& definitions = {}) = delete;

// The rows after applying `plan` (computed by PlanBindingSync from the same
// arguments): surviving rows in their order, with updates applied, then the
// inserts (required true, label null, no id).
std::vector<BindingRow> ApplyBindingPlan(std::string_view company_id, const BindingTarget& target,
                                         const std::vector<BindingRow>& rows, const BindingPlan& plan);

}  // namespace clasp
