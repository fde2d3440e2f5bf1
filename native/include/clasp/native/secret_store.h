// clasp/native/secret_store.h — the storage seam: Paperclip's tables as rows.
//
// SecretStore is the one interface the secret operations (secret_service.h)
// are written against; SQLite (sqlite_store.h) is the embedded default and a
// PostgreSQL adapter plugs in behind the same interface. The rows mirror
// Paperclip's tables column for column (company_secrets,
// company_secret_versions, company_secret_bindings, secret_access_events), so
// the rules above never know which database they run on.
//
// Every operation runs inside Transact: the callback sees a StoreTxn and the
// store commits when it returns ok and rolls back otherwise, so a rule that
// fails half-way leaves nothing behind. Adapters serialise writers
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE or row locks).
//
// The only secret-derived bytes a store ever holds are a version's
// `material` (ciphertext) and its SHA-256 fingerprints; never a value.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clasp/binding.h"
#include "clasp/user_secret_ref.h"
#include "clasp/native/status.h"

namespace clasp::native {

// company_secrets (the columns clasp reads or writes).
struct SecretRow {
  std::string id;
  std::string company_id;
  std::string name;
  std::string key;
  std::string provider = "local_encrypted";
  std::optional<std::string> external_ref;
  int latest_version = 0;
  std::optional<std::string> description;
  std::string status = "active";  // active | archived | disabled | deleted
  std::string managed_mode = "paperclip_managed";
  std::optional<std::string> provider_config_id;
  std::string scope = "company";
  // scope "user" only: whose value it is, and of which definition.
  std::optional<std::string> owner_user_id;
  std::optional<std::string> user_secret_definition_id;
  std::optional<std::string> created_by_agent_id;
  std::optional<std::string> created_by_user_id;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> last_resolved_at;
  std::optional<std::string> last_rotated_at;
  std::optional<std::string> deleted_at;
};

// company_secret_versions. `material` is the JSON text of the provider's
// material object.
struct VersionRow {
  std::string id;
  std::string secret_id;
  int version = 0;
  std::string material;
  std::string value_sha256;
  std::string fingerprint_sha256;
  std::string status = "current";  // current | previous | disabled | destroyed
  std::optional<std::string> provider_version_ref;
  std::optional<std::string> revoked_at;
  std::optional<std::string> created_by_agent_id;
  std::optional<std::string> created_by_user_id;
  std::string created_at;
};

// secret_access_events (AUD-1). Never holds a value.
struct AccessEventRow {
  std::string id;
  std::string company_id;
  std::optional<std::string> secret_id;
  std::optional<int> version;
  std::string provider;
  std::string actor_type = "system";  // agent | user | system | plugin
  std::optional<std::string> actor_id;
  std::string consumer_type;
  std::string consumer_id;
  std::optional<std::string> config_path;
  std::optional<std::string> issue_id;
  std::optional<std::string> heartbeat_run_id;
  std::optional<std::string> plugin_id;
  std::string outcome;  // success | failure
  std::optional<std::string> error_code;
  std::string secret_scope = "company";
  std::optional<std::string> responsible_user_id;
  std::string created_at;
};

// companies: clasp keeps only what its routes need. On a Paperclip database
// the adapter reads Paperclip's own companies table (id, name, timestamps).
struct CompanyRow {
  std::string id;
  std::string name;
  std::string created_at;
  std::string updated_at;
};

// agents (the columns clasp reads or writes). `adapter_config` is the JSON
// text of the adapterConfig object; its "env" member is what bindings mirror
// (target "agent", path prefix "env").
struct AgentRow {
  std::string id;
  std::string company_id;
  std::string name;
  std::string role = "general";
  std::optional<std::string> title;
  std::string status = "idle";
  std::string adapter_type = "process";
  std::string adapter_config = "{}";
  std::string created_at;
  std::string updated_at;
};

// projects. `env` is the JSON text of the project's env map, or nullopt for
// SQL NULL (target "project", path prefix "env").
struct ProjectRow {
  std::string id;
  std::string company_id;
  std::string name;
  std::optional<std::string> description;
  std::string status = "backlog";
  std::optional<std::string> env;
  std::string created_at;
  std::string updated_at;
};

// company_secret_provider_configs. `config` and `health_details` are JSON text.
struct ProviderConfigRow {
  std::string id;
  std::string company_id;
  std::string provider;
  std::string display_name;
  std::string status = "ready";  // ready | warning | coming_soon | disabled
  bool is_default = false;
  std::string config = "{}";
  std::optional<std::string> health_status;
  std::optional<std::string> health_checked_at;
  std::optional<std::string> health_message;
  std::optional<std::string> health_details;
  std::optional<std::string> disabled_at;
  std::optional<std::string> created_by_agent_id;
  std::optional<std::string> created_by_user_id;
  std::string created_at;
  std::string updated_at;
};

// activity_log, Paperclip's audit trail (the subset of columns clasp writes):
// binding repairs and other board actions record one row each. `details` is
// JSON text holding ids, keys and outcomes, never a value.
struct ActivityRow {
  std::string id;
  std::string company_id;
  std::string actor_type = "system";  // agent | user | system
  std::string actor_id;
  std::string action;       // e.g. "secret_binding.repaired"
  std::string entity_type;  // e.g. "secret_binding"
  std::string entity_id;
  std::optional<std::string> agent_id;
  std::optional<std::string> run_id;
  std::string details = "{}";
  std::string created_at;
};

// user_secret_definitions, every column: what the definition routes answer
// (user_secret_service.h). `provider_metadata` is JSON text (nullopt: NULL).
struct UserSecretDefinitionRow {
  std::string id;
  std::string company_id;
  std::string key;
  std::string name;
  std::optional<std::string> description;
  std::string status = "active";  // active | disabled | archived | deleted
  std::string provider = "local_encrypted";
  std::string managed_mode = "paperclip_managed";
  std::optional<std::string> provider_config_id;
  std::optional<std::string> provider_metadata;
  std::optional<std::string> usage_guidance;
  std::optional<std::string> created_by_agent_id;
  std::optional<std::string> created_by_user_id;
  std::optional<std::string> updated_by_agent_id;
  std::optional<std::string> updated_by_user_id;
  std::optional<std::string> deleted_at;
  std::string created_at;
  std::string updated_at;
};

// agent_api_keys, Paperclip's agent bearer keys. Only the token's hash is
// stored: `key_hash` is the lower-case hex SHA-256 of the token, so a key
// minted by clasp on a shared database authenticates in Paperclip too.
// `scope_config` is the JSON text of a non-standard scope (nullopt: SQL
// NULL, Paperclip's "standard").
struct AgentKeyRow {
  std::string id;
  std::string agent_id;
  std::string company_id;
  std::string name;
  std::string key_hash;
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
  std::string created_at;
  std::optional<std::string> scope_config;
  std::optional<std::string> responsible_user_id;
};

// A live key and the agent it names, read together: the agent token check
// needs both on every request (nullopt agent: no such agent row).
struct AgentKeyHolder {
  std::string company_id;
  std::string status;
};
struct AgentKeyMatch {
  AgentKeyRow key;
  std::optional<AgentKeyHolder> agent;
};

// "Every company" for the listing calls that take a CompanyFilter; the
// bindings doctor reads a whole database, the routes one company.
using CompanyFilter = std::optional<std::string>;

// Row operations inside one transaction. Lookups return nullopt for "no such
// row"; any failure of the database itself is kStorageError.
class StoreTxn {
 public:
  virtual ~StoreTxn() = default;

