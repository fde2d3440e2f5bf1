// The SQLite adapter's StoreTxn, split by concern: sqlite_store.cpp holds
// secrets, versions, bindings and access events (and the store itself),
// sqlite_store_targets.cpp companies, agents, projects and the
// whole-company listings, sqlite_store_vaults.cpp provider configs and the
// activity log, sqlite_store_agent_keys.cpp agent API keys. Internal to the SQLite
// adapter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clasp/native/rotation_rows.h"
#include "clasp/native/secret_store.h"
#include "sqlite_db.h"

namespace clasp::native::sqlite {

inline constexpr std::string_view kSecretColumns =
    "id, company_id, name, key, provider, external_ref, latest_version, description, status, managed_mode, "
    "provider_config_id, scope, created_by_agent_id, created_by_user_id, created_at, updated_at, last_resolved_at, "
    "last_rotated_at, deleted_at, owner_user_id, user_secret_definition_id";
inline constexpr std::string_view kBindingColumns =
    "id, company_id, secret_id, target_type, target_id, config_path, version_selector, required, label, "
    "projection_class, projection_allowlist_key";

inline std::string Select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + " " + std::string(rest);
}

// Row readers for statements selecting kSecretColumns / kBindingColumns.
SecretRow ReadSecret(const Stmt& s);
BindingRow ReadBinding(const Stmt& s);

class Txn final : public StoreTxn, public RotationRows {
 public:
  explicit Txn(Db& db) : db_(db) {}

  Result<std::optional<SecretRow>> GetSecret(const std::string& id) override;
  Result<std::vector<SecretRow>> ListSecrets(const std::string& company_id) override;
  Result<std::optional<SecretRow>> FindLiveSecretByName(const std::string& company_id,
                                                        const std::string& name) override;
  Result<std::optional<SecretRow>> FindLiveSecretByKey(const std::string& company_id, const std::string& key) override;
  Status InsertSecret(const SecretRow& row) override;
  Status UpdateSecret(const SecretRow& row) override;
  Status DeleteSecret(const std::string& id) override;

  Result<std::optional<VersionRow>> GetVersion(const std::string& secret_id, int version) override;
  Status InsertVersion(const VersionRow& row) override;
  Status MarkCurrentVersion(const std::string& secret_id, int version) override;

  Result<std::vector<BindingRow>> ListTargetBindings(const std::string& company_id, const std::string& target_type,
                                                     const std::string& target_id) override;
  Result<std::vector<BindingRow>> ListSecretBindings(const std::string& secret_id) override;
  Status InsertBinding(const BindingRow& row, const std::string& now) override;
  Status UpdateBinding(const BindingRow& row, const std::string& now) override;
  Status DeleteBinding(const std::string& id) override;

  Result<std::optional<CompanyRow>> GetCompany(const std::string& id) override;
  Result<std::vector<CompanyRow>> ListCompanies() override;
  Status InsertCompany(const CompanyRow& row) override;

  Result<std::optional<AgentRow>> GetAgent(const std::string& id) override;
  Result<std::vector<AgentRow>> ListAgents(const CompanyFilter& company_id) override;
  Status InsertAgent(const AgentRow& row) override;
  Status UpdateAgent(const AgentRow& row) override;

  Result<std::optional<ProjectRow>> GetProject(const std::string& id) override;
  Result<std::vector<ProjectRow>> ListProjects(const CompanyFilter& company_id) override;
  Status InsertProject(const ProjectRow& row) override;
  Status UpdateProject(const ProjectRow& row) override;

  Result<std::vector<SecretRow>> ListAllSecrets(const CompanyFilter& company_id) override;
  Result<std::vector<BindingRow>> ListBindings(const CompanyFilter& company_id) override;

  Result<std::optional<ProviderConfigRow>> GetProviderConfig(const std::string& id) override;
  Result<std::vector<ProviderConfigRow>> ListProviderConfigs(const std::string& company_id) override;
  Status InsertProviderConfig(const ProviderConfigRow& row) override;
  Status UpdateProviderConfig(const ProviderConfigRow& row) override;
  Status DeleteProviderConfig(const std::string& id) override;

