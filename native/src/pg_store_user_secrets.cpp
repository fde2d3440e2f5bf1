// User secret definitions and declarations (user_secret_ref.h) on
// PostgreSQL: Paperclip's own user_secret_definitions and
// user_secret_declarations tables.
#include "pg_rows.h"
#include "pg_store_txn.h"

namespace clasp::native::pg {

using namespace pg_rows;

namespace {

constexpr std::string_view kDeclarationColumns =
    "id, company_id, user_secret_definition_id, target_type, target_id, config_path, env_key, version_selector, "
    "required, allow_missing_override";

UserSecretDeclaration ReadDeclaration(const pg::Rows& s, int i) {
  UserSecretDeclaration d;
  d.id = s.Text(i, 0), d.company_id = s.Text(i, 1), d.definition_id = s.Text(i, 2), d.target_type = s.Text(i, 3);
  d.target_id = s.Text(i, 4), d.config_path = s.Text(i, 5), d.env_key = s.Text(i, 6);
  d.version_selector = s.Text(i, 7), d.required = s.Bool(i, 8), d.allow_missing_override = s.Bool(i, 9);
  return d;
}

}  // namespace

Result<std::vector<UserSecretDefinitionRow>> PgTxn::ListUserSecretDefinitionRows(const std::string& company_id) {
  static const std::string kSql = Select(UserSecretDefinitionColumns(),
                                         "FROM user_secret_definitions WHERE company_id = $1 ORDER BY created_at DESC, id");
  if (!IsUuidText(company_id)) return Result<std::vector<UserSecretDefinitionRow>>::Ok({});
  return Many<UserSecretDefinitionRow>(kSql, ReadUserSecretDefinition, {P(company_id)});
}

Status PgTxn::InsertUserSecretDefinitionRow(const UserSecretDefinitionRow& row) {
  return Write(
      "INSERT INTO user_secret_definitions (id, company_id, key, name, description, status, provider, managed_mode, "
      "provider_config_id, provider_metadata, usage_guidance, created_by_agent_id, created_by_user_id, "
      "updated_by_agent_id, updated_by_user_id, deleted_at, created_at, updated_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11,$12,$13,$14,$15,$16,$17,$18)",
      UserSecretDefinitionParams(row));
}

Status PgTxn::UpdateUserSecretDefinitionRow(const UserSecretDefinitionRow& row) {
  if (!IsUuidText(row.id) || !IsUuidText(row.company_id)) return OkStatus();
  return Write(
      "UPDATE user_secret_definitions SET key=$3, name=$4, description=$5, status=$6, provider=$7, managed_mode=$8, "
      "provider_config_id=$9, provider_metadata=$10::jsonb, usage_guidance=$11, created_by_agent_id=$12, "
      "created_by_user_id=$13, updated_by_agent_id=$14, updated_by_user_id=$15, deleted_at=$16, created_at=$17, "
      "updated_at=$18 WHERE id=$1 AND company_id=$2",
      UserSecretDefinitionParams(row));
}

Result<std::vector<std::string>> PgTxn::ListActiveUserMemberIds(const std::string& company_id) {
  static const std::string kSql =
      "SELECT principal_id FROM company_memberships WHERE company_id = $1 AND principal_type = 'user' "
      "AND status = 'active' ORDER BY principal_id";
  if (!IsUuidText(company_id)) return Result<std::vector<std::string>>::Ok({});
  return Many<std::string>(kSql, [](const pg::Rows& s, int i) { return s.Text(i, 0); }, {P(company_id)});
}

Result<std::vector<UserSecretDefinition>> PgTxn::ListUserSecretDefinitions(const std::string& company_id) {
  static const std::string kSql =
      "SELECT id, company_id, key, status, deleted_at IS NOT NULL FROM user_secret_definitions "
      "WHERE company_id = $1 ORDER BY created_at, id";
  if (!IsUuidText(company_id)) return Result<std::vector<UserSecretDefinition>>::Ok({});
  return Many<UserSecretDefinition>(
      kSql,
      [](const pg::Rows& s, int i) {
        return UserSecretDefinition{s.Text(i, 0), s.Text(i, 1), s.Text(i, 2), s.Text(i, 3), s.Bool(i, 4)};
      },
      {P(company_id)});
}

Status PgTxn::InsertUserSecretDefinition(const UserSecretDefinition& r, const std::string& name,
                                         const std::string& now) {
  return Write(
      "INSERT INTO user_secret_definitions (id, company_id, key, name, status, deleted_at, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
      {P(r.id), P(r.company_id), P(r.key), P(name), P(r.status),
       P(r.deleted_at_set ? std::optional<std::string>(now) : std::nullopt), P(now)});
}

Result<std::vector<UserSecretDeclaration>> PgTxn::ListUserSecretDeclarations(const std::string& company_id,
                                                                             const BindingTarget& target) {
  static const std::string kSql = Select(kDeclarationColumns,
                                         "FROM user_secret_declarations WHERE company_id = $1 AND target_type = $2 "
                                         "AND target_id = $3 ORDER BY config_path, id");
  if (!IsUuidText(company_id)) return Result<std::vector<UserSecretDeclaration>>::Ok({});
  return Many<UserSecretDeclaration>(kSql, ReadDeclaration,
                                     {P(company_id), P(target.target_type), P(target.target_id)});
}

Status PgTxn::ReplaceUserSecretDeclarations(const std::string& company_id, const BindingTarget& target,
                                            const std::vector<UserSecretDeclaration>& rows, const std::string& now) {
  // Inserting takes the target's lock (two syncs inserting one path would
  // meet the unique index); deleting alone does not, so the common env
  // without user refs adds no lock wait. A PATCH also writes the agent or
  // project row, whose row lock orders it against any other writer.
  if (!rows.empty()) {
    if (auto s = GuardTarget(company_id, target.target_type, target.target_id); !s.ok()) return s;
  }
  // "<prefix>." as a literal prefix (left() on characters), never LIKE's wildcards.
  Status s = Write(
      "DELETE FROM user_secret_declarations WHERE company_id = $1 AND target_type = $2 AND target_id = $3 AND "
      "left(config_path, char_length($4)) = $4",
      {P(company_id), P(target.target_type), P(target.target_id), P(target.path_prefix + ".")});
  for (const UserSecretDeclaration& d : rows) {
    if (!s.ok()) break;
    s = Write("INSERT INTO user_secret_declarations (" + std::string(kDeclarationColumns) +
                  ", created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11)",
              {P(d.id), P(d.company_id), P(d.definition_id), P(d.target_type), P(d.target_id), P(d.config_path),
               P(d.env_key), P(d.version_selector), P(d.required), P(d.allow_missing_override), P(now)});
  }
  return s;
}

}  // namespace clasp::native::pg