  virtual Result<std::optional<SecretRow>> GetSecret(const std::string& id) = 0;
  // Paperclip's secret list: the company's company-scoped secrets whose
  // status is not "deleted", newest created_at first (ties: id descending).
  virtual Result<std::vector<SecretRow>> ListSecrets(const std::string& company_id) = 0;
  // A company-scoped secret whose status is not "deleted", by exact name / key.
  virtual Result<std::optional<SecretRow>> FindLiveSecretByName(const std::string& company_id,
                                                                const std::string& name) = 0;
  virtual Result<std::optional<SecretRow>> FindLiveSecretByKey(const std::string& company_id,
                                                               const std::string& key) = 0;
  virtual Status InsertSecret(const SecretRow& row) = 0;
  // Overwrites every column of the row with `row.id`.
  virtual Status UpdateSecret(const SecretRow& row) = 0;
  // Removes the secret with its versions.
  virtual Status DeleteSecret(const std::string& id) = 0;

  virtual Result<std::optional<VersionRow>> GetVersion(const std::string& secret_id, int version) = 0;
  virtual Status InsertVersion(const VersionRow& row) = 0;
  // CRUD-4: `version` becomes "current", every other version "previous".
  virtual Status MarkCurrentVersion(const std::string& secret_id, int version) = 0;

