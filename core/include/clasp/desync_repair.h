// clasp/desync_repair.h — the repair that makes binding rows mirror env maps.
//
// DesyncReport (desync.h) says where a target's env and the rows of
// company_secret_bindings disagree; this module says what to write so that
// they agree again. The env is the source of truth, as Paperclip's own sync
// treats it: rows are inserted, updated or deleted, the env is never touched.
// Per target the work is done by PlanBindingSync (binding_sync.h), the same
// per-path diff a PATCH runs, so a repair never invents a rule of its own; on
// top of it this module deletes rows that no target owns any more, and lists
// as "manual" every finding that rows cannot fix (a ref to a missing, deleted
// or foreign secret needs the env edited, not a row).
//
// Pure, like the rest of core/: the caller loads targets, rows and secrets
// (native/binding_doctor.h does it for clasp's store, a Paperclip database or
// JSON exports) and applies the steps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/binding.h"
#include "clasp/binding_sync.h"
#include "clasp/desync.h"
#include "clasp/diagnostic.h"

namespace clasp {

// What the caller loaded. A row names its target by (targetType, targetId);
// only for the types listed here did the caller pass every target in view, so
// only there does "no such target" mean the target is gone (a deleted agent
// leaves its rows behind). Rows of other types (routine, environment, …) are
// never judged orphans.
struct DesyncScope {
  std::vector<std::string> complete_target_types;  // e.g. {"agent", "project"}
};

// desync_row_without_ref at /rows/j for each row of a complete type whose
// (targetType, targetId) matches no target, in row order. DesyncReport only
// looks at rows of the targets it is given, so it cannot see these.
//   targets [agent:a1], rows [agent:a2 env.K], types {agent}   -> /rows/0
//   targets [agent:a1], rows [routine:r1 env.K], types {agent} -> none
std::vector<Diagnostic> OrphanRowReport(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                                        const DesyncScope& scope);

// Everything the bindings doctor reports: DesyncReport's diagnostics, then
// OrphanRowReport's. Paths point into the notional {"targets":[…],"rows":[…]}.
//   consistent input -> []
std::vector<Diagnostic> DesyncFindings(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                                       const SecretMap& secrets, const DesyncScope& scope);

enum class RepairAction : std::uint8_t { kInsert, kUpdate, kDelete };

enum class RepairReason : std::uint8_t {
  kRefWithoutRow,     // insert: env refers to a secret at a path with no row (#8309)
  kVersionChanged,    // update: same secret, env selects another version
  kRefRemoved,        // delete: no env entry at the row's key (#11901)
  kNowPlain,          // delete: the env entry is a plain value
  kNowUserSecretRef,  // delete: the env entry names a user secret
  kSecretSwapped,     // delete + insert: the row names another secret than env
  kDuplicateRow,      // delete: a second row at one path
  kTargetMissing,     // delete: the row's target no longer exists
  kWrongCompany,      // delete: the row is stored under another company than its target
};

// "insert", "update", "delete".
std::string_view RepairActionName(RepairAction action);
// "ref_without_row", "version_changed", "ref_removed", "now_plain",
// "now_user_secret_ref", "secret_swapped", "duplicate_row", "target_missing",
// "wrong_company".
std::string_view RepairReasonName(RepairReason reason);

inline constexpr std::size_t kNoTarget = static_cast<std::size_t>(-1);

// One write. `binding` is self-contained (no views into the input), so the
// steps can be rendered or applied after the input is gone:
// * insert: the new row (required true, label null, id empty: the store picks it);
// * update: the row as it becomes (its id, the new versionSelector/projection);
// * delete: the row as it was (its id).
struct RepairStep {
  RepairAction action = RepairAction::kDelete;
  RepairReason reason = RepairReason::kRefRemoved;
  std::size_t target = kNoTarget;  // index into targets; kNoTarget for target_missing
  std::size_t row = kNoRow;        // index into rows; kNoRow for an insert
  BindingRow binding;
};

// A finding the steps leave standing, with the diagnostic DesyncReport (or
// OrphanRowReport) gives for it. Its path points into the input: /rows/j is
// rows[j], /targets/i/env/K the env entry.
struct ManualRepair {
  std::size_t target = kNoTarget;
  std::size_t row = kNoRow;
  Diagnostic diagnostic;
};

struct DesyncRepair {
  std::vector<RepairStep> steps;
  std::vector<ManualRepair> manual;
  std::size_t inserts = 0;
  std::size_t updates = 0;
  std::size_t deletes = 0;
  bool empty() const { return steps.empty() && manual.empty(); }
};

// The repair of (targets, rows, secrets). Per target, PlanBindingSync with
// replace_all (the env decides, even when that unbinds every path) over the
// target's rows of its own company; then:
// * an env that is null (an agent without adapterConfig.env, a project with
//   env NULL) counts as {}: the target has no refs, as DesyncReport says, so
//   its rows go (ref_removed). PlanBindingSync would keep them, because for
//   a PATCH an absent env means "not mentioned"; here it is the stored state;
// * an env that is another non-object (corrupt) repairs nothing for that
//   target: its findings are manual;
// * an env entry the planner refuses (invalid key or binding, a secret that
//   is missing, deleted, of another company or user-scoped, a class-3 or
//   access rule) is held: the planner runs again without it and without the
//   rows at its path, which stay as they are;
// * an update that would only rewrite the projection is dropped: DesyncReport
//   does not compare projections, so neither does the repair (the next sync
//   of that target rewrites it);
// * a row of another company under the target's prefix: delete (wrong_company);
// * a row of a complete type naming no target: delete (target_missing).
// Manual items are the findings (DesyncFindings) the steps leave standing,
// computed by applying the steps and asking again, so applying a repair and
// re-running DesyncFindings yields exactly the manual diagnostics.
// Order: per target in input order its deletes, updates, then inserts (a
// swap's delete precedes its insert, so a unique index on the path never
// sees two rows), each in the planner's order; then target_missing deletes in
// row order; manual items in DesyncFindings order. A consistent input
// (DesyncFindings empty) gives an empty repair.
//   targets [{c1, agent:a1, {"K": ref A}}], rows []                 -> insert env.K -> A (ref_without_row)
//   targets [{c1, agent:a1, {}}], rows [c1 agent:a1 env.K -> A]      -> delete (ref_removed)
//   targets [{c1, agent:a1, {"K": ref A v2}}], rows [env.K -> A latest] -> update to "2" (version_changed)
//   targets [{c1, agent:a1, {"K": ref D (deleted)}}], rows []        -> no step; manual desync_deleted_secret
DesyncRepair PlanDesyncRepair(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                              const SecretMap& secrets, const DesyncScope& scope);

// `rows` after `repair` (planned from these rows): surviving rows in their
// order with updates applied, then the inserts in step order.
//   ApplyDesyncRepair(rows, PlanDesyncRepair(targets, rows, …)) then
//   DesyncFindings(targets, that, …) -> exactly the manual diagnostics
std::vector<BindingRow> ApplyDesyncRepair(const std::vector<BindingRow>& rows, const DesyncRepair& repair);

}  // namespace clasp
