// Agent API keys (agent_api_keys) on PostgreSQL.
#include "pg_rows.h"
#include "pg_store_txn.h"

namespace clasp::native::pg {

using namespace pg_rows;

namespace {

// The agent as a derived table with its own column names, so the key's
// columns stay unqualified.
constexpr std::string_view kHolderJoin =
    "FROM agent_api_keys LEFT JOIN (SELECT id AS holder_id, company_id AS holder_company, status AS "
    "holder_status FROM agents) AS holder ON holder_id = agent_id";

AgentKeyMatch ReadAgentKeyMatch(const pg::Rows& s, int i) {
  AgentKeyMatch m{ReadAgentKey(s, i), std::nullopt};
  if (auto company = s.OptText(i, 10)) m.agent = AgentKeyHolder{std::move(*company), s.Text(i, 11)};
  return m;
}

}  // namespace

Status PgTxn::InsertAgentKey(const AgentKeyRow& r) {
  return Write(
      "INSERT INTO agent_api_keys (id, agent_id, company_id, name, key_hash, last_used_at, revoked_at, created_at, "
      "scope_config, responsible_user_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
      {P(r.id), P(r.agent_id), P(r.company_id), P(r.name), P(r.key_hash), P(r.last_used_at), P(r.revoked_at),
       P(r.created_at), P(r.scope_config), P(r.responsible_user_id)});
}

Result<std::vector<AgentKeyRow>> PgTxn::ListAgentKeys(const std::string& agent_id) {
  static const std::string kSql =
      Select(AgentKeyColumns(), "FROM agent_api_keys WHERE agent_id = $1 ORDER BY created_at, id");
  if (!IsUuidText(agent_id)) return Result<std::vector<AgentKeyRow>>::Ok({});
  return Many<AgentKeyRow>(kSql, ReadAgentKey, {P(agent_id)});
}

Result<std::optional<AgentKeyMatch>> PgTxn::FindAgentKeyByHash(const std::string& key_hash) {
  static const std::string kSql = Select(AgentKeyColumns() + ", holder_company, holder_status",
                                         std::string(kHolderJoin) +
                                             " WHERE key_hash = $1 AND revoked_at IS NULL ORDER BY id LIMIT 1");
  return One<AgentKeyMatch>(kSql, ReadAgentKeyMatch, {P(key_hash)});
}

Result<std::optional<AgentKeyRow>> PgTxn::GetAgentKey(const std::string& id) {
  static const std::string kSql = Select(AgentKeyColumns(), "FROM agent_api_keys WHERE id = $1");
  if (!IsUuidText(id)) return Result<std::optional<AgentKeyRow>>::Ok(std::nullopt);
  return One<AgentKeyRow>(kSql, ReadAgentKey, {P(id)});
}

Result<bool> PgTxn::RevokeAgentKey(const std::string& agent_id, const std::string& key_id, const std::string& now) {
  if (!IsUuidText(agent_id) || !IsUuidText(key_id)) return Result<bool>::Ok(false);
  auto rows = Run("UPDATE agent_api_keys SET revoked_at = $3 WHERE id = $1 AND agent_id = $2 RETURNING id",
                  {P(key_id), P(agent_id), P(now)});
  if (!rows.ok()) return Forward<bool>(std::move(rows));
  return Result<bool>::Ok(rows.value->size() > 0);
}

Status PgTxn::TouchAgentKey(const std::string& id, const std::string& now) {
  if (!IsUuidText(id)) return OkStatus();
  return Write("UPDATE agent_api_keys SET last_used_at = $2 WHERE id = $1", {P(id), P(now)});
}

}  // namespace clasp::native::pg
