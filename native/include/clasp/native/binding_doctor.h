// clasp/native/binding_doctor.h — the offline binding doctor behind
// `clasp bindings check|repair` (and the desync summary of `clasp doctor`).
//
// The rules live in core/: DesyncFindings says where env maps and binding
// rows disagree, PlanDesyncRepair what to write (clasp/desync_repair.h). This
// module feeds them from the three places the rows can be read — clasp's own
// store, a Paperclip 2026.916.1 PostgreSQL database (through the same
// SecretStore seam, read-only for a check), or the JSON a Paperclip server
// exports — names what they find (agent and project names, env keys, config
// paths, secret ids; never a value), renders a repair as JSON or as SQL for
// Paperclip's schema, and applies it in one store transaction with an audit
// row per change.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clasp/desync_repair.h"
#include "clasp/run_readiness.h"
#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"

namespace clasp::native {

// An env entry the doctor could not judge: with JSON exports, a secret_ref
// whose secret has no usage file (so neither its rows nor its company are
// known). The entry, and any row at its configPath, are left out of the check.
struct UncheckedRef {
  std::size_t target = kNoTarget;
  std::string env_key;
  std::string secret_id;
};

// What a store (not an export) also tells about a run's refs
// (run_readiness.h): the versions the refs select, the user secret
// definitions of the targets' companies, and the declarations of the
// targets with a user_secret_ref.
struct RunState {
  VersionMap versions;
  std::vector<UserSecretDefinition> definitions;
  std::vector<UserSecretDeclaration> declarations;
};

// What one source holds, in the core's vocabulary.
struct DoctorView {
  std::string source;    // "sqlite" | "postgresql" | "json"
  std::string location;  // file path, PostgreSQL target without credentials, or export file names
  std::vector<TargetEnv> targets;         // agents (oldest first), then projects
  std::vector<std::string> target_names;  // parallel to targets
  std::vector<BindingRow> rows;
  SecretMap secrets;
  // Secret names by lower-case id, for reports: read from a store (exports
  // carry none, and their findings name the id alone).
  std::map<std::string, std::string, std::less<>> secret_names;
  DesyncScope scope;
  std::vector<UncheckedRef> unchecked;
  std::optional<RunState> run_state;  // stores only: exports cannot say
};

// Every agent (adapter_config's "env", target "agent", prefix "env"), oldest
// first, then every project ("env" column, target "project") of `company`
// (every company when nullopt), each with its name (parallel to targets). An
// adapter_config that is not a JSON object, or an env that is not one, reads
// as a non-object env (no refs). Shared by the doctor and the secret usage
// view (secret_usage.h), so both see the same refs.
struct StoredTargets {
  std::vector<TargetEnv> targets;
  std::vector<std::string> names;
};
Result<StoredTargets> LoadStoredTargets(StoreTxn& txn, const CompanyFilter& company);

// Reads every agent (adapter_config's "env", target "agent", prefix "env"),
// project ("env" column, target "project"), binding row and secret of
// `company` (every company when nullopt) through `txn`. Secrets are read for
// every company whatever the filter, so a ref to another company's secret
// reads as cross-company rather than missing. An agent whose adapter_config
// is not a JSON object, or whose env is not an object, gets a non-object env:
// the core reports its rows and repairs nothing there (a corrupt env is for a
// human to look at). source/location are left for the caller.
//   fresh store with agent a1 {"env":{"K":ref A}} and no rows -> 1 target, 0 rows
Result<DoctorView> LoadDoctorView(StoreTxn& txn, const CompanyFilter& company);

// The JSON a Paperclip server exports:
// * agents: `GET /api/companies/:id/agents`, an array of {id, companyId,
//   name, adapterConfig:{env:{…}}} (redacted plain values do not matter here);
// * usage: one `GET /api/secrets/:id/usage` per secret, {secretId,
//   bindings:[…]} (BindingRowFromJson reads each binding);
// * projects (optional): an array of {id, companyId, name, env}.
struct ExportDocuments {
  OrderedJson agents;
  std::vector<OrderedJson> usage;
  std::optional<OrderedJson> projects;
};

// The view the exports allow. What exports cannot tell, and how it is read:
// * a secret exists iff a usage file was given for it; its status is taken
//   as active (a deleted secret's usage cannot be fetched, so a ref to one
//   shows up in `unchecked`, never as desync_deleted_secret);
// * a secret's company is its bindings' companyId; with no bindings, the
//   company of the first target referring to it (cross-company refs to such
//   a secret cannot be seen);
// * refs to secrets without a usage file are `unchecked` (see UncheckedRef);
// * agents are complete (their rows without an agent are orphans) only as
//   far as the agents file goes; projects only when a projects file is given.
// A binding listed twice (same id) counts once. Wrong shapes are
// input_wrong_type with a path such as "/agents/3/id" or "/usage/0/bindings".
//   agents [{id:a1, companyId:c1, adapterConfig:{env:{K: ref A}}}], usage [{secretId:A, bindings:[]}]
//     -> 1 target, 0 rows, secret A in c1; DesyncFindings: ref_without_row
Result<DoctorView> DoctorViewFromExports(const ExportDocuments& documents, const CompanyFilter& company);

// Reads the export files (JSON up to 1 GiB each, the core's depth and member
// limits) into ExportDocuments; unreadable or malformed files fail with the
// file name in the message.
Result<ExportDocuments> ReadExportFiles(const std::string& agents_path, const std::vector<std::string>& usage_paths,
                                        const std::optional<std::string>& projects_path);

// A diagnostic with the names an operator needs. Paths /targets/i/env/K and
// /rows/j are resolved against the view: companyId, targetType, targetId,
// targetName ("" when the target is gone), envKey (the configPath minus the
// target's "<prefix>.", "" for other paths), configPath, secretId, and the
// row's id (bindingId) for row findings.
struct DoctorFinding {
  Diagnostic diagnostic;
  std::string company_id;
  std::string target_type;
  std::string target_id;
  std::string target_name;
  std::string env_key;
  std::string config_path;
  std::string secret_id;
  std::optional<std::string> secret_name;  // when the view knows it
  std::optional<std::string> binding_id;
};

std::vector<DoctorFinding> DescribeFindings(const DoctorView& view, const std::vector<Diagnostic>& diagnostics);

struct DoctorReport {
  std::vector<DoctorFinding> findings;
  // What a run would still refuse (RunReadinessReport; only with a run_state).
  std::vector<DoctorFinding> warnings;
  std::optional<DesyncRepair> repair;  // when planned
  std::vector<DoctorFinding> manual;   // repair->manual, described
  std::size_t companies = 0;           // distinct company ids among targets and rows
  bool clean() const { return findings.empty(); }
};

// DesyncFindings over the view, RunReadinessReport's warnings when the
// view has a run_state, plus the repair when `with_plan`.
DoctorReport CheckBindings(const DoctorView& view, bool with_plan);

// The document `clasp bindings check --json` prints (README, "bindings doctor"):
// {ok, source, location, companies, targets, rows,
//  findings:[{code, message, companyId, targetType, targetId, targetName,
//             envKey, configPath, secretId, bindingId?}],
//  warnings?:[finding…] (a store's view: what a run would still refuse),
//  unchecked?:[{targetType, targetId, targetName, envKey, secretId}],
//  repair?:{inserts, updates, deletes,
//           steps:[{action, reason, bindingId, companyId, targetType, targetId,
//                   targetName, configPath, secretId, versionSelector}],
//           manual:[finding…]}}
// ok is true when there are no findings. bindingId is null for a planned insert.
OrderedJson DoctorReportJson(const DoctorView& view, const DoctorReport& report);

// The repair as SQL for Paperclip's PostgreSQL schema: BEGIN; one DELETE /
// UPDATE / INSERT on company_secret_bindings per step, in step order; COMMIT.
// Literals are E'…' strings with ' and \ escaped, so the text is safe to feed
// to psql whatever standard_conforming_strings says; a NUL byte (which no
// PostgreSQL text can hold) is input_wrong_type. Rows are addressed by id, or
// by (company_id, target_type, target_id, config_path, secret_id) when an
// export gave none. Manual items are not SQL; an empty repair is "BEGIN;\nCOMMIT;\n".
//   delete of row R -> "DELETE FROM company_secret_bindings WHERE id = E'R';"
Result<std::string> RepairSql(const DesyncRepair& repair);

// The audit action each applied step records in activity_log.
inline constexpr const char* kRepairActivityAction = "secret_binding.repaired";

struct RepairOutcome {
  DoctorView view;      // as read inside the transaction
  DoctorReport report;  // findings before, and the repair that was applied
  std::size_t activity_rows = 0;
};

// `clasp bindings repair --apply`: one store transaction that reads the view
// (LoadDoctorView), plans (PlanDesyncRepair) on what it read, so a change
// committed since an earlier check is taken into account, and writes every
// step: inserts get a new uuid, updates and deletes address the row's id.
// Each step writes one ActivityRow (actor "system"/"clasp-bindings-repair",
// action kRepairActivityAction, entity "secret_binding" and the binding id,
// details {repair, reason, bindingId, targetType, targetId, configPath,
// secretId, versionSelector} — ids and paths, never a value). Any failure
// rolls everything back. Manual items are reported, not written.
Result<RepairOutcome> ApplyBindingRepair(SecretStore& store, const CompanyFilter& company, Random& random,
                                         Clock& clock);

}  // namespace clasp::native
