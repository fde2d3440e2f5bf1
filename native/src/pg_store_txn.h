// The PostgreSQL adapter's StoreTxn, split by concern: pg_store.cpp holds
// secrets, versions, bindings and access events (and the store itself),
// pg_store_targets.cpp companies, agents, projects and the whole-company
// listings, pg_store_vaults.cpp provider configs and the activity log,
// pg_store_agent_keys.cpp agent API keys.
// Internal to the PostgreSQL adapter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clasp/native/rotation_rows.h"
#include "clasp/native/secret_store.h"
#include "pg_conn.h"

namespace clasp::native::pg {

// The advisory lock between the key check's readers (shared) and a key
// rotation's batches (exclusive): rotation_rows.h, HoldOffSealers.
inline constexpr std::string_view kKeyCheckLock = "7370726132";

// SQLSTATEs after which the whole body runs again: serialization_failure,
// deadlock_detected, unique_violation (a concurrent insert won the race).
// GuardTarget adds its own retryable failure.
bool Retryable(const std::string& sqlstate);

inline std::string Select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + " " + std::string(rest);
}

class PgTxn final : public StoreTxn, public RotationRows {
 public:
  // `read_only`: the transaction is READ ONLY, so GetSecret takes no row
  // lock (PostgreSQL refuses FOR UPDATE there) and every write fails.
  PgTxn(Conn& conn, bool read_only) : conn_(conn), read_only_(read_only) {}
  bool retryable() const { return retryable_; }

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
  Status HoldOffSealers() override;

 private:
  Result<bool> HasProposals();
  // A target's bindings as this transaction listed them.
  struct Listed {
    std::string company_id, target_type, target_id;
    std::string signature;  // every column of every row, in order
    bool locked = false;
  };

  static std::string Signature(const std::vector<BindingRow>& rows);
  Listed* Find(const std::string& company_id, const std::string& target_type, const std::string& target_id);
  void Remember(const std::string& company_id, const std::string& target_type, const std::string& target_id,
                const std::vector<BindingRow>& rows);
  Status GuardTarget(const std::string& company_id, const std::string& target_type, const std::string& target_id);

  Result<Rows> Run(std::string_view sql, const std::vector<Param>& params);
  Status Write(std::string_view sql, const std::vector<Param>& params);

  template <typename Row, typename ReadFn>
  Result<std::vector<Row>> Many(std::string_view sql, ReadFn read, const std::vector<Param>& params) {
    std::vector<Row> out;
    Status s = conn_.QueryEach(sql, params, [&](const Rows& row) { out.push_back(read(row, 0)); });
    if (!s.ok()) {
      if (Retryable(conn_.last_sqlstate())) retryable_ = true;
      return Forward<std::vector<Row>>(std::move(s));
    }
    return Result<std::vector<Row>>::Ok(std::move(out));
  }

  template <typename Row, typename ReadFn>
  Result<std::optional<Row>> One(std::string_view sql, ReadFn read, const std::vector<Param>& params) {
    Result<std::vector<Row>> rows = Many<Row>(sql, read, params);
    if (!rows.ok()) return Forward<std::optional<Row>>(std::move(rows));
    if (rows.value->empty()) return Result<std::optional<Row>>::Ok(std::nullopt);
    return Result<std::optional<Row>>::Ok(std::move(rows.value->front()));
  }

  Conn& conn_;
  bool read_only_;
  bool retryable_ = false;
  std::vector<Listed> listed_;
};

}  // namespace clasp::native::pg
