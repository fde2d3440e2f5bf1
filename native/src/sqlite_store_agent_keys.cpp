// Agent API keys (agent_api_keys) on SQLite.
#include "sqlite_store_txn.h"

namespace clasp::native::sqlite {
namespace {

constexpr std::string_view kAgentKeyColumns =
    "id, agent_id, company_id, name, key_hash, last_used_at, revoked_at, created_at, scope_config, "
    "responsible_user_id";

AgentKeyRow ReadAgentKey(const Stmt& s) {
  AgentKeyRow r;
  r.id = s.Text(0), r.agent_id = s.Text(1), r.company_id = s.Text(2), r.name = s.Text(3), r.key_hash = s.Text(4);
  r.last_used_at = s.OptText(5), r.revoked_at = s.OptText(6), r.created_at = s.Text(7);
  r.scope_config = s.OptText(8), r.responsible_user_id = s.OptText(9);
  return r;
}

// The agent as a derived table with its own column names, so the key's
// columns stay unqualified.
constexpr std::string_view kHolderJoin =
    "FROM agent_api_keys LEFT JOIN (SELECT id AS holder_id, company_id AS holder_company, status AS holder_status "
    "FROM agents) ON holder_id = agent_id";

AgentKeyMatch ReadAgentKeyMatch(const Stmt& s) {
  AgentKeyMatch m{ReadAgentKey(s), std::nullopt};
  if (auto company = s.OptText(10)) m.agent = AgentKeyHolder{std::move(*company), s.Text(11)};
  return m;
}

}  // namespace

Status Txn::InsertAgentKey(const AgentKeyRow& r) {
  static const std::string kSql =
      "INSERT INTO agent_api_keys (" + std::string(kAgentKeyColumns) + ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
  return Write(kSql, [&](Stmt& s) {
    s.Bind(1, r.id).Bind(2, r.agent_id).Bind(3, r.company_id).Bind(4, r.name).Bind(5, r.key_hash);
    s.Bind(6, r.last_used_at).Bind(7, r.revoked_at).Bind(8, r.created_at).Bind(9, r.scope_config);
    s.Bind(10, r.responsible_user_id);
  });
}

Result<std::vector<AgentKeyRow>> Txn::ListAgentKeys(const std::string& agent_id) {
  static const std::string kSql =
      Select(kAgentKeyColumns, "FROM agent_api_keys WHERE agent_id = ?1 ORDER BY created_at, id");
  return Many<AgentKeyRow>(kSql, ReadAgentKey, [&](Stmt& s) { s.Bind(1, agent_id); });
}

Result<std::optional<AgentKeyMatch>> Txn::FindAgentKeyByHash(const std::string& key_hash) {
  static const std::string kSql = Select(std::string(kAgentKeyColumns) + ", holder_company, holder_status",
                                         std::string(kHolderJoin) +
                                             " WHERE key_hash = ?1 AND revoked_at IS NULL ORDER BY id LIMIT 1");
  return One<AgentKeyMatch>(kSql, ReadAgentKeyMatch, [&](Stmt& s) { s.Bind(1, key_hash); });
}

Result<std::optional<AgentKeyRow>> Txn::GetAgentKey(const std::string& id) {
  static const std::string kSql = Select(kAgentKeyColumns, "FROM agent_api_keys WHERE id = ?1");
  return One<AgentKeyRow>(kSql, ReadAgentKey, [&](Stmt& s) { s.Bind(1, id); });
}

Result<bool> Txn::RevokeAgentKey(const std::string& agent_id, const std::string& key_id, const std::string& now) {
  auto changed =
      Many<std::string>("UPDATE agent_api_keys SET revoked_at = ?3 WHERE id = ?1 AND agent_id = ?2 RETURNING id",
                        [](const Stmt& s) { return s.Text(0); },
                        [&](Stmt& s) { s.Bind(1, key_id).Bind(2, agent_id).Bind(3, now); });
  if (!changed.ok()) return Forward<bool>(std::move(changed));
  return Result<bool>::Ok(!changed.value->empty());
}

Status Txn::TouchAgentKey(const std::string& id, const std::string& now) {
  return Write("UPDATE agent_api_keys SET last_used_at = ?2 WHERE id = ?1",
               [&](Stmt& s) { s.Bind(1, id).Bind(2, now); });
}

}  // namespace clasp::native::sqlite
