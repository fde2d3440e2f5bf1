// Provider vault configs and the activity log on PostgreSQL.
#include "pg_rows.h"
#include "pg_store_txn.h"

namespace clasp::native::pg {

using namespace pg_rows;

Result<std::optional<ProviderConfigRow>> PgTxn::GetProviderConfig(const std::string& id) {
  static const std::string kSql = Select(ProviderConfigColumns(), "FROM company_secret_provider_configs WHERE id = $1");
  if (!IsUuidText(id)) return Result<std::optional<ProviderConfigRow>>::Ok(std::nullopt);
  return One<ProviderConfigRow>(kSql, ReadProviderConfig, {P(id)});
}

Result<std::vector<ProviderConfigRow>> PgTxn::ListProviderConfigs(const std::string& company_id) {
  static const std::string kSql = Select(ProviderConfigColumns(),
                                         "FROM company_secret_provider_configs WHERE company_id = $1 "
                                         "ORDER BY created_at, id");
  if (!IsUuidText(company_id)) return Result<std::vector<ProviderConfigRow>>::Ok({});
  return Many<ProviderConfigRow>(kSql, ReadProviderConfig, {P(company_id)});
}

// A second default of one (company, provider) violates
// company_secret_provider_configs_default_uq. Like every unique violation
// it makes Transact run the body again: a body that lost a race to a
// concurrent default change then sees the new default and plans around it;
// one that really asks for two defaults fails again, kStorageError.
Status PgTxn::InsertProviderConfig(const ProviderConfigRow& row) {
  return Write(
      "INSERT INTO company_secret_provider_configs (id, company_id, provider, display_name, status, is_default, "
      "config, health_status, health_checked_at, health_message, health_details, disabled_at, created_by_agent_id, "
      "created_by_user_id, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)",
      ProviderConfigParams(row));
}

Status PgTxn::UpdateProviderConfig(const ProviderConfigRow& row) {
  if (!IsUuidText(row.id)) return OkStatus();
  return Write(
      "UPDATE company_secret_provider_configs SET company_id=$2, provider=$3, display_name=$4, status=$5, "
      "is_default=$6, config=$7, health_status=$8, health_checked_at=$9, health_message=$10, health_details=$11, "
      "disabled_at=$12, created_by_agent_id=$13, created_by_user_id=$14, created_at=$15, updated_at=$16 WHERE id=$1",
      ProviderConfigParams(row));
}

Status PgTxn::DeleteProviderConfig(const std::string& id) {
  if (!IsUuidText(id)) return OkStatus();
  return Write("DELETE FROM company_secret_provider_configs WHERE id = $1", {P(id)});
}

Status PgTxn::InsertActivity(const ActivityRow& row) {
  return Write(
      "INSERT INTO activity_log (id, company_id, actor_type, actor_id, action, entity_type, entity_id, agent_id, "
      "run_id, details, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
      ActivityParams(row));
}

Result<std::vector<ActivityRow>> PgTxn::ListActivity(const std::string& company_id) {
  static const std::string kSql =
      Select(ActivityColumns(), "FROM activity_log WHERE company_id = $1 ORDER BY created_at, id");
  if (!IsUuidText(company_id)) return Result<std::vector<ActivityRow>>::Ok({});
  return Many<ActivityRow>(kSql, ReadActivity, {P(company_id)});
}

}  // namespace clasp::native::pg
