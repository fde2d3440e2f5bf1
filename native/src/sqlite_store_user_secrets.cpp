// User secret definitions and declarations (user_secret_ref.h) on SQLite.
#include "sqlite_store_txn.h"

namespace clasp::native::sqlite {
namespace {

constexpr std::string_view kDeclarationColumns =
    "id, company_id, user_secret_definition_id, target_type, target_id, config_path, env_key, version_selector, "
    "required, allow_missing_override";

// "<prefix>." as a literal: SQLite's LIKE would read `_` and `%` in it.
constexpr std::string_view kUnderPrefix = "substr(config_path, 1, length(?4)) = ?4";

UserSecretDeclaration ReadDeclaration(const Stmt& s) {
  UserSecretDeclaration d;
  d.id = s.Text(0), d.company_id = s.Text(1), d.definition_id = s.Text(2), d.target_type = s.Text(3);
  d.target_id = s.Text(4), d.config_path = s.Text(5), d.env_key = s.Text(6), d.version_selector = s.Text(7);
  d.required = s.Int(8) != 0, d.allow_missing_override = s.Int(9) != 0;
  return d;
}

constexpr std::string_view kDefinitionColumns =
    "id, company_id, key, name, description, status, provider, managed_mode, provider_config_id, provider_metadata, "
    "usage_guidance, created_by_agent_id, created_by_user_id, updated_by_agent_id, updated_by_user_id, deleted_at, "
    "created_at, updated_at";

UserSecretDefinitionRow ReadDefinitionRow(const Stmt& s) {
  UserSecretDefinitionRow r;
  r.id = s.Text(0), r.company_id = s.Text(1), r.key = s.Text(2), r.name = s.Text(3), r.description = s.OptText(4);
  r.status = s.Text(5), r.provider = s.Text(6), r.managed_mode = s.Text(7), r.provider_config_id = s.OptText(8);
  r.provider_metadata = s.OptText(9), r.usage_guidance = s.OptText(10), r.created_by_agent_id = s.OptText(11);
  r.created_by_user_id = s.OptText(12), r.updated_by_agent_id = s.OptText(13), r.updated_by_user_id = s.OptText(14);
  r.deleted_at = s.OptText(15), r.created_at = s.Text(16), r.updated_at = s.Text(17);
  return r;
}

void BindDefinitionRow(Stmt& s, const UserSecretDefinitionRow& r) {
  s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.key).Bind(4, r.name).Bind(5, r.description).Bind(6, r.status);
  s.Bind(7, r.provider).Bind(8, r.managed_mode).Bind(9, r.provider_config_id).Bind(10, r.provider_metadata);
  s.Bind(11, r.usage_guidance).Bind(12, r.created_by_agent_id).Bind(13, r.created_by_user_id);
  s.Bind(14, r.updated_by_agent_id).Bind(15, r.updated_by_user_id).Bind(16, r.deleted_at).Bind(17, r.created_at);
  s.Bind(18, r.updated_at);
}

}  // namespace

Result<std::vector<UserSecretDefinitionRow>> Txn::ListUserSecretDefinitionRows(const std::string& company_id) {
  static const std::string kSql =
      Select(kDefinitionColumns, "FROM user_secret_definitions WHERE company_id = ?1 ORDER BY created_at DESC, id");
  return Many<UserSecretDefinitionRow>(kSql, ReadDefinitionRow, [&](Stmt& s) { s.Bind(1, company_id); });
}

Status Txn::InsertUserSecretDefinitionRow(const UserSecretDefinitionRow& row) {
  static const std::string kSql = "INSERT INTO user_secret_definitions (" + std::string(kDefinitionColumns) +
                                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)";
  return Write(kSql, [&](Stmt& s) { BindDefinitionRow(s, row); });
}

