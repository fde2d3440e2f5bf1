// Provider vault configs and the activity log on SQLite.
#include "sqlite_store_txn.h"

namespace clasp::native::sqlite {
namespace {

constexpr std::string_view kProviderConfigColumns =
    "id, company_id, provider, display_name, status, is_default, config, health_status, health_checked_at, "
    "health_message, health_details, disabled_at, created_by_agent_id, created_by_user_id, created_at, updated_at";
constexpr std::string_view kActivityColumns =
    "id, company_id, actor_type, actor_id, action, entity_type, entity_id, agent_id, run_id, details, created_at";

ProviderConfigRow ReadProviderConfig(const Stmt& s) {
  ProviderConfigRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.provider = s.Text(2), r.display_name = s.Text(3);
  r.status = s.Text(4), r.is_default = s.Int(5) != 0, r.config = s.Text(6), r.health_status = s.OptText(7);
  r.health_checked_at = s.OptText(8), r.health_message = s.OptText(9), r.health_details = s.OptText(10);
  r.disabled_at = s.OptText(11), r.created_by_agent_id = s.OptText(12), r.created_by_user_id = s.OptText(13);
  r.created_at = s.Text(14), r.updated_at = s.Text(15);
  return r;
}

// ?1..?16 in kProviderConfigColumns' order, for INSERT and UPDATE.
void BindProviderConfig(Stmt& s, const ProviderConfigRow& r) {
  s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.provider).Bind(4, r.display_name).Bind(5, r.status);
  s.Bind(6, static_cast<long long>(r.is_default)).Bind(7, r.config).Bind(8, r.health_status);
  s.Bind(9, r.health_checked_at).Bind(10, r.health_message).Bind(11, r.health_details).Bind(12, r.disabled_at);
  s.Bind(13, r.created_by_agent_id).Bind(14, r.created_by_user_id).Bind(15, r.created_at).Bind(16, r.updated_at);
}

// Paperclip's details column is nullable; a NULL reads as the JSON text
// "null", as PostgreSQL's jsonb would print it.
ActivityRow ReadActivity(const Stmt& s) {
  ActivityRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.actor_type = s.Text(2), r.actor_id = s.Text(3);
  r.action = s.Text(4), r.entity_type = s.Text(5), r.entity_id = s.Text(6), r.agent_id = s.OptText(7);
  r.run_id = s.OptText(8), r.details = s.OptText(9).value_or("null"), r.created_at = s.Text(10);
  return r;
}

}  // namespace

Result<std::optional<ProviderConfigRow>> Txn::GetProviderConfig(const std::string& id) {
  static const std::string kSql = Select(kProviderConfigColumns, "FROM company_secret_provider_configs WHERE id = ?1");
  return One<ProviderConfigRow>(kSql, ReadProviderConfig, [&](Stmt& s) { s.Bind(1, id); });
}

Result<std::vector<ProviderConfigRow>> Txn::ListProviderConfigs(const std::string& company_id) {
  static const std::string kSql = Select(kProviderConfigColumns,
                                         "FROM company_secret_provider_configs WHERE company_id = ?1 "
                                         "ORDER BY created_at, id");
  return Many<ProviderConfigRow>(kSql, ReadProviderConfig, [&](Stmt& s) { s.Bind(1, company_id); });
}

Status Txn::InsertProviderConfig(const ProviderConfigRow& row) {
  static const std::string kSql = "INSERT INTO company_secret_provider_configs (" +
                                  std::string(kProviderConfigColumns) +
                                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)";
  return Write(kSql, [&](Stmt& s) { BindProviderConfig(s, row); });
}

Status Txn::UpdateProviderConfig(const ProviderConfigRow& row) {
  return Write(
      "UPDATE company_secret_provider_configs SET company_id=?2, provider=?3, display_name=?4, status=?5, "
      "is_default=?6, config=?7, health_status=?8, health_checked_at=?9, health_message=?10, health_details=?11, "
      "disabled_at=?12, created_by_agent_id=?13, created_by_user_id=?14, created_at=?15, updated_at=?16 WHERE id=?1",
      [&](Stmt& s) { BindProviderConfig(s, row); });
}

Status Txn::DeleteProviderConfig(const std::string& id) {
  return Write("DELETE FROM company_secret_provider_configs WHERE id = ?1", [&](Stmt& s) { s.Bind(1, id); });
}

Status Txn::InsertActivity(const ActivityRow& r) {
  static const std::string kSql =
      "INSERT INTO activity_log (" + std::string(kActivityColumns) + ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
  return Write(kSql, [&](Stmt& s) {
    s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.actor_type).Bind(4, r.actor_id).Bind(5, r.action);
    s.Bind(6, r.entity_type).Bind(7, r.entity_id).Bind(8, r.agent_id).Bind(9, r.run_id).Bind(10, r.details);
    s.Bind(11, r.created_at);
  });
}

Result<std::vector<ActivityRow>> Txn::ListActivity(const std::string& company_id) {
  static const std::string kSql =
      Select(kActivityColumns, "FROM activity_log WHERE company_id = ?1 ORDER BY created_at, id");
  return Many<ActivityRow>(kSql, ReadActivity, [&](Stmt& s) { s.Bind(1, company_id); });
}

}  // namespace clasp::native::sqlite
