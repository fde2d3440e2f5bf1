// clasp/desync.h — where stored env maps and binding rows disagree.
//
// Paperclip keeps two copies of "which secret does this target read": the
// secret_ref entries in a target's env (adapterConfig.env, project env, ...)
// and the rows of company_secret_bindings. Upgrades (#6128), older versions
// and writers outside the sync path let them drift, with two failure modes
// users hit: a ref with no row fails the run pre-dispatch (#8309), a row with
// no ref lets a run start without its credential (#11901). DesyncReport lists
// every disagreement; it never says what a secret holds, only keys and ids.
#pragma once

#include <string>
#include <vector>

#include "clasp/binding.h"
#include "clasp/diagnostic.h"
#include "clasp/json_input.h"

namespace clasp {

// One target's stored env: the company that owns the target, the target
// (its path_prefix selects which rows mirror the env) and the env object.
struct TargetEnv {
  std::string company_id;
  BindingTarget target;
  OrderedJson env;  // null or any non-object: the target has no refs
};

// Diagnostics (all errors), paths pointing into a notional
// {"targets":[{...,"env":{...}}], "rows":[...]} document:
// * desync_ref_without_row  /targets/i/env/K  a valid secret_ref has no row
//   of (company, targetType, targetId, "<prefix>.K") (#8309).
// * desync_row_without_ref  /rows/j  a "<prefix>.*" row of the target whose
//   env entry is missing, plain, a user secret or unparsable (#11901).
// * desync_row_other_secret /rows/j  the row at that path names another secret.
// * desync_row_other_version /rows/j same secret, another version selector.
// * desync_cross_company  a ref (/targets/i/env/K) or row (/rows/j) naming a
//   secret of another company, or a "<prefix>.*" row of the target stored
//   under another company.
// * desync_deleted_secret  a ref or row naming a missing or deleted secret.
// Secret problems of a ref are reported only when no row at its path names
// the same secret (the row's own report covers that case). Entries with an
// invalid key or binding are left to env validation.
//   targets [{c1, agent:a1, {"K": ref A}}], rows []                -> ref_without_row /targets/0/env/K
//   targets [{c1, agent:a1, {}}], rows [c1 agent:a1 env.K -> A]     -> row_without_ref /rows/0
//   targets [{c1, agent:a1, {"K": ref A}}], rows [c1 agent:a1 env.K -> A] -> no diagnostics
std::vector<Diagnostic> DesyncReport(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                                     const SecretMap& secrets);

}  // namespace clasp
