// clasp/secret_usage.h — who uses a secret: binding rows and env refs alike.
//
// Paperclip answers "who uses this secret" from company_secret_bindings
// alone, and deletes a secret whatever uses it. When a row has gone missing
// (#8309, an old writer, a restore) a target's env still names the secret
// while the rows say nobody does: the usage view shows "not bound" and a
// delete leaves that env pointing at nothing. SecretUses reads both copies
// (desync.h explains why there are two), so a delete can refuse while
// anything still uses the secret and the usage view can show the env ref
// that has no row, marked as a desync. Never a value: ids and paths only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/desync.h"
#include "clasp/desync_repair.h"

namespace clasp {

// Where a use was found.
//   kRow     a binding row, and no env ref of its target at its path names
//            the secret (a row of another path family, or a row left behind);
//   kEnvRef  an env ref with no row granting it: a desync, the run fails
//            pre-dispatch (#8309);
//   kBoth    the row and the env ref agree.
enum class UseSource { kRow, kEnvRef, kBoth };

//   UseSourceName(UseSource::kEnvRef) == "env_ref"   ("row", "env_ref", "both")
std::string_view UseSourceName(UseSource source);

struct SecretUse {
  std::string target_type;
  std::string target_id;
  std::string config_path;
  UseSource source = UseSource::kRow;
  std::size_t target = kNoTarget;  // index into targets when the use's target is among them
  std::size_t row = kNoRow;        // index into rows; kNoRow for kEnvRef

  bool desync() const { return source == UseSource::kEnvRef; }
};

// Every use of `secret_id` among `targets` and `rows` (ids compared as
// SameSecretId does; the caller picks the company by what it passes in):
// * each row naming the secret is one use, in the order given;
// * each valid secret_ref naming it in a target's env (a key IsValidEnvKey
//   accepts, an entry ParseEnvBinding reads, in JsObjectEntries order) is a
//   use at "<path_prefix>.<key>"; when a row of the same target (type, id and
//   company) at that path is already listed, that entry becomes kBoth;
// * the refs without such a row follow the rows, in target order, as kEnvRef.
//   targets [{c1, agent:a1, {"K": ref S}}], rows [c1 agent:a1 env.K -> S] -> [agent a1 env.K both]
//   targets [{c1, agent:a1, {"K": ref S}}], rows []                       -> [agent a1 env.K env_ref] (desync)
//   targets [{c1, agent:a1, {"K": ref T}}], rows [c1 agent:a1 env.K -> S] -> [agent a1 env.K row]
//   targets [{c1, agent:a1, {"K": "plain"}}], rows []                     -> []
std::vector<SecretUse> SecretUses(std::string_view secret_id, const std::vector<TargetEnv>& targets,
                                  const std::vector<BindingRow>& rows);

}  // namespace clasp