  // Oldest created_at first, ties by config_path (the same on every adapter).
  virtual Result<std::vector<BindingRow>> ListTargetBindings(const std::string& company_id,
                                                             const std::string& target_type,
                                                             const std::string& target_id) = 0;
  // Oldest created_at first, ties by target_type, target_id, config_path.
  virtual Result<std::vector<BindingRow>> ListSecretBindings(const std::string& secret_id) = 0;
  virtual Status InsertBinding(const BindingRow& row, const std::string& now) = 0;
  // Rewrites version_selector, projection_class, projection_allowlist_key.
  virtual Status UpdateBinding(const BindingRow& row, const std::string& now) = 0;
  virtual Status DeleteBinding(const std::string& id) = 0;

  virtual Result<std::optional<CompanyRow>> GetCompany(const std::string& id) = 0;
  // Oldest created_at first, ties by id.
  virtual Result<std::vector<CompanyRow>> ListCompanies() = 0;
  virtual Status InsertCompany(const CompanyRow& row) = 0;

  virtual Result<std::optional<AgentRow>> GetAgent(const std::string& id) = 0;
  // Oldest created_at first, ties by id.
  virtual Result<std::vector<AgentRow>> ListAgents(const CompanyFilter& company_id) = 0;
  virtual Status InsertAgent(const AgentRow& row) = 0;
  // Overwrites the columns AgentRow carries of the row with `row.id`.
  virtual Status UpdateAgent(const AgentRow& row) = 0;

  virtual Result<std::optional<ProjectRow>> GetProject(const std::string& id) = 0;
  // Oldest created_at first, ties by id.
  virtual Result<std::vector<ProjectRow>> ListProjects(const CompanyFilter& company_id) = 0;
  virtual Status InsertProject(const ProjectRow& row) = 0;
  virtual Status UpdateProject(const ProjectRow& row) = 0;

  // Every secret of the filter, whatever its status or scope (the doctor
  // needs deleted and user-scoped ones to name what a stale ref points at).
  // Oldest created_at first, ties by id.
  virtual Result<std::vector<SecretRow>> ListAllSecrets(const CompanyFilter& company_id) = 0;
  // Every binding row of the filter: created_at, then target_type,
  // target_id, config_path.
  virtual Result<std::vector<BindingRow>> ListBindings(const CompanyFilter& company_id) = 0;

  virtual Result<std::optional<ProviderConfigRow>> GetProviderConfig(const std::string& id) = 0;
  // Oldest created_at first, ties by id.
  virtual Result<std::vector<ProviderConfigRow>> ListProviderConfigs(const std::string& company_id) = 0;
  // A second default for one (company, provider) is refused by the partial
  // unique index (kStorageError); the vault rules never ask for one.
  virtual Status InsertProviderConfig(const ProviderConfigRow& row) = 0;
  virtual Status UpdateProviderConfig(const ProviderConfigRow& row) = 0;
  virtual Status DeleteProviderConfig(const std::string& id) = 0;

  virtual Status InsertActivity(const ActivityRow& row) = 0;
  // Oldest created_at first, ties by id.
  virtual Result<std::vector<ActivityRow>> ListActivity(const std::string& company_id) = 0;

  virtual Status InsertAgentKey(const AgentKeyRow& row) = 0;
  // The agent's keys, revoked ones too: oldest created_at first, ties by id.
  virtual Result<std::vector<AgentKeyRow>> ListAgentKeys(const std::string& agent_id) = 0;
  // The live key (revoked_at NULL) with that hash and its agent's company and
  // status, in one query; a revoked key is nullopt.
  virtual Result<std::optional<AgentKeyMatch>> FindAgentKeyByHash(const std::string& key_hash) = 0;
  virtual Result<std::optional<AgentKeyRow>> GetAgentKey(const std::string& id) = 0;
  // Sets revoked_at on the key `key_id` of `agent_id` (again, if it already
  // is); false when the agent has no such key.
  //   RevokeAgentKey(a1, k1 of a1, now) -> true;  RevokeAgentKey(a2, k1, now) -> false
  virtual Result<bool> RevokeAgentKey(const std::string& agent_id, const std::string& key_id,
                                      const std::string& now) = 0;
  // Sets last_used_at = now.
  virtual Status TouchAgentKey(const std::string& id, const std::string& now) = 0;

