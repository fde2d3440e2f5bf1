// clasp/native/migrate_inline_env.h — `clasp secrets migrate-inline-env`
// (MIG-1/2): move secrets pasted as plain env values into managed secrets.
//
// For each agent of one company (oldest first), every env entry in
// adapterConfig.env whose key the policy calls sensitive and whose binding
// is plain — a legacy string or {type:"plain", value} — with a non-blank
// value is a candidate. Secret refs, user secret refs, non-sensitive keys,
// blank values and entries that are not valid bindings are left alone.
// Each candidate's secret is named MigratedSecretName(agent id, key)
// ("agent_<first 8 of id>_<key lower-cased>", portable.h) and described
// MigratedSecretDescription; when a live secret of that name already exists
// in the company it is rotated to the value (as Paperclip's script does),
// otherwise a local_encrypted secret is created, both with actor user
// "migration". The entry becomes {type:"secret_ref", secretId, version:"latest"}.
//
// Where clasp differs from Paperclip's script, on purpose:
// * the agent write goes through EnvTargetService::UpdateAgent, so the
//   binding rows are synced with the new refs (the script leaves
//   company_secret_bindings behind: #6128, #8309);
// * each agent is one store transaction: its secrets, the agent row, its
//   bindings and one activity_log row per migrated entry (action
//   kMigrationActivityAction, details: key, secret id and name,
//   create/rotate — never the value) commit together or not at all. A
//   failing agent (an archived secret of that name cannot be rotated, its
//   env holds an invalid entry, …) is reported with its diagnostics and
//   rolled back whole; the other agents still migrate. Re-running converges:
//   a migrated entry is a secret_ref and is no longer a candidate;
// * the sensitive-key rule is a SensitiveKeyPolicy: clasp's Default()
//   (SENS-1 ∪ SENS-2 ∪ SENS-3, so GITHUB_TOKEN migrates) unless the caller
//   passes PaperclipCompat() (SENS-1 only, the script's rule);
// * the write is not judged by strict mode: migrating only removes plain
//   values, so a key left plain (e.g. GITHUB_TOKEN under PaperclipCompat)
//   must not make a strict server refuse the agent's migration.
//
// The dry run reads only. It says create or rotate for each candidate (a
// name planned twice in one run — two agents whose ids share 8 characters —
// is a create, then a rotate) and gives created secrets the stand-in id
// MigrationDryRunSecretId(name). No value is ever part of a report.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/sensitive_keys.h"

namespace clasp::native {

inline constexpr const char* kMigrationActivityAction = "secret.migrated_from_inline_env";

enum class MigrationAction { kCreate, kRotate };

// "create" / "rotate".
std::string_view MigrationActionName(MigrationAction action);

struct MigrationCandidate {
  std::string key;
  std::string secret_name;
  MigrationAction action = MigrationAction::kCreate;
  // Dry run: the existing secret's id for a rotate, "<would-create:NAME>"
  // for a create. Applied: the secret the env now refers to.
  std::string secret_id;
};

struct AgentMigration {
  std::string agent_id;
  std::string agent_name;
  std::vector<MigrationCandidate> candidates;
  bool migrated = false;                             // applied and committed
  std::vector<AppliedBindingChange> binding_changes;  // applied only
  std::vector<Diagnostic> errors;                     // why this agent was rolled back
};

struct MigrationReport {
  std::string company_id;
  bool apply = false;
  std::vector<AgentMigration> agents;  // only agents with candidates
  std::size_t agents_updated = 0;      // dry run: agents that would be
  std::size_t secrets_created = 0;
  std::size_t secrets_rotated = 0;
  std::string summary;  // MigrationDryRunSummary / MigrationApplySummary
  bool failed() const;  // some agent was rolled back
};

// The dry run: what --apply would do, reading only (one transaction).
// An unknown company is input_invalid_value "Company not found: <id>" (404).
//   agent a1 env {"OPENAI_API_KEY":"sk-1","MODE":"fast"}
//     -> a1: [OPENAI_API_KEY create agent_<a1[0:8]>_openai_api_key], "Dry run: 1 agents would be updated"
Result<MigrationReport> PlanInlineEnvMigration(SecretStore& store, const std::string& company_id,
                                               const SensitiveKeyPolicy& policy);

// --apply: one transaction per agent as described above. The Result fails
// only when the company cannot be read; per-agent failures are in the
// report (failed()).
//   same agent -> secret created, env {"OPENAI_API_KEY":{secret_ref …},"MODE":"fast"},
//                 binding env.OPENAI_API_KEY inserted,
//                 "Updated 1 agents, created 1 secrets, rotated 0 secrets"
//   run again  -> no candidates, "Updated 0 agents, created 0 secrets, rotated 0 secrets"
Result<MigrationReport> ApplyInlineEnvMigration(SecretStore& store, CipherSource& ciphers, Random& random, Clock& clock,
                                                const std::string& company_id, const SensitiveKeyPolicy& policy);

// {companyId, apply, agentsToUpdate, secretsToCreate, secretsToRotate,
//  summary, ok, agents:[{agentId, agentName, migrated?, candidates:[{key,
//  secretName, action, secretId}], bindingChanges?:[{kind, configPath,
//  secretId}], errors?:[diagnostics]}]}. For an applied run the counts are
// what was committed.
OrderedJson MigrationReportJson(const MigrationReport& report);

}  // namespace clasp::native