  Status InsertActivity(const ActivityRow& row) override;
  Result<std::vector<ActivityRow>> ListActivity(const std::string& company_id) override;

  Status InsertAgentKey(const AgentKeyRow& row) override;
  Result<std::vector<AgentKeyRow>> ListAgentKeys(const std::string& agent_id) override;
  Result<std::optional<AgentKeyMatch>> FindAgentKeyByHash(const std::string& key_hash) override;
  Result<std::optional<AgentKeyRow>> GetAgentKey(const std::string& id) override;
  Result<bool> RevokeAgentKey(const std::string& agent_id, const std::string& key_id, const std::string& now) override;
  Status TouchAgentKey(const std::string& id, const std::string& now) override;
  Result<std::vector<UserSecretDefinition>> ListUserSecretDefinitions(const std::string& company_id) override;
  Status InsertUserSecretDefinition(const UserSecretDefinition& row, const std::string& name,
                                    const std::string& now) override;
  Result<std::vector<UserSecretDefinitionRow>> ListUserSecretDefinitionRows(const std::string& company_id) override;
  Status InsertUserSecretDefinitionRow(const UserSecretDefinitionRow& row) override;
  Status UpdateUserSecretDefinitionRow(const UserSecretDefinitionRow& row) override;
  Result<std::vector<std::string>> ListActiveUserMemberIds(const std::string& company_id) override;
  Result<std::vector<UserSecretDeclaration>> ListUserSecretDeclarations(const std::string& company_id,
                                                                        const BindingTarget& target) override;
  Status ReplaceUserSecretDeclarations(const std::string& company_id, const BindingTarget& target,
                                       const std::vector<UserSecretDeclaration>& rows, const std::string& now) override;
  Result<std::optional<std::string>> GetKeyCheck() override;
  Status InsertKeyCheck(const std::string& check_value) override;
  Result<std::optional<VersionRow>> NewestManagedVersion() override;

  Status InsertAccessEvent(const AccessEventRow& row) override;
  Result<std::vector<AccessEventRow>> ListAccessEvents(const std::string& secret_id) override;

  // rotation_rows.h (sqlite_store_rotation.cpp / pg_store_rotation.cpp).
  Result<std::vector<CipherRow>> ListCipherRows(CipherTable table, const std::string& after, int limit) override;
  Result<long long> CountCipherRows(CipherTable table) override;
  Status UpdateCipherRow(CipherTable table, const std::string& id, const std::string& material) override;
  Status SetKeyCheck(const std::string& check_value) override;
  // BEGIN IMMEDIATE already keeps every other writer out of a batch.
  Status HoldOffSealers() override { return OkStatus(); }

 private:
  Result<bool> HasProposals();
  template <typename BindFn>
  Status Write(std::string_view sql, BindFn bind) {
    auto stmt = db_.Prepare(sql);
    if (!stmt.ok()) return Forward<Done>(std::move(stmt));
    bind(**stmt.value);
    return (*stmt.value)->Run();
  }

  template <typename Row, typename ReadFn, typename BindFn>
  Result<std::vector<Row>> Many(std::string_view sql, ReadFn read, BindFn bind) {
    auto stmt = db_.Prepare(sql);
    if (!stmt.ok()) return Forward<std::vector<Row>>(std::move(stmt));
    Stmt& s = **stmt.value;
    bind(s);
    std::vector<Row> rows;
    while (s.Step()) rows.push_back(read(s));
    if (auto status = s.status(); !status.ok()) return Forward<std::vector<Row>>(std::move(status));
    return Result<std::vector<Row>>::Ok(std::move(rows));
  }

  template <typename Row, typename ReadFn, typename BindFn>
  Result<std::optional<Row>> One(std::string_view sql, ReadFn read, BindFn bind) {
    Result<std::vector<Row>> rows = Many<Row>(sql, read, bind);
    if (!rows.ok()) return Forward<std::optional<Row>>(std::move(rows));
    if (rows.value->empty()) return Result<std::optional<Row>>::Ok(std::nullopt);
    return Result<std::optional<Row>>::Ok(std::move(rows.value->front()));
  }

  Db& db_;
};

}  // namespace clasp::native::sqlite