  // user_secret_definitions of the company, deleted ones too (resolution
  // skips them), oldest created_at first, ties by id.
  virtual Result<std::vector<UserSecretDefinition>> ListUserSecretDefinitions(const std::string& company_id) = 0;
  virtual Status InsertUserSecretDefinition(const UserSecretDefinition& row, const std::string& name,
                                            const std::string& now) = 0;
  // Every column of the company's definitions, deleted ones too, newest
  // created_at first (Paperclip's listing order), ties by id.
  virtual Result<std::vector<UserSecretDefinitionRow>> ListUserSecretDefinitionRows(const std::string& company_id) = 0;
  virtual Status InsertUserSecretDefinitionRow(const UserSecretDefinitionRow& row) = 0;
  // Writes the row over the one with its id and company_id.
  virtual Status UpdateUserSecretDefinitionRow(const UserSecretDefinitionRow& row) = 0;
  // company_memberships: the principal ids of the company's active user
  // members (what a definition's coverage counts against).
  virtual Result<std::vector<std::string>> ListActiveUserMemberIds(const std::string& company_id) = 0;
  // The target's user_secret_declarations, ordered by configPath.
  virtual Result<std::vector<UserSecretDeclaration>> ListUserSecretDeclarations(const std::string& company_id,
                                                                                const BindingTarget& target) = 0;
  // Deletes the target's declarations whose configPath starts with the
  // literal "<prefix>." and inserts `rows` (a sync's plan.declarations).
  virtual Status ReplaceUserSecretDeclarations(const std::string& company_id, const BindingTarget& target,
                                               const std::vector<UserSecretDeclaration>& rows,
                                               const std::string& now) = 0;

  // clasp's record of the store's master key (key_check.h): the check value,
  // nullopt before the first encrypted write (and on a Paperclip database
  // clasp has not written to; a read-only PostgreSQL open may lack the table).
  virtual Result<std::optional<std::string>> GetKeyCheck() = 0;
  // Records it; the table holds one row, so a second record is kStorageError
  // and two writers with different keys cannot both succeed.
  virtual Status InsertKeyCheck(const std::string& check_value) = 0;
  // The newest version (created_at, then id, descending) of a local_encrypted
  // paperclip_managed secret: what a store without a check is judged by.
  virtual Result<std::optional<VersionRow>> NewestManagedVersion() = 0;

  virtual Status InsertAccessEvent(const AccessEventRow& row) = 0;
  // Oldest first: SQLite in insertion order, PostgreSQL (which keeps no
  // insertion order) by created_at, ties by id.
  virtual Result<std::vector<AccessEventRow>> ListAccessEvents(const std::string& secret_id) = 0;
};

class SecretStore {
 public:
  // How far a commit must have reached when Transact returns.
  //   kFull:    on stable storage; survives power loss. Every secret,
  //             version, binding, provider-config or activity write.
  //   kRelaxed: survives a crash of this process and is never half-applied
  //             or reordered, but an OS crash or power loss may drop the last
  //             such commits. Only for transactions whose writes are access
  //             bookkeeping (secret_access_events rows, last_resolved_at):
  //             resolution, which happens per secret per agent run and would
  //             otherwise wait for a disk flush each time.
  //   kReadOnly: the body only reads. It takes no writer lock (SQLite: a
  //             deferred BEGIN, one snapshot read beside the writers;
  //             PostgreSQL: a READ ONLY transaction); a write in it fails and
  //             is rolled back.
  // A store may give more than asked (PostgreSQL treats kRelaxed as kFull).
  enum class Durability { kFull, kRelaxed, kReadOnly };

  virtual ~SecretStore() = default;
  // Runs `body` in one transaction: committed iff `body` returns ok.
  virtual Status Transact(const std::function<Status(StoreTxn&)>& body, Durability durability = Durability::kFull) = 0;
};

// Runs `body` (StoreTxn& -> Result<T>) in one transaction of `store` and
// hands back the value it produced; the transaction commits iff the body
// succeeds, and the body's warnings travel with the result.
template <typename T, typename Body>
Result<T> InTransaction(SecretStore& store, Body body,
                        SecretStore::Durability durability = SecretStore::Durability::kFull) {
  std::optional<T> out;
  Status status = store.Transact([&](StoreTxn& txn) -> Status {
    Result<T> r = body(txn);
    if (!r.ok()) return Forward<Done>(std::move(r));
    out = std::move(*r.value);
    return Status::Ok(Done{}, std::move(r.diagnostics));
  }, durability);
  if (!status.ok()) return Forward<T>(std::move(status));
  return Result<T>::Ok(std::move(*out), std::move(status.diagnostics));
}

}  // namespace clasp::native