Status Txn::UpdateUserSecretDefinitionRow(const UserSecretDefinitionRow& row) {
  static const std::string kSql =
      "UPDATE user_secret_definitions SET key=?3, name=?4, description=?5, status=?6, provider=?7, managed_mode=?8, "
      "provider_config_id=?9, provider_metadata=?10, usage_guidance=?11, created_by_agent_id=?12, "
      "created_by_user_id=?13, updated_by_agent_id=?14, updated_by_user_id=?15, deleted_at=?16, created_at=?17, "
      "updated_at=?18 WHERE id=?1 AND company_id=?2";
  return Write(kSql, [&](Stmt& s) { BindDefinitionRow(s, row); });
}

Result<std::vector<std::string>> Txn::ListActiveUserMemberIds(const std::string& company_id) {
  static const std::string kSql =
      "SELECT principal_id FROM company_memberships WHERE company_id = ?1 AND principal_type = 'user' "
      "AND status = 'active' ORDER BY principal_id";
  return Many<std::string>(kSql, [](const Stmt& s) { return s.Text(0); }, [&](Stmt& s) { s.Bind(1, company_id); });
}

Result<std::vector<UserSecretDefinition>> Txn::ListUserSecretDefinitions(const std::string& company_id) {
  static const std::string kSql =
      "SELECT id, company_id, key, status, deleted_at IS NOT NULL FROM user_secret_definitions "
      "WHERE company_id = ?1 ORDER BY created_at, id";
  return Many<UserSecretDefinition>(
      kSql,
      [](const Stmt& s) {
        return UserSecretDefinition{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
      },
      [&](Stmt& s) { s.Bind(1, company_id); });
}

Status Txn::InsertUserSecretDefinition(const UserSecretDefinition& r, const std::string& name, const std::string& now) {
  return Write(
      "INSERT INTO user_secret_definitions (id, company_id, key, name, status, deleted_at, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
      [&](Stmt& s) {
        s.Bind(1, r.id).Bind(2, r.company_id).Bind(3, r.key).Bind(4, name).Bind(5, r.status);
        s.Bind(6, r.deleted_at_set ? std::optional<std::string>(now) : std::nullopt).Bind(7, now);
      });
}

Result<std::vector<UserSecretDeclaration>> Txn::ListUserSecretDeclarations(const std::string& company_id,
                                                                           const BindingTarget& target) {
  static const std::string kSql = Select(kDeclarationColumns,
                                         "FROM user_secret_declarations WHERE company_id = ?1 AND target_type = ?2 "
                                         "AND target_id = ?3 ORDER BY config_path, id");
  return Many<UserSecretDeclaration>(kSql, ReadDeclaration, [&](Stmt& s) {
    s.Bind(1, company_id).Bind(2, target.target_type).Bind(3, target.target_id);
  });
}

Status Txn::ReplaceUserSecretDeclarations(const std::string& company_id, const BindingTarget& target,
                                          const std::vector<UserSecretDeclaration>& rows, const std::string& now) {
  static const std::string kDelete =
      "DELETE FROM user_secret_declarations WHERE company_id = ?1 AND target_type = ?2 AND target_id = ?3 AND " +
      std::string(kUnderPrefix);
  Status s = Write(kDelete, [&](Stmt& st) {
    st.Bind(1, company_id).Bind(2, target.target_type).Bind(3, target.target_id).Bind(4, target.path_prefix + ".");
  });
  static const std::string kInsert = "INSERT INTO user_secret_declarations (" + std::string(kDeclarationColumns) +
                                     ", created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)";
  for (const UserSecretDeclaration& d : rows) {
    if (!s.ok()) break;
    s = Write(kInsert, [&](Stmt& st) {
      st.Bind(1, d.id).Bind(2, d.company_id).Bind(3, d.definition_id).Bind(4, d.target_type).Bind(5, d.target_id);
      st.Bind(6, d.config_path).Bind(7, d.env_key).Bind(8, d.version_selector);
      st.Bind(9, static_cast<long long>(d.required)).Bind(10, static_cast<long long>(d.allow_missing_override));
      st.Bind(11, now);
    });
  }
  return s;
}

}  // namespace clasp::native::sqlite
